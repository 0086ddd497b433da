"""The command line, run as a coach would: the venv's `stretchkit` in a subprocess.

Contract (DESIGN.md): exit 0 fine, 1 problems found, 2 usage errors; errors on stderr, one line
each, never a traceback; `--data` defaults to `$STRETCHKIT_DATA`, else `./data`.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from stretchkit import Library, validate_entry
from stretchkit.formats.entry_file import dump_entry
from tests.conftest import STRETCHKIT

SEED_ID = "seated-hip-stretch-with-opposite-leg-from-behind"

#: Export the working copies (the default export is the published channel).
WORKING = ("--channel", "working")


def sk(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
       input: str | None = None) -> subprocess.CompletedProcess:
    environment = {k: v for k, v in os.environ.items() if k != "STRETCHKIT_DATA"}
    environment.update(env or {})
    done = subprocess.run([STRETCHKIT, *args], capture_output=True, text=True, cwd=cwd,
                          env=environment, input=input, timeout=120)
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def errors(done: subprocess.CompletedProcess) -> list[str]:
    return done.stderr.splitlines()


@pytest.fixture
def data(empty_data: Path) -> Path:
    """A data folder with two entries."""
    folder = empty_data / "exercises"
    folder.mkdir()
    for e in [validate_entry({"id": "calf-stretch", "name": "Calf Stretch", "status": "published",
                              "goals": ["pre-run", "cool-down"], "level": "beginner"}),
              validate_entry({"id": "hip-opener", "name": "Hip Opener", "goals": ["pre-squat"],
                              "instructions": ["Sit tall."], "level": "intermediate"})]:
        (folder / f"{e.id}.json").write_bytes(dump_entry(e))
    Library(empty_data)  # opened once, as stretchkit leaves a folder: each entry versioned
    return empty_data


def test_validate_on_the_sample_library_passes(sample_data):
    done = sk("validate", "--data", str(sample_data))
    assert done.returncode == 0, done.stdout + done.stderr
    count = len(list((sample_data / "exercises").glob("*.json")))
    assert done.stdout == f"{count} entries valid in {sample_data / 'exercises'}\n"


def test_validate_lists_every_problem_and_exits_1(data):
    folder = data / "exercises"
    (folder / "broken.json").write_text('{"id": "broken",', encoding="utf-8")
    bad = json.loads((folder / "hip-opener.json").read_text())
    bad.update(goals=["cooldwn"], level="expert-plus")
    (folder / "hip-opener.json").write_text(json.dumps(bad))
    done = sk("validate", "--data", str(data))
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0].startswith(f"{folder / 'broken.json'}: not valid JSON")
    assert lines[1].startswith(f"{folder / 'hip-opener.json'}: goals[0]: unknown goal "
                               "'cooldwn': did you mean 'cool-down'?")
    assert lines[2].startswith(f"{folder / 'hip-opener.json'}: level: unknown level")
    assert len(lines) == 3
    assert errors(done) == ["3 problems; 1 entry valid"]


def test_validate_refuses_a_key_given_twice_naming_file_and_key(sample_data):
    path = sorted((sample_data / "exercises").glob("*.json"))[0]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('"name":', '"name": "Shadow Name", "name":', 1),
                    encoding="utf-8")
    done = sk("validate", "--data", str(sample_data))
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        f"{path}: name: the key 'name' appears twice in one object (a bad hand edit or "
        "merge?); JSON readers would silently keep the last one"]


def test_counts_are_said_in_the_right_number(data):
    folder = data / "exercises"
    assert sk("validate", "--data", str(data)).stdout == f"2 entries valid in {folder}\n"
    (folder / "broken.json").write_text("{", encoding="utf-8")
    assert errors(sk("validate", "--data", str(data))) == ["1 problem; 2 entries valid"]
    (folder / "hip-opener.json").unlink()
    assert errors(sk("validate", "--data", str(data))) == ["1 problem; 1 entry valid"]
    (folder / "broken.json").unlink()
    assert sk("validate", "--data", str(data)).stdout == f"1 entry valid in {folder}\n"


def test_list_shows_id_status_name_and_goals_filtered(data):
    done = sk("list", "--data", str(data))
    assert done.returncode == 0 and done.stderr == ""
    assert done.stdout.splitlines() == [
        "calf-stretch  published          Calf Stretch  [pre-run, cool-down]",
        "hip-opener    draft              Hip Opener  [pre-squat]"]
    assert sk("list", "--data", str(data), "--goal", "pre-squat", "--goal", "pre-run",
              "--match", "all").stdout == ""
    assert sk("list", "--data", str(data), "--goal", "cooldown", "--goal", "pre-squat",
              "--status", "published", "--level", "easy", "--search", "CALF"
              ).stdout.startswith("calf-stretch ")


def test_list_still_lists_when_one_file_is_broken_and_says_so(data):
    (data / "exercises" / "broken.json").write_text("{")
    done = sk("list", "--data", str(data))
    assert done.returncode == 1
    assert [line.split()[0] for line in done.stdout.splitlines()] == ["calf-stretch",
                                                                      "hip-opener"]
    [line] = errors(done)
    assert line.startswith(f"stretchkit: skipped {data / 'exercises' / 'broken.json'}: ")


def test_an_unknown_goal_is_a_usage_error_with_a_suggestion(data):
    done = sk("list", "--data", str(data), "--goal", "cooldwn")
    assert done.returncode == 2 and done.stdout == ""
    [line] = errors(done)
    assert line.startswith("stretchkit: error: unknown goal 'cooldwn': did you mean "
                           "'cool-down'?")


@pytest.mark.parametrize("args", [[], ["list", "--match", "some"],
                                  ["export", *WORKING, "--format", "json"]])
def test_usage_errors_exit_2_with_one_line(args, data):
    done = sk(*args, cwd=data)
    assert done.returncode == 2 and done.stdout == ""
    [line] = errors(done)
    assert line.startswith("stretchkit") and "error:" in line


def test_a_missing_data_folder_is_a_usage_error(tmp_path):
    done = sk("validate", "--data", str(tmp_path / "nowhere"))
    assert done.returncode == 2
    assert errors(done) == [f"stretchkit: error: {tmp_path / 'nowhere'}: no such data folder "
                            "(give --data DIR or set STRETCHKIT_DATA)"]


def test_the_data_folder_comes_from_the_environment_then_dot_data(data, tmp_path):
    by_env = sk("list", cwd=tmp_path, env={"STRETCHKIT_DATA": str(data)})
    assert by_env.returncode == 0 and "calf-stretch" in by_env.stdout
    by_cwd = sk("list", cwd=data.parent)  # ./data does not exist there: it is "empty"
    assert by_cwd.returncode == 2 and "data: no such data folder" in by_cwd.stderr
    (tmp_path / "project").mkdir()
    os.symlink(data, tmp_path / "project" / "data")
    assert "hip-opener" in sk("list", cwd=tmp_path / "project").stdout
    flag_wins = sk("list", "--data", str(tmp_path / "nowhere"), cwd=tmp_path,
                   env={"STRETCHKIT_DATA": str(data)})
    assert flag_wins.returncode == 2
    # Unlike a notebook, a command does not look for ../data: it would write elsewhere.
    (tmp_path / "project" / "notebooks").mkdir()
    below = sk("list", cwd=tmp_path / "project" / "notebooks")
    assert below.returncode == 2 and "data: no such data folder" in below.stderr


def test_new_creates_a_draft_and_refuses_a_second_one(empty_data):
    done = sk("new", "Standing Quad Stretch", "--data", str(empty_data))
    path = empty_data / "exercises" / "standing-quad-stretch.json"
    assert done.returncode == 0 and done.stdout == f"{path}\n"
    entry = Library(empty_data).get("standing-quad-stretch")
    assert (entry.name, entry.status) == ("Standing Quad Stretch", "draft")
    assert entry.created is not None
    again = sk("new", "Standing Quad Stretch", "--data", str(empty_data))
    assert again.returncode == 1
    assert errors(again) == [f"stretchkit: {path}: an entry with id 'standing-quad-stretch' "
                             "already exists; choose another id or edit that entry"]


@pytest.mark.parametrize(("args", "message"), [
    (["Quad", "--id", "../quad"], "stretchkit: entry: id: expected a slug of lowercase"),
    (["!!!"], "stretchkit: entry: name: cannot derive an id from '!!!': give an id"),
])
def test_new_with_a_bad_id_or_name_is_one_clear_line(empty_data, args, message):
    done = sk("new", *args, "--data", str(empty_data))
    assert done.returncode == 1
    [line] = errors(done)
    assert line.startswith(message)
    assert not list(empty_data.rglob("*.json"))


def test_the_seed_imports_and_exports_back_identically(empty_data, tmp_path, seed_text):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    dry = sk("import", str(seed), "--dry-run", "--data", str(empty_data))
    assert dry.returncode == 0 and f"would create {SEED_ID}" in dry.stdout
    assert not (empty_data / "exercises").exists()
    done = sk("import", str(seed), "--format", "text", "--data", str(empty_data))
    assert done.returncode == 0, done.stderr
    assert done.stdout == (f"imported into {empty_data / 'exercises'}: 1 created, 0 updated, "
                           "0 unchanged, 0 skipped\n")
    out = tmp_path / "txt"
    done = sk("export", *WORKING, "--format", "text", "--out", str(out), "--data", str(empty_data))
    assert done.returncode == 0 and done.stdout == f"wrote 1 file to {out}\n"
    assert (out / f"{SEED_ID}.txt").read_text(encoding="utf-8") == seed_text.rstrip("\n") + "\n"
    same = sk("import", str(seed), "--data", str(empty_data))
    assert same.returncode == 0 and "1 unchanged" in same.stdout
    seed.write_text(seed_text.replace("Instructions\n", "Instructions\n- A new first step.\n"))
    changed = sk("import", str(seed), "--data", str(empty_data))
    assert changed.returncode == 1
    assert errors(changed) == [f"stretchkit: {seed}: id: '{SEED_ID}' already exists in the "
                               "library (use --on-conflict skip or update)"]


def test_a_bad_import_reports_every_problem_and_writes_nothing(empty_data, tmp_path):
    (tmp_path / "a.txt").write_text("First\nInstructions\nno bullet\n")
    (tmp_path / "b.txt").write_text("Second\nFAQ\nWhy?\n")
    (tmp_path / "c.txt").write_text("Third\n")
    done = sk("import", str(tmp_path), "--data", str(empty_data))
    assert done.returncode == 1
    assert errors(done) == [
        f"stretchkit: {tmp_path / 'a.txt'}:3: instructions: expected a bullet line starting "
        "with '- ', got 'no bullet'",
        f"stretchkit: {tmp_path / 'b.txt'}:3: faq: question 'Why?' has no answer line"]
    assert not list(empty_data.rglob("*.json"))


def test_export_refuses_to_overwrite_without_force(data, tmp_path):
    out = tmp_path / "all.json"
    assert sk("export", *WORKING, "--format", "json", "--out", str(out), "--data", str(data)
              ).returncode == 0
    first = out.read_bytes()
    assert [e["id"] for e in json.loads(first)] == ["calf-stretch", "hip-opener"]
    again = sk("export", *WORKING, "--format", "jsonl", "--out", str(out), "--data", str(data))
    assert again.returncode == 1 and out.read_bytes() == first
    assert errors(again) == [f"stretchkit: {out}: file exists; choose a new name or allow "
                             "overwriting (--force)"]
    forced = sk("export", *WORKING, "--format", "jsonl", "--out", str(out), "--data", str(data),
                "--status", "published", "--force")
    assert forced.returncode == 0
    assert [json.loads(line)["id"] for line in out.read_text().splitlines()] == ["calf-stretch"]


def test_markdown_export_through_the_command_line(data, tmp_path):
    out = tmp_path / "md"
    done = sk("export", *WORKING, "--format", "markdown", "--out", str(out), "--data", str(data),
              "--goal", "pre-squat")
    assert done.returncode == 0
    assert [p.name for p in out.iterdir()] == ["hip-opener.md"]
    assert (out / "hip-opener.md").read_text(encoding="utf-8").startswith("# Hip Opener\n")


def test_import_tells_the_format_from_the_file_name(empty_data: Path, seed_text: str,
                                                     tmp_path: Path):
    doc = tmp_path / "seed.txt"
    doc.write_text(seed_text)
    done = sk("import", str(doc), "--data", str(empty_data))
    assert done.returncode == 0, done.stderr
    assert (empty_data / "exercises" / f"{SEED_ID}.json").exists()

    exported = tmp_path / "out.json"
    assert sk("export", *WORKING, "--format", "json", "--out", str(exported),
              "--data", str(empty_data)).returncode == 0
    again = sk("import", str(exported), "--data", str(tmp_path / "other"), "--dry-run")
    assert again.returncode == 0 and f"would create {SEED_ID}" in again.stdout


def test_import_of_a_name_that_says_no_format_asks_for_one(empty_data: Path, tmp_path: Path):
    notes = tmp_path / "notes.docx"
    notes.write_text("not an entry")
    done = sk("import", str(notes), "--data", str(empty_data))
    assert done.returncode == 2
    assert errors(done) == [f"stretchkit: error: cannot tell the format of {notes}: give "
                            "--format (csv, json, jsonl, text)"]


def test_a_broken_vocabulary_file_is_a_problem_found_not_a_usage_error(data: Path):
    (data / "vocabulary.json").write_text('{"mode": "merge"}')
    done = sk("validate", "--data", str(data))
    assert done.returncode == 1
    assert errors(done) == [f"stretchkit: {data / 'vocabulary.json'}: mode: expected 'extend' "
                            "or 'replace', got 'merge'"]
