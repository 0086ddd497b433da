"""stretchkit media add | list | remove, and validate's media problems, as a coach runs them."""

from __future__ import annotations

from pathlib import Path

from PIL import Image

from stretchkit import Library
from tests.cli.in_process import Ran, run_cli
from tests.store.test_media import jpeg_with_gps_and_rotation


def run(*args: str | Path) -> Ran:
    done = run_cli(*args, env={"STRETCHKIT_USER": "Ana Author", "PATH": "/usr/bin"})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_add_list_remove(empty_data, tmp_path):
    assert run("new", "Wall Calf Stretch", "--data", empty_data).returncode == 0
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps_and_rotation())
    done = run("media", "add", "wall-calf-stretch", photo, "--alt", "Start, side view",
               "--license", "CC-BY-4.0", "--author", "Test Photographer", "--role", "start",
               "--data", empty_data)
    assert done.returncode == 0, done.stderr
    [stored] = (empty_data / "media" / "wall-calf-stretch").iterdir()
    assert done.stdout == f"added image 1 to wall-calf-stretch: {stored}\n"
    assert Image.open(stored).size == (480, 640)
    done = run("media", "add", "wall-calf-stretch", "https://video.example.org/w?v=1",
               "--kind", "video", "--step", "2", "--alt", "Lean", "--data", empty_data)
    assert done.returncode == 0, done.stderr
    listed = run("media", "list", "wall-calf-stretch", "--data", empty_data).stdout.splitlines()
    assert listed[0].startswith(f"1  image  start    {stored.name}  alt: Start, side view  "
                                "licence: CC-BY-4.0  credit: Test Photographer, CC-BY-4.0 (")
    assert listed[1].startswith("2  video  step 2   https://video.example.org/w?v=1  alt: Lean"
                                "  licence: (none)")
    done = run("media", "remove", "wall-calf-stretch", "3", "--data", empty_data)
    assert (done.returncode, done.stderr) == (2, "stretchkit: error: entry 'wall-calf-stretch' "
                                                 "has 2 media items; expected a number from 1 "
                                                 "to 2, got 3\n")
    assert run("media", "remove", "wall-calf-stretch", "1", "--data", empty_data).stdout == \
        "removed item 1 from wall-calf-stretch; 1 left\n"
    assert [m.kind for m in Library(empty_data).get("wall-calf-stretch").media] == ["video"]


def test_refused_sources_say_what_is_accepted_and_exit_non_zero(empty_data, tmp_path):
    run("new", "Wall Calf Stretch", "--data", empty_data)
    svg = tmp_path / "x.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    done = run("media", "add", "wall-calf-stretch", svg, "--data", empty_data)
    assert done.returncode == 2 and "SVG" in done.stderr and "accepted: PNG, JPEG or WebP" \
        in done.stderr
    done = run("media", "add", "wall-calf-stretch", "javascript:alert(1)", "--data", empty_data)
    assert done.returncode == 1 and "media[0].url: expected an https:// link" in done.stderr
    assert not (empty_data / "media").exists()


def test_validate_reports_missing_and_unused_files(empty_data, tmp_path):
    run("new", "Wall Calf Stretch", "--data", empty_data)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps_and_rotation())
    run("media", "add", "wall-calf-stretch", photo, "--data", empty_data)
    assert run("validate", "--data", empty_data).returncode == 0
    [stored] = (empty_data / "media" / "wall-calf-stretch").iterdir()
    stored.rename(stored.with_name("0000000000000000.jpg"))
    done = run("validate", "--data", empty_data)
    assert done.returncode == 1
    assert f"media[0].file: expected the file {stored.name}" in done.stdout
    assert "0000000000000000.jpg: no entry or version uses this file" in done.stdout


def _library_with_a_picture(data: Path, tmp_path: Path) -> Path:
    run("new", "Wall Calf Stretch", "--data", data)
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps_and_rotation())
    run("media", "add", "wall-calf-stretch", photo, "--alt", "Start", "--license",
        "CC-BY-SA-4.0", "--author", "Test Photographer", "--source-url",
        "https://example.org/p", "--data", data)
    run("media", "add", "wall-calf-stretch", "https://video.example.org/w", "--kind", "video",
        "--alt", "Video", "--license", "CC0-1.0", "--data", data)
    return next((data / "media" / "wall-calf-stretch").iterdir())


def test_export_with_media_carries_files_attribution_and_the_items_back(empty_data, tmp_path):
    import json
    stored = _library_with_a_picture(empty_data, tmp_path)
    want = Library(empty_data).get("wall-calf-stretch").media
    for fmt, out in (("json", tmp_path / "j" / "lib.json"), ("csv", tmp_path / "c"),
                     ("jsonl", tmp_path / "l" / "lib.jsonl")):
        done = run("export", "--channel", "working", "--with-media", "--format", fmt,
                   "--out", out, "--data", empty_data)
        assert done.returncode == 0, done.stderr
        base = out if fmt == "csv" else out.parent
        copy = base / "media" / "wall-calf-stretch" / stored.name
        assert copy.read_bytes() == stored.read_bytes()
        attribution = (base / "ATTRIBUTION.md").read_text(encoding="utf-8")
        assert f"media/wall-calf-stretch/{stored.name}" in attribution
        assert "Author: Test Photographer" in attribution
        assert ("Licence: Creative Commons Attribution-ShareAlike 4.0 (CC-BY-SA-4.0, "
                "https://creativecommons.org/licenses/by-sa/4.0/)") in attribution
        assert "Source: https://example.org/p" in attribution
        back = tmp_path / f"back-{fmt}"
        assert run("import", out, "--format", fmt, "--data", back).returncode == 0
        assert Library(back).get("wall-calf-stretch").media == want
    package = json.loads((tmp_path / "c" / "datapackage.json").read_text(encoding="utf-8"))
    paths = [r["path"] for r in package["resources"]]
    assert "ATTRIBUTION.md" in paths and f"media/wall-calf-stretch/{stored.name}" in paths
    done = run("export", "--channel", "working", "--with-media", "--format", "json", "--out",
               tmp_path / "j" / "other.json", "--data", empty_data)
    assert done.returncode == 1 and "ATTRIBUTION.md: file exists" in done.stderr
