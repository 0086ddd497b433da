"""history, diff, restore."""

from __future__ import annotations

import argparse

from stretchkit.cli.core import add_user_option, open_library

#: (command, help, description, extra arguments) of the commands on one entry's versions.
_COMMANDS = (
    ("history", "an entry's versions, newest first",
     "One line per version, newest first: the version id, when, who, why (edit, decision, "
     "restore, ...), the status and the fields it changed. Marks the published version.", ()),
    ("diff", "what changed between two versions, field by field",
     "Field by field: each changed field, then its lines removed (-) and added (+). REF is a "
     "version id (or a unique prefix of one), published, approved or working. By default from "
     "the published (else the previous) version to the working copy.",
     (("--from", {"dest": "start", "metavar": "REF", "default": None}),
      ("--to", {"dest": "end", "metavar": "REF", "default": "working"}))),
    ("restore", "a new working version equal to an older one",
     "Make a new version whose content equals REF (a version id or a unique prefix, published, "
     "approved). History is never rewritten; a published entry goes back to draft and waits "
     "for review.", (("ref", {"metavar": "REF"}),)),
)


def register(sub: argparse._SubParsersAction) -> None:
    from stretchkit.cli import add_data_option

    handlers = {"history": cmd_history, "diff": cmd_diff, "restore": cmd_restore}
    for name, summary, description, arguments in _COMMANDS:
        p = sub.add_parser(name, help=summary, description=description)
        p.add_argument("id", metavar="ID")
        for flag, options in arguments:
            p.add_argument(flag, **options)
        add_data_option(p)
        if name == "restore":
            add_user_option(p)
        p.set_defaults(handler=handlers[name])


def cmd_history(args: argparse.Namespace) -> int:
    library = open_library(args)
    library.get(args.id)  # an unknown id is named with a suggestion
    library.head(args.id)  # a working copy changed outside stretchkit gets its version first
    versions = library.versions(args.id)
    live = library.version(args.id, "published").id if library.is_live(args.id) else None
    for version in reversed(versions):
        changed = "(first version)" if version.parent is None else \
            ", ".join(f for f in version.changed if f != "updated") or "-"
        mark = "  (published)" if version.id == live else ""
        print(f"{version.id}  {version.at:%Y-%m-%d %H:%M}  {version.by or '-'}  "
              f"{version.event}  {version.status}  {changed}{mark}")
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    library = open_library(args)
    library.get(args.id)
    first, last, changes = library.diff(args.id, args.start, args.end)
    print(f"{args.id}: {first.id if first else '(nothing)'} -> {last.id}")
    for change in changes:
        print(f"{change.field}:")
        for line in change.removed:
            print(f"  - {line}")
        for line in change.added:
            print(f"  + {line}")
    if not changes:
        print("no changes")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    library = open_library(args)
    library.get(args.id)
    entry = library.restore_version(args.id, args.ref)
    print(f"{entry.id}: restored {args.ref} as version {library.head(entry.id)} "
          f"({entry.status})")
    return 0
