"""Content checks: what a complete, publishable entry has (content-rules.md).

Each rule is a small function registered with an id, a severity and the field it looks at. An
ERROR finding blocks approval; a warning does not. Saving never runs these: a half-written
draft is saved as it is, and the checks say what is still missing.

`lint(entry)` returns every finding, in rule order. Rule ids double as the ids of the automatic
items of the review checklist.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib import resources
from typing import Literal

import textstat

from stretchkit.model.entry import NONE_KNOWN, TEXT_LIST_FIELDS, Dosage, Exercise, dosage_for
from stretchkit.model.licenses import license_of, licenses

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")


def _load_rule_data() -> dict:
    """The checks' thresholds and word lists: data in rules.json, not constants in code."""
    return json.loads(resources.files(__package__).joinpath("rules.json")
                      .read_text(encoding="utf-8"))


#: Every threshold and word list of the rules below (rules.json).
RULE_DATA = _load_rule_data()
NAME_LENGTH = tuple(RULE_DATA["name_length"])
SUMMARY_LENGTH = tuple(RULE_DATA["summary_length"])
MIN_INSTRUCTIONS = RULE_DATA["min_instructions"]
REQUIRED_PHASES = tuple(RULE_DATA["required_phases"])
HOLD_SECONDS = tuple(RULE_DATA["hold_seconds"])
NEAR_DUPLICATE = RULE_DATA["near_duplicate"]
STEP_WORDS = RULE_DATA["step_words"]
READING_GRADE = RULE_DATA["reading_grade"]
TEXT_DOSAGE = RULE_DATA["text_dosage"]
STATIC_BEFORE_TRAINING = RULE_DATA["static_before_training"]
CUE_ONE_IDEA = RULE_DATA["cue_one_idea"]
SIDES = RULE_DATA["sides"]
_LONG_TEXT = 80  # characters: longer items get a word-by-word comparison first
_WORDS_ALIKE = 0.5
#: Wording that marks a one-sided move (so the dosage must say "each" side).
ONE_SIDED = re.compile(r"\b(other side|each side|switch sides|both sides)\b", re.IGNORECASE)
PLACEHOLDER = re.compile(
    r"\b(TODO|TBD|FIXME|XXX)\b|lorem ipsum|\[(\.\.\.|…)\]|\?\?\?|<placeholder>", re.IGNORECASE)
# A second sentence: end punctuation, space, then a capital letter ("e.g. the" stays one).
_SENTENCE_BREAK = re.compile(r"[.!?]\s+[A-Z]")
_WORD = re.compile(r"[A-Za-z][A-Za-z'-]*")
# Openers of a leading phrase ("On an exhale, fold ..."): the verb then follows the comma.
_LEAD_INS = frozenset({"after", "as", "at", "before", "from", "holding", "if", "in", "keeping",
                       "on", "staying", "using", "when", "while", "with", "without"})


@dataclass(frozen=True)
class Finding:
    """One thing a content check found: which rule, how bad, which field, and what is wrong."""

    rule: str
    severity: Severity
    field: str
    message: str

    @property
    def is_error(self) -> bool:
        return self.severity == "error"

    def line(self, where: str) -> str:
        """The lint output line: 'where: rule-id: field: message'."""
        return f"{where}: {self.rule}: {self.field}: {self.message}"

    def __str__(self) -> str:
        return f"{self.rule}: {self.field}: {self.message}"


# What a rule's function yields: (field, message) or (field, message, severity) when one
# finding is milder than the rule's own severity.
Issue = tuple[str, str] | tuple[str, str, Severity]


@dataclass(frozen=True)
class Rule:
    id: str
    severity: Severity
    field: str
    title: str
    check: Callable[[Exercise], Iterable[Issue]]

    def run(self, entry: Exercise) -> list[Finding]:
        out = []
        for issue in self.check(entry):
            severity = issue[2] if len(issue) == 3 else self.severity
            out.append(Finding(self.id, severity, issue[0], issue[1]))
        return out


#: Every rule, by id, in the order they run and are reported.
RULES: dict[str, Rule] = {}


