"""The three-way merge of entry data, field by field (no files, no git: tests/team has those)."""

from __future__ import annotations

import json

from stretchkit.formats.entry_file import dump_entry_data
from stretchkit.model.merge import FieldConflict, merge_entries, resolve
from tests.conftest import SAMPLE_DATA

ENTRY = "wall-calf-stretch"


def base() -> dict:
    return json.loads((SAMPLE_DATA / "exercises" / f"{ENTRY}.json").read_text("utf-8"))


def changed(data: dict, **fields) -> dict:
    return {**data, **fields}


def test_different_fields_merge_cleanly_in_model_order():
    b = base()
    ours = changed(b, summary="Ours rewrote the summary.", updated="2026-01-02T10:00:00Z")
    theirs = changed(b, tips=[*b["tips"], "A tip from theirs."], updated="2027-01-03T10:00:00Z")
    result = merge_entries(b, ours, theirs)
    assert result.clean
    assert result.data["summary"] == "Ours rewrote the summary."
    assert result.data["tips"][-1] == "A tip from theirs."
    assert result.data["updated"] == "2027-01-03T10:00:00Z"  # the later of the two
    assert list(result.data) == list(b)  # keys in the entry file's order


def test_the_same_field_changed_differently_is_a_conflict_naming_all_three_values():
    b = base()
    result = merge_entries(b, changed(b, name="Name A"), changed(b, name="Name B"))
    assert result.conflicting_fields == ("name",)
    assert result.conflicts[0] == FieldConflict("name", b["name"], "Name A", "Name B")


def test_the_same_change_on_both_sides_is_no_conflict():
    b = base()
    both = changed(b, name="Same New Name")
    assert merge_entries(b, both, dict(both)).data["name"] == "Same New Name"


def test_lists_merge_as_a_whole_unless_one_side_only_changed_them():
    b = base()
    ours = changed(b, instructions=[*b["instructions"], "Step from ours."])
    theirs = changed(b, instructions=["Step from theirs.", *b["instructions"]])
    assert merge_entries(b, ours, theirs).conflicting_fields == ("instructions",)
    only_theirs = merge_entries(b, changed(b), theirs)
    assert only_theirs.clean and only_theirs.data["instructions"] == theirs["instructions"]


def test_tag_sets_merge_as_sets_both_additions_and_removals():
    b = changed(base(), goals=["warm-up", "pre-run"])
    ours = changed(b, goals=["warm-up", "pre-run", "mobility"])
    theirs = changed(b, goals=["pre-run", "recovery"])  # removed warm-up, added recovery
    result = merge_entries(b, ours, theirs)
    assert result.clean
    assert result.data["goals"] == ["pre-run", "mobility", "recovery"]


def test_dosage_merges_key_by_key_and_conflicts_as_one_field():
    b = changed(base(), dosage={"hold_seconds": [20, 30], "breaths": None, "reps": None,
                                "sides": "each"})
    ours = changed(b, dosage={**b["dosage"], "breaths": 5})
    theirs = changed(b, dosage={**b["dosage"], "hold_seconds": [30, 45]})
    assert merge_entries(b, ours, theirs).data["dosage"] == {
        "hold_seconds": [30, 45], "breaths": 5, "reps": None, "sides": "each"}
    clash = changed(b, dosage={**b["dosage"], "breaths": 8})
    assert merge_entries(b, ours, clash).conflicting_fields == ("dosage",)


def review(who: str, at: str, decision: str, version: str | None = None) -> dict:
    return {"reviewer": who, "at": at, "decision": decision, "checklist": {}, "comment": "",
            "version": version}


def test_reviews_appended_on_both_sides_are_all_kept_in_time_order_whoever_merges():
    b = changed(base(), reviews=[review("Old", "2026-01-01T00:00:00Z", "in-review")])
    late = review("Rita", "2027-01-05T00:00:00Z", "changes-requested")
    early = review("Rui", "2027-01-04T00:00:00Z", "changes-requested")
    ours = changed(b, reviews=[*b["reviews"], late])
    theirs = changed(b, reviews=[*b["reviews"], early])
    one = merge_entries(b, ours, theirs)
    other = merge_entries(b, theirs, ours)
    assert one.data["reviews"] == [b["reviews"][0], early, late]
    assert dump_entry_data(one.data) == dump_entry_data(other.data)
    rewritten = changed(b, reviews=[review("Someone", "2026-01-01T00:00:00Z", "draft")])
    assert "reviews" in merge_entries(b, ours, rewritten).conflicting_fields


def test_an_approval_never_covers_content_its_reviewer_did_not_see():
    b = changed(base(), status="in-review")
    approved = changed(b, status="approved",
                       reviews=[*b["reviews"], review("Rita", "2027-02-01T00:00:00Z",
                                                      "approved", "v-seen")])
    edited = changed(b, summary="Edited on another machine after the review began.")
    result = merge_entries(b, approved, edited)
    assert result.clean
    assert result.data["status"] == "draft"
    assert result.data["summary"] == edited["summary"]
    assert result.data["reviews"] == approved["reviews"]  # the approval is kept, as history
    assert any("approved" in note for note in result.notes)
    # Without an edit on the other side, the approval stands.
    untouched = merge_entries(b, approved, changed(b, updated="2026-03-01T00:00:00Z"))
    assert untouched.data["status"] == "approved"


def test_two_reviewers_deciding_differently_on_the_same_content_is_a_status_conflict():
    b = changed(base(), status="in-review")
    ours = changed(b, status="approved",
                   reviews=[*b["reviews"], review("Rita", "2027-02-01T00:00:00Z", "approved")])
    theirs = changed(b, status="changes-requested", reviews=[
        *b["reviews"], review("Rui", "2027-02-01T01:00:00Z", "changes-requested")])
    result = merge_entries(b, ours, theirs)
    assert result.conflicting_fields == ("status",)
    assert len(result.data["reviews"]) == len(b["reviews"]) + 2


def test_a_published_file_is_one_reviewed_version_never_a_mix():
    b = changed(base(), status="published")
    ours = changed(b, summary="Published on machine A.", reviews=[
        *b["reviews"], review("Rita", "2027-02-01T00:00:00Z", "published", "va")])
    theirs = changed(b, tips=["Published on machine B."], reviews=[
        *b["reviews"], review("Rui", "2027-02-02T00:00:00Z", "published", "vb")])
    for one, other in ((ours, theirs), (theirs, ours)):
        result = merge_entries(b, one, other, published=True)
        assert result.clean and result.data == theirs  # the later publication, whole
    same_content = changed(ours, reviews=[*b["reviews"], review(
        "Rui", "2027-02-03T00:00:00Z", "published", "va")])
    merged = merge_entries(b, ours, same_content, published=True)
    assert merged.data["summary"] == ours["summary"] and len(merged.data["reviews"]) == \
        len(b["reviews"]) + 2


def test_resolving_takes_each_picked_side_and_decides_the_status_again():
    b = changed(base(), status="approved")
    ours = changed(b, name="Name A")
    theirs = changed(b, name="Name B")
    assert resolve(ours, theirs, b, {"name": "theirs"})["name"] == "Name B"
    # Approved content with a picked value nobody approved: back to draft.
    ours_approved = changed(b, name="Name A", status="approved")
    data = resolve(ours_approved, changed(b, name="Name B", status="approved"), b,
                   {"name": "ours"})
    assert data["status"] == "approved"  # ours is exactly what was approved
    mixed = resolve(changed(ours_approved, summary="Other."),
                    changed(b, name="Name B", summary="Other.", status="draft"), b,
                    {"name": "theirs", "status": "ours"})
    assert mixed["status"] == "draft"
