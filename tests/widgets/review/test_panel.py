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
    panel.queue.card_for(entry_id).name.click()
    return panel


def test_queue_lists_in_review_first_and_opens_the_first(data: Path):
    library = Library(data)
    panel = ReviewPanel(library)
    statuses = [library.get(i).status for i in panel.queue.ids]
    n_review = statuses.count("in-review")
    assert n_review >= 1 and statuses[:n_review] == ["in-review"] * n_review
    assert panel.queue.selected == panel.queue.ids[0] == panel.session.entry_id
    assert "sk-current" in panel.queue.cards[0].widget._dom_classes
    assert not any("sk-current" in c.widget._dom_classes for c in panel.queue.cards[1:])
    assert f"<b>{n_review}</b> waiting for review" in panel.count.value


def test_queue_cards_show_the_full_name_a_status_chip_and_the_goals(data: Path):
    long_name = "Half-kneeling hip flexor stretch with a reach overhead and a slow exhale"
    edit(data, "cat-cow", name=long_name)
    library = Library(data)
    panel = ReviewPanel(library)
    card = panel.queue.card_for("cat-cow")
    assert card.name.description == long_name  # whole: the card wraps it, never cuts it
    assert '<span class="sk-status-chip sk-status-in-review">in review</span>' in \
        card.facts.value
    for goal in library.get("cat-cow").goals:
        assert f'<span class="sk-goal-chip">{library.vocabulary.label("goals", goal)}</span>' \
            in card.facts.value


def test_goal_filter_narrows_the_queue(data: Path):
    panel = ReviewPanel(Library(data))
    everything = len(panel.queue.ids)
    panel.goal.value = "desk-break"
    ids = panel.queue.ids
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
    assert panel.message.value == escape(
        "Tick every manual item before approving: "
        f"{MANUAL_ITEMS['safe-for-level']}; {MANUAL_ITEMS['plain-language']}.")
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
    assert panel.queue.selected == "cat-cow"
    assert "sk-status-approved" in panel.queue.card_for("cat-cow").facts.value
    panel.buttons["Publish"].click()
    assert stored(data, "cat-cow")["status"] == "published"


def test_approve_without_a_reviewer_is_refused_with_a_message(data: Path):
    before = (data / "exercises" / "cat-cow.json").read_bytes()
    panel = open_panel(data)
    panel.reviewer.value = ""
    panel.buttons["Approve"].click()
    assert panel.message.value == "Type your name before approving."
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
    assert panel.message.value.startswith("The content checks find 1 problem to fix before "
                                          "approving:\nStop signs: expected at least one sign")
    assert (data / "exercises" / "cat-cow.json").read_bytes() == before
    assert not panel.buttons["Approve"].disabled  # the reviewer may fix and try again


def test_request_changes_needs_a_comment(data: Path):
    panel = open_panel(data)
    panel.reviewer.value = "Dana"
    panel.buttons["Request changes"].click()
    assert panel.message.value == "Write in the comment what to change before requesting changes."
    panel.comment.value = "Add a regression for beginners."
    panel.buttons["Request changes"].click()
    entry = stored(data, "cat-cow")
    assert entry["status"] == "changes-requested"
    assert entry["reviews"][-1]["comment"] == "Add a regression for beginners."
    # Back with the author: only sending it to review again is left on the desk.
    assert [label for label, b in panel.buttons.items() if not b.disabled] == ["Send to review"]


def test_a_file_changed_elsewhere_is_reported_not_overwritten(data: Path):
    panel = open_panel(data)
    edit(data, "cat-cow", tips=["Edited in another notebook."])
    panel.reviewer.value = "Dana"
    for box in panel._item_boxes.values():
        box.value = True
    panel.buttons["Approve"].click()
    assert panel.message.value == ("Someone else changed this entry since you opened it: pick "
                                   "it again in the queue to see their version.")
    assert stored(data, "cat-cow")["tips"] == ["Edited in another notebook."]


