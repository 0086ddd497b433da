"""Foreign datasets through a mapping file: every rule form, messy files (extra field,
duplicate headers, Latin-1, BOM), all-or-nothing reading, and free-exercise-db end to end."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import pytest

from stretchkit import EntryError, Library, import_files, preview_import
from stretchkit.formats.records import EncodingNotice
from stretchkit.transfer.mapping import MappingError, load_mapping, read_mapped, survey_mapped
from tests.conftest import ROOT

FREE_DB = ROOT / "tests" / "fixtures" / "free-exercise-db.json"
FREE_DB_MAPPING = ROOT / "data" / "mappings" / "free-exercise-db.json"
SHEET_MAPPING = {"fields": {"name": "Exercise",
                            "instructions": {"from": "Steps", "split": "|"},
                            "goals": {"from": "Goal", "map": {"before squats": "pre-squat"}}}}


def _csv(tmp_path: Path, text: str, encoding: str = "utf-8", name: str = "sheet.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def _one(record: dict, fields: dict, **mapping) -> dict:
    """The entry data one JSON record maps to (through the real reader)."""
    return _entries([record], {"fields": fields, **mapping})[0].model_dump(mode="json")


def _entries(records: list[dict], mapping: dict) -> list:
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "in.json"
        path.write_text(json.dumps(records), encoding="utf-8")
        return [e for _, e in read_mapped([path], "json", mapping)]


# -- rules ------------------------------------------------------------------------------------
def test_plain_split_map_value_and_template():
    data = _one({"title": "  Cat Stretch ", "steps": "Kneel | Arch||Round ",
                 "muscle": ["Lower Back", "glutes"], "ref": "cat_1"},
                {"name": "title",
                 "instructions": {"from": "steps", "split": "|"},
                 "targets": {"from": "muscle", "map": {"lower back": "lower-back"}},
                 "status": {"value": "in-review"},
                 "source": {"value": {"title": "Sheet", "license": "CC0"}},
                 "source.url": {"template": "https://example.invalid/{ref}"}})
    assert data["id"] == "cat-stretch" and data["name"] == "Cat Stretch"
    assert data["instructions"] == ["Kneel", "Arch", "Round"]
    assert data["targets"] == ["lower-back", "glutes"]
    assert data["status"] == "in-review"
    assert data["source"] == {"title": "Sheet", "url": "https://example.invalid/cat_1",
                              "author": None, "license": "CC0"}


def test_map_to_several_values_to_none_and_default():
    rule = {"from": "muscles", "map": {"quads": ["pre-squat", "pre-lunge"], "neck": None},
            "default": None}
    data = _one({"name": "A", "muscles": ["quads", "neck", "shins"]}, {"name": "name",
                                                                       "goals": rule})
    assert data["goals"] == ["pre-squat", "pre-lunge"]
    kept = _one({"name": "A", "muscles": ["hamstrings"]},
                {"name": "name", "targets": {"from": "muscles", "map": {"x": "y"}}})
    assert kept["targets"] == ["hamstrings"]


def test_contains_first_match_for_a_single_field_all_for_a_list():
    fields = {"name": "name",
              "position": {"from": "name", "contains": {"side lying": "side-lying",
                                                        "lying": "supine",
                                                        "seated": "seated"}},
              "equipment": {"from": "name", "contains": {"strap": "strap", "wall": "wall",
                                                         "all": "none"}}}
    data = _one({"name": "Side Lying Seated Strap Wall Stretch"}, fields)
    assert data["position"] == "side-lying"
    assert data["equipment"] == ["strap", "wall"]  # 'all' is not a word in 'wall'


def test_list_of_rules_adds_up_for_lists_and_falls_back_for_single_fields():
    fields = {"name": "name",
              "goals": [{"value": ["mobility"]}, {"from": "goal"}],
              "kind": [{"from": "kind"}, {"value": "static-stretch"}],
              "dosage.sides": "sides", "dosage.reps": "reps"}
    first = _one({"name": "A", "goal": "warmup", "kind": "", "sides": "each", "reps": 10},
                 fields)
    assert first["goals"] == ["mobility", "warm-up"]
    assert first["kind"] == "static-stretch"
    assert first["dosage"] == {"hold_seconds": None, "breaths": None, "reps": 10,
                               "sides": "each"}
    second = _one({"name": "B", "goal": None, "kind": "dynamic", "sides": None, "reps": None},
                  fields)
    assert second["kind"] == "dynamic-stretch" and second["goals"] == ["mobility"]


def test_where_keeps_matching_records_only():
    records = [{"name": "A", "cat": "stretching"}, {"name": "B", "cat": "strength"},
               {"name": "C", "cat": "mobility"}]
    got = _entries(records, {"where": {"cat": ["stretching", "mobility"]},
                             "fields": {"name": "name"}})
    assert [e.name for e in got] == ["A", "C"]


def test_text_for_a_list_field_splits_at_line_breaks():
    data = _one({"name": "A", "how": "Sit tall\r\n\nFold forward\n"},
                {"name": "name", "instructions": "how"})
    assert data["instructions"] == ["Sit tall", "Fold forward"]


def test_several_values_for_a_single_field_is_a_problem(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"name": "A", "lvl": ["beginner", "advanced"]}]))
    with pytest.raises(EntryError) as caught:
        read_mapped([path], "json", {"fields": {"name": "name", "level": "lvl"}})
    assert [str(p) for p in caught.value.problems] == [
        f"{path} $[0]: level: expected one value, got 2: 'beginner', 'advanced'"]


@pytest.mark.parametrize(("mapping", "message"), [
    ({"fields": {"nmae": "name"}}, "fields.nmae: not an entry field"),
    ({"fields": {"url": "link"}}, "did you mean 'source.url'?"),
    ({"fields": {"name": {"from": "n", "splt": "|"}}}, "unknown key 'splt'"),
    ({"fields": {"name": {"from": "n", "value": "x"}}}, "exactly one of 'from', 'value'"),
    ({"fields": {"goals": {"from": "g", "map": {}, "contains": {"a": "b"}}}},
     "give 'map' or 'contains', not both"),
    ({"fields": {"goals": {"from": "g", "map": ["a"]}}}, "fields.goals.map: expected an object"),
    ({"fields": {"goals": {"value": ["a"], "split": "|"}}}, "'split' only goes with 'from'"),
    ({"fields": {}}, "fields: expected an object mapping entry fields to rules"),
    ({"fields": {"name": "n"}, "filter": {}}, "unknown key 'filter'"),
    ({"fields": {"name": 3}}, "expected a source field name, a rule object or a list"),
])
def test_mapping_mistakes_are_named(mapping, message):
    with pytest.raises(MappingError, match=message.replace("(", r"\(").replace("?", r"\?")):
        load_mapping(mapping)


def test_mapping_file_errors_name_the_file(tmp_path):
    path = tmp_path / "m.json"
    path.write_text('{"fields": {"name": "a", "name": "b"}}', encoding="utf-8")
    with pytest.raises(MappingError, match=r"m.json: not valid JSON: the key 'name' appears"):
        load_mapping(path)
    with pytest.raises(MappingError, match="no such mapping file"):
        load_mapping(tmp_path / "missing.json")


# -- messy foreign CSV ------------------------------------------------------------------------
def test_spreadsheet_import(tmp_path, empty_data):
    sheet = _csv(tmp_path, "Exercise,Steps,Goal\r\nCat Stretch,Kneel|Arch,before squats\r\n"
                           "Child's Pose,Kneel|Sit back,\r\n,,\r\n")
    library = Library(empty_data)
    plan = import_files(library, [sheet], "csv", mapping=SHEET_MAPPING)
    assert [e.id for e in plan.create] == ["cat-stretch", "child-s-pose"]
    assert library.get("cat-stretch").goals == ["pre-squat"]
    assert library.get("child-s-pose").instructions == ["Kneel", "Sit back"]


def test_extra_field_in_one_row_names_the_row_and_writes_nothing(tmp_path, empty_data):
    sheet = _csv(tmp_path, "Exercise,Steps,Goal\nA,x|y,\nB,x|y,,surprise\nC,x,\n")
    library = Library(empty_data)
    with pytest.raises(EntryError) as caught:
        import_files(library, [sheet], "csv", mapping=SHEET_MAPPING)
    assert [str(p) for p in caught.value.problems] == [
        f"{sheet} row 3: 4 cells, but the header has 3 columns (an extra field, or a separator "
        "inside an unquoted cell?)"]
    assert len(Library(empty_data)) == 0


def test_duplicate_header_names_the_column(tmp_path):
    sheet = _csv(tmp_path, "Exercise,Steps,Steps\nA,x,y\n")
    with pytest.raises(EntryError) as caught:
        read_mapped([sheet], "csv", SHEET_MAPPING)
    assert str(caught.value.problems[0]) == (
        f"{sheet}: Steps: the column name appears twice in the header (columns 2 and 3)")


def test_latin1_file_is_read_with_a_notice(tmp_path):
    sheet = _csv(tmp_path, "Exercise,Steps,Goal\nÉtirement du mollet,Debout|Pousser,\n",
                 encoding="latin-1")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        [(_, entry)] = read_mapped([sheet], "csv", SHEET_MAPPING)
    assert entry.name == "Étirement du mollet" and entry.id == "etirement-du-mollet"
    [notice] = [w for w in caught if issubclass(w.category, EncodingNotice)]
    assert "not UTF-8 (byte 0xc9 at offset 20 is not UTF-8); read as Windows-1252" in \
        str(notice.message)


def test_bom_and_quoted_cells(tmp_path):
    sheet = _csv(tmp_path, '\ufeffExercise,Steps,Goal\r\n"Reach, then fold","Reach|""Fold""",'
                           "\r\n", encoding="utf-8")
    [(where, entry)] = read_mapped([sheet], "csv", SHEET_MAPPING)
    assert entry.name == "Reach, then fold"
    assert entry.instructions == ["Reach", '"Fold"']
    assert where == f"{sheet} row 2"


