"""render_html: the seed's layout, every field shown, and nothing executable from content."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from stretchkit import Cue, Dosage, Exercise, FaqItem, Vocabulary, parse_text, render_html
from stretchkit.model import Precaution, Source
from stretchkit.render.html import escape_html, html_list, render_body

# The payloads the acceptance check feeds in, and a few more ways out of a text node/attribute.
PAYLOADS = [
    '<img src=x onerror="window.__xss=1">',
    '<svg onload="window.__xss=2"></svg>',
    '<a href="javascript:window.__xss=3" id="jsl">click</a>',
    "<script>window.__xss=4</script>",
    '"><img src=x onerror=window.__xss=5>',
    '<iframe srcdoc="<script>parent.__xss=6</script>"></iframe>',
    "'><details open ontoggle=window.__xss=7>",
    "</style><script>window.__xss=8</script>",
    "<!-- --><math><mtext><img src=x onerror=window.__xss=9></mtext></math>",
]
ALLOWED = {"style", "article", "header", "section", "h1", "h2", "p", "ol", "ul", "li", "dl",
           "dt", "dd", "span", "div", "a"}


class _Tree(HTMLParser):
    """Collects every start tag with its attributes, and the text a reader would see."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        if tag == "style":
            self._in_style = False

    def handle_data(self, data):
        if not self._in_style:
            self.text.append(data)


def parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree


@pytest.fixture
def seed_entry(seed_text) -> Exercise:
    return parse_text(seed_text)


def test_seed_layout_in_reading_order(seed_entry):
    html = render_html(seed_entry)
    tree = parse(html)
    headings = [t for t, _ in tree.tags if t in ("h1", "h2")]
    assert headings[0] == "h1"
    text = "".join(tree.text)
    order = [seed_entry.name, seed_entry.overview[0], seed_entry.overview[-1], "Instructions",
             seed_entry.instructions[0], "Tips & Tricks", seed_entry.tips[-1],
             "Frequently Asked Questions", seed_entry.faq[0].question, seed_entry.faq[-1].answer]
    positions = [text.index(part) for part in order]
    assert positions == sorted(positions)
    assert [t for t, _ in tree.tags].count("p") == len(seed_entry.overview)
    assert [t for t, _ in tree.tags].count("dt") == len(seed_entry.faq)
    # instructions are numbered, tips are bullets
    assert html.index("Instructions") < html.index("<ol>") < html.index("Tips &amp; Tricks")
    assert html.index("Tips &amp; Tricks") < html.index("<ul>")
    assert [t for t, _ in tree.tags].count("li") == len(seed_entry.instructions) + len(
        seed_entry.tips)


def test_chips_cues_lists_and_source_are_shown(seed_entry):
    entry = seed_entry.model_copy(update={
        "summary": "Opens the rear hip.",
        "goals": ["warm-up", "pre-squat"], "targets": ["glutes"], "level": "beginner",
        "position": "seated", "kind": "static-stretch", "equipment": ["mat"],
        "dosage": Dosage(hold_seconds=(20, 30), sides="each"),
        "cues": [Cue(text="Square the hips", phase="setup", key=True),
                 Cue(text="Exhale long", phase="breathing")],
        "dosage_by_goal": {"warm-up": Dosage(hold_seconds=(10, 15), sides="each")},
        "regressions": ["Sit on a block"], "progressions": ["Reach further"],
        "common_mistakes": ["Rounding the back"], "stop_signs": ["Sharp knee pain"],
        "precautions": [Precaution(condition="hip-replacement", reason="Turns the hip in.")],
        "authors": ["Coach Kim"],
        "source": Source(title="Team notes", url="https://example.org/x", license="CC-BY-4.0"),
    })
    html = render_html(entry)
    text = "".join(parse(html).text)
    for shown in ("Opens the rear hip.", "Warm-up", "Pre-squat", "Glutes", "Beginner", "Seated",
                  "Static stretch", "Mat", "Hold 20–30 s, each side", "Cue checklist",
                  "Square the hips", "key cue", "breathing", "Regressions (easier)",
                  "Sit on a block", "Progressions (harder)", "Reach further", "Common mistakes",
                  "Rounding the back", "Stop if", "Sharp knee pain", "By Coach Kim",
                  "Warm-up: Hold 10–15 s, each side", "Precautions", "Hip replacement:",
                  "Turns the hip in.",
                  "Team notes", "CC-BY-4.0"):
        assert shown in text, shown
    links = [a for t, a in parse(html).tags if t == "a"]
    assert links == [{"href": "https://example.org/x", "rel": "noopener noreferrer nofollow"}]


