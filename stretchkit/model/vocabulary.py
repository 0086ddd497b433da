"""The controlled vocabulary: goals, body areas, positions, kinds, levels, equipment and the
conditions an entry's precautions name.

The vocabulary is data. The kit ships a default (`vocabulary.json` in this package); a data
folder may carry its own `vocabulary.json` that extends the default (`"mode": "extend"`, the
default) or replaces it (`"mode": "replace"`). This module does no file I/O of its own beyond
reading the packaged default; reading a data folder's file is the library's job.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

from stretchkit.errors import VocabularyError

#: Section name -> how one value of it is called in messages.
SECTIONS: dict[str, str] = {
    "goals": "goal",
    "targets": "body area",
    "positions": "position",
    "kinds": "kind",
    "levels": "level",
    "equipment": "equipment",
    "conditions": "condition",
}

_SEPARATORS = re.compile(r"[\s_]+")


def _key(value: str) -> str:
    """Lookup key: case, surrounding space and space/underscore separators do not matter."""
    return _SEPARATORS.sub("-", value.strip().casefold())


@dataclass(frozen=True)
class Term:
    id: str
    label: str
    description: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Vocabulary:
    """Allowed values per section, with the alias lookup built once."""

    sections: Mapping[str, tuple[Term, ...]]
    _lookup: dict[str, dict[str, str]] = field(init=False, repr=False, compare=False)
    _id_sets: dict[str, frozenset[str]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        lookup: dict[str, dict[str, str]] = {}
        for section, terms in self.sections.items():
            table: dict[str, str] = {}
            for term in terms:
                for name in (term.label, *term.aliases):
                    table.setdefault(_key(name), term.id)
            for term in terms:  # ids win over any alias that happens to spell another id
                table[_key(term.id)] = term.id
            lookup[section] = table
        object.__setattr__(self, "_lookup", lookup)
        object.__setattr__(self, "_id_sets", {section: frozenset(t.id for t in terms)
                                              for section, terms in self.sections.items()})

    # -- building -------------------------------------------------------------------------
    @classmethod
    def default(cls) -> Vocabulary:
        """The vocabulary shipped with stretchkit."""
        return _default_vocabulary()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], base: Vocabulary | None = None,
                  source: str = "vocabulary") -> Vocabulary:
        """Build from parsed JSON. With `base`, `"mode": "extend"` (the default) adds to it
        and overrides terms with the same id; `"mode": "replace"` replaces the sections given.
        """
        if not isinstance(data, Mapping):
            raise VocabularyError(f"{source}: expected a JSON object, got {type(data).__name__}")
        mode = data.get("mode", "extend")
        if mode not in ("extend", "replace"):
            raise VocabularyError(f"{source}: mode: expected 'extend' or 'replace', got {mode!r}")
        unknown = sorted(set(data) - set(SECTIONS) - {"mode", "$schema", "description"})
        if unknown:
            raise VocabularyError(
                f"{source}: unknown section {unknown[0]!r}: expected one of {', '.join(SECTIONS)}")
        sections: dict[str, tuple[Term, ...]] = dict(base.sections) if base else {}
        for section in SECTIONS:
            if section not in data:
                sections.setdefault(section, ())
                continue
            new_terms = tuple(_term(item, f"{source}: {section}[{i}]")
                              for i, item in enumerate(data[section]))
            if mode == "replace" or base is None:
                sections[section] = new_terms
            else:
                merged = {t.id: t for t in sections.get(section, ())}
                merged.update({t.id: t for t in new_terms})
                sections[section] = tuple(merged.values())
        return cls(sections)

    def to_dict(self) -> dict[str, list[dict[str, Any]]]:
        return {s: [{"id": t.id, "label": t.label, "description": t.description,
                     "aliases": list(t.aliases)} for t in terms]
                for s, terms in self.sections.items()}

    # -- asking ---------------------------------------------------------------------------
    def ids(self, section: str) -> list[str]:
        return [t.id for t in self.terms(section)]

    def terms(self, section: str) -> tuple[Term, ...]:
        if section not in SECTIONS:
            raise VocabularyError(f"unknown vocabulary section {section!r}: "
                                  f"expected one of {', '.join(SECTIONS)}")
        return self.sections.get(section, ())

    def label(self, section: str, value: str) -> str:
        for term in self.terms(section):
            if term.id == value:
                return term.label
        return value

    def is_ids(self, section: str, values: object) -> bool:
        """Whether `values` is a list of distinct ids of `section`, as every saved entry's
        lists are: the fast path of validation (no aliases to resolve, no repeats to drop)."""
        ids = self._id_sets.get(section)
        return (ids is not None and type(values) is list
                and all(type(v) is str for v in values)
                and ids.issuperset(values) and len(set(values)) == len(values))

    def normalise(self, section: str, value: str) -> str:
        """The term id for `value` (an id, label or alias), or a VocabularyError that lists
        the allowed ids and suggests the closest one."""
        if type(value) is str and value in self._id_sets.get(section, ()):
            return value  # already an id: most values are
        table = self._lookup.get(section)
        if table is None:
            self.terms(section)  # raises the unknown-section error
            table = {}
        if not isinstance(value, str):
            raise VocabularyError(f"expected a {SECTIONS[section]} id (text), "
                                  f"got {type(value).__name__} {value!r}")
        found = table.get(_key(value))
        if found is not None:
            return found
        raise VocabularyError(self._unknown_message(section, value))

    def _unknown_message(self, section: str, value: str) -> str:
        noun = SECTIONS[section]
        allowed = self.ids(section)
        table = self._lookup.get(section, {})  # a vocabulary built without the section has none
        close = difflib.get_close_matches(_key(value), list(table), n=1, cutoff=0.6)
        hint = f": did you mean {table[close[0]]!r}?" if close else ""
        return f"unknown {noun} {value!r}{hint} (allowed: {', '.join(allowed) or 'none'})"

    def normalise_all(self, section: str, values: Iterable[str]) -> list[str]:
        """Normalise each value and drop repeats, keeping the first occurrence's place."""
        out: list[str] = []
        for v in values:
            nv = self.normalise(section, v)
            if nv not in out:
                out.append(nv)
        return out


def _term(item: Any, where: str) -> Term:
    if isinstance(item, str):
        return Term(id=item, label=item.replace("-", " ").capitalize())
    if not isinstance(item, Mapping) or not isinstance(item.get("id"), str):
        raise VocabularyError(f"{where}: expected an object with a text 'id', got {item!r}")
    extra = set(item) - {"id", "label", "description", "aliases"}
    if extra:
        raise VocabularyError(f"{where}: unknown key {sorted(extra)[0]!r}: "
                              "expected id, label, description, aliases")
    aliases = item.get("aliases", [])
    if not isinstance(aliases, list) or not all(isinstance(a, str) for a in aliases):
        raise VocabularyError(f"{where}: aliases: expected a list of text, got {aliases!r}")
    return Term(id=item["id"], label=str(item.get("label") or item["id"]),
                description=str(item.get("description", "")), aliases=tuple(aliases))


@cache
def _default_vocabulary() -> Vocabulary:
    text = resources.files(__package__).joinpath("vocabulary.json").read_text(encoding="utf-8")
    return Vocabulary.from_dict(json.loads(text), source="stretchkit/vocabulary.json")
