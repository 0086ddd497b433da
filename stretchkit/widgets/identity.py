"""Who is working, shown and changeable in every panel: one small box over `Library.user`.

The name starts as the library finds it (`--user`, `$STRETCHKIT_USER`, `$JUPYTERHUB_USER`,
git's user.name, the login name; see `stretchkit.store.identity`). Typing another name and
pressing Enter sets `library.user` for this session, so saves record it as the version's
author and the review desk takes it as the reviewer. An empty box goes back to the name the
library finds by itself: nobody works as no one.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from stretchkit.render.html import escape_html
from stretchkit.store.library import Library
from stretchkit.widgets.base import Report, guarded
from stretchkit.widgets.panel import classed

_HINT = "saves and reviews are recorded under this name"


class IdentityBox:
    """'You are [name]': a text box over `library.user`; `on_change(callback)` hears the
    new name after the person changed it (not when the program sets it)."""

    def __init__(self, library: Library, report: Report):
        self.library = library
        self._quiet = False
        self._callbacks: list[Callable[[str], None]] = []
        self.name = classed(w.Text(value=library.user, placeholder="your name",
                                   continuous_update=False, layout=w.Layout(width="220px")),
                            "sk-identity-name")
        self.name.observe(guarded(self._typed, report), "value")
        label = classed(w.HTML('<span class="sk-identity-label">You are</span>'),
                        "sk-identity-head")
        self.hint = classed(w.HTML(f'<span class="sk-hint">{escape_html(_HINT)}</span>'),
                            "sk-identity-hint")
        self.widget = classed(w.HBox([label, self.name, self.hint]), "sk-identity")

    @property
    def user(self) -> str:
        return self.library.user

    def on_change(self, callback: Callable[[str], None]) -> None:
        self._callbacks.append(callback)

    def set_user(self, name: str) -> None:
        """Work as `name` from now on (blank: the name the library finds by itself), and
        tell the `on_change` callbacks."""
        self.library.user = name
        self._show()
        for callback in self._callbacks:
            callback(self.library.user)

    def _typed(self, change: dict[str, Any]) -> None:
        if not self._quiet:
            self.set_user(change["new"])

    def _show(self) -> None:
        """Show the name as the library keeps it (spaces tidied, or the one it found)."""
        self._quiet = True
        try:
            self.name.value = self.library.user
        finally:
            self._quiet = False
