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
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchkit import (
    ConflictError,
    EntryError,
    Exercise,
    Library,
    NotFoundError,
    change_status,
)
from stretchkit.errors import ApprovalRefused, StretchkitError, WorkflowError
from stretchkit.formats.entry_file import dump_entry, load_entry
from stretchkit.model.version import (
    Version,
    content_of,
    diff_entries,
    person_key,
    same_person,
)
from stretchkit.review.checks import errors, lint
from stretchkit.review.workflow import MANUAL_ITEMS
from stretchkit.store.history import (
    authors_since_publication,
    clear_journal,
    is_publication,
    last_publication,
    published_ids,
)
from stretchkit.store.identity import current_user
from tests.strategies import examples

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


def test_an_upgrade_of_one_published_entry_says_entry(sample_data):
    shutil.rmtree(sample_data / "history")
    shutil.rmtree(sample_data / "published")
    keep = {LIVE, IN_REVIEW}
    for path in (sample_data / "exercises").glob("*.json"):
        if path.stem not in keep:
            path.unlink()
    library = Library(sample_data)
    assert [(n.where, n.field, n.message) for n in library.notes] == [
        (str(sample_data / "published"), "",
         "put 1 published entry in the published channel, each with its first version")]
    assert [e.id for e in library.published()] == [LIVE]
    [first] = library.versions(LIVE)
    assert (first.event, first.by, first.parent) == ("migrate", "", None)  # by nobody


def test_a_folder_whose_history_cannot_be_written_still_opens_and_says_why(sample_data):
    shutil.rmtree(sample_data / "history")
    shutil.rmtree(sample_data / "published")
    (sample_data / "history").write_text("a file where the history folder goes")
    library = Library(sample_data)
    assert [(n.where, n.field, n.message) for n in library.notes] == [
        (str(sample_data / "history"), "", "cannot record versions here: Not a directory")]
    assert library.problems == [] and LIVE in library and not library.is_live(LIVE)


def test_an_interrupted_save_that_cannot_be_finished_is_a_problem_and_waits(sample_data):
    version = sample_data / "history" / LIVE / "20200101T000000000000Z-0123456789ab.json"
    version.write_text("{broken", encoding="utf-8")
    journal = sample_data / ".journal.json"
    journal.write_text(json.dumps({"entry_id": LIVE, "version": version.stem}),
                       encoding="utf-8")
    library = Library(sample_data)
    [problem] = library.problems
    assert (problem.where, problem.field) == (str(journal), "")
    assert problem.message.startswith(f"cannot finish an interrupted save: {version}: ")
    assert problem.message.endswith("(a version file is written once by stretchkit; restore "
                                    "it from git)")
    assert library.notes == [] and LIVE in library
    assert journal.exists()  # tried again at the next load


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
    assert outside.by == ""  # nobody the kit knows: it was not saved through it
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


def test_a_sub_field_added_to_the_model_is_not_taken_for_a_hand_edit(empty_data):
    # An entry file and its version written before media items had `step` and `source_url`,
    # with a goal of the folder's own vocabulary: read with today's model they are the same
    # entry, so the next save follows that version.
    (empty_data / "vocabulary.json").write_text(json.dumps(
        {"goals": [{"id": "sprint-prep", "label": "Sprint prep"}]}), encoding="utf-8")
    library = Library(empty_data)
    library.save(Exercise.model_validate({
        "id": "cat-cow", "name": "Cat-Cow", "goals": ["sprint-prep"], "media": [
            {"kind": "video", "url": "https://video.example.org/cat-cow", "alt": "Follow along"}]},
        context={"vocabulary": library.vocabulary}), by="Ana Author")
    path = library.path_of("cat-cow")
    old = json.loads(path.read_bytes())
    del old["media"][0]["step"], old["media"][0]["source_url"]
    old_bytes = (json.dumps(old, indent=2, ensure_ascii=False) + "\n").encode()
    for version_file in (empty_data / "history" / "cat-cow").iterdir():
        version_file.unlink()
    path.write_bytes(old_bytes)
    library.history.write(library.history.make(old, old_bytes, parent=None, by="",
                                               event="migrate"))
    library = Library(empty_data)
    edit(library, "cat-cow", summary="A summary written after the media items grew.")
    assert [v.event for v in library.versions("cat-cow")] == ["migrate", "edit"]


