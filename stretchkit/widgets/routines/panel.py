"""The routine builder: goals, minutes, level and equipment in; the routine out with each
item's time and the live total; reorder, swap, change the dosage, save; a printable routine
card; and a follow-along view with a countdown for the current item and what comes next.

`RoutinePanel` shows a `RoutineSession` (session.py) and forwards every click to it; every
callback goes through the panel's guard, and all entry text is escaped before it is shown.
"""

from __future__ import annotations

import base64

import ipywidgets as w

from stretchkit.model.timing import clock
from stretchkit.render.html import escape_html as _e
from stretchkit.render.styles import ROUTINES_CSS
from stretchkit.store.library import Library
from stretchkit.widgets.panel import FULL, Panel, classed, tag_picker
from stretchkit.widgets.routines.session import RoutineSession

ANY = ""
SIDES = [("not set", None), ("each side", "each"), ("both sides", "both"), ("no sides", "none")]


def card_link(html: str, filename: str) -> str:
    """A link that downloads the routine card (one HTML page; print it from the browser)."""
    doc = base64.b64encode(html.encode("utf-8")).decode("ascii")
    return (f'<a download="{_e(filename)}" href="data:text/html;base64,{doc}" '
            f'target="_blank">Download the routine card ({_e(filename)}): open it and '
            "print</a>")


