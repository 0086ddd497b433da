"""The CSV export: a folder of CSV tables with a Frictionless `datapackage.json`, and back.

The folder holds one CSV per tidy table (`exercises.csv`, `instructions.csv`, ...; see
`stretchkit.tables`), the wide table `exercises_wide.csv` (one row per entry), and
`datapackage.json`, whose Table Schemas describe every column: type, required, allowed values
(from the vocabulary), primary and foreign keys.

Cells, in the words a spreadsheet user needs:

* Files are UTF-8 with a byte-order mark (so spreadsheet programs read accents correctly),
  comma separated, double-quoted where needed, CRLF line ends; a cell may span lines.
* **Formula guard.** A text cell that starts with `=`, `+`, `-`, `@`, a tab, a carriage return
  or a line feed (the OWASP list of characters that make a spreadsheet run a cell as a formula)
  is written with one `'` in front, and so is a text cell that already starts with `'`. The
  importer removes exactly one leading `'` from any text cell that starts with one, so every
  text comes back exactly. Numbers (integer columns) are written as they are.
* **Missing values.** An empty cell is a missing value (null) in a column that may be missing
  (`position`, `level`, the dosage numbers, `source_*`, `created`, ...). Text columns that are
  never missing hold an empty text as an empty cell. In a column that may be missing, an
  empty text is written as a lone `'` (the guard's quote in front of nothing).
* Booleans are `true`/`false`; times are ISO 8601 with their time zone (`2024-05-01T09:30:00Z`).
* Everything else is read as text: `NA`, `None`, `null`, `0012` and leading spaces stay what
  they were.

`read_csv_package` reads such a folder back (the tidy tables are the source of truth; the wide
table, if present, must agree with them), or a wide CSV file on its own (for example one
edited in a spreadsheet). With `mapping=`, CSV files written elsewhere are read through a
mapping file instead (see `stretchkit.mapping`).
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import pandas as pd
from pydantic import AwareDatetime, TypeAdapter, ValidationError

from stretchkit.errors import Problem, ReadError, StretchkitError
from stretchkit.fileio import write_atomically
from stretchkit.formats.records import CsvRows, read_csv_rows
from stretchkit.formats.tables import (
    LIST_SEPARATOR,
    TABLES,
    WIDE,
    Column,
    Table,
    column_mismatch,
    column_values,
    entries_from_tables,
    entries_from_wide,
    frame_of,
    tidy_tables,
    wide_table,
)
from stretchkit.model.entry import Exercise
from stretchkit.model.vocabulary import Vocabulary

#: First characters that make a spreadsheet treat a cell as a formula (OWASP CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
#: The neutralising prefix, and the marker of an empty text in a column that may be missing.
GUARD = "'"
PACKAGE_FILE = "datapackage.json"
WIDE_FILE = f"{WIDE.name}.csv"
_BOM = "\ufeff"
_DATETIME = TypeAdapter(AwareDatetime)
_SCHEME = (
    "stretchkit CSV export. Text cells that start with = + - @ tab, carriage return or line "
    "feed, or with ', are written with one ' in front so spreadsheets do not run them as "
    "formulas; stretchkit's importer removes exactly one leading ' from every text cell. An "
    "empty cell is a missing value where a column may be missing; there a lone ' is an empty "
    "text. In exercises_wide.csv, lists are joined with line feeds (one item per line of the "
    "cell) and faq, cues and reviews are JSON text. Tidy tables are keyed by id and 1-based "
    "position."
)


# -- cells ------------------------------------------------------------------------------------
def neutralise(text: str) -> str:
    """Text as a cell a spreadsheet will show, never run (see the module docstring)."""
    if text.startswith(FORMULA_STARTS) or text.startswith(GUARD):
        return GUARD + text
    return text


def restore(cell: str) -> str:
    """The text a neutralised cell came from: one leading ' removed, if there is one."""
    return cell[1:] if cell.startswith(GUARD) else cell


