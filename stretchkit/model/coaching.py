"""Coaching rules for routines, as data (`coaching.json`): per goal, the session it calls for
and the body areas a routine for it should cover; per session, the order (a warm-up goes from
the floor up, a cool-down ends on the floor), the kinds of drill it prefers, how long its
holds are, the longest static hold before training, and how many sets an item may get.

Pure data and the small rules that read it (`item_dosage`, `order_key`, `is_ordered`): the
suggester (`stretchkit.routines`) and the tests both use them.
"""

from __future__ import annotations

import itertools
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from stretchkit.errors import UsageError
from stretchkit.model.entry import Dosage
from stretchkit.model.routine import ItemDosage
from stretchkit.model.timing import Timing

ORDERS = ("floor-up", "ends-on-floor")
HOLDS = ("short", "middle", "long")


@dataclass(frozen=True)
class Session:
    """How one kind of session runs."""

    id: str
    label: str
    order: str
    prefer_kinds: tuple[str, ...]
    holds: str
    max_static_hold_seconds: int | None
    max_sets: int


@dataclass(frozen=True)
class GoalRule:
    session: str
    areas: tuple[str, ...]


@dataclass(frozen=True)
class CoachingRules:
    floor_positions: frozenset[str]
    sessions: Mapping[str, Session]
    goals: Mapping[str, GoalRule]
    default_goal: GoalRule

    @classmethod
    def default(cls) -> CoachingRules:
        return _default_rules()

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], source: str = "coaching rules"
                  ) -> CoachingRules:
        """Rules from parsed JSON; UsageError names the key at fault."""
        def fail(key: str, expected: str, got: Any) -> UsageError:
            return UsageError(f"{source}: {key}: expected {expected}, got {got!r}")

        sessions = {}
        for sid, raw in dict(data.get("sessions", {})).items():
            order, holds = raw.get("order"), raw.get("holds")
            if order not in ORDERS:
                raise fail(f"sessions.{sid}.order", f"one of {', '.join(ORDERS)}", order)
            if holds not in HOLDS:
                raise fail(f"sessions.{sid}.holds", f"one of {', '.join(HOLDS)}", holds)
            max_hold, max_sets = raw.get("max_static_hold_seconds"), raw.get("max_sets", 1)
            if max_hold is not None and (type(max_hold) is not int or max_hold < 1):
                raise fail(f"sessions.{sid}.max_static_hold_seconds", "seconds or null",
                           max_hold)
            if type(max_sets) is not int or not 1 <= max_sets <= 10:
                raise fail(f"sessions.{sid}.max_sets", "a whole number from 1 to 10", max_sets)
            sessions[sid] = Session(sid, str(raw.get("label", sid)), order,
                                    tuple(raw.get("prefer_kinds", ())), holds, max_hold,
                                    max_sets)

        def rule(key: str, raw: Any) -> GoalRule:
            if not isinstance(raw, Mapping) or raw.get("session") not in sessions:
                raise fail(f"{key}.session", f"one of {', '.join(sessions)}",
                           raw.get("session") if isinstance(raw, Mapping) else raw)
            return GoalRule(raw["session"], tuple(raw.get("areas", ())))

        goals = {g: rule(f"goals.{g}", raw) for g, raw in dict(data.get("goals", {})).items()}
        return cls(frozenset(data.get("floor_positions", ())), sessions, goals,
                   rule("default_goal", data.get("default_goal")))

    # -- reading ------------------------------------------------------------------------------
    def rule_for(self, goal: str) -> GoalRule:
        return self.goals.get(goal, self.default_goal)

    def session_for(self, goals: Sequence[str]) -> Session:
        """The session of the first goal: it sets the order, the holds and the kinds."""
        first = self.rule_for(goals[0]) if goals else self.default_goal
        return self.sessions[first.session]

    def areas_for(self, goals: Iterable[str]) -> list[str]:
        """The body areas a routine for `goals` should cover, each once, in goal order."""
        return list(dict.fromkeys(a for g in goals for a in self.rule_for(g).areas))

    def on_floor(self, position: str | None) -> bool:
        return position in self.floor_positions


def item_dosage(dosage: Dosage, session: Session) -> tuple[ItemDosage, str | None]:
    """The dosage an entry gets in a routine of `session`, from its own dosage (its goal's,
    see `dosage_for`): one hold length from its range (the shortest for short holds, capped at
    the session's longest static hold when the range allows; the longest for long holds; the
    middle otherwise). Returns the dosage and a warning when the hold is still longer than the
    session allows (a static hold over 30 s before training)."""
    hold = None
    warning = None
    if dosage.hold_seconds:
        low, high = dosage.hold_seconds
        hold = {"short": low, "long": high, "middle": (low + high) // 2}[session.holds]
        cap = session.max_static_hold_seconds
        if cap is not None and hold > cap:
            hold = max(low, cap)
            if hold > cap:
                warning = (f"a static hold of {hold} s before training (more than {cap} s "
                           "can blunt the session that follows)")
    return ItemDosage(hold_seconds=hold, breaths=dosage.breaths,
                      reps=dosage.reps, sides=dosage.sides), warning


def order_key(session: Session, timing: Timing, position: str | None) -> tuple[int, str]:
    """Sort key of a position in a session: by height (from the floor up, or down to the
    floor), then by position, so entries that share a position sit together."""
    height = timing.height(position)
    if session.order == "floor-up":
        return (height, position or "")
    if position not in timing.position_heights:
        # A position the kit cannot place goes first, so a session that ends on the floor
        # still ends there (a guessed height could rank it below a kneeling entry).
        return (-max(timing.position_heights.values(), default=0) - 1, "")
    return (-height, position)


def is_ordered(session: Session, timing: Timing, positions: Sequence[str | None]) -> bool:
    """Whether `positions` follow the session's order and each position's items are
    together (the rule suggest keeps)."""
    keys = [order_key(session, timing, p) for p in positions]
    return all(a <= b for a, b in itertools.pairwise(keys))


@cache
def _default_rules() -> CoachingRules:
    text = resources.files(__package__).joinpath("coaching.json").read_text(encoding="utf-8")
    return CoachingRules.from_dict(json.loads(text), source="stretchkit/model/coaching.json")
