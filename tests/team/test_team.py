"""One library, two machines, real git: edits through `Library` in two clones, committed as
two people, merged by `git pull` through the kit's merge driver."""

from __future__ import annotations

import json

import pytest

from stretchkit import change_status
from stretchkit.errors import MergeConflictError, UsageError, WorkflowError
from stretchkit.formats.entry_file import dump_entry
from stretchkit.review.workflow import MANUAL_ITEMS

ENTRY = "90-90-hip-switch"  # in review in the sample library; passes the content checks
LIVE = "wall-calf-stretch"  # published in the sample library
ALL = dict.fromkeys(MANUAL_ITEMS, True)


def edit(clone, entry_id: str, **fields) -> None:
    library = clone.library()
    library.save(library.get(entry_id).model_copy(update=fields))
    clone.commit(f"{clone.person}: {', '.join(fields)}")


def entry_file(clone, entry_id: str) -> bytes:
    return (clone.data / "exercises" / f"{entry_id}.json").read_bytes()


def test_different_fields_merge_cleanly_with_stable_bytes_and_both_histories(team):
    a, b = team.a, team.b
    before = a.library().get(ENTRY)
    edit(a, ENTRY, summary="A summary rewritten on machine A for the team test.")
    a.push()
    edit(b, ENTRY, tips=[*before.tips, "A tip added on machine B."],
         goals=[*before.goals, "recovery"])
    b.pull()  # raises if git reports a conflict
    library = b.library()
    assert library.problems == []
    merged = library.get(ENTRY)
    assert merged.summary == "A summary rewritten on machine A for the team test."
    assert merged.tips[-1] == "A tip added on machine B."
    assert "recovery" in merged.goals
    assert entry_file(b, ENTRY) == dump_entry(merged)  # the bytes a save would write
    authors = {v.by for v in library.versions(ENTRY)}
    assert {"Ana Author", "Ben Writer"} <= authors
    assert b.git("log", "-1", "--format=%P").stdout.count(" ") == 1  # a real merge commit


def test_the_same_field_is_a_conflict_that_the_library_names_and_never_loads(team):
    a, b = team.a, team.b
    edit(a, ENTRY, name="Name Chosen On Machine A")
    a.push()
    edit(b, ENTRY, name="Name Chosen On Machine B", summary="Ben also rewrote the summary.")
    pulled = b.pull(check=False)
    assert pulled.returncode != 0
    assert b.conflicted_paths() == [f"data/exercises/{ENTRY}.json"]
    library = b.library()
    path = str(b.data / "exercises" / f"{ENTRY}.json")
    assert [(p.where, p.field) for p in library.problems] == [(path, "name")]
    assert "Name Chosen On Machine B" in library.problems[0].message
    assert "Name Chosen On Machine A" in library.problems[0].message
    assert ENTRY not in library and ENTRY not in library.ids()
    assert library.conflicts() == [ENTRY]
    with pytest.raises(MergeConflictError, match="name"):
        library.get(ENTRY)
    with pytest.raises(MergeConflictError):
        library.save(a.library().get(ENTRY))  # nobody saves over the two sides
    conflict = library.conflict(ENTRY)
    assert conflict.fields == ("name",)
    assert conflict.ours["name"] == "Name Chosen On Machine B"  # b's own side
    assert conflict.theirs["name"] == "Name Chosen On Machine A"
    assert conflict.ours["summary"] == "Ben also rewrote the summary."  # merged cleanly


def test_resolving_through_the_library_gives_a_clean_commit_with_every_version(team):
    a, b = team.a, team.b
    edit(a, ENTRY, name="Name Chosen On Machine A")
    a.push()
    edit(b, ENTRY, name="Name Chosen On Machine B")
    b.pull(check=False)
    library = b.library()
    with pytest.raises(UsageError, match="pick 'ours' or 'theirs' for name"):
        library.resolve_conflict(ENTRY, {})
    with pytest.raises(UsageError, match="name: expected 'ours' or 'theirs'"):
        library.resolve_conflict(ENTRY, {"name": "mine"})
    resolved = library.resolve_conflict(ENTRY, {"name": "theirs"})
    assert resolved.name == "Name Chosen On Machine A"
    assert library.problems == [] and library.get(ENTRY) == resolved
    b.commit("resolved")
    assert b.conflicted_paths() == []
    assert b"<<<<<<<" not in entry_file(b, ENTRY)
    fresh = b.library()
    assert fresh.problems == [] and fresh.get(ENTRY).name == "Name Chosen On Machine A"
    versions = fresh.versions(ENTRY)
    assert {"Ana Author", "Ben Writer"} <= {v.by for v in versions}
    assert versions[-1].event == "merge" and versions[-1].by == "Ben Writer"
    b.push()
    a.pull()  # a fast-forward: machine A now has the same file and history
    assert entry_file(a, ENTRY) == entry_file(b, ENTRY)
    assert [v.id for v in a.library().versions(ENTRY)] == [v.id for v in versions]


def test_a_reviewer_on_another_machine_sees_the_same_history_diff_and_channel(team):
    a, b = team.a, team.b
    edit(a, LIVE, summary="A new summary from machine A, waiting for review.")
    change_status(a.library(), LIVE, "in-review", reviewer="Ana Author")
    a.commit("to review")
    a.push()
    b.pull()
    here, there = a.library(), b.library()
    assert [v.id for v in here.versions(LIVE)] == [v.id for v in there.versions(LIVE)]
    assert here.diff(LIVE)[2] == there.diff(LIVE)[2]
    summary = next(f for f in there.diff(LIVE)[2] if f.field == "summary")
    assert summary.added == ("A new summary from machine A, waiting for review.",)
    assert [e.model_dump() for e in here.published()] == \
        [e.model_dump() for e in there.published()]
    assert there.get(LIVE).status == "in-review" and there.has_unpublished_changes(LIVE)


