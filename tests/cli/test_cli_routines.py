"""`stretchkit routine suggest | list | show | card`, run as a coach would (in the test's
process: tests/cli/in_process.py)."""

from __future__ import annotations

import html
import json
import os

import pytest

from stretchkit import Library
from stretchkit.model.routine import within_budget
from tests.cli.in_process import Ran, run_cli


def sk(*args: str, env: dict[str, str] | None = None) -> Ran:
    """`stretchkit ARGS` with this environment, less STRETCHKIT_DATA, plus `env`."""
    environment = {k: v for k, v in os.environ.items() if k != "STRETCHKIT_DATA"}
    done = run_cli(*args, env={**environment, **(env or {})})
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def errors(done: Ran) -> list[str]:
    return done.stderr.splitlines()


def test_suggest_prints_a_routine_that_fits_and_json_is_stable(sample_data):
    text = sk("routine", "suggest", "--goal", "pre-squat", "--minutes", "8", "--data",
              str(sample_data))
    assert text.returncode == 0, text.stderr
    lines = text.stdout.splitlines()
    assert lines[0] == "8-minute pre-squat warm-up (8-minute-pre-squat-warm-up): pre-squat, 8 min"
    assert lines[1].startswith(" 1. ") and "— serves pre-squat" in lines[1]
    assert any(line.startswith("total ") and "for a 8:00 budget" in line for line in lines)
    first = sk("routine", "suggest", "--goal", "pre-squat", "--minutes", "8", "--format",
               "json", "--data", str(sample_data))
    second = sk("routine", "suggest", "--goal", "pre-squat", "--minutes", "8", "--format",
                "json", "--data", str(sample_data))
    assert first.stdout == second.stdout
    report = json.loads(first.stdout)
    assert within_budget(report["total_seconds"], 8)
    assert report["total_seconds"] == sum(i["seconds"] + i["change_seconds"]
                                          for i in report["items"])
    assert {"entry", "seconds", "dosage", "why", "key_cue"} <= set(report["items"][0])


@pytest.mark.parametrize(("args", "message"), [
    (["--goal", "pre-squat", "--minutes", "0"], "minutes: expected a whole number from 1 to 180"),
    (["--goal", "pre-squat", "--minutes", "-3"], "got -3"),
    (["--goal", "nonsense-goal", "--minutes", "8"], "unknown goal 'nonsense-goal' (allowed: "
                                                    "warm-up, cool-down, pre-squat"),
    (["--goal", "pre-squat", "--minutes", "8", "--equipment", "dumbbell"],
     "unknown equipment 'dumbbell'"),
    (["--goal", "pre-lunge", "--minutes", "30", "--level", "beginner", "--equipment", "none"],
     "too few entries for 30 min of pre-lunge"),
    (["--goal", "pre-squat", "--minutes", "eight"], "invalid int value: 'eight'"),
])
def test_bad_requests_exit_2_with_the_reason(sample_data, args, message):
    done = sk("routine", "suggest", *args, "--data", str(sample_data))
    assert done.returncode == 2
    assert done.stdout == ""
    assert any(message in line for line in errors(done)), done.stderr


def test_save_list_show_and_card(sample_data, tmp_path):
    done = sk("routine", "suggest", "--goal", "pre-run", "--minutes", "5", "--save",
              "Run Prep <Five>", "--data", str(sample_data), env={"STRETCHKIT_USER": "Ana"})
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("routines/run-prep-five.json")
    saved = Library(sample_data).routines.get("run-prep-five")
    assert saved.name == "Run Prep <Five>" and saved.authors == ["Ana"]
    again = sk("routine", "suggest", "--goal", "pre-run", "--minutes", "5", "--save",
               "Run Prep <Five>", "--data", str(sample_data))
    assert again.returncode == 1 and "already exists" in again.stderr  # never overwritten

    listed = sk("routine", "list", "--data", str(sample_data))
    assert listed.returncode == 0
    ids = [line.split()[0] for line in listed.stdout.splitlines()]
    assert ids == ["cool-down-after-training", "pre-run-warm-up", "pre-squat-warm-up",
                   "run-prep-five"]

    shown = sk("routine", "show", "run-prep-five", "--format", "json", "--data",
               str(sample_data))
    report = json.loads(shown.stdout)
    assert report["id"] == "run-prep-five" and report["problems"] == []
    assert [i["entry"] for i in report["items"]] == saved.entry_ids()

    card = tmp_path / "card.html"
    printed = sk("routine", "card", "run-prep-five", "--out", str(card), "--data",
                 str(sample_data))
    assert printed.returncode == 0
    page = card.read_text(encoding="utf-8")
    assert "<h1>Run Prep &lt;Five&gt;</h1>" in page and "<Five>" not in page
    library = Library(sample_data)
    for entry_id in saved.entry_ids():
        assert html.escape(library.get(entry_id).name, quote=False) in page
    refused = sk("routine", "card", "run-prep-five", "--out", str(card), "--data",
                 str(sample_data))
    assert refused.returncode == 1 and "file exists" in refused.stderr
    missing = sk("routine", "show", "run-prep-fiv", "--data", str(sample_data))
    assert missing.returncode == 1
    assert errors(missing) == [f"stretchkit: no routine 'run-prep-fiv' in "
                               f"{sample_data / 'routines'}: did you mean 'run-prep-five'?"]


def test_validate_fails_on_a_broken_routine_and_notes_an_archived_entry(sample_data):
    clean = sk("validate", "--data", str(sample_data))
    assert clean.returncode == 0 and clean.stderr == ""
    items = Library(sample_data).routines.get("pre-run-warm-up").items
    used, index = items[-1].entry, len(items) - 1
    archived = sk("status", used, "archived", "--reviewer", "Sam Whitford", "--comment",
                  "retired", "--data", str(sample_data))
    assert archived.returncode == 0, archived.stderr
    noted = sk("validate", "--data", str(sample_data))
    assert noted.returncode == 0  # a routine that uses it still opens: a note, not a failure
    path = sample_data / "routines" / "pre-run-warm-up.json"
    assert f"stretchkit: note: {path}: items[{index}].entry: entry {used!r} is archived; " \
           "swap it for another" in noted.stderr.splitlines()
    (sample_data / "routines" / "broken.json").write_text('{"id": "broken"}\n')
    broken = sk("validate", "--data", str(sample_data))
    assert broken.returncode == 1
    assert any(line.endswith("routines/broken.json: name: required, but missing")
               for line in broken.stdout.splitlines()), broken.stdout
