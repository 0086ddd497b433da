"""Exporting warm-up entries from the export notebook, in JupyterLab, in a real Chromium."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

from stretchkit import Exercise, Library
from tests.browser.conftest import wait_until

HOSTILE = '<img src=x onerror="window.__xss=1">'


def test_coach_exports_warm_up_entries_to_json(lab, fresh_data: Path, notebook_dir: Path):
    Library(fresh_data).create(Exercise(id="hostile-name", name=HOSTILE, goals=["warm-up"]))
    exports = notebook_dir / "exports"  # beside the notebook, where the file browser shows it
    before = set(exports.glob("*.json")) if exports.exists() else set()

    page = lab.open("export.ipynb", ready=".sk-export")
    page.locator(".sk-export-channel button", has_text="Working copies").click()
    # a tag picker, no Ctrl-click; JupyterLab commits a typed tag on Tab (see test_authoring)
    page.locator(".sk-export-goals.jupyter-widget-tagsinput").click()
    goal = page.locator(".sk-export-goals input.jupyter-widget-taginput")
    goal.fill("warm-up")
    goal.press("Tab")
    want = [e.id for e in Library(fresh_data).filter(
        goals="warm-up", status=["draft", "in-review", "changes-requested", "approved",
                                 "published"])]
    wait_until(lambda: page.locator(".sk-export-count").inner_text().startswith(
        f"{len(want)} of "), 20, "the table to show the warm-up entries")
    rows = page.locator(".sk-export-table tbody tr")
    wait_until(lambda: rows.count() == len(want), 20, "the table rows")
    assert page.locator(".sk-export-table td", has_text=HOSTILE).count() == 1  # shown as text

    page.locator(".sk-export-format button", has_text="JSON").first.click()
    page.locator(".sk-export-button").click()
    link = page.locator(".sk-export-result a").first
    link.wait_for()
    written = wait_until(lambda: set(exports.glob("*.json")) - before, 20, "the JSON file")
    [path] = written
    assert link.inner_text() == path.name
    assert link.get_attribute("href") == f"exports/{path.name}"
    # the link's file is inside the server's root: JupyterLab serves it
    served = f"{lab.server.url}/files/exports/{path.name}?token={lab.server.token}"
    with urllib.request.urlopen(served, timeout=10) as response:
        assert response.read() == path.read_bytes()
    items = json.loads(path.read_text(encoding="utf-8"))
    assert [item["id"] for item in items] == want
    assert all("warm-up" in item["goals"] for item in items)
    assert page.evaluate("() => window.__xss") is None
    assert page.errors == []