def test_a_hand_edit_is_kept_as_a_version_when_the_version_before_no_longer_reads(empty_data):
    # The head version has a goal the folder's vocabulary has since dropped; the file was
    # edited by hand to another goal. The edit is recorded before the next save.
    vocabulary = empty_data / "vocabulary.json"
    vocabulary.write_text(json.dumps({"goals": [{"id": "sprint-prep", "label": "Sprint prep"}]}),
                          encoding="utf-8")
    library = Library(empty_data)
    library.save(Exercise.model_validate({"id": "cat-cow", "name": "Cat-Cow",
                                          "goals": ["sprint-prep"]},
                                         context={"vocabulary": library.vocabulary}),
                 by="Ana Author")
    by_hand = library.get("cat-cow").model_copy(update={"goals": ["pre-run"]})
    library.path_of("cat-cow").write_bytes(dump_entry(by_hand))
    vocabulary.unlink()
    library = Library(empty_data)
    edit(library, "cat-cow", summary="A summary written after the hand edit.")
    *_, outside, mine = library.versions("cat-cow")
    assert outside.event == "outside" and outside.entry["goals"] == ["pre-run"]
    assert mine.parent == outside.id and mine.event == "edit"


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
        with pytest.raises(WorkflowError) as refused:
            edit(library, IN_REVIEW, status=status)
        assert str(refused.value) == (
            f"entry {IN_REVIEW!r}: status: a save cannot make an entry {status!r}; approving "
            "and publishing go through review (stretchkit status, or the review desk)")
    assert library.get(IN_REVIEW).status == "in-review"


def test_a_save_that_changes_only_the_workflow_is_recorded_as_a_save(sample_data):
    library = Library(sample_data)
    draft = copy_of_live(library, "copied-calf-stretch")
    library.save(library.get(draft).model_copy(update={"status": "in-review"}), by="Ana Author")
    assert library.versions(draft)[-1].event == "save"
    edit(library, draft, summary="A changed summary, and so an edit of the content.")
    assert library.versions(draft)[-1].event == "edit"


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
    edit(library, LIVE, name="Wall Calf Stretch, Edited")  # a second edit: still from live
    first, last, changes = library.diff(LIVE)
    assert first.id == library.version(LIVE, "published").id != last.parent
    assert {"summary", "tips", "name"} <= {c.field for c in changes}


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
    current = library.get(LIVE)
    restored = library.restore_version(LIVE, before.id[:23])  # a unique prefix
    assert content_of(restored) == content_of(original)
    assert restored.status == "draft"  # a restore is an edit: it waits for review
    # the workflow's record stays the working copy's
    assert current.reviews and restored.reviews == current.reviews
    assert (restored.created, restored.authors) == (current.created, current.authors)
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


