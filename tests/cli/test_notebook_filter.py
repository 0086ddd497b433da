"""Notebooks and git: after running the notebooks, a clone's `git status` stays clean.

`tools/strip_notebook.py` strips a notebook; `make lab` starts JupyterLab with it as the save
hook, and `.gitattributes` with `make notebook-filter` make it git's clean filter for
`*.ipynb`. The end-to-end tests build a real repository from the project's own files, run
notebooks in a real kernel, save them with their outputs (through a real `make lab` server,
and as another tool would), and ask git.
"""

from __future__ import annotations

import copy
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

ROOT = Path(__file__).parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def _load_filter():
    spec = importlib.util.spec_from_file_location("strip_notebook",
                                                  ROOT / "tools" / "strip_notebook.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


strip = _load_filter()


def git(repo: Path, *args: str, cwd: Path | None = None) -> str:
    done = subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org",
                           *args], cwd=cwd or repo, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, f"git {' '.join(args)}: {done.stderr}"
    return done.stdout


def run_and_save(path: Path) -> None:
    """Run a notebook in a real kernel from its folder and save it with every output, the
    way JupyterLab saves after "Run all" (nbval runs the same way but writes nothing)."""
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    nbformat.write(notebook, path)


RUN_NOTEBOOK = {
    "nbformat": 4, "nbformat_minor": 5,
    "metadata": {
        "kernelspec": {"display_name": "Python 3", "language": "python", "name": "python3"},
        "language_info": {"name": "python", "version": "3.11.7", "mimetype": "text/x-python"},
        "widgets": {"application/vnd.jupyter.widget-state+json": {"state": {}}},
    },
    "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {"jupyter": {"source_hidden": True}},
         "source": ["# Title\n", "text"]},
        {"cell_type": "code", "id": "b", "execution_count": 7,
         "metadata": {"scrolled": True, "tags": ["keep-me"], "execution": {"iopub": "x"}},
         "source": "x = 1\nx",
         "outputs": [{"output_type": "execute_result", "execution_count": 7,
                      "data": {"text/plain": ["1"]}, "metadata": {}}]},
        {"cell_type": "code", "id": "c", "execution_count": 8, "metadata": {},
         "source": ["# NBVAL_CHECK_OUTPUT\n", "print('hi')"],
         "outputs": [{"output_type": "stream", "name": "stdout", "text": ["hi\n"]},
                     {"output_type": "execute_result", "execution_count": 8,
                      "data": {"text/plain": ["2"]}, "metadata": {}}]},
    ],
}


def test_the_filter_drops_outputs_and_run_state_and_keeps_content():
    before = copy.deepcopy(RUN_NOTEBOOK)
    out = strip.strip_notebook(RUN_NOTEBOOK)
    assert before == RUN_NOTEBOOK  # the argument is left alone
    assert out["metadata"] == {
        "kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                       "name": "python3"},
        "language_info": {"name": "python"}}
    markdown, code, checked = out["cells"]
    assert markdown == {"cell_type": "markdown", "id": "a", "metadata": {},
                        "source": ["# Title\n", "text"]}
    assert code == {"cell_type": "code", "id": "b", "execution_count": None,
                    "metadata": {"tags": ["keep-me"]}, "source": ["x = 1\n", "x"],
                    "outputs": []}
    # nbval compares this cell's outputs with a new run: they stay, with the count of a run
    # from the top (it is the second code cell) instead of the session's
    assert checked["execution_count"] == 2
    assert checked["outputs"] == [
        {"output_type": "stream", "name": "stdout", "text": ["hi\n"]},
        {"output_type": "execute_result", "execution_count": 2,
         "data": {"text/plain": ["2"]}, "metadata": {}}]


def test_the_filter_writes_as_nbformat_does_and_passes_anything_else_through():
    text = strip.strip_text(json.dumps(RUN_NOTEBOOK))
    assert text == nbformat.writes(nbformat.from_dict(strip.strip_notebook(RUN_NOTEBOOK))) + "\n"
    assert strip.strip_text(text) == text  # stripping twice changes nothing
    for other in ("", "{", '{"cells": [', "<<<<<<< HEAD\n", '{"not": "a notebook"}', "[1]"):
        assert strip.strip_text(other) == other


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_every_notebook_is_stored_as_the_filter_makes_it(path):
    # else git would show it modified as soon as the filter is on, before anyone ran it
    text = path.read_text(encoding="utf-8")
    assert strip.strip_text(text) == text, f"{path}: run python3 tools/strip_notebook.py {path}"


