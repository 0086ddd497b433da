"""An import is all or nothing even when its process is killed: real processes killed at a
chosen write and at random moments, a live import left alone by another process's load, and
journals a person or a crash could leave behind."""

from __future__ import annotations

import errno
import json
import os
import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from stretchkit import Library, StretchkitError
from stretchkit.errors import Problem
from stretchkit.fileio import write_atomically
from stretchkit.formats.entry_file import dump_entry
from stretchkit.model.version import content_of
from stretchkit.store import batch as batch_files
from stretchkit.store.batch import BATCH_FOLDER, JOURNAL_FILE, batch, undo_interrupted
from stretchkit.transfer.importing import apply_import, plan_import
from tests.forked import in_a_fork

NEW_IDS = ["batch-new-one", "batch-new-two", "batch-new-three"]

# The import of `incoming.json` (every sample entry with a new summary, then three new
# entries) in a real process. It prints each entry as it starts writing it, and with a
# number N it dies (no clean-up: os._exit) as its Nth entry starts; "wait" makes it stop
# after its second entry until told to go on.
IMPORT = textwrap.dedent("""
    import json, os, sys
    from stretchkit import Library
    from stretchkit.formats.entry_file import load_entry
    from stretchkit.store import library as library_module
    from stretchkit.transfer.importing import apply_import, plan_import
    data, incoming, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    library = Library(data)
    entries = [load_entry(json.dumps(e)) for e in json.load(open(incoming))]
    plan = plan_import(library, [(f"entry {n}", e) for n, e in enumerate(entries, 1)],
                       "update")
    assert plan.ok, plan.problems
    def progress(arriving):
        for n, entry in enumerate(arriving, 1):
            if mode.isdigit() and n == int(mode):
                os._exit(9)
            if mode == "mid-save" and n == 2:  # after its version, before its working copy
                library_module.write_atomically = lambda *args, **kwargs: os._exit(9)
            if mode == "wait" and n == 3:
                print("waiting", flush=True)
                sys.stdin.readline()
            print(n, entry.id, flush=True)
            yield entry
    apply_import(library, plan, progress=progress)
    print("done", flush=True)
    """)


def working_copies(data: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((data / "exercises").glob("*.json"))}


@pytest.fixture
def incoming(sample_data: Path, tmp_path: Path) -> Path:
    library = Library(sample_data)
    entries = [e.model_copy(update={"summary": f"Imported summary for {e.name}, made longer."})
               for e in library]
    entries += [e.model_copy(update={"id": new_id, "name": f"{e.name} {n}"})
                for n, (new_id, e) in enumerate(zip(NEW_IDS, entries, strict=False), 1)]
    path = tmp_path / "incoming.json"
    path.write_text(json.dumps([json.loads(dump_entry(e)) for e in entries]), encoding="utf-8")
    return path


def run_import(data: Path, incoming: Path, mode: str, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", IMPORT, str(data), str(incoming), mode],
                            stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, **kwargs)


def assert_consistent(data: Path) -> Library:
    """No batch left, nothing broken, every working copy held by a version."""
    library = Library(data)
    assert library.problems == [], library.problems
    assert not (data / BATCH_FOLDER).exists() and not (data / ".journal.json").exists()
    for entry in library:
        versions = library.versions(entry.id)
        assert versions and content_of(versions[-1].entry) == content_of(entry)
    return library


@pytest.mark.parametrize("die_at", [1, 2, 7, "last"])
def test_an_import_killed_at_an_entry_is_undone_by_the_next_load(sample_data, incoming,
                                                                   die_at):
    before = working_copies(sample_data)
    count = len(json.loads(incoming.read_text(encoding="utf-8")))
    die_at = count if die_at == "last" else die_at
    child = run_import(sample_data, incoming, str(die_at))
    written = child.communicate(timeout=120)[0].splitlines()
    assert [line.split()[0] for line in written] == [str(n) for n in range(1, die_at)]
    assert child.returncode == 9
    assert (sample_data / BATCH_FOLDER / JOURNAL_FILE).exists()

    after = assert_consistent(sample_data)
    journal = str(sample_data / BATCH_FOLDER / JOURNAL_FILE)
    assert [(n.where, n.message) for n in after.notes] == [(journal, (
        f"undid an interrupted import of {count} entries: {die_at - 1} of its {count} files "
        "put back as they were"))]
    assert working_copies(sample_data) == before
    assert Library(sample_data).notes == []  # undone once


