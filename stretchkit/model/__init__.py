"""The model: what an entry is, and the vocabulary its tags come from. Pure data: no files,
no widgets, no tables."""

from stretchkit.model.entry import (
    ACTIVE_STATUSES,
    NONE_KNOWN,
    PHASES,
    STATUSES,
    TEXT_LIST_FIELDS,
    Cue,
    Dosage,
    Exercise,
    FaqItem,
    MediaItem,
    Precaution,
    Review,
    Source,
    dosage_for,
    new_draft,
    slugify,
    validate_entry,
)
from stretchkit.model.licenses import License, license_of, licenses
from stretchkit.model.vocabulary import Term, Vocabulary

__all__ = [
    "ACTIVE_STATUSES",
    "NONE_KNOWN",
    "PHASES",
    "STATUSES",
    "TEXT_LIST_FIELDS",
    "Cue",
    "Dosage",
    "Exercise",
    "FaqItem",
    "License",
    "MediaItem",
    "Precaution",
    "Review",
    "Source",
    "Term",
    "Vocabulary",
    "dosage_for",
    "license_of",
    "licenses",
    "new_draft",
    "slugify",
    "validate_entry",
]
