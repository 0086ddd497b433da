"""The editor form: every field of an entry, grouped in tabs, each with its error line.

The form writes what the coach types into the AuthoringSession and shows what the session
holds; it keeps no entry data of its own. Goals, body areas and equipment are tags limited to the
vocabulary; level, position and kind are dropdowns; lists have add, remove and move buttons;
a precaution is a condition picked from the vocabulary and a one-line reason.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import ipywidgets as w

from stretchkit.render.html import escape_html
from stretchkit.widgets.authoring.fields import (
    CueEditor,
    FaqEditor,
    Field,
    PrecautionEditor,
    TagBox,
    TextListEditor,
)
from stretchkit.widgets.authoring.session import (
    DOSAGE_KEYS,
    REPLACED,
    SOURCE_KEYS,
    SOURCE_LABELS,
    AuthoringSession,
)
from stretchkit.widgets.base import guarded
from stretchkit.widgets.panel import FULL, classed

_SMALL = w.Layout(width="86px")
_SIDES = [("Not set", ""), ("Each side", "each"), ("Both sides together", "both"),
          ("No sides", "none")]

#: Tab titles, and the fields each tab shows (a tab's title gets a warning mark when one of
#: its fields has a problem).
TABS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("Basics", ("name", "id", "summary", "goals", "targets", "level", "position", "kind",
                "equipment", "dosage", "entry")),
    ("Text", ("overview", "instructions", "tips")),
    ("Coaching", ("cues", "regressions", "progressions", "common_mistakes", "stop_signs",
                  "precautions")),
    ("FAQ", ("faq",)),
    ("Credits", ("authors", "source")),
)


def _utc(stamp: Any) -> str:
    """'2024-05-01 14:03 UTC' from a timestamp as stored (ISO text or datetime)."""
    try:
        when = stamp if isinstance(stamp, datetime) else datetime.fromisoformat(str(stamp))
        return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")
    except ValueError:
        return str(stamp)


class EntryForm:
    """Widgets for every editable field of the entry in `session`; what a callback raises is
    shown in the session's message."""

    def __init__(self, session: AuthoringSession):
        self.session = session
        vocab = session.vocabulary
        self._quiet = False
        self.fields: dict[str, Field] = {}
        self.inputs: dict[str, Any] = {}

        def text(field: str, placeholder: str = "", area: bool = False) -> w.Widget:
            cls = w.Textarea if area else w.Text
            widget = classed(cls(placeholder=placeholder, layout=FULL, continuous_update=True),
                             f"sk-{field.replace('_', '-')}")
            self._bind(field, widget)
            return widget

        def tags(field: str, section: str, placeholder: str) -> TagBox:
            box = TagBox(vocab, section, placeholder, session.report, f"sk-{field}")
            box.on_change(lambda values: self._set(field, values))
            self.inputs[field] = box
            return box

        def choice(field: str, section: str) -> w.Dropdown:
            options = [("Not set", "")] + [(t.label, t.id) for t in vocab.terms(section)]
            widget = classed(w.Dropdown(options=options, value="", layout=FULL),
                             f"sk-{field}")
            self._bind(field, widget)
            return widget

        def listed(field: str, add: str, placeholder: str) -> TextListEditor:
            editor = TextListEditor(add, f"sk-{field.replace('_', '-')}", session.report,
                                    placeholder)
            editor.on_change(lambda values: self._set(field, values))
            self.inputs[field] = editor
            return editor

        def labels(section: str) -> str:
            return ", ".join(vocab.ids(section))

        name = text("name", "What coaches call it, e.g. 'Seated Hip Stretch'")
        self.id_input = text("id", "lowercase-with-hyphens")
        summary = text("summary", "One sentence for cards and lists")
        goals = tags("goals", "goals", "add a goal")
        targets = tags("targets", "targets", "add a body area")
        equipment = tags("equipment", "equipment", "add equipment")
        level, position, kind = choice("level", "levels"), choice("position", "positions"), \
            choice("kind", "kinds")

        self.dosage_inputs: dict[str, w.Widget] = {}
        dosage_parts = []
        for key, label in (("hold_min", "Hold from (s)"), ("hold_max", "to (s)"),
                           ("breaths", "Breaths"), ("reps", "Reps")):
            box = classed(w.Text(placeholder="–", layout=_SMALL, continuous_update=True),
                          f"sk-dosage-{key.replace('_', '-')}")
            self.dosage_inputs[key] = box
            dosage_parts.append(w.VBox([classed(w.HTML(label), "sk-mini-label"), box]))
        sides = classed(w.Dropdown(options=_SIDES, value="", layout=w.Layout(width="170px")),
                        "sk-dosage-sides")
        self.dosage_inputs["sides"] = sides
        dosage_parts.append(w.VBox([classed(w.HTML("Sides"), "sk-mini-label"), sides]))
        for widget in self.dosage_inputs.values():
            widget.observe(self._callback(lambda _c: self._set("dosage", self._dosage())), "value")
        dosage = classed(w.HBox(dosage_parts, layout=w.Layout(flex_flow="row wrap")),
                         "sk-dosage")

        self.status_line = classed(w.HTML(""), "sk-entry-facts")

        self.source_inputs: dict[str, w.Text] = {}
        source_parts = []
        for key in SOURCE_KEYS:
            label, placeholder = SOURCE_LABELS[key]
            box = classed(w.Text(placeholder=placeholder, layout=FULL, continuous_update=True),
                          f"sk-source-{key}")
            box.observe(self._callback(lambda _c: self._set("source", self._source())), "value")
            self.source_inputs[key] = box
            source_parts.append(classed(w.HTML(escape_html(label)), "sk-mini-label"))
            source_parts.append(box)

        self.faq = FaqEditor("+ Add a question", "sk-faq", session.report)
        self.faq.on_change(lambda values: self._set("faq", values))
        self.inputs["faq"] = self.faq
        self.cues = CueEditor("+ Add a cue", "sk-cues", session.report)
        self.cues.on_change(lambda values: self._set("cues", values))
        self.inputs["cues"] = self.cues
        self.precautions = PrecautionEditor(vocab, "+ Add a precaution", "sk-precautions",
                                            session.report)
        self.precautions.on_change(lambda values: self._set("precautions", values))
        self.inputs["precautions"] = self.precautions

        F = Field
        self.fields = {
            "name": F("Name", name, css="sk-field-name"),
            "id": F("Id", self.id_input, "the file name; set once, when first saved"),
            "summary": F("Summary", summary),
            "goals": F("Goals", goals, f"type or pick, then Enter or Tab: {labels('goals')}"),
            "targets": F("Body areas", targets, "type or pick, then Enter or Tab: hips, "
                         "hamstrings, calves ..."),
            "level": F("Level", level),
            "position": F("Position", position),
            "kind": F("Kind", kind),
            "equipment": F("Equipment", equipment, f"{labels('equipment')}"),
            "dosage": F("Dosage", dosage),
            "entry": F("Status", self.status_line),
            "overview": F("Overview", listed("overview", "+ Add a paragraph", "A paragraph"),
                          "what it is, why it helps, how it should feel"),
            "instructions": F("Instructions",
                              listed("instructions", "+ Add a step", "Describe one step")),
            "tips": F("Tips & Tricks", listed("tips", "+ Add a tip", "One tip")),
            "cues": F("Cue checklist", self.cues, "short things to say; tick the must-say ones"),
            "regressions": F("Regressions", listed("regressions", "+ Add an easier version",
                                                   "An easier version"), "easier versions"),
            "progressions": F("Progressions", listed("progressions", "+ Add a harder version",
                                                     "A harder version"), "harder versions"),
            "common_mistakes": F("Common mistakes", listed("common_mistakes", "+ Add a mistake",
                                                           "What goes wrong")),
            "stop_signs": F("Stop signs", listed("stop_signs", "+ Add a stop sign",
                                                 "When to stop")),
            "precautions": F("Precautions", self.precautions,
                             "who should check with a clinician first, and why; or 'None "
                             "known'"),
            "faq": F("Frequently Asked Questions", self.faq),
            "authors": F("Authors", listed("authors", "+ Add an author", "Name")),
            "source": F("Source", w.VBox(source_parts, layout=FULL),
                        "for content taken from elsewhere"),
        }
        choices = w.HBox([self.fields[k].widget for k in ("level", "position", "kind")],
                         layout=FULL)
        choices.add_class("sk-choice-row")
        pages = []
        for _title, names in TABS:
            shown: list[w.Widget] = []
            for field in names:
                if field in ("position", "kind"):
                    continue  # in the row with level
                shown.append(choices if field == "level" else self.fields[field].widget)
            pages.append(classed(w.VBox(shown, layout=FULL), "sk-tab-page"))
        self.tabs = classed(w.Tab(children=pages, titles=[t for t, _ in TABS], layout=FULL),
                            "sk-tabs")
        self.widget = classed(w.VBox([self.tabs], layout=FULL), "sk-form")
        session.observe(self._on_session)

    # -- wiring -----------------------------------------------------------------------------
    def _callback(self, callback: Callable[..., Any]) -> Callable[..., None]:
        """`callback` for a widget: what it raises goes to the session's message."""
        return guarded(callback, self.session.report)

    def _bind(self, field: str, widget: w.Widget) -> None:
        self.inputs[field] = widget
        widget.observe(self._callback(lambda change: self._set(field, change["new"])), "value")

    def _set(self, field: str, value: Any) -> None:
        if not self._quiet:  # the program filling the form is not the coach typing
            self.session.update(field, value)

    def _dosage(self) -> dict[str, str]:
        return {key: self.dosage_inputs[key].value for key in DOSAGE_KEYS}

    def _source(self) -> dict[str, str]:
        return {key: box.value for key, box in self.source_inputs.items()}

    # -- showing ----------------------------------------------------------------------------
    def _on_session(self, reason: str) -> None:
        if reason in REPLACED:
            self.show()
        elif reason == "draft":
            if self.id_input.value != self.session.form.get("id"):  # the id follows the name
                self._quietly(lambda: setattr(self.id_input, "value", self.session.form["id"]))
            self.show_errors()

    def _quietly(self, action: Any) -> None:
        self._quiet = True
        try:
            action()
        finally:
            self._quiet = False

    def show(self) -> None:
        """Show the session's draft in every widget (without echoing it back to the session)."""
        self._quietly(self._fill)
        self.show_errors()

    def _fill(self) -> None:
        form = self.session.form
        for field, widget in self.inputs.items():
            value = form.get(field)
            if isinstance(widget, TagBox):
                value = list(value)
                widget.clear_entry()
            if widget.value != value:
                widget.value = value
        for key, widget in self.dosage_inputs.items():
            if widget.value != form["dosage"][key]:
                widget.value = form["dosage"][key]
        for key, widget in self.source_inputs.items():
            if widget.value != form["source"][key]:
                widget.value = form["source"][key]
        self.id_input.disabled = not self.session.is_new
        status = escape_html(form.get("status", "draft"))
        reviews = len(form.get("reviews") or [])
        facts = f'<span class="sk-status-chip sk-status-{status}">{status}</span>'
        if reviews:
            facts += f" · {reviews} review{'s' if reviews != 1 else ''}"
        if form.get("updated"):
            facts += f" · last saved {escape_html(_utc(form['updated']))}"
        if note := self.session.publication_note():
            facts += f' · <span class="sk-live-note">{escape_html(note)}</span>'
        self.status_line.value = facts

    def show_errors(self) -> None:
        errors = dict(self.session.errors)
        # Problems of fields the form does not show (status, timestamps) go with the status;
        # the Media tab shows its own.
        others = [m for f, ms in errors.items() if f not in self.fields and f != "media"
                  for m in ms]
        errors["entry"] = [*errors.get("entry", ()), *others]
        for field, block in self.fields.items():
            block.show_errors(errors.get(field, ()))
        for index, (title, names) in enumerate(TABS):
            bad = any(errors.get(n) for n in names)
            wanted = f"{title} ⚠" if bad else title
            if self.tabs.titles[index] != wanted:
                self.tabs.set_title(index, wanted)
