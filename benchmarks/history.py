"""Versions: what history costs a library that has a lot of it.

- load: a library whose entries have 10 versions each, against the same entries with no
  history (history is read when asked for, never on load): aim <= 1.1x.
- history of one entry with 1,000 versions (`Library.versions`, what `stretchkit history`
  reads): aim < 100 ms.
- save: a save that records a version, against the same save without one (validate, lock,
  conflict check, durable atomic write of the entry: what a save did before versions):
  aim <= 1.5x.
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path

from benchmarks.core import measure, measure_pair, row
from benchmarks.generate import library_folder
from stretchkit.fileio import write_atomically
from stretchkit.formats.entry_file import dump_entry
from stretchkit.model.version import changed_fields, version_id
from stretchkit.store.library import Library

VERSIONS_EACH = 10
LONG_HISTORY = 1_000


def _with_history(workdir: Path, size: int) -> Path:
    """A copy of the generated library whose entries have VERSIONS_EACH versions each,
    written directly (no fsync: this is setup, not what is timed)."""
    root = workdir / f"library-{size}-history"
    if root.is_dir():
        return root
    shutil.copytree(library_folder(workdir, size) / "exercises", root / "exercises")
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for path in sorted((root / "exercises").glob("*.json")):
        entry = json.loads(path.read_bytes())
        folder = root / "history" / entry["id"]
        folder.mkdir(parents=True)
        parent, previous = None, None
        for n in range(VERSIONS_EACH):
            data = dict(entry, summary=f"Version {n} of this entry's summary.")
            at = start + timedelta(minutes=n)
            vid = version_id(at, json.dumps(data).encode())
            record = {"id": vid, "entry_id": entry["id"], "parent": parent, "by": "Bench",
                      "at": at.isoformat(), "event": "edit", "status": data["status"],
                      "changed": list(changed_fields(previous, data)), "entry": data}
            (folder / f"{vid}.json").write_text(json.dumps(record, indent=2))
            parent, previous = vid, data
    (root / "history" / ".migrated").touch()
    return root


def run(sizes: Sequence[int], workdir: Path) -> list[dict]:
    rows = []
    for size in sizes:
        plain = library_folder(workdir, size)
        Library(plain)  # opened once: a folder stretchkit has seen (its published entries
        #                 get their first version), so every timed load below only reads
        versioned = _with_history(workdir, size)
        repeat = 5 if size > 5000 else 9
        with_ms, without_ms = measure_pair(lambda v=versioned: Library(v),
                                           lambda p=plain: Library(p),
                                           repeat)
        rows.append(row(f"load, {VERSIONS_EACH} versions per entry", size, with_ms,
                        "the same load without history", without_ms, "<= 1.1x baseline",
                        with_ms <= 1.1 * without_ms))

    root = workdir / "long-history"
    if not root.is_dir():
        shutil.copytree(library_folder(workdir, min(sizes)), root)
    library = Library(root, user="Bench")
    entry_id = library.ids()[0]
    while len(library.versions(entry_id)) < LONG_HISTORY:
        entry = library.get(entry_id)
        library.save(entry.model_copy(update={"summary": f"Edit {len(entry.summary)}."
                                              + "x" * (len(library.versions(entry_id)) % 50)}))
    history_ms = measure(lambda: library.versions(entry_id), 7)
    rows.append(row(f"history of one entry ({LONG_HISTORY:,} versions)", LONG_HISTORY,
                    history_ms, aim="< 100 ms", met=history_ms < 100))

    # Two entries, so that neither save's writes change the file the other one saves.
    entry, other = library.get(library.ids()[1]), library.get(library.ids()[2])
    path = library.path_of(other.id)
    counter = iter(range(1_000_000))

    def save() -> None:
        current = library.get(entry.id)
        library.save(current.model_copy(update={"summary": f"Edited {next(counter)} times."}))

    def save_without_history() -> None:  # what a save did before versions
        current = library.get(other.id)
        changed = current.model_copy(update={"summary": f"Edited {next(counter)} times."})
        with library._locked():
            checked = library._checked(changed)
            data = dump_entry(checked)
            assert library._disk_hash(path) == library._hashes[other.id]
            write_atomically(path, data)
            library._remember(checked, data)

    save_ms, plain_ms = measure_pair(save, save_without_history, 15)
    rows.append(row("save one entry, with its version", len(library), save_ms,
                    "the same save without a version", plain_ms, "<= 1.5x baseline",
                    save_ms <= 1.5 * plain_ms))
    return rows
