"""The Markdown export: every field appears, and what a coach typed stays text.

The output is rendered with markdown-it (CommonMark, raw HTML allowed, as many sites render
Markdown) and read back from the token stream, so the checks see what a reader would see.
"""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given, settings
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from stretchkit import Exercise, Vocabulary, validate_entry
from stretchkit.formats.markdown import escape_markdown, render_markdown
from tests.strategies import entries, examples, markup_lines

MARKDOWN = MarkdownIt("commonmark")  # html=True: raw HTML in the input would come through
#: Token types only user text could bring in; the export itself never writes them.
FORBIDDEN = {"html_block", "html_inline", "image", "code_block", "fence", "hr", "blockquote_open",
             "lheading", "link_open"}


def blocks(markdown: str) -> list[tuple[str, str]]:
    """(kind of block, its text as a reader sees it) for every heading, paragraph and item."""
    out, opened = [], []
    for token in MARKDOWN.parse(markdown):
        if token.type.endswith("_open"):
            opened.append(token.tag)
        elif token.type.endswith("_close"):
            opened.pop()
        elif token.type == "inline":
            text = "".join(child.content if child.type in ("text", "code_inline") else
                           "\n" if child.type in ("softbreak", "hardbreak") else ""
                           for child in token.children or [])
            out.append(("li" if "li" in opened else opened[-1], text))
    return out


def token_types(markdown: str) -> set[str]:
    types = set()
    for token in MARKDOWN.parse(markdown):
        types.add(token.type)
        types.update(child.type for child in token.children or [])
    return types


def rich_entry() -> Exercise:
    return validate_entry({
        "id": "wall-calf-stretch", "name": "Wall Calf Stretch", "summary": "Loosens calves.",
        "overview": ["Para one.", "Para two."], "instructions": ["Face the wall.", "Lean."],
        "tips": ["Heel down."], "faq": [{"question": "How long?", "answer": "Thirty seconds."}],
        "cues": [{"text": "Heel heavy", "phase": "execution", "key": True},
                 {"text": "Breathe out", "phase": "breathing"}],
        "goals": ["pre-run", "cool-down"], "targets": ["calves", "ankles"],
        "position": "standing", "kind": "static-stretch", "level": "intermediate",
        "equipment": ["wall"], "dosage": {"hold_seconds": [20, 30], "breaths": 4, "reps": 2,
                                          "sides": "each"},
        "dosage_by_goal": {"pre-run": {"hold_seconds": [15, 20], "reps": 1, "sides": "each"}},
        "regressions": ["Smaller step."], "progressions": ["Bend the knee."],
        "common_mistakes": ["Heel lifts."], "stop_signs": ["Achilles pain."],
        "precautions": [{"condition": "acute-injury", "reason": "A sore Achilles needs rest."}],
        "media": [{"file": "0123456789abcdef.jpg", "alt": "Lean into the wall",
                   "caption": "Back heel down", "license": "CC-BY-4.0", "author": "Ana Lee",
                   "source_url": "https://example.org/photo"}],
        "status": "published",
        "reviews": [{"reviewer": "Sam Okafor", "at": "2024-03-04T05:06:07Z",
                     "decision": "published", "checklist": {"cues ok": True, "dose ok": False},
                     "comment": "Good."}],
        "authors": ["Coach Ida", "Coach Tom"],
        "source": {"title": "Club handbook", "url": "https://example.org/calf",
                   "author": "R. Runner", "license": "CC-BY-4.0"},
        "created": "2024-03-01T08:00:00Z", "updated": "2024-03-04T05:06:07Z",
    })


