"""Translators' files in and out, translation status, and entries in a language.

- `translation_status`: per language, items translated, outdated and missing (per entry too).
- `export_translations`: one PO or XLIFF file per language (see `formats.po`).
- `plan_translation_import` / `import_translations`: a translator's file back, all or
  nothing. A message whose source text changed since the file was written is refused by
  entry, field and item; so is a translation the model refuses (a line break, blank text).
- `localized_entries`: entries in a language, falling back to the source language field by
  field, with the fields that fell back (exports with `--lang`).
"""

from __future__ import annotations

import itertools
import os
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from stretchkit.errors import EntryError, Problem, StretchkitError, UsageError
from stretchkit.fileio import collector_paused, write_atomically
from stretchkit.formats.po import po_body, po_joined, read_po
from stretchkit.formats.xliff import read_xliff, xliff_bytes
from stretchkit.model.entry import LINE_PATTERN, Exercise, now
from stretchkit.model.translation import (
    CHANNEL_LABELS,
    TRANSLATED_FIELDS,
    ItemState,
    Message,
    Translation,
    align,
    localize,
    messages_for,
    parse_context,
    with_texts,
)
from stretchkit.parallel import cores, map_parts, split
from stretchkit.store.library import CHANNELS as ENTRY_CHANNELS
from stretchkit.store.library import Library
from stretchkit.store.translation_status import (
    LanguageStatus,
    translation_status,
    working_entries,
)

__all__ = ["LanguageStatus", "translation_status", "working_entries"]  # re-exported

#: Translators' file formats: name -> (writer of a run of messages, joiner of the runs
#: written into the file's bytes for a language and source language, reader of bytes). A
#: large library's messages are made and written in runs at once (see `parallel`).
FORMATS: dict[str, tuple[Callable[[list[Message]], Any], Callable[[list, str, str], bytes],
                         Callable[[bytes, str], tuple]]] = {
    "po": (po_body, lambda bodies, lang, src: po_joined(lang, src, bodies).encode("utf-8"),
           read_po),
    "xliff": (lambda messages: messages,
              lambda runs, lang, src: xliff_bytes([*itertools.chain(*runs)], lang, src),
              read_xliff),
}
#: Below this many entries, one process makes a translators' file (a fork costs more).
FORK_FROM = 500
_SUFFIXES = {".po": "po", ".pot": "po", ".xlf": "xliff", ".xliff": "xliff"}
ONLY = ("all", "missing", "outdated")
_LINE = re.compile(LINE_PATTERN)


def entry_states(library: Library, entry_id: str, language: str) -> list[ItemState]:
    """Every translatable item of an entry and its state in `language`."""
    library.settings.target(language)
    return align(library.get(entry_id), library.translations.get(language, entry_id))


# -- translators' files out -------------------------------------------------------------------
def format_of(path: str | os.PathLike[str], given: str | None = None) -> str:
    """The translators' format: `given`, else from the file name (.po, .xlf, .xliff)."""
    if given is not None:
        if given not in FORMATS:
            raise UsageError(f"format: expected one of {', '.join(FORMATS)}, got {given!r}")
        return given
    found = _SUFFIXES.get(Path(path).suffix.lower())
    if found is None:
        raise UsageError(f"cannot tell the format of {path}: name it .po or .xlf, or give "
                         f"--format ({', '.join(FORMATS)})")
    return found


def export_translations(library: Library, language: str, out: str | os.PathLike[str], *,
                        fmt: str = "po", only: str = "all", overwrite: bool = False,
                        entries: Iterable[Exercise] | None = None) -> tuple[Path, int]:
    """Write the translators' file of `language` (every working entry but archived ones, or
    `entries`); returns the path and how many messages it holds. `only` keeps the `missing`
    or `outdated` items."""
    language = library.settings.target(language)
    if only not in ONLY:
        raise UsageError(f"only: expected one of {', '.join(ONLY)}, got {only!r}")
    write_run, join, _ = FORMATS[format_of(out, fmt)]
    out = Path(out)
    if out.exists() and not overwrite:
        raise StretchkitError(f"{out}: file exists; choose a new name or allow overwriting "
                              "(--force)")
    entries = list(working_entries(library) if entries is None else entries)

    def write_part(part: Sequence[Exercise]) -> tuple[Any, int, list[Problem]]:
        """A run of entries' messages, written, how many, and the translation files that did
        not read (their items are exported untranslated); may run in a child process."""
        found = library.translations.read_all(language, [e.id for e in part])
        messages: list[Message] = []
        with collector_paused():  # hundreds of thousands of small objects, no cycles
            for entry in part:
                messages += messages_for(entry, align(entry, found.get(entry.id)), only)
            return write_run(messages), len(messages), library.translations.problems

    runs = map_parts(write_part, split(entries, cores() if len(entries) >= FORK_FROM else 1))
    library.translations.problems = [p for _, _, problems in runs for p in problems]
    data = join([run for run, _, _ in runs], language, library.settings.source_language)
    out.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(out, data)
    return out, sum(count for _, count, _ in runs)


# -- translators' files in --------------------------------------------------------------------
@dataclass
class TranslationPlan:
    """What an import would do: the translations to write, how many items change, and every
    message refused (nothing is written while there is one)."""

    language: str = ""
    translations: list[Translation] = field(default_factory=list)
    changed: int = 0
    unchanged: int = 0
    untranslated: int = 0
    fuzzy: int = 0
    problems: list[Problem] = field(default_factory=list)

    def summary(self) -> str:
        entries = len(self.translations)
        return (f"{self.changed} item{'s' * (self.changed != 1)} translated in {entries} "
                f"entr{'y' if entries == 1 else 'ies'}, {self.unchanged} unchanged, "
                f"{self.untranslated} left untranslated, {self.fuzzy} fuzzy (skipped)")


