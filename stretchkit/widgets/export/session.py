"""The export session in plain Python: the channel (the published versions readers have, or
the working copies), the filters, the format and the folder of an export, and what the last
one wrote. No widgets here.

It exports through `export_library`, exactly as `stretchkit export` does.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from stretchkit.errors import StretchkitError
from stretchkit.model.entry import ACTIVE_STATUSES, Exercise
from stretchkit.store.library import Library
from stretchkit.transfer.exchange import (
    default_export_folder,
    export_library,
    new_export_path,
)
from stretchkit.widgets.base import Session

#: The formats the panel offers: label -> format name.
FORMATS = {"CSV tables": "csv", "JSON": "json", "JSON Lines": "jsonl"}
#: The channels the panel offers: label -> channel (`Library.filter`'s).
CHANNELS = {"Published (what readers see)": "published", "Working copies": "working"}
ANY = ""
_CHOICES = ("channel", "goals", "match", "status", "level", "target", "search", "format")


class ExportSession(Session):
    """The choices of an export: filters, format and folder, and the last result.
    Listeners hear 'filters', 'format' or 'export'."""

    def __init__(self, library: Library, out_folder: str | os.PathLike[str] | None = None):
        super().__init__()
        self.library = library
        self.out_folder = Path(out_folder) if out_folder else default_export_folder(library)
        self.channel = "published"
        self.goals: tuple[str, ...] = ()
        self.match = "any"
        self.status: tuple[str, ...] = ACTIVE_STATUSES  # for working copies only
        self.level = ANY
        self.target = ANY
        self.search = ""
        self.format = "csv"
        self.written: list[Path] = []

    def set(self, **choices: Any) -> None:
        """Change filters or the format, e.g. `set(goals=("warm-up",), level="beginner")`."""
        for name, value in choices.items():
            if name not in _CHOICES:
                raise ValueError(f"unknown export choice {name!r} (expected one of "
                                 f"{', '.join(_CHOICES)})")
            if name == "channel" and value not in CHANNELS.values():
                raise ValueError(f"channel: expected one of {', '.join(CHANNELS.values())}, "
                                 f"got {value!r}")
            setattr(self, name, tuple(value) if name in ("goals", "status") else value)
        self._notify("format" if set(choices) == {"format"} else "filters")

    @property
    def uses_status(self) -> bool:
        """Whether the status filter applies: published versions are all published."""
        return self.channel == "working"

    def filters(self) -> dict[str, Any]:
        """The filters as `export_library` and `Library.filter` take them."""
        return {"channel": self.channel, "goals": list(self.goals) or None,
                "match": self.match,
                "status": list(self.status) if self.uses_status else None,
                "level": self.level or None, "target": self.target or None,
                "search": self.search or None}

    def entries(self) -> list[Exercise]:
        return self.library.filter(**self.filters())

    def total(self) -> int:
        """How many entries the channel holds, before the filters."""
        return len(self.library) if self.channel == "working" else \
            len(self.library.filter(channel="published"))

    def export(self) -> list[Path]:
        """Export the chosen entries into a new file or folder in `out_folder`, and return
        the files written. An export the library or the disk refuses writes nothing and says
        why in `message` ("warn")."""
        self.written = []
        try:
            entries = self.entries()
            if not entries:
                raise StretchkitError("no entries match these filters: nothing to export")
            self.out_folder.mkdir(parents=True, exist_ok=True)
            out = new_export_path(self.out_folder, self.format)
            self.written = export_library(self.library, self.format, out, entries=entries)
        except StretchkitError as exc:
            self.say(str(exc), "warn", "export")
        except OSError as exc:
            self.say(f"{exc.filename or self.out_folder}: {exc.strerror or exc}", "warn",
                     "export")
        else:
            what = "published entries" if self.channel == "published" else "working copies"
            self.say(f"Exported {len(entries)} {what} to {out}", "ok", "export")
        return self.written
