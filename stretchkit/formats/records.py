"""Reading the raw records of CSV and JSON files, for the kit's own formats and foreign ones.

Pure about what it returns: rows or parsed JSON plus every problem found, each naming the file
and the row (spreadsheet numbering: the header is row 1) or the line. Text is always text: no
cell is ever guessed into a number or a missing value here.
"""

from __future__ import annotations

import contextlib
import csv
import io
import itertools
import json
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from stretchkit.errors import EncodingNotice, Problem

# A cell may hold a long review comment; the csv module's default limit is 128 KiB.
_FIELD_LIMIT = 1 << 30
#: Line breaks for str.splitlines, but not for CSV (whose rows end at \r, \n or \r\n).
_NOT_CSV_LINE_BREAKS = "\v\f\x1c\x1d\x1e\x85\u2028\u2029"


def read_text(path: Path) -> str:
    """A file's text: UTF-8 (a byte-order mark is allowed), else Windows-1252, else Latin-1,
    with an EncodingNotice saying which was used and why."""
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        reason = f"byte 0x{data[exc.start]:02x} at offset {exc.start} is not UTF-8"
    for encoding, label in (("cp1252", "Windows-1252"), ("latin-1", "Latin-1")):
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        warnings.warn(EncodingNotice(f"{path}: not UTF-8 ({reason}); read as {label}. "
                                     "Check accented letters, or save the file as UTF-8"),
                      stacklevel=2)
        return text
    raise AssertionError("latin-1 decodes every byte")  # pragma: no cover


@contextlib.contextmanager
def _long_fields() -> Iterator[None]:
    old = csv.field_size_limit()
    csv.field_size_limit(max(old, _FIELD_LIMIT))
    try:
        yield
    finally:
        csv.field_size_limit(old)


def row_where(path: Path, number: int | None) -> str:
    """Names a row in problems: the file, and the row as a spreadsheet numbers it (or the file
    alone if `number` is None)."""
    return str(path) if number is None else f"{path} row {number}"


@dataclass
class CsvRows:
    """A CSV file's header and data rows; `numbers[i]` is row i's spreadsheet row number."""

    path: Path
    header: list[str]
    rows: list[list[str]]
    numbers: list[int]

    def where(self, index: int | None = None) -> str:
        return row_where(self.path, None if index is None else self.numbers[index])

    def records(self) -> list[dict[str, str]]:
        """Rows as {column: cell}, leaving out columns without a name."""
        named = [(i, name) for i, name in enumerate(self.header) if name]
        return [{name: row[i] for i, name in named} for row in self.rows]


def read_csv_rows(path: Path, problems: list[Problem]) -> CsvRows | None:
    """Read a CSV file (comma separated, double quotes, any line ending).

    Appends a problem for: a duplicate column name, a column without a name that holds data,
    and a row with more cells than the header (naming the row). Short rows are padded with
    empty cells and blank rows are skipped, as spreadsheets write them. Returns None if the
    file has no header at all.
    """
    text = read_text(path)
    # str.splitlines cuts the text into lines in one call, a fifth faster for csv.reader than
    # a StringIO read line by line, and into the same lines unless the text holds a character
    # that splitlines also breaks at (but CSV does not, so the cell would be cut in two).
    if any(char in text for char in _NOT_CSV_LINE_BREAKS):
        lines: Iterable[str] = io.StringIO(text, newline="")
    else:
        lines = text.splitlines(keepends=True)
    with _long_fields():
        try:
            raw = list(csv.reader(lines, strict=True))
        except csv.Error as exc:
            problems.append(Problem(str(path), "", f"not readable as CSV: {exc}"))
            return None
    if not raw:
        problems.append(Problem(str(path), "", "expected a header row, got an empty file"))
        return None
    header = raw[0]
    width = len(header)
    first: dict[str, int] = {}
    for i, name in enumerate(header, 1):
        if name and name in first:
            problems.append(Problem(str(path), name, f"the column name appears twice in the "
                                    f"header (columns {first[name]} and {i})"))
        first.setdefault(name, i)
    # Columns without a name are checked for data only if the header has any: the loop below
    # runs once per row of a large file, so it does no per-cell work on well-formed rows.
    unnamed = [i for i, name in enumerate(header) if not name]
    rows, numbers = [], []
    for number, row in enumerate(itertools.islice(raw, 1, None), 2):
        if not any(row):
            continue
        if len(row) != width:
            if len(row) > width:
                problems.append(Problem(f"{path} row {number}", "", f"{len(row)} cells, but "
                                        f"the header has {width} columns (an extra field, or "
                                        "a separator inside an unquoted cell?)"))
                continue
            row += [""] * (width - len(row))
        for i in unnamed:
            if row[i]:
                problems.append(Problem(f"{path} row {number}", f"column {i + 1}",
                                        f"a column without a name holds {row[i][:40]!r}"))
        rows.append(row)
        numbers.append(number)
    return CsvRows(path, header, rows, numbers)


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON (use null for a missing value)")


