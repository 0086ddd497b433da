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

import re
from collections.abc import Callable, Iterable
from html import escape

import nh3

from stretchkit.model.entry import Exercise, MediaItem
from stretchkit.model.licenses import credit
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.render.styles import PREVIEW_CSS  # scoped under .sk-entry

# The only tags and attributes the preview is made of: nh3 drops everything else.
_TAGS = {"article", "header", "section", "h1", "h2", "p", "ol", "ul", "li", "dl", "dt", "dd",
         "span", "div", "a", "strong", "em", "figure", "figcaption", "img"}
_ATTRIBUTES = {"*": {"class"}, "a": {"href"}, "img": {"src", "alt", "loading"}}
_CLEANER = nh3.Cleaner(tags=_TAGS, attributes=_ATTRIBUTES, url_schemes={"http", "https"},
                       link_rel="noopener noreferrer nofollow", strip_comments=True)
# An embedded thumbnail: a picture format the kit stores, base64 and nothing else. It is put
# in after nh3 has cleaned the page (nh3 allows no `data:` at all), in place of the picture's
# relative path, so the cleaner never parses the large strings on each keystroke.
_DATA_IMAGE = re.compile(r"data:image/(?:png|jpeg|webp);base64,[A-Za-z0-9+/]+=*")

#: Where a page finds a stored picture: (entry id, file name) -> the `src` to use (an embedded
#: thumbnail, see `store.media.embedded`), or None if there is none. Without one, pages point
#: at `media/<id>/<file>`, where `export --with-media` puts the files.
ImageSource = Callable[[str, str], str | None]


def relative_source(entry_id: str, name: str) -> str:
    return f"media/{entry_id}/{name}"

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


def _cues(entry: Exercise, h: Callable[[str], str] = str) -> str:
    rows = []
    for cue in entry.cues:
        key = '<span class="sk-key">key cue</span>' if cue.key else ""
        css = "sk-cue sk-cue-key" if cue.key else "sk-cue"
        rows.append(f'<li class="{css}">{escape_html(cue.text)}'
                    f'<span class="sk-phase">{escape_html(cue.phase)}</span>{key}</li>')
    return f'<h2>{escape_html(h("Cue checklist"))}</h2><ul class="sk-cues">' + "".join(rows) \
        + "</ul>"


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


def figure(entry: Exercise, item: MediaItem, images: ImageSource | None,
           css: str = "sk-figure") -> str:
    """One picture with its caption and credit, or a video or remote picture as a link (no
    iframe, nothing fetched from a third party), all text escaped."""
    caption = [f'<span class="sk-caption">{escape_html(item.caption)}</span>'] \
        if item.caption else []
    caption.append(f'<span class="sk-credit">{escape_html(credit(item))}</span>')
    if item.file:
        src = (images or relative_source)(entry.id, item.file)
        if src and _DATA_IMAGE.fullmatch(src):
            src = relative_source(entry.id, item.file)  # the thumbnail goes in after cleaning
        body = (f'<img src="{escape_html(src)}" alt="{escape_html(item.alt)}" loading="lazy">'
                if src else f'<span class="sk-missing">picture missing: '
                            f'{escape_html(item.alt or item.file)}</span>')
    else:
        label = item.alt or item.caption or ("Video" if item.kind == "video" else "Picture")
        what = "video" if item.kind == "video" else "picture"
        body = (f'<a class="sk-media-link" href="{escape_html(item.url)}">'
                f"{escape_html(label)}</a> <span class=\"sk-chip\">{what}</span>")
    return (f'<figure class="{css}">{body}<figcaption>{" · ".join(caption)}</figcaption>'
            "</figure>")


def _figures(entry: Exercise, items: Iterable[MediaItem], images: ImageSource | None,
             css: str = "sk-figures") -> str:
    shown = "".join(figure(entry, item, images) for item in items)
    return f'<div class="{css}">{shown}</div>' if shown else ""


def _steps(entry: Exercise, images: ImageSource | None) -> str:
    """The instructions, each with the pictures of its step under it."""
    by_step: dict[int, list[MediaItem]] = {}
    for item in entry.media:
        if item.role == "step" and item.step is not None:
            by_step.setdefault(item.step, []).append(item)
    rows = []
    for n, text in enumerate(entry.instructions, 1):
        rows.append(f"<li>{escape_html(text)}"
                    f"{_figures(entry, by_step.pop(n, []), images, 'sk-step-figures')}</li>")
    extra = [item for n in sorted(by_step) for item in by_step[n]]  # steps beyond the list
    return "<ol>" + "".join(rows) + "</ol>" + _figures(entry, extra, images)


