"""translate status, translate export, translate import, translate publish."""

from __future__ import annotations

import argparse

from stretchkit.cli.core import add_user_option, open_library


def register(sub: argparse._SubParsersAction) -> None:
    from stretchkit.cli import add_data_option

    translate = sub.add_parser("translate", help="translations: status, translators' files, "
                                                 "publishing")
    translate.set_defaults(handler=cmd_translate)
    actions = translate.add_subparsers(dest="action", metavar="ACTION", required=True)

    p = actions.add_parser("status", help="per language: items translated, outdated, missing")
    p.add_argument("--lang", action="append", default=None, metavar="L",
                   help="a target language (repeatable; default: every one)")
    p.add_argument("--entries", action="store_true", help="a line per entry too")
    add_data_option(p)
    p.set_defaults(action_handler=cmd_status)

    p = actions.add_parser("export", help="a PO or XLIFF file of one language for translators",
                           description="Write one file for translators: a message per item "
                                       "(context entry|field|item), the source text, the "
                                       "current translation, a comment naming the entry and "
                                       "the field; outdated items are fuzzy.")
    p.add_argument("--lang", required=True, metavar="L")
    p.add_argument("--out", required=True, metavar="FILE")
    p.add_argument("--format", choices=["po", "xliff"], default=None,
                   help="default: from the file name (.po, .xlf), else po")
    p.add_argument("--only", choices=["all", "missing", "outdated"], default="all")
    p.add_argument("--force", action="store_true", help="overwrite an existing file")
    add_data_option(p)
    p.set_defaults(action_handler=cmd_export)

    p = actions.add_parser("import", help="a translator's PO or XLIFF file back, all or nothing")
    p.add_argument("path", metavar="FILE")
    p.add_argument("--lang", default=None, metavar="L",
                   help="default: the language the file names")
    p.add_argument("--format", choices=["po", "xliff"], default=None)
    p.add_argument("--dry-run", action="store_true", help="report; write nothing")
    add_data_option(p)
    add_user_option(p)
    p.set_defaults(action_handler=cmd_import)

    p = actions.add_parser("publish", help="publish translations of published entries (review)",
                           description="Publish the translation of each entry in one "
                                       "language: refused while an item is outdated against "
                                       "the published entry, or by the person who made it.")
    p.add_argument("ids", nargs="*", metavar="ID",
                   help="entries (default: every published entry with a translation)")
    p.add_argument("--lang", required=True, metavar="L")
    p.add_argument("--reviewer", default=None, metavar="NAME",
                   help="who publishes (default: the current user)")
    add_data_option(p)
    p.set_defaults(action_handler=cmd_publish)


def cmd_translate(args: argparse.Namespace) -> int:
    return args.action_handler(args)


def cmd_status(args: argparse.Namespace) -> int:
    from stretchkit.store.settings import language_name
    from stretchkit.transfer.translating import translation_status

    library = open_library(args)
    statuses = translation_status(library, args.lang)
    if not statuses:
        print(f"{library.settings.source_language}: the source language; no target languages "
              "(add them to 'languages' in stretchkit.json)")
        return 0
    for status in statuses:
        print(f"{status.language} ({language_name(status.language)}): "
              f"{status.total.describe()} items in {len(status.entries)} entries")
        if args.entries:
            for entry_id, counts in status.entries.items():
                print(f"  {entry_id}: {counts.describe()}")
    for problem in library.translations.problems:
        print(f"stretchkit: {problem}")
    return 1 if library.translations.problems else 0


def cmd_export(args: argparse.Namespace) -> int:
    from stretchkit.transfer.translating import export_translations, format_of

    library = open_library(args)
    fmt = args.format or (format_of(args.out) if args.out.lower().endswith(
        (".po", ".pot", ".xlf", ".xliff")) else "po")
    path, n = export_translations(library, args.lang, args.out, fmt=fmt, only=args.only,
                                  overwrite=args.force)
    print(f"wrote {n} message{'s' * (n != 1)} for {args.lang} to {path}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from stretchkit.errors import EntryError
    from stretchkit.transfer.translating import import_translations, plan_translation_import

    library = open_library(args)
    fmt = args.format
    if args.dry_run:
        plan = plan_translation_import(library, args.path, language=args.lang, fmt=fmt)
        for problem in plan.problems:
            print(f"would refuse: {problem}")
        for t in plan.translations:
            print(f"would update {t.entry}")
        print(f"dry run ({plan.language}): {plan.summary()}; nothing written")
        return 1 if plan.problems else 0
    try:
        plan = import_translations(library, args.path, language=args.lang, fmt=fmt)
    except EntryError as exc:
        raise EntryError([*exc.problems, _nothing_written(args.path, exc)]) from None
    print(f"imported {plan.language} into {library.translations.folder}: {plan.summary()}")
    return 0


def _nothing_written(path: str, exc: Exception):
    from stretchkit.errors import Problem

    n = len(getattr(exc, "problems", ()))
    return Problem(path, "", f"{n} message{'s' * (n != 1)} refused; nothing was imported")


def cmd_publish(args: argparse.Namespace) -> int:
    from stretchkit.errors import WorkflowError
    from stretchkit.review.translations import publish_translation

    library = open_library(args)
    language = library.settings.target(args.lang)
    reviewer = args.reviewer or library.user
    ids = args.ids or [i for i in library.ids() if library.is_live(i)
                       and library.translations.path_of(language, i).exists()]
    refused = 0
    for entry_id in ids:
        library.get(entry_id)
        try:
            publish_translation(library, language, entry_id, reviewer)
        except WorkflowError as exc:
            refused += 1
            for line in str(exc).splitlines():
                print(f"stretchkit: not published: {line}")
            continue
        print(f"published {entry_id} in {language}")
    return 1 if refused else 0
