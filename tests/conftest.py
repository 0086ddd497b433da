"""Shared fixtures. Every test that writes works on a copy of the data in a temp folder."""

from __future__ import annotations

import functools
import os
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DATA = ROOT / "data"
SEED = ROOT / "tests" / "fixtures" / "seed.txt"
STRETCHKIT = str(Path(sys.executable).with_name("stretchkit"))

# Keep Jupyter's per-user state out of the home folder when pytest is run directly.
for name, sub in (("JUPYTER_CONFIG_DIR", "config"), ("JUPYTER_DATA_DIR", "data"),
                  ("JUPYTER_RUNTIME_DIR", "runtime"), ("IPYTHONDIR", "ipython")):
    os.environ.setdefault(name, str(ROOT / "build" / "jupyter" / sub))
    Path(os.environ[name]).mkdir(parents=True, exist_ok=True)  # IPython warns if missing
os.environ.setdefault("MPLBACKEND", "Agg")


#: What a run of the app leaves in a data folder that is not part of the library.
NOT_COPIED = (".trash", ".lock")


@functools.cache
def _sample_files() -> tuple[list[tuple[str, int, tuple[int, int]]],
                             list[tuple[str, bytes, int, tuple[int, int]]]]:
    """The sample library's folders and files (relative path, mode, access and modification
    times, and each file's bytes), read once per test process."""
    folders, files = [], []
    for here, subfolders, names in os.walk(SAMPLE_DATA):
        subfolders[:] = sorted(name for name in subfolders if name not in NOT_COPIED)
        relative = os.path.relpath(here, SAMPLE_DATA)
        stat = os.stat(here)
        folders.append((relative, stat.st_mode & 0o7777, (stat.st_atime_ns, stat.st_mtime_ns)))
        for name in sorted(set(names) - set(NOT_COPIED)):
            path = os.path.join(here, name)
            stat = os.stat(path)
            with open(path, "rb") as handle:
                files.append((os.path.join(relative, name), handle.read(),
                              stat.st_mode & 0o7777, (stat.st_atime_ns, stat.st_mtime_ns)))
    return folders, files


def copy_sample_data(target: Path) -> Path:
    """Make `target` (which must not exist) an exact copy of the sample library: its files'
    bytes, modes and times, as `shutil.copytree` copies them. The bytes are read once per
    process, not once per test (a third of the time of a copy, which most tests make)."""
    folders, files = _sample_files()
    for relative, mode, _ in folders:
        os.mkdir(os.path.normpath(os.path.join(target, relative)), mode)
    for relative, content, mode, times in files:
        handle = os.open(os.path.join(target, relative), os.O_WRONLY | os.O_CREAT | os.O_EXCL,
                         mode)
        try:
            rest = memoryview(content)
            while rest:
                rest = rest[os.write(handle, rest):]
            os.fchmod(handle, mode)  # not narrowed by the umask
            os.utime(handle, ns=times)
        finally:
            os.close(handle)
    for relative, mode, times in reversed(folders):  # after their files: writing changes them
        folder = os.path.normpath(os.path.join(target, relative))
        os.chmod(folder, mode)
        os.utime(folder, ns=times)
    return target


@pytest.fixture
def sample_data(tmp_path: Path) -> Path:
    """A private copy of the bundled sample library (its `data/` folder)."""
    return copy_sample_data(tmp_path / "data")


@pytest.fixture
def empty_data(tmp_path: Path) -> Path:
    """A new, empty data folder."""
    target = tmp_path / "empty"
    target.mkdir()
    return target


@pytest.fixture
def seed_text() -> str:
    """The client's example entry (a copy of shared/seed/000_82edd0be604a1ff2.txt)."""
    return SEED.read_text(encoding="utf-8")


@pytest.fixture
def count_validations(monkeypatch):
    """Call it to start counting: returns a list that grows by one per entry validation
    (`Exercise.model_validate` or `model_validate_json`, however it is reached)."""
    from stretchkit.model import Exercise

    def start() -> list[str]:
        calls: list[str] = []
        for name in ("model_validate", "model_validate_json"):
            real = getattr(Exercise, name).__func__

            def counting(cls, *args, _real=real, _name=name, **kwargs):
                calls.append(_name)
                return _real(cls, *args, **kwargs)

            monkeypatch.setattr(Exercise, name, classmethod(counting))
        return calls

    return start
