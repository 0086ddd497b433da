"""stretchkit: author, review, tag and export stretch and mobility content.

The names below are what a notebook or a script needs; everything else stays reachable from
its own subpackage (`stretchkit.model`, `.store`, `.formats`, `.transfer`, `.review`,
`.render`, `.widgets`). ARCHITECTURE.md maps them.
"""

from stretchkit.errors import (
    ConflictError,
    EntryError,
    NotFoundError,
    Problem,
    StretchkitError,
)
from stretchkit.formats.text import parse_text, render_text
from stretchkit.model import Cue, Dosage, Exercise, FaqItem, Vocabulary, new_draft, validate_entry
from stretchkit.render import render_html
from stretchkit.review import change_status, lint
from stretchkit.store import Library, find_data_folder
from stretchkit.transfer import export_library, import_files, preview_import

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
