"""Entries as pandas tables, and tables back to entries, losslessly.

Two shapes:

* **Wide**: one row per entry (`wide_table`). Scalar fields are columns (`dosage` and `source`
  are flattened to `dosage_*` and `source_*`). A list of text or of vocabulary ids is joined
  with a line feed, one item per line of the cell: items can never contain a line break (the
  model forbids it), so splitting the cell at line breaks gives the list back exactly; an empty
  cell is an empty list. `faq`, `cues`, `reviews`, `precautions` and `media` hold their items
  as JSON text (a list of objects, as in the entry file), `dosage_by_goal` its object, or an
  empty cell for none.
* **Tidy**: one table per list field, keyed by entry `id` and 1-based `position`
  (`tidy_tables`): `exercises` (the scalar fields, one row per entry), `overview`,
  `instructions`, `tips`, `faq`, `cues`, `goals`, `targets`, `equipment`, `regressions`,
  `progressions`, `common_mistakes`, `stop_signs`, `reviews`, `review_checklist` (each
  review's ticked or unticked items, keyed by `id`, `review` position and `position`),
  `authors`, `precautions` (condition and reason), `media` (pictures and video links with
  their licence and credits) and `goal_dosages` (a goal's own dosage, where it differs from
  the default in `exercises`).

`TABLES` and `WIDE` describe every column (type, whether it may be missing, allowed values):
the CSV package writes them out as Frictionless Table Schemas. Missing values are `None` (pandas
`<NA>` in integer columns); text fields that can never be missing hold `""` when empty.
`entries_from_tables` and `entries_from_wide` are the way back; they gather every problem
(naming the table, row and field) before raising, so a bad row is never half-read.
`entries_from_columns` and `entries_from_wide_columns` do the same from plain columns (lists
of Python values), the shape the CSV reader decodes its files into, with no DataFrame between.
"""

from __future__ import annotations

import itertools
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from stretchkit.errors import EntryError, Problem, ReadError
from stretchkit.model.entry import (
    MEDIA_KINDS,
    MEDIA_ROLES,
    PHASES,
    SLUG_MAX,
    SLUG_PATTERN,
    STATUSES,
    Exercise,
    validate_entry,
)
from stretchkit.model.vocabulary import Vocabulary

if TYPE_CHECKING:
    import pandas as pd