def test_an_import_killed_inside_a_save_has_the_save_finished_then_the_import_undone(
        sample_data, incoming):
    before = working_copies(sample_data)
    child = run_import(sample_data, incoming, "mid-save")
    out, _ = child.communicate(timeout=120)
    assert child.returncode == 9 and (sample_data / ".journal.json").exists()
    [first, second] = [line.split()[1] for line in out.splitlines()]
    after = assert_consistent(sample_data)
    count = len(json.loads(incoming.read_text(encoding="utf-8")))
    journal = after.notes[0].message
    assert journal.startswith(f"finished an interrupted save of {second!r} (version ")
    assert [n.message for n in after.notes[1:]] == [
        f"undid an interrupted import of {count} entries: 2 of its {count} files put back as "
        "they were"]
    assert working_copies(sample_data) == before
    assert first not in after and second not in after


@pytest.mark.parametrize("new_ids", [[], ["batch-new-one"]])
def test_an_import_names_its_files_in_a_journal_before_the_first_write(sample_data, new_ids):
    library = Library(sample_data)
    arriving = [library.get("cat-cow").model_copy(update={"summary": "Changed by the import."})]
    arriving += [library.get("cat-cow").model_copy(update={"id": i, "name": "New One"})
                 for i in new_ids]
    plan = plan_import(library, [(f"entry {n}", e) for n, e in enumerate(arriving, 1)],
                       "update")
    seen = []

    def progress(entries):
        for entry in entries:
            seen.append(json.loads((sample_data / BATCH_FOLDER / JOURNAL_FILE).read_bytes()))
            yield entry

    apply_import(library, plan, progress=progress)
    what = "import of 1 entry" if not new_ids else "import of 2 entries"
    # new entries first (the import creates before it updates); the kept copy is numbered
    # by the file's place in the list
    files = [[f"exercises/{i}.json", None] for i in new_ids]
    files += [["exercises/cat-cow.json", f"{BATCH_FOLDER}/{len(new_ids)}.json"]]
    assert seen == [{"what": what, "files": files}] * len(arriving)
    assert not (sample_data / BATCH_FOLDER).exists()


def test_the_undo_keeps_an_entry_someone_else_saved_meanwhile(sample_data):
    library = Library(sample_data)
    first, second = library.ids()[:2]
    plan = plan_import(library, [(f"entry {n}", library.get(i).model_copy(
        update={"summary": f"Imported summary {n}, long enough to read."}))
        for n, i in enumerate([first, second], 1)], "update")

    def progress(entries):
        for n, entry in enumerate(entries, 1):
            if n == 2:  # the first is written; another coach saves it, then the disk fills
                other = Library(sample_data)
                other.save(other.get(first).model_copy(update={"summary": "Theirs, kept."}))
                raise OSError(28, "No space left on device")
            yield entry

    with pytest.raises(OSError, match="No space left"):
        apply_import(library, plan, progress=progress)
    assert Library(sample_data).get(first).summary == "Theirs, kept."


def test_the_undo_puts_back_entries_of_the_folders_own_vocabulary_and_unreadable_files(
        sample_data):
    (sample_data / "vocabulary.json").write_text(json.dumps(
        {"goals": [{"id": "sprint-prep", "label": "Sprint prep"}]}), encoding="utf-8")
    library = Library(sample_data)
    sprint = library.save(library.get("cat-cow").model_copy(update={"goals": ["sprint-prep"]}))
    broken = sample_data / "exercises" / "broken.json"
    broken.write_bytes(b'{"id": "broken", "name": ')  # a hand edit cut short
    library.reload()
    kept = working_copies(sample_data)
    (sample_data / BATCH_FOLDER).mkdir()  # an import that wrote both, then was killed
    writes = batch_files.Batch(sample_data, "import of 2 entries")
    writes.plan(writes.stage([library.path_of("cat-cow"), broken]))
    library.save(sprint.model_copy(update={"summary": "Imported over the sprint entry."}))
    write_atomically(broken, dump_entry(sprint.model_copy(update={"id": "broken"})))

    after = Library(sample_data)
    assert [n.message for n in after.notes] == [
        "undid an interrupted import of 2 entries: 2 of its 2 files put back as they were"]
    assert working_copies(sample_data) == kept
    assert after.versions("cat-cow")[-1].event == "restore"  # read in the folder's vocabulary