def _rule(rule_id: str, severity: Severity, field: str, title: str):
    def register(check: Callable[[Exercise], Iterable[Issue]]):
        RULES[rule_id] = Rule(rule_id, severity, field, title, check)
        return check
    return register


def _not_empty(rule_id: str, severity: Severity, field: str, title: str, expected: str) -> None:
    """Register a rule that holds when the entry's list `field` has at least one item."""
    def check(entry: Exercise) -> Iterator[Issue]:
        if not getattr(entry, field):
            yield field, f"expected {expected}, got none"
    _rule(rule_id, severity, field, title)(check)


def lint(entry: Exercise) -> list[Finding]:
    """Every finding of every rule for one entry (an empty list: the entry is complete)."""
    return [finding for rule in RULES.values() for finding in rule.run(entry)]


def errors(findings: Iterable[Finding]) -> list[Finding]:
    """The findings that block approval."""
    return [f for f in findings if f.is_error]


def failed_rules(findings: Iterable[Finding]) -> set[str]:
    return {f.rule for f in findings}


# -- helpers ---------------------------------------------------------------------------------
def _quote(text: str, limit: int = 40) -> str:
    return repr(text if len(text) <= limit else text[:limit - 1] + "…")


def text_fields(entry: Exercise) -> Iterator[tuple[str, str]]:
    """(field path, text) of every piece of content text (review comments are not content)."""
    yield "name", entry.name
    if entry.summary:
        yield "summary", entry.summary
    for list_name in TEXT_LIST_FIELDS:
        for i, text in enumerate(getattr(entry, list_name)):
            yield f"{list_name}[{i}]", text
    for i, item in enumerate(entry.faq):
        yield f"faq[{i}].question", item.question
        yield f"faq[{i}].answer", item.answer
    for i, cue in enumerate(entry.cues):
        yield f"cues[{i}].text", cue.text
    if entry.source:
        yield "source.title", entry.source.title


def _text_lists(entry: Exercise) -> Iterator[list[tuple[str, str]]]:
    """Each list whose items should all differ, as [(field path, text)]."""
    for list_name in TEXT_LIST_FIELDS:
        items = getattr(entry, list_name)
        yield [(f"{list_name}[{i}]", t) for i, t in enumerate(items)]
    yield [(f"faq[{i}].question", f.question) for i, f in enumerate(entry.faq)]
    yield [(f"cues[{i}].text", c.text) for i, c in enumerate(entry.cues)]


@cache
def imperative_words() -> tuple[frozenset[str], frozenset[str]]:
    """(verbs, adverbs) an instruction step may start with: data in imperative_verbs.json."""
    data = json.loads(resources.files(__package__).joinpath("imperative_verbs.json")
                      .read_text(encoding="utf-8"))
    return frozenset(data["verbs"]), frozenset(data["adverbs"])


def _is_verb(word: str, verbs: frozenset[str]) -> bool:
    if word in verbs:
        return True
    # "re-square", "half-kneel": the part after the last hyphen carries the verb.
    return "-" in word and word.rsplit("-", 1)[1] in verbs


def opening_verb(text: str) -> tuple[bool, str]:
    """Whether a step opens with an imperative verb, and the word that was judged.

    Adverbs may come first ("Gently press"), and a leading phrase closed by a comma may too
    ("On an exhale, fold forward"); the verb is then the first word after the comma.
    """
    verbs, adverbs = imperative_words()
    words = [w.casefold() for w in _WORD.findall(text.replace("’", "'"))]
    if words and words[0] in _LEAD_INS and "," in text:
        rest = [w.casefold() for w in _WORD.findall(text.split(",", 1)[1].replace("’", "'"))]
        if rest and _opens_with_verb(rest, verbs, adverbs):
            return True, rest[0]
    if not words:
        return False, ""
    return _opens_with_verb(words, verbs, adverbs), words[0]


def _opens_with_verb(words: list[str], verbs: frozenset[str], adverbs: frozenset[str]) -> bool:
    for word in words:
        if word in adverbs or word == "and":
            continue
        return _is_verb(word, verbs)
    return False


