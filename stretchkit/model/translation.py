"""Translations of an entry, and which of their items are out of date. Pure data: no files.

An entry's translatable text is a set of *channels*, each a sequence of one-line texts: the
name, the summary, each text list (overview, instructions, tips, ...), the FAQ's questions and
answers, the cues, the precautions' reasons, the media's alt texts and captions. A
`Translation` holds, per channel, *units*: the source text a translation was made from (its
fingerprint: kept whole, so a translator can be shown what changed, see `ItemState.was`) and
the translated text.

`align` pairs the entry's current items with a translation's units, channel by channel:

- a unit whose source equals an item's text is **current** for that item, wherever the item
  moved (reorders, insertions and removals around it change nothing);
- an item left over is paired with a leftover unit made from an earlier text of it: the unit
  between the same current neighbours (an edit in place), else the most similar one. That
  item is **outdated**, and only that item;
- an item with no unit is **missing**; a unit with no item (its source item was removed) is
  dropped when the translation is next saved.

`key_of` gives each item a stable name (a fingerprint of its text, numbered when a channel
holds the same text twice): translators' files name items by it, so a message whose source
changed since the file was written finds no item and is refused.
"""

from __future__ import annotations

import difflib
import hashlib
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Literal, NamedTuple

from pydantic import (
    AwareDatetime,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
)
from pydantic_core import PydanticCustomError

from stretchkit.model.entry import LINE_PATTERN, Exercise, Slug

#: The translatable channels of an entry, in the order files and exports list them.
CHANNELS: tuple[str, ...] = (
    "name", "summary", "overview", "instructions", "tips", "faq.question", "faq.answer",
    "cues", "regressions", "progressions", "common_mistakes", "stop_signs", "precautions",
    "media.alt", "media.caption")
#: The entry field each channel belongs to ('faq.question' -> 'faq').
FIELD_OF: dict[str, str] = {c: c.partition(".")[0] for c in CHANNELS}
#: The entry fields with translatable text, in model order.
TRANSLATED_FIELDS: tuple[str, ...] = tuple(dict.fromkeys(FIELD_OF.values()))
#: How a channel is called to a person ('faq.question' -> 'FAQ question').
CHANNEL_LABELS: dict[str, str] = {
    "name": "name", "summary": "summary", "overview": "overview paragraph",
    "instructions": "instruction", "tips": "tip", "faq.question": "FAQ question",
    "faq.answer": "FAQ answer", "cues": "cue", "regressions": "regression",
    "progressions": "progression", "common_mistakes": "common mistake",
    "stop_signs": "stop sign", "precautions": "precaution reason", "media.alt": "alt text",
    "media.caption": "caption"}

#: Channels of one item: an edit of it, however large, outdates its translation.
SINGLE = frozenset({"name", "summary"})

State = Literal["current", "outdated", "missing"]
STATES: tuple[str, ...] = ("current", "outdated", "missing")

