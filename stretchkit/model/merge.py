"""A three-way merge of two versions of one entry, field by field, as data (no files: the
store's merge driver reads and writes them, `stretchkit.store.gitmerge`).

Two people who changed different fields of one entry both keep their change. How each field
merges:

- most fields (texts, lists such as instructions, tips, cues, FAQ): as a whole value. A field
  changed on one side only takes that side's value; changed on both sides to different values,
  it is a conflict. Lists are not merged item by item: two coaches who reordered and rewrote
  steps would get a sequence neither of them wrote.
- tag sets (`goals`, `targets`, `equipment`, `authors`): as sets. What either side added is
  added, what either side removed is removed; the order is ours, then theirs' additions.
- `dosage`: key by key (hold, breaths, reps, sides); the same key changed differently on both
  sides makes the whole dosage a conflict.
- `reviews`: a log that only grows. What each side appended is kept, in time order (the same
  bytes whichever side merges); if a side removed or rewrote a review, a conflict.
- `updated`: the later time; `created`: the earlier.
- `status`, then the promise (what is published changes only through review): an approval or
  a publication covers the content its reviewer saw. A side whose status is approved or
  published but whose content is not the merged content counts as an edit of a reviewed
  entry, so it goes back to draft, as a save would have done. An approval never silently
  covers a version it did not see.

A published file (`published=True`) is one reviewed version: mixing the content of two
publications would make a version nobody reviewed. When both sides published the same
content, the workflow fields merge as above; when the content differs, the side whose
publish decision is the later one wins as a whole (the order the merged reviews give), so a
published file never conflicts.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from stretchkit.model.entry import Exercise
from stretchkit.model.version import REVIEWED, WORKFLOW_FIELDS

#: Fields merged as sets of tags.
SET_FIELDS = frozenset({"goals", "targets", "equipment", "authors"})
#: Fields whose value is an object merged key by key.
KEYED_FIELDS = frozenset({"dosage"})
#: The sides of a merge, as a conflict names them.
SIDES = ("ours", "theirs")

_MISSING = object()


@dataclass(frozen=True)
class FieldConflict:
    """One field changed differently on both sides: the three values (base None when the
    entry was added on both sides)."""

    field: str
    base: Any
    ours: Any
    theirs: Any


@dataclass(frozen=True)
class MergeResult:
    """The merged entry data (keys in model order; for a conflicted field, ours) and the
    conflicts, in field order. `notes` say what the merge decided on its own (a status sent
    back to draft)."""

    data: dict[str, Any]
    conflicts: tuple[FieldConflict, ...] = ()
    notes: tuple[str, ...] = field(default=())

    @property
    def clean(self) -> bool:
        return not self.conflicts

    @property
    def conflicting_fields(self) -> tuple[str, ...]:
        return tuple(c.field for c in self.conflicts)


def field_order(*entries: Mapping[str, Any]) -> list[str]:
    """The model's fields, then any others the entries hold (so nothing is dropped)."""
    names = list(Exercise.model_fields)
    for entry in entries:
        names += [k for k in entry if k not in names]
    return names


def merge_entries(base: Mapping[str, Any] | None, ours: Mapping[str, Any],
                  theirs: Mapping[str, Any], *, published: bool = False) -> MergeResult:
    """Merge two entries (JSON data, as an entry file holds it) that both changed `base`
    (None when both sides added the entry), field by field; see the module docstring."""
    base = base or {}
    if published and content(ours) != content(theirs):
        return MergeResult(dict(later_publication(ours, theirs)),
                           notes=("two different publications: kept the later one",))
    merged: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name in field_order(base, ours, theirs):
        if name == "status":
            continue  # decided last, once the content is known
        value = _merge_field(name, base.get(name, _MISSING), ours.get(name, _MISSING),
                             theirs.get(name, _MISSING))
        if isinstance(value, FieldConflict):
            conflicts.append(value)
            value = ours.get(name, _MISSING)
        if value is not _MISSING:
            merged[name] = value
    status, notes = merge_status(base, ours, theirs, merged)
    if isinstance(status, FieldConflict):
        conflicts.append(status)
        status = ours.get("status", "draft")
    ordered = {k: (status if k == "status" else merged[k])
               for k in field_order(base, ours, theirs) if k in merged or k == "status"}
    order = list(ordered)
    conflicts.sort(key=lambda c: order.index(c.field) if c.field in order else len(order))
    return MergeResult(ordered, tuple(conflicts), tuple(notes))


