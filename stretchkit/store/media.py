"""Media files in the data folder: pictures checked and normalised on the way in, kept per
entry, followed through the entry's life, and small thumbnails for pages.

Where: `<data>/media/<entry id>/<name>`, and `name` is made here, never taken from the user:
the first 16 hex digits of the normalised file's SHA-256 and the format's extension. So a
name can never reach outside the folder, and the same name means the same bytes wherever it
is: a renamed or duplicated entry finds its pictures in any entry's folder (`adopt_files`),
and versions keep pointing at files that exist. A file is kept while the working copy or any
version of its entry uses it; `unused_files` names the others.

On the way in (`normalise_image`), Pillow reads what the bytes are, whatever the file is
called: only PNG, JPEG and WebP pass. The pixel count is checked from the header before any
pixel is decoded, so a decompression bomb is refused in milliseconds. The EXIF orientation is
applied, the picture is scaled down to `MAX_SIDE` (a large JPEG is decoded at a reduced scale
to begin with), and it is encoded afresh: no EXIF (GPS,
camera serial), no text chunks, no colour profile, no trailing bytes leave the kit.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import io
import math
import os
import shutil
import warnings
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from stretchkit.errors import UsageError
from stretchkit.fileio import write_atomically
from stretchkit.model.entry import Exercise

MEDIA_FOLDER = "media"
#: What Pillow calls the accepted formats -> the stored file's extension.
ACCEPTED = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
ACCEPTED_TEXT = "PNG, JPEG or WebP"
#: Refused above this many pixels (from the header, before decoding): a 12-megapixel photo
#: passes, a 50,000 x 50,000 bomb does not. Well below Pillow's own limit.
MAX_PIXELS = 40_000_000
#: Longer side of a stored picture; larger ones are scaled down.
MAX_SIDE = 2048
#: A file larger than this is refused before it is read (uploads and `media add`).
MAX_BYTES = 25 * 1024 * 1024
#: Longer side of the thumbnails pages embed.
THUMB_SIDE = 480
ORIENTATION = 0x0112
MIME = {"png": "image/png", "jpg": "image/jpeg", "webp": "image/webp"}


@dataclass(frozen=True)
class StoredImage:
    """A normalised picture: its bytes and the name it is stored under."""

    data: bytes
    name: str
    size: tuple[int, int]


def _refused(source: str, why: str) -> UsageError:
    return UsageError(f"{source}: {why}; accepted: {ACCEPTED_TEXT} images (at most "
                      f"{MAX_PIXELS // 1_000_000} megapixels, {MAX_BYTES // 2**20} MB), or an "
                      "https:// link")


def _looks_like_markup(data: bytes) -> str | None:
    head = data[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if head.startswith(b"<svg") or (head.startswith(b"<?xml") and b"<svg" in data[:4096].lower()):
        return "an SVG drawing (SVG is XML that can carry scripts, so the kit does not take it)"
    if head.startswith((b"<!doctype html", b"<html", b"<script", b"<")):
        return "text or markup, not a picture"
    return None


#: A JPEG larger than MAX_SIDE decodes at 1/2, 1/4 or 1/8 scale (libjpeg scales while it
#: decodes, so a 12-megapixel photo costs a quarter of the work): the smallest scale whose
#: longer side keeps at least this share of MAX_SIDE (a 4000 x 3000 photo is stored at
#: 2000 x 1500 rather than decoded whole and resampled to 2048 x 1536).
DRAFT_SHARE = 0.9


def _draft_size(width: int, height: int) -> tuple[int, int]:
    """The size to ask `Image.draft` for: it picks the smallest scale at least this big."""
    factor = DRAFT_SHARE * MAX_SIDE / max(width, height)
    return max(1, math.ceil(width * factor)), max(1, math.ceil(height * factor))


def normalise_image(data: bytes, source: str = "image") -> StoredImage:
    """`data` as a stored picture, or UsageError naming `source`, what it is and what is
    accepted. See the module's description for what is checked and what is removed."""
    if len(data) > MAX_BYTES:
        raise _refused(source, f"the file is {len(data) / 2**20:.1f} MB")
    markup = _looks_like_markup(data)
    if markup:
        raise _refused(source, f"the content is {markup}")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as opened:  # reads the header only
                kind = opened.format
                if kind not in ACCEPTED:
                    raise _refused(source, f"the content is {kind or 'an unknown'} image data")
                width, height = opened.size
                if width * height > MAX_PIXELS:
                    raise _refused(source, f"the picture claims {width} x {height} pixels "
                                           f"({width * height / 1e6:.0f} megapixels)")
                opened.seek(0)  # the first frame of an animation
                orientation = opened.getexif().get(ORIENTATION)
                if kind == "JPEG" and max(width, height) > MAX_SIDE:
                    opened.draft(opened.mode, _draft_size(width, height))
                # Scaled before it is turned (less to turn).
                opened.thumbnail((MAX_SIDE, MAX_SIDE), reducing_gap=3.0)
                picture = ImageOps.exif_transpose(opened) if orientation not in (None, 1) \
                    else opened.copy()
    except UsageError:
        raise
    except UnidentifiedImageError:
        raise _refused(source, "the content is not a picture the kit can read") from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        # Pillow's own guard, which fires at open for a header far past any limit
        raise _refused(source, f"the picture is too large to decode safely ({exc})") from None
    except (OSError, ValueError, SyntaxError) as exc:  # truncated or corrupt image data
        raise _refused(source, f"the picture data is damaged ({exc})") from None
    ext = ACCEPTED[kind]
    # PNG writes the colour profile it read unless told otherwise; a profile is metadata
    # (device names, copyright lines) like the rest, and the kit's pictures are taken as sRGB.
    picture.info.pop("icc_profile", None)
    out = io.BytesIO()
    if ext == "jpg":
        if picture.mode not in ("RGB", "L"):
            picture = picture.convert("RGB")
        picture.save(out, "JPEG", quality=88)
    elif ext == "png":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "WEBP", quality=88)
    stored = out.getvalue()
    return StoredImage(stored, f"{hashlib.sha256(stored).hexdigest()[:16]}.{ext}",
                       picture.size)


