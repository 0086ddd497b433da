"""The review session without widgets: listeners hear each change, decisions land on disk."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchkit import Library
from stretchkit.review.workflow import MANUAL_ITEMS
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
    session = ReviewSession(Library(data))  # no reviewer's name
    session.select("cat-cow")
    assert session.decide("Approve") is None
    assert session.tone == "warn" and "needs the reviewer's name" in session.message
    assert (data / "exercises" / "cat-cow.json").read_bytes() == before
