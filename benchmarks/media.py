"""Media: adding a 12-megapixel photo (checked, turned upright, stripped, scaled, stored and
saved), a keystroke's preview of an entry with four pictures (thumbnails are made once, not
per keystroke), and loading a library whose entries carry media beside the same library
without (media files are not opened at load).

Aims (issue "Media"): add under 1 s; the preview update under 10 ms; the load with media at
most 1.2 times the load without.

    python -m benchmarks.media [SIZE ...]
"""

from __future__ import annotations

import io
import shutil
import sys
from collections.abc import Sequence
from pathlib import Path

from PIL import Image

from benchmarks.core import measure, measure_pair, row
from benchmarks.generate import library_folder
from stretchkit import Library, render_html
from stretchkit.formats.entry_file import dump_entry, load_entry
from stretchkit.model import MediaItem, new_draft


def _photo() -> bytes:
    """A 4000 x 3000 JPEG with an EXIF orientation, as a phone writes it."""
    img = Image.effect_noise((4000, 3000), 60).convert("RGB")
    exif = Image.Exif()
    exif[0x0112] = 6
    out = io.BytesIO()
    img.save(out, "JPEG", quality=90, exif=exif)
    return out.getvalue()


def _with_media(source: Path, target: Path) -> Path:
    """A copy of a generated library whose every entry carries two media items (links and a
    file name: the load must not open files, so they need not exist)."""
    if target.exists():
        return target
    shutil.copytree(source, target)
    items = [MediaItem(file="0123456789abcdef.jpg", alt="Start", license="CC0-1.0"),
             MediaItem(kind="video", url="https://video.example.org/w?v=1", alt="Video",
                       license="CC-BY-4.0", author="A. Coach")]
    for path in (target / "exercises").glob("*.json"):
        loaded = load_entry(path.read_bytes())
        path.write_bytes(dump_entry(loaded.model_copy(update={"media": items})))
    return target


def run(sizes: Sequence[int], workdir: Path) -> list[dict]:
    rows = []
    photo = _photo()
    folder = workdir / "media-add"
    library = Library(folder, user="Bench")
    library.create(new_draft("Wall Calf Stretch"))
    ms = measure(lambda: library.add_media("wall-calf-stretch", photo, name="photo.jpg",
                                           alt="Start", license="CC0-1.0"), repeat=5)
    rows.append(row("add a 12-megapixel JPEG (normalise, store, save)", 1, ms,
                    aim="< 1000 ms", met=ms < 1000))

    entry = library.get("wall-calf-stretch")
    stored = entry.media[0]
    four = entry.model_copy(update={"media": [stored, stored.model_copy(update={"role": "start"}),
                                              stored.model_copy(update={"role": "end"}),
                                              stored.model_copy(update={"role": "step",
                                                                        "step": 1})],
                                    "instructions": ["Stand tall.", "Lean in."]})
    images = library.images
    render_html(four, images=images)  # the thumbnails are made once, here
    ms = measure(lambda: render_html(four.model_copy(update={"summary": "Typed."}),
                                     images=images), repeat=20)
    rows.append(row("preview update, entry with four pictures", 1, ms, aim="< 10 ms",
                    met=ms < 10))

    for size in sizes:
        plain = library_folder(workdir, size)
        media = _with_media(plain, workdir / f"media-library-{size}")
        # In turns, so a machine busy with other work slows both alike.
        ms, base = measure_pair(lambda media=media: Library(media),
                                lambda plain=plain: Library(plain), repeat=5)
        rows.append(row("load a library whose entries carry media", size, ms,
                        baseline="the same entries without media", baseline_ms=base,
                        aim="<= 1.2x baseline", met=ms <= 1.2 * base))
    return rows


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        for line in run([int(s) for s in sys.argv[1:]] or [1000], Path(tmp)):
            print(line)
