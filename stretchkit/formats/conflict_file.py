"""An entry file a merge left in conflict, as a pure pair of functions.

`dump_conflicted` writes the entry file's own layout (`entry_file.dump_entry_data`) with each
conflicting field in git's three-part markers, one block per field:

    <<<<<<< ours
      "name": "Name Chosen On Machine A",
    ||||||| base
      "name": "Hip Opener",
    =======
      "name": "Name Chosen On Machine B",
    >>>>>>> theirs

Markers are what git and every git tool show for a conflict, and they make the file invalid
JSON on purpose: nothing (the kit, an app reading the folder, `json.loads`) can read it as if
it were fine. `read_conflicted` reads any such file back, also one git's own line merge left
(markers anywhere, with or without the base part): each side's lines make that side's JSON,
and the fields whose values differ between the sides are the conflict.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from stretchkit.errors import UnreadableConflict
from stretchkit.model.merge import FieldConflict, field_order

MARKER_SIZE = 7
#: A line git writes around a conflict: <<<<<<< / ||||||| / ======= / >>>>>>>, then a label.
_MARKER = re.compile(r"^(<{7,}|\|{7,}|={7,}|>{7,})(?: .*)?$")
_MARKER_BYTES = re.compile(rb"^(?:<{7,}|={7,}|>{7,})(?: |$)", re.MULTILINE)


def has_markers(data: bytes | str) -> bool:
    """Whether a file holds git conflict markers (lines starting <<<<<<<, =======, >>>>>>>)."""
    if isinstance(data, str):
        data = data.encode("utf-8", "replace")
    return bool(_MARKER_BYTES.search(data))


def marker_lines(data: bytes | str) -> list[int]:
    """The 1-based numbers of the lines that open a conflict (<<<<<<<)."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    return [n for n, line in enumerate(text.splitlines(), 1) if line.startswith("<" * 7)]


def _field_lines(name: str, value: Any) -> list[str]:
    """A field's lines exactly as the entry file writes them (2-space indent, no comma)."""
    return json.dumps({name: value}, indent=2, ensure_ascii=False).split("\n")[1:-1]


def dump_conflicted(data: Mapping[str, Any], conflicts: tuple[FieldConflict, ...] | list,
                    marker_size: int = MARKER_SIZE) -> bytes:
    """The bytes of an entry file with a conflict block for each field in `conflicts` (the
    other fields as `data` holds them). Without conflicts: the entry file's own bytes."""
    by_field = {c.field: c for c in conflicts}
    names = [n for n in field_order(data, *({c.field: None} for c in conflicts))
             if n in data or n in by_field]
    lines = ["{"]
    for i, name in enumerate(names):
        comma = "," if i < len(names) - 1 else ""
        conflict = by_field.get(name)
        if conflict is None:
            field_text = _field_lines(name, data[name])
            lines += [*field_text[:-1], field_text[-1] + comma]
            continue
        lines.append("<" * marker_size + " ours")
        lines += _with_comma(_field_lines(name, conflict.ours), comma)
        lines.append("|" * marker_size + " base")
        if conflict.base is not None:
            lines += _with_comma(_field_lines(name, conflict.base), comma)
        lines.append("=" * marker_size)
        lines += _with_comma(_field_lines(name, conflict.theirs), comma)
        lines.append(">" * marker_size + " theirs")
    lines.append("}")
    return ("\n".join(lines) + "\n").encode("utf-8")


def _with_comma(lines: list[str], comma: str) -> list[str]:
    return [*lines[:-1], lines[-1] + comma]


@dataclass(frozen=True)
class ConflictedEntry:
    """What a conflicted entry file holds: each side as entry data (`base` when the file has
    the base part), the fields whose values differ, and where each conflict starts."""

    where: str
    ours: dict[str, Any]
    theirs: dict[str, Any]
    base: dict[str, Any] | None
    fields: tuple[str, ...]
    lines: tuple[int, ...]

    @property
    def entry_id(self) -> str:
        return str(self.ours.get("id") or self.theirs.get("id") or "")

    def conflicts(self) -> tuple[FieldConflict, ...]:
        base = self.base or {}
        return tuple(FieldConflict(f, base.get(f), self.ours.get(f), self.theirs.get(f))
                     for f in self.fields)


def read_conflicted(data: bytes | str, where: str = "entry") -> ConflictedEntry:
    """Read a file with conflict markers into its sides; UnreadableConflict if a side is not
    a JSON object or the markers do not pair up."""
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    sides: dict[str, list[str]] = {"ours": [], "base": [], "theirs": []}
    state = None  # None outside a block, else the side being read
    has_base = False
    opened = 0
    for n, line in enumerate(text.splitlines(), 1):
        marker = _MARKER.match(line)
        kind = marker.group(1)[0] if marker else None
        if kind == "<" and state is None:
            state, opened = "ours", n
        elif kind == "|" and state == "ours":
            state, has_base = "base", True
        elif kind == "=" and state in ("ours", "base"):
            state = "theirs"
        elif kind == ">" and state == "theirs":
            state = None
        elif kind is not None:
            raise UnreadableConflict(f"line {n}: conflict marker {line[:9]!r} out of order")
        elif state is None:
            for side in sides.values():
                side.append(line)
        else:
            sides[state].append(line)
    if state is not None:
        raise UnreadableConflict(f"line {opened}: a conflict block is not closed with >>>>>>>")
    parsed = {}
    for side in ("ours", "theirs", "base") if has_base else ("ours", "theirs"):
        try:
            value = json.loads("\n".join(sides[side]))
        except json.JSONDecodeError as exc:
            if side == "base":
                continue  # the base only helps a coach compare; both sides are what counts
            raise UnreadableConflict(f"the {side} side is not valid JSON "
                                     f"({exc.msg}, its line {exc.lineno})") from None
        if not isinstance(value, dict):
            if side == "base":
                continue
            raise UnreadableConflict(f"the {side} side is not a JSON object")
        parsed[side] = value
    ours, theirs = parsed["ours"], parsed["theirs"]
    fields = tuple(f for f in field_order(ours, theirs) if ours.get(f) != theirs.get(f))
    return ConflictedEntry(where, ours, theirs, parsed.get("base"), fields,
                           tuple(marker_lines(text)))
