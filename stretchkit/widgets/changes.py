"""Versions in words and HTML, for the panels that show them (the review desk's changes, the
authoring app's history): a field's name as a coach reads it, a version's time, and a
field-by-field diff with the removed and added lines marked. Every piece of entry text is
escaped here; the styles are `.sk-diff*` in `render/styles.py`.

No ipywidgets here: the sessions use it too.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from stretchkit.model.version import FieldChange, Version
from stretchkit.render.html import escape_html

#: Field names that read badly when only the underscores go.
_LABELS = {"faq": "FAQ", "id": "Id", "targets": "Body areas", "stop_signs": "Stop signs",
           "common_mistakes": "Common mistakes", "cues": "Cue checklist"}


def field_label(field: str) -> str:
    """'common_mistakes' -> 'Common mistakes' (plain text)."""
    return _LABELS.get(field, field.replace("_", " ").capitalize())


def fields_in_words(fields: Iterable[str]) -> str:
    """'Summary, Tips' (plain text); '' for none."""
    return ", ".join(field_label(f) for f in fields)


def version_time(at: datetime) -> str:
    """'2026-11-30 08:58 UTC' (plain text)."""
    return at.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def version_in_words(version: Version) -> str:
    """'2026-11-30 08:58 UTC by Ana' (plain text; a version made by a migration has no
    author)."""
    by = f" by {version.by}" if version.by else ""
    return f"{version_time(version.at)}{by}"


def changes_html(changes: list[FieldChange]) -> str:
    """The changes field by field: each field's name, its removed lines (class
    `sk-diff-del`, marked '−') and added lines (`sk-diff-add`, marked '+'), all escaped."""
    blocks = []
    for change in changes:
        lines = [f'<div class="sk-diff-line sk-diff-del"><span class="sk-diff-mark">−</span>'
                 f"{escape_html(text)}</div>" for text in change.removed]
        lines += [f'<div class="sk-diff-line sk-diff-add"><span class="sk-diff-mark">+</span>'
                  f"{escape_html(text)}</div>" for text in change.added]
        blocks.append(f'<div class="sk-diff-field" data-field="{escape_html(change.field)}">'
                      f'<div class="sk-diff-name">{escape_html(field_label(change.field))}'
                      f"</div>{''.join(lines)}</div>")
    return f'<div class="sk-diff">{"".join(blocks)}</div>'
