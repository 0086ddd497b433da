"""PO and XLIFF: what goes out comes back, nasty text included, and other tools' files read."""

from __future__ import annotations

import re

import polib
import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchkit.errors import EntryError
from stretchkit.formats import po as po_format
from stretchkit.formats.po import po_text, read_entries, read_po
from stretchkit.formats.xliff import read_xliff, xliff_bytes
from stretchkit.model.translation import Message
from tests.strategies import examples, settings

NASTY = ['Hold 30% of your "max" for 10 s', "100 %", "%s %d %(name)s", "back\\slash \\n",
         "tab\there", "<b>bold</b> & <script>alert(1)</script>", "l'épaule « ici »",
         "深呼吸して", "🧘 breathe", "#, fuzzy", 'msgid "x"', "   leading spaces",
         "trailing spaces   ", "x" * 5000]

# One-line text (what the model accepts), without the control characters XML cannot hold.
short_text = st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1,
                     max_size=60).filter(lambda s: s.strip())
line_text = st.one_of(
    st.sampled_from(NASTY), short_text,
    # very long items: a generated piece repeated (long strings drawn whole are slow to make)
    st.builds(lambda piece, n: " ".join([piece] * n), short_text, st.integers(20, 80)),
)
contexts = st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,5}){0,2}\|(name|tips|faq\.answer)"
                         r"\|[0-9a-f]{8}(-[2-9])?", fullmatch=True)


@st.composite
def message_lists(draw):
    keys = draw(st.lists(contexts, min_size=1, max_size=8, unique=True))
    out = []
    for key in keys:
        text = draw(st.just("") | line_text)
        fuzzy = bool(text) and draw(st.booleans())  # only a translation can be outdated
        out.append(Message(context=key, source=draw(line_text), text=text,
                           note=draw(st.just("") | line_text), fuzzy=fuzzy,
                           previous=draw(line_text) if fuzzy else ""))
    return out


def essential(m: Message) -> tuple:
    """What an import reads exactly (context, source, translation, fuzzy), and the comments
    for people as words: PO and XLIFF rewrap them and trim their spaces."""
    return m.context, m.source, m.text, m.fuzzy, m.note.split(), m.previous.split()


@settings(max_examples=examples(50), deadline=None)
@given(message_lists())
def test_po_round_trip(messages):
    text = po_text(messages, "fr", "en")
    language, back = read_po(text.encode("utf-8"), "fr.po")
    assert language == "fr"
    assert list(map(essential, back)) == list(map(essential, messages))


@settings(max_examples=examples(50), deadline=None)
@given(message_lists())
def test_xliff_round_trip(messages):
    data = xliff_bytes(messages, "fr", "en")
    language, back = read_xliff(data, "fr.xlf")
    assert language == "fr"
    assert list(map(essential, back)) == list(map(essential, messages))


def test_a_long_item_is_one_line_and_a_file_wrapped_by_a_tool_reads_the_same():
    long = Message(context="cat-cow|overview|0123abcd", source="word " * 60, text="mot " * 60)
    text = po_text([long], "fr", "en")
    assert f'msgid "{"word " * 60}"' in text.splitlines()
    wrapped = text.replace("word word ", 'word word "\n"')  # as Poedit wraps at 78 columns
    assert wrapped.count("\n") > text.count("\n") + 20
    assert read_po(wrapped.encode(), "x.po")[1] == [long]


def test_a_line_break_goes_out_escaped_and_comes_back_for_the_importer_to_refuse():
    message = Message(context="a|name|0123abcd", source="Name", text="deux\nlignes")
    assert read_po(po_text([message], "fr", "en").encode(), "x.po")[1] == [message]
    assert read_xliff(xliff_bytes([message], "fr", "en"), "x.xlf")[1] == [message]


def test_what_is_not_a_po_file_is_named():
    with pytest.raises(EntryError, match=r"x\.po: expected UTF-8 text, got byte 0xff"):
        read_po(b'msgid "a"\nmsgstr "\xff"\n', "x.po")
    with pytest.raises(EntryError, match=r"x\.po: not a PO file"):
        read_po(b"a line that is no PO syntax\n", "x.po")
    with pytest.raises(EntryError, match=r"x\.po: expected a PO file, got an empty file"):
        read_po(b"  \n", "x.po")


def test_what_is_not_xliff_is_named():
    with pytest.raises(EntryError, match=r"x\.xlf: not an XLIFF file"):
        read_xliff(b"<html><body>no</body>", "x.xlf")


def test_xliff_refuses_text_xml_cannot_hold_by_context():
    with pytest.raises(EntryError, match=r"a\|name\|0123abcd: cannot be written as XML: "
                                         r"the control character '\\x07'"):
        xliff_bytes([Message(context="a|name|0123abcd", source="bell \x07")], "fr", "en")


def test_obsolete_and_plural_messages_are_not_imported():
    text = ('msgid ""\nmsgstr ""\n"Language: fr\\n"\n\n'
            '#~ msgctxt "a|name|0123abcd"\n#~ msgid "Old"\n#~ msgstr "Vieux"\n\n'
            'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "un"\nmsgstr[1] "plusieurs"\n')
    assert read_po(text.encode(), "x.po") == ("fr", [])