# -- column and table descriptions ------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column: `type` is a Table Schema type (string, integer, boolean, datetime).

    `nullable` columns may be missing (None, an empty CSV cell); other text columns hold ""
    when empty. `enum` names a vocabulary section ("goals") or gives the allowed values.
    `joined` marks a wide-table list joined by line feeds, `json` a list held as JSON text.
    """

    name: str
    type: str
    description: str
    required: bool = False
    nullable: bool = False
    enum: str | tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    pattern: str | None = None
    max_length: int | None = None
    joined: bool = False
    json: bool = False


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    #: (own columns, referenced table, referenced columns)
    foreign_key: tuple[tuple[str, ...], str, tuple[str, ...]] | None = None
    #: Further foreign keys, in the same shape (a routine's item names its routine and its
    #: entry).
    more_foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


ID = Column("id", "string", "the entry's id (a slug, also its file name)", required=True,
            pattern=SLUG_PATTERN, max_length=SLUG_MAX)
POSITION = Column("position", "integer", "1-based place of the item in the entry's list",
                  required=True, minimum=1)


def _child(name: str, description: str, *columns: Column) -> Table:
    return Table(name, description, (ID, POSITION, *columns), ("id", "position"),
                 (("id",), "exercises", ("id",)))


#: Lists of one-line text, in the tidy shape (id, position, text).
TEXT_LIST_DESCRIPTIONS: dict[str, str] = {
    "overview": "the overview's paragraphs",
    "instructions": "the numbered instructions",
    "tips": "tips and tricks",
    "regressions": "easier versions",
    "progressions": "harder versions",
    "common_mistakes": "what goes wrong",
    "stop_signs": "when to stop",
    "authors": "who wrote the entry",
}
#: Lists of vocabulary ids: field -> (column name, vocabulary section).
TERM_LISTS: dict[str, tuple[str, str]] = {
    "goals": ("goal", "goals"),
    "targets": ("target", "targets"),
    "equipment": ("equipment", "equipment"),
}
#: Scalar fields of the `exercises` table that come straight from the entry.
_DOSAGE = {"breaths": (1, 100), "reps": (1, 200)}
_SOURCE = ("title", "url", "author", "license")

EXERCISES = Table(
    "exercises",
    "one row per entry: its scalar fields (dosage and source flattened)",
    (
        ID,
        Column("name", "string", "the entry's name", required=True),
        Column("summary", "string", "one sentence for cards and lists (empty if none)"),
        Column("position", "string", "body position (vocabulary id)", nullable=True,
               enum="positions"),
        Column("kind", "string", "kind of drill (vocabulary id)", nullable=True, enum="kinds"),
        Column("level", "string", "level (vocabulary id)", nullable=True, enum="levels"),
        Column("dosage_hold_seconds_min", "integer", "shortest hold in seconds", nullable=True,
               minimum=1, maximum=600),
        Column("dosage_hold_seconds_max", "integer", "longest hold in seconds", nullable=True,
               minimum=1, maximum=600),
        *(Column(f"dosage_{name}", "integer", f"number of {name}", nullable=True,
                 minimum=lo, maximum=hi) for name, (lo, hi) in _DOSAGE.items()),
        Column("dosage_sides", "string", "each: repeat on the other side; both; none",
               nullable=True, enum=("each", "both", "none")),
        Column("status", "string", "editorial status", required=True, enum=STATUSES),
        Column("source_title", "string", "title of the source the entry came from (empty if "
               "none: then every source_* cell is empty)", nullable=True),
        *(Column(f"source_{name}", "string", f"the source's {name}", nullable=True)
          for name in _SOURCE[1:]),
        Column("created", "datetime", "when the entry was created (with time zone)",
               nullable=True),
        Column("updated", "datetime", "when the entry was last changed (with time zone)",
               nullable=True),
    ),
    ("id",),
)

TABLES: dict[str, Table] = {"exercises": EXERCISES}
for _field in ("overview", "instructions", "tips"):
    TABLES[_field] = _child(_field, TEXT_LIST_DESCRIPTIONS[_field],
                            Column("text", "string", "one item (one line)", required=True))
TABLES["faq"] = _child("faq", "frequently asked questions",
                       Column("question", "string", "the question", required=True),
                       Column("answer", "string", "the answer", required=True))
TABLES["cues"] = _child("cues", "the cue checklist",
                        Column("text", "string", "what the coach says", required=True),
                        Column("phase", "string", "when it is said", required=True,
                               enum=PHASES),
                        Column("key", "boolean", "true for a must-say cue", required=True))
for _field, (_column, _section) in TERM_LISTS.items():
    TABLES[_field] = _child(_field, f"the entry's {_field} (vocabulary ids)",
                            Column(_column, "string", f"one of the vocabulary's {_section}",
                                   required=True, enum=_section))
for _field in ("regressions", "progressions", "common_mistakes", "stop_signs"):
    TABLES[_field] = _child(_field, TEXT_LIST_DESCRIPTIONS[_field],
                            Column("text", "string", "one item (one line)", required=True))
TABLES["reviews"] = _child(
    "reviews", "editorial decisions, oldest first",
    Column("reviewer", "string", "who decided", required=True),
    Column("at", "datetime", "when (with time zone)", required=True),
    Column("decision", "string", "the status the review moved the entry to", required=True,
           enum=STATUSES),
    Column("comment", "string", "the reviewer's comment (may span lines)"),
    Column("version", "string", "the version decided on (an approval names the version that "
           "may be published); empty if none", nullable=True),
)
TABLES["review_checklist"] = Table(
    "review_checklist", "the checklist of each review: which items were ticked",
    (ID, Column("review", "integer", "position of the review in the reviews table",
                required=True, minimum=1),
     POSITION,
     Column("item", "string", "the checklist item"),
     Column("ticked", "boolean", "whether it was ticked", required=True)),
    ("id", "review", "position"),
    (("id", "review"), "reviews", ("id", "position")),
)
TABLES["authors"] = _child("authors", TEXT_LIST_DESCRIPTIONS["authors"],
                           Column("text", "string", "one author", required=True))
TABLES["precautions"] = _child(
    "precautions", "who should check with a clinician first, and why",
    Column("condition", "string", "one of the vocabulary's conditions (none-known: none)",
           required=True, enum="conditions"),
    Column("reason", "string", "why, for this entry (one line; empty for none-known)"))
TABLES["media"] = _child(
    "media", "pictures and video links, with alt text, licence and credits",
    Column("kind", "string", "image or video", required=True, enum=MEDIA_KINDS),
    Column("file", "string", "the stored file's name in the media folder of the entry; empty "
           "for a link", nullable=True),
    Column("url", "string", "the https link; empty for a stored file", nullable=True),
    Column("role", "string", "where it shows: main, start, end or step", required=True,
           enum=MEDIA_ROLES),
    Column("step", "integer", "the instruction step of a step picture", nullable=True,
           minimum=1, maximum=100),
    Column("alt", "string", "alt text: what the picture shows, for a reader who cannot see it"),
    Column("caption", "string", "caption shown under it"),
    Column("license", "string", "licence id (see the kit's licence list)", nullable=True),
    Column("author", "string", "who made it", nullable=True),
    Column("source_url", "string", "where it comes from (https)", nullable=True))
TABLES["goal_dosages"] = _child(
    "goal_dosages", "the dosage for a goal that differs from the entry's default dosage",
    Column("goal", "string", "the goal (vocabulary id)", required=True, enum="goals"),
    Column("hold_seconds_min", "integer", "shortest hold in seconds", nullable=True,
           minimum=1, maximum=600),
    Column("hold_seconds_max", "integer", "longest hold in seconds", nullable=True,
           minimum=1, maximum=600),
    *(Column(name, "integer", f"number of {name}", nullable=True, minimum=lo, maximum=hi)
      for name, (lo, hi) in _DOSAGE.items()),
    Column("sides", "string", "each: repeat on the other side; both; none", nullable=True,
           enum=("each", "both", "none")))


def _wide_columns() -> tuple[Column, ...]:
    scalar = {c.name: c for c in EXERCISES.columns}
    columns: list[Column] = []
    for name in Exercise.model_fields:
        if name == "dosage":
            columns += [c for c in EXERCISES.columns if c.name.startswith("dosage_")]
        elif name == "source":
            columns += [c for c in EXERCISES.columns if c.name.startswith("source_")]
        elif name in scalar:
            columns.append(scalar[name])
        elif name in ("faq", "cues", "reviews", "precautions", "media"):
            columns.append(Column(name, "string", f"{TABLES[name].description}, as JSON text "
                                  "(a list of objects); empty if none", json=True))
        elif name == "dosage_by_goal":
            columns.append(Column(name, "string", "the dosage for a goal that differs from the "
                                  "default, as JSON text (an object: goal -> dosage); empty if "
                                  "none", json=True))
        else:
            what = TEXT_LIST_DESCRIPTIONS.get(name) or f"{name} (vocabulary ids)"
            columns.append(Column(name, "string", f"{what}: one item per line; empty if none",
                                  joined=True))
    return tuple(columns)


#: The wide table: one row per entry, every field, in model order.
WIDE = Table("exercises_wide", "one row per entry, every field (lists joined by line feeds; "
             "faq, cues and reviews as JSON text)", _wide_columns(), ("id",))

LIST_SEPARATOR = "\n"
_LINE_BREAK = re.compile(r"\r\n|\r|\n")


# -- entries -> tables ------------------------------------------------------------------------
def _entries(entries: Iterable[Exercise]) -> list[Exercise]:
    return list(entries)


def _scalar_row(entry: Exercise) -> dict[str, Any]:
    dosage, source = entry.dosage, entry.source
    hold = dosage.hold_seconds
    row: dict[str, Any] = {
        "id": entry.id, "name": entry.name, "summary": entry.summary,
        "position": entry.position, "kind": entry.kind, "level": entry.level,
        "dosage_hold_seconds_min": hold[0] if hold else None,
        "dosage_hold_seconds_max": hold[1] if hold else None,
        "dosage_breaths": dosage.breaths, "dosage_reps": dosage.reps,
        "dosage_sides": dosage.sides, "status": entry.status,
    }
    for name in _SOURCE:
        row[f"source_{name}"] = getattr(source, name) if source else None
    row["created"], row["updated"] = entry.created, entry.updated
    return row


def frame_of(table: Table, rows: list[dict[str, Any]]) -> pd.DataFrame:
    """A DataFrame with one dtype per column type: text stays Python str (None for missing),
    integers are nullable Int64, booleans bool, datetimes the entry's own aware datetimes."""
    import pandas as pd  # here, not at the top: a JSON or text export never needs pandas

    data = {}
    for column in table.columns:
        values = [row[column.name] for row in rows]
        if column.type == "integer":
            data[column.name] = pd.array(values, dtype="Int64")
        elif column.type == "boolean":
            data[column.name] = pd.array(values, dtype="bool")
        else:
            data[column.name] = pd.Series(values, dtype=object)
    return pd.DataFrame(data, columns=table.column_names)


