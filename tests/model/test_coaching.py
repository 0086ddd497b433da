"""The coaching rules as a coach would state them, against small hand-written rules: what
`coaching.json` says is read field by field (and what it leaves out has a stated default), a
bad value is refused naming the key, what was expected and what came; holds follow the
session (short before training, long in a cool-down, the middle of the range otherwise) and a
static hold over the limit before training is capped, or a warning; a warm-up goes from the
floor up and a cool-down ends on the floor."""

from __future__ import annotations

import pytest

from stretchkit.errors import UsageError
from stretchkit.model import Dosage
from stretchkit.model.coaching import (
    CoachingRules,
    GoalRule,
    Session,
    is_ordered,
    item_dosage,
    order_key,
)
from stretchkit.model.routine import ItemDosage
from stretchkit.model.timing import Timing

T = Timing.default()
RULES = CoachingRules.default()

#: A coach's own rules: a pre-game session written out in full, a stretch break that leaves
#: out everything it may (its label, kinds, hold limit and sets).
OWN_RULES = {
    "floor_positions": ["seated", "supine"],
    "sessions": {
        "pre-game": {"label": "pre-game prep", "order": "floor-up",
                     "prefer_kinds": ["dynamic-stretch", "mobility-drill"], "holds": "short",
                     "max_static_hold_seconds": 20, "max_sets": 4},
        "stretch-break": {"order": "ends-on-floor", "holds": "middle"},
    },
    "goals": {"pre-run": {"session": "pre-game", "areas": ["calves", "ankles"]},
              "desk-break": {"session": "stretch-break"}},
    "default_goal": {"session": "stretch-break", "areas": ["hips"]},
}


def test_every_field_of_the_rules_is_read():
    rules = CoachingRules.from_dict(OWN_RULES)
    assert rules.floor_positions == frozenset({"seated", "supine"})
    assert rules.sessions == {
        "pre-game": Session(id="pre-game", label="pre-game prep", order="floor-up",
                            prefer_kinds=("dynamic-stretch", "mobility-drill"), holds="short",
                            max_static_hold_seconds=20, max_sets=4),
        # what a session leaves out: its id as label, no preferred kinds, no hold limit, 1 set
        "stretch-break": Session(id="stretch-break", label="stretch-break",
                                 order="ends-on-floor", prefer_kinds=(), holds="middle",
                                 max_static_hold_seconds=None, max_sets=1),
    }
    assert rules.goals == {"pre-run": GoalRule("pre-game", ("calves", "ankles")),
                           "desk-break": GoalRule("stretch-break", ())}
    assert rules.default_goal == GoalRule("stretch-break", ("hips",))
    # read through the rules: the first goal decides, unknown goals get the default
    assert rules.session_for(["desk-break", "pre-run"]).label == "stretch-break"
    assert rules.session_for(["a-goal-added-later"]).id == "stretch-break"
    assert rules.areas_for(["pre-run", "a-goal-added-later", "pre-run"]) == [
        "calves", "ankles", "hips"]
    assert rules.on_floor("supine") and not rules.on_floor("kneeling")
    assert not rules.on_floor(None)


def test_rules_that_leave_out_goals_and_floor_positions_have_none():
    rules = CoachingRules.from_dict({"sessions": {"s": {"order": "floor-up", "holds": "long"}},
                                     "default_goal": {"session": "s"}})
    assert rules.goals == {} and rules.floor_positions == frozenset()
    assert rules.default_goal == GoalRule("s", ())
    assert not rules.on_floor("supine")


def test_no_goals_asked_for_get_the_default_goal_s_session():
    assert RULES.session_for([]) == RULES.sessions["mobility"]
    assert CoachingRules.from_dict(OWN_RULES).session_for([]).id == "stretch-break"


def _session(**fields) -> dict:
    return {"sessions": {"s": {"order": "floor-up", "holds": "short", **fields}},
            "default_goal": {"session": "s"}}


