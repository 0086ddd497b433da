"""`stretchkit export` and `stretchkit import` for datasets, run as a coach would run them."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest

from stretchkit import Exercise, Library
from stretchkit.formats.entry_file import dump_entry, entry_to_dict, load_entry
from tests.cli.in_process import Ran, run_cli
from tests.conftest import ROOT

FREE_DB = ROOT / "tests" / "fixtures" / "free-exercise-db.json"
FREE_DB_MAPPING = ROOT / "data" / "mappings" / "free-exercise-db.json"

#: Export the working copies (the default export is the published channel).
WORKING = ("--channel", "working")


def run(*args: str | Path, ok: bool | None = True) -> Ran:
    done = run_cli(*args)
    assert "Traceback" not in done.stderr, done.stderr
    if ok is True:
        assert done.returncode == 0, done.stderr
    return done


def _files(data: Path) -> dict[str, dict]:
    """Each entry file's data as today's model reads it (files written before a field was
    added read with its default)."""
    return {p.stem: entry_to_dict(load_entry(p.read_bytes()))
            for p in (data / "exercises").glob("*.json")}


def _exported_ids(fmt: str, out: Path) -> list[str]:
    if fmt == "csv":
        with open(out / "exercises.csv", newline="", encoding="utf-8-sig") as fh:
            return [row["id"] for row in csv.DictReader(fh)]
    if fmt == "json":
        return [item["id"] for item in json.loads(out.read_text(encoding="utf-8"))]
    return [json.loads(line)["id"] for line in out.read_text(encoding="utf-8").splitlines()]


def _out(tmp_path: Path, fmt: str, name: str = "out") -> Path:
    return tmp_path / (name if fmt == "csv" else f"{name}.{fmt}")


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_export_then_import_is_lossless(fmt, sample_data, tmp_path):
    out = _out(tmp_path, fmt)
    run("export", *WORKING, "--format", fmt, "--data", sample_data, "--out", out)
    back = tmp_path / "back"
    done = run("import", out, "--format", fmt, "--data", back)
    want = {k: v for k, v in _files(sample_data).items() if v["status"] != "archived"}
    assert _files(back) == want
    assert f": {len(want)} created, 0 updated," in done.stdout


@pytest.mark.parametrize("fmt", ["csv", "json", "jsonl"])
def test_filters_apply_to_every_format(fmt, sample_data, tmp_path):
    library = Library(sample_data)
    cases = {
        "default": ([], [e.id for e in library if e.status != "archived"]),
        "goals-all": (["--goal", "warm-up", "--goal", "pre-run", "--match", "all"],
                      [e.id for e in library.filter(goals=["warm-up", "pre-run"], match="all",
                                                    status=[s for s in
                                                            ("draft", "in-review",
                                                             "changes-requested", "approved",
                                                             "published")])]),
        "archived": (["--status", "archived"],
                     [e.id for e in library.filter(status="archived")]),
        "level-target": (["--level", "beginner", "--target", "hips", "--status", "published"],
                         [e.id for e in library.filter(level="beginner", target="hips",
                                                       status="published")]),
        "search": (["--search", "hip", "--status", "draft", "--status", "published"],
                   [e.id for e in library.filter(search="hip",
                                                 status=["draft", "published"])]),
    }
    assert cases["archived"][1], "the sample library should hold an archived entry"
    assert 0 < len(cases["goals-all"][1]) < len(cases["default"][1])
    for name, (options, want) in cases.items():
        out = _out(tmp_path, fmt, name)
        run("export", *WORKING, "--format", fmt, "--data", sample_data, "--out", out, *options)
        assert _exported_ids(fmt, out) == want, name


def test_dry_run_shows_what_would_happen_and_writes_nothing(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("name,instructions\nGood One,Sit tall|Breathe\n,Missing name|x\n"
                     "Another,Reach|Hold\n", encoding="utf-8")
    mapping = tmp_path / "sheet.map.json"
    mapping.write_text(json.dumps({"fields": {"name": "name", "instructions": {
        "from": "instructions", "split": "|"}}}), encoding="utf-8")
    data = tmp_path / "data"
    done = run("import", sheet, "--format", "csv", "--mapping", mapping, "--data", data,
               "--dry-run", ok=False)
    assert done.returncode == 1
    assert done.stdout.splitlines() == [
        "would create good-one", "would create another",
        f"would refuse: {sheet} row 3: name: required, but missing",
        "dry run: would create 2, update 0, leave 0 unchanged, skip 0, refuse 1; nothing written"]
    assert not data.exists()
    done = run("import", sheet, "--format", "csv", "--mapping", mapping, "--data", data,
               ok=False)
    assert done.returncode == 1
    assert done.stderr == f"stretchkit: {sheet} row 3: name: required, but missing\n"
    assert not list(data.glob("exercises/*.json"))


def test_existing_ids_are_refused_unless_told(sample_data, tmp_path):
    out = tmp_path / "all.json"
    run("export", *WORKING, "--format", "json", "--data", sample_data, "--out", out, "--status",
        "published")
    items = json.loads(out.read_text(encoding="utf-8"))
    items[0]["summary"] = "Changed in the export."
    out.write_text(json.dumps(items), encoding="utf-8")
    refused = run("import", out, "--format", "json", "--data", sample_data, ok=False)
    assert refused.returncode == 1
    assert f"{out} $[0]: id: '{items[0]['id']}' already exists in the library" in refused.stderr
    dry = run("import", out, "--format", "json", "--data", sample_data, "--dry-run",
              "--on-conflict", "update")
    assert f"would update {items[0]['id']}" in dry.stdout
    assert f"unchanged {items[1]['id']}" in dry.stdout
    assert Library(sample_data).get(items[0]["id"]).summary != "Changed in the export."
    skipped = run("import", out, "--format", "json", "--data", sample_data,
                  "--on-conflict", "skip")
    assert "1 skipped" in skipped.stdout
    run("import", out, "--format", "json", "--data", sample_data, "--on-conflict", "update")
    assert Library(sample_data).get(items[0]["id"]).summary == "Changed in the export."


def test_free_exercise_db_through_the_shipped_mapping(tmp_path):
    data = tmp_path / "fx"
    dry = run("import", FREE_DB, "--format", "json", "--mapping", FREE_DB_MAPPING,
              "--data", data, "--dry-run")
    assert "dry run: would create 123," in dry.stdout and not data.exists()
    run("import", FREE_DB, "--format", "json", "--mapping", FREE_DB_MAPPING, "--data", data)
    assert run("validate", "--data", data).stdout.startswith("123 entries valid")


def test_usage_and_encoding_messages(tmp_path):
    mapping = tmp_path / "m.json"
    mapping.write_text('{"fields": {"name": "Name"}}', encoding="utf-8")
    wrong = run("import", tmp_path, "--format", "text", "--mapping", mapping, "--data",
                tmp_path / "d", ok=False)
    assert wrong.returncode == 2
    assert wrong.stderr == ("stretchkit: error: --mapping reads csv, json, jsonl files; "
                            "got --format text\n")
    sheet = tmp_path / "latin.csv"
    sheet.write_bytes("Name\nÉtirement\n".encode("latin-1"))
    done = run("import", sheet, "--format", "csv", "--mapping", mapping, "--data",
               tmp_path / "d")
    assert f"stretchkit: note: {sheet}: not UTF-8" in done.stderr
    assert Library(tmp_path / "d").get("etirement").name == "Étirement"
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    done = run("import", bad, "--format", "json", "--data", tmp_path / "d", ok=False)
    assert done.returncode == 1 and "not valid JSON" in done.stderr


def test_progress_bar_only_on_long_jobs(tmp_path, sample_data):
    big = tmp_path / "big"
    (big / "exercises").mkdir(parents=True)
    for i in range(250):
        entry = Exercise(id=f"stretch-{i:03d}", name=f"Stretch {i}", instructions=["Hold"])
        (big / "exercises" / f"{entry.id}.json").write_bytes(dump_entry(entry))
    done = run("export", *WORKING, "--format", "jsonl", "--data", big,
               "--out", tmp_path / "big.jsonl")
    assert "exporting" in done.stderr and "250/250" in done.stderr
    done = run("import", tmp_path / "big.jsonl", "--format", "jsonl", "--data",
               tmp_path / "copy")
    assert "importing" in done.stderr and "250/250" in done.stderr
    small = run("export", *WORKING, "--format", "csv", "--data", sample_data,
                "--out", tmp_path / "s")
    assert small.stderr == ""


def test_progress_wrapper_sees_every_entry_and_stays_quiet_on_short_jobs(sample_data,
                                                                          tmp_path):
    import io

    from stretchkit import export_library
    from stretchkit.transfer.progress import progress_bar

    library = Library(sample_data)
    for fmt in ("csv", "json", "markdown"):
        seen: list[str] = []

        def record(entries, seen=seen):
            for entry in entries:
                seen.append(entry.id)
                yield entry

        export_library(library, fmt, _out(tmp_path, fmt, f"p-{fmt}"), progress=record,
                       channel="working")
        assert seen == [e.id for e in library if e.status != "archived"], fmt
    quiet, loud = io.StringIO(), io.StringIO()
    assert list(progress_bar("x", file=quiet, minimum=3)([1, 2])) == [1, 2]
    assert list(progress_bar("x", file=loud, minimum=3)([1, 2, 3])) == [1, 2, 3]
    assert quiet.getvalue() == "" and "3/3" in loud.getvalue()


def test_a_mapped_dry_run_lists_unread_columns_and_values_that_will_not_map(tmp_path):
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("title,steps,goal,difficulty_rating,coach_notes\n"
                     "Doorway Pec Opener,Stand in a doorway|Step through,warmup,3,ribs down\n"
                     "Seated Neck Tilt,Sit tall|Tilt the ear,neck-ish,1,\n"
                     "Neck Roll,Sit tall|Roll slowly,\"neck-ish,stiff\",1,\n", encoding="utf-8")
    mapping = tmp_path / "sheet.map.json"
    mapping.write_text(json.dumps({"fields": {
        "name": "title", "instructions": {"from": "steps", "split": "|"},
        "goals": {"from": "goal", "split": ","}}}), encoding="utf-8")
    done = run("import", sheet, "--format", "csv", "--mapping", mapping, "--data",
               tmp_path / "data", "--dry-run", ok=False)
    lines = done.stdout.splitlines()
    assert "columns no rule reads: difficulty_rating, coach_notes" in lines
    assert ("values that will not map: goals from goal: 'neck-ish' (2 records), 'stiff' "
            '(1 record); add them to its "map" (allowed: warm-up, cool-down, pre-squat, '
            "pre-lunge, pre-run, mobility, recovery, desk-break)") in lines
    assert lines[-1].startswith("dry run: would create 1,")
