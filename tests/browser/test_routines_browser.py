"""The routine builder as a web app (Voila) in a real Chromium: suggest a pre-squat warm-up,
swap an item, save it, and download the printable card; a screenshot of the builder goes to
`build/screenshots/` for a person to look at (and for the README)."""

from __future__ import annotations

import base64
import html
import json
import re
from pathlib import Path

from playwright.sync_api import expect

from stretchkit import Library
from tests.conftest import ROOT


def _pick_tag(page, css: str, tag: str) -> None:
    page.locator(f"{css}.jupyter-widget-tagsinput").click()
    box = page.locator(f"{css} input.jupyter-widget-taginput")
    box.fill(tag)
    box.press("Tab")
    expect(page.locator(f"{css} .jupyter-widget-tag", has_text=tag)).to_have_count(1)


def test_voila_suggest_swap_save_and_print(voila, fresh_data: Path):
    page = voila.open("routines.ipynb", ready=".sk-routines")
    assert "find_data_folder" not in page.locator("body").inner_text()  # no code shown
    _pick_tag(page, ".sk-routine-goals", "pre-squat")
    page.locator(".sk-routine-minutes input").fill("8")
    page.locator(".sk-routine-suggest").click()
    message = page.locator(".sk-message")
    expect(message).to_contain_text("Suggested ")
    expect(page.locator(".sk-routines-total")).to_contain_text("(within 10%)")
    rows = page.locator(".sk-routine-row")
    first_text = rows.first.locator(".sk-row-name").inner_text()
    assert first_text.startswith("1. ")

    # swap the first item for the best alternative
    rows.first.locator(".sk-row-edit").click()
    options = page.locator(".sk-swap-options select option")
    expect(options.first).to_be_attached()
    label = options.first.text_content()
    name, _, why = label.replace("\xa0", " ").partition(" — ")  # the widget keeps spaces
    assert why.startswith("serves pre-squat")  # each alternative says why it is offered
    chosen = next(e.id for e in Library(fresh_data).filter() if e.name == name)
    page.locator(".sk-swap-options select").select_option(label=label)
    page.locator(".sk-swap-button").click()
    expect(message).to_contain_text(f" for {chosen}.")
    expect(rows.first.locator(".sk-row-name")).to_have_text(f"1. {name}")

    # save under a name, and the file holds what the page shows
    page.locator(".sk-routine-name input").fill("Browser squat prep")
    page.locator(".sk-routine-save").click()
    expect(message).to_contain_text("Saved ")
    saved = json.loads((fresh_data / "routines" / "browser-squat-prep.json").read_text())
    assert saved["name"] == "Browser squat prep"
    assert saved["items"][0]["entry"] == chosen

    # the printable card: a download link holding the whole session
    page.locator(".sk-routine-card-button").click()
    link = page.locator(".sk-routine-card-link a")
    expect(link).to_have_attribute("download", "browser-squat-prep.html")
    href = link.get_attribute("href")
    card = base64.b64decode(re.sub(r"^data:text/html;base64,", "", href)).decode("utf-8")
    assert "<h1>Browser squat prep</h1>" in card and html.escape(name) in card

    shots = ROOT / "build" / "screenshots"
    shots.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": 1300, "height": 1000})
    page.locator(".sk-routines").screenshot(path=shots / "routine-builder.png")
    assert (shots / "routine-builder.png").stat().st_size > 10_000
    assert page.errors == []
