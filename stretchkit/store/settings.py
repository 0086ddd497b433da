"""A data folder's settings: `<data>/stretchkit.json`, all optional.

    {"allow_self_approval": false, "source_language": "en", "languages": ["en", "fr"]}

`allow_self_approval` lets one person write, approve and publish the same entry (a one-person
team); by default a reviewer may not approve content they changed since it was last published.

`source_language` is the language entries are written in, `languages` every language the
library is published in (the source language among them; listed first if left out). Both are
BCP 47 tags in their standard form ("fr", "pt-BR", "zh-Hant"); an unknown or misspelt tag is
refused with the allowed form or the closest known tag ("french" -> did you mean 'fr'?).
With no settings, one language, English, as before translations existed.
"""

from __future__ import annotations

import difflib
import json
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator, model_validator
from pydantic_core import PydanticCustomError

from stretchkit.errors import StretchkitError, UsageError

SETTINGS_FILE = "stretchkit.json"

#: Tags offered as suggestions when a tag is not known (the languages most exercise
#: databases are published in); any valid BCP 47 tag is accepted.
COMMON_TAGS = ("ar", "cs", "da", "de", "el", "en", "en-GB", "en-US", "es", "fi", "fr",
               "he", "hi", "hu", "id", "it", "ja", "ko", "nb", "nl", "pl", "pt", "pt-BR",
               "ro", "ru", "sv", "th", "tr", "uk", "vi", "zh-Hans", "zh-Hant")


def language_problem(tag: object) -> str | None:
    """What is wrong with `tag` as a BCP 47 language tag in its standard form, or None.

    langcodes does the parsing and the standard form (case, separators, the shortest
    subtag: 'fre' -> 'fr', 'en_us' -> 'en-US'); a name ('French') finds its tag through
    langcodes' language names, a near miss the closest common tag."""
    import langcodes  # imported here: only folders with languages pay for it

    if not isinstance(tag, str) or not tag.strip():
        return f"expected a BCP 47 language tag like 'fr' or 'pt-BR', got {tag!r}"
    try:
        standard = langcodes.standardize_tag(tag)
        valid = langcodes.Language.get(standard).is_valid()
    except (ValueError, LookupError):
        standard, valid = None, False
    if valid and standard == tag:
        return None
    if valid and standard is not None:
        return f"expected the standard form {standard!r}, got {tag!r}"
    hint = _suggestion(tag)
    return (f"unknown language tag {tag!r} (expected a BCP 47 tag like 'fr' or 'pt-BR')"
            + (f": did you mean {hint!r}?" if hint else ""))


def _suggestion(tag: str) -> str | None:
    import langcodes

    try:
        found = str(langcodes.find(tag))  # a language's name, in English or in itself
    except (LookupError, ValueError):
        found = None
    if found:
        return found
    close = difflib.get_close_matches(tag, COMMON_TAGS, n=1, cutoff=0.5) or \
        difflib.get_close_matches(tag.lower(), [t.lower() for t in COMMON_TAGS], n=1, cutoff=0.5)
    if not close:
        return None
    return next(t for t in COMMON_TAGS if t.lower() == close[0].lower())


def check_language(tag: object) -> str:
    """`tag` if it is a standard BCP 47 tag; UsageError naming the allowed form otherwise."""
    problem = language_problem(tag)
    if problem is not None:
        raise UsageError(f"language: {problem}")
    return tag  # type: ignore[return-value]


def language_name(tag: str) -> str:
    """'fr' -> 'français (French)': the language's own name and its English name."""
    import langcodes

    try:
        language = langcodes.Language.get(tag)
        own, english = language.autonym(), language.display_name()
    except (LookupError, ValueError):
        return tag
    return own if own == english else f"{own} ({english})"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    allow_self_approval: bool = False
    source_language: str = "en"
    languages: tuple[str, ...] = ()

    @field_validator("source_language")
    @classmethod
    def _tag(cls, value: str) -> str:
        problem = language_problem(value)
        if problem is not None:
            raise PydanticCustomError("language", "{message}", {"message": problem})
        return value

    @field_validator("languages", mode="before")
    @classmethod
    def _tags(cls, value: object) -> object:
        if not isinstance(value, list | tuple):
            return value
        for i, tag in enumerate(value):
            problem = language_problem(tag)
            if problem is not None:
                raise PydanticCustomError("language", "{message}",
                                          {"message": f"[{i}]: {problem}"})
        if len(set(value)) != len(value):
            twice = next(t for t in value if list(value).count(t) > 1)
            raise PydanticCustomError("language", "{message}",
                                      {"message": f"{twice!r} is listed twice"})
        return value

    @model_validator(mode="after")
    def _source_listed(self) -> Settings:
        if self.source_language not in self.languages:
            object.__setattr__(self, "languages", (self.source_language, *self.languages))
        return self

    @property
    def targets(self) -> tuple[str, ...]:
        """The languages entries are translated into: every language but the source."""
        return tuple(t for t in self.languages if t != self.source_language)

    def target(self, tag: str) -> str:
        """`tag` if it is one of the folder's target languages; UsageError (exit 2) naming
        them otherwise, or saying the tag is the source language."""
        if tag == self.source_language:
            raise UsageError(f"language: {tag!r} is the source language; expected one of "
                             f"the target languages ({', '.join(self.targets) or 'none'})")
        if tag not in self.targets:
            problem = language_problem(tag)
            detail = f" ({problem})" if problem else ""
            raise UsageError(
                f"language: {tag!r} is not a language of this library{detail}; expected one "
                f"of {', '.join(self.targets) or 'none yet'} (add it to 'languages' in "
                f"{SETTINGS_FILE})")
        return tag


def load_settings(root: str | os.PathLike[str]) -> Settings:
    """The folder's settings, or the defaults when it has no settings file."""
    path = Path(root) / SETTINGS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StretchkitError(f"{path}: cannot read the settings: {exc}") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(map(str, first["loc"])) or "settings"
        if first["type"] == "extra_forbidden":
            message = "unknown setting (allowed: " + ", ".join(Settings.model_fields) + ")"
        elif first["type"] == "language":
            message = first["msg"]
            raise StretchkitError(f"{path}: {field}: {message}") from None
        else:
            message = first["msg"]
        raise StretchkitError(f"{path}: {field}: {message}, got {first.get('input')!r}"
                              ) from None