Line = Annotated[str, StringConstraints(pattern=LINE_PATTERN)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Unit(_Strict):
    """One translated item: the source text it was made from, and the translation."""

    source: Line
    text: Line


class Publication(_Strict):
    """On a published translation: who published it, when, and the entry version whose text
    it was checked against."""

    by: Line
    at: AwareDatetime
    version: str | None = None


class Translation(_Strict):
    """The translated text of one entry in one language."""

    entry: Slug
    language: Line
    units: dict[str, list[Unit]] = Field(default_factory=dict)
    updated: AwareDatetime | None = None
    by: str = ""
    published: Publication | None = None

    @field_validator("units")
    @classmethod
    def _known_channels(cls, value: dict[str, list[Unit]]) -> dict[str, list[Unit]]:
        unknown = sorted(set(value) - set(CHANNELS))
        if unknown:
            raise PydanticCustomError(
                "channel", "{message}",
                {"message": f"unknown channel {unknown[0]!r} (expected one of "
                            f"{', '.join(CHANNELS)})"})
        return value


def source_items(entry: Exercise) -> dict[str, list[tuple[int, str]]]:
    """Each channel's items as (position in the entry's field, text); empty texts (no
    summary, no caption) are nothing to translate and left out."""
    out: dict[str, list[tuple[int, str]]] = {
        "name": [(0, entry.name)],
        "summary": [(0, entry.summary)] if entry.summary else [],
        "faq.question": [(i, f.question) for i, f in enumerate(entry.faq)],
        "faq.answer": [(i, f.answer) for i, f in enumerate(entry.faq)],
        "cues": [(i, c.text) for i, c in enumerate(entry.cues)],
        "precautions": [(i, p.reason) for i, p in enumerate(entry.precautions) if p.reason],
        "media.alt": [(i, m.alt) for i, m in enumerate(entry.media) if m.alt],
        "media.caption": [(i, m.caption) for i, m in enumerate(entry.media) if m.caption],
    }
    for name in ("overview", "instructions", "tips", "regressions", "progressions",
                 "common_mistakes", "stop_signs"):
        out[name] = list(enumerate(getattr(entry, name)))
    return {c: out[c] for c in CHANNELS}


def fingerprint(text: str) -> str:
    """A short, stable fingerprint of a source text (8 hex digits of its SHA-256)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:8]


def keys_of(texts: Iterable[str]) -> list[str]:
    """The stable key of each text of a channel: its fingerprint, with '-2', '-3' for the
    second and third occurrence of the same text."""
    seen: dict[str, int] = {}
    keys = []
    sha256 = hashlib.sha256
    for text in texts:
        fp = sha256(text.encode("utf-8")).hexdigest()[:8]  # `fingerprint`, inline: hot
        n = seen[fp] = seen.get(fp, 0) + 1
        keys.append(fp if n == 1 else f"{fp}-{n}")
    return keys


class ItemState(NamedTuple):
    """One source item and its translation's state. (A named tuple: an import of a large
    library makes some 400,000, four times as fast as frozen dataclasses.)"""

    channel: str
    position: int  # in the entry's field (the FAQ item, the cue, the picture)
    key: str
    source: str
    state: State
    text: str | None = None  # the translation (current or outdated), None when missing
    was: str | None = None  # an outdated item: the source text the translation was made from

    @property
    def field(self) -> str:
        return FIELD_OF[self.channel]

    @property
    def label(self) -> str:
        """'instruction 3', 'FAQ answer 2', 'name': the item as a person names it."""
        single = self.channel in ("name", "summary")
        return CHANNEL_LABELS[self.channel] + ("" if single else f" {self.position + 1}")


def _similarity(a: str, b: str) -> float:
    """How alike two texts are, word by word (0 to 1): letters alone find unrelated sentences
    of one language 40% alike."""
    return difflib.SequenceMatcher(None, _WORD.findall(a.casefold()),
                                   _WORD.findall(b.casefold()), autojunk=False).ratio()


_WORD = re.compile(r"\w+")


#: How alike an edited item and an old unit must be to pair outside their neighbourhood, and
#: in it (an edit in place may rewrite more; below that, a new item replaced an old one).
SIMILAR = 0.6
SIMILAR_IN_PLACE = 0.3


def _align_channel(channel: str, items: list[tuple[int, str]], units: list[Unit]
                   ) -> list[ItemState]:
    keys = keys_of(text for _, text in items)
    if not units:
        return [ItemState(channel, pos, key, text, "missing")
                for (pos, text), key in zip(items, keys, strict=True)]
    if len(units) == len(items) and all(  # as translated, in order: the common case
            unit.source == text for unit, (_, text) in zip(units, items, strict=True)):
        return [ItemState(channel, pos, key, text, "current", unit.text)
                for (pos, text), key, unit in zip(items, keys, units, strict=True)]
    pairs: dict[int, int] = {}  # item index -> unit index
    free: dict[str, list[int]] = {}
    for j, unit in enumerate(units):
        free.setdefault(unit.source, []).append(j)
    for i, (_, text) in enumerate(items):  # exact: the item, wherever it moved
        if free.get(text):
            pairs[i] = free[text].pop(0)
    if channel in SINGLE and items and units and not pairs:
        pairs[0] = 0  # the name or the summary, edited: however much, it is that field
    elif len(pairs) < len(items) and len(pairs) < len(units):
        _pair_edited(items, units, pairs)
    out = []
    for i, ((pos, text), key) in enumerate(zip(items, keys, strict=True)):
        j = pairs.get(i)
        if j is None:
            out.append(ItemState(channel, pos, key, text, "missing"))
        elif units[j].source == text:
            out.append(ItemState(channel, pos, key, text, "current", units[j].text))
        else:
            out.append(ItemState(channel, pos, key, text, "outdated", units[j].text,
                                 units[j].source))
    return out


def _pair_edited(items: list[tuple[int, str]], units: list[Unit], pairs: dict[int, int]
                 ) -> None:
    """Pair each unpaired item with the unit made from an earlier text of it: first the most
    alike pairs anywhere (an edited item that also moved), if alike enough; then an item with
    a unit between the same paired neighbours (an edit in place that rewrote much of it),
    if still somewhat alike: an unlike text in its place is a new item, not an edit."""
    free_items = [i for i in range(len(items)) if i not in pairs]
    used = set(pairs.values())
    free_units = [j for j in range(len(units)) if j not in used]
    scored = sorted(((_similarity(items[i][1], units[j].source), i, j)
                     for i in free_items for j in free_units), key=lambda x: (-x[0], x[1], x[2]))
    for score, i, j in scored:
        if score < SIMILAR:
            break
        if i not in pairs and j not in used:
            pairs[i] = j
            used.add(j)
    for i in free_items:
        if i in pairs:
            continue
        left = max((pairs[k] for k in pairs if k < i), default=-1)
        right = min((pairs[k] for k in pairs if k > i), default=len(units))
        gap = [(_similarity(items[i][1], units[j].source), -j)
               for j in range(left + 1, right) if j not in used]
        if gap and max(gap)[0] >= SIMILAR_IN_PLACE:
            best = -max(gap)[1]
            pairs[i] = best
            used.add(best)


def channel_texts(entry: Exercise) -> dict[str, list[str]]:
    """Each channel's source texts in order (`source_items` without the positions)."""
    return {channel: [text for _, text in items]
            for channel, items in source_items(entry).items()}


