"""Media files: pictures checked and normalised with Pillow, links https only, files that
follow their entry. Every picture here is made by the test and read back from disk."""

from __future__ import annotations

import io
import json
import os
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from stretchkit import Library
from stretchkit.errors import ConflictError, EntryError, UsageError
from stretchkit.model import new_draft
from stretchkit.model.entry import MediaItem
from stretchkit.store import media as media_files

GPS, MAKE, ORIENTATION = 0x8825, 0x010F, 0x0112


def jpeg_with_gps_and_rotation(size=(640, 480)) -> bytes:
    """A landscape photo whose EXIF says 'turn 90 degrees', with camera make and GPS."""
    img = Image.new("RGB", size, (200, 120, 40))
    img.paste((10, 10, 10), (0, 0, 40, 40))  # a dark corner, to see where it goes
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    exif[ORIENTATION] = 6
    gps = exif.get_ifd(GPS)
    gps[1], gps[2], gps[3], gps[4] = "N", (52.0, 31.0, 12.0), "E", (13.0, 24.0, 36.0)
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    return out.getvalue()


def png_header_only(width: int, height: int) -> bytes:
    """A PNG whose header claims width x height pixels, with (almost) no pixel data."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(
            ">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(b"\0"))
            + chunk(b"IEND", b""))


def png(size=(32, 24), color=(0, 90, 160)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, color).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def library(empty_data: Path) -> Library:
    lib = Library(empty_data, user="Ana Author")
    lib.create(new_draft("Wall Calf Stretch"))
    return lib


# -- normalising ------------------------------------------------------------------------------
def test_a_photo_comes_out_upright_without_gps_or_camera_data():
    stored = media_files.normalise_image(jpeg_with_gps_and_rotation(), "photo.jpg")
    im = Image.open(io.BytesIO(stored.data))
    assert im.format == "JPEG" and im.size == (480, 640) == stored.size
    exif = im.getexif()
    assert not exif.get_ifd(GPS) and exif.get(MAKE) is None and exif.get(ORIENTATION) is None
    # turned 90 degrees clockwise: the dark top-left corner is now top-right
    assert im.getpixel((470, 5))[0] < 60 and im.getpixel((5, 5))[0] > 150
    assert b"TestCam" not in stored.data


def test_png_text_chunks_and_trailing_bytes_do_not_survive():
    from PIL import PngImagePlugin
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "secret location 52N 13E")
    out = io.BytesIO()
    Image.new("RGB", (20, 20)).save(out, "PNG", pnginfo=info)
    stored = media_files.normalise_image(out.getvalue() + b"<script>alert(1)</script>")
    assert b"secret" not in stored.data and b"<script>" not in stored.data


def test_a_decompression_bomb_is_refused_from_its_header():
    with pytest.raises(UsageError, match=r"^bomb.png: .*2500000000 pixels.*accepted: PNG"):
        media_files.normalise_image(png_header_only(50_000, 50_000), "bomb.png")
    # below Pillow's own guard, the kit's limit is checked on the header before decoding
    with pytest.raises(UsageError, match=r"claims 9000 x 9000 pixels \(81 megapixels\)"):
        media_files.normalise_image(png_header_only(9000, 9000), "big.png")


@pytest.mark.parametrize(("size", "orientation", "stored"), [
    ((4000, 3000), 6, (1500, 2000)),  # 12 megapixels, decoded at half scale, turned upright
    ((6000, 4000), 1, (2048, 1365)),  # decoded at half scale, then scaled to MAX_SIDE
    ((2048, 1024), 1, (2048, 1024)),  # not over MAX_SIDE: decoded whole
])
def test_a_large_jpeg_is_decoded_at_a_reduced_scale(size, orientation, stored):
    exif = Image.Exif()
    exif[ORIENTATION] = orientation
    out = io.BytesIO()
    Image.new("RGB", size, (90, 140, 30)).save(out, "JPEG", exif=exif)
    result = media_files.normalise_image(out.getvalue(), "big.jpg")
    assert result.size == stored == Image.open(io.BytesIO(result.data)).size
    assert max(stored) >= media_files.DRAFT_SHARE * media_files.MAX_SIDE


def test_an_oversized_picture_is_scaled_down():
    stored = media_files.normalise_image(png((5000, 2500)), "wide.png")
    assert stored.size == (media_files.MAX_SIDE, media_files.MAX_SIDE // 2)
    assert Image.open(io.BytesIO(stored.data)).size == stored.size


@pytest.mark.parametrize(("content", "says"), [
    (b"<html><script>alert(1)</script></html>", "text or markup"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
    (b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>', "SVG"),
    (b"GIF89a" + png()[8:], "not a picture the kit can read"),
    (jpeg_with_gps_and_rotation()[:600], "damaged"),
])
def test_what_is_not_a_png_jpeg_or_webp_is_refused_saying_what_is_accepted(content, says):
    with pytest.raises(UsageError) as caught:
        media_files.normalise_image(content, "picture.png")
    message = str(caught.value)
    assert message.startswith("picture.png: ") and says in message
    assert "accepted: PNG, JPEG or WebP" in message


def test_a_gif_is_refused_by_its_content_whatever_its_name():
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    with pytest.raises(UsageError, match="GIF image data"):
        media_files.normalise_image(out.getvalue(), "looks.png")


def test_the_stored_name_is_made_from_the_content_not_the_given_name(library, tmp_path):
    source = tmp_path / "..%2F..%2Fevil.png"
    source.write_bytes(png())
    entry = library.add_media("wall-calf-stretch", str(source), alt="A", license="CC0-1.0")
    name = entry.media[0].file
    assert name == media_files.normalise_image(png()).name and "/" not in name
    assert (library.root / "media" / "wall-calf-stretch" / name).is_file()
    assert sorted(p.name for p in library.root.rglob("*.png")) == [name]


# -- the library ------------------------------------------------------------------------------
def test_add_media_saves_the_item_and_the_file_and_reads_back(library, tmp_path):
    (tmp_path / "photo.jpg").write_bytes(jpeg_with_gps_and_rotation())
    library.add_media("wall-calf-stretch", str(tmp_path / "photo.jpg"), alt="Start, side view",
                      license="CC-BY-4.0", author="Test Photographer", role="start")
    library.add_media("wall-calf-stretch", "https://video.example.org/watch?v=1",
                      kind="video", alt="Follow along", license="CC-BY-4.0", author="Ana")
    again = Library(library.root).get("wall-calf-stretch")
    assert [(m.kind, m.role, m.alt) for m in again.media] == [
        ("image", "start", "Start, side view"), ("video", "main", "Follow along")]
    assert again.media[0].author == "Test Photographer"
    assert Library(library.root).media_problems() == []


@pytest.mark.parametrize("link", ["javascript:alert(1)", "http://example.com/x.png",
                                  "data:image/png;base64,iVBORw0KGgo=",
                                  "file:///etc/passwd", "https://"])
def test_links_must_be_https_and_a_refused_one_changes_nothing(library, link):
    before = sorted(p.relative_to(library.root) for p in library.root.rglob("*"))
    with pytest.raises(EntryError, match=r"media\[0\]\.url: expected an https:// link"):
        library.add_media("wall-calf-stretch", link, alt="x", license="CC0-1.0")
    assert sorted(p.relative_to(library.root) for p in library.root.rglob("*")) == before


def test_a_refused_file_changes_nothing(library, tmp_path):
    (tmp_path / "x.svg").write_text('<svg><script>alert(1)</script></svg>')
    before = sorted(p.relative_to(library.root) for p in library.root.rglob("*"))
    with pytest.raises(UsageError, match="SVG"):
        library.add_media("wall-calf-stretch", str(tmp_path / "x.svg"))
    with pytest.raises(UsageError, match="no such file"):
        library.add_media("wall-calf-stretch", str(tmp_path / "nothing.png"))
    assert sorted(p.relative_to(library.root) for p in library.root.rglob("*")) == before


def test_an_upload_is_bytes_named_in_messages(library):
    entry = library.add_media("wall-calf-stretch", png(), name="drop.png", alt="A")
    assert entry.media[0].file.endswith(".png")
    with pytest.raises(UsageError, match=r"^drop\.txt: "):
        library.add_media("wall-calf-stretch", b"hello", name="drop.txt")


def test_remove_takes_the_item_off_and_a_restore_brings_the_picture_back(library):
    first = library.add_media("wall-calf-stretch", png(), alt="A", license="CC0-1.0")
    with_picture = library.head("wall-calf-stretch")
    entry = library.remove_media("wall-calf-stretch", 1)
    assert entry.media == []
    with pytest.raises(UsageError, match="has 0 media items; expected a number from 1 to 0"):
        library.remove_media("wall-calf-stretch", 1)
    # the file stays while a version uses it: not reported as unused
    assert library.media_problems() == []
    restored = library.restore_version("wall-calf-stretch", with_picture)
    assert restored.media == first.media
    assert library.media_path("wall-calf-stretch", restored.media[0].file).is_file()


def test_pictures_follow_an_entry_through_duplicate_rename_delete_and_restore(library):
    entry = library.add_media("wall-calf-stretch", png(), alt="A", license="CC0-1.0")
    name = entry.media[0].file
    copy = library.create(entry.model_copy(update={"id": "wall-calf-stretch-copy"}))
    assert library.media_path(copy.id, name).read_bytes() == \
        library.media_path(entry.id, name).read_bytes()
    library.delete("wall-calf-stretch")  # a rename is a new id and the old one deleted
    assert library.media_problems() == []  # the deleted entry's history still uses the file
    library.restore("wall-calf-stretch")
    assert library.media_path("wall-calf-stretch", name).is_file()
    assert Library(library.root).media_problems() == []


def test_validate_names_a_missing_file_and_a_file_no_entry_uses(library):
    entry = library.add_media("wall-calf-stretch", png(), alt="A", license="CC0-1.0")
    path = library.media_path(entry.id, entry.media[0].file)
    path.unlink()
    stray = path.parent / "0000000000000000.png"
    stray.write_bytes(png())
    problems = [str(p) for p in Library(library.root).media_problems()]
    assert problems == [
        f"{library.path_of(entry.id)}: media[0].file: expected the file {path.name} in "
        f"{path.parent}, found none",
        f"{stray}: no entry or version uses this file (delete it, or add it to an entry with "
        "`stretchkit media add`)"]


def test_a_thumbnail_is_small_embedded_and_made_once(library):
    entry = library.add_media("wall-calf-stretch", png((1600, 1200)), alt="A")
    source = library.images
    uri = source(entry.id, entry.media[0].file)
    assert uri.startswith("data:image/png;base64,")
    import base64
    thumb = Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1])))
    assert max(thumb.size) == media_files.THUMB_SIDE
    hits = media_files._thumbnail.cache_info().hits
    assert source(entry.id, entry.media[0].file) == uri
    assert media_files._thumbnail.cache_info().hits == hits + 1
    assert source(entry.id, "ffffffffffffffff.png") is None


# -- the file functions, one by one ---------------------------------------------------------
ACCEPTED_TAIL = ("; accepted: PNG, JPEG or WebP images (at most 40 megapixels, 25 MB), or an "
                 "https:// link")


def stored_png(color) -> media_files.StoredImage:
    return media_files.normalise_image(png(color=color))


def with_files(entry_id: str, *names: str):
    """An entry whose media items use these stored file names."""
    entry = new_draft(entry_id.replace("-", " ").title())
    return entry.model_copy(update={"media": [
        MediaItem(file=name, alt="A") for name in names]})


def test_a_thin_jpeg_asks_for_at_least_one_pixel_a_side():
    # the longer side keeps DRAFT_SHARE of MAX_SIDE (1843.2, rounded up); the other side
    # follows the proportions, never below one pixel
    assert media_files._draft_size(4000, 3000) == (1844, 1383)
    assert media_files._draft_size(3000, 4000) == (1383, 1844)
    assert media_files._draft_size(3, 8000) == (1, 1844)
    assert media_files._draft_size(8000, 3) == (1844, 1)


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    big = tmp_path / "huge.png"
    with big.open("wb") as fh:
        fh.truncate(media_files.MAX_BYTES + 1)  # sparse: nothing is read
    with pytest.raises(UsageError) as caught:
        media_files.read_image_file(big)
    assert str(caught.value) == f"{big}: the file is 25.0 MB" + ACCEPTED_TAIL
    # exactly at the limit the size passes; the content is what is refused then
    at_limit = tmp_path / "limit.png"
    with at_limit.open("wb") as fh:
        fh.truncate(media_files.MAX_BYTES)
    with pytest.raises(UsageError) as caught:
        media_files.read_image_file(at_limit)
    assert str(caught.value) == (f"{at_limit}: the content is not a picture the kit can read"
                                 + ACCEPTED_TAIL)


def test_a_refused_file_is_named_by_its_path(tmp_path):
    notes = tmp_path / "notes.png"
    notes.write_text("<p>just some words</p>", encoding="utf-8")
    with pytest.raises(UsageError) as caught:
        media_files.read_image_file(notes)
    assert str(caught.value) == f"{notes}: the content is text or markup, not a picture" \
        + ACCEPTED_TAIL


def test_store_writes_beside_the_pictures_already_there(tmp_path):
    blue, red = stored_png((0, 0, 255)), stored_png((255, 0, 0))
    first = media_files.store(tmp_path, "calf", blue)
    second = media_files.store(tmp_path, "calf", red)
    assert (first, second) == (tmp_path / "media" / "calf" / blue.name,
                               tmp_path / "media" / "calf" / red.name)
    assert first.read_bytes() == blue.data and second.read_bytes() == red.data
    assert media_files.store(tmp_path, "calf", blue) == first  # there: nothing written


def test_move_file_moves_into_a_folder_that_has_pictures_and_drops_the_empty_one(tmp_path):
    blue, red, green = (stored_png(c) for c in ((0, 0, 255), (255, 0, 0), (0, 255, 0)))
    media_files.store(tmp_path, "draft", blue)
    media_files.store(tmp_path, "draft", red)
    media_files.store(tmp_path, "calf", green)
    media = tmp_path / "media"
    moved = media_files.move_file(tmp_path, blue.name, "draft", "calf")
    assert moved == media / "calf" / blue.name and moved.read_bytes() == blue.data
    # the old folder still holds a picture: it stays, with that picture only
    assert sorted(p.name for p in (media / "draft").iterdir()) == [red.name]
    assert media_files.move_file(tmp_path, red.name, "draft", "calf") == media / "calf" / red.name
    assert not (media / "draft").exists()
    assert sorted(p.name for p in (media / "calf").iterdir()) == sorted(
        [blue.name, red.name, green.name])
    # moved again (the id changed back and forth): the file is there, nothing to do
    assert media_files.move_file(tmp_path, red.name, "draft", "calf") == media / "calf" / red.name
    assert (media / "calf" / red.name).read_bytes() == red.data


def test_move_file_onto_the_same_name_keeps_one_copy(tmp_path):
    blue = stored_png((0, 0, 255))
    media_files.store(tmp_path, "draft", blue)
    media_files.store(tmp_path, "calf", blue)
    target = media_files.move_file(tmp_path, blue.name, "draft", "calf")
    assert target.read_bytes() == blue.data
    assert not (tmp_path / "media" / "draft").exists()


def test_adopt_files_copies_what_the_entry_lacks_from_any_folder(tmp_path):
    blue, red, green = (stored_png(c) for c in ((0, 0, 255), (255, 0, 0), (0, 255, 0)))
    media_files.store(tmp_path, "calf", blue)  # already the entry's own
    media_files.store(tmp_path, "other", red)
    media_files.store(tmp_path, "other", green)
    entry = with_files("calf", blue.name, "ffffffffffffffff.png", red.name, green.name)
    copied = media_files.adopt_files(tmp_path, entry)
    folder = tmp_path / "media" / "calf"
    assert copied == [folder / red.name, folder / green.name]
    assert [(folder / n).read_bytes() for n in (blue.name, red.name, green.name)] == \
        [blue.data, red.data, green.data]
    assert not (folder / "ffffffffffffffff.png").exists()  # found nowhere: left missing
    assert media_files.adopt_files(tmp_path, entry) == []  # nothing left to find


def test_unused_files_skips_hidden_files_and_names_a_folder_no_entry_has(tmp_path):
    blue, red = stored_png((0, 0, 255)), stored_png((255, 0, 0))
    media_files.store(tmp_path, "calf", blue)
    media_files.store(tmp_path, "calf", red)
    media_files.store(tmp_path, "gone", blue)
    (tmp_path / "media" / "calf" / ".tmp-upload").write_bytes(b"half")
    media = tmp_path / "media"
    assert media_files.unused_files(tmp_path, {"calf": {blue.name}}) == [
        media / "calf" / red.name, media / "gone" / blue.name]
    assert media_files.unused_files(tmp_path / "nothing-here", {}) == []


def test_copy_files_writes_each_entry_s_files_under_its_id_and_skips_a_missing_one(tmp_path):
    root, out = tmp_path / "data", tmp_path / "export"
    blue, red = stored_png((0, 0, 255)), stored_png((255, 0, 0))
    media_files.store(root, "calf", blue)
    media_files.store(root, "calf", red)
    media_files.store(root, "hip", red)
    entries = [with_files("calf", blue.name, "ffffffffffffffff.png", red.name),
               with_files("hip", red.name), with_files("neck")]
    written = media_files.copy_files(root, entries, out)
    assert written == [out / "media" / "calf" / blue.name, out / "media" / "calf" / red.name,
                       out / "media" / "hip" / red.name]
    assert [p.read_bytes() for p in written] == [blue.data, red.data, red.data]
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file()) == \
        sorted(p.relative_to(out).as_posix() for p in written)


def test_a_thumbnail_follows_a_file_replaced_within_one_clock_tick(tmp_path):
    path = tmp_path / "picture.png"
    def raw_png(size, color) -> bytes:  # uncompressed: the byte count follows the size
        out = io.BytesIO()
        Image.new("RGB", size, color).save(out, "PNG", compress_level=0)
        return out.getvalue()

    path.write_bytes(raw_png((40, 40), (0, 0, 255)))
    first = media_files.data_uri(path)
    stamp = path.stat().st_mtime_ns
    # another picture, a different size, written at the same recorded time
    path.write_bytes(raw_png((80, 40), (0, 0, 255)))
    os.utime(path, ns=(stamp, stamp))
    second = media_files.data_uri(path)
    assert second != first and media_files.data_uri(path) == second
    # the same number of bytes (another colour), written later
    same_size = raw_png((80, 40), (255, 0, 0))
    assert len(same_size) == path.stat().st_size
    path.write_bytes(same_size)
    os.utime(path, ns=(stamp + 1_000_000, stamp + 1_000_000))
    third = media_files.data_uri(path)
    assert third not in (first, second)
    assert media_files.data_uri(tmp_path / "none.png") is None


# -- the library's media calls, in detail -------------------------------------------------------
def test_an_unnamed_upload_is_called_upload_in_messages(library):
    with pytest.raises(UsageError) as caught:
        library.add_media("wall-calf-stretch", b"hello")
    assert str(caught.value).startswith("upload: the content is not a picture")


def test_a_video_given_as_a_file_is_refused_saying_videos_are_links(library, tmp_path):
    clip = tmp_path / "clip.png"
    clip.write_bytes(png())
    before = sorted(p.relative_to(library.root) for p in library.root.rglob("*"))
    with pytest.raises(UsageError) as caught:
        library.add_media("wall-calf-stretch", str(clip), kind="video", alt="A")
    assert str(caught.value) == (f"{clip}: a video is an https:// link; the kit stores "
                                 "pictures only (PNG, JPEG or WebP)")
    assert sorted(p.relative_to(library.root) for p in library.root.rglob("*")) == before
    # a picture of kind image from the same file is fine
    assert library.add_media("wall-calf-stretch", str(clip), alt="A").media[0].kind == "image"


def test_an_item_refused_as_a_whole_names_the_item_and_a_field_names_the_field(library):
    library.add_media("wall-calf-stretch", "https://video.example.org/a", kind="video", alt="A")
    with pytest.raises(EntryError) as whole:
        library.add_media("wall-calf-stretch", "https://example.org/b.png", role="step")
    assert [(p.where, p.field, p.message) for p in whole.value.problems] == [
        ("entry 'wall-calf-stretch'", "media[1]",
         "expected a step number with role 'step' and only then, got role 'step' and step "
         "None")]
    with pytest.raises(EntryError) as field:
        library.add_media("wall-calf-stretch", "https://example.org/b.png", role="step", step=0)
    assert [(p.where, p.field) for p in field.value.problems] == [
        ("entry 'wall-calf-stretch'", "media[1].step")]


def test_adding_and_removing_media_records_who_did_it(library):
    library.add_media("wall-calf-stretch", png(), alt="A", by="Pia Photographer")
    assert library.versions("wall-calf-stretch")[-1].by == "Pia Photographer"
    library.remove_media("wall-calf-stretch", 1, by="Ed Editor")
    assert library.versions("wall-calf-stretch")[-1].by == "Ed Editor"
    library.add_media("wall-calf-stretch", png(), alt="A")
    assert library.versions("wall-calf-stretch")[-1].by == "Ana Author"  # the library's user


def test_remove_takes_off_only_the_numbered_item(library):
    library.add_media("wall-calf-stretch", "https://video.example.org/a", kind="video", alt="A")
    library.add_media("wall-calf-stretch", "https://video.example.org/b", kind="video", alt="B")
    library.add_media("wall-calf-stretch", "https://video.example.org/c", kind="video", alt="C")
    assert [m.alt for m in library.remove_media("wall-calf-stretch", 2).media] == ["A", "C"]
    assert [m.alt for m in library.remove_media("wall-calf-stretch", 1).media] == ["C"]
    with pytest.raises(UsageError) as caught:
        library.remove_media("wall-calf-stretch", 2)
    assert str(caught.value) == ("entry 'wall-calf-stretch' has 1 media item; expected a "
                                 "number from 1 to 1, got 2")
    with pytest.raises(UsageError, match="has 1 media item; expected a number from 1 to 1, "
                                         "got 0"):
        library.remove_media("wall-calf-stretch", 0)
    assert [m.alt for m in Library(library.root).get("wall-calf-stretch").media] == ["C"]


def test_a_refused_save_leaves_no_new_picture_and_keeps_an_old_one(library):
    kept = library.add_media("wall-calf-stretch", png(color=(1, 2, 3)), alt="Kept")
    kept_path = library.media_path("wall-calf-stretch", kept.media[0].file)
    other = Library(library.root, user="Bo Other")
    other.save(other.get("wall-calf-stretch").model_copy(update={"summary": "Theirs."}))
    folder = library.root / "media" / "wall-calf-stretch"
    for source in (png(color=(200, 0, 0)), png(color=(1, 2, 3)),
                   "https://video.example.org/x"):  # a new picture, the same one, a link
        with pytest.raises(ConflictError):
            library.add_media("wall-calf-stretch", source, alt="Mine", kind=(
                "video" if isinstance(source, str) else "image"))
        assert sorted(folder.iterdir()) == [kept_path]
    assert Library(library.root).get("wall-calf-stretch").summary == "Theirs."


def test_media_problems_of_a_folder_without_media_is_empty(empty_data):
    library = Library(empty_data)
    library.create(new_draft("Wall Calf Stretch"))
    assert not (empty_data / "media").exists()
    assert library.media_problems() == []


def test_a_picture_a_hand_edit_added_counts_as_used(library):
    image = media_files.normalise_image(png())
    media_files.store(library.root, "wall-calf-stretch", image)
    path = library.path_of("wall-calf-stretch")
    data = json.loads(path.read_bytes())
    data["media"] = [{"file": image.name, "alt": "Typed in by hand"}]
    path.write_text(json.dumps(data), encoding="utf-8")  # no version holds this yet
    assert Library(library.root).media_problems() == []


def test_files_of_an_id_whose_history_does_not_read_are_named_unused(library):
    image = media_files.normalise_image(png())
    stray = media_files.store(library.root, "gone-entry", image)
    broken = library.root / "history" / "gone-entry" / "20200101T000000000000Z-0123456789ab.json"
    broken.parent.mkdir(parents=True)
    broken.write_text("{not json", encoding="utf-8")
    problems = Library(library.root).media_problems()
    assert [(p.where, p.field, p.message) for p in problems] == [
        (str(stray), "", "no entry or version uses this file (delete it, or add it to an "
                         "entry with `stretchkit media add`)")]


def test_a_version_whose_media_are_not_items_uses_no_file(library):
    image = media_files.normalise_image(png())
    stray = media_files.store(library.root, "wall-calf-stretch", image)
    head = library.history.read("wall-calf-stretch", library.head("wall-calf-stretch"))
    old = json.loads(head.model_dump_json())
    old["entry"]["media"] = [image.name, {"url": "https://example.org/x.png"}]
    old["id"] = "20200101T000000000000Z-0123456789ab"
    (library.root / "history" / "wall-calf-stretch" / f"{old['id']}.json").write_text(
        json.dumps(old), encoding="utf-8")
    assert [p.where for p in Library(library.root).media_problems()] == [str(stray)]


# -- normalising, in detail ---------------------------------------------------------------------
def refusal(data: bytes, *source: str) -> str:
    with pytest.raises(UsageError) as caught:
        media_files.normalise_image(data, *source)
    return str(caught.value)


NOT_READABLE = "the content is not a picture the kit can read" + ACCEPTED_TAIL
SVG = ("the content is an SVG drawing (SVG is XML that can carry scripts, so the kit does not "
       "take it)" + ACCEPTED_TAIL)
MARKUP = "the content is text or markup, not a picture" + ACCEPTED_TAIL


@pytest.mark.parametrize(("content", "says"), [
    (b'<svg xmlns="http://www.w3.org/2000/svg"/>', SVG),
    (b'\xef\xbb\xbf<svg xmlns="http://www.w3.org/2000/svg"/>', SVG),  # after a byte-order mark
    (b'\r\n\t  <SVG xmlns="http://www.w3.org/2000/svg"/>', SVG),  # after blanks, any case
    (b'<?xml version="1.0"?>\n<svg/>', SVG),
    (b'<?xml version="1.0"?>\n<note>not a drawing</note>', MARKUP),  # XML without <svg
    (b"<!DOCTYPE html><p>hi</p>", MARKUP),
    (b"<p>a paragraph</p>", MARKUP),
    (b" " * 509 + b"<svg/>", MARKUP),  # only the first 512 bytes are looked at
    (b"X<svg/>", NOT_READABLE),  # only blanks and a byte-order mark are skipped
    (b"just words", NOT_READABLE),
])
def test_markup_is_named_from_its_first_bytes(content, says):
    assert refusal(content, "drop.png") == "drop.png: " + says


def test_an_svg_is_named_as_such_when_its_tag_starts_in_the_first_4096_bytes():
    prolog = b'<?xml version="1.0"?>\n<!--'
    def xml_with_svg_at(offset: int) -> bytes:
        return prolog + b"-" * (offset - len(prolog) - 3) + b"-->" + b"<svg/>"
    assert xml_with_svg_at(4092).index(b"<svg") == 4092
    assert refusal(xml_with_svg_at(4092), "a.svg") == "a.svg: " + SVG
    assert refusal(xml_with_svg_at(4093), "a.svg") == "a.svg: " + MARKUP


def test_without_a_name_the_picture_is_called_image():
    assert refusal(b"just words") == "image: " + NOT_READABLE


def test_bytes_over_the_size_limit_are_refused_and_at_the_limit_are_read():
    assert refusal(b"\0" * (media_files.MAX_BYTES + 1), "big.png") == \
        "big.png: the file is 25.0 MB" + ACCEPTED_TAIL
    assert refusal(b"\0" * media_files.MAX_BYTES, "big.png") == "big.png: " + NOT_READABLE


def test_a_gif_is_refused_by_name_with_its_kind():
    out = io.BytesIO()
    Image.new("P", (10, 10)).save(out, "GIF")
    assert refusal(out.getvalue(), "looks.png") == \
        "looks.png: the content is GIF image data" + ACCEPTED_TAIL


def test_the_pixel_limit_holds_at_exactly_40_megapixels():
    # 8300 x 5000 is over the limit: refused from the header, counted in whole megapixels
    assert refusal(png_header_only(8300, 5000), "wide.png") == (
        "wide.png: the picture claims 8300 x 5000 pixels (42 megapixels)" + ACCEPTED_TAIL)
    # exactly at the limit the header passes; this one has no pixel data to decode
    message = refusal(png_header_only(8000, 5000), "wide.png")
    assert message.startswith("wide.png: the picture data is damaged (")


def test_a_header_past_pillows_warning_line_is_refused_as_too_large_to_decode():
    message = refusal(png_header_only(10_000, 10_000), "huge.png")
    assert message.startswith("huge.png: the picture is too large to decode safely (")
    assert message.endswith(ACCEPTED_TAIL)


def test_a_broken_camera_tag_does_not_stop_a_photo():
    # a tag that points past the end of the file: Pillow warns and skips it, the kit drops
    # camera data anyway
    exif = (b"Exif\x00\x00MM\x00*" + struct.pack(">IH", 8, 1)
            + struct.pack(">HHII", MAKE, 2, 100, 0x1000) + struct.pack(">I", 0))
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (9, 9, 9)).save(out, "JPEG", exif=exif)
    with pytest.warns(UserWarning, match="Tag data larger than file"):
        stored = media_files.normalise_image(out.getvalue(), "camera.jpg")
    assert stored.size == (20, 10) and Image.open(io.BytesIO(stored.data)).getexif() == {}


def test_a_mirrored_photo_is_turned_back():
    img = Image.new("RGB", (60, 40), (200, 120, 40))
    img.paste((10, 10, 10), (0, 0, 10, 10))  # a dark top-left corner
    exif = Image.Exif()
    exif[ORIENTATION] = 2  # mirrored left to right
    out = io.BytesIO()
    img.save(out, "JPEG", exif=exif)
    im = Image.open(io.BytesIO(media_files.normalise_image(out.getvalue()).data))
    assert im.size == (60, 40)
    assert im.getpixel((55, 4))[0] < 60 and im.getpixel((4, 4))[0] > 150


def test_a_cmyk_jpeg_is_stored_as_rgb_and_a_grey_one_stays_grey():
    for mode, color, stored_mode in (("CMYK", (0, 50, 100, 0), "RGB"), ("L", 90, "L"),
                                     ("RGB", (1, 2, 3), "RGB")):
        out = io.BytesIO()
        Image.new(mode, (20, 10), color).save(out, "JPEG")
        stored = media_files.normalise_image(out.getvalue(), f"{mode}.jpg")
        im = Image.open(io.BytesIO(stored.data))
        assert (im.format, im.mode) == ("JPEG", stored_mode)


def test_a_photo_is_stored_at_jpeg_quality_88():
    def tables(data: bytes) -> dict:
        return Image.open(io.BytesIO(data)).quantization

    at_88 = io.BytesIO()
    Image.new("RGB", (16, 16)).save(at_88, "JPEG", quality=88)
    stored = media_files.normalise_image(jpeg_with_gps_and_rotation())
    assert tables(stored.data) == tables(at_88.getvalue())


def test_a_png_is_stored_at_the_strongest_compression():
    gradient = Image.linear_gradient("L").convert("RGB").resize((300, 200))
    out = io.BytesIO()
    gradient.save(out, "PNG", compress_level=1)
    stored = media_files.normalise_image(out.getvalue())
    strongest = io.BytesIO()
    gradient.save(strongest, "PNG", compress_level=9)
    assert len(stored.data) <= len(strongest.getvalue()) < len(out.getvalue())


def test_a_webp_is_stored_as_webp_without_its_metadata():
    out = io.BytesIO()
    exif = Image.Exif()
    exif[MAKE] = "TestCam"
    Image.new("RGB", (40, 30), (0, 90, 160)).save(out, "WEBP", exif=exif, quality=100)
    stored = media_files.normalise_image(out.getvalue(), "photo.webp")
    im = Image.open(io.BytesIO(stored.data))
    assert (im.format, im.size, stored.size) == ("WEBP", (40, 30), (40, 30))
    assert stored.name.endswith(".webp") and b"TestCam" not in stored.data
    # nothing to turn or scale: encoded once, at quality 88
    at_88 = io.BytesIO()
    Image.open(io.BytesIO(out.getvalue())).save(at_88, "WEBP", quality=88)
    assert stored.data == at_88.getvalue()


def test_a_colour_profile_does_not_survive():
    from PIL import ImageCms

    profile = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    Image.new("RGB", (20, 10), (0, 90, 160)).save(out, "PNG", icc_profile=profile)
    assert "icc_profile" in Image.open(io.BytesIO(out.getvalue())).info
    stored = media_files.normalise_image(out.getvalue())
    assert "icc_profile" not in Image.open(io.BytesIO(stored.data)).info


def test_the_stored_name_is_16_hex_digits_of_the_content_s_sha256():
    import hashlib
    import re

    stored = media_files.normalise_image(png())
    assert re.fullmatch(r"[0-9a-f]{16}\.png", stored.name)
    assert stored.name == hashlib.sha256(stored.data).hexdigest()[:16] + ".png"
