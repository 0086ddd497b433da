"""The dashboard's tables against independent counts, and its figures as real images."""

from __future__ import annotations

import base64
import json
from pathlib import Path

import nbformat
import pytest
from matplotlib.figure import Figure
from nbclient import NotebookClient

from stretchkit import Library
from stretchkit.model.entry import STATUSES
from stretchkit.review.checks import RULES
from stretchkit.review.dashboard import (
    NO_GOAL,
    coverage_table,
    entries_frame,
    entries_with_findings,
    failing_checks_table,
    goal_status_table,
    plot_coverage,
    plot_failing_checks,
    plot_goal_status,
    publication_table,
)
from tests.conftest import ROOT


def edit(data: Path, entry_id: str, **changes) -> None:
    path = data / "exercises" / f"{entry_id}.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry.update(changes)
    path.write_text(json.dumps(entry, indent=2) + "\n", encoding="utf-8")


@pytest.fixture
def library(sample_data: Path) -> Library:
    return Library(sample_data)


def test_entries_frame_has_a_row_per_entry(library: Library):
    frame = entries_frame(library)
    assert list(frame["id"]) == library.ids()
    assert set(frame["status"]) <= set(STATUSES)
    assert frame["errors"].sum() == 0


def test_goal_status_table_matches_the_library_filter(library: Library):
    table = goal_status_table(library)
    assert list(table.columns) == list(STATUSES)
    vocab = library.vocabulary
    assert list(table.index) == [vocab.label("goals", g) for g in vocab.ids("goals")]
    for goal in vocab.ids("goals"):
        for status in STATUSES:
            expected = len(library.filter(goals=goal, status=status))
            assert table.loc[vocab.label("goals", goal), status] == expected


def test_goal_status_table_counts_entries_without_a_goal(sample_data: Path):
    edit(sample_data, "cat-cow", goals=[])
    table = goal_status_table(Library(sample_data))
    assert table.loc[NO_GOAL].sum() == 1


def test_failing_checks_table_counts_entries_per_rule(sample_data: Path):
    edit(sample_data, "cat-cow", stop_signs=[], tips=[])
    edit(sample_data, "wall-calf-stretch", stop_signs=[], status="archived")  # not in use
    table = failing_checks_table(Library(sample_data))
    assert list(table.index) == list(RULES)
    assert table.loc["stop-signs", "error"] == 1
    assert table.loc["tips-present", "warning"] == 1
    assert table.to_numpy().sum() == 2


def test_coverage_table_is_goals_by_body_areas_with_gaps(library: Library):
    table = coverage_table(library)
    vocab = library.vocabulary
    assert table.shape == (len(vocab.ids("goals")), len(vocab.ids("targets")))
    in_use = [e for e in library if e.status != "archived"]
    assert table.to_numpy().sum() == sum(len(e.goals) * len(e.targets) for e in in_use)
    label = vocab.label
    hips_warm_up = sum("warm-up" in e.goals and "hips" in e.targets for e in in_use)
    assert table.loc[label("goals", "warm-up"), label("targets", "hips")] == hips_warm_up
    assert (table == 0).to_numpy().any()  # the sample library has gaps, and they show


@pytest.mark.parametrize("plot, bars", [(plot_goal_status, len(STATUSES)),
                                        (plot_failing_checks, 2)])
def test_bar_figures_are_real_images(library: Library, tmp_path: Path, plot, bars):
    fig = plot(library)
    assert isinstance(fig, Figure)
    (ax,) = [a for a in fig.axes if a.get_title()]
    assert len(ax.containers) == bars  # one stacked series per status / severity
    out = tmp_path / "plot.png"
    fig.savefig(out)
    data = out.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 10_000


def test_goal_status_bars_add_up(library: Library):
    ax = plot_goal_status(library).axes[0]
    total = sum(bar.get_width() for container in ax.containers for bar in container)
    assert total == goal_status_table(library).to_numpy().sum()


