"""Wide and tidy tables: every field in, every field back out, and bad rows named."""

from __future__ import annotations

from datetime import UTC, datetime

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from stretchkit import EntryError, Exercise, Library, Vocabulary, validate_entry
from stretchkit.formats.entry_file import dump_entry
from stretchkit.formats.tables import (
    ID,
    POSITION,
    TABLES,
    TERM_LISTS,
    TEXT_LIST_DESCRIPTIONS,
    WIDE,
    Column,
    Table,
    _child,
    _wide_columns,
    entries_from_columns,
    entries_from_tables,
    entries_from_wide,
    frame_columns,
    plain,
    split_list,
    tidy_tables,
    wide_table,
)
from tests.strategies import entry_lists, examples

SETTINGS = settings(max_examples=examples(40), deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _same(got: list[tuple[str, Exercise]], want: list[Exercise]) -> None:
    assert [dump_entry(e) for _, e in got] == [dump_entry(e) for e in want]


@SETTINGS
@given(entry_lists())
def test_tidy_tables_round_trip(entries):
    _same(entries_from_tables(tidy_tables(entries)), entries)


@SETTINGS
@given(entry_lists())
def test_wide_table_round_trip(entries):
    _same(entries_from_wide(wide_table(entries)), entries)


def test_every_list_field_has_a_tidy_table_and_every_field_a_wide_column():
    # A field added to the model must not be silently dropped by the tables.
    list_fields = {name for name, info in Exercise.model_fields.items()
                   if info.default_factory is list}
    assert list_fields <= set(TABLES)
    assert set(TEXT_LIST_DESCRIPTIONS) | set(TERM_LISTS) | {
        "faq", "cues", "reviews", "precautions", "media"} == list_fields
    assert "goal_dosages" in TABLES  # dosage_by_goal, a dict, has its own table
    wide = set(WIDE.column_names)
    for name in Exercise.model_fields:
        assert name in wide or any(c.startswith(f"{name}_") for c in wide), name


def test_sample_library_tables(sample_data):
    library = Library(sample_data)
    tables = tidy_tables(library)
    entries = list(library)
    assert list(tables["exercises"]["id"]) == [e.id for e in entries]
    first = entries[0]
    rows = tables["instructions"][tables["instructions"]["id"] == first.id]
    assert list(rows["position"]) == list(range(1, len(first.instructions) + 1))
    assert list(rows["text"]) == first.instructions
    goals = tables["goals"]
    assert set(goals[goals["id"] == first.id]["goal"]) == set(first.goals)
    wide = wide_table(library.filter(goals="warm-up"))
    assert len(wide) == len(library.filter(goals="warm-up")) > 0
    assert all("warm-up" in split_list(cell) for cell in wide["goals"])


def test_missing_values_keep_their_kind():
    entry = Exercise(id="a", name="A", summary="", tips=["NA"],
                     source={"title": "Book", "url": "", "author": None})
    exercises = tidy_tables([entry])["exercises"]
    assert exercises.loc[0, "summary"] == ""
    assert exercises.loc[0, "source_url"] == ""
    assert exercises.loc[0, "source_author"] is None
    assert exercises["dosage_breaths"].dtype == "Int64"
    assert exercises["dosage_breaths"].isna().all()
    assert tidy_tables([entry])["tips"].loc[0, "text"] == "NA"


def test_lists_join_with_line_feeds_and_split_back():
    entry = Exercise(id="a", name="A", instructions=["Sit tall", "=Fold"],
                     goals=["warm-up", "pre-run"])
    row = wide_table([entry]).iloc[0]
    assert row["instructions"] == "Sit tall\n=Fold"
    assert row["goals"] == "warm-up\npre-run"
    assert row["faq"] == ""
    assert split_list("a\r\nb\rc\nd") == ["a", "b", "c", "d"]
    assert split_list("") == []


def _tables(*entries: Exercise) -> dict[str, pd.DataFrame]:
    return tidy_tables(entries)


def test_bad_rows_are_all_named_and_no_entry_is_half_read():
    good, bad = Exercise(id="good", name="Good"), Exercise(id="bad", name="Bad", tips=["x"])
    tables = _tables(good, bad)
    tables["exercises"].loc[1, "status"] = "finished"
    tables["tips"] = pd.concat([tables["tips"], tables["tips"]], ignore_index=True)  # dup pos
    orphan = tables["goals"].iloc[0:0].copy()
    orphan.loc[0] = ["ghost", 1, "warm-up"]
    tables["goals"] = orphan
    with pytest.raises(EntryError) as caught:
        entries_from_tables(tables)
    text = [str(p) for p in caught.value.problems]
    assert "exercises row 2: status: Input should be 'draft', 'in-review', 'changes-requested', "\
           "'approved', 'published' or 'archived', got 'finished'" in text
    assert any(t.startswith("tips row 2: position: position 1 appears twice for 'bad'")
               for t in text)
    assert "goals row 1: id: no entry 'ghost' in the exercises table" in text
    assert [e.id for _, e in caught.value.entries] == ["good"]


def test_item_problem_points_at_its_tidy_row():
    tables = _tables(Exercise(id="a", name="A", tips=["one", "two", "three"]))
    tables["tips"].loc[2, "text"] = "three\nlines"
    with pytest.raises(EntryError) as caught:
        entries_from_tables(tables)
    [problem] = caught.value.problems
    assert (problem.where, problem.field) == ("tips row 3", "tips[2]")
    assert "line break" in problem.message


def test_missing_and_unknown_columns_are_named():
    tables = _tables(Exercise(id="a", name="A"))
    tables["exercises"] = tables["exercises"].drop(columns=["level"]).assign(colour="red")
    with pytest.raises(EntryError) as caught:
        entries_from_tables(tables)
    [problem] = caught.value.problems
    assert problem.where == "exercises"
    assert problem.message.startswith("missing column level; unknown column colour (the "
                                      "exercises table has the columns id, name, summary,")


def test_half_a_hold_range_is_refused():
    tables = _tables(Exercise(id="a", name="A", dosage={"hold_seconds": (20, 30)}))
    tables["exercises"].loc[0, "dosage_hold_seconds_max"] = pd.NA
    with pytest.raises(EntryError, match="expected both dosage_hold_seconds_min and "
                                         "dosage_hold_seconds_max, or neither"):
        entries_from_tables(tables)


def test_wide_json_column_errors_name_row_and_column():
    wide = wide_table([Exercise(id="a", name="A"), Exercise(id="b", name="B")])
    wide.loc[1, "faq"] = "[{'question': 1}"
    with pytest.raises(EntryError) as caught:
        entries_from_wide(wide)
    [problem] = caught.value.problems
    assert (problem.where, problem.field) == ("exercises_wide row 2", "faq")
    assert [e.id for _, e in caught.value.entries] == ["a"]


def test_tables_from_pandas_operations_still_read_back():
    # A data user filters and re-indexes a table with pandas; NaN-style missing values and
    # numpy scalars must come back as None and ints.
    entries = [Exercise(id="a", name="A", dosage={"breaths": 5}),
               Exercise(id="b", name="B", level="beginner")]
    tables = tidy_tables(entries)
    tables["exercises"] = tables["exercises"].iloc[::-1].reset_index(drop=True)
    got = {e.id: e for _, e in entries_from_tables(tables)}
    assert got == {e.id: e for e in entries}


def test_list_rows_in_any_order_read_back():
    entries = [Exercise(id="a", name="A", tips=["One", "Two", "Three"]),
               Exercise(id="b", name="B", tips=["Uno", "Dos"])]
    tables = tidy_tables(entries)
    tables["tips"] = tables["tips"].iloc[[3, 0, 4, 2, 1]].reset_index(drop=True)
    assert [e for _, e in entries_from_tables(tables)] == entries


def test_a_position_taken_further_up_the_table_is_named():
    tables = _tables(Exercise(id="a", name="A", tips=["one"]),
                     Exercise(id="b", name="B", tips=["two"]))
    tables["tips"] = pd.concat([tables["tips"], tables["tips"].iloc[[0]]], ignore_index=True)
    with pytest.raises(EntryError) as caught:
        entries_from_tables(tables)
    assert [str(p) for p in caught.value.problems] == [
        "tips row 3: position: position 1 appears twice for 'a' (first at tips row 1)"]
    assert [e.id for _, e in caught.value.entries] == ["b"]


# -- the table descriptions (built when the module loads; called here so a change shows) -----
def test_a_list_table_is_keyed_by_entry_and_position_and_points_at_the_exercises():
    text = Column("text", "string", "one item (one line)", required=True)
    assert _child("tips", "tips and tricks", text) == Table(
        "tips", "tips and tricks", (ID, POSITION, text), ("id", "position"),
        (("id",), "exercises", ("id",)))


def test_the_wide_columns_follow_the_model_with_lists_one_item_per_line_or_as_json():
    columns = _wide_columns()
    assert [c.name for c in columns] == [
        "id", "name", "summary", "overview", "instructions", "tips", "faq", "cues", "goals",
        "targets", "position", "kind", "level", "equipment", "dosage_hold_seconds_min",
        "dosage_hold_seconds_max", "dosage_breaths", "dosage_reps", "dosage_sides",
        "dosage_by_goal", "regressions", "progressions", "common_mistakes", "stop_signs",
        "precautions", "media", "status", "reviews",
        "authors", "source_title", "source_url", "source_author", "source_license", "created",
        "updated"]
    scalar = {c.name: c for c in TABLES["exercises"].columns}
    lists = {}
    for column in columns:
        if column.name in scalar:
            assert column is scalar[column.name], column.name
        else:
            lists[column.name] = (column.type, column.joined, column.json, column.description)
    one_per_line, as_json = ("string", True, False), ("string", False, True)
    assert lists == {
        "overview": (*one_per_line, "the overview's paragraphs: one item per line; empty if none"),
        "instructions": (*one_per_line, "the numbered instructions: one item per line; empty if "
                                        "none"),
        "tips": (*one_per_line, "tips and tricks: one item per line; empty if none"),
        "faq": (*as_json, "frequently asked questions, as JSON text (a list of objects); empty "
                          "if none"),
        "cues": (*as_json, "the cue checklist, as JSON text (a list of objects); empty if none"),
        "goals": (*one_per_line, "goals (vocabulary ids): one item per line; empty if none"),
        "targets": (*one_per_line, "targets (vocabulary ids): one item per line; empty if none"),
        "equipment": (*one_per_line, "equipment (vocabulary ids): one item per line; empty if "
                                     "none"),
        "regressions": (*one_per_line, "easier versions: one item per line; empty if none"),
        "progressions": (*one_per_line, "harder versions: one item per line; empty if none"),
        "common_mistakes": (*one_per_line, "what goes wrong: one item per line; empty if none"),
        "stop_signs": (*one_per_line, "when to stop: one item per line; empty if none"),
        "reviews": (*as_json, "editorial decisions, oldest first, as JSON text (a list of "
                              "objects); empty if none"),
        "authors": (*one_per_line, "who wrote the entry: one item per line; empty if none"),
        "dosage_by_goal": (*as_json, "the dosage for a goal that differs from the default, as "
                                     "JSON text (an object: goal -> dosage); empty if none"),
        "precautions": (*as_json, "who should check with a clinician first, and why, as JSON "
                                  "text (a list of objects); empty if none"),
        "media": (*as_json, "pictures and video links, with alt text, licence and credits, as "
                            "JSON text (a list of objects); empty if none"),
    }


# -- cells as plain values ----------------------------------------------------------------------
def test_plain_turns_pandas_and_numpy_cells_into_python_values():
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    for missing in (None, pd.NA, pd.NaT, float("nan"), np.float64("nan")):
        assert plain(missing) is None, missing
    assert plain(pd.Timestamp(when)) == when and type(plain(pd.Timestamp(when))) is datetime
    assert plain(np.int64(7)) == 7 and type(plain(np.int64(7))) is int
    assert plain(np.bool_(True)) is True
    for kept in ("NA", "nan", b"bytes", when, 7, 2.5, True):
        assert plain(kept) is kept


def test_frame_columns_are_plain_python_values_of_plain_types():
    when = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
    frame = pd.DataFrame({
        "when": pd.Series([pd.Timestamp(when), pd.NaT]),  # pandas' own datetime column
        "mixed": pd.Series([np.int64(7), pd.Timestamp(when)], dtype=object),  # a user's cells
        "count": pd.array([1, None], dtype="Int64"),
        "text": pd.Series(["NA", None], dtype=object)})
    columns = frame_columns(frame)
    assert columns == {"when": [when, None], "mixed": [7, when], "count": [1, None],
                       "text": ["NA", None]}
    assert [[type(v).__name__ for v in values] for values in columns.values()] == [
        ["datetime", "NoneType"], ["int", "datetime"], ["int", "NoneType"], ["str", "NoneType"]]


def test_a_table_a_user_gave_datetime_columns_reads_back():
    entry = Exercise(id="a", name="A", created="2026-01-02T03:04:05Z",
                     updated="2026-02-03T04:05:06Z")
    tables = tidy_tables([entry])
    exercises = tables["exercises"]
    tables["exercises"] = exercises.assign(created=pd.to_datetime(exercises["created"]),
                                           updated=pd.to_datetime(exercises["updated"]))
    assert tables["exercises"]["created"].dtype.kind == "M"  # pandas' own datetime column
    assert [e for _, e in entries_from_tables(tables)] == [entry]


# -- problems in the list tables, named ----------------------------------------------------------
def _columns(*entries: Exercise) -> dict[str, dict[str, list]]:
    """The tidy tables as plain columns (the CSV reader's shape), to edit cell by cell."""
    return {name: frame_columns(frame) for name, frame in tidy_tables(entries).items()}


def _reviewed(entry_id: str, checklist: dict[str, bool]) -> Exercise:
    return Exercise(id=entry_id, name=entry_id.upper(), reviews=[{
        "reviewer": "Rita", "at": "2026-01-02T03:04:05Z", "decision": "in-review",
        "checklist": checklist}])


def test_every_bad_checklist_row_is_named_and_its_entry_is_not_kept():
    entries = [_reviewed("a", {"Safe": True, "Clear": False}), _reviewed("b", {"Safe": True}),
               _reviewed("c", {"Safe": True}), _reviewed("d", {"Safe": True, "Clear": True})]
    columns = _columns(*entries)
    checklist = columns["review_checklist"]
    assert checklist["id"] == ["a", "a", "b", "c", "d", "d"]
    checklist["review"][1] = 2  # a's second item: a review a does not have
    checklist["position"][2] = 1.5  # b's item: no whole number
    for name, value in (("id", "c"), ("review", 1), ("position", 1), ("item", "Again"),
                        ("ticked", True)):
        checklist[name].insert(4, value)  # c's position 1 twice
    for name, value in (("id", "a"), ("review", 3), ("position", 1), ("item", "X"),
                        ("ticked", True)):
        checklist[name].insert(5, value)  # after every other kind of problem: still named
    with pytest.raises(EntryError) as caught:
        entries_from_columns(columns)
    assert [str(p) for p in caught.value.problems] == [
        "review_checklist row 2: review: no review 2 of entry 'a' in the reviews table",
        "review_checklist row 3: position: expected a whole number, got 1.5",
        "review_checklist row 5: position: position 1 appears twice (first at review_checklist "
        "row 4)",
        "review_checklist row 6: review: no review 3 of entry 'a' in the reviews table"]
    assert [(where, e) for where, e in caught.value.entries] == [("exercises row 4", entries[3])]


def test_a_list_row_without_a_whole_number_position_is_named():
    columns = _columns(Exercise(id="a", name="A", tips=["One", "Two"]))
    columns["tips"]["position"][1] = "2nd"
    with pytest.raises(EntryError) as caught:
        entries_from_columns(columns)
    assert [str(p) for p in caught.value.problems] == [
        "tips row 2: position: expected a whole number, got '2nd'"]
    assert caught.value.entries == []


def test_wide_json_cells_that_are_not_a_list_of_objects_are_named_with_their_start():
    wide = wide_table([Exercise(id="a", name="A")])
    wide.loc[0, "faq"] = '{"question": "Why stretch at all, and how often?", "answer": "x"}'
    wide.loc[0, "cues"] = "[{'text': 'single quotes are not JSON at all'}]"
    with pytest.raises(EntryError) as caught:
        entries_from_wide(wide)
    assert [str(p) for p in caught.value.problems] == [
        "exercises_wide row 1: faq: expected JSON text (a list of objects), got "
        "'{\"question\": \"Why stretch at all, and ho'",
        "exercises_wide row 1: cues: expected JSON text (a list of objects) or an empty cell, "
        "got \"[{'text': 'single quotes are not JSON at\" (Expecting property name enclosed in "
        "double quotes)"]


def test_a_wide_dosage_by_goal_cell_that_is_not_one_object_is_named():
    wide = wide_table([Exercise(id="a", name="A")])
    wide.loc[0, "dosage_by_goal"] = '[{"goal": "warm-up"}]'
    with pytest.raises(EntryError) as caught:
        entries_from_wide(wide)
    assert [str(p) for p in caught.value.problems] == [
        "exercises_wide row 1: dosage_by_goal: expected JSON text (an object), got "
        "'[{\"goal\": \"warm-up\"}]'"]


def test_the_vocabulary_and_the_row_names_given_are_the_ones_used():
    team = Vocabulary.from_dict({"goals": ["sprint-prep"]}, base=Vocabulary.default())
    entry = validate_entry({"id": "a", "name": "A", "goals": ["sprint-prep"]}, team)

    def namer(table, index):
        return table if index is None else f"{table}.csv line {index + 2}"

    tables, wide = tidy_tables([entry]), wide_table([entry])
    assert entries_from_tables(tables, team, namer=namer) == [("exercises.csv line 2", entry)]
    assert entries_from_wide(wide, team, namer=namer) == [("exercises_wide.csv line 2", entry)]
    with pytest.raises(EntryError) as caught:
        entries_from_tables(tables)
    assert str(caught.value).startswith("goals row 1: goals[0]: unknown goal 'sprint-prep'")
    with pytest.raises(EntryError) as caught:
        entries_from_wide(wide)
    assert str(caught.value).startswith(
        "exercises_wide row 1: goals[0]: unknown goal 'sprint-prep'")


def test_unknown_and_missing_tables_are_named_before_anything_is_read():
    columns = _columns(Exercise(id="a", name="A"))
    columns["colours"] = {"id": ["a"]}
    del columns["exercises"]
    with pytest.raises(EntryError) as caught:
        entries_from_columns(columns)
    assert [(p.where, p.field, p.message) for p in caught.value.problems] == [
        ("colours", "", "unknown table (expected exercises, overview, instructions, tips, faq, "
                        "cues, goals, targets, equipment, regressions, progressions, "
                        "common_mistakes, stop_signs, reviews, review_checklist, authors, "
                        "precautions, media, goal_dosages)"),
        ("exercises", "", "the exercises table is missing")]
    assert caught.value.entries == []


def test_column_mismatches_in_several_tables_are_all_named_and_nothing_is_read():
    columns = _columns(Exercise(id="a", name="A", tips=["One"]))
    columns["tips"] = {"id": ["a"], "": ["?"], "note": ["x"]}
    columns["exercises"]["colour"] = ["red"]
    with pytest.raises(EntryError) as caught:
        entries_from_columns(columns)
    assert [str(p) for p in caught.value.problems] == [
        "exercises: unknown column colour (the exercises table has the columns id, name, "
        "summary, position, kind, level, dosage_hold_seconds_min, dosage_hold_seconds_max, "
        "dosage_breaths, dosage_reps, dosage_sides, status, source_title, source_url, "
        "source_author, source_license, created, updated)",
        "tips: missing columns position, text; unknown columns (a column without a name), note "
        "(the tips table has the columns id, position, text)"]
    assert [p.field for p in caught.value.problems] == ["", ""]  # the table, no one field
    assert caught.value.entries == []


def test_entry_rows_without_an_id_or_with_an_id_twice_are_named():
    columns = _columns(Exercise(id="a", name="A", tips=["One"]), Exercise(id="b", name="B"),
                       Exercise(id="c", name="C"), Exercise(id="d", name="D"),
                       Exercise(id="e", name="E"))
    exercises = columns["exercises"]
    exercises["id"][1] = None
    exercises["id"][2] = "a"
    exercises["dosage_hold_seconds_min"][3] = 20
    exercises["id"][4] = ""  # an empty CSV cell
    with pytest.raises(EntryError) as caught:
        entries_from_columns(columns)
    assert [str(p) for p in caught.value.problems] == [
        "exercises row 2: id: required, but missing",
        "exercises row 3: id: 'a' appears twice (first at exercises row 1)",
        "exercises row 4: dosage_hold_seconds_min: expected both dosage_hold_seconds_min and "
        "dosage_hold_seconds_max, or neither, got 20 and None",
        "exercises row 5: id: required, but missing"]
    assert [(where, e.id, e.tips) for where, e in caught.value.entries] == [
        ("exercises row 1", "a", ["One"])]


def test_empty_cells_read_as_an_empty_summary_no_source_and_an_empty_comment():
    entry = Exercise(id="a", name="A", source={"title": "Book"}, reviews=[
        {"reviewer": "Rita", "at": "2026-01-02T03:04:05Z", "decision": "in-review"}])
    columns = _columns(entry)
    columns["exercises"]["summary"] = [None]
    columns["reviews"]["comment"] = [None]
    [(_, got)] = entries_from_columns(columns)
    assert (got.summary, got.reviews[0].comment) == ("", "")
    assert got.source is not None and (got.source.title, got.source.url) == ("Book", None)
    for name in ("source_title", "source_url", "source_author", "source_license"):
        columns["exercises"][name] = [None]
    [(_, got)] = entries_from_columns(columns)
    assert got.source is None



def test_empty_reason_alt_and_caption_cells_read_as_empty_text_and_given_ones_as_given():
    entry = Exercise(id="a", name="A", precautions=[{"condition": "pregnancy", "reason": "r"}],
                     media=[{"kind": "video", "url": "https://example.invalid/a", "alt": "Alt",
                             "caption": "Cap"},
                            {"kind": "video", "url": "https://example.invalid/b", "alt": "Alt 2",
                             "caption": "Cap 2"}])
    columns = _columns(entry)
    [(_, got)] = entries_from_columns(columns)
    assert got == entry  # the given texts, each in its own field
    columns["precautions"]["reason"] = [None]
    columns["media"]["alt"] = [None, "Alt 2"]
    columns["media"]["caption"] = ["Cap", None]
    [(_, got)] = entries_from_columns(columns)
    assert got.precautions[0].reason == ""
    assert [(m.alt, m.caption) for m in got.media] == [("", "Cap"), ("Alt 2", "")]


def test_a_goal_dosage_row_with_half_a_hold_range_is_named_and_its_entry_not_read():
    entry = Exercise(id="a", name="A", goals=["warm-up", "cool-down"], dosage_by_goal={
        "warm-up": {"hold_seconds": (20, 30)}, "cool-down": {"hold_seconds": (40, 60)}})
    other = Exercise(id="b", name="B")
    columns = _columns(entry, other)
    assert entries_from_columns(columns) == [("exercises row 1", entry),
                                             ("exercises row 2", other)]
    columns["goal_dosages"]["hold_seconds_max"][1] = None
    with pytest.raises(EntryError) as caught:
        entries_from_columns(columns)
    assert [str(p) for p in caught.value.problems] == [
        "goal_dosages row 2: hold_seconds_min: expected both hold_seconds_min and "
        "hold_seconds_max, or neither, got 40 and None"]
    assert caught.value.entries == [("exercises row 2", other)]

FULL = Exercise(
    id="full", name="Full", summary="All of it.", overview=["Para one.", "Para two."],
    instructions=["Step 1.", "Step 2."], tips=["Tip."],
    faq=[{"question": "Why?", "answer": "Café."}],
    cues=[{"text": "Breathe", "phase": "breathing", "key": True},
          {"text": "Stop", "phase": "safety"}],
    goals=["warm-up", "mobility"], targets=["hamstrings"], position="seated",
    kind="static-stretch", level="beginner", equipment=["strap"],
    dosage={"hold_seconds": (20, 30), "breaths": 5, "reps": 2, "sides": "each"},
    regressions=["Easier."], progressions=["Harder."], common_mistakes=["Rounding."],
    stop_signs=["Pain."], status="in-review",
    reviews=[{"reviewer": "Rita", "at": "2026-01-02T03:04:05Z", "decision": "in-review",
              "checklist": {"Safe": True, "Clear": False}, "comment": "Ok"}],
    authors=["Ana"],
    source={"title": "Book", "url": "https://example.invalid", "author": "Ann", "license": "CC0"},
    created="2026-01-01T00:00:00Z", updated="2026-01-02T00:00:00Z")
JAN_1, JAN_2 = datetime(2026, 1, 1, tzinfo=UTC), datetime(2026, 1, 2, tzinfo=UTC)
AT = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)


