"""Writing files so that nothing is ever half-written."""

from __future__ import annotations

import contextlib
import fcntl
import gc
import os
import tempfile
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path

from stretchkit.errors import StorageError, StretchkitError


def write_atomically(path: str | os.PathLike[str], data: bytes, *,
                     exclusive: bool = False, durable: bool = True) -> None:
    """Write `data` to `path` so readers see the old file or the new one, never a torn one
    (temp file in the same folder, fsync, rename). With `exclusive`, raise FileExistsError
    instead of replacing a file that exists, even one another process just created.

    `durable=False` skips the two fsyncs: the file is still whole for every reader and after
    any process is killed, but a power cut may lose it. For files whose content another,
    durable write also holds (a version beside its working copy, the save journal).

    Any other refusal of the disk (full, over a size limit, read-only, no such folder) is a
    StorageError naming `path` and the reason: the OSError of a write to an open file names
    no file at all, and the temp file's name would mean nothing to the reader.
    """
    path = Path(path)
    try:
        _write_atomically(path, data, exclusive, durable)
    except OSError as exc:
        if exclusive and isinstance(exc, FileExistsError):
            raise  # the caller's conflict, not a disk failure
        raise StorageError(path, exc.strerror or str(exc)) from exc


def keep_copy(source: Path, target: Path, read: Callable[[], bytes]) -> None:
    """Keep the file at `source` as `target` too (a new name; FileExistsError if it exists):
    a hard link where the file system allows one, else a copy of the bytes `read` gives.

    A link is safe because the kit replaces its files (`write_atomically`) and never writes
    into them: once `source` is replaced, the old inode belongs to `target` alone. It is what
    makes a large batch of saves fast: writing a copy costs a file, and replacing a file whose
    blocks are then freed costs a discard on disks mounted with one, about a millisecond each.
    """
    try:
        os.link(source, target)
    except FileExistsError:
        raise
    except OSError:  # too many links to the file, or a folder on another device
        write_atomically(target, read(), exclusive=True, durable=False)


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


# What open() gives a new file: 0o666 less the process's umask, read once (reading it means
# setting it). mkstemp's own 0o600 would lock every other coach of a shared data folder out
# of each file one of them saved.
NEW_FILE_MODE = 0o666 & ~_umask()


def _write_atomically(path: Path, data: bytes, exclusive: bool, durable: bool) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, NEW_FILE_MODE)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if durable:
                os.fsync(fh.fileno())
        if exclusive:
            os.link(tmp, path)  # atomic, and never replaces an existing file
            os.unlink(tmp)
        else:
            os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    if not durable:
        return
    dir_fd = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)  # make the rename itself durable
    finally:
        os.close(dir_fd)


def expand_paths(paths: Iterable[str | os.PathLike[str]], suffix: str) -> list[Path]:
    """The files that `paths` name: a file as it is, a folder as its files ending in `suffix`
    (sorted, hidden ones left out). A path that does not exist is an error naming it."""
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.iterdir() if p.name.endswith(suffix)
                                and not p.name.startswith(".") and p.is_file()))
        elif path.is_file():
            files.append(path)
        else:
            raise StretchkitError(f"{path}: no such file or folder")
    return files


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cycle collector while a large input is read, and restore it after.

    Rows, cells and entries are trees of small objects without cycles; while tens of
    thousands of them arrive, the collector would rescan everything read so far again and
    again (for a 2,000-entry CSV package, about as long as the rest of the read). It runs as
    usual once they are in."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@contextlib.contextmanager
def locked_folder(folder: Path) -> Iterator[None]:
    """Serialise check-and-write in `folder` across processes: an advisory lock on its
    `.lock` dot file, held until the block ends."""
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / ".lock", "a+b") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
