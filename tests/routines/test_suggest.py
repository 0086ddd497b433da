"""Suggest under many inputs: the budget, the hard limits (goal, level, equipment, position,
published only, each entry once) and the ordering rules always hold, or the refusal says why;
the same request gives the same routine; swaps keep the limits. Then the sample library."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchkit import Library
from stretchkit.errors import RoutineRefused, UsageError, VocabularyError
from stretchkit.model import Exercise
from stretchkit.model.coaching import CoachingRules, is_ordered
from stretchkit.model.routine import schedule_of, within_budget
from stretchkit.model.timing import Timing
from stretchkit.routines.suggest import (
    Request,
    alternatives,
    make_request,
    plan_routine,
    suggest,
    swap_item,
)
from tests.strategies import VOCABULARY, dosages, examples, goal_dosages

RULES = CoachingRules.default()
T = Timing.default()
LEVELS = VOCABULARY.ids("levels")
GOALS = VOCABULARY.ids("goals")
EQUIPMENT = VOCABULARY.ids("equipment")
POSITIONS = VOCABULARY.ids("positions")


def _pick(values, size=3):
    return st.lists(st.sampled_from(values), unique=True, max_size=size)


# The strategies an entry of a pool draws from, built once: a strategy built anew on every draw
# is analysed anew by Hypothesis each time (two thirds of the test's time, for the same data).
_POOL_FIELDS = {
    "goals": _pick(GOALS), "targets": _pick(VOCABULARY.ids("targets"), 4),
    "position": st.none() | st.sampled_from(POSITIONS),
    "kind": st.none() | st.sampled_from(VOCABULARY.ids("kinds")),
    "level": st.none() | st.sampled_from(LEVELS), "equipment": _pick(EQUIPMENT, 2),
    "dosage": dosages, "dosage_by_goal": goal_dosages,
    "status": st.sampled_from(["published"] * 4 + ["draft", "archived", "in-review"]),
}
_POOL_ID_PARTS = st.sampled_from(["hip", "calf", "back"])


@st.composite
def pools(draw) -> list[Exercise]:
    """Libraries for routines: what suggest reads of an entry, drawn widely (many statuses,
    positions and dosages; entries with no level, position or kind too)."""
    count = draw(st.integers(0, 25))
    return [Exercise(id=f"e{number:02d}-{draw(_POOL_ID_PARTS)}", name=f"Entry {number}",
                     **{field: draw(strategy) for field, strategy in _POOL_FIELDS.items()})
            for number in range(count)]


requests = st.builds(
    Request, goals=st.lists(st.sampled_from(GOALS), unique=True, min_size=1,
                            max_size=2).map(tuple),
    minutes=st.integers(1, 30), level=st.none() | st.sampled_from(LEVELS),
    equipment=st.none() | _pick(EQUIPMENT, 3).map(tuple),
    positions=st.none() | st.lists(st.sampled_from(POSITIONS), unique=True, min_size=1,
                                   max_size=4).map(tuple),
    include_working=st.booleans())


def _keeps_every_rule(suggestion, pool, request: Request) -> None:
    routine = suggestion.routine
    by_id = {e.id: e for e in pool}
    ids = routine.entry_ids()
    assert ids and len(ids) == len(set(ids)), "no entry twice"
    rank = {level: i for i, level in enumerate(LEVELS)}
    for item in routine.items:
        entry = by_id[item.entry]
        assert set(request.goals) & set(entry.goals), "every item carries a requested goal"
        assert entry.status != "archived"
        assert request.include_working or entry.status == "published"
        if request.level is not None:
            assert entry.level is not None and rank[entry.level] <= rank[request.level]
        if request.equipment is not None:
            assert set(entry.equipment) <= set(request.equipment) | {"none"}
        if request.positions:
            assert entry.position in request.positions
        assert item.why.startswith("serves "), "each item says why it was chosen"
    total = schedule_of(routine, by_id).total
    assert total == suggestion.schedule.total
    assert within_budget(total, request.minutes), (total, request.minutes)
    session = RULES.session_for(request.goals)
    assert suggestion.session == session
    assert is_ordered(session, T, [by_id[i].position for i in ids])
    if session.order == "ends-on-floor" and any(
            RULES.on_floor(by_id[i].position) for i in ids):
        assert RULES.on_floor(by_id[ids[-1]].position), "a cool-down ends on the floor"
    cap = session.max_static_hold_seconds
    for item in routine.items:
        hold = item.dosage.hold_seconds
        if cap is not None and hold is not None and hold > cap:
            assert any(w.startswith(f"{item.entry}: a static hold of {hold} s")
                       for w in suggestion.warnings), "a long hold before training is a warning"


@settings(max_examples=examples(200), deadline=None)
@given(pools(), requests)
def test_a_suggestion_keeps_every_rule_or_says_why_not(pool, request):
    try:
        suggestion = plan_routine(pool, request)
    except RoutineRefused as exc:
        message = str(exc)
        assert exc.missing, "a refusal lists what is missing"
        assert any(g in message for g in request.goals) or "min" in message
        assert message.startswith(("no entries for", "too few entries for",
                                   f"{request.minutes} min is too short"))
        return
    _keeps_every_rule(suggestion, pool, request)
    # deterministic, whatever order the library lists its entries in
    assert plan_routine(list(reversed(pool)), request) == suggestion


@settings(max_examples=examples(60), deadline=None)
@given(pools(), requests, st.data())
def test_swaps_keep_the_routine_s_limits(pool, request, data):
    try:
        suggestion = plan_routine(pool, request)
    except RoutineRefused:
        return
    routine = suggestion.routine
    index = data.draw(st.integers(0, len(routine.items) - 1))
    offered = alternatives(pool, routine, index, include_working=request.include_working)
    rank = {level: i for i, level in enumerate(LEVELS)}
    for swap in offered:
        entry = swap.entry
        assert entry.id not in routine.entry_ids()
        assert set(routine.goals) & set(entry.goals)
        assert request.include_working or entry.status == "published"
        if routine.level:
            assert rank[entry.level] <= rank[routine.level]
        if routine.equipment:
            assert set(entry.equipment) <= set(routine.equipment) | {"none"}
        assert swap.why.startswith("serves ")
    if offered:
        swapped = swap_item(routine, index, offered[0])
        assert swapped.items[index].entry == offered[0].entry.id
        assert swapped.items[index].why.startswith(f"swapped in for {routine.items[index].entry}")
        assert [i.entry for j, i in enumerate(swapped.items) if j != index] == \
            [i.entry for j, i in enumerate(routine.items) if j != index]


# -- requests -------------------------------------------------------------------------------
@pytest.mark.parametrize(("minutes", "shown"), [(0, "0"), (-3, "-3"), (181, "181"),
                                                (7.5, "7.5"), ("8", "'8'"), (True, "True")])
def test_minutes_must_be_a_whole_number_in_range(minutes, shown):
    with pytest.raises(UsageError, match=rf"minutes: expected a whole number from 1 to 180, "
                                         rf"got {shown}"):
        make_request("pre-squat", minutes)


def test_unknown_terms_name_the_allowed_values():
    with pytest.raises(VocabularyError, match=r"unknown goal 'nonsense' \(allowed: warm-up"):
        make_request("nonsense", 8)
    with pytest.raises(VocabularyError, match="unknown equipment 'dumbbell'"):
        make_request("pre-squat", 8, equipment=["dumbbell"])
    with pytest.raises(UsageError, match="goals: expected at least one goal"):
        make_request([], 8)
    assert make_request(["warmup", "pre squat"], 8.0, "Beginner", "Mat") == Request(
        ("warm-up", "pre-squat"), 8, "beginner", ("mat",), None, False)


# -- the sample library ---------------------------------------------------------------------
def test_an_eight_minute_pre_squat_warm_up_from_the_sample(sample_data):
    library = Library(sample_data)
    suggestion = suggest(library, "pre-squat", 8)
    _keeps_every_rule(suggestion, library.filter(), make_request("pre-squat", 8))
    routine = suggestion.routine
    assert routine.name == "8-minute pre-squat warm-up"
    covered = {t for i in routine.entry_ids() for t in library.get(i).targets}
    assert {"ankles", "hips", "adductors", "middle-back", "glutes"} <= covered
    kinds = [library.get(i).kind for i in routine.entry_ids()]
    assert kinds.count("static-stretch") <= 1  # a warm-up prefers drills to holds
    assert suggest(library, "pre-squat", 8) == suggestion


def test_published_only_unless_working_copies_are_asked_for(sample_data):
    library = Library(sample_data)
    published = suggest(library, "mobility", 12)
    assert all(library.get(i).status == "published" for i in published.routine.entry_ids())
    working = suggest(library, "mobility", 12, include_working=True)
    statuses = {library.get(i).status for i in working.routine.entry_ids()}
    assert statuses - {"published"}, "a draft or an entry in review joins the routine"
    assert "archived" not in statuses


def test_a_refusal_says_what_is_missing(sample_data):
    library = Library(sample_data)
    with pytest.raises(RoutineRefused) as caught:
        suggest(library, "pre-lunge", 30, level="beginner", equipment="none")
    message = str(caught.value)
    assert message.startswith("too few entries for 30 min of pre-lunge, at most beginner, "
                              "with none: ")
    assert "no entry covers ankles" in message
    assert "left out: " in message and "level intermediate" in message
    with pytest.raises(RoutineRefused, match=r"^no entries for desk-break, with none, "
                                             r"kneeling; left out: .*2 position standing"):
        suggest(library, "desk-break", 5, equipment="none", positions="kneeling")


def test_a_cool_down_with_a_mat_ends_on_the_floor_with_long_holds(sample_data):
    library = Library(sample_data)
    suggestion = suggest(library, "cool-down", 6, equipment="mat")
    ids = suggestion.routine.entry_ids()
    assert RULES.on_floor(library.get(ids[-1]).position)
    holds = [i.dosage.hold_seconds for i in suggestion.routine.items if i.dosage.hold_seconds]
    assert holds and max(holds) >= 45


def test_a_position_the_kit_cannot_place_never_comes_after_the_floor_in_a_cool_down():
    # Found by the property above: an entry without a position ranked below a kneeling one
    # (a guessed height), so a cool-down ended off the floor.
    session = RULES.session_for(["recovery", "warm-up"])
    assert session.order == "ends-on-floor"
    assert is_ordered(session, T, [None, "standing", "kneeling", "supine"])
    assert not is_ordered(session, T, ["kneeling", None])
    floor_up = RULES.session_for(["warm-up"])
    assert floor_up.order == "floor-up"
    assert is_ordered(floor_up, T, ["supine", None, "standing"])
