"""git-setup, the driver on its own, and files a merge left broken: clear errors, never a
conflicted file loaded as if it were fine."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from stretchkit import Library
from stretchkit.errors import StretchkitError, VocabularyError
from stretchkit.formats.entry_file import dump_entry_data
from stretchkit.store.gitmerge import ATTRIBUTES, driver_command, git_setup, merge_files
from tests.conftest import STRETCHKIT
from tests.team.conftest import git_env

ENTRY = "90-90-hip-switch"


def test_git_setup_writes_attributes_and_config_once_and_says_what_it_did(tmp_path,
                                                                         sample_data):
    env = git_env(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], env=env, check=True)
    first = subprocess.run([STRETCHKIT, "git-setup", "--data", str(sample_data)], env=env,
                           capture_output=True, text=True, check=False)
    assert first.returncode == 0, first.stderr
    lines = first.stdout.splitlines()
    assert len(lines) == 4 and all(line.endswith("(done)") for line in lines)
    assert lines[3] == "this clone's git config: git pull merges (pull.rebase false) (done)"
    assert ".gitattributes" in lines[0] and "git config" in lines[2]
    attributes = (sample_data / ".gitattributes").read_text()
    assert all(line in attributes.splitlines() for line in ATTRIBUTES)
    assert ".lock" in (sample_data / ".gitignore").read_text().splitlines()
    driver = subprocess.run(["git", "-C", str(sample_data), "config", "merge.stretchkit.driver"],
                            env=env, capture_output=True, text=True, check=True).stdout.strip()
    assert driver == driver_command(sys.executable)
    assert driver.startswith("/")  # absolute: git may run it without the venv on PATH
    again = subprocess.run([STRETCHKIT, "git-setup", "--data", str(sample_data)], env=env,
                           capture_output=True, text=True, check=True)
    assert all(line.endswith("(already so)") for line in again.stdout.splitlines())
    assert (sample_data / ".gitattributes").read_text() == attributes
    check = subprocess.run(["git", "-C", str(sample_data), "check-attr", "merge",
                            f"exercises/{ENTRY}.json", "published/x.json", "history/x/y.json"],
                           env=env, capture_output=True, text=True, check=True).stdout
    assert check.splitlines() == [f"exercises/{ENTRY}.json: merge: stretchkit",
                                  "published/x.json: merge: stretchkit",
                                  "history/x/y.json: merge: unspecified"]


def test_git_setup_keeps_what_a_gitattributes_file_already_says(tmp_path, sample_data):
    env = git_env(tmp_path)
    subprocess.run(["git", "init", "-q", str(tmp_path)], env=env, check=True)
    (sample_data / ".gitattributes").write_text("*.csv text eol=lf")  # no final newline
    steps = git_setup(sample_data)
    assert steps[0].changed
    text = (sample_data / ".gitattributes").read_text()
    assert text.startswith("*.csv text eol=lf\n") and text.endswith(ATTRIBUTES[-1] + "\n")


def test_git_setup_outside_a_repository_says_so(tmp_path, sample_data):
    done = subprocess.run([STRETCHKIT, "git-setup", "--data", str(sample_data)],
                          env=git_env(tmp_path), capture_output=True, text=True, check=False)
    assert done.returncode == 1
    assert done.stderr.strip() == (f"stretchkit: {sample_data}: not inside a git repository; "
                                   "clone the team's repository (or run git init) first")


def three(tmp_path, sample_data, ours: dict, theirs: dict):
    base = json.loads((sample_data / "exercises" / f"{ENTRY}.json").read_text("utf-8"))
    paths = []
    for name, data in (("base", base), ("ours", {**base, **ours}), ("theirs", {**base, **theirs})):
        path = tmp_path / name
        path.write_bytes(dump_entry_data(data))
        paths.append(str(path))
    return paths


def test_the_driver_exits_0_when_clean_and_1_naming_the_fields_on_a_conflict(tmp_path,
                                                                            sample_data,
                                                                            monkeypatch):
    monkeypatch.chdir(sample_data.parent)
    where = f"data/exercises/{ENTRY}.json"
    base, ours, theirs = three(tmp_path, sample_data, {"summary": "Ours changed this."},
                               {"goals": ["warm-up", "mobility", "recovery"]})
    clean = subprocess.run([STRETCHKIT, "merge-driver", base, ours, theirs, where],
                           capture_output=True, text=True, check=False)
    assert clean.returncode == 0 and clean.stderr == ""
    merged = json.loads(Path(ours).read_text("utf-8"))
    assert merged["summary"] == "Ours changed this." and "recovery" in merged["goals"]
    base, ours, theirs = three(tmp_path, sample_data, {"name": "A", "summary": "Sa"},
                               {"name": "B", "summary": "Sb"})
    clash = subprocess.run([STRETCHKIT, "merge-driver", base, ours, theirs, where, "9"],
                           capture_output=True, text=True, check=False)
    assert clash.returncode == 1
    assert clash.stderr.strip().startswith(f"stretchkit: {where}: conflict in name, summary")
    text = Path(ours).read_text("utf-8")
    assert text.count("<<<<<<<<< ours\n") == 2  # git's marker size, passed as %L


def test_a_merged_combination_that_is_not_valid_becomes_a_conflict(tmp_path, sample_data,
                                                                   monkeypatch):
    monkeypatch.chdir(sample_data.parent)
    base, ours, theirs = three(tmp_path, sample_data, {"goals": ["warm-up", "sparkle"]},
                               {"summary": "Fine."})
    outcome = merge_files(base, ours, theirs, f"data/exercises/{ENTRY}.json")
    assert outcome.conflicts == ("goals",)


def test_the_driver_falls_back_to_a_line_merge_for_a_side_that_is_not_an_entry(tmp_path,
                                                                              sample_data):
    base, ours, theirs = three(tmp_path, sample_data, {"name": "A"}, {"name": "B"})
    with open(theirs, "a", encoding="utf-8") as fh:
        fh.write("not json any more\n")
    outcome = merge_files(base, ours, theirs, f"data/exercises/{ENTRY}.json")
    assert not outcome.clean and "merged line by line" in outcome.notes[0]
    assert "<<<<<<< ours" in Path(ours).read_text("utf-8")


# -- bad inputs -------------------------------------------------------------------------------
def git_line_merge(sample_data, text_a: str, text_b: str) -> None:
    """What git writes with no driver: one textual block, HEAD and the branch as labels."""
    path = sample_data / "exercises" / f"{ENTRY}.json"
    lines = path.read_text("utf-8").splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith('  "name"'))
    lines[at:at + 1] = ["<<<<<<< HEAD", f'  "name": "{text_a}",', "=======",
                        f'  "name": "{text_b}",', ">>>>>>> origin/main"]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def test_conflict_markers_from_gits_line_merge_are_named_per_field(sample_data):
    git_line_merge(sample_data, "From A", "From B")
    library = Library(sample_data)
    assert ENTRY not in library
    problem = next(p for p in library.problems if ENTRY in p.where)
    assert problem.field == "name" and "'From A'" in problem.message and \
        "'From B'" in problem.message
    done = subprocess.run([STRETCHKIT, "validate", "--data", str(sample_data)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert f"{sample_data}/exercises/{ENTRY}.json: name: merge conflict" in done.stdout


def test_conflict_markers_that_do_not_read_name_the_file_and_the_lines(sample_data):
    path = sample_data / "exercises" / f"{ENTRY}.json"
    path.write_text(path.read_text("utf-8").replace('  "id"', '<<<<<<< HEAD\n  "id"', 1))
    library = Library(sample_data)
    problem = next(p for p in library.problems if ENTRY in p.where)
    assert "git conflict markers (<<<<<<< at line 2)" in problem.message
    assert "not closed" in problem.message
    assert ENTRY not in library and library.conflicts() == []


def test_conflict_markers_in_a_version_file_are_named(sample_data):
    library = Library(sample_data)
    version = library.head(ENTRY)
    path = sample_data / "history" / ENTRY / f"{version}.json"
    text = path.read_text("utf-8")
    path.write_text(text.replace('  "by"', '<<<<<<< HEAD\n  "by": "x",\n=======\n  "by"', 1)
                    .replace('  "at"', '>>>>>>> theirs\n  "at"', 1))
    with pytest.raises(StretchkitError, match=r"git conflict markers .* written once"):
        Library(sample_data).versions(ENTRY)
    done = subprocess.run([STRETCHKIT, "history", ENTRY, "--data", str(sample_data)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert done.stderr.startswith(f"stretchkit: {path}: git conflict markers")


def test_conflict_markers_in_the_vocabulary_file_are_named(sample_data):
    path = sample_data / "vocabulary.json"
    path.write_text('{\n<<<<<<< HEAD\n  "mode": "extend"\n=======\n  "mode": "replace"\n'
                    '>>>>>>> theirs\n}\n', "utf-8")
    with pytest.raises(VocabularyError, match=r"vocabulary.json: git conflict markers"):
        Library(sample_data)
    done = subprocess.run([STRETCHKIT, "validate", "--data", str(sample_data)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and "Traceback" not in done.stderr
    assert "vocabulary.json: git conflict markers (<<<<<<< at line 2)" in done.stderr


def test_conflict_markers_in_a_published_file_are_named_and_it_is_not_live(sample_data):
    path = sample_data / "published" / "wall-calf-stretch.json"
    path.write_text(path.read_text("utf-8").replace('  "id"', '<<<<<<< HEAD\n  "id"', 1))
    library = Library(sample_data)
    assert "wall-calf-stretch" not in {e.id for e in library.published()}
    assert any(p.where == str(path) and "git conflict markers" in p.message
               for p in library.problems)
    done = subprocess.run([STRETCHKIT, "validate", "--data", str(sample_data)],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 1 and f"{path}: git conflict markers" in done.stdout
