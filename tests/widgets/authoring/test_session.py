"""The editor state without widgets: form data round trips, cleaning, and problems mapped to
the field and row a coach sees."""

from __future__ import annotations

import pytest

from stretchkit import Library, validate_entry
from stretchkit.widgets.authoring.session import AuthoringSession, clean_data, form_from_entry


def test_every_sample_entry_survives_the_form_round_trip(sample_data):
    library = Library(sample_data)
    assert len(library) > 0
    for entry in library:
        data = clean_data(form_from_entry(entry)).data
        assert validate_entry(data, library.vocabulary) == entry


def test_blank_rows_are_dropped_and_numbers_parsed(sample_data):
    library = Library(sample_data)
    form = form_from_entry(library.get(library.ids()[0]))
    form["tips"] = ["", "Keep breathing", "   ", "Go slowly"]
    form["faq"] = [{"question": "", "answer": ""}, {"question": "Why?", "answer": "Because."}]
    form["cues"] = [{"text": " ", "phase": "setup", "key": True}]
    form["dosage"] = {"hold_min": "30", "hold_max": "", "breaths": " 5 ", "reps": "",
                      "sides": "each"}
    form["source"] = {"title": "", "url": "", "author": "", "license": ""}
    clean = clean_data(form)
    assert clean.data["tips"] == ["Keep breathing", "Go slowly"]
    assert clean.rows["tips"] == [1, 3]
    assert clean.data["faq"] == [{"question": "Why?", "answer": "Because."}]
    assert clean.data["cues"] == []
    assert clean.data["dosage"] == {"hold_seconds": [30, 30], "breaths": 5, "reps": None,
                                    "sides": "each"}
    assert clean.data["source"] is None


def test_problems_name_the_row_the_coach_sees(sample_data):
    state = AuthoringSession(Library(sample_data))
    state.open_first()
    state.update("instructions", ["First step", "", "Bad\nstep"])
    state.update("faq", [{"question": "Only a question?", "answer": ""}])
    state.update("dosage", {"hold_min": "40", "hold_max": "20", "breaths": "many", "reps": "",
                            "sides": ""})
    assert state.entry is None
    [step] = state.errors["instructions"]
    assert step.startswith("Step 3: expected one line")  # row 3 on screen, item 2 in the file
    [answer] = state.errors["faq"]
    assert answer.startswith("Question 1 (answer): expected text")
    dosage = " | ".join(state.errors["dosage"])
    assert "hold seconds: expected [min, max] with min <= max, got [40, 20]" in dosage
    assert "breaths:" in dosage and "'many'" in dosage


def test_unknown_goal_is_refused_with_a_suggestion(sample_data):
    state = AuthoringSession(Library(sample_data))
    state.open_first()
    state.update("goals", ["cooldwn"])
    assert state.entry is None
    assert "did you mean 'cool-down'?" in state.errors["goals"][0]


def test_id_follows_the_name_of_a_new_entry_until_edited(sample_data):
    library = Library(sample_data)
    state = AuthoringSession(library)
    state.start_new()
    assert state.form["id"] == "new-stretch" and state.is_new
    state.update("name", "Wall Calf Stretch")  # that id is taken: a free one is chosen
    assert state.form["id"] == "wall-calf-stretch-2"
    state.update("id", "my-calf")
    state.update("name", "Calf Stretch")
    assert state.form["id"] == "my-calf"
    state.update("id", "wall-calf-stretch")
    assert "already used by 'Wall Calf Stretch'" in state.errors["id"][0]


def test_a_saved_entry_keeps_its_id(sample_data):
    state = AuthoringSession(Library(sample_data))
    state.open_first()
    state.update("id", "something-else")
    assert "cannot change" in state.errors["id"][0]
    assert state.save() is False


def test_update_refuses_fields_that_are_not_edited_in_the_form(sample_data):
    state = AuthoringSession(Library(sample_data))
    state.open_first()
    with pytest.raises(KeyError, match="'status' is not an editable field"):
        state.update("status", "published")


def test_the_browser_alone_shows_a_failing_callback_instead_of_raising(sample_data):
    from stretchkit import Library
    from stretchkit.widgets.authoring.browser import LibraryBrowser

    browser = LibraryBrowser(Library(sample_data))

    def broken(entry_id: str) -> None:
        raise RuntimeError(f"cannot open <{entry_id}>")

    browser.on_select(broken)
    browser.list.value = "cat-cow"  # the coach clicks an entry
    assert "Something went wrong: RuntimeError: cannot open &lt;cat-cow&gt;" in \
        browser.count.value


def test_a_list_editor_button_reports_instead_of_raising_into_the_page():
    from stretchkit.widgets.authoring.fields import TextListEditor

    reports: list[Exception] = []
    editor = TextListEditor("Add a step", "sk-steps", reports.append)
    editor.value = ["Sit tall.", "Breathe out."]

    def broken(values: list) -> None:
        raise RuntimeError("listener exploded")

    editor.on_change(broken)
    editor.add_button.click()  # would raise without the guard
    editor.rows[0].buttons[1].click()  # move the first step down
    assert editor.value == ["Breathe out.", "Sit tall.", ""]
    assert [str(e) for e in reports] == ["listener exploded", "listener exploded"]


def test_pressing_save_validates_the_entry_once(sample_data, count_validations):
    """Typing validates the draft (the form shows its problems); pressing Save then checks
    it once more, in the library, and does not validate the saved entry again on reopening."""
    library = Library(sample_data)
    state = AuthoringSession(library)
    state.load(library.ids()[0])
    state.update("summary", "A new summary, one sentence long.")
    calls = count_validations()
    assert state.save()
    assert len(calls) == 1
    assert state.entry == library.get(library.ids()[0])
    assert not state.dirty and state.problems == []
