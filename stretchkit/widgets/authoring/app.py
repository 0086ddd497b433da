"""The authoring app: library browser, editor form and live preview side by side, with a
toolbar (New, Duplicate, Save, Revert, Delete), an unsaved-changes marker, and banners that
explain a refused save or a delete (with undo).

Leaving a draft with unsaved changes (opening another entry, New, Duplicate) first asks
whether to save it; a save refused by a conflict offers to reload the other version or to save
this one as a copy. Nothing the coach typed is dropped without their say.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import ipywidgets as w

from stretchkit.errors import NotFoundError
from stretchkit.render.html import escape_html
from stretchkit.render.styles import APP_CSS
from stretchkit.store.library import Library
from stretchkit.widgets.authoring.browser import LibraryBrowser
from stretchkit.widgets.authoring.editor import EntryForm
from stretchkit.widgets.authoring.history import HistoryTab
from stretchkit.widgets.authoring.media import MediaTab
from stretchkit.widgets.authoring.preview import Preview
from stretchkit.widgets.authoring.session import LIBRARY_CHANGED, REPLACED, AuthoringSession
from stretchkit.widgets.authoring.translating import TranslationSession
from stretchkit.widgets.authoring.translation_tab import TranslationTab
from stretchkit.widgets.conflicts.panel import ConflictPanel
from stretchkit.widgets.identity import IdentityBox
from stretchkit.widgets.panel import FULL, Panel, classed


def _button(label: str, css: str, tooltip: str = "") -> w.Button:
    return classed(w.Button(description=label, tooltip=tooltip or label), css)


class AuthoringApp(Panel):
    """Everything a coach needs to write entries, on one Library.

    `AuthoringApp(library)` opens the first entry (or `entry_id`); display the app (it is the
    last expression of a cell, or `display(app)`) to show it. The parts are attributes:
    `session`, `browser`, `form`, `preview`, and the toolbar buttons (`new_button`, ...)."""

    def __init__(self, library: Library | str | os.PathLike[str], entry_id: str | None = None):
        self.library = library if isinstance(library, Library) else Library(library)
        super().__init__(AuthoringSession(self.library))
        self._pending: Callable[[], None] | None = None
        self._pending_what = ""
        self._show_undo = False
        self.browser = LibraryBrowser(self.library, report=self.session.report)
        self.form = EntryForm(self.session)
        # The language picker and the Translation tab; the preview shows the picked language.
        self.translation = TranslationSession(self.session)
        self.translation_tab = TranslationTab(self.translation)
        self.preview = Preview(self.session, self.translation)
        self.media = MediaTab(self.session)
        self.media.add_to(self.form.tabs)
        self.translation_tab.add_to(self.form.tabs)
        self.history = HistoryTab(self.session, ask_first=self._leave_then)
        self.history.add_to(self.form.tabs)
        self.identity = IdentityBox(self.library, self.session.report)  # saves record its name
        # Entries a git merge left with two values in some fields: shown above the editor
        # until a coach has picked one value of each (they are not in the browser till then).
        self.conflicts = ConflictPanel(self.library)
        self.conflicts.session.observe(self._on_merge)

        self.new_button = _button("New", "sk-new", "Start a new entry")
        self.duplicate_button = _button("Duplicate", "sk-duplicate",
                                        "Copy this entry into a new one")
        self.save_button = _button("Save", "sk-save", "Save this entry")
        self.revert_button = _button("Revert", "sk-revert", "Drop the changes not saved yet")
        self.delete_button = _button("Delete", "sk-delete", "Move this entry to the trash")
        self.marker = classed(w.HTML(""), "sk-marker")
        self.save_hint = classed(w.HTML(""), "sk-save-hint")
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
        self.repaired_banner = classed(w.HTML(self._repaired()), "sk-banner",
                                       "sk-banner-repaired")

        actions: dict[w.Button, Callable[[], Any]] = {
            self.new_button: lambda: self._leave_then(self.session.start_new, "start a new entry"),
            self.duplicate_button: lambda: self._leave_then(self.session.duplicate,
                                                            "duplicate it"),
            self.save_button: self.session.save,
            self.revert_button: self.session.revert,
            self.delete_button: self.session.delete,
            self.reload_theirs_button: self.session.reload_theirs,
            self.save_copy_button: self.session.save_as_copy,
            self.undo_button: self.session.undo_delete,
            self.confirm_save_button: lambda: self._settle("save"),
            self.confirm_discard_button: lambda: self._settle("discard"),
            self.confirm_cancel_button: lambda: self._settle("cancel"),
        }
        for button, action in actions.items():
            button.on_click(self.guard(lambda _button, action=action: action()))
        self.browser.on_select(self._select)  # the browser guards its callbacks
        self.session.observe(self._on_session)

        title = (f'Stretch library <small>{len(self.library)} entries in '
                 f'{escape_html(self.library.root.resolve().name)}</small>')
        toolbar = classed(w.HBox([self.new_button, self.duplicate_button, self.save_button,
                                  self.revert_button, self.delete_button, self.marker,
                                  self.save_hint, self.translation_tab.picker]),
                          "sk-toolbar")
        top = classed(w.HBox([classed(w.HTML(title), "sk-title"), toolbar], layout=FULL),
                      "sk-top")
        form_column = classed(w.VBox([self.form.widget], layout=FULL), "sk-form-column",
                              "sk-column")
        columns = classed(w.HBox([self.browser.widget, form_column, self.preview.widget],
                                 layout=FULL), "sk-columns")
        self.widget = self._root("sk-app", APP_CSS, [top, self.identity.widget,
                                                     self.conflicts.widget, self.banners,
                                                     self.message, columns])
        try:
            if entry_id is not None:
                self.session.load(entry_id)
            else:
                self.session.open_first()
        except NotFoundError as exc:  # an unknown entry_id: say so, keep the app usable
            self.session.open_first()
            self.session.say(str(exc), "warn")

    # -- reacting ---------------------------------------------------------------------------
    def _select(self, entry_id: str) -> None:
        if entry_id == self.session.current_id:
            return
        name = self.library.get(entry_id).name
        self._leave_then(lambda: self.session.load(entry_id), f"open {name}")

    def _leave_then(self, action: Callable[[], None], what: str) -> None:
        """Run `action` (which replaces the draft) now, or after asking when the draft has
        unsaved changes."""
        if not self.session.dirty:
            self._pending = None
            action()
            return
        self._pending, self._pending_what = action, what
        self.browser.select(self.session.current_id)  # the list shows what the form shows
        self._refresh_banners()

    def _settle(self, choice: str) -> None:
        action, self._pending = self._pending, None
        if choice == "save" and action is not None and not self.session.save():
            self._refresh_banners()
            return  # the save was refused: stay on this draft, the message line says why
        if choice in ("save", "discard") and action is not None:
            action()
        self._refresh_banners()

    def _on_session(self, reason: str) -> None:
        if reason == "deleted":
            self._show_undo = self.session.deleted is not None
        elif reason in REPLACED:
            self._show_undo = False
        if reason in LIBRARY_CHANGED:
            self.browser.refresh(select=self.session.current_id)
        elif reason in REPLACED:
            self.browser.select(self.session.current_id)
        self._refresh_banners()
        self._refresh_marker()

    def _on_merge(self, reason: str) -> None:
        """A merge finished in the conflict panel: the entry is back in the library; open it
        (after asking, if the draft has unsaved changes)."""
        if reason != "resolved" or not self.conflicts.session.resolved:
            return
        entry_id = self.conflicts.session.resolved[-1]
        self.browser.refresh(select=self.session.current_id)
        self.broken_banner.value = self._broken_files()
        self._leave_then(lambda: self.session.load(entry_id),
                         f"open {self.library.get(entry_id).name}")
        self._refresh_banners()

    def _refresh_marker(self) -> None:
        """The unsaved-changes marker and which toolbar buttons make sense now."""
        session = self.session
        if session.is_new:
            marker, css = "● New entry, not saved yet", "sk-new"
        elif session.dirty:
            marker, css = "● Unsaved changes", "sk-dirty"
        else:
            marker, css = "✓ All changes saved", "sk-clean"
        if self.marker.value != marker:
            self.marker.value = marker
            for old in ("sk-new", "sk-dirty", "sk-clean"):
                self.marker.remove_class(old)
            self.marker.add_class(css)
        unnamed = not self._draft_name()
        self.save_button.disabled = unnamed or not (session.dirty or session.is_new)
        # A disabled button says nothing by itself: its tooltip and a hint next to it say why.
        self.save_button.tooltip = ("Give the entry a name first: it is saved under its name"
                                    if unnamed else "Save this entry")
        hint = "Give it a name to save it" if unnamed else ""
        if self.save_hint.value != hint:
            self.save_hint.value = hint
        self.revert_button.disabled = not session.dirty
        self.duplicate_button.disabled = session.is_new

    def _refresh_banners(self) -> None:
        shown: list[w.Widget] = []
        if self.library.notes:
            shown.append(self.repaired_banner)
        if self._file_problems():
            shown.append(self.broken_banner)
        if self._pending is not None:
            name = self._draft_name()
            what = escape_html(self._pending_what)
            if name:
                self._confirm_text.value = (f"<b>{escape_html(name)}</b> has unsaved changes. "
                                            f"Save them before you {what}?")
            else:  # nothing to call it by, and a draft without a name cannot be saved
                self._confirm_text.value = (
                    "This draft has no name yet, so it cannot be saved. Drop it and "
                    f"{what}, or keep editing and give it a name?")
            self.confirm_save_button.disabled = not name
            self.confirm_save_button.layout.display = "" if name else "none"
            self.confirm_discard_button.description = "Don't save" if name else "Drop the draft"
            shown.append(self.confirm_banner)
        if self.session.conflict:
            self._conflict_text.value = (
                "<b>Someone else changed this entry's file since you opened it.</b> "
                "Your version is still here, nothing is lost. "
                f'<br><span class="sk-hint">{escape_html(self.session.conflict)}</span>')
            self.reload_theirs_button.disabled = self.session.is_new
            shown.append(self.conflict_banner)
        if self._show_undo and self.session.deleted is not None:
            self._undo_text.value = (f"Moved <b>{escape_html(self.session.deleted[0])}</b> to the "
                                     "trash.")
            shown.append(self.undo_banner)
        if list(self.banners.children) != shown:
            self.banners.children = shown

    def _draft_name(self) -> str:
        return str(self.session.form.get("name") or "").strip()

    def _file_problems(self) -> list:
        """The library's problems but the merge conflicts (the conflict panel shows those)."""
        merging = {str(self.library.path_of(i)) for i in self.library.conflicts()}
        return [p for p in self.library.problems if p.where not in merging]

    def _repaired(self) -> str:
        """What the library's load finished or undid that a stopped process had left (a
        save, an import): a coach who lost a window or a laptop learns what became of it."""
        if not self.library.notes:
            return ""
        items = "".join(f"<li>{escape_html(note.message)}</li>" for note in self.library.notes)
        return ("<b>When the library opened, it finished work a stopped program had left "
                f"half done</b> (nothing saved is lost):<ul>{items}</ul>")

    def _broken_files(self) -> str:
        problems = self._file_problems()
        if not problems:
            return ""
        items = "".join(f"<li>{escape_html(p)}</li>" for p in problems[:20])
        more = f"<li>... and {len(problems) - 20} more</li>" if len(problems) > 20 else ""
        return (f"<b>{len(problems)} problem{'s' if len(problems) != 1 else ''} in the "
                "library's files</b> (those entries are not shown; fix the files, or run "
                f"<code>stretchkit validate</code>):<ul>{items}{more}</ul>")
