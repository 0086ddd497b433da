"""Formats: one module per format, each holding its reader and its writer.

A reader takes paths and a vocabulary and returns (where, entry) pairs, raising ReadError with
every bad record; a writer takes entries, an output path and a vocabulary and returns the
files it wrote. Formats know nothing of a library or of mappings: `stretchkit.transfer` routes
imports and exports to them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from stretchkit.fileio import write_atomically

if TYPE_CHECKING:
    from stretchkit.model.entry import Exercise

#: Wraps the entries while a writer or an import goes through them (a tqdm bar on long jobs).
Progress = Callable[[Iterable["Exercise"]], Iterable["Exercise"]]


def write_per_entry(entries: Sequence[Exercise], out: Path, suffix: str,
                    render: Callable[[Exercise], str], progress: Progress = iter) -> list[Path]:
    """`<out>/<id><suffix>` for each entry, each written atomically; the files written."""
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in progress(entries):
        path = out / f"{entry.id}{suffix}"
        write_atomically(path, render(entry).encode("utf-8"))
        written.append(path)
    return written
