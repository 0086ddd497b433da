"""The Media tab, driven from Python as a coach would: upload, link, fields, order, save."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest
from PIL import Image

from stretchkit import Library
from stretchkit.widgets import AuthoringApp
from tests.render.test_render import parse
from tests.store.test_media import jpeg_with_gps_and_rotation


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (300, 200), (30, 120, 200)).save(out, "PNG")
    return out.getvalue()


@pytest.fixture
def app(sample_data):
    app = AuthoringApp(Library(sample_data, user="Maya Okafor"), "90-90-hip-switch")
    return app


def upload(app: AuthoringApp, name: str, content: bytes) -> None:
    app.media.upload.value = ({"name": name, "type": "", "size": len(content),
                               "content": memoryview(content),
                               "last_modified": datetime(2026, 1, 1, tzinfo=UTC)},)


def test_upload_fill_in_and_save(app, sample_data):
    upload(app, "photo.jpg", jpeg_with_gps_and_rotation())
    assert app.media.upload.value == ()
    [row] = app.media.rows
    thumb = [a for t, a in parse(row["thumb"].value).tags if t == "img"]
    assert thumb and thumb[0]["src"].startswith("data:image/jpeg;base64,")
    # a picture without alt text or licence is a draft's right; the preview shows it already
    assert "<img" in app.preview.html.value
    row["alt"].value = "Both knees to the right, chest tall"
    row["license"].value = "CC-BY-4.0"
    row["author"].value = "Maya Okafor"
    row["role"].value = "step"
    assert row["step"].layout.display == "" and row["step"].value == 1
    row["step"].value = 3
    assert app.media.rows[0] is row  # typing does not rebuild the row
    app.save_button.click()
    [item] = Library(sample_data).get("90-90-hip-switch").media
    assert (item.alt, item.license, item.author, item.role, item.step) == (
        "Both knees to the right, chest tall", "CC-BY-4.0", "Maya Okafor", "step", 3)
    stored = Library(sample_data).media_path("90-90-hip-switch", item.file)
    assert Image.open(stored).size == (480, 640)


def test_a_refused_file_says_what_is_accepted_and_adds_nothing(app):
    upload(app, "notes.png", b"<html><script>alert(1)</script></html>")
    assert app.session.form["media"] == []
    assert app.session.message.startswith("Not added: notes.png: the content is text or markup")
    assert "accepted: PNG, JPEG or WebP" in app.session.message


def test_links_order_and_remove(app):
    app.media.link.value = "javascript:alert(1)"
    app.media.link_button.click()
    assert app.session.form["media"] == [] and "https://" in app.session.message
    app.media.link.value = "https://video.example.org/watch?v=1"
    app.media.link_button.click()
    upload(app, "drawing.png", png_bytes())
    assert [m["kind"] for m in app.session.form["media"]] == ["video", "image"]
    app.media.rows[1]["up"].click()
    assert [m["kind"] for m in app.session.form["media"]] == ["image", "video"]
    assert app.media.rows[0]["up"].disabled and app.media.rows[1]["down"].disabled
    app.media.rows[0]["remove"].click()
    assert [m["kind"] for m in app.session.form["media"]] == ["video"]
    assert len(app.media.rows) == 1


def test_missing_alt_text_is_not_an_error_of_the_draft_but_a_bad_link_is_named(app):
    app.session.update("media", [{"kind": "image", "file": None, "url": None, "role": "main",
                                  "step": None, "alt": "", "caption": "", "license": None,
                                  "author": None, "source_url": None}])
    assert "Picture 1: expected either a stored file or an https url, got neither" in \
        app.media.errors.value


def _files_under(folder) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_pictures_of_an_unsaved_draft_follow_its_id_when_the_name_changes(sample_data):
    library = Library(sample_data, user="Maya Okafor")
    before = set(_files_under(sample_data / "media"))
    app = AuthoringApp(library)
    app.session.start_new()
    first_id = app.session.form["id"]
    assert app.session.add_picture(png_bytes(), "drawing.png")
    [item] = app.session.form["media"]
    assert (sample_data / "media" / first_id / item["file"]).is_file()
    app.session.update("name", "Seated Side Bend")
    assert app.session.form["id"] == "seated-side-bend"
    moved = sample_data / "media" / "seated-side-bend" / item["file"]
    assert moved.is_file() and not (sample_data / "media" / first_id).exists()
    app.session.update("id", "Not A Slug")  # typing an id: the picture waits where it is
    assert moved.is_file()
    app.session.update("id", "side-bend")
    app.session.save()
    reloaded = Library(sample_data)
    assert reloaded.get("side-bend").media[0].file == item["file"]
    assert set(_files_under(sample_data / "media")) - before == {f"side-bend/{item['file']}"}
    assert not reloaded.media_problems()  # nothing missing, nothing left behind


def test_no_picture_is_stored_under_an_id_that_is_not_one(sample_data):
    app = AuthoringApp(Library(sample_data, user="Maya Okafor"))
    app.session.start_new()
    app.session.update("id", "../../outside")
    before = _files_under(sample_data.parent)
    assert not app.session.add_picture(png_bytes(), "drawing.png")
    assert "give the entry a valid id first" in app.session.message
    assert _files_under(sample_data.parent) == before and app.session.form["media"] == []
