"""The file-backed library, on real files: loading, saving, conflicts, trash, filters.

Two `Library` objects on one folder stand for two notebooks; a second process (a subprocess or
multiprocessing) stands for the command line running beside a notebook.
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings

from stretchkit import (
    ConflictError,
    EntryError,
    Exercise,
    Library,
    NotFoundError,
    find_data_folder,
    new_draft,
    validate_entry,
)
from stretchkit.errors import UsageError, VocabularyError
from stretchkit.fileio import write_atomically
from stretchkit.formats.entry_file import dump_entry
from tests.strategies import entry_lists, examples


def entry(entry_id: str, **fields) -> Exercise:
    return validate_entry({"id": entry_id, "name": entry_id.replace("-", " ").title(), **fields})


def library_with(root: Path, *entries: Exercise) -> Library:
    library = Library(root)
    for e in entries:
        library.create(e)
    return library


@pytest.fixture
def three(empty_data: Path) -> Path:
    """A data folder with three entries written through the library."""
    library_with(
        empty_data,
        entry("calf-stretch", goals=["pre-run", "cool-down"], targets=["calves"],
              level="beginner", status="published", instructions=["Lean into the wall."],
              faq=[{"question": "Bent knee?", "answer": "Targets the soleus."}]),
        entry("hip-opener", goals=["pre-squat", "mobility"], targets=["hips", "glutes"],
              level="intermediate", status="in-review", cues=[{"text": "Tall spine"}]),
        entry("neck-release", goals=["recovery"], targets=["neck"], level="beginner",
              status="archived", summary="Eases the neck after desk work."),
    )
    return empty_data


def run_python(code: str, *args: str, **kwargs) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args],
                          capture_output=True, text=True, timeout=60, **kwargs)


# -- loading ----------------------------------------------------------------------------------
def test_the_sample_library_loads_without_problems(sample_data):
    library = Library(sample_data)
    assert library.problems == []
    assert len(library) == len(list((sample_data / "exercises").glob("*.json"))) >= 1
    for e in library:
        assert library.path_of(e.id).is_file()


def test_a_new_folder_is_an_empty_library(tmp_path):
    library = Library(tmp_path / "nothing-here")
    assert (len(library), library.problems, library.ids()) == (0, [], [])


@settings(max_examples=examples(10), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entry_lists(max_size=5))
def test_whatever_is_saved_loads_back_the_same(tmp_path, entries):
    root = tmp_path / f"lib-{os.urandom(4).hex()}"
    written = library_with(root, *entries)
    again = Library(root)
    assert again.problems == []
    assert again.ids() == sorted(e.id for e in entries) == written.ids()
    for e in entries:
        assert again.get(e.id) == e
        assert again.path_of(e.id).read_bytes() == dump_entry(e)


def test_broken_files_are_reported_and_the_rest_still_load(three):
    folder = three / "exercises"
    (folder / "broken.json").write_text('{"id": "broken", "name": ', encoding="utf-8")
    bad = json.loads((folder / "hip-opener.json").read_text())
    bad["goals"] = ["cooldwn"]
    (folder / "hip-opener.json").write_text(json.dumps(bad))
    library = Library(three)
    assert library.ids() == ["calf-stretch", "neck-release"]
    found = [str(p) for p in library.problems]
    assert found[0].startswith(f"{folder / 'broken.json'}: not valid JSON (EOF")
    assert found[1].startswith(f"{folder / 'hip-opener.json'}: goals[0]: unknown goal "
                               "'cooldwn': did you mean 'cool-down'?")
    assert len(found) == 2


def test_a_file_with_a_key_given_twice_is_a_problem_naming_the_key(three):
    folder = three / "exercises"
    path = folder / "hip-opener.json"
    path.write_text(path.read_text(encoding="utf-8").replace(
        '"text": "Tall spine"', '"text": "Tall spine", "text": "Slouch"'), encoding="utf-8")
    library = Library(three)
    assert "hip-opener" not in library and len(library) == 2
    assert [str(p) for p in library.problems] == [
        f"{path}: cues[0].text: the key 'text' appears twice in one object (a bad hand edit "
        "or merge?); JSON readers would silently keep the last one"]


def test_a_file_whose_id_differs_from_its_name_is_a_problem(three):
    folder = three / "exercises"
    os.rename(folder / "calf-stretch.json", folder / "calf.json")
    library = Library(three)
    assert "calf-stretch" not in library and "calf" not in library
    assert [str(p) for p in library.problems] == [
        f"{folder / 'calf.json'}: id: expected 'calf' (the file name), got 'calf-stretch'"]


def test_temp_files_locks_notes_and_folders_are_ignored(three):
    folder = three / "exercises"
    (folder / ".calf-stretch.json.x1y2.tmp").write_text('{"id": "torn", "na')
    (folder / ".hidden.json").write_text("not json at all")
    (folder / "calf-stretch.json.tmp").write_text("{")
    (folder / "notes.txt").write_text("remember to add cues")
    (folder / "old.json").mkdir()
    (folder / ".lock").touch()
    library = Library(three)
    assert library.problems == []
    assert library.ids() == ["calf-stretch", "hip-opener", "neck-release"]


def test_reload_sees_what_others_wrote(three):
    library, other = Library(three), Library(three)
    other.save(other.get("calf-stretch").model_copy(update={"name": "Wall Calf Stretch"}))
    other.create(entry("cat-cow"))
    assert library.get("calf-stretch").name == "Calf Stretch" and "cat-cow" not in library
    library.reload()
    assert library.get("calf-stretch").name == "Wall Calf Stretch" and "cat-cow" in library


# -- reading ----------------------------------------------------------------------------------
def test_len_contains_iteration_and_ids(three):
    library = Library(three)
    assert len(library) == 3
    assert "hip-opener" in library and "nope" not in library
    assert [e.id for e in library] == library.ids() == ["calf-stretch", "hip-opener",
                                                         "neck-release"]


def test_get_an_unknown_id_suggests_the_closest(three):
    with pytest.raises(NotFoundError) as caught:
        Library(three).get("hip-openr")
    assert str(caught.value) == (f"no entry 'hip-openr' in {three / 'exercises'}: "
                                 "did you mean 'hip-opener'?")


@pytest.mark.parametrize("bad", ["../escape", "a/b", "a\\b", "..", "", "Calf", "con"])
def test_path_of_refuses_ids_that_could_leave_the_folder(three, bad):
    with pytest.raises(EntryError) as caught:
        Library(three).path_of(bad)
    assert str(caught.value) == f"{three / 'exercises'}: id: expected a safe slug, got {bad!r}"


def test_a_bad_id_slipped_in_by_model_copy_is_refused_on_save(three):
    library = Library(three)
    sneaky = library.get("calf-stretch").model_copy(update={"id": "../escape"})
    with pytest.raises(EntryError, match="id: expected a slug"):
        library.save(sneaky)
    with pytest.raises(EntryError, match="goals\\[0\\]: unknown goal"):
        library.save(library.get("calf-stretch").model_copy(update={"goals": ["nap"]}))
    assert not (three / "escape.json").exists()
    assert sorted(p.name for p in (three / "exercises").iterdir()) == \
        [".lock", "calf-stretch.json", "hip-opener.json", "neck-release.json"]


# -- filters ----------------------------------------------------------------------------------
def ids(entries: list[Exercise]) -> list[str]:
    return [e.id for e in entries]


def test_filter_by_goal_any_or_all(three):
    library = Library(three)
    assert ids(library.filter(goals="pre-run")) == ["calf-stretch"]
    assert ids(library.filter(goals=["pre-run", "recovery"])) == ["calf-stretch",
                                                                   "neck-release"]
    assert ids(library.filter(goals=["pre-run", "cool-down"], match="all")) == ["calf-stretch"]
    assert ids(library.filter(goals=["pre-run", "recovery"], match="all")) == []
    assert ids(library.filter(goals=["Warm Up"])) == []
    assert ids(library.filter(goals=["cooldown"])) == ["calf-stretch"]  # an alias


def test_filter_by_status_level_and_target(three):
    library = Library(three)
    assert ids(library.filter(status="archived")) == ["neck-release"]
    assert ids(library.filter(status=["published", "in-review"])) == ["calf-stretch",
                                                                       "hip-opener"]
    assert ids(library.filter(level="easy")) == ["calf-stretch", "neck-release"]
    assert ids(library.filter(target="glute")) == ["hip-opener"]
    assert ids(library.filter(level="beginner", status="published", goals="cool-down")) == \
        ["calf-stretch"]


def test_search_finds_every_word_in_any_text_ignoring_case(three):
    library = Library(three)
    assert ids(library.filter(search="WALL lean")) == ["calf-stretch"]
    assert ids(library.filter(search="soleus")) == ["calf-stretch"]  # in the faq
    assert ids(library.filter(search="tall spine")) == ["hip-opener"]  # in a cue
    assert ids(library.filter(search="desk neck")) == ["neck-release"]  # in the summary
    assert ids(library.filter(search="wall neck")) == []
    assert ids(library.filter(search="stretch", status="published")) == ["calf-stretch"]


def test_unknown_filter_values_are_errors(three):
    library = Library(three)
    with pytest.raises(VocabularyError, match="did you mean 'cool-down'"):
        library.filter(goals="cooldwn")
    with pytest.raises(VocabularyError, match="unknown status 'done'"):
        library.filter(status="done")
    with pytest.raises(ValueError, match="match: expected 'any' or 'all', got 'some'"):
        library.filter(goals="recovery", match="some")


def test_filter_errors_name_the_option_what_it_takes_and_what_came(three):
    library = Library(three)
    with pytest.raises(UsageError) as channel:
        library.filter(channel="drafts")
    assert str(channel.value) == "channel: expected one of working, published, got 'drafts'"
    with pytest.raises(UsageError) as published_status:
        library.filter(status="draft", channel="published")
    assert str(published_status.value) == (
        "status: the published channel holds published versions only; filter by status in "
        "the working channel")
    with pytest.raises(VocabularyError) as status:
        library.filter(status=["draft", "done"])
    assert str(status.value) == ("unknown status 'done' (allowed: draft, in-review, "
                                 "changes-requested, approved, published, archived)")


def test_the_published_channel_filters_the_live_versions_not_the_edits(sample_data):
    library = Library(sample_data)
    # the working copy of a live entry moves on: other goals, level and targets
    library.save(library.get("wall-calf-stretch").model_copy(update={
        "goals": ["desk-break"], "level": "intermediate", "targets": ["neck"]}))
    desk = ["doorway-chest-stretch", "figure-four-chair-stretch", "overhead-triceps-stretch",
            "seated-neck-side-stretch", "wrist-flexor-and-extensor-stretch"]
    assert ids(library.filter(goals="desk-break", channel="published")) == desk
    assert ids(library.filter(goals="desk-break")) == sorted([*desk, "wall-calf-stretch"])
    assert ids(library.filter(goals=["desk-break", "pre-lunge"], channel="published")) == [
        "doorway-chest-stretch", "figure-four-chair-stretch",
        "half-kneeling-hip-flexor-stretch", "lateral-lunge", "leg-swings",
        "overhead-triceps-stretch", "seated-neck-side-stretch", "spiderman-lunge-with-reach",
        "worlds-greatest-stretch", "wrist-flexor-and-extensor-stretch"]
    assert ids(library.filter(goals=["desk-break", "pre-run"], match="all",
                              channel="published")) == ["figure-four-chair-stretch"]
    assert ids(library.filter(goals=["desk-break", "pre-lunge"], match="all",
                              channel="published")) == []
    assert ids(library.filter(level="intermediate", target="calves", channel="published")) == [
        "deep-squat-hold"]
    assert ids(library.filter(target="ankles", goals="cool-down", channel="published")) == [
        "wall-calf-stretch"]  # as it is live
    assert ids(library.filter(target="ankles", goals="cool-down")) == []  # as edited
    everything = library.filter(channel="published")
    assert ids(everything) == ids(library.published()) and len(everything) == 23
    assert "foam-roller-thoracic-extension" not in ids(everything)  # a draft, never live


def test_live_entries_are_the_published_versions_however_the_working_copy_is(sample_data):
    library = Library(sample_data)
    live = library.get("wall-calf-stretch")
    library.save(live.model_copy(update={"summary": "An edit waiting for review, not live."}))
    # another live entry's working file breaks: its live version is still what is served
    library.path_of("cat-cow").write_text("{broken", encoding="utf-8")
    library = Library(sample_data)
    assert "cat-cow" not in library and library.is_live("cat-cow")
    entries = library.live_entries()
    assert entries == library.published() and len(entries) == 23
    served = {e.id: e for e in entries}
    assert served["wall-calf-stretch"].summary == live.summary
    assert served["wall-calf-stretch"].status == "published"
    assert served["cat-cow"].name == "Cat-Cow"
    assert served["glute-bridge"] is library.get("glute-bridge")  # published: not read again


def test_filters_follow_saves_and_deletes(three):
    library = Library(three)
    assert ids(library.filter(search="wall")) == ["calf-stretch"]
    library.save(library.get("hip-opener").model_copy(
        update={"goals": ["recovery"], "tips": ["Use a wall."]}))
    assert ids(library.filter(goals="pre-squat")) == []
    assert ids(library.filter(goals="recovery")) == ["hip-opener", "neck-release"]
    assert ids(library.filter(search="wall")) == ["calf-stretch", "hip-opener"]
    library.delete("neck-release")
    assert ids(library.filter(goals="recovery")) == ["hip-opener"]


# -- saving -----------------------------------------------------------------------------------
def test_saving_an_unchanged_entry_leaves_the_file_alone(three):
    library = Library(three)
    path = library.path_of("hip-opener")
    before, inode = path.read_bytes(), path.stat().st_ino
    assert library.save(library.get("hip-opener")) == library.get("hip-opener")
    assert path.read_bytes() == before and path.stat().st_ino == inode


def test_saving_a_change_stamps_updated_and_writes_the_entry(three):
    library = Library(three)
    old = library.get("hip-opener")
    saved = library.save(old.model_copy(update={"summary": "Opens the hips."}))
    assert saved.updated is not None and saved.updated != old.updated
    assert library.get("hip-opener") == saved
    assert Library(three).get("hip-opener") == saved
    assert library.path_of("hip-opener").read_bytes() == dump_entry(saved)


def test_a_caller_set_updated_is_kept(three):
    library = Library(three)
    stamp = validate_entry({"id": "x", "name": "X", "updated": "2030-01-01T00:00:00Z"}).updated
    saved = library.save(library.get("calf-stretch").model_copy(
        update={"summary": "New.", "updated": stamp}))
    assert saved.updated == stamp


def test_save_normalises_aliases_before_writing(three):
    library = Library(three)
    saved = library.save(library.get("calf-stretch").model_copy(update={"goals": ["warmup"]}))
    assert saved.goals == ["warm-up"]
    assert json.loads(library.path_of("calf-stretch").read_text())["goals"] == ["warm-up"]


def test_saving_a_new_id_creates_it(three):
    library = Library(three)
    library.save(entry("cat-cow"))
    assert Library(three).get("cat-cow") == entry("cat-cow")


def test_create_refuses_an_existing_id(three):
    library = Library(three)
    before = library.path_of("calf-stretch").read_bytes()
    with pytest.raises(ConflictError) as caught:
        library.create(entry("calf-stretch", summary="Another one."))
    assert str(caught.value) == (f"{library.path_of('calf-stretch')}: an entry with id "
                                 "'calf-stretch' already exists; choose another id or edit "
                                 "that entry")
    assert library.path_of("calf-stretch").read_bytes() == before


def test_creating_an_existing_id_is_a_conflict_whatever_the_new_entry_says(three):
    library = Library(three)
    with pytest.raises(ConflictError, match="an entry with id 'hip-opener' already exists"):
        library.create(entry("hip-opener", status="approved"))  # not a refused approval
    assert library.get("hip-opener").status == "in-review"


def test_names_that_differ_only_in_unicode_form_or_case_collide(empty_data):
    library = Library(empty_data)
    library.create(new_draft("Café Stretch"))
    with pytest.raises(ConflictError):
        library.create(new_draft("CAFE\u0301 STRETCH"))
    assert library.ids() == ["cafe-stretch"]


def test_create_refuses_an_id_another_library_created_meanwhile(three):
    mine, theirs = Library(three), Library(three)
    theirs.create(entry("cat-cow", summary="Theirs."))
    with pytest.raises(ConflictError, match="already exists"):
        mine.save(entry("cat-cow", summary="Mine."))
    assert Library(three).get("cat-cow").summary == "Theirs."


def test_an_id_created_outside_the_lock_meanwhile_is_never_overwritten(three, monkeypatch):
    # A tool that takes no lock (a git checkout, an editor) writes the file while a create
    # is under way, after its check and before its write: in this process, for the mutation
    # tests (two real processes race in test_two_processes_creating_one_id_at_once_one_wins).
    from stretchkit.store import history

    library = Library(three)
    theirs = dump_entry(entry("cat-cow", summary="Theirs, from a tool that takes no lock."))
    real_write = history.History.write

    def write_then_theirs_appears(self, version):
        written = real_write(self, version)
        library.path_of("cat-cow").write_bytes(theirs)
        return written

    monkeypatch.setattr(history.History, "write", write_then_theirs_appears)
    with pytest.raises(ConflictError) as caught:
        library.create(entry("cat-cow", summary="Mine."))
    assert str(caught.value) == (f"{library.path_of('cat-cow')}: an entry with id 'cat-cow' "
                                 "was just created by someone else")
    assert library.path_of("cat-cow").read_bytes() == theirs


# -- two editors --------------------------------------------------------------------------------
def test_a_stale_save_is_refused_and_the_other_editors_change_survives(three):
    first, second = Library(three), Library(three)
    stale = second.get("hip-opener")
    first.save(first.get("hip-opener").model_copy(update={"name": "Hip Opener A"}))
    assert second.changed_on_disk("hip-opener") and not first.changed_on_disk("hip-opener")
    with pytest.raises(ConflictError) as caught:
        second.save(stale.model_copy(update={"name": "Hip Opener B"}))
    assert str(caught.value) == (f"{three / 'exercises' / 'hip-opener.json'} was changed by "
                                 "someone else since it was loaded; reload to see their "
                                 "version, or save yours under a new id")
    assert Library(three).get("hip-opener").name == "Hip Opener A"
    second.reload()
    second.save(second.get("hip-opener").model_copy(update={"name": "Hip Opener B"}))
    assert Library(three).get("hip-opener").name == "Hip Opener B"


def test_saving_over_a_file_someone_deleted_is_refused(three):
    first, second = Library(three), Library(three)
    first.delete("calf-stretch")
    with pytest.raises(ConflictError) as caught:
        second.save(second.get("calf-stretch").model_copy(update={"summary": "x"}))
    assert str(caught.value) == (f"{second.path_of('calf-stretch')} was deleted since it was "
                                 "loaded; reload to see their version, or save yours under a "
                                 "new id")
    assert not second.path_of("calf-stretch").exists()


def test_a_stale_save_is_refused_when_another_process_saved(three):
    library = Library(three)
    stale = library.get("calf-stretch")
    done = run_python("""
        import sys
        from stretchkit import Library
        library = Library(sys.argv[1])
        library.save(library.get("calf-stretch").model_copy(update={"name": "From The CLI"}))
        """, str(three))
    assert done.returncode == 0, done.stderr
    with pytest.raises(ConflictError):
        library.save(stale.model_copy(update={"name": "From The Notebook"}))
    assert Library(three).get("calf-stretch").name == "From The CLI"


def test_another_process_with_a_stale_copy_is_refused_too(three):
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import sys
            from stretchkit import ConflictError, Library
            library = Library(sys.argv[1])
            print("loaded", flush=True)
            sys.stdin.readline()  # wait until the parent has saved
            try:
                library.save(library.get("calf-stretch").model_copy(update={"name": "Late"}))
            except ConflictError as exc:
                print("refused:", exc)
            """), str(three)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    assert child.stdout.readline() == "loaded\n"
    library = Library(three)
    library.save(library.get("calf-stretch").model_copy(update={"name": "First"}))
    out, _ = child.communicate("go\n", timeout=60)
    assert out.startswith("refused: ") and "changed by someone else" in out
    assert Library(three).get("calf-stretch").name == "First"


