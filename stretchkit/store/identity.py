"""Who is working: the name recorded on saves, reviews and publications.

The first found of: a name given on the command line or in a widget, `$STRETCHKIT_USER` (and
its older alias `$STRETCHKIT_REVIEWER`), `$JUPYTERHUB_USER` (set by JupyterHub, so a team
server gives real, logged-in names), git's `user.name` for the data folder, the login name.
"""

from __future__ import annotations

import getpass
import os
import subprocess
from pathlib import Path

#: Environment variables naming the user, in the order they are asked.
USER_VARIABLES = ("STRETCHKIT_USER", "STRETCHKIT_REVIEWER", "JUPYTERHUB_USER")
UNKNOWN = "unknown"


def current_user(explicit: str | None = None, folder: str | os.PathLike[str] | None = None
                 ) -> str:
    """The name of the person working (spaces tidied), found as the module says."""
    for candidate in (explicit, *(os.environ.get(v) for v in USER_VARIABLES)):
        if candidate and candidate.strip():
            return " ".join(candidate.split())
    name = _git_user(Path(folder) if folder else None)
    if name:
        return name
    try:
        return getpass.getuser() or UNKNOWN
    except (OSError, KeyError):  # no login name in a container without a passwd entry
        return UNKNOWN


def _git_user(folder: Path | None) -> str:
    cwd = folder if folder is not None and folder.is_dir() else None
    try:
        done = subprocess.run(["git", "config", "user.name"], cwd=cwd, capture_output=True,
                              text=True, timeout=5, check=False)
    except (OSError, subprocess.SubprocessError):  # git not installed, or hanging
        return ""
    return " ".join(done.stdout.split()) if done.returncode == 0 else ""
