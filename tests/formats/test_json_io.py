"""JSON and JSON Lines: lossless round trips, raw text, null for missing, strict reading, and
the published JSON Schema (current, and matching what is exported)."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings

from stretchkit import (
    EntryError,
    Exercise,
    Library,
    Vocabulary,
    export_library,
    import_files,
    validate_entry,
)
from stretchkit.formats.entry_file import dump_entry
from stretchkit.formats.json_io import read_json, read_jsonl, write_json, write_jsonl
from stretchkit.model.schema import exercise_json_schema, schema_text
from stretchkit.transfer import read_entries
from tests.conftest import ROOT
from tests.strategies import NASTY_LINES, entry_lists, examples

VOCABULARY = Vocabulary.default()
SCHEMA_FILE = ROOT / "schema" / "exercise.schema.json"
SETTINGS = settings(max_examples=examples(40), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@SETTINGS
@given(entry_lists())
def test_json_and_jsonl_round_trip(entries):
    with tempfile.TemporaryDirectory() as tmp:
        for write, read, name in ((write_json, read_json, "all.json"),
                                  (write_jsonl, read_jsonl, "all.jsonl")):
            path = Path(tmp) / name
            write(entries, path, VOCABULARY)
            back = [e for _, e in read([path], VOCABULARY)]
            assert [dump_entry(e) for e in back] == [dump_entry(e) for e in entries]


def test_json_keeps_raw_text_and_writes_null(tmp_path):
    entry = Exercise(id="raw", name="=1+1", tips=NASTY_LINES[:12])
    write_json([entry], tmp_path / "a.json", VOCABULARY)
    text = (tmp_path / "a.json").read_text(encoding="utf-8")
    assert "NaN" not in text
    [data] = json.loads(text)
    assert data["name"] == "=1+1" and data["tips"] == NASTY_LINES[:12]
    assert data["level"] is None and data["dosage"]["breaths"] is None
    write_jsonl([entry, Exercise(id="two", name="Two")], tmp_path / "a.jsonl", VOCABULARY)
    lines = (tmp_path / "a.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["raw", "two"]


def test_bad_entry_in_the_middle_refuses_the_whole_import(tmp_path, empty_data):
    items = [Exercise(id=f"e{i}", name=f"E{i}").model_dump(mode="json") for i in range(3)]
    items[1]["goals"] = ["cooldwn"]
    items[1]["tips"] = ["fine", "two\nlines"]
    (tmp_path / "in.json").write_text(json.dumps(items), encoding="utf-8")
    library = Library(empty_data)
    with pytest.raises(EntryError) as caught:
        import_files(library, [tmp_path / "in.json"], "json")
    where = f"{tmp_path / 'in.json'} $[1]"
    assert {(p.where, p.field) for p in caught.value.problems} == {
        (where, "goals[0]"), (where, "tips[1]")}
    assert "did you mean 'cool-down'?" in str(caught.value)
    assert len(Library(empty_data)) == 0


def test_jsonl_names_the_line(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": "a", "name": "A"}\n\n{"id": "b", "name": NaN}\n[1]\n',
                    encoding="utf-8")
    with pytest.raises(EntryError) as caught:
        read_entries([path], "jsonl")
    assert [str(p) for p in caught.value.problems] == [
        f"{path} line 3: not valid JSON: NaN is not valid JSON (use null for a missing value)",
        f"{path} line 4: expected a JSON object with the entry's fields, got list",
    ]


def test_duplicate_keys_and_wrong_shape_are_refused(tmp_path):
    dup = tmp_path / "dup.json"
    dup.write_text('[{"id": "a", "name": "A", "name": "B"}]', encoding="utf-8")
    with pytest.raises(EntryError, match="the key 'name' appears twice in one object"):
        read_entries([dup], "json")
    one = tmp_path / "one.json"
    one.write_text('{"id": "a", "name": "A"}', encoding="utf-8")
    with pytest.raises(EntryError, match="expected a JSON array of entries, got a dict"):
        read_entries([one], "json")


def test_text_like_missing_values_stay_text(tmp_path, empty_data):
    entry = Exercise(id="words", name="None", summary="null", tips=["NA", "0012", "  x"])
    library = Library(empty_data)
    for fmt in ("json", "jsonl"):
        out = tmp_path / f"out.{fmt}"
        write = write_json if fmt == "json" else write_jsonl
        write([entry], out, VOCABULARY)
        [(_, back)] = read_entries([out], fmt)
        assert back == entry
    import_files(library, [tmp_path / "out.json"], "json")
    assert library.get("words").tips == ["NA", "0012", "  x"]


# -- the published schema ---------------------------------------------------------------------
def test_committed_schema_is_current():
    assert SCHEMA_FILE.read_text(encoding="utf-8") == schema_text(), (
        "schema/exercise.schema.json is out of date: run "
        "`python -m stretchkit.model.schema > schema/exercise.schema.json`")


def test_exports_validate_against_the_schema(sample_data, tmp_path):
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    export_library(Library(sample_data), "json", tmp_path / "all.json", status=None)
    data = json.loads((tmp_path / "all.json").read_text(encoding="utf-8"))
    assert data
    for item in data:
        assert not list(validator.iter_errors(item)), item["id"]


@SETTINGS
@given(entry_lists(2))
def test_any_valid_entry_matches_the_schema(entries):
    validator = jsonschema.Draft202012Validator(exercise_json_schema())
    for entry in entries:
        errors = [e.message for e in validator.iter_errors(entry.model_dump(mode="json"))]
        assert not errors


@pytest.mark.parametrize(("change", "path"), [
    ({"goals": ["nope"]}, ["goals", 0]),
    ({"id": "Not A Slug"}, ["id"]),
    ({"tips": ["two\nlines"]}, ["tips", 0]),
    ({"level": "expertish"}, ["level"]),
    ({"colour": "red"}, []),
])
def test_schema_refuses_what_the_model_refuses(change, path):
    validator = jsonschema.Draft202012Validator(exercise_json_schema())
    data = {**Exercise(id="a", name="A").model_dump(mode="json"), **change}
    errors = list(validator.iter_errors(data))
    assert errors and any(list(e.absolute_path) == path for e in errors)
    with pytest.raises(EntryError):
        validate_entry(data)
