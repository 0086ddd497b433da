"""Versions as data: ids, content against workflow fields, the field-by-field diff, people."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from stretchkit.model.entry import Exercise
from stretchkit.model.version import (
    CONTENT_FIELDS,
    FieldChange,
    Version,
    changed_fields,
    content_of,
    diff_entries,
    digest_of,
    person_key,
    same_person,
    value_lines,
    version_id,
)

AT = datetime(2026, 11, 30, 8, 30, 0, 123456, tzinfo=UTC)


def test_a_version_id_is_the_time_to_the_microsecond_and_a_digest_of_the_bytes():
    # sha256(b"{}") begins 44136fa355b3678a...
    assert version_id(AT, b"{}") == "20261130T083000123456Z-44136fa355b3"
    assert digest_of("20261130T083000123456Z-44136fa355b3") == "44136fa355b3"
    assert digest_of("copied-by-hand-44136fa355b3") == "44136fa355b3"  # what the id ends with
    # Ids made in order sort in order, to the microsecond.
    assert version_id(AT.replace(microsecond=9), b"x") < version_id(AT.replace(microsecond=10),
                                                                     b"a")


def test_content_leaves_out_the_workflow_fields():
    assert "status" not in CONTENT_FIELDS and "name" in CONTENT_FIELDS
    assert CONTENT_FIELDS[:3] == ("id", "name", "summary")
    assert CONTENT_FIELDS[-3:] == ("authors", "source", "created")
    entry = Exercise(id="a", name="A", status="approved", summary="One line.",
                     created="2026-01-02T03:04:05Z", updated="2026-02-03T04:05:06Z")
    content = content_of(entry)
    assert list(content) == list(CONTENT_FIELDS)
    assert (content["summary"], content["created"]) == ("One line.", "2026-01-02T03:04:05Z")
    data = {"id": "a", "status": "draft", "name": "A", "reviews": [], "updated": None}
    # a version written before fields were added reads with their defaults, as the model would
    assert content_of(data) == content_of(Exercise(id="a", name="A"))
    assert content_of({**data, "summary": "Old."})["summary"] == "Old."
    version = Version(id="v1", entry_id="a", parent=None, by="Ana", at=AT, event="create",
                      status="draft", changed=("id", "name"), entry=data)
    assert version.content() == {"id": "a", "name": "A"}


@pytest.mark.parametrize(("event", "changed", "authored"), [
    ("create", ("id", "name", "status"), True),
    ("edit", ("status", "summary"), True),  # one content field among workflow ones is enough
    ("save", ("status", "updated"), False),  # only workflow fields
    ("restore", (), False),
    ("decision", ("summary",), False),  # a decision never authors, whatever it records
    ("migrate", ("name",), False),
])
def test_a_version_is_authored_when_it_changed_content_outside_a_decision_or_migration(
        event, changed, authored):
    version = Version(id="v1", entry_id="a", parent="v0", by="Ana", at=AT, event=event,
                      status="draft", changed=changed, entry={"id": "a", "name": "A"})
    assert version.authored is authored


def test_changed_fields_are_named_in_the_entry_s_field_order():
    # A first version: every field the entry has, in model order whatever the dict's order.
    assert changed_fields(None, {"status": "draft", "name": "A", "id": "a"}) == \
        ("id", "name", "status")
    old = {"id": "a", "name": "A", "goals": ["warm-up"], "status": "draft"}
    new = {"status": "approved", "goals": ["warm-up"], "id": "a", "name": "B", "level": None}
    assert changed_fields(old, new) == ("name", "status")
    assert changed_fields(old, dict(old)) == ()


def test_the_diff_names_each_field_with_its_removed_and_added_lines():
    old = {
        "id": "a", "name": "Calf stretch", "summary": "",
        "instructions": ["Stand tall.", "Step back.", "Lean in.", "Breathe."],
        "goals": ["warm-up"],
        "cues": [{"text": "Heel down", "phase": "execution", "key": True}],
        "dosage": {"hold_seconds": [20, 30], "breaths": None, "reps": None, "sides": "each"},
        "source": None, "status": "draft",
    }
    new = {
        "id": "a", "name": "Calf stretch", "summary": "Loosens the calves.",
        "instructions": ["Stand tall.", "Step back further.", "Lean in.", "Hold."],
        "goals": ["warm-up", "pre-run"],
        "cues": [{"text": "Heel down", "phase": "execution", "key": False},
                 {"text": "", "phase": "setup", "key": True}],
        "dosage": {"hold_seconds": [20, 45], "breaths": 5, "reps": None, "sides": "each"},
        "source": {"title": "Book", "url": "", "author": "Ann", "license": None},
        "status": "published",
    }
    assert diff_entries(old, new) == [
        FieldChange("summary", (), ("Loosens the calves.",)),
        FieldChange("instructions", ("Step back.", "Breathe."), ("Step back further.", "Hold.")),
        FieldChange("cues", ("text: Heel down | phase: execution | key: True",),
                    ("text: Heel down | phase: execution | key: False",
                     "phase: setup | key: True")),
        FieldChange("goals", (), ("pre-run",)),
        FieldChange("dosage", ("hold_seconds: 20, 30",), ("hold_seconds: 20, 45", "breaths: 5")),
        FieldChange("status", ("draft",), ("published",)),
        FieldChange("source", (), ("title: Book", "author: Ann")),
    ]
    # Only the fields asked for, still in the order asked.
    assert diff_entries(old, new, fields=("status", "name", "summary")) == [
        FieldChange("status", ("draft",), ("published",)),
        FieldChange("summary", (), ("Loosens the calves.",)),
    ]
    assert diff_entries(new, new) == []


def test_the_diff_of_a_first_version_adds_every_line_and_empty_values_add_none():
    new = {"id": "a", "name": "A", "summary": "", "tips": [], "source": None,
           "reviews": [{"reviewer": "Rita", "decision": "approved", "comment": "",
                        "checklist": {"Safe": True}, "version": None}]}
    assert diff_entries(None, new) == [
        FieldChange("id", (), ("a",)),
        FieldChange("name", (), ("A",)),
        FieldChange("reviews", (), ("reviewer: Rita | decision: approved | "
                                    "checklist: {'Safe': True}",)),
    ]
    assert diff_entries({"id": "a", "name": "A", "summary": "Gone."}, {"id": "a", "name": "A"}) \
        == [FieldChange("summary", ("Gone.",), ())]


def test_a_long_list_of_alike_lines_diffs_only_the_lines_that_changed():
    # 250 steps, most of them the same line: no line may count as junk, or kept lines
    # would show up as removed and added again.
    old = ["Breathe."] * 120 + ["Turn."] + ["Breathe."] * 129
    new = ["Breathe."] * 120 + ["Twist."] + ["Breathe."] * 129
    assert diff_entries({"tips": old}, {"tips": new}, fields=("tips",)) == [
        FieldChange("tips", ("Turn.",), ("Twist.",))]


@pytest.mark.parametrize(("a", "b", "same"), [
    ("Ana Author", "ana  author", True),
    ("  Ana\u00a0Author ", "ANA AUTHOR", True),  # a no-break space is a space
    ("Straße", "STRASSE", True),  # casefold, not lower
    ("\ufb01ona", "Fiona", True),  # the ligature ﬁ is f and i (NFKC)
    ("Ana Author", "Anna Author", False),
    ("Ana Author", "AnaAuthor", False),
    ("", "", False),  # nobody is not somebody, not even nobody
    ("  ", "", False),
])
def test_names_are_compared_as_people(a, b, same):
    assert same_person(a, b) is same
    assert same_person(b, a) is same


def test_person_key():
    assert person_key("  Ana\tMaria  AUTHOR\n") == "ana maria author"
    assert person_key("\ufb01ona Straße") == "fiona strasse"
    assert person_key(" ") == ""


def test_value_lines_give_a_field_as_the_lines_a_conflict_shows():
    assert value_lines("Sit tall.") == ["Sit tall."]
    assert value_lines(["Sit tall.", "Breathe out."]) == ["Sit tall.", "Breathe out."]
    assert value_lines({"hold_seconds": [20, 40], "breaths": None, "sides": "each"}) == [
        "hold_seconds: 20, 40", "sides: each"]
    assert value_lines([{"question": "Where?", "answer": "", "tags": []}]) == [
        "question: Where?"]
    assert value_lines(None) == value_lines("") == value_lines([]) == []
