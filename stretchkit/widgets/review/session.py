"""The review session in plain Python: which entry the reviewer has open, the checklist items
and cues they ticked, their name and comment, and the last message. No widgets here.

Every decision goes through `workflow.change_status`, exactly as the `stretchkit status`
command does; a refused one leaves the entry file as it was and says why in `message`.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

from stretchkit.errors import ConflictError, NotFoundError, StretchkitError, WorkflowError
from stretchkit.model.entry import Exercise
from stretchkit.model.version import CONTENT_FIELDS, FieldChange, Version, content_of, diff_entries
from stretchkit.review.checks import Finding, lint
from stretchkit.review.workflow import (
    ApprovalRefused,
    ItemState,
    allowed_next,
    change_status,
    evaluate_checklist,
    load_checklist,
    review_queue,
)
from stretchkit.store.library import Library
from stretchkit.widgets.base import Session
from stretchkit.widgets.changes import field_label, version_in_words

log = logging.getLogger("stretchkit.widgets")

#: The decisions the panel offers: button label -> new status.
ACTIONS: dict[str, str] = {"Send to review": "in-review", "Approve": "approved",
                           "Request changes": "changes-requested", "Publish": "published"}
#: A decision as a coach says it: "before approving".
DOING = {"approved": "approving", "changes-requested": "requesting changes",
         "published": "publishing", "in-review": "sending it to review",
         "draft": "sending it back to draft", "archived": "archiving"}
# The workflow's messages say "entry 'id': <field>: ..."; the field tells the cases apart.
_FIELD = re.compile(r"^entry '.*?': (\w+): ")


@dataclass(frozen=True)
class Changes:
    """What a reviewer should read first: how the entry's content differs from the version
    readers have (or the last approved one, or the previous one), field by field.

    `since` says from which version, in words ('' when there is none: the entry is `new`);
    `problem` says why the history could not be read (then there are no changes to show)."""

    since: str = ""
    changes: list[FieldChange] = field(default_factory=list)
    new: bool = False
    problem: str = ""


class ReviewSession(Session):
    """What a reviewer is looking at and has ticked; decisions go through the workflow.
    Listeners hear 'queue', 'entry', 'ticks' or 'message'."""

    def __init__(self, library: Library, reviewer: str | None = None):
        super().__init__()
        self.library = library
        self.template = load_checklist(library.root)
        self.goal = ""
        #: Who decides; by default who is working (`library.user`).
        self.reviewer = library.user if reviewer is None else reviewer
        self.comment = ""
        self.entry_id: str | None = None
        self.ticks: dict[str, bool] = {}
        self.cue_ticks: list[bool] = []
        self._findings: list[Finding] = []
        self.changes = Changes()
        queue = self.queue()
        if queue:
            self.select(queue[0].id)

    # -- reading --------------------------------------------------------------------------
    def queue(self) -> list[Exercise]:
        """Entries to review, in-review first, limited to the chosen goal."""
        return review_queue(self.library, goals=self.goal or None)

    @property
    def entry(self) -> Exercise | None:
        return self.library.get(self.entry_id) if self.entry_id in self.library else None

    @property
    def findings(self) -> list[Finding]:
        return self._findings

    def checklist(self) -> list[ItemState]:
        return evaluate_checklist(self.template, self._findings, self.ticks)

    def allowed(self) -> dict[str, bool]:
        """Which decisions the entry's status allows (button label -> allowed)."""
        entry = self.entry
        nexts = allowed_next(entry.status) if entry else ()
        return {label: status in nexts for label, status in ACTIONS.items()}

    # -- changing -------------------------------------------------------------------------
    def set_goal(self, goal: str) -> None:
        self.goal = goal or ""
        queue = self.queue()
        if self.entry_id not in {e.id for e in queue}:
            self.select(queue[0].id if queue else None)
        self._notify("queue")

    def select(self, entry_id: str | None) -> None:
        """Open an entry: run its checks, clear the ticks, the comment and the message."""
        self.entry_id = entry_id
        entry = self.entry
        self._findings = lint(entry) if entry else []
        self.changes = self._changes(entry_id) if entry else Changes()
        self.ticks = {i.id: False for i in self.template if i.kind == "manual"}
        self.cue_ticks = [False] * (len(entry.cues) if entry else 0)
        self.comment = ""
        self.clear_message()
        self._notify("entry")

    def tick(self, item_id: str, value: bool) -> None:
        if item_id not in self.ticks:
            raise KeyError(f"{item_id!r} is not a manual checklist item")
        self.ticks[item_id] = bool(value)
        self._notify("ticks")

    def tick_cue(self, index: int, value: bool) -> None:
        self.cue_ticks[index] = bool(value)
        self._notify("ticks")

    def decide(self, label_or_status: str) -> Exercise | None:
        """Take a decision ('Approve', or a status) for the open entry. Returns the saved
        entry, or None with the reason the workflow refused it in `message` ("warn")."""
        status = ACTIONS.get(label_or_status, label_or_status)
        if self.entry_id is None:
            self.say("Choose an entry in the queue first.", "warn")
            return None
        try:
            saved = change_status(self.library, self.entry_id, status, reviewer=self.reviewer,
                                  comment=self.comment, checklist=self.ticks)
        except StretchkitError as exc:
            log.info("decision refused: %s", exc)  # the precise form, for whoever reads logs
            self.say(self._in_words(exc, status), "warn")
            return None
        self.select(saved.id)  # the checks and ticks start over for the next decision
        self.say(f"{saved.name}: now {saved.status} (by {saved.reviews[-1].reviewer}).", "ok")
        self._notify("queue")
        return saved

    # -- what the reviewer reads ------------------------------------------------------------
    def _changes(self, entry_id: str) -> Changes:
        """The changes of the working copy since the published version, else the last
        approved one, else the previous version whose content differs."""
        library = self.library
        try:
            working = library.version(entry_id, "working")
            if library.is_live(entry_id):
                base = library.version(entry_id, "published")
                since = f"the published version ({version_in_words(base)})"
            else:
                base = self._approved(entry_id, working)
                since = f"the approved version ({version_in_words(base)})" if base else ""
                if base is None:
                    base = self._previous(entry_id, working)
                    since = f"the previous version ({version_in_words(base)})" if base else ""
        except (StretchkitError, OSError) as exc:
            return Changes(problem=f"The history of this entry cannot be read: {exc}")
        if base is None:
            return Changes(new=True)
        return Changes(since, diff_entries(base.entry, working.entry, CONTENT_FIELDS))

    def _approved(self, entry_id: str, working: Version) -> Version | None:
        try:
            approved = self.library.version(entry_id, "approved")
        except NotFoundError:
            return None
        return approved if content_of(approved.entry) != content_of(working.entry) else None

    def _previous(self, entry_id: str, working: Version) -> Version | None:
        # Status moves make versions with the same content: the one before the last edit
        # is the one worth comparing with.
        versions = self.library.versions(entry_id)
        ids = [v.id for v in versions]
        before = versions[:ids.index(working.id)] if working.id in ids else versions
        mine = content_of(working.entry)
        return next((v for v in reversed(before) if content_of(v.entry) != mine), None)

    def _in_words(self, exc: StretchkitError, status: str) -> str:
        """A refused decision as a coach reads it (the command line keeps the workflow's
        precise message)."""
        doing = DOING.get(status, f"moving it to {status}")
        if isinstance(exc, ApprovalRefused):
            lines = [f"{field_label(f.field)}: {f.message}" for f in exc.findings]
            n = len(lines)
            return (f"The content checks find {n} problem{'s' if n != 1 else ''} to fix before "
                    f"{doing}:\n" + "\n".join(lines))
        if isinstance(exc, ConflictError):
            return ("Someone else changed this entry since you opened it: pick it again in the "
                    "queue to see their version.")
        if not isinstance(exc, WorkflowError):
            return str(exc)
        match = _FIELD.match(str(exc))
        where = match.group(1) if match else str(exc).split(":", 1)[0]
        entry = self.entry
        if where == "reviewer" and not self.reviewer.strip():
            return f"Type your name before {doing}."
        if where == "reviewer":
            since = " since it was last published" if self.library.is_live(self.entry_id) else ""
            return f"You changed this entry{since}: someone else must approve it."
        if where == "comment":
            return f"Write in the comment what to change before {doing}."
        if where == "checklist":
            labels = [i.label for i in self.template
                      if i.kind == "manual" and not self.ticks.get(i.id)]
            return f"Tick every manual item before {doing}: {'; '.join(labels)}."
        if where == "status" and "no approved version" in str(exc):
            return "Approve this entry before publishing it."
        if where == "status" and "changed since version" in str(exc):
            return "This entry changed since it was approved: it needs a new review first."
        if where == "status" and entry is not None:
            return f"This entry is {entry.status.replace('-', ' ')}: that is not possible now."
        return str(exc)
