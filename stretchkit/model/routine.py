"""The routine: an ordered list of entries, each with the dosage it has in this routine, for
goals and a time budget ("pre-squat, 8 minutes, no equipment").

Pure data, like the entry: no files. A routine names its entries by id; whether they exist,
are archived or make the routine overrun its budget is `check_routine`'s report (a routine
whose entry is archived later still loads, shows and prints).
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Annotated, Any

from pydantic import AwareDatetime, Field, ValidationError, field_validator
from pydantic_core import PydanticCustomError

from stretchkit.errors import EntryError, Problem
from stretchkit.model.entry import (
    Exercise,
    Line,
    Sides,
    Slug,
    _one_line,
    _optional_term,
    _Strict,
    _terms,
    problems_from,
    slugify,
)
from stretchkit.model.timing import Schedule, Step, Timing
from stretchkit.model.vocabulary import Vocabulary

#: The longest routine the kit plans, in minutes.
MAX_MINUTES = 180
#: How far a routine's total may be from its budget, as a fraction of it.
BUDGET_TOLERANCE = 0.10
MAX_SETS = 10


class ItemDosage(_Strict):
    """What a routine asks of one entry: one hold length (not a range), breaths, reps,
    sides and sets."""

    hold_seconds: Annotated[int, Field(ge=1, le=600)] | None = None
    breaths: Annotated[int, Field(ge=1, le=100)] | None = None
    reps: Annotated[int, Field(ge=1, le=200)] | None = None
    sides: Sides | None = None
    sets: Annotated[int, Field(ge=1, le=MAX_SETS)] = 1

    def describe(self) -> str:
        """'2 × hold of 30 s, each side', '10 reps': the dosage in words."""
        bits = []
        if self.hold_seconds:
            holds = f"{self.reps} holds" if self.reps and self.reps > 1 else "hold"
            bits.append(f"{holds} of {self.hold_seconds} s")
            if self.breaths:
                bits.append(f"about {self.breaths} breath{'s' * (self.breaths != 1)}")
        else:
            if self.breaths:
                bits.append(f"{self.breaths} breath{'s' * (self.breaths != 1)}")
            if self.reps:
                bits.append(f"{self.reps} rep{'s' * (self.reps != 1)}")
        if self.sides == "each":
            bits.append("each side")
        text = ", ".join(bits) or "at your own pace"
        text = text[:1].upper() + text[1:]
        return f"{self.sets} × {text[:1].lower() + text[1:]}" if self.sets > 1 else text


class RoutineItem(_Strict):
    """One place in a routine: the entry, its dosage here, why it was chosen (a suggestion
    says), and the coach's own note."""

    entry: Slug
    dosage: ItemDosage = Field(default_factory=ItemDosage)
    why: str = ""
    note: str = ""

    @field_validator("why", "note")
    @classmethod
    def _one_line(cls, value: str) -> str:
        return _one_line(value) if value else value


class Routine(_Strict):
    """A routine as saved in `data/routines/<id>.json`."""

    id: Slug
    name: Line
    goals: _terms("goals") = Field(default_factory=list)
    level: _optional_term("levels") = None
    equipment: _terms("equipment") = Field(default_factory=list)
    minutes: Annotated[int, Field(ge=1, le=MAX_MINUTES)]
    notes: str = ""
    items: list[RoutineItem] = Field(default_factory=list)
    authors: list[Line] = Field(default_factory=list)
    created: AwareDatetime | None = None
    updated: AwareDatetime | None = None

    @field_validator("items")
    @classmethod
    def _each_entry_once(cls, items: list[RoutineItem]) -> list[RoutineItem]:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if item.entry in seen:
                raise PydanticCustomError(
                    "repeated_entry", "{message}",
                    {"message": f"expected each entry once, got {item.entry!r} at items "
                                f"{seen[item.entry] + 1} and {index + 1}"})
            seen[item.entry] = index
        return items

    def entry_ids(self) -> list[str]:
        return [item.entry for item in self.items]


def validate_routine(data: Any, vocabulary: Vocabulary | None = None,
                     where: str = "routine") -> Routine:
    """Validate parsed data into a Routine (the id from the name if it has none), or raise
    EntryError listing every problem."""
    if isinstance(data, dict) and not data.get("id") and isinstance(data.get("name"), str) \
            and data["name"].strip():
        data = {**data, "id": slugify(data["name"])}
    try:
        return Routine.model_validate(data, context={"vocabulary": vocabulary or
                                                     Vocabulary.default()})
    except ValidationError as exc:
        raise EntryError(_routine_problems(exc, where), where) from None


def _routine_problems(exc: ValidationError, where: str) -> list[Problem]:
    return problems_from(exc, where, noun="a routine")


def steps_of(routine: Routine, entries: Mapping[str, Exercise]) -> list[Step]:
    """The timing steps of a routine: each item's dosage with its entry's kind and position
    (unknown for an entry that is gone: its time still counts)."""
    steps = []
    for item in routine.items:
        entry = entries.get(item.entry)
        steps.append(Step(item.dosage, entry.kind if entry else None,
                          entry.position if entry else None))
    return steps


def schedule_of(routine: Routine, entries: Mapping[str, Exercise],
                timing: Timing | None = None) -> Schedule:
    """Each item's seconds and the total (see `stretchkit.model.timing`)."""
    return (timing or Timing.default()).schedule(steps_of(routine, entries))


def within_budget(total_seconds: int, minutes: int) -> bool:
    """Whether a total is within `BUDGET_TOLERANCE` of `minutes`."""
    budget = minutes * 60
    return abs(total_seconds - budget) <= BUDGET_TOLERANCE * budget


def check_routine(routine: Routine, entries: Mapping[str, Exercise], where: str = "routine",
                  timing: Timing | None = None) -> list[Problem]:
    """What is wrong with a routine against the library's entries (a report, never raised):
    an entry that no longer exists (renamed or deleted: the closest id is suggested), an
    archived entry, a total outside the budget's 10%."""
    problems = []
    for index, item in enumerate(routine.items):
        field = f"items[{index}].entry"
        entry = entries.get(item.entry)
        if entry is None:
            close = difflib.get_close_matches(item.entry, list(entries), n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            problems.append(Problem(where, field, f"no entry {item.entry!r} in the library "
                                    f"(renamed or deleted?){hint}"))
        elif entry.status == "archived":
            problems.append(Problem(where, field, f"entry {item.entry!r} is archived; swap it "
                                    "for another"))
    total = schedule_of(routine, entries, timing).total
    if not within_budget(total, routine.minutes):
        problems.append(Problem(where, "minutes", f"expected a total within 10% of "
                                f"{routine.minutes} min ({routine.minutes * 60} s), got "
                                f"{total} s"))
    return problems

