"""The authoring app driven from Python the way a coach drives it: values typed into widgets,
buttons clicked, and every result checked in the files on disk, the preview and the messages."""

from __future__ import annotations

import json
from html import unescape
from pathlib import Path

import pytest

from stretchkit import Library, render_html
from stretchkit.formats.entry_file import entry_to_dict, load_entry
from stretchkit.store.batch import BATCH_FOLDER, Batch
from stretchkit.widgets import AuthoringApp
from stretchkit.widgets.authoring.browser import entry_label
from tests.render.test_render import parse


def stored(data: Path, entry_id: str) -> dict:
    """The entry file's data as today's model reads it (a file written before a field was
    added reads with the field's default, as a save then writes it)."""
    return entry_to_dict(load_entry((data / "exercises" / f"{entry_id}.json").read_bytes()))


def text_of(html: str) -> str:
    """The text a reader sees (style sheets left out)."""
    return "".join(parse(html).text)


@pytest.fixture
def app(sample_data: Path) -> AuthoringApp:
    return AuthoringApp(Library(sample_data))


def open_entry(app: AuthoringApp, entry_id: str) -> None:
    app.browser.list.value = entry_id
    assert app.session.current_id == entry_id


def test_opens_the_first_entry_with_form_preview_and_marker(app, sample_data):
    first = Library(sample_data).ids()[0]
    entry = Library(sample_data).get(first)
    assert app.session.current_id == first
    assert app.form.inputs["name"].value == entry.name
    assert app.form.inputs["instructions"].value == list(entry.instructions)
    assert app.preview.html.value == render_html(entry, app.library.vocabulary)
    assert "All changes saved" in app.marker.value
    assert app.save_button.disabled and app.revert_button.disabled
    assert app.browser.list.value == first
    assert f"<b>{len(app.library)}</b> entries" in app.browser.count.value


def test_typing_updates_the_preview_and_save_writes_the_file(app, sample_data):
    entry_id = app.session.current_id
    before = stored(sample_data, entry_id)
    app.form.inputs["name"].value = "Hip Switch, Slow Version"
    assert "Hip Switch, Slow Version" in text_of(app.preview.html.value)
    assert "Unsaved changes" in app.marker.value and not app.save_button.disabled
    assert stored(sample_data, entry_id) == before  # nothing written before Save
    app.save_button.click()
    after = stored(sample_data, entry_id)
    assert after["name"] == "Hip Switch, Slow Version"
    assert after["updated"] != before["updated"]
    assert {k: v for k, v in after.items() if k not in ("name", "updated")} == \
        {k: v for k, v in before.items() if k not in ("name", "updated")}
    assert "All changes saved" in app.marker.value
    assert "Saved Hip Switch, Slow Version." in app.message.value
    label = dict((v, k) for k, v in app.browser.list.options)[entry_id]
    assert label == entry_label(app.library.get(entry_id))
    assert label.replace("\u200b", "").startswith("Hip Switch, Slow Version")


def test_goal_tags_and_dropdowns_are_saved(app, sample_data):
    entry_id = app.session.current_id
    app.form.inputs["goals"].value = ["recovery", "desk-break"]
    app.form.inputs["targets"].value = ["hamstrings"]
    app.form.inputs["level"].value = "advanced"
    app.form.inputs["position"].value = ""
    app.form.dosage_inputs["hold_min"].value = "20"
    app.form.dosage_inputs["hold_max"].value = "40"
    app.form.dosage_inputs["sides"].value = "each"
    preview = text_of(app.preview.html.value)
    assert "Recovery" in preview and "Desk break" in preview and "Hold 20–40 s" in preview
    app.save_button.click()
    saved = stored(sample_data, entry_id)
    assert saved["goals"] == ["recovery", "desk-break"]
    assert saved["targets"] == ["hamstrings"]
    assert (saved["level"], saved["position"]) == ("advanced", None)
    assert saved["dosage"]["hold_seconds"] == [20, 40] and saved["dosage"]["sides"] == "each"


def test_goal_tags_only_take_the_vocabulary(app):
    goals = app.form.inputs["goals"]
    assert list(goals.chips.allowed_tags) == app.library.vocabulary.ids("goals")
    with pytest.raises(Exception, match="not allowed"):
        goals.value = ["cooldwn"]


