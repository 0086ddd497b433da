"""The routine model: validation names the field, the coaching rules read as data, and a
routine's report against the library (an entry archived or renamed later, a total off budget)
is a report, never an error."""

from __future__ import annotations

import pytest

from stretchkit.errors import EntryError, UsageError
from stretchkit.model import Dosage, Exercise
from stretchkit.model.coaching import CoachingRules, is_ordered, item_dosage, order_key
from stretchkit.model.routine import (
    ItemDosage,
    Routine,
    RoutineItem,
    check_routine,
    schedule_of,
    validate_routine,
    within_budget,
)
from stretchkit.model.timing import Timing

RULES = CoachingRules.default()
T = Timing.default()


def _routine(**fields) -> dict:
    return {"name": "Hip prep", "goals": ["pre-squat"], "minutes": 1,
            "items": [{"entry": "a", "dosage": {"reps": 10}}], **fields}


def test_a_valid_routine_gets_its_id_from_the_name_and_aliases_are_normalised():
    routine = validate_routine(_routine(goals=["warmup"], equipment=["Mat"]))
    assert routine.id == "hip-prep"
    assert routine.goals == ["warm-up"] and routine.equipment == ["mat"]
    assert routine.items[0].dosage == ItemDosage(reps=10, sets=1)


@pytest.mark.parametrize(("change", "field", "message"), [
    ({"minutes": 0}, "minutes", "greater than or equal to 1"),
    ({"minutes": 181}, "minutes", "less than or equal to 180"),
    ({"goals": ["cooldwn"]}, "goals[0]", "did you mean 'cool-down'?"),
    ({"level": "olympian"}, "level", "unknown level 'olympian'"),
    ({"items": [{"entry": "a"}, {"entry": "a"}]}, "items",
     "expected each entry once, got 'a' at items 1 and 2"),
    ({"items": [{"entry": "../etc"}]}, "items[0].entry", "expected a slug"),
    ({"items": [{"entry": "a", "dosage": {"sets": 11}}]}, "items[0].dosage.sets",
     "less than or equal to 10"),
    ({"items": [{"entry": "a", "dosage": {"hold_seconds": 0}}]},
     "items[0].dosage.hold_seconds", "greater than or equal to 1"),
    ({"items": [{"entry": "a", "why": "two\nlines"}]}, "items[0].why", "expected one line"),
    ({"colour": "red"}, "colour", "unknown field (not part of a routine"),
])
def test_validation_names_the_field_and_what_was_expected(change, field, message):
    with pytest.raises(EntryError) as caught:
        validate_routine(_routine(**change), where="routines/x.json")
    problems = [p for p in caught.value.problems if p.field == field]
    assert problems, caught.value.problems
    assert message in problems[0].message
    assert problems[0].where == "routines/x.json"


def test_describe_says_the_dosage_in_words():
    assert ItemDosage(reps=10).describe() == "10 reps"
    assert ItemDosage(reps=1).describe() == "1 rep"
    assert ItemDosage(hold_seconds=30, sides="each").describe() == "Hold of 30 s, each side"
    assert ItemDosage(hold_seconds=45, reps=2).describe() == "2 holds of 45 s"
    assert ItemDosage(hold_seconds=45, breaths=5).describe() == "Hold of 45 s, about 5 breaths"
    assert ItemDosage(breaths=6, sets=2).describe() == "2 × 6 breaths"
    assert ItemDosage().describe() == "At your own pace"


def _entry(entry_id: str, **fields) -> Exercise:
    return Exercise(id=entry_id, name=entry_id.title(), **fields)