def test_an_import_killed_at_random_moments_is_all_or_nothing(sample_data, incoming):
    rng = random.Random(11)
    before = working_copies(sample_data)
    count = len(json.loads(incoming.read_text(encoding="utf-8")))
    for _ in range(4):
        child = run_import(sample_data, incoming, "all")
        for _ in range(rng.randint(1, count)):  # somewhere inside the import
            child.stdout.readline()
        child.send_signal(signal.SIGKILL)
        child.communicate(timeout=60)
        assert child.returncode == -signal.SIGKILL
        library = assert_consistent(sample_data)
        assert working_copies(sample_data) == before, library.notes
    child = run_import(sample_data, incoming, "all")  # and undisturbed, it all lands
    assert child.communicate(timeout=120)[0].splitlines()[-1] == "done"
    library = assert_consistent(sample_data)
    assert all(e.summary.startswith("Imported summary") for e in library)
    assert set(NEW_IDS) <= {e.id for e in library}


def test_a_load_leaves_a_running_import_alone_and_a_second_import_waits(sample_data, incoming):
    first = run_import(sample_data, incoming, "wait", stderr=subprocess.PIPE)
    second = None
    try:
        lines = [first.stdout.readline() for _ in range(3)]
        assert [line.split()[0] for line in lines] == ["1", "2", "waiting"]
        # Another process loads the library while the import is under way: it reads what
        # is there and undoes nothing.
        assert (sample_data / BATCH_FOLDER / JOURNAL_FILE).exists()
        assert Library(sample_data).notes == []
        assert (sample_data / BATCH_FOLDER / JOURNAL_FILE).exists()
        second = run_import(sample_data, incoming, "all", stderr=subprocess.PIPE)
        first.stdin.write("go on\n")
        first.stdin.flush()
        assert first.communicate(timeout=120)[0].splitlines()[-1] == "done"
        imported = working_copies(sample_data)
        # The second waited for the first to finish, then found the entries it had read
        # changed since: refused, and undone without touching the first's writes.
        _, errors = second.communicate(timeout=120)
        assert second.returncode == 1 and "WorkflowError" in errors
    finally:
        for child in (first, second):
            if child is not None:
                child.kill()
    library = assert_consistent(sample_data)
    assert working_copies(sample_data) == imported
    assert library.notes == [] and set(NEW_IDS) <= {e.id for e in library}


def test_an_exception_puts_every_planned_file_back_and_leaves_no_journal(tmp_path):
    kept, gone = tmp_path / "kept.txt", tmp_path / "new.txt"
    kept.write_bytes(b"before")
    with pytest.raises(RuntimeError, match="disk full"), batch(tmp_path, "test") as writes:
        writes.plan(writes.stage([kept, gone]))
        write_atomically(kept, b"after")  # the kit replaces files, never writes into them
        write_atomically(gone, b"made by the batch")
        raise RuntimeError("disk full")
    assert kept.read_bytes() == b"before" and not gone.exists()
    assert not (tmp_path / BATCH_FOLDER).exists()


def test_a_committed_batch_keeps_its_writes_and_removes_its_folder(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"before")
    with batch(tmp_path, "test") as writes:
        writes.plan(writes.stage([target]))
        write_atomically(target, b"after")
    assert target.read_bytes() == b"after" and not (tmp_path / BATCH_FOLDER).exists()
    assert undo_interrupted(tmp_path) == []


def test_a_folder_without_a_journal_is_removed_quietly(tmp_path):
    # killed while keeping copies (before its journal), or after its commit
    (tmp_path / BATCH_FOLDER).mkdir()
    (tmp_path / BATCH_FOLDER / "0.json").write_bytes(b"{}")
    assert undo_interrupted(tmp_path) == []
    assert not (tmp_path / BATCH_FOLDER).exists()


NOT_A_JOURNAL = ("cannot undo an interrupted batch: expected a journal of {'what': text, "
                 "'files': [[path, kept path or null], ...]} inside the data folder; it is "
                 "left for a person to look at")