def tidy_tables(entries: Iterable[Exercise]) -> dict[str, pd.DataFrame]:
    """The tidy tables of `entries` (a Library or any filtered list), keyed by table name."""
    rows: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}
    for entry in _entries(entries):
        rows["exercises"].append(_scalar_row(entry))
        for field in TEXT_LIST_DESCRIPTIONS:
            rows[field] += [{"id": entry.id, "position": i, "text": text}
                            for i, text in enumerate(getattr(entry, field), 1)]
        for field, (column, _) in TERM_LISTS.items():
            rows[field] += [{"id": entry.id, "position": i, column: value}
                            for i, value in enumerate(getattr(entry, field), 1)]
        rows["faq"] += [{"id": entry.id, "position": i, "question": f.question,
                         "answer": f.answer} for i, f in enumerate(entry.faq, 1)]
        rows["cues"] += [{"id": entry.id, "position": i, "text": c.text, "phase": c.phase,
                          "key": c.key} for i, c in enumerate(entry.cues, 1)]
        rows["precautions"] += [{"id": entry.id, "position": i, "condition": p.condition,
                                 "reason": p.reason} for i, p in enumerate(entry.precautions, 1)]
        rows["media"] += [{"id": entry.id, "position": i, **m.model_dump()}
                          for i, m in enumerate(entry.media, 1)]
        for i, (goal, d) in enumerate(entry.dosage_by_goal.items(), 1):
            hold = d.hold_seconds
            rows["goal_dosages"].append({
                "id": entry.id, "position": i, "goal": goal,
                "hold_seconds_min": hold[0] if hold else None,
                "hold_seconds_max": hold[1] if hold else None,
                "breaths": d.breaths, "reps": d.reps, "sides": d.sides})
        for i, review in enumerate(entry.reviews, 1):
            rows["reviews"].append({"id": entry.id, "position": i, "reviewer": review.reviewer,
                                    "at": review.at, "decision": review.decision,
                                    "comment": review.comment, "version": review.version})
            rows["review_checklist"] += [
                {"id": entry.id, "review": i, "position": j, "item": item, "ticked": ticked}
                for j, (item, ticked) in enumerate(review.checklist.items(), 1)]
    return {name: frame_of(TABLES[name], rows[name]) for name in TABLES}


