"""The review panel: the queue, the entry as readers see it, its cue checklist, the content
checklist with the automatic items already decided, and Approve / Request changes / Publish.

`ReviewSession` holds the state in plain Python (which entry, which items the reviewer ticked,
the last message) and makes every decision through `workflow.change_status`, exactly as the
`stretchkit status` command does. `ReviewPanel` shows a session and forwards clicks to it; no
callback raises into the page: a refused decision becomes a message next to the buttons.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from stretchkit.errors import StretchkitError
from stretchkit.model.entry import Exercise
from stretchkit.render.html import escape_html as _e
from stretchkit.render.html import render_html
from stretchkit.review.cards import CARD_CSS, cue_card_body, cue_card_html
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
from stretchkit.widgets.authoring.fields import classed as _classed

log = logging.getLogger(__name__)


def _replace_children(box: w.Box, rows: list[w.Widget] | tuple[()]) -> None:
    """Show new rows and close the old ones: rows are rebuilt for every entry, and widgets
    left open would pile up in the kernel and the page over a long review session."""
    old = box.children
    box.children = tuple(rows)
    for row in old:
        for child in getattr(row, "children", ()):
            child.close()
        row.close()

#: The decisions the panel offers: button label -> new status.
ACTIONS: dict[str, str] = {"Approve": "approved", "Request changes": "changes-requested",
                           "Publish": "published"}
_STATUS_MARK = {"in-review": "●", "approved": "✔", "changes-requested": "✎", "draft": "○",
                "published": "★", "archived": "▪"}
_CSS = """<style>
.sk-review .sk-line{line-height:1.35;display:inline-block;padding-top:5px}
.sk-review .sk-reasons{font-size:.85em;color:#627d98;line-height:1.3}
.sk-review .sk-reasons.sk-fail{color:#b42318;margin:2px 0 4px}
.sk-review .sk-sub{font-size:.85em;color:#486581;margin:6px 0 0;font-weight:600}
.sk-review .sk-phase{font-size:.75em;text-transform:uppercase;letter-spacing:.04em;
  color:#627d98;background:#f0f4f8;border-radius:4px;padding:0 .35em}
.sk-review .sk-key-cue{font-size:.72em;font-weight:700;color:#fff;background:#b44d12;
  border-radius:3px;padding:0 .35em}
.sk-review .sk-panel-title{font-weight:600;color:#0b6e6e;margin:6px 0 2px}
.sk-review a{color:#0b6e6e;text-decoration:underline;font-weight:600}
.sk-review .sk-msg-ok{color:#0b6e6e;font-weight:600}
.sk-review .sk-msg-error{color:#b42318;white-space:pre-wrap}
</style>"""


_TICK = w.Layout(width="28px", min_width="28px", flex="0 0 auto")
_ROW = w.Layout(width="100%", align_items="flex-start")


def _download_link(html: str, filename: str, text: str) -> str:
    doc = base64.b64encode(html.encode("utf-8")).decode("ascii")
    return (f'<a download="{_e(filename)}" href="data:text/html;base64,{doc}">'
            f"{_e(text)}</a>")


def cue_cards_link(entries: list[Exercise], vocabulary: Any = None,
                   filename: str = "cue-cards.html") -> w.HTML:
    """A link that downloads one printable HTML file with a cue card per entry."""
    if not entries:
        return _classed(w.HTML("<p>No entries to print.</p>"), "sk-cue-cards-link")
    text = f"Download {len(entries)} printable cue card(s) (HTML; print one per page)"
    return _classed(w.HTML(_download_link(cue_card_html(entries, vocabulary), filename, text)),
                    "sk-cue-cards-link")


class ReviewSession:
    """What a reviewer is looking at and has ticked; decisions go through the workflow."""

    def __init__(self, library: Library, reviewer: str = ""):
        self.library = library
        self.template = load_checklist(library.root)
        self.goal = ""
        self.reviewer = reviewer
        self.comment = ""
        self.entry_id: str | None = None
        self.ticks: dict[str, bool] = {}
        self.cue_ticks: list[bool] = []
        self.message: tuple[str, str] = ("", "")  # (kind: "ok" | "error" | "", text)
        self._findings: list[Finding] = []
        self._listeners: list[Callable[[str], None]] = []
        queue = self.queue()
        if queue:
            self.select(queue[0].id)

    # -- observing ------------------------------------------------------------------------
    def observe(self, callback: Callable[[str], None]) -> None:
        """Call `callback(reason)` after every change ('queue', 'entry', 'ticks', 'message')."""
        self._listeners.append(callback)

    def _changed(self, reason: str) -> None:
        for callback in self._listeners:
            callback(reason)

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
        self._changed("queue")

    def select(self, entry_id: str | None) -> None:
        """Open an entry: run its checks, clear the ticks and the comment."""
        self.entry_id = entry_id
        entry = self.entry
        self._findings = lint(entry) if entry else []
        self.ticks = {i.id: False for i in self.template if i.kind == "manual"}
        self.cue_ticks = [False] * (len(entry.cues) if entry else 0)
        self.comment = ""
        self.message = ("", "")
        self._changed("entry")

    def tick(self, item_id: str, value: bool) -> None:
        if item_id not in self.ticks:
            raise KeyError(f"{item_id!r} is not a manual checklist item")
        self.ticks[item_id] = bool(value)
        self._changed("ticks")

    def tick_cue(self, index: int, value: bool) -> None:
        self.cue_ticks[index] = bool(value)
        self._changed("ticks")

    def decide(self, label_or_status: str) -> Exercise | None:
        """Take a decision ('Approve', or a status) for the open entry. Returns the saved
        entry, or None with the reason in `message`; never raises."""
        status = ACTIONS.get(label_or_status, label_or_status)
        if self.entry_id is None:
            self._say("error", "Choose an entry in the queue first.")
            return None
        try:
            saved = change_status(self.library, self.entry_id, status, reviewer=self.reviewer,
                                  comment=self.comment, checklist=self.ticks)
        except ApprovalRefused as exc:
            lines = [f"{f.field}: {f.message}" for f in exc.findings]
            self._say("error", f"Cannot move to {status!r}: the content checks find "
                               f"{len(lines)} error(s).\n" + "\n".join(lines))
            return None
        except StretchkitError as exc:
            self._say("error", str(exc))
            return None
        except Exception as exc:  # keep the page alive; say what went wrong
            log.warning("review decision failed", exc_info=exc)  # to the log, not the page
            self._say("error", f"Unexpected problem: {type(exc).__name__}: {exc}")
            return None
        self.select(saved.id)  # the checks and ticks start over for the next decision
        self._say("ok", f"{saved.name}: now {saved.status} (by {saved.reviews[-1].reviewer}).")
        self._changed("queue")
        return saved

    def _say(self, kind: str, text: str) -> None:
        self.message = (kind, text)
        self._changed("message")


class ReviewPanel:
    """Widgets over a ReviewSession. `panel.widget` is what a notebook displays."""

    def __init__(self, library: Library | ReviewSession, reviewer: str = ""):
        self.session = library if isinstance(library, ReviewSession) else \
            ReviewSession(library, reviewer)
        s = self.session
        vocab = s.library.vocabulary
        self._quiet = False

        goals = [("All goals", "")] + [(vocab.label("goals", g), g) for g in vocab.ids("goals")]
        self.goal = _classed(w.Dropdown(options=goals, value="", description="Goal"),
                             "sk-review-goal")
        self.queue = _classed(w.Select(options=[], rows=14, layout=w.Layout(width="100%")),
                              "sk-review-queue")
        self.count = w.HTML()
        scroll = {"max_height": "720px", "overflow": "auto"}
        self.preview = _classed(w.HTML(layout=w.Layout(**scroll)), "sk-review-preview")
        self.card = _classed(w.HTML(layout=w.Layout(**scroll)), "sk-review-card")
        self.card_link = _classed(w.HTML(), "sk-review-card-link")
        self.cues = _classed(w.VBox(), "sk-review-cues")
        self.cue_count = w.HTML()
        self.items = _classed(w.VBox(), "sk-review-checklist")
        self.reviewer = _classed(w.Text(value=s.reviewer, description="Reviewer",
                                        placeholder="your name"), "sk-review-reviewer")
        self.comment = _classed(w.Textarea(description="Comment", placeholder="what to change,"
                                           " or a note for the record",
                                           layout=w.Layout(width="100%", height="70px")),
                                "sk-review-comment")
        self.buttons = {label: _classed(w.Button(description=label, button_style=style),
                                        f"sk-review-{status}")
                        for (label, status), style in zip(ACTIONS.items(),
                                                          ("success", "warning", "info"),
                                                          strict=True)}
        self.message = _classed(w.HTML(), "sk-review-message")
        self._cue_boxes: list[w.Checkbox] = []
        self._item_boxes: dict[str, w.Checkbox] = {}
        self._item_notes: dict[str, w.HTML] = {}
        self._queue_ids: list[str] = []

        self.goal.observe(self._guard(lambda ch: s.set_goal(ch["new"])), "value")
        self.queue.observe(self._guard(self._on_pick), "value")
        self.reviewer.observe(self._guard(lambda ch: setattr(s, "reviewer", ch["new"])),
                              "value")
        self.comment.observe(self._guard(lambda ch: setattr(s, "comment", ch["new"])), "value")
        for label, button in self.buttons.items():
            button.on_click(self._guard(lambda _, label=label: s.decide(label)))
        s.observe(self._guard(self._on_session))

        tabs = w.Tab([self.preview, w.VBox([self.card_link, self.card])])
        tabs.set_title(0, "Preview")
        tabs.set_title(1, "Cue card")
        left = w.VBox([self.goal, self.count, self.queue], layout=w.Layout(width="30%"))
        right = w.VBox([
            w.HTML('<div class="sk-panel-title">Cue checklist</div>'), self.cue_count,
            self.cues,
            w.HTML('<div class="sk-panel-title">Content checklist</div>'), self.items,
            self.reviewer, self.comment, w.HBox(list(self.buttons.values())), self.message,
        ], layout=w.Layout(width="36%"))
        self.widget = _classed(w.VBox([w.HTML(_CSS), w.HBox(
            [left, w.VBox([tabs], layout=w.Layout(width="34%")), right])]), "sk-review")
        self._show_queue()
        self._show_entry()

    # -- plumbing -------------------------------------------------------------------------
    def _guard(self, callback: Callable[..., Any]) -> Callable[..., None]:
        def guarded(*args: Any) -> None:
            if self._quiet:
                return
            try:
                callback(*args)
            except Exception as exc:  # a broken callback shows a message, never a traceback
                self.message.value = (f'<div class="sk-msg-error">Unexpected problem: '
                                      f"{_e(type(exc).__name__)}: {_e(exc)}</div>")
        return guarded

    def _quietly(self, action: Callable[[], None]) -> None:
        self._quiet, was = True, self._quiet
        try:
            action()
        finally:
            self._quiet = was

    def _on_pick(self, change: dict[str, Any]) -> None:
        if change["new"] and change["new"] != self.session.entry_id:
            self.session.select(change["new"])

    def _on_session(self, reason: str) -> None:
        if reason == "queue":
            self._show_queue()
        elif reason == "entry":
            self._show_entry()
        elif reason == "ticks":
            self._show_counts()
        self._show_message()

    # -- showing --------------------------------------------------------------------------
    def _show_queue(self) -> None:
        s = self.session
        queue = s.queue()
        options = [(f"{_STATUS_MARK.get(e.status, '')} {e.status} · {e.name}", e.id)
                   for e in queue]
        waiting = sum(e.status == "in-review" for e in queue)

        self._queue_ids = [e.id for e in queue]

        def fill() -> None:
            self.queue.options = options
            self.queue.value = s.entry_id if s.entry_id in self._queue_ids else None
        self._quietly(fill)
        self.count.value = f"<b>{waiting}</b> waiting for review · {len(queue)} entries"

    def _show_entry(self) -> None:
        s = self.session
        entry = s.entry
        self._quietly(lambda: setattr(self.queue, "value", s.entry_id
                                      if s.entry_id in self._queue_ids else None))
        self._quietly(lambda: setattr(self.comment, "value", s.comment))
        if entry is None:
            self.preview.value = "<p>Nothing to review here.</p>"
            self.card.value = self.card_link.value = ""
            _replace_children(self.cues, ())
            _replace_children(self.items, ())
            self._cue_boxes, self._item_boxes, self._item_notes = [], {}, {}
            self._show_buttons()
            return
        vocab = s.library.vocabulary
        self.preview.value = render_html(entry, vocab)
        self.card.value = f"<style>{CARD_CSS}</style>{cue_card_body(entry, vocab)}"
        self.card_link.value = _download_link(cue_card_html(entry, vocab),
                                              f"{entry.id}-cue-card.html",
                                              "Download the printable cue card (HTML)")
        self._cue_boxes = []
        cue_rows = []
        for i, cue in enumerate(entry.cues):
            box = _classed(w.Checkbox(value=False, indent=False, layout=_TICK), "sk-review-cue")
            box.observe(self._guard(lambda ch, i=i: self.session.tick_cue(i, ch["new"])),
                        "value")
            self._cue_boxes.append(box)
            key = '<span class="sk-key-cue">KEY</span> ' if cue.key else ""
            cue_rows.append(w.HBox([box, w.HTML(
                f'<span class="sk-line">{key}<span class="sk-phase">{_e(cue.phase)}</span> '
                f"{_e(cue.text)}</span>")], layout=_ROW))
        _replace_children(self.cues, cue_rows)
        self._item_boxes, self._item_notes = {}, {}
        manual_rows: list[w.Widget] = []
        auto_rows: list[w.Widget] = []
        states = s.checklist()
        for state in states:
            item = state.item
            box = w.Checkbox(value=state.ticked, indent=False, layout=_TICK,
                             disabled=item.kind == "auto")
            _classed(box, "sk-review-item", f"sk-review-{item.kind}", f"sk-item-{item.id}")
            if item.kind == "manual":
                box.observe(self._guard(lambda ch, i=item.id: self.session.tick(i, ch["new"])),
                            "value")
                note = f'<span class="sk-line">{_e(item.label)}</span>'
            elif state.ticked:
                note = (f'<span class="sk-line">{_e(item.label)} '
                        f'<span class="sk-reasons">· {_e(state.reasons[0])}</span></span>')
            else:
                note = (f'<span class="sk-line">{_e(item.label)}</span><div class="sk-reasons '
                        'sk-fail">' + "<br>".join(_e(r) for r in state.reasons) + "</div>")
            self._item_boxes[item.id] = box
            self._item_notes[item.id] = w.HTML(note)
            row = w.HBox([box, self._item_notes[item.id]], layout=_ROW)
            (manual_rows if item.kind == "manual" else auto_rows).append(row)
        passing = sum(st.ticked for st in states if st.item.kind == "auto")
        rows = [w.HTML('<div class="sk-sub">For you to judge</div>'), *manual_rows,
                w.HTML(f'<div class="sk-sub">Checked automatically: {passing} of '
                       f"{len(auto_rows)} pass</div>"), *auto_rows]
        _replace_children(self.items, rows)
        self._show_counts()
        self._show_buttons()

    def _show_counts(self) -> None:
        s = self.session
        self.cue_count.value = (f"{sum(s.cue_ticks)} of {len(s.cue_ticks)} cues checked"
                                if s.cue_ticks else "No cues yet.")

    def _show_buttons(self) -> None:
        allowed = self.session.allowed()
        for label, button in self.buttons.items():
            button.disabled = not allowed[label]
            status = self.session.entry.status if self.session.entry else "nothing"
            button.tooltip = ("" if allowed[label] else
                              f"not possible from {status}")

    def _show_message(self) -> None:
        kind, text = self.session.message
        self.message.value = (f'<div class="sk-msg-{kind}">{_e(text)}</div>' if text else "")
        self._show_buttons()
