"""stretchkit translate status | export | import | publish, and export --lang, as a team runs
them: exit codes, one line per problem, no tracebacks."""

from __future__ import annotations

import json
from pathlib import Path

import polib

from stretchkit.model.translation import fingerprint
from tests.cli.in_process import Ran, run_cli


def run(*args: str | Path, user: str = "Camille Rousseau") -> Ran:
    done = run_cli(*args, env={"STRETCHKIT_USER": user, "PATH": "/usr/bin"})
    assert "Traceback" not in done.stderr, done.stderr
    return done


def test_status_per_language_and_per_entry(sample_data):
    done = run("translate", "status", "--data", sample_data)
    assert done.returncode == 0, done.stderr
    assert done.stdout == ("fr (français (French)): 234 translated, 1 outdated, 1258 missing "
                           "items in 29 entries\n")
    done = run("translate", "status", "--entries", "--lang", "fr", "--data", sample_data)
    assert "  cat-cow: 10 translated, 1 outdated, 44 missing\n" in done.stdout


def test_status_of_an_unknown_language_is_a_usage_error_with_a_suggestion(sample_data):
    done = run("translate", "status", "--lang", "french", "--data", sample_data)
    assert done.returncode == 2
    assert done.stderr.startswith("stretchkit: error: language: 'french' is not a language "
                                  "of this library")
    assert "did you mean 'fr'?" in done.stderr


def test_a_library_without_languages_says_so(empty_data):
    (empty_data / "exercises").mkdir()
    done = run("translate", "status", "--data", empty_data)
    assert done.returncode == 0 and "no target languages" in done.stdout


def test_export_import_round_trip_and_dry_run(sample_data, tmp_path):
    po_path = tmp_path / "fr.po"
    done = run("translate", "export", "--lang", "fr", "--out", po_path, "--data", sample_data)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"wrote 1493 messages for fr to {po_path}\n"
    po = polib.pofile(str(po_path))
    ctx = f"couch-stretch|name|{fingerprint('Couch Stretch')}"
    next(e for e in po if e.msgctxt == ctx).msgstr = "Étirement du canapé"
    po.save(str(po_path))
    done = run("translate", "import", po_path, "--dry-run", "--data", sample_data)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[-2:] == [
        "would update couch-stretch",
        "dry run (fr): 1 item translated in 1 entry, 234 unchanged, 1257 left untranslated, "
        "1 fuzzy (skipped); nothing written"]
    assert not (sample_data / "translations" / "fr" / "couch-stretch.json").exists()
    done = run("translate", "import", po_path, "--data", sample_data)
    assert done.returncode == 0, done.stderr
    saved = json.loads((sample_data / "translations" / "fr" / "couch-stretch.json").read_text())
    assert saved["units"]["name"] == [{"source": "Couch Stretch",
                                       "text": "Étirement du canapé"}]
    assert saved["by"] == "Camille Rousseau"


def test_a_refused_import_prints_one_line_per_message_and_exits_1(sample_data, tmp_path):
    po_path = tmp_path / "fr.xlf"
    run("translate", "export", "--lang", "fr", "--out", po_path, "--data", sample_data)
    text = po_path.read_text("utf-8").replace(
        "<source>Couch Stretch</source>",
        "<source>Couch Stretch, edited elsewhere</source><target>Canapé</target>")
    po_path.write_text(text, encoding="utf-8")
    done = run("translate", "import", po_path, "--data", sample_data)
    assert done.returncode == 1
    lines = done.stderr.splitlines()
    assert lines[0].startswith(f"stretchkit: {po_path}: couch-stretch: name: name ")
    assert "the source text changed since the file was written" in lines[0]
    assert lines[1] == f"stretchkit: {po_path}: 1 message refused; nothing was imported"


def test_export_in_a_language_and_every_language(sample_data, tmp_path):
    done = run("export", "--format", "json", "--lang", "fr", "--out", tmp_path / "fr.json",
               "--data", sample_data)
    assert done.returncode == 0, done.stderr
    rows = {r["id"]: r for r in json.loads((tmp_path / "fr.json").read_text("utf-8"))}
    assert rows["inchworm"]["name"] == "Chenille" and rows["inchworm"]["fallback"] == []
    done = run("export", "--format", "csv", "--lang", "all", "--out", tmp_path / "csv",
               "--data", sample_data)
    assert done.returncode == 2
    assert "every language at once is for json and jsonl" in done.stderr


def test_publish_refuses_outdated_and_the_translators_own(sample_data):
    done = run("translate", "publish", "cat-cow", "--lang", "fr", "--data", sample_data,
               user="Dr. Kenji Morita")
    assert done.returncode == 1
    assert "not published: entry 'cat-cow' in 'fr': outdated since the source changed: " \
           "instructions (instruction 8)" in done.stdout
    done = run("translate", "publish", "inchworm", "--lang", "fr", "--data", sample_data)
    assert done.returncode == 1 and "made this translation" in done.stdout
    done = run("translate", "publish", "inchworm", "--lang", "fr", "--reviewer",
               "Dr. Kenji Morita", "--data", sample_data)
    assert done.returncode == 0 and done.stdout == "published inchworm in fr\n"


def test_validate_names_a_broken_translation_file(sample_data):
    assert run("validate", "--data", sample_data).returncode == 0
    broken = sample_data / "translations" / "fr" / "inchworm.json"
    broken.write_text(broken.read_text("utf-8").replace('"text": "Chenille"',
                                                        '"text": "deux\\nlignes"'), "utf-8")
    done = run("validate", "--data", sample_data)
    assert done.returncode == 1
    assert done.stdout.startswith(f"{broken}: units.name[0].text: expected one line")