def _normal(text: str) -> str:
    return " ".join(text.casefold().split()).rstrip(".!")


# -- the rules -------------------------------------------------------------------------------
@_rule("name-length", "error", "name", "Name is 3 to 70 characters")
def _name_length(entry: Exercise) -> Iterator[Issue]:
    lo, hi = NAME_LENGTH
    n = len(entry.name.strip())
    if not lo <= n <= hi:
        yield "name", f"expected {lo} to {hi} characters, got {n}"


@_rule("summary-length", "error", "summary", "Summary is one sentence of 20 to 160 characters")
def _summary_length(entry: Exercise) -> Iterator[Issue]:
    lo, hi = SUMMARY_LENGTH
    text = entry.summary.strip()
    if not text:
        yield "summary", f"expected one sentence of {lo} to {hi} characters, got none"
        return
    if not lo <= len(text) <= hi:
        yield "summary", f"expected {lo} to {hi} characters, got {len(text)}"
    if _SENTENCE_BREAK.search(text):
        n = len(_SENTENCE_BREAK.findall(text)) + 1
        yield "summary", f"expected one sentence, got {n}: {_quote(text, 60)}"


@_rule("instructions-count", "error", "instructions", "At least three instruction steps")
def _instructions_count(entry: Exercise) -> Iterator[Issue]:
    n = len(entry.instructions)
    if n < MIN_INSTRUCTIONS:
        yield "instructions", f"expected at least {MIN_INSTRUCTIONS} steps, got {n}"


@_rule("instruction-verb", "error", "instructions[i]",
       "Each instruction starts with an imperative verb")
def _instruction_verb(entry: Exercise) -> Iterator[Issue]:
    for i, step in enumerate(entry.instructions):
        ok, word = opening_verb(step)
        if not ok:
            yield (f"instructions[{i}]",
                   "expected the step to start with an imperative verb (like 'Sit', 'Press', "
                   f"'Gently lower'), got {word or step[:20]!r}")


@_rule("cue-phases", "error", "cues", "Cues cover setup, breathing and safety")
def _cue_phases(entry: Exercise) -> Iterator[Issue]:
    present = {c.phase for c in entry.cues}
    have = ", ".join(sorted(present)) or "no cues"
    for phase in REQUIRED_PHASES:
        if phase not in present:
            yield "cues", f"expected at least one {phase!r} cue, got none (phases: {have})"


@_rule("key-cue", "error", "cues", "At least one key cue")
def _key_cue(entry: Exercise) -> Iterator[Issue]:
    if not any(c.key for c in entry.cues):
        yield "cues", f"expected at least one key cue (key: true), got none of {len(entry.cues)}"


_not_empty("stop-signs", "error", "stop_signs", "Stop signs are listed",
           "at least one sign to stop (pain, numbness, ...)")


@_rule("dosage-hold", "error", "dosage.hold_seconds", "Dosage is given and holds are sensible")
def _dosage_hold(entry: Exercise) -> Iterator[Issue]:
    d = entry.dosage
    lo, hi = HOLD_SECONDS
    if d.hold_seconds is not None and (d.hold_seconds[0] < lo or d.hold_seconds[1] > hi):
        got = f"[{d.hold_seconds[0]}, {d.hold_seconds[1]}]"
        yield "dosage.hold_seconds", f"expected seconds within {lo} to {hi}, got {got}"
    if d.hold_seconds is None and d.breaths is None and d.reps is None:
        yield "dosage", "expected at least one of hold_seconds, breaths or reps, got none"


