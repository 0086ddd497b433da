"""Import and export between a library and files, in every format the kit speaks.

The command line and the notebooks both call these functions. Formats register a reader
(files -> entries) and a writer (entries -> files) in `READERS` and `WRITERS`.
Exports never overwrite an existing file or a non-empty folder unless `overwrite=True`;
imports are all or nothing (see `importing`).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any

from stretchkit.errors import EntryError, Problem, ReadError, StretchkitError, UsageError
from stretchkit.fileio import write_atomically
from stretchkit.formats import Progress
from stretchkit.formats.json_io import read_json, read_jsonl, write_json, write_jsonl
from stretchkit.formats.markdown import write_markdown_files
from stretchkit.formats.routine_tables import (
    ROUTINES_JSONL_SUFFIX,
    ROUTINES_SUFFIX,
    read_routines_json,
    routines_path,
    write_routines_json,
    write_routines_jsonl,
)
from stretchkit.formats.text import (
    TEXT_FIELDS,
    TEXT_FIELDS_IF_PRESENT,
    read_text_files,
    write_text_files,
)
from stretchkit.model.entry import ACTIVE_STATUSES, Exercise
from stretchkit.model.licenses import license_of
from stretchkit.model.routine import Routine
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.store import media as media_files
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


def _write_with_routines(write: Writer, write_routines: Callable[[Sequence[Routine], Path], Path],
                         entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary,
                         progress: Progress = iter, routines: Sequence[Routine] = (),
                         extra: Mapping[str, Mapping[str, Any]] | None = None) -> list[Path]:
    """`write` (one file of entries, with `extra` keys per entry id: a language, its
    fallbacks), and with routines, the routines file beside it (`routines_path`): a routine
    is not an entry, so it does not go among the entries."""
    written = write(entries, out, vocabulary, progress, extra)
    if routines:
        written.append(write_routines(routines, routines_path(out)))
    return written


# Partials, not closures made at import: the code runs when an export is written, where
# tests (and mutation testing) see it.
#: One JSON array of entries, with `<out>.routines.json` beside it.
write_json_export = partial(_write_with_routines, write_json, write_routines_json)
#: One entry per line, with `<stem>.routines.jsonl` beside it.
write_jsonl_export = partial(_write_with_routines, write_jsonl, write_routines_jsonl)


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
    "jsonl": write_jsonl_export,
    "csv": write_csv_package,
}
#: Formats whose --out is a folder (the others write one file).
FOLDER_FORMATS = {"text", "markdown", "csv"}
#: Formats that carry the library's routines along with its entries.
ROUTINE_FORMATS = {"csv", "json", "jsonl"}


def routines_for(library: Library, entries: Iterable[Exercise]) -> list[Routine]:
    """The library's routines that an export of `entries` can carry: those whose every
    entry is among them (a dataset never points at an entry it does not hold)."""
    ids = {e.id for e in entries}
    return [r for r in library.routines.all() if set(r.entry_ids()) <= ids]


def read_routines(paths: Sequence[str | os.PathLike[str]], fmt: str,
                  vocabulary: Vocabulary) -> list[tuple[str, Routine]]:
    """The routines an import's files carry: a CSV package's routine tables, or the
    `.routines.json` or `.routines.jsonl` beside a JSON or JSONL export. ReadError lists
    every bad one."""
    from stretchkit.formats.csv_package import PACKAGE_FILE, read_routine_tables

    out: list[tuple[str, Routine]] = []
    for path in map(Path, paths):
        if fmt == "csv":
            folder = path.parent if path.name == PACKAGE_FILE else path
            if folder.is_dir():
                out += read_routine_tables(folder, vocabulary)
        elif fmt in ("json", "jsonl"):
            files = sorted(path.glob(f"*.{fmt}")) if path.is_dir() else [path]
            for file in files:
                beside = routines_path(file)
                if file.suffix == f".{fmt}" and beside.is_file() \
                        and not file.name.endswith((ROUTINES_SUFFIX, ROUTINES_JSONL_SUFFIX)):
                    out += read_routines_json(beside, vocabulary)
    return out


# -- the two entry points ---------------------------------------------------------------------
def export_library(library: Library, fmt: str, out: str | os.PathLike[str], *,
                   entries: Iterable[Exercise] | None = None, overwrite: bool = False,
                   channel: str = "published", progress: Progress = iter,
                   with_media: bool = False, lang: str | None = None,
                   **filters: Any) -> list[Path]:
    """Export `entries` (default: the library's `channel` filtered by `filters`) in `fmt`
    to `out`; returns the files written. The published channel (the default) holds the live
    version of each published entry; the working channel the working copies, of every
    status but archived unless a status filter says otherwise. `progress` wraps the entries
    as the writer goes through them (see `progress_bar`). `with_media` copies the stored
    pictures beside the export (`media/<id>/<file>`, where the Markdown and preview links
    point) with `ATTRIBUTION.md` crediting every item, and lists both in a CSV package's
    `datapackage.json`. `lang` exports the text in that language, falling back to the
    source language field by field, and says which fields fell back (JSON: a `fallback` list
    per entry; CSV: a `fallback` table; text and Markdown: `fallback.json` beside the files,
    headings and labels in the language); `lang='all'` adds every language to a JSON export
    (a `translations` object per entry)."""
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
    entries = list(entries)
    base = out if fmt in FOLDER_FORMATS else out.parent
    if with_media and not overwrite and (base / ATTRIBUTION_FILE).exists():
        raise StretchkitError(f"{base / ATTRIBUTION_FILE}: file exists; choose a new folder or "
                              "allow overwriting (--force)")
    if fmt not in FOLDER_FORMATS:
        out.parent.mkdir(parents=True, exist_ok=True)
    extra: dict[str, Any] = {}
    if fmt in ROUTINE_FORMATS:
        routines = routines_for(library, entries)
        if routines:
            extra["routines"] = routines
    # The routines file beside a JSON or JSONL export is read with it on import: one left by
    # an earlier export is refused, or with --force replaced (or removed, when this export
    # carries no routines), never read as this export's.
    stale = None
    beside = routines_path(out)
    if fmt in ("json", "jsonl") and beside.exists():
        if not overwrite:
            raise StretchkitError(f"{beside}: file exists; choose a new name or allow "
                                  "overwriting (--force)")
        if "routines" not in extra:
            stale = beside
    if lang:
        written = _export_in_language(library, fmt, out, entries, lang, channel, progress,
                                      extra)
    else:
        written = WRITERS[fmt](entries, out, library.vocabulary, progress=progress, **extra)
    if stale is not None:
        stale.unlink(missing_ok=True)
    if with_media:
        written += _write_media(library, entries, base, listed_in=out / "datapackage.json"
                                if fmt == "csv" else None)
    return written


ATTRIBUTION_FILE = "ATTRIBUTION.md"
#: Beside a text or Markdown export in a language: which fields of which entry fell back.
FALLBACK_FILE = "fallback.json"
#: In a CSV export in a language: one row per entry naming the fields that fell back.
FALLBACK_TABLE = "fallback.csv"


def _export_in_language(library: Library, fmt: str, out: Path, entries: list[Exercise],
                        lang: str, channel: str, progress: Progress,
                        carried: dict[str, Any]) -> list[Path]:
    """`entries` in `lang`, each field falling back to the source language, with a report of
    the fields that fell back; `carried` is what travels with the entries (routines)."""
    from stretchkit.transfer.translating import every_language, localized_entries

    if lang == "all":
        if fmt not in ("json", "jsonl"):
            raise UsageError(f"--lang all: every language at once is for json and jsonl "
                             f"exports; for {fmt}, export one language at a time")
        return WRITERS[fmt](entries, out, library.vocabulary, progress=progress,
                            extra=every_language(library, entries, channel), **carried)
    translated, fallback = localized_entries(library, entries, lang, channel)
    labels = library.translations.labels(lang)
    vocabulary = labels.vocabulary(library.vocabulary)
    if fmt in ("json", "jsonl"):
        extra = {i: {"language": lang, "fallback": f} for i, f in fallback.items()}
        return WRITERS[fmt](translated, out, vocabulary, progress=progress, extra=extra,
                            **carried)
    if fmt == "csv":
        written = WRITERS[fmt](translated, out, vocabulary, progress=progress, **carried)
        return [*written, _fallback_table(out, lang, fallback)]
    options: dict[str, Any] = {"heading": labels.heading}
    if fmt == "markdown":
        options["fallback"] = fallback
    written = WRITERS[fmt](translated, out, vocabulary, progress=progress, **options)
    report = out / FALLBACK_FILE
    write_atomically(report, (json.dumps({"language": lang, "fallback": fallback}, indent=2,
                                         ensure_ascii=False) + "\n").encode("utf-8"))
    return [*written, report]


def _fallback_table(out: Path, lang: str, fallback: dict[str, list[str]]) -> Path:
    """`fallback.csv` (id, language, fallback: the fields in the source language, separated
    as the package's lists are) and its resource in `datapackage.json`."""
    from stretchkit.formats.csv_package import PACKAGE_FILE

    lines = ["id,language,fallback"]
    lines += [f"{i},{lang},{'; '.join(f)}" for i, f in fallback.items()]
    path = out / FALLBACK_TABLE
    # With a byte order mark, as the package's other tables (spreadsheets read UTF-8 then).
    write_atomically(path, ("\ufeff" + "\r\n".join(lines) + "\r\n").encode("utf-8"))
    package_path = out / PACKAGE_FILE
    package = json.loads(package_path.read_text(encoding="utf-8"))
    package["resources"].append({
        "name": "fallback", "path": FALLBACK_TABLE, "profile": "tabular-data-resource",
        "description": f"Per entry, the fields not translated into {lang} (shown in the "
                       "source language)",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {"fields": [{"name": "id", "type": "string"},
                              {"name": "language", "type": "string"},
                              {"name": "fallback", "type": "string"}],
                   "primaryKey": ["id"]}})
    write_atomically(package_path, (json.dumps(package, indent=2, ensure_ascii=False)
                                    + "\n").encode("utf-8"))
    return path


def attribution_text(entries: Sequence[Exercise]) -> str:
    """Markdown crediting every picture and video of `entries`: entry, item, author, licence
    with its link, source. Plain lines a reuser can paste; user text is kept on one line."""
    lines = ["# Attribution", "",
             "Pictures and videos in this export, with their authors and licences.", ""]
    for entry in entries:
        if not entry.media:
            continue
        lines += [f"## {entry.name} (`{entry.id}`)", ""]
        for n, item in enumerate(entry.media, 1):
            where = f"media/{entry.id}/{item.file}" if item.file else item.url
            known = license_of(item.license)
            licence = (f"{known.label} ({known.id}, {known.url})" if known and known.url
                       else known.label if known else item.license or "none given")
            lines.append(f"{n}. {item.where.capitalize()} {item.kind}: {where}")
            if item.alt:
                lines.append(f"   - Shows: {item.alt}")
            lines.append(f"   - Author: {item.author or 'not given'}")
            lines.append(f"   - Licence: {licence}")
            if item.source_url:
                lines.append(f"   - Source: {item.source_url}")
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _write_media(library: Library, entries: Sequence[Exercise], base: Path,
                 listed_in: Path | None) -> list[Path]:
    # Two items may show the same stored picture: one copy, one resource (a package's
    # resource names are unique).
    copied = list(dict.fromkeys(media_files.copy_files(library.root, entries, base)))
    attribution = base / ATTRIBUTION_FILE
    write_atomically(attribution, attribution_text(entries).encode("utf-8"))
    if listed_in is not None:
        # The package the CSV writer has just written: its tables, and no media yet. With
        # files besides the tables it is a data package (Frictionless refuses any resource but
        # a table in a tabular-data-package); its tables are still validated as tables.
        package = json.loads(listed_in.read_text(encoding="utf-8"))
        package["profile"] = "data-package"
        package["resources"].append({
            "name": "attribution", "path": ATTRIBUTION_FILE, "format": "md",
            "mediatype": "text/markdown", "description": "who made each picture, its licence"})
        for path in copied:
            relative = path.relative_to(base).as_posix()
            package["resources"].append({
                "name": "media-" + relative.removeprefix("media/").replace("/", "-")
                .replace(".", "-"),
                "path": relative, "format": path.suffix.lstrip("."),
                "mediatype": media_files.MIME[path.suffix.lstrip(".")]})
        write_atomically(listed_in, (json.dumps(package, indent=2, ensure_ascii=False)
                                     + "\n").encode("utf-8"))
    return [*copied, attribution]


def read_entries(paths: Sequence[str | os.PathLike[str]], fmt: str,
                 vocabulary: Vocabulary | None = None,
                 pictures: dict[str, list[media_files.StoredImage]] | None = None,
                 **options: Any) -> list[tuple[str, Exercise]]:
    """Read entries from files in `fmt`, through `mapping=` (a file, parsed JSON or a
    FieldMapping) for foreign data; EntryError lists every bad row or file. Pictures a
    mapping reads from a folder go into `pictures` by entry id (see `read_mapped`)."""
    if fmt not in READERS:
        raise UsageError(f"unknown import format {fmt!r}: expected one of "
                         f"{', '.join(sorted(READERS))}")
    vocabulary = vocabulary or Vocabulary.default()
    if options.get("mapping") is not None:  # foreign data: the mapping reads the records
        return read_mapped(paths, fmt, options["mapping"], vocabulary, pictures)
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
    Never raises for bad rows (a dry run shows them all at once). Pictures a mapping reads
    from a folder ride in the plan (`ImportPlan.pictures`), stored only when it is applied."""
    pictures: dict[str, list[media_files.StoredImage]] = {}
    try:
        entries = read_entries(paths, fmt, library.vocabulary, pictures, **options)
        problems: list[Problem] = []
    except ReadError as exc:
        entries, problems = exc.entries, exc.problems
    except EntryError as exc:
        entries, problems = [], exc.problems
    plan = plan_import(library, entries, on_conflict, fields=carried_fields(fmt, options),
                       fields_if_given=TEXT_FIELDS_IF_PRESENT if fmt == "text" else ())
    plan.problems[:0] = problems
    arriving = {e.id for e in [*plan.create, *plan.update]}
    plan.pictures = {k: v for k, v in pictures.items() if k in arriving}
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
        return load_mapping(options["mapping"]).targets()
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
