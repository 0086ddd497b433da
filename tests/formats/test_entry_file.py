"""The entry file: stable bytes, every field, a lossless round trip, clear errors."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone

import pytest
from hypothesis import given, settings

from stretchkit import EntryError, Exercise, Vocabulary, validate_entry
from stretchkit.formats.entry_file import dump_entry, entry_to_dict, load_entry
from stretchkit.model import MediaItem
from tests.strategies import entries, examples

SETTINGS = settings(max_examples=examples(40), deadline=None)


def full_entry() -> Exercise:
    return validate_entry({
        "id": "kneeling-hip-flexor-stretch", "name": "Kneeling Hip Flexor Stretch",
        "summary": "Opens the front of the hip.", "overview": ["First.", "Second."],
        "instructions": ["Kneel.", "Tuck the pelvis."], "tips": ["Squeeze the glute."],
        "faq": [{"question": "Knee hurts?", "answer": "Pad it."}],
        "cues": [{"text": "Tall spine", "phase": "setup", "key": True}],
        "goals": ["pre-lunge", "pre-run"], "targets": ["hip-flexors"], "position": "kneeling",
        "kind": "static-stretch", "level": "beginner", "equipment": ["mat"],
        "dosage": {"hold_seconds": [30, 45], "breaths": 5, "sides": "each"},
        "regressions": ["Stay upright."], "progressions": ["Reach overhead."],
        "common_mistakes": ["Arching the back."], "stop_signs": ["Knee pain."],
        "status": "approved",
        "reviews": [{"reviewer": "Ana", "at": "2024-05-02T09:30:00Z", "decision": "approved",
                     "checklist": {"cues complete": True}, "comment": "Fine.\nShip it."}],
        "authors": ["Coach Mia"], "source": {"title": "Team notes", "license": "CC-BY-4.0"},
        "created": "2024-05-01T10:00:00Z", "updated": "2024-05-02T09:30:00Z",
    })


def test_the_file_layout_is_the_documented_one():
    entry = full_entry()
    data = dump_entry(entry)
    text = data.decode("utf-8")
    assert text.endswith("}\n") and not text.endswith("\n\n")
    # every field, in model order; an entry without media leaves the key out (see entry_to_dict)
    assert list(json.loads(text)) == [f for f in Exercise.model_fields if f != "media"]
    with_media = entry.model_copy(update={"media": [MediaItem(file="0123456789abcdef.png")]})
    assert list(json.loads(dump_entry(with_media))) == list(Exercise.model_fields)
    assert text.startswith('{\n  "id": "kneeling-hip-flexor-stretch",\n  "name": ')
    assert '  "overview": [\n    "First.",\n    "Second."\n  ],' in text  # one item per line
    assert '"hold_seconds": [\n      30,\n      45\n    ]' in text
    assert '"created": "2024-05-01T10:00:00Z"' in text


def test_empty_fields_are_written_too():
    parsed = json.loads(dump_entry(Exercise(id="bare", name="Bare")))
    assert "media" not in parsed  # files from before media keep their bytes
    assert parsed["goals"] == [] and parsed["position"] is None and parsed["summary"] == ""
    assert parsed["dosage"] == {"hold_seconds": None, "breaths": None, "reps": None,
                                "sides": None}


def test_text_is_written_as_utf8_not_escaped():
    data = dump_entry(Exercise(id="cafe", name="Café stretch 🧘"))
    assert "Café stretch 🧘".encode() in data


def test_the_same_entry_always_gives_the_same_bytes():
    entry = full_entry()
    assert dump_entry(entry) == dump_entry(load_entry(dump_entry(entry)))
    assert dump_entry(entry) == dump_entry(full_entry())


def test_entry_to_dict_is_plain_json_data():
    data = entry_to_dict(full_entry())
    assert json.loads(json.dumps(data)) == data
    assert data["dosage"]["hold_seconds"] == [30, 45]


@SETTINGS
@given(entries())
def test_entry_to_file_to_entry_is_lossless(entry):
    data = dump_entry(entry)
    again = load_entry(data)
    assert again == entry
    assert dump_entry(again) == data


def test_time_zones_survive_the_round_trip():
    zone = timezone(timedelta(hours=5, minutes=30))
    entry = Exercise(id="a", name="A", created=datetime(2024, 1, 2, 3, 4, 5, 678, tzinfo=zone))
    assert load_entry(dump_entry(entry)).created.utcoffset() == timedelta(hours=5, minutes=30)
    assert load_entry(dump_entry(entry)).created == entry.created


def test_a_file_with_a_byte_order_mark_still_loads():
    data = b"\xef\xbb\xbf" + dump_entry(full_entry())
    assert load_entry(data) == full_entry()


def test_load_checks_against_the_vocabulary_given():
    data = dump_entry(Exercise(id="a", name="A"))
    team = Vocabulary.from_dict({"goals": ["sprint-prep"]}, base=Vocabulary.default())
    raw = json.loads(data)
    raw["goals"] = ["sprint prep"]
    assert load_entry(json.dumps(raw), team).goals == ["sprint-prep"]
    with pytest.raises(EntryError, match="unknown goal 'sprint prep'"):
        load_entry(json.dumps(raw))


@pytest.mark.parametrize(("data", "message"), [
    (b"", "f.json: not valid JSON (EOF while parsing a value at line 1 column 0)"),
    (b'{"id": "a", "name": ', "f.json: not valid JSON (EOF while parsing a value at line 1 "
                             "column 20)"),
    (b"\xff\xfe{}", "f.json: not valid JSON (expected UTF-8 text, got byte 0xff at offset 0)"),
    (b'{"id": "a", "name": "b\xe9"}', "f.json: not valid JSON (expected UTF-8 text, got byte "
                                      "0xe9 at offset 22)"),
    (b"[]", "f.json: expected a JSON object with the entry's fields"),
    (b"null", "f.json: expected a JSON object with the entry's fields"),
    (b'{"name": "A"}', "f.json: id: required, but missing"),
])
def test_unreadable_files_are_reported_with_the_file_and_what_came(data, message):
    with pytest.raises(EntryError) as caught:
        load_entry(data, where="f.json")
    assert [str(p) for p in caught.value.problems] == [message]


def test_every_bad_field_of_a_file_is_reported():
    raw = json.loads(dump_entry(full_entry()))
    raw.update(goals=["cooldwn"], status="done", tips=["ok", ""], extra=1)
    with pytest.raises(EntryError) as caught:
        load_entry(json.dumps(raw).encode(), where="f.json")
    assert [p.field for p in caught.value.problems] == ["tips[1]", "goals[0]", "status",
                                                        "extra"]
    assert all(p.where == "f.json" for p in caught.value.problems)


@pytest.mark.parametrize(("old", "new", "field", "key"), [
    ('"name": ', '"name": "Shadow Name", "name": ', "name", "name"),
    ('"name": ', '"name": "", "name" :\n ', "name", "name"),  # the first alone would fail
    ('"sides": ', '"sides": "both", "sides": ', "dosage.sides", "sides"),
    ('"answer": ', '"answer": "Old.", "answer": ', "faq[0].answer", "answer"),
    ('"cues complete": ', '"cues complete": false, "cues complete": ',
     "reviews[0].checklist.cues complete", "cues complete"),
])
def test_a_key_given_twice_is_refused_naming_the_key(old, new, field, key):
    text = dump_entry(full_entry()).decode("utf-8")
    assert text.count(old) == 1
    with pytest.raises(EntryError) as caught:
        load_entry(text.replace(old, new).encode("utf-8"), where="f.json")
    assert [str(p) for p in caught.value.problems] == [
        f"f.json: {field}: the key {key!r} appears twice in one object (a bad hand edit or "
        "merge?); JSON readers would silently keep the last one"]


def test_a_key_given_twice_is_named_beside_the_other_problems():
    text = dump_entry(full_entry()).decode("utf-8")
    text = text.replace('"name": ', '"name": "A", "name": ').replace('"status": "approved"',
                                                                     '"status": "done"')
    with pytest.raises(EntryError) as caught:
        load_entry(text, where="f.json")
    assert [p.field for p in caught.value.problems] == ["name", "status"]


def test_quotes_and_colons_inside_text_are_not_mistaken_for_keys():
    entry = validate_entry({"id": "quotes", "name": 'Say "hold": then "breathe" :',
                            "tips": ['"a": "b"', '\\": x', "key\": value"],
                            "faq": [{"question": '"q":', "answer": '"a" :'}]})
    again = load_entry(dump_entry(entry), where="f.json")
    assert again == entry
    # Written by hand, compact and with other spacing, it loads the same.
    assert load_entry(json.dumps(entry_to_dict(entry), separators=(",", ":"))) == entry
    assert load_entry(json.dumps(entry_to_dict(entry), separators=(" , ", " :\t"))) == entry