def _create_at_once(root: str, name: str, barrier, results) -> None:
    library = Library(root)
    barrier.wait()
    try:
        library.create(validate_entry({"id": "same-id", "name": name}))
        results.put(("created", name))
    except ConflictError:
        results.put(("refused", name))


def test_two_processes_creating_one_id_at_once_one_wins(empty_data):
    context = multiprocessing.get_context("fork")
    for round_number in range(3):
        root = empty_data / f"round-{round_number}"
        barrier, results = context.Barrier(2), context.Queue()
        workers = [context.Process(target=_create_at_once, args=(str(root), name, barrier,
                                                                  results))
                   for name in ("Process A", "Process B")]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(60)
        outcomes = sorted(results.get(timeout=5) for _ in workers)
        assert [o[0] for o in outcomes] == ["created", "refused"]
        winner = next(name for what, name in outcomes if what == "created")
        assert Library(root).get("same-id").name == winner


# -- atomic writes ------------------------------------------------------------------------------
def test_a_save_killed_before_the_rename_leaves_the_old_file_whole(three):
    path = three / "exercises" / "hip-opener.json"
    before = path.read_bytes()
    child = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent("""
            import os, sys, time
            from stretchkit import Library
            replace = os.replace
            def stall(source, target):  # a machine that stops before renaming the entry
                if not str(target).endswith("hip-opener.json"):
                    return replace(source, target)
                print("temp file written", flush=True)
                time.sleep(60)
            os.replace = stall
            library = Library(sys.argv[1])
            entry = library.get("hip-opener")
            library.save(entry.model_copy(update={"overview": ["A long paragraph."] * 2000}))
            """), str(three)], stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout.readline() == "temp file written\n"
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(30)
    leftovers = [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".hip-opener.json.")
    assert leftovers[0].stat().st_size > len(before)  # the new version was really written
    assert path.read_bytes() == before
    # The version was written before the entry file: the next load finishes the save.
    library = Library(three)
    assert library.problems == [] and len(library) == 3
    assert [n.message for n in library.notes] == [
        f"finished an interrupted save of 'hip-opener' (version {library.head('hip-opener')})"]
    assert library.get("hip-opener").overview == ["A long paragraph."] * 2000
    assert not (three / ".journal.json").exists()
    library.save(library.get("hip-opener").model_copy(update={"summary": "After the crash."}))
    assert Library(three).get("hip-opener").summary == "After the crash."