def test_every_field_lands_in_its_tidy_table_cell_by_cell():
    tables = tidy_tables([FULL, Exercise(id="bare", name="Bare", tips=["Only tip."])])
    rows = {name: [tuple(row) for row in frame.itertuples(index=False)]
            for name, frame in tables.items()}
    assert rows == {
        "exercises": [
            ("full", "Full", "All of it.", "seated", "static-stretch", "beginner", 20, 30, 5, 2,
             "each", "in-review", "Book", "https://example.invalid", "Ann", "CC0", JAN_1, JAN_2),
            ("bare", "Bare", "", None, None, None, pd.NA, pd.NA, pd.NA, pd.NA, None, "draft",
             None, None, None, None, None, None)],
        "overview": [("full", 1, "Para one."), ("full", 2, "Para two.")],
        "instructions": [("full", 1, "Step 1."), ("full", 2, "Step 2.")],
        "tips": [("full", 1, "Tip."), ("bare", 1, "Only tip.")],
        "faq": [("full", 1, "Why?", "Café.")],
        "cues": [("full", 1, "Breathe", "breathing", True), ("full", 2, "Stop", "safety", False)],
        "goals": [("full", 1, "warm-up"), ("full", 2, "mobility")],
        "targets": [("full", 1, "hamstrings")],
        "equipment": [("full", 1, "strap")],
        "regressions": [("full", 1, "Easier.")],
        "progressions": [("full", 1, "Harder.")],
        "common_mistakes": [("full", 1, "Rounding.")],
        "stop_signs": [("full", 1, "Pain.")],
        "reviews": [("full", 1, "Rita", AT, "in-review", "Ok", None)],
        "review_checklist": [("full", 1, 1, "Safe", True), ("full", 1, 2, "Clear", False)],
        "authors": [("full", 1, "Ana")],
        "precautions": [],
        "media": [],
        "goal_dosages": [],
    }
    assert {name: list(frame.columns) for name, frame in tables.items()} == \
        {name: table.column_names for name, table in TABLES.items()}
    assert tables["cues"]["key"].dtype == bool
    assert tables["review_checklist"]["ticked"].dtype == bool
    assert tables["exercises"]["dosage_reps"].dtype == "Int64"
    assert tables["exercises"]["name"].dtype == object
    assert tables["exercises"]["created"].dtype == object  # the entry's own datetimes
    assert type(tables["exercises"].loc[0, "created"]) is datetime
    assert tables["goals"]["position"].dtype == "Int64"


