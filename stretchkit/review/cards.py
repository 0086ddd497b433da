"""Printable cue cards: one page per entry that a coach takes to the floor.

A card is the entry's cue checklist grouped by phase (setup, execution, breathing, safety,
finish) with the key cues marked, the dosage, the steps in short, what to stop for and the
easier version. `cue_card_html` returns a complete HTML document with print CSS (one card per
printed page). Every piece of user text and every vocabulary label goes through
`html.escape`, so nothing in an entry can become markup or script.
"""

from __future__ import annotations

from collections.abc import Iterable

from stretchkit.model.entry import PHASES, Exercise, dosage_for
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.render.html import ImageSource, embed_thumbnails, figure, html_list
from stretchkit.render.html import escape_html as _e
from stretchkit.render.styles import CARD_CSS  # scoped under .sk-card, with print rules

PHASE_TITLES = {"setup": "Set up", "execution": "Move", "breathing": "Breathe",
                "safety": "Safety", "finish": "Finish"}

def cue_card_body(entry: Exercise, vocabulary: Vocabulary | None = None,
                  goal: str | None = None, images: ImageSource | None = None) -> str:
    """One card as an HTML fragment (`<section class="sk-card">`), without the style block.

    With `goal`, the card is for that goal and shows its dosage (`dosage_for`); without, the
    default dosage and then each goal's own dosage. The main, start and end pictures show
    with their credits (`images` as for `render_html`)."""
    vocab = vocabulary or Vocabulary.default()
    out = [f'<section class="sk-card" data-entry="{_e(entry.id)}"><h1>{_e(entry.name)}</h1>']
    if entry.summary:
        out.append(f'<p class="sk-card-summary">{_e(entry.summary)}</p>')
    facts = [
        ("Goals", ", ".join(vocab.label("goals", g) for g in entry.goals)),
        ("Body areas", ", ".join(vocab.label("targets", t) for t in entry.targets)),
        ("Position", vocab.label("positions", entry.position) if entry.position else ""),
        ("Level", vocab.label("levels", entry.level) if entry.level else ""),
        ("Equipment", ", ".join(vocab.label("equipment", q) for q in entry.equipment)),
    ]
    shown = [f"<span><b>{_e(k)}:</b> {_e(v)}</span>" for k, v in facts if v]
    if shown:
        out.append('<div class="sk-card-facts">' + "".join(shown) + "</div>")
    pictures = [figure(entry, m, images) for m in entry.media
                if m.kind == "image" and m.file and m.role in ("main", "start", "end")]
    if pictures:
        out.append('<div class="sk-card-figures">' + "".join(pictures[:3]) + "</div>")
    if goal is not None:
        dosage = dosage_for(entry, goal).describe()
        if dosage:
            out.append(f'<p class="sk-card-dosage">{_e(vocab.label("goals", goal))}: '
                       f'{_e(dosage)}</p>')
    else:
        dosage = entry.dosage.describe()
        if dosage:
            out.append(f'<p class="sk-card-dosage">{_e(dosage)}</p>')
        for own_goal, own in entry.dosage_by_goal.items():
            out.append(f'<p class="sk-card-dosage sk-card-goal-dosage">'
                       f'{_e(vocab.label("goals", own_goal))}: {_e(own.describe())}</p>')
    for phase in PHASES:
        cues = [c for c in entry.cues if c.phase == phase]
        if cues:
            out.append(f"<h2>{_e(PHASE_TITLES[phase])}</h2><ul>" + "".join(
                f'<li class="sk-card-cue{" sk-card-key" if c.key else ""}">{_e(c.text)}</li>'
                for c in cues) + "</ul>")
    if entry.instructions:
        out.append("<h2>Steps</h2>" + html_list(entry.instructions, "ol"))
    if entry.stop_signs:
        out.append("<h2>Stop if</h2>" + html_list(entry.stop_signs, css="sk-card-stop"))
    if entry.precautions:
        out.append("<h2>Check first</h2>" + html_list(
            f"{vocab.label('conditions', p.condition)}" + (f": {p.reason}" if p.reason else "")
            for p in entry.precautions))
    if entry.regressions:
        out.append("<h2>Make it easier</h2>" + html_list(entry.regressions))
    out.append(f'<div class="sk-card-foot">{_e(entry.id)} · {_e(entry.status)}</div>')
    out.append("</section>")
    return embed_thumbnails("".join(out), entry, images)


def cue_card_html(entries: Exercise | Iterable[Exercise],
                  vocabulary: Vocabulary | None = None, title: str = "",
                  goal: str | None = None, images: ImageSource | None = None) -> str:
    """A complete, printable HTML document: one cue card per entry, one card per page; with
    `goal`, each card shows the dosage for that goal."""
    if isinstance(entries, Exercise):
        entries = [entries]
    entries = list(entries)
    if not title:
        title = f"Cue card: {entries[0].name}" if len(entries) == 1 else "Cue cards"
    cards = "".join(cue_card_body(e, vocabulary, goal, images) for e in entries)
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(title)}</title><style>{CARD_CSS}</style></head>"
            f"<body>{cards}</body></html>\n")
