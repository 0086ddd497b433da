"""The export session without widgets: choices, listeners, and files that read back."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from stretchkit import Library
from stretchkit.model import ACTIVE_STATUSES
from stretchkit.transfer import read_entries
from stretchkit.transfer.exchange import default_export_folder, new_export_path
from stretchkit.widgets.export.session import ExportSession


def test_session_without_widgets(sample_data, tmp_path):
    library = Library(sample_data)
    session = ExportSession(library)
    assert session.out_folder == default_export_folder(library) == sample_data.parent / "exports"
    seen: list[str] = []
    session.observe(seen.append)
    session.out_folder = tmp_path
    session.set(channel="working", target="hips", format="jsonl")
    assert seen == ["filters"]
    paths = session.export()
    assert seen == ["filters", "export"] and session.tone == "ok"
    got = [e.id for _, e in read_entries(paths, "jsonl")]
    assert got == [e.id for e in library.filter(target="hips", status=ACTIVE_STATUSES)]


def test_new_export_path_never_reuses_a_name(tmp_path):
    when = datetime(2024, 5, 1, 9, 30)
    first = new_export_path(tmp_path, "json", when=when)
    assert first == tmp_path / "stretchkit-20240501-093000.json"
    first.write_text("[]")
    assert new_export_path(tmp_path, "json", when=when).name == "stretchkit-20240501-093000-2.json"
    folder = new_export_path(tmp_path, "csv", when=when)
    assert folder.name == "stretchkit-20240501-093000-csv"
    assert not Path(folder).exists()


def test_an_unknown_choice_is_refused_by_name(sample_data):
    session = ExportSession(Library(sample_data))
    with pytest.raises(ValueError, match="unknown export choice 'colour'"):
        session.set(colour="red")


def test_the_published_channel_is_the_default_and_ignores_the_status(sample_data, tmp_path):
    library = Library(sample_data)
    live = library.get("wall-calf-stretch")
    library.save(live.model_copy(update={"summary": "A working summary readers do not see."}))
    session = ExportSession(library, tmp_path)
    assert session.channel == "published" and not session.uses_status
    session.set(status=("archived",))  # kept for working copies, not applied here
    published = [e.id for e in library.published()]
    assert [e.id for e in session.entries()] == published and session.total() == len(published)
    session.set(format="json")
    # the sample's routines use published entries only: they travel beside the entries
    path, routines = session.export()
    assert routines.name == path.name.removesuffix(".json") + ".routines.json"
    exported = {e.id: e for _, e in read_entries([path], "json")}
    assert exported["wall-calf-stretch"].summary == live.summary  # the live version
    assert session.message.startswith(f"Exported {len(published)} published entries to ")
    session.set(channel="working")
    assert [e.id for e in session.entries()] == [e.id for e in library.filter(status="archived")]
    with pytest.raises(ValueError, match="channel: expected one of published, working"):
        session.set(channel="draft")