def content(entry: Mapping[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in entry.items() if k not in WORKFLOW_FIELDS}


def later_publication(ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> Mapping[str, Any]:
    """Of two published files, the one with the later publish decision (in the order the
    merged reviews take, so both machines choose the same)."""
    def key(entry: Mapping[str, Any]) -> tuple[str, str, str]:
        decisions = [r for r in entry.get("reviews") or [] if isinstance(r, dict)
                     and r.get("decision") == "published"]
        return max((_review_order(r) for r in decisions), default=("", "", ""))

    return theirs if key(theirs) > key(ours) else ours


def _merge_field(name: str, base: Any, ours: Any, theirs: Any) -> Any:
    if ours == theirs:
        return ours
    if ours == base:
        return theirs
    if theirs == base:
        return ours
    if name == "updated":
        return max((v for v in (ours, theirs) if isinstance(v, str)), default=ours)
    if name == "created":
        return min((v for v in (ours, theirs) if isinstance(v, str)), default=ours)
    if name in SET_FIELDS and all(isinstance(v, list) for v in (ours, theirs)):
        return _merge_sets(base if isinstance(base, list) else [], ours, theirs)
    if name in KEYED_FIELDS and all(isinstance(v, dict) for v in (ours, theirs)):
        merged = _merge_keys(base if isinstance(base, dict) else {}, ours, theirs)
        if merged is not None:
            return merged
    if name == "reviews" and all(isinstance(v, list) for v in (ours, theirs)):
        merged_log = _merge_log(base if isinstance(base, list) else [], ours, theirs)
        if merged_log is not None:
            return merged_log
    return FieldConflict(name, None if base is _MISSING else base,
                         None if ours is _MISSING else ours,
                         None if theirs is _MISSING else theirs)


def _merge_sets(base: list, ours: list, theirs: list) -> list:
    removed = [v for v in base if v not in ours or v not in theirs]
    kept = [v for v in ours if v not in removed]
    return kept + [v for v in theirs if v not in kept and v not in removed]


def _merge_keys(base: dict, ours: dict, theirs: dict) -> dict | None:
    out = {}
    for key in [*ours, *(k for k in theirs if k not in ours)]:
        value = _merge_field(key, base.get(key, _MISSING), ours.get(key, _MISSING),
                             theirs.get(key, _MISSING))
        if isinstance(value, FieldConflict):
            return None
        if value is not _MISSING:
            out[key] = value
    return out


def _merge_log(base: list, ours: list, theirs: list) -> list | None:
    """Both sides appended to `base`: base, then every appended record once, by time."""
    if ours[:len(base)] != base or theirs[:len(base)] != base:
        return None
    added = ours[len(base):] + [r for r in theirs[len(base):] if r not in ours[len(base):]]
    added.sort(key=_review_order)
    return base + added


def _review_order(record: Any) -> tuple[str, str, str]:
    """Reviews by time, then by the version decided on (version ids begin with the time to
    the microsecond), then by their text: the same order on every machine, and the last
    publish decision in it is the one `later_publication` keeps."""
    if not isinstance(record, dict):
        return "", "", repr(record)
    return (str(record.get("at") or ""), str(record.get("version") or ""),
            json.dumps(record, sort_keys=True))


def merge_status(base: Mapping[str, Any], ours: Mapping[str, Any],
                 theirs: Mapping[str, Any], merged: Mapping[str, Any]
                 ) -> tuple[str | FieldConflict, list[str]]:
    """The merged status (or a conflict) and what the merge decided on its own.

    A side's approved or published status stands only if its content is the merged content
    (what its reviewer saw); otherwise that side counts as an edit of a reviewed entry: draft.
    """
    merged_content = content(merged)
    notes = []

    def standing(side: Mapping[str, Any]) -> Any:
        status = side.get("status", _MISSING)
        if status in REVIEWED and content(side) != merged_content:
            notes.append(f"status: {status!r} covered other content; back to 'draft' for a "
                         "new review")
            return "draft"
        return status

    status = _merge_field("status", base.get("status", _MISSING), standing(ours),
                          standing(theirs))
    if status is _MISSING:
        status = "draft"
    return status, list(dict.fromkeys(notes))


def resolve(ours: Mapping[str, Any], theirs: Mapping[str, Any],
            picks: Mapping[str, str]) -> dict[str, Any]:
    """The entry data a coach's picks give: each picked field from the side picked ('ours'
    or 'theirs'), every other field as both sides agree. The status is decided again for the
    content picked: approved or published stays only if the content picked is a side's
    content with that status (what its reviewer saw); otherwise draft."""
    data = {}
    for name in field_order(ours, theirs):
        side = theirs if picks.get(name) == "theirs" else ours
        if name in side:
            data[name] = side[name]
    sides = [theirs if picks.get("status") == "theirs" else ours] if "status" in picks \
        else [ours, theirs]
    if data.get("status") in REVIEWED and all(content(data) != content(s) for s in sides):
        data["status"] = "draft"  # an approval covers only the content its reviewer saw
    return data
