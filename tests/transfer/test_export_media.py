"""An export with its media: the stored pictures copied beside it, ATTRIBUTION.md crediting
every picture and video, and (CSV) both listed in datapackage.json; all read back from disk."""

from __future__ import annotations

import io
import json
from pathlib import Path

import frictionless
import pytest
from PIL import Image

from stretchkit import Library, StretchkitError, validate_entry
from stretchkit.store import media as media_files
from stretchkit.transfer import export_library
from stretchkit.transfer.exchange import attribution_text

# A club vocabulary in French: the package's enum lists this id as it is spelled.
CLUB_VOCABULARY = {"conditions": [{"id": "genou-opéré", "label": "Genou opéré"}]}


def picture(fmt: str) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (24, 16), (0, 90, 160)).save(out, fmt)
    return out.getvalue()


@pytest.fixture
def library(empty_data: Path) -> Library:
    (empty_data / "vocabulary.json").write_text(json.dumps(CLUB_VOCABULARY), encoding="utf-8")
    library = Library(empty_data)
    png = media_files.store(empty_data, "wall-calf-stretch",
                            media_files.normalise_image(picture("PNG")))
    jpg = media_files.store(empty_data, "neck-tilt",
                            media_files.normalise_image(picture("JPEG")))
    library.create(validate_entry({"id": "cat-cow", "name": "Cat-Cow"}))  # no media
    library.create(validate_entry({"id": "neck-tilt", "name": "Neck Tilt", "media": [
        {"file": jpg.name, "alt": "Ear toward the shoulder", "license": "CC0-1.0",
         "author": "Bo Photographer"},
        {"file": jpg.name, "role": "end", "license": "made-up-licence"},
    ]}))
    library.create(validate_entry({"id": "wall-calf-stretch", "name": "Wall Calf Stretch",
                                   "media": [
        {"file": png.name, "role": "start", "alt": "Start, side view",
         "license": "CC-BY-SA-4.0", "author": "Test Photographer",
         "source_url": "https://example.org/p"},
        {"kind": "video", "url": "https://video.example.org/w", "role": "step", "step": 2,
         "license": "with-permission"},
        {"kind": "video", "url": "https://video.example.org/x"},
    ]}))
    return library


def names(library: Library) -> tuple[str, str]:
    """The stored file names: (neck-tilt's JPEG, wall-calf-stretch's PNG)."""
    return (library.get("neck-tilt").media[0].file, library.get("wall-calf-stretch").media[0].file)


def test_attribution_credits_every_item_with_author_licence_and_source(library):
    jpg, png = names(library)
    entries = library.filter()
    assert [e.id for e in entries] == ["cat-cow", "neck-tilt", "wall-calf-stretch"]
    assert attribution_text(entries) == f"""\
# Attribution

Pictures and videos in this export, with their authors and licences.

## Neck Tilt (`neck-tilt`)

1. Main image: media/neck-tilt/{jpg}
   - Shows: Ear toward the shoulder
   - Author: Bo Photographer
   - Licence: CC0 1.0 (public domain dedication) (CC0-1.0, https://creativecommons.org/publicdomain/zero/1.0/)
2. End image: media/neck-tilt/{jpg}
   - Author: not given
   - Licence: made-up-licence

## Wall Calf Stretch (`wall-calf-stretch`)

1. Start image: media/wall-calf-stretch/{png}
   - Shows: Start, side view
   - Author: Test Photographer
   - Licence: Creative Commons Attribution-ShareAlike 4.0 (CC-BY-SA-4.0, https://creativecommons.org/licenses/by-sa/4.0/)
   - Source: https://example.org/p
2. Step 2 video: https://video.example.org/w
   - Author: not given
   - Licence: Used with the rights holder's written permission
3. Main video: https://video.example.org/x
   - Author: not given
   - Licence: none given
"""


def test_attribution_of_entries_without_media_is_the_heading_alone(library):
    assert attribution_text([library.get("cat-cow")]) == (
        "# Attribution\n\nPictures and videos in this export, with their authors and "
        "licences.\n")
    assert attribution_text([]) == attribution_text([library.get("cat-cow")])


