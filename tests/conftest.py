"""Shared fixtures. Every test that writes works on a copy of the data in a temp folder."""

from __future__ import annotations

import os
import shutil
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


@pytest.fixture
def sample_data(tmp_path: Path) -> Path:
    """A private copy of the bundled sample library (its `data/` folder)."""
    target = tmp_path / "data"
    shutil.copytree(SAMPLE_DATA, target, ignore=shutil.ignore_patterns(".trash", ".lock"))
    return target


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