@pytest.mark.parametrize(("data", "message"), [
    ({}, "coaching rules: default_goal.session: expected one of , got None"),
    (_session(holds="forever"),
     "coaching rules: sessions.s.holds: expected one of short, middle, long, got 'forever'"),
    (_session(order=None),
     "coaching rules: sessions.s.order: expected one of floor-up, ends-on-floor, got None"),
    (_session(max_static_hold_seconds=0),
     "coaching rules: sessions.s.max_static_hold_seconds: expected seconds or null, got 0"),
    (_session(max_static_hold_seconds="30"),
     "coaching rules: sessions.s.max_static_hold_seconds: expected seconds or null, got '30'"),
    (_session(max_static_hold_seconds=2.5),
     "coaching rules: sessions.s.max_static_hold_seconds: expected seconds or null, got 2.5"),
    (_session(max_sets=0),
     "coaching rules: sessions.s.max_sets: expected a whole number from 1 to 10, got 0"),
    (_session(max_sets=11),
     "coaching rules: sessions.s.max_sets: expected a whole number from 1 to 10, got 11"),
    (_session(max_sets="2"),
     "coaching rules: sessions.s.max_sets: expected a whole number from 1 to 10, got '2'"),
    ({**_session(), "sessions": {"s": {"order": "floor-up", "holds": "short"},
                                 "t": {"order": "floor-up", "holds": "long"}},
      "default_goal": {"session": "u"}},
     "coaching rules: default_goal.session: expected one of s, t, got 'u'"),
    ({**_session(), "goals": {"pre-run": "s"}},
     "coaching rules: goals.pre-run.session: expected one of s, got 's'"),
    ({**_session(), "default_goal": None},
     "coaching rules: default_goal.session: expected one of s, got None"),
])
def test_bad_rules_name_the_key_what_was_expected_and_what_came(data, message):
    with pytest.raises(UsageError) as caught:
        CoachingRules.from_dict(data)
    assert str(caught.value) == message


def test_the_error_names_the_rules_file_it_came_from():
    with pytest.raises(UsageError) as caught:
        CoachingRules.from_dict(_session(max_sets=0), source="club/coaching.json")
    assert str(caught.value).startswith("club/coaching.json: sessions.s.max_sets: ")


@pytest.mark.parametrize(("fields", "max_hold", "max_sets"), [
    ({"max_static_hold_seconds": 1}, 1, 1),  # the shortest hold limit there is
    ({"max_static_hold_seconds": None, "max_sets": 10}, None, 10),
    ({"max_sets": 1}, None, 1),
])
def test_the_limits_take_their_whole_range(fields, max_hold, max_sets):
    session = CoachingRules.from_dict(_session(**fields)).sessions["s"]
    assert (session.max_static_hold_seconds, session.max_sets) == (max_hold, max_sets)


# -- holds ------------------------------------------------------------------------------------
def _own_session(holds: str, cap: int | None) -> Session:
    return Session("s", "session", "floor-up", (), holds, cap, 2)


@pytest.mark.parametrize(("holds", "seconds"), [("short", 20), ("middle", 32), ("long", 45)])
def test_a_hold_is_the_short_middle_or_long_end_of_the_entry_s_range(holds, seconds):
    assert item_dosage(Dosage(hold_seconds=(20, 45)), _own_session(holds, None)) == (
        ItemDosage(hold_seconds=seconds), None)


def test_the_mobility_session_holds_the_middle_of_the_range():
    mobility = RULES.sessions["mobility"]
    assert item_dosage(Dosage(hold_seconds=(20, 45), breaths=6, reps=2, sides="each"),
                       mobility) == (
        ItemDosage(hold_seconds=32, breaths=6, reps=2, sides="each"), None)


def test_breaths_reps_and_sides_come_with_the_hold():
    warm_up = RULES.sessions["warm-up"]
    assert item_dosage(Dosage(hold_seconds=(20, 45), breaths=5), warm_up) == (
        ItemDosage(hold_seconds=20, breaths=5), None)
    assert item_dosage(Dosage(breaths=8, sides="each"), warm_up) == (
        ItemDosage(breaths=8, sides="each"), None)


