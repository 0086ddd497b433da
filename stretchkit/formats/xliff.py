"""XLIFF files for translators, through translate-toolkit: a pure pair of functions.

The same messages as a PO file (see `formats.po`): a `trans-unit` per item whose `id` is the
message context, the source text, the translation as `target`, a translator's note naming the
entry and the field, and `approved="no"` with a `needs-translation` state on outdated items.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from translate.storage import xliff

from stretchkit.errors import EntryError, Problem
from stretchkit.model.translation import Message

#: Characters XML 1.0 cannot hold (lxml would drop them silently, changing the source text).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def xliff_bytes(messages: Sequence[Message], language: str, source_language: str) -> bytes:
    """The XLIFF file holding `messages` for translation into `language`. A text XML cannot
    hold (control characters) is refused by context."""
    store = xliff.xlifffile(sourcelanguage=source_language, targetlanguage=language)
    bad = []
    for m in messages:
        unfit = next((c for c in (m.source, m.text, m.note, m.previous)
                      if _NOT_XML.search(c)), None)
        if unfit is not None:
            char = _NOT_XML.search(unfit).group()
            bad.append(Problem(m.context, "", f"cannot be written as XML: the control "
                                              f"character {char!r} in {unfit[:40]!r}"))
            continue
        try:
            unit = store.addsourceunit(m.source)
            unit.setid(m.context)
            if m.text:
                unit.target = m.text
            if m.note:
                unit.addnote(m.note, origin="translator")
            if m.previous:
                unit.addnote(f"Translated from: {m.previous}", origin="developer")
            if m.fuzzy:
                unit.markfuzzy(True)
        except ValueError as exc:
            bad.append(Problem(m.context, "", f"cannot be written as XML: {exc}"))
    if bad:
        raise EntryError(bad, "xliff")
    return bytes(store)


def _needs_work(unit: xliff.xliffunit) -> bool:
    """Whether a unit's translation is marked as not done: its target's state says it needs
    work ('needs-translation', 'needs-review-translation', ...), or, with no state, the unit
    is `approved="no"`. A target a tool or a person added without either is done."""
    target = unit.xmlelement.find(unit.namespaced("target"))
    state = target.get("state") if target is not None else None
    if state:
        return state.startswith("needs-") or state == "new"
    return unit.xmlelement.get("approved") == "no" and target is not None


def read_xliff(data: bytes, where: str) -> tuple[str | None, list[Message]]:
    """(the target language or None, the messages) of an XLIFF file's bytes; EntryError
    names `where` when it is not XLIFF."""
    try:
        store = xliff.xlifffile.parsestring(data)
    except Exception as exc:  # lxml's and the toolkit's parse errors have no common base
        raise EntryError(Problem(where, "", f"not an XLIFF file: {exc}"), where) from None
    messages = []
    for unit in store.units:
        if unit.isheader():
            continue
        notes = unit.getnotes(origin="translator") or ""
        previous = (unit.getnotes(origin="developer") or "").removeprefix("Translated from: ")
        messages.append(Message(context=unit.getid().rpartition("\x04")[2],
                                source=unit.source or "", text=unit.target or "",
                                note=notes, fuzzy=_needs_work(unit), previous=previous))
    return store.gettargetlanguage() or None, messages
