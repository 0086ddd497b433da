"""JSON and JSON Lines: entries as the published schema describes them
(`schema/exercise.schema.json`), and back.

A JSON export is one array of entries; a JSON Lines export one entry per line. Every field is
written, missing values as `null` (never `NaN`), text exactly as it is (no formula guard: JSON
is not opened by spreadsheets). Reading is strict: `NaN`, `Infinity` and a key given twice in
one object are refused, and every bad entry is reported with its place (`file $[3]`,
`file line 4`) and field. With `mapping=`, JSON written elsewhere is read through a mapping
file (see `stretchkit.mapping`).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from stretchkit.errors import EntryError, Problem, ReadError
from stretchkit.fileio import expand_paths, write_atomically
from stretchkit.formats import Progress
from stretchkit.formats.entry_file import entry_to_dict
from stretchkit.formats.records import json_records, jsonl_records
from stretchkit.formats.routine_tables import is_routines_file
from stretchkit.model.entry import Exercise, validate_entry
from stretchkit.model.vocabulary import Vocabulary


def _row(entry: Exercise, extra: Mapping[str, Mapping[str, Any]] | None) -> dict:
    data = entry_to_dict(entry)
    if extra and entry.id in extra:
        data.update(extra[entry.id])
    return data


def entries_json(entries: Iterable[Exercise],
                 extra: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """One JSON array of entries, 2-space indented, with a trailing newline. `extra` adds
    keys to an entry's object by id (an export in a language: `language`, `fallback`)."""
    data = [_row(e, extra) for e in entries]
    return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def entries_jsonl(entries: Iterable[Exercise],
                  extra: Mapping[str, Mapping[str, Any]] | None = None) -> str:
    """One entry per line (`extra` as for `entries_json`)."""
    return "".join(json.dumps(_row(e, extra), ensure_ascii=False, allow_nan=False) + "\n"
                   for e in entries)


def write_json(entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary,
               progress: Progress = iter,
               extra: Mapping[str, Mapping[str, Any]] | None = None) -> list[Path]:
    """One JSON array of entries (the schema's shape); missing values are null."""
    write_atomically(out, entries_json(progress(entries), extra).encode("utf-8"))
    return [out]


def write_jsonl(entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary,
                progress: Progress = iter,
                extra: Mapping[str, Mapping[str, Any]] | None = None) -> list[Path]:
    """One entry per line."""
    write_atomically(out, entries_jsonl(progress(entries), extra).encode("utf-8"))
    return [out]


def _read(paths: Sequence[Path], vocabulary: Vocabulary, suffix: str,
          records: Callable[[Path, list[Problem]], list[tuple[str, Any]]]
          ) -> list[tuple[str, Exercise]]:
    problems: list[Problem] = []
    entries: list[tuple[str, Exercise]] = []
    for path in expand_paths(paths, suffix):
        if is_routines_file(path):
            continue  # the routines beside an export, read with it (`transfer.exchange`)
        for where, item in records(path, problems):
            if not isinstance(item, dict):
                problems.append(Problem(where, "", "expected a JSON object with the entry's "
                                                   f"fields, got {type(item).__name__}"))
                continue
            try:
                entries.append((where, validate_entry(item, vocabulary, where)))
            except EntryError as exc:
                problems.extend(exc.problems)
    if problems:
        raise ReadError(problems, entries)
    return entries


def read_json(paths: Sequence[Path], vocabulary: Vocabulary,
              **_: Any) -> list[tuple[str, Exercise]]:
    """The `json` import reader: files holding one array of entries."""
    return _read(paths, vocabulary, ".json", json_records)


def read_jsonl(paths: Sequence[Path], vocabulary: Vocabulary,
               **_: Any) -> list[tuple[str, Exercise]]:
    """The `jsonl` import reader: one entry per line."""
    return _read(paths, vocabulary, ".jsonl", jsonl_records)