def approve_on(clone, entry_id: str, reviewer: str) -> None:
    change_status(clone.library(), entry_id, "approved", reviewer=reviewer, checklist=ALL)
    clone.commit(f"{reviewer} approved {entry_id}")


def test_an_approval_never_covers_an_edit_it_did_not_see(team):
    a, b = team.a, team.b
    approve_on(a, ENTRY, "Rita Reviewer")  # machine A: the reviewer approves what she saw
    approved_version = a.library().version(ENTRY, "approved").id
    a.push()
    edit(b, ENTRY, summary="Ben's edit, made while the review was going on elsewhere.")
    b.pull()  # different fields: status and reviews from A, summary from B
    library = b.library()
    merged = library.get(ENTRY)
    assert merged.summary.startswith("Ben's edit")
    assert merged.reviews[-1].decision == "approved"  # the approval is kept, as history
    assert merged.reviews[-1].version == approved_version
    assert merged.status == "draft"  # ... but it does not cover Ben's edit
    with pytest.raises(WorkflowError):
        change_status(library, ENTRY, "published", reviewer="Rita Reviewer")
    assert not (b.data / "published" / f"{ENTRY}.json").exists()
    # The way on is a new review, of the merged content.
    change_status(library, ENTRY, "in-review", reviewer="Ben Writer")
    change_status(library, ENTRY, "approved", reviewer="Rita Reviewer", checklist=ALL)
    change_status(library, ENTRY, "published", reviewer="Rita Reviewer")
    published = json.loads((b.data / "published" / f"{ENTRY}.json").read_text("utf-8"))
    assert published["summary"].startswith("Ben's edit")


def test_after_a_publication_and_an_edit_merge_the_channel_is_what_the_reviews_say(team):
    a, b = team.a, team.b
    approve_on(a, ENTRY, "Rita Reviewer")
    change_status(a.library(), ENTRY, "published", reviewer="Rita Reviewer")
    a.commit("published")
    a.push()
    edit(b, ENTRY, tips=["A tip Ben added on machine B, never reviewed."])
    b.pull()
    library = b.library()
    assert library.problems == []
    merged = library.get(ENTRY)
    assert merged.status == "draft" and library.has_unpublished_changes(ENTRY)
    last_publish = next(r for r in reversed(merged.reviews) if r.decision == "published")
    live = {e.id: e for e in library.published()}[ENTRY]
    assert library.history.resolve(ENTRY, last_publish.version).entry["tips"] == \
        [*live.tips] != merged.tips
    assert "A tip Ben added on machine B, never reviewed." not in live.tips


def test_two_reviewers_who_decide_differently_conflict_on_the_status(team):
    a, b = team.a, team.b
    approve_on(a, ENTRY, "Rita Reviewer")
    a.push()
    change_status(b.library(), ENTRY, "changes-requested", reviewer="Rui Reviewer",
                  comment="The breathing cue is missing.")
    b.commit("changes requested")
    assert b.pull(check=False).returncode != 0
    library = b.library()
    conflict = library.conflict(ENTRY)
    assert conflict.fields == ("status",)
    assert {r.get("reviewer") for r in conflict.ours["reviews"][-2:]} == \
        {"Rita Reviewer", "Rui Reviewer"}  # both decisions kept
    resolved = library.resolve_conflict(ENTRY, {"status": "theirs"})
    assert resolved.status == "approved"  # nothing else changed: A's approval still covers it


def send_through_review(clone, entry_id: str, reviewer: str, **fields) -> None:
    edit(clone, entry_id, **fields)
    library = clone.library()
    if library.get(entry_id).status != "in-review":
        change_status(library, entry_id, "in-review", reviewer=clone.person)
    change_status(library, entry_id, "approved", reviewer=reviewer, checklist=ALL)
    change_status(library, entry_id, "published", reviewer=reviewer)
    clone.commit(f"{reviewer} published {entry_id}")


def test_two_publications_merge_to_the_later_one_never_to_a_mix(team):
    a, b = team.a, team.b
    send_through_review(a, ENTRY, "Rita Reviewer", summary="Published from machine A.")
    a.push()
    send_through_review(b, ENTRY, "Rui Reviewer", tips=["Published from machine B."])
    b.pull()  # the published file never conflicts; the working copy merges field by field
    library = b.library()
    assert library.problems == []
    merged = library.get(ENTRY)
    assert merged.summary == "Published from machine A." and \
        merged.tips == ["Published from machine B."]
    assert merged.status == "draft"  # nobody reviewed the two edits together
    last_publish = [r for r in merged.reviews if r.decision == "published"][-1]
    assert last_publish.reviewer == "Rui Reviewer"  # B published later
    live = library.published()
    live_entry = next(e for e in live if e.id == ENTRY)
    reviewed = library.history.resolve(ENTRY, last_publish.version).entry
    assert live_entry.tips == reviewed["tips"] == ["Published from machine B."]
    assert live_entry.summary == reviewed["summary"] != "Published from machine A."
