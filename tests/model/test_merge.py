"""The three-way merge of entry data, field by field (no files, no git: tests/team has those)."""

from __future__ import annotations

import json

import pytest

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
    assert resolve(ours, theirs, {"name": "theirs"})["name"] == "Name B"
    # Approved content with a picked value nobody approved: back to draft.
    ours_approved = changed(b, name="Name A", status="approved")
    data = resolve(ours_approved, changed(b, name="Name B", status="approved"),
                   {"name": "ours"})
    assert data["status"] == "approved"  # ours is exactly what was approved
    mixed = resolve(changed(ours_approved, summary="Other."),
                    changed(b, name="Name B", summary="Other.", status="draft"),
                    {"name": "theirs", "status": "ours"})
    assert mixed["status"] == "draft"


# -- every rule of the merge, case by case (small entries: the merge works on any JSON data) --

def test_an_entry_both_sides_added_merges_against_an_empty_base():
    ours = {"id": "x", "name": "Ours", "goals": ["warm-up"], "status": "draft"}
    theirs = {"id": "x", "name": "Theirs", "goals": ["recovery"], "status": "draft"}
    result = merge_entries(None, ours, theirs)
    assert result.data == {"id": "x", "name": "Ours", "goals": ["warm-up", "recovery"],
                           "status": "draft"}
    assert result.conflicts == (FieldConflict("name", None, "Ours", "Theirs"),)
    assert result.notes == ()


def test_a_field_one_side_removed_and_the_other_kept_is_removed():
    b = {"id": "x", "name": "N", "summary": "S", "tips": ["t"], "status": "draft"}
    ours = {k: v for k, v in b.items() if k != "tips"}
    for one, other in ((ours, dict(b)), (dict(b), ours)):
        result = merge_entries(b, one, other)
        assert result.clean and result.data == {"id": "x", "name": "N", "summary": "S",
                                                "status": "draft"}


def test_a_field_one_side_removed_and_the_other_changed_conflicts_and_is_left_out():
    b = {"id": "x", "summary": "S", "tips": ["t"], "status": "draft"}
    ours = {"id": "x", "tips": ["ours"], "status": "draft"}  # ours removed the summary
    theirs = {"id": "x", "summary": "Theirs", "tips": ["theirs"], "status": "draft"}
    result = merge_entries(b, ours, theirs)
    # The data holds ours: no summary. A conflict on a field the data lacks comes last.
    assert result.data == {"id": "x", "tips": ["ours"], "status": "draft"}
    assert result.conflicts == (FieldConflict("tips", ["t"], ["ours"], ["theirs"]),
                                FieldConflict("summary", "S", None, "Theirs"))


def test_fields_the_model_does_not_know_are_kept_after_the_model_fields():
    b = {"id": "x", "status": "draft", "extra": 1}
    theirs = {"id": "x", "status": "draft", "extra": 2, "another": "a"}
    result = merge_entries(b, dict(b), theirs)
    assert list(result.data.items()) == [("id", "x"), ("status", "draft"), ("extra", 2),
                                         ("another", "a")]


def test_fields_after_the_status_merge_too_and_conflicts_come_in_field_order():
    b = {"id": "x", "name": "N", "status": "in-review", "authors": ["A"],
         "created": "2026-01-02T00:00:00Z", "updated": "2026-01-02T00:00:00Z"}
    ours = {**b, "name": "Ours", "status": "changes-requested", "authors": ["A", "O"],
            "updated": "2026-01-03T00:00:00Z"}
    theirs = {**b, "name": "Theirs", "status": "draft", "created": "2026-01-01T00:00:00Z",
              "updated": "2026-01-04T00:00:00Z"}
    result = merge_entries(b, ours, theirs)
    assert result.data == {"id": "x", "name": "Ours", "status": "changes-requested",
                           "authors": ["A", "O"], "created": "2026-01-01T00:00:00Z",
                           "updated": "2026-01-04T00:00:00Z"}
    assert list(result.data) == list(b)
    assert result.conflicts == (
        FieldConflict("name", "N", "Ours", "Theirs"),
        FieldConflict("status", "in-review", "changes-requested", "draft"))


def test_a_status_conflict_with_no_status_on_our_side_keeps_draft_in_the_data():
    b = {"id": "x", "status": "in-review"}
    result = merge_entries(b, {"id": "x"}, {"id": "x", "status": "changes-requested"})
    assert result.data == {"id": "x", "status": "draft"}
    assert result.conflicts == (FieldConflict("status", "in-review", None, "changes-requested"),)


