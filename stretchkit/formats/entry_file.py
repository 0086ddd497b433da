"""The entry file: `data/exercises/<id>.json`, as a pure pair of functions.

Stable bytes: UTF-8, 2-space indent, keys in model order, every field present (but an empty
`media`, see `entry_to_dict`), one list item
per line, trailing newline. The same entry always gives the same bytes, so git diffs show only
real edits.
"""

from __future__ import annotations

import json
import re

from pydantic import ValidationError

from stretchkit.errors import EntryError, Problem
from stretchkit.formats.records import repeated_key
from stretchkit.model.entry import Exercise, problems_from
from stretchkit.model.vocabulary import Vocabulary


def entry_to_dict(entry: Exercise) -> dict:
    """The entry as plain JSON data, keys in model order. An entry without media leaves the
    key out: files written before media existed keep their bytes when saved unchanged (the
    one exception to "every field present"; the model reads a missing key as no media)."""
    data = entry.model_dump(mode="json")
    if not data["media"]:
        del data["media"]
    return data


def dump_entry(entry: Exercise) -> bytes:
    """The file bytes for an entry."""
    return dump_entry_data(entry_to_dict(entry))


def dump_entry_data(data: dict) -> bytes:
    """The file bytes for an entry already turned into JSON data (keys in model order)."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


# Every key's closing quote is followed by a colon (JSON allows whitespace between). Quotes
# inside text are escaped, and an escaped quote followed by a colon only adds to the count.
_KEY_END = re.compile(rb'"\s*:')
_KEY_END_TEXT = re.compile(r'"\s*:')


def _keys_at_most(data: bytes | str) -> int:
    """An upper bound on the number of keys written in a JSON text (never below it)."""
    pattern = _KEY_END if isinstance(data, bytes) else _KEY_END_TEXT
    return len(pattern.findall(data))


def _keys_read(entry: Exercise) -> int:
    """How many distinct keys validation took from the entry's objects. It may count fewer
    (a nested object added to the model and not counted here), never more: then the file is
    only checked the slow way."""
    count = len(entry.model_fields_set) + len(entry.dosage.model_fields_set)
    for item in entry.faq:
        count += len(item.model_fields_set)
    for cue in entry.cues:
        count += len(cue.model_fields_set)
    for dosage in entry.dosage_by_goal.values():
        count += 1 + len(dosage.model_fields_set)
    for precaution in entry.precautions:
        count += len(precaution.model_fields_set)
    for item in entry.media:
        count += len(item.model_fields_set)
    for review in entry.reviews:
        count += len(review.model_fields_set) + len(review.checklist)
    if entry.source is not None:
        count += len(entry.source.model_fields_set)
    return count


def _repeated_keys(data: bytes | str, where: str) -> list[Problem]:
    """A key given twice in one object, which pydantic (like most JSON readers) silently
    resolves by keeping the last value: a bad hand edit or a merge left it, so refuse it."""
    problem = repeated_key(data, where)
    return [] if problem is None else [problem]


def load_entry(data: bytes | str, vocabulary: Vocabulary | None = None,
               where: str = "entry") -> Exercise:
    """Parse and validate file bytes; EntryError names `where` and every field at fault, and
    a key given twice in one object (naming the key)."""
    if isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte order mark, as some Windows editors write: still UTF-8
    try:
        entry = Exercise.model_validate_json(
            data, context={"vocabulary": vocabulary or Vocabulary.default()})
    except ValidationError as exc:
        raise EntryError(_problems(exc, data, where), where) from None
    # The exact check parses the file a second time, in Python: only when the cheap count
    # says a key may have been given twice (a saved file never has).
    if _keys_at_most(data) > _keys_read(entry):
        repeated = _repeated_keys(data, where)
        if repeated:
            raise EntryError(repeated, where)
    return entry


def _problems(exc: ValidationError, data: bytes | str, where: str) -> list[Problem]:
    if any(e["type"] == "json_invalid" for e in exc.errors()):
        detail = exc.errors()[0]["msg"].removeprefix("Invalid JSON: ")
        if isinstance(data, bytes):
            try:
                data.decode("utf-8")
            except UnicodeDecodeError as bad:
                detail = (f"expected UTF-8 text, got byte 0x{data[bad.start]:02x} "
                          f"at offset {bad.start}")
        return [Problem(where, "", f"not valid JSON ({detail})")]
    # A repeated key may explain the other problems (the last value won): name it first.
    repeated = _repeated_keys(data, where)
    if any(e["type"] == "model_type" and not e["loc"] for e in exc.errors()):
        return [*repeated, Problem(where, "", "expected a JSON object with the entry's fields")]
    return [*repeated, *problems_from(exc, where)]
