"""import, export."""

from __future__ import annotations

import argparse
import sys
import warnings
from pathlib import Path

from stretchkit.cli.core import open_library
from stretchkit.errors import EncodingNotice
from stretchkit.transfer.exchange import (
    READERS,
    WRITERS,
    export_library,
    import_files,
    preview_import,
)
from stretchkit.transfer.mapping import survey_mapped
from stretchkit.transfer.progress import progress_bar

#: Formats a --mapping can read.
MAPPED_FORMATS = ("csv", "json", "jsonl")


def register(sub: argparse._SubParsersAction) -> None:
    from stretchkit.cli import add_data_option, add_filter_options
    from stretchkit.cli.core import add_user_option

    p = sub.add_parser("import", help="import entries from files, all or nothing")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a file, or a folder (a csv export's folder, or text files)")
    add_data_option(p)
    p.add_argument("--format", default=None, choices=sorted(READERS),
                   help="default: from the file name (.txt, .json, .jsonl, .csv, or a folder "
                        "of text files or of a csv export)")
    p.add_argument("--mapping", metavar="FILE", help="mapping file for foreign CSV or JSON")
    p.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    p.add_argument("--on-conflict", choices=["fail", "skip", "update"], default="fail",
                   help="what to do with an id that exists (default: fail)")
    add_user_option(p)
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="export the published entries (or the working copies)",
                       description="Export the published channel: the live version of each "
                                   "published entry. --channel working exports the working "
                                   "copies instead, every status but archived unless --status "
                                   "says otherwise.")
    add_data_option(p)
    p.add_argument("--channel", choices=["published", "working"], default="published",
                   help="published (default): what readers see; working: the working copies")
    p.add_argument("--format", required=True, choices=sorted(WRITERS))
    p.add_argument("--out", required=True, metavar="PATH",
                   help="a file for json and jsonl; a folder for csv, text and markdown")
    p.add_argument("--force", action="store_true", help="overwrite an existing file or folder")
    p.add_argument("--with-media", action="store_true",
                   help="copy the stored pictures beside the export (media/<id>/) with "
                        "ATTRIBUTION.md crediting every picture and video")
    p.add_argument("--lang", default=None, metavar="L",
                   help="the text in language L, falling back to the source language field by "
                        "field (the output names the fields that fell back); 'all': every "
                        "language at once (json, jsonl)")
    add_filter_options(p)
    p.set_defaults(handler=cmd_export)


_SUFFIX_FORMATS = {".txt": "text", ".json": "json", ".jsonl": "jsonl", ".csv": "csv"}


def guess_format(paths: list[str]) -> str:
    """The import format the paths' names imply; UsageError if they disagree or say nothing."""
    from stretchkit.errors import UsageError

    found = set()
    for name in paths:
        path = Path(name)
        if path.is_dir():
            found.add("csv" if (path / "datapackage.json").exists() or any(path.glob("*.csv"))
                      else "text")
        else:
            found.add(_SUFFIX_FORMATS.get(path.suffix.lower(), "?"))
    if len(found) != 1 or "?" in found:
        raise UsageError(f"cannot tell the format of {', '.join(paths)}: give --format "
                         f"({', '.join(sorted(READERS))})")
    return found.pop()


def cmd_import(args: argparse.Namespace) -> int:
    from stretchkit.errors import UsageError

    library = open_library(args, must_exist=False)
    options = {"mapping": args.mapping} if args.mapping else {}
    if args.format is None:
        args.format = guess_format(args.paths)
    if args.mapping and args.format not in MAPPED_FORMATS:
        raise UsageError(f"--mapping reads {', '.join(MAPPED_FORMATS)} files; "
                         f"got --format {args.format}")
    with warnings.catch_warnings(record=True) as notes:
        warnings.simplefilter("always", EncodingNotice)
        try:
            if args.dry_run:
                return _dry_run(library, args, options)
            plan = import_files(library, args.paths, args.format,
                                on_conflict=args.on_conflict,
                                progress=progress_bar("importing"), **options)
        finally:
            for note in notes:
                print(f"stretchkit: note: {note.message}", file=sys.stderr)
    print(f"imported into {library.folder}: {plan.summary()}")
    return 0


def _dry_run(library, args: argparse.Namespace, options: dict) -> int:
    plan = preview_import(library, args.paths, args.format, on_conflict=args.on_conflict,
                          **options)
    for entry in plan.create:
        print(f"would create {entry.id}")
    for entry in plan.update:
        print(f"would update {entry.id}")
    for entry_id in plan.unchanged:
        print(f"unchanged {entry_id}")
    for entry_id in plan.skip:
        print(f"would skip {entry_id} (exists)")
    for problem in plan.problems:
        print(f"would refuse: {problem}")
    if options.get("mapping"):
        # what the mapping leaves out, so the coach can complete it in one go
        for line in survey_mapped(args.paths, args.format, options["mapping"],
                                  library.vocabulary).lines():
            print(line)
    print(f"dry run: {plan.summary()}; nothing written")
    return 1 if plan.problems else 0


def cmd_export(args: argparse.Namespace) -> int:
    from stretchkit.cli import counted, filter_kwargs

    library = open_library(args)
    written = export_library(library, args.format, args.out, overwrite=args.force,
                             channel=args.channel, progress=progress_bar("exporting"),
                             with_media=args.with_media, lang=args.lang,
                             **filter_kwargs(args))
    print(f"wrote {counted(len(written), 'file')} to {args.out}")
    return 0