def render_body(entry: Exercise, vocabulary: Vocabulary | None = None,
                images: ImageSource | None = None, heading: Callable[[str], str] = str) -> str:
    """The entry's sanitized HTML without the style block (for pages that add PREVIEW_CSS
    once). `images` says where stored pictures come from (see `ImageSource`); `heading` gives
    the section headings in the page's language (`Labels.heading`)."""
    vocab = vocabulary or Vocabulary.default()
    h = heading
    out = [f"<header><h1>{escape_html(entry.name)}</h1>"]
    if entry.summary:
        out.append(f'<p class="sk-summary">{escape_html(entry.summary)}</p>')
    out.append(_chips(entry, vocab) + "</header>")
    out.append(_figures(entry, (m for m in entry.media if m.role == "main" and m.kind == "image"),
                        images, "sk-figures sk-main-figure"))
    if entry.overview:
        out.append('<section class="sk-overview">'
                   + "".join(f"<p>{escape_html(p)}</p>" for p in entry.overview) + "</section>")
    positions = [m for m in entry.media if m.role in ("start", "end")]
    if positions:
        out.append(f"<h2>{escape_html(h('Positions'))}</h2>" + _figures(entry, positions, images))
    if entry.instructions:
        out.append(f"<h2>{escape_html(h('Instructions'))}</h2>" + _steps(entry, images))
    elif any(m.role == "step" for m in entry.media):
        out.append(f"<h2>{escape_html(h('Steps'))}</h2>" + _steps(entry, images))
    if entry.tips:
        out.append(f"<h2>{escape_html(h('Tips & Tricks'))}</h2>" + html_list(entry.tips))
    if entry.cues:
        out.append(_cues(entry, h))
    for field, title in _LIST_SECTIONS:
        items = getattr(entry, field)
        if items:
            out.append(f"<h2>{escape_html(h(title))}</h2>" + html_list(items))
    if entry.precautions:
        out.append(f"<h2>{escape_html(h('Precautions'))}</h2>" + _precautions(entry, vocab))
    if entry.faq:
        pairs = "".join(f"<dt>{escape_html(f.question)}</dt><dd>{escape_html(f.answer)}</dd>"
                        for f in entry.faq)
        out.append(f"<h2>{escape_html(h('Frequently Asked Questions'))}</h2><dl>{pairs}</dl>")
    videos = [m for m in entry.media if m.kind == "video" and m.role == "main"]
    if videos:
        out.append(f"<h2>{escape_html(h('Video'))}</h2>" + _figures(entry, videos, images))
    out.append(_meta(entry))
    return embed_thumbnails(
        _CLEANER.clean('<article class="sk-entry">' + "".join(out) + "</article>"),
        entry, images)


def embed_thumbnails(html: str, entry: Exercise, images: ImageSource | None) -> str:
    """`html` with each stored picture's relative `src` replaced by the embedded thumbnail
    `images` gives for it, when that is a picture `data:` URI and nothing else."""
    if images is None:
        return html
    for name in {item.file for item in entry.media if item.file}:
        src = images(entry.id, name)
        if src and _DATA_IMAGE.fullmatch(src):
            html = html.replace(f'src="{relative_source(entry.id, name)}"', f'src="{src}"')
    return html


def render_html(entry: Exercise, vocabulary: Vocabulary | None = None,
                images: ImageSource | None = None, heading: Callable[[str], str] = str) -> str:
    """The entry as readers will see it: a scoped `<style>` and the sanitized article.

    Labels come from `vocabulary` (the default vocabulary if not given). The result is safe to
    put into an `ipywidgets.HTML` value or a page: no script, handler or `javascript:` link can
    come out of an entry's text. Pictures: see `render_body`; a page that must work without
    a file server (JupyterLab, Voila, a saved page) passes `store.media.embedded(root)`.
    """
    return f"<style>{PREVIEW_CSS}</style>" + render_body(entry, vocabulary, images, heading)