def test_every_field_appears():
    entry = rich_entry()
    markdown = render_markdown(entry)
    text = "\n".join(t for _, t in blocks(markdown))
    expected = {
        "id": ["wall-calf-stretch"], "name": ["Wall Calf Stretch"], "summary": ["Loosens"],
        "overview": ["Para one.", "Para two."], "instructions": ["Face the wall.", "Lean."],
        "tips": ["Heel down."], "faq": ["How long?", "Thirty seconds."],
        "cues": ["Heel heavy (execution, key cue)", "Breathe out (breathing)"],
        "goals": ["Pre-run, Cool-down"], "targets": ["Calves, Ankles"],
        "position": ["Standing"], "kind": ["Static stretch"], "level": ["Intermediate"],
        "equipment": ["Wall"], "dosage": ["Hold 20–30 s, 4 breaths, 2 reps, each side"],
        "dosage_by_goal": ["Dosage for Pre-run:", "Hold 15–20 s, 1 rep, each side"],
        "precautions": ["Acute injury", "A sore Achilles needs rest."],
        "media": ["Main image: Lean into the wall", "Back heel down", "Ana Lee", "CC-BY-4.0", "https://example.org/photo"],
        "regressions": ["Smaller step."], "progressions": ["Bend the knee."],
        "common_mistakes": ["Heel lifts."], "stop_signs": ["Achilles pain."],
        "status": ["published"],
        "reviews": ["2024-03-04T05:06:07+00:00", "Sam Okafor", "✓ cues ok", "✗ dose ok",
                    "Good."],
        "authors": ["Coach Ida, Coach Tom"],
        "source": ["Club handbook", "R. Runner", "CC-BY-4.0", "https://example.org/calf"],
        "created": ["2024-03-01T08:00:00+00:00"], "updated": ["2024-03-04T05:06:07+00:00"],
    }
    assert set(expected) == set(Exercise.model_fields)  # a new field must be exported too
    missing = {f: s for f, values in expected.items() for s in values if s not in text}
    assert missing == {}
    assert ("h1", "Wall Calf Stretch") in blocks(markdown)
    assert ("h3", "How long?") in blocks(markdown)


def test_an_http_source_url_is_a_link_and_nothing_else_is():
    markdown = render_markdown(rich_entry())
    links = [child.attrs["href"] for token in MARKDOWN.parse(markdown)
             for child in token.children or [] if child.type == "link_open"]
    # the source, and the picture where `export --with-media` puts it
    assert links == ["https://example.org/calf", "media/wall-calf-stretch/0123456789abcdef.jpg"]
    other = rich_entry().model_copy(update={"media": [], "source": rich_entry().source.model_copy(
        update={"url": "javascript:alert(1)"})})
    assert "link_open" not in token_types(render_markdown(other))


def test_empty_sections_are_left_out():
    markdown = render_markdown(Exercise(id="bare", name="Bare"))
    assert markdown == "# Bare\n\n- **Id:** `bare`\n- **Status:** draft\n"


def test_labels_come_from_the_vocabulary_given_and_are_escaped_too():
    team = Vocabulary.from_dict({"goals": [{"id": "sprint-prep",
                                            "label": "<b>Sprint</b> [prep](javascript:x)"}]},
                                base=Vocabulary.default())
    entry = validate_entry({"id": "a", "name": "A", "goals": ["sprint-prep"]}, team)
    markdown = render_markdown(entry, team)
    assert ("li", "Goals: <b>Sprint</b> [prep](javascript:x)") in blocks(markdown)
    assert not token_types(markdown) & FORBIDDEN


def test_describe_dosage():
    def dose(**dosage) -> str:
        return validate_entry({"id": "a", "name": "A", "dosage": dosage}).dosage.describe()

    assert dose() == ""
    assert dose(hold_seconds=[30, 30], sides="both") == "Hold 30 s, both sides together"
    assert dose(reps=8, sides="none") == "8 reps"
    assert dose(breaths=5, sides="each") == "5 breaths, each side"


def test_escape_markdown_keeps_the_text_and_neutralises_line_starts():
    nasty = "# 1. <script>alert(1)</script> [x](javascript:y) *a* _b_ `c` &amp; | ~ \\"
    assert blocks(escape_markdown(nasty)) == [("p", nasty)]
    for start in ["- item", "+ item", "* item", "1. item", "2) item", "> quote", "=== ",
                  "    code", "<div>x</div>", "---"]:
        assert blocks(escape_markdown(start)) == [("p", start.strip())], start


