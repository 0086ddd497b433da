"""Foreign pictures through a mapping: remote links under a base URL (free-exercise-db, licence
unknown), files read from a folder and stored like `media add` (everkinetic, CC-BY-SA-4.0),
and an import with a bad picture that writes nothing. Real files: the fixture copies of both
datasets (tests/fixtures, with their licences) and pictures made here."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from PIL import Image

from stretchkit import EntryError, Library, import_files, preview_import
from stretchkit.review.checks import lint
from stretchkit.transfer.mapping import MappingError, load_mapping, read_mapped
from tests.conftest import ROOT

FREE_DB = ROOT / "tests" / "fixtures" / "free-exercise-db.json"
FREE_DB_MAPPING = ROOT / "data" / "mappings" / "free-exercise-db.json"
EVERKINETIC = ROOT / "tests" / "fixtures" / "everkinetic"
EVERKINETIC_MAPPING = ROOT / "data" / "mappings" / "everkinetic.json"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file() and p.name != ".lock"}


# -- remote links: free-exercise-db ------------------------------------------------------------
def test_free_exercise_db_photos_come_as_remote_links_of_unknown_licence(empty_data):
    import_files(Library(empty_data), [FREE_DB], "json", mapping=FREE_DB_MAPPING)
    library = Library(empty_data)
    records = {r["name"]: r for r in json.loads(FREE_DB.read_text(encoding="utf-8"))}
    cat = library.get("cat-stretch")
    assert [m.model_dump() for m in cat.media] == [
        {"kind": "image", "file": None,
         "url": f"https://raw.githubusercontent.com/yuhonas/free-exercise-db/main/exercises/"
                f"{path}",
         "role": role, "step": None, "alt": f"Photo of Cat Stretch: {role} position",
         "caption": "", "license": "unknown", "author": None,
         "source_url": "https://github.com/yuhonas/free-exercise-db/blob/main/exercises/"
                       + records["Cat Stretch"]["id"]}
        for path, role in zip(records["Cat Stretch"]["images"], ["start", "end"], strict=True)]
    assert not (empty_data / "media").exists()  # nothing downloaded, nothing stored
    with_photos = [e for e in library if e.media]
    assert len(with_photos) == 123
    # reviewable, not approvable: the unknown rights are an error of the content checks
    found = lint(cat)
    assert {(f.rule, f.field) for f in found if f.rule == "media-credits"} == {
        ("media-credits", "media[0].license"), ("media-credits", "media[1].license")}
    assert all("rights are unknown" in f.message for f in found if f.rule == "media-credits")


def test_a_path_with_spaces_is_quoted_and_a_path_leaving_the_base_is_refused(tmp_path):
    mapping = {"fields": {"name": "name", "media": {
        "from": "images", "base_url": "https://example.org/pics/", "alt": "{name}"}}}
    path = tmp_path / "in.json"
    path.write_text(json.dumps([{"name": "Calf Raise", "images": ["Calf Raise/0.jpg"]}]),
                    encoding="utf-8")
    [(_, entry)] = read_mapped([path], "json", mapping)
    assert entry.media[0].url == "https://example.org/pics/Calf%20Raise/0.jpg"
    assert entry.media[0].role == "main" and entry.media[0].alt == "Calf Raise"
    for bad in ("../secret.jpg", "/etc/passwd", "javascript:alert(1)", "a\\..\\b.png"):
        path.write_text(json.dumps([{"name": "Calf Raise", "images": [bad]}]),
                        encoding="utf-8")
        with pytest.raises(EntryError) as caught:
            read_mapped([path], "json", mapping)
        [problem] = caught.value.problems
        assert problem.field == "media[0]" and "expected a relative path" in problem.message
        assert repr(bad) in problem.message and problem.where.endswith("in.json $[0]")


# -- files from a folder: everkinetic ------------------------------------------------------------
def test_everkinetic_imports_its_mobility_drills_with_their_drawings_credited(empty_data):
    library = Library(empty_data)
    dry = preview_import(library, [EVERKINETIC / "exercises.json"], "json",
                         mapping=EVERKINETIC_MAPPING)
    assert sorted(e.id for e in dry.create) == [
        "ankle-circles", "ball-wall-circles", "knee-circles",
        "static-neck-flexion-and-extension", "static-neck-side-flexion"]  # no "Supermans"
    assert not dry.problems and not (empty_data / "media").exists()  # a dry run stores nothing
    import_files(library, [EVERKINETIC / "exercises.json"], "json", mapping=EVERKINETIC_MAPPING)
    reloaded = Library(empty_data)
    assert not reloaded.problems and not reloaded.media_problems()
    knee = reloaded.get("knee-circles")
    assert knee.source.title == "everkinetic" and knee.source.license == "CC-BY-SA-4.0"
    assert knee.kind == "mobility-drill" and knee.position == "standing"
    assert knee.targets == ["calves"] and knee.goals == ["mobility", "pre-run"]
    assert [(m.role, m.alt) for m in knee.media] == [
        ("start", "Line drawing of Knee Circles: start position"),
        ("end", "Line drawing of Knee Circles: end position")]
    for item in knee.media:
        assert (item.kind, item.license, item.author, item.source_url) == (
            "image", "CC-BY-SA-4.0", "Greg Priday and everkinetic contributors",
            "https://github.com/everkinetic/data")
        stored = reloaded.media_path("knee-circles", item.file)
        with Image.open(stored) as picture:  # normalised as `media add` does: no colour profile
            assert picture.format == "PNG" and "icc_profile" not in picture.info
    with Image.open(EVERKINETIC / "png" / "0277-relaxation.png") as original:
        assert "icc_profile" in original.info  # so the test above says something
    # full attribution: no media finding in the content checks
    assert not [f for e in reloaded for f in lint(e) if f.rule.startswith("media")]
    # the same import again changes nothing
    again = import_files(reloaded, [EVERKINETIC / "exercises.json"], "json",
                         mapping=EVERKINETIC_MAPPING)
    assert len(again.unchanged) == 5 and not again.create


def _copy_of_everkinetic(tmp_path: Path) -> Path:
    folder = tmp_path / "everkinetic"
    shutil.copytree(EVERKINETIC, folder)
    for path in folder.rglob("*"):
        path.chmod(0o755 if path.is_dir() else 0o644)
    return folder


@pytest.mark.parametrize("damage", ["missing", "not a picture", "svg"])
def test_a_bad_picture_refuses_the_whole_import_naming_record_and_file(tmp_path, empty_data,
                                                                        damage):
    folder = _copy_of_everkinetic(tmp_path)
    bad = folder / "png" / "0277-tension.png"
    if damage == "missing":
        bad.unlink()
    elif damage == "not a picture":
        bad.write_text("<html><script>alert(1)</script></html>", encoding="utf-8")
    else:
        bad.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script>'
                       "</svg>", encoding="utf-8")
    library = Library(empty_data)
    before = _files(empty_data)
    with pytest.raises(EntryError) as caught:
        import_files(library, [folder / "exercises.json"], "json",
                     mapping=EVERKINETIC_MAPPING)
    records = json.loads((folder / "exercises.json").read_text(encoding="utf-8"))
    index = next(i for i, r in enumerate(records) if r["id"] == "0277")
    [problem] = caught.value.problems
    assert problem.where.endswith(f"exercises.json $[{index}]") and problem.field == "media[1]"
    assert "0277-tension.png" in problem.message
    assert {"missing": "no such file", "not a picture": "not a picture",
            "svg": "SVG"}[damage] in problem.message
    assert _files(empty_data) == before  # nothing written: no entry, no picture


def test_a_failure_while_writing_takes_back_the_stored_pictures(empty_data, monkeypatch):
    library = Library(empty_data)
    calls = {"n": 0}
    create = Library.create

    def failing_create(self, entry, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise OSError("disk full")
        return create(self, entry, *args, **kwargs)

    monkeypatch.setattr(Library, "create", failing_create)
    with pytest.raises(OSError, match="disk full"):
        import_files(library, [EVERKINETIC / "exercises.json"], "json",
                     mapping=EVERKINETIC_MAPPING)
    assert not list((empty_data / "exercises").glob("*.json"))
    assert not [p for p in (empty_data / "media").rglob("*") if p.is_file()]


@pytest.mark.parametrize(("rule", "message"), [
    ({"from": "p", "alt": "x"}, "expected exactly one of 'base_url' (remote links) or 'folder'"),
    ({"from": "p", "folder": ".", "base_url": "https://e.org/"}, "got base_url and folder"),
    ({"from": "p", "base_url": "http://e.org/"}, "base_url: expected an https:// address"),
    ({"from": "p", "folder": ".", "kind": "video"}, "a video is a link"),
    ({"from": "p", "folder": ".", "role": "step"}, "role: expected one of main, start, end"),
    ({"from": "p", "folder": ".", "license": "CC-BY"}, "license: expected a licence id"),
    ({"from": "p", "folder": ".", "alt": 3}, "alt: expected text"),
    ({"from": "p", "folder": ".", "credit": "x"}, "unknown key 'credit' in a media rule"),
    ({"from": [], "folder": "."}, "from: expected the field holding the picture paths"),
])
def test_media_rule_mistakes_are_named(rule, message):
    with pytest.raises(MappingError) as caught:
        load_mapping({"fields": {"name": "n", "media": rule}})
    assert "fields.media" in str(caught.value) and message in str(caught.value)
