"""PO files (gettext) for translators: a pure pair of functions, with polib as the reference.

One file per language. Each message: `msgctxt` names the item (`entry|channel|key`, see
`model.translation.parse_context`), `msgid` is the source text, `msgstr` the translation, a
translator comment (`# Cat-Cow — instruction 3`) names the entry and the field, and an
outdated item is `fuzzy` with its old source as `#| msgid`. Tools such as Poedit rewrap lines
and reorder messages: messages are matched by context, never by place.

Why not polib alone: a library of 10,000 entries makes a file of about 390,000 messages, and
polib takes some 25 s to write it and 15 s to read it back (its parser is a general state
machine over every line; its writer formats each entry through several layers). So both
directions take a short path for the lines polib itself writes, and polib stays the
reference and the fallback:

- `po_text` writes a message the way polib does (its `escape`, its layout at `WRAP` 0); a
  message with a line break in a field, which polib lays out over several lines, is written
  by polib. The tests check the bytes against polib's own on generated messages.
- `read_po` reads the plain grammar polib and gettext tools write (comments, flags, `#|`
  previous strings, `msgctxt`, `msgid`, `msgstr` and continuation lines, through polib's
  `unescape`); at the first line outside it (plural forms, obsolete `#~` messages, a syntax
  error...) the whole file goes to polib, which reads it or names the error. The tests
  check the messages against polib's on files polib wrote at several wrap widths.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence

import polib

from stretchkit.errors import EntryError, Problem
from stretchkit.model.translation import Message

#: polib's line wrapping (textwrap over every message) took three quarters of the time to
#: write the file of a large library, so each string stays on one line: valid PO, which
#: translators' tools rewrap as they like (and `read_po` reads wrapped or not).
WRAP = 0

HEADER = {
    "Project-Id-Version": "stretchkit",
    "MIME-Version": "1.0",
    "Content-Type": "text/plain; charset=UTF-8",
    "Content-Transfer-Encoding": "8bit",
}

#: Every character `str.splitlines` breaks at: polib lays such a field over several lines.
_LINE_BREAK = re.compile("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]")
#: polib's test for a double quote left unescaped inside a string.
_BARE_QUOTE = re.compile(r'([^\\]|^)"')
_unescape = polib.unescape
#: The characters polib's `escape` replaces: most texts have none, and are written as they are.
_ESCAPED = re.compile('[\\\\\t\r\n\v\b\f"]')


def _escape(text: str) -> str:
    return polib.escape(text) if _ESCAPED.search(text) else text


def _polib_entry(m: Message) -> polib.POEntry:
    return polib.POEntry(msgctxt=m.context, msgid=m.source, msgstr=m.text, tcomment=m.note,
                         flags=["fuzzy"] if m.fuzzy else [],
                         previous_msgid=m.previous or None)


def po_text(messages: Sequence[Message], language: str, source_language: str) -> str:
    """The PO file holding `messages` for translation into `language`: the text polib writes
    for them at `WRAP`, made without polib's per-entry formatting where the layout is plain."""
    return po_joined(language, source_language, [po_body(messages)])


def po_joined(language: str, source_language: str, bodies: Sequence[str]) -> str:
    """The PO file whose messages are `bodies` (`po_body` of runs of messages, in order)."""
    po = polib.POFile(wrapwidth=WRAP)
    po.metadata = {**HEADER, "Language": language, "X-Source-Language": source_language}
    # polib's header comment and metadata entry; a blank line before each message
    return "\n".join([str(po), *(body for body in bodies if body)]) + "\n"


def po_body(messages: Sequence[Message]) -> str:
    """The messages of a PO file, as `po_text` lays them out (no header)."""
    parts = []
    for m in messages:
        # A comment is for people and PO does not escape it: a line break in it would cut
        # the file (polib cannot read such a file back), so it becomes a space.
        if _LINE_BREAK.search(m.note):
            m = m._replace(note=_LINE_BREAK.sub(" ", m.note))
        if _LINE_BREAK.search(m.context + m.source + m.text + m.previous):
            parts.append(_polib_entry(m).__unicode__(WRAP))
            continue
        lines = [f"# {m.note}\n" if m.note else "", "#, fuzzy\n" if m.fuzzy else "",
                 f'#| msgid "{_escape(m.previous)}"\n' if m.previous else "",
                 f'msgctxt "{_escape(m.context)}"\nmsgid "{_escape(m.source)}"\n'
                 f'msgstr "{_escape(m.text)}"\n']
        parts.append("".join(lines))
    return "\n".join(parts)


def _string(token: str) -> str | None:
    """The text of a quoted PO string (`"..."`) as polib reads it, or None when it is not
    one in the plain grammar."""
    if len(token) < 2 or token[0] != '"' or token[-1] != '"':
        return None
    inner = token[1:-1]
    if '"' in inner and _BARE_QUOTE.search(inner):
        return None
    return _unescape(inner) if "\\" in inner else inner


