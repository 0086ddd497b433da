"""What a command loads: only what it needs. Speed itself is measured in `make bench`
(benchmarks/cli.py), never here; these tests pin down the module graph that makes it fast,
in fresh interpreters (a test process has imported everything long before)."""

from __future__ import annotations

import argparse
import gc
import json
import subprocess
import sys
from pathlib import Path

import pytest

import stretchkit
from stretchkit.cli import COMMANDS, build_parser
from tests.cli.in_process import run_cli

#: Never needed to list, validate or create entries.
HEAVY = ("pandas", "ipywidgets", "matplotlib", "IPython", "tqdm", "nh3", "jsonschema",
         "stretchkit.widgets", "stretchkit.render", "stretchkit.review", "stretchkit.transfer",
         "stretchkit.formats.text", "stretchkit.formats.tables", "stretchkit.formats.csv_package")


def loaded_after(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    done = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys, json\n"
                               "print(json.dumps(sorted(sys.modules)), file=sys.stderr)"],
        capture_output=True, text=True, timeout=60, check=True)
    return set(json.loads(done.stderr.splitlines()[-1]))


def test_importing_the_package_loads_none_of_its_parts():
    loaded = loaded_after("import stretchkit")
    assert sorted(m for m in loaded if m.startswith("stretchkit")) == ["stretchkit"]


def test_the_public_face_is_whole_and_resolves_on_first_use():
    assert len(stretchkit.__all__) == len(set(stretchkit.__all__))
    for name in stretchkit.__all__:
        assert getattr(stretchkit, name) is not None
        assert name in dir(stretchkit)
    names = loaded_after("from stretchkit import *\nassert Library and render_html and lint")
    assert "stretchkit.render" in names
    try:
        stretchkit.no_such_name  # noqa: B018
    except AttributeError as exc:
        assert "no_such_name" in str(exc)
    else:
        raise AssertionError("an unknown name resolved")


def test_importing_the_command_line_loads_no_model_and_nothing_heavy():
    loaded = loaded_after("import stretchkit.cli")
    assert not loaded & {*HEAVY, "pydantic", "stretchkit.model", "stretchkit.store"}


def test_listing_loads_only_the_model_and_the_store(sample_data: Path):
    loaded = loaded_after(
        "import contextlib, io\nfrom stretchkit.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['list', '--data', {str(sample_data)!r}]) == 0")
    assert {"stretchkit.model.entry", "stretchkit.store.library"} <= loaded
    assert sorted(loaded & set(HEAVY)) == []


def commands_of(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    [commands] = [a for a in parser._actions if a.dest == "command"]
    return dict(commands.choices)


def test_the_command_table_names_the_module_of_every_command():
    registered = {name: sub.get_default("handler").__module__
                  for name, sub in commands_of(build_parser()).items()}
    assert registered == {name: f"stretchkit.cli.{module}" for name, module in COMMANDS.items()}
    for name in COMMANDS:  # and each one's parser is there with its own module alone
        assert name in commands_of(build_parser(name))


@pytest.mark.parametrize(("fmt", "name"), [("json", "out.json"), ("jsonl", "out.jsonl"),
                                           ("text", "text"), ("markdown", "markdown")])
def test_an_export_that_makes_no_table_loads_no_pandas(sample_data: Path, tmp_path: Path,
                                                       fmt: str, name: str):
    out = tmp_path / name
    loaded = loaded_after(
        "import contextlib, io\nfrom stretchkit.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['export', '--format', {fmt!r}, '--data', {str(sample_data)!r}, "
        f"'--out', {str(out)!r}]) == 0")
    assert out.exists()
    assert "stretchkit.transfer.exchange" in loaded and "pandas" not in loaded


def test_a_csv_export_loads_pandas_for_its_tables(sample_data: Path, tmp_path: Path):
    loaded = loaded_after(
        "import contextlib, io\nfrom stretchkit.cli import main\n"
        f"with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    assert main(['export', '--format', 'csv', '--data', {str(sample_data)!r}, "
        f"'--out', {str(tmp_path / 'csv')!r}]) == 0")
    assert "pandas" in loaded


def test_the_program_keeps_the_library_it_loaded_out_of_later_collections(sample_data: Path):
    # The `stretchkit` program (main() given no arguments) freezes what it loaded ...
    code = ("import contextlib, gc, io, sys\nfrom stretchkit.cli import main\n"
            f"sys.argv = ['stretchkit', 'list', '--data', {str(sample_data)!r}]\n"
            "before = gc.get_freeze_count()\n"
            "with contextlib.redirect_stdout(io.StringIO()):\n    assert main() == 0\n"
            "print(before, gc.get_freeze_count())")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=True)
    before, after = map(int, done.stdout.split())
    assert before == 0 and after > 0
    # ... but a command run in its caller's process (a test, a notebook) leaves that
    # process's collector as it was.
    before = gc.get_freeze_count()
    assert run_cli("list", "--data", sample_data).returncode == 0
    assert gc.get_freeze_count() == before