# Each worker is a real process the test kills; they are forked from one process that has
# already loaded the kit, the pronouncing dictionary the review checks read and the language
# tags the settings are checked with (~2.5 s a start, where a round of save and publish takes
# ~0.1 s), so the twelve kills cost twelve rounds, not twelve starts. The forked worker opens
# the library itself, finishing what the last killed worker left half-done, exactly as a
# freshly started one does. A killed worker is reaped only when the test says so: until then
# its pid cannot go to another process.
WORKERS = textwrap.dedent("""
    import os, sys, traceback, uuid
    from stretchkit import Library, change_status
    from stretchkit.review.checks import reading_grade
    from stretchkit.review.workflow import MANUAL_ITEMS
    from stretchkit.store.settings import load_settings
    reading_grade("Warm up the pronouncing dictionary once, before any worker forks.")
    load_settings(sys.argv[1])  # reads only
    ticks = dict.fromkeys(MANUAL_ITEMS, True)
    print("ready", flush=True)
    for line in sys.stdin:
        if line == "reap\\n":
            _, status = os.waitpid(pid, 0)
            print("gone", os.waitstatus_to_exitcode(status), flush=True)
            continue
        pid = os.fork()
        if pid:
            continue
        try:  # the worker
            print("worker", os.getpid(), flush=True)
            library = Library(sys.argv[1])  # finishes what the last killed worker left
            n = 0
            while True:
                n += 1
                entry = library.get("wall-calf-stretch")
                if entry.status in ("published", "draft", "changes-requested"):
                    summary = f"Summary {uuid.uuid4().hex}, fit to publish."
                    library.save(entry.model_copy(update={"summary": summary}), by="Ana Author")
                    change_status(library, entry.id, "in-review", reviewer="Ana Author")
                if library.get(entry.id).status == "in-review":
                    change_status(library, entry.id, "approved", reviewer="Rui Reviewer",
                                  checklist=ticks)
                change_status(library, entry.id, "published", reviewer="Rui Reviewer")
                print(n, flush=True)
        except BaseException:
            traceback.print_exc()
            print("stopped", flush=True)
        os._exit(1)  # never back into the loop that forks
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
    workers = subprocess.Popen([sys.executable, "-c", WORKERS, str(sample_data)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)

    def tell(word: str) -> None:
        workers.stdin.write(word + "\n")
        workers.stdin.flush()

    try:
        assert workers.stdout.readline() == "ready\n"
        for _ in range(12):
            tell("fork")
            word, pid = workers.stdout.readline().split()
            assert word == "worker"
            assert workers.stdout.readline().strip() == "1"  # one full round, then kill somewhere
            time.sleep(rng.uniform(0, 0.25))
            os.kill(int(pid), signal.SIGKILL)
            tell("reap")
            gone = next(line for line in iter(workers.stdout.readline, "")
                        if line.startswith(("gone", "stopped")))
            assert gone.split() == ["gone", str(-signal.SIGKILL)], "the worker stopped by itself"
            consistent(sample_data)
            count = len(Library(sample_data).versions(LIVE))
            assert count > published_before  # history only grows
            published_before = count
    finally:
        workers.kill()
        workers.wait(30)


@settings(max_examples=examples(15), deadline=None,
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


# -- versions by name, diffs between any two, and the trash (exact results) -----------------------
def copy_of_live(library: Library, new_id: str) -> str:
    """A new draft entry with the published entry's (complete) content."""
    entry = library.get(LIVE).model_copy(update={"id": new_id, "name": "Copied Calf Stretch",
                                                 "status": "draft", "reviews": []})
    library.save(entry, new=True, by="Ana Author")
    return new_id


def test_version_refs_name_the_working_published_and_approved_versions(sample_data):
    library = Library(sample_data)
    live_version = library.version(LIVE, "published")
    assert live_version.id == library.head(LIVE) == library.version(LIVE, "working").id
    edit(library, LIVE, summary="A reviewed summary that is fit to go live today.")
    change_status(library, LIVE, "in-review", reviewer="Ana Author")
    change_status(library, LIVE, "approved", reviewer="Rui Reviewer", checklist=ALL)
    approved = library.version(LIVE, "approved")
    assert approved.id == library.get(LIVE).reviews[-1].version
    assert content_of(approved.entry) == content_of(library.get(LIVE))
    assert approved.id != live_version.id
    assert library.version(LIVE, "published").id == live_version.id  # not published yet
    # A later decision without a version (sent back) does not hide the approval before it.
    change_status(library, LIVE, "changes-requested", reviewer="Rui Reviewer",
                  comment="One more look at the tips, please.")
    assert library.version(LIVE, "approved").id == approved.id

    draft = copy_of_live(library, "copied-calf-stretch")
    with pytest.raises(NotFoundError) as never:
        library.version(draft, "published")
    assert str(never.value) == "entry 'copied-calf-stretch' has never been published"
    with pytest.raises(NotFoundError) as unapproved:
        library.version(draft, "approved")
    assert str(unapproved.value) == "entry 'copied-calf-stretch' has no approved version"


def test_a_version_is_named_by_a_unique_prefix_and_never_by_nothing(sample_data):
    library = Library(sample_data)
    edit(library, LIVE, summary="A second version, so that there are two to tell apart.")
    *_, first, second = library.versions(LIVE)  # the sample's last version, and this one
    assert library.version(LIVE, second.id[:23]).id == second.id
    with pytest.raises(NotFoundError) as empty:
        library.version(LIVE, "")
    assert str(empty.value) == (f"entry {LIVE!r}: no version '' (see `stretchkit history "
                                f"{LIVE}`)")
    common = next(first.id[:i] for i in range(len(first.id), -1, -1)
                  if second.id.startswith(first.id[:i]))
    many = sum(v.id.startswith(common) for v in library.versions(LIVE))
    with pytest.raises(Exception, match=f"version {common!r} is ambiguous: {many} versions "
                                        "start"):
        library.version(LIVE, common)


def fields(changes) -> list[str]:
    """The changed fields but `updated` (whose seconds may or may not tick between saves)."""
    return [c.field for c in changes if c.field != "updated"]


def test_a_diff_runs_between_any_two_versions_and_from_nothing_for_a_first_one(sample_data):
    library = Library(sample_data)
    draft = copy_of_live(library, "copied-calf-stretch")
    first, last, changes = library.diff(draft)
    assert first is None and last.id == library.head(draft)
    assert {c.field for c in changes} >= {"name", "summary", "instructions"}
    assert all(c.removed == () for c in changes)

    edit(library, draft, summary="A second summary for the copied entry, now edited.")
    first, last, changes = library.diff(draft)  # not live: from the version before
    assert (first.id, last.id) == (library.versions(draft)[0].id, library.head(draft))
    assert fields(changes) == ["summary"]

    oldest = library.versions(LIVE)[-1]  # the sample's last version: the published one
    edit(library, LIVE, tips=["Only this tip is left."])
    edit(library, LIVE, summary="Changed after the tips, in a version of its own.")
    middle = library.versions(LIVE)[-2]
    first, last, changes = library.diff(LIVE, start=oldest.id, end=middle.id)
    assert (first.id, last.id) == (oldest.id, middle.id)
    assert fields(changes) == ["tips", "status"]  # in the file's order
    assert fields(library.diff(LIVE, start=middle.id)[2]) == ["summary"]


def test_restoring_a_version_records_who_and_keeps_the_library_s_own_terms(sample_data):
    vocabulary = json.loads((sample_data / "vocabulary.json").read_text(encoding="utf-8")) \
        if (sample_data / "vocabulary.json").exists() else {}
    vocabulary.setdefault("goals", []).append({"id": "sprint-prep", "label": "Sprint prep"})
    (sample_data / "vocabulary.json").write_text(json.dumps(vocabulary), encoding="utf-8")
    library = Library(sample_data)
    entry = library.get(LIVE)
    edit(library, LIVE, goals=[*entry.goals, "sprint-prep"])
    edit(library, LIVE, summary="Edited once more, to restore the version before it.")
    before = library.versions(LIVE)[-2]
    restored = library.restore_version(LIVE, before.id, by="Rita Restorer")
    assert "sprint-prep" in restored.goals and restored.summary == entry.summary
    assert library.versions(LIVE)[-1].by == "Rita Restorer"
    assert library.versions(LIVE)[-1].event == "restore"


def test_a_deleted_entry_leaves_every_index_and_the_channel_at_once(sample_data):
    library = Library(sample_data)
    goal = library.get(LIVE).goals[0]
    library.delete(LIVE)
    assert LIVE not in library and not library.is_live(LIVE)
    assert LIVE not in [e.id for e in library.filter(goals=goal)]
    assert LIVE not in [e.id for e in library.published()]
    assert not (sample_data / ".journal.json").exists()
    restored = library.restore(LIVE)
    assert restored.id in library and library.is_live(LIVE)
    assert LIVE in [e.id for e in library.filter(goals=goal)]
    assert sorted(p.name for p in (sample_data / "published").glob(f"{LIVE}*")) == [
        f"{LIVE}.json"]


def test_a_deleted_file_that_no_longer_loads_is_named_when_restored(sample_data):
    library = Library(sample_data)
    library.delete(LIVE)
    trashed = sample_data / ".trash" / f"{LIVE}.json"
    trashed.write_text('{"id": "wall-calf-stretch", "name": 5}', encoding="utf-8")
    with pytest.raises(EntryError) as caught:
        library.restore(LIVE)
    assert str(trashed) in str(caught.value) and "name" in str(caught.value)
    assert LIVE not in library


def test_a_deleted_entry_with_the_library_s_own_terms_comes_back(sample_data):
    (sample_data / "vocabulary.json").write_text(json.dumps(
        {"goals": [{"id": "sprint-prep", "label": "Sprint prep"}]}), encoding="utf-8")
    library = Library(sample_data)
    edit(library, LIVE, goals=["sprint-prep"])
    library.delete(LIVE)
    assert library.restore(LIVE).goals == ["sprint-prep"]


def test_a_restored_entry_that_was_not_live_stays_out_of_the_channel(sample_data):
    library = Library(sample_data)
    draft = copy_of_live(library, "copied-calf-stretch")
    library.delete(draft)
    library.restore(draft)
    assert not library.is_live(draft)
    assert not (sample_data / "published" / f"{draft}.json").exists()


@pytest.fixture
def far_east(monkeypatch):
    """The process in UTC+14, where a local time stamp would be a day off."""
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_deleting_an_id_twice_keeps_both_deleted_files_under_a_time_stamp(sample_data,
                                                                           far_east):
    library = Library(sample_data)
    first = library.path_of(LIVE).read_bytes()
    library.delete(LIVE)
    library.save(library.get("cat-cow").model_copy(update={"id": LIVE, "name": "Another Calf",
                                                          "reviews": []}), new=True)
    library.delete(LIVE)
    [older] = (sample_data / ".trash").glob(f"{LIVE}.*.json.old")
    assert older.read_bytes() == first
    stamp = older.name.removeprefix(f"{LIVE}.").removesuffix(".json.old")
    assert len(stamp) == 21 and stamp[8] == "T" and (stamp[:8] + stamp[9:]).isdigit(), stamp
    stamped = datetime.strptime(stamp, "%Y%m%dT%H%M%S%f").replace(tzinfo=UTC)
    assert abs(datetime.now(UTC) - stamped) < timedelta(minutes=5)  # in UTC, as history is


def test_the_published_channel_skips_a_withdrawn_file_and_reports_a_broken_one(sample_data):
    library = Library(sample_data)
    live = sorted(e.id for e in library.published())
    assert len(live) >= 3
    (sample_data / "published" / f"{live[0]}.json").unlink()  # withdrawn by another process
    broken = sample_data / "published" / f"{live[1]}.json"
    broken.write_text("{not json", encoding="utf-8")
    assert [e.id for e in library.published()] == live[2:]
    [problem] = library.problems
    assert str(broken) in str(problem)


# A real process that dies (os._exit, no clean-up) at one chosen point of a publish or a
# delete; the next load must finish the work or leave the folder as it was, and say which.
DIE_AT = textwrap.dedent("""
    import os, sys
    from stretchkit import Library, change_status
    from stretchkit.store import history, library as library_module
    data, point = sys.argv[1], sys.argv[2]
    def die(*args, **kwargs):
        os._exit(9)
    if point == "version":
        history.History.write = die
    elif point == "channel":
        history.publish_file = die
    elif point == "working copy":
        library_module.write_atomically = die
    elif point == "trash":
        history.move_to_trash = die
    library = Library(data)
    if point == "trash":
        library.delete("wall-calf-stretch")
    elif point == "withdraw":  # archived: the channel file goes, then the working copy dies
        library_module.write_atomically = die
        change_status(library, "wall-calf-stretch", "archived", reviewer="Rui Reviewer")
    else:
        change_status(library, "wall-calf-stretch", "published", reviewer="Rui Reviewer")
    """)


@pytest.mark.parametrize("point", ["version", "channel", "working copy", "trash", "withdraw"])
def test_a_process_killed_at_each_step_leaves_work_the_next_load_finishes(sample_data, point):
    library = Library(sample_data)
    if point not in ("trash", "withdraw"):
        edit(library, LIVE, summary="A reviewed summary that is fit to go live today.")
        change_status(library, LIVE, "in-review", reviewer="Ana Author")
        change_status(library, LIVE, "approved", reviewer="Rui Reviewer", checklist=ALL)
    approved = library.get(LIVE)
    live_before = published_bytes(sample_data, LIVE)
    child = subprocess.run([sys.executable, "-c", DIE_AT, str(sample_data), point], timeout=60)
    assert child.returncode == 9
    assert (sample_data / ".journal.json").exists()

    after = Library(sample_data)
    journal = str(sample_data / ".journal.json")
    notes = [(n.where, n.message) for n in after.notes]
    if point == "trash":
        assert notes == [(journal, f"finished an interrupted delete of {LIVE!r}")]
        assert LIVE not in after and not after.is_live(LIVE)
        assert (sample_data / ".trash" / f"{LIVE}.json").exists()
        assert after.problems == [] and not (sample_data / "published" / f"{LIVE}.json").exists()
        return
    if point == "withdraw":  # the channel file was already gone when the load finished it
        version = after.versions(LIVE)[-1]
        assert notes == [(journal, f"finished an interrupted save of {LIVE!r} "
                                   f"(version {version.id})")]
        assert after.get(LIVE).status == "archived" and not after.is_live(LIVE)
        assert not (sample_data / "published" / f"{LIVE}.json").exists()
        return
    if point == "version":  # nothing was written yet: nothing to finish
        assert notes == []
        assert after.get(LIVE) == approved and published_bytes(sample_data, LIVE) == live_before
    else:
        version = after.versions(LIVE)[-1]
        assert notes == [(journal, f"finished an interrupted save of {LIVE!r} "
                                   f"(version {version.id})")]
        assert after.get(LIVE).status == "published"
        assert published_bytes(sample_data, LIVE) == after.path_of(LIVE).read_bytes()
    assert not (sample_data / ".journal.json").exists()
    consistent(sample_data)


def test_a_delete_stopped_after_its_journal_is_finished_by_the_next_load(sample_data,
                                                                        monkeypatch):
    # In this process, for the mutation tests (the test above stops a real one): the delete
    # stops where the entry file would go to the trash.
    from stretchkit.store import history

    library = Library(sample_data)
    before = library.path_of(LIVE).read_bytes()

    def stopped(root, entry_id):
        raise KeyboardInterrupt

    monkeypatch.setattr(history, "move_to_trash", stopped)
    with pytest.raises(KeyboardInterrupt):
        library.delete(LIVE)
    monkeypatch.undo()
    journal = sample_data / ".journal.json"
    assert json.loads(journal.read_bytes()) == {"entry_id": LIVE, "delete": True}
    after = Library(sample_data)
    assert [(n.where, n.field, n.message) for n in after.notes] == [
        (str(journal), "", f"finished an interrupted delete of {LIVE!r}")]
    assert LIVE not in after and not after.is_live(LIVE) and not journal.exists()
    assert (sample_data / ".trash" / f"{LIVE}.json").read_bytes() == before


def test_an_archiving_stopped_before_the_channel_is_finished_by_the_next_load(sample_data,
                                                                             monkeypatch):
    # In this process, as the delete above: the version and the journal are written, then
    # the archiving stops where the entry would leave the published channel.
    from stretchkit.store import history

    library = Library(sample_data)
    live_before = published_bytes(sample_data, LIVE)

    def stopped(root, entry_id):
        raise KeyboardInterrupt

    monkeypatch.setattr(history, "withdraw_file", stopped)
    with pytest.raises(KeyboardInterrupt):
        change_status(library, LIVE, "archived", reviewer="Rui Reviewer")
    monkeypatch.undo()
    journal = sample_data / ".journal.json"
    assert json.loads(journal.read_bytes())["channel"] == "withdraw"
    assert published_bytes(sample_data, LIVE) == live_before  # still live, for now
    after = Library(sample_data)
    version = after.versions(LIVE)[-1]
    assert version.status == "archived"
    assert [(n.where, n.field, n.message) for n in after.notes] == [
        (str(journal), "", f"finished an interrupted save of {LIVE!r} (version {version.id})")]
    assert after.get(LIVE).status == "archived" and not after.is_live(LIVE)
    assert not (sample_data / "published" / f"{LIVE}.json").exists() and not journal.exists()


def test_an_interrupted_save_is_not_finished_over_a_file_changed_since(sample_data):
    library = Library(sample_data)
    edit(library, LIVE, summary="The summary the interrupted save was writing.")
    version = library.versions(LIVE)[-1]
    journal = sample_data / ".journal.json"
    journal.write_text(json.dumps({"entry_id": LIVE, "version": version.id,
                                   "before": "0" * 64, "channel": "publish"}),
                       encoding="utf-8")
    by_hand = library.get(LIVE).model_copy(update={"tips": ["Typed in an editor since."]})
    library.path_of(LIVE).write_bytes(dump_entry(by_hand))
    live_before = published_bytes(sample_data, LIVE)
    after = Library(sample_data)
    assert [(n.where, n.field, n.message) for n in after.notes] == [
        (str(journal), "", f"an interrupted save of {LIVE!r} was not finished: the file "
                           "changed since")]
    assert after.get(LIVE).tips == ["Typed in an editor since."] and not journal.exists()
    assert published_bytes(sample_data, LIVE) == live_before  # not published either


def test_a_version_file_is_written_once_and_never_replaced(sample_data):
    library = Library(sample_data)
    version = library.versions(LIVE)[-1]
    path = library.history.write(version)  # the same bytes again: nothing to do
    assert path == sample_data / "history" / LIVE / f"{version.id}.json"
    other = version.model_copy(update={"by": "Someone Else"})
    with pytest.raises(StretchkitError) as caught:
        library.history.write(other)
    assert str(caught.value) == f"{path}: a different version has this name"
    assert library.history.read(LIVE, version.id) == version


@pytest.mark.parametrize("journal", [
    '{"delete": true}', '{"version": "x"}', "[1, 2]", '{"entry_id": "wall-calf', "",
    '{"entry_id": "../exercises/wall-calf-stretch", "delete": true}',  # out of the folder
    '{"entry_id": "wall-calf-stretch", "version": "../../exercises/cat-cow"}',
    '{"entry_id": ["wall-calf-stretch"], "delete": true}'])
def test_a_journal_that_names_no_entry_is_dropped_with_a_note(sample_data, journal):
    (sample_data / ".journal.json").write_text(journal, encoding="utf-8")
    library = Library(sample_data)
    assert [(n.where, n.field, n.message) for n in library.notes] == [
        (str(sample_data / ".journal.json"), "",
         "dropped a journal that names no entry (nothing to finish)")]
    assert not (sample_data / ".journal.json").exists()
    assert not (sample_data / ".trash").exists() and LIVE in library


def test_the_published_channel_reads_with_the_library_s_own_terms(sample_data):
    (sample_data / "vocabulary.json").write_text(json.dumps(
        {"goals": [{"id": "sprint-prep", "label": "Sprint prep"}]}), encoding="utf-8")
    library = Library(sample_data)
    goals = [*library.get(LIVE).goals, "sprint-prep"]
    edit(library, LIVE, goals=goals)
    publish(library, LIVE)
    assert Library(sample_data).problems == []
    [live] = [e for e in Library(sample_data).published() if e.id == LIVE]
    assert live.goals == goals


def test_asking_for_the_head_of_a_hand_edited_entry_keeps_the_edit_as_a_version(sample_data):
    library = Library(sample_data)
    before = library.head("cat-cow")
    by_hand = library.get("cat-cow").model_copy(update={"tips": ["Typed in an editor."]})
    library.path_of("cat-cow").write_bytes(dump_entry(by_hand))
    library.reload()
    head = library.head("cat-cow")
    outside = library.versions("cat-cow")[-1]
    assert head == outside.id != before
    assert outside.event == "outside" and outside.parent == before
    assert outside.entry["tips"] == ["Typed in an editor."]


def test_only_authors_after_the_last_publication_count(sample_data):
    library = Library(sample_data)
    edit(library, LIVE, by="Early Author", summary="An early summary that went live with it.")
    publish(library, LIVE)
    edit(library, LIVE, by="Ana Author", tips=["A tip added after it went live."])
    edit(library, LIVE, by="Ben Writer", tips=["A tip added after it went live, reworded."])
    edit(library, LIVE, by="Ana Author", summary="A summary changed after it went live.")
    assert authors_since_publication(library.versions(LIVE)) == ["Ana Author", "Ben Writer"]


def _version(by: str, event: str, status: str, n: int) -> Version:
    return Version(id=f"2026010{n}T000000000000Z-00000000000{n}", entry_id="x", parent=None,
                   by=by, at=datetime(2026, 1, n, tzinfo=UTC), event=event, status=status,
                   changed=("summary",), entry={"id": "x"})


def test_the_authors_counted_are_those_after_the_publication_not_the_one_before_it():
    versions = [_version("Early Author", "edit", "draft", 1),
                _version("Rui Reviewer", "decision", "published", 2),
                _version("Ana Author", "edit", "draft", 3)]
    assert authors_since_publication(versions) == ["Ana Author"]
    assert authors_since_publication(versions[:1]) == ["Early Author"]  # never published
    migrated = _version("Migration", "migrate", "published", 4)
    assert is_publication(migrated) and last_publication([*versions, migrated]) == migrated
    assert not is_publication(_version("Ana Author", "edit", "published", 5))


def test_a_new_version_is_stamped_to_the_second_and_is_a_draft_without_a_status(sample_data):
    history = Library(sample_data).history
    entry = {"id": "new-one", "name": "Étirement du mollet"}
    version = history.make(entry, json.dumps(entry).encode("utf-8"), parent=None,
                           by="Ana Author", event="edit")
    assert version.at.microsecond == 0 and version.status == "draft"
    # a version file keeps its text as written, in UTF-8 (not as \u escapes)
    assert "Étirement du mollet".encode() in history.write(version).read_bytes()


def test_a_version_file_with_conflict_markers_says_to_take_it_whole_from_git(sample_data):
    library = Library(sample_data)
    path = sample_data / "history" / LIVE / f"{library.versions(LIVE)[-1].id}.json"
    block = ["<<<<<<< ours", '  "by": "Ana Author",', "=======", '  "by": "Ben Writer",',
             ">>>>>>> theirs", "{", "}"]
    path.write_text("\n".join(block * 6), encoding="utf-8")  # markers at 1, 8, ... 36
    with pytest.raises(StretchkitError) as caught:
        Library(sample_data).versions(LIVE)
    assert str(caught.value) == (
        f"{path}: git conflict markers (<<<<<<< at line 1, 8, 15, 22, 29): a version file is "
        "written once and never merged; take it whole from git (`git checkout --theirs` or "
        "`--ours`, then `git add`)")


def test_hidden_and_other_files_in_a_history_folder_are_not_versions(sample_data):
    library = Library(sample_data)
    ids = library.history.ids(LIVE)
    folder = sample_data / "history" / LIVE
    (folder / ".an-editor-backup.json").write_text("{", encoding="utf-8")
    (folder / "notes.txt").write_text("not a version", encoding="utf-8")
    assert library.history.ids(LIVE) == ids and len(ids) > 1
    assert [v.id for v in library.versions(LIVE)] == ids


def test_the_published_channel_is_the_json_files_not_hidden_ones_or_notes(sample_data):
    live = published_ids(sample_data)
    assert LIVE in live
    folder = sample_data / "published"
    # what a copy from a Mac (AppleDouble files) or a person leaves beside the channel
    (folder / f"._{LIVE}.json").write_bytes(b"\x00\x05\x16\x07")
    (folder / "README.md").write_text("The live entries.\n", encoding="utf-8")
    assert published_ids(sample_data) == live


def test_a_version_file_with_a_wrong_list_item_names_the_item(sample_data):
    library = Library(sample_data)
    head = sorted((sample_data / "history" / LIVE).glob("*.json"))[-1]
    data = json.loads(head.read_bytes())
    data["changed"] = ["summary", 3]
    head.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(StretchkitError) as broken:
        library.history.read(LIVE, head.stem)
    assert str(broken.value).startswith(f"{head}: changed.1: Input should be a valid string")


def test_clearing_a_journal_that_is_not_there_does_nothing(tmp_path):
    clear_journal(tmp_path)  # as after a crash between the clear and the next save
    (tmp_path / ".journal.json").write_text("{}", encoding="utf-8")
    clear_journal(tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_a_missing_or_broken_version_file_is_named(sample_data):
    library = Library(sample_data)
    folder = sample_data / "history" / LIVE
    with pytest.raises(NotFoundError) as missing:
        library.history.read(LIVE, "20200101T000000000000Z-000000000000")
    assert str(missing.value) == (f"{folder / '20200101T000000000000Z-000000000000.json'}: "
                                  "no such version")
    only = sorted(folder.glob("*.json"))[-1]  # the head version
    only.write_text('{"id": 1}', encoding="utf-8")
    for read in (lambda: library.history.read(LIVE, only.stem),
                 lambda: library.history.versions(LIVE)):
        with pytest.raises(Exception) as broken:
            read()
        assert str(broken.value).startswith(f"{only}: ")
        assert str(broken.value).endswith("(a version file is written once by stretchkit; "
                                          "restore it from git)")