def test_labels_come_from_the_given_vocabulary(seed_entry):
    vocab = Vocabulary.from_dict({"goals": [{"id": "sprint-prep", "label": "Sprint <prep>"}]},
                                 base=Vocabulary.default())
    entry = Exercise.model_validate({**seed_entry.model_dump(), "goals": ["sprint-prep"]},
                                    context={"vocabulary": vocab})
    html = render_html(entry, vocab)
    assert "Sprint &lt;prep&gt;" in html
    assert "<prep>" not in html


def test_empty_sections_are_left_out():
    html = render_html(Exercise(id="x", name="Only a name"))
    tree = parse(html)
    assert [t for t, _ in tree.tags if t in ("h2", "ol", "ul", "dl")] == []
    assert "Only a name" in "".join(tree.text)


#: Every place of an entry that holds free text a reader sees.
TEXT_PLACES = ("name", "summary", "overview", "instructions", "tips", "faq.question",
               "faq.answer", "cue", "regressions", "progressions", "common_mistakes",
               "stop_signs", "precautions.reason", "authors", "source.title", "source.author",
               "source.license")


@pytest.mark.parametrize("payload", PAYLOADS)
def test_payloads_stay_text_in_every_field(payload):
    def text(place: str) -> str:
        return f"[{place}] {payload}"

    entry = Exercise(
        id="x", name=text("name"), summary=text("summary"), overview=[text("overview")],
        instructions=[text("instructions")], tips=[text("tips")],
        faq=[FaqItem(question=text("faq.question"), answer=text("faq.answer"))],
        cues=[Cue(text=text("cue"), key=True)], regressions=[text("regressions")],
        progressions=[text("progressions")], common_mistakes=[text("common_mistakes")],
        stop_signs=[text("stop_signs")], authors=[text("authors")],
        precautions=[Precaution(condition="pregnancy", reason=text("precautions.reason"))],
        source=Source(title=text("source.title"), url="javascript:window.__xss=10",
                      author=text("source.author"), license=text("source.license")))
    html = render_html(entry)
    tree = parse(html)
    for tag, attrs in tree.tags:
        assert tag in ALLOWED, f"unexpected element <{tag}>"
        assert set(attrs) <= {"class", "href", "rel"}, f"unexpected attribute on <{tag}>: {attrs}"
        assert not (attrs.get("href") or "").lower().startswith("javascript:")
    assert [t for t, _ in tree.tags].count("style") == 1
    # Readers see exactly what the coach typed, in each field by name.
    seen = "".join(tree.text)
    assert [place for place in TEXT_PLACES if text(place) not in seen] == []


def test_the_style_cannot_be_closed_from_content():
    html = render_html(Exercise(id="x", name="</style><script>alert(1)</script>"))
    assert html.count("</style>") == 1
    assert "<script>" not in html


_VOID = {"img", "br", "hr"}  # elements without an end tag: nothing nests in them


class _Outline(HTMLParser):
    """The article as an indented outline: `tag.class "text"` per element, as a reader meets it.
    Written out in a test, it pins every tag, class, title and text of the preview."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = "".join(f".{c}" for c in (attrs.get("class") or "").split())
        shown = "".join(f" {name}={attrs[name]}" for name in ("href", "src", "alt", "loading")
                        if name in attrs)
        self.lines.append("  " * self._depth + tag + classes + shown)
        if tag not in _VOID:
            self._depth += 1

    def handle_endtag(self, tag):
        self._depth -= 1

    def handle_data(self, data):
        self.lines[-1] += f" {data!r}"


def outline(html: str) -> str:
    parser = _Outline()
    parser.feed(html)
    parser.close()
    return "\n".join(parser.lines)


def test_the_preview_of_a_full_entry_is_exactly_this_outline():
    entry = Exercise(
        id="x", name="Hip opener", summary="Opens the hips.",
        goals=["warm-up"], targets=["glutes"], level="beginner", position="seated",
        kind="static-stretch", equipment=["mat", "none"],
        dosage=Dosage(hold_seconds=(20, 30), sides="each"),
        dosage_by_goal={"warm-up": Dosage(hold_seconds=(10, 15), sides="each"),
                        "cool-down": Dosage()},
        precautions=[Precaution(condition="hip-replacement", reason="Turns the hip in."),
                     Precaution(condition="pregnancy")],
        overview=["First paragraph.", "Second paragraph."],
        instructions=["Sit tall.", "Lean in."], tips=["Breathe out.", "Go slowly."],
        cues=[Cue(text="Square the hips", phase="setup", key=True),
              Cue(text="Exhale long", phase="breathing")],
        regressions=["Sit on a block"], progressions=["Reach further"],
        common_mistakes=["Rounding"], stop_signs=["Knee pain"],
        faq=[FaqItem(question="How long?", answer="Half a minute."),
             FaqItem(question="Daily?", answer="Yes.")],
        authors=["Kim", "Lee"],
        source=Source(title="Notes", url="HTTPS://example.org/x", author="Ann",
                      license="CC-BY-4.0"))
    assert outline(render_body(entry)) == """\
