"""How far each language is: items translated, outdated and missing, per language and per
entry. Reads the translation files when asked (never when the library loads); the command
line's `translate status` and the dashboard both call `translation_status`.

What status remembers between runs: reading every translation file of a 10,000-entry
library (120 MB of JSON) takes longer than the second status may take, and between two runs
most files and entries have not changed. So each entry's counts are kept in
`.cache/translation-status-<lang>.json` under the data folder (out of git, like the lock),
keyed by the digest of the entry's file and the signature of its translation file (size,
times, inode: what git's index trusts). A run reads only the files whose key changed.
The cache is only ever a shortcut: one that is missing, unreadable, from another version of
the alignment code or half-written by a killed process is ignored and rewritten; a file
changed in the same clock tick as it was remembered is not trusted (it is not remembered
until it is two seconds old); a file that does not read is never remembered, so its problem
is named on every run.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from stretchkit.fileio import collector_paused, write_atomically
from stretchkit.model import translation as alignment
from stretchkit.model.entry import ACTIVE_STATUSES, Exercise
from stretchkit.model.translation import Counts, count_sources
from stretchkit.parallel import cores, map_parts, split
from stretchkit.store.library import Library

CACHE_FOLDER = ".cache"
#: A remembered file must be this much older than the run that remembers it (nanoseconds).
SETTLED_NS = 2_000_000_000
#: Below this many files to read, one process reads them (a fork costs more than it saves).
FORK_FROM = 500


def working_entries(library: Library) -> list[Exercise]:
    """The entries translators work on: every working copy but archived ones."""
    return library.filter(status=ACTIVE_STATUSES)


@dataclass
class LanguageStatus:
    """How far one language is: totals, and per entry (id -> counts)."""

    language: str
    total: Counts = field(default_factory=Counts)
    entries: dict[str, Counts] = field(default_factory=dict)


def cache_path(root: Path, language: str) -> Path:
    return root / CACHE_FOLDER / f"translation-status-{language}.json"


def _code_version() -> str:
    """What the counts were computed by: the alignment module's source."""
    return hashlib.sha256(Path(alignment.__file__).read_bytes()).hexdigest()[:16]


def _read_cache(path: Path, version: str) -> dict[str, list]:
    """The remembered counts, keeping only well-formed records ({} if there are none)."""
    try:
        data = json.loads(path.read_bytes())
        if data["version"] != version:
            return {}
        return {entry_id: record for entry_id, record in data["entries"].items()
                if isinstance(record, list) and len(record) == 5
                and all(type(part) is str for part in record[:2])
                and all(type(n) is int and n >= 0 for n in record[2:])}
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return {}


def _settled(signature: str, before_ns: int) -> bool:
    _, mtime, ctime, _ = signature.split(":")
    return int(mtime) < before_ns and int(ctime) < before_ns


def translation_status(library: Library, languages: Sequence[str] | None = None
                       ) -> list[LanguageStatus]:
    """Items translated, outdated and missing per target language (default: all of them).
    Files that did not read are in `library.translations.problems` afterwards."""
    settings = library.settings
    languages = [settings.target(lang) for lang in languages] if languages else \
        list(settings.targets)
    entries = working_entries(library)
    translations = library.translations
    version = _code_version()
    out, problems = [], []
    # Thousands of small records, none in a cycle: left to the collector, reading them costs
    # full collections over the whole loaded library.
    with collector_paused():
        for language in languages:
            status, found = _language_status(library, entries, language, version)
            out.append(status)
            problems += found
    translations.problems = problems
    return out


def _language_status(library: Library, entries: list[Exercise], language: str, version: str
                     ) -> tuple[LanguageStatus, list]:
    """One language's status, and the problems of the files that did not read."""
    translations = library.translations
    problems: list = []
    started_ns = time.time_ns()
    signatures = translations.signatures(language)
    path = cache_path(library.root, language)
    cached = _read_cache(path, version)
    keys = {e.id: [library.file_digest(e.id), signatures.get(e.id, "")] for e in entries}
    todo = [e for e in entries if cached.get(e.id, [None, None])[:2] != keys[e.id]]

    def count_part(part: Sequence[Exercise], language: str = language, keys=keys
                   ) -> tuple[dict[str, Counts], set[str], list]:
        """Counts of the entries of `part`, the ids whose file read, and the problems of
        the files that did not (a part may run in a child process: see parallel)."""
        found = translations.read_sources(language, [e.id for e in part if keys[e.id][1]])
        return ({e.id: count_sources(e, found.get(e.id, {})) for e in part}, set(found),
                translations.problems)

    counted: dict[str, Counts] = {}
    readable_ids: set[str] = set()
    for part_counts, part_ids, part_problems in map_parts(
            count_part, split(todo, cores() if len(todo) >= FORK_FROM else 1)):
        counted.update(part_counts)
        readable_ids |= part_ids
        problems += part_problems
    remembered: dict[str, list] = {}
    status = LanguageStatus(language)
    total = [0, 0, 0]
    settled_before = started_ns - SETTLED_NS
    for entry in entries:
        key = keys[entry.id]
        hit = cached.get(entry.id)
        if hit is not None and hit[:2] == key:
            counts = Counts(*hit[2:])
            remembered[entry.id] = hit
        else:
            counts = counted[entry.id]
            # a file that did not read counts as missing, and is read again next time
            readable = not key[1] or entry.id in readable_ids
            if readable and (not key[1] or _settled(key[1], settled_before)):
                remembered[entry.id] = [*key, counts.translated, counts.outdated,
                                        counts.missing]
        status.entries[entry.id] = counts
        total[0] += counts.translated
        total[1] += counts.outdated
        total[2] += counts.missing
    status.total = Counts(*total)
    if remembered != cached:
        _write_cache(path, version, remembered)
    return status, problems


def _write_cache(path: Path, version: str, entries: dict[str, list]) -> None:
    data = json.dumps({"version": version, "entries": entries}, separators=(",", ":"))
    try:
        path.parent.mkdir(exist_ok=True)
        write_atomically(path, data.encode("utf-8"), durable=False)
    except OSError:  # a read-only data folder: status works, the next run reads all again
        pass
