"""Publishing that only review can change, end to end in JupyterLab in a real Chromium: a coach
edits a published entry (readers keep the published version), another person reviews the
change line by line, approves and publishes it, and the published file holds the new text."""

from __future__ import annotations

import json
from pathlib import Path

from stretchkit import Library
from tests.browser.conftest import wait_until
from tests.browser.test_authoring import pick_entry

ENTRY = "wall-calf-stretch"  # published in the sample library
NEW_SUMMARY = "Lean into a wall with the back heel down until the calf gently pulls."


def published(data: Path) -> dict:
    return json.loads((data / "published" / f"{ENTRY}.json").read_text(encoding="utf-8"))


def working(data: Path) -> dict:
    return json.loads((data / "exercises" / f"{ENTRY}.json").read_text(encoding="utf-8"))


def set_identity(page, panel: str, name: str) -> None:
    box = page.locator(f"{panel} .sk-identity-name input")
    box.fill(name)
    box.press("Tab")  # the box takes the name when it is left (or on Enter)


def test_an_edit_is_published_only_after_someone_else_approves_it(lab, fresh_data: Path):
    old_summary = published(fresh_data)["summary"]
    assert old_summary != NEW_SUMMARY

    # -- the coach edits the published entry ------------------------------------------------
    page = lab.open("author.ipynb")
    set_identity(page, ".sk-app", "Ana Author")
    pick_entry(page, fresh_data, ENTRY)
    page.locator(".sk-summary input").fill(NEW_SUMMARY)
    page.locator(".sk-preview .sk-summary", has_text=NEW_SUMMARY).wait_for()
    page.locator(".sk-save").click()
    page.locator(".sk-marker", has_text="All changes saved").wait_for()
    page.locator(".sk-entry-facts", has_text="published, with unpublished changes").wait_for()
    wait_until(lambda: working(fresh_data)["summary"] == NEW_SUMMARY, 10, "the saved summary")
    assert working(fresh_data)["status"] == "draft"
    assert published(fresh_data)["summary"] == old_summary  # readers still see the old one
    assert Library(fresh_data).versions(ENTRY)[-1].by == "Ana Author"
    assert page.errors == []

    # -- the review desk: the author sends it to review, the change shows, who may approve --
    page = lab.open("review.ipynb", ready=".sk-review")
    name = working(fresh_data)["name"]
    page.locator(".sk-queue-item .sk-queue-name", has_text=name).click()
    page.locator(".sk-review-in-review").click()
    # The desk reopens the entry after a decision (its checklist starts over): tick the
    # boxes only once that is on the page, or the ticks land on the rows being replaced.
    page.locator(".sk-review .sk-message").get_by_text("now in-review").wait_for()
    wait_until(lambda: working(fresh_data)["status"] == "in-review", 20, "the entry in review")
    changes = page.locator(".sk-review-changes")
    changes.locator(".sk-diff-add", has_text=NEW_SUMMARY).wait_for()
    assert changes.locator(".sk-diff-del", has_text=old_summary).count() == 1
    assert "since the published version" in changes.inner_text()

    for item in ("accurate-anatomy", "safe-for-level", "plain-language", "cues-match-steps"):
        page.locator(f".sk-item-{item} input[type=checkbox]").check()
    message = page.locator(".sk-review .sk-message")
    approve = page.locator(".sk-review-approved")
    set_identity(page, ".sk-review", "Ana Author")
    wait_until(lambda: page.locator(".sk-review-reviewer input").input_value() == "Ana Author",
               10, "the reviewer box to follow the identity")
    approve.click()  # the author may not approve their own change
    message.get_by_text("You changed this entry since it was last published: someone else "
                        "must approve it.", exact=True).wait_for()
    assert working(fresh_data)["status"] == "in-review"

    set_identity(page, ".sk-review", "Dana Reviewer")
    wait_until(lambda: page.locator(".sk-review-reviewer input").input_value() ==
               "Dana Reviewer", 10, "the reviewer box to follow the identity")
    approve.click()
    message.get_by_text("now approved (by Dana Reviewer)").wait_for()
    page.locator(".sk-review-published").click()
    message.get_by_text("now published (by Dana Reviewer)").wait_for()

    live = wait_until(lambda: (p := published(fresh_data))["summary"] == NEW_SUMMARY and p, 10,
                      "the new summary in the published channel")
    assert live["status"] == "published"
    assert [r["reviewer"] for r in live["reviews"][-2:]] == ["Dana Reviewer", "Dana Reviewer"]
    assert page.errors == []
