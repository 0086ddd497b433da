"""Approving an entry in the review notebook, in JupyterLab, in a real Chromium."""

from __future__ import annotations

import json
from pathlib import Path

from playwright.sync_api import expect

from tests.browser.conftest import wait_until

ENTRY = "cat-cow"


def stored(data: Path) -> dict:
    return json.loads((data / "exercises" / f"{ENTRY}.json").read_text(encoding="utf-8"))


def test_reviewer_approves_an_entry(lab, fresh_data: Path):
    entry = stored(fresh_data)
    entry["status"] = "in-review"
    (fresh_data / "exercises" / f"{ENTRY}.json").write_text(
        json.dumps(entry, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    reviews_before = len(entry["reviews"])

    page = lab.open("review.ipynb", ready=".sk-review")
    page.locator(".sk-queue-item .sk-queue-name", has_text=entry["name"]).click()
    page.locator(".sk-review-preview h1").get_by_text(entry["name"], exact=True).wait_for()
    # automatic items arrive decided; a clean entry has every one ticked and locked
    autos = page.locator(".sk-review-auto input[type=checkbox]")
    assert autos.count() >= 16
    assert all(autos.nth(i).is_checked() and autos.nth(i).is_disabled()
               for i in range(autos.count()))

    approve = page.locator(".sk-review-approved")
    page.locator(".sk-review-reviewer input").fill("")
    approve.click()  # no reviewer: refused, with the reason on the page
    message = page.locator(".sk-review .sk-message")
    message.get_by_text("Type your name before approving.").wait_for()
    assert stored(fresh_data)["status"] == "in-review"

    page.locator(".sk-review-reviewer input").fill("Browser Reviewer")
    page.locator(".sk-item-accurate-anatomy input[type=checkbox]").check()
    page.locator(".sk-item-plain-language input[type=checkbox]").check()
    page.locator(".sk-review-comment textarea").fill("Clear cues, safe for beginners.")
    approve.click()  # two manual items unticked: refused, naming them
    page.locator(".sk-review .sk-message").get_by_text(
        "Tick every manual item before approving: Safe for the stated level").wait_for()
    assert stored(fresh_data)["status"] == "in-review"
    page.locator(".sk-item-safe-for-level input[type=checkbox]").check()
    page.locator(".sk-item-cues-match-steps input[type=checkbox]").check()
    approve.click()
    page.locator(".sk-review .sk-message").get_by_text("now approved").wait_for()

    entry = wait_until(lambda: (e := stored(fresh_data))["status"] == "approved" and e, 10,
                       "the approval in the entry file")
    assert len(entry["reviews"]) == reviews_before + 1
    review = entry["reviews"][-1]
    assert (review["reviewer"], review["decision"], review["comment"]) == (
        "Browser Reviewer", "approved", "Clear cues, safe for beginners.")
    assert all(review["checklist"][item] for item in (
        "accurate-anatomy", "plain-language", "safe-for-level", "cues-match-steps"))
    expect(page.locator(".sk-review-published")).to_be_enabled()
    assert page.errors == []
