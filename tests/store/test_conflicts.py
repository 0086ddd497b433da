"""Entry files a git merge left in conflict, as the library reads, reports and resolves them.

The conflicted files are written here with the kit's own merge and conflict functions (what
the merge driver writes), so these run in-process without git; tests/team has real git."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from stretchkit.errors import (
    ConflictError,
    EntryError,
    MergeConflictError,
    NotFoundError,
    Problem,
    UsageError,
    VocabularyError,
)
from stretchkit.formats.conflict_file import dump_conflicted
from stretchkit.formats.entry_file import dump_entry
from stretchkit.model.merge import FieldConflict, merge_entries
from stretchkit.store.library import (
    Library,
    _describe,
    conflict_markers_message,
    load_vocabulary,
)

ENTRY = "cat-cow"  # in review in the sample library
OTHER = "wall-calf-stretch"
HINT = ("a merge left this file unfinished; keep one side of each block and delete the marker "
        "lines, or take one whole side with `git checkout --ours` / `--theirs` and `git add` it")


def entry_path(data: Path, entry_id: str) -> Path:
    return data / "exercises" / f"{entry_id}.json"


def conflicted(data: Path, entry_id: str, ours: dict, theirs: dict) -> dict:
    """Write the entry's file as the merge driver would after `ours` and `theirs` changed
    the file on disk (the base); returns the base."""
    path = entry_path(data, entry_id)
    base = json.loads(path.read_bytes())
    if base["status"] == "published":  # the sample's entry; these tests want one in review
        base["status"] = "in-review"  # (a published base goes back to draft: tested apart)
    result = merge_entries(base, {**base, **ours}, {**base, **theirs})
    assert not result.clean
    path.write_bytes(dump_conflicted(result.data, result.conflicts))
    return base


def test_a_conflicted_file_is_named_field_by_field_and_never_loaded(sample_data):
    base = conflicted(sample_data, ENTRY,
                      {"name": "Name From Ours", "tips": ["One tip."], "summary": "Ours only."},
                      {"name": "Name From Theirs", "tips": ["A", "B"]})
    library = Library(sample_data)
    path = str(entry_path(sample_data, ENTRY))
    assert library.problems == [
        Problem(path, "name", "merge conflict: ours 'Name From Ours', theirs 'Name From "
                              "Theirs'; pick one in the authoring app (or "
                              "Library.resolve_conflict)"),
        Problem(path, "tips", "merge conflict: ours [One tip.], theirs [A, B]; pick one in "
                              "the authoring app (or Library.resolve_conflict)"),
    ]
    assert ENTRY not in library and ENTRY not in library.ids()
    assert len(library) == len(list((sample_data / "exercises").glob("*.json"))) - 1
    assert library.conflicts() == [ENTRY]
    conflict = library.conflict(ENTRY)
    assert conflict.where == path
    assert conflict.fields == ("name", "tips")
    assert conflict.ours["name"] == "Name From Ours"
    assert conflict.ours["summary"] == "Ours only."  # merged cleanly: in both sides
    assert conflict.theirs["summary"] == "Ours only."
    assert conflict.theirs["tips"] == ["A", "B"]
    assert conflict.base["name"] == base["name"]
    assert conflict.conflicts()[0] == FieldConflict("name", base["name"], "Name From Ours",
                                                    "Name From Theirs")


def test_getting_or_saving_a_conflicted_entry_is_refused_naming_file_and_fields(sample_data):
    conflicted(sample_data, ENTRY, {"name": "Ours", "summary": "Ours summary, long enough."},
               {"name": "Theirs", "summary": "Theirs summary, long enough."})
    library = Library(sample_data)
    path = entry_path(sample_data, ENTRY)
    expected = (f"{path}: a git merge left conflicting values in name, summary; pick one of "
                "each (the authoring app shows both, or Library.resolve_conflict) before the "
                "entry can be used")
    with pytest.raises(MergeConflictError) as raised:
        library.get(ENTRY)
    assert str(raised.value) == expected and raised.value.fields == ("name", "summary")
    before = path.read_bytes()
    entry = library.get(OTHER).model_copy(update={"id": ENTRY})
    with pytest.raises(MergeConflictError) as raised:
        library.save(entry)
    assert str(raised.value) == expected and raised.value.fields == ("name", "summary")
    assert path.read_bytes() == before  # the two sides stay for a coach to pick from
    # An id that is neither loaded nor in conflict is not found: a conflict is not a guess.
    with pytest.raises(NotFoundError) as missing:
        library.get("cat-co")
    assert str(missing.value) == f"no entry 'cat-co' in {library.folder}"


def test_conflicts_are_listed_by_id_and_asking_for_one_that_has_none_is_not_found(sample_data):
    conflicted(sample_data, OTHER, {"name": "Ours"}, {"name": "Theirs"})
    conflicted(sample_data, ENTRY, {"name": "Ours"}, {"name": "Theirs"})
    library = Library(sample_data)
    assert library.conflicts() == [ENTRY, OTHER]
    with pytest.raises(NotFoundError) as raised:
        library.conflict("deep-squat-hold")
    assert str(raised.value) == "entry 'deep-squat-hold' has no merge conflict"
    entry_path(sample_data, OTHER).write_bytes(dump_entry(library.get("deep-squat-hold")
                                                          .model_copy(update={"id": OTHER})))
    library.reload()  # the file was settled by hand (say, git checkout --theirs)
    assert library.conflicts() == [ENTRY]
    assert OTHER in library


def test_a_conflicted_file_whose_sides_do_not_read_is_one_problem_for_the_file(sample_data):
    path = entry_path(sample_data, ENTRY)
    text = path.read_text("utf-8").replace(
        '  "name": "Cat-Cow",\n',
        '<<<<<<< ours\n  "name": "A",\n=======\n  "name": "B",\n', 1)
    path.write_text(text, "utf-8")  # never closed with >>>>>>>
    library = Library(sample_data)
    assert library.problems == [Problem(
        str(path), "", "git conflict markers (<<<<<<< at line 3): " + HINT
        + " (line 3: a conflict block is not closed with >>>>>>>)")]
    assert ENTRY not in library and library.conflicts() == []


def test_a_broken_file_without_markers_is_reported_as_broken_not_as_a_conflict(sample_data):
    path = entry_path(sample_data, ENTRY)
    path.write_text(path.read_text("utf-8").replace('"name": "Cat-Cow"', '"name": 7'), "utf-8")
    library = Library(sample_data)
    assert [(p.where, p.field) for p in library.problems] == [(str(path), "name")]
    assert library.conflicts() == []


@pytest.mark.parametrize(("text", "where"), [
    ("{\n<<<<<<< ours\n=======\n>>>>>>> theirs\n}\n", "line 2"),
    ("<<<<<<< a\n=======\n>>>>>>> b\nx\n<<<<<<< a\n=======\n>>>>>>> b\n", "lines 1, 5"),
    ("".join("<<<<<<<\n=======\n>>>>>>>\n" for _ in range(5)), "lines 1, 4, 7, 10, 13"),
    ("".join("<<<<<<<\n=======\n>>>>>>>\n" for _ in range(6)), "lines 1, 4, 7, 10, 13 ..."),
])
def test_the_markers_message_says_where_the_blocks_start(text, where):
    assert conflict_markers_message(text) == f"git conflict markers (<<<<<<< at {where}): {HINT}"
    assert conflict_markers_message(text.encode()) == conflict_markers_message(text)


def test_a_vocabulary_file_with_markers_is_refused_with_the_markers_message(sample_data):
    path = sample_data / "vocabulary.json"
    path.write_text('{\n<<<<<<< ours\n  "goals": []\n=======\n  "goals": {}\n>>>>>>> theirs\n}\n',
                    "utf-8")
    with pytest.raises(VocabularyError) as raised:
        load_vocabulary(sample_data)
    assert str(raised.value) == f"{path}: git conflict markers (<<<<<<< at line 2): {HINT}"


def test_a_published_file_with_markers_is_one_problem_reported_once(sample_data):
    library = Library(sample_data)
    live = [e.id for e in library.published()]
    assert OTHER in live
    path = sample_data / "published" / f"{OTHER}.json"
    lines = path.read_text("utf-8").split("\n")
    path.write_text("\n".join([lines[0], "<<<<<<< ours", lines[1], "=======", lines[1],
                               ">>>>>>> theirs", *lines[2:]]), "utf-8")
    assert [e.id for e in library.published()] == [i for i in live if i != OTHER]
    library.published()
    assert library.problems == [Problem(
        str(path), "", f"git conflict markers (<<<<<<< at line 2): {HINT}")]


def test_a_published_file_broken_without_markers_reports_its_own_problems(sample_data):
    library = Library(sample_data)
    path = sample_data / "published" / f"{OTHER}.json"
    path.write_text(path.read_text("utf-8").replace('"name": "', '"name": 7, "x": "', 1),
                    "utf-8")
    library.published()
    assert library.problems and all(p.where == str(path) for p in library.problems)
    assert "git conflict markers" not in " ".join(p.message for p in library.problems)


# -- resolving ------------------------------------------------------------------------------

def test_resolving_writes_the_picked_values_as_a_new_merge_version(sample_data):
    base = conflicted(sample_data, ENTRY,
                      {"name": "Name From Ours", "tips": ["One tip."],
                       "summary": "Ours only, kept."},
                      {"name": "Name From Theirs", "tips": ["A", "B"]})
    conflicted_updated = datetime.fromisoformat(base["updated"])
    broken = entry_path(sample_data, "deep-squat-hold")
    broken.write_text("{", "utf-8")  # another problem, which resolving leaves alone
    library = Library(sample_data, user="Loaded As")
    other_problems = [p for p in library.problems if p.where == str(broken)]
    assert other_problems
    before = library.versions(ENTRY)
    resolved = library.resolve_conflict(ENTRY, {"name": "theirs", "tips": "ours"},
                                        by="Ben Writer")
    assert (resolved.name, resolved.tips, resolved.summary) == (
        "Name From Theirs", ["One tip."], "Ours only, kept.")
    assert resolved.status == "in-review"
    assert resolved.updated > conflicted_updated
    assert entry_path(sample_data, ENTRY).read_bytes() == dump_entry(resolved)
    assert library.get(ENTRY) == resolved and ENTRY in library
    assert library.conflicts() == []
    assert library.problems == other_problems
    versions = library.versions(ENTRY)
    assert len(versions) == len(before) + 1
    assert (versions[-1].event, versions[-1].by) == ("merge", "Ben Writer")
    assert versions[-1].entry == json.loads(dump_entry(resolved))
    fresh = Library(sample_data)
    assert fresh.get(ENTRY) == resolved and fresh.conflicts() == []


def test_resolving_without_a_name_records_the_librarys_user(sample_data):
    conflicted(sample_data, ENTRY, {"name": "Ours"}, {"name": "Theirs"})
    library = Library(sample_data, user="Ana Author")
    library.resolve_conflict(ENTRY, {"name": "ours"})
    assert library.versions(ENTRY)[-1].by == "Ana Author"


def test_resolving_decides_the_status_again_for_the_content_picked(sample_data):
    # In review; ours renamed it and approved that, theirs renamed it and asked for changes.
    conflicted(sample_data, ENTRY, {"name": "Name From Ours", "status": "approved"},
               {"name": "Name From Theirs", "status": "changes-requested"})
    library = Library(sample_data)
    assert library.conflict(ENTRY).fields == ("name", "status")
    # All of ours picked: the approval covers exactly what its reviewer saw.
    kept = library.resolve_conflict(ENTRY, {"name": "ours", "status": "ours"})
    assert (kept.name, kept.status) == ("Name From Ours", "approved")
    conflicted(sample_data, ENTRY, {"name": "Again From Ours", "status": "in-review"},
               {"name": "Again From Theirs", "status": "changes-requested"})
    library.reload()
    # Hand-made: ours's side approved, but the name picked is theirs: nobody approved that.
    path = entry_path(sample_data, ENTRY)
    path.write_bytes(path.read_bytes().replace(b'"status": "in-review"', b'"status": "approved"'))
    library.reload()
    picked = library.resolve_conflict(ENTRY, {"name": "theirs", "status": "ours"})
    assert (picked.name, picked.status) == ("Again From Theirs", "draft")


def test_resolving_takes_every_conflicting_field_and_only_ours_or_theirs(sample_data):
    conflicted(sample_data, ENTRY, {"name": "Ours", "tips": ["O"]},
               {"name": "Theirs", "tips": ["T"]})
    library = Library(sample_data)
    path = entry_path(sample_data, ENTRY)
    before = path.read_bytes()
    cases = [
        ({"name": "ours", "tips": "ours", "summary": "ours", "goals": "theirs"},
         "entry 'cat-cow': goals, summary: not in conflict (conflicting: name, tips)"),
        ({"name": "ours", "tips": "mine"},
         "entry 'cat-cow': tips: expected 'ours' or 'theirs', got 'mine'"),
        ({"name": "base", "tips": "both"},
         "entry 'cat-cow': name: expected 'ours' or 'theirs', got 'base'"),
        ({}, "entry 'cat-cow': pick 'ours' or 'theirs' for name, tips"),
        ({"tips": "theirs"}, "entry 'cat-cow': pick 'ours' or 'theirs' for name"),
    ]
    for picks, message in cases:
        with pytest.raises(UsageError) as raised:
            library.resolve_conflict(ENTRY, picks)
        assert str(raised.value) == message
    assert path.read_bytes() == before and library.conflicts() == [ENTRY]
    with pytest.raises(NotFoundError, match="'deep-squat-hold' has no merge conflict"):
        library.resolve_conflict("deep-squat-hold", {})


def test_resolving_a_file_changed_since_it_was_loaded_is_refused(sample_data):
    conflicted(sample_data, ENTRY, {"name": "Ours"}, {"name": "Theirs"})
    library = Library(sample_data)
    path = entry_path(sample_data, ENTRY)
    path.write_bytes(path.read_bytes().replace(b'"Ours"', b'"Ours, edited again"'))
    with pytest.raises(ConflictError, match="was changed by someone else"):
        library.resolve_conflict(ENTRY, {"name": "theirs"})
    assert library.conflicts() == [ENTRY]
    assert b"Ours, edited again" in path.read_bytes()


def test_resolving_to_an_invalid_entry_names_the_field_and_writes_nothing(sample_data):
    conflicted(sample_data, ENTRY, {"name": "Ours"}, {"name": ""})
    library = Library(sample_data)
    path = entry_path(sample_data, ENTRY)
    before = path.read_bytes()
    with pytest.raises(EntryError) as raised:
        library.resolve_conflict(ENTRY, {"name": "theirs"})
    assert [(p.where, p.field) for p in raised.value.problems] == [(str(path), "name")]
    assert path.read_bytes() == before and library.conflicts() == [ENTRY]


# -- values in a few words ------------------------------------------------------------------

@pytest.mark.parametrize(("value", "said"), [
    (None, "none"),
    (7, "7"),
    (True, "True"),
    ("short", "'short'"),
    ("x" * 60, repr("x" * 60)),
    ("x" * 61, repr("x" * 57 + "...")),
    ([], "[]"),
    (["a", "b"], "[a, b]"),
    (["y" * 29, "z" * 29], "[" + "y" * 29 + ", " + "z" * 29 + "]"),  # 60 characters joined
    (["y" * 29, "z" * 30], "2 items"),
    (["y" * 61], "1 item"),
    ([1, 2, 3], "3 items"),
    ([{"q": 1}], "1 item"),
    ({"hold_seconds": [20, 30], "breaths": None, "reps": 5}, "{hold_seconds: [20, 30], reps: 5}"),
    ({}, "{}"),
])
def test_a_value_is_described_in_a_few_words(value, said):
    assert _describe(value) == said


def test_resolving_checks_the_entry_against_the_librarys_own_terms(sample_data):
    (sample_data / "vocabulary.json").write_text(json.dumps(
        {"goals": [{"id": "sprint-prep", "label": "Sprint prep"}]}), encoding="utf-8")
    conflicted(sample_data, ENTRY, {"name": "Ours", "goals": ["sprint-prep"]},
               {"name": "Theirs"})  # the goal merged cleanly: in both sides of the file
    library = Library(sample_data)
    assert library.conflict(ENTRY).fields == ("name",)
    resolved = library.resolve_conflict(ENTRY, {"name": "theirs"})
    assert (resolved.name, resolved.goals) == ("Theirs", ["sprint-prep"])
    assert Library(sample_data).get(ENTRY).goals == ["sprint-prep"]
