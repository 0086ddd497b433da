"""Merging through git: what the merge driver costs per entry file a pull merges.

- the driver in-process (`merge_files`: read three versions, merge field by field, validate,
  write the result atomically), against reading the three files and parsing them with
  `json.loads`: aim < 20 ms.
- the driver as git runs it (`python -m stretchkit.cli merge-driver ...`, a new process per
  file), against starting the same interpreter with nothing to do: aim < 1 s. Most of it is
  importing the entry model (as for every `stretchkit` command); a pull that merges k
  entries pays it k times.
- loading a library with one entry left in conflict, against the same library clean
  (a conflict costs its own file only): aim <= 1.1x.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from benchmarks.core import measure_pair, row
from benchmarks.generate import library_folder
from stretchkit.formats.entry_file import dump_entry_data
from stretchkit.store.gitmerge import merge_files
from stretchkit.store.library import Library


def _three(workdir: Path, size: int, names: tuple[str, str]) -> tuple[Path, Path, Path, str]:
    """Base, ours and theirs of the library's first entry: `names` the two sides' names
    (equal names: a clean merge of a summary and a tip; different: a conflict)."""
    root = library_folder(workdir, size)
    path = sorted((root / "exercises").glob("*.json"))[0]
    base = json.loads(path.read_bytes())
    folder = workdir / f"merge-{size}"
    folder.mkdir(exist_ok=True)
    sides = {"base": base,
             "ours": {**base, "summary": "Ours changed the summary.", "name": names[0]},
             "theirs": {**base, "tips": [*base["tips"], "Theirs added a tip."],
                        "name": names[1]}}
    for name, data in sides.items():
        (folder / f"{name}.json").write_bytes(dump_entry_data(data))
    tree_path = f"{root.name}/exercises/{path.name}"
    return folder / "base.json", folder / "ours.json", folder / "theirs.json", tree_path


def run(sizes: Sequence[int], workdir: Path) -> list[dict]:
    rows = []
    size = min(sizes)
    base, ours, theirs, tree_path = _three(workdir, size, ("Same Name", "Same Name"))
    original = ours.read_bytes()

    def driver() -> None:
        ours.write_bytes(original)
        merge_files(base, ours, theirs, tree_path)

    def parse_only() -> None:
        for path in (base, ours, theirs):
            json.loads(path.read_bytes())

    # git runs the driver from the top of the work tree: the generated libraries' parent.
    cwd = library_folder(workdir, size).parent
    ms, raw = measure_pair(lambda: _in(cwd, driver), parse_only, repeat=15)
    rows.append(row("merge driver, one entry, in-process", 1, ms, "read + json.loads x3", raw,
                    "< 20 ms", ms < 20))

    command = [sys.executable, "-m", "stretchkit.cli", "merge-driver", str(base), str(ours),
               str(theirs), tree_path]

    def process() -> None:
        ours.write_bytes(original)
        subprocess.run(command, cwd=cwd, check=True, capture_output=True)

    ms, raw = measure_pair(process, lambda: subprocess.run([sys.executable, "-c", "pass"],
                                                           check=True), repeat=5)
    rows.append(row("merge driver, one entry, as git runs it", 1, ms,
                    "python -c pass", raw, "< 1000 ms", ms < 1000))

    for size in sizes:
        clean = library_folder(workdir, size)
        conflicted = workdir / f"library-{size}-conflict"
        if not conflicted.is_dir():
            shutil.copytree(clean, conflicted)
            b, o, t, where = _three(workdir, size, ("Name A", "Name B"))
            merge_files(b, o, t, where)
            first = sorted((conflicted / "exercises").glob("*.json"))[0]
            first.write_bytes(o.read_bytes())
        ms, raw = measure_pair(lambda c=conflicted: Library(c), lambda c=clean: Library(c),
                               repeat=5)
        rows.append(row("load with one entry in conflict", size, ms, "load, no conflict", raw,
                        "<= 1.1x baseline", ms <= 1.1 * raw))
    return rows


def _in(folder: Path, action: Callable[[], None]) -> None:
    here = os.getcwd()
    os.chdir(folder)
    try:
        action()
    finally:
        os.chdir(here)

