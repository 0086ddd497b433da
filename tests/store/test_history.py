"""Versions and the published channel, on real files: what is published changes only through
review, and nothing that was ever saved is lost (also when a process is killed mid-save)."""

from __future__ import annotations

import itertools
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchkit import ConflictError, Exercise, Library, NotFoundError, change_status
from stretchkit.errors import ApprovalRefused, WorkflowError
from stretchkit.formats.entry_file import dump_entry, load_entry
from stretchkit.model.version import content_of, diff_entries, person_key, same_person
from stretchkit.review.checks import errors, lint
from stretchkit.review.workflow import MANUAL_ITEMS
from stretchkit.store.history import (
    authors_since_publication,
    is_publication,
    last_publication,
)
from stretchkit.store.identity import current_user

ALL = dict.fromkeys(MANUAL_ITEMS, True)
LIVE = "wall-calf-stretch"  # published in the sample library
IN_REVIEW = "90-90-hip-switch"  # waiting for review in the sample library


def published_bytes(data: Path, entry_id: str) -> bytes:
    return (data / "published" / f"{entry_id}.json").read_bytes()


def history_files(data: Path) -> dict[str, bytes]:
    return {str(p.relative_to(data)): p.read_bytes()
            for p in (data / "history").rglob("*.json")}


def edit(library: Library, entry_id: str, by: str = "Ana Author", **fields):
    return library.save(library.get(entry_id).model_copy(update=fields), by=by)


def publish(library: Library, entry_id: str, reviewer: str = "Rui Reviewer") -> None:
    """Send an entry through review to the published channel."""
    if library.get(entry_id).status in ("draft", "changes-requested"):
        change_status(library, entry_id, "in-review", reviewer="Ana Author")
    if library.get(entry_id).status == "in-review":
        change_status(library, entry_id, "approved", reviewer=reviewer, checklist=ALL)
    change_status(library, entry_id, "published", reviewer=reviewer)


# -- versions --------------------------------------------------------------------------------------
def test_the_sample_library_has_versions_and_a_published_channel(sample_data):
    library = Library(sample_data)
    assert library.notes == []  # migrated when the sample library was made, not on open
    for entry in library:
        versions = library.versions(entry.id)
        first, head = versions[0], versions[-1]
        assert first.event in ("migrate", "create") and first.parent is None
        assert all(v.parent == p.id for p, v in itertools.pairwise(versions))
        assert head.entry == json.loads(library.path_of(entry.id).read_bytes())
    live = {e.id for e in library if e.status == "published"}
    assert {e.id for e in library.published()} == live
    assert all(published_bytes(sample_data, i) == library.path_of(i).read_bytes() for i in live)


def test_a_folder_made_before_versions_is_upgraded_once_and_says_so(sample_data):
    shutil.rmtree(sample_data / "history")
    shutil.rmtree(sample_data / "published")
    library = Library(sample_data)
    live = {e.id for e in library if e.status == "published"}
    assert [n.message for n in library.notes] == [
        f"put {len(live)} published entries in the published channel, each with its first "
        "version"]
    assert {e.id for e in library.published()} == live
    assert all(library.versions(i)[0].event == "migrate" for i in live)
    assert Library(sample_data).notes == []
    # The others get their first version when first needed, not all at once on open.
    assert library.versions(IN_REVIEW) == []
    edit(library, IN_REVIEW, summary="Switch the knees from side to side to turn both hips.")
    first, second = library.versions(IN_REVIEW)
    assert first.event == "migrate" and second.parent == first.id


def test_every_changing_save_records_a_version_and_history_only_grows(sample_data):
    library = Library(sample_data)
    before = history_files(sample_data)
    edit(library, "cat-cow", summary="Round and arch the spine, slowly, with the breath.")
    edit(library, "cat-cow", summary="Round and arch the spine, slowly, with the breath.")
    after = history_files(sample_data)
    assert {k: after[k] for k in before} == before  # nothing rewritten
    [new] = set(after) - set(before)  # the second save changed nothing: no version
    versions = library.versions("cat-cow")
    assert versions[-1].parent == versions[-2].id and versions[-1].by == "Ana Author"
    assert versions[-1].event == "edit" and "summary" in versions[-1].changed
    assert "updated" in versions[-1].changed and "name" not in versions[-1].changed
    assert new.endswith(f"{versions[-1].id}.json")
    assert library.head("cat-cow") == versions[-1].id