def encode_cell(column: Column, value: Any) -> str:
    if value is None:
        return ""
    if column.type == "boolean":
        return "true" if value else "false"
    if column.type == "integer":
        return str(int(value))
    if column.type == "datetime":
        return _DATETIME.dump_python(value, mode="json")
    if value == "" and column.nullable:
        return GUARD
    return neutralise(value)


def decode_cell(column: Column, cell: str) -> Any:
    """A cell's value for its column; ValueError says what was expected."""
    if cell == "":
        return None if column.nullable or column.type != "string" else ""
    if column.type == "string":
        return restore(cell)
    if column.type == "integer":
        try:
            return int(cell)
        except ValueError:
            raise ValueError(f"expected a whole number, got {cell[:40]!r}") from None
    if column.type == "boolean":
        if cell.strip().casefold() in ("true", "false"):
            return cell.strip().casefold() == "true"
        raise ValueError(f"expected true or false, got {cell[:40]!r}")
    try:
        return _DATETIME.validate_python(cell)
    except ValidationError:
        raise ValueError("expected a date and time with a time zone, like "
                         f"2024-05-01T09:30:00Z, got {cell[:40]!r}") from None


# -- writing ----------------------------------------------------------------------------------
def encoded_cells(table: Table, frame: pd.DataFrame) -> list[list[str]]:
    """The table's rows as the CSV cells they are written as (header not included)."""
    columns = [[encode_cell(column, value) for value in column_values(frame[column.name])]
               for column in table.columns]
    return [list(row) for row in zip(*columns, strict=True)]


def csv_text(table: Table, frame: pd.DataFrame) -> str:
    """A table as CSV text (with byte-order mark), every cell encoded for its column."""
    buffer = io.StringIO()
    buffer.write(_BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.column_names)
    writer.writerows(encoded_cells(table, frame))
    return buffer.getvalue()


def _field(column: Column, vocabulary: Vocabulary) -> dict[str, Any]:
    field: dict[str, Any] = {"name": column.name, "type": column.type,
                             "description": column.description}
    if column.type == "datetime":
        field["format"] = "any"
    constraints: dict[str, Any] = {}
    if column.required:
        constraints["required"] = True
    if column.enum is not None:
        values = (vocabulary.ids(column.enum) if isinstance(column.enum, str)
                  else list(column.enum))
        constraints["enum"] = [neutralise(v) for v in values]
    for key, value in (("minimum", column.minimum), ("maximum", column.maximum),
                       ("pattern", column.pattern), ("maxLength", column.max_length)):
        if value is not None:
            constraints[key] = value
    if constraints:
        field["constraints"] = constraints
    return field


def table_schema(table: Table, vocabulary: Vocabulary) -> dict[str, Any]:
    """The Frictionless Table Schema of one table."""
    schema: dict[str, Any] = {
        "fields": [_field(c, vocabulary) for c in table.columns],
        "missingValues": [""],
        "primaryKey": list(table.primary_key),
    }
    if table.foreign_key:
        fields, resource, reference = table.foreign_key
        schema["foreignKeys"] = [{"fields": list(fields),
                                  "reference": {"resource": resource,
                                                "fields": list(reference)}}]
    return schema


def package_descriptor(vocabulary: Vocabulary) -> dict[str, Any]:
    """The `datapackage.json` of a CSV export (the same for every export of a vocabulary)."""
    resources = []
    for table in (*TABLES.values(), WIDE):
        resources.append({
            "name": table.name,
            "path": f"{table.name}.csv",
            "profile": "tabular-data-resource",
            "description": table.description,
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "dialect": {"delimiter": ",", "quoteChar": '"', "doubleQuote": True,
                        "lineTerminator": "\r\n", "header": True},
            "schema": table_schema(table, vocabulary),
        })
    return {
        "profile": "tabular-data-package",
        "name": "stretchkit-export",
        "title": "stretchkit entries",
        "description": _SCHEME,
        "stretchkit": {"format": 1, "formula_guard": GUARD, "formula_starts":
                       list(FORMULA_STARTS), "list_separator": LIST_SEPARATOR},
        "resources": resources,
    }


