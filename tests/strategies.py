"""Hypothesis strategies for valid entries, nasty text included.

Only valid entries come out (one-line, non-blank text where the model asks for it; vocabulary
ids from the default vocabulary; ordered hold ranges), so a round trip that fails is a bug in
the round trip, not in the data.
"""

from __future__ import annotations

import functools
import os
from datetime import UTC, datetime, timedelta, timezone

from hypothesis import Phase, settings
from hypothesis import strategies as st

from stretchkit import Cue, Dosage, Exercise, FaqItem, Vocabulary
from stretchkit.model import STATUSES, Precaution, Review, Source
from stretchkit.model.entry import PHASES, RESERVED_SLUGS, SLUG_MAX

VOCABULARY = Vocabulary.default()

#: How many examples each property draws, against the count its test names:
#: - `make test`: half of it (at least 10), so the whole suite keeps within its few minutes.
#: - `STRETCHKIT_HYPOTHESIS=deep make test`: all of it, for a deeper run (before a release, or
#:   after changing a format or the model).
#: - `make mutation` runs the tests once per mutant: there a fifth keeps the run within its
#:   budget (a mutant that only a late example finds is rare).
DEEP_RUN = os.environ.get("STRETCHKIT_HYPOTHESIS") == "deep"
MUTATION_RUN = bool(os.environ.get("STRETCHKIT_MUTATION"))
if MUTATION_RUN:
    # No shrinking either: a mutant that breaks a round trip is killed by the first failing
    # example, and shrinking it to the smallest one took most of a run's time.
    settings.register_profile("mutation", phases=[Phase.explicit, Phase.reuse, Phase.generate])
    settings.load_profile("mutation")


