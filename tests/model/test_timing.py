"""Timing arithmetic: an item's work from its dosage, the change between positions, and a
routine's total, against numbers worked out by hand from `timing.json`."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchkit.errors import UsageError
from stretchkit.model.routine import ItemDosage
from stretchkit.model.timing import Step, Timing, clock
from tests.strategies import VOCABULARY

T = Timing.default()


def test_the_packaged_constants_are_the_documented_ones():
    assert (T.seconds_per_breath, T.seconds_per_rep, T.seconds_between_holds,
            T.side_switch_seconds, T.rest_between_sets_seconds, T.transition_seconds) == \
        (5, 3, 5, 5, 10, 10)
    assert T.seconds_per_rep_by_kind["mobility-drill"] == 4
    assert T.height("standing") == 3 and T.height("supine") == 0 and T.height("seated") == 1
    assert T.height("somewhere-new") == T.unknown_position_height == T.height(None)


@pytest.mark.parametrize(("dosage", "kind", "seconds"), [
    (ItemDosage(hold_seconds=30), None, 30),
    (ItemDosage(hold_seconds=30, sides="each"), None, 30 + 30 + 5),
    (ItemDosage(hold_seconds=30, reps=2), None, 30 * 2 + 5),  # two holds, one pause between
    (ItemDosage(hold_seconds=30, reps=2, sides="each"), None, 2 * (30 * 2 + 5) + 5),
    (ItemDosage(hold_seconds=20, breaths=5), None, 20),  # the hold wins over its breaths
    (ItemDosage(breaths=6), None, 30),
    (ItemDosage(reps=10), None, 30),
    (ItemDosage(reps=10), "mobility-drill", 40),
    (ItemDosage(reps=10), "pnf-stretch", 100),
    (ItemDosage(reps=8, sides="each"), "dynamic-stretch", 8 * 3 * 2 + 5),
    (ItemDosage(reps=8, sides="both"), "dynamic-stretch", 24),
    (ItemDosage(), None, 30),  # nothing set: the default work
    (ItemDosage(reps=10, sets=3), None, 3 * 30 + 2 * 10),
    (ItemDosage(hold_seconds=30, sides="each", sets=2), None, 2 * 65 + 10),
])
def test_work_of_one_item(dosage, kind, seconds):
    assert T.work(dosage, kind) == seconds


@pytest.mark.parametrize(("before", "after", "seconds"), [
    ("standing", "standing", 10),  # the transition only
    ("standing", "supine", 10 + 3 * 4),  # down three levels
    ("supine", "standing", 10 + 3 * 6),  # up costs more than down
    ("seated", "kneeling", 10 + 6),
    ("supine", "prone", 10 + 3),  # same height, another position
    ("seated", "quadruped", 10 + 3),
])
def test_change_between_positions(before, after, seconds):
    assert T.change(before, after) == seconds


def test_a_routine_starts_standing_and_sums_changes_and_work():
    steps = [Step(ItemDosage(reps=10), "mobility-drill", "supine"),
             Step(ItemDosage(hold_seconds=30, sides="each"), "static-stretch", "kneeling"),
             Step(ItemDosage(reps=6), "dynamic-stretch", "standing")]
    schedule = T.schedule(steps)
    assert [(t.change, t.work) for t in schedule.items] == [(22, 40), (22, 65), (16, 18)]
    assert schedule.total == T.total(steps) == 22 + 40 + 22 + 65 + 16 + 18


positions = st.none() | st.sampled_from(VOCABULARY.ids("positions"))
item_dosages = st.builds(ItemDosage, hold_seconds=st.none() | st.integers(1, 600),
                         breaths=st.none() | st.integers(1, 100),
                         reps=st.none() | st.integers(1, 200),
                         sides=st.none() | st.sampled_from(["each", "both", "none"]),
                         sets=st.integers(1, 10))
steps = st.builds(Step, item_dosages, st.none() | st.sampled_from(VOCABULARY.ids("kinds")),
                  positions)


@given(st.lists(steps, max_size=12))
def test_total_is_the_sum_of_the_schedule_and_each_part_counts(route):
    schedule = T.schedule(route)
    assert T.total(route) == schedule.total == sum(t.change + t.work for t in schedule.items)
    before = T.start_position
    for step, time in zip(route, schedule.items, strict=True):
        assert time.change == T.change(before, step.position) >= T.transition_seconds
        assert time.work == T.work(step.dosage, step.kind) >= 1
        before = step.position


@given(item_dosages, st.none() | st.sampled_from(VOCABULARY.ids("kinds")))
def test_another_set_adds_one_set_and_a_rest(dosage, kind):
    if dosage.sets == 10:
        return
    more = dosage.model_copy(update={"sets": dosage.sets + 1})
    one = T.work(dosage.model_copy(update={"sets": 1}), kind)
    assert T.work(more, kind) - T.work(dosage, kind) == one + T.rest_between_sets_seconds


def test_timing_data_is_checked_key_by_key():
    data = {k: getattr(T, k) for k in T.__dataclass_fields__}
    with pytest.raises(UsageError, match=r"timing: seconds_per_rep: expected a whole number "
                                         r"of seconds \(0 or more\), got -1"):
        Timing.from_dict({**data, "seconds_per_rep": -1})
    with pytest.raises(UsageError, match="missing transition_seconds"):
        Timing.from_dict({k: v for k, v in data.items() if k != "transition_seconds"})
    with pytest.raises(UsageError, match=r"position_heights.standing: expected a whole number"):
        Timing.from_dict({**data, "position_heights": {"standing": "high"}})
    assert Timing.from_dict(data) == T


@pytest.mark.parametrize(("seconds", "text"), [(0, "0:00"), (65, "1:05"), (720, "12:00"),
                                               (-5, "-0:05")])
def test_clock(seconds, text):
    assert clock(seconds) == text


def test_timing_without_tables_has_no_kinds_and_no_heights():
    data = {k: getattr(T, k) for k in T.__dataclass_fields__}
    del data["seconds_per_rep_by_kind"], data["position_heights"]
    bare = Timing.from_dict(data)
    assert bare.seconds_per_rep_by_kind == {} and bare.position_heights == {}
    # every kind then counts the plain seconds per rep, every position the unknown height
    assert bare.work(ItemDosage(reps=10), "pnf-stretch") == 30
    assert bare.height("standing") == 1


@pytest.mark.parametrize(("change", "message"), [
    ({"position_heights": [3]}, "timing: position_heights: expected an object of numbers, "
                                "got [3]"),
    ({"start_position": 3}, "timing: start_position: expected a position id, got 3"),
    ({"seconds_per_breath": 4.5}, "timing: seconds_per_breath: expected a whole number of "
                                  "seconds (0 or more), got 4.5"),
])
def test_a_bad_timing_value_is_named_with_what_came(change, message):
    data = {**{k: getattr(T, k) for k in T.__dataclass_fields__}, **change}
    with pytest.raises(UsageError) as caught:
        Timing.from_dict(data, source="club/timing.json")
    assert str(caught.value) == message.replace("timing:", "club/timing.json:", 1)


def test_every_missing_timing_key_is_named_at_once():
    data = {k: getattr(T, k) for k in T.__dataclass_fields__}
    del data["seconds_per_breath"], data["transition_seconds"], data["start_position"]
    with pytest.raises(UsageError) as caught:
        Timing.from_dict(data)
    assert str(caught.value) == ("timing: missing seconds_per_breath, transition_seconds, "
                                 "start_position")
