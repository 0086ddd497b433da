"""A data folder's settings: `<data>/stretchkit.json`, all optional.

    {"allow_self_approval": false}

`allow_self_approval` lets one person write, approve and publish the same entry (a one-person
team); by default a reviewer may not approve content they changed since it was last published.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from stretchkit.errors import StretchkitError

SETTINGS_FILE = "stretchkit.json"


class Settings(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    allow_self_approval: bool = False


def load_settings(root: str | os.PathLike[str]) -> Settings:
    """The folder's settings, or the defaults when it has no settings file."""
    path = Path(root) / SETTINGS_FILE
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise StretchkitError(f"{path}: cannot read the settings: {exc}") from None
    try:
        return Settings.model_validate(data)
    except ValidationError as exc:
        first = exc.errors(include_url=False)[0]
        field = ".".join(map(str, first["loc"])) or "settings"
        message = ("unknown setting (allowed: " + ", ".join(Settings.model_fields) + ")"
                   if first["type"] == "extra_forbidden" else first["msg"])
        raise StretchkitError(f"{path}: {field}: {message}, got {first.get('input')!r}"
                              ) from None