def test_precautions_pictures_and_goal_dosages_are_numbered_from_one():
    entry = Exercise(id="a", name="A", goals=["warm-up", "cool-down"],
                     precautions=[{"condition": "pregnancy", "reason": "r"},
                                  {"condition": "recent-surgery", "reason": "s"}],
                     media=[{"kind": "video", "url": "https://example.invalid/a", "alt": "A"},
                            {"kind": "video", "url": "https://example.invalid/b", "alt": "B"}],
                     dosage_by_goal={"warm-up": {"reps": 2}, "cool-down": {"reps": 3}})
    tables = tidy_tables([entry])
    for name in ("precautions", "media", "goal_dosages"):
        assert list(tables[name]["position"]) == [1, 2], name


def test_every_field_lands_in_its_wide_cell():
    [row] = wide_table([FULL]).to_dict("records")
    assert row == {
        "id": "full", "name": "Full", "summary": "All of it.",
        "overview": "Para one.\nPara two.", "instructions": "Step 1.\nStep 2.", "tips": "Tip.",
        "faq": '[{"question": "Why?", "answer": "Café."}]',
        "cues": '[{"text": "Breathe", "phase": "breathing", "key": true}, '
                '{"text": "Stop", "phase": "safety", "key": false}]',
        "goals": "warm-up\nmobility", "targets": "hamstrings", "position": "seated",
        "kind": "static-stretch", "level": "beginner", "equipment": "strap",
        "dosage_hold_seconds_min": 20, "dosage_hold_seconds_max": 30, "dosage_breaths": 5,
        "dosage_reps": 2, "dosage_sides": "each", "regressions": "Easier.",
        "progressions": "Harder.", "common_mistakes": "Rounding.", "stop_signs": "Pain.",
        "dosage_by_goal": "", "precautions": "", "media": "", "status": "in-review",
        "reviews": '[{"reviewer": "Rita", "at": "2026-01-02T03:04:05Z", "decision": '
                   '"in-review", "checklist": {"Safe": true, "Clear": false}, "comment": "Ok", '
                   '"version": null}]',
        "authors": "Ana", "source_title": "Book", "source_url": "https://example.invalid",
        "source_author": "Ann", "source_license": "CC0", "created": JAN_1, "updated": JAN_2}
    assert [e for _, e in entries_from_wide(wide_table([FULL]))] == [FULL]
    assert [e for _, e in entries_from_tables(tidy_tables([FULL]))] == [FULL]


