"""The CSV export folder: lossless round trips, the formula guard, text kept as text, a valid
Frictionless package, and all-or-nothing reading that names every bad row."""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from pathlib import Path

import frictionless
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretchkit import EntryError, Exercise, Library, Vocabulary, export_library, validate_entry
from stretchkit.formats.csv_package import (
    FORMULA_STARTS,
    PACKAGE_FILE,
    WIDE_FILE,
    neutralise,
    package_descriptor,
    read_csv,
    restore,
    write_csv_package,
)
from stretchkit.formats.entry_file import dump_entry
from stretchkit.formats.tables import TABLES
from stretchkit.model import Review
from tests.strategies import NASTY_LINES, NASTY_TEXT, entry_lists, examples

VOCABULARY = Vocabulary.default()
SETTINGS = settings(max_examples=examples(25), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _cells(folder: Path) -> list[tuple[str, int, str]]:
    """Every cell of every CSV in the folder as a plain CSV reader (or a spreadsheet) sees it."""
    out = []
    for path in sorted(folder.glob("*.csv")):
        with open(path, newline="", encoding="utf-8-sig") as fh:
            for number, row in enumerate(csv.reader(fh), 1):
                out += [(path.name, number, cell) for cell in row]
    return out


def _dict_rows(path: Path) -> list[dict[str, str]]:
    with open(path, newline="", encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _nasty_entry() -> Exercise:
    return Exercise(
        id="nasty", name="=cmd|' /C calc'!A0", summary="@SUM(1+1)", tips=NASTY_LINES,
        instructions=["-1 step back", "+ breathe"], goals=["warm-up"],
        dosage={"hold_seconds": (20, 30), "breaths": 5},
        reviews=[Review(reviewer="=Reviewer", at="2024-05-01T09:30:00+02:00",
                        decision="in-review", checklist={"=ticked": True, "\n": False},
                        comment="\n=line one\r\n+line two")],
        source={"title": "-Book", "url": "", "author": "=A", "license": None})


def _round_trip(entries: list[Exercise], folder: Path) -> list[Exercise]:
    write_csv_package(entries, folder, VOCABULARY)
    return [e for _, e in read_csv([folder], VOCABULARY)]


@SETTINGS
@given(entry_lists())
def test_csv_package_round_trip(entries):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "export"
        back = _round_trip(entries, folder)
        assert [dump_entry(e) for e in back] == [dump_entry(e) for e in entries]
        wide = [e for _, e in read_csv([folder / WIDE_FILE], VOCABULARY)]
        assert [dump_entry(e) for e in wide] == [dump_entry(e) for e in entries]
        for name, number, cell in _cells(folder):
            assert not cell.startswith(FORMULA_STARTS), (name, number, cell[:30])


@given(st.one_of(st.sampled_from(NASTY_TEXT), st.text()))
def test_guard_is_reversible_and_safe(text):
    cell = neutralise(text)
    assert restore(cell) == text
    assert not cell.startswith(FORMULA_STARTS)


# Written out, not taken from the module's constant: a character dropped from the guard must
# fail here (OWASP's CSV injection list: = + - @, and tab, CR, LF).
@pytest.mark.parametrize("risky", ["=", "+", "-", "@", "\t", "\r", "\n"])
def test_every_risky_first_character_is_guarded_and_restored(risky, tmp_path):
    text = f"{risky}HYPERLINK(\"http://x\")"
    assert neutralise(text) == "'" + text and restore(neutralise(text)) == text
    entry = validate_entry({"id": "risky", "name": "Risky", "summary": f"{risky}1+1 first",
                            "tips": [f"{risky}cmd"]} if risky not in "\r\n" else
                           {"id": "risky", "name": "Risky", "authors": ["A"],
                            "source": {"title": "T", "author": f"{risky}cmd"}})
    [back] = _round_trip([entry], tmp_path / "out")
    assert back == entry
    cells = [cell for row in csv.reader(io.StringIO(
        (tmp_path / "out" / "exercises_wide.csv").read_text(encoding="utf-8-sig"))) for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@", "\t", "\r", "\n")]


def test_guard_cases():
    assert neutralise("=1+1") == "'=1+1"
    assert neutralise("'quoted") == "''quoted"
    assert neutralise("\t=x") == "'\t=x"
    assert neutralise("plain - text") == "plain - text"
    assert restore("''quoted") == "'quoted"
    assert restore("no quote") == "no quote"


def test_nasty_entry_cells_are_guarded_and_numbers_left_alone(tmp_path):
    entry = _nasty_entry()
    back = _round_trip([entry], tmp_path / "out")
    assert back == [entry] and dump_entry(back[0]) == dump_entry(entry)
    cells = _cells(tmp_path / "out")
    assert not [c for c in cells if c[2].startswith(FORMULA_STARTS)]
    rows = _dict_rows(tmp_path / "out" / "exercises.csv")
    assert rows[0]["name"] == "'=cmd|' /C calc'!A0"
    assert rows[0]["dosage_breaths"] == "5"
    assert rows[0]["dosage_hold_seconds_min"] == "20"
    assert rows[0]["source_url"] == "'"  # an empty text, not a missing one
    assert rows[0]["source_license"] == ""  # missing
    assert rows[0]["level"] == ""
    [review] = _dict_rows(tmp_path / "out" / "reviews.csv")
    assert review["comment"] == "'\n=line one\r\n+line two"
    assert review["at"] == "2024-05-01T09:30:00+02:00"


def test_text_stays_text(tmp_path):
    words = ["NA", "None", "null", "0012", "  leading", "TRUE", "1e5", "#N/A", "-5"]
    entry = Exercise(id="words", name="0012", summary="NA", tips=words,
                     source={"title": "None", "url": "null", "author": "", "license": "NA"})
    [back] = _round_trip([entry], tmp_path / "out")
    assert back.tips == words
    assert back.name == "0012" and back.summary == "NA"
    assert back.source.model_dump() == {"title": "None", "url": "null", "author": "",
                                        "license": "NA"}


def test_sample_library_package_validates_with_frictionless(sample_data, tmp_path):
    library = Library(sample_data)
    first = library.get(library.ids()[0])
    library.save(first.model_copy(update={"tips": [*first.tips, *NASTY_LINES[:12]]}))
    written = export_library(library, "csv", tmp_path / "csv")
    assert {p.name for p in written} == {f"{n}.csv" for n in TABLES} | {WIDE_FILE, PACKAGE_FILE} \
        | {"routines.csv", "routine_items.csv"}  # the sample's routines use published entries
    report = frictionless.validate(tmp_path / "csv" / PACKAGE_FILE)
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    package = frictionless.Package(tmp_path / "csv" / PACKAGE_FILE)
    goals = package.get_resource("goals").schema.get_field("goal")
    assert goals.constraints["enum"] == VOCABULARY.ids("goals")
    assert package.get_resource("tips").schema.foreign_keys == [
        {"fields": ["id"], "reference": {"resource": "exercises", "fields": ["id"]}}]


def test_frictionless_catches_a_value_outside_the_vocabulary(tmp_path):
    folder = tmp_path / "csv"
    write_csv_package([Exercise(id="a", name="A", goals=["warm-up"])], folder, VOCABULARY)
    path = folder / "goals.csv"
    path.write_text(path.read_text(encoding="utf-8-sig").replace("warm-up", "warmup"),
                    encoding="utf-8")
    report = frictionless.validate(folder / PACKAGE_FILE)
    assert not report.valid
    assert {e.type for e in report.tasks[TABLE_INDEX["goals"]].errors} == {"constraint-error"}


TABLE_INDEX = {name: i for i, name in enumerate(TABLES)}


def test_descriptor_describes_every_column():
    descriptor = package_descriptor(VOCABULARY)
    for resource in descriptor["resources"]:
        for field in resource["schema"]["fields"]:
            assert field["description"], (resource["name"], field["name"])
    assert "'" in descriptor["description"] and "formula" in descriptor["description"]


def _export(tmp_path: Path, *entries: Exercise) -> Path:
    folder = tmp_path / "export"
    write_csv_package(list(entries), folder, VOCABULARY)
    return folder


def _edit(path: Path, old: str, new: str) -> None:
    with open(path, encoding="utf-8-sig", newline="") as fh:
        text = fh.read()
    assert old in text
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        fh.write(text.replace(old, new))


def test_a_bad_row_in_the_middle_refuses_the_import(tmp_path):
    entries = [Exercise(id=f"e{i}", name=f"E{i}", instructions=["Sit", "Fold"])
               for i in range(3)]
    folder = _export(tmp_path, *entries)
    _edit(folder / "exercises.csv", "e1,E1,,,,,,,,,,draft", "e1,E1,,,,,,,x,,,draft")
    _edit(folder / "instructions.csv", "e1,2,Fold", "e1,two,Fold")
    (folder / WIDE_FILE).unlink()
    library = Library(tmp_path / "data")
    from stretchkit import import_files

    with pytest.raises(EntryError) as caught:
        import_files(library, [folder], "csv")
    text = sorted(str(p) for p in caught.value.problems)
    assert text == [
        f"{folder / 'exercises.csv'} row 3: dosage_breaths: expected a whole number, got 'x'",
        f"{folder / 'instructions.csv'} row 5: position: expected a whole number, got 'two'",
    ]
    assert not (tmp_path / "data" / "exercises").exists() or \
        not list((tmp_path / "data" / "exercises").glob("*.json"))


def test_wide_table_edited_alone_in_a_spreadsheet(tmp_path):
    folder = _export(tmp_path, Exercise(id="a", name="A", cues=[{"text": "Breathe",
                                                                  "key": True}]))
    wide = folder / WIDE_FILE
    # A spreadsheet may re-save with LF line ends and without the byte-order mark.
    text = wide.read_text(encoding="utf-8-sig").replace("\r\n", "\n")
    lines = text.split("\n")
    lines[1] = lines[1].replace(",A,", ",Renamed in a sheet,", 1)
    wide.write_text("\n".join(lines), encoding="utf-8")
    [(where, entry)] = read_csv([wide], VOCABULARY)
    assert entry.name == "Renamed in a sheet" and entry.cues[0].key is True
    assert where == f"{wide} row 2"


def test_spreadsheet_capital_booleans(tmp_path):
    folder = _export(tmp_path, Exercise(id="a", name="A", cues=[{"text": "Breathe"},
                                                                {"text": "Go", "key": True}]))
    _edit(folder / "cues.csv", "false", "FALSE")
    _edit(folder / "cues.csv", "true", "True")
    (folder / WIDE_FILE).unlink()
    [(_, entry)] = read_csv([folder], VOCABULARY)
    assert [c.key for c in entry.cues] == [False, True]


def test_folder_refuses_a_wide_table_that_disagrees(tmp_path):
    folder = _export(tmp_path, Exercise(id="a", name="A"))
    _edit(folder / WIDE_FILE, ",A,", ",Edited only here,")
    with pytest.raises(EntryError, match="differs from the tidy tables"):
        read_csv([folder], VOCABULARY)


def test_missing_table_and_foreign_csv_are_explained(tmp_path):
    folder = _export(tmp_path, Exercise(id="a", name="A"))
    (folder / "tips.csv").unlink()
    with pytest.raises(EntryError, match=r"tips.csv: missing: a stretchkit CSV export has"):
        read_csv([folder], VOCABULARY)
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Exercise,Steps\nCat,Arch|Round\n", encoding="utf-8")
    with pytest.raises(EntryError, match="give a mapping file"):
        read_csv([sheet], VOCABULARY)
    with pytest.raises(EntryError, match="import the whole folder"):
        read_csv([folder / "goals.csv"], VOCABULARY)


def test_cell_that_does_not_fit_its_column(tmp_path):
    folder = _export(tmp_path, Exercise(id="a", name="A", cues=[{"text": "Breathe"}],
                                        created="2024-01-01T00:00:00Z"))
    _edit(folder / "cues.csv", "false", "maybe")
    _edit(folder / "exercises.csv", "2024-01-01T00:00:00Z", "yesterday")
    (folder / WIDE_FILE).unlink()
    with pytest.raises(EntryError) as caught:
        read_csv([folder], VOCABULARY)
    messages = {p.field: p.message for p in caught.value.problems}
    assert messages["key"] == "expected true or false, got 'maybe'"
    assert messages["created"].startswith("expected a date and time with a time zone")
    assert caught.value.entries == []


def test_descriptor_json_is_stable(tmp_path):
    first = _export(tmp_path, Exercise(id="a", name="A"))
    again = tmp_path / "again"
    write_csv_package([Exercise(id="a", name="A")], again, VOCABULARY)
    for path in first.iterdir():
        assert path.read_bytes() == (again / path.name).read_bytes(), path.name
    assert json.loads((first / PACKAGE_FILE).read_text())["stretchkit"]["formula_guard"] == "'"
    shutil.rmtree(again)


def test_rows_after_a_dropped_row_keep_their_own_numbers(tmp_path):
    # A list row with a bad cell is left out; a problem further down the same table must
    # still name its own spreadsheet row, not the one above it.
    folder = _export(tmp_path, Exercise(id="a", name="A", instructions=["Sit", "Fold"]),
                     Exercise(id="b", name="B", instructions=["Stand"]))
    _edit(folder / "instructions.csv", "a,2,Fold", "a,two,Fold")
    _edit(folder / "instructions.csv", "b,1,Stand", "ghost,1,Stand")
    (folder / WIDE_FILE).unlink()
    with pytest.raises(EntryError) as caught:
        read_csv([folder], VOCABULARY)
    assert [str(p) for p in caught.value.problems] == [
        f"{folder / 'instructions.csv'} row 3: position: expected a whole number, got 'two'",
        f"{folder / 'instructions.csv'} row 4: id: no entry 'ghost' in the exercises table",
    ]
    assert [e.id for _, e in caught.value.entries] == ["b"]


def test_checklist_row_without_a_position_is_named(tmp_path):
    review = Review(reviewer="Ana", at="2024-05-01T09:30:00Z", decision="approved",
                    checklist={"cues complete": True, "dosage set": False})
    folder = _export(tmp_path, Exercise(id="a", name="A", status="approved", reviews=[review]),
                     Exercise(id="b", name="B"))
    _edit(folder / "review_checklist.csv", "a,1,2,dosage set", "a,1,,dosage set")
    (folder / WIDE_FILE).unlink()
    with pytest.raises(EntryError) as caught:
        read_csv([folder], VOCABULARY)
    assert [str(p) for p in caught.value.problems] == [
        f"{folder / 'review_checklist.csv'} row 3: position: expected a whole number, got None"]
    assert [e.id for _, e in caught.value.entries] == ["b"]


def test_list_rows_apart_and_out_of_order_come_back_in_position_order(tmp_path):
    entries = [Exercise(id="a", name="A", instructions=["One", "Two", "Three"]),
               Exercise(id="b", name="B", instructions=["Uno", "Dos"])]
    folder = _export(tmp_path, *entries)
    path = folder / "instructions.csv"
    with open(path, encoding="utf-8-sig", newline="") as fh:
        header, *rows = list(csv.reader(fh))
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([header, rows[2], rows[4], rows[0], rows[3], rows[1]])
    assert [e for _, e in read_csv([folder], VOCABULARY)] == entries


def test_characters_other_programs_take_for_line_breaks_stay_in_their_cell(tmp_path):
    # CSV rows end at \r, \n or \r\n only; Python's str.splitlines also breaks at these, and
    # csv.writer leaves a cell holding them unquoted.
    texts = ["a\vb", "c\fd", "e\x1cf", "g\x1dh", "i\x1ei", "j\x85k", "l\u2028m", "n\u2029o"]
    entries = [Exercise(id="a", name=texts[0], tips=texts, summary=texts[-1]),
               Exercise(id="b", name="B", tips=["plain"])]
    folder = _export(tmp_path, *entries)
    assert [e for _, e in read_csv([folder], VOCABULARY)] == entries
    assert [e for _, e in read_csv([folder / WIDE_FILE], VOCABULARY)] == entries
