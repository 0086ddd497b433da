"""The merge driver's work on three files, in-process (tests/team runs it through git)."""

from __future__ import annotations

import json
from pathlib import Path

from stretchkit.errors import Problem
from stretchkit.formats.conflict_file import dump_conflicted
from stretchkit.formats.entry_file import dump_entry, dump_entry_data, load_entry
from stretchkit.model.merge import FieldConflict
from stretchkit.store.gitmerge import MergeOutcome, merge_files
from stretchkit.store.library import Library, load_vocabulary

ENTRY = "cat-cow"


def three(tmp_path: Path, base: dict | None, ours: dict, theirs: dict) -> list[str]:
    paths = []
    for name, data in (("base", base), ("ours", ours), ("theirs", theirs)):
        path = tmp_path / f"{name}.json"
        path.write_bytes(b"" if data is None else dump_entry_data(data))
        paths.append(str(path))
    return paths


def sample(data: Path, entry_id: str = ENTRY) -> dict:
    """The sample entry as the base of a merge, in review (as both sides' edits leave it; a
    published one would go back to draft, which tests of its own cover)."""
    return {**json.loads((data / "exercises" / f"{entry_id}.json").read_bytes()),
            "status": "in-review"}


def test_a_clean_merge_writes_the_bytes_a_save_would_write(tmp_path, sample_data):
    base = sample(sample_data)
    ours = {**base, "summary": "Ours changed the summary.", "updated": "2027-01-02T00:00:00Z"}
    theirs = {**base, "goals": [*base["goals"], "recovery"], "updated": "2027-01-03T00:00:00Z"}
    where = str(sample_data / "exercises" / f"{ENTRY}.json")
    paths = three(tmp_path, base, ours, theirs)
    assert merge_files(*paths, where) == MergeOutcome(where, (), ())
    expected = {**base, "summary": ours["summary"], "goals": theirs["goals"],
                "updated": "2027-01-03T00:00:00Z"}
    vocabulary = load_vocabulary(sample_data)
    assert Path(paths[1]).read_bytes() == dump_entry(load_entry(dump_entry_data(expected),
                                                                vocabulary))


def test_a_conflict_leaves_per_field_blocks_the_library_names_and_resolves(tmp_path,
                                                                          sample_data):
    base = sample(sample_data)
    ours = {**base, "name": "Name From Ours", "tips": ["Only ours changed the tips."]}
    theirs = {**base, "name": "Name From Theirs"}
    target = sample_data / "exercises" / f"{ENTRY}.json"
    paths = three(tmp_path, base, ours, theirs)
    outcome = merge_files(*paths, str(target))
    assert outcome == MergeOutcome(str(target), ("name",), ())
    written = Path(paths[1]).read_bytes()
    assert written == dump_conflicted(
        {**base, "name": "Name From Ours", "tips": ["Only ours changed the tips."]},
        [FieldConflict("name", base["name"], "Name From Ours", "Name From Theirs")])
    target.write_bytes(written)  # what git leaves in the work tree
    library = Library(sample_data)
    assert library.problems == [Problem(
        str(target), "name", "merge conflict: ours 'Name From Ours', theirs 'Name From "
                             "Theirs'; pick one in the authoring app (or "
                             "Library.resolve_conflict)")]
    resolved = library.resolve_conflict(ENTRY, {"name": "theirs"})
    assert (resolved.name, resolved.tips) == ("Name From Theirs", ["Only ours changed the tips."])
    assert target.read_bytes() == dump_entry(resolved)


def test_an_entry_added_on_both_sides_merges_against_an_empty_base(tmp_path, sample_data):
    ours = sample(sample_data)
    theirs = {**ours, "tips": ["Theirs wrote other tips."]}
    where = str(sample_data / "exercises" / f"{ENTRY}.json")
    paths = three(tmp_path, None, ours, theirs)
    assert merge_files(*paths, where).conflicts == ("tips",)
    assert Path(paths[1]).read_bytes() == dump_conflicted(
        ours, [FieldConflict("tips", None, ours["tips"], theirs["tips"])])


def test_two_different_publications_merge_to_the_later_one_whole(tmp_path, sample_data):
    base = json.loads((sample_data / "published" / "wall-calf-stretch.json").read_bytes())

    def published(summary: str, at: str) -> dict:
        decision = {"reviewer": "Rita", "at": at, "decision": "published", "checklist": {},
                    "comment": "", "version": None}
        return {**base, "summary": summary, "reviews": [*base["reviews"], decision]}

    early = published("Published first on machine A.", "2027-01-01T00:00:00Z")
    late = published("Published later on machine B.", "2027-01-02T00:00:00Z")
    where = str(sample_data / "published" / "wall-calf-stretch.json")
    for one, other in ((early, late), (late, early)):
        paths = three(tmp_path, base, one, other)
        assert merge_files(*paths, where) == MergeOutcome(
            where, (), ("two different publications: kept the later one",))
        assert Path(paths[1]).read_bytes() == dump_entry_data(late)
