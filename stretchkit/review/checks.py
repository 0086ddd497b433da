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

from stretchkit.model.entry import TEXT_LIST_FIELDS, Exercise

Severity = Literal["error", "warning"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning")

NAME_LENGTH = (3, 70)
SUMMARY_LENGTH = (20, 160)
MIN_INSTRUCTIONS = 3
REQUIRED_PHASES = ("setup", "breathing", "safety")
HOLD_SECONDS = (10, 120)
NEAR_DUPLICATE = 0.9
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


def _text_lists(entry: Exercise) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """Each list whose items should all differ: (list name, [(field path, text)])."""
    for list_name in TEXT_LIST_FIELDS:
        items = getattr(entry, list_name)
        yield list_name, [(f"{list_name}[{i}]", t) for i, t in enumerate(items)]
    yield "faq", [(f"faq[{i}].question", f.question) for i, f in enumerate(entry.faq)]
    yield "cues", [(f"cues[{i}].text", c.text) for i, c in enumerate(entry.cues)]


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
    for _, items in _text_lists(entry):
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
