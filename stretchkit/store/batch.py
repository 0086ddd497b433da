"""All or nothing for a batch of writes (an import), even when its process is killed halfway.

An import writes many files, one at a time. Undoing on an exception covers refusals (a
conflict, a full disk), but a process killed in the middle (kill -9, the out-of-memory
killer, a laptop lid) runs no undo, and it used to leave part of the import written.

So a batch, before its first write, names every file it will write in a journal,
`<data>/.batch/journal.json`, with where the file's bytes before the batch are kept: a hard
link in `.batch/` (`stage`), or a version the caller keeps anyway, linked before its file is
replaced (translation files). A file that did not exist is listed with nothing kept. The
journal is written atomically and synced before the first write; when every write is done
and durable, deleting it is the commit point, and the folder goes after it.

The next load of the library (`undo_interrupted`) finds a journal whose batch holds no lock
(its process is gone: the kernel drops a dead process's locks) and puts every listed file back
as it was: a new file is removed, a replaced one gets its kept bytes back, and one whose kept
copy was never made was never replaced. An interrupted batch is undone, never half there.
While a batch runs, `<data>/.batch.lock` is locked: a second batch waits for it, and a load
in another process leaves a live batch alone.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shutil
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from stretchkit.errors import Problem, StretchkitError
from stretchkit.fileio import keep_copy, write_atomically

BATCH_FOLDER = ".batch"
JOURNAL_FILE = "journal.json"
LOCK_FILE = ".batch.lock"

#: Puts one file back: (its path, the bytes it had before the batch, or None if it is new).
Restore = Callable[[Path, bytes | None], None]


def restore_file(path: Path, before: bytes | None) -> None:
    """Put a file back as the batch found it: removed if the batch made it, else its bytes."""
    if before is None:
        path.unlink(missing_ok=True)
    elif _read(path) != before:
        write_atomically(path, before)


def _read(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        return None


def _sync_folder(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class Batch:
    """The writes of one batch: `plan` the files, then write them, then `commit`.

    Use it through `batch(root, ...)`, which rolls back on an exception and always
    releases the lock."""

    def __init__(self, root: Path, what: str):
        self.root = root
        self.folder = root / BATCH_FOLDER
        self.what = what
        self._files: list[tuple[Path, Path | None]] = []

    def plan(self, files: Iterable[tuple[Path, Path | None]]) -> None:
        """Name the batch's files before any is written: (file, where its old bytes will be
        kept before it is replaced, None for a file that does not exist yet). The journal is
        durable when this returns."""
        self._files = list(files)
        records = [[self._relative(path), None if kept is None else self._relative(kept)]
                   for path, kept in self._files]
        # Read back by json.loads alone: its layout is no one's concern.
        data = json.dumps({"what": self.what, "files": records}).encode()
        write_atomically(self.folder / JOURNAL_FILE, data)

    def stage(self, paths: Iterable[Path]) -> list[tuple[Path, Path | None]]:
        """Keep each existing file of `paths` in the batch's folder (a link: no bytes are
        copied), for `plan`; a missing file is planned as new."""
        planned = []
        for n, path in enumerate(paths):
            if path.exists():
                kept = self.folder / f"{n}{path.suffix}"
                keep_copy(path, kept, path.read_bytes)
                planned.append((path, kept))
            else:
                planned.append((path, None))
        _sync_folder(self.folder)
        return planned

    def roll_back(self, restore: Restore = restore_file) -> int:
        """Put every planned file back (once: a second call does nothing); returns how many
        were written or removed."""
        files, self._files = self._files, []
        return _roll_back(files, restore)

    def commit(self) -> None:
        """Every write is done and durable (each save syncs its file; a batch of unsynced
        writes syncs before it ends): the journal goes, and the batch now stands."""
        _finish(self.folder)

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


def _finish(folder: Path) -> None:
    """End a batch committed or undone: its journal goes first, durably (a journal back after
    a power cut, or left by a folder that would not go, would undo the batch once more, over
    saves made since), then the folder with the kept copies. A folder that will not go stays
    for the next batch or load to remove: the batch is over either way."""
    (folder / JOURNAL_FILE).unlink(missing_ok=True)
    _sync_folder(folder)
    shutil.rmtree(folder, ignore_errors=True)


def _roll_back(files: list[tuple[Path, Path | None]], restore: Restore) -> int:
    changed = 0
    for path, kept in reversed(files):
        if kept is None:
            if path.exists():
                restore(path, None)
                changed += 1
            continue
        before = _read(kept)
        if before is None:  # never kept, so never replaced
            continue
        if _read(path) != before:
            restore(path, before)
            changed += 1
    return changed


@contextlib.contextmanager
def _lock(root: Path, wait: bool) -> Iterator[bool]:
    """Hold the data folder's batch lock; yields False (holding nothing) if `wait` is off
    and another process holds it."""
    root.mkdir(parents=True, exist_ok=True)  # an import may start a new data folder
    with open(root / LOCK_FILE, "a+b") as fh:
        try:
            fcntl.flock(fh, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


@contextlib.contextmanager
def batch(root: Path, what: str, restore: Restore = restore_file) -> Iterator[Batch]:
    """A batch of writes in the data folder `root`, all or nothing: on an exception the
    planned files are put back (through `restore`) before it propagates; on a kill, the next
    load puts them back. Waits for another process's batch to finish first."""
    root = Path(root)
    with _lock(root, wait=True):
        left = undo_interrupted(root, restore, locked=True)  # a batch killed before this
        current = Batch(root, what)
        try:
            current.folder.mkdir()
        except FileExistsError:
            why = left[0] if left else f"{current.folder} is in the way and cannot be removed"
            raise StretchkitError(f"cannot start the {what}: {why}") from None
        _sync_folder(root)  # the folder's name is durable before anything is kept in it
        try:
            yield current
        except BaseException:
            current.roll_back(restore)
            _finish(current.folder)
            raise
        current.commit()


