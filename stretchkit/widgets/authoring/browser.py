"""The library browser: search, goal filter (any or all), status filter, the matching entries
and how many they are. Picking an entry calls the `on_select` callbacks with its id."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from stretchkit.model.entry import STATUSES, Exercise
from stretchkit.render.html import escape_html
from stretchkit.store.library import Library
from stretchkit.widgets.authoring.fields import TagBox
from stretchkit.widgets.base import Report, failure_message, guarded
from stretchkit.widgets.panel import FULL, classed

#: How many rows of a search show why they matched.
WHY_SHOWN = 50


def entry_label(entry: Exercise) -> str:
    """How an entry is listed: its name and status (plain text, never HTML).

    A narrow list wraps a label rather than cut it. The page shows each space of an option as
    a no-break space, so a zero-width space after each one marks where a line may break."""
    return f"{entry.name}  ·  {entry.status}".replace(" ", " \u200b")


class LibraryBrowser:
    """Filters and the list of entries of a Library; it only reads the library.

    What a callback raises goes to `report` (the app's message line); a browser on its own
    shows it in its count line."""

    def __init__(self, library: Library, report: Report | None = None):
        self.library = library
        self._report = report or self._show_failure
        self._quiet = False
        self._callbacks: list[Callable[[str], None]] = []
        self.ids: list[str] = []
        self.search = classed(w.Text(placeholder="Search names and text", layout=FULL,
                                     continuous_update=True), "sk-search")
        self.goals = TagBox(library.vocabulary, "goals", "filter by goal", self._report,
                            "sk-goal-filter")
        self.goals.on_change(lambda _values: self.refresh())
        self.match = classed(w.ToggleButtons(options=[("Any of them", "any"),
                                                      ("All of them", "all")],
                                             value="any", style={"button_width": "auto"}),
                             "sk-goal-match")
        self.status = classed(w.Dropdown(options=[("Any status", "")] +
                                         [(s.replace("-", " ").capitalize(), s)
                                          for s in STATUSES],
                                         value="", layout=FULL), "sk-status-filter")
        self.count = classed(w.HTML(""), "sk-count")
        self.list = classed(w.Select(options=[], rows=18, layout=FULL), "sk-entry-list")
        for widget in (self.search, self.match, self.status):
            widget.observe(guarded(lambda _change: self.refresh(), self._report), "value")
        self.list.observe(guarded(self._picked, self._report), "value")
        head = classed(w.HTML('<span class="sk-column-title">Library</span>'), "sk-column-head")
        self.widget = classed(w.VBox([
            head, self.search,
            classed(w.HTML('<span class="sk-mini-label">Goals</span>'), "sk-filter-label"),
            self.goals.widget, self.match,
            classed(w.HTML('<span class="sk-mini-label">Status</span>'), "sk-filter-label"),
            self.status, self.count, self.list,
        ]), "sk-browser", "sk-column")
        self.refresh()

    def _show_failure(self, exc: Exception) -> None:
        self.count.value = f'<span class="sk-tone-error">{escape_html(failure_message(exc))}</span>'

    def on_select(self, callback: Callable[[str], None]) -> None:
        self._callbacks.append(callback)

    def filters(self) -> dict[str, Any]:
        """The filters as `Library.filter` keyword arguments."""
        return {"goals": list(self.goals.value) or None, "match": self.match.value,
                "status": self.status.value or None, "search": self.search.value or None}

    def refresh(self, select: str | None = None) -> None:
        """Run the filters again (after a change to the library too) and keep the selection,
        or select `select`, without calling on_select."""
        keep = select if select is not None else self.list.value
        filters = self.filters()
        text = filters.pop("search")
        # A search ranks the entries (name matches first) and says why the others matched.
        hits = self.library.search(text, **filters) if text else None
        entries = [h.entry for h in hits] if hits is not None else self.library.filter(**filters)
        self.ids = [e.id for e in entries]
        total = len(self.library)
        shown = len(entries)
        self.count.value = (f"<b>{shown}</b> of {total} entr{'y' if total == 1 else 'ies'}"
                            if shown != total else
                            f"<b>{total}</b> entr{'y' if total == 1 else 'ies'}")
        if shown == 0 and total:
            self.count.value += ' · <span class="sk-hint">no entry matches these filters</span>'
        options = [(entry_label(e), e.id) for e in entries]
        if hits:  # the reasons of the rows a coach reads: the first ones (each costs a look-up)
            options[:WHY_SHOWN] = [
                (label + (f"  —  {hit.why}".replace(" ", " \u200b") if hit.why else ""), entry_id)
                for (label, entry_id), hit in zip(options[:WHY_SHOWN], hits, strict=False)]
        self._quiet = True
        try:
            self.list.options = options
            self.list.value = keep if keep in self.ids else None
        finally:
            self._quiet = False

    def select(self, entry_id: str | None) -> None:
        """Show `entry_id` as the selected one (None: nothing), without calling on_select."""
        self._quiet = True
        try:
            self.list.value = entry_id if entry_id in self.ids else None
        finally:
            self._quiet = False

    def _picked(self, change: dict[str, Any]) -> None:
        if self._quiet or change["new"] is None:
            return
        for callback in self._callbacks:
            callback(change["new"])