def test_an_entry_without_any_status_merges_to_draft():
    b = {"id": "x", "name": "N"}
    result = merge_entries(b, {"id": "x", "name": "O"}, dict(b))
    assert result.clean and result.data == {"id": "x", "name": "O", "status": "draft"}


def test_created_is_the_earlier_and_updated_the_later_whichever_side_has_it():
    b = {"id": "x", "created": "2026-01-05T00:00:00Z", "updated": "2026-01-05T00:00:00Z"}
    early = {"id": "x", "created": "2026-01-01T00:00:00Z", "updated": "2026-01-06T00:00:00Z"}
    late = {"id": "x", "created": "2026-01-03T00:00:00Z", "updated": "2026-01-09T00:00:00Z"}
    for one, other in ((early, late), (late, early)):
        data = merge_entries(b, one, other).data
        assert (data["created"], data["updated"]) == ("2026-01-01T00:00:00Z",
                                                      "2026-01-09T00:00:00Z")


def test_times_that_are_not_text_keep_the_text_one_or_ours():
    b = {"id": "x", "created": 0, "updated": 0}
    ours = {"id": "x", "created": 1, "updated": None}
    theirs = {"id": "x", "created": 2, "updated": "2026-01-01T00:00:00Z"}
    result = merge_entries(b, ours, theirs)
    assert result.clean
    assert (result.data["created"], result.data["updated"]) == (1, "2026-01-01T00:00:00Z")
    swapped = merge_entries(b, {"id": "x", "created": "2026-02-01T00:00:00Z", "updated": 5},
                            {"id": "x", "created": None, "updated": 7})
    assert (swapped.data["created"], swapped.data["updated"]) == ("2026-02-01T00:00:00Z", 5)


def test_tag_sets_keep_ours_order_then_theirs_additions_each_once():
    b = {"id": "x", "goals": ["a", "b", "c"]}
    ours = {"id": "x", "goals": ["c", "a", "d", "e"]}  # removed b, added d, e
    theirs = {"id": "x", "goals": ["a", "b", "e", "f"]}  # removed c, added e, f
    assert merge_entries(b, ours, theirs).data["goals"] == ["a", "d", "e", "f"]
    assert merge_entries(b, theirs, ours).data["goals"] == ["a", "e", "f", "d"]


@pytest.mark.parametrize("name", ["goals", "targets", "equipment", "authors"])
def test_every_tag_set_merges_as_a_set_also_without_a_base_value(name):
    ours = {"id": "x", name: ["a", "b"]}
    theirs = {"id": "x", name: ["b", "c"]}
    result = merge_entries({"id": "x"}, ours, theirs)
    assert result.clean and result.data[name] == ["a", "b", "c"]


def test_a_tag_set_that_is_not_a_list_on_one_side_conflicts():
    b = {"id": "x", "goals": ["a"]}
    result = merge_entries(b, {"id": "x", "goals": ["a", "b"]}, {"id": "x", "goals": "c"})
    assert result.conflicts == (FieldConflict("goals", ["a"], ["a", "b"], "c"),)
    result = merge_entries(b, {"id": "x", "goals": "c"}, {"id": "x", "goals": ["a", "b"]})
    assert result.conflicting_fields == ("goals",)


def test_dosage_keys_added_or_removed_on_one_side_merge_and_keep_ours_key_order():
    b = {"id": "x", "dosage": {"hold_seconds": [20, 30], "breaths": 3}}
    ours = {"id": "x", "dosage": {"breaths": 3, "hold_seconds": [20, 40]}}
    theirs = {"id": "x", "dosage": {"hold_seconds": [20, 30], "reps": 5}}  # -breaths +reps
    result = merge_entries(b, ours, theirs)
    assert result.clean
    assert list(result.data["dosage"].items()) == [("hold_seconds", [20, 40]), ("reps", 5)]


def test_dosage_without_a_base_merges_key_by_key_and_a_non_object_conflicts():
    ours = {"id": "x", "dosage": {"breaths": 3}}
    theirs = {"id": "x", "dosage": {"reps": 5}}
    assert merge_entries({"id": "x"}, ours, theirs).data["dosage"] == {"breaths": 3, "reps": 5}
    b = {"id": "x", "dosage": {"breaths": 1}}
    odd = merge_entries(b, ours, {"id": "x", "dosage": None})
    assert odd.conflicts == (FieldConflict("dosage", {"breaths": 1}, {"breaths": 3}, None),)
    odd = merge_entries(b, {"id": "x", "dosage": 7}, theirs)
    assert odd.conflicting_fields == ("dosage",)