def _joined(items: Iterable[str]) -> str:
    return LIST_SEPARATOR.join(items)


_JOINED = tuple(c.name for c in WIDE.columns if c.joined)
_JSON = tuple(c.name for c in WIDE.columns if c.json)
# What json.dumps(..., ensure_ascii=False) writes, without building an encoder per call.
_JSON_TEXT = json.JSONEncoder(ensure_ascii=False).encode


def wide_rows(entries: Iterable[Exercise]) -> list[dict[str, Any]]:
    """The wide table's rows as plain values, one dict per entry (what `wide_table` puts in a
    DataFrame, and what the CSV export writes and checks a wide file against)."""
    rows = []
    for entry in _entries(entries):
        row = _scalar_row(entry)
        for name in _JOINED:
            row[name] = _joined(getattr(entry, name))
        # One dump per entry for its three JSON lists, rather than one per item.
        dumped = entry.model_dump(mode="json", include=set(_JSON))
        for name in _JSON:
            row[name] = _JSON_TEXT(dumped[name]) if dumped[name] else ""
        rows.append(row)
    return rows


def wide_table(entries: Iterable[Exercise]) -> pd.DataFrame:
    """One row per entry of `entries` (a Library or any filtered list), every field."""
    return frame_of(WIDE, wide_rows(entries))


# -- tables -> entries ------------------------------------------------------------------------
#: Names a row in problems: (table name, 0-based row index) -> "where"; index None names the
#: table itself.
RowNamer = Callable[[str, int | None], str]
#: A table as plain columns: column name -> its values, typed as `frame_of` types them but as
#: plain Python values (missing values None). The CSV reader decodes its files into this shape.
Columns = Mapping[str, Sequence[Any]]


def _default_namer(table: str, index: int | None) -> str:
    return table if index is None else f"{table} row {index + 1}"


def plain(value: Any) -> Any:
    """A cell as a plain Python value: pandas/numpy missing values become None, numpy numbers
    Python numbers, Timestamps datetimes. Text is never touched ("NA" stays "NA")."""
    import pandas as pd

    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, pd.Timestamp):
        return value.to_pydatetime()
    if hasattr(value, "item") and not isinstance(value, str | bytes | datetime):
        return value.item()  # numpy scalar
    return value