def test_version_names_sort_in_time_and_end_with_the_entry_digest(sample_data):
    library = Library(sample_data)
    before = len(library.versions("cat-cow"))
    for n in range(5):
        edit(library, "cat-cow", tips=[f"Tip number {n}."])
    ids = [v.id for v in library.versions("cat-cow")]
    assert ids == sorted(ids) and len(set(ids)) == len(ids) == before + 5
    import hashlib
    digest = hashlib.sha256(library.path_of("cat-cow").read_bytes()).hexdigest()[:12]
    assert ids[-1].endswith(digest)


def test_a_hand_edit_is_kept_as_a_version_before_the_next_save(sample_data):
    library = Library(sample_data)
    path = library.path_of("cat-cow")
    by_hand = library.get("cat-cow").model_copy(update={"tips": ["Typed in an editor."]})
    path.write_bytes(dump_entry(by_hand))
    library.reload()
    edit(library, "cat-cow", summary="A new summary, after the hand edit.")
    *_, outside, mine = library.versions("cat-cow")
    assert outside.event == "outside" and outside.entry["tips"] == ["Typed in an editor."]
    assert mine.parent == outside.id


def test_a_field_added_to_the_model_is_not_taken_for_a_hand_edit(empty_data):
    # An entry file and its version written before `precautions` and `dosage_by_goal`
    # existed: the next save follows that version, with no "outside" version by nobody.
    library = Library(empty_data)
    library.save(Exercise(id="cat-cow", name="Cat-Cow"), by="Ana Author")
    path = library.path_of("cat-cow")
    old = json.loads(path.read_bytes())
    del old["precautions"], old["dosage_by_goal"]
    old_bytes = (json.dumps(old, indent=2, ensure_ascii=False) + "\n").encode()
    for version_file in (empty_data / "history" / "cat-cow").iterdir():
        version_file.unlink()
    path.write_bytes(old_bytes)
    library.history.write(library.history.make(old, old_bytes, parent=None, by="",
                                               event="migrate"))
    library = Library(empty_data)
    edit(library, "cat-cow", summary="A summary written after the model grew.")
    assert [v.event for v in library.versions("cat-cow")] == ["migrate", "edit"]


def test_deleting_keeps_the_history_and_restoring_continues_it(sample_data):
    library = Library(sample_data)
    edit(library, LIVE, summary="Edited before the delete, and not yet reviewed.")
    ids = [v.id for v in library.versions(LIVE)]
    library.delete(LIVE)
    assert not (sample_data / "published" / f"{LIVE}.json").exists()
    assert LIVE not in {e.id for e in library.published()}
    assert [v.id for v in library.versions(LIVE)] == ids
    library.restore(LIVE)
    restored = library.versions(LIVE)
    assert [v.id for v in restored[:-1]] == ids and restored[-1].parent == ids[-1]
    assert restored[-1].event == "restore"
    assert LIVE in {e.id for e in Library(sample_data).published()}


# -- the published channel -------------------------------------------------------------------------
def test_editing_a_published_entry_sends_it_to_draft_and_keeps_the_live_version(sample_data):
    library = Library(sample_data)
    live = published_bytes(sample_data, LIVE)
    saved = edit(library, LIVE, summary="An unreviewed claim about calves and sprinting.")
    assert saved.status == "draft"
    assert library.has_unpublished_changes(LIVE) and library.is_live(LIVE)
    assert published_bytes(sample_data, LIVE) == live
    [published] = [e for e in library.published() if e.id == LIVE]
    assert published.summary != saved.summary and published.status == "published"


def test_a_save_never_approves_or_publishes(sample_data):
    library = Library(sample_data)
    for status in ("approved", "published"):
        with pytest.raises(WorkflowError, match="go through review"):
            edit(library, IN_REVIEW, status=status)
    assert library.get(IN_REVIEW).status == "in-review"


def test_publishing_puts_exactly_the_approved_version_live(sample_data):
    library = Library(sample_data)
    edit(library, LIVE, summary="A reviewed summary that is fit to go live today.")
    publish(library, LIVE)
    entry = library.get(LIVE)
    approval = next(r for r in reversed(entry.reviews) if r.decision == "approved")
    assert content_of(library.version(LIVE, approval.version).entry) == content_of(entry)
    assert published_bytes(sample_data, LIVE) == library.path_of(LIVE).read_bytes()
    assert library.version(LIVE, "published").id == library.head(LIVE)
    assert not library.has_unpublished_changes(LIVE)