def examples(count: int) -> int:
    """How many examples a property test that names `count` draws in this run (see above)."""
    if MUTATION_RUN:
        return max(5, count // 5)
    return count if DEEP_RUN else min(count, max(10, count // 2))

#: Text that breaks naive CSV, spreadsheet and missing-value handling.
NASTY_LINES = [
    '=HYPERLINK("http://example.invalid","x")', "+1 more breath", "-2 degrees of turn",
    "@SUM(A1)", "\t=1+1", "'quoted already", "''two quotes", "'", "-5", "+", "=",
    "NA", "N/A", "NaN", "nan", "None", "null", "NULL", "#N/A", "0012", "1e5", "TRUE", "false",
    "  leading spaces", "trailing spaces  ", 'say "tall", then; fold', "a,b,c", '"', '""',
    "café ñ 中文 emoji 🧘", "\u2028line separator", "nul\x00byte", "\x85next line", "\ufeffbom",
    "=" + 'a,"b";' * 2000,  # a very long cell that also starts like a formula
]
#: Free text (review comments, checklist items, source fields) may also span lines or be empty.
NASTY_TEXT = [*NASTY_LINES, "", " ", "\n", "\r\n=1", "line one\nline two", "\r", "x\r\ny"]

_CHARS = st.characters(exclude_categories=("Cs",))
_LINE_CHARS = st.characters(exclude_categories=("Cs",), exclude_characters="\r\n")

lines = st.one_of(st.sampled_from(NASTY_LINES),
                  st.text(_LINE_CHARS, min_size=1, max_size=40)).filter(lambda s: s.strip())
free_text = st.one_of(st.sampled_from(NASTY_TEXT), st.text(_CHARS, max_size=40))
slugs = st.from_regex(r"[a-z0-9]{1,12}(-[a-z0-9]{1,8}){0,3}", fullmatch=True).filter(
    lambda s: len(s) <= SLUG_MAX and s not in RESERVED_SLUGS)
zones = st.sampled_from([UTC, timezone(timedelta(hours=5, minutes=30)),
                         timezone(timedelta(hours=-8))])
moments = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2100, 1, 1),
                       timezones=zones)


# The helpers below build each strategy once (cached) and the composites draw from those: a
# strategy built anew on every draw is analysed anew by Hypothesis each time, which cost more
# than drawing the data.
@functools.cache
def _terms(section: str) -> st.SearchStrategy[list[str]]:
    return st.lists(st.sampled_from(VOCABULARY.ids(section)), unique=True, max_size=4)


@functools.cache
def _maybe_term(section: str) -> st.SearchStrategy[str | None]:
    return st.none() | st.sampled_from(VOCABULARY.ids(section))


@functools.cache
def _short(strategy: st.SearchStrategy, size: int = 3) -> st.SearchStrategy[list]:
    return st.lists(strategy, max_size=size)


holds = st.none() | st.tuples(st.integers(1, 600), st.integers(1, 600)).map(
    lambda t: (min(t), max(t)))
dosages = st.builds(Dosage, hold_seconds=holds, breaths=st.none() | st.integers(1, 100),
                    reps=st.none() | st.integers(1, 200),
                    sides=st.none() | st.sampled_from(["each", "both", "none"]))
reviews = st.builds(Review, reviewer=lines, at=moments, decision=st.sampled_from(STATUSES),
                    checklist=st.dictionaries(free_text, st.booleans(), max_size=3),
                    comment=free_text,
                    version=st.none() | st.from_regex(r"2026\d{4}T\d{12}Z-[0-9a-f]{12}",
                                                      fullmatch=True))
precautions = st.builds(Precaution, condition=st.sampled_from(VOCABULARY.ids("conditions")),
                        reason=st.just("") | lines)
goal_dosages = st.dictionaries(st.sampled_from(VOCABULARY.ids("goals")), dosages, max_size=2)
sources = st.none() | st.builds(Source, title=lines, url=st.none() | free_text,
                                author=st.none() | free_text, license=st.none() | free_text)
faq_items = st.builds(FaqItem, question=lines, answer=lines)
cues = st.builds(Cue, text=lines, phase=st.sampled_from(PHASES), key=st.booleans())
statuses = st.sampled_from(STATUSES)
maybe_moments = st.none() | moments
summaries = st.just("") | lines


@st.composite
def entries(draw: st.DrawFn, entry_id: str | None = None) -> Exercise:
    """One valid entry with every field drawn."""
    return Exercise(
        id=entry_id or draw(slugs),
        name=draw(lines),
        summary=draw(summaries),
        overview=draw(_short(lines)),
        instructions=draw(_short(lines)),
        tips=draw(_short(lines)),
        faq=draw(_short(faq_items, 2)),
        cues=draw(_short(cues, 2)),
        goals=draw(_terms("goals")),
        targets=draw(_terms("targets")),
        position=draw(_maybe_term("positions")),
        kind=draw(_maybe_term("kinds")),
        level=draw(_maybe_term("levels")),
        equipment=draw(_terms("equipment")),
        dosage=draw(dosages),
        dosage_by_goal=draw(goal_dosages),
        regressions=draw(_short(lines, 2)),
        progressions=draw(_short(lines, 2)),
        common_mistakes=draw(_short(lines, 2)),
        stop_signs=draw(_short(lines, 2)),
        precautions=draw(_short(precautions, 2)),
        status=draw(statuses),
        reviews=draw(_short(reviews, 2)),
        authors=draw(_short(lines, 2)),
        source=draw(sources),
        created=draw(maybe_moments),
        updated=draw(maybe_moments),
    )


def entry_lists(max_size: int = 4) -> st.SearchStrategy[list[Exercise]]:
    """Several entries with distinct ids."""
    return st.lists(entries(), min_size=1, max_size=max_size, unique_by=lambda e: e.id)


# -- the seed-text format ----------------------------------------------------------------------
def _not_a_heading(line: str) -> bool:
    from stretchkit.formats.text import _heading

    return _heading(line) is None


#: Lines the seed-text format carries as themselves. Its documented limit: a paragraph, question
#: or answer that reads exactly like a section heading ("Tips", "## FAQ:") is read as one.
text_lines = lines.filter(_not_a_heading)
#: A name (the document's first line) may not start with a byte order mark: readers drop it.
text_names = text_lines.filter(lambda s: not s.startswith("\ufeff"))
text_faq_items = st.builds(FaqItem, question=text_lines, answer=text_lines)


@st.composite
def text_entries(draw: st.DrawFn) -> Exercise:
    """An entry holding only what the seed-text format carries (name, overview, instructions,
    tips, precautions, faq); every other field is left at its default."""
    return Exercise(
        id=draw(slugs),
        name=draw(text_names),
        overview=draw(_short(text_lines)),
        instructions=draw(_short(lines)),
        tips=draw(_short(lines)),
        precautions=draw(_short(precautions, 2)),
        faq=draw(_short(text_faq_items)),
    )


# -- Markdown --------------------------------------------------------------------------------
#: Letters, spaces and every character Markdown or HTML gives a meaning to. Drawn text starts and
#: ends with a visible character, as Markdown trims the rest.
MARKUP_CHARACTERS = "ab XY 09.-=+*_`#[](){}<>!&|~\\:;\"'/@%^$?,"
markup_lines = st.text(st.sampled_from(MARKUP_CHARACTERS), min_size=1, max_size=30).map(
    str.strip).filter(bool)
