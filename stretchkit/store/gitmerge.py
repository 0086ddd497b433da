"""A data folder shared through git: the merge driver and its set-up.

- `git_setup(data)` writes the data folder's `.gitattributes` (entry files and published files
  merge with the `stretchkit` driver), a `.gitignore` for the kit's own scratch files (lock,
  journal, temp files, trash), and registers the driver in this clone's git config, which git
  never copies on clone: every clone runs it once; it also makes `git pull` merge (unless the
  clone already says otherwise). Idempotent; returns what it did.
- `merge_files(base, ours, theirs, path)` is the driver git calls (`stretchkit merge-driver
  %O %A %B %P %L`): it merges the three versions field by field (`stretchkit.model.merge`),
  writes the result over `ours` (stable bytes, or per-field conflict markers,
  `stretchkit.formats.conflict_file`) and says whether the merge is clean.

Version files need no driver: their names are unique, so two machines never write the same
one.
"""

from __future__ import annotations

import json
import os
import shlex
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from stretchkit.errors import EntryError, StretchkitError
from stretchkit.fileio import write_atomically
from stretchkit.formats.conflict_file import MARKER_SIZE, dump_conflicted
from stretchkit.formats.entry_file import dump_entry, dump_entry_data, load_entry
from stretchkit.model.entry import Exercise
from stretchkit.model.merge import FieldConflict, MergeResult, merge_entries
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.store.history import ENTRY_FOLDER, PUBLISHED_FOLDER

DRIVER = "stretchkit"
#: The `.gitattributes` lines (relative to the data folder, where the file lives).
ATTRIBUTES = (f"{ENTRY_FOLDER}/*.json merge={DRIVER}", f"{PUBLISHED_FOLDER}/*.json merge={DRIVER}")
#: Files the kit writes for itself, never content: not for git.
IGNORED = (".lock", ".journal.json", ".batch/", ".batch.lock", "*.tmp", ".trash/", ".cache/")
_ATTRIBUTES_HEAD = ("# stretchkit: entry files and the published channel merge field by field "
                    "(stretchkit git-setup)")
# (Kept as first written: a folder set up before the import journal gets its lines under it.)
_IGNORE_HEAD = "# stretchkit's lock, save journal, temp files, trash and cache: not content"


def driver_command(python: str | None = None) -> str:
    """The command git runs for a merge: this interpreter by its absolute path, as a coach's
    terminal may not have the virtual environment on PATH when git runs it."""
    python = os.path.abspath(python or sys.executable)
    return f"{shlex.quote(python)} -m stretchkit.cli merge-driver %O %A %B %P %L"


@dataclass(frozen=True)
class SetupStep:
    """One thing `git_setup` made sure of: what, and whether it had to change anything."""

    what: str
    changed: bool

    def __str__(self) -> str:
        return f"{self.what} ({'done' if self.changed else 'already so'})"


def _git(folder: Path, *args: str) -> subprocess.CompletedProcess[str]:
    try:
        return subprocess.run(["git", "-C", str(folder), *args], capture_output=True,
                              text=True, timeout=30, check=False)
    except FileNotFoundError:
        raise StretchkitError("git is not installed: install git to share a data folder "
                              "(see the README's 'Working as a team')") from None