def write_csv_package(entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary,
                      progress: Callable[[Iterable[Exercise]], Iterable[Exercise]] = iter,
                      ) -> list[Path]:
    """Write the CSV export of `entries` into the folder `out`; returns the files written.

    Every file's content is built before the first is written, and each is written
    atomically, `datapackage.json` last.
    """
    tables = tidy_tables(progress(entries))
    files = {f"{name}.csv": csv_text(TABLES[name], frame) for name, frame in tables.items()}
    files[WIDE_FILE] = csv_text(WIDE, wide_table(entries))
    files[PACKAGE_FILE] = json.dumps(package_descriptor(vocabulary), indent=2,
                                     ensure_ascii=False) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        write_atomically(out / name, text.encode("utf-8"))
        written.append(out / name)
    return written


# -- reading ----------------------------------------------------------------------------------
def _frame_from_rows(table: Table, rows: CsvRows, problems: list[Problem],
                     bad_ids: set[str]) -> pd.DataFrame | None:
    """Typed DataFrame of one CSV table; a cell that does not fit its column is a problem (its
    row's entry is then not imported)."""
    mismatch = column_mismatch(table, rows.header)
    if mismatch:
        problems.append(Problem(str(rows.path), "", mismatch))
        return None
    index = {name: rows.header.index(name) for name in table.column_names}
    # A bad cell in a list table drops its row (the entry is refused anyway); a bad cell in an
    # entry's own row leaves a gap, so that its list rows still find their entry.
    keep_bad_rows = table.primary_key == ("id",)
    records = []
    for i, row in enumerate(rows.rows):
        record = {}
        ok = True
        for column in table.columns:
            try:
                record[column.name] = decode_cell(column, row[index[column.name]])
            except ValueError as exc:
                problems.append(Problem(rows.where(i), column.name, str(exc)))
                record[column.name] = None
                bad_ids.add(restore(row[index["id"]]))
                ok = False
        if ok or keep_bad_rows:
            records.append(record)
    return frame_of(table, records)


def _read_table(path: Path, table: Table, problems: list[Problem],
                bad_ids: set[str]) -> tuple[pd.DataFrame | None, CsvRows | None]:
    if not path.is_file():
        problems.append(Problem(str(path), "", f"missing: a stretchkit CSV export has "
                                f"{table.name}.csv (export again, or import the wide table "
                                f"{WIDE_FILE} alone)"))
        return None, None
    rows = read_csv_rows(path, problems)
    if rows is None:
        return None, None
    return _frame_from_rows(table, rows, problems, bad_ids), rows


def _namer(rows: dict[str, CsvRows]) -> Callable[[str, int | None], str]:
    return lambda table, index: rows[table].where(index)


def _finish(read: Callable[[], list[tuple[str, Exercise]]], problems: list[Problem],
            bad_ids: set[str]) -> list[tuple[str, Exercise]]:
    try:
        entries = read()
    except ReadError as exc:
        problems.extend(exc.problems)
        entries = exc.entries
    return [(w, e) for w, e in entries if e.id not in bad_ids]


def read_package_folder(folder: Path, vocabulary: Vocabulary) -> list[tuple[str, Exercise]]:
    """Entries from a CSV export folder; ReadError lists every bad row."""
    problems: list[Problem] = []
    bad_ids: set[str] = set()
    frames: dict[str, pd.DataFrame] = {}
    rows: dict[str, CsvRows] = {}
    for name, table in TABLES.items():
        frame, found = _read_table(folder / f"{name}.csv", table, problems, bad_ids)
        if frame is not None and found is not None:
            frames[name], rows[name] = frame, found
    if problems and len(frames) < len(TABLES):
        raise ReadError(problems, [])
    entries = _finish(lambda: entries_from_tables(frames, vocabulary, namer=_namer(rows)),
                      problems, bad_ids)
    wide_path = folder / WIDE_FILE
    if wide_path.is_file() and not problems:
        _check_wide_agrees(wide_path, entries, problems)
    if problems:
        raise ReadError(problems, entries)
    return entries