def test_a_folder_of_sheets(tmp_path):
    folder = tmp_path / "sheets"
    folder.mkdir()
    _csv(folder, "Exercise,Steps,Goal\nA,x,\n", name="one.csv")
    _csv(folder, "Exercise,Steps,Goal\nB,y,\n", name="two.csv")
    _csv(folder, "not a sheet", name="notes.txt")
    got = read_mapped([folder], "csv", SHEET_MAPPING)
    assert [(Path(w.split(" row ")[0]).name, e.id) for w, e in got] == [("one.csv", "a"),
                                                                        ("two.csv", "b")]


def test_missing_column_is_named(tmp_path):
    sheet = _csv(tmp_path, "Name,Steps,Goal\nA,x,\n")
    with pytest.raises(EntryError) as caught:
        read_mapped([sheet], "csv", SHEET_MAPPING)
    [problem] = caught.value.problems
    assert problem.field == "Exercise"
    assert "has no such column (columns: Name, Steps, Goal)" in problem.message


def test_all_bad_rows_reported_with_row_numbers(tmp_path, empty_data):
    sheet = _csv(tmp_path, "Exercise,Steps,Goal\nGood,a|b,\n,Missing name|x,\n"
                           "Third,c,cooldwn\nGood,dup,\n")
    library = Library(empty_data)
    with pytest.raises(EntryError) as caught:
        import_files(library, [sheet], "csv", mapping=SHEET_MAPPING)
    text = [str(p) for p in caught.value.problems]
    assert text[0] == f"{sheet} row 3: name: required, but missing"
    assert text[1].startswith(f"{sheet} row 4: goals[0]: unknown goal 'cooldwn': did you mean "
                              "'cool-down'?")
    assert text[2] == (f"{sheet} row 5: id: 'good' appears twice in the input (first at "
                       f"{sheet} row 2)")
    assert len(text) == 3
    assert len(Library(empty_data)) == 0
    plan = preview_import(library, [sheet], "csv", mapping=SHEET_MAPPING)
    assert [e.id for e in plan.create] == ["good"] and len(plan.problems) == 3