def column_values(series: pd.Series) -> list[Any]:
    """A column as plain Python values (see `plain`), converted a column at a time."""
    import pandas as pd

    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return [plain(v) for v in series]
    values = series.astype(object).where(series.notna(), None).tolist()
    if series.dtype == object:  # may hold numpy scalars or Timestamps a user put there
        return [v if v is None or type(v) in (str, int, bool, datetime) else plain(v)
                for v in values]
    return values


def frame_columns(frame: pd.DataFrame) -> dict[str, list[Any]]:
    """A DataFrame as `Columns` (see `column_values`); of two columns with one name, the last
    is kept."""
    return {str(c): column_values(frame.iloc[:, i]) for i, c in enumerate(frame.columns)}


def _rows(columns: Columns) -> list[dict[str, Any]]:
    names = list(columns)
    return [dict(zip(names, values, strict=True))
            for values in zip(*columns.values(), strict=True)]


def column_mismatch(table: Table, have: Iterable[str]) -> str | None:
    """What is wrong with a table's column names, or None if they are the expected ones."""
    have = [str(c) for c in have]
    missing = [c for c in table.column_names if c not in have]
    unknown = [c or "(a column without a name)" for c in have if c not in table.column_names]
    if not missing and not unknown:
        return None
    parts = [f"missing column{'s' * (len(missing) > 1)} {', '.join(missing)}"] if missing else []
    if unknown:
        parts.append(f"unknown column{'s' * (len(unknown) > 1)} {', '.join(unknown)}")
    return (f"{'; '.join(parts)} (the {table.name} table has the columns "
            f"{', '.join(table.column_names)})")


def _check_columns(table: Table, have: Iterable[str], namer: RowNamer,
                   problems: list[Problem]) -> bool:
    mismatch = column_mismatch(table, have)
    if mismatch:
        problems.append(Problem(namer(table.name, None), "", mismatch))
    return mismatch is None


def _entry_base(row: dict[str, Any], where: str, problems: list[Problem]) -> dict[str, Any]:
    """Entry data from a row of the exercises (or wide) table."""
    lo, hi = row["dosage_hold_seconds_min"], row["dosage_hold_seconds_max"]
    if (lo is None) != (hi is None):
        problems.append(Problem(where, "dosage_hold_seconds_min", "expected both "
                                "dosage_hold_seconds_min and dosage_hold_seconds_max, or "
                                f"neither, got {lo!r} and {hi!r}"))
        lo = hi = None
    source_values = {name: row[f"source_{name}"] for name in _SOURCE}
    data = {
        "id": row["id"], "name": row["name"],
        "summary": "" if row["summary"] is None else row["summary"],
        "position": row["position"], "kind": row["kind"], "level": row["level"],
        "dosage": {"hold_seconds": None if lo is None or hi is None else [lo, hi],
                   "breaths": row["dosage_breaths"], "reps": row["dosage_reps"],
                   "sides": row["dosage_sides"]},
        "status": row["status"],
        "source": None if all(v is None for v in source_values.values()) else source_values,
        "created": row["created"], "updated": row["updated"],
    }
    return data


#: Where a list item came from: (list field, 0-based index in the entry's list) -> "where",
#: or None if it came from the entry's own row.
ItemOrigin = Callable[[str, int], str | None]
_ITEM_FIELD = re.compile(r"(\w+)\[(\d+)\]")


def _no_origin(field: str, index: int) -> None:
    return None


def _validate(data: dict[str, Any], vocabulary: Vocabulary, where: str, origin: ItemOrigin,
              problems: list[Problem], entries: list[tuple[str, Exercise]],
              row_ok: bool = True) -> None:
    """Validate one entry's data; keep it only if its rows had no problem either."""
    try:
        entry = validate_entry(data, vocabulary, where)
        if row_ok:
            entries.append((where, entry))
    except EntryError as exc:
        for problem in exc.problems:
            # Point a list item's problem at the tidy row it came from.
            match = _ITEM_FIELD.match(problem.field)
            found = origin(match.group(1), int(match.group(2))) if match else None
            problems.append(Problem(found or problem.where, problem.field, problem.message))


def entries_from_tables(tables: Mapping[str, pd.DataFrame], vocabulary: Vocabulary | None = None,
                        *, namer: RowNamer = _default_namer) -> list[tuple[str, Exercise]]:
    """Entries back from tidy tables (the `tidy_tables` shape), as (where, entry) pairs in the
    order of the exercises table. Raises ReadError listing every bad row."""
    return entries_from_columns({name: frame_columns(frame) for name, frame in tables.items()},
                                vocabulary, namer=namer)


