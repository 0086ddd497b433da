"""Labels in other languages, as data: the vocabulary's labels (goals, body areas, ...) and the
headings exports write ("Instructions", "Tips & Tricks", ...).

The kit ships labels for some languages (`labels/<lang>.json` in this package); a data folder
may add or override them in `translations/<lang>/_labels.json` (the store reads it). A label
with no translation stays in the source language.

    {"language": "fr", "headings": {"Instructions": "Consignes"},
     "terms": {"goals": {"warm-up": "Échauffement"}}}
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cache
from importlib import resources
from typing import Any

from stretchkit.errors import VocabularyError
from stretchkit.model.vocabulary import SECTIONS, Vocabulary


@dataclass(frozen=True)
class Labels:
    """The labels of one language."""

    language: str
    headings: Mapping[str, str] = field(default_factory=dict)
    terms: Mapping[str, Mapping[str, str]] = field(default_factory=dict)

    def heading(self, text: str) -> str:
        """A heading in this language, or as it is when it has no translation."""
        return self.headings.get(text, text)

    def vocabulary(self, base: Vocabulary) -> Vocabulary:
        """`base` with its labels in this language (ids and aliases unchanged; the source
        label stays an alias, so either language's label finds the term)."""
        sections = {}
        for section, terms in base.sections.items():
            names = self.terms.get(section, {})
            sections[section] = tuple(
                replace(t, label=names[t.id], aliases=(*t.aliases, t.label))
                if t.id in names else t for t in terms)
        return Vocabulary(sections)

    @classmethod
    def default(cls, language: str) -> Labels:
        """The labels the kit ships for `language` (none: every label as it is)."""
        return _packaged(language)

    @classmethod
    def from_dict(cls, data: Any, language: str, base: Labels | None = None,
                  source: str = "labels") -> Labels:
        """Labels from parsed JSON, added to (and overriding) `base`."""
        if not isinstance(data, Mapping):
            raise VocabularyError(f"{source}: expected a JSON object, got {type(data).__name__}")
        unknown = sorted(set(data) - {"language", "headings", "terms", "description"})
        if unknown:
            raise VocabularyError(f"{source}: unknown key {unknown[0]!r}: expected language, "
                                  "headings, terms")
        if data.get("language", language) != language:
            raise VocabularyError(f"{source}: language: expected {language!r} (the folder's "
                                  f"language), got {data.get('language')!r}")
        headings = dict(base.headings) if base else {}
        terms = {s: dict(v) for s, v in base.terms.items()} if base else {}
        given = data.get("headings", {})
        if not isinstance(given, Mapping) or not all(
                isinstance(k, str) and isinstance(v, str) and v.strip()
                for k, v in given.items()):
            raise VocabularyError(f"{source}: headings: expected an object of non-empty "
                                  "texts, like {\"Instructions\": \"Consignes\"}")
        headings.update(given)
        for section, names in dict(data.get("terms", {})).items():
            if section not in SECTIONS:
                raise VocabularyError(f"{source}: terms: unknown section {section!r}: "
                                      f"expected one of {', '.join(SECTIONS)}")
            if not isinstance(names, Mapping) or not all(
                    isinstance(v, str) and v.strip() for v in names.values()):
                raise VocabularyError(f"{source}: terms.{section}: expected an object of "
                                      "id -> label")
            terms.setdefault(section, {}).update(names)
        return cls(language, headings, terms)


@cache
def _packaged(language: str) -> Labels:
    path = resources.files(__package__).joinpath("labels", f"{language}.json")
    if not path.is_file():
        return Labels(language)
    data = json.loads(path.read_text(encoding="utf-8"))
    return Labels.from_dict(data, language, source=f"stretchkit/labels/{language}.json")
