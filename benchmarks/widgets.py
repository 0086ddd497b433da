"""The authoring app on a generated library (Python side, no browser): building the app,
selecting another entry into the editor, and one preview update per keystroke.

Aims (issue 4): selection under 50 ms, a keystroke's update under 10 ms. Each figure stands
beside a raw baseline measured in the same run: the same work without widgets.

    python -m benchmarks.widgets [SIZE ...]
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from benchmarks.generate import library_folder
from stretchkit.render.html import render_html
from stretchkit.store.library import Library
from stretchkit.widgets.authoring.app import AuthoringApp
from stretchkit.widgets.authoring.session import clean_data, form_from_entry

SELECTIONS = 60
KEYSTROKES = 200


def _times(action: Callable[[int], Any], repeat: int) -> list[float]:
    out = []
    for i in range(repeat):
        start = time.perf_counter()
        action(i)
        out.append(time.perf_counter() - start)
    return out


def _row(name: str, size: int, times: list[float], baseline: str,
         baseline_times: list[float], aim_ms: float | None = None) -> dict[str, Any]:
    ms = sorted(t * 1000 for t in times)
    base = statistics.median(baseline_times) * 1000
    median = statistics.median(ms)
    return {
        "benchmark": f"widgets: {name}", "size": size, "runs": len(ms),
        "median_ms": round(median, 3), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 3),
        "baseline": baseline, "baseline_ms": round(base, 3),
        "aim_ms": aim_ms, "ok": None if aim_ms is None else median < aim_ms,
    }


def run(sizes: Iterable[int] = (1000,), workdir: Path | None = None) -> list[dict[str, Any]]:
    """Measure the authoring app on generated libraries of each size; one row per figure."""
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(workdir or scratch)
        for size in sizes:
            root = library_folder(base, size)
            rows += _measure(root, size)
    return rows


def _measure(root: Path, size: int) -> list[dict[str, Any]]:
    rows = []
    load = _times(lambda _i: Library(root), 3)
    library = Library(root)
    build = _times(lambda _i: AuthoringApp(library), 3)
    rows.append(_row("build the app (library loaded)", size, build,
                     "Library(path): load and validate every file", load))

    app = AuthoringApp(library)
    ids = library.ids()
    picks = [ids[(i * 7919) % len(ids)] for i in range(SELECTIONS + 1)]
    picks = [p for i, p in enumerate(picks) if i == 0 or p != picks[i - 1]]
    app.browser.list.value = picks[0]  # the row pools grow to their working size once

    def select(i: int) -> None:
        app.browser.list.value = picks[1 + i % (len(picks) - 1)]

    selected = _times(select, len(picks) - 1)
    if app.session.current_id != picks[-1]:  # the figure would not be what it says
        raise RuntimeError(f"selection did not reach the editor: {app.session.current_id!r}")

    def select_raw(i: int) -> None:
        entry = library.get(picks[1 + i % (len(picks) - 1)])
        clean_data(form_from_entry(entry))
        render_html(entry, library.vocabulary)

    rows.append(_row("select another entry into the editor", size, selected,
                     "the same entry read, turned into form data and rendered, no widgets",
                     _times(select_raw, len(picks) - 1), aim_ms=50))

    name = app.form.inputs["name"]
    start = name.value

    def keystroke(i: int) -> None:
        name.value = start + "abcdefghij"[: 1 + i % 10]

    typed = _times(keystroke, KEYSTROKES)
    if name.value not in app.preview.html.value:
        raise RuntimeError("the preview did not follow the typing")
    entry = app.session.entry
    rows.append(_row("one keystroke in the name: draft checked, preview redrawn", size, typed,
                     "render_html of the same entry alone",
                     _times(lambda _i: render_html(entry, library.vocabulary), KEYSTROKES),
                     aim_ms=10))

    step = app.form.inputs["instructions"].rows[0].inputs[0]
    first = step.value

    def step_keystroke(i: int) -> None:
        step.value = first + " slowly"[: 1 + i % 7]

    rows.append(_row("one keystroke in an instruction row", size,
                     _times(step_keystroke, KEYSTROKES),
                     "render_html of the same entry alone",
                     _times(lambda _i: render_html(entry, library.vocabulary), KEYSTROKES),
                     aim_ms=10))
    return rows


def _print(rows: list[dict[str, Any]]) -> None:
    for row in rows:
        aim = f"  aim < {row['aim_ms']:g} ms: {'ok' if row['ok'] else 'MISSED'}" \
            if row["aim_ms"] else ""
        print(f"{row['benchmark']} [{row['size']} entries]: median {row['median_ms']:.2f} ms, "
              f"p95 {row['p95_ms']:.2f} ms ({row['runs']} runs){aim}\n"
              f"    baseline, {row['baseline']}: {row['baseline_ms']:.2f} ms")


if __name__ == "__main__":
    _print(run([int(a) for a in sys.argv[1:]] or [1000]))