def test_list_rows_add_move_remove_and_save_in_order(app, sample_data):
    entry_id = app.session.current_id
    steps = app.form.inputs["instructions"]
    original = list(steps.value)
    steps.add_button.click()
    steps.rows[-1].inputs[0].value = "Breathe out and relax."
    assert steps.value == [*original, "Breathe out and relax."]
    up, _down, _remove = steps.rows[-1].buttons
    up.click()
    assert steps.value[-2:] == ["Breathe out and relax.", original[-1]]
    _up, _down, remove = steps.rows[0].buttons
    remove.click()
    expected = [*original[1:-1], "Breathe out and relax.", original[-1]]
    assert steps.value == expected
    _up, down, _remove = steps.rows[0].buttons
    down.click()
    expected[0], expected[1] = expected[1], expected[0]
    assert steps.value == expected
    assert "Breathe out and relax." in text_of(app.preview.html.value)
    app.save_button.click()
    assert stored(sample_data, entry_id)["instructions"] == expected


def test_enter_in_a_row_starts_a_new_row(app):
    tips = app.form.inputs["tips"]
    before = list(tips.value)
    tips.rows[0].inputs[0].value = before[0] + "\nA second thought"
    assert tips.value == [before[0], "A second thought", *before[1:]]
    assert app.session.form["tips"] == tips.value
    assert not app.session.errors


def test_faq_and_cues_rows(app, sample_data):
    entry_id = app.session.current_id
    app.form.faq.add_button.click()
    question, answer = app.form.faq.rows[-1].inputs
    question.value = "Can I do it standing?"
    answer.value = "No, this one is done seated."
    app.form.cues.add_button.click()
    text, phase, key = app.form.cues.rows[-1].inputs
    text.value = "Breathe into the back hip"
    phase.value = "breathing"
    key.value = True
    html = app.preview.html.value
    assert "Can I do it standing?" in text_of(html)
    assert "Breathe into the back hip" in text_of(html)
    app.save_button.click()
    saved = stored(sample_data, entry_id)
    assert saved["faq"][-1] == {"question": "Can I do it standing?",
                                "answer": "No, this one is done seated."}
    assert saved["cues"][-1] == {"text": "Breathe into the back hip", "phase": "breathing",
                                 "key": True}


def test_precautions_are_picked_from_the_vocabulary_with_a_reason(app, sample_data):
    entry_id = app.session.current_id
    editor = app.form.precautions
    loaded = Library(sample_data).get(entry_id).precautions
    assert editor.value == [{"condition": p.condition, "reason": p.reason} for p in loaded]
    condition, _reason = editor.rows[0].inputs
    assert [v for _, v in condition.options] == ["", *app.library.vocabulary.ids("conditions")]
    assert app.form.tabs.titles[2] == "Coaching"
    assert app.form.fields["precautions"].widget in app.form.tabs.children[2].children
    editor.add_button.click()
    condition, reason = editor.rows[-1].inputs
    condition.value = "pregnancy"
    reason.value = "Later in pregnancy, <b>lie on your side</b> instead."
    preview = text_of(app.preview.html.value)
    assert "Pregnancy (later stages): Later in pregnancy, <b>lie on your side</b> instead." \
        in preview  # typed markup stays text
    _up, _down, remove = editor.rows[0].buttons
    remove.click()
    app.save_button.click()
    saved = stored(sample_data, entry_id)["precautions"]
    assert saved == [{"condition": p.condition, "reason": p.reason} for p in loaded[1:]] + [
        {"condition": "pregnancy", "reason": "Later in pregnancy, <b>lie on your side</b> "
                                             "instead."}]


def test_a_precaution_without_a_condition_is_named_and_blocks_the_save(app, sample_data):
    entry_id = app.session.current_id
    before = stored(sample_data, entry_id)
    app.form.precautions.add_button.click()
    _condition, reason = app.form.precautions.rows[-1].inputs
    reason.value = "A reason with no condition picked."
    row = len(app.form.precautions.rows)
    error = app.form.fields["precautions"].error.value
    assert f"Precaution {row} (condition): unknown condition ''" in unescape(error)
    assert app.form.tabs.titles[2] == "Coaching ⚠"
    app.save_button.click()
    assert stored(sample_data, entry_id) == before


