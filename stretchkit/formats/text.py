"""The client's publication text format ("seed text"): a pure pair of functions, and the
reader and writer of `.txt` files built on them.

    Name
    Overview paragraph, one per line...
    Instructions
    - step
    Tips & Tricks
    - tip
    Precautions
    - Condition: why this entry needs a clinician's check first
    Frequently Asked Questions
    Question?
    Answer.
    Picture credits
    - Main: Ana Lee, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)

`parse_text` turns such a document into an entry (a draft: the format carries name, overview,
instructions, tips, precautions and faq); `render_text` renders an entry back. The Precautions
section is a plain list: a condition's label (or id or alias) from the vocabulary, a colon and
the reason, or "None known"; an entry without precautions has no such section, so the client's
example text renders back as it came. For a document in this
format, rendering what was parsed gives the same text (blank lines are not content: the
rendering ends with exactly one newline). An overview paragraph that reads exactly like a
section heading cannot be told from one and is read as the heading. The Picture credits
section (one line per picture or video of an entry that has any) is written for the reader; a
text cannot carry the pictures themselves, so an import skips it (media travel in JSON and
CSV).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from stretchkit.errors import EntryError, Problem, VocabularyError
from stretchkit.fileio import expand_paths
from stretchkit.formats import Progress, write_per_entry
from stretchkit.model.entry import Exercise, validate_entry
from stretchkit.model.licenses import credit
from stretchkit.model.vocabulary import Vocabulary

#: The entry fields this format carries; an import updates only these.
TEXT_FIELDS = ("name", "overview", "instructions", "tips", "faq")
#: Fields a document carries only when it has their section: an import of a text without a
#: Precautions section (the client's older texts) keeps the entry's precautions.
TEXT_FIELDS_IF_PRESENT = ("precautions",)
INSTRUCTIONS = "Instructions"
TIPS = "Tips & Tricks"
PRECAUTIONS = "Precautions"
FAQ = "Frequently Asked Questions"
CREDITS = "Picture credits"

# Headings as other writers spell them -> the section they start.
_HEADINGS = {
    "instructions": "instructions", "steps": "instructions", "how to do it": "instructions",
    "tips & tricks": "tips", "tips and tricks": "tips", "tips": "tips",
    "frequently asked questions": "faq", "faq": "faq", "faqs": "faq",
    "precautions": "precautions", "who should check first": "precautions",
    "picture credits": "credits", "credits": "credits",
}
_BULLET = re.compile(r"^(?:[-*•]|\d+[.)])\s")


def _heading(line: str) -> str | None:
    return _HEADINGS.get(line.strip().strip("#:").strip().casefold())


def parse_text(text: str, vocabulary: Vocabulary | None = None, where: str = "text",
               **fields: object) -> Exercise:
    """Read one document; `fields` add or override entry fields (id, status, ...).

    Raises EntryError naming the line for anything that does not fit the format.
    """
    lines = text.replace("\r\n", "\n").replace("\r", "\n").removeprefix("\ufeff").split("\n")
    numbered = [(n, line) for n, line in enumerate(lines, 1) if line.strip()]
    if not numbered:
        raise EntryError(Problem(where, "name", "expected the entry's name on the first line, "
                                                "got an empty document"), where)
    problems: list[Problem] = []
    (_, name), body = numbered[0], numbered[1:]
    data: dict[str, list] = {"overview": [], "instructions": [], "tips": [], "faq": []}
    vocab = vocabulary or Vocabulary.default()
    section, question_line = "overview", None
    question: str | None = None
    for n, line in body:
        heading = _heading(line)
        if heading is not None:
            if question is not None:
                problems.append(Problem(f"{where}:{question_line}", "faq",
                                        f"question {question!r} has no answer line"))
                question = None
            section = heading
            continue
        if section == "credits":
            continue  # written for the reader; the pictures travel in JSON and CSV
        if section == "overview":
            data["overview"].append(line)
        elif section in ("instructions", "tips", "precautions"):
            match = _BULLET.match(line)
            if match is None:
                problems.append(Problem(
                    f"{where}:{n}", section,
                    f"expected a bullet line starting with '- ', got {line[:40]!r}"))
                continue
            item = line[match.end():]
            if section == "precautions":
                try:
                    item = _precaution(item, vocab)
                except VocabularyError as exc:
                    problems.append(Problem(f"{where}:{n}", "precautions", str(exc)))
                    continue
            data.setdefault(section, []).append(item)
        elif question is None:
            question, question_line = line, n
        else:
            data["faq"].append({"question": question, "answer": line})
            question = None
    if question is not None:
        problems.append(Problem(f"{where}:{question_line}", "faq",
                                f"question {question!r} has no answer line"))
    if problems:
        raise EntryError(problems, where)
    return validate_entry({"name": name, **data, **fields}, vocabulary, where=where)


def _precaution(item: str, vocabulary: Vocabulary) -> dict[str, str]:
    """'Hip replacement: why' -> {condition, reason}; the label may be an id or an alias."""
    label, colon, reason = item.partition(":")
    condition = vocabulary.normalise("conditions", label.strip() if colon else item.strip())
    # One space after the colon belongs to the format; the rest of the line is the reason.
    return {"condition": condition, "reason": reason.removeprefix(" ") if colon else ""}


def render_text(entry: Exercise, vocabulary: Vocabulary | None = None,
                heading: Callable[[str], str] = str) -> str:
    """The entry in the publication format; sections with nothing in them are left out.
    `heading` gives each section heading in the export's language (`Labels.heading`)."""
    vocab = vocabulary or Vocabulary.default()
    h = heading
    out = [entry.name, *entry.overview]
    if entry.instructions:
        out += [h(INSTRUCTIONS), *(f"- {step}" for step in entry.instructions)]
    if entry.tips:
        out += [h(TIPS), *(f"- {tip}" for tip in entry.tips)]
    if entry.precautions:
        out.append(h(PRECAUTIONS))
        for p in entry.precautions:
            label = vocab.label("conditions", p.condition)
            out.append(f"- {label}: {p.reason}" if p.reason else f"- {label}")
    if entry.faq:
        out.append(h(FAQ))
        for item in entry.faq:
            out += [item.question, item.answer]
    if entry.media:
        out.append(h(CREDITS))
        out += [f"- {item.where.capitalize()} {item.kind}: {credit(item)}" for item in entry.media]
    return "\n".join(out) + "\n"


def read_text_files(paths: Sequence[Path], vocabulary: Vocabulary,
                    **_: Any) -> list[tuple[str, Exercise]]:
    """The `text` import reader: seed-text documents, a file each or a folder of `*.txt`.
    EntryError lists every file that is not UTF-8 or not a valid entry."""
    entries, problems = [], []
    for path in expand_paths(paths, ".txt"):
        try:
            text = path.read_text(encoding="utf-8-sig")
        except UnicodeDecodeError as exc:
            problems.append(Problem(str(path), "", f"expected UTF-8 text, got byte "
                                                   f"0x{exc.object[exc.start]:02x} at {exc.start}"))
            continue
        try:
            entries.append((str(path), parse_text(text, vocabulary, where=str(path))))
        except EntryError as exc:
            problems.extend(exc.problems)
    if problems:
        raise EntryError(problems, "import")
    return entries


def write_text_files(entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary,
                     progress: Progress = iter, heading: Callable[[str], str] = str
                     ) -> list[Path]:
    """The `text` export writer: `<out>/<id>.txt` per entry."""
    return write_per_entry(entries, out, ".txt",
                           lambda e: render_text(e, vocabulary, heading), progress)
