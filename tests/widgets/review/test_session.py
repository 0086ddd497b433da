"""The review session without widgets: listeners hear each change, decisions land on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchkit import Exercise, Library
from stretchkit.model.version import FieldChange
from stretchkit.review.workflow import MANUAL_ITEMS, change_status
from stretchkit.widgets.review.session import ReviewSession
from tests.widgets.review.conftest import stored


def test_session_reports_changes_to_observers(data: Path):
    session = ReviewSession(Library(data), reviewer="Dana")
    seen: list[str] = []
    session.observe(seen.append)
    session.select("cat-cow")
    for item in MANUAL_ITEMS:
        session.tick(item, True)
    with pytest.raises(KeyError):
        session.tick("name-length", True)  # automatic items are not the reviewer's to tick
    assert session.decide("approved") is not None
    assert seen == ["entry", *["ticks"] * len(MANUAL_ITEMS), "entry", "message", "queue"]
    assert stored(data, "cat-cow")["reviews"][-1]["checklist"]["plain-language"] is True


def test_a_refused_decision_is_a_warning_and_leaves_the_file(data: Path):
    before = (data / "exercises" / "cat-cow.json").read_bytes()
    session = ReviewSession(Library(data), reviewer="")  # no reviewer's name
    session.select("cat-cow")
    assert session.decide("Approve") is None
    assert session.tone == "warn" and session.message == "Type your name before approving."
    assert (data / "exercises" / "cat-cow.json").read_bytes() == before


def test_the_reviewer_is_who_is_working_unless_named(data: Path):
    library = Library(data)
    library.user = "Wren Worker"
    assert ReviewSession(library).reviewer == "Wren Worker"
    assert ReviewSession(library, reviewer="Dana").reviewer == "Dana"


def edit_summary(library: Library, entry_id: str, summary: str, by: str) -> str:
    old = library.get(entry_id).summary
    library.save(library.get(entry_id).model_copy(update={"summary": summary}), by=by)
    change_status(library, entry_id, "in-review")
    return old


def test_changes_of_a_published_entry_are_since_the_published_version(data: Path):
    library = Library(data)
    entry_id = next(e.id for e in library.filter(status="published"))
    old = edit_summary(library, entry_id, "A new summary <b>here</b>.", by="Ana")
    session = ReviewSession(library, reviewer="Dana")
    session.select(entry_id)
    assert session.changes.since.startswith("the published version (")
    assert session.changes.changes == [FieldChange("summary", (old,),
                                                   ("A new summary <b>here</b>.",))]
    assert not session.changes.new


def test_changes_of_a_never_published_entry_are_since_its_last_other_content(data: Path):
    library = Library(data)
    library.create(Exercise(id="fresh-one", name="Fresh one", summary="First words."))
    change_status(library, "fresh-one", "in-review")
    session = ReviewSession(library, reviewer="Dana")
    session.select("fresh-one")
    assert session.changes.new and session.changes.changes == []  # only status moves since

    change_status(library, "fresh-one", "changes-requested", reviewer="Dana", comment="More.")
    change_status(library, "fresh-one", "draft")
    edit_summary(library, "fresh-one", "Second words.", by="Ana")
    session.select("fresh-one")
    assert session.changes.since.startswith("the previous version (")
    assert session.changes.changes == [FieldChange("summary", ("First words.",),
                                                   ("Second words.",))]


def approve_all(session: ReviewSession, entry_id: str) -> Exercise | None:
    session.select(entry_id)
    for item in MANUAL_ITEMS:
        session.tick(item, True)
    return session.decide("Approve")


def test_refusals_are_in_a_coachs_words(data: Path):
    library = Library(data)
    entry_id = next(e.id for e in library.filter(status="published"))
    edit_summary(library, entry_id, "Changed by Ana, who wrote this longer summary.", by="Ana")
    session = ReviewSession(library, reviewer="ana")  # the same person, another spelling
    assert approve_all(session, entry_id) is None
    assert session.message == ("You changed this entry since it was last published: someone "
                               "else must approve it.")
    session.reviewer = "Dana"
    assert approve_all(session, entry_id).status == "approved"
    library.save(library.get(entry_id).model_copy(update={"tips": ["A late tip."]}), by="Ana")
    assert library.get(entry_id).status == "draft"  # an edit sends it back

    session.select("cat-cow")
    library.save(library.get("cat-cow").model_copy(update={"status": "changes-requested"}))
    session.select("cat-cow")
    assert session.decide("Publish") is None
    assert session.message == "This entry is changes requested: that is not possible now."
