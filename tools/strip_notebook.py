"""Notebooks without their outputs and run state, so a clone's `git status` stays clean.

Running a notebook fills in outputs, execution counts, widget state, the kernel's version and
per-cell view state (scrolled, collapsed, timings). None of it is content, and all of it
changes from one session to the next, so a coach's clone would show every notebook modified
after a first session. Two doors, one function (`strip_notebook`):

- `pre_save_hook`: JupyterLab started by `make lab` (and Voila by `make app`) saves notebooks
  through it, so the file written is the stored notebook byte for byte and git has nothing to
  report. The open notebook keeps its outputs in the browser; only the file is stripped.
- the git clean filter for `*.ipynb` (`.gitattributes`, registered by `make`): for notebooks
  saved by anything else (nbconvert --inplace, another editor), git diffs and commits them
  without outputs. (`git status` may still list such a file until `git add`: git takes a
  changed file size for a change without running the filter.)

What is kept: the notebook with

- code cells' outputs emptied and execution counts null, except in the cells nbval checks
  (marked `# NBVAL_CHECK_OUTPUT`, or tagged `nbval-check-output`): their outputs are the
  expected results `make test` compares with, the same on every run, and nbval wants a count
  beside them, so they get the count of a run from the top (the cell's number among the
  code cells) rather than whatever the session's was;
- cell metadata cut to what an author sets on purpose (`tags`, `editable`, `deletable`);
- notebook metadata cut to the kernel (`kernelspec`: name, language, display name) and the
  language's name (`language_info.name`);
- the JSON written the way nbformat and JupyterLab write it (sorted keys, one-space indent,
  UTF-8, trailing newline), so a notebook saved unchanged reads as unchanged.

Text that is not a notebook (a half-saved file, a merge conflict) goes through the filter
unchanged, so git never loses it.

Usage: `python3 tools/strip_notebook.py < in.ipynb > out.ipynb` (what git runs), or
`python3 tools/strip_notebook.py FILE...` to rewrite files in place. Standard library only:
git runs it with the system Python, before any venv exists.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

CELL_METADATA = ("tags", "editable", "deletable")
KERNELSPEC_KEYS = ("display_name", "language", "name")
# ipykernel names its kernel this way; a kernel started in a session renames the kernelspec
# to it, so a notebook saved by another machine's Jupyter would read as changed otherwise.
PYTHON3_DISPLAY_NAME = "Python 3 (ipykernel)"


def _lines(source: Any) -> Any:
    # nbformat stores text as a list of lines; a tool that wrote one string means the same
    return source.splitlines(keepends=True) if isinstance(source, str) else source


def _checks_output(cell: dict[str, Any]) -> bool:
    source = cell.get("source", "")
    text = source if isinstance(source, str) else "".join(source)
    return "NBVAL_CHECK_OUTPUT" in text or \
        "nbval-check-output" in (cell.get("metadata") or {}).get("tags", [])


def _with_count(output: Any, number: int) -> Any:
    # an execute_result carries the run's count too ("Out[7]")
    if isinstance(output, dict) and "execution_count" in output:
        return {**output, "execution_count": number}
    return output


def strip_notebook(notebook: dict[str, Any]) -> dict[str, Any]:
    """The notebook without outputs and run state (a new dict; the argument is unchanged)."""
    out = dict(notebook)
    metadata = notebook.get("metadata") or {}
    kept: dict[str, Any] = {}
    spec = metadata.get("kernelspec")
    if isinstance(spec, dict):
        kept["kernelspec"] = {k: spec[k] for k in KERNELSPEC_KEYS if k in spec}
        if spec.get("name") == "python3":
            kept["kernelspec"]["display_name"] = PYTHON3_DISPLAY_NAME
    info = metadata.get("language_info")
    if isinstance(info, dict) and "name" in info:
        kept["language_info"] = {"name": info["name"]}
    out["metadata"] = kept
    cells = []
    number = 0
    for cell in notebook.get("cells", []):
        cell = dict(cell)
        cell["metadata"] = {k: v for k, v in (cell.get("metadata") or {}).items()
                            if k in CELL_METADATA}
        if "source" in cell:
            cell["source"] = _lines(cell["source"])
        if cell.get("cell_type") == "code":
            number += 1
            outputs = cell.get("outputs", [])
            if _checks_output(cell) and outputs:
                cell["execution_count"] = number
                cell["outputs"] = [_with_count(o, number) for o in outputs]
            else:
                cell["execution_count"] = None
                cell["outputs"] = []
        cells.append(cell)
    out["cells"] = cells
    return out


def pre_save_hook(model: dict[str, Any], **_: Any) -> None:
    """Jupyter server's `ContentsManager.pre_save_hook`: a notebook is saved stripped."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        model["content"] = strip_notebook(model["content"])


def strip_text(text: str) -> str:
    """A notebook file's text, stripped; anything that is not a notebook, unchanged."""
    try:
        notebook = json.loads(text)
    except ValueError:
        return text
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        return text
    return json.dumps(strip_notebook(notebook), sort_keys=True, indent=1,
                      ensure_ascii=False) + "\n"


def main(argv: list[str]) -> int:
    if not argv:  # the git filter: stdin to stdout, bytes in UTF-8
        text = sys.stdin.buffer.read().decode("utf-8", errors="surrogateescape")
        sys.stdout.buffer.write(strip_text(text).encode("utf-8", errors="surrogateescape"))
        return 0
    for name in argv:
        path = Path(name)
        text = path.read_text(encoding="utf-8")
        stripped = strip_text(text)
        if stripped != text:
            path.write_text(stripped, encoding="utf-8")
            print(f"stripped {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
