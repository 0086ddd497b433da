"""The merge-conflict panel driven from Python: both values shown side by side, a pick per
field, and the merge finished through the library (files checked on disk)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stretchkit import Library
from stretchkit.formats.entry_file import dump_entry_data
from stretchkit.store.gitmerge import merge_files
from stretchkit.widgets import AuthoringApp, ConflictPanel
from tests.render.test_render import parse

ENTRY = "cat-cow"


def make_conflict(data: Path, entry_id: str, ours: dict, theirs: dict) -> Path:
    """Leave `entry_id` as the kit's merge driver leaves a conflicted merge of two edits."""
    path = data / "exercises" / f"{entry_id}.json"
    base = json.loads(path.read_text("utf-8"))
    work = data.parent / "merge"
    work.mkdir(exist_ok=True)
    for name, fields in (("base", {}), ("ours", ours), ("theirs", theirs)):
        (work / name).write_bytes(dump_entry_data({**base, **fields}))
    outcome = merge_files(work / "base", work / "ours", work / "theirs",
                          f"data/exercises/{entry_id}.json")
    assert not outcome.clean
    path.write_bytes((work / "ours").read_bytes())
    return path


def text(widget) -> str:
    return "".join(parse(widget.value).text)


@pytest.fixture
def conflicted(sample_data: Path) -> Path:
    make_conflict(sample_data, ENTRY,
                  {"name": "Cat-Cow From Here", "tips": ["Our tip."], "summary": "Same."},
                  {"name": "Cat-Cow From The Team", "tips": ["Their tip.", "Another."],
                   "summary": "Same."})
    return sample_data


def test_both_values_of_each_field_are_shown_side_by_side(conflicted):
    panel = ConflictPanel(Library(conflicted))
    assert panel.widget.layout.display == ""
    assert [c.field for c in panel.session.choices] == ["name", "tips"]
    rows = panel.fields.children
    assert len(rows) == 2
    name_row = rows[0]
    label, sides = name_row.children
    assert "Name" in text(label.children[0] if hasattr(label, "children") else label)
    ours_box, theirs_box = sides.children
    assert "Cat-Cow From Here" in text(ours_box.children[0])
    assert "This computer's" in text(ours_box.children[0])
    assert "Cat-Cow From The Team" in text(theirs_box.children[0])
    assert "Pulled from the team" in text(theirs_box.children[0])
    tips_theirs = text(rows[1].children[1].children[1].children[0])
    assert "Their tip." in tips_theirs and "Another." in tips_theirs
    assert panel.resolve_button.disabled


def test_picking_per_field_then_finishing_writes_a_clean_entry(conflicted):
    library = Library(conflicted)
    panel = ConflictPanel(library)
    panel.pick_buttons[("name", "theirs")].click()
    assert "sk-picked" in panel.pick_buttons[("name", "theirs")]._dom_classes
    assert panel.resolve_button.disabled  # tips not picked yet
    panel.resolve_button.click()  # refused with a message, nothing written
    assert "Pick a value for Tips first" in panel.session.message
    panel.pick_buttons[("tips", "ours")].click()
    assert not panel.resolve_button.disabled
    panel.resolve_button.click()
    assert panel.session.tone == "ok" and "Merged Cat-Cow From The Team" in \
        panel.session.message
    saved = json.loads((conflicted / "exercises" / f"{ENTRY}.json").read_text("utf-8"))
    assert saved["name"] == "Cat-Cow From The Team" and saved["tips"] == ["Our tip."]
    fresh = Library(conflicted)
    assert fresh.problems == [] and fresh.get(ENTRY).name == "Cat-Cow From The Team"
    assert panel.body.layout.display == "none"  # nothing left to merge


def test_a_text_that_looks_like_markup_stays_text(sample_data):
    make_conflict(sample_data, ENTRY, {"name": "<img src=x onerror=alert(1)>"},
                  {"name": "<b>bold</b>"})
    panel = ConflictPanel(Library(sample_data))
    html = panel.fields.children[0].children[1].children[0].children[0].value
    assert "<img" not in html and "&lt;img src=x" in html and "<b>bold" not in html


def test_the_authoring_app_shows_the_panel_and_opens_the_entry_once_merged(conflicted):
    app = AuthoringApp(Library(conflicted))
    assert app.conflicts.widget in app.widget.children
    assert app.conflicts.widget.layout.display == ""
    assert ENTRY not in app.browser.list.options and \
        ENTRY not in [v for _label, v in app.browser.list.options]
    assert app.broken_banner not in app.banners.children  # the panel says it, not a banner
    app.conflicts.all_ours_button.click()
    app.conflicts.resolve_button.click()
    assert app.session.current_id == ENTRY
    assert app.form.widget is not None and app.session.form["name"] == "Cat-Cow From Here"
    assert ENTRY in [v for _label, v in app.browser.list.options]


def test_with_no_conflicts_the_panel_is_hidden_and_nothing_else(sample_data):
    app = AuthoringApp(Library(sample_data))
    assert app.conflicts.widget.layout.display == "none"
    hidden = [box for box in (app.widget, app.banners, app.form.widget, app.browser.widget,
                              app.preview.widget, app.conflicts.body)
              if box.layout.display == "none"]
    assert hidden == [app.conflicts.body]
