"""The Translation tab of the authoring app and its language picker: each text item of the open
entry with its source beside the translation, outdated items marked with what changed in the
source, and a Save button. It shows a `TranslationSession` (translating.py, no widgets).

The rows are rebuilt when another entry or language is picked, not as the translator types.
Every piece of entry text is escaped before it is shown.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from stretchkit.model.translation import ItemState
from stretchkit.render.html import escape_html
from stretchkit.widgets.authoring.translating import TranslationSession, diff_html
from stretchkit.widgets.base import guarded
from stretchkit.widgets.changes import field_label
from stretchkit.widgets.panel import FULL, classed

TITLE = "Translation"
_STATE_WORDS = {"current": "translated", "outdated": "outdated: the source changed",
                "missing": "not translated yet"}


class TranslationTab:
    """The picker (`picker`, for the toolbar) and the tab (`add_to(tabs)`)."""

    def __init__(self, session: TranslationSession):
        self.session = session
        self.picker = classed(w.Dropdown(options=session.choices(), value=session.language,
                                         description="Language",
                                         layout=w.Layout(width="auto")), "sk-language")
        self.head = classed(w.HTML(""), "sk-translation-head")
        self.rows = classed(w.VBox([], layout=FULL), "sk-translation-rows")
        self.save_button = classed(w.Button(description="Save translation",
                                            tooltip="Save the translation of this entry",
                                            layout=w.Layout(width="auto")),
                                   "sk-translation-save")
        self.boxes: dict[tuple[str, str], w.Textarea] = {}
        self.picker.observe(self._guard(lambda change: session.set_language(change["new"])),
                            "value")
        self.save_button.on_click(self._guard(lambda _button: session.save()))
        session.observe(self._on_session)
        self.widget = classed(w.VBox([self.head, self.save_button, self.rows], layout=FULL),
                              "sk-translation", "sk-tab-page")
        self._rebuild()

    def _guard(self, callback: Callable[..., Any]) -> Callable[..., None]:
        return guarded(callback, self.session.report)

    def add_to(self, tabs: w.Tab) -> None:
        """Append this tab to `tabs`."""
        tabs.children = (*tabs.children, self.widget)
        tabs.set_title(len(tabs.children) - 1, TITLE)

    def _on_session(self, reason: str) -> None:
        if reason in ("language", "items"):
            if self.picker.value != self.session.language:
                self.picker.value = self.session.language
            self._rebuild()
        elif reason == "typed":
            self._show_head()

    def _show_head(self) -> None:
        s = self.session
        if not s.translating:
            text = ("Pick a language above to translate this entry; the source is "
                    f"{escape_html(dict((t, n) for n, t in s.choices())[s.source_language])}.")
        elif s.entry is None:
            text = "Save the entry first: a translation is made from saved text."
        else:
            text = (f"<b>{escape_html(s.entry.name)}</b> in "
                    f"{escape_html(dict((t, n) for n, t in s.choices())[s.language])}: "
                    f"{escape_html(s.summary())}" + (" · unsaved translation" if s.dirty else ""))
        if self.head.value != text:
            self.head.value = text
        self.save_button.layout.display = None if s.translating and s.entry else "none"

    def _rebuild(self) -> None:
        self.boxes = {}
        rows = [self._row(item) for item in self.session.items]
        self.rows.children = rows
        self._show_head()

    def _row(self, item: ItemState) -> w.Widget:
        field = field_label(item.field)
        label = f"{field} · {item.label}" if item.label.split(" ")[0] != item.field else field
        state = (f'<span class="sk-state sk-state-{item.state}">'
                 f"{escape_html(_STATE_WORDS[item.state])}</span>")
        source = (f'<div class="sk-source-label">{escape_html(label)} {state}</div>'
                  f'<div class="sk-source-text">{escape_html(item.source)}</div>')
        if item.state == "outdated" and item.was is not None:
            source += (f'<div class="sk-source-changed">What changed in the source: '
                       f"{diff_html(item.was, item.source)}</div>")
        box = classed(w.Textarea(value=self.session.text_of(item), layout=FULL,
                                 placeholder="Translation", continuous_update=True),
                      "sk-translation-text")
        key = (item.channel, item.key)
        box.observe(self._guard(lambda change, key=key: self.session.type(*key, change["new"])),
                    "value")
        self.boxes[key] = box
        return classed(w.HBox([classed(w.HTML(source, layout=FULL), "sk-source"), box],
                              layout=FULL), "sk-translation-row", f"sk-row-{item.state}")
