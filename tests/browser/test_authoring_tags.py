"""Tag boxes in a real browser: Enter adds a tag in JupyterLab as in Voila (JupyterLab once
swallowed it, jupyterlab/jupyterlab#6555), an alias adds its term, an unknown word is named.
One opened app per tool for the module's tests."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from stretchkit import Library
from tests.browser.test_authoring import add_tag, pick_entry, saved


def without_goal(data, goal: str) -> str:
    return next(e.id for e in Library(data).filter() if goal not in e.goals)


@pytest.mark.parametrize("where", ["lab", "voila"])
def test_enter_adds_a_goal_typed_as_an_alias(where, request):
    tool = request.getfixturevalue(f"module_{where}")
    page = tool.open("author.ipynb")
    entry_id = without_goal(tool.data, "cool-down")
    pick_entry(page, tool.data, entry_id)
    add_tag(page, ".sk-goals", "cooldown", "Enter")
    page.locator(".sk-goals .jupyter-widget-tag", has_text="cool-down").wait_for()
    page.locator(".sk-preview .sk-chip-goal", has_text="Cool-down").wait_for()
    expect(page.locator(".sk-goals .sk-tag-entry input")).to_have_value("")
    page.locator(".sk-goals .sk-tag-note", has_text="for 'cooldown'").wait_for()

    add_tag(page, ".sk-goals", "stretchy", "Enter")
    page.locator(".sk-goals .sk-tag-note", has_text="unknown goal 'stretchy'").wait_for()
    expect(page.locator(".sk-goals .sk-tag-entry input")).to_have_value("stretchy")

    page.locator(".sk-save").click()
    page.locator(".sk-marker", has_text="All changes saved").wait_for()
    assert saved(tool.data, entry_id)["goals"][-1] == "cool-down"
    assert page.errors == []


@pytest.mark.parametrize("where", ["lab", "voila"])
def test_the_goal_filter_takes_an_alias_on_enter(where, request):
    tool = request.getfixturevalue(f"module_{where}")
    page = tool.open("author.ipynb")
    library = Library(tool.data)
    wanted = [e for e in library.filter() if "warm-up" in e.goals]
    add_tag(page, ".sk-goal-filter", "warmup", "Enter")
    page.locator(".sk-goal-filter .jupyter-widget-tag", has_text="warm-up").wait_for()
    page.locator(".sk-count", has_text=f"{len(wanted)} of {len(library)}").wait_for()
    expect(page.locator(".sk-entry-list option")).to_have_count(len(wanted))
    assert page.errors == []