def test_a_review_appended_on_both_sides_is_kept_once():
    b = {"id": "x", "reviews": [review("Old", "2026-01-01T00:00:00Z", "in-review")]}
    same = review("Rita", "2027-01-05T00:00:00Z", "changes-requested")
    ours = {"id": "x", "reviews": [*b["reviews"], same]}
    theirs = {"id": "x", "reviews": [*b["reviews"], review("Rui", "2027-01-06T00:00:00Z",
                                                           "approved"), same]}
    result = merge_entries(b, ours, theirs)
    assert result.clean
    assert result.data["reviews"] == [b["reviews"][0], same, theirs["reviews"][1]]


def test_reviews_without_a_base_are_logs_appended_to_nothing():
    one = review("Rita", "2027-01-05T00:00:00Z", "in-review")
    two = review("Rui", "2027-01-04T00:00:00Z", "in-review")
    result = merge_entries({"id": "x"}, {"id": "x", "reviews": [one]},
                           {"id": "x", "reviews": [two]})
    assert result.clean and result.data["reviews"] == [two, one]


@pytest.mark.parametrize("rewriter", ["ours", "theirs"])
def test_a_review_log_rewritten_on_either_side_conflicts(rewriter):
    first = review("Old", "2026-01-01T00:00:00Z", "in-review")
    b = {"id": "x", "reviews": [first]}
    appended = {"id": "x", "reviews": [first, review("Rui", "2027-01-06T00:00:00Z", "approved")]}
    rewritten = {"id": "x", "reviews": [{**first, "comment": "changed"},
                                        review("Rita", "2027-01-07T00:00:00Z", "approved")]}
    ours, theirs = (rewritten, appended) if rewriter == "ours" else (appended, rewritten)
    result = merge_entries(b, ours, theirs)
    assert result.conflicts == (FieldConflict("reviews", b["reviews"], ours["reviews"],
                                              theirs["reviews"]),)
    not_a_list = merge_entries(b, appended, {"id": "x", "reviews": None})
    assert not_a_list.conflicting_fields == ("reviews",)


def test_reviews_are_ordered_by_time_then_version_then_their_text():
    at = "2027-01-05T00:00:00Z"
    later = review("Ann", "2027-01-06T00:00:00Z", "approved", "v1")
    v2 = review("Ann", at, "approved", "v2")
    v3 = review("Ann", at, "approved", "v3")
    # Same time and version: by the text with sorted keys ("decision" before "reviewer").
    zed = review("Zed", at, "approved", "v4")
    abe = review("Abe", at, "changes-requested", "v4")
    ours = {"id": "x", "reviews": [later, v3, abe]}
    theirs = {"id": "x", "reviews": [zed, v2]}
    expected = [v2, v3, zed, abe, later]
    assert merge_entries({"id": "x"}, ours, theirs).data["reviews"] == expected
    assert merge_entries({"id": "x"}, theirs, ours).data["reviews"] == expected
    no_time = {**v2, "at": None}
    assert merge_entries({"id": "x"}, {"id": "x", "reviews": [v3]},
                         {"id": "x", "reviews": [no_time]}).data["reviews"] == [no_time, v3]
    no_version = {**v3, "version": None}
    assert merge_entries({"id": "x"}, {"id": "x", "reviews": [v2]},
                         {"id": "x", "reviews": [no_version]}).data["reviews"] == [no_version,
                                                                                   v2]


def test_reviews_that_are_not_objects_sort_first_by_their_text():
    v2 = review("Ann", "2027-01-05T00:00:00Z", "approved", "v2")
    result = merge_entries({"id": "x"}, {"id": "x", "reviews": [v2, "b note"]},
                           {"id": "x", "reviews": ["a note"]})
    assert result.data["reviews"] == ["a note", "b note", v2]


def test_an_approval_of_other_content_goes_back_to_draft_with_one_note_per_status():
    b = {"id": "x", "summary": "S", "tips": ["t"], "status": "approved"}
    ours = {**b, "summary": "Ours"}  # both edited an approved entry by hand
    theirs = {**b, "tips": ["Theirs"]}
    result = merge_entries(b, ours, theirs)
    assert result.clean and result.data["status"] == "draft"
    assert result.notes == ("status: 'approved' covered other content; back to 'draft' for a "
                            "new review",)
    published = merge_entries(b, {**ours, "status": "published"}, theirs)
    assert published.data["status"] == "draft"
    assert published.notes == (
        "status: 'published' covered other content; back to 'draft' for a new review",
        "status: 'approved' covered other content; back to 'draft' for a new review")