article.sk-entry
  header
    h1 'Hip opener'
    p.sk-summary 'Opens the hips.'
    div.sk-chips
      span.sk-chip.sk-chip-goal 'Warm-up'
      span.sk-chip.sk-chip-target 'Glutes'
      span.sk-chip 'Beginner'
      span.sk-chip 'Seated'
      span.sk-chip 'Static stretch'
      span.sk-chip 'Mat'
      span.sk-chip.sk-chip-dosage 'Hold 20–30 s, each side'
      span.sk-chip.sk-chip-dosage 'Warm-up: Hold 10–15 s, each side'
      span.sk-chip.sk-chip-dosage 'Cool-down: no dosage'
  section.sk-overview
    p 'First paragraph.'
    p 'Second paragraph.'
  h2 'Instructions'
  ol
    li 'Sit tall.'
    li 'Lean in.'
  h2 'Tips & Tricks'
  ul
    li 'Breathe out.'
    li 'Go slowly.'
  h2 'Cue checklist'
  ul.sk-cues
    li.sk-cue.sk-cue-key 'Square the hips'
      span.sk-phase 'setup'
      span.sk-key 'key cue'
    li.sk-cue 'Exhale long'
      span.sk-phase 'breathing'
  h2 'Regressions (easier)'
  ul
    li 'Sit on a block'
  h2 'Progressions (harder)'
  ul
    li 'Reach further'
  h2 'Common mistakes'
  ul
    li 'Rounding'
  h2 'Stop if'
  ul
    li 'Knee pain'
  h2 'Precautions'
  ul.sk-precautions
    li
      span.sk-condition 'Hip replacement:' ' Turns the hip in.'
    li
      span.sk-condition 'Pregnancy (later stages)'
  h2 'Frequently Asked Questions'
  dl
    dt 'How long?'
    dd 'Half a minute.'
    dt 'Daily?'
    dd 'Yes.'
  div.sk-meta 'By Kim, Lee · Source: '
    a href=HTTPS://example.org/x 'Notes' ' (Ann, CC-BY-4.0)'"""


def test_a_bare_entry_has_no_empty_containers_and_a_source_without_extras_or_link():
    bare = outline(render_body(Exercise(id="x", name="Bare")))
    assert bare == "article.sk-entry\n  header\n    h1 'Bare'"
    entry = Exercise(id="x", name="Bare", equipment=["none"],
                     source=Source(title="Book", url="ftp://example.org/book"))
    assert outline(render_body(entry)) == """\
article.sk-entry
  header
    h1 'Bare'
  div.sk-meta 'Source: Book'"""
    plain_http = Source(title="Site", url="http://example.org/")
    assert outline(render_body(Exercise(id="x", name="Bare", source=plain_http))).endswith(
        "div.sk-meta 'Source: '\n    a href=http://example.org/ 'Site'")


def test_escape_html_escapes_quotes_for_attributes():
    assert escape_html("""<a title="x" alt='y'>&""") == (
        "&lt;a title=&quot;x&quot; alt=&#x27;y&#x27;&gt;&amp;")
    assert html_list(["a<b"], "ol", "steps") == '<ol class="steps"><li>a&lt;b</li></ol>'
    assert html_list([]) == "<ul></ul>"


def test_every_section_heading_goes_through_the_heading_function():
    from stretchkit.model import MediaItem

    entry = Exercise(
        id="x", name="Hip opener", overview=["One."], instructions=["Sit tall.", "Lean in."],
        tips=["Breathe out."], cues=[Cue(text="Square the hips", phase="setup", key=True)],
        regressions=["Sit on a block"], progressions=["Reach further"],
        common_mistakes=["Rounding"], stop_signs=["Knee pain"],
        precautions=[Precaution(condition="pregnancy", reason="Lying flat late on.")],
        faq=[FaqItem(question="How long?", answer="Half a minute.")],
        media=[MediaItem(kind="image", url="https://img.example.org/a.png", role="start",
                         alt="Start", license="CC0-1.0"),
               MediaItem(kind="video", url="https://video.example.org/v", alt="Demo",
                         license="CC0-1.0")])
    tree = _Headings()
    tree.feed(render_html(entry, heading=lambda title: f"[{title}]"))
    assert tree.headings == [
        "[Positions]", "[Instructions]", "[Tips & Tricks]", "[Cue checklist]",
        "[Regressions (easier)]", "[Progressions (harder)]", "[Common mistakes]", "[Stop if]",
        "[Precautions]", "[Frequently Asked Questions]", "[Video]"]


class _Headings(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.headings: list[str] = []
        self._in_h2 = False

    def handle_starttag(self, tag, attrs):
        self._in_h2 = tag == "h2"
        if self._in_h2:
            self.headings.append("")

    def handle_endtag(self, tag):
        self._in_h2 = False

    def handle_data(self, data):
        if self._in_h2:
            self.headings[-1] += data
