"""The review queue as cards, the way the authoring app shows entries: each entry's full name
(it wraps, never cut), a status chip and its goals. Clicking a name opens the entry.

Cards come from a pool and only change their text when the queue changes: creating widgets
costs milliseconds each, setting a value microseconds. At most `SHOWN` cards are on show (the
waiting ones come first); a line says how many more a goal filter would reach.
"""

from __future__ import annotations

from collections.abc import Callable

import ipywidgets as w

from stretchkit.model.entry import Exercise
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.render.html import escape_html
from stretchkit.widgets.base import Report, guarded
from stretchkit.widgets.panel import FULL, classed

SHOWN = 100


def status_chip(status: str) -> str:
    """A status as a chip (`sk-status-chip sk-status-<status>`), in words."""
    css = escape_html(status)
    return f'<span class="sk-status-chip sk-status-{css}">{escape_html(status.replace("-", " "))}' \
        "</span>"


def card_facts(entry: Exercise, vocabulary: Vocabulary) -> str:
    """The line under a queue card's name: its status chip and its goals' labels."""
    goals = "".join(f'<span class="sk-goal-chip">{escape_html(vocabulary.label("goals", g))}'
                    "</span>" for g in entry.goals)
    return f'<div class="sk-queue-facts">{status_chip(entry.status)}{goals}</div>'


class _Card:
    def __init__(self, queue: ReviewQueue, index: int):
        self.index = index
        self.name = classed(w.Button(layout=w.Layout(width="100%", height="auto")),
                            "sk-queue-name")
        self.facts = classed(w.HTML(), "sk-queue-facts-line")
        self.name.on_click(queue.guard(lambda _button: queue.pick_index(self.index)))
        self.widget = classed(w.VBox([self.name, self.facts], layout=FULL), "sk-queue-item")


class ReviewQueue:
    """Cards for the entries of a review queue; `on_pick(callback)` hears the id of a card
    the reviewer clicked. `ids` are the entries on show, `selected` the marked one."""

    def __init__(self, vocabulary: Vocabulary, report: Report):
        self.vocabulary = vocabulary
        self._report = report
        self._cards: list[_Card] = []
        self._callbacks: list[Callable[[str], None]] = []
        self.ids: list[str] = []
        self.selected: str | None = None
        self.cards_box = classed(w.VBox([], layout=FULL), "sk-queue-cards")
        self.more = classed(w.HTML(""), "sk-queue-more")
        self.widget = classed(w.VBox([self.cards_box, self.more], layout=FULL),
                              "sk-review-queue")

    def guard(self, callback: Callable[..., object]) -> Callable[..., None]:
        return guarded(callback, self._report)

    def on_pick(self, callback: Callable[[str], None]) -> None:
        self._callbacks.append(callback)

    @property
    def cards(self) -> list[_Card]:
        """The cards on show, in order."""
        return self._cards[:len(self.ids)]

    def card_for(self, entry_id: str) -> _Card:
        return self.cards[self.ids.index(entry_id)]

    def show(self, entries: list[Exercise], selected: str | None) -> None:
        """Show `entries` (the first SHOWN) with `selected` marked."""
        shown = entries[:SHOWN]
        while len(self._cards) < len(shown):
            self._cards.append(_Card(self, len(self._cards)))
        for card, entry in zip(self._cards, shown, strict=False):
            if card.name.description != entry.name:
                card.name.description = card.name.tooltip = entry.name
            facts = card_facts(entry, self.vocabulary)
            if card.facts.value != facts:
                card.facts.value = facts
        self.ids = [e.id for e in shown]
        if len(self.cards_box.children) != len(shown):
            self.cards_box.children = tuple(c.widget for c in self._cards[:len(shown)])
        hidden = len(entries) - len(shown)
        self.more.value = (f'<span class="sk-hint">and {hidden} more: choose a goal to see '
                           "them</span>" if hidden > 0 else "")
        self.select(selected)

    def select(self, entry_id: str | None) -> None:
        """Mark `entry_id`'s card (None or an id not on show: none), without `on_pick`."""
        self.selected = entry_id if entry_id in self.ids else None
        for card_id, card in zip(self.ids, self._cards, strict=False):
            if card_id == self.selected:
                card.widget.add_class("sk-current")
            else:
                card.widget.remove_class("sk-current")

    def pick(self, entry_id: str) -> None:
        """What a click on `entry_id`'s card does."""
        self.pick_index(self.ids.index(entry_id))

    def pick_index(self, index: int) -> None:
        if index >= len(self.ids):
            return
        for callback in self._callbacks:
            callback(self.ids[index])
