"""import, export."""

from __future__ import annotations

import argparse

from ..transfer import READERS, WRITERS, export_library, import_files
from .core import open_library


def register(sub: argparse._SubParsersAction) -> None:
    from . import add_data_option, add_filter_options

    p = sub.add_parser("import", help="import entries from files, all or nothing")
    p.add_argument("paths", nargs="+", metavar="PATH",
                   help="a file, or a folder (a csv export's folder, or text files)")
    add_data_option(p)
    p.add_argument("--format", default="text", choices=sorted(READERS))
    p.add_argument("--mapping", metavar="FILE", help="mapping file for foreign CSV or JSON")
    p.add_argument("--dry-run", action="store_true", help="show what would happen; write nothing")
    p.add_argument("--on-conflict", choices=["fail", "skip", "update"], default="fail",
                   help="what to do with an id that exists (default: fail)")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("export", help="export entries (all statuses but archived by default)")
    add_data_option(p)
    p.add_argument("--format", required=True, choices=sorted(WRITERS))
    p.add_argument("--out", required=True, metavar="PATH",
                   help="a file for json and jsonl; a folder for csv, text and markdown")
    p.add_argument("--force", action="store_true", help="overwrite an existing file or folder")
    add_filter_options(p)
    p.set_defaults(handler=cmd_export)


def cmd_import(args: argparse.Namespace) -> int:
    library = open_library(args, must_exist=False)
    options = {"mapping": args.mapping} if args.mapping else {}
    plan = import_files(library, args.paths, args.format, on_conflict=args.on_conflict,
                        dry_run=args.dry_run, **options)
    if args.dry_run:
        for entry in plan.create:
            print(f"would create {entry.id}")
        for entry in plan.update:
            print(f"would update {entry.id}")
        for entry_id in plan.skip:
            print(f"would skip {entry_id} (exists)")
        print(f"dry run: {plan.summary()}; nothing written")
    else:
        print(f"imported into {library.folder}: {plan.summary()}")
    return 0


def cmd_export(args: argparse.Namespace) -> int:
    from . import filter_kwargs

    library = open_library(args)
    written = export_library(library, args.format, args.out, overwrite=args.force,
                             **filter_kwargs(args))
    print(f"wrote {len(written)} file(s) to {args.out}")
    return 0