@pytest.mark.parametrize(("journal", "why"), [
    (b'{"what": "import", "files": [["../outside.txt", null]]}', NOT_A_JOURNAL),
    (b'{"what": "import", "files": [["/etc/hostname", null]]}', NOT_A_JOURNAL),
    (b'{"what": "import", "files": [["a.txt", "../b.txt"]]}', NOT_A_JOURNAL),
    # inside by its name, outside through a link a person made
    (b'{"what": "import", "files": [["linked/outside.txt", null]]}', NOT_A_JOURNAL),
    (b'{"what": "import", "files": [["a.txt"]]}', NOT_A_JOURNAL),
    (b'{"what": "import", "files": "a.txt"}', NOT_A_JOURNAL),
    (b'{"what": "import"}', NOT_A_JOURNAL),
    (b'[["a.txt", null]]', NOT_A_JOURNAL),
    (b'<<<<<<< ours\n{"files": []}\n=======\n{}\n>>>>>>> theirs\n',
     "cannot undo an interrupted batch: the journal does not read (Expecting value: line 1 "
     "column 1 (char 0)); it is left for a person to look at"),
])
def test_a_journal_a_batch_did_not_write_is_left_for_a_person(tmp_path, journal, why):
    data = tmp_path / "data"
    (data / BATCH_FOLDER).mkdir(parents=True)
    (data / BATCH_FOLDER / JOURNAL_FILE).write_bytes(journal)
    outside = tmp_path / "outside.txt"
    outside.write_bytes(b"not the kit's")
    (data / "linked").symlink_to(tmp_path)
    (data / "a.txt").write_bytes(b"data")
    [problem] = undo_interrupted(data)
    assert problem == Problem(str(data / BATCH_FOLDER / JOURNAL_FILE), "", why)
    assert outside.read_bytes() == b"not the kit's" and (data / "a.txt").read_bytes() == b"data"
    assert (data / BATCH_FOLDER / JOURNAL_FILE).read_bytes() == journal
    # and a new batch will not start over it, saying why
    with pytest.raises(StretchkitError) as caught, batch(data, "import"):
        pass
    assert str(caught.value).startswith(f"cannot start the import: {problem}")


def test_a_file_whose_copy_was_never_kept_was_never_replaced(tmp_path):
    # A translation import keeps each old file as a version just before replacing it: a
    # version that is not there means the kill came before that file.
    first, second = tmp_path / "first.json", tmp_path / "second.json"
    first.write_bytes(b"first before")
    second.write_bytes(b"second as it is")
    kept_first, kept_second = tmp_path / "v" / "first.json", tmp_path / "v" / "second.json"
    kept_first.parent.mkdir()
    os.link(first, kept_first)
    (tmp_path / BATCH_FOLDER).mkdir()
    current = batch_files.Batch(tmp_path, "translation import of 2 files")
    current.plan([(first, kept_first), (second, kept_second)])
    write_atomically(first, b"first after")
    [note] = undo_interrupted(tmp_path)
    assert note.message == ("undid an interrupted translation import of 2 files: 1 of its 2 "
                            "files put back as they were")
    assert first.read_bytes() == b"first before" and second.read_bytes() == b"second as it is"


def test_a_journal_without_its_what_is_undone_as_a_batch(tmp_path):
    made = tmp_path / "made.txt"
    made.write_bytes(b"made by the batch")
    (tmp_path / BATCH_FOLDER).mkdir()
    (tmp_path / BATCH_FOLDER / JOURNAL_FILE).write_bytes(b'{"files": [["made.txt", null]]}')
    assert undo_interrupted(tmp_path) == [Problem(
        str(tmp_path / BATCH_FOLDER / JOURNAL_FILE), "",
        "undid an interrupted batch: 1 of its 1 files put back as they were")]
    assert not made.exists() and not (tmp_path / BATCH_FOLDER).exists()


def test_putting_back_a_new_file_already_gone_is_quiet(tmp_path):
    gone, kept = tmp_path / "gone.txt", tmp_path / "kept.txt"
    batch_files.restore_file(gone, None)
    kept.write_bytes(b"after")
    batch_files.restore_file(kept, b"before")
    assert not gone.exists() and kept.read_bytes() == b"before"


def test_a_batch_rolls_back_once(tmp_path):
    target = tmp_path / "a.txt"
    target.write_bytes(b"before")
    with pytest.raises(RuntimeError), batch(tmp_path, "test") as writes:
        writes.plan(writes.stage([target]))
        write_atomically(target, b"by the batch")
        assert writes.roll_back() == 1 and target.read_bytes() == b"before"
        write_atomically(target, b"saved since by someone else")
        assert writes.roll_back() == 0
        raise RuntimeError("the caller's own refusal")  # and the batch's undo does nothing
    assert target.read_bytes() == b"saved since by someone else"
    assert not (tmp_path / BATCH_FOLDER).exists()


def test_a_batch_that_planned_nothing_commits_quietly(tmp_path):
    with batch(tmp_path, "import of 0 entries"):
        pass
    assert sorted(p.name for p in tmp_path.iterdir()) == [batch_files.LOCK_FILE]


def _refuse_removals_in_batch_folders(event: str, args: tuple) -> None:
    """An audit hook: no folder can be removed, nor a file rmtree removes in one (it names
    them relative to the folder), as under a mount or permissions a person set. Files the kit
    unlinks by their whole path still go."""
    if event == "os.rmdir" or (event == "os.remove" and not os.path.isabs(args[0])):
        raise PermissionError(13, "Permission denied (refused by the test)", args[0])


