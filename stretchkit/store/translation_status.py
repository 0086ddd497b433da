"""How far each language is: items translated, outdated and missing, per language and per
entry. Reads the translation files when asked (never when the library loads); the command
line's `translate status` and the dashboard both call `translation_status`."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from stretchkit.model.entry import ACTIVE_STATUSES, Exercise
from stretchkit.model.translation import Counts, count_sources
from stretchkit.store.library import Library


def working_entries(library: Library) -> list[Exercise]:
    """The entries translators work on: every working copy but archived ones."""
    return library.filter(status=ACTIVE_STATUSES)


@dataclass
class LanguageStatus:
    """How far one language is: totals, and per entry (id -> counts)."""

    language: str
    total: Counts = field(default_factory=Counts)
    entries: dict[str, Counts] = field(default_factory=dict)


def translation_status(library: Library, languages: Sequence[str] | None = None
                       ) -> list[LanguageStatus]:
    """Items translated, outdated and missing per target language (default: all of them)."""
    settings = library.settings
    languages = [settings.target(lang) for lang in languages] if languages else \
        list(settings.targets)
    entries = working_entries(library)
    out = []
    for language in languages:
        found = library.translations.read_sources(language)
        status = LanguageStatus(language)
        total = [0, 0, 0]
        for entry in entries:
            counts = count_sources(entry, found.get(entry.id, {}))
            status.entries[entry.id] = counts
            total[0] += counts.translated
            total[1] += counts.outdated
            total[2] += counts.missing
        status.total = Counts(*total)
        out.append(status)
    return out