def _plain_entries(text: str) -> list[dict] | None:
    """The entries of a PO file in the plain grammar, as dicts of polib's field names, in
    file order; None at the first line outside it (polib then reads the file)."""
    entries: list[dict] = []
    entry: dict = {}
    field = ""  # the field a continuation line extends
    lines = text.splitlines()
    start = 0  # translator comments before anything else are the file's own header
    while start < len(lines) and ((line := lines[start].strip()) == "" or line == "#"
                                  or line.startswith("# ")):
        start += 1
    bare_quote = _BARE_QUOTE.search
    for raw in itertools.islice(lines, start, None):
        line = raw.strip()
        if not line:
            continue
        if line[0] == '"':  # a continuation line: most lines of a wrapped file
            if not field or len(line) < 2 or line[-1] != '"':
                return None
            inner = line[1:-1]  # `_string`, inline
            if '"' in inner and bare_quote(inner):
                return None
            entry[field] += _unescape(inner) if "\\" in inner else inner
            continue
        if line[0] == "#":
            marker, _, rest = line.partition(" ")
            rest = rest.strip()
            if not rest and marker in ("#,", "#.", "#:"):
                continue  # an empty flags, extracted or reference line: polib skips it
            if field == "msgstr":  # a comment after msgstr starts the next entry
                entries.append(entry)
                entry, field = {}, ""
            if field not in ("", "previous_msgid", "previous_msgctxt"):
                return None
            if marker == "#":
                note = entry.get("tcomment")
                entry["tcomment"] = line[2:] if note is None else f"{note}\n{line[2:]}"
                field = ""
            elif marker == "#,":
                entry.setdefault("flags", []).extend(f.strip() for f in line[2:].split(","))
                field = ""
            elif marker in ("#.", "#:"):
                field = ""  # extracted comments and references: nothing the kit reads
            elif marker == "#|" and rest[:1] == '"' and field:
                value = _string(rest)
                if value is None:
                    return None
                entry[field] += value
            elif marker == "#|" and rest.startswith(("msgid ", "msgctxt ")):
                keyword, _, quoted = rest.partition(" ")
                field = f"previous_{keyword}"
                entry[field] = _string(quoted.strip())
                if entry[field] is None:
                    return None
            else:  # '#~' obsolete messages, '##' comments, '#x' (a syntax error), a tab...
                return None
            continue
        keyword, _, rest = line.partition(" ")
        if keyword == "msgctxt" and field in ("", "previous_msgid", "previous_msgctxt"):
            field = "msgctxt"
        elif keyword == "msgid" and field in ("", "msgctxt", "previous_msgid",
                                               "previous_msgctxt"):
            field = "msgid"
        elif keyword == "msgstr" and field == "msgid":
            field = "msgstr"
        elif keyword in ("msgctxt", "msgid") and field == "msgstr":  # no blank line between
            entries.append(entry)
            entry, field = {}, keyword
        else:  # plural forms, a msgstr without msgid, a keyword polib does not know
            return None
        entry[field] = _string(rest.strip())
        if entry[field] is None:
            return None
    if entry:
        if field != "msgstr":
            return None
        entries.append(entry)
    return entries


def _polib_entries(text: str) -> tuple[dict[str, str], list[dict]]:
    po = polib.pofile(text)
    entries = [{"msgctxt": e.msgctxt, "msgid": e.msgid, "msgstr": e.msgstr,
                "tcomment": e.tcomment, "flags": e.flags, "previous_msgid": e.previous_msgid}
               for e in po if not e.obsolete and not e.msgid_plural]
    return po.metadata, entries


def _metadata(header: dict) -> dict[str, str]:
    """The header entry's `Key: value` lines, read as polib reads them."""
    metadata: dict[str, str] = {}
    key = None
    for line in header.get("msgstr", "").splitlines():
        name, colon, value = line.partition(":")
        if colon:
            key = name
            metadata[key] = value.strip()
        elif key is not None:
            metadata[key] += "\n" + line.strip()
    return metadata


def read_entries(text: str) -> tuple[dict[str, str], list[dict]]:
    """(the header's metadata, the entries) of PO text, as polib reads them: dicts with
    `msgctxt`, `msgid`, `msgstr`, `tcomment`, `flags` and `previous_msgid` (missing keys are
    polib's defaults). Obsolete messages and plural forms are left out. OSError or
    ValueError (polib's) when the text is not PO."""
    entries = _plain_entries(text)
    if entries is None:
        return _polib_entries(text)
    # polib takes the first message with an empty msgid, whatever its context, as the header
    for n, entry in enumerate(entries):
        if entry.get("msgid") == "":
            return _metadata(entries.pop(n)), entries
    return {}, entries


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
        metadata, entries = read_entries(text)
    except (OSError, ValueError) as exc:
        raise EntryError(Problem(where, "", f"not a PO file: {exc}"), where) from None
    messages = [Message(e.get("msgctxt") or "", e.get("msgid", ""), e.get("msgstr", ""),
                        # tools wrap long comments over several lines
                        " ".join(note.splitlines()) if (note := e.get("tcomment")) else "",
                        "fuzzy" in e.get("flags", ()), e.get("previous_msgid") or "")
                for e in entries]
    return metadata.get("Language") or None, messages