@_rule("dosage-sides", "error", "dosage.sides", "Sides are set (each side for one-sided moves)")
def _dosage_sides(entry: Exercise) -> Iterator[Issue]:
    sides = entry.dosage.sides
    if sides is None:
        yield "dosage.sides", "expected 'each', 'both' or 'none', got nothing"
        return
    if sides == "each":
        return
    texts = [(f"instructions[{i}]", t) for i, t in enumerate(entry.instructions)]
    texts += [(f"tips[{i}]", t) for i, t in enumerate(entry.tips)]
    texts += [(f"cues[{i}].text", c.text) for i, c in enumerate(entry.cues)]
    for where, text in texts:
        match = ONE_SIDED.search(text)
        if match:
            yield ("dosage.sides", f"{where} says {match.group(0).lower()!r} (a one-sided move):"
                                   f" expected 'each', got {sides!r}")
            return


_not_empty("goals-present", "error", "goals", "At least one training goal",
           "at least one training goal")
_not_empty("targets-present", "error", "targets", "At least one body area",
           "at least one body area")


@_rule("duplicate-items", "error", "the list", "No duplicate or near-duplicate items")
def _duplicate_items(entry: Exercise) -> Iterator[Issue]:
    for items in _text_lists(entry):
        normal = [_normal(text) for _, text in items]
        letters = [Counter(text) for text in normal]
        words = [text.split() for text in normal]
        for j in range(len(items)):
            for i in range(j):
                if normal[i] == normal[j]:
                    yield items[j][0], f"same as {items[i][0]}: {_quote(items[j][1])}"
                    break
                # Cheap bounds first: lengths, then shared letters (difflib's real_quick_ratio
                # and quick_ratio); then, for paragraphs, word order: texts alike to 90% in
                # their letters share far more than half their words in order, and the letter
                # comparison is slow on them.
                total = len(normal[i]) + len(normal[j])
                if 2 * min(len(normal[i]), len(normal[j])) < NEAR_DUPLICATE * total:
                    continue
                other = letters[j]
                shared = sum(min(n, other.get(c, 0)) for c, n in letters[i].items())
                if 2 * shared < NEAR_DUPLICATE * total:
                    continue
                if total > 2 * _LONG_TEXT and SequenceMatcher(
                        None, words[i], words[j], autojunk=False).ratio() < _WORDS_ALIKE:
                    continue
                ratio = SequenceMatcher(None, normal[i], normal[j], autojunk=False).ratio()
                if ratio >= NEAR_DUPLICATE:
                    yield (items[j][0], f"nearly the same as {items[i][0]} "
                                        f"({ratio:.0%} alike): {_quote(items[j][1])}", "warning")
                    break


@_rule("faq-feel", "error", "faq", "The FAQ says where the stretch should be felt")
def _faq_feel(entry: Exercise) -> Iterator[Issue]:
    if not any("feel" in f.question.casefold() and f.answer.strip() for f in entry.faq):
        yield "faq", ("expected a question on where the stretch should be felt (a question "
                      f"with 'feel', answered), got none of {len(entry.faq)} questions")


@_rule("placeholder", "error", "any text field", "No leftover placeholder text")
def _placeholder(entry: Exercise) -> Iterator[Issue]:
    for where, text in text_fields(entry):
        match = PLACEHOLDER.search(text)
        if match:
            yield where, f"expected finished text, got placeholder {match.group(0)!r}"


_not_empty("overview-present", "warning", "overview", "An overview paragraph",
           "at least one paragraph")
_not_empty("tips-present", "warning", "tips", "At least one tip", "at least one tip")


# -- dosages by goal ----------------------------------------------------------------------------
def _dosages(entry: Exercise) -> Iterator[tuple[str | None, Dosage]]:
    """(goal, dosage): the default dosage (goal None), then each goal's own."""
    yield None, entry.dosage
    yield from entry.dosage_by_goal.items()


def _describe(dosage: Dosage) -> str:
    return dosage.describe() or "nothing"


@_rule("goal-dosages", "error", "dosage_by_goal",
       "Each goal's own dosage is for a goal of the entry and is sensible")
