"""The review session in plain Python: which entry the reviewer has open, the checklist items
and cues they ticked, their name and comment, and the last message. No widgets here.

Every decision goes through `workflow.change_status`, exactly as the `stretchkit status`
command does; a refused one leaves the entry file as it was and says why in `message`.
"""

from __future__ import annotations

from stretchkit.errors import StretchkitError
from stretchkit.model.entry import Exercise
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

#: The decisions the panel offers: button label -> new status.
ACTIONS: dict[str, str] = {"Approve": "approved", "Request changes": "changes-requested",
                           "Publish": "published"}


class ReviewSession(Session):
    """What a reviewer is looking at and has ticked; decisions go through the workflow.
    Listeners hear 'queue', 'entry', 'ticks' or 'message'."""

    def __init__(self, library: Library, reviewer: str = ""):
        super().__init__()
        self.library = library
        self.template = load_checklist(library.root)
        self.goal = ""
        self.reviewer = reviewer
        self.comment = ""
        self.entry_id: str | None = None
        self.ticks: dict[str, bool] = {}
        self.cue_ticks: list[bool] = []
        self._findings: list[Finding] = []
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
        except ApprovalRefused as exc:
            lines = [f"{f.field}: {f.message}" for f in exc.findings]
            self.say(f"Cannot move to {status!r}: the content checks find {len(lines)} "
                     "error(s).\n" + "\n".join(lines), "warn")
            return None
        except StretchkitError as exc:
            self.say(str(exc), "warn")
            return None
        self.select(saved.id)  # the checks and ticks start over for the next decision
        self.say(f"{saved.name}: now {saved.status} (by {saved.reviews[-1].reviewer}).", "ok")
        self._notify("queue")
        return saved
