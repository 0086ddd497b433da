"""Translation files: `<data>/translations/<lang>/<id>.json`, one per language and entry.

Saved like entries: stable bytes (2-space indent, units in the source's order, trailing
newline), atomic writes, and a save over a file that changed since it was read is refused
(ConflictError), so two translators never overwrite each other. Every save that changes a
file also keeps the old content as a version (`translations/<lang>/.history/<id>/`), added to
and never rewritten.

A library does not read these files when it loads: `Library.translations` reads a file when
asked for (`get`), or one language's files at once (`read_all`) for status and exports.

The published channel per language, `<data>/published/<lang>/<id>.json`, holds the
translation last published (by review, see `stretchkit.review.translations`), beside
`published/<id>.json`, the entry it was checked against.
"""

from __future__ import annotations

import contextlib
import hashlib
import itertools
import json
import os
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from pydantic import ValidationError
from pydantic_core import from_json

from stretchkit.errors import ConflictError, EntryError, Problem, VocabularyError
from stretchkit.fileio import collector_paused, keep_copy, locked_folder, write_atomically
from stretchkit.model.entry import problems_from
from stretchkit.model.labels import Labels
from stretchkit.model.translation import Translation
from stretchkit.store.batch import batch
from stretchkit.store.history import PUBLISHED_FOLDER, TRASH_FOLDER
from stretchkit.store.settings import Settings, load_settings

TRANSLATION_FOLDER = "translations"
#: A translation file's versions, inside its language folder (a dot folder: never an entry).
VERSION_FOLDER = ".history"
#: A language's labels and headings (an entry id never starts with '_').
LABELS_FILE = "_labels.json"


def dump_translation(translation: Translation) -> bytes:
    """The file bytes of a translation: the same translation always gives the same bytes,
    the bytes `json.dumps(..., indent=2, ensure_ascii=False)` gives (the first files were
    written so), made by pydantic's serializer, five times as fast on a large import."""
    exclude = None if translation.by else {"by"}
    return translation.model_dump_json(indent=2, exclude_none=True,
                                       exclude=exclude).encode("utf-8") + b"\n"


def load_translation(data: bytes | str, where: str) -> Translation:
    """Parse file bytes; EntryError names `where` and every field at fault."""
    try:
        return Translation.model_validate_json(data)
    except ValidationError as exc:
        if any(e["type"] == "json_invalid" for e in exc.errors()):
            detail = exc.errors()[0]["msg"].removeprefix("Invalid JSON: ")
            raise EntryError(Problem(where, "", f"not valid JSON ({detail})"), where) from None
        raise EntryError(problems_from(exc, where), where) from None