def _commit_and_undo(root: Path, hook: bool) -> dict[str, object]:
    """In two data folders of `root`, a committed batch and one killed then undone by a load,
    under the hook or not: what stood, and what the next load and batch did."""
    if hook:
        sys.addaudithook(_refuse_removals_in_batch_folders)
    first, second = root / "committed", root / "undone"
    first.mkdir()
    second.mkdir()
    committed, undone = first / "a.txt", second / "a.txt"
    committed.write_bytes(b"before")
    with batch(first, "commit") as writes:
        writes.plan(writes.stage([committed]))
        write_atomically(committed, b"after")
    seen: dict[str, object] = {"committed": committed.read_text(),
                               "load after the commit": [str(p) for p in undo_interrupted(first)]}
    undone.write_bytes(b"before")
    killed = batch_files.Batch(second, "import")
    killed.folder.mkdir()
    killed.plan(killed.stage([undone]))
    write_atomically(undone, b"after")  # and the process dies here
    seen["first load"] = [p.message for p in undo_interrupted(second)]
    seen["undone"] = undone.read_text()
    write_atomically(undone, b"saved since")
    seen["second load"] = [p.message for p in undo_interrupted(second)]
    seen["saved since"] = undone.read_text()
    for folder in (first, second):
        seen[f"left in {folder.name}"] = sorted(p.name for p in (folder / BATCH_FOLDER).glob("*"))
        try:
            with batch(folder, "next import"):
                seen[f"next batch in {folder.name}"] = "started"
        except StretchkitError as exc:
            seen[f"next batch in {folder.name}"] = str(exc)
    return seen


UNDID = "undid an interrupted import: 1 of its 1 files put back as they were"


def test_a_batch_folder_that_will_not_go_ends_the_batch_all_the_same(tmp_path):
    # Here, where nothing is refused, and in a child where removals in the folder are.
    (tmp_path / "here").mkdir()
    assert _commit_and_undo(tmp_path / "here", hook=False) == {
        "committed": "after", "load after the commit": [], "first load": [UNDID],
        "undone": "before", "second load": [], "saved since": "saved since",
        "left in committed": [], "next batch in committed": "started",
        "left in undone": [], "next batch in undone": "started"}
    (tmp_path / "child").mkdir()
    in_the_way = ("cannot start the next import: {} is in the way and cannot be removed")
    assert in_a_fork(lambda: _commit_and_undo(tmp_path / "child", hook=True)) == {
        # the import stands (no error for a folder that did not go) ...
        "committed": "after", "load after the commit": [],
        # ... an undone one is undone once: its journal went first, so a later load does not
        # undo it again over a save made since ...
        "first load": [UNDID], "undone": "before", "second load": [],
        "saved since": "saved since",
        # ... and the next batch will not start over the folder, saying why.
        "left in committed": ["0.txt"], "left in undone": ["0.txt"],
        "next batch in committed": in_the_way.format(
            tmp_path / "child" / "committed" / BATCH_FOLDER),
        "next batch in undone": in_the_way.format(tmp_path / "child" / "undone" / BATCH_FOLDER)}


def _refuse_links(event: str, args: tuple) -> None:
    """An audit hook: no more hard links to the file the batch keeps (a file system's limit
    on links to one file; a temp file still links in place)."""
    if event == "os.link" and os.path.basename(args[0]) == "a.txt":
        raise OSError(errno.EMLINK, "Too many links (refused by the test)", args[0])


def _kept_and_put_back(root: Path, hook: bool) -> dict[str, object]:
    if hook:
        sys.addaudithook(_refuse_links)
    target = root / "a.txt"
    target.write_bytes(b"before")
    with pytest.raises(RuntimeError), batch(root, "test") as writes:
        writes.plan(writes.stage([target]))
        links = target.stat().st_nlink
        write_atomically(target, b"after")
        raise RuntimeError("refused")
    return {"links while kept": links, "after the undo": target.read_text()}


def test_a_file_is_kept_by_a_copy_where_links_are_refused(tmp_path):
    (tmp_path / "here").mkdir()
    assert _kept_and_put_back(tmp_path / "here", hook=False) == {
        "links while kept": 2, "after the undo": "before"}
    (tmp_path / "child").mkdir()
    assert in_a_fork(lambda: _kept_and_put_back(tmp_path / "child", hook=True)) == {
        "links while kept": 1, "after the undo": "before"}