#: One entry's rows of one list table: position -> row (0-based, in the table), or, for rows
#: together in the table and numbered 1, 2, 3... (as exported), the range of those rows.
_Rows = dict[int, int]
_Grouped = dict[str, range | _Rows]


def entries_from_columns(tables: Mapping[str, Columns], vocabulary: Vocabulary | None = None,
                         *, namer: RowNamer = _default_namer) -> list[tuple[str, Exercise]]:
    """`entries_from_tables` for tables given as plain `Columns` (what the CSV reader decodes):
    the same checks, problems and entries, with no DataFrame in between."""
    vocabulary = vocabulary or Vocabulary.default()
    problems: list[Problem] = []
    for name in tables:
        if name not in TABLES:
            problems.append(Problem(name, "", f"unknown table (expected {', '.join(TABLES)})"))
    if "exercises" not in tables:
        problems.append(Problem("exercises", "", "the exercises table is missing"))
        raise ReadError(problems, [])
    ok = {name: _check_columns(TABLES[name], columns, namer, problems)
          for name, columns in tables.items() if name in TABLES}
    if not all(ok.values()):
        raise ReadError(problems, [])

    base: dict[str, dict[str, Any]] = {}
    where_of: dict[str, str] = {}
    bad_ids: set[str] = set()  # entries with a bad row somewhere: reported, never kept
    for i, row in enumerate(_rows(tables["exercises"])):
        where = namer("exercises", i)
        entry_id = row["id"]
        if not isinstance(entry_id, str) or not entry_id:
            problems.append(Problem(where, "id", "required, but missing"))
            continue
        if entry_id in base:
            problems.append(Problem(where, "id", f"{entry_id!r} appears twice (first at "
                                                 f"{where_of[entry_id]})"))
            continue
        where_of[entry_id] = where
        before = len(problems)
        base[entry_id] = _entry_base(row, where, problems)
        if len(problems) > before:
            bad_ids.add(entry_id)

    # Rows are grouped by entry id, and named (a string per row) only when a problem is
    # reported: a package holds tens of thousands of list rows.
    items: dict[str, _Grouped] = {}
    values: dict[str, Sequence[Any]] = {}
    for name, columns in tables.items():
        if name in ("exercises", "review_checklist") or name not in TABLES:
            continue
        values[name] = _item_values(name, columns)
        if name == "goal_dosages":
            _check_hold_ranges(columns, namer, problems, bad_ids)
        items[name] = _group_rows(name, columns, base, namer, problems, bad_ids)
    review_positions = tables["reviews"]["position"] if "reviews" in items else []
    reviews = {(entry_id, review_positions[row]) for entry_id, found in
               items.get("reviews", {}).items() for row in _in_order(found)}
    checks = tables.get("review_checklist")
    checklists = _checklists(checks, reviews, namer, problems, bad_ids) if checks else {}

    def origin(entry_id: str, field: str, index: int) -> str | None:
        rows = _in_order(items.get(field, {}).get(entry_id, {}))
        return namer(field, rows[index]) if index < len(rows) else None

    entries: list[tuple[str, Exercise]] = []
    for entry_id, data in base.items():
        for name, grouped in items.items():
            found = grouped.get(entry_id)
            if found is None:
                continue
            listed = values[name]
            if name == "reviews":
                data[name] = [{**listed[row], "checklist": _checklist(
                    checks, checklists.get((entry_id, review_positions[row])))}
                    for row in _in_order(found)]
            elif name == "goal_dosages":
                data["dosage_by_goal"] = dict(listed[row] for row in _in_order(found))
            elif isinstance(found, range):
                data[name] = list(listed[found.start:found.stop])
            else:
                data[name] = [listed[row] for row in _in_order(found)]
        _validate(data, vocabulary, where_of[entry_id],
                  lambda field, index, entry_id=entry_id: origin(entry_id, field, index),
                  problems, entries, row_ok=entry_id not in bad_ids)
    if problems:
        raise ReadError(problems, entries)
    return entries


def _check_hold_ranges(columns: Columns, namer: RowNamer, problems: list[Problem],
                       bad_ids: set[str]) -> None:
    """Name each goal_dosages row that gives one end of its hold range without the other (read
    as no hold, the given end would be lost without a word), and mark its entry bad."""
    ids, lows, highs = columns["id"], columns["hold_seconds_min"], columns["hold_seconds_max"]
    for i, entry_id in enumerate(ids):
        lo, hi = lows[i], highs[i]
        if (lo is None) != (hi is None):
            problems.append(Problem(namer("goal_dosages", i), "hold_seconds_min",
                                    "expected both hold_seconds_min and hold_seconds_max, or "
                                    f"neither, got {lo!r} and {hi!r}"))
            bad_ids.add(entry_id)