def _line_problem(text: str) -> str | None:
    if _LINE.fullmatch(text):
        return None
    if "\n" in text or "\r" in text:
        return ("expected one line (the kit keeps each paragraph or item on its own line), "
                f"got a line break: {text[:40]!r}")
    return f"expected text, got {text!r}"


def plan_translation_import(library: Library, path: str | os.PathLike[str], *,
                            language: str | None = None, fmt: str | None = None
                            ) -> TranslationPlan:
    """Read a translator's file and plan its import, without writing. Every message that
    cannot be imported is a problem naming the file, the entry, the field and the item."""
    path = Path(path)
    reader = FORMATS[format_of(path, fmt)][2]
    where = str(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise StretchkitError(f"{path}: no such file") from None
    with collector_paused():
        file_language, messages = reader(data, where)
        return _plan(library, path, language, file_language, messages)


def _plan(library: Library, path: Path, language: str | None, file_language: str | None,
          messages: list[Message]) -> TranslationPlan:
    where = str(path)
    plan = TranslationPlan()
    if language is None:
        if file_language is None:
            raise UsageError(f"{path}: the file names no language; give --lang")
        language = file_language
    elif file_language is not None and file_language != language:
        raise UsageError(f"{path}: language: the file is for {file_language!r}, not "
                         f"{language!r}")
    plan.language = library.settings.target(language)
    by_entry: dict[str, list[tuple[Message, str, str]]] = {}
    for m in messages:
        parsed = parse_context(m.context)
        if parsed is None:
            plan.problems.append(Problem(where, "", f"message {m.context!r}: expected a "
                                         "context 'entry|field|item' as the kit writes it"))
            continue
        entry_id, channel, key = parsed
        by_entry.setdefault(entry_id, []).append((m, channel, key))
    found = library.translations.read_all(plan.language, list(by_entry))
    plan.problems += library.translations.problems
    stamp = now()
    for entry_id, items in by_entry.items():
        if entry_id not in library:
            plan.problems.append(Problem(where, entry_id, "no such entry in the library "
                                         "(deleted or renamed since the file was written)"))
            continue
        entry = library.get(entry_id)
        current = found.get(entry_id)
        aligned = align(entry, current)
        states = {(s.channel, s.key): s for s in aligned}
        texts: dict[tuple[str, str], str] = {}
        for m, channel, key in items:
            state = states.get((channel, key))
            if state is None or state.source != m.source:
                plan.problems.append(Problem(
                    where, f"{entry_id}: {channel}",
                    f"{CHANNEL_LABELS[channel]} {key} ({m.source[:50]!r}): the source text "
                    "changed since the file was written (or the item was removed); export a "
                    "new file and translate it there"))
                continue
            if not m.text:
                plan.untranslated += 1
                continue
            if m.fuzzy:
                plan.fuzzy += 1
                continue
            if state.state == "current" and state.text == m.text:  # most messages of a file
                plan.unchanged += 1
                continue
            problem = _line_problem(m.text)
            if problem is not None:
                plan.problems.append(Problem(where, f"{entry_id}: {channel} ({state.label})",
                                             problem))
                continue
            texts[(channel, key)] = m.text
        if texts:
            plan.changed += len(texts)
            plan.translations.append(with_texts(entry, current, plan.language, texts,
                                                by=library.user, at=stamp, states=aligned))
    return plan


def import_translations(library: Library, path: str | os.PathLike[str], *,
                        language: str | None = None, fmt: str | None = None,
                        dry_run: bool = False) -> TranslationPlan:
    """Import a translator's file, all or nothing: EntryError with every refused message,
    and nothing written, if any is; a translation file changed by someone else since it was
    read is a ConflictError, also before anything is written."""
    plan = plan_translation_import(library, path, language=language, fmt=fmt)
    if plan.problems:
        raise EntryError(plan.problems, str(path))
    if not dry_run and plan.translations:
        library.translations.save_all(plan.translations)
    return plan


# -- entries in a language --------------------------------------------------------------------
def localized_entries(library: Library, entries: Sequence[Exercise], language: str,
                      channel: str = "working"
                      ) -> tuple[list[Exercise], dict[str, list[str]]]:
    """`entries` in `language`, field by field (a field not wholly translated and current
    keeps the source text), and per entry id the fields that fell back. The published
    channel takes each entry's published translation (what review let out)."""
    language = library.settings.target(language)
    if channel not in ENTRY_CHANNELS:  # a typo must not quietly export the working text
        raise UsageError(f"channel: expected one of {', '.join(ENTRY_CHANNELS)}, got "
                         f"{channel!r}")
    if channel == "published":
        found = {e.id: library.translations.published(language, e.id) for e in entries}
    else:
        found = library.translations.read_all(language, [e.id for e in entries])
    out, fallback = [], {}
    for entry in entries:
        translated, fell_back = localize(entry, found.get(entry.id))
        out.append(translated)
        fallback[entry.id] = fell_back
    return out, fallback


def every_language(library: Library, entries: Sequence[Exercise], channel: str = "working"
                   ) -> dict[str, dict]:
    """Per entry id, `{"translations": {lang: {translated fields..., "fallback": [...]}}}`:
    every target language at once, for a JSON export."""
    out: dict[str, dict] = {e.id: {"translations": {}} for e in entries}
    for language in library.settings.targets:
        translated, fallback = localized_entries(library, entries, language, channel)
        for entry in translated:
            data = entry.model_dump(mode="json")
            fields = {name: data[name] for name in TRANSLATED_FIELDS
                      if data[name] and name not in fallback[entry.id]}
            out[entry.id]["translations"][language] = {**fields,
                                                       "fallback": fallback[entry.id]}
    return out

