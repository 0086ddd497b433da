"""The published JSON Schema of an entry (`schema/exercise.schema.json`), generated from the
model so the two cannot drift apart (a test checks the committed file is current).

The model's own rules that pydantic cannot express in a schema are added here: the id's slug
pattern, one-line text, unique vocabulary ids, and the vocabulary's ids as allowed values
(goals as the keys of `dosage_by_goal`, conditions in `precautions`).

Regenerate after changing the model or the default vocabulary:

    python -m stretchkit.model.schema > schema/exercise.schema.json
"""

from __future__ import annotations

import copy
import json
import sys
from typing import Any

from stretchkit.model.entry import LINE_PATTERN, SLUG_MAX, SLUG_PATTERN, Exercise
from stretchkit.model.translation import TRANSLATED_FIELDS
from stretchkit.model.vocabulary import Vocabulary

DRAFT = "https://json-schema.org/draft/2020-12/schema"
#: Where the model holds one-line text: (definition or None for the entry, property, is list).
_LINES = [
    (None, "name", False), (None, "overview", True), (None, "instructions", True),
    (None, "tips", True), (None, "regressions", True), (None, "progressions", True),
    (None, "common_mistakes", True), (None, "stop_signs", True), (None, "authors", True),
    ("FaqItem", "question", False), ("FaqItem", "answer", False), ("Cue", "text", False),
    ("Review", "reviewer", False), ("Source", "title", False),
]
_TERM_LISTS = {"goals": "goals", "targets": "targets", "equipment": "equipment"}
_TERMS = {"position": "positions", "kind": "kinds", "level": "levels"}


def exercise_json_schema(vocabulary: Vocabulary | None = None) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of one exported entry, with `vocabulary`'s ids (default:
    the kit's vocabulary) as the allowed goals, body areas, positions, kinds, levels and
    equipment."""
    vocabulary = vocabulary or Vocabulary.default()
    schema = copy.deepcopy(Exercise.model_json_schema())
    props = schema["properties"]
    props["id"].update(pattern=f"^{SLUG_PATTERN}$", maxLength=SLUG_MAX)
    props["summary"]["pattern"] = r"^([^\r\n]*\S[^\r\n]*)?$"
    for definition, name, is_list in _LINES:
        target = schema["$defs"][definition]["properties"] if definition else props
        (target[name]["items"] if is_list else target[name])["pattern"] = LINE_PATTERN
    for name, section in _TERM_LISTS.items():
        props[name]["items"]["enum"] = vocabulary.ids(section)
        props[name]["uniqueItems"] = True
    for name, section in _TERMS.items():
        text = next(option for option in props[name]["anyOf"] if option.get("type") == "string")
        text["enum"] = vocabulary.ids(section)
    # Dosages by goal are keyed by goal ids; a precaution names a condition of the vocabulary
    # and gives a one-line reason (empty only for 'none known').
    props["dosage_by_goal"]["propertyNames"] = {"enum": vocabulary.ids("goals")}
    precaution = schema["$defs"]["Precaution"]["properties"]
    precaution["condition"]["enum"] = vocabulary.ids("conditions")
    precaution["reason"]["pattern"] = r"^([^\r\n]*\S[^\r\n]*)?$"
    # An export in a language (`--lang`) says which language and which fields fell back to the
    # source language; `--lang all` carries every language's translated fields at once.
    props["language"] = {"type": "string", "title": "Language",
                         "description": "The BCP 47 tag of an export in a language."}
    props["fallback"] = {
        "type": "array", "title": "Fallback", "uniqueItems": True,
        "items": {"enum": list(TRANSLATED_FIELDS)},
        "description": "Fields shown in the source language: not (or no longer) translated."}
    props["translations"] = {
        "type": "object", "title": "Translations",
        "propertyNames": {"type": "string"},
        "additionalProperties": {"type": "object", "properties": {
            "fallback": {"type": "array", "items": {"enum": list(TRANSLATED_FIELDS)}}},
            "required": ["fallback"]},
        "description": "Per language: the translated fields, and the fields that fell back."}
    schema["title"] = "stretchkit entry"
    schema["description"] = (
        "One stretch or mobility entry, as stretchkit exports it (JSON: an array of these; "
        "JSON Lines: one per line). Every field is present in an export; missing values are "
        "null. Text items are one line each. Vocabulary fields hold ids of the stretchkit "
        "vocabulary.")
    return {"$schema": DRAFT, **schema}


def schema_text(vocabulary: Vocabulary | None = None) -> str:
    """The schema file's exact text."""
    return json.dumps(exercise_json_schema(vocabulary), indent=2, ensure_ascii=False) + "\n"


def main() -> int:
    """Print the schema (the model does no file I/O: the shell redirects it to the file)."""
    sys.stdout.write(schema_text())
    return 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