def test_failing_checks_says_when_everything_passes(library: Library, sample_data: Path):
    texts = [t.get_text() for t in plot_failing_checks(library).axes[0].texts]
    in_use = len([e for e in library if e.status != "archived"])
    assert texts == [f"Every check passes for all {in_use} entries in use"]
    edit(sample_data, "cat-cow", stop_signs=[])
    assert len(plot_failing_checks(Library(sample_data)).axes[0].texts) == 0


def test_coverage_figure_shows_the_grid(library: Library, tmp_path: Path):
    fig = plot_coverage(library)
    ax = fig.axes[0]
    table = coverage_table(library)
    assert ax.images[0].get_array().shape == table.shape
    assert len(ax.texts) == table.size
    fig.savefig(tmp_path / "grid.png")
    assert (tmp_path / "grid.png").stat().st_size > 10_000


def test_dashboard_notebook_draws_real_images():
    nb = nbformat.read(ROOT / "notebooks" / "dashboard.ipynb", as_version=4)
    NotebookClient(nb, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(ROOT / "notebooks")}}).execute()
    images = [base64.b64decode(out["data"]["image/png"]) for cell in nb.cells
              for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]
    assert len(images) == 4  # goals by status, failing checks, coverage, translations
    assert all(png.startswith(b"\x89PNG\r\n\x1a\n") and len(png) > 10_000 for png in images)


def test_entries_with_findings_lists_only_entries_to_fix_most_errors_first(library: Library):
    assert entries_with_findings(library).empty  # the sample library lints clean
    for entry_id, keep in (("cat-cow", 1), ("wall-calf-stretch", 3)):
        entry = library.get(entry_id)
        library.save(entry.model_copy(update={"instructions": entry.instructions[:keep],
                                              "tips": []}))

    found = entries_with_findings(library)

    assert list(found.columns) == ["id", "status", "errors", "warnings"]
    assert list(found.id) == ["cat-cow", "wall-calf-stretch"]
    # cat-cow lost steps (instructions-count is an error); both lost their tips (a warning)
    assert list(found.errors) == [1, 0]
    assert list(found.warnings) == [1, 1]


def test_publication_table_lists_live_entries_with_unpublished_changes_first(library: Library):
    live = [e.id for e in library.published()]
    edited = "wall-calf-stretch"
    assert edited in live
    entry = library.get(edited)
    library.save(entry.model_copy(update={"summary": "A summary readers do not see yet.",
                                          "tips": ["A new tip."]}), by="Ana")

    table = publication_table(library)

    assert list(table.columns) == ["id", "name", "status", "unpublished changes", "changed",
                                   "published", "published by"]
    assert list(table.id) == [edited, *sorted(i for i in live if i != edited)]
    first = table.iloc[0]
    assert (first["status"], first["unpublished changes"], first["changed"]) == (
        "draft", True, "summary, tips")
    assert first["published"] == library.version(edited, "published").at
    assert not table["unpublished changes"].iloc[1:].any()
    assert (table["changed"].iloc[1:] == "").all()


def test_translation_table_and_plot_show_each_language_by_status(sample_data):
    from stretchkit.review.dashboard import plot_translations, translation_table

    library = Library(sample_data)
    table = translation_table(library)
    assert table.to_dict("index") == {"fr": {"translated": 234, "outdated": 1, "missing": 1258,
                                             "translated %": 16, "entries complete": 5}}
    fig = plot_translations(library)
    [ax] = fig.axes
    assert ax.get_title() == "Translations by language and status"
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["translated", "outdated",
                                                                   "missing"]
    assert "234 / 1493 items, 1 outdated" in [t.get_text() for t in ax.texts]


def test_a_library_in_one_language_has_no_translation_rows(empty_data):
    from stretchkit.review.dashboard import plot_translations, translation_table

    library = Library(empty_data)
    assert translation_table(library).empty
    assert "add target languages" in plot_translations(library).axes[0].texts[0].get_text()
