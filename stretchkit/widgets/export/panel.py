"""The export panel: choose entries with filters, see them as a table, export them to CSV,
JSON or JSON Lines with one click, and get links to the files written.

`ExportSession` holds the choices in plain Python and exports through `export_library`, exactly
as `stretchkit export` does. `ExportPanel` shows a session and forwards changes and clicks to
it; no callback raises into the page: a failed export becomes a message under the button.
Every piece of entry text shown is escaped first.
"""

from __future__ import annotations

import os
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import ipywidgets as w

from stretchkit.errors import StretchkitError
from stretchkit.formats.tables import wide_table
from stretchkit.model.entry import ACTIVE_STATUSES, STATUSES, Exercise
from stretchkit.render.html import escape_html as _e
from stretchkit.store.library import Library
from stretchkit.transfer.exchange import (
    default_export_folder,
    export_library,
    new_export_path,
)
from stretchkit.widgets.authoring.fields import classed as _classed

#: The formats the panel offers: label -> format name.
FORMATS = {"CSV tables": "csv", "JSON": "json", "JSON Lines": "jsonl"}
#: Columns of the preview table (the export itself has every field).
PREVIEW_COLUMNS = ["id", "name", "status", "level", "goals", "targets"]
PREVIEW_ROWS = 25
ANY = ""
#: Files of a CSV export worth a link of their own: file name -> what it is.
CSV_LINKS = {"exercises_wide.csv": "one row per entry", "exercises.csv": "the entries' own "
             "fields (tidy tables: one CSV per list)", "datapackage.json": "the tables' schema"}
_CSS = """<style>
.sk-export{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#102a43}
.sk-export .sk-export-title{font-size:18px;font-weight:700}
.sk-export .sk-export-count,.sk-export .sk-export-folder{color:#627d98;font-size:13px}
.sk-export table{border-collapse:collapse;font-size:12.5px}
.sk-export th,.sk-export td{border-bottom:1px solid #d9e2ec;padding:3px 8px;text-align:left;
  vertical-align:top}
.sk-export .sk-msg-ok{color:#0b6e6e}
.sk-export .sk-export-result a{color:#0b6e6e;text-decoration:underline}
.sk-export .sk-msg-error{color:#b42318;white-space:pre-wrap}
</style>"""


def file_link(path: Path, text: str, start: Path | None = None) -> str:
    """An HTML link to a written file, relative to the notebook's folder (JupyterLab opens
    it); the text and the address are escaped."""
    relative = os.path.relpath(path, start or Path.cwd())
    href = quote(Path(relative).as_posix())
    return f'<a href="{_e(href)}" target="_blank" rel="noopener">{_e(text)}</a>'


class ExportSession:
    """The choices of an export: filters, format and folder, and the last result."""

    def __init__(self, library: Library, out_folder: str | os.PathLike[str] | None = None):
        self.library = library
        self.out_folder = Path(out_folder) if out_folder else default_export_folder(library)
        self.goals: tuple[str, ...] = ()
        self.match = "any"
        self.status: tuple[str, ...] = ACTIVE_STATUSES
        self.level = ANY
        self.target = ANY
        self.search = ""
        self.format = "csv"
        self.written: list[Path] = []
        self.message: tuple[str, str] = ("", "")  # (kind: "ok" | "error" | "", text)
        self._listeners: list[Callable[[str], None]] = []

    def observe(self, callback: Callable[[str], None]) -> None:
        """Call `callback(reason)` after every change ('filters', 'format', 'export')."""
        self._listeners.append(callback)

    def _changed(self, reason: str) -> None:
        for callback in self._listeners:
            callback(reason)

    def set(self, **choices: Any) -> None:
        """Change filters or the format, e.g. `set(goals=("warm-up",), level="beginner")`."""
        for name, value in choices.items():
            if name not in ("goals", "match", "status", "level", "target", "search", "format"):
                raise ValueError(f"unknown export choice {name!r}")
            setattr(self, name, tuple(value) if name in ("goals", "status") else value)
        self._changed("format" if set(choices) == {"format"} else "filters")

    def filters(self) -> dict[str, Any]:
        """The filters as `export_library` and `Library.filter` take them."""
        return {"goals": list(self.goals) or None, "match": self.match,
                "status": list(self.status), "level": self.level or None,
                "target": self.target or None, "search": self.search or None}

    def entries(self) -> list[Exercise]:
        return self.library.filter(**self.filters())

    def export(self) -> list[Path]:
        """Export the chosen entries into a new file or folder in `out_folder`; the result
        (links, or what went wrong) is in `message`. Never raises."""
        try:
            entries = self.entries()
            if not entries:
                raise StretchkitError("no entries match these filters: nothing to export")
            self.out_folder.mkdir(parents=True, exist_ok=True)
            out = new_export_path(self.out_folder, self.format)
            self.written = export_library(self.library, self.format, out, entries=entries)
            self.message = ("ok", f"Exported {len(entries)} entries to {out}")
        except StretchkitError as exc:
            self.written = []
            self.message = ("error", str(exc))
        except OSError as exc:
            self.written = []
            self.message = ("error", f"{exc.filename or self.out_folder}: "
                                     f"{exc.strerror or exc}")
        except Exception as exc:  # keep the page alive; say what went wrong
            self.written = []
            self.message = ("error", f"export failed: {type(exc).__name__}: {exc}")
        self._changed("export")
        return self.written


