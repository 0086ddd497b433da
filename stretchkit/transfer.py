"""Import and export between a library and files, in every format the kit speaks.

The command line and the notebooks both call these functions. Formats register a reader
(files -> entries) and a writer (entries -> files) in `READERS` and `WRITERS`.
Exports never overwrite an existing file or a non-empty folder unless `overwrite=True`;
imports are all or nothing (see `importing`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

from .errors import EntryError, Problem, StretchkitError
from .fileio import write_atomically
from .formats.entry_file import entry_to_dict
from .formats.markdown import render_markdown
from .formats.text import parse_text, render_text
from .importing import ImportPlan, apply_import, plan_import
from .library import Library
from .model import Exercise
from .vocabulary import Vocabulary

#: Which statuses an export includes when no status filter is given.
DEFAULT_EXPORT_STATUSES = ("draft", "in-review", "changes-requested", "approved", "published")

Reader = Callable[..., list[tuple[str, Exercise]]]
Writer = Callable[[Sequence[Exercise], Path, Vocabulary], list[Path]]


# -- readers ----------------------------------------------------------------------------------
def read_text_files(paths: Sequence[Path], vocabulary: Vocabulary,
                    **_: Any) -> list[tuple[str, Exercise]]:
    """Seed-text documents: a file each, or a folder of `*.txt` files."""
    files = _expand(paths, "*.txt")
    entries, problems = [], []
    for path in files:
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), "", f"expected UTF-8 text, got byte "
                                                   f"0x{exc.object[exc.start]:02x} at {exc.start}"))
            continue
        try:
            entries.append((str(path), parse_text(text, vocabulary, where=str(path))))
        except EntryError as exc:
            problems.extend(exc.problems)
    if problems:
        raise EntryError(problems, "import")
    return entries


def _expand(paths: Sequence[Path], pattern: str) -> list[Path]:
    files: list[Path] = []
    for path in map(Path, paths):
        if path.is_dir():
            files.extend(sorted(p for p in path.glob(pattern) if not p.name.startswith(".")))
        elif path.exists():
            files.append(path)
        else:
            raise StretchkitError(f"{path}: no such file or folder")
    return files


# -- writers ----------------------------------------------------------------------------------
def write_text_files(entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary) -> list[Path]:
    return _write_per_entry(entries, out, ".txt", render_text)


def write_markdown_files(entries: Sequence[Exercise], out: Path,
                         vocabulary: Vocabulary) -> list[Path]:
    return _write_per_entry(entries, out, ".md", lambda e: render_markdown(e, vocabulary))


def _write_per_entry(entries: Sequence[Exercise], out: Path, suffix: str,
                     render: Callable[[Exercise], str]) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for entry in entries:
        path = out / f"{entry.id}{suffix}"
        write_atomically(path, render(entry).encode("utf-8"))
        written.append(path)
    return written


def write_json(entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary) -> list[Path]:
    """One JSON array of entries (the schema's shape); missing values are null."""
    data = [entry_to_dict(e) for e in entries]
    write_atomically(out, (json.dumps(data, indent=2, ensure_ascii=False) + "\n").encode())
    return [out]


def write_jsonl(entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary) -> list[Path]:
    """One entry per line."""
    lines = (json.dumps(entry_to_dict(e), ensure_ascii=False) + "\n" for e in entries)
    write_atomically(out, "".join(lines).encode())
    return [out]


READERS: dict[str, Reader] = {"text": read_text_files}
WRITERS: dict[str, Writer] = {
    "text": write_text_files,
    "markdown": write_markdown_files,
    "json": write_json,
    "jsonl": write_jsonl,
}
#: Formats whose --out is a folder (the others write one file).
FOLDER_FORMATS = {"text", "markdown", "csv"}


# -- the two entry points ---------------------------------------------------------------------
def export_library(library: Library, fmt: str, out: str | os.PathLike[str], *,
                   entries: Iterable[Exercise] | None = None, overwrite: bool = False,
                   **filters: Any) -> list[Path]:
    """Export `entries` (default: the library filtered by `filters`; without a status
    filter, every status but archived) in `fmt` to `out`; returns the files written."""
    if fmt not in WRITERS:
        raise StretchkitError(f"unknown export format {fmt!r}: expected one of "
                              f"{', '.join(sorted(WRITERS))}")
    if entries is None:
        if filters.get("status") is None:
            filters["status"] = DEFAULT_EXPORT_STATUSES
        entries = library.filter(**filters)
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
    return WRITERS[fmt](list(entries), out, library.vocabulary)


def read_entries(paths: Sequence[str | os.PathLike[str]], fmt: str,
                 vocabulary: Vocabulary | None = None, **options: Any
                 ) -> list[tuple[str, Exercise]]:
    """Read entries from files in `fmt`; EntryError lists every bad row or file."""
    if fmt not in READERS:
        raise StretchkitError(f"unknown import format {fmt!r}: expected one of "
                              f"{', '.join(sorted(READERS))}")
    return READERS[fmt]([Path(p) for p in paths], vocabulary or Vocabulary.default(), **options)


def import_files(library: Library, paths: Sequence[str | os.PathLike[str]], fmt: str, *,
                 on_conflict: str = "fail", dry_run: bool = False,
                 progress: Callable[[Iterable[Exercise]], Iterable[Exercise]] = iter,
                 **options: Any) -> ImportPlan:
    """Read, plan and (unless `dry_run`) write an import, all or nothing.

    Raises EntryError with every problem if any row or entry is bad; nothing is written then.
    """
    entries = read_entries(paths, fmt, library.vocabulary, **options)
    plan = plan_import(library, entries, on_conflict)
    if plan.problems:
        raise EntryError(plan.problems, "import")
    if not dry_run:
        apply_import(library, plan, progress=progress)
    return plan
