"""The coach's first hour with the authoring app: the rough edges a new coach met, each
driven from Python the way the page drives it (values typed, buttons clicked)."""

from __future__ import annotations

import re
from html import unescape
from pathlib import Path

import ipywidgets as w
import pytest

from stretchkit import Library
from stretchkit.widgets import AuthoringApp


@pytest.fixture
def app(sample_data: Path) -> AuthoringApp:
    return AuthoringApp(Library(sample_data))


def plain(html: str) -> str:
    """The text of an HTML snippet as a reader sees it."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def words_shown(widget: w.Widget) -> list[str]:
    """Every piece of text a widget tree shows: HTML, placeholders, button and tab labels."""
    found: list[str] = []
    for name in ("value", "placeholder", "description"):
        text = getattr(widget, name, None)
        if isinstance(text, str) and (name != "value" or isinstance(widget, w.HTML)):
            found.append(unescape(text))
    found.extend(getattr(widget, "titles", ()) or ())
    for child in getattr(widget, "children", ()):
        found.extend(words_shown(child))
    return found


# -- the Credits tab ---------------------------------------------------------------------------
def test_the_source_link_is_called_so_in_plain_words(app):
    credits = app.form.tabs.children[app.form.tabs.titles.index("Credits")]
    shown = words_shown(credits)
    assert "Source link" in shown
    assert not [text for text in shown if "Url" in text or "URL" in text]


def test_a_source_problem_names_the_part_as_the_form_does(app):
    app.form.source_inputs["url"].value = "https://example.org/stretches"  # no title
    assert app.form.fields["source"].error.layout.display != "none"
    assert "title: " in unescape(app.form.fields["source"].error.value)
