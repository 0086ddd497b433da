"""Routines in datasets: the `routines` and `routine_items` tables of the CSV package, and the
JSON file of routines beside a JSON export, each with its way back.

* `routines`: one row per routine (id, name, goals and equipment joined by line feeds, level,
  minutes, notes, authors, created, updated).
* `routine_items`: one row per item, keyed by `routine` and 1-based `position`, with `entry`
  (a foreign key to the `exercises` table) and the item's dosage, why and note.
* JSON: `<export>.routines.json` beside `<export>.json`, one array of routines as they are
  saved in `data/routines/`.

Plain columns in, plain columns out: the CSV package encodes and decodes the cells.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from stretchkit.errors import EntryError, Problem, ReadError
from stretchkit.fileio import write_atomically
from stretchkit.formats.records import jsonl_records, load_json, read_text
from stretchkit.formats.routine_file import routine_to_dict
from stretchkit.formats.tables import LIST_SEPARATOR, Column, Table
from stretchkit.model.entry import SLUG_MAX, SLUG_PATTERN
from stretchkit.model.routine import MAX_MINUTES, MAX_SETS, Routine, validate_routine
from stretchkit.model.vocabulary import Vocabulary

#: The JSON file of routines beside a JSON export: `<stem>.routines.json`.
ROUTINES_SUFFIX = ".routines.json"
#: The JSON Lines file of routines beside a JSONL export: `<stem>.routines.jsonl`.
ROUTINES_JSONL_SUFFIX = ".routines.jsonl"

_ROUTINE_ID = Column("id", "string", "the routine's id (a slug, also its file name)",
                     required=True, pattern=SLUG_PATTERN, max_length=SLUG_MAX)
ROUTINES = Table(
    "routines", "one row per saved routine (lists joined by line feeds)",
    (
        _ROUTINE_ID,
        Column("name", "string", "the routine's name", required=True),
        Column("goals", "string", "goal ids, one per line"),
        Column("level", "string", "highest level (vocabulary id); empty for any",
               nullable=True, enum="levels"),
        Column("equipment", "string", "equipment ids, one per line (empty: any)"),
        Column("minutes", "integer", "the time budget in minutes", required=True, minimum=1,
               maximum=MAX_MINUTES),
        Column("notes", "string", "the coach's notes (may span lines)"),
        Column("authors", "string", "who saved it, one per line"),
        Column("created", "datetime", "when it was created (with time zone)", nullable=True),
        Column("updated", "datetime", "when it was last changed (with time zone)",
               nullable=True),
    ),
    ("id",),
)
ROUTINE_ITEMS = Table(
    "routine_items", "the items of each routine, in order, each an entry with its dosage",
    (
        Column("routine", "string", "the routine's id", required=True, pattern=SLUG_PATTERN,
               max_length=SLUG_MAX),
        Column("position", "integer", "1-based place of the item in the routine",
               required=True, minimum=1),
        Column("entry", "string", "the entry's id (in the exercises table)", required=True,
               pattern=SLUG_PATTERN, max_length=SLUG_MAX),
        Column("hold_seconds", "integer", "one hold, in seconds", nullable=True, minimum=1,
               maximum=600),
        Column("breaths", "integer", "number of breaths", nullable=True, minimum=1,
               maximum=100),
        Column("reps", "integer", "number of reps", nullable=True, minimum=1, maximum=200),
        Column("sides", "string", "each: repeat on the other side; both; none",
               nullable=True, enum=("each", "both", "none")),
        Column("sets", "integer", "number of sets", required=True, minimum=1,
               maximum=MAX_SETS),
        Column("why", "string", "why a suggestion chose it"),
        Column("note", "string", "the coach's note"),
    ),
    ("routine", "position"),
    (("routine",), "routines", ("id",)),
    more_foreign_keys=((("entry",), "exercises", ("id",)),),
)
ROUTINE_TABLES: dict[str, Table] = {"routines": ROUTINES, "routine_items": ROUTINE_ITEMS}
_LISTS = ("goals", "equipment", "authors")


def routine_rows(routines: Iterable[Routine]) -> dict[str, list[dict[str, Any]]]:
    """The rows of both tables, as plain values per column."""
    heads, items = [], []
    for routine in routines:
        heads.append({
            "id": routine.id, "name": routine.name, "level": routine.level,
            "minutes": routine.minutes, "notes": routine.notes,
            "created": routine.created, "updated": routine.updated,
            **{name: LIST_SEPARATOR.join(getattr(routine, name)) for name in _LISTS},
        })
        for position, item in enumerate(routine.items, 1):
            items.append({"routine": routine.id, "position": position, "entry": item.entry,
                          **item.dosage.model_dump(), "why": item.why, "note": item.note})
    return {"routines": heads, "routine_items": items}


def routines_from_rows(heads: Sequence[dict[str, Any]], items: Sequence[dict[str, Any]],
                       vocabulary: Vocabulary, where: Callable[[str, int], str]
                       ) -> list[tuple[str, Routine]]:
    """Routines back from the two tables' rows (`where(table, index)` names a row); ReadError
    lists every bad row and holds the routines that read."""
    problems: list[Problem] = []
    by_routine: dict[str, list[tuple[int, dict[str, Any]]]] = {}
    known = {row.get("id") for row in heads}
    for index, row in enumerate(items):
        if row.get("routine") not in known:
            problems.append(Problem(where("routine_items", index), "routine",
                                    f"expected the id of a row of routines, got "
                                    f"{row.get('routine')!r}"))
            continue
        by_routine.setdefault(row["routine"], []).append((index, row))
    out = []
    for index, head in enumerate(heads):
        rows = sorted(by_routine.get(head.get("id"), []), key=lambda r: r[1]["position"])
        data = {**{k: v for k, v in head.items() if k not in _LISTS},
                **{name: (head.get(name) or "").split(LIST_SEPARATOR) if head.get(name)
                   else [] for name in _LISTS},
                "notes": head.get("notes") or "",
                "items": [{"entry": row["entry"], "why": row.get("why") or "",
                           "note": row.get("note") or "",
                           "dosage": {k: row.get(k) for k in ("hold_seconds", "breaths",
                                                              "reps", "sides", "sets")}}
                          for _, row in rows]}
        here = where("routines", index)
        try:
            out.append((here, validate_routine(data, vocabulary, where=here)))
        except EntryError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ReadError(problems, out, where="routines")
    return out


# -- JSON -----------------------------------------------------------------------------------
def routines_path(export: Path) -> Path:
    """The routines file beside a JSON or JSONL export: `x.json` -> `x.routines.json`,
    `x.jsonl` -> `x.routines.jsonl` (so both exports of one name can share a folder)."""
    if export.name.endswith(".jsonl"):
        return export.with_name(export.name.removesuffix(".jsonl") + ROUTINES_JSONL_SUFFIX)
    return export.with_name(export.name.removesuffix(".json") + ROUTINES_SUFFIX)


def is_routines_file(path: Path) -> bool:
    """Whether `path` is the routines file beside a JSON or JSONL export that exists (read
    with that export, not as entries)."""
    for suffix in (ROUTINES_SUFFIX, ROUTINES_JSONL_SUFFIX):
        if path.name.endswith(suffix):
            export = path.name.removesuffix(suffix) + suffix.removeprefix(".routines")
            return path.with_name(export).exists()
    return False


def write_routines_json(routines: Sequence[Routine], path: Path) -> Path:
    text = json.dumps([routine_to_dict(r) for r in routines], indent=2, ensure_ascii=False)
    write_atomically(path, (text + "\n").encode("utf-8"))
    return path


def write_routines_jsonl(routines: Sequence[Routine], path: Path) -> Path:
    text = "".join(json.dumps(routine_to_dict(r), ensure_ascii=False) + "\n"
                   for r in routines)
    write_atomically(path, text.encode("utf-8"))
    return path


def read_routines_json(path: Path, vocabulary: Vocabulary) -> list[tuple[str, Routine]]:
    """Routines from a `.routines.json` file (a JSON array) or a `.routines.jsonl` file (one
    routine per line), parsed as strictly as entries (a key given twice is refused); ReadError
    lists every bad one, a line that is not JSON by its number."""
    parse_problems: list[Problem] = []
    try:
        if path.name.endswith(ROUTINES_JSONL_SUFFIX):
            items = jsonl_records(path, parse_problems)
        else:
            data = load_json(read_text(path), str(path), parse_problems)
            if data is not None and not isinstance(data, list):
                raise ReadError([Problem(str(path), "", "expected a JSON array of routines, "
                                         f"got {type(data).__name__}")])
            items = [(f"{path}[{index}]", item) for index, item in enumerate(data or ())]
    except OSError as exc:
        raise ReadError([Problem(str(path), "", f"cannot read the routines: {exc}")]) from None
    problems, out = parse_problems, []
    for here, item in items:
        try:
            out.append((here, validate_routine(item, vocabulary, where=here)))
        except EntryError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ReadError(problems, out, where="routines")
    return out
