"""validate, list, new."""

from __future__ import annotations

import argparse
import gc
import sys

from stretchkit.errors import StretchkitError, VocabularyError
from stretchkit.model.entry import new_draft
from stretchkit.store.library import Library


def register(sub: argparse._SubParsersAction) -> None:
    from stretchkit.cli import add_data_option, add_filter_options

    p = sub.add_parser("validate", help="check every entry file; print each problem")
    add_data_option(p)
    p.set_defaults(handler=cmd_validate)

    p = sub.add_parser("list", help="list entries: id, name, status, goals")
    add_data_option(p)
    add_filter_options(p)
    p.set_defaults(handler=cmd_list)

    p = sub.add_parser("new", help="create a draft entry from the template")
    p.add_argument("name", help="the entry's name, e.g. 'Standing Calf Stretch'")
    p.add_argument("--id", default=None, help="id (default: derived from the name)")
    add_data_option(p)
    add_user_option(p)
    p.set_defaults(handler=cmd_new)


def add_user_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--user", metavar="NAME", default=None,
                        help="who is working (default: $STRETCHKIT_USER, $JUPYTERHUB_USER, "
                             "git's user.name, the login name)")


def open_library(args: argparse.Namespace, must_exist: bool = True) -> Library:
    from stretchkit.cli import data_dir
    from stretchkit.errors import UsageError

    root = data_dir(args)
    if must_exist and not root.is_dir():
        raise UsageError(f"{root}: no such data folder (give --data DIR or set STRETCHKIT_DATA)")
    try:
        library = Library(root, user=getattr(args, "user", None))
    except VocabularyError as exc:  # a broken vocabulary file is a problem found, not misuse
        raise StretchkitError(str(exc)) from None
    if args.own_process:
        # The process ends with the command: the library it loaded is never garbage. Frozen,
        # it is left out of the later full collections, each of which would scan all of it
        # again (a third of a second of `translate status` on 10,000 entries).
        gc.freeze()
    for note in library.notes:  # what the load repaired or migrated
        print(f"stretchkit: note: {note}", file=sys.stderr)
    return library


def cmd_validate(args: argparse.Namespace) -> int:
    from stretchkit.cli import counted

    library = open_library(args)
    library.published()  # the published channel too: a file a merge broke is reported
    # A routine file that does not load is a problem; a routine whose entry was archived or
    # renamed since, or whose total drifted off its budget, is a note (it still opens).
    problems = [*library.problems, *library.media_problems(), *library.routines.problems]
    for language in library.settings.targets:  # translation files that do not read
        library.translations.read_sources(language)
        problems += library.translations.problems
    for problem in problems:
        print(problem)
    for note in library.routines.check({e.id: e for e in library.filter()}):
        print(f"stretchkit: note: {note}", file=sys.stderr)
    valid = counted(len(library), "entry", "entries")
    if problems:
        print(f"{counted(len(problems), 'problem')}; {valid} valid", file=sys.stderr)
        return 1
    print(f"{valid} valid in {library.folder}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from stretchkit.cli import filter_kwargs

    library = open_library(args)
    entries = library.filter(**filter_kwargs(args))
    width = max((len(e.id) for e in entries), default=2)
    for e in entries:
        status = e.status
        if library.has_unpublished_changes(e.id):
            status += " (published, with unpublished changes)"
        print(f"{e.id:<{width}}  {status:<17}  {e.name}  [{', '.join(e.goals)}]")
    for problem in library.problems:
        print(f"stretchkit: skipped {problem}", file=sys.stderr)
    return 1 if library.problems else 0


def cmd_new(args: argparse.Namespace) -> int:
    library = open_library(args, must_exist=False)
    entry = library.create(new_draft(args.name, args.id))
    print(library.path_of(entry.id))
    return 0
