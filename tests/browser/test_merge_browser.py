"""Finishing a git merge in a real browser: the authoring app (as a Voila web app) shows both
values of each conflicting field side by side; the coach keeps one of each and finishes."""

from __future__ import annotations

import json
import re

from playwright.sync_api import expect

from stretchkit import Library
from tests.widgets.conflicts.test_conflict_panel import ENTRY, make_conflict


def test_voila_a_coach_picks_per_field_and_finishes_the_merge(voila):
    make_conflict(voila.data, ENTRY,
                  {"name": "Cat-Cow From Here", "summary": "Our summary of the drill."},
                  {"name": "Cat-Cow From The Team", "summary": "Their summary of the drill."})
    page = voila.open("author.ipynb", ready=".sk-conflicts")
    name_row = page.locator(".sk-conflict-field-name")
    expect(name_row.locator(".sk-conflict-ours")).to_contain_text("Cat-Cow From Here")
    expect(name_row.locator(".sk-conflict-theirs")).to_contain_text("Cat-Cow From The Team")
    summary_row = page.locator(".sk-conflict-field-summary")
    expect(summary_row.locator(".sk-conflict-theirs")).to_contain_text("Their summary")
    resolve = page.locator(".sk-resolve")
    expect(resolve).to_be_disabled()
    name_row.locator(".sk-pick-theirs").click()
    expect(name_row.locator(".sk-pick-theirs")).to_have_class(re.compile(r"\bsk-picked\b"))
    summary_row.locator(".sk-pick-ours").click()
    expect(resolve).to_be_enabled()
    resolve.click()
    expect(page.locator(".sk-conflicts .sk-message")).to_contain_text(
        "Merged Cat-Cow From The Team")
    expect(page.locator(".sk-name input")).to_have_value("Cat-Cow From The Team")
    expect(page.locator(".sk-conflict-body")).to_be_hidden()
    saved = json.loads((voila.data / "exercises" / f"{ENTRY}.json").read_text("utf-8"))
    assert (saved["name"], saved["summary"]) == ("Cat-Cow From The Team",
                                                 "Our summary of the drill.")
    assert Library(voila.data).problems == []
    assert page.errors == []
