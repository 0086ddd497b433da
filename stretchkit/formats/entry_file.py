"""The entry file: `data/exercises/<id>.json`, as a pure pair of functions.

Stable bytes: UTF-8, 2-space indent, keys in model order, every field present, one list item
per line, trailing newline. The same entry always gives the same bytes, so git diffs show only
real edits.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from stretchkit.errors import EntryError, Problem
from stretchkit.model.entry import Exercise, problems_from
from stretchkit.model.vocabulary import Vocabulary


def entry_to_dict(entry: Exercise) -> dict:
    """The entry as plain JSON data, keys in model order."""
    return entry.model_dump(mode="json")


def dump_entry(entry: Exercise) -> bytes:
    """The file bytes for an entry."""
    return dump_entry_data(entry_to_dict(entry))


def dump_entry_data(data: dict) -> bytes:
    """The file bytes for an entry already turned into JSON data (keys in model order)."""
    return (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode("utf-8")


def load_entry(data: bytes | str, vocabulary: Vocabulary | None = None,
               where: str = "entry") -> Exercise:
    """Parse and validate file bytes; EntryError names `where` and every field at fault."""
    if isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # a byte order mark, as some Windows editors write: still UTF-8
    try:
        return Exercise.model_validate_json(
            data, context={"vocabulary": vocabulary or Vocabulary.default()})
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            detail = exc.errors()[0]["msg"].removeprefix("Invalid JSON: ")
            if isinstance(data, bytes):
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError as bad:
                    detail = (f"expected UTF-8 text, got byte 0x{data[bad.start]:02x} "
                              f"at offset {bad.start}")
            raise EntryError(Problem(where, "", f"not valid JSON ({detail})"), where) from None
        if any(e["type"] == "model_type" and not e["loc"] for e in exc.errors()):
            raise EntryError(Problem(where, "", "expected a JSON object with the entry's fields"),
                             where) from None
        raise EntryError(problems_from(exc, where), where) from None
