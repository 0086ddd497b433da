"""lint, status."""

from __future__ import annotations

import argparse
import sys

from stretchkit.model.entry import STATUSES
from stretchkit.review.checks import errors, lint
from stretchkit.review.workflow import MANUAL_ITEMS, change_status


def register(sub: argparse._SubParsersAction) -> None:
    from stretchkit.cli import add_data_option

    p = sub.add_parser(
        "lint", help="run the content checks; print 'path: rule-id: field: message'",
        description="Run the content checks on every entry (or the ids given). Prints each "
                    "finding as 'path: rule-id: field: message'; exit 1 if any is an error "
                    "(warnings are printed but do not fail).")
    p.add_argument("ids", nargs="*", metavar="ID", help="entries to check (default: all)")
    add_data_option(p)
    p.set_defaults(handler=cmd_lint)

    p = sub.add_parser(
        "status", help="move an entry through the review workflow",
        description="Move an entry to a new status and record the decision in its reviews. "
                    "Approving and publishing run the content checks first. Moves to "
                    "approved, changes-requested and published need a reviewer; "
                    "changes-requested needs a comment.")
    p.add_argument("id", metavar="ID")
    p.add_argument("new_status", metavar="NEW_STATUS", choices=STATUSES,
                   help=f"one of: {', '.join(STATUSES)}")
    add_data_option(p)
    p.add_argument("--reviewer", "--user", dest="user", metavar="NAME", default=None,
                   help="who decides (default: $STRETCHKIT_USER, $JUPYTERHUB_USER, git's "
                        "user.name, the login name)")
    p.add_argument("--comment", metavar="TEXT", default="", help="why; required for "
                   "changes-requested")
    p.add_argument("--tick", metavar="ITEM|all", action="append", default=[],
                   help="a manual checklist item the reviewer checked (repeatable; 'all' for "
                        f"every one: {', '.join(MANUAL_ITEMS)})")
    p.set_defaults(handler=cmd_status)


def cmd_lint(args: argparse.Namespace) -> int:
    from stretchkit.cli import counted
    from stretchkit.cli.core import open_library

    library = open_library(args)
    entries = [library.get(i) for i in args.ids] if args.ids else list(library)
    n_errors = n_warnings = 0
    if not args.ids:  # files that do not even load are errors too
        for problem in library.problems:
            print(f"{problem.where}: entry-file: {problem.field or 'file'}: {problem.message}")
            n_errors += 1
    for entry in entries:
        findings = lint(entry)
        for finding in findings:
            print(finding.line(str(library.path_of(entry.id))))
        n_errors += len(errors(findings))
        n_warnings += len(findings) - len(errors(findings))
    print(f"{counted(len(entries), 'entry', 'entries')} checked: {counted(n_errors, 'error')}, "
          f"{counted(n_warnings, 'warning')}", file=sys.stderr)
    return 1 if n_errors else 0


def cmd_status(args: argparse.Namespace) -> int:
    from stretchkit.cli.core import open_library
    from stretchkit.errors import UsageError

    unknown = sorted(set(args.tick) - set(MANUAL_ITEMS) - {"all"})
    if unknown:
        raise UsageError(f"--tick: unknown item {unknown[0]!r}; expected 'all' or one of "
                         f"{', '.join(MANUAL_ITEMS)}")
    ticks = dict.fromkeys(MANUAL_ITEMS if "all" in args.tick else args.tick, True)
    library = open_library(args)
    before = library.get(args.id).status
    entry = change_status(library, args.id, args.new_status, reviewer=library.user,
                          comment=args.comment, checklist=ticks)
    review = entry.reviews[-1]
    print(f"{entry.id}: {before} -> {entry.status} (by {review.reviewer})")
    return 0
