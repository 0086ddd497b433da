"""media add, media list, media remove."""

from __future__ import annotations

import argparse

from stretchkit.cli.core import add_user_option, open_library
from stretchkit.model.entry import MEDIA_KINDS, MEDIA_ROLES
from stretchkit.model.licenses import credit, licenses


def register(sub: argparse._SubParsersAction) -> None:
    from stretchkit.cli import add_data_option

    media = sub.add_parser("media", help="pictures and video links of an entry")
    media.set_defaults(handler=cmd_media)
    actions = media.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser("add", help="add a picture (PNG, JPEG, WebP) or an https link",
                           description="Add a picture file (checked, turned upright, metadata "
                                       "stripped, scaled down) or an https:// link to an entry.")
    p.add_argument("entry", metavar="ID")
    p.add_argument("source", metavar="SOURCE", help="a picture file, or an https:// link")
    p.add_argument("--alt", default=None, help="what the picture shows, for readers who cannot "
                                               "see it")
    p.add_argument("--caption", default=None)
    p.add_argument("--role", choices=MEDIA_ROLES, default="main")
    p.add_argument("--step", type=int, default=None, metavar="N",
                   help="the instruction step (from 1) of a step picture")
    p.add_argument("--license", default=None, metavar="ID",
                   help=f"licence id: {', '.join(licenses())}")
    p.add_argument("--author", default=None, metavar="NAME")
    p.add_argument("--source-url", default=None, metavar="URL",
                   help="where the picture comes from (https)")
    p.add_argument("--kind", choices=MEDIA_KINDS, default=None,
                   help="image (default) or video (a link)")
    add_data_option(p)
    add_user_option(p)
    p.set_defaults(action_handler=cmd_add)

    p = actions.add_parser("list", help="one line per item, numbered from 1")
    p.add_argument("entry", metavar="ID")
    add_data_option(p)
    p.set_defaults(action_handler=cmd_list)

    p = actions.add_parser("remove", help="take item N (as `media list` numbers it) off")
    p.add_argument("entry", metavar="ID")
    p.add_argument("number", type=int, metavar="N")
    add_data_option(p)
    add_user_option(p)
    p.set_defaults(action_handler=cmd_remove)


def cmd_media(args: argparse.Namespace) -> int:
    return args.action_handler(args)


def cmd_add(args: argparse.Namespace) -> int:
    from stretchkit.errors import UsageError

    if args.step is not None and args.role != "step":
        args.role = "step"  # --step N alone means a step picture
    if args.role == "step" and args.step is None:
        raise UsageError("--role step needs --step N (the instruction step, from 1)")
    library = open_library(args)
    entry = library.add_media(args.entry, args.source, alt=args.alt, caption=args.caption,
                              role=args.role, step=args.step, license=args.license,
                              author=args.author, source_url=args.source_url, kind=args.kind)
    item = entry.media[-1]
    where = library.media_path(entry.id, item.file) if item.file else item.url
    print(f"added {item.kind} {len(entry.media)} to {entry.id}: {where}")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    library = open_library(args)
    entry = library.get(args.entry)
    for n, item in enumerate(entry.media, 1):
        print(f"{n}  {item.kind:<5}  {item.where:<7}  {item.file or item.url}  "
              f"alt: {item.alt or '(none)'}  licence: {item.license or '(none)'}  "
              f"credit: {credit(item)}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    library = open_library(args)
    entry = library.remove_media(args.entry, args.number)
    print(f"removed item {args.number} from {entry.id}; {len(entry.media)} left")
    return 0