def test_a_hold_over_the_limit_before_training_is_cut_to_the_limit_when_the_range_allows():
    # a middle hold of 40 s (range 20-60) before training becomes 30 s: no warning
    assert item_dosage(Dosage(hold_seconds=(20, 60)), _own_session("middle", 30)) == (
        ItemDosage(hold_seconds=30), None)
    assert item_dosage(Dosage(hold_seconds=(30, 60)), _own_session("long", 30)) == (
        ItemDosage(hold_seconds=30), None)


def test_a_hold_of_exactly_the_limit_is_no_warning():
    warm_up = RULES.sessions["warm-up"]
    assert item_dosage(Dosage(hold_seconds=(30, 60)), warm_up) == (
        ItemDosage(hold_seconds=30), None)
    assert item_dosage(Dosage(hold_seconds=(30, 30)), _own_session("long", 30)) == (
        ItemDosage(hold_seconds=30), None)


def test_a_hold_that_cannot_be_cut_to_the_limit_is_a_warning():
    dosage, warning = item_dosage(Dosage(hold_seconds=(31, 60)), RULES.sessions["warm-up"])
    assert dosage == ItemDosage(hold_seconds=31)
    assert warning == ("a static hold of 31 s before training (more than 30 s can blunt the "
                       "session that follows)")
    dosage, warning = item_dosage(Dosage(hold_seconds=(45, 90)), _own_session("long", 20))
    assert dosage == ItemDosage(hold_seconds=45)
    assert warning == ("a static hold of 45 s before training (more than 20 s can blunt the "
                       "session that follows)")


def test_a_cool_down_has_no_hold_limit():
    assert item_dosage(Dosage(hold_seconds=(60, 120)), RULES.sessions["cool-down"]) == (
        ItemDosage(hold_seconds=120), None)


# -- order ------------------------------------------------------------------------------------
# The sort key is public (the suggester sorts by it): by height, then by position.
def test_a_warm_up_sorts_by_height_from_the_floor_then_by_position():
    warm_up = RULES.sessions["warm-up"]
    assert order_key(warm_up, T, "supine") == (0, "supine")
    assert order_key(warm_up, T, "standing") == (3, "standing")
    # an entry without a position sits at the unknown height, before the seated positions
    assert order_key(warm_up, T, None) == (1, "")
    assert is_ordered(warm_up, T, [None, "quadruped", "seated", "kneeling"])
    assert not is_ordered(warm_up, T, ["seated", None])


def test_a_cool_down_sorts_down_to_the_floor_and_unplaced_positions_first():
    cool_down = RULES.sessions["cool-down"]
    assert order_key(cool_down, T, "standing") == (-3, "standing")
    assert order_key(cool_down, T, "prone") == (0, "prone")
    # a position the kit cannot place goes before the highest one (standing is 3)
    assert order_key(cool_down, T, None) == (-4, "")
    assert order_key(cool_down, T, "on-a-trampoline") == (-4, "")
    assert is_ordered(cool_down, T, [None, "on-a-trampoline", "hanging", "standing",
                                     "kneeling", "seated", "prone", "supine"])
    assert not is_ordered(cool_down, T, ["standing", None])
    assert not is_ordered(cool_down, T, ["supine", "kneeling"])
    assert not is_ordered(cool_down, T, ["supine", "prone", "supine"])


def test_without_any_position_heights_every_position_of_a_cool_down_sorts_alike():
    flat = Timing.from_dict({**{k: getattr(T, k) for k in T.__dataclass_fields__},
                             "position_heights": {}})
    cool_down = RULES.sessions["cool-down"]
    assert order_key(cool_down, flat, "standing") == order_key(cool_down, flat, None) == (-1, "")
    assert is_ordered(cool_down, flat, ["supine", "standing", None])
