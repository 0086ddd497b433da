"""The `stretchkit` command line. Thin: each command parses arguments and calls the same
library functions the notebooks use.

Exit codes: 0 fine, 1 problems found, 2 usage errors. Errors go to stderr, one line each.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from stretchkit.errors import EntryError, StretchkitError, UsageError, VocabularyError

#: Modules (in stretchkit.cli) that add subcommands; each has `register(subparsers)`.
COMMAND_MODULES = ["core", "transfer", "review", "history", "team", "media", "routines",
                   "translate"]

#: Which module registers each command. Only that module is imported to run the command, so
#: `stretchkit list` does not load the import formats or the content checks. A command missing
#: here still runs: every module is registered then (as for `stretchkit --help`).
COMMANDS = {"validate": "core", "list": "core", "new": "core",
            "import": "transfer", "export": "transfer",
            "lint": "review", "status": "review",
            "history": "history", "diff": "history", "restore": "history",
            "git-setup": "team", "merge-driver": "team", "media": "media",
            "routine": "routines", "translate": "translate"}


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse's own errors: one line, exit 2
        self.exit(2, f"{self.prog}: error: {message}\n")


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser for every command, or with `command` only for those of its module."""
    parser = _Parser(prog="stretchkit", description="Author, check and export stretch entries.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                parser_class=_Parser)
    names = [COMMANDS[command]] if command in COMMANDS else COMMAND_MODULES
    for name in names:
        importlib.import_module(f"{__name__}.{name}").register(sub)
    return parser


def command_of(argv: Sequence[str]) -> str | None:
    """The command word of an argument list (the top level has no option taking a value)."""
    return next((arg for arg in argv if not arg.startswith("-")), None)


def add_data_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--data", metavar="DIR", default=None,
                        help="data folder (default: $STRETCHKIT_DATA, else ./data)")


def add_filter_options(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("filters")
    group.add_argument("--goal", action="append", default=[], metavar="G",
                       help="training goal (repeatable)")
    group.add_argument("--match", choices=["any", "all"], default="any",
                       help="with several --goal: entries with any of them (default) or all")
    group.add_argument("--status", action="append", default=None, metavar="S",
                       help="editorial status (repeatable)")
    group.add_argument("--level", metavar="L")
    group.add_argument("--target", metavar="T", help="body area")
    group.add_argument("--search", metavar="TEXT", help="words that must all appear")


def filter_kwargs(args: argparse.Namespace) -> dict:
    return {"goals": args.goal or None, "match": args.match, "status": args.status,
            "level": args.level, "target": args.target, "search": args.search}


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """'1 entry', '2 entries', '0 problems': a count with its noun in the right number."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"


def data_dir(args: argparse.Namespace) -> Path:
    """`--data`, else `$STRETCHKIT_DATA`, else `./data` (no search upward: see
    `find_data_folder`)."""
    from stretchkit.store.library import find_data_folder

    return find_data_folder(given=args.data, search=False)


def error_lines(exc: BaseException) -> list[str]:
    if isinstance(exc, EntryError):
        return [str(p) for p in exc.problems]
    return [line for line in str(exc).splitlines() if line.strip()] or [type(exc).__name__]


def os_error_line(exc: OSError) -> str:
    """'path: reason' (or 'path -> other: reason'), or the reason alone if no file is named."""
    reason = exc.strerror or str(exc) or type(exc).__name__
    if exc.filename is None:
        return reason
    names = str(exc.filename) if exc.filename2 is None else f"{exc.filename} -> {exc.filename2}"
    return f"{names}: {reason}"


#: The exit status of a command whose reader stopped reading (`stretchkit list | head -1`):
#: 128 + SIGPIPE, as a shell reports for `git log | head` or `cat big | head`.
READER_LEFT = 128 + 13


def main(argv: Sequence[str] | None = None) -> int:
    try:
        try:
            return run(argv)
        finally:
            # Flushed here, so a failing output is reported below, not as noise at exit.
            sys.stdout.flush()
    except BrokenPipeError:
        # The reader has what it wanted (`stretchkit list | head -1`): end quietly.
        _drop_output()
        return READER_LEFT
    except OSError as exc:  # the output itself failed: `> file` on a full disk
        _drop_output()
        print(f"stretchkit: standard output: {exc.strerror or exc}", file=sys.stderr)
        return 1


def _drop_output() -> None:
    """Send what is still buffered for stdout to /dev/null: Python flushes stdout at exit,
    and would report the same failure again (the Python docs' advice for SIGPIPE)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (a test's capture)
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def run(argv: Sequence[str] | None = None) -> int:
    """Parse and run one command; its errors as lines on stderr and an exit status."""
    # No arguments given: this is the `stretchkit` program, in a process of its own (tests
    # and notebooks pass theirs, and share their process with much else).
    own_process = argv is None
    argv = sys.argv[1:] if argv is None else list(argv)
    args = build_parser(command_of(argv)).parse_args(argv)
    args.own_process = own_process
    try:
        return int(args.handler(args) or 0)
    except BrokenPipeError:
        raise  # not an error of the command: main ends quietly
    except (UsageError, VocabularyError) as exc:
        for line in error_lines(exc):
            print(f"stretchkit: error: {line}", file=sys.stderr)
        return 2
    except StretchkitError as exc:
        for line in error_lines(exc):
            print(f"stretchkit: {line}", file=sys.stderr)
        return 1
    except OSError as exc:  # one the library did not wrap: say what it names, never ": reason"
        print(f"stretchkit: {os_error_line(exc)}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("stretchkit: interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
