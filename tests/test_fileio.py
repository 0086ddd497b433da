"""fileio: whole files or none, on real disks; paths named when the disk refuses."""

from __future__ import annotations

import gc
import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretchkit.errors import StorageError, StretchkitError
from stretchkit.fileio import collector_paused, expand_paths, keep_copy, write_atomically
from tests.forked import in_a_fork


def test_a_write_creates_or_replaces_the_whole_file_and_leaves_nothing_else(tmp_path: Path):
    target = tmp_path / "entry.json"
    write_atomically(target, b"first")
    write_atomically(target, b"second, longer", durable=False)
    assert target.read_bytes() == b"second, longer"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.json"]


def test_an_exclusive_write_never_replaces_a_file(tmp_path: Path):
    target = tmp_path / "entry.json"
    write_atomically(target, b"new", exclusive=True)
    assert target.read_bytes() == b"new"
    with pytest.raises(FileExistsError):
        write_atomically(target, b"other", exclusive=True)
    assert target.read_bytes() == b"new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.json"]


def test_a_refused_write_names_the_file_and_the_reason(tmp_path: Path):
    missing = tmp_path / "no-such-folder" / "entry.json"
    with pytest.raises(StorageError) as caught:
        write_atomically(missing, b"x")
    assert str(caught.value) == f"{missing}: No such file or directory"
    assert caught.value.path == str(missing)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    with pytest.raises(StorageError) as replaced:  # the rename fails after the data is written
        write_atomically(folder, b"x")
    assert str(replaced.value) == f"{folder}: Is a directory"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a-folder"]  # no temp file left
    # Only an exclusive write's FileExistsError is the caller's to handle; its other refusals
    # are the disk's, named like any write's.
    with pytest.raises(StorageError) as exclusive:
        write_atomically(missing, b"x", exclusive=True)
    assert str(exclusive.value) == f"{missing}: No such file or directory"


# The order of a write's file operations, seen by an audit hook in a forked child (a hook
# cannot be removed, and a fork runs this process's own code, as mutation testing changed it
# where a new interpreter would import the installed one): which rename or link puts the file
# in place, and whether the folder is then opened to fsync it. Given "vanish", the hook
# deletes the temp file as the rename starts, as a `git clean` or a person tidying the folder
# could.
WRITES = {"durable": [{}], "vanish": [{}], "exclusive": [{"exclusive": True}],
          "not durable": [{"durable": False}, {"durable": False, "exclusive": True}]}


def audited_writes(folder: Path, mode: str) -> list[str]:
    """What the hook saw of the writes of `mode` into `folder`, and each StorageError."""
    # The same writes in this process first, where they simply land. Besides checking that,
    # it lets mutation testing see that this test calls the writes: its record of which test
    # calls which function is kept in this process, and a fork's calls never reach it.
    here = folder / "in this process"
    here.mkdir()
    for i, options in enumerate(WRITES[mode]):
        write_atomically(here / f"entry-{i}.json", b"{}", **options)
    assert sorted(p.name for p in here.iterdir()) == [f"entry-{i}.json"
                                                       for i in range(len(WRITES[mode]))]
    shutil.rmtree(here)
    def writes_seen_by_a_hook() -> list[str]:
        seen: list[str] = []

        def hook(event: str, args: tuple) -> None:
            if event in ("os.rename", "os.link"):
                seen.append(event)
                if mode == "vanish" and os.path.exists(args[0]):
                    os.unlink(args[0])
            elif event == "open" and isinstance(args[0], str | Path) \
                    and str(args[0]) == str(folder):
                seen.append("open the folder")

        sys.addaudithook(hook)
        for i, options in enumerate(WRITES[mode]):
            try:
                write_atomically(folder / f"entry-{i}.json", b"{}", **options)
            except StorageError as exc:
                seen.append(str(exc))
        return seen

    return in_a_fork(writes_seen_by_a_hook)


@pytest.mark.parametrize(("mode", "operations"), [
    ("durable", ["os.rename", "open the folder"]),
    ("exclusive", ["os.link", "open the folder"]),
    ("not durable", ["os.rename", "os.link"]),
])
def test_a_durable_write_syncs_its_folder_after_the_rename_and_only_a_durable_one(
        tmp_path: Path, mode: str, operations: list[str]):
    assert audited_writes(tmp_path, mode) == operations


def test_a_temp_file_removed_before_its_rename_is_a_storage_error_and_leaves_nothing(
        tmp_path: Path):
    assert audited_writes(tmp_path, "vanish") == [
        "os.rename", f"{tmp_path / 'entry-0.json'}: No such file or directory"]
    assert list(tmp_path.iterdir()) == []


# A real process with a file size limit: the disk refuses the write half way, as a full disk
# or a quota would. The old file must stay whole and no temp file may be left behind.
OVER_THE_LIMIT = textwrap.dedent("""
    import resource, signal, sys
    from pathlib import Path
    from stretchkit.errors import StorageError
    from stretchkit.fileio import write_atomically
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # get EFBIG instead of being killed
    resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000))
    try:
        write_atomically(Path(sys.argv[1]), b"y" * 5000)
    except StorageError as exc:
        print(exc)
    """)