def test_an_edit_after_approval_cannot_be_published(sample_data):
    library = Library(sample_data)
    edit(library, LIVE, summary="A reviewed summary that is fit to go live today.")
    change_status(library, LIVE, "in-review", reviewer="Ana Author")
    change_status(library, LIVE, "approved", reviewer="Rui Reviewer", checklist=ALL)
    live = published_bytes(sample_data, LIVE)
    edit(library, LIVE, tips=["A tip nobody reviewed."])
    assert library.get(LIVE).status == "draft"
    with pytest.raises(WorkflowError):
        change_status(library, LIVE, "published", reviewer="Rui Reviewer")
    # Even written past the workflow, an approved status does not publish other content.
    path = library.path_of(LIVE)
    path.write_bytes(dump_entry(library.get(LIVE).model_copy(update={"status": "approved"})))
    library.reload()
    with pytest.raises(WorkflowError, match="changed since version"):
        change_status(library, LIVE, "published", reviewer="Rui Reviewer")
    assert published_bytes(sample_data, LIVE) == live


def test_archiving_takes_an_entry_out_of_the_channel(sample_data):
    library = Library(sample_data)
    change_status(library, LIVE, "archived", reviewer="Rui Reviewer")
    assert not library.is_live(LIVE)
    assert LIVE not in {e.id for e in Library(sample_data).published()}
    assert library.versions(LIVE)[-1].status == "archived"


# -- separation of duties --------------------------------------------------------------------------
@pytest.mark.parametrize("written_as", ["ana author", "  Ana   Author ", "ＡＮＡ AUTHOR"])
def test_an_author_cannot_approve_their_own_change(sample_data, written_as):
    library = Library(sample_data)
    edit(library, LIVE, by="Ana Author", summary="A reviewed summary that is fit to go live.")
    change_status(library, LIVE, "in-review", reviewer="Ana Author")
    with pytest.raises(WorkflowError, match="someone else must approve"):
        change_status(library, LIVE, "approved", reviewer=written_as, checklist=ALL)
    assert library.get(LIVE).status == "in-review"


def test_deciding_is_not_authorship(sample_data):
    library = Library(sample_data)
    edit(library, LIVE, by="Ana Author", summary="A reviewed summary that is fit to go live.")
    change_status(library, LIVE, "in-review", reviewer="Rui Reviewer")  # Rui only submits
    change_status(library, LIVE, "changes-requested", reviewer="Rui Reviewer", comment="Hm.")
    change_status(library, LIVE, "in-review", reviewer="Rui Reviewer")
    change_status(library, LIVE, "approved", reviewer="Rui Reviewer", checklist=ALL)
    assert authors_since_publication(library.versions(LIVE)) == ["Ana Author"]


def test_approval_needs_every_manual_item(sample_data):
    library = Library(sample_data)
    ticks = {**ALL, "plain-language": False}
    with pytest.raises(WorkflowError, match="not ticked: plain-language"):
        change_status(library, IN_REVIEW, "approved", reviewer="Rui Reviewer", checklist=ticks)


def test_a_one_person_team_may_allow_self_approval(sample_data):
    (sample_data / "stretchkit.json").write_text('{"allow_self_approval": true}')
    library = Library(sample_data)
    edit(library, LIVE, by="Solo Coach", summary="A reviewed summary that is fit to go live.")
    publish(library, LIVE, reviewer="Solo Coach")
    assert library.get(LIVE).status == "published"
    (sample_data / "stretchkit.json").write_text('{"allow_selfapproval": true}')
    with pytest.raises(Exception, match="allow_selfapproval: unknown setting"):
        change_status(library, IN_REVIEW, "approved", reviewer="Rui Reviewer", checklist=ALL)


def test_names_compare_as_a_person_would():
    assert same_person("Ana Author", "  ana  AUTHOR ")
    assert same_person("Café Owner", "Cafe\u0301 owner")
    assert not same_person("Ana Author", "Ana Autor") and not same_person("", "")
    assert person_key("Ａｎａ") == "ana"