def test_csv_export_with_media_copies_credits_and_lists_them_in_the_package(library, tmp_path):
    jpg, png = names(library)
    out, plain = tmp_path / "with-media", tmp_path / "plain"
    written = export_library(library, "csv", out, channel="working", with_media=True)
    tables = export_library(library, "csv", plain, channel="working")
    assert written == [out / p.name for p in tables] + [
        out / "media" / "neck-tilt" / jpg, out / "media" / "wall-calf-stretch" / png,
        out / "ATTRIBUTION.md"]
    for entry_id, name in (("neck-tilt", jpg), ("wall-calf-stretch", png)):
        assert (out / "media" / entry_id / name).read_bytes() == \
            media_files.path_of(library.root, entry_id, name).read_bytes()
    assert (out / "ATTRIBUTION.md").read_bytes() == \
        attribution_text(library.filter()).encode("utf-8")

    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    tables_package = json.loads((plain / "datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][:-3] == tables_package["resources"]
    # One resource per file: neck-tilt shows its picture twice.
    assert package["resources"][-3:] == [
        {"name": "attribution", "path": "ATTRIBUTION.md", "format": "md",
         "mediatype": "text/markdown", "description": "who made each picture, its licence"},
        {"name": f"media-neck-tilt-{jpg.replace('.', '-')}",
         "path": f"media/neck-tilt/{jpg}", "format": "jpg", "mediatype": "image/jpeg"},
        {"name": f"media-wall-calf-stretch-{png.replace('.', '-')}",
         "path": f"media/wall-calf-stretch/{png}", "format": "png", "mediatype": "image/png"},
    ]
    # Files besides the tables: a data package, no longer a tabular one.
    assert (package["profile"], tables_package["profile"]) == ("data-package",
                                                               "tabular-data-package")
    assert {k: v for k, v in package.items() if k not in ("resources", "profile")} == \
        {k: v for k, v in tables_package.items() if k not in ("resources", "profile")}
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    # The package keeps the layout the package writer gives it (a diff shows the media lines
    # only), club ids included as they are spelled.
    text = (out / "datapackage.json").read_text(encoding="utf-8")
    tables_text = (plain / "datapackage.json").read_text(encoding="utf-8")
    assert '"genou-opéré"' in tables_text
    assert text.startswith(tables_text.removesuffix("\n  ]\n}\n")
                           .replace('"tabular-data-package"', '"data-package"') + ",\n    {\n")
    assert text.endswith("\n  ]\n}\n")


def test_json_export_with_media_puts_media_and_credits_beside_the_file(library, tmp_path):
    jpg, png = names(library)
    out = tmp_path / "exports" / "club.json"
    written = export_library(library, "json", out, channel="working", with_media=True)
    folder = out.parent
    assert written == [out, folder / "media" / "neck-tilt" / jpg,
                       folder / "media" / "wall-calf-stretch" / png, folder / "ATTRIBUTION.md"]
    assert sorted(p.name for p in folder.iterdir()) == ["ATTRIBUTION.md", "club.json", "media"]
    assert (folder / "ATTRIBUTION.md").read_text(encoding="utf-8") == \
        attribution_text(library.filter())
    assert [e["id"] for e in json.loads(out.read_text(encoding="utf-8"))] == [
        "cat-cow", "neck-tilt", "wall-calf-stretch"]


def test_export_with_media_of_entries_without_media_writes_the_credits_heading(library,
                                                                               tmp_path):
    out = tmp_path / "cat.jsonl"
    written = export_library(library, "jsonl", out, entries=[library.get("cat-cow")],
                             with_media=True)
    assert written == [out, tmp_path / "ATTRIBUTION.md"]
    assert not (tmp_path / "media").exists()
    assert (tmp_path / "ATTRIBUTION.md").read_text(encoding="utf-8") == (
        "# Attribution\n\nPictures and videos in this export, with their authors and "
        "licences.\n")


@pytest.mark.parametrize(("item", "last_line"), [
    # An unknown licence is quoted as given, to its last character.
    ({"kind": "video", "url": "https://video.example.org/w", "license": "CC BY 2.0 "},
     "   - Licence: CC BY 2.0 "),
    ({"kind": "video", "url": "https://video.example.org/w",
      "source_url": "https://video.example.org/watch?v=dQw4XX"},
     "   - Source: https://video.example.org/watch?v=dQw4XX"),
])
def test_the_last_credit_line_is_kept_whole(item, last_line):
    entry = validate_entry({"id": "neck-tilt", "name": "Neck Tilt", "media": [item]})
    assert attribution_text([entry]).endswith("\n" + last_line + "\n")


def test_an_existing_attribution_file_is_never_overwritten_unless_asked(library, tmp_path):
    (tmp_path / "ATTRIBUTION.md").write_text("Someone's own credits.\n", encoding="utf-8")
    with pytest.raises(StretchkitError) as caught:
        export_library(library, "json", tmp_path / "club.json", with_media=True)
    assert str(caught.value) == (f"{tmp_path / 'ATTRIBUTION.md'}: file exists; choose a new "
                                 "folder or allow overwriting (--force)")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ATTRIBUTION.md", "empty"]
    export_library(library, "json", tmp_path / "club.json", with_media=True, overwrite=True,
                   channel="working")
    assert (tmp_path / "ATTRIBUTION.md").read_text(encoding="utf-8") == \
        attribution_text(library.filter())
    # Without media, the file is none of the export's business.
    export_library(library, "jsonl", tmp_path / "club.jsonl")
    assert (tmp_path / "club.jsonl").exists()
