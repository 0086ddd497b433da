"""The review panel driven from Python: clicks and typing as a reviewer would do them, with
the decisions checked in the entry files on disk."""

from __future__ import annotations

import base64
import re
from html import escape
from pathlib import Path

from stretchkit import Library
from stretchkit.review.cards import cue_card_html
from stretchkit.review.checks import RULES
from stretchkit.review.workflow import MANUAL_ITEMS
from stretchkit.widgets.review.panel import ReviewPanel, cue_cards_link
from tests.widgets.review.conftest import edit, stored


def open_panel(data: Path, entry_id: str = "cat-cow") -> ReviewPanel:
    panel = ReviewPanel(Library(data))
    panel.queue.value = entry_id
    return panel


def test_queue_lists_in_review_first_and_opens_the_first(data: Path):
    panel = ReviewPanel(Library(data))
    statuses = [label.split(" · ")[0].split(" ", 1)[1] for label, _ in panel.queue.options]
    n_review = statuses.count("in-review")
    assert n_review >= 1 and statuses[:n_review] == ["in-review"] * n_review
    assert panel.queue.value == panel.queue.options[0][1] == panel.session.entry_id
    assert f"<b>{n_review}</b> waiting for review" in panel.count.value


def test_goal_filter_narrows_the_queue(data: Path):
    panel = ReviewPanel(Library(data))
    everything = len(panel.queue.options)
    panel.goal.value = "desk-break"
    ids = [v for _, v in panel.queue.options]
    assert 0 < len(ids) < everything
    library = Library(data)
    assert all("desk-break" in library.get(i).goals for i in ids)
    assert panel.session.entry_id in ids  # an entry outside the goal is not left open


def test_selecting_shows_preview_cues_and_prefilled_checklist(data: Path):
    panel = open_panel(data)
    entry = Library(data).get("cat-cow")
    assert entry.name in panel.preview.value and "sk-entry" in panel.preview.value
    labels = [row.children[1].value for row in panel.cues.children]
    assert len(panel._cue_boxes) == len(labels) == len(entry.cues)
    for label, cue in zip(labels, entry.cues, strict=True):
        assert escape(cue.text) in label and escape(cue.phase) in label
        assert ("KEY" in label) == cue.key
    assert panel.cue_count.value == f"0 of {len(entry.cues)} cues checked"
    autos = {i: b for i, b in panel._item_boxes.items() if i in RULES}
    manual = {i: b for i, b in panel._item_boxes.items() if i in MANUAL_ITEMS}
    assert set(autos) == set(RULES) and set(manual) == set(MANUAL_ITEMS)
    assert all(b.value and b.disabled for b in autos.values())  # a clean entry: all ticked
    assert all(not b.value and not b.disabled for b in manual.values())
    assert all('<span class="sk-reasons">· passes</span>' in panel._item_notes[r].value
               for r in RULES)
    assert f"Checked automatically: {len(RULES)} of {len(RULES)} pass" in \
        panel.items.children[len(MANUAL_ITEMS) + 1].value
    panel._cue_boxes[0].value = True
    assert panel.cue_count.value == f"1 of {len(entry.cues)} cues checked"


def test_approve_records_reviewer_ticks_and_comment_on_disk(data: Path):
    panel = open_panel(data)
    panel.reviewer.value = "Dana Coach"
    panel._item_boxes["accurate-anatomy"].value = True
    panel._item_boxes["cues-match-steps"].value = True
    panel.buttons["Approve"].click()  # two manual items left: refused, saying which
    assert "not ticked: safe-for-level, plain-language" in panel.message.value
    assert stored(data, "cat-cow")["status"] == "in-review"
    panel._item_boxes["safe-for-level"].value = True
    panel._item_boxes["plain-language"].value = True
    panel.comment.value = "Clear cues."
    panel.buttons["Approve"].click()
    assert "sk-tone-ok" in panel.message._dom_classes and "now approved" in panel.message.value
    entry = stored(data, "cat-cow")
    review = entry["reviews"][-1]
    assert entry["status"] == "approved"
    assert (review["reviewer"], review["decision"], review["comment"]) == (
        "Dana Coach", "approved", "Clear cues.")
    assert all(review["checklist"][item] for item in MANUAL_ITEMS)
    assert all(review["checklist"][r] for r in RULES)
    # the panel follows: approve is done, publish and request changes are possible now
    assert panel.buttons["Approve"].disabled and not panel.buttons["Publish"].disabled
    assert panel.comment.value == "" and panel.reviewer.value == "Dana Coach"
    assert panel.queue.value == "cat-cow"
    assert next(label for label, v in panel.queue.options if v == "cat-cow").startswith(
        "✔ approved · ")
    panel.buttons["Publish"].click()
    assert stored(data, "cat-cow")["status"] == "published"


