"""An entry as readers see it: one self-contained, inert HTML fragment.

The layout follows the client's publication format (the seed): the name as title, the overview
paragraphs, "Instructions", "Tips & Tricks" and "Frequently Asked Questions", plus compact chips
for goals, body areas, level and dosage, and the cue checklist.

Nothing executes from content. Every piece of user text (and every vocabulary label, which is
data too) goes through `html.escape`, and the finished fragment goes through nh3 with a short
allow-list of tags and attributes, so a stray `<img onerror=...>` can only ever show as text.
Both matter: ipywidgets.HTML inserts its value into the page as it is.
"""

from __future__ import annotations

from collections.abc import Iterable
from html import escape

import nh3

from stretchkit.model.entry import Exercise
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.render.styles import PREVIEW_CSS  # scoped under .sk-entry

# The only tags and attributes the preview is made of: nh3 drops everything else.
_TAGS = {"article", "header", "section", "h1", "h2", "p", "ol", "ul", "li", "dl", "dt", "dd",
         "span", "div", "a", "strong", "em"}
_ATTRIBUTES = {"*": {"class"}, "a": {"href"}}
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https"},
                       link_rel="noopener noreferrer nofollow", strip_comments=True)

# Section titles in the order readers meet them (the seed's titles where it has them).
_LIST_SECTIONS = (
    ("regressions", "Regressions (easier)"),
    ("progressions", "Progressions (harder)"),
    ("common_mistakes", "Common mistakes"),
    ("stop_signs", "Stop if"),
)


def escape_html(value: object) -> str:
    """Any value as HTML text: nothing in it can become markup."""
    return escape(str(value), quote=True)


def html_list(items: Iterable[str], tag: str = "ul", css: str = "") -> str:
    cls = f' class="{css}"' if css else ""
    return f"<{tag}{cls}>" + "".join(f"<li>{escape_html(x)}</li>" for x in items) + f"</{tag}>"


def _chip(label: str, css: str = "") -> str:
    return f'<span class="sk-chip {css}">{escape_html(label)}</span>'


def _chips(entry: Exercise, vocab: Vocabulary) -> str:
    chips = [_chip(vocab.label("goals", g), "sk-chip-goal") for g in entry.goals]
    chips += [_chip(vocab.label("targets", t), "sk-chip-target") for t in entry.targets]
    for section, value in (("levels", entry.level), ("positions", entry.position),
                           ("kinds", entry.kind)):
        if value:
            chips.append(_chip(vocab.label(section, value)))
    chips += [_chip(vocab.label("equipment", q)) for q in entry.equipment if q != "none"]
    dosage = entry.dosage.describe()
    if dosage:
        chips.append(_chip(dosage, "sk-chip-dosage"))
    for goal, own in entry.dosage_by_goal.items():
        chips.append(_chip(f"{vocab.label('goals', goal)}: {own.describe() or 'no dosage'}",
                           "sk-chip-dosage"))
    return f'<div class="sk-chips">{"".join(chips)}</div>' if chips else ""


def _cues(entry: Exercise) -> str:
    rows = []
    for cue in entry.cues:
        key = '<span class="sk-key">key cue</span>' if cue.key else ""
        css = "sk-cue sk-cue-key" if cue.key else "sk-cue"
        rows.append(f'<li class="{css}">{escape_html(cue.text)}'
                    f'<span class="sk-phase">{escape_html(cue.phase)}</span>{key}</li>')
    return '<h2>Cue checklist</h2><ul class="sk-cues">' + "".join(rows) + "</ul>"


def _precautions(entry: Exercise, vocab: Vocabulary) -> str:
    """Who should check with a clinician first, and why: one line per condition."""
    rows = []
    for p in entry.precautions:
        reason = f" {escape_html(p.reason)}" if p.reason else ""
        rows.append(f'<li><span class="sk-condition">'
                    f"{escape_html(vocab.label('conditions', p.condition))}"
                    f"{':' if reason else ''}</span>{reason}</li>")
    return '<ul class="sk-precautions">' + "".join(rows) + "</ul>"


def _meta(entry: Exercise) -> str:
    bits = []
    if entry.authors:
        bits.append("By " + ", ".join(escape_html(a) for a in entry.authors))
    if entry.source is not None:
        s = entry.source
        title = escape_html(s.title)
        if s.url and s.url.lower().startswith(("http://", "https://")):
            title = f'<a href="{escape_html(s.url)}">{title}</a>'
        extra = [escape_html(x) for x in (s.author, s.license) if x]
        bits.append("Source: " + title + (f" ({', '.join(extra)})" if extra else ""))
    return f'<div class="sk-meta">{" · ".join(bits)}</div>' if bits else ""


def render_body(entry: Exercise, vocabulary: Vocabulary | None = None) -> str:
    """The entry's sanitized HTML without the style block (for pages that add PREVIEW_CSS
    once)."""
    vocab = vocabulary or Vocabulary.default()
    out = [f"<header><h1>{escape_html(entry.name)}</h1>"]
    if entry.summary:
        out.append(f'<p class="sk-summary">{escape_html(entry.summary)}</p>')
    out.append(_chips(entry, vocab) + "</header>")
    if entry.overview:
        out.append('<section class="sk-overview">'
                   + "".join(f"<p>{escape_html(p)}</p>" for p in entry.overview) + "</section>")
    if entry.instructions:
        out.append("<h2>Instructions</h2>" + html_list(entry.instructions, "ol"))
    if entry.tips:
        out.append("<h2>Tips &amp; Tricks</h2>" + html_list(entry.tips))
    if entry.cues:
        out.append(_cues(entry))
    for field, title in _LIST_SECTIONS:
        items = getattr(entry, field)
        if items:
            out.append(f"<h2>{escape_html(title)}</h2>" + html_list(items))
    if entry.precautions:
        out.append("<h2>Precautions</h2>" + _precautions(entry, vocab))
    if entry.faq:
        pairs = "".join(f"<dt>{escape_html(f.question)}</dt><dd>{escape_html(f.answer)}</dd>"
                        for f in entry.faq)
        out.append(f"<h2>Frequently Asked Questions</h2><dl>{pairs}</dl>")
    out.append(_meta(entry))
    return _CLEANER.clean('<article class="sk-entry">' + "".join(out) + "</article>")


def render_html(entry: Exercise, vocabulary: Vocabulary | None = None) -> str:
    """The entry as readers will see it: a scoped `<style>` and the sanitized article.

    Labels come from `vocabulary` (the default vocabulary if not given). The result is safe to
    put into an `ipywidgets.HTML` value or a page: no script, handler or `javascript:` link can
    come out of an entry's text.
    """
    return f"<style>{PREVIEW_CSS}</style>" + render_body(entry, vocabulary)