def count_sources(entry: Exercise, sources: Mapping[str, list[str]]) -> Counts:
    """Counts of an entry's items against a translation given as each channel's unit
    sources (as read from its file): the states `align` would give, without making them.
    A channel whose sources are the entry's texts in order is current at once; only a
    channel that changed is aligned item by item."""
    translated = outdated = missing = 0
    for channel, texts in channel_texts(entry).items():
        old = sources.get(channel, ())
        if old == texts:
            translated += len(texts)
            continue
        if not old:
            missing += len(texts)
            continue
        units = [Unit.model_construct(source=s, text="") for s in old]
        n = count(_align_channel(channel, list(enumerate(texts)), units))
        translated, outdated, missing = (translated + n.translated, outdated + n.outdated,
                                         missing + n.missing)
    return Counts(translated, outdated, missing)


def align(entry: Exercise, translation: Translation | None) -> list[ItemState]:
    """Every translatable item of `entry`, in channel order, with its state in `translation`
    (every item missing when there is none)."""
    units = translation.units if translation is not None else {}
    out: list[ItemState] = []
    for channel, items in source_items(entry).items():
        out.extend(_align_channel(channel, items, units.get(channel, [])))
    return out


@dataclass(frozen=True)
class Counts:
    """Items translated (current), outdated and missing."""

    translated: int = 0
    outdated: int = 0
    missing: int = 0

    @property
    def total(self) -> int:
        return self.translated + self.outdated + self.missing

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.translated + other.translated, self.outdated + other.outdated,
                      self.missing + other.missing)

    def describe(self) -> str:
        return (f"{self.translated} translated, {self.outdated} outdated, "
                f"{self.missing} missing")


def count(states: Iterable[ItemState]) -> Counts:
    n = {"current": 0, "outdated": 0, "missing": 0}
    for item in states:
        n[item.state] += 1
    return Counts(n["current"], n["outdated"], n["missing"])


def with_texts(entry: Exercise, translation: Translation | None, language: str,
               texts: Mapping[tuple[str, str], str], *, by: str = "",
               at: datetime | None = None,
               states: list[ItemState] | None = None) -> Translation:
    """`translation` (or a new one) with the items named by (channel, key) set to the given
    texts, each now current. The other current and outdated items keep their units; units
    whose source item is gone are dropped. Units are stored in the source's order, so the same
    translation always gives the same file. `states` is `align(entry, translation)` when the
    caller has it already (an import of thousands of entries aligns each once)."""
    if states is None:
        states = align(entry, translation)
    known = {(s.channel, s.key) for s in states}
    unknown = [k for k in texts if k not in known]
    if unknown:
        raise KeyError(unknown[0])
    old = translation.units if translation is not None else {}
    by_channel: dict[str, list[ItemState]] = {}
    for s in states:
        by_channel.setdefault(s.channel, []).append(s)
    changed = {channel for channel, _ in texts}
    units: dict[str, list[Unit]] = {}
    for channel, group in by_channel.items():
        if channel not in changed:
            kept = _kept(old.get(channel, []), group)
        else:
            kept = []
            for s in group:
                text = texts.get((channel, s.key))
                if text is not None:
                    kept.append(Unit(source=s.source, text=text))
                elif s.state != "missing":  # both texts passed validation when read
                    kept.append(Unit.model_construct(
                        source=s.was if s.state == "outdated" else s.source, text=s.text))
        if kept:
            units[channel] = kept
    return Translation(entry=entry.id, language=language, units=units, updated=at,
                       by=by or (translation.by if translation else ""))


def _kept(units: list[Unit], states: list[ItemState]) -> list[Unit]:
    """A channel's units for its items' `states`, nothing new: `units` itself when it holds
    them in order (a large import copies no unit it does not change), else made again
    (units of removed items dropped; both texts of each passed validation when read)."""
    wanted = [(s.was if s.state == "outdated" else s.source, s.text)
              for s in states if s.state != "missing"]
    if [(u.source, u.text) for u in units] == wanted:
        return units
    return [Unit.model_construct(source=source, text=text) for source, text in wanted]