def test_a_status_that_is_not_reviewed_stands_whatever_the_content():
    b = {"id": "x", "summary": "S", "tips": ["t"], "status": "draft"}
    result = merge_entries(b, {**b, "summary": "Ours", "status": "in-review"},
                           {**b, "tips": ["Theirs"]})
    assert result.clean and result.data["status"] == "in-review" and result.notes == ()


def test_an_approval_of_exactly_the_merged_content_stands_without_a_note():
    b = {"id": "x", "summary": "S", "status": "in-review", "updated": "2026-01-01T00:00:00Z"}
    approved = {**b, "status": "approved", "updated": "2026-01-02T00:00:00Z",
                "reviews": [review("Rita", "2026-01-02T00:00:00Z", "approved")]}
    touched = {**b, "updated": "2026-01-03T00:00:00Z"}  # workflow fields only
    result = merge_entries(b, touched, approved)
    assert result.clean and result.notes == ()
    assert result.data == {"id": "x", "summary": "S", "status": "approved",
                           "reviews": approved["reviews"], "updated": "2026-01-03T00:00:00Z"}


def published_file(summary: str, *decisions: dict) -> dict:
    return {"id": "x", "summary": summary, "status": "published", "reviews": list(decisions)}


def test_two_publications_keep_the_later_decision_by_time_then_version():
    early = published_file("A", review("Rita", "2027-01-01T00:00:00Z", "published", "v9"),
                           review("Rita", "2027-01-03T00:00:00Z", "approved", "v9"))
    late = published_file("B", review("Rui", "2027-01-02T00:00:00Z", "published", "v1"))
    for one, other in ((early, late), (late, early)):
        result = merge_entries(None, one, other, published=True)
        assert result.data == late and result.conflicts == ()
        assert result.notes == ("two different publications: kept the later one",)
    same_time = published_file("C", review("Rui", "2027-01-02T00:00:00Z", "published", "v2"))
    assert merge_entries(None, late, same_time, published=True).data == same_time
    assert merge_entries(None, same_time, late, published=True).data == same_time


def test_a_publication_without_a_publish_decision_loses_and_a_tie_keeps_ours():
    decided = published_file("A", review("Rita", "2027-01-01T00:00:00Z", "published"))
    undecided = published_file("B", review("Rui", "2027-01-05T00:00:00Z", "approved"),
                               "a stray note")
    for one, other in ((decided, undecided), (undecided, decided)):
        assert merge_entries(None, one, other, published=True).data == decided
    twin = {**decided, "summary": "Same decision, other content"}
    assert merge_entries(None, decided, twin, published=True).data == decided
    assert merge_entries(None, twin, decided, published=True).data == twin
    bare = {"id": "x", "summary": "no reviews at all"}
    assert merge_entries(None, bare, decided, published=True).data == decided
    assert merge_entries(None, decided, bare, published=True).data == decided


def test_a_published_file_merged_returns_a_copy_not_the_side_itself():
    late = published_file("B", review("Rui", "2027-01-02T00:00:00Z", "published"))
    result = merge_entries(None, published_file("A"), late, published=True)
    assert result.data == late and result.data is not late


def test_resolving_takes_each_field_from_its_picked_side_even_if_that_side_lacks_it():
    ours = {"id": "x", "name": "O", "tips": ["t"], "status": "draft"}
    theirs = {"id": "x", "name": "T", "summary": "S", "status": "draft"}
    # Fields not picked are ours (the sides agree on them in a conflicted file).
    assert resolve(ours, theirs, {"name": "theirs"}) == {
        "id": "x", "name": "T", "tips": ["t"], "status": "draft"}
    assert resolve(ours, theirs, {"name": "ours", "summary": "theirs",
                                        "tips": "theirs"}) == {
        "id": "x", "name": "O", "summary": "S", "status": "draft"}