def test_json_field_in_no_record_is_named(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"name": "A"}]))
    with pytest.raises(EntryError, match="the mapping reads field 'Steps', but no record"):
        read_mapped([path], "json", SHEET_MAPPING)


def test_jsonl_foreign_records(tmp_path):
    path = tmp_path / "in.jsonl"
    path.write_text('{"Exercise": "A", "Steps": "x|y", "Goal": null}\n'
                    '{"Exercise": "B", "Steps": "z", "Goal": "before squats"}\n')
    got = read_mapped([path], "jsonl", SHEET_MAPPING)
    assert [(w.rsplit(" ", 1)[1], e.goals) for w, e in got] == [("1", []), ("2", ["pre-squat"])]


# -- free-exercise-db end to end --------------------------------------------------------------
def test_free_exercise_db_end_to_end(empty_data):
    library = Library(empty_data)
    dry = preview_import(library, [FREE_DB], "json", mapping=FREE_DB_MAPPING)
    assert len(dry.create) == 123 and not dry.problems
    assert not (empty_data / "exercises").exists()
    plan = import_files(library, [FREE_DB], "json", mapping=FREE_DB_MAPPING)
    assert len(plan.create) == 123
    reloaded = Library(empty_data)
    assert len(reloaded) == 123 and not reloaded.problems
    records = json.loads(FREE_DB.read_text(encoding="utf-8"))
    stretching = {r["name"] for r in records if r["category"] == "stretching"}
    assert {e.name for e in reloaded} == stretching
    for entry in reloaded:
        assert entry.status == "draft"
        assert "mobility" in entry.goals and entry.targets and entry.instructions
        assert entry.source.title == "free-exercise-db" and entry.source.license == "Unlicense"
        assert entry.source.url.startswith("https://github.com/yuhonas/free-exercise-db/")
    cat = reloaded.get("cat-stretch")
    assert cat.targets == ["lower-back", "middle-back", "neck"]  # traps -> neck
    assert cat.position == "quadruped" and cat.kind == "static-stretch"
    assert cat.goals == ["mobility", "cool-down", "desk-break"]
    hamstring = reloaded.get("90-90-hamstring")
    assert hamstring.equipment == ["none"] and hamstring.kind == "dynamic-stretch"
    assert hamstring.goals == ["mobility", "warm-up", "pre-run"]
    assert hamstring.dosage.sides == "each" and hamstring.position == "supine"
    assert reloaded.get("calves-smr").kind == "self-massage"
    assert reloaded.get("calves-smr").equipment == ["foam-roller"]
    assert {e.level for e in reloaded} == {"beginner", "intermediate", "advanced"}
    assert len(reloaded.filter(goals="warm-up")) > 10
    again = import_files(library, [FREE_DB], "json", mapping=FREE_DB_MAPPING)
    assert len(again.unchanged) == 123 and not again.create