def test_cue_card_link_downloads_the_printable_card(data: Path):
    panel = open_panel(data)
    match = re.search(r'download="cat-cow-cue-card.html" href="data:text/html;base64,([^"]+)"',
                      panel.card_link.value)
    assert match
    library = Library(data)
    assert base64.b64decode(match.group(1)).decode() == cue_card_html(
        library.get("cat-cow"), library.vocabulary, images=library.images)
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
        assert "<img src=x" not in html  # (cat-cow's own picture is fine)
    assert "placeholder" in panel._item_notes["placeholder"].value
    assert escape(evil) in panel.cues.children[0].children[1].value
    assert panel.queue.card_for("cat-cow").name.description.endswith(evil)  # a button's text
    assert "<img src=x" not in panel.queue.card_for("cat-cow").facts.value


def test_an_empty_library_shows_nothing_to_review(empty_data: Path):
    panel = ReviewPanel(Library(empty_data))
    assert panel.queue.ids == [] and panel.queue.cards_box.children == ()
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

    panel.queue.card_for("open-book-thoracic-rotation").name.click()

    assert old_cue_box.comm is None and old_item_row.comm is None  # closed, not left to pile up
    assert all(row.comm is not None for row in panel.cues.children)


def test_changes_since_the_published_version_are_marked_and_escaped(data: Path):
    library = Library(data)
    entry_id = next(e.id for e in library.filter(status="published"))
    old = library.get(entry_id).summary
    new = 'A summary with <img src=x onerror="alert(1)"> in it, long enough.'
    library.save(library.get(entry_id).model_copy(update={"summary": new}), by="Ana")
    panel = ReviewPanel(Library(data), reviewer="Dana")
    panel.queue.card_for(entry_id).name.click()
    html = panel.changes.value
    assert "<img" not in html
    assert "1 field changed since the published version (" in html
    assert '<div class="sk-diff-field" data-field="summary"><div class="sk-diff-name">Summary' \
        in html
    assert (f'<div class="sk-diff-line sk-diff-del"><span class="sk-diff-mark">−</span>'
            f"{escape(old)}</div>") in html
    assert (f'<div class="sk-diff-line sk-diff-add"><span class="sk-diff-mark">+</span>'
            f"{escape(new)}</div>") in html


def test_a_first_version_says_it_is_new(data: Path):
    library = Library(data)
    library.create(library.get("cat-cow").model_copy(update={"id": "cat-cow-two",
                                                             "status": "in-review"}))
    panel = open_panel(data, "cat-cow-two")
    assert "A new entry: it has never been published" in panel.changes.value


def test_the_reviewer_starts_as_who_is_working_and_follows_the_identity(data: Path):
    library = Library(data)
    library.user = "Wren Worker"
    panel = ReviewPanel(library)
    assert panel.identity.name.value == panel.reviewer.value == "Wren Worker"
    panel.identity.name.value = "  Dana   Coach "
    assert library.user == panel.reviewer.value == panel.session.reviewer == "Dana Coach"
    assert panel.identity.name.value == "Dana Coach"
    panel.reviewer.value = "Sam"  # a name typed by the buttons is who is working, too
    assert library.user == panel.identity.name.value == "Sam"


def test_an_author_sends_a_draft_to_review_from_the_desk(data: Path):
    """After an edit a published entry is a draft again: the desk sends it back to review."""
    library = Library(data)
    library.save(library.get("wall-calf-stretch").model_copy(
        update={"summary": "A new summary, long enough for the checks to pass."}),
        by="Ana Author")
    panel = ReviewPanel(Library(data))
    panel.session.select("wall-calf-stretch")
    assert not panel.buttons["Send to review"].disabled and panel.buttons["Approve"].disabled
    panel.buttons["Send to review"].click()
    assert stored(data, "wall-calf-stretch")["status"] == "in-review"
    assert panel.buttons["Send to review"].disabled and not panel.buttons["Approve"].disabled
