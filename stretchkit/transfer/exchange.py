"""Import and export between a library and files, in every format the kit speaks.

The command line and the notebooks both call these functions. Formats register a reader
(files -> entries) and a writer (entries -> files) in `READERS` and `WRITERS`.
Exports never overwrite an existing file or a non-empty folder unless `overwrite=True`;
imports are all or nothing (see `importing`).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from stretchkit.errors import EntryError, Problem, ReadError, StretchkitError, UsageError
from stretchkit.formats import Progress
from stretchkit.formats.json_io import read_json, read_jsonl, write_json, write_jsonl
from stretchkit.formats.markdown import write_markdown_files
from stretchkit.formats.routine_tables import (
    ROUTINES_SUFFIX,
    read_routines_json,
    routines_path,
    write_routines_json,
)
from stretchkit.formats.text import (
    TEXT_FIELDS,
    TEXT_FIELDS_IF_PRESENT,
    read_text_files,
    write_text_files,
)
from stretchkit.model.entry import ACTIVE_STATUSES, Exercise
from stretchkit.model.routine import Routine
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.store.library import Library
from stretchkit.transfer.importing import ImportPlan, apply_import, plan_import, plan_routines
from stretchkit.transfer.mapping import load_mapping, read_mapped

Reader = Callable[..., list[tuple[str, Exercise]]]
#: (entries, out, vocabulary, progress=iter) -> files written.
Writer = Callable[..., list[Path]]


# The CSV package needs pandas: imported on first use, so the command line starts fast.
def read_csv(paths: Sequence[Path], vocabulary: Vocabulary, **options: Any
             ) -> list[tuple[str, Exercise]]:
    """CSV export folders or wide CSV files (`formats.csv_package`)."""
    from stretchkit.formats.csv_package import read_csv as read

    return read(paths, vocabulary, **options)


def write_csv_package(entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary,
                      progress: Progress = iter, routines: Sequence[Routine] = ()
                      ) -> list[Path]:
    """A folder of CSV tables with a Frictionless datapackage.json (`formats.csv_package`),
    with the routine tables when there are routines."""
    from stretchkit.formats.csv_package import write_csv_package as write

    return write(entries, out, vocabulary, progress, routines=routines)


def write_json_export(entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary,
                      progress: Progress = iter, routines: Sequence[Routine] = ()
                      ) -> list[Path]:
    """One JSON array of entries; with routines, `<out>.routines.json` beside it."""
    written = write_json(entries, out, vocabulary, progress)
    if routines:
        written.append(write_routines_json(routines, routines_path(out)))
    return written


READERS: dict[str, Reader] = {
    "text": read_text_files,
    "csv": read_csv,
    "json": read_json,
    "jsonl": read_jsonl,
}
WRITERS: dict[str, Writer] = {
    "text": write_text_files,
    "markdown": write_markdown_files,
    "json": write_json_export,
    "jsonl": write_jsonl,
    "csv": write_csv_package,
}
#: Formats whose --out is a folder (the others write one file).
FOLDER_FORMATS = {"text", "markdown", "csv"}
#: Formats that carry the library's routines along with its entries.
ROUTINE_FORMATS = {"csv", "json"}


def routines_for(library: Library, entries: Iterable[Exercise]) -> list[Routine]:
    """The library's routines that an export of `entries` can carry: those whose every
    entry is among them (a dataset never points at an entry it does not hold)."""
    ids = {e.id for e in entries}
    return [r for r in library.routines.all() if set(r.entry_ids()) <= ids]


def read_routines(paths: Sequence[str | os.PathLike[str]], fmt: str,
                  vocabulary: Vocabulary) -> list[tuple[str, Routine]]:
    """The routines an import's files carry: a CSV package's routine tables, or the
    `.routines.json` beside a JSON export. ReadError lists every bad one."""
    from stretchkit.formats.csv_package import PACKAGE_FILE, read_routine_tables

    out: list[tuple[str, Routine]] = []
    for path in map(Path, paths):
        if fmt == "csv":
            folder = path.parent if path.name == PACKAGE_FILE else path
            if folder.is_dir():
                out += read_routine_tables(folder, vocabulary)
        elif fmt == "json":
            files = sorted(path.glob("*.json")) if path.is_dir() else [path]
            for file in files:
                beside = routines_path(file)
                if not file.name.endswith(ROUTINES_SUFFIX) and beside.is_file():
                    out += read_routines_json(beside, vocabulary)
    return out


# -- the two entry points ---------------------------------------------------------------------
def export_library(library: Library, fmt: str, out: str | os.PathLike[str], *,
                   entries: Iterable[Exercise] | None = None, overwrite: bool = False,
                   channel: str = "published", progress: Progress = iter, **filters: Any
                   ) -> list[Path]:
    """Export `entries` (default: the library's `channel` filtered by `filters`) in `fmt`
    to `out`; returns the files written. The published channel (the default) holds the live
    version of each published entry; the working channel the working copies, of every
    status but archived unless a status filter says otherwise. `progress` wraps the entries
    as the writer goes through them (see `progress_bar`)."""
    if fmt not in WRITERS:
        raise UsageError(f"unknown export format {fmt!r}: expected one of "
                         f"{', '.join(sorted(WRITERS))}")
    if entries is None:
        if channel == "working" and filters.get("status") is None:
            filters["status"] = ACTIVE_STATUSES
        entries = library.filter(channel=channel, **filters)
    out = Path(out)
    if not overwrite:
        if fmt in FOLDER_FORMATS and out.is_dir() and any(out.iterdir()):
            raise StretchkitError(f"{out}: folder is not empty; choose a new folder or "
                                  "allow overwriting (--force)")
        if fmt not in FOLDER_FORMATS and out.exists():
            raise StretchkitError(f"{out}: file exists; choose a new name or allow "
                                  "overwriting (--force)")
    if fmt not in FOLDER_FORMATS:
        out.parent.mkdir(parents=True, exist_ok=True)
    entries = list(entries)
    extra: dict[str, Any] = {}
    if fmt in ROUTINE_FORMATS:
        routines = routines_for(library, entries)
        if routines:
            extra["routines"] = routines
    return WRITERS[fmt](entries, out, library.vocabulary, progress=progress, **extra)


def read_entries(paths: Sequence[str | os.PathLike[str]], fmt: str,
                 vocabulary: Vocabulary | None = None, **options: Any
                 ) -> list[tuple[str, Exercise]]:
    """Read entries from files in `fmt`, through `mapping=` (a file, parsed JSON or a
    FieldMapping) for foreign data; EntryError lists every bad row or file."""
    if fmt not in READERS:
        raise UsageError(f"unknown import format {fmt!r}: expected one of "
                         f"{', '.join(sorted(READERS))}")
    vocabulary = vocabulary or Vocabulary.default()
    if options.get("mapping") is not None:  # foreign data: the mapping reads the records
        return read_mapped(paths, fmt, options["mapping"], vocabulary)
    return READERS[fmt]([Path(p) for p in paths], vocabulary)


def import_files(library: Library, paths: Sequence[str | os.PathLike[str]], fmt: str, *,
                 on_conflict: str = "fail", dry_run: bool = False,
                 progress: Progress = iter,
                 **options: Any) -> ImportPlan:
    """Read, plan and (unless `dry_run`) write an import, all or nothing.

    Raises EntryError with every problem if any row or entry is bad (bad rows and conflicts
    with the library in one report); nothing is written then.
    """
    plan = preview_import(library, paths, fmt, on_conflict=on_conflict, **options)
    if plan.problems:
        raise EntryError(plan.problems, "import")
    if not dry_run:
        apply_import(library, plan, progress=progress)
    return plan


def preview_import(library: Library, paths: Sequence[str | os.PathLike[str]], fmt: str, *,
                   on_conflict: str = "fail", **options: Any) -> ImportPlan:
    """What `import_files` would do, without writing: the plan lists the entries it would
    create, update, leave unchanged or skip, and in `problems` every row it would refuse.
    Never raises for bad rows (a dry run shows them all at once)."""
    try:
        entries = read_entries(paths, fmt, library.vocabulary, **options)
        problems: list[Problem] = []
    except ReadError as exc:
        entries, problems = exc.entries, exc.problems
    except EntryError as exc:
        entries, problems = [], exc.problems
    plan = plan_import(library, entries, on_conflict, fields=carried_fields(fmt, options),
                       fields_if_given=TEXT_FIELDS_IF_PRESENT if fmt == "text" else ())
    plan.problems[:0] = problems
    if options.get("mapping") is None and fmt in ROUTINE_FORMATS:
        try:
            routines = read_routines(paths, fmt, library.vocabulary)
        except ReadError as exc:
            routines = exc.entries
            plan.problems.extend(exc.problems)
        plan_routines(library, plan, routines, on_conflict)
    return plan


def carried_fields(fmt: str, options: dict[str, Any]) -> set[str] | None:
    """The entry fields an import in `fmt` (with these options) carries; None for all."""
    if options.get("mapping") is not None:
        return {target.partition(".")[0] for target in load_mapping(options["mapping"]).fields}
    if fmt == "text":
        return set(TEXT_FIELDS)
    return None


#: Folder name for exports made from the notebooks (next to the data folder; git ignores it).
EXPORT_FOLDER = "exports"
_EXPORT_SUFFIX = {"json": ".json", "jsonl": ".jsonl", "csv": "-csv", "text": "-text",
                  "markdown": "-markdown"}


def default_export_folder(library: Library) -> Path:
    """Where the notebooks put exports: `exports/` beside the library's data folder."""
    return library.root.resolve().parent / EXPORT_FOLDER


def new_export_path(folder: str | os.PathLike[str], fmt: str, *, stem: str = "stretchkit",
                    when: datetime | None = None) -> Path:
    """A path in `folder` no export has used yet, named by format and time, e.g.
    `stretchkit-20240501-093000.json` or `stretchkit-20240501-093000-csv/` (then `-2`, `-3`
    if that second is taken), so a second click never overwrites the first export."""
    if fmt not in _EXPORT_SUFFIX:
        raise UsageError(f"unknown export format {fmt!r}: expected one of "
                         f"{', '.join(sorted(_EXPORT_SUFFIX))}")
    stamp = (when or datetime.now()).strftime("%Y%m%d-%H%M%S")
    suffix = _EXPORT_SUFFIX[fmt]
    folder = Path(folder)
    candidate = folder / f"{stem}-{stamp}{suffix}"
    number = 1
    while candidate.exists():
        number += 1
        candidate = folder / f"{stem}-{stamp}-{number}{suffix}"
    return candidate
