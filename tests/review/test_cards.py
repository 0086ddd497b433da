"""Printable cue cards: what they show, print styling, and that content never becomes markup."""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from stretchkit import Library
from stretchkit.model.entry import Cue, Exercise
from stretchkit.review.cards import PHASE_TITLES, cue_card_body, cue_card_html


class Tags(HTMLParser):
    """Every start tag and attribute of a document, and the text by tag."""

    def __init__(self, html: str):
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_card_shows_cues_by_phase_dosage_steps_and_stop_signs(sample_data: Path):
    library = Library(sample_data)
    entry = library.get("half-kneeling-hip-flexor-stretch")
    html = cue_card_html(entry, library.vocabulary)
    parsed = Tags(html)
    text = "".join(parsed.text)
    assert html.startswith("<!DOCTYPE html>")
    assert entry.name in text
    for cue in entry.cues:
        assert cue.text in text
    for step in entry.instructions + entry.stop_signs:
        assert step in text
    assert "each side" in text.lower()
    key_items = [a for t, a in parsed.tags if t == "li" and "sk-card-key" in a.get("class", "")]
    assert len(key_items) == sum(c.key for c in entry.cues) > 0
    # phases appear in workflow order, each once
    headings = [PHASE_TITLES[p] for p in ("setup", "execution", "breathing", "safety", "finish")
                if any(c.phase == p for c in entry.cues)]
    positions = [text.index(h) for h in headings]
    assert positions == sorted(positions)


def test_card_has_print_css_and_one_page_per_entry(sample_data: Path):
    library = Library(sample_data)
    entries = library.filter(status="published")
    html = cue_card_html(entries)
    assert "@media print" in html and "break-after:page" in html and "@page" in html
    sections = [a for t, a in Tags(html).tags if t == "section"]
    assert [a["data-entry"] for a in sections] == [e.id for e in entries]
    assert "<title>Cue cards</title>" in html


def test_user_text_is_escaped_everywhere():
    evil = '<img src=x onerror="alert(1)">'
    entry = Exercise(
        id="evil", name=f"Evil {evil}", summary="<script>alert(2)</script>",
        instructions=[f"Sit {evil}"], stop_signs=["<b>stop</b>"],
        regressions=['<a href="javascript:alert(3)">x</a>'],
        cues=[Cue(text=f"{evil} breathe", phase="breathing", key=True)])
    html = cue_card_html(entry)
    tags = {t for t, _ in Tags(html).tags}
    assert tags <= {"html", "head", "meta", "title", "style", "body", "section", "h1", "p",
                    "h2", "ul", "ol", "li", "div", "span", "b"}
    assert "img" not in tags and "script" not in tags and "a" not in tags
    assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    assert "<title>Cue card: Evil &lt;img" in html


def test_card_of_a_bare_draft_still_renders():
    body = cue_card_body(Exercise(id="bare", name="Bare"))
    assert body.startswith('<section class="sk-card" data-entry="bare"><h1>Bare</h1>')
    assert "Steps" not in body and body.endswith("bare · draft</div></section>")


def test_a_card_for_a_goal_shows_that_goal_s_dosage_and_the_precautions():
    entry = Exercise.model_validate({
        "id": "hip", "name": "Hip", "goals": ["warm-up", "cool-down"],
        "dosage": {"hold_seconds": [30, 60], "reps": 2, "sides": "each"},
        "dosage_by_goal": {"warm-up": {"hold_seconds": [15, 20], "reps": 1, "sides": "each"}},
        "precautions": [{"condition": "hypermobility", "reason": "Stay short of end range."}]})
    warm_up = "".join(Tags(cue_card_html(entry, goal="warm-up")).text)
    cool_down = "".join(Tags(cue_card_html(entry, goal="cool-down")).text)
    both = "".join(Tags(cue_card_html(entry)).text)
    assert "Warm-up: Hold 15–20 s, 1 rep, each side" in warm_up and "30–60" not in warm_up
    assert "Cool-down: Hold 30–60 s, 2 reps, each side" in cool_down and "15–20" not in cool_down
    assert "Hold 30–60 s, 2 reps, each side" in both and "Warm-up: Hold 15–20 s" in both
    for text in (warm_up, cool_down, both):
        assert "Check first" in text and "Hypermobility: Stay short of end range." in text