def test_a_failed_write_removes_its_temp_file_and_keeps_the_old_file(tmp_path):
    path = tmp_path / "entry.json"
    path.write_bytes(b"old")
    with pytest.raises(TypeError):
        write_atomically(path, "text, not bytes")  # fails halfway, after the temp file opened
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["entry.json"]
    with pytest.raises(FileExistsError):
        write_atomically(path, b"new", exclusive=True)
    assert path.read_bytes() == b"old" and os.listdir(tmp_path) == ["entry.json"]
    write_atomically(path, b"new")
    assert path.read_bytes() == b"new" and os.listdir(tmp_path) == ["entry.json"]


# -- trash --------------------------------------------------------------------------------------
def test_delete_moves_to_the_trash_and_restore_brings_it_back(three):
    library = Library(three)
    path = library.path_of("hip-opener")
    before = path.read_bytes()
    trashed = library.delete("hip-opener")
    assert trashed == three / ".trash" / "hip-opener.json" and trashed.read_bytes() == before
    assert not path.exists() and "hip-opener" not in library
    assert library.trashed() == ["hip-opener"] and "hip-opener" not in Library(three)
    restored = library.restore("hip-opener")
    assert path.read_bytes() == before and library.get("hip-opener") == restored
    assert library.trashed() == []


