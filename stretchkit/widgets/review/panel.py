"""The review panel: who is reviewing, the queue (cards with status and goals), what changed
since the published version, the entry as readers see it, its cue checklist, the content
checklist with the automatic items already decided, and Approve / Request changes / Publish.

`ReviewPanel` shows a `ReviewSession` (session.py) and forwards clicks to it; a refused
decision becomes a message next to the buttons, and no callback raises into the page.
"""

from __future__ import annotations

import base64
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from stretchkit.model.entry import Exercise
from stretchkit.render.html import escape_html as _e
from stretchkit.render.html import render_html
from stretchkit.render.styles import CARD_CSS, REVIEW_CSS
from stretchkit.review.cards import cue_card_body, cue_card_html
from stretchkit.store.library import Library
from stretchkit.widgets.changes import changes_html
from stretchkit.widgets.identity import IdentityBox
from stretchkit.widgets.panel import Panel
from stretchkit.widgets.panel import classed as _classed
from stretchkit.widgets.review.queue import ReviewQueue
from stretchkit.widgets.review.session import ACTIONS, Changes, ReviewSession


def _replace_children(box: w.Box, rows: list[w.Widget] | tuple[()]) -> None:
    """Show new rows and close the old ones: rows are rebuilt for every entry, and widgets
    left open would pile up in the kernel and the page over a long review session."""
    old = box.children
    box.children = tuple(rows)
    for row in old:
        for child in getattr(row, "children", ()):
            child.close()
        row.close()


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


