"""The routine file: `data/routines/<id>.json`, as a pure pair of functions.

Stable bytes, like the entry file: UTF-8, 2-space indent, keys in model order, every field
present, trailing newline; saving an unchanged routine writes the same bytes.
"""

from __future__ import annotations

import json

from pydantic import ValidationError

from stretchkit.errors import EntryError, Problem
from stretchkit.formats.records import repeated_key
from stretchkit.model.entry import problems_from
from stretchkit.model.routine import Routine
from stretchkit.model.vocabulary import Vocabulary


def routine_to_dict(routine: Routine) -> dict:
    """The routine as plain JSON data, keys in model order."""
    return routine.model_dump(mode="json")


def dump_routine(routine: Routine) -> bytes:
    """The file bytes of a routine."""
    return (json.dumps(routine_to_dict(routine), indent=2, ensure_ascii=False) + "\n"
            ).encode("utf-8")


def load_routine(data: bytes | str, vocabulary: Vocabulary | None = None,
                 where: str = "routine") -> Routine:
    """Parse and validate routine file bytes; EntryError names `where` and every field at
    fault (a key given twice in one object too)."""
    if isinstance(data, bytes) and data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    repeated = repeated_key(data, where)
    try:
        routine = Routine.model_validate_json(
            data, context={"vocabulary": vocabulary or Vocabulary.default()})
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            detail = exc.errors()[0]["msg"].removeprefix("Invalid JSON: ")
            raise EntryError(Problem(where, "", f"not valid JSON ({detail})"), where) from None
        problems = problems_from(exc, where, noun="a routine")
        if any(e["type"] == "model_type" and not e["loc"] for e in exc.errors()):
            problems = [Problem(where, "", "expected a JSON object with the routine's fields")]
        raise EntryError([*([repeated] if repeated else []), *problems], where) from None
    if repeated is not None:
        raise EntryError(repeated, where)
    return routine
