"""history, diff, restore and the published channel through the command line (run in the
test's process: tests/cli/in_process.py)."""

from __future__ import annotations

import json
from pathlib import Path

from stretchkit import Library
from tests.cli.in_process import Ran, run_cli

LIVE = "wall-calf-stretch"


def sk(*args: str, user: str = "Ana Author") -> Ran:
    return run_cli(*args, env={"STRETCHKIT_USER": user, "PATH": "/usr/bin:/bin"})


def test_history_diff_and_restore(sample_data: Path):
    data = str(sample_data)
    library = Library(sample_data)
    old_summary = library.get(LIVE).summary
    before = len(library.versions(LIVE))
    library.save(library.get(LIVE).model_copy(update={"summary": "A new, unreviewed summary."}),
                 by="Ana Author")

    history = sk("history", LIVE, "--data", data)
    assert history.returncode == 0, history.stderr
    lines = history.stdout.splitlines()
    newest, live, oldest = lines[0], lines[1], lines[-1]
    assert len(lines) == before + 1 and newest.split()[0] == library.head(LIVE)
    assert "Ana Author  edit  draft  summary" in newest
    assert live.endswith("decision  published  status, reviews  (published)")
    assert oldest.endswith("migrate  published  (first version)")

    diff = sk("diff", LIVE, "--data", data)
    assert diff.returncode == 0 and diff.stderr == ""
    assert f"summary:\n  - {old_summary}\n  + A new, unreviewed summary.\n" in diff.stdout
    assert "status:\n  - published\n  + draft\n" in diff.stdout

    restored = sk("restore", LIVE, live.split()[0][:24], "--data", data, user="Rui Reviewer")
    assert restored.returncode == 0, restored.stderr
    assert Library(sample_data).get(LIVE).summary == old_summary
    assert len(sk("history", LIVE, "--data", data).stdout.splitlines()) == before + 2
    assert Library(sample_data).versions(LIVE)[-1].by == "Rui Reviewer"

    unknown = sk("restore", LIVE, "nope", "--data", data)
    assert unknown.returncode == 1 and "Traceback" not in unknown.stderr
    assert unknown.stderr == (f"stretchkit: entry '{LIVE}': no version 'nope' (see "
                              f"`stretchkit history {LIVE}`)\n")


def test_list_marks_published_entries_with_unpublished_changes(sample_data: Path):
    library = Library(sample_data)
    library.save(library.get(LIVE).model_copy(update={"summary": "A new, unreviewed summary."}))
    done = sk("list", "--data", str(sample_data), "--goal", "pre-run")
    line = next(line for line in done.stdout.splitlines() if line.startswith(LIVE))
    assert "draft (published, with unpublished changes)" in line


def test_export_reads_the_published_channel_unless_told(sample_data: Path, tmp_path: Path):
    library = Library(sample_data)
    library.save(library.get(LIVE).model_copy(update={"summary": "A new, unreviewed summary."}))
    published, working = tmp_path / "p.json", tmp_path / "w.json"
    assert sk("export", "--data", str(sample_data), "--format", "json",
              "--out", str(published)).returncode == 0
    assert sk("export", "--data", str(sample_data), "--format", "json", "--channel", "working",
              "--out", str(working)).returncode == 0
    live = {e["id"]: e for e in json.loads(published.read_text(encoding="utf-8"))}
    work = {e["id"]: e for e in json.loads(working.read_text(encoding="utf-8"))}
    assert live[LIVE]["summary"] != "A new, unreviewed summary." == work[LIVE]["summary"]
    assert {e["status"] for e in live.values()} == {"published"}
    refused = sk("export", "--data", str(sample_data), "--format", "json", "--status", "draft",
                 "--out", str(tmp_path / "x.json"))
    assert refused.returncode == 2 and "status: the published channel" in refused.stderr
