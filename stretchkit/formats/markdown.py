"""A readable Markdown export that carries every field of an entry.

User text is escaped, so whatever a coach typed shows as text and can never become a link,
an HTML tag or a heading when the Markdown is rendered on a website.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from stretchkit.formats import Progress, write_per_entry
from stretchkit.model.entry import Exercise
from stretchkit.model.licenses import credit
from stretchkit.model.vocabulary import Vocabulary

_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+!|&~])")


def escape_markdown(text: str) -> str:
    """Backslash-escape Markdown and HTML punctuation; a leading '-' or '1.' stays text."""
    # Indentation is not content in Markdown: up to three spaces vanish, four make a code block.
    text = re.sub(r"^[ \t]+", "", text, flags=re.MULTILINE)
    text = _SPECIAL.sub(r"\\\1", text)
    # Every line, not just the first: a source's author or license may hold line breaks.
    text = re.sub(r"^(\s*)([-=])", r"\1\\\2", text, flags=re.MULTILINE)
    return re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", text, flags=re.MULTILINE)


def render_markdown(entry: Exercise, vocabulary: Vocabulary | None = None,
                    heading: Callable[[str], str] = str,
                    fallback: Sequence[str] = ()) -> str:
    """The entry as Markdown. `heading` gives headings and fact labels in the export's
    language (`Labels.heading`); `fallback` names the fields still in the source language,
    said in a line under the title."""
    vocab = vocabulary or Vocabulary.default()
    # Translated headings are data like labels, so escaped; the kit's own stay as they are.
    h = heading if heading is str else (lambda text: escape_markdown(heading(text)))
    e = escape_markdown
    out: list[str] = [f"# {e(entry.name)}", ""]
    if fallback:
        out += [f"> {h('Not yet translated, shown in the source language')}: "
                f"{e(', '.join(fallback))}", ""]
    if entry.summary:
        out += [f"*{e(entry.summary)}*", ""]
    facts = [
        ("Id", f"`{entry.id}`"),
        ("Status", entry.status),
        # Labels come from a data folder's vocabulary file: text like any other, so escaped.
        ("Goals", ", ".join(e(vocab.label("goals", g)) for g in entry.goals)),
        ("Body areas", ", ".join(e(vocab.label("targets", t)) for t in entry.targets)),
        ("Position", e(vocab.label("positions", entry.position)) if entry.position else ""),
        ("Kind", e(vocab.label("kinds", entry.kind)) if entry.kind else ""),
        ("Level", e(vocab.label("levels", entry.level)) if entry.level else ""),
        ("Equipment", ", ".join(e(vocab.label("equipment", q)) for q in entry.equipment)),
        ("Dosage", entry.dosage.describe()),
        *((f"Dosage for {e(vocab.label('goals', goal))}", dosage.describe() or "none")
          for goal, dosage in entry.dosage_by_goal.items()),
        ("Authors", ", ".join(e(a) for a in entry.authors)),
        ("Created", entry.created.isoformat() if entry.created else ""),
        ("Updated", entry.updated.isoformat() if entry.updated else ""),
    ]
    out += [f"- **{h(label)}:** {value}" for label, value in facts if value]
    if entry.source:
        s = entry.source
        # Free text, possibly over several lines: one line here, or it would leave the list.
        bits = [e(s.title)] + [e(" ".join(x.split())) for x in (s.author, s.license)
                               if x and x.strip()]
        if s.url and s.url.strip():
            bits.append(f"<{s.url}>" if s.url.startswith(("http://", "https://"))
                        and not re.search(r"[\s<>]", s.url) else e(" ".join(s.url.split())))
        out.append(f"- **{h('Source')}:** {', '.join(bits)}")
    out.append("")
    out += [*(e(p) + "\n" for p in entry.overview)]

    def section(title: str, items: list[str], numbered: bool = False) -> None:
        if items:
            out.extend([f"## {h(title)}", ""])
            out.extend(f"{i}. {e(x)}" if numbered else f"- {e(x)}" for i, x in enumerate(items, 1))
            out.append("")

    section("Instructions", entry.instructions, numbered=True)
    section("Tips & Tricks", entry.tips)
    if entry.cues:
        out += [f"## {h('Cue checklist')}", ""]
        out += [f"- [ ] {'**' + e(c.text) + '**' if c.key else e(c.text)} ({c.phase}"
                f"{', key cue' if c.key else ''})" for c in entry.cues]
        out.append("")
    section("Regressions (easier)", entry.regressions)
    section("Progressions (harder)", entry.progressions)
    section("Common mistakes", entry.common_mistakes)
    section("Stop if", entry.stop_signs)
    if entry.precautions:
        out += [f"## {h('Precautions')}", ""]
        out += [f"- **{e(vocab.label('conditions', p.condition))}**"
                + (f": {e(p.reason)}" if p.reason else "") for p in entry.precautions]
        out.append("")
    if entry.media:
        out += [f"## {h('Pictures and videos')}", ""]
        for item in entry.media:
            target = f"media/{entry.id}/{item.file}" if item.file else item.url
            label = e(item.alt or item.caption or item.kind)
            line = f"- {item.where.capitalize()} {item.kind}: [{label}](<{target}>)"
            if item.caption:
                line += f", {e(item.caption)}"
            out.append(line + f". Credit: {e(credit(item))}")
        out.append("")
    if entry.faq:
        out += [f"## {h('Frequently Asked Questions')}", ""]
        for item in entry.faq:
            out += [f"### {e(item.question)}", "", e(item.answer), ""]
    if entry.reviews:
        out += [f"## {h('Reviews')}", ""]
        for r in entry.reviews:
            ticked = sum(r.checklist.values())
            items = "".join(f"; {'✓' if done else '✗'} {e(' '.join(item.split()))}"
                            for item, done in r.checklist.items())
            line = (f"- {r.at.isoformat()}: **{r.decision}** by {e(r.reviewer)}"
                    f" ({ticked}/{len(r.checklist)} checklist items{items})")
            if r.comment:
                line += ": " + e(" ".join(r.comment.split()))
            out.append(line)
        out.append("")
    return "\n".join(out).rstrip("\n") + "\n"


def write_markdown_files(entries: Sequence[Exercise], out: Path, vocabulary: Vocabulary,
                         progress: Progress = iter, heading: Callable[[str], str] = str,
                         fallback: Mapping[str, Sequence[str]] | None = None) -> list[Path]:
    """The `markdown` export writer: `<out>/<id>.md` per entry."""
    fallback = fallback or {}
    return write_per_entry(
        entries, out, ".md",
        lambda e: render_markdown(e, vocabulary, heading, fallback.get(e.id, ())), progress)