def test_problems_show_next_to_the_field_and_block_the_save(app, sample_data):
    entry_id = app.session.current_id
    before = stored(sample_data, entry_id)
    app.form.inputs["name"].value = ""
    app.form.dosage_inputs["breaths"].value = "lots"
    name_error = app.form.fields["name"].error
    assert "expected text, got an empty value" in name_error.value
    assert name_error.layout.display != "none"
    assert "breaths" in app.form.fields["dosage"].error.value
    assert app.form.fields["goals"].error.value == ""
    assert app.form.tabs.titles[0] == "Basics ⚠"
    app.save_button.click()
    assert "Not saved: 2 problems to fix first" in app.message.value
    assert stored(sample_data, entry_id) == before
    # nothing typed is lost: the widgets and the draft still hold it
    assert app.form.dosage_inputs["breaths"].value == "lots"
    app.form.inputs["name"].value = "Named Again"
    app.form.dosage_inputs["breaths"].value = "6"
    assert app.form.fields["name"].error.value == ""
    assert app.form.tabs.titles[0] == "Basics"
    app.save_button.click()
    assert stored(sample_data, entry_id)["dosage"]["breaths"] == 6


def test_error_messages_quoting_the_coach_are_escaped(sample_data):
    app = AuthoringApp(Library(sample_data))
    app.new_button.click()
    app.form.inputs["id"].value = '<img src=x onerror="alert(1)">'
    error = app.form.fields["id"].error.value
    assert "expected a slug" in error
    assert "<img" not in error and "&lt;img" in error


def test_markup_typed_into_any_field_stays_text(app):
    payload = '<img src=x onerror="window.__x=1">'
    app.form.inputs["name"].value = "Hip " + payload
    app.form.inputs["summary"].value = '"><svg onload="window.__x=2">'
    app.form.inputs["tips"].rows[0].inputs[0].value = "<script>window.__x=3</script>"
    html = app.preview.html.value
    assert not {"img", "svg", "script", "iframe"} & {tag for tag, _ in parse(html).tags}
    assert "Hip " + payload in text_of(html)
    assert "<script>window.__x=3</script>" in text_of(html)


def test_a_conflicting_save_keeps_the_draft_and_saves_a_copy(app, sample_data):
    entry_id = app.session.current_id
    app.form.inputs["name"].value = "My Version"
    theirs = Library(sample_data)  # another editor, on the same folder
    theirs.save(theirs.get(entry_id).model_copy(update={"name": "Their Version"}))
    app.save_button.click()
    assert stored(sample_data, entry_id)["name"] == "Their Version"
    assert app.conflict_banner in app.banners.children
    assert "Someone else changed this entry" in app.conflict_banner.children[0].value
    assert app.form.inputs["name"].value == "My Version"  # nothing typed is lost
    assert "Unsaved changes" in app.marker.value
    app.save_copy_button.click()
    copy_id = f"{entry_id}-copy"
    assert stored(sample_data, copy_id)["name"] == "My Version (copy)"
    assert stored(sample_data, copy_id)["status"] == "draft"
    assert stored(sample_data, entry_id)["name"] == "Their Version"
    assert app.session.current_id == copy_id
    assert app.conflict_banner not in app.banners.children
    assert copy_id in app.browser.ids


def test_reload_theirs_after_a_conflict(app, sample_data):
    entry_id = app.session.current_id
    app.form.inputs["summary"].value = "Mine."
    theirs = Library(sample_data)
    theirs.save(theirs.get(entry_id).model_copy(update={"summary": "Theirs."}))
    app.save_button.click()
    assert app.conflict_banner in app.banners.children
    app.reload_theirs_button.click()
    assert app.form.inputs["summary"].value == "Theirs."
    assert "All changes saved" in app.marker.value
    assert app.conflict_banner not in app.banners.children
    app.form.inputs["summary"].value = "Mine after all."
    app.save_button.click()  # the reloaded version is the new base: no conflict now
    assert stored(sample_data, entry_id)["summary"] == "Mine after all."