class _Repeated(dict):
    """A parsed JSON object in which `key` was given twice (only the last value is kept)."""

    key: str = ""


def _parse(text: str | bytes) -> tuple[Any, bool]:
    """Parse JSON strictly (NaN and Infinity are a ValueError); also whether some object
    gave a key twice (that object is then a `_Repeated`)."""
    repeats = False

    def pairs(items: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal repeats
        # dict() in C and one length check: far cheaper than a Python loop over every key.
        out = dict(items)
        if len(out) == len(items):
            return out
        repeats = True
        repeated = _Repeated(out)
        seen: set[str] = set()
        for key, _ in items:
            if key in seen:
                repeated.key = key
                break
            seen.add(key)
        return repeated

    data = json.loads(text, object_pairs_hook=pairs, parse_constant=_no_constants)
    return data, repeats


def _find_repeated(data: Any, path: str = "") -> tuple[str, str] | None:
    """The field path (`faq[1].answer`) and the key of the first key, depth first, given
    twice."""
    if isinstance(data, _Repeated):
        return (f"{path}.{data.key}" if path else data.key), data.key
    children = (data.items() if isinstance(data, dict)
                else enumerate(data) if isinstance(data, list) else ())
    for name, value in children:
        step = (f"{path}[{name}]" if isinstance(name, int)
                else f"{path}.{name}" if path else name)
        found = _find_repeated(value, step)
        if found is not None:
            return found
    return None


def _repeated(data: Any) -> tuple[str, str]:
    """The field path and the key of the first key given twice in parsed `data`."""
    return _find_repeated(data) or ("", "")


def repeated_key(text: str | bytes, where: str) -> Problem | None:
    """The problem of a key given twice in one object of the JSON `text`, naming the key and
    its field path; None if every key is given once, or if `text` is not JSON (its reader
    reports that)."""
    try:
        data, repeats = _parse(text)
    except ValueError:
        return None
    if not repeats:
        return None
    path, key = _repeated(data)
    return Problem(where, path, f"the key {key!r} appears twice in one object (a bad hand edit "
                                "or merge?); JSON readers would silently keep the last one")


def load_json(text: str | bytes, where: str, problems: list[Problem]) -> Any:
    """Parse JSON strictly: NaN and Infinity are refused and so is a key given twice in one
    object (JSON readers silently keep one of them), named by its field path. Returns None
    after a problem."""
    try:
        data, repeats = _parse(text)
    except json.JSONDecodeError as exc:
        problems.append(Problem(where, "", f"not valid JSON: {exc.msg} (line {exc.lineno}, "
                                           f"column {exc.colno})"))
        return None
    except ValueError as exc:
        problems.append(Problem(where, "", f"not valid JSON: {exc}"))
        return None
    if repeats:
        path, key = _repeated(data)
        problems.append(Problem(where, "", f"not valid JSON: the key {key!r} appears twice in "
                                           f"one object (at {path})"))
        return None
    return data


def json_records(path: Path, problems: list[Problem]) -> list[tuple[str, Any]]:
    """The items of a JSON file holding one array, as ("file $[i]", item) pairs."""
    data = load_json(read_text(path), str(path), problems)
    if data is None:
        return []
    if not isinstance(data, list):
        problems.append(Problem(str(path), "", f"expected a JSON array of entries, got a "
                                               f"{type(data).__name__}"))
        return []
    return [(f"{path} $[{i}]", item) for i, item in enumerate(data)]


def jsonl_records(path: Path, problems: list[Problem]) -> list[tuple[str, Any]]:
    """The items of a JSON Lines file (blank lines skipped), as ("file line n", item)."""
    out = []
    for number, line in enumerate(read_text(path).split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path} line {number}"
        before = len(problems)
        item = load_json(line, where, problems)
        if len(problems) == before:
            out.append((where, item))
    return out
