"""PO and XLIFF: what goes out comes back, nasty text included, and other tools' files read."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchkit.errors import EntryError
from stretchkit.formats.po import po_text, read_po
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
