"""The sample library with one entry waiting for review, and reading entry files back."""

from __future__ import annotations

import json
from pathlib import Path

import pytest


def stored(data: Path, entry_id: str) -> dict:
    return json.loads((data / "exercises" / f"{entry_id}.json").read_text(encoding="utf-8"))


def edit(data: Path, entry_id: str, **changes) -> None:
    path = data / "exercises" / f"{entry_id}.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry.update(changes)
    path.write_text(json.dumps(entry, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")


@pytest.fixture
def data(sample_data: Path) -> Path:
    edit(sample_data, "cat-cow", status="in-review")
    return sample_data
