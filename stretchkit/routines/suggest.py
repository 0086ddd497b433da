"""Suggest a routine from goals and minutes, and alternatives for any item ("swap").

`suggest(library, goals, minutes, level, equipment, positions)` reads the published entries
(the working copies of every status but archived with `include_working`) and hands them to
`plan_routine`, which is the whole rule, on plain entries:

- **Hard limits**: every item serves at least one requested goal; its level is at most the
  requested level; it needs no equipment beyond the requested (`none` is always allowed);
  its position is one of the requested positions, if any; no entry twice.
- **Coaching rules** (`coaching.json`): the first goal's session decides the order (a warm-up
  goes from the floor up, a cool-down ends on the floor), which kinds of drill are preferred
  and how long holds are (short before training: a static hold over 30 s is a warning); the
  goals' body areas are covered first; entries that share a position sit together.
- **Budget**: the total (`timing.json`) is within 10% of the minutes, or the request is
  refused with what is missing (`RoutineRefused`, which the command line exits 2 with).
- **Deterministic**: the same entries and request give the same routine (ties by id).

Each item says why it was chosen. `alternatives` ranks the swaps for one item, `swap_item`
puts one in.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace

from stretchkit.errors import RoutineRefused, UsageError
from stretchkit.model.coaching import CoachingRules, Session, item_dosage, order_key
from stretchkit.model.entry import ACTIVE_STATUSES, Exercise, dosage_for, slugify
from stretchkit.model.routine import (
    BUDGET_TOLERANCE,
    MAX_MINUTES,
    ItemDosage,
    Routine,
    RoutineItem,
)
from stretchkit.model.timing import Schedule, Step, Timing
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.store.library import Library

#: How much a suggestion weighs: a body area the goals need and no item covers yet, a kind of
#: drill the session prefers, each requested goal served, and a hold longer than allowed.
AREA_WEIGHT = 10
KIND_WEIGHT = 3
GOAL_WEIGHT = 2
LONG_HOLD_PENALTY = 6
#: How far reps may go from an entry's own when a routine is fitted to its minutes.
REPS_RANGE = (0.5, 2.0)
HOLD_STEP = 5


@dataclass(frozen=True)
class Request:
    """A suggestion request, normalised: vocabulary ids, minutes as a whole number."""

    goals: tuple[str, ...]
    minutes: int
    level: str | None = None
    equipment: tuple[str, ...] | None = None
    positions: tuple[str, ...] | None = None
    include_working: bool = False

    @property
    def budget(self) -> int:
        return self.minutes * 60

    def describe(self, vocabulary: Vocabulary) -> str:
        """'pre-squat, beginner, with none or mat': the request in words for messages."""
        bits = [" or ".join(self.goals)]
        if self.level:
            bits.append(f"at most {self.level}")
        if self.equipment is not None:
            bits.append(f"with {', '.join(self.equipment) or 'no equipment'}")
        if self.positions:
            bits.append(f"{' or '.join(self.positions)}")
        return ", ".join(bits)


def make_request(goals: str | Iterable[str], minutes: object, level: str | None = None,
                 equipment: str | Iterable[str] | None = None,
                 positions: str | Iterable[str] | None = None, *,
                 include_working: bool = False, vocabulary: Vocabulary | None = None
                 ) -> Request:
    """Check and normalise a request: UsageError for minutes that are not a whole number from
    1 to 180 or no goal, VocabularyError (naming the allowed values) for an unknown goal,
    level, equipment or position."""
    vocabulary = vocabulary or Vocabulary.default()
    if isinstance(minutes, bool) or not isinstance(minutes, int | float) \
            or not math.isfinite(minutes) or minutes != int(minutes) \
            or not 1 <= minutes <= MAX_MINUTES:
        raise UsageError(f"minutes: expected a whole number from 1 to {MAX_MINUTES}, "
                         f"got {minutes!r}")
    goal_list = [goals] if isinstance(goals, str) else list(goals)
    if not goal_list:
        raise UsageError("goals: expected at least one goal (allowed: "
                         f"{', '.join(vocabulary.ids('goals'))})")

    def terms(section: str, values: str | Iterable[str] | None) -> tuple[str, ...] | None:
        if values is None:
            return None
        values = [values] if isinstance(values, str) else list(values)
        return tuple(vocabulary.normalise_all(section, values))

    return Request(tuple(vocabulary.normalise_all("goals", goal_list)), int(minutes),
                   vocabulary.normalise("levels", level) if level else None,
                   terms("equipment", equipment), terms("positions", positions) or None,
                   include_working)


@dataclass(frozen=True)
class Suggestion:
    """A suggested routine, its times, the session it follows, and what a coach should
    know (a static hold over the session's limit, a body area no entry covers)."""

    routine: Routine
    schedule: Schedule
    session: Session
    warnings: tuple[str, ...]
    entries: dict[str, Exercise] = field(repr=False)


# -- the candidates -------------------------------------------------------------------------
@dataclass
class _Candidate:
    entry: Exercise
    goal: str  # the first requested goal it serves: its dosage comes from that goal
    dosage: ItemDosage
    warning: str | None
    areas: frozenset[str]  # the needed body areas it covers
    score: int  # what it is worth before coverage counts
    base: ItemDosage  # the dosage before fitting, the limits of fitting
    hold_range: tuple[int, int] | None


def _level_rank(vocabulary: Vocabulary) -> dict[str, int]:
    return {level: i for i, level in enumerate(vocabulary.ids("levels"))}


def allowed(entry: Exercise, request: Request, ranks: dict[str, int]) -> str | None:
    """Why `entry` breaks a hard limit of `request`, or None if it keeps them all."""
    if entry.status == "archived":
        return "archived"
    if not request.include_working and entry.status != "published":
        return "not published"
    if not set(request.goals) & set(entry.goals):
        return "serves none of the goals"
    if request.level is not None and (entry.level is None or
                                      ranks.get(entry.level, 99) > ranks[request.level]):
        return f"level {entry.level or 'not set'}"
    if request.equipment is not None:
        extra = sorted(set(entry.equipment) - set(request.equipment) - {"none"})
        if extra:
            return f"needs {', '.join(extra)}"
    if request.positions and entry.position not in request.positions:
        return f"position {entry.position or 'not set'}"
    return None


def _candidates(entries: Iterable[Exercise], request: Request, rules: CoachingRules,
                session: Session, needed: frozenset[str], vocabulary: Vocabulary,
                refused: dict[str, int]) -> list[_Candidate]:
    ranks = _level_rank(vocabulary)
    preferred = set(session.prefer_kinds)
    wanted = set(request.goals)
    out = []
    for entry in entries:
        why_not = allowed(entry, request, ranks)
        if why_not is not None:
            if why_not != "serves none of the goals":
                refused[why_not] = refused.get(why_not, 0) + 1
            continue
        goal = next(g for g in request.goals if g in entry.goals)
        own = dosage_for(entry, goal)
        dosage, warning = item_dosage(own, session)
        score = (KIND_WEIGHT * (entry.kind in preferred)
                 + GOAL_WEIGHT * len(wanted.intersection(entry.goals))
                 - LONG_HOLD_PENALTY * (warning is not None))
        out.append(_Candidate(entry, goal, dosage, warning, needed.intersection(entry.targets),
                              score, dosage, own.hold_seconds))
    out.sort(key=lambda c: (-c.score, c.entry.id))
    return out


# -- planning -------------------------------------------------------------------------------
class _Plan:
    """The items chosen so far, in the session's order, and their total."""

    def __init__(self, session: Session, timing: Timing):
        self.session, self.timing = session, timing
        self.items: list[_Candidate] = []

    def ordered(self, items: Sequence[_Candidate] | None = None) -> list[_Candidate]:
        items = self.items if items is None else items
        # sorted() is stable: within a position, items keep the order they were chosen in.
        return sorted(items, key=lambda c: order_key(self.session, self.timing,
                                                     c.entry.position))

    def total(self, items: Sequence[_Candidate] | None = None) -> int:
        return self.timing.total([Step(c.dosage, c.entry.kind, c.entry.position)
                                  for c in self.ordered(items)])


def plan_routine(entries: Iterable[Exercise], request: Request, *,
                 vocabulary: Vocabulary | None = None, rules: CoachingRules | None = None,
                 timing: Timing | None = None, name: str | None = None) -> Suggestion:
    """The routine `suggest` makes, from plain entries (see the module docstring);
    RoutineRefused says why when no routine keeps every rule."""
    vocabulary = vocabulary or Vocabulary.default()
    rules = rules or CoachingRules.default()
    timing = timing or Timing.default()
    session = rules.session_for(request.goals)
    needed_list = rules.areas_for(request.goals)
    needed = frozenset(needed_list)
    refused: dict[str, int] = {}
    pool = _candidates(entries, request, rules, session, needed, vocabulary, refused)
    wanted = request.describe(vocabulary)
    if not pool:
        raise RoutineRefused(f"no entries for {wanted}{_excluded(refused, request)}",
                             missing=[f"entries for {wanted}"])
    budget = request.budget
    high = math.floor(budget * (1 + BUDGET_TOLERANCE))
    low = math.ceil(budget * (1 - BUDGET_TOLERANCE))
    plan = _Plan(session, timing)
    total = 0
    taken: set[str] = set()

    def fits(candidate: _Candidate) -> bool:
        nonlocal total
        if total + timing.transition_seconds + timing.work(
                candidate.dosage, candidate.entry.kind) > high:
            return False  # cheap test first: a change costs at least the transition
        new_total = plan.total([*plan.items, candidate])
        if new_total > high:
            return False
        plan.items.append(candidate)
        taken.add(candidate.entry.id)
        total = new_total
        return True

    def try_add(candidate: _Candidate) -> bool:
        if fits(candidate):
            return True
        shortest = _shortest(candidate)
        return shortest is not None and fits(shortest)

    # 1. A cool-down ends on the floor: its floor entry comes first.
    if session.order == "ends-on-floor":
        floor = [c for c in pool if rules.on_floor(c.entry.position)]
        for candidate in sorted(floor, key=lambda c: (-len(c.areas), -c.score, c.entry.id)):
            if try_add(candidate):
                break
    # 2. The body areas the goals need, the entry that covers most of the rest first.
    covered = set().union(*(c.areas for c in plan.items))
    hopeless: set[str] = set()
    while True:  # while an entry that covers more fits (past the lower limit too)
        best, best_key = None, None
        for candidate in pool:
            gain = len(candidate.areas - covered)
            if not gain or candidate.entry.id in taken or candidate.entry.id in hopeless:
                continue
            key = (AREA_WEIGHT * gain + candidate.score, candidate.entry.id)
            if best_key is None or key[0] > best_key[0]:  # ties: the pool is sorted by id
                best, best_key = candidate, key
        if best is None:
            break
        if try_add(best):
            covered |= best.areas
        else:
            hopeless.add(best.entry.id)
    # 3. Then the best of the rest, while time is left.
    for candidate in pool:
        if total >= low:
            break
        if candidate.entry.id not in taken:
            try_add(candidate)
    if not plan.items:
        shortest = min(timing.transition_seconds + timing.work(
            (_shortest(c) or c).dosage, c.entry.kind) for c in pool)
        raise RoutineRefused(
            f"{request.minutes} min is too short for {wanted}: the shortest entry takes "
            f"{shortest} s with its change of position", missing=["more minutes"])
    # 4. Fill the rest of the time with sets, reps and longer holds.
    total = _fill(plan, session, low, high, budget)
    if total < low:
        missing_areas = [a for a in needed_list if a not in covered]
        lacking = f"; no entry covers {', '.join(missing_areas)}" if missing_areas else ""
        raise RoutineRefused(
            f"too few entries for {request.minutes} min of {wanted}: {len(pool)} "
            f"{'entry fits' if len(pool) == 1 else 'entries fit'}, at most {total} s of the "
            f"{budget} s budget (at least {low} s){lacking}{_excluded(refused, request)}",
            missing=[f"about {low - total} s more of entries for {wanted}",
                     *(f"an entry for {a}" for a in missing_areas)])
    return _suggestion(plan, request, session, needed_list, covered, vocabulary, name)


def _excluded(refused: dict[str, int], request: Request) -> str:
    """'; left out: 3 not published, 2 needs wall' (why serving entries did not qualify)."""
    if not refused:
        return ""
    parts = [f"{n} {why}" for why, n in sorted(refused.items(), key=lambda kv: (-kv[1], kv[0]))]
    hint = "" if request.include_working or "not published" not in refused else \
        " (include working copies to try drafts)"
    return f"; left out: {', '.join(parts[:6])}{hint}"


def _shortest(candidate: _Candidate) -> _Candidate | None:
    """The candidate at its least: fewest reps allowed, shortest hold; None if that is what
    it is already."""
    dosage = candidate.dosage
    reps = max(1, math.ceil(candidate.base.reps * REPS_RANGE[0])) if dosage.reps else None
    hold = candidate.hold_range[0] if dosage.hold_seconds and candidate.hold_range else \
        dosage.hold_seconds
    smaller = dosage.model_copy(update={"reps": reps, "hold_seconds": hold, "sets": 1})
    return None if smaller == dosage else replace(candidate, dosage=smaller)


def _moves(candidate: _Candidate, session: Session) -> list[ItemDosage]:
    """The ways to make one item longer, each a small step within its limits."""
    dosage, base = candidate.dosage, candidate.base
    out = []
    if dosage.sets < session.max_sets:
        out.append(dosage.model_copy(update={"sets": dosage.sets + 1}))
    if dosage.reps and dosage.reps < math.floor(base.reps * REPS_RANGE[1]):
        step = max(1, base.reps // 4)
        out.append(dosage.model_copy(update={
            "reps": min(dosage.reps + step, math.floor(base.reps * REPS_RANGE[1]))}))
    if dosage.hold_seconds and candidate.hold_range:
        limit = candidate.hold_range[1]
        if session.max_static_hold_seconds is not None:
            limit = min(limit, max(session.max_static_hold_seconds, base.hold_seconds or 0))
        if dosage.hold_seconds < limit:
            out.append(dosage.model_copy(update={
                "hold_seconds": min(dosage.hold_seconds + HOLD_STEP, limit)}))
    return out


def _fill(plan: _Plan, session: Session, low: int, high: int, budget: int) -> int:
    """Lengthen items, one small step at a time (the step that lands nearest the budget
    without passing the upper limit), until the total reaches the lower limit; the total."""
    total = plan.total()
    while total < low:
        best = None
        for index, candidate in enumerate(plan.items):
            for dosage in _moves(candidate, session):
                trial = [*plan.items]
                trial[index] = replace(candidate, dosage=dosage)
                new_total = plan.total(trial)
                if new_total <= high and (best is None or
                                          abs(budget - new_total) < abs(budget - best[0])):
                    best = (new_total, trial)
        if best is None:
            break
        total, plan.items = best
    return total


def _suggestion(plan: _Plan, request: Request, session: Session, needed: list[str],
                covered: set[str], vocabulary: Vocabulary, name: str | None) -> Suggestion:
    ordered = plan.ordered()
    items, seen_areas = [], set()
    preferred = set(session.prefer_kinds)
    for candidate in ordered:
        entry = candidate.entry
        reasons = [f"serves {', '.join(g for g in request.goals if g in entry.goals)}"]
        new_areas = [a for a in needed if a in candidate.areas and a not in seen_areas]
        seen_areas.update(candidate.areas)
        if new_areas:
            reasons.append(f"covers {', '.join(new_areas)}")
        if entry.kind in preferred:
            reasons.append(f"a {vocabulary.label('kinds', entry.kind).lower()}, as a "
                           f"{session.label} prefers")
        items.append(RoutineItem(entry=entry.id, dosage=candidate.dosage,
                                 why="; ".join(reasons)))
    labels = " + ".join(request.goals)
    kind = "" if slugify(session.label) in request.goals else f" {session.label}"
    title = name or f"{request.minutes}-minute {labels}{kind}"
    routine = Routine(id=slugify(title), name=title, goals=list(request.goals),
                      level=request.level, equipment=list(request.equipment or ()),
                      minutes=request.minutes, items=items)
    warnings = [f"{c.entry.id}: {c.warning}" for c in ordered if c.warning]
    missing = [a for a in needed if a not in covered]
    if missing:
        warnings.append(f"no entry that fits covers {', '.join(missing)}")
    schedule = plan.timing.schedule([Step(c.dosage, c.entry.kind, c.entry.position)
                                     for c in ordered])
    return Suggestion(routine, schedule, session, tuple(warnings),
                      {c.entry.id: c.entry for c in ordered})


# -- from a library ---------------------------------------------------------------------------
def candidate_entries(library: Library, include_working: bool = False) -> list[Exercise]:
    """What a suggestion chooses from: the published entries, or with `include_working` the
    working copies of every status but archived."""
    if include_working:
        return library.filter(status=ACTIVE_STATUSES)
    return library.live_entries()


def suggest(library: Library, goals: str | Iterable[str], minutes: object,
            level: str | None = None, equipment: str | Iterable[str] | None = None,
            positions: str | Iterable[str] | None = None, *, include_working: bool = False,
            name: str | None = None) -> Suggestion:
    """A routine for `goals` in `minutes` from the library's entries (see the module
    docstring). UsageError or VocabularyError for a bad request, RoutineRefused (a
    UsageError too) when the library cannot fill it, naming what is missing."""
    request = make_request(goals, minutes, level, equipment, positions,
                           include_working=include_working, vocabulary=library.vocabulary)
    return plan_routine(candidate_entries(library, include_working), request,
                        vocabulary=library.vocabulary, name=name)


# -- swaps ------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Swap:
    """An entry that could take an item's place, and why it is offered."""

    entry: Exercise
    dosage: ItemDosage
    why: str


def alternatives(entries: Iterable[Exercise], routine: Routine, index: int, *,
                 include_working: bool = False, limit: int = 5,
                 vocabulary: Vocabulary | None = None, rules: CoachingRules | None = None
                 ) -> list[Swap]:
    """Up to `limit` entries that could replace item `index` of `routine`: each keeps the
    routine's goals, level and equipment, is not in the routine yet, ranked by the body areas
    it shares with the item's entry, then the same position (no extra change), then a kind
    the session prefers, then id."""
    vocabulary = vocabulary or Vocabulary.default()
    rules = rules or CoachingRules.default()
    if not 0 <= index < len(routine.items):
        raise UsageError(f"item: expected 1 to {len(routine.items)}, got {index + 1}")
    request = Request(tuple(routine.goals), routine.minutes, routine.level,
                      tuple(routine.equipment) or None, None, include_working)
    session = rules.session_for(request.goals)
    ranks = _level_rank(vocabulary)
    entries = list(entries)
    by_id = {e.id: e for e in entries}
    current = by_id.get(routine.items[index].entry)
    targets = set(current.targets) if current else set()
    position = current.position if current else None
    in_routine = set(routine.entry_ids())
    ranked = []
    for entry in entries:
        if entry.id in in_routine or allowed(entry, request, ranks) is not None:
            continue
        shared = [t for t in entry.targets if t in targets]
        key = (-len(shared), entry.position != position,
               entry.kind not in session.prefer_kinds, entry.id)
        ranked.append((key, entry, shared))
    ranked.sort(key=lambda item: item[0])
    out = []
    for _, entry, shared in ranked[:limit]:
        goal = next(g for g in request.goals if g in entry.goals)
        dosage, warning = item_dosage(dosage_for(entry, goal), session)
        reasons = [f"serves {goal}"]
        if shared:
            reasons.append(f"also works {', '.join(shared)}")
        if position and entry.position == position:
            reasons.append(f"same position ({position})")
        if warning:
            reasons.append(warning)
        out.append(Swap(entry, dosage, "; ".join(reasons)))
    return out


def swap_item(routine: Routine, index: int, swap: Swap) -> Routine:
    """`routine` with item `index` replaced by `swap`'s entry and dosage."""
    old = routine.items[index]
    items = [*routine.items]
    items[index] = RoutineItem(entry=swap.entry.id, dosage=swap.dosage,
                               why=f"swapped in for {old.entry}: {swap.why}", note=old.note)
    return routine.model_copy(update={"items": items})
