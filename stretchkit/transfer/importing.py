"""All-or-nothing import of entries into a library, shared by every input format.

`plan_import` decides, without writing, what each incoming entry would do (create, update,
skip or be refused); `apply_import` writes a plan whose problems are empty (the pictures it
carries first, then the entries), and if a write fails halfway it puts back every file it had
already written, so an import never lands half.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from stretchkit.errors import Problem, StretchkitError, UsageError
from stretchkit.model.entry import Exercise, now
from stretchkit.model.routine import Routine
from stretchkit.store import media as media_files
from stretchkit.store.library import Library

ON_CONFLICT = ("fail", "skip", "update")


@dataclass
class ImportPlan:
    create: list[Exercise] = field(default_factory=list)
    update: list[Exercise] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skip: list[str] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: Normalised pictures to store with the entries they belong to, by entry id (a mapping
    #: that reads pictures from a folder); written by `apply_import` before the entries.
    pictures: dict[str, list[media_files.StoredImage]] = field(default_factory=dict)
    #: Routines the input carries (a CSV package's routine tables, a JSON export's routines
    #: file): those to write, and the ids left as they are (unchanged or skipped).
    routines: list[Routine] = field(default_factory=list)
    routines_kept: list[str] = field(default_factory=list)
    #: Set by `apply_import` once every entry is written.
    applied: bool = False

    @property
    def ok(self) -> bool:
        return not self.problems

    def summary(self) -> str:
        """What the import did ('1 created, ...'), or before it is applied what it would do
        ('would create 1, ...'). Counts before verbs and participles: no plural to get wrong."""
        routines = ""
        if self.routines or self.routines_kept:
            routines = (f"; routines: {len(self.routines)} "
                        f"{'written' if self.applied else 'to write'}, "
                        f"{len(self.routines_kept)} kept")
        if self.applied:  # a plan with problems is never applied: none refused
            return (f"{len(self.create)} created, {len(self.update)} updated, "
                    f"{len(self.unchanged)} unchanged, {len(self.skip)} skipped{routines}")
        return (f"would create {len(self.create)}, update {len(self.update)}, leave "
                f"{len(self.unchanged)} unchanged, skip {len(self.skip)}, "
                f"refuse {len(self.problems)}{routines}")


def plan_import(library: Library, entries: Iterable[tuple[str, Exercise]],
                on_conflict: str = "fail", fields: Collection[str] | None = None,
                fields_if_given: Collection[str] = ()) -> ImportPlan:
    """Plan an import of (where, entry) pairs; `where` names the row or file in problems.

    `fields` names the fields the input format carries (None: all of them). An update then
    changes only those, so re-importing a seed text keeps the entry's goals, cues, status and
    reviews, which that format cannot hold. `fields_if_given` are carried only by the inputs
    that hold them (a seed text with a Precautions section): an empty one keeps the entry's.
    """
    if on_conflict not in ON_CONFLICT:
        raise UsageError(f"on_conflict: expected one of {', '.join(ON_CONFLICT)}, "
                         f"got {on_conflict!r}")
    plan = ImportPlan()
    seen: dict[str, str] = {}
    for where, entry in entries:
        if entry.id in seen:
            plan.problems.append(Problem(where, "id", f"{entry.id!r} appears twice in the "
                                                      f"input (first at {seen[entry.id]})"))
            continue
        seen[entry.id] = where
        if fields is not None and entry.id in library:
            update = {f: getattr(entry, f) for f in fields if f != "id"}
            update.update({f: getattr(entry, f) for f in fields_if_given if getattr(entry, f)})
            entry = library.get(entry.id).model_copy(update=update)
        if entry.id not in library:
            if library.path_of(entry.id).exists():
                plan.problems.append(Problem(where, "id", f"{entry.id!r}: a file with this id "
                                             "exists but does not load; fix or remove it first"))
            else:
                plan.create.append(entry)
        elif library.get(entry.id) == entry:
            plan.unchanged.append(entry.id)
        elif on_conflict == "skip":
            plan.skip.append(entry.id)
        elif on_conflict == "update":
            plan.update.append(entry)
        else:
            plan.problems.append(Problem(where, "id", f"{entry.id!r} already exists in the "
                                         "library (use --on-conflict skip or update)"))
    return plan


def plan_routines(library: Library, plan: ImportPlan,
                  routines: Iterable[tuple[str, Routine]], on_conflict: str = "fail") -> None:
    """Add the input's routines to `plan`: each must name entries the library has or the
    import brings; an id that exists with other content follows `on_conflict`."""
    arriving = {e.id for e in [*plan.create, *plan.update]}
    store = library.routines
    for where, routine in routines:
        for index, entry_id in enumerate(routine.entry_ids()):
            if entry_id not in library and entry_id not in arriving:
                plan.problems.append(Problem(where, f"items[{index}].entry",
                                             f"no entry {entry_id!r} in the library or the "
                                             "import"))
        if routine.id not in store:
            if store.path_of(routine.id).exists():
                plan.problems.append(Problem(where, "id", f"routine {routine.id!r}: a file "
                                             "with this id exists but does not load"))
            else:
                plan.routines.append(routine)
        elif store.get(routine.id) == routine or on_conflict == "skip":
            plan.routines_kept.append(routine.id)
        elif on_conflict == "update":
            plan.routines.append(routine)
        else:
            plan.problems.append(Problem(where, "id", f"routine {routine.id!r} already exists "
                                         "(use --on-conflict skip or update)"))


def apply_import(library: Library, plan: ImportPlan,
                 progress: Callable[[Iterable[Exercise]], Iterable[Exercise]] = iter
                 ) -> list[Exercise]:
    """Write the plan, all or nothing: on any failure what was written is undone before the
    error propagates, and a process killed halfway is undone by the next load (the writes
    are one `Library.batch`)."""
    if plan.problems:
        problems = "1 problem" if len(plan.problems) == 1 else f"{len(plan.problems)} problems"
        raise StretchkitError(f"import refused: {problems}; "
                              "nothing was written")
    written: list[Exercise] = []
    # One time for the whole import: its entries arrived together. Stamped here, not in the
    # plan, so a plan still says which entries are unchanged (a stamp would change them all).
    stamp = now()
    arriving = [_stamped(e, stamp, library.get(e.id) if e.id in library else None)
                for e in [*plan.create, *plan.update]]
    store = library.routines
    pictures = [(entry.id, image) for entry in arriving
                for image in plan.pictures.get(entry.id, ())]
    files = [*(library.path_of(e.id) for e in arriving),
             *(media_files.path_of(library.root, entry_id, image.name)
               for entry_id, image in pictures),
             *(store.path_of(routine.id) for routine in plan.routines)]
    count = f"{len(arriving)} {'entry' if len(arriving) == 1 else 'entries'}"
    try:
        with library.batch(f"import of {count}") as writes:
            # every file it may write, and the bytes of those it replaces, before the first
            writes.plan(writes.stage(files))
            for entry in progress(arriving):
                for image in plan.pictures.get(entry.id, ()):
                    media_files.store(library.root, entry.id, image)  # nothing if it is there
                if entry.id in library:
                    written.append(library.save(entry))
                else:
                    written.append(library.create(entry))
            for routine in plan.routines:
                store.save(routine)  # creates one the store does not hold, exclusively
    except BaseException:
        store.reload()
        library.reload()  # the undo removed entries this library still held
        raise
    plan.applied = True
    return written


def _stamped(entry: Exercise, stamp: datetime, existing: Exercise | None) -> Exercise:
    """A new entry gets `created` and `updated` (now, unless the input gave them); an update
    gets `updated` now and keeps the `created` it had when the input gives none."""
    if existing is None:
        created = entry.created or stamp
        return entry.model_copy(update={"created": created, "updated": entry.updated or created})
    return entry.model_copy(update={"created": entry.created or existing.created,
                                    "updated": stamp})
