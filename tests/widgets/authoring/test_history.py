"""Who is working, the History tab and restoring a version, driven from Python the way a
coach drives the authoring app; results checked in the files and versions on disk."""

from __future__ import annotations

import json
from html import escape
from pathlib import Path

import pytest

from stretchkit import Library
from stretchkit.widgets import AuthoringApp
from stretchkit.widgets.authoring.versions import EntryHistory

LIVE = "wall-calf-stretch"  # published in the sample library


def stored(data: Path, entry_id: str) -> dict:
    return json.loads((data / "exercises" / f"{entry_id}.json").read_text(encoding="utf-8"))


@pytest.fixture
def app(sample_data: Path) -> AuthoringApp:
    library = Library(sample_data)
    library.user = "Ana Author"
    return AuthoringApp(library, LIVE)


def show_history(app: AuthoringApp) -> None:
    tabs = app.form.tabs
    assert tabs.titles[-1] == "History"
    tabs.selected_index = len(tabs.children) - 1


def edit_summary(app: AuthoringApp, summary: str) -> None:
    app.form.inputs["summary"].value = summary
    app.save_button.click()
    assert app.session.tone == "ok", app.session.message


def test_the_app_shows_who_is_working_and_saves_record_the_name(app, sample_data):
    assert app.identity.name.value == "Ana Author"
    app.identity.name.value = "  Bo   Builder "
    assert app.library.user == app.identity.name.value == "Bo Builder"
    edit_summary(app, "A summary Bo wrote for the calf stretch, long enough.")
    newest = Library(sample_data).versions(LIVE)[-1]
    assert (newest.by, newest.event, newest.changed) == ("Bo Builder", "edit",
                                                         ("summary", "status", "updated"))


def test_an_edited_published_entry_says_it_has_unpublished_changes(app, sample_data):
    assert "unpublished changes" not in app.form.status_line.value
    edit_summary(app, "A new summary for the calf stretch, long enough to pass.")
    assert stored(sample_data, LIVE)["status"] == "draft"
    assert ('<span class="sk-live-note">published, with unpublished changes</span>'
            in app.form.status_line.value)


def test_history_lists_versions_newest_first_and_marks_the_published_one(app, sample_data):
    show_history(app)
    assert len(app.history.list.options) == len(Library(sample_data).versions(LIVE))
    edit_summary(app, "A new summary for the calf stretch, long enough to pass.")
    labels = [label for label, _ in app.history.list.options]
    versions = Library(sample_data).versions(LIVE)
    assert [v for _, v in app.history.list.options] == [v.id for v in reversed(versions)]
    assert labels[0].endswith("· Ana Author · edited: Summary (now draft) · ● working copy")
    [live] = [label for label in labels if "★ published, readers see this" in label]
    assert labels.index(live) == 1
    assert "Versions" not in app.history.head.value and \
        f"<b>{len(versions)}</b> versions of" in app.history.head.value
    # the working copy is picked first; restoring it would change nothing
    assert app.history.list.value == versions[-1].id and app.history.restore_button.disabled


def test_versions_are_read_only_when_the_tab_is_on_show(app, monkeypatch):
    reads: list[str] = []
    real = app.library.versions
    monkeypatch.setattr(app.library, "versions", lambda i: reads.append(i) or real(i))
    app.browser.list.value = "cat-cow"
    assert reads == [] and app.history.list.options == ()
    show_history(app)
    assert reads == ["cat-cow"] and app.history.list.options


def test_a_picked_version_is_previewed_escaped(app, sample_data):
    old = app.library.get(LIVE).summary
    edit_summary(app, 'Now with <img src=x onerror="alert(1)"> inside, long enough.')
    show_history(app)
    assert "<img src=x" not in app.history.preview.value  # (the entry's own picture is fine)
    assert escape('<img src=x onerror="alert(1)">', quote=False) in app.history.preview.value
    app.history.list.value = app.history.list.options[1][1]  # the published version
    assert escape(old, quote=False) in app.history.preview.value
    assert not app.history.restore_button.disabled


def test_restore_brings_the_published_content_back_as_a_new_version(app, sample_data):
    old = app.library.get(LIVE).summary
    edit_summary(app, "A summary that turned out worse than the published one.")
    show_history(app)
    app.history.list.value = app.history.list.options[1][1]
    app.history.restore_button.click()
    assert stored(sample_data, LIVE)["summary"] == old
    assert app.form.inputs["summary"].value == old  # the entry is open again, restored
    assert app.session.tone == "ok" and app.session.message.startswith("Restored the version of")
    newest = Library(sample_data).versions(LIVE)[-1]
    assert (newest.event, newest.by) == ("restore", "Ana Author")
    assert app.history.list.options[0][1] == newest.id  # the tab follows


def test_restore_asks_first_when_the_draft_has_unsaved_changes(app, sample_data):
    old = app.library.get(LIVE).summary
    edit_summary(app, "A summary that turned out worse than the published one.")
    show_history(app)
    app.history.list.value = app.history.list.options[1][1]
    app.form.inputs["name"].value = "A name not saved yet"
    app.history.restore_button.click()
    assert app.confirm_banner in app.banners.children
    assert "restore the version of" in app._confirm_text.value
    assert stored(sample_data, LIVE)["summary"] != old  # nothing yet
    app.confirm_discard_button.click()
    assert stored(sample_data, LIVE)["summary"] == old
    assert app.confirm_banner not in app.banners.children


def test_a_failing_restore_is_a_message_not_an_exception(app, sample_data, monkeypatch):
    before = (sample_data / "exercises" / f"{LIVE}.json").read_bytes()
    show_history(app)
    edit_summary(app, "A summary that turned out worse than the published one.")

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")
    monkeypatch.setattr(app.library, "restore_version", refuse)
    app.history.list.value = app.history.list.options[1][1]
    app.history.restore_button.click()
    assert app.session.tone == "warn"
    assert app.message.value.startswith("Not restored: [Errno 28] No space left on device")
    assert (sample_data / "exercises" / f"{LIVE}.json").read_bytes() != before  # the edit stays


def test_a_new_entry_has_no_history(app):
    app.new_button.click()
    show_history(app)
    assert app.history.list.options == ()
    assert "no history until it is saved" in app.history.head.value
    assert app.history.restore_button.disabled


def test_entry_history_without_widgets(sample_data):
    app = AuthoringApp(Library(sample_data), LIVE)
    history = EntryHistory(app.session)
    history.refresh()
    # newest first: the working copy is the head version, the published one too
    assert [r.working for r in history.rows] == [True] + [False] * (len(history.rows) - 1)
    assert history.rows[0].live and history.selected == history.rows[0].version.id
    assert "<h1>" in history.preview_html()
