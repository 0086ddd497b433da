"""How long a routine takes, from its dosages and the timing constants in `timing.json`.

An item's *work* is its dosage in seconds: a hold (times its reps, with a pause between
holds), else its breaths, else its reps (seconds per rep by kind of drill), else a default;
`each` side doubles it and adds a side switch; sets repeat it with a rest between. Before each
item comes a *change*: the transition, plus getting from the previous position to this one
(down to the floor is quick, getting up costs more). The first item starts from the start
position (standing). A routine's total is the sum of both, in whole seconds.

Pure arithmetic on data: no files (the packaged defaults are read as package resources).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any, Protocol

from stretchkit.errors import UsageError

_NUMBERS = ("seconds_per_breath", "seconds_per_rep", "seconds_between_holds",
            "side_switch_seconds", "rest_between_sets_seconds", "transition_seconds",
            "default_work_seconds", "unknown_position_height", "seconds_per_level_down",
            "seconds_per_level_up", "seconds_same_level_change")


class Dosed(Protocol):
    """What timing reads of a dosage (a routine item's `ItemDosage`)."""

    hold_seconds: int | None
    breaths: int | None
    reps: int | None
    sides: str | None
    sets: int


@dataclass(frozen=True)
class Step:
    """One item of a routine as timing sees it: its dosage, kind of drill and position."""

    dosage: Dosed
    kind: str | None = None
    position: str | None = None


@dataclass(frozen=True)
class ItemTime:
    """The seconds of one item: the change before it and its own work."""

    change: int
    work: int

    @property
    def seconds(self) -> int:
        return self.change + self.work


@dataclass(frozen=True)
class Schedule:
    """A routine's times: one `ItemTime` per item, in order, and the total."""

    items: tuple[ItemTime, ...]

    @property
    def total(self) -> int:
        return sum(t.change + t.work for t in self.items)


@dataclass(frozen=True)
class Timing:
    """The timing constants (seconds, whole numbers). `Timing.default()` is the packaged
    `timing.json`; `Timing.from_dict` checks a replacement and names a bad key."""

    seconds_per_breath: int
    seconds_per_rep: int
    seconds_per_rep_by_kind: Mapping[str, int]
    seconds_between_holds: int
    side_switch_seconds: int
    rest_between_sets_seconds: int
    transition_seconds: int
    default_work_seconds: int
    start_position: str
    position_heights: Mapping[str, int]
    unknown_position_height: int
    seconds_per_level_down: int
    seconds_per_level_up: int
    seconds_same_level_change: int

    @classmethod
    def default(cls) -> Timing:
        return _default_timing()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "timing") -> Timing:
        """Timing from parsed JSON; UsageError names the key, what was expected and what
        came."""
        def number(key: str, value: Any) -> int:
            if type(value) is not int or value < 0:
                raise UsageError(f"{source}: {key}: expected a whole number of seconds (0 or "
                                 f"more), got {value!r}")
            return value

        def table(key: str) -> dict[str, int]:
            value = data.get(key, {})
            if not isinstance(value, Mapping):
                raise UsageError(f"{source}: {key}: expected an object of numbers, "
                                 f"got {value!r}")
            return {str(k): number(f"{key}.{k}", v) for k, v in value.items()}

        missing = [k for k in (*_NUMBERS, "start_position") if k not in data]
        if missing:
            raise UsageError(f"{source}: missing {', '.join(missing)}")
        start = data["start_position"]
        if not isinstance(start, str):
            raise UsageError(f"{source}: start_position: expected a position id, "
                             f"got {start!r}")
        return cls(**{k: number(k, data[k]) for k in _NUMBERS},
                   seconds_per_rep_by_kind=table("seconds_per_rep_by_kind"),
                   position_heights=table("position_heights"), start_position=start)

    # -- arithmetic ---------------------------------------------------------------------------
    def height(self, position: str | None) -> int:
        """How high a position is (standing 3 ... lying 0); unknown positions in between."""
        if position is None:
            return self.unknown_position_height
        return self.position_heights.get(position, self.unknown_position_height)

    def work(self, dosage: Dosed, kind: str | None = None) -> int:
        """Seconds of one item's own work (see the module docstring)."""
        reps = dosage.reps or 1
        if dosage.hold_seconds:
            once = dosage.hold_seconds * reps + self.seconds_between_holds * (reps - 1)
        elif dosage.breaths:
            once = dosage.breaths * self.seconds_per_breath
        elif dosage.reps:
            once = reps * self.seconds_per_rep_by_kind.get(kind or "", self.seconds_per_rep)
        else:
            once = self.default_work_seconds
        if dosage.sides == "each":
            once = 2 * once + self.side_switch_seconds
        sets = max(dosage.sets, 1)
        return sets * once + (sets - 1) * self.rest_between_sets_seconds

    def change(self, before: str | None, after: str | None) -> int:
        """Seconds from finishing an item in `before` to starting one in `after`: the
        transition, plus the position change."""
        if before == after:
            return self.transition_seconds
        up = self.height(after) - self.height(before)
        if up > 0:
            cost = up * self.seconds_per_level_up
        elif up < 0:
            cost = -up * self.seconds_per_level_down
        else:
            cost = self.seconds_same_level_change
        return self.transition_seconds + cost

    def schedule(self, steps: Sequence[Step]) -> Schedule:
        """Each step's change and work, in order, starting from `start_position`."""
        out = []
        before: str | None = self.start_position
        for step in steps:
            out.append(ItemTime(self.change(before, step.position),
                                self.work(step.dosage, step.kind)))
            before = step.position
        return Schedule(tuple(out))

    def total(self, steps: Sequence[Step]) -> int:
        """The seconds a routine of `steps` takes (`schedule(steps).total`, without the
        per-item list: what a live total needs)."""
        seconds = 0
        before: str | None = self.start_position
        for step in steps:
            seconds += self.change(before, step.position) + self.work(step.dosage, step.kind)
            before = step.position
        return seconds


@cache
def _default_timing() -> Timing:
    text = resources.files(__package__).joinpath("timing.json").read_text(encoding="utf-8")
    return Timing.from_dict(json.loads(text), source="stretchkit/model/timing.json")


def clock(seconds: int) -> str:
    """'1:05' for 65 seconds, '12:00' for 720: a time as a coach reads it."""
    sign = "-" if seconds < 0 else ""
    minutes, rest = divmod(abs(int(seconds)), 60)
    return f"{sign}{minutes}:{rest:02d}"
