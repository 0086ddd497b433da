"""Finding entries by their words: the search behind `Library.search` and the browsers.

A word matches the start of a word, a singular finds its plural and back, and an entry
ranks by the weakest place its words matched (the name, then the summary and goals, then
the rest). See `Library.search` for the whole contract.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass

from stretchkit.model.entry import Exercise


def find(entries: Iterable[Exercise], text: str | None,
         cache: dict[str, SearchIndex] | None = None) -> list[SearchHit]:
    """The hits among `entries` for the words of `text`, best first (every entry, in order,
    when `text` has no words). `cache` keeps each entry's index by id between calls."""
    words = _query_words(text)
    if not words:
        return [SearchHit(e, 0, "") for e in entries]
    patterns = [_word_pattern(w) for w in words]
    forms = [f for f, _ in patterns]
    hits = []
    for entry in entries:
        index = cache.get(entry.id) if cache is not None else None
        if index is None:
            index = _search_index(entry)
            if cache is not None:
                cache[entry.id] = index
        full = index[0]
        # A plain substring test first: it rules out nearly every entry at a fraction of
        # the cost of the word-start patterns, which then run on the few left. (Loops,
        # not all()/any() over generators: this is the hot path of every keystroke.)
        for word_forms in forms:
            for form in word_forms:
                if form in full:
                    break
            else:
                break
        else:
            hit = _rank(entry, index, patterns)
            if hit is not None:
                hits.append(hit)
    hits.sort(key=lambda h: (h.rank, h.score, h.entry.id))
    return hits


@dataclass(frozen=True, eq=False)
class SearchHit:
    """One entry a search found, and why.

    `rank` is 0 when every word matched the name (or id), 1 when every word matched the
    name, summary or goals, 2 otherwise. `field` is the field the weakest-matching word was
    found in ("" for a search without words); `text` is the item of it that matched (an
    instruction, a tip, "question answer" of an FAQ, ...), as written, and `why` says it
    short, for a list row.
    """

    entry: Exercise
    rank: int
    field: str
    #: Sum over the words of the rank of the best place each matched (orders within a rank).
    score: int = 0
    pattern: re.Pattern[str] | None = None

    @functools.cached_property
    def _found(self) -> tuple[str, int]:
        # Looked up when asked, not during the search: a search may find thousands of
        # entries, and a browser shows the reasons of the first few.
        if not self.field or self.pattern is None:
            return "", 0
        for item in dict(_field_items(self.entry))[self.field]:
            found = self.pattern.search(item.casefold())
            if found:
                return item, found.start()
        return "", 0

    @property
    def text(self) -> str:
        return self._found[0]

    @property
    def why(self) -> str:
        """'instructions: Lean into the wall.' for a match outside the name, '' for one in
        it; a long item is cut to the words around the match ('overview: ... your calves
        ...'), so a list row stays one line."""
        if self.rank == 0 or not self.field:
            return ""
        return f"{self.field}: {_excerpt(*self._found)}"


#: Where a search looks, in ranks: the name first, then the summary and goals, then the
#: rest of the text. The order within a rank decides which field `SearchHit.field` names.
SEARCH_FIELDS: tuple[tuple[str, ...], ...] = (
    ("name", "id"),
    ("summary", "goals"),
    ("instructions", "overview", "tips", "cues", "faq", "targets", "regressions",
     "progressions", "common_mistakes", "stop_signs"),
)
_RANK_OF = {name: rank for rank, names in enumerate(SEARCH_FIELDS) for name in names}
_EDGE = re.compile(r"^\W+|\W+$")


def has_words(text: str | None) -> bool:
    """Whether a search text has any word to look for (a blank one keeps every entry)."""
    return bool(_query_words(text))


def _query_words(text: str | None) -> list[str]:
    """The words of a search, casefolded, without punctuation around them ("calf," is
    "calf"; "cool-down" and "90/90" keep their inner marks)."""
    if not text:
        return []
    words = (_EDGE.sub("", w) for w in text.casefold().split())
    return [w for w in words if w]


