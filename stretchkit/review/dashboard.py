"""The library at a glance: tables (pandas) and the figures drawn from them (matplotlib).

Tables list every goal, status, rule and body area of the vocabulary, zeros included, so a gap
shows as a gap instead of a missing row. Figures are built with `matplotlib.figure.Figure`
(not pyplot), so they never pile up in pyplot's global state and a notebook shows each one
exactly once, as the cell's result.
"""

from __future__ import annotations

import pandas as pd
from matplotlib.figure import Figure

from stretchkit.errors import NotFoundError
from stretchkit.model.entry import ACTIVE_STATUSES, STATUSES
from stretchkit.model.version import CONTENT_FIELDS, diff_entries
from stretchkit.review.checks import RULES, lint
from stretchkit.review.workflow import (
    NEEDS_CLEAN_CHECKS,
    NEEDS_COMMENT,
    NEEDS_REVIEWER,
    TRANSITIONS,
)
from stretchkit.store.library import Library

NO_GOAL = "(no goal)"
#: Statuses that count as the library in use (coverage and failing checks leave archived out).
_STATUS_COLOURS = {"draft": "#9fb3c8", "in-review": "#f0b429", "changes-requested": "#e12d39",
                   "approved": "#3ebd93", "published": "#0b6e6e", "archived": "#bcccdc"}


def entries_frame(library: Library) -> pd.DataFrame:
    """One row per entry: id, name, status, level, goals, targets, errors, warnings."""
    rows = []
    for entry in library:
        findings = lint(entry)
        n_errors = sum(f.is_error for f in findings)
        rows.append({"id": entry.id, "name": entry.name, "status": entry.status,
                     "level": entry.level, "goals": list(entry.goals),
                     "targets": list(entry.targets), "errors": n_errors,
                     "warnings": len(findings) - n_errors})
    columns = ["id", "name", "status", "level", "goals", "targets", "errors", "warnings"]
    return pd.DataFrame(rows, columns=columns)


def entries_with_findings(library: Library) -> pd.DataFrame:
    """Entries whose content checks found something, most errors first (id, status, errors,
    warnings); empty when there is nothing to fix."""
    frame = entries_frame(library)
    found = frame[(frame.errors > 0) | (frame.warnings > 0)]
    return found.sort_values(["errors", "warnings", "id"], ascending=[False, False, True])[
        ["id", "status", "errors", "warnings"]].reset_index(drop=True)


def publication_table(library: Library) -> pd.DataFrame:
    """The live entries (those readers see), the ones with unpublished changes first: id,
    name, the working copy's status, whether it has unpublished changes, which fields changed
    since the published version, and when and by whom that version was published."""
    rows = []
    for live in library.published():
        working = library.get(live.id) if live.id in library else None
        try:
            published = library.version(live.id, "published")
        except NotFoundError:  # live, but no publication in its history (made by hand)
            published = None
        changed = diff_entries(live.model_dump(mode="json"),
                               working.model_dump(mode="json") if working else {},
                               CONTENT_FIELDS)
        rows.append({"id": live.id, "name": live.name,
                     "status": working.status if working else "(deleted)",
                     "unpublished changes": library.has_unpublished_changes(live.id)
                     if working else False,
                     "changed": ", ".join(c.field for c in changed),
                     "published": published.at if published else pd.NaT,
                     "published by": published.by if published else ""})
    columns = ["id", "name", "status", "unpublished changes", "changed", "published",
               "published by"]
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(["unpublished changes", "id"], ascending=[False, True],
                             ignore_index=True)


def workflow_table() -> pd.DataFrame:
    """The workflow as a table: each allowed move and what it needs."""
    rows = []
    for old, nexts in TRANSITIONS.items():
        for new in nexts:
            needs = [what for what, statuses in (("reviewer", NEEDS_REVIEWER),
                                                  ("comment", NEEDS_COMMENT),
                                                  ("no check errors", NEEDS_CLEAN_CHECKS))
                     if new in statuses]
            rows.append({"from": old, "to": new, "needs": ", ".join(needs) or "-"})
    return pd.DataFrame(rows, columns=["from", "to", "needs"])


def goal_status_table(library: Library) -> pd.DataFrame:
    """Entries per goal (rows, vocabulary labels) and status (columns). An entry with two
    goals counts under both; entries with no goal have their own row."""
    vocab = library.vocabulary
    labels = {g: vocab.label("goals", g) for g in vocab.ids("goals")}
    table = pd.DataFrame(0, index=list(labels.values()), columns=list(STATUSES))
    for entry in library:
        for goal in entry.goals or [None]:
            row = labels.get(goal, goal) if goal else NO_GOAL
            if row not in table.index:
                table.loc[row] = 0
            table.loc[row, entry.status] += 1
    table.index.name, table.columns.name = "goal", "status"
    return table


def failing_checks_table(library: Library) -> pd.DataFrame:
    """For each content check (rows, every rule), how many entries in use fail it, split into
    error and warning findings."""
    table = pd.DataFrame(0, index=list(RULES), columns=["error", "warning"])
    for entry in library.filter(status=ACTIVE_STATUSES):
        failed = {(f.rule, f.severity) for f in lint(entry)}
        for rule, severity in failed:
            table.loc[rule, severity] += 1
    table.index.name, table.columns.name = "rule", "severity"
    return table


