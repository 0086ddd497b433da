"""Routines on generated libraries: a suggestion, and the live total after a change.

Aims (issue 15): suggest on a 10,000-entry library under 200 ms; the builder's total after a
change of dosage under 10 ms. Baselines: reading the published entries a suggestion chooses
from (what any suggestion must at least do), and the same change without the widgets.

    python -m benchmarks --only routines
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.core import measure, measure_pair, row
from benchmarks.generate import library_folder
from stretchkit.routines.suggest import suggest
from stretchkit.store.library import Library
from stretchkit.widgets.routines.panel import RoutinePanel
from stretchkit.widgets.routines.session import RoutineSession

REQUESTS = [(("pre-squat",), 8, None, None), (("cool-down",), 10, "beginner", ("mat", "none")),
            (("pre-run", "warm-up"), 20, None, None)]


def _suggestion(library: Library, goals, minutes, level, equipment) -> Callable[[], object]:
    return lambda: suggest(library, goals, minutes, level, equipment)


def _change(session: RoutineSession) -> Callable[[], int]:
    """A change of dosage (one set more or less on the first item), then the new total."""
    sets = itertools.cycle([1, 2, 3])

    def change() -> int:
        session.set_dosage(0, sets=next(sets))
        return session.total_seconds()

    return change


def run(sizes: Sequence[int], workdir: Path) -> list[dict]:
    rows = []
    for size in sizes:
        library = Library(library_folder(workdir, size))
        for goals, minutes, level, equipment in REQUESTS:
            what = f"{'+'.join(goals)}, {minutes} min" + (f", {level}" if level else "") + \
                (f", {'/'.join(equipment)}" if equipment else "")
            ms, base = measure_pair(_suggestion(library, goals, minutes, level, equipment),
                                    library.live_entries, repeat=7)
            rows.append(row(f"routines: suggest ({what})", size, ms,
                            "read the published entries", base, "< 200 ms", ms < 200))
        session = RoutineSession(library)
        session.goals, session.minutes = ["pre-squat"], 8
        session.suggest()
        ms = measure(_change(session), repeat=30)
        rows.append(row("routines: live total after a change of dosage", size, ms,
                        aim="< 10 ms", met=ms < 10))
        RoutinePanel(session)  # the builder's widgets now follow every change
        session.select(0)
        ms = measure(_change(session), repeat=30)
        rows.append(row("routines: the same change, builder widgets redrawn", size, ms,
                        aim="< 10 ms", met=ms < 10))
    return rows
