"""Form pieces: a labelled field with its error line, a tag box for vocabulary terms, and list
editors (add, remove, move) for one-line texts, FAQ pairs and cues.

List editors keep a pool of row widgets and only change their values when another entry is
shown: creating widgets costs milliseconds each, setting a value microseconds. Every editor
reports the whole list to `on_change` after each edit the coach makes, never while the program
sets its value. What an edit's callbacks raise goes to the editor's `report` (the app's status
line), never into the page.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar

import ipywidgets as w

from stretchkit.errors import VocabularyError
from stretchkit.model.entry import PHASES
from stretchkit.model.vocabulary import SECTIONS, Vocabulary
from stretchkit.render.html import escape_html
from stretchkit.widgets.base import Report, guarded
from stretchkit.widgets.panel import FULL, classed

# Rows share their layout and style models: a widget's own models cost as much as the widget.
_ICON = w.Layout(width="30px", min_width="30px", height="28px", padding="0")
_ICON_STYLE = w.ButtonStyle()
_ROW = w.Layout(width="100%", margin="2px 0")


class Field:
    """A title, an optional hint, the input, and an error line that shows the field's
    problems (escaped: messages quote what the coach typed)."""

    def __init__(self, title: str, body: Any, hint: str = "", css: str = ""):
        self.body = body  # a widget, or a list editor (which has one)
        if not isinstance(body, w.Widget):
            body = body.widget
        head = f'<span class="sk-field-title">{escape_html(title)}</span>'
        if hint:
            head += f' <span class="sk-hint">{escape_html(hint)}</span>'
        self.error = classed(w.HTML(""), "sk-error")
        self.error.layout.display = "none"
        self._shown: tuple[str, ...] = ()
        self.widget = classed(w.VBox([classed(w.HTML(head), "sk-field-head"), body, self.error],
                                     layout=FULL), "sk-field", *([css] if css else []))

    def show_errors(self, messages: list[str] | tuple[str, ...]) -> None:
        messages = tuple(messages)
        if messages == self._shown:
            return
        self._shown = messages
        self.error.value = "<br>".join("⚠ " + escape_html(m) for m in messages)
        self.error.layout.display = "" if messages else "none"
        if messages:
            self.widget.add_class("sk-invalid")
        else:
            self.widget.remove_class("sk-invalid")


class TagBox:
    """Terms of one vocabulary section (goals, body areas, ...): the chosen ones as chips (each
    with its ✕, drag one to reorder) and a box to add one: type or pick, then Enter or Tab.

    The chips are a TagsInput whose own text box is hidden (by the stylesheet), for two
    reasons. In JupyterLab, Enter does nothing in it: JupyterLab cancels the line break Enter
    would insert anywhere inside a notebook cell, which also cancels the input's change event,
    the moment TagsInput adds a tag (jupyterlab#6555). The add box is a Combobox, whose view
    keeps its keys from JupyterLab, so Enter commits there as it does in Voila. And TagsInput
    drops a word outside its allowed tags without a word; here every word reaches Python: an
    alias or label becomes its term (`warmup` is added as `warm-up`), and a repeat or an
    unknown word is said in the box's note line, the word left in the box to correct.

    `value` is the list of term ids; `on_change` callbacks get it after every change, the
    coach's or the program's (as a widget's observers do). What they raise goes to `report`.
    """

    def __init__(self, vocabulary: Vocabulary, section: str, placeholder: str,
                 report: Report, css: str = ""):
        self.vocabulary, self.section = vocabulary, section
        self.noun = SECTIONS[section]
        self._callbacks: list[Callable[[list[str]], None]] = []
        self._quiet = False
        ids = vocabulary.ids(section)
        self.chips = classed(w.TagsInput(allowed_tags=ids, allow_duplicates=False,
                                         layout=w.Layout(width="auto")), "sk-tag-chips")
        self.entry = classed(w.Combobox(options=ids, placeholder=placeholder,
                                        ensure_option=False, continuous_update=False,
                                        layout=w.Layout(width="auto")), "sk-tag-entry")
        self.note = classed(w.HTML(""), "sk-tag-note")
        self.note.layout.display = "none"
        self.chips.observe(guarded(lambda _change: self._changed(), report), "value")
        self.entry.observe(guarded(self._typed, report), "value")
        row = classed(w.HBox([self.chips, self.entry], layout=FULL), "sk-tag-row")
        self.widget = classed(w.VBox([row, self.note], layout=FULL), "sk-tagbox",
                              *([css] if css else []))

    @property
    def value(self) -> list[str]:
        return list(self.chips.value)

    @value.setter
    def value(self, values: list[str]) -> None:
        self.chips.value = list(values)

    def on_change(self, callback: Callable[[list[str]], None]) -> None:
        self._callbacks.append(callback)

    def clear_entry(self) -> None:
        """Empty the add box and its note (another entry is shown: what was half-typed for
        the last one does not belong to it)."""
        self._quiet = True
        try:
            self.entry.value = ""
        finally:
            self._quiet = False
        self._say("", "")

    def _changed(self) -> None:
        chosen = set(self.chips.value)
        self.entry.options = [i for i in self.vocabulary.ids(self.section) if i not in chosen]
        for callback in self._callbacks:
            callback(self.value)

    def _typed(self, change: dict[str, Any]) -> None:
        typed = change["new"].strip()
        if self._quiet or not typed:
            return
        try:
            term = self.vocabulary.normalise(self.section, typed)
        except VocabularyError as exc:
            self._say(str(exc), "warn")  # the word stays in the box, to be corrected
            return
        label = self.vocabulary.label(self.section, term)
        if term in self.chips.value:
            self._say(f"{label} is already there.", "ok")
        else:
            self.chips.value = [*self.chips.value, term]
            self._say(f"Added {term} (for {typed!r})." if typed != term else "", "ok")
        self._quiet = True
        try:
            self.entry.value = ""
        finally:
            self._quiet = False

    def _say(self, message: str, tone: str) -> None:
        text = f'<span class="sk-tone-{tone}">{escape_html(message)}</span>' if message else ""
        if self.note.value != text:
            self.note.value = text
        self.note.layout.display = "" if message else "none"


def _icon_button(label: str, tooltip: str, css: str) -> w.Button:
    return classed(w.Button(description=label, tooltip=tooltip, layout=_ICON, style=_ICON_STYLE),
                   "sk-icon", css)


class _Row:
    """One row of a list editor: inputs, plus move up, move down and remove buttons (the
    row's number comes from a CSS counter, not a widget)."""

    def __init__(self, index: int, inputs: list[w.Widget], body: w.Widget,
                 editor: RowListEditor):
        self.index = index
        self.inputs = inputs
        up = _icon_button("↑", "Move up", "sk-up")
        down = _icon_button("↓", "Move down", "sk-down")
        remove = _icon_button("✕", "Remove", "sk-remove")
        up.on_click(editor.guard(lambda _: editor.move(self.index, -1)))
        down.on_click(editor.guard(lambda _: editor.move(self.index, +1)))
        remove.on_click(editor.guard(lambda _: editor.remove(self.index)))
        self.buttons = (up, down, remove)
        self.widget = classed(w.HBox([body, *self.buttons], layout=_ROW), "sk-row")


class RowListEditor:
    """An ordered list edited row by row. Subclasses say how a row looks and reads."""

    blank: Any = ""

    def __init__(self, add_label: str, css: str, report: Report):
        self._report = report
        self._values: list[Any] = []
        self._rows: list[_Row] = []
        self._quiet = False
        self._callbacks: list[Callable[[list[Any]], None]] = []
        self.add_button = classed(w.Button(description=add_label, icon=""), "sk-add")
        self.add_button.on_click(self.guard(lambda _: self.add()))
        self.rows_box = classed(w.VBox([], layout=FULL), "sk-rows")
        self.widget = classed(w.VBox([self.rows_box, self.add_button], layout=FULL),
                              "sk-list", css)

    def guard(self, callback: Callable[..., Any]) -> Callable[..., None]:
        return guarded(callback, self._report)

    # -- for subclasses ---------------------------------------------------------------------
    def _inputs(self) -> tuple[list[w.Widget], w.Widget]:
        """The row's value widgets, and the widget that lays them out."""
        raise NotImplementedError

    def _read(self, row: _Row) -> Any:
        raise NotImplementedError

    def _write(self, row: _Row, value: Any) -> None:
        raise NotImplementedError

    # -- public -----------------------------------------------------------------------------
    @property
    def value(self) -> list[Any]:
        return [self._copy(v) for v in self._values]

    @value.setter
    def value(self, values: list[Any]) -> None:
        """Show a list (no on_change: this is the program speaking, not the coach)."""
        self._values = [self._copy(v) for v in values]
        self._show_rows(0)

    @property
    def rows(self) -> list[_Row]:
        """The rows on show, in order."""
        return self._rows[:len(self._values)]

    def on_change(self, callback: Callable[[list[Any]], None]) -> None:
        self._callbacks.append(callback)

    def add(self, value: Any = None) -> None:
        self._values.append(self._copy(self.blank if value is None else value))
        self._show_rows(len(self._values) - 1)
        self._changed()

    def remove(self, index: int) -> None:
        if 0 <= index < len(self._values):
            del self._values[index]
            self._show_rows(index)
            self._changed()

    def move(self, index: int, step: int) -> None:
        target = index + step
        if 0 <= index < len(self._values) and 0 <= target < len(self._values):
            values = self._values
            values[index], values[target] = values[target], values[index]
            self._show_rows(min(index, target), max(index, target) + 1)
            self._changed()

    # -- inside -----------------------------------------------------------------------------
    @staticmethod
    def _copy(value: Any) -> Any:
        return dict(value) if isinstance(value, dict) else value

    def _show_rows(self, start: int, stop: int | None = None) -> None:
        """Write values into rows start..stop (default: to the end), growing the pool as
        needed, and show exactly as many rows as there are values."""
        n = len(self._values)
        self._quiet = True
        try:
            while len(self._rows) < n:
                self._rows.append(self._new_row(len(self._rows)))
            for i in range(start, n if stop is None else min(stop, n)):
                self._write(self._rows[i], self._values[i])
        finally:
            self._quiet = False
        if len(self.rows_box.children) != n:
            self.rows_box.children = tuple(r.widget for r in self._rows[:n])

    def _new_row(self, index: int) -> _Row:
        inputs, body = self._inputs()
        row = _Row(index, inputs, body, self)
        for widget in row.inputs:
            widget.observe(self.guard(lambda _change, row=row: self._typed(row)), "value")
        return row

    def _typed(self, row: _Row) -> None:
        if self._quiet or row.index >= len(self._values):
            return
        self._values[row.index] = self._read(row)
        self._changed()

    def _changed(self) -> None:
        for callback in self._callbacks:
            callback(self.value)


class TextListEditor(RowListEditor):
    """One text per row (steps, tips, paragraphs ...); the boxes grow with their text.

    A line break typed (Enter) or pasted into a row splits it into rows, the way a word
    processor starts a new paragraph: an item is one line, so nothing typed becomes an error,
    and pasting a whole list fills one row per line.
    """

    def __init__(self, add_label: str, css: str, report: Report, placeholder: str = ""):
        self.placeholder = placeholder
        super().__init__(add_label, css, report)

    def _inputs(self) -> tuple[list[w.Widget], w.Widget]:
        text = classed(w.Textarea(placeholder=self.placeholder, rows=1, layout=FULL,
                                  continuous_update=True), "sk-row-text")
        return [text], text

    def _read(self, row: _Row) -> str:
        return row.inputs[0].value

    def _typed(self, row: _Row) -> None:
        text = row.inputs[0].value
        if self._quiet or row.index >= len(self._values) or "\n" not in text:
            super()._typed(row)
            return
        parts = text.replace("\r\n", "\n").split("\n")
        self._values[row.index:row.index + 1] = parts
        self._show_rows(row.index)
        self._rows[row.index + len(parts) - 1].inputs[0].focus()  # where the typing goes on
        self._changed()

    def _write(self, row: _Row, value: str) -> None:
        row.inputs[0].value = value


class FaqEditor(RowListEditor):
    """Question and answer pairs."""

    blank: ClassVar[dict[str, str]] = {"question": "", "answer": ""}

    def _inputs(self) -> tuple[list[w.Widget], w.Widget]:
        question = classed(w.Text(placeholder="Question", layout=FULL, continuous_update=True),
                           "sk-faq-question")
        answer = classed(w.Textarea(placeholder="Answer", rows=1, layout=FULL,
                                    continuous_update=True), "sk-faq-answer")
        return [question, answer], w.VBox([question, answer], layout=FULL)

    def _read(self, row: _Row) -> dict[str, str]:
        return {"question": row.inputs[0].value, "answer": row.inputs[1].value}

    def _write(self, row: _Row, value: dict[str, str]) -> None:
        row.inputs[0].value = value["question"]
        row.inputs[1].value = value["answer"]


class CueEditor(RowListEditor):
    """Cue checklist lines: what to say, in which phase, and whether it is a must-say cue."""

    blank: ClassVar[dict[str, Any]] = {"text": "", "phase": "execution", "key": False}

    def _inputs(self) -> tuple[list[w.Widget], w.Widget]:
        text = classed(w.Text(placeholder="Cue, e.g. 'Long spine first'", layout=FULL,
                              continuous_update=True), "sk-cue-text")
        phase = classed(w.Dropdown(options=[(p.capitalize(), p) for p in PHASES],
                                   value="execution", layout=w.Layout(width="130px")),
                        "sk-cue-phase")
        key = classed(w.Checkbox(description="key cue", indent=False,
                                 layout=w.Layout(width="90px")), "sk-cue-key")
        return [text, phase, key], w.VBox([text, w.HBox([phase, key])], layout=FULL)

    def _read(self, row: _Row) -> dict[str, Any]:
        text, phase, key = row.inputs
        return {"text": text.value, "phase": phase.value, "key": key.value}

    def _write(self, row: _Row, value: dict[str, Any]) -> None:
        text, phase, key = row.inputs
        text.value = value["text"]
        phase.value = value["phase"]
        key.value = bool(value["key"])


class PrecautionEditor(RowListEditor):
    """Precautions: a condition from the vocabulary (or 'None known') and why it matters for
    this entry."""

    blank: ClassVar[dict[str, str]] = {"condition": "", "reason": ""}

    def __init__(self, vocabulary: Vocabulary, add_label: str, css: str, report: Report):
        self._options = [("Pick a condition", "")] + [
            (t.label, t.id) for t in vocabulary.terms("conditions")]
        super().__init__(add_label, css, report)

    def _inputs(self) -> tuple[list[w.Widget], w.Widget]:
        condition = classed(w.Dropdown(options=self._options, value="",
                                       layout=w.Layout(width="210px")), "sk-precaution-condition")
        reason = classed(w.Text(placeholder="Why, for this entry (one line)", layout=FULL,
                                continuous_update=True), "sk-precaution-reason")
        return [condition, reason], w.VBox([condition, reason], layout=FULL)

    def _read(self, row: _Row) -> dict[str, str]:
        return {"condition": row.inputs[0].value, "reason": row.inputs[1].value}

    def _write(self, row: _Row, value: dict[str, str]) -> None:
        known = {v for _, v in self._options}
        condition = value["condition"]
        if condition not in known:  # a condition a replaced vocabulary no longer has
            self._options = [*self._options, (condition, condition)]
            row.inputs[0].options = self._options
        row.inputs[0].value = condition
        row.inputs[1].value = value["reason"]
