"""The widget half every panel shares: `Panel`, a root box over a `Session` with its message
line, shown the same way for every panel (a notebook cell that ends with the panel), and
`guard` for every callback it wires; plus the small layout helpers the panels use."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

import ipywidgets as w

from stretchkit.render.html import escape_html
from stretchkit.widgets.base import TONES, Session, guarded

FULL = w.Layout(width="100%", margin="2px 0")  # no side margins: 100% means 100%


def classed(widget: w.Widget, *classes: str) -> w.Widget:
    """`widget` with the CSS classes added (the stylesheets and the browser tests find it by
    them)."""
    for css in classes:
        widget.add_class(css)
    return widget


def tag_picker(allowed: Iterable[str], value: Iterable[str] = (), placeholder: str = "",
               css: str = "") -> w.TagsInput:
    """Pick several values as tags: type or choose one, then Enter or Tab; a tag's ✕ takes it
    off. Only `allowed` values are taken, each once (no Ctrl-click as in a multi-select)."""
    picker = w.TagsInput(value=list(value), allowed_tags=list(allowed), allow_duplicates=False,
                         placeholder=placeholder, layout=FULL)
    return classed(picker, "sk-tag-picker", *([css] if css else []))


class Panel:
    """A panel over a Session. Subclasses build their widgets, then `self.widget =
    self._root(...)`; displaying the panel displays `widget`.

    `message` shows the session's message in one of the TONES (CSS class `sk-tone-<tone>`),
    kept up to date after every change of the session.
    """

    widget: w.Box

    def __init__(self, session: Session):
        self.session = session
        self.message = classed(w.HTML(""), "sk-message")
        session.observe(lambda _reason: self.show_message())

    def guard(self, callback: Callable[..., Any]) -> Callable[..., None]:
        """`callback` for a widget: a failure is logged and shown in `message`."""
        return guarded(callback, self.session.report)

    def show_message(self) -> None:
        """Show the session's message (escaped: messages quote what people typed)."""
        text = escape_html(self.session.message)
        if self.message.value != text:
            self.message.value = text
        for tone in TONES:
            if tone == self.session.tone:
                self.message.add_class(f"sk-tone-{tone}")
            else:
                self.message.remove_class(f"sk-tone-{tone}")

    def _root(self, css: str, stylesheet: str, children: Iterable[w.Widget]) -> w.VBox:
        """The panel's root box: its stylesheet first, then `children`; classes `sk-panel`
        (the rules all panels share) and `css` (this panel's own)."""
        style = classed(w.HTML(f"<style>{stylesheet}</style>"), "sk-css")
        self.show_message()
        return classed(w.VBox([style, *children], layout=FULL), "sk-panel", css)

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)