# -- polib is the reference: the short paths write and read exactly what it does ----------------
# Any text, line breaks and control characters included (PO escapes them), but for six
# characters Python takes as line breaks and PO has no escape for (U+2028 and others): polib
# writes them raw and its own reader then splits the string there, so no PO file made by
# polib round-trips them (the import refuses such an item as a changed source).
UNESCAPED_BREAKS = "\x1c\x1d\x1e\x85\u2028\u2029"
any_text = st.one_of(
    st.sampled_from([*NASTY, "two\nlines", "ends with a break\n", "cr\rlf", "\x0bvt\x0cff",
                     "\\"]),
    st.text(st.characters(blacklist_characters=UNESCAPED_BREAKS), max_size=40))


@st.composite
def any_messages(draw):
    keys = draw(st.lists(any_text.filter(bool), min_size=1, max_size=6, unique=True))
    return [Message(context=key, source=draw(any_text), text=draw(any_text),
                    note=draw(st.just("") | any_text), fuzzy=draw(st.booleans()),
                    previous=draw(st.just("") | any_text)) for key in keys]


def polib_file(messages, wrapwidth=po_format.WRAP) -> polib.POFile:
    """The file polib writes for `messages`, but for line breaks in comments, which the kit
    writes as spaces (polib writes them raw, and then cannot read its own file)."""
    po = polib.POFile(wrapwidth=wrapwidth)
    po.metadata = {**po_format.HEADER, "Language": "fr", "X-Source-Language": "en"}
    for m in messages:
        note = " ".join(re.split("[\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029]", m.note))
        po.append(polib.POEntry(msgctxt=m.context, msgid=m.source, msgstr=m.text,
                                tcomment=note, flags=["fuzzy"] if m.fuzzy else [],
                                previous_msgid=m.previous or None))
    return po


def polib_reads(text: str) -> tuple[dict, list[tuple]]:
    po = polib.pofile(text)
    return po.metadata, [(e.msgctxt, e.msgid, e.msgstr, e.tcomment, "fuzzy" in e.flags,
                          e.previous_msgid) for e in po if not e.obsolete and not e.msgid_plural]


def kit_reads(text: str) -> tuple[dict, list[tuple]]:
    metadata, entries = read_entries(text)
    return metadata, [(e.get("msgctxt"), e.get("msgid", ""), e.get("msgstr", ""),
                       e.get("tcomment", ""), "fuzzy" in e.get("flags", ()),
                       e.get("previous_msgid")) for e in entries]


@settings(max_examples=examples(200), deadline=None)
@given(any_messages())
def test_the_kit_writes_the_bytes_polib_writes(messages):
    assert po_text(messages, "fr", "en") == str(polib_file(messages)) + "\n"


@settings(max_examples=examples(200), deadline=None)
@given(any_messages(), st.sampled_from([0, 12, 40, 78, 79]))
def test_the_kit_reads_what_polib_reads_at_any_wrap_width(messages, width):
    """Files as polib (and so Poedit-like tools) write them, wrapped or not: read by the
    short path, never handed to polib, and with polib's result."""
    text = str(polib_file(messages, width))
    assert po_format._plain_entries(text)  # the short path read it
    assert kit_reads(text) == polib_reads(text)


@pytest.mark.parametrize("text", [
    # no blank line between messages; a lone '#'; empty flags and reference lines
    'msgid ""\nmsgstr "Language: fr\\n"\nmsgctxt "a"\nmsgid "x"\nmsgstr "y"\n#\n#,\n#:\n'
    'msgid "z"\nmsgstr ""\nmsgid "w"\nmsgstr "v"\n',
    # previous context and a previous msgid over continuation lines, in both spellings
    '#| msgctxt "old"\n#| msgid "a"\n#| "b"\n"c"\nmsgctxt "k"\nmsgid "s"\nmsgstr "t"\n',
    # extracted comments, references, several translator comments, spaces around lines
    '#. made by a tool\n#: a.py:1 b.py\n#  two spaces\n# second\n  msgid  "s"  \nmsgstr "t"\n',
    # no header; a header-like message with a context is polib's header all the same
    'msgctxt "c"\nmsgid ""\nmsgstr "Language: de\\nX-A: 1\\n  more\\n"\n\nmsgid "a"\nmsgstr ""\n',
    "\ufeffmsgid \"bom\"\nmsgstr \"\"\n",
    # comments before anything else are the file's header, not the first message's
    '# a header\n#\n# more\nmsgid "a"\nmsgstr ""\n\n# a note\nmsgid "b"\nmsgstr ""\n',
    '#, fuzzy\n# a note\nmsgid "a"\nmsgstr ""\n',
])
def test_hand_made_files_read_as_polib_reads_them(text):
    text = text.removeprefix("\ufeff")
    assert po_format._plain_entries(text) is not None
    assert kit_reads(text) == polib_reads(text)


@pytest.mark.parametrize("text", [
    'msgid "one"\nmsgid_plural "many"\nmsgstr[0] "un"\nmsgstr[1] "des"\n\nmsgid "a"\nmsgstr "b"\n',
    '#~ msgid "old"\n#~ msgstr "vieux"\n\nmsgid "a"\nmsgstr "b"\n',
    '## a double comment\nmsgid "a"\nmsgstr "b"\n',
    'msgid "a"\n# a comment between\nmsgstr "b"\n',
    'msgid "a"\nmsgstr "b"\n"c" "d"\n',
])
def test_what_the_short_path_does_not_know_goes_to_polib(text):
    """...which reads it or names the error, the same through the kit."""
    assert po_format._plain_entries(text) is None
    assert outcome(kit_reads, text) == outcome(polib_reads, text)


def outcome(read, text):
    try:
        return read(text)
    except OSError as exc:
        return f"error: {exc}"
