"""Routines in datasets: the routines and routine_items tables of the CSV package (foreign
keys to the entries, valid for frictionless, formula cells neutralised) and the routines file
beside a JSON export; both read back exactly, and an import that brings a routine whose entry
is nowhere is refused whole."""

from __future__ import annotations

import csv
import json

import frictionless
import pytest

from stretchkit import Library
from stretchkit.errors import ConflictError, EntryError
from stretchkit.formats.csv_package import PACKAGE_FILE, read_routine_tables
from stretchkit.formats.routine_tables import ROUTINES_SUFFIX, read_routines_json
from stretchkit.model.routine import ItemDosage, Routine, RoutineItem
from stretchkit.transfer import export_library, import_files
from stretchkit.transfer.exchange import preview_import
from stretchkit.transfer.importing import apply_import
from tests.strategies import VOCABULARY

NASTY_NOTE = '=HYPERLINK("http://example.invalid","x")'


def _with_a_nasty_routine(library: Library) -> Routine:
    routine = Routine(id="nasty", name="+1 Routine", goals=["warm-up"], level="beginner",
                      equipment=["mat", "none"], minutes=3, notes="line one\n-line two",
                      items=[RoutineItem(entry="cat-cow", dosage=ItemDosage(reps=10, sets=2),
                                         why="@because", note=NASTY_NOTE),
                             RoutineItem(entry="inchworm",
                                         dosage=ItemDosage(hold_seconds=5, sides="none"))])
    return library.routines.save(routine, new=True, by="Tess Trainer")


def test_csv_package_carries_routines_and_validates(sample_data, tmp_path):
    library = Library(sample_data)
    nasty = _with_a_nasty_routine(library)
    export_library(library, "csv", tmp_path / "csv", channel="working")
    folder = tmp_path / "csv"
    report = frictionless.validate(folder / PACKAGE_FILE)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = frictionless.Package(folder / PACKAGE_FILE)
    assert package.get_resource("routine_items").schema.foreign_keys == [
        {"fields": ["routine"], "reference": {"resource": "routines", "fields": ["id"]}},
        {"fields": ["entry"], "reference": {"resource": "exercises", "fields": ["id"]}}]
    items = (folder / "routine_items.csv").read_text(encoding="utf-8-sig")
    assert f"'{NASTY_NOTE}".replace('"', '""') in items  # a spreadsheet shows it, never runs it
    back = dict((r.id, r) for _, r in read_routine_tables(folder, VOCABULARY))
    assert back == {r.id: r for r in library.routines.all()}
    assert back["nasty"] == nasty


def test_frictionless_catches_an_item_whose_entry_is_not_in_the_package(sample_data, tmp_path):
    library = Library(sample_data)
    export_library(library, "csv", tmp_path / "csv", channel="working")
    path = tmp_path / "csv" / "routine_items.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace(",glute-bridge,", ",no-such-entry,", 1), encoding="utf-8")
    report = frictionless.validate(tmp_path / "csv" / PACKAGE_FILE)
    assert not report.valid
    assert "foreign-key" in {e.type for task in report.tasks for e in task.errors}


def test_an_export_carries_only_routines_whose_entries_it_holds(sample_data, tmp_path):
    library = Library(sample_data)
    _with_a_nasty_routine(library)  # cat-cow and inchworm: both published
    written = export_library(library, "csv", tmp_path / "warm", goals=["warm-up"])
    names = {p.name for p in written}
    assert {"routines.csv", "routine_items.csv"} <= names
    ids = [r.id for _, r in read_routine_tables(tmp_path / "warm", VOCABULARY)]
    assert ids == ["nasty"]  # the samples use entries that serve other goals only
    written = export_library(library, "csv", tmp_path / "none", goals=["desk-break"])
    assert "routines.csv" not in {p.name for p in written}


def test_json_export_writes_the_routines_beside_it_and_imports_them_back(sample_data,
                                                                         empty_data, tmp_path):
    library = Library(sample_data)
    out = tmp_path / "library.json"
    written = export_library(library, "json", out, channel="working")
    beside = tmp_path / f"library{ROUTINES_SUFFIX}"
    assert written == [out, beside]
    assert [r.id for _, r in read_routines_json(beside, VOCABULARY)] == library.routines.ids()
    assert isinstance(json.loads(out.read_text()), list)  # the entries file keeps its shape
    fresh = Library(empty_data)
    plan = import_files(fresh, [out], "json")
    assert plan.summary().endswith("; routines: 3 written, 0 kept")
    assert Library(empty_data).routines.all() == library.routines.all()
    # importing the folder reads the routines file with its export, not as entries
    again = import_files(Library(empty_data), [tmp_path], "json")
    assert again.summary().endswith("; routines: 0 written, 3 kept")


