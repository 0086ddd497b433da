"""PO files (gettext) for translators, through polib: a pure pair of functions.

One file per language. Each message: `msgctxt` names the item (`entry|channel|key`, see
`model.translation.parse_context`), `msgid` is the source text, `msgstr` the translation, a
translator comment (`# Cat-Cow — instruction 3`) names the entry and the field, and an
outdated item is `fuzzy` with its old source as `#| msgid`. Tools such as Poedit rewrap lines
and reorder messages: messages are matched by context, never by place.
"""

from __future__ import annotations

from collections.abc import Sequence

import polib

from stretchkit.errors import EntryError, Problem
from stretchkit.model.translation import Message

#: polib's line wrapping (textwrap over every message) took three quarters of the time to
#: write the file of a large library, so each string stays on one line: valid PO, which
#: translators' tools rewrap as they like (and `read_po` reads wrapped or not).
WRAP = 0


def po_text(messages: Sequence[Message], language: str, source_language: str) -> str:
    """The PO file holding `messages` for translation into `language`."""
    po = polib.POFile(wrapwidth=WRAP)
    po.metadata = {
        "Project-Id-Version": "stretchkit",
        "Language": language,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Source-Language": source_language,
    }
    for m in messages:
        po.append(polib.POEntry(msgctxt=m.context, msgid=m.source, msgstr=m.text,
                                tcomment=m.note, flags=["fuzzy"] if m.fuzzy else [],
                                previous_msgid=m.previous or None))
    return str(po) + "\n"


def read_po(data: bytes, where: str) -> tuple[str | None, list[Message]]:
    """(the header's language or None, the messages) of a PO file's bytes. EntryError names
    `where` when the file is not UTF-8 or not a PO file. The header entry, obsolete messages
    (`#~`) and plural forms (never written by the kit) are not messages to import."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise EntryError(Problem(where, "", f"expected UTF-8 text, got byte "
                                            f"0x{data[exc.start]:02x} at offset {exc.start}"),
                         where) from None
    if not text.strip():
        raise EntryError(Problem(where, "", "expected a PO file, got an empty file"), where)
    try:
        po = polib.pofile(text)
    except (OSError, ValueError) as exc:
        raise EntryError(Problem(where, "", f"not a PO file: {exc}"), where) from None
    messages = []
    for entry in po:
        if entry.obsolete or entry.msgid_plural:
            continue
        messages.append(Message(context=entry.msgctxt or "", source=entry.msgid,
                                text=entry.msgstr,
                                # polib wraps long comments over several lines
                                note=" ".join((entry.tcomment or "").splitlines()),
                                fuzzy="fuzzy" in entry.flags,
                                previous=entry.previous_msgid or ""))
    return po.metadata.get("Language") or None, messages