def follow(entry: Exercise, translation: Translation, new_id: str) -> Translation:
    """The translation for a copy of `entry` saved as `new_id` (duplicating keeps it)."""
    return translation.model_copy(update={"entry": new_id, "published": None})


def localize(entry: Exercise, translation: Translation | None
             ) -> tuple[Exercise, list[str]]:
    """The entry in the translation's language, field by field: a field whose every item is
    translated and current takes the translation; any other field keeps the source text and
    is named in the returned fallback list (model order). Fields with no text are neither."""
    by_field: dict[str, list[ItemState]] = {}
    for s in align(entry, translation):
        by_field.setdefault(s.field, []).append(s)
    fallback: list[str] = []
    update: dict[str, object] = {}
    for name, states in by_field.items():
        if any(s.state != "current" for s in states):
            fallback.append(name)
            continue
        text = {(s.channel, s.position): s.text for s in states}
        update[name] = _translated_field(entry, name, text)
    return (entry.model_copy(update=update) if update else entry), fallback


def _translated_field(entry: Exercise, name: str, text: Mapping[tuple[str, int], str]
                      ) -> object:
    if name in ("name", "summary"):
        return text[(name, 0)]
    if name == "faq":
        return [f.model_copy(update={"question": text[("faq.question", i)],
                                     "answer": text[("faq.answer", i)]})
                for i, f in enumerate(entry.faq)]
    if name == "cues":
        return [c.model_copy(update={"text": text[("cues", i)]})
                for i, c in enumerate(entry.cues)]
    if name == "precautions":
        return [p.model_copy(update={"reason": text.get(("precautions", i), p.reason)})
                for i, p in enumerate(entry.precautions)]
    if name == "media":
        return [m.model_copy(update={"alt": text.get(("media.alt", i), m.alt),
                                     "caption": text.get(("media.caption", i), m.caption)})
                for i, m in enumerate(entry.media)]
    return [text[(name, i)] for i in range(len(getattr(entry, name)))]


def outdated(states: Iterable[ItemState]) -> Iterator[ItemState]:
    return (s for s in states if s.state == "outdated")


def source_diff(old: str, new: str) -> list[tuple[str, str]]:
    """What changed from `old` to `new`, word by word: ('=', text), ('-', removed),
    ('+', added) runs, for showing a translator an outdated item."""
    a, b = old.split(" "), new.split(" ")
    out: list[tuple[str, str]] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if op == "equal":
            out.append(("=", " ".join(a[i1:i2])))
            continue
        if i2 > i1:
            out.append(("-", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(("+", " ".join(b[j1:j2])))
    return out


class Message(NamedTuple):
    """One item in a translator's file (PO, XLIFF): `context` names it (entry, channel, key),
    `source` is its source text when the file was written, `text` the translation ('' for
    none yet), `note` says what it is to the translator, `fuzzy` marks an outdated item and
    `previous` the source text its translation was made from. (A named tuple: a large
    library's file holds some 400,000, made four times as fast as a frozen dataclass.)"""

    context: str
    source: str
    text: str = ""
    note: str = ""
    fuzzy: bool = False
    previous: str = ""


#: Separates the parts of a message context: 'cat-cow|instructions|3fa2c1d0'.
CONTEXT_SEPARATOR = "|"


def context_of(entry_id: str, item: ItemState) -> str:
    return CONTEXT_SEPARATOR.join((entry_id, item.channel, item.key))


def parse_context(context: str) -> tuple[str, str, str] | None:
    """(entry id, channel, key) from a context, or None if it is not one of ours."""
    parts = context.split(CONTEXT_SEPARATOR)
    if len(parts) != 3 or parts[1] not in _CHANNEL_SET or "" in parts:
        return None
    return parts[0], parts[1], parts[2]


_CHANNEL_SET = frozenset(CHANNELS)


def messages_for(entry: Exercise, states: Iterable[ItemState], only: str = "all"
                 ) -> list[Message]:
    """The messages a translator's file holds for one entry: every item (`only='all'`), or
    only the `missing` or `outdated` ones. Outdated items are fuzzy, with the old source."""
    if only not in ("all", "missing", "outdated"):
        raise ValueError(f"only: expected all, missing or outdated, got {only!r}")
    out = []
    for s in states:
        if only != "all" and s.state != only:
            continue
        out.append(Message(context=context_of(entry.id, s), source=s.source,
                           text=s.text or "", note=f"{entry.name} — {s.label}",
                           fuzzy=s.state == "outdated", previous=s.was or ""))
    return out
