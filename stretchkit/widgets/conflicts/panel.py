"""The merge-conflict panel: for each field two people changed differently, both values side
by side ("This computer's" and "Pulled from the team"), a button under each to keep it, and
"Finish the merge" once every field has a pick. It observes a `ConflictSession`; the
authoring app shows it above the editor while a merge waits.
"""

from __future__ import annotations

import ipywidgets as w

from stretchkit.render.html import escape_html
from stretchkit.render.styles import CONFLICT_CSS
from stretchkit.store.library import Library
from stretchkit.widgets.conflicts.session import SIDE_LABELS, ConflictSession, FieldChoice
from stretchkit.widgets.panel import FULL, Panel, classed


def _lines_html(lines: tuple[str, ...] | None) -> str:
    if not lines:
        return '<div class="sk-conflict-empty">(empty)</div>'
    return "".join(f'<div class="sk-conflict-line">{escape_html(line)}</div>' for line in lines)


class ConflictPanel(Panel):
    """Both values of each conflicting field and a pick per field, for one Library."""

    def __init__(self, library: Library | ConflictSession):
        session = library if isinstance(library, ConflictSession) else ConflictSession(library)
        super().__init__(session)
        self.session: ConflictSession = session
        self.heading = classed(w.HTML(""), "sk-conflict-heading")
        self.entries = classed(w.Dropdown(options=[], layout=w.Layout(width="320px")),
                               "sk-conflict-entries")
        self.entries.observe(self.guard(self._chosen), "value")
        self.fields = classed(w.VBox([], layout=FULL), "sk-conflict-fields")
        self.resolve_button = classed(w.Button(description="Finish the merge",
                                               tooltip="Save the entry with the values you "
                                                       "picked"), "sk-resolve")
        self.all_ours_button = classed(w.Button(description=f"Keep all: {SIDE_LABELS['ours']}"),
                                       "sk-pick-all-ours")
        self.all_theirs_button = classed(
            w.Button(description=f"Keep all: {SIDE_LABELS['theirs']}"), "sk-pick-all-theirs")
        self.resolve_button.on_click(self.guard(lambda _b: self.session.resolve()))
        self.all_ours_button.on_click(self.guard(lambda _b: self.session.pick_all("ours")))
        self.all_theirs_button.on_click(self.guard(lambda _b: self.session.pick_all("theirs")))
        self.pick_buttons: dict[tuple[str, str], w.Button] = {}
        self._rows_for: tuple[str | None, tuple[str, ...]] = (None, ())
        self._quiet = False
        actions = classed(w.HBox([self.all_ours_button, self.all_theirs_button,
                                  self.resolve_button]), "sk-conflict-actions")
        # Layouts of their own: the panel and its body are hidden when no merge waits, and
        # the shared FULL layout hidden would hide every box that uses it.
        self.body = classed(w.VBox([self.heading, self.entries, self.fields, actions],
                                   layout=w.Layout(width="100%")), "sk-conflict-body")
        self.widget = self._root("sk-conflicts", CONFLICT_CSS, [self.body, self.message])
        self.widget.layout = w.Layout(width="100%", margin="2px 0")
        session.observe(self.guard(self._on_session))
        self._on_session("opened")

    # -- reacting ---------------------------------------------------------------------------
    def _chosen(self, change: dict) -> None:
        if not self._quiet and change["new"] and change["new"] != self.session.current_id:
            self.session.open(change["new"])

    def _on_session(self, _reason: str) -> None:
        ids = self.session.ids
        self.widget.layout.display = "" if ids or self.session.resolved else "none"
        self.body.layout.display = "" if ids else "none"
        if not ids:
            return
        self._quiet = True
        try:
            if list(self.entries.options) != ids:
                self.entries.options = ids
            self.entries.value = self.session.current_id
        finally:
            self._quiet = False
        self.entries.layout.display = "" if len(ids) > 1 else "none"
        name = self.session.library.conflict(self.session.current_id)
        title = name.ours.get("name") or self.session.current_id
        count = f"{len(ids)} entries need" if len(ids) > 1 else "This entry needs"
        self.heading.value = (
            f"<b>{count} your choice after a merge.</b> Two people changed the same "
            f"fields of <b>{escape_html(str(title))}</b> in different ways. Keep one value "
            "of each field; the other stays in the entry's history.")
        self._show_fields(self.session.choices)
        self.resolve_button.disabled = not self.session.ready

    def _show_fields(self, choices: list[FieldChoice]) -> None:
        key = (self.session.current_id, tuple(c.field for c in choices))
        if key != self._rows_for:  # another entry: new rows; the same one: marks only
            self._rows_for = key
            self.pick_buttons = {}
            self.fields.children = [self._row(c) for c in choices]
        for choice in choices:
            for side in ("ours", "theirs"):
                button = self.pick_buttons[(choice.field, side)]
                if choice.picked == side:
                    button.add_class("sk-picked")
                    button.description = "✓ Kept"
                else:
                    button.remove_class("sk-picked")
                    button.description = "Keep this"

    def _row(self, choice: FieldChoice) -> w.Widget:
        columns = []
        for side in ("ours", "theirs"):
            button = classed(w.Button(description="Keep this"), f"sk-pick-{side}")
            button.on_click(self.guard(
                lambda _b, f=choice.field, s=side: self.session.pick(f, s)))
            self.pick_buttons[(choice.field, side)] = button
            value = getattr(choice, side)
            html = (f'<div class="sk-conflict-side-name">{escape_html(SIDE_LABELS[side])}'
                    f'</div><div class="sk-conflict-value">{_lines_html(value)}</div>')
            columns.append(classed(w.VBox([w.HTML(html), button]), "sk-conflict-side",
                                   f"sk-conflict-{side}"))
        was = ""
        if choice.base is not None:
            was = (f'<span class="sk-hint">before both changes: '
                   f'{escape_html("; ".join(choice.base) or "(empty)")}</span>')
        label = classed(w.HTML(f'<div class="sk-conflict-label">{escape_html(choice.label)}'
                               f"</div>{was}"), "sk-conflict-name")
        row = classed(w.VBox([label, classed(w.HBox(columns, layout=FULL),
                                             "sk-conflict-sides")], layout=FULL),
                      "sk-conflict-field", f"sk-conflict-field-{choice.field}")
        return row
