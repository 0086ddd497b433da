"""The export panel: choose the channel (the published versions, or the working copies) and
the entries with filters, see them as a table, export them to CSV, JSON or JSON Lines with one
click, and get links to the files written.

`ExportPanel` shows an `ExportSession` (session.py) and forwards changes and clicks to it; a
failed export becomes a message under the button, and no callback raises into the page. Every
piece of entry text shown is escaped first.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import ipywidgets as w

from stretchkit.errors import StretchkitError
from stretchkit.formats.tables import wide_table
from stretchkit.model.entry import STATUSES
from stretchkit.render.html import escape_html as _e
from stretchkit.render.styles import EXPORT_CSS
from stretchkit.store.library import Library
from stretchkit.widgets.export.session import ANY, CHANNELS, FORMATS, ExportSession
from stretchkit.widgets.identity import IdentityBox
from stretchkit.widgets.panel import Panel, tag_picker
from stretchkit.widgets.panel import classed as _classed

#: Columns of the preview table (the export itself has every field).
PREVIEW_COLUMNS = ["id", "name", "status", "level", "goals", "targets"]
PREVIEW_ROWS = 25
#: Files of a CSV export worth a link of their own: file name -> what it is.
CSV_LINKS = {"exercises_wide.csv": "one row per entry", "exercises.csv": "the entries' own "
             "fields (tidy tables: one CSV per list)", "datapackage.json": "the tables' schema"}


def file_link(path: Path, text: str, start: Path | None = None) -> str:
    """An HTML link to a written file, relative to the notebook's folder (JupyterLab opens
    it); the text and the address are escaped."""
    relative = os.path.relpath(path, start or Path.cwd())
    href = quote(Path(relative).as_posix())
    return f'<a href="{_e(href)}" target="_blank" rel="noopener">{_e(text)}</a>'


class ExportPanel(Panel):
    """Filters, a table preview, format and Export button, and links to what was written; a
    notebook cell that ends with the panel shows it."""

    session: ExportSession

    def __init__(self, library: Library | ExportSession,
                 out_folder: str | os.PathLike[str] | None = None):
        super().__init__(library if isinstance(library, ExportSession)
                         else ExportSession(library, out_folder))
        s = self.session
        vocabulary = s.library.vocabulary

        def terms(section: str) -> list[tuple[str, str]]:
            return [(t.label, t.id) for t in vocabulary.terms(section)]

        self.identity = IdentityBox(s.library, s.report)
        self.channel = _classed(w.ToggleButtons(options=list(CHANNELS.items()), value=s.channel,
                                                style={"button_width": "auto"}),
                                "sk-export-channel")
        self.goals = tag_picker(vocabulary.ids("goals"), s.goals, "add a goal",
                                "sk-export-goals")
        self.match = _classed(w.ToggleButtons(options=[("any goal", "any"),
                                                       ("all goals", "all")],
                                              value=s.match, description="Match"),
                              "sk-export-match")
        self.status = tag_picker(STATUSES, s.status, "add a status", "sk-export-status")
        self.status_note = _classed(w.HTML(), "sk-export-status-note")
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
        self.result = _classed(w.HTML(), "sk-export-result", "sk-links")
        folder = _classed(w.HTML(f"Exports go to {_e(s.out_folder)}"), "sk-export-folder")

        for widget, name in ((self.channel, "channel"), (self.goals, "goals"),
                             (self.match, "match"),
                             (self.status, "status"), (self.level, "level"),
                             (self.target, "target"), (self.search, "search"),
                             (self.format, "format")):
            widget.observe(self.guard(lambda change, name=name: s.set(**{name: change["new"]})),
                           "value")
        self.export_button.on_click(self.guard(lambda _: s.export()))
        s.observe(self._on_session)

        def labelled(text: str, *widgets: w.Widget, column: bool = True) -> w.VBox:
            """A label over `widgets`; a `column` shares the width of its row."""
            layout = w.Layout(flex="1 1 0", min_width="260px") if column else w.Layout()
            return w.VBox([_classed(w.HTML(f'<span class="sk-mini-label">{_e(text)}</span>'),
                                    "sk-export-label"), *widgets], layout=layout)

        self.status_box = labelled("Statuses (working copies only)", self.status,
                                   self.status_note)
        self.widget = self._root("sk-export", EXPORT_CSS, [
            self.identity.widget,
            w.HTML("<div class='sk-export-title'>Export entries</div>"),
            labelled("Which versions", self.channel, column=False),
            _classed(w.HBox([labelled("Goals (type or pick, then Enter or Tab)", self.goals,
                                      self.match),
                             self.status_box,
                             w.VBox([self.level, self.target, self.search])]),
                     "sk-export-filters"),
            self.count, self.table,
            w.HBox([self.format, self.export_button]), folder, self.message, self.result,
        ])
        self._show_entries()
        self._show_channel()

    def _show_channel(self) -> None:
        """The status filter only applies to working copies: greyed out for the published
        channel, with a line that says why."""
        working = self.session.uses_status
        self.status.disabled = not working
        self.status_note.value = ("" if working else '<span class="sk-hint">Published versions '
                                  "are all published: the statuses apply to working copies"
                                  "</span>")

    def _on_session(self, reason: str) -> None:
        if reason == "filters":
            self._show_entries()
            self._show_channel()
        elif reason == "export":
            self._show_result()

    def _show_entries(self) -> None:
        try:
            entries = self.session.entries()
        except StretchkitError as exc:  # filters the library refuses: say why, export nothing
            self.count.value = f"<span class='sk-tone-warn'>{_e(exc)}</span>"
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
        what = "published entries" if self.session.channel == "published" else "working copies"
        self.count.value = (f"{len(entries)} of {self.session.total()} {what} match"
                            + (f"; the first {PREVIEW_ROWS} are shown" if len(entries) >
                               PREVIEW_ROWS else ""))

    def _show_result(self) -> None:
        """Links to the files the last export wrote (the session's message says what happened)."""
        written = self.session.written
        by_name = {p.name: p for p in written}
        links = [f"<li>{file_link(by_name[name], name)}: {_e(what)}</li>"
                 for name, what in CSV_LINKS.items() if name in by_name]
        if not links:
            links = [f"<li>{file_link(p, p.name)}</li>" for p in written]
        more = len(written) - len(links)
        extra = f"<li>and {more} more tables in the same folder</li>" if more > 0 else ""
        self.result.value = f"<ul>{''.join(links)}{extra}</ul>" if written else ""