def undo_interrupted(root: Path, restore: Restore = restore_file, *, locked: bool = False
                     ) -> list[Problem]:
    """Undo a batch whose process died (see the module's text); a note says what was done.
    A batch that is still running in another process is left alone."""
    root = Path(root)
    folder = root / BATCH_FOLDER
    if not folder.is_dir():
        return []
    with contextlib.ExitStack() as stack:
        if not locked and not stack.enter_context(_lock(root, wait=False)):
            return []  # live: its own process finishes or undoes it
        journal = folder / JOURNAL_FILE
        try:
            record = json.loads(journal.read_bytes())
        except FileNotFoundError:  # killed before its journal, or after its commit
            _finish(folder)
            return []
        except (OSError, ValueError) as exc:
            return [Problem(str(journal), "", f"cannot undo an interrupted batch: the journal "
                            f"does not read ({exc}); it is left for a person to look at")]
        files = _planned_files(root, record)
        if files is None:
            return [Problem(str(journal), "", "cannot undo an interrupted batch: expected a "
                            "journal of {'what': text, 'files': [[path, kept path or null], "
                            "...]} inside the data folder; it is left for a person to look at")]
        changed = _roll_back(files, restore)
        _finish(folder)
        what = record.get("what") if isinstance(record.get("what"), str) else "batch"
        return [Problem(str(journal), "", f"undid an interrupted {what}: "
                        f"{changed} of its {len(files)} files put back as they were")]


def _planned_files(root: Path, record: object) -> list[tuple[Path, Path | None]] | None:
    """The journal's files as paths, or None if it is not a journal this module wrote (a
    hand edit may not lead a restore out of the data folder)."""
    if not isinstance(record, dict) or not isinstance(record.get("files"), list):
        return None
    files = []
    resolved_root = root.resolve()
    for item in record["files"]:
        if not (isinstance(item, list) and len(item) == 2 and isinstance(item[0], str)
                and (item[1] is None or isinstance(item[1], str))):
            return None
        # Resolved, so neither '..', nor an absolute path, nor a link leads out.
        if not all(part is None or (root / part).resolve().is_relative_to(resolved_root)
                   for part in item):
            return None
        files.append((root / item[0], None if item[1] is None else root / item[1]))
    return files
