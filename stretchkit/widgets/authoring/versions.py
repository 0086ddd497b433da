"""The history of the entry open in an AuthoringSession, in plain Python: its versions newest
first (when, who, why, which fields changed, which one readers have), a preview of any one,
and restoring one. No widgets here (history.py shows it).

The versions are read when asked for (`refresh`), not on every keystroke or every entry opened:
a long history is many files.
"""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import ValidationError

from stretchkit.errors import StretchkitError
from stretchkit.model.entry import Exercise
from stretchkit.model.version import WORKFLOW_FIELDS, Version
from stretchkit.render.html import escape_html, render_html
from stretchkit.store.history import is_publication, last_publication
from stretchkit.widgets.authoring.session import AuthoringSession
from stretchkit.widgets.changes import fields_in_words, version_in_words, version_time

#: Why a version was recorded, as a coach says it.
EVENTS = {"create": "created", "edit": "edited", "save": "saved", "restore": "restored",
          "decision": "review decision", "migrate": "first recorded version",
          "outside": "changed outside the app", "merge": "merge finished"}


@dataclass(frozen=True)
class VersionRow:
    """One line of the history: the version, and whether readers have it (`live`), it was
    published once (`published`), or it is the working copy (`working`)."""

    version: Version
    live: bool = False
    published: bool = False
    working: bool = False

    @property
    def label(self) -> str:
        """One line of plain text: '2026-11-30 08:58 UTC · Ana · edited: Summary, Tips
        (now draft) · ● working copy'."""
        v = self.version
        what = EVENTS.get(v.event, v.event)
        content = [f for f in v.changed if f not in WORKFLOW_FIELDS]
        if v.event == "decision":
            what = f"{what}: {v.status.replace('-', ' ')}"
        elif content and v.event not in ("create", "migrate"):
            what = f"{what}: {fields_in_words(content)}"
            if "status" in v.changed:  # an edit of a reviewed entry sends it back
                what += f" (now {v.status.replace('-', ' ')})"
        parts = [version_time(v.at), v.by or "(no name)", what]
        if self.live:
            parts.append("★ published, readers see this")
        elif self.published:
            parts.append("was published")
        if self.working:
            parts.append("● working copy")
        return " · ".join(parts)


class EntryHistory:
    """The versions of `session`'s open entry. `rows` is filled by `refresh`; `selected` is
    the version whose preview is shown; `restore` goes through the session."""

    def __init__(self, session: AuthoringSession):
        self.session = session
        self.library = session.library
        self.rows: list[VersionRow] = []
        self.selected: str | None = None
        self.problem = ""  # why the history could not be read

    @property
    def entry_id(self) -> str | None:
        return self.session.current_id

    def refresh(self) -> None:
        """Read the open entry's versions again (none for an entry never saved), and pick
        the newest."""
        self.rows, self.problem = [], ""
        entry_id = self.entry_id
        if entry_id is None:
            self.selected = None
            return
        try:
            working = self.library.head(entry_id)
            versions = self.library.versions(entry_id)
        except (StretchkitError, OSError) as exc:
            self.problem = f"The history of this entry cannot be read: {exc}"
            self.selected = None
            return
        live = last_publication(versions) if self.library.is_live(entry_id) else None
        self.rows = [VersionRow(v, live=v is live, published=is_publication(v),
                                working=v.id == working) for v in reversed(versions)]
        self.selected = self.rows[0].version.id if self.rows else None  # the newest

    def row(self, version_id: str) -> VersionRow:
        return next(r for r in self.rows if r.version.id == version_id)

    def select(self, version_id: str | None) -> None:
        self.selected = version_id

    def preview_html(self) -> str:
        """The selected version as readers would see it (escaped and sanitised by
        `render_html`), or why it cannot be shown."""
        if self.selected is None:
            return ""
        version = self.row(self.selected).version
        try:
            entry = Exercise.model_validate(version.entry,
                                            context={"vocabulary": self.library.vocabulary})
        except ValidationError as exc:  # e.g. a term the vocabulary no longer has
            first = exc.errors(include_url=False)[0]
            where = ".".join(map(str, first["loc"]))
            return (f'<p class="sk-tone-warn">This version cannot be shown with today\'s '
                    f"vocabulary: {escape_html(where)}: {escape_html(first['msg'])}</p>")
        return render_html(entry, self.library.vocabulary, self.library.images)

    def restore(self) -> bool:
        """Restore the selected version through the session (which reopens the entry)."""
        if self.selected is None:
            self.session.say("Choose a version to restore first.", "warn")
            return False
        version = self.row(self.selected).version
        done = self.session.restore_version(version.id, version_in_words(version))
        if done:
            self.refresh()
        return done