class ExportPanel(w.VBox):
    """Filters, a table preview, format and Export button, and links to what was written."""

    def __init__(self, library: Library | ExportSession,
                 out_folder: str | os.PathLike[str] | None = None):
        s = self.session = (library if isinstance(library, ExportSession)
                            else ExportSession(library, out_folder))
        vocabulary = s.library.vocabulary

        def terms(section: str) -> list[tuple[str, str]]:
            return [(t.label, t.id) for t in vocabulary.terms(section)]

        self.goals = _classed(w.SelectMultiple(options=terms("goals"), value=s.goals,
                                               description="Goals", rows=5), "sk-export-goals")
        self.match = _classed(w.ToggleButtons(options=[("any goal", "any"),
                                                       ("all goals", "all")],
                                              value=s.match, description="Match"),
                              "sk-export-match")
        self.status = _classed(w.SelectMultiple(options=list(STATUSES), value=s.status,
                                                description="Status", rows=6),
                               "sk-export-status")
        self.level = _classed(w.Dropdown(options=[("any", ANY), *terms("levels")],
                                         value=s.level, description="Level"), "sk-export-level")
        self.target = _classed(w.Dropdown(options=[("any", ANY), *terms("targets")],
                                          value=s.target, description="Body area"),
                               "sk-export-target")
        self.search = _classed(w.Text(value=s.search, description="Search",
                                      placeholder="words in any text", continuous_update=False),
                               "sk-export-search")
        self.format = _classed(w.ToggleButtons(options=list(FORMATS.items()), value=s.format,
                                               description="Format"), "sk-export-format")
        self.export_button = _classed(w.Button(description="Export", button_style="primary",
                                               icon="download"), "sk-export-button")
        self.count = _classed(w.HTML(), "sk-export-count")
        self.table = _classed(w.HTML(), "sk-export-table")
        self.result = _classed(w.HTML(), "sk-export-result")
        folder = _classed(w.HTML(f"Exports go to {_e(s.out_folder)}"), "sk-export-folder")

        for widget, name in ((self.goals, "goals"), (self.match, "match"),
                             (self.status, "status"), (self.level, "level"),
                             (self.target, "target"), (self.search, "search"),
                             (self.format, "format")):
            widget.observe(self._guard(lambda change, name=name: s.set(**{name: change["new"]})),
                           "value")
        self.export_button.on_click(self._guard(lambda _: s.export()))
        s.observe(self._guard(self._on_session))

        super().__init__([
            w.HTML(_CSS), w.HTML("<div class='sk-export-title'>Export entries</div>"),
            w.HBox([self.goals, w.VBox([self.match, self.level, self.target, self.search]),
                    self.status]),
            _classed(w.HTML("Hold Ctrl (⌘ on a Mac) to pick several goals or statuses."),
                     "sk-export-folder"),
            self.count, self.table,
            w.HBox([self.format, self.export_button]), folder, self.result,
        ])
        self.add_class("sk-export")
        self._show_entries()

    def _guard(self, callback: Callable[..., Any]) -> Callable[..., None]:
        def guarded(*args: Any) -> None:
            try:
                callback(*args)
            except Exception as exc:  # a broken callback shows a message, never a traceback
                self.result.value = (f"<div class='sk-msg-error'>{_e(type(exc).__name__)}: "
                                     f"{_e(exc)}</div>")
                traceback.clear_frames(exc.__traceback__)
        return guarded

    def _on_session(self, reason: str) -> None:
        if reason == "filters":
            self._show_entries()
        elif reason == "export":
            self._show_result()

    def _show_entries(self) -> None:
        try:
            entries = self.session.entries()
        except StretchkitError as exc:
            self.count.value = f"<div class='sk-msg-error'>{_e(exc)}</div>"
            self.table.value = ""
            self.export_button.disabled = True
            return
        # The table first: when the count changes, the rows it counts are already there.
        if entries:
            table = wide_table(entries[:PREVIEW_ROWS])[PREVIEW_COLUMNS]
            for column in ("goals", "targets"):
                table[column] = table[column].str.replace("\n", ", ")
            self.table.value = table.fillna("").to_html(index=False, escape=True, border=0)
        else:
            self.table.value = "<p>No entries match these filters.</p>"
        self.export_button.disabled = not entries
        self.count.value = (f"{len(entries)} of {len(self.session.library)} entries match"
                            + (f"; the first {PREVIEW_ROWS} are shown" if len(entries) >
                               PREVIEW_ROWS else ""))

    def _show_result(self) -> None:
        kind, text = self.session.message
        if kind != "ok":
            self.result.value = f"<div class='sk-msg-error'>{_e(text)}</div>"
            return
        written = self.session.written
        by_name = {p.name: p for p in written}
        links = [f"<li>{file_link(by_name[name], name)}: {_e(what)}</li>"
                 for name, what in CSV_LINKS.items() if name in by_name]
        if not links:
            links = [f"<li>{file_link(p, p.name)}</li>" for p in written]
        more = len(written) - len(links)
        extra = f"<li>and {more} more tables in the same folder</li>" if more > 0 else ""
        self.result.value = (f"<div class='sk-msg-ok'>{_e(text)}</div>"
                             f"<ul>{''.join(links)}{extra}</ul>")