def test_resolving_keeps_an_approval_only_for_the_content_that_side_approved():
    b = {"id": "x", "name": "N", "summary": "S", "status": "approved"}
    ours = {**b, "name": "O"}
    theirs = {**b, "name": "T", "status": "draft"}
    # All of ours picked: ours's approval covers it.
    assert resolve(ours, theirs, {"name": "ours"})["status"] == "approved"
    # The status picked from ours, the content from theirs: nobody approved that.
    assert resolve(ours, theirs, {"name": "theirs", "status": "ours"})["status"] == "draft"
    # The status picked from theirs, which approved its own content.
    their_approval = {**theirs, "status": "approved"}
    assert resolve(ours, their_approval,
                   {"name": "theirs", "status": "theirs"})["status"] == "approved"
    # The status picked from theirs, but the content is ours: theirs did not approve it.
    assert resolve(ours, their_approval,
                   {"name": "ours", "status": "theirs"})["status"] == "draft"
    # No status picked: an approval stands if either side saw exactly this content.
    assert resolve(ours, their_approval, {"name": "theirs"})["status"] == "approved"
    mixed = resolve({**ours, "summary": "SO"}, {**their_approval, "summary": "ST"},
                    {"name": "ours", "summary": "theirs"})
    assert mixed["status"] == "draft"
    in_review = resolve({**ours, "status": "in-review"}, theirs, {"name": "theirs"})
    assert in_review["status"] == "in-review"


def test_a_field_one_side_removed_and_the_other_changed_names_the_removal_as_none():
    b = {"id": "x", "summary": "S"}
    result = merge_entries(b, {"id": "x", "summary": "Ours"}, {"id": "x"})
    assert result.data == {"id": "x", "summary": "Ours", "status": "draft"}
    assert result.conflicts == (FieldConflict("summary", "S", "Ours", None),)


def test_fields_the_model_does_not_know_keep_the_base_order_then_ours_then_theirs():
    b = {"id": "x", "e1": 1, "e2": 1}
    ours = {"id": "x", "e2": 2, "e1": 1, "o": "added by ours"}
    theirs = {"id": "x", "e2": 1, "e1": 3, "t": "added by theirs"}
    result = merge_entries(b, ours, theirs)
    assert result.clean
    assert list(result.data.items()) == [("id", "x"), ("status", "draft"), ("e1", 3),
                                         ("e2", 2), ("o", "added by ours"),
                                         ("t", "added by theirs")]


def test_conflicts_on_fields_our_side_removed_come_in_the_base_order():
    b = {"id": "x", "e1": 1, "e2": 1}
    result = merge_entries(b, {"id": "x"}, {"id": "x", "e2": 2, "e1": 2})
    assert result.conflicts == (FieldConflict("e1", 1, None, 2), FieldConflict("e2", 1, None, 2))
    assert result.data == {"id": "x", "status": "draft"}


def test_a_status_only_one_side_gave_an_entry_without_one_is_taken():
    b = {"id": "x", "name": "N"}
    result = merge_entries(b, dict(b), {**b, "status": "in-review"})
    assert result.clean and result.data == {"id": "x", "name": "N", "status": "in-review"}


def test_real_version_ids_order_reviews_at_the_same_time_a_missing_one_first():
    at = "2027-01-05T00:00:00Z"
    known = review("Ann", at, "approved", "20270105T000000.000001Z-0123456789ab")
    unknown = review("Ann", at, "approved", None)
    for one, other in (([known], [unknown]), ([unknown], [known])):
        result = merge_entries({"id": "x"}, {"id": "x", "reviews": one},
                               {"id": "x", "reviews": other})
        assert result.data["reviews"] == [unknown, known]


def test_a_review_without_time_or_version_sorts_after_a_note_that_is_not_an_object():
    bare = {"decision": "in-review"}  # '{"decision"...' sorts after "'a note'"
    for one, other in (([bare], ["a note"]), (["a note"], [bare])):
        result = merge_entries({"id": "x"}, {"id": "x", "reviews": one},
                               {"id": "x", "reviews": other})
        assert result.data["reviews"] == ["a note", bare]


def test_a_publish_decision_without_time_or_version_still_beats_no_decision():
    decided = published_file("A", {"decision": "published"})
    undecided = published_file("B")
    for one, other in ((decided, undecided), (undecided, decided)):
        assert merge_entries(None, one, other, published=True).data == decided


def test_resolving_keeps_fields_the_model_does_not_know_from_the_side_picked():
    ours = {"id": "x", "name": "O", "o": 1, "both": "ours"}
    theirs = {"id": "x", "name": "T", "t": 2, "both": "theirs"}
    assert resolve(ours, theirs, {"name": "theirs", "t": "theirs", "both": "theirs"}) \
        == {"id": "x", "name": "T", "o": 1, "both": "theirs", "t": 2}
    assert resolve(ours, theirs, {"name": "ours"}) == {"id": "x", "name": "O", "o": 1,
                                                             "both": "ours"}