def test_where_matches_words_in_a_value_and_items_of_a_list():
    records = [{"name": "Seated Calf Stretch", "muscles": ["calves"], "cat": "stretching"},
               {"name": "Calf Raise", "muscles": ["calves", "soleus"], "cat": "strength"},
               {"name": "Standing Hamstring", "muscles": ["hamstrings"], "cat": "Stretching"},
               {"name": "Halfcalf Thing", "muscles": [], "cat": "stretching"}]
    def names(where: dict) -> list[str]:
        return [e.name for e in _entries(records, {"where": where, "fields": {"name": "name"}})]

    # whole words, ignoring case: "calf" is not in "Halfcalf"
    assert names({"name": {"contains": "calf"}}) == ["Seated Calf Stretch", "Calf Raise"]
    assert names({"name": {"contains": ["seated", "standing hamstring"]}}) == [
        "Seated Calf Stretch", "Standing Hamstring"]
    # a list field passes when one of its items does
    assert names({"muscles": "soleus"}) == ["Calf Raise"]
    assert names({"muscles": ["hamstrings", "soleus"]}) == ["Calf Raise", "Standing Hamstring"]
    # every test must pass; equality is exact ("Stretching" is not "stretching")
    assert names({"cat": "stretching", "muscles": {"contains": "calves"}}) == [
        "Seated Calf Stretch"]


@pytest.mark.parametrize(("where", "message"), [
    ({"cat": []}, "where.cat: expected at least one allowed value, got []"),
    ({"cat": {"contains": ""}}, 'where.cat: expected a value, a list of values or '
                                '{"contains": "word" or ["words"]}, got {"contains": ""}'),
    ({"cat": {"has": "x"}}, 'where.cat: expected a value, a list of values or '
                            '{"contains": "word" or ["words"]}, got {"has": "x"}'),
    ({"cat": {"contains": ["ok", 3]}}, "where.cat: expected a value"),
])
def test_a_bad_where_is_refused_naming_the_field(where, message):
    with pytest.raises(MappingError, match=re.escape(message)):
        load_mapping({"where": where, "fields": {"name": "name"}})


def test_the_survey_lists_unread_columns_and_each_value_that_will_not_map(tmp_path):
    sheet = _csv(tmp_path, "title,goal,area,level,notes,kind\n"
                           "A,warmup,calves,casual,x,static\n"
                           "B,neck-ish,shins,casual,,static\n"
                           "C,neck-ish,calves,expert,,dynamic\n"
                           "D,neck-ish,shins,expert,,x\n")
    mapping = {"where": {"kind": ["static", "dynamic"]},
               "fields": {"name": "title", "goals": {"from": "goal", "split": ","},
                          "targets": {"from": "area", "map": {"shins": "shin-ish"}},
                          "level": {"from": "level", "map": {"expert": "advanced"}}}}
    survey = survey_mapped([sheet], "csv", mapping)
    assert survey.unread == ["notes"]  # `kind` is read by the where
    assert [(u.target, u.sources, u.counts) for u in survey.unmapped] == [
        ("goals", ("goal",), {"neck-ish": 2}),  # row D is left out by the where
        ("targets", ("area",), {"shins": 1}),  # named as in the source, not as mapped
        ("level", ("level",), {"casual": 2}),
    ]
    assert survey.lines()[1] == (
        "values that will not map: goals from goal: 'neck-ish' (2 records); add them to its "
        '"map" (allowed: warm-up, cool-down, pre-squat, pre-lunge, pre-run, mobility, '
        "recovery, desk-break)")


def test_the_survey_of_free_exercise_db_through_the_shipped_mapping():
    survey = survey_mapped([FREE_DB], "json", FREE_DB_MAPPING)
    assert survey.unread == ["mechanic"]  # the photos are read: remote links (media)
    assert survey.unmapped == []
