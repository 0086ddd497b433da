"""The routine builder's state and actions, headless (plain Python, no widgets).

A coach gives goals, minutes, a level and the equipment at hand; `suggest()` builds the
routine. Then: `move` an item up or down, `remove` it, `alternatives` for it and `swap` one in,
`set_dosage`, `rename`, `save`; `card_html()` is the printable routine card. `open(id)` loads
a saved routine. The follow-along view (`start`, `tick`, `next_item`, `previous_item`) counts
down the current item and says what comes next, for a coach running a class.

Listeners hear a reason after each change: "routine" (items, dosage or order changed: the
total is new), "selected", "follow", "saved", "message".
"""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError

from stretchkit.errors import EntryError, StretchkitError
from stretchkit.model.coaching import CoachingRules
from stretchkit.model.entry import Exercise, problems_from, slugify
from stretchkit.model.routine import ItemDosage, Routine, steps_of
from stretchkit.model.timing import Step, Timing, clock
from stretchkit.routines.report import key_cue, routine_card_html, routine_report
from stretchkit.routines.suggest import (
    Swap,
    alternatives,
    candidate_entries,
    suggest,
    swap_item,
)
from stretchkit.store.library import Library
from stretchkit.widgets.base import Session


class RoutineSession(Session):
    """The builder: the request, the routine being built, the selected item, and the
    follow-along state."""

    def __init__(self, library: Library, user: str | None = None):
        super().__init__()
        self.library = library
        if user:
            library.user = user
        self.timing = Timing.default()
        self.rules = CoachingRules.default()
        # the request
        self.goals: list[str] = []
        self.minutes = 8
        self.level: str | None = None
        self.equipment: list[str] = []  # empty: any equipment
        self.include_working = False
        # the routine
        self.routine: Routine | None = None
        self.warnings: tuple[str, ...] = ()
        self.selected: int | None = None
        self.saved = False
        #: The id the routine has in the store (opened or saved), None for a new one: only
        #: that file is ever replaced by a save.
        self.stored_id: str | None = None
        self._entries: dict[str, Exercise] = {}
        self._steps: list[Step] = []
        # follow-along
        self.current = 0
        self.elapsed = 0
        self._reload_entries()

    # -- reading ------------------------------------------------------------------------------
    def _reload_entries(self) -> None:
        self._entries = {e.id: e for e in self.library.filter()}

    @property
    def entries(self) -> dict[str, Exercise]:
        return self._entries

    def entry(self, index: int) -> Exercise | None:
        assert self.routine is not None
        return self._entries.get(self.routine.items[index].entry)

    def saved_routines(self) -> list[tuple[str, str]]:
        """(name, id) of every saved routine, by id."""
        return [(r.name, r.id) for r in self.library.routines.all()]

    def total_seconds(self) -> int:
        """The routine's total now: what the builder shows after every change."""
        return self.timing.total(self._steps) if self.routine else 0

    def item_seconds(self) -> list[int]:
        """Each item's own seconds (its change of position before it not counted)."""
        return [self.timing.work(s.dosage, s.kind) for s in self._steps]

    def summary(self) -> dict[str, Any]:
        """The routine report (`routine_report`): items with their times and the total."""
        assert self.routine is not None
        return routine_report(self.routine, self._entries, timing=self.timing,
                              warnings=self.warnings)

    def total_line(self) -> str:
        """'Total 7:37 of 8:00 (within 10%)', or what is wrong with it."""
        if self.routine is None:
            return "No routine yet: choose goals and minutes, then Suggest."
        total, budget = self.total_seconds(), self.routine.minutes * 60
        fits = abs(total - budget) <= 0.1 * budget
        verdict = "within 10%" if fits else ("over budget" if total > budget else
                                             "under budget")
        return f"Total {clock(total)} of {clock(budget)} ({verdict})"

    # -- building -----------------------------------------------------------------------------
    def suggest(self) -> bool:
        """Suggest a routine for the request; a refusal becomes the message (what is
        missing). Whether a routine came."""
        try:
            suggestion = suggest(self.library, self.goals, self.minutes, self.level,
                                 self.equipment or None,
                                 include_working=self.include_working)
        except StretchkitError as exc:
            self.say(f"No routine: {exc}", "warn")
            return False
        self._entries.update(suggestion.entries)
        self.warnings = suggestion.warnings
        self.stored_id = None
        self._set(suggestion.routine, saved=False)
        note = f" Note: {'; '.join(self.warnings)}." if self.warnings else ""
        self.say(f"Suggested {len(suggestion.routine.items)} entries for "
                 f"{', '.join(self.goals)}.{note}", "ok", "routine")
        return True

    def open(self, routine_id: str) -> None:
        """Load a saved routine."""
        self.library.routines.reload()
        routine = self.library.routines.get(routine_id)
        self.goals, self.minutes = list(routine.goals), routine.minutes
        self.level, self.equipment = routine.level, list(routine.equipment)
        self.warnings = ()
        self.stored_id = routine.id
        self._set(routine, saved=True)
        self.say(f"Opened {routine.name}.", "ok", "routine")

    def _set(self, routine: Routine, *, saved: bool) -> None:
        self.routine = routine
        self.saved = saved
        self.selected = None if not routine.items else min(self.selected or 0,
                                                           len(routine.items) - 1)
        self.current, self.elapsed = 0, 0
        self._steps = self._make_steps(routine)

    def _make_steps(self, routine: Routine) -> list[Step]:
        return steps_of(routine, self._entries)

    def _change(self, routine: Routine, message: str) -> None:
        self.routine = routine
        self.saved = False
        self._steps = self._make_steps(routine)
        self.current = min(self.current, max(len(routine.items) - 1, 0))
        self.clear_message()
        self.message, self.tone = message, "ok"
        self._notify("routine")

    def _need(self, index: int) -> Routine:
        if self.routine is None:
            raise StretchkitError("No routine yet: suggest one or open a saved one")
        if not 0 <= index < len(self.routine.items):
            raise StretchkitError(f"item {index + 1}: the routine has "
                                  f"{len(self.routine.items)} items")
        return self.routine

    def select(self, index: int | None) -> None:
        if index is not None:
            self._need(index)
        self.selected = index
        self._notify("selected")

    def move(self, index: int, delta: int) -> None:
        """Move item `index` up (-1) or down (+1); at either end nothing moves."""
        routine = self._need(index)
        target = index + delta
        if not 0 <= target < len(routine.items):
            return
        items = [*routine.items]
        items[index], items[target] = items[target], items[index]
        self.selected = target
        self._change(routine.model_copy(update={"items": items}),
                     f"Moved {items[target].entry} to place {target + 1}.")

    def remove(self, index: int) -> None:
        routine = self._need(index)
        items = [*routine.items]
        gone = items.pop(index)
        self.selected = None if not items else min(index, len(items) - 1)
        self._change(routine.model_copy(update={"items": items}), f"Removed {gone.entry}.")

    def alternatives(self, index: int) -> list[Swap]:
        """The entries that could take item `index`'s place, best first, each with why."""
        routine = self._need(index)
        return alternatives(candidate_entries(self.library, self.include_working), routine,
                            index, include_working=self.include_working,
                            vocabulary=self.library.vocabulary, rules=self.rules)

    def swap(self, index: int, entry_id: str) -> None:
        """Put `entry_id` (one of `alternatives(index)`) in item `index`'s place."""
        routine = self._need(index)
        offered = {s.entry.id: s for s in self.alternatives(index)}
        if entry_id not in offered:
            raise StretchkitError(f"{entry_id!r} is not an alternative for item {index + 1} "
                                  f"(offered: {', '.join(offered) or 'none'})")
        swap = offered[entry_id]
        self._entries[entry_id] = swap.entry
        old = routine.items[index].entry
        self._change(swap_item(routine, index, swap), f"Swapped {old} for {entry_id}.")

    def set_dosage(self, index: int, **changes: Any) -> None:
        """Change item `index`'s dosage (hold_seconds, breaths, reps, sides, sets); a value
        out of range is refused with what is allowed, and nothing changes."""
        routine = self._need(index)
        item = routine.items[index]
        data = {**item.dosage.model_dump(), **changes}
        try:
            dosage = ItemDosage.model_validate(data)
        except ValidationError as exc:
            where = f"item {index + 1} ({item.entry})"
            raise EntryError(problems_from(exc, where, noun="a dosage"), where) from None
        if dosage == item.dosage:
            return
        items = [*routine.items]
        items[index] = item.model_copy(update={"dosage": dosage})
        self._change(routine.model_copy(update={"items": items}),
                     f"{item.entry}: {dosage.describe()}.")

    def rename(self, name: str) -> None:
        routine = self.routine
        if routine is None:
            raise StretchkitError("No routine yet: suggest one or open a saved one")
        name = " ".join(name.split())
        if not name:
            raise StretchkitError("name: expected a name for the routine, got nothing")
        if name != routine.name:
            update: dict[str, Any] = {"name": name}
            if self.stored_id is None:  # a new routine's id follows its name
                update["id"] = slugify(name)
            self._change(routine.model_copy(update=update), f"Named {name}.")

    def save(self) -> bool:
        """Save the routine (a new one under a free id); a refusal (a conflict, a bad value)
        becomes the message. Whether it was saved."""
        if self.routine is None:
            self.say("Nothing to save: suggest a routine first.", "warn")
            return False
        store = self.library.routines
        routine = self.routine
        new = self.stored_id != routine.id
        if new:  # never over another routine: the first free id
            routine = routine.model_copy(update={"id": store.free_id(routine.id)})
        try:
            routine = store.save(routine, new=new, by=self.library.user)
        except StretchkitError as exc:
            self.say(f"Not saved: {exc}", "warn")
            return False
        self.routine, self.saved, self.stored_id = routine, True, routine.id
        self.say(f"Saved {routine.name} as routines/{routine.id}.json in the data folder.",
                 "ok", "saved")
        return True

    def card_html(self) -> str:
        """The printable routine card."""
        if self.routine is None:
            raise StretchkitError("No routine yet: suggest one or open a saved one")
        return routine_card_html(self.routine, self._entries,
                                 vocabulary=self.library.vocabulary, timing=self.timing)

    # -- follow-along -------------------------------------------------------------------------
    def start(self, index: int = 0) -> None:
        """Start (or restart) the follow-along view at item `index`."""
        self._need(index)
        self.current, self.elapsed = index, 0
        self._notify("follow")

    def tick(self, elapsed: int) -> None:
        """`elapsed` seconds into the current item (a clock calls this each second); at the
        end of the item the next one starts."""
        if self.routine is None or not self.routine.items:
            return
        self.elapsed = max(0, int(elapsed))
        if self.elapsed >= self.item_seconds()[self.current] and \
                self.current < len(self.routine.items) - 1:
            self.current, self.elapsed = self.current + 1, 0
        self._notify("follow")

    def next_item(self) -> None:
        if self.routine and self.current < len(self.routine.items) - 1:
            self.current, self.elapsed = self.current + 1, 0
            self._notify("follow")

    def previous_item(self) -> None:
        if self.routine and self.current > 0:
            self.current, self.elapsed = self.current - 1, 0
            self._notify("follow")

    def follow_state(self) -> dict[str, Any]:
        """What the follow-along view shows: the current item's name, dosage, key cue and
        seconds left, and the next item's name (or 'last one')."""
        if self.routine is None or not self.routine.items:
            return {"now": "", "dose": "", "cue": "", "left": 0, "next": "", "place": ""}
        items, index = self.routine.items, self.current
        entry = self.entry(index)
        left = max(self.item_seconds()[index] - self.elapsed, 0)
        following = self.entry(index + 1) if index + 1 < len(items) else None
        next_name = (following.name if following else items[index + 1].entry) \
            if index + 1 < len(items) else "Last one: well done after this"
        return {"now": entry.name if entry else items[index].entry,
                "dose": items[index].dosage.describe(), "cue": key_cue(entry),
                "left": left, "next": next_name, "place": f"{index + 1} of {len(items)}"}