def test_check_reports_gone_and_archived_entries_and_a_total_off_budget():
    entries = {"cat-cow": _entry("cat-cow", position="quadruped"),
               "old": _entry("old", status="archived")}
    routine = Routine(id="r", name="R", minutes=1, items=[
        RoutineItem(entry="cat-cows", dosage=ItemDosage(reps=10)),
        RoutineItem(entry="old", dosage=ItemDosage(reps=1))])
    problems = check_routine(routine, entries, where="routines/r.json")
    assert [(p.field, p.message) for p in problems] == [
        ("items[0].entry", "no entry 'cat-cows' in the library (renamed or deleted?); did "
                           "you mean 'cat-cow'?"),
        ("items[1].entry", "entry 'old' is archived; swap it for another"),
    ]
    # the report still times every item (an unknown position sits between standing and lying)
    assert schedule_of(routine, entries).total == (10 + 2 * 4) + 30 + 10 + 3
    longer = routine.model_copy(update={"items": [
        RoutineItem(entry="cat-cow", dosage=ItemDosage(reps=10, sets=5))]})
    [problem] = check_routine(longer, entries)
    assert problem.field == "minutes"
    assert problem.message.startswith("expected a total within 10% of 1 min (60 s), got ")


def test_within_budget_is_ten_percent_either_way():
    assert within_budget(54, 1) and within_budget(66, 1)
    assert not within_budget(53, 1) and not within_budget(67, 1)


def test_goals_name_their_session_and_areas():
    assert RULES.session_for(["pre-squat"]).id == "warm-up"
    assert RULES.session_for(["cool-down", "pre-run"]).id == "cool-down"  # the first decides
    assert {"ankles", "hips", "adductors", "middle-back"} <= set(RULES.areas_for(["pre-squat"]))
    areas = RULES.areas_for(["pre-run", "pre-squat"])
    assert len(areas) == len(set(areas)) and areas[0] == "calves"
    assert RULES.rule_for("a-goal-added-later") == RULES.default_goal


def test_warm_up_holds_are_short_and_a_long_one_is_a_warning():
    warm_up, cool_down = RULES.sessions["warm-up"], RULES.sessions["cool-down"]
    assert item_dosage(Dosage(hold_seconds=(20, 45)), warm_up) == (
        ItemDosage(hold_seconds=20), None)
    assert item_dosage(Dosage(hold_seconds=(20, 45)), cool_down) == (
        ItemDosage(hold_seconds=45), None)
    dosage, warning = item_dosage(Dosage(hold_seconds=(40, 60), sides="each"), warm_up)
    assert dosage == ItemDosage(hold_seconds=40, sides="each")
    assert warning == ("a static hold of 40 s before training (more than 30 s can blunt the "
                       "session that follows)")
    assert item_dosage(Dosage(reps=8, sides="each"), warm_up) == (
        ItemDosage(reps=8, sides="each"), None)


def test_warm_ups_go_from_the_floor_up_and_cool_downs_end_on_the_floor():
    warm_up, cool_down = RULES.sessions["warm-up"], RULES.sessions["cool-down"]
    up = ["supine", "seated", "seated", "kneeling", "standing"]
    assert is_ordered(warm_up, T, up)
    assert not is_ordered(warm_up, T, list(reversed(up)))
    assert is_ordered(cool_down, T, list(reversed(up)))
    # positions of one height sit together: seated, quadruped, seated is out of order
    assert not is_ordered(warm_up, T, ["seated", "quadruped", "seated"])
    assert order_key(warm_up, T, "supine") < order_key(warm_up, T, "standing")


def test_coaching_data_is_checked():
    with pytest.raises(UsageError, match=r"sessions\.x\.order: expected one of floor-up, "
                                         r"ends-on-floor, got 'sideways'"):
        CoachingRules.from_dict({"sessions": {"x": {"order": "sideways", "holds": "short"}},
                                 "default_goal": {"session": "x"}})
    with pytest.raises(UsageError, match=r"goals\.g\.session: expected one of x, got 'y'"):
        CoachingRules.from_dict({"sessions": {"x": {"order": "floor-up", "holds": "long"}},
                                 "goals": {"g": {"session": "y"}},
                                 "default_goal": {"session": "x"}})
