"""The Media tab in a real browser (Voila): a coach uploads a photo, describes and credits it,
sees it in the preview as an embedded thumbnail, and saves; hostile text stays text. One opened
app for the module's tests, each on an entry of its own."""

from __future__ import annotations

import re
from pathlib import Path

from playwright.sync_api import expect

from stretchkit import Library
from stretchkit.model.licenses import licenses
from tests.browser.test_authoring import pick_entry, saved
from tests.store.test_media import jpeg_with_gps_and_rotation

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def choose_file(page, path: Path) -> None:
    """Pick `path` in the upload button's file dialog, as a coach does (ipywidgets' upload
    button keeps its file input out of the page and opens the dialog on a click)."""
    button = page.locator(".sk-media-upload")
    expect(button).to_be_visible()
    with page.expect_file_chooser() as chooser:
        button.click()
    chooser.value.set_files(str(path))


def test_voila_upload_describe_credit_and_save_a_picture(module_voila, tmp_path: Path):
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(jpeg_with_gps_and_rotation())
    dialogs: list[str] = []
    page = module_voila.open("author.ipynb")
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    entry_id = "leg-swings"
    pick_entry(page, module_voila.data, entry_id)
    page.locator(".sk-tabs .lm-TabBar-tab", has_text="Media").click()
    choose_file(page, photo)
    row = page.locator(".sk-media-item")
    expect(row).to_have_count(1)
    expect(row.locator(".sk-media-thumb img")).to_have_attribute(
        "src", re.compile(r"^data:image/jpeg;base64,"))
    row.locator(".sk-media-alt input").fill(HOSTILE)
    # ipywidgets' dropdown options carry their labels, not the values behind them
    licence = licenses()["CC-BY-4.0"]
    row.locator(".sk-media-license select").select_option(
        label=f"{licence.id}: {licence.label}")
    row.locator(".sk-media-author input").fill("Test Photographer")
    preview_img = page.locator(".sk-preview .sk-main-figure img")
    expect(preview_img).to_have_attribute("alt", HOSTILE)
    expect(page.locator(".sk-preview .sk-credit", has_text="Test Photographer")).to_be_visible()
    expect(page.locator(".sk-preview script")).to_have_count(0)
    page.locator(".sk-marker", has_text="Unsaved changes").wait_for()
    page.locator(".sk-save").click()
    page.locator(".sk-marker", has_text="All changes saved").wait_for()
    [item] = saved(module_voila.data, entry_id)["media"]
    assert (item["alt"], item["license"], item["author"]) == (HOSTILE, "CC-BY-4.0",
                                                              "Test Photographer")
    assert Library(module_voila.data).media_path(entry_id, item["file"]).is_file()
    assert dialogs == [] and page.errors == []


def test_voila_a_refused_file_is_named_with_what_is_accepted(module_voila, tmp_path: Path):
    fake = tmp_path / "fake.png"
    fake.write_text("<html><script>alert(1)</script></html>")
    page = module_voila.open("author.ipynb")
    page.locator(".sk-tabs .lm-TabBar-tab", has_text="Basics").click()  # left on Media
    entry_id = "inchworm"  # no media yet
    pick_entry(page, module_voila.data, entry_id)
    page.locator(".sk-tabs .lm-TabBar-tab", has_text="Media").click()
    choose_file(page, fake)
    expect(page.locator(".sk-message", has_text="Not added: fake.png")).to_be_visible()
    expect(page.locator(".sk-media-item")).to_have_count(0)
    assert not (module_voila.data / "media" / entry_id).exists()
    assert page.errors == []