def _group_rows(name: str, columns: Columns, base: Mapping[str, Any], namer: RowNamer,
                problems: list[Problem], bad_ids: set[str]) -> _Grouped:
    """A list table's rows grouped by entry id; a row that cannot join its entry's list (no
    such entry, no whole-number position, a position taken) is named in `problems`."""
    ids, positions = columns["id"], columns["position"]
    # An exported table lists each entry's rows together, numbered 1, 2, 3...: such a run
    # is taken whole, checked by comparing lists rather than in a Python loop over its rows.
    whole_numbers = set(map(type, positions)) <= {int}
    grouped: _Grouped = {}
    start = 0
    for entry_id, run in itertools.groupby(ids):
        stop = start + len(list(run))
        if (whole_numbers and entry_id in base and entry_id not in grouped
                and positions[start:stop] == list(range(1, stop - start + 1))):
            grouped[entry_id] = range(start, stop)
        else:
            for i in range(start, stop):
                found = grouped.get(entry_id)
                if isinstance(found, range):  # the entry's rows did not all come together
                    found = grouped[entry_id] = {p: row for p, row in enumerate(found, 1)}
                elif found is None and entry_id in base:
                    found = grouped[entry_id] = {}
                position = positions[i]
                if found is not None and _whole_number(position) and position not in found:
                    found[position] = i
                else:
                    _child_problem(name, i, entry_id, position, found, namer, problems)
                    bad_ids.add(entry_id)
        start = stop
    return grouped


def _in_order(found: range | _Rows) -> Sequence[int]:
    """An entry's rows of one list table, in position order."""
    return found if isinstance(found, range) else [found[p] for p in sorted(found)]