def _check_wide_agrees(path: Path, entries: list[tuple[str, Exercise]],
                       problems: list[Problem]) -> None:
    """The folder's tidy tables are what is imported; an edit made only to the wide table
    would be lost, so a wide table whose cells differ from the tidy tables' is refused rather
    than ignored."""
    rows = read_csv_rows(path, problems)
    if rows is None:
        return
    mismatch = column_mismatch(WIDE, rows.header)
    if mismatch:
        problems.append(Problem(str(path), "", mismatch))
        return
    order = [rows.header.index(name) for name in WIDE.column_names]
    expected = {cells[0]: cells for cells in
                encoded_cells(WIDE, wide_table(e for _, e in entries))}
    seen = set()
    for i, row in enumerate(rows.rows):
        cells = [row[j] for j in order]
        seen.add(cells[0])
        if expected.get(cells[0]) != cells:
            problems.append(Problem(rows.where(i), "", f"entry {restore(cells[0])!r} differs "
                                    "from the tidy tables in the same folder: edit the tidy "
                                    f"tables, or import {path.name} on its own"))
    for entry_id in sorted(set(expected) - seen):
        problems.append(Problem(str(path), "", f"entry {restore(entry_id)!r} is in the tidy "
                                "tables but not in the wide table"))


def read_wide_file(path: Path, vocabulary: Vocabulary) -> list[tuple[str, Exercise]]:
    """Entries from a wide CSV (the export's `exercises_wide.csv`, perhaps edited in a
    spreadsheet); ReadError lists every bad row."""
    problems: list[Problem] = []
    bad_ids: set[str] = set()
    rows = read_csv_rows(path, problems)
    hint = _not_wide_hint(path, rows.header) if rows is not None else None
    if hint:
        problems.append(Problem(str(path), "", hint))
        raise ReadError(problems, [])
    frame = _frame_from_rows(WIDE, rows, problems, bad_ids) if rows is not None else None
    if frame is None or rows is None:
        raise ReadError(problems, [])
    entries = _finish(lambda: entries_from_wide(frame, vocabulary,
                                                namer=lambda _, i: rows.where(i)),
                      problems, bad_ids)
    if problems:
        raise ReadError(problems, entries)
    return entries


def read_csv(paths: Sequence[Path], vocabulary: Vocabulary,
             **_: Any) -> list[tuple[str, Exercise]]:
    """The `csv` import reader: each path is a CSV export folder, its `datapackage.json`, or a
    wide CSV file. (Foreign CSV goes through a mapping: `stretchkit.transfer.mapping`.)"""
    problems: list[Problem] = []
    entries: list[tuple[str, Exercise]] = []
    for path in map(Path, paths):
        if path.name == PACKAGE_FILE:
            path = path.parent
        try:
            if path.is_dir():
                entries += read_package_folder(path, vocabulary)
            elif path.is_file():
                entries += read_wide_file(path, vocabulary)
            else:
                raise StretchkitError(f"{path}: no such file or folder")
        except ReadError as exc:
            problems.extend(exc.problems)
            entries += exc.entries
    if problems:
        raise ReadError(problems, entries)
    return entries


def _not_wide_hint(path: Path, header: list[str]) -> str | None:
    """Why a CSV file is clearly not a wide table, or None if it looks like one."""
    for table in TABLES.values():
        if header == table.column_names:
            return (f"this is the {table.name} table of a CSV export: import the whole folder "
                    f"({path.parent})")
    if len(set(header) & set(WIDE.column_names)) * 2 < len(WIDE.columns):
        return ("the columns are not those of a stretchkit export; to import a spreadsheet "
                "written elsewhere, give a mapping file (--mapping)")
    return None