def test_a_routine_whose_entry_is_nowhere_refuses_the_whole_import(sample_data, empty_data,
                                                                   tmp_path):
    library = Library(sample_data)
    export_library(library, "csv", tmp_path / "csv", channel="working")
    # the entries stay; one routine's item names an entry that is nowhere
    path = tmp_path / "csv" / "routine_items.csv"
    text = path.read_text(encoding="utf-8-sig")
    path.write_text(text.replace(",glute-bridge,", ",no-such-entry,", 1), encoding="utf-8")
    with pytest.raises(EntryError) as caught:
        import_files(Library(empty_data), [tmp_path / "csv"], "csv")
    [problem] = caught.value.problems
    assert problem.field.endswith(".entry")
    assert problem.message == "no entry 'no-such-entry' in the library or the import"
    assert Library(empty_data).ids() == [] and not (empty_data / "routines").exists()


def test_a_routine_import_that_fails_late_puts_back_the_routines_it_replaced(sample_data,
                                                                             tmp_path):
    library = Library(sample_data)
    out = tmp_path / "library.json"
    export_library(library, "json", out, channel="working")
    beside = tmp_path / f"library{ROUTINES_SUFFIX}"
    routines = json.loads(beside.read_text(encoding="utf-8"))
    for routine in routines:
        routine["name"] += " (edited)"
    routines.append({**routines[0], "id": "zz-arrives-last", "name": "Arrives last"})
    beside.write_text(json.dumps(routines), encoding="utf-8")
    before = {p.name: p.read_bytes() for p in (sample_data / "routines").glob("*.json")}
    target = Library(sample_data)
    plan = preview_import(target, [out], "json", on_conflict="update")
    assert plan.ok and [r.id for r in plan.routines][-1] == "zz-arrives-last"
    # Someone else creates the last routine's file between the plan and the writing.
    (sample_data / "routines" / "zz-arrives-last.json").write_bytes(
        before["pre-run-warm-up.json"])
    with pytest.raises(ConflictError):
        apply_import(target, plan)
    after = {p.name: p.read_bytes() for p in (sample_data / "routines").glob("*.json")}
    assert after == {**before, "zz-arrives-last.json": before["pre-run-warm-up.json"]}
    assert target.routines.get("pre-run-warm-up").name == "Pre-run warm-up"


def test_a_bad_routine_cell_names_its_row_and_column(sample_data, tmp_path):
    library = Library(sample_data)
    export_library(library, "csv", tmp_path / "csv", channel="working")
    path = tmp_path / "csv" / "routines.csv"
    with path.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))
    rows[1][rows[0].index("minutes")] = "ten"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    with pytest.raises(EntryError) as caught:
        read_routine_tables(tmp_path / "csv", VOCABULARY)
    [problem] = caught.value.problems
    assert problem.where.endswith("routines.csv row 2") and problem.field == "minutes"
    assert problem.message == "expected a whole number, got 'ten'"


def test_a_routines_file_is_read_strictly_and_every_bad_routine_named(tmp_path):
    """A JSON Lines file names a bad line by its number; a key given twice (a bad merge) is
    refused as it is for entries; the good routines come with the report."""
    from stretchkit.errors import ReadError
    from stretchkit.formats.routine_tables import ROUTINES_JSONL_SUFFIX

    good = {"id": "morning", "name": "Morning", "minutes": 5,
            "items": [{"entry": "cat-cow", "dosage": {"reps": 8}}]}
    lines = tmp_path / f"x{ROUTINES_JSONL_SUFFIX}"
    lines.write_text("\n".join([json.dumps(good), "", '{"id": "torn", "name": "To',
                                '{"id": "twice", "name": "A", "name": "B", "minutes": 5}',
                                json.dumps({**good, "id": "Bad Id"})]) + "\n", encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_routines_json(lines, VOCABULARY)
    messages = [f"{p.where}: {p.field}: {p.message}" for p in caught.value.problems]
    assert messages[:2] == [
        f"{lines} line 3: : not valid JSON: Unterminated string starting at (line 1, column 24)",
        f"{lines} line 4: : not valid JSON: the key 'name' appears twice in one object (at name)"]
    assert len(messages) == 3 and messages[2].startswith(f"{lines} line 5: id: ")
    assert [routine.id for _, routine in caught.value.entries] == ["morning"]

    array = tmp_path / f"x{ROUTINES_SUFFIX}"
    array.write_text('[{"id": "a", "id": "b"}]', encoding="utf-8")
    with pytest.raises(ReadError) as caught:
        read_routines_json(array, VOCABULARY)
    assert [p.message for p in caught.value.problems] == [
        "not valid JSON: the key 'id' appears twice in one object (at [0].id)"]