class RoutinePanel(Panel):
    """The builder; a notebook cell that ends with the panel shows it."""

    session: RoutineSession

    def __init__(self, library: Library | RoutineSession, user: str | None = None):
        super().__init__(library if isinstance(library, RoutineSession)
                         else RoutineSession(library, user))
        s = self.session
        vocab = s.library.vocabulary
        label = lambda text: classed(w.HTML(text), "sk-mini-label")  # noqa: E731

        # -- the request --
        self.goals = tag_picker(vocab.ids("goals"), s.goals, "goal, then Enter",
                                "sk-routine-goals")
        self.minutes = classed(w.BoundedIntText(value=s.minutes, min=1, max=180,
                                                layout=w.Layout(width="80px")),
                               "sk-routine-minutes")
        self.level = classed(w.Dropdown(options=[("any", ANY)] + [
            (vocab.label("levels", v), v) for v in vocab.ids("levels")], value=ANY,
            layout=w.Layout(width="140px")), "sk-routine-level")
        self.equipment = tag_picker(vocab.ids("equipment"), s.equipment, "any (or pick)",
                                    "sk-routine-equipment")
        self.working = classed(w.Checkbox(value=False, description="try drafts too",
                                          indent=False), "sk-routine-working")
        self.suggest_button = classed(w.Button(description="Suggest", button_style="primary",
                                               icon="magic"), "sk-routine-suggest")
        request = classed(w.HBox([
            w.VBox([label("Goals"), self.goals], layout=w.Layout(width="260px")),
            w.VBox([label("Minutes"), self.minutes]),
            w.VBox([label("Level at most"), self.level]),
            w.VBox([label("Equipment at hand"), self.equipment],
                   layout=w.Layout(width="260px")),
            w.VBox([self.working, self.suggest_button]),
        ]), "sk-routines-request")

        saved = s.saved_routines()
        self.saved = classed(w.Dropdown(options=[("open a saved routine…", ANY), *saved],
                                        value=ANY, layout=w.Layout(width="320px")),
                             "sk-routine-saved")

        # -- the routine --
        self.total = classed(w.HTML(), "sk-routines-total")
        self.items = classed(w.VBox(layout=FULL), "sk-routine-items")
        self.name = classed(w.Text(placeholder="routine name", layout=w.Layout(width="320px")),
                            "sk-routine-name")
        self.save_button = classed(w.Button(description="Save", icon="save"),
                                   "sk-routine-save")
        self.card_button = classed(w.Button(description="Printable card", icon="print"),
                                   "sk-routine-card-button")
        self.card = classed(w.HTML(), "sk-routine-card-link")
        actions = w.HBox([self.name, self.save_button, self.card_button])

        # -- the selected item: dosage and swaps --
        self.item_title = classed(w.HTML(), "sk-item-title")
        box = w.Layout(width="120px")
        self.hold = w.BoundedIntText(min=0, max=600, description="hold s", layout=box)
        self.reps = w.BoundedIntText(min=0, max=200, description="reps", layout=box)
        self.breaths = w.BoundedIntText(min=0, max=100, description="breaths", layout=box)
        self.sets = w.BoundedIntText(min=1, max=10, description="sets", layout=box)
        self.sides = w.Dropdown(options=SIDES, description="sides",
                                layout=w.Layout(width="170px"))
        for widget, css in ((self.hold, "sk-dose-hold"), (self.reps, "sk-dose-reps"),
                            (self.breaths, "sk-dose-breaths"), (self.sets, "sk-dose-sets"),
                            (self.sides, "sk-dose-sides")):
            classed(widget, css)
            widget.style.description_width = "52px"
        self.swaps = classed(w.Dropdown(options=[], layout=w.Layout(width="460px")),
                             "sk-swap-options")
        self.swap_button = classed(w.Button(description="Swap in", icon="exchange"),
                                   "sk-swap-button")
        self.editor = classed(w.VBox([
            self.item_title,
            w.HBox([self.hold, self.reps, self.breaths, self.sets, self.sides]),
            w.HBox([self.swaps, self.swap_button]),
        ], layout=w.Layout(display="none")), "sk-item-editor")

        # -- follow along --
        self.play = classed(w.Play(value=0, min=0, max=600, step=1, interval=1000,
                                   show_repeat=False), "sk-follow-play")
        self.clock = classed(w.HTML(), "sk-follow-clock")
        self.now = classed(w.HTML(), "sk-follow-now")
        self.next = classed(w.HTML(), "sk-follow-next")
        self.back_button = classed(w.Button(description="Back", icon="step-backward"),
                                   "sk-follow-back")
        self.next_button = classed(w.Button(description="Next", icon="step-forward"),
                                   "sk-follow-next-button")
        self.follow = classed(w.VBox([
            classed(w.HTML("<b>Follow along</b>: press play; the clock counts down the "
                           "current item and moves on by itself."), "sk-hint"),
            w.HBox([self.play, self.back_button, self.next_button]),
            self.clock, self.now, self.next,
        ]), "sk-follow")

        self.widget = self._root("sk-routines", ROUTINES_CSS, [
            classed(w.HTML("Routine builder"), "sk-routines-title"),
            request, w.HBox([self.saved]), self.message, self.total, self.items, self.editor,
            actions, self.card, self.follow,
        ])
        self._quiet = False
        self._rows: list[w.HBox] = []
        self._offered: tuple | None = None  # (item, entries) the swap list was made for
        g = self.guard
        self.suggest_button.on_click(g(lambda _: self._suggest()))
        self.saved.observe(g(self._open), names="value")
        self.save_button.on_click(g(lambda _: self._save()))
        self.card_button.on_click(g(lambda _: self._card()))
        self.swap_button.on_click(g(lambda _: self._swap()))
        for widget in (self.hold, self.reps, self.breaths, self.sets, self.sides):
            widget.observe(g(self._dosage), names="value")
        self.play.observe(g(lambda change: self.session.tick(change["new"])), names="value")
        self.back_button.on_click(g(lambda _: self.session.previous_item()))
        self.next_button.on_click(g(lambda _: self.session.next_item()))
        s.observe(self._follow_session)
        self._show_routine()
        self._show_follow()

    # -- from the widgets to the session ----------------------------------------------------
    def _suggest(self) -> None:
        s = self.session
        s.goals = list(self.goals.value)
        s.minutes = int(self.minutes.value)
        s.level = self.level.value or None
        s.equipment = list(self.equipment.value)
        s.include_working = bool(self.working.value)
        s.suggest()

    def _open(self, change: dict) -> None:
        if change["new"]:
            self.session.open(change["new"])

    def _save(self) -> None:
        if self.name.value.strip():
            self.session.rename(self.name.value)
        if self.session.save():
            self._quiet = True
            try:
                self.saved.options = [("open a saved routine…", ANY),
                                      *self.session.saved_routines()]
                self.saved.value = ANY
            finally:
                self._quiet = False

    def _card(self) -> None:
        s = self.session
        self.card.value = card_link(s.card_html(), f"{s.routine.id}.html")

    def _swap(self) -> None:
        s = self.session
        if s.selected is not None and self.swaps.value:
            s.swap(s.selected, self.swaps.value)

    def _dosage(self, _change: dict) -> None:
        s = self.session
        if self._quiet or s.selected is None or s.routine is None:
            return
        s.set_dosage(s.selected, hold_seconds=self.hold.value or None,
                     reps=self.reps.value or None, breaths=self.breaths.value or None,
                     sets=self.sets.value, sides=self.sides.value)

    # -- from the session to the widgets ----------------------------------------------------
    def _follow_session(self, reason: str) -> None:
        if reason in ("routine", "selected", "saved"):
            self._show_routine()
        if reason in ("routine", "follow"):
            self._show_follow()

    def _row(self, index: int) -> w.HBox:
        """The row of item `index`: its text, time and buttons (kept and refilled as the
        routine changes, so a change of dosage redraws two texts, not every widget)."""
        s = self.session
        g = self.guard
        up = classed(w.Button(description="↑", tooltip="move up"), "sk-row-up")
        down = classed(w.Button(description="↓", tooltip="move down"), "sk-row-down")
        edit = classed(w.Button(description="Edit / swap", tooltip="change the dosage or "
                                "swap this entry"), "sk-row-edit")
        drop = classed(w.Button(description="✕", tooltip="remove"), "sk-row-remove")
        up.on_click(g(lambda _: s.move(index, -1)))
        down.on_click(g(lambda _: s.move(index, +1)))
        edit.on_click(g(lambda _: s.select(index)))
        drop.on_click(g(lambda _: s.remove(index)))
        text = classed(w.HTML(layout=w.Layout(flex="1 1 auto")), "sk-row-text")
        time = classed(w.HTML(), "sk-row-time")
        row = classed(w.HBox([text, time, up, down, edit, drop], layout=FULL),
                      "sk-routine-row", f"sk-row-{index + 1}")
        return row

    def _fill_row(self, row: w.HBox, index: int, item: dict) -> None:
        text, time = row.children[0], row.children[1]
        why = f'<div class="sk-row-why">{_e(item["why"])}</div>' if item["why"] else ""
        value = (f'<span class="sk-row-name">{index + 1}. {_e(item["name"])}</span> '
                 f'<span class="sk-row-dose">{_e(item["dose"])}</span>{why}')
        if text.value != value:
            text.value = value
        if time.value != clock(item["seconds"]):
            time.value = clock(item["seconds"])
        if self.session.selected == index:
            row.add_class("sk-selected")
        else:
            row.remove_class("sk-selected")

    def _show_routine(self) -> None:
        s = self.session
        self.total.value = _e(s.total_line())
        if s.routine is None:
            self.items.children = ()
            self.editor.layout.display = "none"
            return
        report = s.summary()
        while len(self._rows) < len(report["items"]):
            self._rows.append(self._row(len(self._rows)))
        for index, item in enumerate(report["items"]):
            self._fill_row(self._rows[index], index, item)
        shown = tuple(self._rows[:len(report["items"])])
        if self.items.children != shown:
            self.items.children = shown
        if self.name.value != s.routine.name:
            self.name.value = s.routine.name
        self._show_editor()

    def _show_editor(self) -> None:
        s = self.session
        if s.selected is None or s.routine is None:
            self.editor.layout.display = "none"
            return
        index = s.selected
        item = s.routine.items[index]
        entry = s.entry(index)
        self._quiet = True
        try:
            d = item.dosage
            self.hold.value, self.reps.value = d.hold_seconds or 0, d.reps or 0
            self.breaths.value, self.sets.value = d.breaths or 0, d.sets
            self.sides.value = d.sides
            self.item_title.value = (f"<b>Item {index + 1}: "
                                     f"{_e(entry.name if entry else item.entry)}</b>")
            offered = (index, tuple(s.routine.entry_ids()))
            if offered != self._offered:  # a dosage change keeps the list
                swaps = s.alternatives(index)
                self.swaps.options = [(f"{sw.entry.name} — {sw.why}", sw.entry.id)
                                      for sw in swaps] or [("no alternative fits", "")]
                self._offered = offered
        finally:
            self._quiet = False
        self.editor.layout.display = ""

    def _show_follow(self) -> None:
        state = self.session.follow_state()
        self.clock.value = _e(clock(state["left"]))
        now = f"{_e(state['place'])}: {_e(state['now'])}" if state["now"] else \
            "Suggest or open a routine to follow it."
        cue = f'<div class="sk-hint">{_e(state["cue"])}</div>' if state["cue"] else ""
        self.now.value = f"{now} <span class='sk-row-dose'>{_e(state['dose'])}</span>{cue}"
        self.next.value = f"Next: {_e(state['next'])}" if state["next"] else ""
        self.play.max = max(state["left"] + self.session.elapsed, 1)
        if self.session.elapsed == 0 and self.play.value != 0:
            self.play.value = 0  # a new item starts its own count