def test_the_user_is_found_in_the_documented_order(monkeypatch, tmp_path):
    for name in ("STRETCHKIT_USER", "STRETCHKIT_REVIEWER", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("JUPYTERHUB_USER", "hub-user")
    assert current_user() == "hub-user"
    monkeypatch.setenv("STRETCHKIT_REVIEWER", "Old Alias")
    assert current_user() == "Old Alias"
    monkeypatch.setenv("STRETCHKIT_USER", "  Ana   Author ")
    assert current_user() == "Ana Author"
    assert current_user("Given Name") == "Given Name"
    for name in ("STRETCHKIT_USER", "STRETCHKIT_REVIEWER", "JUPYTERHUB_USER"):
        monkeypatch.delenv(name)
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    subprocess.run(["git", "-C", str(tmp_path), "config", "user.name", "Git Person"], check=True)
    assert current_user(folder=tmp_path) == "Git Person"


# -- diff and restore ------------------------------------------------------------------------------
def test_a_diff_names_the_fields_and_the_lines(sample_data):
    library = Library(sample_data)
    before = library.get(LIVE)
    edit(library, LIVE, summary="A changed summary, long enough for the check.",
         tips=[*before.tips[1:], "A new tip."])
    first, last, changes = library.diff(LIVE)
    assert first.id == library.version(LIVE, "published").id and last.id == library.head(LIVE)
    by_field = {c.field: c for c in changes}
    assert by_field["summary"].removed == (before.summary,)
    assert by_field["summary"].added == ("A changed summary, long enough for the check.",)
    assert by_field["tips"].removed == (before.tips[0],) and by_field["tips"].added == (
        "A new tip.",)
    assert "name" not in by_field and "status" in by_field


def test_a_diff_of_nested_fields_shows_one_line_per_item():
    old = {"faq": [{"question": "Q?", "answer": "A."}], "dosage": {"breaths": 5, "reps": None}}
    new = {"faq": [{"question": "Q?", "answer": "B."}], "dosage": {"breaths": 6, "reps": None}}
    changes = {c.field: c for c in diff_entries(old, new)}
    assert changes["faq"].removed == ("question: Q? | answer: A.",)
    assert changes["dosage"].added == ("breaths: 6",)


def test_restore_adds_a_version_equal_to_an_old_one(sample_data):
    library = Library(sample_data)
    original = library.get(LIVE)
    before = library.versions(LIVE)[-1]
    edit(library, LIVE, summary="A changed summary, long enough for the check.")
    restored = library.restore_version(LIVE, before.id[:23])  # a unique prefix
    assert content_of(restored) == content_of(original)
    assert restored.status == "draft"  # a restore is an edit: it waits for review
    assert library.versions(LIVE)[-1].event == "restore"
    with pytest.raises(NotFoundError, match="no version 'nope'"):
        library.restore_version(LIVE, "nope")
    # a version from before precautions existed comes back without today's precautions
    oldest = library.versions(LIVE)[0]
    assert "precautions" not in oldest.entry and original.precautions
    restored = library.restore_version(LIVE, oldest.id)
    assert restored.precautions == [] and restored.instructions == oldest.entry["instructions"]


# -- races and crashes -----------------------------------------------------------------------------
APPROVE = textwrap.dedent("""
    import sys
    from stretchkit import ConflictError, Library, change_status
    from stretchkit.review.workflow import MANUAL_ITEMS
    library = Library(sys.argv[1])
    print("ready", flush=True)
    sys.stdin.readline()
    try:
        change_status(library, "90-90-hip-switch", "approved", reviewer=sys.argv[2],
                      checklist=dict.fromkeys(MANUAL_ITEMS, True))
        print("approved")
    except ConflictError as exc:
        print("conflict", exc)
    """)


def test_two_reviewers_deciding_at_once_one_wins_the_other_gets_a_conflict(sample_data):
    reviewers = [subprocess.Popen([sys.executable, "-c", APPROVE, str(sample_data), name],
                                  stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
                 for name in ("Rui Reviewer", "Dana Coach")]
    for child in reviewers:
        assert child.stdout.readline() == "ready\n"
    for child in reviewers:
        child.stdin.write("go\n")
        child.stdin.flush()
    outcomes = sorted(child.communicate(timeout=60)[0].split()[0] for child in reviewers)
    assert outcomes == ["approved", "conflict"]
    reviews = Library(sample_data).get(IN_REVIEW).reviews
    assert [r.decision for r in reviews].count("approved") == 1


WORKER = textwrap.dedent("""
    import sys, uuid
    from stretchkit import Library, change_status
    from stretchkit.review.workflow import MANUAL_ITEMS
    library = Library(sys.argv[1])  # finishes what the last killed worker left half-done
    ticks = dict.fromkeys(MANUAL_ITEMS, True)
    n = 0
    while True:
        n += 1
        entry = library.get("wall-calf-stretch")
        if entry.status in ("published", "draft", "changes-requested"):
            summary = f"Summary {uuid.uuid4().hex}, fit to publish."
            library.save(entry.model_copy(update={"summary": summary}), by="Ana Author")
            change_status(library, entry.id, "in-review", reviewer="Ana Author")
        if library.get(entry.id).status == "in-review":
            change_status(library, entry.id, "approved", reviewer="Rui Reviewer", checklist=ticks)
        change_status(library, entry.id, "published", reviewer="Rui Reviewer")
        print(n, flush=True)
    """)


def consistent(data: Path) -> None:
    """No torn file; every working copy is held by a version; the published channel holds
    each live entry's last published version."""
    library = Library(data)
    assert library.problems == [], library.problems
    assert not (data / ".journal.json").exists()
    for path in [*data.rglob("*.json")]:
        json.loads(path.read_bytes())  # parses: nothing half-written under a real name
    for entry in library:
        versions = library.versions(entry.id)
        assert (versions and content_of(versions[-1].entry) == content_of(entry)) or \
            library.head(entry.id)
    entry = library.get(LIVE)
    last = last_publication(library.versions(LIVE))
    live = load_entry(published_bytes(data, LIVE))
    assert content_of(live) == content_of(last.entry)
    if entry.status == "published":
        assert content_of(live) == content_of(entry)


def test_killed_mid_save_or_mid_publish_the_folder_stays_consistent(sample_data):
    """A real process saving and publishing in a loop, killed at random moments."""
    rng = random.Random(7)
    published_before = 0
    for _ in range(12):
        child = subprocess.Popen([sys.executable, "-c", WORKER, str(sample_data)],
                                 stdout=subprocess.PIPE, text=True)
        assert child.stdout.readline().strip() == "1"  # one full round, then kill somewhere
        time.sleep(rng.uniform(0, 0.25))
        assert child.poll() is None, "the worker stopped by itself"
        os.kill(child.pid, signal.SIGKILL)
        child.wait(30)
        consistent(sample_data)
        count = len(Library(sample_data).versions(LIVE))
        assert count > published_before  # history only grows
        published_before = count


@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(["edit", "publish", "restore", "archive", "revive"]),
                min_size=1, max_size=8), st.randoms(use_true_random=False))