def test_deleting_again_keeps_every_deleted_version(three):
    library = Library(three)
    library.delete("calf-stretch")
    library.create(entry("calf-stretch", summary="Second version."))
    library.delete("calf-stretch")
    [older] = [p.name for p in (three / ".trash").iterdir()
               if p.is_file() and p.name != "calf-stretch.json"]
    assert older.startswith("calf-stretch.") and older.endswith(".json.old")
    assert library.trashed() == ["calf-stretch"]
    assert library.restore("calf-stretch").summary == "Second version."
    old = next((three / ".trash").glob("*.json.old"))
    assert json.loads(old.read_text())["summary"] == ""  # the first version is kept too


def test_restore_refuses_an_id_taken_since(three):
    library = Library(three)
    library.delete("neck-release")
    library.create(entry("neck-release", summary="A new one."))
    with pytest.raises(ConflictError):
        library.restore("neck-release")
    assert (three / ".trash" / "neck-release.json").exists()
    assert library.get("neck-release").summary == "A new one."


def test_restore_and_delete_of_unknown_ids(three):
    library = Library(three)
    with pytest.raises(NotFoundError, match="no deleted entry 'calf-stretch'"):
        library.restore("calf-stretch")
    with pytest.raises(NotFoundError):
        library.delete("nothing")


