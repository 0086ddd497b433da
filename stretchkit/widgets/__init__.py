"""The Jupyter widgets of stretchkit: the only package that imports ipywidgets.

Names load on first use, so one tool's widgets do not import another's, and a module added to
this package needs one line in `_EXPORTS` below.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

#: Public name -> the module (in this package) that defines it.
_EXPORTS = {
    "AuthoringApp": "authoring.app",
    "AuthoringSession": "authoring.session",
    "ConflictPanel": "conflicts.panel",
    "ConflictSession": "conflicts.session",
    "EntryForm": "authoring.editor",
    "ExportPanel": "export.panel",
    "ExportSession": "export.session",
    "LibraryBrowser": "authoring.browser",
    "Preview": "authoring.preview",
    "ReviewPanel": "review.panel",
    "ReviewSession": "review.session",
    "RoutinePanel": "routines.panel",
    "RoutineSession": "routines.session",
    "cue_cards_link": "review.panel",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_EXPORTS))