def test_any_sequence_keeps_the_channel_and_only_grows_history(sample_data, steps, rng):
    data = Path(tempfile.mkdtemp(dir=sample_data.parent)) / "data"
    shutil.copytree(sample_data, data)
    library = Library(data)
    seen: dict[str, bytes] = history_files(data)
    for n, step in enumerate(steps):
        status = library.get(LIVE).status
        if step == "edit" and status != "archived":
            edit(library, LIVE, summary=f"Summary {n}, long enough to pass the checks.")
        elif step == "publish" and status not in ("archived", "published"):
            if errors(lint(library.get(LIVE))):  # an old version restored: checks refuse it
                with pytest.raises(ApprovalRefused):
                    publish(library, LIVE)
            else:
                publish(library, LIVE)
        elif step == "restore" and status != "archived":
            versions = library.versions(LIVE)
            library.restore_version(LIVE, rng.choice(versions).id)
        elif step == "archive" and status == "published":
            change_status(library, LIVE, "archived", reviewer="Rui Reviewer")
        elif step == "revive" and status == "archived":
            change_status(library, LIVE, "draft", reviewer="Rui Reviewer")
        now = history_files(data)
        assert {k: now[k] for k in seen} == seen  # history only grows, nothing rewritten
        seen = now
        versions = library.versions(LIVE)
        moves = [v for v in versions if is_publication(v) or
                 (v.event == "decision" and v.status == "archived")]
        assert library.is_live(LIVE) == is_publication(moves[-1])
        if library.is_live(LIVE):  # the channel holds the last published version
            assert json.loads(published_bytes(data, LIVE)) == last_publication(versions).entry
    with pytest.raises(ConflictError):
        Library(data).create(library.get(LIVE))
