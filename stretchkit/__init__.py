"""stretchkit: author, review, tag and export stretch and mobility content.

The names below are what a notebook or a script needs; everything else stays reachable from
its own subpackage (`stretchkit.model`, `.store`, `.formats`, `.transfer`, `.review`,
`.render`, `.widgets`). ARCHITECTURE.md maps them.

The names are loaded on first use (PEP 562): `import stretchkit.cli` runs this file too, and
importing every capability up front (HTML sanitising, tables, progress bars) made each
command pay for all of them before doing anything.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # what type checkers and editors see; at run time, __getattr__ below
    from stretchkit.errors import (
        ConflictError,
        EntryError,
        NotFoundError,
        Problem,
        StretchkitError,
    )
    from stretchkit.formats.text import parse_text, render_text
    from stretchkit.model import (
        Cue,
        Dosage,
        Exercise,
        FaqItem,
        Vocabulary,
        dosage_for,
        new_draft,
        validate_entry,
    )
    from stretchkit.render import render_html
    from stretchkit.review import change_status, lint
    from stretchkit.store import Library, find_data_folder
    from stretchkit.transfer import export_library, import_files, preview_import

#: Public name -> the module that defines it.
_HOMES = {
    "ConflictError": "stretchkit.errors",
    "EntryError": "stretchkit.errors",
    "NotFoundError": "stretchkit.errors",
    "Problem": "stretchkit.errors",
    "StretchkitError": "stretchkit.errors",
    "parse_text": "stretchkit.formats.text",
    "render_text": "stretchkit.formats.text",
    "Cue": "stretchkit.model",
    "Dosage": "stretchkit.model",
    "Exercise": "stretchkit.model",
    "FaqItem": "stretchkit.model",
    "Vocabulary": "stretchkit.model",
    "dosage_for": "stretchkit.model",
    "new_draft": "stretchkit.model",
    "validate_entry": "stretchkit.model",
    "render_html": "stretchkit.render",
    "change_status": "stretchkit.review",
    "lint": "stretchkit.review",
    "Library": "stretchkit.store",
    "find_data_folder": "stretchkit.store",
    "export_library": "stretchkit.transfer",
    "import_files": "stretchkit.transfer",
    "preview_import": "stretchkit.transfer",
}

__all__ = [
    "ConflictError",
    "Cue",
    "Dosage",
    "EntryError",
    "Exercise",
    "FaqItem",
    "Library",
    "NotFoundError",
    "Problem",
    "StretchkitError",
    "Vocabulary",
    "change_status",
    "dosage_for",
    "export_library",
    "find_data_folder",
    "import_files",
    "lint",
    "new_draft",
    "parse_text",
    "preview_import",
    "render_html",
    "render_text",
    "validate_entry",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module 'stretchkit' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # once loaded, an ordinary attribute
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