def _whole_number(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _child_problem(name: str, i: int, entry_id: Any, position: Any, found: _Rows | None,
                   namer: RowNamer, problems: list[Problem]) -> None:
    """Why row `i` of a list table cannot join its entry's list (`found`: the rows it has so
    far, None if the entry is not in the exercises table)."""
    where = namer(name, i)
    if found is None:
        problems.append(Problem(where, "id", f"no entry {entry_id!r} in the exercises table"))
    elif not _whole_number(position):
        problems.append(Problem(where, "position", f"expected a whole number, got {position!r}"))
    else:
        problems.append(Problem(where, "position", f"position {position} appears twice for "
                                f"{entry_id!r} (first at {namer(name, found[position])})"))


def _checklists(columns: Columns, reviews: set[tuple[str, int]], namer: RowNamer,
                problems: list[Problem], bad_ids: set[str]) -> dict[tuple[str, int], _Rows]:
    """The review_checklist table's rows grouped by (entry id, review position)."""
    checklists: dict[tuple[str, int], _Rows] = {}
    for i, (entry_id, review, position) in enumerate(zip(
            columns["id"], columns["review"], columns["position"], strict=True)):
        if (entry_id, review) not in reviews:
            problems.append(Problem(namer("review_checklist", i), "review", f"no review "
                                    f"{review!r} of entry {entry_id!r} in the reviews table"))
            bad_ids.add(entry_id)
            continue
        found = checklists.setdefault((entry_id, review), {})
        if not _whole_number(position):
            problems.append(Problem(namer("review_checklist", i), "position",
                                    f"expected a whole number, got {position!r}"))
            bad_ids.add(entry_id)
            continue
        if position in found:
            first = namer("review_checklist", found[position])
            problems.append(Problem(namer("review_checklist", i), "position", f"position "
                                    f"{position!r} appears twice (first at {first})"))
            bad_ids.add(entry_id)
            continue
        found[position] = i
    return checklists


def _checklist(columns: Columns | None, found: _Rows | None) -> dict[str, Any]:
    """One review's checklist, {item: ticked} in position order."""
    if not columns or not found:
        return {}
    items, ticked = columns["item"], columns["ticked"]
    return {items[found[p]]: ticked[found[p]] for p in sorted(found)}


def _item_values(name: str, columns: Columns) -> Sequence[Any]:
    """The list items a list table's rows hold, in row order."""
    if name in TEXT_LIST_DESCRIPTIONS:
        return columns["text"]
    if name in TERM_LISTS:
        return columns[TERM_LISTS[name][0]]
    if name == "faq":
        return [{"question": q, "answer": a}
                for q, a in zip(columns["question"], columns["answer"], strict=True)]
    if name == "cues":
        return [{"text": t, "phase": p, "key": k}
                for t, p, k in zip(columns["text"], columns["phase"], columns["key"],
                                   strict=True)]
    if name == "precautions":
        return [{"condition": c, "reason": "" if r is None else r}
                for c, r in zip(columns["condition"], columns["reason"], strict=True)]
    if name == "media":
        return [{"kind": k, "file": f, "url": u, "role": r, "step": st,
                 "alt": "" if a is None else a, "caption": "" if c is None else c,
                 "license": li, "author": au, "source_url": so}
                for k, f, u, r, st, a, c, li, au, so in zip(
                    *(columns[n] for n in ("kind", "file", "url", "role", "step", "alt",
                                           "caption", "license", "author", "source_url")),
                    strict=True)]
    if name == "goal_dosages":
        # A row with one end of its range and not the other is named once, by
        # _check_hold_ranges; read as no range, the model does not name it again.
        return [(goal, {"hold_seconds": None if lo is None or hi is None else [lo, hi],
                        "breaths": b, "reps": r, "sides": sd})
                for goal, lo, hi, b, r, sd in zip(
                    columns["goal"], columns["hold_seconds_min"], columns["hold_seconds_max"],
                    columns["breaths"], columns["reps"], columns["sides"], strict=True)]
    # reviews; a missing comment cell is an empty comment
    return [{"reviewer": r, "at": a, "decision": d, "comment": "" if c is None else c,
             "version": v}
            for r, a, d, c, v in zip(columns["reviewer"], columns["at"], columns["decision"],
                                     columns["comment"], columns["version"], strict=True)]


def split_list(cell: str | None) -> list[str]:
    """A joined wide-table cell back to its items ("" is the empty list)."""
    if not cell:
        return []
    return _LINE_BREAK.split(cell)


def entries_from_wide(table: pd.DataFrame, vocabulary: Vocabulary | None = None,
                      *, namer: RowNamer = _default_namer) -> list[tuple[str, Exercise]]:
    """Entries back from a wide table (the `wide_table` shape), as (where, entry) pairs.
    Raises ReadError listing every bad row."""
    return entries_from_wide_columns(frame_columns(table), vocabulary, namer=namer)


def entries_from_wide_columns(table: Columns, vocabulary: Vocabulary | None = None,
                              *, namer: RowNamer = _default_namer
                              ) -> list[tuple[str, Exercise]]:
    """`entries_from_wide` for a wide table given as plain `Columns` (what the CSV reader
    decodes)."""
    vocabulary = vocabulary or Vocabulary.default()
    problems: list[Problem] = []
    if not _check_columns(WIDE, table, lambda _, i: namer(WIDE.name, i), problems):
        raise ReadError(problems, [])
    entries: list[tuple[str, Exercise]] = []
    seen: dict[str, str] = {}
    for i, row in enumerate(_rows(table)):
        where = namer(WIDE.name, i)
        if row["id"] in seen:
            problems.append(Problem(where, "id", f"{row['id']!r} appears twice (first at "
                                                 f"{seen[row['id']]})"))
            continue
        seen[row["id"]] = where
        before = len(problems)
        data = _entry_base(row, where, problems)
        for column in WIDE.columns:
            cell = row[column.name]
            if column.joined:
                data[column.name] = split_list(cell)
            elif column.json:
                data[column.name] = _parse_json_list(cell, where, column.name, problems,
                                                     dict if column.name == "dosage_by_goal"
                                                     else list)
        _validate(data, vocabulary, where, _no_origin, problems, entries,
                  row_ok=len(problems) == before)
    if problems:
        raise ReadError(problems, entries)
    return entries


def _parse_json_list(cell: str | None, where: str, name: str, problems: list[Problem],
                     shape: type = list) -> Any:
    """A JSON cell: a list of objects (or, with `shape=dict`, one object); empty is none."""
    what = "a list of objects" if shape is list else "an object"
    if not cell:
        return shape()
    try:
        value = json.loads(cell)
    except json.JSONDecodeError as exc:
        problems.append(Problem(where, name, f"expected JSON text ({what}) or an "
                                f"empty cell, got {cell[:40]!r} ({exc.msg})"))
        return shape()
    if not isinstance(value, shape):
        problems.append(Problem(where, name, f"expected JSON text ({what}), got "
                                f"{cell[:40]!r}"))
        return shape()
    return value
