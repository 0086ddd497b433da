"""Saved routines on disk: stable bytes, create never overwrites, a save over a file someone
changed is refused, a broken file is reported and the rest load, delete goes to the trash,
and a routine whose entry is archived later is reported, not broken."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretchkit import Library
from stretchkit.errors import ConflictError, EntryError, NotFoundError
from stretchkit.formats.routine_file import dump_routine, load_routine
from stretchkit.model.routine import ItemDosage, Routine, RoutineItem
from stretchkit.review import change_status
from stretchkit.store.routines import RoutineStore
from tests.strategies import lines, slugs


def _routine(routine_id="hip-prep", **fields) -> Routine:
    return Routine(id=routine_id, name="Hip prep", goals=["pre-squat"], minutes=2, items=[
        RoutineItem(entry="squat-to-stand", dosage=ItemDosage(reps=6)),
        RoutineItem(entry="lateral-lunge", dosage=ItemDosage(reps=8, sides="each"),
                    note="slow")], **fields)


def test_the_sample_routines_load_and_check_clean(sample_data):
    library = Library(sample_data)
    store = library.routines
    assert store.ids() == ["cool-down-after-training", "pre-run-warm-up", "pre-squat-warm-up"]
    assert store.problems == []
    assert store.check({e.id: e for e in library.filter()}) == []
    for routine in store.all():  # saved bytes are the bytes a dump gives: stable
        assert store.path_of(routine.id).read_bytes() == dump_routine(routine)


def test_save_creates_then_replaces_with_stable_bytes(sample_data):
    store = RoutineStore(sample_data)
    saved = store.save(_routine(), new=True, by="Tess Trainer")
    path = store.path_of("hip-prep")
    first = path.read_bytes()
    assert first == dump_routine(saved) and first.endswith(b"}\n")
    assert saved.authors == ["Tess Trainer"] and saved.created == saved.updated is not None
    assert store.save(saved) == saved and path.read_bytes() == first  # unchanged: no write
    again = RoutineStore(sample_data)
    assert again.get("hip-prep") == saved
    edited = again.save(saved.model_copy(update={"minutes": 3}), by="Tess Trainer")
    assert edited.minutes == 3 and edited.authors == ["Tess Trainer"]
    assert edited.created == saved.created
    assert load_routine(path.read_bytes()) == edited


def test_create_never_overwrites_and_a_changed_file_is_not_replaced(sample_data):
    store = RoutineStore(sample_data)
    mine = RoutineStore(sample_data)
    store.save(_routine(), new=True)
    with pytest.raises(ConflictError, match="a routine with id 'hip-prep' already exists"):
        mine.save(_routine(), new=True)
    theirs = RoutineStore(sample_data)
    ours = RoutineStore(sample_data)
    theirs.save(theirs.get("hip-prep").model_copy(update={"notes": "theirs"}))
    with pytest.raises(ConflictError, match="was changed by someone else since it was loaded"):
        ours.save(ours.get("hip-prep").model_copy(update={"notes": "ours"}))
    assert RoutineStore(sample_data).get("hip-prep").notes == "theirs"
    assert store.free_id("hip-prep") == "hip-prep-2"


def test_a_broken_file_is_reported_and_the_others_load(sample_data):
    folder = sample_data / "routines"
    (folder / "broken.json").write_text('{"id": "broken", "name": "B", "minutes": 0}\n')
    (folder / "not-json.json").write_text("{nope")
    (folder / "other-name.json").write_bytes(dump_routine(_routine("hip-prep")))
    (folder / "twice.json").write_text('{"id": "twice", "id": "twice", "name": "T", '
                                       '"minutes": 1}')
    store = RoutineStore(sample_data)
    assert len(store) == 3
    found = {(p.where.rsplit("/", 1)[-1], p.field): p.message for p in store.problems}
    assert "greater than or equal to 1" in found[("broken.json", "minutes")]
    assert found[("not-json.json", "")].startswith("not valid JSON")
    assert found[("other-name.json", "id")] == ("expected 'other-name' (the file name), got "
                                                "'hip-prep'")
    assert "appears twice" in found[("twice.json", "id")]
    with pytest.raises(NotFoundError, match=r"no routine 'pre-run-warmup'.*did you mean "
                                            r"'pre-run-warm-up'"):
        store.get("pre-run-warmup")
    with pytest.raises(EntryError, match="expected a safe slug"):
        store.path_of("../escape")


def test_delete_moves_to_the_trash(sample_data):
    store = RoutineStore(sample_data)
    target = store.delete("pre-run-warm-up")
    assert target == sample_data / ".trash" / "routines" / "pre-run-warm-up.json"
    assert json.loads(target.read_text())["id"] == "pre-run-warm-up"
    assert "pre-run-warm-up" not in RoutineStore(sample_data)


def test_an_entry_archived_later_is_reported_not_broken(sample_data):
    library = Library(sample_data, user="Sam Whitford")
    routine = library.routines.get("pre-squat-warm-up")
    used = routine.items[0].entry
    change_status(library, used, "archived", reviewer="Sam Whitford", comment="retired")
    library = Library(sample_data)
    entries = {e.id: e for e in library.filter()}
    problems = library.routines.check(entries)
    users = [r.id for r in library.routines.all() if used in r.entry_ids()]
    assert len(problems) == len(users) >= 1  # every routine that uses it says so
    [problem] = [p for p in problems if p.where.endswith("pre-squat-warm-up.json")]
    assert problem.field == "items[0].entry"
    assert problem.message == f"entry {used!r} is archived; swap it for another"
    assert library.routines.get("pre-squat-warm-up") == routine  # still loads as it was


@settings(max_examples=50, deadline=None)
@given(slugs, lines, st.lists(slugs, unique=True, max_size=5), st.integers(1, 180))
def test_any_routine_round_trips_through_its_file(routine_id, name, entries, minutes):
    routine = Routine(id=routine_id, name=name, minutes=minutes, goals=["mobility"],
                      items=[RoutineItem(entry=e, dosage=ItemDosage(reps=3)) for e in entries])
    data = dump_routine(routine)
    assert load_routine(data) == routine
    assert dump_routine(load_routine(data)) == data