def _forms(word: str) -> tuple[str, ...]:
    """A word and its English singular or plural, as the prefixes to look for: "calf" also
    looks for "calves", "calves" for "calf", "body" for "bodies", "hips" for "hip" (not
    "this" for "thi", nor "press" for "pres"). Only
    the regular patterns: enough for body parts and equipment, and never a wrong hit that
    the word's own prefix would not give."""
    forms = [word]
    if word.endswith("fe") and len(word) > 3:
        forms.append(word[:-2] + "ves")
    elif word.endswith("f") and len(word) > 2:
        forms.append(word[:-1] + "ves")
    elif word.endswith("y") and len(word) > 2:
        forms.append(word[:-1] + "ies")
    if word.endswith("ves") and len(word) > 4:
        forms += [word[:-3] + "f", word[:-3] + "fe"]
    elif word.endswith("ies") and len(word) > 4:
        forms.append(word[:-3] + "y")
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        forms.append(word[:-1])
    return tuple(forms)


def _word_pattern(word: str) -> tuple[tuple[str, ...], re.Pattern[str]]:
    forms = _forms(word)
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    return forms, re.compile(rf"(?<!\w)(?:{alternatives})")


def _field_items(entry: Exercise) -> list[tuple[str, list[str]]]:
    """Each searched field of an entry and its items as written, in `SEARCH_FIELDS` order
    (a test checks the two orders agree)."""
    return [
        ("name", [entry.name]), ("id", [entry.id]),
        ("summary", [entry.summary] if entry.summary else []), ("goals", entry.goals),
        ("instructions", entry.instructions), ("overview", entry.overview),
        ("tips", entry.tips), ("cues", [c.text for c in entry.cues]),
        ("faq", [f"{f.question} {f.answer}" for f in entry.faq]),
        ("targets", entry.targets), ("regressions", entry.regressions),
        ("progressions", entry.progressions), ("common_mistakes", entry.common_mistakes),
        ("stop_signs", entry.stop_signs),
    ]


#: An entry's search index: its searched text casefolded and joined by line breaks in
#: `SEARCH_FIELDS` order, and where each field starts in it, its name and its rank.
SearchIndex = tuple[str, list[int], list[str], list[int]]


def _search_index(entry: Exercise) -> SearchIndex:
    texts, starts, names, ranks = [], [], [], []
    at = 0
    for name, values in _field_items(entry):
        if not values:
            continue
        text = "\n".join(values).casefold()
        texts.append(text)
        starts.append(at)
        names.append(name)
        ranks.append(_RANK_OF[name])
        at += len(text) + 1
    return "\n".join(texts), starts, names, ranks


def _word_start(text: str, forms: tuple[str, ...]) -> int:
    """Where the first of `forms` starts a word in `text`, or -1. str.find and a look at the
    character before: several times faster than the pattern's look-behind, and searches
    run it for every entry the substring test lets through."""
    best = -1
    for form in forms:
        at = text.find(form)
        while at > 0 and (text[at - 1].isalnum() or text[at - 1] == "_"):
            at = text.find(form, at + 1)
        if at != -1 and (best == -1 or at < best):
            best = at
    return best


def _rank(entry: Exercise, index: SearchIndex,
          patterns: list[tuple[tuple[str, ...], re.Pattern[str]]]) -> SearchHit | None:
    """The hit for an entry if every word starts a word of it, else None. The text runs
    from the best fields to the rest, so a word's first match is in its best field."""
    full, starts, names, ranks = index
    worst, worst_field, worst_pattern, score = -1, "", None, 0
    for forms, pattern in patterns:
        at = _word_start(full, forms)
        if at == -1:
            return None
        i = bisect.bisect_right(starts, at) - 1
        rank = ranks[i]
        score += rank
        if rank > worst:
            worst, worst_field, worst_pattern = rank, names[i], pattern
    return SearchHit(entry, worst, worst_field, score, worst_pattern)


EXCERPT_CHARS = 80


def _excerpt(text: str, at: int) -> str:
    """About EXCERPT_CHARS characters of `text` around position `at`, cut at spaces."""
    if len(text) <= EXCERPT_CHARS:
        return text
    start = max(0, min(at - EXCERPT_CHARS // 3, len(text) - EXCERPT_CHARS))
    end = start + EXCERPT_CHARS
    if start > 0:
        space = text.find(" ", start, at)
        start = space + 1 if space != -1 else start
    if end < len(text):
        space = text.rfind(" ", at, end)
        end = space if space != -1 else end
    return f"{'... ' if start else ''}{text[start:end]}{' ...' if end < len(text) else ''}"
