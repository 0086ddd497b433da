"""`stretchkit lint` and `stretchkit status` from the command line."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from stretchkit.cli import main
from stretchkit.review.workflow import MANUAL_ITEMS
from tests.cli.in_process import Ran, run_cli

LINE = re.compile(r"^(?P<path>\S+\.json): (?P<rule>[a-z-]+): (?P<field>[^:]+): (?P<msg>.+)$")


def run(*args: str, env: dict[str, str] | None = None) -> Ran:
    return run_cli(*args, env=env)


def edit(data: Path, entry_id: str, **changes) -> Path:
    path = data / "exercises" / f"{entry_id}.json"
    entry = json.loads(path.read_text(encoding="utf-8"))
    entry.update(changes)
    path.write_text(json.dumps(entry, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def sample_data(sample_data: Path) -> Path:
    """The sample copy with the two entries these tests move in a known status."""
    edit(sample_data, "cat-cow", status="in-review")
    edit(sample_data, "deep-squat-hold", status="draft")
    return sample_data


def test_lint_sample_library_is_clean(sample_data: Path):
    result = run("lint", "--data", str(sample_data))
    assert result.returncode == 0, result.stdout
    n = len(list((sample_data / "exercises").glob("*.json")))
    assert f"{n} entries checked: 0 errors, " in result.stderr


def test_lint_prints_every_finding_and_fails_on_errors(sample_data: Path):
    path = edit(sample_data, "cat-cow", cues=[], stop_signs=[], instructions=["Kneel down."])
    result = run("lint", "--data", str(sample_data), "cat-cow")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    parsed = [LINE.match(line) for line in lines]
    assert all(parsed), lines
    assert {m["path"] for m in parsed} == {str(path)}
    found = {(m["rule"], m["field"]) for m in parsed}
    assert {("instructions-count", "instructions"), ("cue-phases", "cues"),
            ("key-cue", "cues"), ("stop-signs", "stop_signs")} <= found
    assert "Traceback" not in result.stderr
    assert "1 entry checked: 6 errors, " in result.stderr


def test_lint_warnings_are_printed_but_do_not_fail(sample_data: Path, capsys):
    edit(sample_data, "cat-cow", tips=[])
    assert main(["lint", "--data", str(sample_data), "cat-cow"]) == 0
    out = capsys.readouterr().out
    assert out.endswith("cat-cow.json: tips-present: tips: expected at least one tip, got none\n")


def test_lint_checks_only_the_ids_given(sample_data: Path, capsys):
    edit(sample_data, "cat-cow", stop_signs=[])
    assert main(["lint", "--data", str(sample_data), "wall-calf-stretch"]) == 0
    assert "1 entry checked: 0 errors, 0 warnings" in capsys.readouterr().err
    assert main(["lint", "--data", str(sample_data), "cat-cow", "wall-calf-stretch"]) == 1
    assert "cat-cow.json: stop-signs:" in capsys.readouterr().out


def test_lint_unknown_id_and_broken_file(sample_data: Path, capsys):
    assert main(["lint", "--data", str(sample_data), "cat-co"]) == 1
    assert "no entry 'cat-co'" in capsys.readouterr().err
    (sample_data / "exercises" / "broken.json").write_text('{"id": "broken"}')
    assert main(["lint", "--data", str(sample_data)]) == 1
    out = capsys.readouterr().out
    assert re.search(r"broken\.json: entry-file: name: required, but missing", out)


def test_status_refuses_draft_to_published(sample_data: Path):
    path = sample_data / "exercises" / "deep-squat-hold.json"
    before = path.read_bytes()
    result = run("status", "deep-squat-hold", "published", "--data", str(sample_data),
                 "--reviewer", "Dana")
    assert result.returncode == 1
    assert result.stderr.strip() == (
        "stretchkit: entry 'deep-squat-hold': status: cannot go from 'draft' to 'published'; "
        "from 'draft' it may go to 'in-review'")
    assert path.read_bytes() == before


def test_status_submit_then_approve_with_ticks(sample_data: Path, monkeypatch, capsys):
    data = str(sample_data)
    monkeypatch.setenv("STRETCHKIT_USER", "Ana Author")
    assert main(["status", "deep-squat-hold", "in-review", "--data", data]) == 0
    assert capsys.readouterr().out == "deep-squat-hold: draft -> in-review (by Ana Author)\n"
    assert main(["status", "deep-squat-hold", "approved", "--data", data, "--reviewer",
                 "Dana Coach", "--comment", "Good cues.", "--tick", "all"]) == 0
    stored = json.loads((sample_data / "exercises" / "deep-squat-hold.json").read_text())
    review = stored["reviews"][-1]
    assert stored["status"] == "approved"
    assert (review["reviewer"], review["decision"], review["comment"]) == (
        "Dana Coach", "approved", "Good cues.")
    assert all(review["checklist"][item] for item in MANUAL_ITEMS)


def test_status_reviewer_from_environment(sample_data: Path, monkeypatch, capsys):
    monkeypatch.setenv("STRETCHKIT_REVIEWER", "Env Reviewer")
    assert main(["status", "cat-cow", "approved", "--data", str(sample_data),
                 "--tick", "all"]) == 0
    assert "(by Env Reviewer)" in capsys.readouterr().out
    review = json.loads((sample_data / "exercises" / "cat-cow.json").read_text())["reviews"][-1]
    assert review["reviewer"] == "Env Reviewer"


def test_status_refuses_approval_of_entry_with_errors(sample_data: Path, capsys):
    path = edit(sample_data, "cat-cow", stop_signs=[])
    before = path.read_bytes()
    assert main(["status", "cat-cow", "approved", "--data", str(sample_data),
                 "--reviewer", "Dana"]) == 1
    err = capsys.readouterr().err
    assert "cannot move to 'approved' while the content checks find 1 error(s)" in err
    assert "stop-signs: stop_signs:" in err and "Traceback" not in err
    assert path.read_bytes() == before


@pytest.mark.parametrize("args, code, message", [
    (["cat-cow", "changes-requested", "--reviewer", "Dana"], 1, "needs a comment"),
    (["cat-cow", "approved", "--reviewer", " ", "--tick", "all"], 1,
     "needs the reviewer's name"),
    (["cat-cow", "approved", "--reviewer", "D", "--tick", "anatomy"], 2,
     "--tick: unknown item 'anatomy'"),
    (["cat-cow", "finished"], 2, "invalid choice: 'finished'"),
])
def test_status_usage_and_workflow_errors(sample_data: Path, monkeypatch, capsys, args, code,
                                          message):
    monkeypatch.delenv("STRETCHKIT_REVIEWER", raising=False)
    if code == 2 and "finished" in args:
        with pytest.raises(SystemExit) as caught:
            main(["status", *args, "--data", str(sample_data)])
        assert caught.value.code == 2
    else:
        assert main(["status", *args, "--data", str(sample_data)]) == code
    assert message in capsys.readouterr().err
    stored = json.loads((sample_data / "exercises" / "cat-cow.json").read_text())
    assert stored["status"] == "in-review"


def test_status_usage_shows_the_tick_option_as_the_contract_does():
    result = run("status", "--help")
    assert result.returncode == 0
    usage = " ".join(result.stdout.split("\n\n")[0].split())  # however argparse wraps it
    assert usage.startswith("usage: stretchkit status ")
    for part in ("ID NEW_STATUS", "[--data DIR]", "[--reviewer NAME]", "[--comment TEXT]",
                 "[--tick ITEM|all]"):
        assert part in usage, usage
