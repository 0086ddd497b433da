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
import operator
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pydantic import AwareDatetime, TypeAdapter, ValidationError

from stretchkit.errors import Problem, ReadError, StretchkitError
from stretchkit.fileio import collector_paused, write_atomically
from stretchkit.formats.records import CsvRows, read_csv_rows, row_where
from stretchkit.formats.routine_tables import ROUTINE_TABLES, routine_rows, routines_from_rows
from stretchkit.formats.tables import (
    LIST_SEPARATOR,
    TABLES,
    WIDE,
    Column,
    Table,
    column_mismatch,
    column_values,
    entries_from_columns,
    entries_from_wide_columns,
    tidy_tables,
    wide_rows,
)
from stretchkit.model.entry import Exercise
from stretchkit.model.routine import Routine
from stretchkit.model.vocabulary import Vocabulary

if TYPE_CHECKING:
    import pandas as pd

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
_GUARDED = (*FORMULA_STARTS, GUARD)  # the first characters that get a guard in front


def neutralise(text: str) -> str:
    """Text as a cell a spreadsheet will show, never run (see the module docstring)."""
    return GUARD + text if text.startswith(_GUARDED) else text


def restore(cell: str) -> str:
    """The text a neutralised cell came from: one leading ' removed, if there is one."""
    return cell[1:] if cell.startswith(GUARD) else cell


def encode_column(column: Column, values: Iterable[Any]) -> list[str]:
    """A column's values as the cells they are written as, in one loop per column."""
    if column.type == "boolean":
        return ["" if v is None else "true" if v else "false" for v in values]
    if column.type == "integer":
        return ["" if v is None else str(int(v)) for v in values]
    if column.type == "datetime":
        return ["" if v is None else _DATETIME.dump_python(v, mode="json") for v in values]
    empty = GUARD if column.nullable else ""
    return ["" if v is None else empty if v == "" else GUARD + v if v.startswith(_GUARDED)
            else v for v in values]


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


_BOOLEAN_CELLS = {"true": True, "false": False}


def _decode_column(column: Column, cells: Sequence[str]) -> list[Any]:
    """A column's cells as `decode_cell` decodes them, in one loop per column rather than a
    call per cell. Raises (ValueError or KeyError) if any cell does not fit, or is a boolean
    not written as `true` or `false`: `decode_cell` then goes through the column cell by
    cell."""
    if column.type == "string":
        if column.nullable:
            return [None if not c else c[1:] if c[:1] == GUARD else c for c in cells]
        return [c[1:] if c[:1] == GUARD else c for c in cells]
    if column.type == "integer":
        return [int(c) if c else None for c in cells]
    if column.type == "boolean":
        return [_BOOLEAN_CELLS[c] if c else None for c in cells]
    return [_DATETIME.validate_python(c) if c else None for c in cells]


# -- writing ----------------------------------------------------------------------------------
def encoded_cells(table: Table, frame: pd.DataFrame) -> list[list[str]]:
    """The table's rows as the CSV cells they are written as (header not included)."""
    columns = [encode_column(column, column_values(frame[column.name]))
               for column in table.columns]
    return [list(row) for row in zip(*columns, strict=True)]


def encoded_rows(table: Table, rows: Sequence[dict[str, Any]]) -> list[list[str]]:
    """`encoded_cells` for rows of plain values (such as `wide_rows`), no DataFrame needed."""
    if not rows:
        return []
    names = table.column_names
    # (itemgetter of one name gives the value itself, of several names a tuple)
    pick = operator.itemgetter(*names) if len(names) > 1 else lambda row: (row[names[0]],)
    values = zip(*map(pick, rows), strict=True)
    columns = [encode_column(column, cells)
               for column, cells in zip(table.columns, values, strict=True)]
    return [list(row) for row in zip(*columns, strict=True)]


def _csv_text(table: Table, cells: list[list[str]]) -> str:
    buffer = io.StringIO()
    buffer.write(_BOM)
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(table.column_names)
    writer.writerows(cells)
    return buffer.getvalue()


def csv_text(table: Table, frame: pd.DataFrame) -> str:
    """A table as CSV text (with byte-order mark), every cell encoded for its column."""
    return _csv_text(table, encoded_cells(table, frame))


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
        schema["foreignKeys"] = [
            {"fields": list(fields), "reference": {"resource": resource,
                                                   "fields": list(reference)}}
            for fields, resource, reference in (table.foreign_key, *table.more_foreign_keys)]
    return schema


def package_descriptor(vocabulary: Vocabulary, with_routines: bool = False) -> dict[str, Any]:
    """The `datapackage.json` of a CSV export (the same for every export of a vocabulary;
    `with_routines` adds the routine tables)."""
    resources = []
    tables = (*TABLES.values(), WIDE, *(ROUTINE_TABLES.values() if with_routines else ()))
    for table in tables:
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
                      routines: Sequence[Routine] = ()) -> list[Path]:
    """Write the CSV export of `entries` (and `routines`, whose entries must be among them)
    into the folder `out`; returns the files written.

    Every file's content is built before the first is written, and each is written
    atomically, `datapackage.json` last.
    """
    tables = tidy_tables(progress(entries))
    files = {f"{name}.csv": csv_text(TABLES[name], frame) for name, frame in tables.items()}
    # The same cells the reader expects of a wide table next to the tidy ones.
    files[WIDE_FILE] = _csv_text(WIDE, encoded_rows(WIDE, wide_rows(entries)))
    if routines:
        for name, rows in routine_rows(routines).items():
            table = ROUTINE_TABLES[name]
            files[f"{name}.csv"] = _csv_text(table, encoded_rows(table, rows))
    files[PACKAGE_FILE] = json.dumps(package_descriptor(vocabulary, bool(routines)), indent=2,
                                     ensure_ascii=False) + "\n"
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        write_atomically(out / name, text.encode("utf-8"))
        written.append(out / name)
    return written


