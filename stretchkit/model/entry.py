"""The entry model: one stretch or mobility drill, as DESIGN.md describes it.

Pure data: no files, no widgets. Vocabulary fields are checked against the vocabulary given in
the validation context (`Exercise.model_validate(data, context={"vocabulary": v})`), else the
default one, and aliases are normalised ("warmup" becomes "warm-up").
"""

from __future__ import annotations

import re
import unicodedata
from datetime import UTC, datetime
from typing import Annotated, Any, Literal, get_args

from pydantic import (
    AfterValidator,
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    ValidationInfo,
    WrapValidator,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from stretchkit.errors import EntryError, Problem, VocabularyError
from stretchkit.model.vocabulary import Vocabulary

Status = Literal["draft", "in-review", "changes-requested", "approved", "published", "archived"]
STATUSES: tuple[str, ...] = get_args(Status)
#: Every status but archived: what lists, exports and dashboards include unless told otherwise.
ACTIVE_STATUSES: tuple[str, ...] = tuple(s for s in STATUSES if s != "archived")
Phase = Literal["setup", "execution", "breathing", "safety", "finish"]
PHASES: tuple[str, ...] = get_args(Phase)
Sides = Literal["each", "both", "none"]

SLUG_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"
SLUG_MAX = 80
_SLUG_RE = re.compile(SLUG_PATTERN)
# Names that Windows will not open as files, whatever the extension.
RESERVED_SLUGS = frozenset(
    {"con", "prn", "aux", "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)}
)


def check_slug(value: str) -> str:
    """Accept a safe entry id or raise an error that says what an id must look like."""
    if not isinstance(value, str) or not _SLUG_RE.fullmatch(value):
        raise PydanticCustomError(
            "slug", "{message}",
            {"message": "expected a slug of lowercase letters, digits and single hyphens "
                        f"(like 'hip-flexor-stretch'), got {value!r}"})
    if len(value) > SLUG_MAX:
        raise PydanticCustomError(
            "slug_length", "expected at most {max} characters, got {n}",
            {"max": SLUG_MAX, "n": len(value)})
    if value in RESERVED_SLUGS:
        raise PydanticCustomError(
            "slug_reserved", "{message}",
            {"message": f"{value!r} is a reserved file name; choose another id"})
    return value


def slugify(name: str) -> str:
    """The id a name gets by default: ASCII, lowercase, hyphenated, at most 80 characters.

    Unicode forms fold together (NFKD, accents dropped), so 'Café' and 'Cafe\u0301' collide.
    """
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if len(slug) > SLUG_MAX:
        slug = slug[:SLUG_MAX].rsplit("-", 1)[0] if "-" in slug[:SLUG_MAX] else slug[:SLUG_MAX]
    if not slug:
        raise EntryError(Problem("entry", "name",
                                 f"cannot derive an id from {name!r}: give an id"))
    if slug in RESERVED_SLUGS:
        slug = f"{slug}-stretch"
    return slug


def _line_problem(value: str) -> str | None:
    """What is wrong with `value` as one line of text, or None if nothing is."""
    if not value.strip():
        return "expected text, got an empty value"
    if "\n" in value or "\r" in value:
        return ("expected one line (each paragraph or item is its own list entry), "
                f"got text with a line break: {value[:40]!r}")
    return None


def _one_line(value: str) -> str:
    problem = _line_problem(value)
    if problem is not None:
        raise PydanticCustomError("line", "{message}", {"message": problem})
    return value


# Not blank, no line break. A pattern rather than a Python validator: pydantic checks it in
# Rust, which makes loading a library about a third faster (entries hold ~40 such lines).
# problems_from() turns a mismatch back into _line_problem()'s message.
LINE_PATTERN = r"^[^\r\n]*\S[^\r\n]*$"
Slug = Annotated[str, AfterValidator(check_slug)]
Line = Annotated[str, StringConstraints(pattern=LINE_PATTERN)]


#: The entry's lists of one-line texts (each item a paragraph, a step, a tip, a name...).
TEXT_LIST_FIELDS = ("overview", "instructions", "tips", "regressions", "progressions",
                    "common_mistakes", "stop_signs", "authors")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False)


class FaqItem(_Strict):
    question: Line
    answer: Line


class Cue(_Strict):
    """One line of the cue checklist: what the coach says, when, and whether it is a must."""

    text: Line
    phase: Phase = "execution"
    key: bool = False


class Dosage(_Strict):
    hold_seconds: tuple[Annotated[int, Field(ge=1, le=600)],
                        Annotated[int, Field(ge=1, le=600)]] | None = None
    breaths: Annotated[int, Field(ge=1, le=100)] | None = None
    reps: Annotated[int, Field(ge=1, le=200)] | None = None
    sides: Sides | None = None

    @field_validator("hold_seconds")
    @classmethod
    def _ordered(cls, value: tuple[int, int] | None) -> tuple[int, int] | None:
        if value is not None and value[0] > value[1]:
            raise PydanticCustomError(
                "range_order", "expected [min, max] with min <= max, got [{lo}, {hi}]",
                {"lo": value[0], "hi": value[1]})
        return value

    def describe(self) -> str:
        """'Hold 20–30 s, 5 breaths, each side': the dosage in words ('' if none is set)."""
        bits = []
        if self.hold_seconds:
            lo, hi = self.hold_seconds
            bits.append(f"hold {lo} s" if lo == hi else f"hold {lo}–{hi} s")
        if self.breaths:
            bits.append(f"{self.breaths} breath{'s' * (self.breaths != 1)}")
        if self.reps:
            bits.append(f"{self.reps} rep{'s' * (self.reps != 1)}")
        if self.sides == "each":
            bits.append("each side")
        elif self.sides == "both":
            bits.append("both sides together")
        text = ", ".join(bits)
        return text[:1].upper() + text[1:]


class Review(_Strict):
    """One editorial decision: who moved the entry to which status, when, and why."""

    reviewer: Line
    at: AwareDatetime
    decision: Status
    checklist: dict[str, bool] = Field(default_factory=dict)
    comment: str = ""
    #: The version decided on (an approval names the version that may be published).
    version: str | None = None


class Source(_Strict):
    """Attribution for imported content."""

    title: Line
    url: str | None = None
    author: str | None = None
    license: str | None = None


def _vocabulary(info: ValidationInfo) -> Vocabulary:
    ctx = info.context
    if isinstance(ctx, dict) and isinstance(ctx.get("vocabulary"), Vocabulary):
        return ctx["vocabulary"]
    return Vocabulary.default()


def _normalise(section: str, value: Any, info: ValidationInfo) -> Any:
    try:
        return _vocabulary(info).normalise(section, value)
    except VocabularyError as exc:
        # Message as data (not a format string): user text may contain braces.
        raise PydanticCustomError("vocabulary", "{message}", {"message": str(exc)}) from None


def _term(section: str) -> Any:
    return BeforeValidator(lambda value, info: _normalise(section, value, info))


def _unique(values: list[str]) -> list[str]:
    """Aliases may name a term twice ('warmup', 'warm-up'): keep the first of each."""
    return list(dict.fromkeys(values))


def _optional_term(section: str) -> Any:
    def empty_is_none(value: Any, handler: Any) -> Any:
        return None if value == "" else handler(value)  # an empty choice in a form or a cell

    return Annotated[Annotated[str, _term(section)] | None, WrapValidator(empty_is_none)]


#: The condition that says, explicitly, that no condition needs a clinician's check first.
NONE_KNOWN = "none-known"


class Precaution(_Strict):
    """Who should check with a clinician first, or choose another entry, and why: a condition
    from the vocabulary and a one-line reason for this entry (or `none-known`, on its own)."""

    condition: Annotated[str, _term("conditions")]
    reason: str = ""

    @field_validator("reason")
    @classmethod
    def _reason_one_line(cls, value: str) -> str:
        return _one_line(value) if value else value


MediaKind = Literal["image", "video"]
MEDIA_KINDS: tuple[str, ...] = get_args(MediaKind)
MediaRole = Literal["main", "start", "end", "step"]
MEDIA_ROLES: tuple[str, ...] = get_args(MediaRole)
#: A stored media file's name: the store makes it (`<digest>.<ext>`), so it is always a plain
#: name in the entry's media folder, never a path.
MEDIA_FILE_PATTERN = r"^[a-z0-9][a-z0-9_-]{0,95}\.(png|jpg|webp)$"
_MEDIA_FILE_RE = re.compile(MEDIA_FILE_PATTERN)
_WEB_LINK_RE = re.compile(r"^https://[^\s/?#@]+\.[^\s/?#@]+(?:[/?#]\S*)?$", re.IGNORECASE)


def check_https(value: str, what: str = "link") -> str:
    """Accept an https link; refuse every other scheme (http, javascript:, data:, file:)."""
    if not _WEB_LINK_RE.fullmatch(value):
        raise PydanticCustomError(
            "https", "{message}",
            {"message": f"expected an https:// {what} (like 'https://example.org/page'), "
                        f"got {value[:80]!r}"})
    return value


def _optional_line(value: str) -> str:
    return _one_line(value) if value else value


class MediaItem(_Strict):
    """A picture or a video link on an entry: a stored image (`file`, in the data folder's
    media folder for the entry) or an https link (`url`), where it belongs on the page
    (`role`, `step` for a step picture), and what a reader and a reuser need: alt text,
    caption, licence (an id from `model.licenses`), author and source. Alt text and licence
    may be empty on a draft: the content checks stop approval until they are there."""

    kind: MediaKind = "image"
    file: str | None = None
    url: str | None = None
    role: MediaRole = "main"
    #: The instruction step (from 1) a `step` picture belongs to.
    step: Annotated[int, Field(ge=1, le=100)] | None = None
    alt: str = ""
    caption: str = ""
    license: str | None = None
    author: str | None = None
    source_url: str | None = None

    @field_validator("file")
    @classmethod
    def _plain_name(cls, value: str | None) -> str | None:
        if value is not None and not _MEDIA_FILE_RE.fullmatch(value):
            raise PydanticCustomError(
                "media_file", "{message}",
                {"message": "expected a stored media file name like 'a1b2c3d4e5f60718.jpg' "
                            f"(png, jpg or webp; no folders), got {value[:80]!r}"})
        return value

    @field_validator("url")
    @classmethod
    def _https_url(cls, value: str | None) -> str | None:
        return None if value is None else check_https(value)

    @field_validator("source_url")
    @classmethod
    def _https_source(cls, value: str | None) -> str | None:
        return None if not value else check_https(value, "source link")

    @field_validator("alt", "caption", "author")
    @classmethod
    def _lines(cls, value: str | None) -> str | None:
        return _optional_line(value) if value else value

    @model_validator(mode="after")
    def _consistent(self) -> MediaItem:
        if (self.file is None) == (self.url is None):
            raise PydanticCustomError(
                "media_source", "{message}",
                {"message": "expected either a stored file or an https url, got "
                            + ("both" if self.file else "neither")})
        if self.kind == "video" and self.file is not None:
            raise PydanticCustomError(
                "media_source", "{message}",
                {"message": "a video is an https link (the kit stores images only), "
                            f"got the file {self.file!r}"})
        if (self.role == "step") != (self.step is not None):
            raise PydanticCustomError(
                "media_step", "{message}",
                {"message": "expected a step number with role 'step' and only then, got "
                            f"role {self.role!r} and step {self.step!r}"})
        return self

    @property
    def where(self) -> str:
        """'main', 'start', 'end', 'step 3': the item's place, for lists and credits."""
        return f"step {self.step}" if self.role == "step" else self.role


def _with_id_from_name(data: Any) -> Any:
    """`data` with the name's slug as id when it has none ('Hip Opener' -> 'hip-opener')."""
    if isinstance(data, dict) and not data.get("id") and isinstance(data.get("name"), str) \
            and data["name"].strip():
        try:
            return {**data, "id": slugify(data["name"])}
        except EntryError:
            return data  # the missing id is then reported as such
    return data


def _terms(section: str) -> Any:
    def known_ids_or_each(value: Any, handler: Any, info: ValidationInfo) -> Any:
        # Saved entries hold distinct ids: one set check, not a Python call per item.
        if _vocabulary(info).is_ids(section, value):
            return list(value)
        return handler(value)  # aliases, repeats or errors: item by item, errors per index

    return Annotated[list[Annotated[str, _term(section)]], AfterValidator(_unique),
                     WrapValidator(known_ids_or_each)]


class Exercise(_Strict):
    """One stretch or mobility entry. Only `id` and `name` are required (`validate_entry` and
    `model_validate` derive the id from the name when none is given): completeness is the
    content checks' job, so a draft is never lost."""

    id: Slug
    name: Line
    summary: str = ""
    overview: list[Line] = Field(default_factory=list)
    instructions: list[Line] = Field(default_factory=list)
    tips: list[Line] = Field(default_factory=list)
    faq: list[FaqItem] = Field(default_factory=list)
    cues: list[Cue] = Field(default_factory=list)
    goals: _terms("goals") = Field(default_factory=list)
    targets: _terms("targets") = Field(default_factory=list)
    position: _optional_term("positions") = None
    kind: _optional_term("kinds") = None
    level: _optional_term("levels") = None
    equipment: _terms("equipment") = Field(default_factory=list)
    dosage: Dosage = Field(default_factory=Dosage)
    #: A dosage for a goal that differs from the default `dosage` (see `dosage_for`).
    dosage_by_goal: dict[Annotated[str, _term("goals")], Dosage] = Field(default_factory=dict)
    regressions: list[Line] = Field(default_factory=list)
    progressions: list[Line] = Field(default_factory=list)
    common_mistakes: list[Line] = Field(default_factory=list)
    stop_signs: list[Line] = Field(default_factory=list)
    precautions: list[Precaution] = Field(default_factory=list)
    media: list[MediaItem] = Field(default_factory=list)
    status: Status = "draft"
    reviews: list[Review] = Field(default_factory=list)
    authors: list[Line] = Field(default_factory=list)
    source: Source | None = None
    created: AwareDatetime | None = None
    updated: AwareDatetime | None = None

    # The id comes from the name here, not in a model validator: a validator that sees the
    # whole input (or a custom __init__) makes pydantic build every entry as Python objects
    # before validating it, and a library took a third longer to load. Entry files (read
    # with `model_validate_json`) always carry their id; `Exercise(...)` needs one too.
    @classmethod
    def model_validate(cls, obj: Any, *args: Any, **kwargs: Any) -> Exercise:
        return super().model_validate(_with_id_from_name(obj), *args, **kwargs)

    @field_validator("summary")
    @classmethod
    def _summary_one_line(cls, value: str) -> str:
        return _one_line(value) if value else value

    def dosage_for(self, goal: str | None) -> Dosage:
        """The dosage this entry has when it serves `goal` (see `dosage_for`)."""
        return dosage_for(self, goal)


def dosage_for(entry: Exercise, goal: str | None) -> Dosage:
    """The dosage `entry` has when it serves `goal`: its own dosage for that goal if it has
    one (`dosage_by_goal`), else its default `dosage`. `goal` is a goal id; None asks for the
    default. Exports, cue cards and routines use this, so a warm-up gets the warm-up dosage.
    """
    if goal is None:
        return entry.dosage
    return entry.dosage_by_goal.get(goal, entry.dosage)


def now() -> datetime:
    """The current time, to the second, in UTC (timestamps in files stay short and stable)."""
    return datetime.now(UTC).replace(microsecond=0)


def new_draft(name: str, entry_id: str | None = None) -> Exercise:
    """A draft from the template: the name, empty sections and this moment's timestamps."""
    stamp = now()
    # validate_entry, not Exercise(...): a bad id or name is an EntryError naming the field.
    return validate_entry({"id": entry_id or slugify(name), "name": name,
                           "created": stamp, "updated": stamp})


def field_path(loc: tuple[Any, ...]) -> str:
    """('faq', 1, 'answer') -> 'faq[1].answer'."""
    out = ""
    for part in loc:
        if part == "[key]":  # a dict key at fault (a goal in dosage_by_goal): named already
            continue
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


# Our own error types already say what they got.
_OWN_MESSAGES = frozenset({"slug", "slug_length", "slug_reserved", "line", "vocabulary",
                           "range_order", "https", "media_file", "media_source",
                           "media_step"})


def problems_from(exc: ValidationError, where: str, noun: str = "an entry") -> list[Problem]:
    """Pydantic's errors as Problems that name the field, what was expected and what came
    (`noun`: what the data should be, for an unknown field's message)."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = err["loc"]
        message = err["msg"]
        kind = err["type"]
        if kind == "extra_forbidden":
            message = f"unknown field (not part of {noun}; check the spelling)"
        elif kind == "missing":
            message = "required, but missing"
        elif kind == "string_pattern_mismatch" and err.get("ctx", {}).get("pattern") \
                == LINE_PATTERN:
            message = _line_problem(err["input"]) or message
        elif kind not in _OWN_MESSAGES and not isinstance(err.get("input"), dict | list):
            message = f"{message}, got {err.get('input')!r}"
        problems.append(Problem(where, field_path(loc), message))
    return problems


def validate_entry(data: Any, vocabulary: Vocabulary | None = None,
                   where: str = "entry") -> Exercise:
    """Validate parsed data into an Exercise, or raise EntryError listing every problem."""
    try:
        return Exercise.model_validate(data, context={"vocabulary": vocabulary or
                                                      Vocabulary.default()})
    except ValidationError as exc:
        raise EntryError(problems_from(exc, where), where) from None