def file_digest(data: bytes) -> str:
    """What a save checks a translation file against, and names its versions by: BLAKE2b
    (16 bytes, hex). An import of a large library hashes each of its files twice, and here
    BLAKE2b takes half the time of SHA-256 (the entries' digest), which no file name or
    record outside this store depends on."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def all_lines(values: list[object]) -> bool:
    """Whether every value keeps the model's one-line rule (a string, no line break, not
    blank), checked cheaply a list at a time: status checks some 800,000 texts of a large
    library (a file failing it is read in full, and its problems named)."""
    if not set(map(type, values)) <= {str}:
        return False
    joined = "\x00".join(values)  # type: ignore[arg-type]
    return "\n" not in joined and "\r" not in joined and "" not in values \
        and not any(map(str.isspace, values))  # type: ignore[arg-type]


class Translations:
    """The translation files of one data folder, read when asked for."""

    def __init__(self, root: str | os.PathLike[str], settings: Settings | None = None):
        self.root = Path(root)
        self.folder = self.root / TRANSLATION_FOLDER
        self.settings = settings or load_settings(self.root)
        self._hashes: dict[tuple[str, str], str | None] = {}
        #: Files that did not read, from the last `read_all` (path, field, message).
        self.problems: list[Problem] = []

    @property
    def source_language(self) -> str:
        return self.settings.source_language

    @property
    def targets(self) -> tuple[str, ...]:
        return self.settings.targets

    def path_of(self, language: str, entry_id: str) -> Path:
        return self.folder / language / f"{entry_id}.json"

    def published_path(self, language: str, entry_id: str) -> Path:
        return self.root / PUBLISHED_FOLDER / language / f"{entry_id}.json"

    # -- reading ----------------------------------------------------------------------------
    def get(self, language: str, entry_id: str) -> Translation | None:
        """The translation of an entry into `language`, or None if there is none yet. The
        file's bytes are remembered: a later save over someone else's change is refused."""
        path = self.path_of(language, entry_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            self._hashes[(language, entry_id)] = None
            return None
        self._hashes[(language, entry_id)] = file_digest(data)
        return self._checked(load_translation(data, str(path)), language, entry_id, path)

    @staticmethod
    def _checked(translation: Translation, language: str, entry_id: str, path: Path
                 ) -> Translation:
        if translation.entry != entry_id or translation.language != language:
            raise EntryError(Problem(
                str(path), "entry" if translation.entry != entry_id else "language",
                f"expected {entry_id!r} in {language!r} (the file's place), got "
                f"{translation.entry!r} in {translation.language!r}"), str(path))
        return translation

    def read_all(self, language: str, ids: Iterable[str] | None = None
                 ) -> dict[str, Translation]:
        """Every translation file of `language` (or those of `ids`), by entry id. A file that
        does not read is listed in `problems` and left out."""
        self.problems = []
        out: dict[str, Translation] = {}
        folder = self.folder / language
        if ids is None:
            try:
                with os.scandir(folder) as scan:
                    names = sorted(item.name for item in scan if item.name.endswith(".json")
                                   and not item.name.startswith((".", "_")) and item.is_file())
            except FileNotFoundError:
                return out
        else:
            names = [f"{i}.json" for i in ids]
        base = str(folder)
        with collector_paused():
            for name in names:
                path, entry_id = os.path.join(base, name), name[:-5]
                try:
                    with open(path, "rb") as fh:
                        data = fh.read()
                except FileNotFoundError:
                    self._hashes[(language, entry_id)] = None
                    continue
                except OSError as exc:
                    self.problems.append(Problem(path, "", f"cannot read: {exc.strerror}"))
                    continue
                self._hashes[(language, entry_id)] = file_digest(data)
                try:
                    out[entry_id] = self._checked(load_translation(data, path), language,
                                                  entry_id, Path(path))
                except EntryError as exc:
                    self.problems.extend(exc.problems)
        return out

    def signatures(self, language: str) -> dict[str, str]:
        """Per entry id, a signature of its translation file as the file system sees it
        (size, modification and change times, inode): a file rewritten gets a new one. For
        what status remembers between runs (see `store.translation_status`)."""
        out: dict[str, str] = {}
        try:
            with os.scandir(self.folder / language) as scan:
                for item in scan:
                    name = item.name
                    if name.endswith(".json") and not name.startswith((".", "_")) \
                            and item.is_file():
                        st = item.stat()
                        out[name[:-5]] = \
                            f"{st.st_size}:{st.st_mtime_ns}:{st.st_ctime_ns}:{st.st_ino}"
        except FileNotFoundError:
            pass
        return out

    def read_sources(self, language: str, ids: Iterable[str] | None = None
                     ) -> dict[str, dict[str, list[str]]]:
        """Per entry id, each channel's unit sources: what status needs of every file of a
        language (or of those of `ids`). Plain JSON parsing, with the file's shape checked
        but not its text (a translation's own validation is three quarters of reading it,
        and status reads them all); a file that does not read this way is read in full, and
        its problems are listed in `problems` as by `read_all`."""
        self.problems = []
        out: dict[str, dict[str, list[str]]] = {}
        folder = self.folder / language
        if ids is None:
            try:
                with os.scandir(folder) as scan:
                    names = sorted(item.name for item in scan if item.name.endswith(".json")
                                   and not item.name.startswith((".", "_")) and item.is_file())
            except FileNotFoundError:
                return out
        else:
            names = [f"{i}.json" for i in ids]
        base = str(folder)
        with collector_paused():
            for name in names:
                path, entry_id = os.path.join(base, name), name[:-5]
                try:
                    with open(path, "rb") as fh:
                        data = from_json(fh.read())
                    if data["entry"] != entry_id or data["language"] != language:
                        raise ValueError("in the wrong place")
                    out[entry_id] = sources = {
                        channel: [unit["source"] for unit in units]
                        for channel, units in data["units"].items()}
                    if not all_lines([*itertools.chain.from_iterable(sources.values()),
                                      *(unit["text"] for units in data["units"].values()
                                        for unit in units)]):
                        raise ValueError("a text that is not one line")
                except (OSError, ValueError, KeyError, TypeError, AttributeError):
                    out.pop(entry_id, None)
                    try:
                        found = self.get(language, entry_id)
                    except EntryError as exc:
                        self.problems.extend(exc.problems)
                        continue
                    except OSError as exc:
                        self.problems.append(Problem(path, "", f"cannot read: {exc.strerror}"))
                        continue
                    if found is not None:
                        out[entry_id] = {c: [u.source for u in units]
                                         for c, units in found.units.items()}
        return out

    def published(self, language: str, entry_id: str) -> Translation | None:
        """The translation last published in `language` for an entry, or None."""
        path = self.published_path(language, entry_id)
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            return None
        return self._checked(load_translation(data, str(path)), language, entry_id, path)

    def labels(self, language: str) -> Labels:
        """The vocabulary labels and headings in `language`: the kit's, extended by the
        folder's `translations/<lang>/_labels.json`."""
        base = Labels.default(language)
        path = self.folder / language / LABELS_FILE
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return base
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
            raise VocabularyError(f"{path}: cannot read the labels: {exc}") from None
        return Labels.from_dict(data, language, base=base, source=str(path))

    # -- writing ----------------------------------------------------------------------------
    def check_unchanged(self, language: str, entry_id: str) -> None:
        """ConflictError if the file changed on disk since this store read it (or it was
        created since this store found none). A file never read is read now: saving a
        translation means having seen the one it replaces."""
        key = (language, entry_id)
        path = self.path_of(language, entry_id)
        on_disk = self._disk_hash(path)
        if key not in self._hashes:
            self._hashes[key] = on_disk
            return
        if on_disk != self._hashes[key]:
            what = "was created" if self._hashes[key] is None else \
                "was deleted" if on_disk is None else "was changed"
            raise ConflictError(f"{path} {what} by someone else since it was read; reload "
                                "to see their translation before saving yours")

    def save(self, translation: Translation) -> Path:
        """Write a translation (refused with ConflictError if its file changed since it was
        read); the old content, if any, is kept as a version. Unchanged: nothing written."""
        return self.save_all([translation])[0]

    def save_all(self, translations: list[Translation]) -> list[Path]:
        """Write several translations, all or nothing: every file is checked first under the
        lock; if a write fails, the ones already written are put back, and if the process is
        killed halfway, the next load of the library puts them back (a `batch` journal)."""
        with contextlib.ExitStack() as stack:
            # One file needs no journal: its write is atomic.
            writes = stack.enter_context(batch(self.root, f"translation import of "
                                               f"{len(translations)} files")) \
                if len(translations) > 1 else None
            stack.enter_context(self.locked())
            stack.enter_context(collector_paused())
            for t in translations:
                self.check_unchanged(t.language, t.entry)
            # One stamp names the batch's versions (each in its entry's own folder).
            stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
            changed = []  # (translation, its path, its bytes, its old version: None if new)
            for t in translations:
                key = (t.language, t.entry)
                data = dump_translation(t)
                new, old = file_digest(data), self._hashes[key]  # as checked on disk
                if new != old:
                    version = None if old is None else self._version_path(*key, old, stamp)
                    changed.append((t, self.path_of(*key), data, version))
            if writes is not None:
                # The old bytes of each file are its version, linked before it is replaced.
                writes.plan([(path, version) for _, path, _, version in changed])
            # One file: fsynced as every save. A batch (an import of thousands of files):
            # each file is still whole for every reader, and one sync at the end makes them
            # all durable at once; two fsyncs per file made a large import take minutes.
            durable = writes is None
            try:
                for t, path, data, version in changed:
                    if version is not None:
                        self._keep_version(t.language, t.entry, version)
                    else:
                        path.parent.mkdir(parents=True, exist_ok=True)
                    write_atomically(path, data, durable=durable)
                    self._hashes[(t.language, t.entry)] = file_digest(data)
                if changed and not durable:
                    os.sync()
            except BaseException:
                if writes is not None:
                    writes.roll_back()  # under the lock, before another save can look
                for t, *_ in changed:
                    self._hashes.pop((t.language, t.entry), None)  # read again when checked
                raise
        return [self.path_of(t.language, t.entry) for t in translations]

    def _version_path(self, language: str, entry_id: str, old_digest: str, stamp: str
                      ) -> Path:
        """Where the file as it is on disk (`old_digest`, as checked) is kept as a version
        named by `stamp`."""
        return Path(self.folder, language, VERSION_FOLDER, entry_id,
                    f"{stamp}-{old_digest[:12]}.json")

    def _keep_version(self, language: str, entry_id: str, version: Path) -> None:
        """Keep the working file as the version `version` (a link where links work)."""
        version.parent.mkdir(parents=True, exist_ok=True)
        working = self.path_of(language, entry_id)
        with contextlib.suppress(FileExistsError):  # the same bytes, the same microsecond
            keep_copy(working, version, working.read_bytes)

    def versions(self, language: str, entry_id: str) -> list[Path]:
        """The kept versions of a translation file, oldest first."""
        folder = self.folder / language / VERSION_FOLDER / entry_id
        return sorted(folder.glob("*.json")) if folder.is_dir() else []

    def publish(self, translation: Translation) -> Path:
        """Put a translation in the published channel of its language. Only review calls
        this (`stretchkit.review.translations.publish_translation`), after its checks."""
        path = self.published_path(translation.language, translation.entry)
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, dump_translation(translation))
        return path

    # -- an entry's translations follow it -----------------------------------------------------
    def languages_of(self, entry_id: str) -> list[str]:
        """The languages that have a translation file for an entry."""
        if not self.folder.is_dir():
            return []
        return sorted(p.name for p in self.folder.iterdir()
                      if p.is_dir() and (p / f"{entry_id}.json").is_file())

    def copy(self, source_id: str, new_id: str) -> list[Path]:
        """Give a copy of an entry the translations of its original (a duplicate keeps them;
        they stay current while the copy's text is the original's). Never replaces one."""
        written = []
        for language in self.languages_of(source_id):
            original = self.get(language, source_id)
            if original is None or self.path_of(language, new_id).exists():
                continue
            copied = original.model_copy(update={"entry": new_id, "published": None})
            path = self.path_of(language, new_id)
            data = dump_translation(copied)
            try:
                write_atomically(path, data, exclusive=True)
            except FileExistsError:
                continue
            self._hashes[(language, new_id)] = file_digest(data)
            written.append(path)
        return written

    def trash_folder(self, language: str) -> Path:
        return self.root / TRASH_FOLDER / TRANSLATION_FOLDER / language

    def move_to_trash(self, entry_id: str) -> None:
        """A deleted entry's translations (and published translations) go to the trash."""
        for language in self.languages_of(entry_id):
            target = self.trash_folder(language)
            target.mkdir(parents=True, exist_ok=True)
            os.replace(self.path_of(language, entry_id), target / f"{entry_id}.json")
            self._hashes.pop((language, entry_id), None)
        published = self.root / PUBLISHED_FOLDER
        if published.is_dir():
            for folder in published.iterdir():
                live = folder / f"{entry_id}.json"
                if folder.is_dir() and live.is_file():
                    target = self.root / TRASH_FOLDER / PUBLISHED_FOLDER / folder.name
                    target.mkdir(parents=True, exist_ok=True)
                    os.replace(live, target / live.name)

    def restore_from_trash(self, entry_id: str) -> None:
        """Bring back what `move_to_trash` took (a translation saved since under the same
        id is kept: the trashed one is left in the trash)."""
        trash = self.root / TRASH_FOLDER / TRANSLATION_FOLDER
        if trash.is_dir():
            for folder in trash.iterdir():
                source = folder / f"{entry_id}.json"
                target = self.path_of(folder.name, entry_id)
                if source.is_file() and not target.exists():
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(source, target)
        trash = self.root / TRASH_FOLDER / PUBLISHED_FOLDER
        if trash.is_dir():
            for folder in trash.iterdir():
                source = folder / f"{entry_id}.json"
                if folder.is_dir() and source.is_file():
                    target = self.published_path(folder.name, entry_id)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(source, target)

    # -- helpers ----------------------------------------------------------------------------
    @staticmethod
    def _disk_hash(path: Path) -> str | None:
        try:
            with open(path, "rb") as fh:
                return file_digest(fh.read())
        except FileNotFoundError:
            return None

    def locked(self) -> contextlib.AbstractContextManager[None]:
        """Serialise check-and-write across processes (see `fileio.locked_folder`)."""
        return locked_folder(self.folder)

