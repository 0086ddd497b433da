"""The language picker and the Translation tab, driven from Python as a translator drives
them: pick a language, read the source beside the translation, see what changed in an
outdated item, type, save; the preview shows the entry in that language, fallbacks marked,
and translated text never runs as HTML."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchkit import Library
from stretchkit.model.translation import align, count
from stretchkit.widgets import AuthoringApp
from stretchkit.widgets.authoring.translating import TranslationSession, diff_html
from tests.render.test_render import ALLOWED, PAYLOADS, parse


@pytest.fixture
def app(sample_data: Path) -> AuthoringApp:
    return AuthoringApp(Library(sample_data, user="Camille Rousseau"), "cat-cow")


def rows_by_state(app: AuthoringApp, state: str):
    return [r for r in app.translation_tab.rows.children if f"sk-row-{state}" in r._dom_classes]


def test_the_picker_offers_the_source_and_the_targets(app):
    picker = app.translation_tab.picker
    assert picker.options == (("English (source)", "en"), ("français (French)", "fr"))
    assert picker.value == "en" and app.translation_tab.rows.children == ()
    assert "Pick a language above" in app.translation_tab.head.value


def test_picking_a_language_shows_source_beside_translation_and_the_outdated_diff(app):
    app.translation_tab.picker.value = "fr"
    tab = app.translation_tab
    assert tab.head.value == ("<b>Cat-Cow</b> in français (French): 10 translated, 1 outdated, "
                              "44 missing")
    assert len(tab.rows.children) == 55
    [outdated] = rows_by_state(app, "outdated")
    source, box = outdated.children
    assert "Instructions · instruction 8" in source.value
    assert "Repeat for 10 slow reps" in source.value
    assert '<del class="sk-diff-del">8</del> <ins class="sk-diff-add">10</ins>' in source.value
    assert box.value == "Répétez 8 fois lentement, puis asseyez-vous sur les talons pour " \
                        "vous reposer."
    [name_row] = [r for r in rows_by_state(app, "current") if "Cat-Cow" in r.children[0].value]
    assert name_row.children[1].value == "Chat-vache"


def test_typing_and_saving_updates_the_file_and_the_counts(app, sample_data):
    app.translation_tab.picker.value = "fr"
    [outdated] = rows_by_state(app, "outdated")
    outdated.children[1].value = ("Répétez 10 fois lentement, puis asseyez-vous sur les "
                                  "talons pour vous reposer.")
    assert "unsaved translation" in app.translation_tab.head.value
    app.translation_tab.save_button.click()
    assert app.translation.message.startswith("Saved the français (French) translation")
    library = Library(sample_data)
    states = align(library.get("cat-cow"), library.translations.get("fr", "cat-cow"))
    assert count(states).outdated == 0 and count(states).translated == 11
    assert rows_by_state(app, "outdated") == []


def test_a_line_break_is_refused_and_the_typing_kept(app, sample_data):
    app.translation_tab.picker.value = "fr"
    before = (sample_data / "translations" / "fr" / "cat-cow.json").read_bytes()
    box = rows_by_state(app, "missing")[0].children[1]
    box.value = "deux\nlignes"
    app.translation_tab.save_button.click()
    assert app.translation.tone == "warn" and "one line only" in app.translation.message
    assert box.value == "deux\nlignes"
    assert (sample_data / "translations" / "fr" / "cat-cow.json").read_bytes() == before


def test_another_translators_save_meanwhile_is_refused_and_the_typing_kept(app, sample_data):
    app.translation_tab.picker.value = "fr"
    box = rows_by_state(app, "missing")[0].children[1]
    box.value = "Ma traduction"
    other = AuthoringApp(Library(sample_data, user="Someone Else"), "cat-cow")
    other.translation_tab.picker.value = "fr"
    rows_by_state(other, "missing")[1].children[1].value = "Leur traduction"
    other.translation_tab.save_button.click()
    app.translation_tab.save_button.click()
    assert app.translation.tone == "warn" and "someone else saved" in app.translation.message
    assert box.value == "Ma traduction"


def test_the_preview_shows_the_language_and_marks_the_fallbacks(app):
    app.translation_tab.picker.value = "fr"
    html = app.preview.html.value
    text = "".join(parse(html).text)
    assert "Chat-vache" in text and "Consignes" in text
    assert "Shown in English (not translated, or outdated): Overview, Instructions" in text
    assert "Mobilité" in text  # a goal's label in French
    app.translation_tab.picker.value = "en"
    assert "Chat-vache" not in app.preview.html.value
    assert "sk-fallback-note" not in app.preview.html.value


def test_the_preview_follows_the_typing(app):
    app.translation_tab.picker.value = "fr"
    [name_row] = [r for r in rows_by_state(app, "current") if "Cat-Cow" in r.children[0].value]
    name_row.children[1].value = "Le chat et la vache"
    assert "Le chat et la vache" in app.preview.html.value


@pytest.mark.parametrize("hostile", PAYLOADS)
def test_hostile_translated_text_stays_inert_in_the_preview(app, hostile):
    app.translation_tab.picker.value = "fr"
    [name_row] = [r for r in rows_by_state(app, "current") if "Cat-Cow" in r.children[0].value]
    name_row.children[1].value = hostile
    tree = parse(app.preview.html.value)
    assert {tag for tag, _ in tree.tags} <= ALLOWED | {"img", "figure", "figcaption"}
    assert not [attrs for _, attrs in tree.tags if any(k.startswith("on") for k in attrs)]
    assert hostile in "".join(tree.text)


def test_hostile_source_text_stays_inert_in_the_tab(sample_data):
    library = Library(sample_data)
    entry = library.get("inchworm")
    library.save(entry.model_copy(update={"name": 'Inchworm <img src=x onerror="window.__xss=1">'}))
    app = AuthoringApp(Library(sample_data), "inchworm")
    app.translation_tab.picker.value = "fr"
    [row] = rows_by_state(app, "outdated")
    assert "<img" not in row.children[0].value and "&lt;img" in row.children[0].value
    assert "<img" not in diff_html("a <b>", "a <img src=x onerror=y>")


def test_a_duplicate_keeps_the_translations(app, sample_data):
    app.browser.list.value = "glute-bridge"
    app.duplicate_button.click()
    app.save_button.click()
    assert app.session.message == "Saved Glute Bridge (copy) with 1 translation."
    copied = Library(sample_data).translations.get("fr", "glute-bridge-copy")
    assert copied is not None and copied.published is None


def test_the_session_refuses_a_language_the_library_does_not_have(sample_data):
    library = Library(sample_data)
    from stretchkit.widgets.authoring.session import AuthoringSession

    session = TranslationSession(AuthoringSession(library))
    with pytest.raises(ValueError, match="expected one of en, fr, got 'de'"):
        session.set_language("de")
