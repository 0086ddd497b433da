"""Media items on the entry, and the licence vocabulary they name."""

from __future__ import annotations

import pytest

from stretchkit.errors import EntryError
from stretchkit.model import MediaItem, license_of, licenses, validate_entry
from stretchkit.model.licenses import credit


def problems(item: dict) -> list[str]:
    with pytest.raises(EntryError) as caught:
        validate_entry({"id": "a", "name": "A", "media": [item]})
    return [str(p) for p in caught.value.problems]


def test_a_draft_may_hold_a_picture_without_alt_text_or_licence():
    entry = validate_entry({"id": "a", "name": "A", "media": [{"file": "0a1b2c3d.jpg"}]})
    assert entry.media == [MediaItem(file="0a1b2c3d.jpg")]
    assert (entry.media[0].alt, entry.media[0].license) == ("", None)


@pytest.mark.parametrize(("item", "message"), [
    ({"url": "http://example.org/a.png"}, "media[0].url: expected an https:// link"),
    ({"url": "javascript:alert(1)"}, "media[0].url: expected an https:// link"),
    ({"url": "data:image/png;base64,AAAA"}, "media[0].url: expected an https:// link"),
    ({"url": "https://example.org/a b"}, "media[0].url: expected an https:// link"),
    ({"file": "../secret.png"}, "media[0].file: expected a stored media file name"),
    ({"file": "a/b.png"}, "media[0].file: expected a stored media file name"),
    ({"file": "drawing.svg"}, "media[0].file: expected a stored media file name"),
    ({}, "media[0]: expected either a stored file or an https url, got neither"),
    ({"file": "a.png", "url": "https://example.org/a.png"}, "got both"),
    ({"kind": "video", "file": "a.png"}, "a video is an https link"),
    ({"url": "https://example.org/a", "role": "step"}, "expected a step number with role"),
    ({"url": "https://example.org/a", "step": 2}, "expected a step number with role"),
    ({"url": "https://example.org/a", "alt": "two\nlines"}, "media[0].alt: expected one line"),
    ({"url": "https://example.org/a", "source_url": "ftp://x.org/a"},
     "media[0].source_url: expected an https:// source link"),
    ({"url": "https://example.org/a", "kind": "audio"}, "media[0].kind"),
])
def test_a_bad_item_names_its_field_and_what_was_expected(item, message):
    assert any(message in p for p in problems(item)), problems(item)


def test_the_licence_vocabulary_is_data_with_its_flags():
    known = licenses()
    assert {"CC0-1.0", "CC-BY-4.0", "CC-BY-SA-4.0", "CC-BY-NC-4.0", "own-work",
            "with-permission", "unknown"} <= set(known)
    by_sa = license_of("CC-BY-SA-4.0")
    assert (by_sa.attribution, by_sa.share_alike, by_sa.commercial) == (True, True, True)
    assert license_of("CC-BY-NC-4.0").commercial is False
    assert license_of("CC0-1.0").attribution is False
    assert license_of("unknown").cleared is False
    assert license_of("WTFPL") is None and license_of(None) is None


def test_a_credit_names_author_licence_link_and_source():
    item = MediaItem(file="a.png", author="Ana Lee", license="CC-BY-4.0",
                     source_url="https://example.org/p")
    assert credit(item) == ("Ana Lee, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/), "
                            "from https://example.org/p")
    assert credit(MediaItem(file="a.png")) == "author not given, no licence given"
    assert "unknown to the kit" in credit(MediaItem(file="a.png", license="WTFPL"))
