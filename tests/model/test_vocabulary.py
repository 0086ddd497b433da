"""The vocabulary: data, not code; aliases; helpful errors; extending and replacing."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchkit import Vocabulary, validate_entry
from stretchkit.errors import VocabularyError
from stretchkit.model.vocabulary import SECTIONS, Term
from tests.strategies import examples

DEFAULT = Vocabulary.default()
GOALS = ["warm-up", "cool-down", "pre-squat", "pre-lunge", "pre-run", "mobility", "recovery"]


def test_the_default_has_every_section_and_the_design_s_goals():
    for section in SECTIONS:
        assert DEFAULT.ids(section), section
        assert len(set(DEFAULT.ids(section))) == len(DEFAULT.ids(section)), section
    assert set(GOALS) <= set(DEFAULT.ids("goals"))
    assert {"beginner", "intermediate", "advanced"} == set(DEFAULT.ids("levels"))


def test_terms_have_labels_and_descriptions():
    for section in SECTIONS:
        for term in DEFAULT.terms(section):
            assert term.label.strip() and term.description.strip(), (section, term.id)


def test_label_of_an_id_and_of_an_unknown_value():
    assert DEFAULT.label("goals", "cool-down") == "Cool-down"
    assert DEFAULT.label("goals", "nothing-like-it") == "nothing-like-it"


@pytest.mark.parametrize(("section", "value", "expected"), [
    ("goals", "warm-up", "warm-up"),
    ("goals", "Warm Up", "warm-up"),
    ("goals", "WARMUP", "warm-up"),
    ("goals", "  cool_down ", "cool-down"),
    ("goals", "Cool-down", "cool-down"),  # the label
    ("targets", "Psoas", "hip-flexors"),
    ("targets", "lower back", "lower-back"),
    ("positions", "all fours", "quadruped"),
    ("equipment", "towel", "strap"),
])
def test_normalise_accepts_ids_labels_and_aliases(section, value, expected):
    assert DEFAULT.normalise(section, value) == expected


def test_an_unknown_value_suggests_the_closest_and_lists_every_allowed_id():
    with pytest.raises(VocabularyError) as caught:
        DEFAULT.normalise("goals", "cooldwn")
    message = str(caught.value)
    assert message.startswith("unknown goal 'cooldwn': did you mean 'cool-down'? (allowed: ")
    assert all(goal in message for goal in DEFAULT.ids("goals"))


def test_a_value_like_nothing_gets_no_suggestion():
    with pytest.raises(VocabularyError) as caught:
        DEFAULT.normalise("levels", "zzzzzz")
    assert str(caught.value) == "unknown level 'zzzzzz' (allowed: beginner, intermediate, advanced)"


def test_a_section_without_terms_allows_none():
    bare = Vocabulary.from_dict({"mode": "replace", "equipment": []}, base=DEFAULT)
    with pytest.raises(VocabularyError) as caught:
        bare.normalise("equipment", "mat")
    assert str(caught.value) == "unknown equipment 'mat' (allowed: none)"


def test_the_message_names_the_kind_of_value():
    with pytest.raises(VocabularyError, match="unknown body area 'elbowz'"):
        DEFAULT.normalise("targets", "elbowz")


def test_a_non_text_value_is_refused():
    with pytest.raises(VocabularyError, match="expected a goal id \\(text\\), got int 7"):
        DEFAULT.normalise("goals", 7)


def test_a_list_is_refused_as_a_value():
    with pytest.raises(VocabularyError) as caught:
        DEFAULT.normalise("goals", ["warm-up"])
    assert str(caught.value) == "expected a goal id (text), got list ['warm-up']"


def test_an_unknown_section_is_refused():
    with pytest.raises(VocabularyError) as caught:
        DEFAULT.ids("colours")
    assert str(caught.value) == "unknown vocabulary section 'colours': expected one of goals, " \
                                "targets, positions, kinds, levels, equipment, conditions"
    with pytest.raises(VocabularyError) as caught:
        DEFAULT.normalise("colours", "red")
    assert str(caught.value).startswith("unknown vocabulary section 'colours': expected")


def test_a_vocabulary_built_without_a_section_knows_no_value_of_it():
    partial = Vocabulary({"goals": (Term("mobility", "Mobility"),)})
    assert partial.ids("levels") == []
    with pytest.raises(VocabularyError) as caught:  # not a KeyError from the lookup tables
        partial.normalise("levels", "easy")
    assert str(caught.value) == "unknown level 'easy' (allowed: none)"


def test_normalise_all_keeps_first_places_and_drops_repeats():
    assert DEFAULT.normalise_all("goals", ["recovery", "warmup", "Recovery", "warm-up"]) == \
        ["recovery", "warm-up"]


def test_extend_adds_terms_and_overrides_same_ids():
    extended = Vocabulary.from_dict(
        {"goals": [{"id": "sprint-prep", "label": "Sprint prep", "aliases": ["sprints"]},
                   {"id": "warm-up", "label": "Warm up (team)"}]}, base=DEFAULT)
    assert extended.ids("goals")[: len(DEFAULT.ids("goals"))] == DEFAULT.ids("goals")
    assert extended.ids("goals")[-1] == "sprint-prep"
    assert extended.normalise("goals", "sprints") == "sprint-prep"
    assert extended.label("goals", "warm-up") == "Warm up (team)"
    assert extended.ids("targets") == DEFAULT.ids("targets")


def test_extend_works_on_a_base_that_lacks_a_section():
    base = Vocabulary({"goals": (Term("mobility", "Mobility"),)})  # built directly, not from JSON
    extended = Vocabulary.from_dict({"levels": ["easy"]}, base=base)
    assert (extended.ids("goals"), extended.ids("levels"), extended.ids("kinds")) == \
        (["mobility"], ["easy"], [])


def test_terms_given_as_text_or_as_objects_get_labels_and_empty_defaults():
    vocabulary = Vocabulary.from_dict({
        "$schema": "https://example.invalid/vocabulary.schema.json",
        "description": "Our team's goals",
        "goals": ["sprint-prep", {"id": "cool-down"}, {"id": "jump-prep", "label": "Jumps"}]})
    assert vocabulary.to_dict() == {
        "goals": [
            {"id": "sprint-prep", "label": "Sprint prep", "description": "", "aliases": []},
            {"id": "cool-down", "label": "cool-down", "description": "", "aliases": []},
            {"id": "jump-prep", "label": "Jumps", "description": "", "aliases": []}],
        "targets": [], "positions": [], "kinds": [], "levels": [], "equipment": [],
        "conditions": []}
    assert vocabulary.terms("goals")[0] == Term("sprint-prep", "Sprint prep")


def test_replace_drops_the_default_terms_of_the_sections_given():
    replaced = Vocabulary.from_dict({"mode": "replace", "levels": ["easy", "hard"]},
                                    base=DEFAULT)
    assert replaced.ids("levels") == ["easy", "hard"]
    assert replaced.label("levels", "easy") == "Easy"
    assert replaced.ids("goals") == DEFAULT.ids("goals")
    with pytest.raises(VocabularyError):
        replaced.normalise("levels", "beginner")


def test_ids_win_over_an_alias_that_spells_another_id():
    vocabulary = Vocabulary.from_dict({"mode": "replace", "goals": [
        {"id": "mobility", "aliases": ["stretch"]}, {"id": "stretch"}]})
    assert vocabulary.normalise("goals", "stretch") == "stretch"


@pytest.mark.parametrize(("data", "message"), [
    ([], "expected a JSON object, got list"),
    ({"mode": "merge"}, "mode: expected 'extend' or 'replace', got 'merge'"),
    ({"colours": [], "aims": []}, "unknown section 'aims': expected one of goals, targets, "
                                  "positions, kinds, levels, equipment, conditions"),
    ({"goals": [{"label": "No id"}]},
     "goals[0]: expected an object with a text 'id', got {'label': 'No id'}"),
    ({"goals": ["a", {"id": "x", "colour": "red", "size": 1}]},
     "goals[1]: unknown key 'colour': expected id, label, description, aliases"),
    ({"goals": [{"id": "x", "aliases": "y"}]},
     "goals[0]: aliases: expected a list of text, got 'y'"),
])
def test_malformed_vocabulary_data_is_refused_naming_the_place(data, message):
    with pytest.raises(VocabularyError) as caught:
        Vocabulary.from_dict(data, base=DEFAULT, source="data/vocabulary.json")
    assert str(caught.value) == f"data/vocabulary.json: {message}"


def test_without_a_source_the_message_names_the_vocabulary():
    with pytest.raises(VocabularyError) as caught:
        Vocabulary.from_dict([])
    assert str(caught.value) == "vocabulary: expected a JSON object, got list"


def test_to_dict_and_from_dict_are_a_round_trip():
    assert Vocabulary.from_dict(DEFAULT.to_dict()) == DEFAULT


_id_text = st.from_regex(r"[a-z]{1,8}(-[a-z]{1,6}){0,2}", fullmatch=True)


@settings(max_examples=examples(40), deadline=None)
@given(st.lists(_id_text, unique=True, min_size=1, max_size=6))
def test_every_id_normalises_to_itself_in_any_case_or_spacing(ids):
    vocabulary = Vocabulary.from_dict({"mode": "replace", "goals": ids})
    for term_id in ids:
        assert vocabulary.normalise("goals", term_id) == term_id
        assert vocabulary.normalise("goals", f" {term_id.upper().replace('-', ' ')} ") == term_id
    assert vocabulary.is_ids("goals", ids)
    assert not vocabulary.is_ids("goals", [*ids, ids[0]])  # a repeat needs the slow path
    assert not vocabulary.is_ids("goals", [ids[0].upper()])


def test_a_label_unlike_its_id_is_accepted_as_that_term():
    """The default labels spell their ids; a team's own label need not ('Before squats')."""
    team = Vocabulary.from_dict(
        {"goals": [{"id": "pre-squat", "label": "Before squats"}]}, base=DEFAULT)
    assert team.normalise("goals", "Before squats") == "pre-squat"
    assert team.normalise("goals", "before  SQUATS") == "pre-squat"
    assert team.label("goals", "pre-squat") == "Before squats"
    entry = validate_entry({"id": "a", "name": "A", "goals": ["Before squats"]}, team)
    assert entry.goals == ["pre-squat"]
