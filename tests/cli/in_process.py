"""The command line run in the test's own process: `stretchkit.cli.main` with the arguments a
coach types, its output captured and its exit status returned, as the `stretchkit` console
script runs it.

Why not a new process for every command: one costs 0.5 to 1 s of Python start-up and imports
(most of a command-line test's time), and a command run in another interpreter never sees a
mutant of `make mutation`, so the commands' own code went untested by it. What only a real
process shows stays tested with one: the console script's start-up and what it imports
(test_cli_startup), exit statuses through a pipe and signals (test_cli_io), a process killed
mid-import (tests/store), and the acceptance scripts run the real command line throughout.
"""

from __future__ import annotations

import contextlib
import io
import os
from dataclasses import dataclass
from pathlib import Path

from stretchkit.cli import main


@dataclass(frozen=True)
class Ran:
    """What a command left: the same fields as subprocess.CompletedProcess."""

    args: list[str]
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str | os.PathLike[str], env: dict[str, str] | None = None,
            cwd: Path | None = None) -> Ran:
    """Run `stretchkit ARGS` here. `env`, as for subprocess, is the whole environment of the
    command (this process's is put back afterwards); `cwd` its working folder."""
    argv = [str(arg) for arg in args]
    out, err = io.StringIO(), io.StringIO()
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    try:
        if env is not None:
            os.environ.clear()
            os.environ.update(env)
        if cwd is not None:
            os.chdir(cwd)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            try:
                status = main(argv)
            except SystemExit as stop:  # argparse: --help, or a usage error (status 2)
                status = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    finally:
        os.chdir(saved_cwd)
        os.environ.clear()
        os.environ.update(saved_env)
    return Ran(argv, status, out.getvalue(), err.getvalue())