def test_delete_is_refused_when_the_file_changed_meanwhile(three):
    first, second = Library(three), Library(three)
    first.save(first.get("calf-stretch").model_copy(update={"summary": "Changed."}))
    with pytest.raises(ConflictError) as caught:
        second.delete("calf-stretch")
    assert str(caught.value) == (f"{second.path_of('calf-stretch')} changed on disk since it "
                                 "was loaded; reload before deleting it")
    assert second.path_of("calf-stretch").exists()


# -- vocabulary and data folder -----------------------------------------------------------------
def test_a_data_folder_vocabulary_extends_the_default(three):
    (three / "vocabulary.json").write_text(json.dumps(
        {"goals": [{"id": "sprint-prep", "label": "Sprint prep", "aliases": ["sprints"]}]}))
    library = Library(three)
    saved = library.save(library.get("calf-stretch").model_copy(update={"goals": ["sprints"]}))
    assert saved.goals == ["sprint-prep"]
    assert ids(library.filter(goals="sprint-prep")) == ["calf-stretch"]
    other = library_with(three.parent / "other", entry("calf-stretch"))
    with pytest.raises(EntryError, match="unknown goal 'sprints'"):
        other.save(other.get("calf-stretch").model_copy(update={"goals": ["sprints"]}))


def test_a_broken_vocabulary_file_is_named(three):
    (three / "vocabulary.json").write_text("{oops")
    with pytest.raises(VocabularyError, match=r"vocabulary\.json: cannot read the vocabulary"):
        Library(three)