def git_setup(data: str | os.PathLike[str], python: str | None = None) -> list[SetupStep]:
    """Make the data folder's clone merge entries with stretchkit (see the module docstring);
    StretchkitError if the folder is not in a git repository."""
    data = Path(data)
    if not data.is_dir():
        raise StretchkitError(f"{data}: no such data folder")
    top = _git(data, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise StretchkitError(f"{data}: not inside a git repository; clone the team's "
                              "repository (or run git init) first")
    steps = [
        _ensure_lines(data / ".gitattributes", _ATTRIBUTES_HEAD, ATTRIBUTES,
                      f"{data / '.gitattributes'}: entry and published files merge with the "
                      f"{DRIVER!r} driver"),
        _ensure_lines(data / ".gitignore", _IGNORE_HEAD, IGNORED,
                      f"{data / '.gitignore'}: the kit's lock, journal, temp files, trash and "
                      "cache stay out of git"),
    ]
    command = driver_command(python)
    wanted = {"name": "stretchkit: entries merged field by field", "driver": command}
    changed = False
    for key, value in wanted.items():
        current = _git(data, "config", "--local", "--get", f"merge.{DRIVER}.{key}")
        if current.returncode != 0 or current.stdout.rstrip("\n") != value:
            done = _git(data, "config", "--local", f"merge.{DRIVER}.{key}", value)
            if done.returncode != 0:
                raise StretchkitError(f"git config merge.{DRIVER}.{key}: "
                                      f"{done.stderr.strip() or 'refused'}")
            changed = True
    steps.append(SetupStep(f"this clone's git config: merge driver {DRIVER!r} runs {command}",
                           changed))
    # A pull that merges (git's own default before it began asking) keeps "ours" this clone
    # and "theirs" what was pulled, as the conflict panel names them; a rebase swaps them.
    # Without a setting, a recent git refuses to pull diverged branches at all.
    rebase = _git(data, "config", "--local", "--get", "pull.rebase")
    if rebase.returncode != 0:
        done = _git(data, "config", "--local", "pull.rebase", "false")
        if done.returncode != 0:
            raise StretchkitError(f"git config pull.rebase: {done.stderr.strip() or 'refused'}")
    steps.append(SetupStep("this clone's git config: git pull merges (pull.rebase "
                           f"{rebase.stdout.strip() or 'false'})", rebase.returncode != 0))
    return steps


def _ensure_lines(path: Path, head: str, lines: tuple[str, ...], what: str) -> SetupStep:
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        text = ""
    have = {line.strip() for line in text.splitlines()}
    missing = [line for line in lines if line not in have]
    if not missing:
        return SetupStep(what, False)
    if head not in have:
        missing.insert(0, head)
    sep = "" if not text or text.endswith("\n") else "\n"
    write_atomically(path, (text + sep + "\n".join(missing) + "\n").encode("utf-8"))
    return SetupStep(what, True)


# -- the driver -------------------------------------------------------------------------------
@dataclass(frozen=True)
class MergeOutcome:
    """What the driver did to one file: clean, or the fields left in conflict."""

    path: str
    conflicts: tuple[str, ...]
    notes: tuple[str, ...] = ()

    @property
    def clean(self) -> bool:
        return not self.conflicts


def _read_json(path: Path) -> dict | None:
    data = path.read_bytes()
    if not data.strip():
        return None  # git's empty base: both sides added the file
    value = json.loads(data.decode("utf-8-sig"))
    if not isinstance(value, dict):
        raise ValueError("not a JSON object")
    return value


def _vocabulary_for(tree_path: str) -> Vocabulary | None:
    """The vocabulary of the data folder the merged file belongs to (git runs a driver at the
    top of the work tree, and `tree_path` is relative to it); None if it cannot be read."""
    from stretchkit.store.library import load_vocabulary

    try:
        return load_vocabulary(Path(tree_path).parent.parent)
    except StretchkitError:
        return None


def merge_files(base: str | os.PathLike[str], ours: str | os.PathLike[str],
                theirs: str | os.PathLike[str], tree_path: str,
                marker_size: int = MARKER_SIZE) -> MergeOutcome:
    """Merge three versions of an entry or published file; the result replaces `ours`."""
    base, ours, theirs = Path(base), Path(ours), Path(theirs)
    published = Path(tree_path).parent.name == PUBLISHED_FOLDER
    try:
        sides = [_read_json(base), _read_json(ours), _read_json(theirs)]
    except (OSError, ValueError) as exc:
        return _merge_lines(base, ours, theirs, tree_path, marker_size,
                            f"not an entry file on one side ({exc}): merged line by line")
    if sides[1] is None or sides[2] is None:
        return _merge_lines(base, ours, theirs, tree_path, marker_size,
                            "an empty side: merged line by line")
    result = merge_entries(sides[0], sides[1], sides[2], published=published)
    vocabulary = _vocabulary_for(tree_path) if result.clean else None
    if vocabulary is not None:
        result, entry = _validated(result, sides, tree_path, vocabulary)
    if result.clean:
        # The bytes a save would write (aliases normalised), when the entry could be checked.
        data = dump_entry(entry) if vocabulary is not None else dump_entry_data(result.data)
    else:
        data = dump_conflicted(result.data, result.conflicts, marker_size)
    write_atomically(ours, data)
    return MergeOutcome(tree_path, result.conflicting_fields, result.notes)


def _validated(result: MergeResult, sides: list, tree_path: str, vocabulary: Vocabulary
               ) -> tuple[MergeResult, Exercise | None]:
    """The clean result and its entry if the merged entry is valid; otherwise the fields at
    fault (those the two sides disagree on) become conflicts, for a coach to choose."""
    try:
        return result, load_entry(dump_entry_data(result.data), vocabulary, where=tree_path)
    except EntryError as exc:
        base, ours, theirs = (s or {} for s in sides)
        named = {p.field.split(".")[0].split("[")[0] for p in exc.problems}
        differ = [f for f in result.data if ours.get(f) != theirs.get(f)]
        fields = [f for f in differ if f in named] or differ
        conflicts = tuple(FieldConflict(f, base.get(f), ours.get(f), theirs.get(f))
                          for f in fields)
        return MergeResult(result.data, conflicts,
                           (*result.notes, "the merged entry was not valid: "
                            + "; ".join(p.message for p in exc.problems[:3]))), None


def _merge_lines(base: Path, ours: Path, theirs: Path, tree_path: str, marker_size: int,
                 why: str) -> MergeOutcome:
    """git's own line merge, for files the field merge cannot read (a hand-broken file)."""
    done = subprocess.run(["git", "merge-file", f"--marker-size={marker_size}", "--diff3",
                           "-L", "ours", "-L", "base", "-L", "theirs",
                           str(ours), str(base), str(theirs)],
                          capture_output=True, text=True, check=False)
    conflicts = ("(lines)",) if done.returncode != 0 else ()
    return MergeOutcome(tree_path, conflicts, (why,))