def coverage_table(library: Library) -> pd.DataFrame:
    """Entries in use per goal (rows) and body area (columns), vocabulary labels; 0 is a gap."""
    vocab = library.vocabulary
    goals = {g: vocab.label("goals", g) for g in vocab.ids("goals")}
    targets = {t: vocab.label("targets", t) for t in vocab.ids("targets")}
    table = pd.DataFrame(0, index=list(goals.values()), columns=list(targets.values()))
    for entry in library.filter(status=ACTIVE_STATUSES):
        for goal in entry.goals:
            for target in entry.targets:
                table.loc[goals[goal], targets[target]] += 1
    table.index.name, table.columns.name = "goal", "body area"
    return table


def plot_goal_status(library: Library) -> Figure:
    """Stacked bars: how many entries each goal has, coloured by status."""
    table = goal_status_table(library)
    fig = Figure(figsize=(9, 0.45 * len(table) + 1.6), layout="constrained")
    ax = fig.subplots()
    table.iloc[::-1].plot.barh(stacked=True, ax=ax, width=0.75,
                               color=[_STATUS_COLOURS[s] for s in table.columns])
    ax.set_xlabel("entries")
    ax.set_ylabel("")
    ax.set_title("Entries by goal and status")
    ax.legend(title="status", loc="upper left", bbox_to_anchor=(1.01, 1), fontsize="small")
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def plot_failing_checks(library: Library) -> Figure:
    """Bars: for each content check, the entries in use that fail it (errors and warnings)."""
    table = failing_checks_table(library)
    fig = Figure(figsize=(8, 0.35 * len(table) + 1.6), layout="constrained")
    ax = fig.subplots()
    table.iloc[::-1].plot.barh(stacked=True, ax=ax, color=["#e12d39", "#f0b429"], width=0.75)
    ax.set_xlabel("entries failing")
    ax.set_ylabel("")
    ax.set_title("Failing content checks by rule")
    ax.set_xlim(0, max(1, int(table.to_numpy().sum(axis=1).max())) + 0.5)
    if not table.to_numpy().any():
        checked = len(library.filter(status=ACTIVE_STATUSES))
        ax.text(0.5, 0.5, f"Every check passes for all {checked} entries in use",
                transform=ax.transAxes, ha="center", va="center", fontsize=12, color="#0b6e6e",
                bbox={"facecolor": "white", "edgecolor": "#0b6e6e", "boxstyle": "round"})
    ax.xaxis.get_major_locator().set_params(integer=True)
    return fig


def plot_coverage(library: Library) -> Figure:
    """A grid of goals against body areas; each cell counts entries, empty cells are gaps."""
    table = coverage_table(library)
    fig = Figure(figsize=(0.5 * len(table.columns) + 3, 0.45 * len(table) + 2),
                 layout="constrained")
    ax = fig.subplots()
    image = ax.imshow(table.to_numpy(), cmap="Greens", aspect="auto", vmin=0)
    ax.set_xticks(range(len(table.columns)), table.columns, rotation=60, ha="right")
    ax.set_yticks(range(len(table.index)), table.index)
    high = max(1, int(table.to_numpy().max()))
    for (row, col), count in pd.DataFrame(table.to_numpy()).stack().items():
        ax.text(col, row, str(count) if count else "·", ha="center", va="center",
                fontsize=8, color="white" if count > high / 2 else "#486581")
    ax.set_title("Coverage: goals by body area (entries in use)")
    fig.colorbar(image, ax=ax, label="entries", shrink=0.8)
    return fig


#: How the translation plot colours each state of an item.
_TRANSLATION_COLOURS = {"translated": "#0b6e6e", "outdated": "#f0b429", "missing": "#d9e2ec"}


def translation_table(library: Library) -> pd.DataFrame:
    """Per target language (rows): text items translated, outdated and missing across the
    entries in use, and the share translated; one row per language, none for a library in
    one language."""
    from stretchkit.store.translation_status import translation_status

    rows = []
    for status in translation_status(library):
        total = status.total
        done = round(100 * total.translated / total.total) if total.total else 0
        entries = sum(1 for c in status.entries.values() if c.total and c.missing == 0
                      and c.outdated == 0)
        rows.append({"language": status.language, "translated": total.translated,
                     "outdated": total.outdated, "missing": total.missing,
                     "translated %": done, "entries complete": entries})
    columns = ["language", "translated", "outdated", "missing", "translated %",
               "entries complete"]
    return pd.DataFrame(rows, columns=columns).set_index("language")


def plot_translations(library: Library) -> Figure:
    """Stacked bars: for each target language, the share of text items translated, outdated
    (the source changed since) and missing."""
    table = translation_table(library)
    fig = Figure(figsize=(8, 0.5 * max(1, len(table)) + 1.6), layout="constrained")
    ax = fig.subplots()
    if table.empty:
        ax.text(0.5, 0.5, "One language: add target languages to stretchkit.json",
                transform=ax.transAxes, ha="center", va="center", fontsize=12)
        ax.set_axis_off()
        return fig
    counts = table[["translated", "outdated", "missing"]]
    shares = counts.div(counts.sum(axis=1).clip(lower=1), axis=0) * 100
    shares.iloc[::-1].plot.barh(stacked=True, ax=ax, width=0.6,
                                color=[_TRANSLATION_COLOURS[c] for c in shares.columns])
    for row, (_, values) in enumerate(counts.iloc[::-1].iterrows()):
        ax.text(101, row, f"{values['translated']} / {values.sum()} items"
                + (f", {values['outdated']} outdated" if values["outdated"] else ""),
                va="center", fontsize=9)
    ax.set_xlim(0, 145)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel("% of text items (entries in use)")
    ax.set_ylabel("")
    ax.set_title("Translations by language and status")
    ax.legend(loc="upper center", bbox_to_anchor=(0.35, -0.3), ncol=3, fontsize="small",
              frameon=False)
    return fig
