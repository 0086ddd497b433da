"""stretchkit: author, review, tag and export stretch and mobility content."""

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
from .render import render_html
from .transfer import export_library, import_files, read_entries
from .vocabulary import Term, Vocabulary

__all__ = [
    "PHASES",
    "STATUSES",
    "ConflictError",
    "Cue",
    "Dosage",
    "EntryError",
    "Exercise",
    "FaqItem",
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
    "apply_import",
    "dump_entry",
    "export_library",
    "find_data_folder",
    "import_files",
    "load_entry",
    "load_vocabulary",
    "new_draft",
    "parse_text",
    "plan_import",
    "read_entries",
    "render_html",
    "render_markdown",
    "render_text",
    "slugify",
    "validate_entry",
]
