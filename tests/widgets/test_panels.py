"""What the three panels share, checked on each: a callback that fails shows one message
shape in the panel's message line (and the log keeps the traceback), and a notebook shows any
panel the same way."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path

import pytest

from stretchkit import Library
from stretchkit.widgets import AuthoringApp, ExportPanel, ReviewPanel
from stretchkit.widgets.panel import Panel


def _authoring(data: Path, tmp_path: Path, monkeypatch) -> tuple[Panel, Callable[[], None]]:
    app = AuthoringApp(Library(data))
    monkeypatch.setattr(app.library, "save", _explode)
    app.form.inputs["summary"].value = "Typed."
    return app, app.save_button.click


def _review(data: Path, tmp_path: Path, monkeypatch) -> tuple[Panel, Callable[[], None]]:
    monkeypatch.setattr("stretchkit.widgets.review.session.change_status", _explode)
    panel = ReviewPanel(Library(data), reviewer="Dana")
    return panel, panel.buttons["Request changes"].click


def _export(data: Path, tmp_path: Path, monkeypatch) -> tuple[Panel, Callable[[], None]]:
    monkeypatch.setattr("stretchkit.widgets.export.session.export_library", _explode)
    panel = ExportPanel(Library(data), tmp_path / "exports")
    return panel, panel.export_button.click


def _explode(*args, **kwargs):
    raise RuntimeError("disk <on> fire")


PANELS = {"authoring": _authoring, "review": _review, "export": _export}


@pytest.mark.parametrize("make", PANELS.values(), ids=PANELS.keys())
def test_a_failing_callback_shows_one_message_and_logs_it(make, sample_data, tmp_path,
                                                          monkeypatch, caplog):
    panel, click = make(sample_data, tmp_path, monkeypatch)
    with caplog.at_level(logging.ERROR, logger="stretchkit.widgets"):
        click()  # would raise into the page without the guard
    assert panel.message.value == "Something went wrong: RuntimeError: disk &lt;on&gt; fire"
    tones = {c for c in panel.message._dom_classes if c.startswith("sk-tone-")}
    assert tones == {"sk-tone-error"}
    [record] = [r for r in caplog.records if r.exc_info]
    assert str(record.exc_info[1]) == "disk <on> fire"


@pytest.mark.parametrize("make", PANELS.values(), ids=PANELS.keys())
def test_a_panel_displays_as_its_root_box(make, sample_data, tmp_path, monkeypatch):
    panel, _click = make(sample_data, tmp_path, monkeypatch)
    bundle = panel._repr_mimebundle_()
    view = bundle["application/vnd.jupyter.widget-view+json"]
    assert view["model_id"] == panel.widget.model_id
    assert "sk-panel" in panel.widget._dom_classes
    assert panel.message in _descendants(panel.widget)


def test_a_failing_view_leaves_the_others_showing_the_change(sample_data):
    app = AuthoringApp(Library(sample_data))

    def broken(reason: str) -> None:
        raise RuntimeError("a view broke")

    app.session.observe(broken)
    second = app.browser.ids[1]
    app.browser.list.value = second
    assert app.session.current_id == second
    assert app.form.inputs["name"].value == app.library.get(second).name  # form followed
    assert app.message.value == "Something went wrong: RuntimeError: a view broke"


def _descendants(widget) -> list:
    found = [widget]
    for child in getattr(widget, "children", ()):
        found += _descendants(child)
    return found