def make_clone(tmp_path: Path, monkeypatch) -> Path:
    """A git repository of the project's own notebook wiring, notebooks and sample data,
    committed as a coach's clone would be."""
    for name in ("JUPYTER_CONFIG_DIR", "JUPYTER_DATA_DIR", "JUPYTER_RUNTIME_DIR", "IPYTHONDIR"):
        (tmp_path / "jupyter" / name.lower()).mkdir(parents=True)
        monkeypatch.setenv(name, str(tmp_path / "jupyter" / name.lower()))
    monkeypatch.setenv("MPLBACKEND", "Agg")
    repo = tmp_path / "clone"
    repo.mkdir()
    for name in (".gitattributes", ".gitignore", "Makefile", "pyproject.toml"):
        shutil.copy2(ROOT / name, repo / name)
    for folder in ("tools", "notebooks", "data"):
        shutil.copytree(ROOT / folder, repo / folder,
                        ignore=shutil.ignore_patterns("__pycache__", ".ipynb_checkpoints"))
    git(repo, "init", "-q")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "the kit")
    return repo


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_saving_in_jupyterlab_leaves_the_clone_clean(tmp_path, monkeypatch):
    repo = make_clone(tmp_path, monkeypatch)
    port = free_port()
    log = tmp_path / "lab.out"
    # `make lab` as a coach runs it (the venv of this checkout, a port of our own). `-o`: the
    # venv counts as installed; else a pyproject.toml newer than its stamp would reinstall
    # this checkout's venv from the temporary clone, and break it when the clone goes.
    venv = ROOT / ".venv"
    with open(log, "w") as out:
        lab = subprocess.Popen(
            ["make", "-o", f"{venv}/.installed", "lab", f"VENV={venv}",
             f"LAB_ARGS=--no-browser --port={port} --ServerApp.port_retries=0"],
            cwd=repo, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        url = None
        for _ in range(240):
            found = re.search(rf"http://127\.0\.0\.1:{port}/\S*token=(\w+)",
                              log.read_text())
            if found:
                url = found
                break
            assert lab.poll() is None, log.read_text()
            time.sleep(0.5)
        assert url, log.read_text()
        token = url.group(1)
        # what JupyterLab's "Run all", then Save does: run in a kernel, PUT the notebook with
        # its outputs to the server's contents API
        notebook = nbformat.read(repo / "notebooks" / "review.ipynb", as_version=4)
        NotebookClient(notebook, timeout=120, kernel_name="python3",
                       resources={"metadata": {"path": str(repo / "notebooks")}}).execute()
        assert any(c.get("outputs") for c in notebook.cells if c.cell_type == "code")
        request = urllib.request.Request(
            f"http://127.0.0.1:{port}/api/contents/review.ipynb", method="PUT",
            data=json.dumps({"type": "notebook", "format": "json",
                             "content": notebook}).encode("utf-8"),
            headers={"Authorization": f"token {token}", "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as answer:
            assert answer.status == 200
    finally:
        os.killpg(lab.pid, signal.SIGTERM)
        lab.wait(timeout=60)
    saved = (repo / "notebooks" / "review.ipynb").read_bytes()
    assert saved == git_bytes(repo, "HEAD:notebooks/review.ipynb")  # written as stored
    assert git(repo, "status", "--porcelain") == ""  # checkpoints and the like are ignored


def git_bytes(repo: Path, ref: str) -> bytes:
    return subprocess.run(["git", "show", ref], cwd=repo, capture_output=True, check=True,
                          timeout=60).stdout


def test_git_stores_notebooks_saved_elsewhere_without_outputs(tmp_path, monkeypatch):
    repo = make_clone(tmp_path, monkeypatch)
    made = subprocess.run(["make", "-s", "notebook-filter"], cwd=repo, capture_output=True,
                          text=True, timeout=60)
    assert made.returncode == 0, made.stderr
    assert git(repo, "config", "filter.notebook.clean").strip() == \
        "python3 tools/strip_notebook.py"
    # a notebook run and saved by another tool (nbconvert --inplace does this)
    run_and_save(repo / "notebooks" / "author.ipynb")
    saved = json.loads((repo / "notebooks" / "author.ipynb").read_text(encoding="utf-8"))
    [app_cell] = [c for c in saved["cells"] if c["cell_type"] == "code"]
    assert app_cell["outputs"] and app_cell["execution_count"] == 1
    assert git(repo, "diff") == ""  # git compares it stripped
    assert git(repo, "diff", cwd=repo / "notebooks") == ""  # from a subfolder too
    git(repo, "add", "-A")
    assert git(repo, "diff", "--cached", "--stat") == ""  # nothing to commit
    assert git(repo, "status", "--porcelain") == ""
    # the file itself keeps its outputs: only git's copy is stripped
    assert json.loads((repo / "notebooks" / "author.ipynb").read_text(encoding="utf-8")) \
        == saved
    # a second `make` leaves the config alone, quietly
    again = subprocess.run(["make", "-s", "notebook-filter"], cwd=repo, capture_output=True,
                           text=True, timeout=60)
    assert again.returncode == 0 and again.stdout == ""
