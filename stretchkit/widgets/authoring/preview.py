"""The live preview: the draft rendered the way readers will see it, redrawn as the coach
types. The HTML comes from `render_html`, which escapes and sanitizes every piece of text."""

from __future__ import annotations

import ipywidgets as w

from stretchkit.render.html import render_html
from stretchkit.widgets.authoring.session import AuthoringSession
from stretchkit.widgets.authoring.translating import TranslationSession
from stretchkit.widgets.panel import FULL, classed

_HEAD = ('<span class="sk-column-title">Preview</span>'
         '<span class="sk-hint"> as readers will see it</span>')


class Preview:
    """An HTML widget that follows an AuthoringSession, in the language a TranslationSession
    picked (if given): the fields not translated yet are shown in the source language, and a
    note above the entry names them for the author."""

    def __init__(self, session: AuthoringSession,
                 translation: TranslationSession | None = None):
        self.session = session
        self.translation = translation
        self.html = classed(w.HTML("", layout=FULL), "sk-preview")
        self.widget = classed(w.VBox([classed(w.HTML(_HEAD), "sk-column-head"),
                                      classed(w.Box([self.html], layout=FULL), "sk-paper")],
                                     layout=FULL), "sk-preview-column", "sk-column")
        session.observe(self._on_session)
        if translation is not None:
            translation.observe(self._on_session)
        self.update()

    def _on_session(self, reason: str) -> None:
        if reason != "message":
            self.update()

    def update(self) -> None:
        """Render the draft now (skipped when the HTML would not change)."""
        if not self.session.form:
            html = ""
        elif self.translation is not None and self.translation.translating:
            entry, fallback = self.translation.preview()
            labels = self.session.library.translations.labels(self.translation.language)
            html = self.translation.fallback_note_html(fallback) + render_html(
                entry, labels.vocabulary(self.session.vocabulary), self.session.library.images,
                labels.heading)
        else:
            html = render_html(self.session.preview_entry(), self.session.vocabulary,
                               self.session.library.images)
        if html != self.html.value:
            self.html.value = html