# -- reading ----------------------------------------------------------------------------------
#: A CSV table decoded: its columns, and a namer of its rows (by index in those columns).
Decoded = tuple[dict[str, list[Any]], Callable[[int | None], str]]


def _decode_table(table: Table, rows: CsvRows, problems: list[Problem],
                  bad_ids: set[str]) -> Decoded | None:
    """One CSV table's columns, each cell decoded for its column, a column at a time; a cell
    that does not fit its column is a problem (its row's entry is then not imported)."""
    mismatch = column_mismatch(table, rows.header)
    if mismatch:
        problems.append(Problem(str(rows.path), "", mismatch))
        return None
    by_column = list(zip(*rows.rows, strict=True))  # the cells of each column, in file order

    def cells_of(name: str) -> Sequence[str]:
        return by_column[rows.header.index(name)] if by_column else ()

    columns: dict[str, list[Any]] = {}
    failures: list[tuple[int, int, str]] = []  # (row, column, message)
    for k, column in enumerate(table.columns):
        cells = cells_of(column.name)
        try:
            columns[column.name] = _decode_column(column, cells)
        except (ValueError, KeyError):
            values = []
            for i, cell in enumerate(cells):
                try:
                    values.append(decode_cell(column, cell))
                except ValueError as exc:
                    values.append(None)
                    failures.append((i, k, str(exc)))
            columns[column.name] = values
    numbers = rows.numbers
    if failures:
        ids = cells_of("id")
        for i, k, message in sorted(failures):  # as the file reads: row by row
            problems.append(Problem(rows.where(i), table.columns[k].name, message))
            bad_ids.add(restore(ids[i]))
        # A bad cell in a list table drops its row (the entry is refused anyway); a bad cell
        # in an entry's own row leaves a gap, so that its list rows still find their entry.
        if table.primary_key != ("id",):
            dropped = {i for i, _, _ in failures}
            kept = [i for i in range(len(rows.rows)) if i not in dropped]
            columns = {name: [values[i] for i in kept] for name, values in columns.items()}
            numbers = [numbers[i] for i in kept]  # later rows keep their own row numbers
    path = rows.path

    # Names rows by number only: the file's rows of cells (a list per row) can then be freed
    # as soon as they are decoded, rather than slowing every garbage collection after.
    def namer(index: int | None) -> str:
        return row_where(path, None if index is None else numbers[index])

    return columns, namer


def _read_table(path: Path, table: Table, problems: list[Problem],
                bad_ids: set[str]) -> Decoded | None:
    if not path.is_file():
        problems.append(Problem(str(path), "", f"missing: a stretchkit CSV export has "
                                f"{table.name}.csv (export again, or import the wide table "
                                f"{WIDE_FILE} alone)"))
        return None
    rows = read_csv_rows(path, problems)
    if rows is None:
        return None
    return _decode_table(table, rows, problems, bad_ids)


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
    tables: dict[str, dict[str, list[Any]]] = {}
    namers: dict[str, Callable[[int | None], str]] = {}
    for name, table in TABLES.items():
        decoded = _read_table(folder / f"{name}.csv", table, problems, bad_ids)
        if decoded is not None:
            tables[name], namers[name] = decoded
    if problems and len(tables) < len(TABLES):
        raise ReadError(problems, [])
    entries = _finish(lambda: entries_from_columns(
        tables, vocabulary, namer=lambda table, index: namers[table](index)), problems, bad_ids)
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
                encoded_rows(WIDE, wide_rows(e for _, e in entries))}
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
    decoded = _decode_table(WIDE, rows, problems, bad_ids) if rows is not None else None
    if decoded is None:
        raise ReadError(problems, [])
    columns, namer = decoded
    entries = _finish(lambda: entries_from_wide_columns(columns, vocabulary,
                                                        namer=lambda _, i: namer(i)),
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
            with collector_paused():
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


def read_routine_tables(folder: Path, vocabulary: Vocabulary) -> list[tuple[str, Routine]]:
    """The routines of a CSV export folder (none if it has no `routines.csv`); ReadError
    lists every bad row."""
    if not (folder / "routines.csv").is_file():
        return []
    problems: list[Problem] = []
    decoded: dict[str, tuple[list[dict[str, Any]], CsvRows]] = {}
    for name, table in ROUTINE_TABLES.items():
        path = folder / f"{name}.csv"
        if not path.is_file():
            problems.append(Problem(str(path), "", f"missing: routines.csv comes with "
                                    f"{name}.csv (export again)"))
            continue
        rows = read_csv_rows(path, problems)
        if rows is None:
            continue
        mismatch = column_mismatch(table, rows.header)
        if mismatch:
            problems.append(Problem(str(path), "", mismatch))
            continue
        places = [rows.header.index(c.name) for c in table.columns]
        records = []
        for i, row in enumerate(rows.rows):
            record = {}
            for column, place in zip(table.columns, places, strict=True):
                try:
                    record[column.name] = decode_cell(column, row[place])
                except ValueError as exc:
                    problems.append(Problem(rows.where(i), column.name, str(exc)))
            records.append(record)
        decoded[name] = (records, rows)
    if problems:
        raise ReadError(problems, [], where="routines")
    return routines_from_rows(decoded["routines"][0], decoded["routine_items"][0], vocabulary,
                              where=lambda table, i: decoded[table][1].where(i))