def _goal_dosages(entry: Exercise) -> Iterator[Issue]:
    lo, hi = HOLD_SECONDS
    for goal, dosage in entry.dosage_by_goal.items():
        where = f"dosage_by_goal.{goal}"
        if goal not in entry.goals:
            yield where, (f"a dosage for {goal!r}, which is not one of the entry's goals "
                          f"({', '.join(entry.goals) or 'none'}): add the goal or remove it")
        hold = dosage.hold_seconds
        if hold is not None and (hold[0] < lo or hold[1] > hi):
            yield f"{where}.hold_seconds", (f"expected seconds within {lo} to {hi}, "
                                            f"got [{hold[0]}, {hold[1]}]")
        if hold is None and dosage.breaths is None and dosage.reps is None:
            yield where, "expected at least one of hold_seconds, breaths or reps, got none"
        if dosage.sides is None:
            yield f"{where}.sides", "expected 'each', 'both' or 'none', got nothing"


# -- media ------------------------------------------------------------------------------------
@_rule("media-credits", "error", "media[i]",
       "Media licensed and described (alt text, a known licence, the author when credit is due)")
def _media_credits(entry: Exercise) -> Iterator[Issue]:
    for i, item in enumerate(entry.media):
        if not item.alt.strip():
            yield f"media[{i}].alt", ("expected alt text saying what the picture shows (for "
                                      "readers who cannot see it), got none")
        known = license_of(item.license)
        if item.license is None:
            yield f"media[{i}].license", (f"expected a licence id ({', '.join(licenses())}), "
                                          "got none")
        elif known is None:
            yield f"media[{i}].license", (f"expected a licence id the kit knows "
                                          f"({', '.join(licenses())}), got {item.license!r}")
        elif not known.cleared:
            yield f"media[{i}].license", ("the rights are unknown: clear them (and set the "
                                          "licence) or remove the item before approval")
        elif known.attribution and not (item.author or "").strip():
            yield f"media[{i}].author", (f"{known.id} needs the author credited, got no "
                                         "author")


@_rule("media-commercial", "warning", "media[i].license",
       "Media may be used commercially")
def _media_commercial(entry: Exercise) -> Iterator[Issue]:
    for i, item in enumerate(entry.media):
        known = license_of(item.license)
        if known is not None and known.cleared and not known.commercial:
            yield f"media[{i}].license", (f"{known.id} forbids commercial use: fine for a "
                                          "club's own pages, not for a paid app or product")


# -- precautions ------------------------------------------------------------------------------
@_rule("precautions-present", "error", "precautions",
       "Precautions say who should check first (or 'none known')")
def _precautions_present(entry: Exercise) -> Iterator[Issue]:
    if not entry.precautions:
        yield "precautions", ("expected at least one condition with a reason (who should check "
                              "with a clinician first), or 'none-known', got none")
        return
    conditions = [p.condition for p in entry.precautions]
    if NONE_KNOWN in conditions and len(conditions) > 1:
        others = ", ".join(c for c in conditions if c != NONE_KNOWN)
        yield "precautions", (f"expected 'none-known' alone or conditions, got both "
                              f"('none-known' with {others})")
    seen: set[str] = set()
    for i, p in enumerate(entry.precautions):
        if p.condition in seen:
            yield f"precautions[{i}].condition", f"{p.condition!r} is listed twice"
        seen.add(p.condition)
        if p.condition != NONE_KNOWN and not p.reason.strip():
            yield (f"precautions[{i}].reason", f"expected a one-line reason why "
                   f"{p.condition!r} matters for this entry, got none")


# -- numbers in the text against the dosage ---------------------------------------------------
def _number_pattern() -> str:
    # Longest words first, so 'fourteen' is tried before 'four'.
    words = sorted(TEXT_DOSAGE["number_words"], key=len, reverse=True)
    return r"(\d+|" + "|".join(re.escape(w) for w in words) + r")"


