"""The command line as a coach runs it: `stretchkit list`, a whole process from start to exit
(interpreter start-up, imports, loading the library, printing), beside `python -c pass`
started the same way in the same run, the two in turns.

Aim: `stretchkit list` on the sample library (`data/`) under 200 ms, median. Most of what is
left is importing pydantic and building the entry model; the baseline shows what any Python
process pays before it does anything.

    python -m benchmarks.cli [SIZE ...]
"""

from __future__ import annotations

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.core import row
from benchmarks.generate import library_folder

SAMPLE = Path(__file__).resolve().parent.parent / "data"
AIM_MS = 200


def stretchkit_command() -> list[str]:
    """The venv's `stretchkit` script, as a coach starts it (else `python -m stretchkit.cli`)."""
    script = Path(sys.executable).with_name("stretchkit")
    return [str(script)] if script.exists() else [sys.executable, "-m", "stretchkit.cli"]


# Bytecode caches as an installed command has them: with PYTHONDONTWRITEBYTECODE set (some
# shells and CI set it), every run would compile stretchkit's modules again, which a coach's
# `stretchkit` never does after its first run.
_ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def _run(command: list[str]) -> tuple[float, float]:
    """Wall and CPU (user + system) milliseconds of one run of `command`."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True,
                   env=_ENV)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall * 1000, cpu * 1000


def measure_processes(command: list[str], baseline: list[str], repeat: int
                      ) -> dict[str, tuple[float, float]]:
    """Median wall and CPU milliseconds of two commands, each started `repeat` times, in
    turns (after one unmeasured run each, which warms the file cache and writes the bytecode
    caches): {"wall": (command, baseline), "cpu": (command, baseline)}. On a busy machine the
    wall time of the longer process stretches most; its CPU time much less."""
    _run(command), _run(baseline)
    runs: tuple[list[tuple[float, float]], list[tuple[float, float]]] = ([], [])
    for _ in range(repeat):
        runs[0].append(_run(command))
        runs[1].append(_run(baseline))
    return {kind: tuple(statistics.median(r[i] for r in which) for which in runs)
            for i, kind in enumerate(("wall", "cpu"))}


def run(sizes: Sequence[int], workdir: Path) -> list[dict]:
    baseline = [sys.executable, "-c", "pass"]
    list_command = [*stretchkit_command(), "list", "--data"]
    rows = []
    size = sum(1 for p in (SAMPLE / "exercises").glob("*.json"))
    found = measure_processes([*list_command, str(SAMPLE)], baseline, 21)
    ms, base_ms = found["wall"]
    rows.append(row("stretchkit list (sample library)", size, ms, "python -c pass", base_ms,
                    f"< {AIM_MS} ms", ms < AIM_MS))
    ms, base_ms = found["cpu"]
    rows.append(row("stretchkit list (sample), CPU time", size, ms, "python -c pass, CPU",
                    base_ms))
    for size in sizes:  # how the rest grows with the library (no aim: the load has its own)
        folder = library_folder(workdir, size)
        ms, base_ms = measure_processes([*list_command, str(folder)], baseline,
                                        5 if size > 5000 else 9)["wall"]
        rows.append(row("stretchkit list", size, ms, "python -c pass", base_ms))
    return rows


if __name__ == "__main__":
    from benchmarks.__main__ import table

    with tempfile.TemporaryDirectory(prefix="stretchkit-bench-") as scratch:
        found = run([int(s) for s in sys.argv[1:]], Path(scratch))
    print(table([{"module": "cli", **r} for r in found]))