def read_image_file(path: str | os.PathLike[str]) -> StoredImage:
    """A picture file on disk, normalised; UsageError if it is missing, too big or refused."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise _refused(str(path), f"the file is {size / 2**20:.1f} MB")
        data = path.read_bytes()
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise UsageError(f"{path}: no such file") from None
    return normalise_image(data, str(path))


def folder_of(root: Path, entry_id: str) -> Path:
    """The media folder of an entry (the id is a checked slug, so it stays inside)."""
    return root / MEDIA_FOLDER / entry_id


def path_of(root: Path, entry_id: str, name: str) -> Path:
    return folder_of(root, entry_id) / name


def store(root: Path, entry_id: str, image: StoredImage) -> Path:
    """Write a normalised picture into the entry's media folder (nothing if it is there:
    the same name is the same bytes)."""
    target = path_of(root, entry_id, image.name)
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, image.data)
    return target


def move_file(root: Path, name: str, from_id: str, to_id: str) -> Path:
    """Move a stored file from one entry's folder to another's (a picture uploaded to an
    unsaved draft whose id then changed); the old folder goes when it is empty. A file of
    that name already there is the same bytes, so the moved one is simply dropped."""
    source, target = path_of(root, from_id, name), path_of(root, to_id, name)
    if target.exists():
        source.unlink(missing_ok=True)
    else:
        target.parent.mkdir(parents=True, exist_ok=True)
        os.replace(source, target)
    with contextlib.suppress(OSError):  # not empty: other pictures live there
        source.parent.rmdir()
    return target


def files_of(entry: Exercise) -> list[str]:
    """The stored file names an entry uses."""
    return [item.file for item in entry.media if item.file]


def adopt_files(root: Path, entry: Exercise) -> list[Path]:
    """Copy into the entry's folder each file it uses and lacks, from any entry's folder that
    holds the same name (a renamed or duplicated entry, a restored version). Returns what was
    copied; a name found nowhere stays missing (`Library.media_problems` names it)."""
    copied = []
    media_root = root / MEDIA_FOLDER
    for name in files_of(entry):
        target = path_of(root, entry.id, name)
        if target.exists():
            continue
        found = next((p for p in sorted(media_root.glob(f"*/{name}")) if p.is_file()), None)
        if found is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(target, found.read_bytes())
        copied.append(target)
    return copied


def unused_files(root: Path, used: dict[str, set[str]]) -> list[Path]:
    """Files under `<root>/media/` that no entry uses: `used` maps an entry id to every name
    its working copy or any of its versions uses."""
    media_root = root / MEDIA_FOLDER
    if not media_root.is_dir():
        return []
    unused = []
    for path in sorted(media_root.glob("*/*")):
        if path.is_file() and path.name not in used.get(path.parent.name, set()) \
                and not path.name.startswith("."):
            unused.append(path)
    return unused


def copy_files(root: Path, entries: Iterable[Exercise], out: Path) -> list[Path]:
    """Copy the stored files of `entries` to `<out>/media/<id>/`, for an export. Returns the
    files written; a missing file is skipped (validate names it)."""
    written = []
    for entry in entries:
        for name in files_of(entry):
            source = path_of(root, entry.id, name)
            if not source.is_file():
                continue
            target = out / MEDIA_FOLDER / entry.id / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(source, target)
            written.append(target)
    return written


def data_uri(path: Path) -> str | None:
    """A small thumbnail of a stored picture as a `data:` URI, made once per file version
    (cached by path, size and time), or None if the file is missing or unreadable."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return _thumbnail(str(path), stat.st_size, stat.st_mtime_ns)


@lru_cache(maxsize=256)
def _thumbnail(path: str, size: int, mtime_ns: int) -> str | None:
    del size, mtime_ns  # part of the cache key only
    try:
        with Image.open(path) as opened:
            kind = opened.format
            if kind not in ACCEPTED or opened.size[0] * opened.size[1] > MAX_PIXELS:
                return None
            opened.load()
            picture = opened.copy()
    except (OSError, ValueError, SyntaxError, Image.DecompressionBombError):
        return None
    picture.thumbnail((THUMB_SIDE, THUMB_SIDE))
    ext = ACCEPTED[kind]
    out = io.BytesIO()
    if ext == "jpg":
        picture.save(out, "JPEG", quality=80)
    elif ext == "png":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.save(out, "WEBP", quality=80)
    return f"data:{MIME[ext]};base64,{base64.b64encode(out.getvalue()).decode('ascii')}"


ImageSource = Callable[[str, str], str | None]


def embedded(root: Path) -> ImageSource:
    """An image source for pages (`render.html.ImageSource`): each stored picture of the data
    folder at `root` as an embedded thumbnail, so the page needs no file server."""
    def source(entry_id: str, name: str) -> str | None:
        return data_uri(path_of(root, entry_id, name))

    return source