@cache
def _dosage_patterns() -> tuple[list[tuple[re.Pattern, str]], list[tuple[str, re.Pattern]]]:
    """(breath phrases with the phrase each stands for, (kind, pattern) for seconds, breaths
    and reps): built from rules.json on first use."""
    number = _number_pattern()
    number_range = rf"\b{number}(?:\s*(?:to|-|–|or)\s*{number})?"
    breath_words = "|".join(TEXT_DOSAGE["breath_words"])
    seconds = re.compile(number_range + r"\s*(seconds?|secs?|s|minutes?|mins?)\b",
                         re.IGNORECASE)
    breaths = re.compile(number_range + r"\s+(?:(?:" + breath_words + r")\s+)?breaths?\b",
                         re.IGNORECASE)
    reps = re.compile(number_range + r"\s+(?:(?:" + "|".join(TEXT_DOSAGE["rep_words"]) +
                      r")\s+)?(?:reps?|repetitions?)\b", re.IGNORECASE)
    # 'a breath or two' also matches 'a smooth breath or two': the phrase with its breath word.
    breath_word = r"(?:(?:" + breath_words + r")\s+)?breath"
    phrases = [(re.compile(r"\b" + re.escape(p).replace("breath", breath_word), re.IGNORECASE),
                p) for p in sorted(TEXT_DOSAGE["breath_phrases"], key=len, reverse=True)]
    return phrases, [("seconds", seconds), ("breaths", breaths), ("reps", reps)]


def _number(word: str) -> int:
    return int(word) if word.isdigit() else TEXT_DOSAGE["number_words"][word.casefold()]


def _span(match: re.Match) -> tuple[int, int]:
    lo = _number(match.group(1))
    hi = _number(match.group(2)) if match.group(2) else lo
    return min(lo, hi), max(lo, hi)


def dosage_mentions(text: str) -> list[tuple[str, str, tuple[int, int]]]:
    """The dosage numbers a text states: (kind, quote, (low, high)), kind being 'seconds',
    'breaths' or 'reps' ('hold for 20 to 45 seconds' -> ('seconds', ..., (20, 45)))."""
    found: list[tuple[str, str, tuple[int, int]]] = []
    taken: list[tuple[int, int]] = []
    phrase_patterns, count_patterns = _dosage_patterns()
    for pattern, phrase in phrase_patterns:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            lo, hi = TEXT_DOSAGE["breath_phrases"][phrase]
            found.append(("breaths", match.group(0), (lo, hi)))
            taken.append(match.span())
    for kind, pattern in count_patterns:
        for match in pattern.finditer(text):
            if any(a < match.end() and match.start() < b for a, b in taken):
                continue
            lo, hi = _span(match)
            if kind == "seconds" and match.group(3).casefold().startswith("m"):
                lo, hi = lo * 60, hi * 60
            found.append((kind, match.group(0), (lo, hi)))
    return found


def _goals_named(text: str, entry: Exercise) -> list[str]:
    """The entry's goals a text speaks of ('before a run' -> pre-run), if any."""
    low = text.casefold()
    return [goal for goal, phrases in TEXT_DOSAGE["goal_phrases"].items()
            if goal in entry.goals and any(p in low for p in phrases)]


def _agrees(kind: str, span: tuple[int, int], dosage: Dosage) -> bool:
    lo, hi = span
    if kind == "reps":
        return dosage.reps is not None and lo == hi == dosage.reps
    per_breath = TEXT_DOSAGE["seconds_per_breath"]
    if kind == "breaths":
        if dosage.breaths is not None and lo <= dosage.breaths <= hi:
            return True
        seconds = (lo * per_breath[0], hi * per_breath[1])
        hold = dosage.hold_seconds
        return hold is not None and seconds[0] <= hold[1] and hold[0] <= seconds[1]
    hold = dosage.hold_seconds
    if hold is not None and hold[0] <= lo and hi <= hold[1]:
        return True
    if dosage.breaths is not None:  # a hold counted in breaths, stated in seconds
        seconds = (dosage.breaths * per_breath[0], dosage.breaths * per_breath[1])
        return seconds[0] <= lo and hi <= seconds[1]
    return False


def _is_pause(kind: str, span: tuple[int, int], dosage: Dosage) -> bool:
    """Whether a mention is a pause inside a rep ('pause for one breath', '2 seconds at the
    top') rather than a hold: short, or a breath or two in a drill dosed in reps alone."""
    if kind == "reps":
        return False
    per_breath = TEXT_DOSAGE["seconds_per_breath"][1] if kind == "breaths" else 1
    if span[1] * per_breath < TEXT_DOSAGE["pause_below_seconds"]:
        return True
    return (kind == "breaths" and dosage.hold_seconds is None and dosage.breaths is None
            and span[1] <= TEXT_DOSAGE["pause_breaths"])