class ReviewPanel(Panel):
    """Widgets over a ReviewSession; a notebook cell that ends with the panel shows it."""

    session: ReviewSession

    def __init__(self, library: Library | ReviewSession, reviewer: str | None = None):
        super().__init__(library if isinstance(library, ReviewSession) else
                         ReviewSession(library, reviewer))
        s = self.session
        vocab = s.library.vocabulary
        self._quiet = False

        goals = [("All goals", "")] + [(vocab.label("goals", g), g) for g in vocab.ids("goals")]
        self.goal = _classed(w.Dropdown(options=goals, value="", description="Goal"),
                             "sk-review-goal")
        self.identity = IdentityBox(s.library, s.report)
        self.queue = ReviewQueue(vocab, s.report)
        self.changes = _classed(w.HTML(layout=w.Layout(max_height="320px", overflow="auto")),
                                "sk-review-changes")
        self.count = w.HTML()
        scroll = {"max_height": "720px", "overflow": "auto"}
        self.preview = _classed(w.HTML(layout=w.Layout(**scroll)), "sk-review-preview")
        self.card = _classed(w.HTML(layout=w.Layout(**scroll)), "sk-review-card")
        self.card_link = _classed(w.HTML(), "sk-review-card-link", "sk-links")
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
                        for (label, status), style in zip(
                            ACTIONS.items(), ("", "success", "warning", "info"), strict=True)}
        self._cue_boxes: list[w.Checkbox] = []
        self._item_boxes: dict[str, w.Checkbox] = {}
        self._item_notes: dict[str, w.HTML] = {}

        self.goal.observe(self._by_reviewer(lambda ch: s.set_goal(ch["new"])), "value")
        self.queue.on_pick(self._on_pick)  # the queue guards its clicks
        self.identity.on_change(self._on_identity)
        self.reviewer.observe(self._by_reviewer(self._on_reviewer), "value")
        self.comment.observe(self._by_reviewer(lambda ch: setattr(s, "comment", ch["new"])),
                             "value")
        for label, button in self.buttons.items():
            button.on_click(self._by_reviewer(lambda _, label=label: s.decide(label)))
        s.observe(self._on_session)

        tabs = w.Tab([self.preview, w.VBox([self.card_link, self.card])])
        tabs.set_title(0, "Preview")
        tabs.set_title(1, "Cue card")
        left = w.VBox([self.goal, self.count, self.queue.widget], layout=w.Layout(width="30%"))
        middle = w.VBox([self.changes, tabs], layout=w.Layout(width="34%"))
        right = w.VBox([
            w.HTML('<div class="sk-panel-title">Cue checklist</div>'), self.cue_count,
            self.cues,
            w.HTML('<div class="sk-panel-title">Content checklist</div>'), self.items,
            self.reviewer, self.comment, w.HBox(list(self.buttons.values())), self.message,
        ], layout=w.Layout(width="36%"))
        self.widget = self._root("sk-review", REVIEW_CSS, [self.identity.widget, w.HBox(
            [left, middle, right])])
        self._show_queue()
        self._show_entry()

    # -- plumbing -------------------------------------------------------------------------
    def _by_reviewer(self, callback: Callable[..., Any]) -> Callable[..., None]:
        """`callback` for what the reviewer does: skipped while the panel itself sets the
        widgets (`_quietly`), guarded like every panel callback."""
        def unless_quiet(*args: Any) -> None:
            if not self._quiet:
                callback(*args)
        return self.guard(unless_quiet)

    def _quietly(self, action: Callable[[], None]) -> None:
        self._quiet, was = True, self._quiet
        try:
            action()
        finally:
            self._quiet = was

    def _on_pick(self, entry_id: str) -> None:
        if entry_id != self.session.entry_id:
            self.session.select(entry_id)

    def _on_identity(self, name: str) -> None:
        """Who is working changed: they are the reviewer now."""
        self.session.reviewer = name
        self._quietly(lambda: setattr(self.reviewer, "value", name))

    def _on_reviewer(self, change: dict[str, Any]) -> None:
        """The reviewer typed a name by the buttons: that is who is working now (an empty
        box stays empty, so a decision asks for a name)."""
        self.session.reviewer = change["new"]
        if change["new"].strip():
            self.identity.set_user(change["new"])

    def _on_session(self, reason: str) -> None:
        if reason == "queue":
            self._show_queue()
        elif reason == "entry":
            self._show_entry()
        elif reason == "ticks":
            self._show_counts()
        self._show_buttons()

    # -- showing --------------------------------------------------------------------------
    def _show_queue(self) -> None:
        s = self.session
        queue = s.queue()
        waiting = sum(e.status == "in-review" for e in queue)
        self.queue.show(queue, s.entry_id)
        self.count.value = f"<b>{waiting}</b> waiting for review · {len(queue)} entries"

    def _show_entry(self) -> None:
        s = self.session
        entry = s.entry
        self.queue.select(s.entry_id)
        self._quietly(lambda: setattr(self.comment, "value", s.comment))
        if entry is None:
            self.changes.value = ""
            self.preview.value = "<p>Nothing to review here.</p>"
            self.card.value = self.card_link.value = ""
            _replace_children(self.cues, ())
            _replace_children(self.items, ())
            self._cue_boxes, self._item_boxes, self._item_notes = [], {}, {}
            self._show_buttons()
            return
        vocab = s.library.vocabulary
        images = s.library.images
        self.preview.value = render_html(entry, vocab, images)
        self.card.value = f"<style>{CARD_CSS}</style>{cue_card_body(entry, vocab, images=images)}"
        self.card_link.value = _download_link(cue_card_html(entry, vocab, images=images),
                                              f"{entry.id}-cue-card.html",
                                              "Download the printable cue card (HTML)")
        self._cue_boxes = []
        cue_rows = []
        for i, cue in enumerate(entry.cues):
            box = _classed(w.Checkbox(value=False, indent=False, layout=_TICK), "sk-review-cue")
            box.observe(self._by_reviewer(lambda ch, i=i: s.tick_cue(i, ch["new"])), "value")
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
                box.observe(self._by_reviewer(lambda ch, i=item.id: s.tick(i, ch["new"])),
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
        # Last, so that a page showing the changes shows this entry's checklist too.
        self.changes.value = self._changes_html(s.changes)
        self._show_counts()
        self._show_buttons()

    @staticmethod
    def _changes_html(changes: Changes) -> str:
        head = '<div class="sk-panel-title">What changed</div>'
        if changes.problem:
            return f'{head}<p class="sk-tone-warn">{_e(changes.problem)}</p>'
        if changes.new:
            return (f"{head}<p>A new entry: it has never been published, and this is its "
                    "first version.</p>")
        if not changes.changes:
            return f"{head}<p>No change to the content since {_e(changes.since)}.</p>"
        n = len(changes.changes)
        return (f'{head}<p class="sk-diff-since">{n} field{"s" if n != 1 else ""} changed '
                f"since {_e(changes.since)}:</p>{changes_html(changes.changes)}")

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
