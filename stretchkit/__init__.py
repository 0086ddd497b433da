"""stretchkit: author, review, tag and export stretch and mobility content."""

import importlib
from typing import Any

from .cards import cue_card_html
from .checks import RULES, Finding, lint
from .errors import (
    ConflictError,
    EntryError,
    NotFoundError,
    Problem,
    StretchkitError,
    VocabularyError,
)
from .formats.entry_file import dump_entry, load_entry
from .formats.markdown import render_markdown
from .formats.text import parse_text, render_text
from .importing import ImportPlan, apply_import, plan_import
from .library import Library, find_data_folder, load_vocabulary
from .mapping import load_mapping, read_mapped
from .model import (
    PHASES,
    STATUSES,
    Cue,
    Dosage,
    Exercise,
    FaqItem,
    Review,
    Source,
    new_draft,
    slugify,
    validate_entry,
)
from .progress import progress_bar
from .render import render_html
from .schema import exercise_json_schema
from .transfer import export_library, import_files, preview_import, read_entries
from .vocabulary import Term, Vocabulary
from .workflow import TRANSITIONS, ApprovalRefused, WorkflowError, change_status

__all__ = [
    "PHASES",
    "RULES",
    "STATUSES",
    "TRANSITIONS",
    "ApprovalRefused",
    "ConflictError",
    "Cue",
    "Dosage",
    "EntryError",
    "Exercise",
    "FaqItem",
    "Finding",
    "ImportPlan",
    "Library",
    "NotFoundError",
    "Problem",
    "Review",
    "Source",
    "StretchkitError",
    "Term",
    "Vocabulary",
    "VocabularyError",
    "WorkflowError",
    "apply_import",
    "change_status",
    "cue_card_html",
    "dump_entry",
    "entries_from_tables",
    "entries_from_wide",
    "exercise_json_schema",
    "export_library",
    "find_data_folder",
    "import_files",
    "lint",
    "load_entry",
    "load_mapping",
    "load_vocabulary",
    "new_draft",
    "parse_text",
    "plan_import",
    "preview_import",
    "progress_bar",
    "read_entries",
    "read_mapped",
    "render_html",
    "render_markdown",
    "render_text",
    "slugify",
    "tidy_tables",
    "validate_entry",
    "wide_table",
]

#: Names whose modules load pandas: imported on first use, so the command line starts fast.
_LAZY = {"wide_table": "tables", "tidy_tables": "tables", "entries_from_wide": "tables",
         "entries_from_tables": "tables"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(importlib.import_module(f".{_LAZY[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
