"""routine suggest | list | show | card."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from stretchkit.cli.core import add_user_option, open_library
from stretchkit.errors import StretchkitError


def register(sub: argparse._SubParsersAction) -> None:
    from stretchkit.cli import _Parser, add_data_option

    top = sub.add_parser("routine", help="suggest, list, show and print routines",
                         description="Routines: an ordered list of entries with a dosage "
                                     "each, for goals and a time budget.")
    top.set_defaults(handler=cmd_routine)
    routine = top.add_subparsers(dest="routine_command", required=True, metavar="ACTION",
                                 parser_class=_Parser)

    p = routine.add_parser("suggest", help="a routine from goals and minutes",
                           description="Suggest a routine: published entries only (unless "
                                       "--include-working), within 10%% of the minutes, "
                                       "level and equipment as hard limits.")
    p.add_argument("--goal", action="extend", nargs="+", required=True, metavar="G",
                   help="training goal (one or more; the first sets the kind of session)")
    p.add_argument("--minutes", type=int, required=True, metavar="M", help="time budget")
    p.add_argument("--level", metavar="L", help="highest level allowed (default: any)")
    p.add_argument("--equipment", action="extend", nargs="+", metavar="E",
                   help="equipment at hand (default: any; 'none' for no equipment)")
    p.add_argument("--position", action="extend", nargs="+", metavar="P",
                   help="allowed positions (default: any)")
    p.add_argument("--include-working", action="store_true",
                   help="choose from the working copies too (drafts, in review...)")
    p.add_argument("--save", metavar="NAME", help="save the routine under this name")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_data_option(p)
    add_user_option(p)
    p.set_defaults(handler=cmd_suggest)

    p = routine.add_parser("list", help="one line per saved routine, its id first")
    add_data_option(p)
    p.set_defaults(handler=cmd_list)

    p = routine.add_parser("show", help="a saved routine with each item's time and the total")
    p.add_argument("id", metavar="ID")
    p.add_argument("--format", choices=["text", "json"], default="text")
    add_data_option(p)
    p.set_defaults(handler=cmd_show)

    p = routine.add_parser("card", help="a printable routine card (HTML)")
    p.add_argument("id", metavar="ID")
    p.add_argument("--out", required=True, metavar="FILE.html")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    add_data_option(p)
    p.set_defaults(handler=cmd_card)


def cmd_routine(args: argparse.Namespace) -> int:
    """`stretchkit routine` itself: argparse asks for an action first, so this never runs
    unless called directly."""
    from stretchkit.errors import UsageError

    raise UsageError("routine: expected an action: suggest, list, show or card")


def _print_report(report: dict, fmt: str) -> None:
    from stretchkit.routines.report import report_lines

    if fmt == "json":
        print(json.dumps(report, indent=2, ensure_ascii=False))
    else:
        print("\n".join(report_lines(report)))


def _entries(library) -> dict:
    """Every working copy, archived ones too (a routine that uses one reports it)."""
    return {e.id: e for e in library.filter()}


def cmd_suggest(args: argparse.Namespace) -> int:
    from stretchkit.routines.report import routine_report
    from stretchkit.routines.suggest import suggest

    library = open_library(args)
    suggestion = suggest(library, args.goal, args.minutes, args.level, args.equipment,
                         args.position, include_working=args.include_working, name=args.save)
    routine = suggestion.routine
    if args.save:
        routine = library.routines.save(routine, new=True, by=library.user)
    report = routine_report(routine, {**_entries(library), **suggestion.entries},
                            warnings=suggestion.warnings)
    _print_report(report, args.format)
    if args.save:
        print(f"saved {library.routines.path_of(routine.id)}", file=sys.stderr)
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    from stretchkit.model.routine import schedule_of
    from stretchkit.model.timing import clock

    library = open_library(args)
    store = library.routines
    entries = _entries(library)
    routines = store.all()
    width = max((len(r.id) for r in routines), default=2)
    for r in routines:
        total = schedule_of(r, entries).total
        print(f"{r.id:<{width}}  {r.name}  [{', '.join(r.goals)}]  {r.minutes} min "
              f"({clock(total)})")
    problems = [*store.problems, *store.check(entries)]
    for problem in problems:
        print(f"stretchkit: {problem}", file=sys.stderr)
    return 1 if store.problems else 0


def cmd_show(args: argparse.Namespace) -> int:
    from stretchkit.routines.report import routine_report

    library = open_library(args)
    routine = library.routines.get(args.id)
    report = routine_report(routine, _entries(library),
                            where=str(library.routines.path_of(routine.id)))
    _print_report(report, args.format)
    return 0


def cmd_card(args: argparse.Namespace) -> int:
    from stretchkit.fileio import write_atomically
    from stretchkit.routines.report import routine_card_html

    library = open_library(args)
    routine = library.routines.get(args.id)
    out = Path(args.out)
    if out.exists() and not args.force:
        raise StretchkitError(f"{out}: file exists; choose a new name or allow overwriting "
                              "(--force)")
    html = routine_card_html(routine, _entries(library), vocabulary=library.vocabulary)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, html.encode("utf-8"))
    print(out)
    return 0
