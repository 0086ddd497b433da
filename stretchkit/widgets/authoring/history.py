"""The History tab of the authoring app: the open entry's versions newest first, a preview of
the one picked, and a Restore button. It shows an `EntryHistory` (versions.py, no widgets).

Versions are read when the tab is on show, not each time an entry opens. Restoring replaces
the draft, so it goes through the app's `ask_first` (an unsaved draft asks before it goes, as
opening another entry does).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from stretchkit.render.html import escape_html
from stretchkit.widgets.authoring.session import REPLACED, AuthoringSession
from stretchkit.widgets.authoring.versions import EntryHistory
from stretchkit.widgets.base import guarded
from stretchkit.widgets.changes import version_in_words
from stretchkit.widgets.panel import FULL, classed

#: `ask_first(action, what)`: run `action` now, or after asking when the draft is unsaved.
AskFirst = Callable[[Callable[[], Any], str], None]
TITLE = "History"


class HistoryTab:
    """The versions of the open entry; `add_to(tabs)` makes it the last tab of the form."""

    def __init__(self, session: AuthoringSession, ask_first: AskFirst | None = None):
        self.session = session
        self.history = EntryHistory(session)
        self._ask_first: AskFirst = ask_first or (lambda action, _what: action())
        self._tabs: w.Tab | None = None
        self._stale = True
        self._quiet = False
        self.head = classed(w.HTML(""), "sk-history-head")
        self.list = classed(w.Select(options=[], rows=8, layout=FULL), "sk-history-list")
        self.restore_button = classed(w.Button(description="Restore this version",
                                               tooltip="Make this version the working copy "
                                               "again (a new version; nothing is lost)",
                                               layout=w.Layout(width="auto")),
                                      "sk-history-restore")
        self.note = classed(w.HTML(""), "sk-history-note")
        self.preview = classed(w.HTML("", layout=FULL), "sk-history-preview")
        self.list.observe(self._guard(self._picked), "value")
        self.restore_button.on_click(self._guard(lambda _button: self._restore()))
        session.observe(self._on_session)
        self.widget = classed(w.VBox([
            self.head, self.list,
            classed(w.HBox([self.restore_button, self.note]), "sk-history-actions"),
            self.preview], layout=FULL), "sk-history", "sk-tab-page")

    def _guard(self, callback: Callable[..., Any]) -> Callable[..., None]:
        return guarded(callback, self.session.report)

    def add_to(self, tabs: w.Tab) -> None:
        """Append this tab to `tabs`; its versions are read whenever it is chosen."""
        self._tabs = tabs
        tabs.children = (*tabs.children, self.widget)
        tabs.set_title(len(tabs.children) - 1, TITLE)
        tabs.observe(self._guard(lambda _change: self._show_if_stale()), "selected_index")

    @property
    def on_show(self) -> bool:
        tabs = self._tabs
        return tabs is None or tabs.selected_index == list(tabs.children).index(self.widget)

    def _on_session(self, reason: str) -> None:
        if reason in REPLACED or reason == "conflict":
            self._stale = True
            self._show_if_stale()

    def _show_if_stale(self) -> None:
        if self._stale and self.on_show:
            self.show()

    def show(self) -> None:
        """Read the versions again and show them."""
        self._stale = False
        history = self.history
        history.refresh()
        name = self.session.form.get("name", "")
        if history.problem:
            head = f'<span class="sk-tone-warn">{escape_html(history.problem)}</span>'
        elif self.session.is_new:
            head = "A new entry has no history until it is saved."
        else:
            n = len(history.rows)
            head = (f"<b>{n}</b> version{'s' if n != 1 else ''} of <b>{escape_html(name)}</b>, "
                    'newest first <span class="sk-hint">pick one to see it as readers would'
                    "</span>")
        self.head.value = head
        self._quiet = True
        try:
            self.list.options = [(row.label, row.version.id) for row in history.rows]
            self.list.value = history.selected
        finally:
            self._quiet = False
        self._show_selected()

    def _picked(self, change: dict[str, Any]) -> None:
        if not self._quiet:
            self.history.select(change["new"])
            self._show_selected()

    def _show_selected(self) -> None:
        history = self.history
        selected = history.row(history.selected) if history.selected else None
        self.preview.value = history.preview_html()
        self.restore_button.disabled = selected is None or selected.working
        self.note.value = ('<span class="sk-hint">this is the working copy</span>'
                           if selected is not None and selected.working else "")

    def _restore(self) -> None:
        if self.history.selected is None:
            return
        version = self.history.row(self.history.selected).version

        def restore() -> None:
            self.history.select(version.id)
            self.history.restore()
        self._ask_first(restore, f"restore the version of {version_in_words(version)}")