def test_a_disk_that_refuses_half_way_leaves_the_old_file_whole(tmp_path: Path):
    target = tmp_path / "entry.json"
    target.write_bytes(b"the old, whole content")
    done = subprocess.run([sys.executable, "-c", OVER_THE_LIMIT, str(target)],
                          capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == f"{target}: File too large"
    assert target.read_bytes() == b"the old, whole content"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["entry.json"]


def test_paths_expand_to_files_and_folders_to_their_visible_matching_files(tmp_path: Path):
    for name in ("b.csv", "a.csv", ".hidden.csv", "notes.txt", "x.csv.bak"):
        (tmp_path / name).write_text("x")
    (tmp_path / "sub.csv").mkdir()  # a folder whose name ends like a file's is not a file
    loose = tmp_path / "loose.txt"
    assert expand_paths([tmp_path, str(loose.parent / "notes.txt")], ".csv") == [
        tmp_path / "a.csv", tmp_path / "b.csv", tmp_path / "notes.txt"]
    with pytest.raises(StretchkitError) as caught:
        expand_paths([tmp_path / "a.csv", loose], ".csv")
    assert str(caught.value) == f"{loose}: no such file or folder"


def test_the_collector_is_paused_inside_and_restored_after():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # it was off before: it stays off
    finally:
        gc.enable()
    with pytest.raises(KeyError), collector_paused():
        raise KeyError("a failing read")
    assert gc.isenabled()


# The mode a new file gets in a process with this umask (a hub's shared folder uses 002).
MODE_UNDER_UMASK = textwrap.dedent("""
    import os, sys
    os.umask(int(sys.argv[2], 8))
    from stretchkit.fileio import write_atomically
    write_atomically(sys.argv[1], b"x")
    print(oct(os.stat(sys.argv[1]).st_mode & 0o777))
    """)


@pytest.mark.parametrize(("umask", "mode"), [("002", "0o664"), ("022", "0o644"),
                                             ("077", "0o600")])
def test_a_written_file_has_the_mode_any_new_file_would_have(tmp_path: Path, umask, mode):
    done = subprocess.run([sys.executable, "-c", MODE_UNDER_UMASK, str(tmp_path / "e.json"),
                           umask], capture_output=True, text=True, timeout=60, check=True)
    assert done.stdout.strip() == mode


@pytest.mark.parametrize("mask", [0o002, 0o027])
def test_reading_the_umask_leaves_it_as_it_was(mask):
    # In this process, for the mutation tests: the test above reads it in new processes, at
    # import, before any mutant is chosen.
    from stretchkit.fileio import _umask

    before = os.umask(mask)
    try:
        assert _umask() == mask
        assert os.umask(mask) == mask  # still set: reading it put it back
    finally:
        os.umask(before)


def test_a_kept_copy_holds_the_bytes_under_a_new_name_and_survives_the_replace(tmp_path: Path):
    working = tmp_path / "entry.json"
    write_atomically(working, b"old")
    keep_copy(working, tmp_path / "old.json", working.read_bytes)
    write_atomically(working, b"new")
    assert (tmp_path / "old.json").read_bytes() == b"old"
    with pytest.raises(FileExistsError):
        keep_copy(working, tmp_path / "old.json", working.read_bytes)
    assert (tmp_path / "old.json").read_bytes() == b"old"


def _other_device(path: Path) -> Path:
    """A writable folder on another file system than `path` (a link cannot cross one)."""
    for candidate in (Path("/dev/shm"), Path("/run"), Path("/var/tmp")):
        if candidate.is_dir() and os.access(candidate, os.W_OK) \
                and candidate.stat().st_dev != path.stat().st_dev:
            return candidate
    raise AssertionError("this machine has no second writable file system to test against")


@pytest.fixture
def elsewhere(tmp_path: Path) -> Iterator[Path]:
    """An empty folder of this test's own on another file system than `tmp_path`, removed
    with its files afterwards."""
    folder = _other_device(tmp_path) / f"stretchkit-test-{os.getpid()}-{tmp_path.name}"
    folder.mkdir()
    try:
        yield folder
    finally:
        for item in folder.iterdir():
            item.unlink()
        folder.rmdir()


def test_a_kept_copy_across_file_systems_is_a_written_copy(tmp_path: Path, elsewhere: Path):
    working = tmp_path / "entry.json"
    write_atomically(working, b"old")
    keep_copy(working, elsewhere / "old.json", working.read_bytes)
    write_atomically(working, b"new")
    assert (elsewhere / "old.json").read_bytes() == b"old"
    assert (elsewhere / "old.json").stat().st_ino != working.stat().st_ino
    assert sorted(p.name for p in elsewhere.iterdir()) == ["old.json"]


def test_a_kept_copy_across_file_systems_never_replaces_a_file(tmp_path: Path,
                                                              elsewhere: Path):
    working = tmp_path / "entry.json"
    write_atomically(working, b"new")
    (elsewhere / "old.json").write_bytes(b"kept before")
    with pytest.raises(FileExistsError):  # the link itself refuses
        keep_copy(working, elsewhere / "old.json", working.read_bytes)
    assert (elsewhere / "old.json").read_bytes() == b"kept before"

    def read_while_another_process_keeps_the_same_name() -> bytes:
        # the link failed (another file system) when the name was free; it is not now
        (elsewhere / "raced.json").write_bytes(b"the other process's copy")
        return working.read_bytes()

    with pytest.raises(FileExistsError):  # the copy refuses too
        keep_copy(working, elsewhere / "raced.json",
                  read_while_another_process_keeps_the_same_name)
    assert (elsewhere / "raced.json").read_bytes() == b"the other process's copy"
    assert sorted(p.name for p in elsewhere.iterdir()) == ["old.json", "raced.json"]
