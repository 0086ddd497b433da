"""The language picker and the Translation tab in a real browser (Voila): pick French, read the
outdated item's source diff, type the new translation, save it; the preview speaks French."""

from __future__ import annotations

import json

from playwright.sync_api import expect

from tests.browser.conftest import wait_until
from tests.browser.test_authoring import pick_entry


def test_voila_translate_an_outdated_item(voila, tmp_path):
    page = voila.open("author.ipynb")
    pick_entry(page, voila.data, "cat-cow")
    page.locator(".sk-language select").select_option(label="français (French)")
    expect(page.locator(".sk-preview h1")).to_have_text("Chat-vache")
    expect(page.locator(".sk-preview .sk-fallback-note")).to_contain_text("Shown in English")
    page.locator(".sk-tabs .lm-TabBar-tab", has_text="Translation").click()
    row = page.locator(".sk-row-outdated")
    expect(row).to_have_count(1)
    expect(row.locator("del")).to_have_text("8")
    expect(row.locator("ins")).to_have_text("10")
    new = "Répétez 10 fois lentement, puis asseyez-vous sur les talons pour vous reposer."
    row.locator("textarea").fill(new)
    expect(page.locator(".sk-translation-head")).to_contain_text("unsaved translation")
    page.locator(".sk-translation-save").click()
    expect(page.locator(".sk-row-outdated")).to_have_count(0)
    expect(page.locator(".sk-translation-head")).to_contain_text(
        "11 translated, 0 outdated, 44 missing")
    path = voila.data / "translations" / "fr" / "cat-cow.json"
    wait_until(lambda: new in path.read_text("utf-8"), 10, "the translation on disk")
    units = json.loads(path.read_text("utf-8"))["units"]["instructions"]
    assert units[-1] == {"source": "Repeat for 10 slow reps, then sit back onto your heels "
                                   "to rest.", "text": new}
    page.locator(".sk-app").screenshot(path=tmp_path / "translation-tab-voila.png")
    assert page.errors == []