def _dosage_texts(entry: Exercise) -> Iterator[tuple[str, str]]:
    for i, text in enumerate(entry.instructions):
        yield f"instructions[{i}]", text
    for i, text in enumerate(entry.tips):
        yield f"tips[{i}]", text
    for i, item in enumerate(entry.faq):
        yield f"faq[{i}].answer", item.answer
    for i, cue in enumerate(entry.cues):
        yield f"cues[{i}].text", cue.text


@_rule("text-dosage", "error", "instructions, tips, faq, cues",
       "Holds, breaths and reps in the text agree with the dosage")
def _text_dosage(entry: Exercise) -> Iterator[Issue]:
    for where, text in _dosage_texts(entry):
        goals = _goals_named(text, entry)
        dosages = [(g, dosage_for(entry, g)) for g in goals] if goals else list(_dosages(entry))
        for kind, quote, span in dosage_mentions(text):
            if any(_agrees(kind, span, d) or _is_pause(kind, span, d) for _, d in dosages):
                continue
            said = "; ".join(f"{g or 'default'}: {_describe(d)}" for g, d in dosages)
            yield where, (f"says {quote!r} ({kind} {span[0]}" +
                          (f" to {span[1]}" if span[1] != span[0] else "") +
                          f"), but the dosage says {said}: make the text and the dosage agree")


# -- static holding before training -------------------------------------------------------------
def static_seconds_per_side(entry: Exercise, dosage: Dosage) -> int:
    """The longest static holding per side a dosage asks for: longest hold (or breaths at
    their longest) times the number of holds."""
    if entry.kind not in STATIC_BEFORE_TRAINING["kinds"]:
        return 0
    if dosage.hold_seconds is not None:
        hold = dosage.hold_seconds[1]
    elif dosage.breaths is not None:
        hold = dosage.breaths * TEXT_DOSAGE["seconds_per_breath"][1]
    else:
        return 0
    return hold * (dosage.reps or 1)


@_rule("static-before-training", "warning", "dosage",
       "Static holds before training stay under 60 s per side")
def _static_before_training(entry: Exercise) -> Iterator[Issue]:
    limit = STATIC_BEFORE_TRAINING["seconds_per_side"]
    for goal in entry.goals:
        if goal not in STATIC_BEFORE_TRAINING["goals"]:
            continue
        dosage = dosage_for(entry, goal)
        seconds = static_seconds_per_side(entry, dosage)
        if seconds >= limit:
            where = f"dosage_by_goal.{goal}" if goal in entry.dosage_by_goal else "dosage"
            yield where, (f"for {goal}, {_describe(dosage)} is up to {seconds} s of static "
                          f"holding per side right before training; expected under {limit} s "
                          f"(give {goal} its own shorter dosage). Evidence: "
                          f"{STATIC_BEFORE_TRAINING['evidence']}")


# -- plain language -----------------------------------------------------------------------------
@_rule("step-words", "error", "instructions[i]", "Steps are short (at most 20 words)")
def _step_words(entry: Exercise) -> Iterator[Issue]:
    warn, error = STEP_WORDS["warning"], STEP_WORDS["error"]
    for i, step in enumerate(entry.instructions):
        n = len(step.split())
        if n > error:
            yield f"instructions[{i}]", f"expected at most {warn} words per step, got {n} " \
                                        f"(more than {error} is an error): split the step"
        elif n > warn:
            yield (f"instructions[{i}]", f"expected at most {warn} words per step, got {n}",
                   "warning")


def reading_grade(text: str) -> float:
    """The Flesch-Kincaid grade of a text (textstat): the school year that reads it."""
    return float(textstat.flesch_kincaid_grade(text))