def test_a_vocabulary_file_that_reads_but_is_wrong_is_named_with_the_section(three):
    (three / "vocabulary.json").write_text(json.dumps({"goal": []}), encoding="utf-8")
    with pytest.raises(VocabularyError) as caught:
        Library(three)
    assert str(caught.value).startswith(f"{three / 'vocabulary.json'}: unknown section 'goal'")


def test_a_vocabulary_file_is_read_as_utf8_whatever_the_locale(three):
    (three / "vocabulary.json").write_bytes(json.dumps(
        {"goals": [{"id": "etirement", "label": "Étirement doux"}]},
        ensure_ascii=False).encode("utf-8"))
    assert Library(three).vocabulary.label("goals", "etirement") == "Étirement doux"


def test_the_default_data_folder_is_data_in_the_working_folder(three, monkeypatch):
    monkeypatch.chdir(three.parent)
    three.rename(three.parent / "data")
    library = Library()
    assert library.root == Path("data") and library.ids() == ["calf-stretch", "hip-opener",
                                                              "neck-release"]


def test_a_file_that_cannot_be_read_is_named_and_the_rest_load(three):
    # /proc/self/mem is a regular file every process may open that no read at its start
    # returns (EIO), even for root: an unreadable entry file without permissions.
    (three / "exercises" / "aaa-unreadable.json").symlink_to("/proc/self/mem")
    (three / "exercises" / "aab-misnamed.json").write_bytes(
        dump_entry(entry("not-its-name")))
    library = Library(three)
    assert [(p.where, p.field, p.message) for p in library.problems] == [
        (str(three / "exercises" / "aaa-unreadable.json"), "", "cannot read: Input/output error"),
        (str(three / "exercises" / "aab-misnamed.json"), "id",
         "expected 'aab-misnamed' (the file name), got 'not-its-name'")]
    assert library.ids() == ["calf-stretch", "hip-opener", "neck-release"]