def test_wide_rows_with_an_id_twice_or_half_a_hold_range_are_named():
    wide = wide_table([Exercise(id="a", name="A"), Exercise(id="b", name="B"),
                       Exercise(id="c", name="C")])
    wide.loc[1, "id"] = "a"
    wide.loc[2, "dosage_hold_seconds_min"] = 20
    with pytest.raises(EntryError) as caught:
        entries_from_wide(wide)
    assert [str(p) for p in caught.value.problems] == [
        "exercises_wide row 2: id: 'a' appears twice (first at exercises_wide row 1)",
        "exercises_wide row 3: dosage_hold_seconds_min: expected both dosage_hold_seconds_min "
        "and dosage_hold_seconds_max, or neither, got 20 and None"]
    assert [(where, e.id) for where, e in caught.value.entries] == [("exercises_wide row 1", "a")]


def test_a_wide_table_with_other_columns_is_named_and_nothing_is_read():
    wide = wide_table([Exercise(id="a", name="A")]).drop(columns=["tips"])
    with pytest.raises(EntryError) as caught:
        entries_from_wide(wide, namer=lambda table, i: f"{table}.csv" if i is None else "?")
    [problem] = caught.value.problems
    assert str(problem).startswith("exercises_wide.csv: missing column tips (the exercises_wide "
                                   "table has the columns id, name, summary, overview,")
    assert caught.value.entries == []


def test_list_tables_left_out_read_as_empty_lists():
    entry = Exercise(id="a", name="A", tips=["One"])
    columns = _columns(entry)
    assert entries_from_columns({"exercises": columns["exercises"], "tips": columns["tips"]}) \
        == [("exercises row 1", entry)]
