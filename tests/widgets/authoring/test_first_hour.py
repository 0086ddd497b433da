"""The coach's first hour with the authoring app: the rough edges a new coach met, each
driven from Python the way the page drives it (values typed, buttons clicked)."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import ipywidgets as w
import pytest

from stretchkit import Library
from stretchkit.widgets import AuthoringApp
from stretchkit.widgets.authoring.browser import LibraryBrowser, entry_label
from tests.conftest import ROOT


@pytest.fixture
def app(sample_data: Path) -> AuthoringApp:
    return AuthoringApp(Library(sample_data))


def plain(html: str) -> str:
    """The text of an HTML snippet as a reader sees it."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def words_shown(widget: w.Widget) -> list[str]:
    """Every piece of text a widget tree shows: HTML, placeholders, button and tab labels."""
    found: list[str] = []
    for name in ("value", "placeholder", "description"):
        text = getattr(widget, name, None)
        if isinstance(text, str) and (name != "value" or isinstance(widget, w.HTML)):
            found.append(unescape(text))
    found.extend(getattr(widget, "titles", ()) or ())
    for child in getattr(widget, "children", ()):
        found.extend(words_shown(child))
    return found


# -- the Credits tab ---------------------------------------------------------------------------
def test_the_source_link_is_called_so_in_plain_words(app):
    credits = app.form.tabs.children[app.form.tabs.titles.index("Credits")]
    shown = words_shown(credits)
    assert "Source link" in shown
    assert not [text for text in shown if "Url" in text or "URL" in text]


def test_a_source_problem_names_the_part_as_the_form_does(app):
    app.form.source_inputs["url"].value = "https://example.org/stretches"  # no title
    assert app.form.fields["source"].error.layout.display != "none"
    assert "title: " in unescape(app.form.fields["source"].error.value)


# -- a draft without a name ---------------------------------------------------------------------
def test_save_is_disabled_while_the_name_is_empty_and_says_why(app, sample_data):
    entry_id = app.session.current_id
    app.form.inputs["name"].value = "   "
    assert app.save_button.disabled
    assert "name" in app.save_button.tooltip.lower()
    assert "name" in app.save_hint.value.lower()
    app.form.inputs["name"].value = "Named Again"
    assert not app.save_button.disabled and app.save_hint.value == ""
    app.save_button.click()
    assert Library(sample_data).get(entry_id).name == "Named Again"


def test_a_new_draft_without_a_name_cannot_be_saved(app):
    app.new_button.click()
    assert app.session.is_new and not app.save_button.disabled  # it has the template's name
    app.form.inputs["name"].value = ""
    assert app.save_button.disabled


def test_leaving_an_unnamed_draft_asks_in_words_that_fit_it(app):
    second = app.browser.ids[1]
    second_name = app.library.get(second).name
    app.form.inputs["name"].value = ""
    app.browser.list.value = second
    assert app.confirm_banner in app.banners.children
    prompt = plain(app._confirm_text.value)
    assert "<b></b>" not in app._confirm_text.value
    assert not prompt.startswith(" ") and "no name" in prompt and second_name in prompt
    assert app.confirm_save_button.disabled  # saving it would only be refused
    assert app.confirm_save_button.layout.display == "none"
    app.confirm_discard_button.click()
    assert app.session.current_id == second


def test_leaving_a_named_draft_still_offers_to_save(app):
    name = app.session.form["name"]
    app.form.inputs["summary"].value = "Changed"
    app.browser.list.value = app.browser.ids[1]
    prompt = plain(app._confirm_text.value)
    assert prompt.startswith(f"{name} has unsaved changes")
    assert not app.confirm_save_button.disabled
    assert app.confirm_save_button.layout.display != "none"
    assert app.confirm_discard_button.description == "Don't save"


# -- tag boxes: aliases, unknown words, repeats --------------------------------------------------
def type_tag(box, text: str) -> None:
    """What the page sends when the coach types `text` in a tag box's add box and presses
    Enter or Tab: the box's value, once."""
    box.entry.value = text


def test_an_alias_typed_in_the_goals_box_adds_its_goal(app):
    goals = app.form.inputs["goals"]
    goals.value = []
    type_tag(goals, "cooldown")
    type_tag(goals, "Warmup")
    assert goals.value == ["cool-down", "warm-up"]
    assert app.session.form["goals"] == ["cool-down", "warm-up"]
    assert goals.entry.value == ""  # ready for the next one
    assert "warm-up" in plain(goals.note.value) and "Warmup" in plain(goals.note.value)
    app.save_button.click()
    assert app.library.get(app.session.current_id).goals == ["cool-down", "warm-up"]


