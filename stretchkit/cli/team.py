"""git-setup, merge-driver: a data folder shared through git."""

from __future__ import annotations

import argparse
import sys


def register(sub: argparse._SubParsersAction) -> None:
    from stretchkit.cli import add_data_option

    p = sub.add_parser(
        "git-setup", help="merge entries field by field in this git clone (idempotent)",
        description="Write the data folder's .gitattributes (entry and published files merge "
                    "with stretchkit's driver) and .gitignore (the kit's lock, journal, temp "
                    "files and trash), and register the merge driver in this clone's git "
                    "config. Run it once in every clone; running it again changes nothing.")
    add_data_option(p)
    p.set_defaults(handler=cmd_git_setup)

    p = sub.add_parser(
        "merge-driver", help="(run by git) merge three versions of an entry file",
        description="The merge driver git runs for entry and published files (git-setup "
                    "registers it): merges BASE, OURS and THEIRS field by field and writes the "
                    "result over OURS. Exit 0 when clean, 1 when fields conflict (the file then "
                    "names each one between conflict markers).")
    p.add_argument("base", metavar="BASE")
    p.add_argument("ours", metavar="OURS")
    p.add_argument("theirs", metavar="THEIRS")
    p.add_argument("path", metavar="PATH", help="the file's path in the repository")
    p.add_argument("marker_size", metavar="MARKER_SIZE", nargs="?", type=int, default=7)
    p.set_defaults(handler=cmd_merge_driver)


def cmd_git_setup(args: argparse.Namespace) -> int:
    from stretchkit.cli import data_dir
    from stretchkit.store.gitmerge import git_setup

    for step in git_setup(data_dir(args)):
        print(step)
    return 0


def cmd_merge_driver(args: argparse.Namespace) -> int:
    from stretchkit.store.gitmerge import merge_files

    outcome = merge_files(args.base, args.ours, args.theirs, args.path, args.marker_size)
    for note in outcome.notes:
        print(f"stretchkit: {args.path}: {note}", file=sys.stderr)
    if outcome.clean:
        return 0
    print(f"stretchkit: {args.path}: conflict in {', '.join(outcome.conflicts)}; "
          "`stretchkit validate` lists them, the authoring app resolves them",
          file=sys.stderr)
    return 1