def test_a_file_deleted_by_someone_else_is_a_conflict_too(app, sample_data):
    entry_id = app.session.current_id
    app.form.inputs["summary"].value = "Still mine."
    (sample_data / "exercises" / f"{entry_id}.json").unlink()
    app.save_button.click()
    assert "was deleted" in app.conflict_banner.children[0].value
    assert not (sample_data / "exercises" / f"{entry_id}.json").exists()
    app.save_copy_button.click()
    assert stored(sample_data, f"{entry_id}-copy")["summary"] == "Still mine."


def test_delete_and_undo(app, sample_data):
    entry_id = app.session.current_id
    app.form.inputs["summary"].value = "Typed before deleting."
    app.delete_button.click()
    assert not (sample_data / "exercises" / f"{entry_id}.json").exists()
    assert (sample_data / ".trash" / f"{entry_id}.json").exists()
    assert entry_id not in app.browser.ids
    assert app.session.current_id != entry_id
    assert app.undo_banner in app.banners.children
    app.undo_button.click()
    assert (sample_data / "exercises" / f"{entry_id}.json").exists()
    assert app.session.current_id == entry_id and entry_id in app.browser.ids
    assert app.form.inputs["summary"].value == "Typed before deleting."  # the draft came back
    assert "Unsaved changes" in app.marker.value
    assert app.undo_banner not in app.banners.children


def test_new_entry_is_saved_under_the_id_from_its_name(app, sample_data):
    count = len(list((sample_data / "exercises").glob("*.json")))
    app.new_button.click()
    assert app.session.is_new and "not saved yet" in app.marker.value
    assert not app.form.inputs["id"].disabled
    app.form.inputs["name"].value = "Wrist Circles"
    assert app.form.inputs["id"].value == "wrist-circles"
    app.form.inputs["goals"].value = ["warm-up"]
    app.save_button.click()
    assert stored(sample_data, "wrist-circles")["name"] == "Wrist Circles"
    assert len(list((sample_data / "exercises").glob("*.json"))) == count + 1
    assert app.form.inputs["id"].disabled
    assert app.browser.list.value == "wrist-circles"


def test_duplicate_makes_a_new_entry_and_leaves_the_original(app, sample_data):
    entry_id = app.session.current_id
    before = stored(sample_data, entry_id)
    app.duplicate_button.click()
    assert app.form.inputs["id"].value == f"{entry_id}-copy"
    assert app.form.inputs["name"].value == f"{before['name']} (copy)"
    app.save_button.click()
    copy = stored(sample_data, f"{entry_id}-copy")
    assert copy["instructions"] == before["instructions"] and copy["status"] == "draft"
    assert copy["reviews"] == []
    assert stored(sample_data, entry_id) == before


def test_leaving_unsaved_changes_asks_first(app, sample_data):
    first, second = app.browser.ids[:2]
    app.form.inputs["summary"].value = "Half-way through a thought"
    app.browser.list.value = second
    assert app.confirm_banner in app.banners.children
    assert app.session.current_id == first and app.browser.list.value == first
    app.confirm_cancel_button.click()  # keep editing
    assert app.form.inputs["summary"].value == "Half-way through a thought"
    assert app.confirm_banner not in app.banners.children
    app.browser.list.value = second
    app.confirm_save_button.click()
    assert stored(sample_data, first)["summary"] == "Half-way through a thought"
    assert app.session.current_id == second
    app.form.inputs["summary"].value = "Thrown away"
    app.new_button.click()
    app.confirm_discard_button.click()
    assert app.session.is_new
    assert stored(sample_data, second)["summary"] != "Thrown away"


def test_revert_drops_the_changes(app, sample_data):
    entry_id = app.session.current_id
    saved_name = stored(sample_data, entry_id)["name"]
    app.form.inputs["name"].value = "Something Else"
    app.form.inputs["tips"].add_button.click()
    app.revert_button.click()
    assert app.form.inputs["name"].value == saved_name
    assert app.form.inputs["tips"].value == stored(sample_data, entry_id)["tips"]
    assert "All changes saved" in app.marker.value


