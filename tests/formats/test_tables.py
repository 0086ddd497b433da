"""Wide and tidy tables: every field in, every field back out, and bad rows named."""

from __future__ import annotations

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings

from stretchkit import EntryError, Exercise, Library
from stretchkit.formats.entry_file import dump_entry
from stretchkit.formats.tables import (
    TABLES,
    TERM_LISTS,
    TEXT_LIST_DESCRIPTIONS,
    WIDE,
    entries_from_tables,
    entries_from_wide,
    split_list,
    tidy_tables,
    wide_table,
)
from tests.strategies import entry_lists

SETTINGS = settings(max_examples=40, deadline=None,
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