def test_approve_without_a_reviewer_is_refused_with_a_message(data: Path):
    before = (data / "exercises" / "cat-cow.json").read_bytes()
    panel = open_panel(data)
    panel.buttons["Approve"].click()
    assert "needs the reviewer&#x27;s name" in panel.message.value
    assert (data / "exercises" / "cat-cow.json").read_bytes() == before


def test_approve_refused_when_checks_fail(data: Path):
    edit(data, "cat-cow", stop_signs=[])
    before = (data / "exercises" / "cat-cow.json").read_bytes()
    panel = open_panel(data)
    box = panel._item_boxes["stop-signs"]
    assert box.value is False and box.disabled
    note = panel._item_notes["stop-signs"].value
    assert "sk-fail" in note and "error: stop_signs: expected at least one sign" in note
    panel.reviewer.value = "Dana"
    panel.buttons["Approve"].click()
    assert "sk-tone-warn" in panel.message._dom_classes
    assert "content checks find 1 error(s)" in panel.message.value
    assert "stop_signs: expected at least one sign" in panel.message.value
    assert (data / "exercises" / "cat-cow.json").read_bytes() == before
    assert not panel.buttons["Approve"].disabled  # the reviewer may fix and try again


def test_request_changes_needs_a_comment(data: Path):
    panel = open_panel(data)
    panel.reviewer.value = "Dana"
    panel.buttons["Request changes"].click()
    assert "needs a comment" in panel.message.value
    panel.comment.value = "Add a regression for beginners."
    panel.buttons["Request changes"].click()
    entry = stored(data, "cat-cow")
    assert entry["status"] == "changes-requested"
    assert entry["reviews"][-1]["comment"] == "Add a regression for beginners."
    assert all(b.disabled for b in panel.buttons.values())


def test_a_file_changed_elsewhere_is_reported_not_overwritten(data: Path):
    panel = open_panel(data)
    edit(data, "cat-cow", tips=["Edited in another notebook."])
    panel.reviewer.value = "Dana"
    for box in panel._item_boxes.values():
        box.value = True
    panel.buttons["Approve"].click()
    assert "was changed by someone else" in panel.message.value
    assert stored(data, "cat-cow")["tips"] == ["Edited in another notebook."]


def test_cue_card_link_downloads_the_printable_card(data: Path):
    panel = open_panel(data)
    match = re.search(r'download="cat-cow-cue-card.html" href="data:text/html;base64,([^"]+)"',
                      panel.card_link.value)
    assert match
    library = Library(data)
    assert base64.b64decode(match.group(1)).decode() == cue_card_html(
        library.get("cat-cow"), library.vocabulary)
    assert 'data-entry="cat-cow"' in panel.card.value


def test_entry_text_is_escaped_in_every_view(data: Path):
    evil = '<img src=x onerror="alert(1)">'
    edit(data, "cat-cow", name=f"Cat-Cow {evil}", tips=[f"TODO {evil}"])
    edit(data, "cat-cow", cues=[{"text": f"Breathe {evil}", "phase": "breathing"},
                                *stored(data, "cat-cow")["cues"]])
    panel = open_panel(data)
    for html in (panel.preview.value, panel.card.value, panel.message.value,
                 *[n.value for n in panel._item_notes.values()],
                 *[row.children[1].value for row in panel.cues.children]):
        assert "<img" not in html
    assert "placeholder" in panel._item_notes["placeholder"].value
    assert escape(evil) in panel.cues.children[0].children[1].value
    assert any(evil in label for label, _ in panel.queue.options)  # Select shows plain text


def test_an_empty_library_shows_nothing_to_review(empty_data: Path):
    panel = ReviewPanel(Library(empty_data))
    assert panel.queue.options == ()
    assert "Nothing to review" in panel.preview.value
    assert all(b.disabled for b in panel.buttons.values())
    assert panel.session.decide("Approve") is None
    assert "Choose an entry" in panel.session.message


def test_cue_cards_link_holds_every_card(data: Path):
    library = Library(data)
    published = library.filter(status="published")
    link = cue_cards_link(published, library.vocabulary)
    match = re.search(r'href="data:text/html;base64,([^"]+)"', link.value)
    html = base64.b64decode(match.group(1)).decode()
    assert html.count('<section class="sk-card"') == len(published) > 1
    assert f"Download {len(published)} printable cue card(s)" in link.value
    assert "No entries to print" in cue_cards_link([]).value


def test_opening_another_entry_closes_the_rows_of_the_last_one(data: Path):
    panel = open_panel(data, "cat-cow")
    old_cue_box = panel.cues.children[0].children[0]
    old_item_row = panel.items.children[1]
    assert old_cue_box.comm is not None and old_item_row.comm is not None

    panel.queue.value = "open-book-thoracic-rotation"

    assert old_cue_box.comm is None and old_item_row.comm is None  # closed, not left to pile up
    assert all(row.comm is not None for row in panel.cues.children)
