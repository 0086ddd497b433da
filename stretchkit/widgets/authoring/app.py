"""The authoring app: library browser, editor form and live preview side by side, with a
toolbar (New, Duplicate, Save, Revert, Delete), an unsaved-changes marker, and banners that
explain a refused save or a delete (with undo).

Leaving a draft with unsaved changes (opening another entry, New, Duplicate) first asks
whether to save it; a save refused by a conflict offers to reload the other version or to save
this one as a copy. Nothing the coach typed is dropped without their say.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from stretchkit.errors import StretchkitError
from stretchkit.render.html import escape_html
from stretchkit.store.library import Library
from stretchkit.widgets.authoring.browser import LibraryBrowser
from stretchkit.widgets.authoring.editor import EntryForm
from stretchkit.widgets.authoring.fields import FULL, classed
from stretchkit.widgets.authoring.preview import Preview
from stretchkit.widgets.authoring.session import LIBRARY_CHANGED, REPLACED, AuthoringSession
from stretchkit.widgets.style import APP_CSS

log = logging.getLogger(__name__)


def _button(label: str, css: str, tooltip: str = "") -> w.Button:
    return classed(w.Button(description=label, tooltip=tooltip or label), css)


class AuthoringApp:
    """Everything a coach needs to write entries, on one Library.

    `AuthoringApp(library)` opens the first entry (or `entry_id`); display the app (it is the
    last expression of a cell, or `display(app)`) to show it. The parts are attributes:
    `state`, `browser`, `form`, `preview`, and the toolbar buttons (`new_button`, ...)."""

    def __init__(self, library: Library | str | os.PathLike[str], entry_id: str | None = None):
        self.library = library if isinstance(library, Library) else Library(library)
        self.state = AuthoringSession(self.library)
        self._pending: Callable[[], None] | None = None
        self._pending_what = ""
        self._show_undo = False
        self.browser = LibraryBrowser(self.library, report=self.report)
        self.form = EntryForm(self.state, report=self.report)
        self.preview = Preview(self.state)

        self.new_button = _button("New", "sk-new", "Start a new entry")
        self.duplicate_button = _button("Duplicate", "sk-duplicate",
                                        "Copy this entry into a new one")
        self.save_button = _button("Save", "sk-save", "Save this entry")
        self.revert_button = _button("Revert", "sk-revert", "Drop the changes not saved yet")
        self.delete_button = _button("Delete", "sk-delete", "Move this entry to the trash")
        self.marker = classed(w.HTML(""), "sk-marker")
        self.status = classed(w.HTML(""), "sk-status")
        self.banners = classed(w.VBox([], layout=FULL), "sk-banners")

        # Banner buttons exist once; banners only change which are shown.
        self.reload_theirs_button = _button("Reload theirs", "sk-reload-theirs",
                                            "Drop your changes and show the version on disk")
        self.save_copy_button = _button("Save mine as a copy", "sk-save-copy",
                                        "Keep both: save your version under a new id")
        self.undo_button = _button("Undo", "sk-undo", "Bring the deleted entry back")
        self.confirm_save_button = _button("Save", "sk-confirm-save")
        self.confirm_discard_button = _button("Don't save", "sk-confirm-discard")
        self.confirm_cancel_button = _button("Keep editing", "sk-confirm-cancel")
        self._conflict_text = classed(w.HTML(""), "sk-banner-text")
        self._confirm_text = classed(w.HTML(""), "sk-banner-text")
        self._undo_text = classed(w.HTML(""), "sk-banner-text")
        self.conflict_banner = classed(w.HBox([self._conflict_text, self.reload_theirs_button,
                                               self.save_copy_button]),
                                       "sk-banner", "sk-banner-conflict")
        self.confirm_banner = classed(w.HBox([self._confirm_text, self.confirm_save_button,
                                              self.confirm_discard_button,
                                              self.confirm_cancel_button]),
                                      "sk-banner", "sk-banner-confirm")
        self.undo_banner = classed(w.HBox([self._undo_text, self.undo_button]),
                                   "sk-banner", "sk-banner-undo")
        self.broken_banner = classed(w.HTML(self._broken_files()), "sk-banner",
                                     "sk-banner-broken")

        actions: dict[w.Button, Callable[[], Any]] = {
            self.new_button: lambda: self._leave_then(self.state.start_new, "start a new entry"),
            self.duplicate_button: lambda: self._leave_then(self.state.duplicate,
                                                            "duplicate it"),
            self.save_button: self.state.save,
            self.revert_button: self.state.revert,
            self.delete_button: self.state.delete,
            self.reload_theirs_button: self.state.reload_theirs,
            self.save_copy_button: self.state.save_as_copy,
            self.undo_button: self.state.undo_delete,
            self.confirm_save_button: lambda: self._settle("save"),
            self.confirm_discard_button: lambda: self._settle("discard"),
            self.confirm_cancel_button: lambda: self._settle("cancel"),
        }
        for button, action in actions.items():
            button.on_click(self._guard(action))
        self.browser.on_select(self._guard_select)
        self.state.observe(self._on_state)

        title = (f'Stretch library <small>{len(self.library)} entries in '
                 f'{escape_html(self.library.root.resolve().name)}</small>')
        toolbar = classed(w.HBox([self.new_button, self.duplicate_button, self.save_button,
                                  self.revert_button, self.delete_button, self.marker]),
                          "sk-toolbar")
        top = classed(w.HBox([classed(w.HTML(title), "sk-title"), toolbar], layout=FULL),
                      "sk-top")
        form_column = classed(w.VBox([self.form.widget], layout=FULL), "sk-form-column",
                              "sk-column")
        columns = classed(w.HBox([self.browser.widget, form_column, self.preview.widget],
                                 layout=FULL), "sk-columns")
        self.widget = classed(w.VBox([classed(w.HTML(f"<style>{APP_CSS}</style>"), "sk-css"),
                                      top, self.banners, self.status, columns], layout=FULL),
                              "sk-app")
        try:
            if entry_id is not None:
                self.state.load(entry_id)
            else:
                self.state.open_first()
        except Exception as exc:  # an unknown entry_id: say so, keep the app usable
            self.state.open_first()
            self.report(exc)

    # -- displaying -------------------------------------------------------------------------
    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # -- reacting ---------------------------------------------------------------------------
    def report(self, exc: Exception) -> None:
        """Show an error a callback could not handle in the status line (never a traceback
        in the page; the log keeps it for whoever debugs)."""
        log.warning("authoring app: %s", exc, exc_info=exc)
        message = str(exc) if isinstance(exc, StretchkitError) else \
            f"Something went wrong: {type(exc).__name__}: {exc}"
        self.state.message, self.state.tone = message, "warn"
        self._refresh_status()

    def _guard(self, action: Callable[[], Any]) -> Callable[[Any], None]:
        def clicked(_button: Any = None) -> None:
            try:
                action()
            except Exception as exc:
                self.report(exc)
        return clicked

    def _guard_select(self, entry_id: str) -> None:
        self._guard(lambda: self._select(entry_id))()

    def _select(self, entry_id: str) -> None:
        if entry_id == self.state.current_id:
            return
        name = self.library.get(entry_id).name
        self._leave_then(lambda: self.state.load(entry_id), f"open {name}")

    def _leave_then(self, action: Callable[[], None], what: str) -> None:
        """Run `action` (which replaces the draft) now, or after asking when the draft has
        unsaved changes."""
        if not self.state.dirty:
            self._pending = None
            action()
            return
        self._pending, self._pending_what = action, what
        self.browser.select(self.state.current_id)  # the list shows what the form shows
        self._refresh_banners()

    def _settle(self, choice: str) -> None:
        action, self._pending = self._pending, None
        if choice == "save" and action is not None and not self.state.save():
            self._refresh_banners()
            return  # the save was refused: stay on this draft, the status line says why
        if choice in ("save", "discard") and action is not None:
            action()
        self._refresh_banners()

    def _on_state(self, reason: str) -> None:
        try:
            if reason == "deleted":
                self._show_undo = self.state.deleted is not None
            elif reason in REPLACED:
                self._show_undo = False
            if reason in LIBRARY_CHANGED:
                self.browser.refresh(select=self.state.current_id)
            elif reason in REPLACED:
                self.browser.select(self.state.current_id)
            self._refresh_banners()
            self._refresh_status()
        except Exception as exc:
            log.warning("authoring app: %s", exc, exc_info=exc)

    def _refresh_status(self) -> None:
        state = self.state
        if state.is_new:
            marker, css = "● New entry, not saved yet", "sk-new"
        elif state.dirty:
            marker, css = "● Unsaved changes", "sk-dirty"
        else:
            marker, css = "✓ All changes saved", "sk-clean"
        if self.marker.value != marker:
            self.marker.value = marker
            for old in ("sk-new", "sk-dirty", "sk-clean"):
                self.marker.remove_class(old)
            self.marker.add_class(css)
        self.save_button.disabled = not (state.dirty or state.is_new)
        self.revert_button.disabled = not state.dirty
        self.duplicate_button.disabled = state.is_new
        status = escape_html(state.message)
        if self.status.value != status:
            self.status.value = status
            for tone in ("ok", "warn"):
                if tone == state.tone:
                    self.status.add_class(f"sk-{tone}")
                else:
                    self.status.remove_class(f"sk-{tone}")

    def _refresh_banners(self) -> None:
        shown: list[w.Widget] = []
        if self.library.problems:
            shown.append(self.broken_banner)
        if self._pending is not None:
            self._confirm_text.value = (
                f"<b>{escape_html(self.state.form.get('name', ''))}</b> has unsaved changes. "
                f"Save them before you {escape_html(self._pending_what)}?")
            shown.append(self.confirm_banner)
        if self.state.conflict:
            self._conflict_text.value = (
                "<b>Someone else changed this entry's file since you opened it.</b> "
                "Your version is still here, nothing is lost. "
                f'<br><span class="sk-hint">{escape_html(self.state.conflict)}</span>')
            self.reload_theirs_button.disabled = self.state.is_new
            shown.append(self.conflict_banner)
        if self._show_undo and self.state.deleted is not None:
            self._undo_text.value = (f"Moved <b>{escape_html(self.state.deleted[0])}</b> to the "
                                     "trash.")
            shown.append(self.undo_banner)
        if list(self.banners.children) != shown:
            self.banners.children = shown

    def _broken_files(self) -> str:
        problems = self.library.problems
        if not problems:
            return ""
        items = "".join(f"<li>{escape_html(p)}</li>" for p in problems[:20])
        more = f"<li>... and {len(problems) - 20} more</li>" if len(problems) > 20 else ""
        return (f"<b>{len(problems)} problem{'s' if len(problems) != 1 else ''} in the "
                "library's files</b> (those entries are not shown; fix the files, or run "
                f"<code>stretchkit validate</code>):<ul>{items}{more}</ul>")
