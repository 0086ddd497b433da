"""The export panel driven from Python: filters change the table, a click writes real files
that read back, links point at them, and nothing raises into the page."""

from __future__ import annotations

import json
import re

from stretchkit import Exercise, Library
from stretchkit.formats.tables import TABLES
from stretchkit.model import ACTIVE_STATUSES
from stretchkit.transfer import read_entries
from stretchkit.widgets.export.panel import CSV_LINKS, PREVIEW_ROWS, ExportPanel


def _ids_in_table(panel: ExportPanel) -> list[str]:
    return re.findall(r"<tr>\s*<td>([a-z0-9-]+)</td>", panel.table.value)


def test_filters_drive_the_table_and_the_count(sample_data, tmp_path):
    library = Library(sample_data)
    panel = ExportPanel(library, tmp_path / "exports")
    published = [e.id for e in library.published()]
    assert _ids_in_table(panel) == published  # the published channel comes first
    assert panel.count.value.startswith(f"{len(published)} of {len(published)} published "
                                        "entries match")
    assert panel.status.disabled and "apply to working copies" in panel.status_note.value

    panel.channel.value = "working"
    assert not panel.status.disabled and panel.status_note.value == ""
    default = [e.id for e in library if e.status in ACTIVE_STATUSES]
    assert _ids_in_table(panel) == default[:PREVIEW_ROWS]  # the table shows the first rows
    assert panel.count.value.startswith(f"{len(default)} of {len(library)} working copies match")

    panel.goals.value = ["warm-up", "pre-run"]
    panel.match.value = "all"
    want = [e.id for e in library.filter(goals=["warm-up", "pre-run"], match="all",
                                         status=ACTIVE_STATUSES)]
    assert 0 < len(want) < len(default)
    assert _ids_in_table(panel) == want

    panel.goals.value = []
    panel.match.value = "any"
    panel.status.value = ["archived"]
    assert _ids_in_table(panel) == [e.id for e in library.filter(status="archived")]

    panel.status.value = list(ACTIVE_STATUSES)
    panel.search.value = "no entry has this word zqxj"
    assert "No entries match" in panel.table.value
    assert panel.export_button.disabled


def test_click_exports_files_that_read_back(sample_data, tmp_path):
    library = Library(sample_data)
    out = tmp_path / "exports"
    panel = ExportPanel(library, out)
    panel.channel.value = "working"
    panel.goals.value = ["warm-up"]
    panel.level.value = "beginner"
    want = library.filter(goals="warm-up", level="beginner", status=ACTIVE_STATUSES)
    assert want

    panel.format.value = "csv"
    panel.export_button.click()
    [folder] = [p for p in out.iterdir() if p.is_dir()]
    assert (folder / "datapackage.json").is_file()
    assert [e for _, e in read_entries([folder], "csv")] == want
    assert 'href="' in panel.result.value and "exercises_wide.csv" in panel.result.value
    # every tidy table, the wide table and datapackage.json, less the ones linked by name
    assert f"and {len(TABLES) + 2 - len(CSV_LINKS)} more tables" in panel.result.value

    panel.format.value = "json"
    panel.export_button.click()
    panel.export_button.click()  # a second click makes a second file, never overwrites
    files = sorted(out.glob("*.json"))
    assert len(files) == 2
    for path in files:
        assert [item["id"] for item in json.loads(path.read_text())] == [e.id for e in want]
    [latest] = panel.session.written
    assert latest in files and latest.name in panel.result.value

    panel.format.value = "jsonl"
    panel.export_button.click()
    [lines] = out.glob("*.jsonl")
    assert [e for _, e in read_entries([lines], "jsonl")] == want


def test_links_are_relative_and_escaped(tmp_path, monkeypatch):
    library = Library(tmp_path / "data")
    library.create(Exercise(id="a", name="<img src=x onerror=alert(1)>"))
    out = tmp_path / 'exp "quoted" <dir>'
    monkeypatch.chdir(tmp_path)
    panel = ExportPanel(library, out)
    panel.channel.value = "working"
    assert "<img" not in panel.table.value and "&lt;img src=x" in panel.table.value
    panel.format.value = "json"
    panel.export_button.click()
    assert "<img" not in panel.result.value
    href = re.search(r'href="([^"]+)"', panel.result.value).group(1)
    assert href.startswith("exp%20%22quoted%22%20%3Cdir%3E/stretchkit-")
    assert 'exp "quoted"' not in href


def test_failed_export_is_a_message_not_an_exception(sample_data, tmp_path):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the export folder should be")
    panel = ExportPanel(Library(sample_data), blocker)
    panel.export_button.click()
    assert "sk-tone-warn" in panel.message._dom_classes
    assert str(blocker) in panel.message.value
    assert panel.session.written == [] and panel.result.value == ""


def test_goals_and_statuses_are_tag_pickers_limited_to_the_vocabulary(sample_data, tmp_path):
    library = Library(sample_data)
    panel = ExportPanel(library, tmp_path)
    assert panel.goals.allowed_tags == library.vocabulary.ids("goals")
    assert panel.status.value == list(ACTIVE_STATUSES)
    assert {"sk-tag-picker", "sk-export-goals"} <= set(panel.goals._dom_classes)
    want = [e.id for e in library.filter(goals="warm-up", channel="published")]
    assert 0 < len(want) < len(library.published())
    panel.goals.value = ["warm-up"]
    assert _ids_in_table(panel) == want