def test_filters_match_the_library(app, sample_data):
    library = Library(sample_data)
    browser = app.browser
    browser.goals.value = ["cool-down", "recovery"]
    wanted = {"cool-down", "recovery"}
    any_ids = [e.id for e in library if wanted & set(e.goals)]
    all_ids = [e.id for e in library if wanted <= set(e.goals)]
    assert browser.ids == any_ids
    browser.match.value = "all"
    assert browser.ids == all_ids
    assert len(all_ids) < len(any_ids)
    assert f"<b>{len(all_ids)}</b> of {len(library)} entries" in browser.count.value
    browser.goals.value = []
    browser.status.value = "published"
    assert browser.ids == [e.id for e in library if e.status == "published"]
    browser.status.value = ""
    browser.search.value = "wall"
    assert browser.ids == [e.id for e in library.filter(search="wall")]
    assert browser.ids and all("wall" in json.dumps(stored(sample_data, i)).lower()
                               for i in browser.ids)
    browser.search.value = "no entry has this zqxj"
    assert browser.ids == [] and "no entry matches" in browser.count.value
    assert [label for label, _ in browser.list.options] == []


def test_filtering_does_not_open_another_entry(app):
    current = app.session.current_id
    app.form.inputs["summary"].value = "Unsaved"
    app.browser.search.value = "zzzz nothing"
    app.browser.search.value = ""
    assert app.session.current_id == current
    assert app.form.inputs["summary"].value == "Unsaved"
    assert app.confirm_banner not in app.banners.children


def test_list_labels_are_name_and_status(app, sample_data):
    library = Library(sample_data)
    assert [label for label, _ in app.browser.list.options] == \
        [entry_label(e) for e in library]


def test_broken_files_are_reported_and_the_rest_still_opens(sample_data):
    (sample_data / "exercises" / "broken.json").write_text('{"id": "broken", "name": <b>}')
    app = AuthoringApp(Library(sample_data))
    assert app.broken_banner in app.banners.children
    banner = app.broken_banner.value
    assert "broken.json" in banner and "not valid JSON" in banner
    assert "<b>}" not in banner
    assert len(app.browser.ids) == len(app.library) > 0


def test_what_the_load_finished_for_a_stopped_import_is_told_escaped(sample_data):
    # An import whose process died after writing one entry, as a kill leaves it (the
    # kill itself is tested with real processes in tests/store/test_batch.py).
    library = Library(sample_data)
    (sample_data / BATCH_FOLDER).mkdir()
    writes = Batch(sample_data, "import of <b>2</b> entries")
    writes.plan(writes.stage([library.path_of("cat-cow"), library.path_of("new-one")]))
    library.save(library.get("cat-cow").model_copy(update={"summary": "Half imported."}))
    app = AuthoringApp(Library(sample_data))
    assert app.repaired_banner in app.banners.children
    assert "undid an interrupted import of &lt;b&gt;2&lt;/b&gt; entries: 1 of its 2 files put " \
        "back as they were" in app.repaired_banner.value
    assert app.library.get("cat-cow").summary != "Half imported."
    assert app.repaired_banner not in AuthoringApp(Library(sample_data)).banners.children


def test_an_unknown_entry_is_reported_not_raised(sample_data):
    app = AuthoringApp(Library(sample_data), entry_id="no-such-entry")
    assert "no entry 'no-such-entry'" in unescape(app.message.value)
    assert app.session.current_id == Library(sample_data).ids()[0]


def test_an_empty_library_starts_with_a_new_entry(empty_data):
    app = AuthoringApp(Library(empty_data))
    assert app.session.is_new and app.browser.ids == []
    app.form.inputs["name"].value = "First Stretch"
    app.save_button.click()
    assert stored(empty_data, "first-stretch")["name"] == "First Stretch"
    assert app.browser.ids == ["first-stretch"]


def test_the_parts_work_alone(sample_data):
    from stretchkit.widgets import AuthoringSession, EntryForm, LibraryBrowser, Preview

    library = Library(sample_data)
    browser = LibraryBrowser(library)
    picked: list[str] = []
    browser.on_select(picked.append)
    second = library.ids()[1]
    browser.list.value = second
    assert picked == [second]
    browser.refresh()  # refreshing keeps the selection and does not pick again
    assert browser.list.value == second and picked == [second]

    session = AuthoringSession(library)
    form, preview = EntryForm(session), Preview(session)
    session.load(second)
    assert form.inputs["name"].value == library.get(second).name
    assert preview.html.value == render_html(library.get(second), library.vocabulary)
    form.inputs["summary"].value = "Set from the form"
    assert session.form["summary"] == "Set from the form" and session.dirty
    assert "Set from the form" in text_of(preview.html.value)
