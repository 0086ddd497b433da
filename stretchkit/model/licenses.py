"""The licence vocabulary for media: which licences the kit knows, and what each asks of a
reuser (credit the author, share alike, no commercial use). Data in `licenses.json`, read once.

`unknown` is a licence id on purpose: an imported picture whose rights are unclear can be kept
and reviewed under it, and the content checks stop it from being approved until it is cleared.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any


@dataclass(frozen=True)
class License:
    id: str
    label: str
    url: str | None
    #: The author must be credited.
    attribution: bool
    share_alike: bool
    #: Commercial use is allowed.
    commercial: bool
    #: The rights are known: False only for `unknown`, which may not be approved.
    cleared: bool = True


@cache
def licenses() -> dict[str, License]:
    """The known licences by id, in the file's order."""
    raw = json.loads(resources.files(__package__).joinpath("licenses.json").read_text("utf-8"))
    return {item["id"]: License(**item) for item in raw["licenses"]}


def license_of(license_id: str | None) -> License | None:
    """The licence with this id, or None for no id or an id the kit does not know."""
    return licenses().get(license_id) if license_id else None


def credit(item: Any) -> str:
    """One line of credit for a media item (a `MediaItem`): 'Photo: Ana Lee, CC-BY-4.0
    (https://creativecommons.org/licenses/by/4.0/), from https://example.org/p'. Plain text:
    whoever shows it escapes it."""
    known = license_of(item.license)
    bits = [item.author or "author not given"]
    if known is not None:
        bits.append(f"{known.id} ({known.url})" if known.url else known.label)
    else:
        bits.append(f"licence {item.license!r} unknown to the kit" if item.license
                    else "no licence given")
    text = ", ".join(bits)
    if item.source_url:
        text += f", from {item.source_url}"
    return text
