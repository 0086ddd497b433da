"""The merge-conflict session in plain Python: which conflicted entry is open, both values of
each conflicting field, the coach's pick per field, and finishing the merge through
`Library.resolve_conflict`. No widgets here.

A git merge the kit's driver could not finish leaves the entry file with both values of each
field two people changed differently; the library does not load it as an entry until a coach
has picked one value per field. Listeners hear 'opened', 'picked', 'resolved' or 'message'.
"""

from __future__ import annotations

from dataclasses import dataclass

from stretchkit.errors import ConflictError, EntryError, StretchkitError
from stretchkit.model.entry import Exercise
from stretchkit.model.merge import SIDES
from stretchkit.model.version import REVIEWED, value_lines
from stretchkit.store.library import Library
from stretchkit.widgets.base import Session
from stretchkit.widgets.changes import field_label, fields_in_words

#: What each side is called for a coach (git's "ours" is this clone, "theirs" what was pulled).
SIDE_LABELS = {"ours": "This computer's", "theirs": "Pulled from the team"}


@dataclass(frozen=True)
class FieldChoice:
    """One conflicting field as the panel shows it: its label, each side's value as lines
    (the base's too, when the file has it), and the side picked so far (None: not yet)."""

    field: str
    label: str
    ours: tuple[str, ...]
    theirs: tuple[str, ...]
    base: tuple[str, ...] | None
    picked: str | None


class ConflictSession(Session):
    """Conflicted entries of one Library, one open at a time, and the picks for it."""

    def __init__(self, library: Library):
        super().__init__()
        self.library = library
        self.current_id: str | None = None
        self.picks: dict[str, str] = {}
        self.resolved: list[str] = []  # ids finished in this session, in order
        self.open_first()

    @property
    def ids(self) -> list[str]:
        """Entries waiting for a coach's picks, by id."""
        return self.library.conflicts()

    def open_first(self) -> None:
        ids = self.ids
        if ids:
            self.open(ids[0])
        else:
            self.current_id, self.picks = None, {}
            self._notify("opened")

    def open(self, entry_id: str) -> None:
        """Show the conflict of `entry_id` (picks start empty)."""
        self.library.conflict(entry_id)  # NotFoundError if it has none
        self.current_id, self.picks = entry_id, {}
        self.clear_message()
        self._notify("opened")

    @property
    def choices(self) -> list[FieldChoice]:
        """The conflicting fields of the open entry, in field order."""
        if self.current_id is None:
            return []
        conflict = self.library.conflict(self.current_id)
        base = conflict.base
        return [FieldChoice(f, field_label(f), tuple(value_lines(conflict.ours.get(f))),
                            tuple(value_lines(conflict.theirs.get(f))),
                            None if base is None else tuple(value_lines(base.get(f))),
                            self.picks.get(f))
                for f in conflict.fields]

    @property
    def missing(self) -> list[str]:
        """Conflicting fields not picked yet."""
        return [c.field for c in self.choices if c.picked is None]

    @property
    def ready(self) -> bool:
        return self.current_id is not None and not self.missing

    def pick(self, field: str, side: str) -> None:
        """Keep `side` ('ours' or 'theirs') of `field`."""
        if self.current_id is None:
            raise StretchkitError("no merge conflict is open")
        if side not in SIDES:
            raise ValueError(f"side: expected 'ours' or 'theirs', got {side!r}")
        if field not in self.library.conflict(self.current_id).fields:
            raise ValueError(f"{field}: not a conflicting field of {self.current_id!r}")
        self.picks[field] = side
        self._notify("picked")

    def pick_all(self, side: str) -> None:
        """Keep `side` for every conflicting field."""
        for choice in self.choices:
            self.picks[choice.field] = side
        self._notify("picked")

    def resolve(self) -> Exercise | None:
        """Finish the merge of the open entry with the picks; the entry as saved, or None
        when refused (the message says why and the picks stay)."""
        if self.current_id is None:
            self.say("No entry waits for a merge.", "warn")
            return None
        if self.missing:
            self.say(f"Pick a value for {fields_in_words(self.missing)} first.", "warn")
            return None
        entry_id = self.current_id
        before = self.library.conflict(entry_id)
        try:
            entry = self.library.resolve_conflict(entry_id, dict(self.picks))
        except (ConflictError, EntryError) as exc:
            self.say(f"Not merged: {exc}", "warn")
            return None
        self.resolved.append(entry_id)
        decided = {before.ours.get("status"), before.theirs.get("status")} & set(REVIEWED)
        status = (" Its approval covered other content, so it is a draft again and waits "
                  "for review." if decided and entry.status == "draft" else "")
        left = self.ids
        self.current_id, self.picks = (left[0], {}) if left else (None, {})
        self.say(f"Merged {entry.name}: saved with the values you picked.{status}"
                 + (f" {len(left)} more to go." if left else " Commit it with git."),
                 "ok", "resolved")
        return entry