def test_source_text_over_several_lines_stays_in_its_line():
    entry = validate_entry({"id": "a", "name": "A", "source": {
        "title": "T", "author": "Ann\n- Bob\n\n<script>x</script>", "license": "1. MIT"}})
    found = blocks(render_markdown(entry))
    assert ("li", "Source: T, Ann - Bob <script>x</script>, 1. MIT") in found
    assert not token_types(render_markdown(entry)) & FORBIDDEN


@st.composite
def marked_up_entries(draw: st.DrawFn) -> Exercise:
    """Entries whose every text field is made of Markdown and HTML punctuation."""
    some = st.lists(markup_lines, min_size=1, max_size=3)
    return validate_entry({
        "id": "marked-up", "name": draw(markup_lines), "summary": draw(markup_lines),
        "overview": draw(some), "instructions": draw(some), "tips": draw(some),
        "faq": [{"question": draw(markup_lines), "answer": draw(markup_lines)}],
        "cues": [{"text": draw(markup_lines), "key": draw(st.booleans())}],
        "regressions": draw(some), "progressions": draw(some),
        "common_mistakes": draw(some), "stop_signs": draw(some), "authors": draw(some),
        "reviews": [{"reviewer": draw(markup_lines), "decision": "approved",
                     "at": datetime(2024, 1, 1, tzinfo=UTC), "comment": draw(markup_lines),
                     "checklist": {draw(markup_lines): True}}],
        "source": {"title": draw(markup_lines), "author": draw(markup_lines),
                   "license": draw(markup_lines), "url": draw(markup_lines)},
    })


@settings(max_examples=examples(60), deadline=None)
@given(marked_up_entries())
def test_user_text_comes_out_as_exactly_that_text(entry):
    markdown = render_markdown(entry)
    assert not token_types(markdown) & FORBIDDEN
    found = blocks(markdown)
    assert found[0] == ("h1", entry.name)
    assert ("p", entry.summary) in found
    assert [("h3", entry.faq[0].question), ("p", entry.faq[0].answer)] == \
        found[found.index(("h3", entry.faq[0].question)):][:2]
    for paragraph in entry.overview:
        assert ("p", paragraph) in found
    for items in (entry.instructions, entry.tips, entry.regressions, entry.progressions,
                  entry.common_mistakes, entry.stop_signs):
        for item in items:
            assert ("li", item) in found
    assert any(kind == "li" and text.startswith(f"[ ] {entry.cues[0].text} (execution")
               for kind, text in found)
    assert ("li", "Authors: " + ", ".join(entry.authors)) in found
    # Free text that may span lines is written on one line, its spaces collapsed.
    review, source = entry.reviews[0], entry.source
    [item] = [one_line(text) for text in review.checklist]
    assert ("li", f"2024-01-01T00:00:00+00:00: approved by {review.reviewer} (1/1 checklist "
                  f"items; ✓ {item}): {one_line(review.comment)}") in found
    assert ("li", f"Source: {source.title}, {one_line(source.author)}, "
                  f"{one_line(source.license)}, {one_line(source.url)}") in found


def one_line(text: str) -> str:
    return " ".join(text.split())


@settings(max_examples=examples(25), deadline=None)
@given(entries())
def test_no_entry_at_all_brings_markup_of_its_own(entry):
    markdown = render_markdown(entry)
    types = token_types(markdown)
    assert not (types - {"link_open"}) & FORBIDDEN
    links = {child.attrs["href"] for token in MARKDOWN.parse(markdown)
             for child in token.children or [] if child.type == "link_open"}
    assert links <= ({entry.source.url} if entry.source else set())
    headings = [kind for kind, _ in blocks(markdown) if kind in ("h1", "h2", "h3")]
    assert headings.count("h1") == 1 and headings.count("h3") == len(entry.faq)