def test_an_unknown_goal_says_so_and_keeps_the_word(app):
    goals = app.form.inputs["goals"]
    before = goals.value
    type_tag(goals, "cooldwn")
    note = plain(goals.note.value)
    assert "unknown goal 'cooldwn'" in note and "did you mean 'cool-down'" in note
    assert "sk-tone-warn" in goals.note.value and goals.note.layout.display != "none"
    assert goals.value == before and goals.entry.value == "cooldwn"
    type_tag(goals, "cool-down")  # corrected
    assert goals.value == [*before, "cool-down"] and goals.note.value == ""


def test_a_goal_typed_twice_is_said_to_be_there(app):
    goals = app.form.inputs["goals"]
    first = goals.value[0]
    type_tag(goals, first)
    assert goals.value.count(first) == 1
    assert "already there" in plain(goals.note.value)


def test_typed_markup_in_a_tag_box_stays_text(app):
    goals = app.form.inputs["goals"]
    type_tag(goals, "<img src=x onerror=alert(1)>")
    assert "<img" not in goals.note.value and "&lt;img" in goals.note.value


def test_body_areas_and_equipment_take_aliases_too(app):
    targets, equipment = app.form.inputs["targets"], app.form.inputs["equipment"]
    targets.value, equipment.value = [], []
    type_tag(targets, "psoas")
    type_tag(equipment, "towel")
    assert (targets.value, equipment.value) == (["hip-flexors"], ["strap"])
    assert app.session.form["equipment"] == ["strap"]


def test_the_add_box_offers_the_goals_not_chosen_yet(app):
    goals = app.form.inputs["goals"]
    goals.value = ["warm-up"]
    assert "warm-up" not in goals.entry.options
    assert "cool-down" in goals.entry.options


def test_opening_another_entry_clears_a_half_typed_tag(app):
    goals = app.form.inputs["goals"]
    type_tag(goals, "nonsense")
    app.browser.list.value = app.browser.ids[1]
    assert goals.entry.value == "" and goals.note.value == ""


def test_the_goal_filter_takes_aliases_and_names_unknown_goals(app):
    browser = app.browser
    type_tag(browser.goals, "cooldown")
    assert browser.goals.value == ["cool-down"]
    assert browser.ids == [e.id for e in app.library if "cool-down" in e.goals]
    type_tag(browser.goals, "stretchy")
    assert "unknown goal 'stretchy'" in plain(browser.goals.note.value)
    assert browser.goals.value == ["cool-down"]


# -- a narrow list -------------------------------------------------------------------------------
def test_a_list_label_reads_name_and_status_and_may_wrap_between_words(app):
    entry = app.library.get("adductor-rock-back")
    label = entry_label(entry)
    assert label.replace("\u200b", "") == f"{entry.name}  ·  changes-requested"
    # The page shows spaces as no-break spaces: each needs a break opportunity after it.
    assert label.count(" ") == label.count(" \u200b")


# -- the notebook, read in JupyterLab and as a web app -------------------------------------------
def test_the_author_notebook_is_thin_and_its_text_fits_the_web_app_too():
    notebook = json.loads((ROOT / "notebooks" / "author.ipynb").read_text(encoding="utf-8"))
    code = ["".join(c["source"]) for c in notebook["cells"] if c["cell_type"] == "code"]
    text = "\n".join("".join(c["source"]) for c in notebook["cells"]
                     if c["cell_type"] == "markdown")
    assert len(code) == 1 and len(code[0].strip().splitlines()) <= 5  # import, build, show
    # The web app shows the text but not the code: a sentence about the code names
    # JupyterLab, and the way to open another library works without the code too.
    assert "above" not in text
    for sentence in re.split(r"(?<=[.?!])\s+", text):
        if "cell" in sentence or "Library(" in sentence:
            assert "JupyterLab" in sentence, sentence
    assert "STRETCHKIT_DATA" in text


def test_a_search_lists_name_matches_first_and_says_why_the_others_matched(sample_data):
    browser = LibraryBrowser(Library(sample_data))
    browser.search.value = "calf"
    labels = [label.replace("\u200b", "") for label, _ in browser.list.options]
    assert labels[0] == "Wall Calf Stretch  ·  published"  # the name matches: no reason
    assert "—" not in labels[0]
    deep = next(label for label in labels if label.startswith("Deep Squat Hold"))
    assert "—  overview: ..." in deep and "calves" in deep
    assert browser.ids[0] == "wall-calf-stretch" and len(browser.ids) == len(labels)
