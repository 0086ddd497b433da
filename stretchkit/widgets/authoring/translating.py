"""Translating in the authoring app, in plain Python (no widgets): which language is picked,
the open entry's items beside their translation, what the translator typed, and the preview
in that language.

The items are the saved entry's (a translation is made from saved text, never from a draft
that may still change). An outdated item carries the source text its translation was made
from, and `diff_html` shows what changed in the source since, word by word. Saving goes
through the library's translation files (conflict-checked like entries: another translator's
save in between is refused, and the typing is kept).
"""

from __future__ import annotations

from stretchkit.errors import ConflictError, StretchkitError
from stretchkit.model.entry import Exercise
from stretchkit.model.translation import (
    ItemState,
    Translation,
    align,
    count,
    localize,
    source_diff,
    with_texts,
)
from stretchkit.render.html import escape_html
from stretchkit.store.settings import language_name
from stretchkit.widgets.authoring.session import REPLACED, AuthoringSession
from stretchkit.widgets.base import Session
from stretchkit.widgets.changes import fields_in_words


def diff_html(old: str, new: str) -> str:
    """What changed in a source item, word by word: removed words in `<del>`, added ones in
    `<ins>`, all escaped."""
    parts = []
    for op, text in source_diff(old, new):
        if op == "=":
            parts.append(escape_html(text))
        elif op == "-":
            parts.append(f'<del class="sk-diff-del">{escape_html(text)}</del>')
        else:
            parts.append(f'<ins class="sk-diff-add">{escape_html(text)}</ins>')
    return f'<span class="sk-source-diff">{" ".join(parts)}</span>'


class TranslationSession(Session):
    """The language picked in an authoring app and the translation of its open entry.
    Listeners hear 'language' (another language picked), 'items' (another entry, or the
    translation reloaded or saved) and 'typed'."""

    def __init__(self, authoring: AuthoringSession):
        super().__init__()
        self.authoring = authoring
        self.library = authoring.library
        settings = self.library.settings
        self.source_language = settings.source_language
        self.languages: tuple[str, ...] = settings.languages
        self.language = self.source_language
        self.translation: Translation | None = None
        self.items: list[ItemState] = []
        self.typed: dict[tuple[str, str], str] = {}
        authoring.observe(self._on_authoring)

    # -- what the widgets ask ---------------------------------------------------------------
    @property
    def translating(self) -> bool:
        """Whether a target language is picked (else the app shows the source)."""
        return self.language != self.source_language

    def choices(self) -> list[tuple[str, str]]:
        """(label, tag) for the picker: 'English (source)', 'français (French)'."""
        return [(f"{language_name(tag)}{' (source)' if tag == self.source_language else ''}",
                 tag) for tag in self.languages]

    @property
    def entry(self) -> Exercise | None:
        """The saved entry being translated (None for a new entry never saved)."""
        return self.authoring.original

    @property
    def dirty(self) -> bool:
        return any(self.typed.get((s.channel, s.key), s.text or "") != (s.text or "")
                   for s in self.items)

    def summary(self) -> str:
        """'12 translated, 1 outdated, 3 missing' for the open entry ('' when not
        translating)."""
        return count(self.items).describe() if self.translating and self.items else ""

    def text_of(self, item: ItemState) -> str:
        """What the box of an item shows: the typing, else the saved translation."""
        return self.typed.get((item.channel, item.key), item.text or "")

    def preview(self) -> tuple[Exercise, list[str]]:
        """The draft entry in the picked language, field by field, with the typing applied,
        and the fields that fall back to the source language."""
        draft = self.authoring.preview_entry()
        if not self.translating:
            return draft, []
        return localize(draft, self._with_typing())

    def fallback_note_html(self, fallback: list[str]) -> str:
        """A line for the author above the preview: which fields are still shown in the
        source language (escaped)."""
        if not self.translating or not fallback:
            return ""
        source = escape_html(language_name(self.source_language))
        return (f'<div class="sk-fallback-note">Shown in {source} (not translated, or '
                f"outdated): {escape_html(fields_in_words(fallback))}</div>")

    # -- acting -----------------------------------------------------------------------------
    def set_language(self, language: str) -> None:
        """Pick a language: the source (plain authoring) or a target (translating)."""
        if language not in self.languages:
            raise ValueError(f"language: expected one of {', '.join(self.languages)}, got "
                             f"{language!r}")
        self.language = language
        self._load()
        self.clear_message()
        self._notify("language")

    def type(self, channel: str, key: str, text: str) -> None:
        """The translator typed `text` for an item."""
        self.typed[(channel, key)] = text
        self._notify("typed")

    def save(self) -> bool:
        """Save the typed translations of the open entry; True if saved. A refusal (a blank
        or multi-line text, another translator's save since, a disk error) keeps the typing
        and says why."""
        if not self.translating or self.entry is None:
            self.say("Pick a language to translate into, and a saved entry.", "warn")
            return False
        changed = {k: v for k, v in self.typed.items()
                   if v.strip() and v != next((s.text for s in self.items
                                               if (s.channel, s.key) == k), None)}
        bad = [k for k, v in changed.items() if "\n" in v or "\r" in v]
        if bad:
            item = next(s for s in self.items if (s.channel, s.key) == bad[0])
            self.say(f"Not saved: {item.label}: one line only (each paragraph or item is its "
                     "own line). Your text is kept.", "warn")
            return False
        if not changed:
            self.say("Nothing to save: no translation changed.", "ok")
            return False
        try:
            updated = with_texts(self.entry, self.translation, self.language, changed,
                                 by=self.library.user)
            self.library.translations.save(updated)
        except ConflictError:
            self.say("Not saved: someone else saved this translation since you opened it. "
                     "Your text is kept; reload to see theirs.", "warn")
            return False
        except (StretchkitError, OSError, ValueError) as exc:
            self.say(f"Not saved: {exc}. Your text is kept.", "warn")
            return False
        self._load()
        self.say(f"Saved the {language_name(self.language)} translation of {self.entry.name}.",
                 "ok", "items")
        return True

    def reload(self) -> None:
        """Read the translation again (dropping the typing)."""
        self._load()
        self._notify("items")

    # -- helpers ----------------------------------------------------------------------------
    def _with_typing(self) -> Translation | None:
        entry = self.entry
        typed = {k: v for k, v in self.typed.items() if v.strip() and "\n" not in v}
        if entry is None or not typed:
            return self.translation
        try:
            return with_texts(entry, self.translation, self.language, typed)
        except (KeyError, ValueError):
            return self.translation

    def _load(self) -> None:
        self.typed = {}
        if not self.translating or self.entry is None:
            self.translation, self.items = None, []
            return
        self.translation = self.library.translations.get(self.language, self.entry.id)
        self.items = align(self.entry, self.translation)

    def _on_authoring(self, reason: str) -> None:
        if reason in REPLACED and self.translating:
            self._load()
            self._notify("items")
