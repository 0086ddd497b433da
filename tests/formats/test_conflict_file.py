"""The conflicted entry file: written with git's markers, one block per field, read back."""

from __future__ import annotations

import json

import pytest

from stretchkit.errors import UnreadableConflict
from stretchkit.formats.conflict_file import (
    dump_conflicted,
    has_markers,
    read_conflicted,
)
from stretchkit.formats.entry_file import dump_entry_data
from stretchkit.model.merge import merge_entries
from tests.conftest import SAMPLE_DATA


def sample() -> dict:
    return json.loads((SAMPLE_DATA / "exercises" / "cat-cow.json").read_text("utf-8"))


def test_without_conflicts_it_writes_the_entry_files_own_bytes():
    data = sample()
    assert dump_conflicted(data, []) == dump_entry_data(data)


@pytest.mark.parametrize("fields", [("name",), ("updated",), ("name", "tips", "updated")])
def test_each_conflicting_field_is_one_block_and_reads_back_with_both_sides(fields):
    base = sample()
    ours = {**base, **{f: f"ours {f}" if f != "tips" else ["ours tip"] for f in fields}}
    theirs = {**base, **{f: f"theirs {f}" if f != "tips" else ["theirs tip"] for f in fields}}
    conflicts = merge_entries(base, ours, theirs).conflicts
    if "updated" in fields:  # times merge to the later one: make it a conflict by hand here
        from stretchkit.model.merge import FieldConflict
        conflicts = (*[c for c in conflicts if c.field != "updated"],
                     FieldConflict("updated", base["updated"], ours["updated"],
                                   theirs["updated"]))
    text = dump_conflicted(ours, conflicts)
    assert has_markers(text)
    assert text.count(b"\n<<<<<<< ours\n") == len(fields)
    with pytest.raises(json.JSONDecodeError):
        json.loads(text)  # nothing reads it as if it were fine
    back = read_conflicted(text, "x.json")
    assert set(back.fields) == set(fields)
    assert back.ours == ours and back.theirs == theirs and back.base == base


def test_a_line_merge_by_git_without_the_driver_reads_too():
    # What `git merge` writes with no driver: one block that spans two fields, no base part.
    text = ('{\n  "id": "cat-cow",\n<<<<<<< HEAD\n  "name": "A",\n  "summary": "Sa",\n'
            '=======\n  "name": "B",\n  "summary": "Sb",\n>>>>>>> origin/main\n'
            '  "status": "draft"\n}\n')
    back = read_conflicted(text)
    assert back.fields == ("name", "summary") and back.base is None
    assert back.lines == (3,)


@pytest.mark.parametrize("text, says", [
    ('{\n<<<<<<< ours\n  "name": "A",\n=======\n  "name": "B",\n}\n', "not closed"),
    ('{\n=======\n  "name": "B"\n}\n', "out of order"),
    ('{\n<<<<<<< ours\n  "name": "A",\n=======\n  "name": \n>>>>>>> theirs\n  "id": "x"\n}\n',
     "theirs side is not valid JSON"),
])
def test_markers_that_do_not_pair_up_or_sides_that_are_not_json_are_named(text, says):
    with pytest.raises(UnreadableConflict, match=says):
        read_conflicted(text)


def test_marker_like_text_inside_a_value_is_not_a_marker():
    data = {**sample(), "summary": "<<<<<<< not a marker inside a string"}
    assert not has_markers(dump_entry_data(data))


def test_the_conflicted_file_is_the_entry_layout_with_one_block_per_field_byte_for_byte():
    from stretchkit.model.merge import FieldConflict

    data = {"id": "x", "name": "A", "tips": ["a", "b"], "status": "draft"}
    conflicts = (FieldConflict("name", "N", "A", "B"),
                 FieldConflict("tips", None, ["a", "b"], ["c"]),  # added on both sides
                 FieldConflict("status", "draft", "draft", "in-review"))
    text = dump_conflicted(data, conflicts)
    assert text == (
        b'{\n  "id": "x",\n'
        b'<<<<<<< ours\n  "name": "A",\n||||||| base\n  "name": "N",\n=======\n'
        b'  "name": "B",\n>>>>>>> theirs\n'
        b'<<<<<<< ours\n  "tips": [\n    "a",\n    "b"\n  ],\n||||||| base\n=======\n'
        b'  "tips": [\n    "c"\n  ],\n>>>>>>> theirs\n'
        b'<<<<<<< ours\n  "status": "draft"\n||||||| base\n  "status": "draft"\n=======\n'
        b'  "status": "in-review"\n>>>>>>> theirs\n'
        b'}\n')
    back = read_conflicted(text, "x.json")
    assert back.ours == data and back.theirs == {**data, "name": "B", "tips": ["c"],
                                                 "status": "in-review"}
    assert back.base == {"id": "x", "name": "N", "status": "draft"}
    assert back.fields == ("name", "tips", "status") and back.lines == (3, 10, 21)
    assert back.entry_id == "x" and back.where == "x.json"
    assert back.conflicts() == (FieldConflict("name", "N", "A", "B"),
                                FieldConflict("tips", None, ["a", "b"], ["c"]),
                                FieldConflict("status", "draft", "draft", "in-review"))


def test_the_marker_size_git_asks_for_is_used_and_read_back():
    from stretchkit.model.merge import FieldConflict

    text = dump_conflicted({"id": "x", "name": "A"}, [FieldConflict("name", "N", "A", "B")],
                           marker_size=9)
    assert text == (b'{\n  "id": "x",\n<<<<<<<<< ours\n  "name": "A"\n||||||||| base\n'
                    b'  "name": "N"\n=========\n  "name": "B"\n>>>>>>>>> theirs\n}\n')
    assert has_markers(text) and read_conflicted(text).theirs == {"id": "x", "name": "B"}
