"""Publishing translations: the same promise as entries, by a simpler rule.

What is published in a language changes only through review. A translator's saves and
imports change the working translation files (`translations/<lang>/<id>.json`); only
`publish_translation`, a reviewer's decision, puts a translation in the language's published
channel (`published/<lang>/<id>.json`), recorded with who published it, when, and the entry
version it was checked against.

The rule, instead of a second draft / review / approve / publish cycle per language:

- the entry itself must be published: a translation is checked against the published text
  (the source language never waits for translations; a republished source makes the stale
  fields of a published translation fall back to the source in exports, field by field,
  until a translation of the new text is published);
- no item may be outdated against that text (missing items are allowed: they fall back);
- the reviewer may not be the person who last changed the translation, unless the folder's
  settings allow self-approval (a one-person team).
"""

from __future__ import annotations

from dataclasses import dataclass

from stretchkit.errors import NotFoundError, WorkflowError
from stretchkit.formats.entry_file import load_entry
from stretchkit.model.entry import Exercise, now
from stretchkit.model.translation import (
    Counts,
    Publication,
    Translation,
    align,
    count,
    outdated,
    with_texts,
)
from stretchkit.model.version import same_person
from stretchkit.store.history import last_publication, published_path
from stretchkit.store.library import Library
from stretchkit.store.settings import SETTINGS_FILE


def published_entry(library: Library, entry_id: str) -> Exercise:
    """The live version of an entry (what readers see); NotFoundError if it is not live."""
    if not library.is_live(entry_id):
        raise NotFoundError(f"entry {entry_id!r} is not published")
    path = published_path(library.root, entry_id)
    return load_entry(path.read_bytes(), library.vocabulary, where=str(path))


@dataclass(frozen=True)
class Readiness:
    """Whether an entry's translation can be published, and why not."""

    entry_id: str
    counts: Counts
    blocking: tuple[str, ...]  # why it cannot be published; empty when it can


def readiness(library: Library, language: str, entry_id: str) -> Readiness:
    """Check a translation against the entry's published text, without publishing."""
    where = f"entry {entry_id!r} in {language!r}"
    if not library.is_live(entry_id):
        return Readiness(entry_id, Counts(), (
            f"{where}: the entry is not published; publish it first (the translation is "
            "checked against the published text)",))
    translation = library.translations.get(language, entry_id)
    if translation is None:
        return Readiness(entry_id, Counts(), (f"{where}: no translation yet",))
    states = align(published_entry(library, entry_id), translation)
    stale = [f"{s.field} ({s.label})" for s in outdated(states)]
    blocking = [f"{where}: outdated since the source changed: {', '.join(stale)}; update "
                "them first"] if stale else []
    return Readiness(entry_id, count(states), tuple(blocking))


def publish_translation(library: Library, language: str, entry_id: str, reviewer: str
                        ) -> Translation:
    """Publish the working translation of an entry in `language` (see the module's rule);
    WorkflowError says why it cannot be."""
    language = library.settings.target(language)
    name = " ".join(reviewer.split())
    if not name:
        raise WorkflowError("reviewer: expected a name (--reviewer, or $STRETCHKIT_USER)")
    ready = readiness(library, language, entry_id)
    if ready.blocking:
        raise WorkflowError("\n".join(ready.blocking))
    translation = library.translations.get(language, entry_id)
    assert translation is not None  # readiness refused otherwise
    if same_person(name, translation.by) and not library.settings.allow_self_approval:
        raise WorkflowError(
            f"entry {entry_id!r} in {language!r}: reviewer: {name!r} made this translation, "
            f"so someone else must publish it; a one-person team can allow self-approval in "
            f"{library.root / SETTINGS_FILE}")
    entry = published_entry(library, entry_id)
    version = last_publication(library.versions(entry_id))
    trimmed = with_texts(entry, translation, language, {}, by=translation.by,
                         at=translation.updated)
    published = trimmed.model_copy(update={"published": Publication(
        by=name, at=now(), version=version.id if version else None)})
    library.translations.publish(published)
    return published
