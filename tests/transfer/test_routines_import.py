"""Routines in an import: each item must name an entry the library has or the import brings,
a routine id that exists follows on_conflict, a file that does not load is never replaced;
the routines are read beside a JSON export or from a CSV package's tables, in the library's
own vocabulary; the plan's summary counts them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stretchkit import ConflictError, Exercise, Library, StretchkitError, validate_entry
from stretchkit.errors import Problem
from stretchkit.formats.routine_tables import ROUTINES_SUFFIX
from stretchkit.model.routine import Routine, validate_routine
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.transfer import export_library
from stretchkit.transfer.exchange import preview_import, read_routines
from stretchkit.transfer.importing import ImportPlan, apply_import, plan_import, plan_routines

# A goal only this library's vocabulary knows: routines read in the default vocabulary fail.
CLUB_VOCABULARY = {"goals": [{"id": "ski-prep", "label": "Ski preparation"}]}


def entry(entry_id: str) -> Exercise:
    return validate_entry({"id": entry_id, "name": entry_id.replace("-", " ").title()})


def routine(routine_id: str, *entry_ids: str, goals: tuple[str, ...] = (),
            vocabulary: Vocabulary | None = None) -> Routine:
    return validate_routine({"id": routine_id, "name": routine_id.capitalize(), "minutes": 5,
                             "goals": list(goals),
                             "items": [{"entry": e, "dosage": {"hold_seconds": 30}}
                                       for e in entry_ids]}, vocabulary)


@pytest.fixture
def library(empty_data: Path) -> Library:
    (empty_data / "vocabulary.json").write_text(json.dumps(CLUB_VOCABULARY), encoding="utf-8")
    library = Library(empty_data)
    library.create(entry("cat-cow"))
    library.create(entry("hip-opener"))
    library.routines.save(routine("morning", "cat-cow"), new=True)
    library.routines.save(routine("evening", "hip-opener", goals=("ski-prep",),
                                         vocabulary=library.vocabulary), new=True)
    library.routines.path_of("broken").write_text("{", encoding="utf-8")
    return Library(empty_data)


# -- plan_routines -----------------------------------------------------------------------------
def test_each_item_names_an_entry_of_the_library_or_of_the_import(library):
    plan = plan_import(library, [("in.json[0]", entry("dead-bug"))])
    assert [e.id for e in plan.create] == ["dead-bug"]
    mixed = routine("mixed", "cat-cow", "dead-bug", "no-such", "gone-too")
    plan_routines(library, plan, [("in.routines.json[0]", mixed)])
    assert plan.problems == [
        Problem("in.routines.json[0]", "items[2].entry",
                "no entry 'no-such' in the library or the import"),
        Problem("in.routines.json[0]", "items[3].entry",
                "no entry 'gone-too' in the library or the import")]
    assert plan.routines == [mixed]  # planned, but the problems refuse the whole import


@pytest.mark.parametrize(("on_conflict", "written", "kept", "refused"), [
    ("fail", ["fresh"], ["morning"],
     ["b.json[1]: id: routine 'evening' already exists (use --on-conflict skip or update)"]),
    ("skip", ["fresh"], ["morning", "evening"], []),
    ("update", ["evening", "fresh"], ["morning"], []),
])
def test_a_routine_id_that_exists_follows_on_conflict(library, on_conflict, written, kept,
                                                      refused):
    store = library.routines
    changed = store.get("evening").model_copy(update={"name": "Evening, longer"})
    incoming = [("b.json[0]", store.get("morning")),  # the same as the library's
                ("b.json[1]", changed),
                ("b.json[2]", routine("fresh", "cat-cow"))]
    plan = ImportPlan()
    plan_routines(library, plan, incoming, on_conflict)
    assert [r.id for r in plan.routines] == written
    assert plan.routines_kept == kept
    assert [str(p) for p in plan.problems] == refused
    if "evening" in written:
        assert plan.routines[0] == changed


def test_a_routine_whose_file_does_not_load_is_refused_not_replaced(library):
    for on_conflict in ("fail", "skip", "update"):
        plan = ImportPlan()
        plan_routines(library, plan, [("c.csv row 2", routine("broken", "cat-cow"))],
                      on_conflict)
        assert plan.problems == [Problem("c.csv row 2", "id", "routine 'broken': a file with "
                                         "this id exists but does not load")]
        assert (plan.routines, plan.routines_kept) == ([], [])
    assert library.routines.path_of("broken").read_text(encoding="utf-8") == "{"


# -- the summary ---------------------------------------------------------------------------------
def test_the_summary_counts_routines_to_write_and_kept(library):
    plan = plan_import(library, [("a", entry("dead-bug"))])
    plan_routines(library, plan, [("r[0]", routine("fresh", "dead-bug"))])
    assert plan.summary() == ("would create 1, update 0, leave 0 unchanged, skip 0, refuse 0; "
                              "routines: 1 to write, 0 kept")
    apply_import(library, plan)
    assert plan.summary() == ("1 created, 0 updated, 0 unchanged, 0 skipped; "
                              "routines: 1 written, 0 kept")
    again = plan_import(library, [("a", library.get("dead-bug"))])
    plan_routines(library, again, [("r[0]", library.routines.get("fresh"))])
    assert again.summary() == ("would create 0, update 0, leave 1 unchanged, skip 0, refuse 0; "
                               "routines: 0 to write, 1 kept")
    assert plan_import(library, []).summary() == (
        "would create 0, update 0, leave 0 unchanged, skip 0, refuse 0")


# -- reading the routines an import carries ------------------------------------------------------
def test_routines_beside_json_exports_read_in_the_librarys_vocabulary(library, tmp_path):
    first, second = tmp_path / "one" / "club.json", tmp_path / "two" / "club.json"
    assert export_library(library, "json", first, channel="working") == [
        first, first.with_name(f"club{ROUTINES_SUFFIX}")]
    library.routines.delete("evening")
    export_library(library, "json", second, channel="working")
    ids = [r.id for _, r in read_routines([first], "json", library.vocabulary)]
    assert ids == ["evening", "morning"]
    assert read_routines([first.parent], "json", library.vocabulary) == read_routines(
        [first], "json", library.vocabulary)  # the folder: the export's file, read once
    both = read_routines([first, second], "json", library.vocabulary)
    assert [(where.rsplit("/", 2)[-2:], r.id) for where, r in both] == [
        (["one", "club.routines.json[0]"], "evening"),
        (["one", "club.routines.json[1]"], "morning"),
        (["two", "club.routines.json[0]"], "morning")]
    assert both[0][1].goals == ["ski-prep"]
    assert read_routines([first], "csv", library.vocabulary) == []  # not a package folder
    assert read_routines([first], "jsonl", library.vocabulary) == []  # not a JSONL export


def test_a_jsonl_export_carries_its_routines_one_per_line_beside_it(library, tmp_path,
                                                                   empty_data):
    out = tmp_path / "club.jsonl"
    json_out = tmp_path / "club.json"  # both exports of one name share a folder
    assert export_library(library, "jsonl", out, channel="working") == [
        out, tmp_path / "club.routines.jsonl"]
    export_library(library, "json", json_out, channel="working")
    lines = (tmp_path / "club.routines.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["evening", "morning"]
    carried = read_routines([out], "jsonl", library.vocabulary)
    assert [(where.rsplit("/", 1)[-1], r) for where, r in carried] == [
        ("club.routines.jsonl line 1", library.routines.get("evening")),
        ("club.routines.jsonl line 2", library.routines.get("morning"))]
    assert read_routines([tmp_path], "jsonl", library.vocabulary) == carried  # the folder
    assert read_routines([json_out], "json", library.vocabulary) != []
    (empty_data.parent / "elsewhere").mkdir()
    (empty_data.parent / "elsewhere" / "vocabulary.json").write_text(
        (empty_data / "vocabulary.json").read_text(encoding="utf-8"), encoding="utf-8")
    elsewhere = Library(empty_data.parent / "elsewhere")
    plan = preview_import(elsewhere, [tmp_path], "jsonl")  # the routines file is not entries
    assert plan.problems == [] and [e.id for e in plan.create] == ["cat-cow", "hip-opener"]
    apply_import(elsewhere, plan)
    assert Library(elsewhere.root).routines.ids() == ["evening", "morning"]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_a_routines_file_left_beside_is_refused_or_with_force_not_read_as_this_exports(
        library, tmp_path, fmt):
    out = tmp_path / f"club.{fmt}"
    export_library(library, fmt, out, channel="working")
    beside = tmp_path / f"club.routines.{fmt}"
    out.unlink()  # the entries' file gone, the routines left
    with pytest.raises(StretchkitError, match=f"club.routines.{fmt}: file exists; choose a new "
                                              "name or allow overwriting"):
        export_library(library, fmt, out, channel="working")
    assert not out.exists() and beside.exists()
    # with --force, an export that carries routines writes its own in its place
    written = export_library(library, fmt, out, channel="working", overwrite=True)
    assert written == [out, beside]
    assert [r.id for _, r in read_routines([out], fmt, library.vocabulary)] == ["evening",
                                                                            "morning"]
    # with --force, an export that carries no routine (an entry no routine uses) leaves no
    # routines file to be read with it
    library.create(entry("dead-bug"))
    assert export_library(library, fmt, out, entries=[library.get("dead-bug")],
                          overwrite=True) == [out]
    assert not beside.exists()
    assert read_routines([out], fmt, library.vocabulary) == []


def test_routines_of_csv_packages_read_from_the_folder_or_its_package_file(library, tmp_path):
    first, second = tmp_path / "one", tmp_path / "two"
    export_library(library, "csv", first, channel="working")
    library.routines.delete("evening")
    export_library(library, "csv", second, channel="working")
    from_folder = read_routines([first], "csv", library.vocabulary)
    assert [r.id for _, r in from_folder] == ["evening", "morning"]
    assert read_routines([first / "datapackage.json"], "csv", library.vocabulary) == \
        from_folder
    assert read_routines([first / "exercises_wide.csv"], "csv", library.vocabulary) == []
    both = read_routines([first, second], "csv", library.vocabulary)
    assert [r.id for _, r in both] == ["evening", "morning", "morning"]
    assert both[0][1].goals == ["ski-prep"]
    assert read_routines([first], "json", library.vocabulary) == []  # no export file there


def test_an_export_carries_a_routine_whose_entries_are_exactly_the_exported_ones(library,
                                                                                 tmp_path):
    out = tmp_path / "cat.json"
    export_library(library, "json", out, entries=[library.get("cat-cow")])
    carried = read_routines([out], "json", library.vocabulary)
    assert [r.id for _, r in carried] == ["morning"]  # evening needs hip-opener too


# -- applying -------------------------------------------------------------------------------------
def test_applying_writes_the_routines_and_a_late_failure_puts_them_back(library):
    store = library.routines
    evening = store.path_of("evening")
    before = evening.read_bytes()
    changed = store.get("evening").model_copy(update={"name": "Evening, longer"})
    plan = ImportPlan()
    plan_routines(library, plan, [("r[0]", changed), ("r[1]", routine("zz-late", "cat-cow"))],
                  "update")
    assert [r.id for r in plan.routines] == ["evening", "zz-late"]
    # Someone else creates the new routine's file between the plan and the writing.
    store.path_of("zz-late").write_bytes(store.path_of("morning").read_bytes())
    with pytest.raises(ConflictError):
        apply_import(library, plan)
    assert evening.read_bytes() == before  # the replaced routine is put back
    assert store.path_of("zz-late").read_bytes() == store.path_of("morning").read_bytes()
    store.path_of("zz-late").unlink()
    fresh = Library(library.root)
    apply_import(fresh, plan)
    again = Library(library.root).routines
    assert again.get("evening").name == "Evening, longer"
    assert again.get("zz-late").entry_ids() == ["cat-cow"]
    assert plan.summary().endswith("; routines: 2 written, 0 kept")


def test_the_undo_removes_the_routines_it_created_even_one_already_gone(library, monkeypatch):
    store = library.routines
    plan = ImportPlan()
    plan_routines(library, plan, [("r[0]", routine("fresh-a", "cat-cow")),
                                  ("r[1]", routine("fresh-b", "cat-cow")),
                                  ("r[2]", routine("fresh-c", "hip-opener"))])
    real_save = store.save

    def failing_save(routine, **options):
        if routine.id == "fresh-c":  # the disk fills up; someone removed fresh-a meanwhile
            store.path_of("fresh-a").unlink()
            raise OSError("disk full")
        return real_save(routine, **options)

    monkeypatch.setattr(store, "save", failing_save)
    with pytest.raises(OSError, match=r"^disk full$"):  # the failure itself, not the undo's
        apply_import(library, plan)
    assert sorted(p.name for p in store.folder.glob("*.json")) == [
        "broken.json", "evening.json", "morning.json"]


def test_foreign_records_read_through_a_mapping_bring_no_routines(library, tmp_path):
    # A routines file beside foreign data is none of the mapping's business.
    records = tmp_path / "club.json"
    records.write_text(json.dumps([{"Exercise": "Dead Bug"}]), encoding="utf-8")
    export_library(library, "json", tmp_path / "ours.json", channel="working")
    ours = (tmp_path / "ours.routines.json").read_bytes()
    (tmp_path / f"club{ROUTINES_SUFFIX}").write_bytes(ours)
    plan = preview_import(library, [records], "json", mapping={"fields": {"name": "Exercise"}})
    assert [e.id for e in plan.create] == ["dead-bug"]
    assert (plan.routines, plan.routines_kept, plan.problems) == ([], [], [])
    # The same file beside a stretchkit export is read: its routines are the library's own.
    plan = preview_import(library, [tmp_path / "ours.json"], "json")
    assert (plan.routines, plan.routines_kept, plan.problems) == ([], ["evening", "morning"],
                                                                  [])


def test_a_bad_routine_is_a_problem_of_the_plan_and_the_good_ones_are_still_planned(
        library, tmp_path):
    out = tmp_path / "club.json"
    export_library(library, "json", out, channel="working")
    beside = tmp_path / f"club{ROUTINES_SUFFIX}"
    routines = json.loads(beside.read_text(encoding="utf-8"))
    routines[0]["minutes"] = "ten"
    beside.write_text(json.dumps(routines), encoding="utf-8")
    plan = preview_import(library, [out], "json")
    assert [str(p) for p in plan.problems] == [
        f"{beside}[0]: minutes: Input should be a valid integer, unable to parse string as an "
        "integer, got 'ten'"]
    assert plan.routines_kept == ["morning"]  # the one that reads is planned all the same


def test_an_import_passes_on_conflict_to_its_routines(library, tmp_path):
    out = tmp_path / "club.json"
    export_library(library, "json", out, channel="working")
    beside = tmp_path / f"club{ROUTINES_SUFFIX}"
    routines = json.loads(beside.read_text(encoding="utf-8"))
    routines[1]["name"] = "Morning, longer"
    beside.write_text(json.dumps(routines), encoding="utf-8")
    plan = preview_import(library, [out], "json", on_conflict="update")
    assert ([r.id for r in plan.routines], plan.routines_kept, plan.problems) == (
        ["morning"], ["evening"], [])
    plan = preview_import(library, [out], "json", on_conflict="skip")
    assert (plan.routines, plan.routines_kept, plan.problems) == ([], ["evening", "morning"], [])
