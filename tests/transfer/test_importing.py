"""All-or-nothing import: the plan says what would happen; applying it writes all or nothing."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import pytest
from PIL import Image

from stretchkit import ConflictError, Exercise, Library, StretchkitError, validate_entry
from stretchkit.formats.entry_file import dump_entry
from stretchkit.store import media as media_files
from stretchkit.transfer.importing import apply_import, plan_import


def entry(entry_id: str, **fields) -> Exercise:
    return validate_entry({"id": entry_id, "name": entry_id.replace("-", " ").title(), **fields})


@pytest.fixture
def library(empty_data: Path) -> Library:
    library = Library(empty_data)
    library.create(entry("calf-stretch", summary="Original."))
    library.create(entry("hip-opener"))
    return library


def snapshot(root: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted((root / "exercises").glob("*.json"))}


def test_the_plan_sorts_entries_into_create_update_unchanged_and_refused(library):
    incoming = [("a.txt", entry("cat-cow")), ("b.txt", entry("hip-opener")),
                ("c.txt", entry("calf-stretch", summary="Changed."))]
    plan = plan_import(library, incoming)
    assert [e.id for e in plan.create] == ["cat-cow"]
    assert plan.unchanged == ["hip-opener"]
    assert plan.update == [] and plan.skip == []
    assert [str(p) for p in plan.problems] == [
        "c.txt: id: 'calf-stretch' already exists in the library (use --on-conflict skip or "
        "update)"]
    assert not plan.ok
    assert plan.summary() == "would create 1, update 0, leave 1 unchanged, skip 0, refuse 1"


@pytest.mark.parametrize(("on_conflict", "update", "skip"), [("update", ["calf-stretch"], []),
                                                             ("skip", [], ["calf-stretch"])])
def test_on_conflict_update_or_skip(library, on_conflict, update, skip):
    plan = plan_import(library, [("c.txt", entry("calf-stretch", summary="Changed."))],
                       on_conflict)
    assert plan.ok and [e.id for e in plan.update] == update and plan.skip == skip


def test_an_id_twice_in_the_input_is_refused_naming_both_places(library):
    plan = plan_import(library, [("row 2", entry("cat-cow")), ("row 5", entry("cat-cow")),
                                 ("row 6", entry("dead-bug"))])
    assert [str(p) for p in plan.problems] == [
        "row 5: id: 'cat-cow' appears twice in the input (first at row 2)"]
    assert [e.id for e in plan.create] == ["cat-cow", "dead-bug"]  # the rows after are planned


def test_an_id_whose_file_exists_but_does_not_load_is_refused(library):
    library.path_of("broken").write_text("{")
    library.reload()
    plan = plan_import(library, [("x.txt", entry("broken"))], "update")
    assert [str(p) for p in plan.problems] == [
        "x.txt: id: 'broken': a file with this id exists but does not load; fix or remove it "
        "first"]
    assert library.path_of("broken").read_text() == "{"


def test_an_unknown_on_conflict_is_refused(library):
    with pytest.raises(ValueError, match="on_conflict: expected one of fail, skip, update"):
        plan_import(library, [], "merge")


def test_planning_writes_nothing(library):
    before = snapshot(library.root)
    plan_import(library, [("a", entry("cat-cow")), ("b", entry("calf-stretch", summary="x"))],
                "update")
    assert snapshot(library.root) == before


def test_apply_writes_creates_and_updates(library):
    plan = plan_import(library, [("a", entry("cat-cow")),
                                 ("b", entry("calf-stretch", summary="Changed."))], "update")
    seen = []

    def progress(items):
        for item in items:
            seen.append(item.id)
            yield item

    assert plan.summary() == "would create 1, update 1, leave 0 unchanged, skip 0, refuse 0"
    written = apply_import(library, plan, progress=progress)
    assert seen == ["cat-cow", "calf-stretch"] == [e.id for e in written]
    assert plan.summary() == "1 created, 1 updated, 0 unchanged, 0 skipped"
    again = Library(library.root)
    assert again.get("calf-stretch").summary == "Changed." and "cat-cow" in again


def test_apply_refuses_a_plan_with_problems_and_writes_nothing(library):
    before = snapshot(library.root)
    plan = plan_import(library, [("a", entry("cat-cow")), ("b", entry("calf-stretch",
                                                                      summary="x"))])
    with pytest.raises(StretchkitError) as caught:
        apply_import(library, plan)
    assert str(caught.value) == "import refused: 1 problem; nothing was written"
    plan = plan_import(library, [("a", entry("calf-stretch", summary="x")),
                                 ("b", entry("hip-opener", summary="y"))])
    with pytest.raises(StretchkitError) as caught:
        apply_import(library, plan)
    assert str(caught.value) == "import refused: 2 problems; nothing was written"
    assert snapshot(library.root) == before


def test_a_failure_halfway_puts_back_everything_already_written(library):
    before = snapshot(library.root)
    plan = plan_import(library, [("a", entry("cat-cow")),
                                 ("b", entry("calf-stretch", summary="Changed.")),
                                 ("c", entry("pigeon-pose"))], "update")
    # Between planning and writing, someone else creates the third entry.
    Library(library.root).create(entry("pigeon-pose", summary="Theirs."))
    with pytest.raises(ConflictError):
        apply_import(library, plan)
    assert plan.summary().startswith("would create 2,")  # nothing was imported after all
    after = snapshot(library.root)
    assert after.pop("pigeon-pose.json") == dump_entry(entry("pigeon-pose", summary="Theirs."))
    assert after == before
    assert library.get("calf-stretch").summary == "Original." and "cat-cow" not in library


def test_an_update_written_before_a_later_failure_is_put_back(library):
    # calf-stretch is published: the import's update sends it to draft, the undo must bring
    # back the published working copy exactly (a save alone would refuse to).
    other = Library(library.root)
    other.path_of("calf-stretch").write_bytes(dump_entry(
        entry("calf-stretch", summary="Original.", status="published")))
    library.reload()
    before = snapshot(library.root)
    plan = plan_import(library, [("a", entry("calf-stretch", summary="Changed.",
                                             status="published")),
                                 ("b", entry("hip-opener", summary="Ours."))], "update")
    assert [e.id for e in plan.update] == ["calf-stretch", "hip-opener"]
    # Between planning and writing, someone else edits the second entry: the first update
    # is on disk by the time the second is refused.
    other = Library(library.root)
    other.save(other.get("hip-opener").model_copy(update={"summary": "Theirs."}))
    theirs = library.path_of("hip-opener").read_bytes()
    with pytest.raises(ConflictError):
        apply_import(library, plan)
    after = snapshot(library.root)
    assert after.pop("hip-opener.json") == theirs
    before.pop("hip-opener.json")
    assert after == before
    restored = Library(library.root).get("calf-stretch")
    assert (restored.summary, restored.status) == ("Original.", "published")
    assert [v.event for v in Library(library.root).versions("calf-stretch")][-2:] == [
        "edit", "restore"]  # history keeps the undone write: nothing saved is lost


def test_the_undo_goes_on_when_a_file_it_would_remove_is_already_gone(library):
    before = snapshot(library.root)
    plan = plan_import(library, [("a", entry("cat-cow")),
                                 ("b", entry("calf-stretch", summary="Changed.")),
                                 ("c", entry("dead-bug"))], "update")

    def failing(items):
        for number, item in enumerate(items):
            if number == 2:
                library.path_of("cat-cow").unlink()  # someone removed it meanwhile
                raise OSError("disk full")
            yield item

    with pytest.raises(OSError, match=r"^disk full$"):  # the failure itself, not the undo's
        apply_import(library, plan, progress=failing)
    assert snapshot(library.root) == before  # the update is put back all the same
    assert library.get("calf-stretch").summary == "Original." and "cat-cow" not in library


def test_an_interrupted_import_is_undone_too(library):
    before = snapshot(library.root)
    plan = plan_import(library, [("a", entry("cat-cow")), ("b", entry("dead-bug"))])

    def interrupted(items):
        for number, item in enumerate(items):
            if number == 1:
                raise KeyboardInterrupt
            yield item

    with pytest.raises(KeyboardInterrupt):
        apply_import(library, plan, progress=interrupted)
    assert snapshot(library.root) == before and "cat-cow" not in library


def test_apply_stamps_created_and_updated(library):
    given = datetime(2020, 5, 1, 8, 30, tzinfo=UTC)
    made = datetime(2019, 1, 2, 3, 4, tzinfo=UTC)
    library.save(library.get("calf-stretch").model_copy(update={"created": made}))
    plan = plan_import(library, [("a", entry("cat-cow")),
                                 ("b", entry("neck-tilt", created=given.isoformat())),
                                 ("c", entry("calf-stretch", summary="Changed."))], "update")
    started = datetime.now(UTC).replace(microsecond=0)
    apply_import(library, plan)
    again = Library(library.root)  # what the files hold
    cat_cow, neck_tilt, calf = (again.get(i) for i in ("cat-cow", "neck-tilt", "calf-stretch"))
    assert cat_cow.created is not None and cat_cow.created >= started
    assert cat_cow.updated == cat_cow.created
    assert neck_tilt.created == neck_tilt.updated == given  # given times are kept
    assert calf.created == made  # an update keeps when the entry was made
    assert calf.updated is not None and calf.updated >= started


def test_the_undo_removes_the_pictures_it_stored_even_one_already_gone(library):
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (0, 90, 160)).save(out, "PNG")
    picture = media_files.normalise_image(out.getvalue())
    plan = plan_import(library, [("a", entry("cat-cow")), ("b", entry("dead-bug"))])
    plan.pictures = {"cat-cow": [picture]}
    stored = media_files.path_of(library.root, "cat-cow", picture.name)

    def failing(items):
        for number, item in enumerate(items):
            if number == 1:
                stored.unlink()  # someone removed it meanwhile
                raise OSError("disk full")
            yield item

    with pytest.raises(OSError, match=r"^disk full$"):  # the failure itself, not the undo's
        apply_import(library, plan, progress=failing)
    assert "cat-cow" not in library and not stored.exists()