def test_an_entry_made_invalid_by_model_copy_is_refused_naming_it(three):
    library = Library(three)
    with pytest.raises(EntryError) as caught:
        library.save(library.get("calf-stretch").model_copy(update={"goals": ["nonsense"]}))
    assert str(caught.value).startswith("entry 'calf-stretch': goals")


def test_publishing_and_a_failed_publish_keep_the_live_set_of_the_same_library(three,
                                                                              monkeypatch):
    from stretchkit.store import history as channel
    from stretchkit.store import library as library_module

    library = Library(three)
    hip = library.get("hip-opener")
    assert not library.is_live("hip-opener")
    library.decide(hip.model_copy(update={"status": "published"}), by="Rui Reviewer")
    assert library.is_live("hip-opener")  # this library, not only the next load
    real = channel.publish_file

    def disk_full(*args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(channel, "publish_file", disk_full)
    neck = library.get("neck-release")
    with pytest.raises(OSError, match="No space left"):
        library.decide(neck.model_copy(update={"status": "published"}), by="Rui Reviewer")
    monkeypatch.setattr(channel, "publish_file", real)
    assert library.is_live("hip-opener") and not library.is_live("neck-release")
    assert library_module.Library(three).is_live("hip-opener")


def test_find_data_folder(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "data" / "exercises").mkdir(parents=True)
    (project / "notebooks").mkdir()
    monkeypatch.delenv("STRETCHKIT_DATA", raising=False)
    assert find_data_folder(project / "notebooks") == project / "data"
    assert find_data_folder(project) == project / "data"
    assert find_data_folder(tmp_path) == Path("data")
    monkeypatch.setenv("STRETCHKIT_DATA", str(tmp_path / "elsewhere"))
    assert find_data_folder(project / "notebooks") == tmp_path / "elsewhere"


def test_find_data_folder_takes_a_given_folder_first_and_may_not_search(tmp_path, monkeypatch):
    project = tmp_path / "project"
    (project / "data" / "exercises").mkdir(parents=True)
    (project / "notebooks").mkdir()
    monkeypatch.chdir(project / "notebooks")
    monkeypatch.delenv("STRETCHKIT_DATA", raising=False)
    assert find_data_folder() == project / "data"
    assert find_data_folder(search=False) == Path("data")  # the command line's rule
    assert find_data_folder(given="mine", search=False) == Path("mine")
    monkeypatch.setenv("STRETCHKIT_DATA", str(tmp_path / "elsewhere"))
    assert find_data_folder(search=False) == tmp_path / "elsewhere"
    assert find_data_folder(given=tmp_path / "mine") == tmp_path / "mine"
    assert find_data_folder(given="") == tmp_path / "elsewhere"  # an empty --data is none


def test_filters_follow_files_appearing_and_the_folder_vanishing(three):
    library = Library(three)
    assert ids(library.filter(goals="recovery")) == ["neck-release"]
    Library(three).create(entry("child-pose", goals=["recovery"]))
    library.reload()
    assert ids(library.filter(goals="recovery")) == ["child-pose", "neck-release"]
    for path in (three / "exercises").iterdir():
        path.unlink()
    (three / "exercises").rmdir()
    library.reload()
    assert library.filter(goals="recovery") == [] and library.filter() == []


def test_a_save_validates_the_entry_once(three, count_validations):
    """One Save, one validation: the library checks the entry it writes, nothing else does."""
    library = Library(three)
    changed = library.get("calf-stretch").model_copy(update={"summary": "A calf stretch."})
    new = entry("cat-cow")
    calls = count_validations()
    library.save(changed)
    assert len(calls) == 1
    library.save(new, new=True)
    assert len(calls) == 2
