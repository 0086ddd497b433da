"""Media files: pictures checked and normalised with Pillow, links https only, files that
follow their entry. Every picture here is made by the test and read back from disk."""

from __future__ import annotations

import io
import struct
import zlib
from pathlib import Path

import pytest
from PIL import Image

from stretchkit import Library
from stretchkit.errors import EntryError, UsageError
from stretchkit.model import new_draft
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
