"""The entry model: what it accepts, what it refuses, and how it says why."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given, settings
from pydantic import ValidationError

from stretchkit import EntryError, Exercise, Vocabulary, new_draft, validate_entry
from stretchkit.model import slugify
from stretchkit.model.entry import SLUG_MAX, field_path, now, problems_from
from tests.strategies import entries, examples

SETTINGS = settings(max_examples=examples(25), deadline=None)


def problems(data: dict, vocabulary: Vocabulary | None = None) -> list[str]:
    with pytest.raises(EntryError) as caught:
        validate_entry(data, vocabulary, where="e.json")
    return [str(p) for p in caught.value.problems]


# -- ids --------------------------------------------------------------------------------------
def test_only_id_and_name_are_needed_and_the_rest_has_empty_defaults():
    entry = validate_entry({"id": "calf-stretch", "name": "Calf Stretch"})
    assert (entry.status, entry.goals, entry.overview, entry.position, entry.source) == \
        ("draft", [], [], None, None)
    assert entry.dosage.hold_seconds is None


@pytest.mark.parametrize("data", [{"name": "Hip Opener"}, {"id": "", "name": "Hip Opener"},
                                  {"id": None, "name": "Hip Opener"}])
def test_a_missing_id_comes_from_the_name(data):
    assert validate_entry(data).id == "hip-opener"
    assert Exercise.model_validate(data).id == "hip-opener"


def test_a_name_without_letters_or_digits_gives_no_id_and_says_so():
    assert problems({"name": "!!!"}) == ["e.json: id: required, but missing"]


@pytest.mark.parametrize("bad", ["../escape", "a/b", "a\\b", "Hip", "hip--opener", "-hip",
                                 "hip-", "hip opener", "hïp", ".hidden", ""])
def test_unsafe_or_malformed_ids_are_refused(bad):
    with pytest.raises(ValidationError) as caught:
        Exercise(id=bad, name="X")
    assert caught.value.errors()[0]["loc"] == ("id",)


def test_an_id_error_says_what_an_id_looks_like_and_what_came():
    [message] = problems({"id": "../escape", "name": "X"})
    assert message.startswith("e.json: id: expected a slug of lowercase letters")
    assert "'../escape'" in message


@pytest.mark.parametrize("reserved", ["con", "nul", "com1", "lpt9"])
def test_windows_reserved_names_are_refused_as_ids(reserved):
    assert "reserved file name" in problems({"id": reserved, "name": "X"})[0]


def test_ids_are_at_most_80_characters():
    assert validate_entry({"id": "a" * SLUG_MAX, "name": "X"}).id == "a" * SLUG_MAX
    assert problems({"id": "a" * (SLUG_MAX + 1), "name": "X"}) == \
        ["e.json: id: expected at most 80 characters, got 81"]


@pytest.mark.parametrize(("name", "slug"), [
    ("Seated Hip Stretch", "seated-hip-stretch"),
    ("  90/90 Hip Switch!  ", "90-90-hip-switch"),
    ("Café Stretch", "cafe-stretch"),
    ("Cafe\u0301 Stretch", "cafe-stretch"),  # the same name in another Unicode form collides
    ("ＣＡＴ Ｃｏｗ", "cat-cow"),  # full-width letters fold to ASCII
    ("Con", "con-stretch"),  # a reserved file name gets a suffix
])
def test_slugify(name, slug):
    assert slugify(name) == slug


def test_slugify_cuts_long_names_at_a_word_boundary():
    slug = slugify("Deep " * 30 + "Stretch")
    assert len(slug) <= SLUG_MAX and not slug.endswith("-") and slug.startswith("deep-deep")
    assert set(slug.split("-")) == {"deep"}


def test_slugify_refuses_a_name_with_nothing_to_keep():
    with pytest.raises(EntryError, match="cannot derive an id from '中文'"):
        slugify("中文")


# -- text fields ------------------------------------------------------------------------------
def test_a_paragraph_with_a_line_break_is_refused_naming_its_index():
    assert problems({"id": "a", "name": "A", "overview": ["one", "two\nthree"]}) == [
        "e.json: overview[1]: expected one line (each paragraph or item is its own list "
        "entry), got text with a line break: 'two\\nthree'"]


@pytest.mark.parametrize("field", ["name", "summary"])
def test_one_line_fields_refuse_carriage_returns(field):
    data = {"id": "a", "name": "A", field: "one\rtwo"}
    assert "got text with a line break" in problems(data)[0]


def test_blank_items_are_refused_but_an_empty_summary_is_fine():
    assert problems({"id": "a", "name": "A", "tips": ["  "]}) == \
        ["e.json: tips[0]: expected text, got an empty value"]
    assert validate_entry({"id": "a", "name": "A", "summary": ""}).summary == ""
    assert problems({"id": "a", "name": "A", "summary": "   "}) == \
        ["e.json: summary: expected text, got an empty value"]


def test_faq_and_cue_errors_name_the_nested_field():
    found = problems({"id": "a", "name": "A", "faq": [{"question": "Why?", "answer": ""}],
                      "cues": [{"text": "Breathe", "phase": "during"}]})
    assert found[0] == "e.json: faq[0].answer: expected text, got an empty value"
    assert found[1].startswith("e.json: cues[0].phase: ")
    assert "'setup'" in found[1] and "'during'" in found[1]


def test_an_unknown_field_is_refused_with_a_hint():
    assert problems({"id": "a", "name": "A", "goal": ["warm-up"]}) == \
        ["e.json: goal: unknown field (not part of an entry; check the spelling)"]


def test_every_problem_is_reported_at_once():
    found = problems({"id": "Bad Id", "name": "", "status": "done", "goals": ["cooldwn"],
                      "dosage": {"hold_seconds": [40, 20], "reps": 0}})
    assert [p.split(": ")[1] for p in found] == \
        ["id", "name", "goals[0]", "dosage.hold_seconds", "dosage.reps", "status"]


def test_wrong_types_say_what_came():
    [message] = problems({"id": "a", "name": "A", "instructions": "Sit down"})
    assert message == "e.json: instructions: Input should be a valid list, got 'Sit down'"
    [message] = problems({"id": "a", "name": "A", "dosage": {"breaths": "five"}})
    assert message.startswith("e.json: dosage.breaths: ") and message.endswith("got 'five'")


# -- vocabulary fields ------------------------------------------------------------------------
def test_aliases_become_ids_and_repeats_are_dropped_in_order():
    entry = validate_entry({"id": "a", "name": "A", "goals": ["Warm Up", "cooldown", "warm-up"],
                            "targets": ["Glute", "psoas"], "position": "Sitting",
                            "level": "easy", "kind": "static", "equipment": ["Yoga Mat"]})
    assert entry.goals == ["warm-up", "cool-down"]
    assert entry.targets == ["glutes", "hip-flexors"]
    assert (entry.position, entry.level, entry.kind, entry.equipment) == \
        ("seated", "beginner", "static-stretch", ["mat"])


def test_an_unknown_goal_suggests_the_closest_and_lists_the_allowed():
    [message] = problems({"id": "a", "name": "A", "goals": ["warm-up", "cooldwn"]})
    assert message.startswith("e.json: goals[1]: unknown goal 'cooldwn': did you mean "
                              "'cool-down'? (allowed: warm-up, cool-down, ")


def test_an_empty_choice_means_none():
    entry = validate_entry({"id": "a", "name": "A", "position": "", "kind": "", "level": ""})
    assert (entry.position, entry.kind, entry.level) == (None, None, None)


def test_a_non_text_vocabulary_value_is_refused():
    [message] = problems({"id": "a", "name": "A", "level": 3})
    assert message == "e.json: level: expected a level id (text), got int 3"


def test_a_list_of_terms_must_be_a_list():
    # A dict's keys may all be ids, but goals are a list (the fast path must not take it).
    assert problems({"id": "a", "name": "A", "goals": {"warm-up": True}}) == [
        "e.json: goals: Input should be a valid list"]


def test_the_vocabulary_given_is_the_one_checked():
    vocabulary = Vocabulary.from_dict({"mode": "replace", "goals": ["sprint-prep"]},
                                      base=Vocabulary.default())
    assert validate_entry({"id": "a", "name": "A", "goals": ["sprint prep"]},
                          vocabulary).goals == ["sprint-prep"]
    assert "unknown goal 'warm-up'" in problems(
        {"id": "a", "name": "A", "goals": ["warm-up"]}, vocabulary)[0]


# -- dosage, status, reviews, timestamps ------------------------------------------------------
@pytest.mark.parametrize(("hold", "ok"), [((20, 30), True), ((30, 30), True), ((1, 600), True),
                                          ((30, 20), False), ((0, 20), False),
                                          ((20, 601), False)])
def test_hold_ranges(hold, ok):
    data = {"id": "a", "name": "A", "dosage": {"hold_seconds": list(hold)}}
    if ok:
        assert validate_entry(data).dosage.hold_seconds == hold
    else:
        assert problems(data)[0].startswith("e.json: dosage.hold_seconds")


def test_an_unordered_hold_range_says_what_came():
    assert problems({"id": "a", "name": "A", "dosage": {"hold_seconds": [30, 20]}}) == \
        ["e.json: dosage.hold_seconds: expected [min, max] with min <= max, got [30, 20]"]


def test_timestamps_must_carry_a_time_zone():
    found = problems({"id": "a", "name": "A", "created": "2024-05-01T10:00:00"})
    assert found[0].startswith("e.json: created: ")
    entry = validate_entry({"id": "a", "name": "A", "created": "2024-05-01T10:00:00+02:00"})
    assert entry.created == datetime(2024, 5, 1, 8, tzinfo=UTC)


def test_a_review_needs_a_known_decision_and_an_aware_time():
    found = problems({"id": "a", "name": "A", "reviews": [
        {"reviewer": "Ana", "at": "2024-05-01T10:00:00Z", "decision": "ok"}]})
    assert found[0].startswith("e.json: reviews[0].decision: ")


def test_entries_are_frozen():
    entry = validate_entry({"id": "a", "name": "A"})
    with pytest.raises(ValidationError):
        entry.name = "B"


def test_now_is_utc_to_the_second():
    stamp = now()
    assert stamp.tzinfo is UTC and stamp.microsecond == 0


def test_new_draft_stamps_created_and_updated():
    draft = new_draft("Standing Calf Stretch")
    assert (draft.id, draft.name, draft.status) == \
        ("standing-calf-stretch", "Standing Calf Stretch", "draft")
    assert draft.created == draft.updated and draft.created is not None


def test_new_draft_with_a_bad_id_or_name_raises_an_entry_error():
    with pytest.raises(EntryError, match="id: expected a slug"):
        new_draft("Calf", "../calf")
    with pytest.raises(EntryError, match="name: expected one line"):
        new_draft("Calf\nStretch")


# -- reporting helpers ------------------------------------------------------------------------
def test_field_path():
    assert field_path(("faq", 1, "answer")) == "faq[1].answer"
    assert field_path(("goals", 0)) == "goals[0]"
    assert field_path(()) == ""


def test_problems_from_keeps_the_where():
    with pytest.raises(ValidationError) as caught:
        Exercise.model_validate({"id": "a"})
    [problem] = problems_from(caught.value, "row 7")
    assert (problem.where, problem.field, problem.message) == \
        ("row 7", "name", "required, but missing")


@SETTINGS
@given(entries())
def test_validating_an_entry_s_own_data_gives_it_back(entry):
    assert validate_entry(entry.model_dump()) == entry
    assert validate_entry(entry.model_dump(mode="json")) == entry


def test_dosage_for_a_goal_falls_back_to_the_default():
    from stretchkit import dosage_for

    entry = validate_entry({
        "name": "Hip flexor stretch", "goals": ["warm-up", "cool-down"],
        "dosage": {"hold_seconds": [30, 45], "reps": 2, "sides": "each"},
        "dosage_by_goal": {"warmup": {"hold_seconds": [20, 30], "reps": 1, "sides": "each"}}})
    assert list(entry.dosage_by_goal) == ["warm-up"]  # an alias becomes the goal id
    assert dosage_for(entry, "warm-up").hold_seconds == (20, 30)
    assert entry.dosage_for("warm-up").reps == 1
    assert dosage_for(entry, "cool-down") == entry.dosage == dosage_for(entry, None)


def test_a_goal_dosage_names_an_unknown_goal_and_a_bad_range():
    with pytest.raises(EntryError) as caught:
        validate_entry({"name": "X stretch", "dosage_by_goal": {
            "cooldwn": {}, "warm-up": {"hold_seconds": [40, 20]}}})
    messages = [f"{p.field}: {p.message}" for p in caught.value.problems]
    assert any(m.startswith("dosage_by_goal.cooldwn: unknown goal 'cooldwn': did you mean "
                            "'cool-down'?") for m in messages), messages
    assert any(m.startswith("dosage_by_goal.warm-up.hold_seconds: expected [min, max]")
               for m in messages), messages


def test_precautions_name_a_condition_of_the_vocabulary_with_a_one_line_reason():
    entry = validate_entry({"name": "Deep squat", "precautions": [
        {"condition": "hip replacement", "reason": "Deep flexion past 90 degrees."},
        {"condition": "pregnant"}]})
    assert [(p.condition, p.reason) for p in entry.precautions] == [
        ("hip-replacement", "Deep flexion past 90 degrees."), ("pregnancy", "")]
    with pytest.raises(EntryError) as caught:
        validate_entry({"name": "Deep squat", "precautions": [
            {"condition": "osteoporsis", "reason": "x"}, {"condition": "none-known",
                                                         "reason": "two\nlines"}]})
    fields = {p.field: p.message for p in caught.value.problems}
    assert "did you mean 'osteoporosis'?" in fields["precautions[0].condition"]
    assert "expected one line" in fields["precautions[1].reason"]
