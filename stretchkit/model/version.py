"""Versions of an entry, as data: what one version records, what counts as content, how two
entries differ field by field, and how people's names are compared. No files here: the store
keeps versions on disk (`stretchkit.store.history`).
"""

from __future__ import annotations

import copy
import difflib
import functools
import hashlib
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field

from stretchkit.model.entry import Exercise

#: Fields that record the workflow, not the entry's content: changing only these is a
#: decision, not authorship, and does not send a published entry back to draft.
WORKFLOW_FIELDS = frozenset({"status", "reviews", "updated"})
#: Statuses only review gives: a save never moves an entry to them, and editing the content
#: of an entry in one of them sends it back to draft.
REVIEWED = frozenset({"approved", "published"})
#: Everything a reader sees and an author writes.
CONTENT_FIELDS = tuple(f for f in Exercise.model_fields if f not in WORKFLOW_FIELDS)

#: Why a version was recorded.
Event = Literal["migrate", "create", "edit", "save", "restore", "decision", "outside",
                "merge"]


class Version(BaseModel):
    """One saved state of an entry: the whole entry, who saved it, when, and its parent.

    `changed` names the fields that differ from the parent (all of them for the first
    version), so a history reads without loading every parent.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str
    entry_id: str
    parent: str | None
    by: str
    at: AwareDatetime
    event: Event
    status: str
    changed: tuple[str, ...] = ()
    entry: dict[str, Any] = Field(repr=False)

    def content(self) -> dict[str, Any]:
        return {k: v for k, v in self.entry.items() if k not in WORKFLOW_FIELDS}

    @property
    def authored(self) -> bool:
        """Whether this version changed the content (a decision or a migration does not)."""
        return self.event not in ("decision", "migrate") and \
            any(f not in WORKFLOW_FIELDS for f in self.changed)


def version_id(at: datetime, entry_bytes: bytes) -> str:
    """`20261130T083000123456Z-1a2b3c4d5e6f`: the time to the microsecond (so names sort in
    the order they were made) and a digest of the entry's bytes, so two machines never write
    the same name for different versions."""
    stamp = at.strftime("%Y%m%dT%H%M%S%fZ")
    return f"{stamp}-{hashlib.sha256(entry_bytes).hexdigest()[:12]}"


def digest_of(version: str) -> str:
    """The entry digest a version id ends with."""
    return version.rsplit("-", 1)[-1]


def content_of(entry: Exercise | dict[str, Any]) -> dict[str, Any]:
    """The entry's content fields as JSON data (what authors write). A version written before
    a field was added to the model reads with that field's default, as the model reads it."""
    if isinstance(entry, Exercise):
        data = entry.model_dump(mode="json")
    else:
        data = {**{k: copy.deepcopy(default) for k in Exercise.model_fields if k not in entry
                   and (default := json_default(k)) is not _NO_DEFAULT}, **entry}
    return {k: v for k, v in data.items() if k not in WORKFLOW_FIELDS}


_NO_DEFAULT = object()


@functools.cache
def json_default(field: str) -> Any:
    """A field's default as an entry file holds it (`[]`, `{}`, `null`, `"draft"`), or a
    marker that equals nothing for a required field."""
    info = Exercise.model_fields[field]
    if info.is_required():
        return _NO_DEFAULT
    value = info.get_default(call_default_factory=True)
    return value.model_dump(mode="json") if hasattr(value, "model_dump") else value


def changed_fields(old: dict[str, Any] | None, new: dict[str, Any]) -> tuple[str, ...]:
    """The fields whose values differ, in the entry's field order (all for a first version)."""
    if old is None:
        return tuple(k for k in Exercise.model_fields if k in new)
    return tuple(k for k in Exercise.model_fields if old.get(k) != new.get(k))


# -- a field-by-field diff --------------------------------------------------------------------
@dataclass(frozen=True)
class FieldChange:
    """One field that differs: the lines removed and the lines added (a text is one line, a
    list one line per item, an object one line per key)."""

    field: str
    removed: tuple[str, ...]
    added: tuple[str, ...]


def value_lines(value: Any) -> list[str]:
    """A field's value as the lines a diff shows: a text is one line, a list one line per
    item, an object one line per key that is set; nothing for an empty value."""
    return _lines(value)


def _lines(value: Any) -> list[str]:
    if value is None or value == "" or value == []:
        return []
    if isinstance(value, list):
        return [_item_line(v) for v in value]
    if isinstance(value, dict):
        return [f"{k}: {_item_line(v)}" for k, v in value.items() if v not in (None, [], "")]
    return [str(value)]


def _item_line(value: Any) -> str:
    if isinstance(value, dict):
        return " | ".join(f"{k}: {v}" for k, v in value.items() if v not in (None, "", []))
    if isinstance(value, list):
        return ", ".join(map(str, value))
    return str(value)


def diff_entries(old: dict[str, Any] | None, new: dict[str, Any],
                 fields: tuple[str, ...] | None = None) -> list[FieldChange]:
    """How `new` differs from `old` (entries as JSON data), field by field, in field order;
    for a list only the items removed and added (items kept in place are not repeated)."""
    out = []
    for field in fields or tuple(Exercise.model_fields):
        before = _lines((old or {}).get(field))
        after = _lines(new.get(field))
        if before == after:
            continue
        removed: list[str] = []
        added: list[str] = []
        matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes():
            if tag != "equal":
                removed += before[i1:i2]
                added += after[j1:j2]
        out.append(FieldChange(field, tuple(removed), tuple(added)))
    return out


# -- people -----------------------------------------------------------------------------------
def person_key(name: str) -> str:
    """A name as a person would compare it: Unicode forms, case and spacing do not make
    another person ('Ana  Author', 'ana author' and 'Ana Author' are one)."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


def same_person(a: str, b: str) -> bool:
    return bool(person_key(a)) and person_key(a) == person_key(b)
