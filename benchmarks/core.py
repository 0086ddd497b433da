"""Core benchmarks: loading a library, a goal filter, a text search and saving one entry, each
beside a raw baseline measured in the same run on the same files.

Baselines:
- load: listing the folder, reading every file and `json.loads` (no validation).
- goal filter: a list comprehension over those parsed dicts.
- text search: a substring scan of the files' texts, casefolded once beforehand.
- save: `json.dumps` written the way any safe save must be (temp file, fsync, rename), with
  no validation, no conflict check and no lock.
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.generate import library_folder
from stretchkit.store.library import Library

GOAL = "pre-run"
SEARCH = "rocking sweep"  # words of generated names: a few hits per thousand
# The load aim holds from this size up; below it fixed costs (imports, the vocabulary, the
# first validator call) dominate, and the row is a measurement without an aim.
LOAD_AIM_MIN_SIZE = 10_000


def measure(action: Callable[[], object], repeat: int = 7, warmup: int = 1) -> float:
    """Median wall time of `action` in milliseconds. Garbage from earlier runs is collected
    before each run, so one run's leftovers are not charged to the next."""
    for _ in range(warmup):
        action()
    times = []
    for _ in range(repeat):
        gc.collect()
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def measure_pair(action: Callable[[], object], baseline: Callable[[], object],
                 repeat: int = 7) -> tuple[float, float]:
    """Median milliseconds of `action` and of `baseline`, run in turns, so that a machine
    that slows down or speeds up during the run moves both alike."""
    action(), baseline()
    times: tuple[list[float], list[float]] = ([], [])
    for _ in range(repeat):
        for which, run_once in enumerate((action, baseline)):
            gc.collect()
            start = time.perf_counter()
            run_once()
            times[which].append(time.perf_counter() - start)
    return statistics.median(times[0]) * 1000, statistics.median(times[1]) * 1000


def row(benchmark: str, size: int, median_ms: float, baseline: str = "",
        baseline_ms: float | None = None, aim: str = "", met: bool | None = None) -> dict:
    """One line of the table (the row convention of `benchmarks/__main__.py`)."""
    return {"benchmark": benchmark, "size": size, "median_ms": median_ms, "baseline": baseline,
            "baseline_ms": baseline_ms, "aim": aim, "met": met}


def _first_search_ms(root: Path, repeat: int) -> float:
    """The first search on a freshly loaded library (it builds each entry's search text)."""
    times = []
    for _ in range(repeat):
        library = Library(root)
        gc.collect()
        start = time.perf_counter()
        library.filter(search=SEARCH)
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def _read_raw(folder: Path) -> list[dict]:
    return [json.loads(p.read_bytes()) for p in sorted(folder.glob("*.json"))]


def _raw_atomic_write(path: Path, data: dict) -> None:
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    with os.fdopen(fd, "wb") as fh:
        fh.write(json.dumps(data, indent=2, ensure_ascii=False).encode("utf-8"))
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def run(sizes: Sequence[int], workdir: Path) -> list[dict]:
    rows = []
    for size in sizes:
        root = library_folder(workdir, size)
        folder = root / "exercises"
        repeat = 5 if size > 5000 else 9

        load_ms, raw_ms = measure_pair(lambda root=root: Library(root),
                                       lambda folder=folder: _read_raw(folder), repeat)
        if size >= LOAD_AIM_MIN_SIZE:
            rows.append(row("load and validate", size, load_ms, "read + json.loads", raw_ms,
                            "<= 1.5x baseline", load_ms <= 1.5 * raw_ms))
        else:
            rows.append(row("load and validate", size, load_ms, "read + json.loads", raw_ms))

        library, raw = Library(root), _read_raw(folder)
        assert not library.problems and len(library) == len(raw) == size
        matches = len(library.filter(goals=GOAL))
        assert matches == sum(GOAL in d["goals"] for d in raw) > 0
        filter_ms = measure(lambda library=library: library.filter(goals=GOAL), 51)
        raw_filter_ms = measure(lambda raw=raw: [d for d in raw if GOAL in d["goals"]], 51)
        rows.append(row(f"goal filter ({matches} hits)", size, filter_ms,
                        "comprehension over dicts", raw_filter_ms, "< 5 ms", filter_ms < 5))

        texts = [p.read_text(encoding="utf-8").casefold() for p in sorted(folder.glob("*.json"))]
        words = SEARCH.split()
        first_ms = _first_search_ms(root, 3)
        search_ms = measure(lambda library=library: library.filter(search=SEARCH), 15)
        raw_search_ms = measure(
            lambda texts=texts, words=words: [t for t in texts if all(w in t for w in words)],
            15)
        hits = len(library.filter(search=SEARCH))
        rows.append(row(f"text search, first ({hits} hits)", size, first_ms,
                        "substring scan of file texts", raw_search_ms))
        rows.append(row(f"text search, again ({hits} hits)", size, search_ms,
                        "substring scan of file texts", raw_search_ms))

        entry = library.get(library.ids()[size // 2])
        path = library.path_of(entry.id)
        counter = iter(range(1_000_000))

        def save(library=library, entry=entry, counter=counter) -> None:
            library.save(entry.model_copy(update={"summary": f"Edited {next(counter)} times."}))

        original = json.loads(path.read_bytes())

        def raw_save(path=path, data=original, counter=counter) -> None:
            data["summary"] = f"Edited {next(counter)} times."
            _raw_atomic_write(path, data)

        save_ms = measure(save, 15)
        library.reload()  # the raw saves below bypass the library
        raw_save_ms = measure(raw_save, 15)
        rows.append(row("save one entry", size, save_ms, "atomic write of json.dumps",
                        raw_save_ms))
        library.reload()
        library.save(library.get(entry.id))  # leave a file the library itself wrote
    return rows