@_rule("reading-grade", "warning", "overview, faq", "Overview and FAQ read easily")
def _reading_grade(entry: Exercise) -> Iterator[Issue]:
    limit = READING_GRADE["warning_above"]
    texts = (("overview", " ".join(entry.overview)),
             ("faq", " ".join(f.answer for f in entry.faq)))
    for where, text in texts:
        if not text.strip():
            continue
        grade = reading_grade(text)
        if grade > limit:
            yield where, (f"reading grade {grade:.1f} (Flesch-Kincaid), expected at most "
                          f"{limit}: shorter sentences and plainer words")


def _instruction_parts(text: str) -> list[str]:
    """The comma- or semicolon-separated parts of a cue that open with an instruction."""
    verbs, adverbs = imperative_words()
    negations = CUE_ONE_IDEA["negations"]
    parts = []
    for part in re.split(r"[,;]", text.replace("’", "'")):
        words = [w.casefold() for w in _WORD.findall(part)]
        if not words:
            continue
        low = " ".join(words)
        if any(low == n or low.startswith(n + " ") for n in negations) or \
                _opens_with_verb(words, verbs, adverbs):
            parts.append(part.strip())
    return parts


@_rule("cue-one-idea", "warning", "cues[i].text", "One idea per cue")
def _cue_one_idea(entry: Exercise) -> Iterator[Issue]:
    most = CUE_ONE_IDEA["max_instructions"]
    for i, cue in enumerate(entry.cues):
        parts = _instruction_parts(cue.text)
        if len(parts) > most:
            quoted = ", ".join(_quote(p, 30) for p in parts)
            yield f"cues[{i}].text", (f"expected one instruction per cue, got {len(parts)} "
                                      f"({quoted}): make each its own cue")


# -- left and right ---------------------------------------------------------------------------
_SIDE_LIMB = re.compile(r"\b(left|right)\s+(" + "|".join(SIDES["limbs"]) + r")s?\b",
                        re.IGNORECASE)
_CLAUSE = re.compile(r"[,;.:!?]|\b(?:and|then|while|as|with)\b", re.IGNORECASE)
_ROLE_OF = {**{v: "support" for v in SIDES["support"]}, **{v: "moving" for v in SIDES["moving"]}}


def side_roles(text: str) -> list[tuple[str, str, str]]:
    """(side, limb, role) a text gives: 'plant your left hand' -> ('left', 'arm', 'support')."""
    out = []
    for clause in _CLAUSE.split(text):
        verbs = [(m.start(), _ROLE_OF[m.group(0).casefold()])
                 for m in re.finditer(r"[A-Za-z]+", clause) if m.group(0).casefold() in _ROLE_OF]
        if not verbs:
            continue
        limbs = list(_SIDE_LIMB.finditer(clause))
        for at, role in verbs:
            after = [m for m in limbs if m.start() > at]
            target = after[0] if after else (limbs[-1] if limbs else None)
            if target is not None:
                limb = SIDES["limbs"][target.group(2).casefold()]
                out.append((target.group(1).casefold(), limb, role))
    return out


@_rule("left-right", "warning", "instructions, cues, faq",
       "Left and right agree across steps, cues and FAQ")
def _left_right(entry: Exercise) -> Iterator[Issue]:
    texts = [(f"instructions[{i}]", t) for i, t in enumerate(entry.instructions)]
    texts += [(f"cues[{i}].text", c.text) for i, c in enumerate(entry.cues)]
    texts += [(f"faq[{i}].answer", f.answer) for i, f in enumerate(entry.faq)]
    seen: dict[tuple[str, str], dict[str, str]] = {}
    reported: set[tuple[str, str]] = set()
    for where, text in texts:
        for side, limb, role in side_roles(text):
            roles = seen.setdefault((side, limb), {})
            roles.setdefault(role, where)
            if len(roles) == 2 and (side, limb) not in reported:
                reported.add((side, limb))
                yield where, (f"the {side} {limb} is the planted support in "
                              f"{roles['support']} but the moving {limb} in "
                              f"{roles['moving']}: name one side for each role")

