"""Versions and the published channel on disk.

- `<data>/history/<id>/<version>.json`: one file per version (the whole entry, who, when, the
  parent), written once with an exclusive create and never rewritten or deleted. The name
  starts with the time to the microsecond and ends with a digest of the entry, so names sort
  in the order they were made and two machines never write the same name for different
  versions. Deleting an entry keeps its history.
- `<data>/published/<id>.json`: the last published version of each live entry, in the entry
  file's own format, so an app team can read the folder directly.
- `<data>/.journal.json`: while a save touches more than one file (a version, the published
  channel, the working copy), it says what the save is doing. A save killed halfway leaves it
  behind, and the next load finishes the save from the version file (which holds everything),
  so the three never disagree for longer than a crash.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from stretchkit.errors import NotFoundError, Problem, StretchkitError
from stretchkit.fileio import collector_paused, write_atomically
from stretchkit.formats.conflict_file import has_markers, marker_lines
from stretchkit.formats.entry_file import dump_entry_data
from stretchkit.model.version import Version, changed_fields, version_id

ENTRY_FOLDER = "exercises"
TRASH_FOLDER = ".trash"
HISTORY_FOLDER = "history"
PUBLISHED_FOLDER = "published"
JOURNAL_FILE = ".journal.json"
#: Written when every entry of a folder made before versions has its first version.
MIGRATED_MARKER = ".migrated"


class History:
    """The versions of every entry of one data folder (read when asked for, not on load)."""

    def __init__(self, root: Path):
        self.folder = root / HISTORY_FOLDER

    def folder_of(self, entry_id: str) -> Path:
        return self.folder / entry_id

    def ids(self, entry_id: str) -> list[str]:
        """Version ids of an entry, oldest first."""
        try:
            with os.scandir(self.folder_of(entry_id)) as scan:
                names = [item.name[:-5] for item in scan
                         if item.name.endswith(".json") and not item.name.startswith(".")]
        except FileNotFoundError:
            return []
        return sorted(names)

    def head(self, entry_id: str) -> str | None:
        """The newest version id of an entry, or None if it has none."""
        ids = self.ids(entry_id)
        return ids[-1] if ids else None

    def read(self, entry_id: str, version: str) -> Version:
        path = os.path.join(self.folder, entry_id, f"{version}.json")
        try:
            with open(path, "rb") as fh:
                return self._parse(path, fh.read())
        except FileNotFoundError:
            raise NotFoundError(f"{path}: no such version") from None

    @staticmethod
    def _parse(path: str, data: bytes) -> Version:
        try:
            return Version.model_validate_json(data)
        except ValidationError as exc:
            if has_markers(data):  # names are unique, so only a hand merge gets here
                raise StretchkitError(
                    f"{path}: git conflict markers (<<<<<<< at line "
                    f"{', '.join(map(str, marker_lines(data)[:5]))}): a version file is "
                    "written once and never merged; take it whole from git (`git checkout "
                    "--theirs` or `--ours`, then `git add`)") from None
            first = exc.errors(include_url=False)[0]
            where = ".".join(map(str, first["loc"]))
            raise StretchkitError(f"{path}: {where}: {first['msg']} (a version file is "
                                  "written once by stretchkit; restore it from git)") from None

    def versions(self, entry_id: str) -> list[Version]:
        """Every version of an entry, oldest first."""
        # Plain string paths and the cycle collector paused, as the library's load does:
        # an entry with a long history reads a thousand files here.
        folder = os.path.join(self.folder, entry_id)
        with collector_paused():
            out = []
            for version in self.ids(entry_id):
                path = os.path.join(folder, f"{version}.json")
                with open(path, "rb") as fh:
                    out.append(self._parse(path, fh.read()))
            return out

    def resolve(self, entry_id: str, ref: str) -> Version:
        """The version a version id, or a unique prefix of one, names."""
        ids = self.ids(entry_id)
        if ref in ids:
            return self.read(entry_id, ref)
        found = [v for v in ids if v.startswith(ref)] if ref else []
        if len(found) == 1:
            return self.read(entry_id, found[0])
        if found:
            raise StretchkitError(f"entry {entry_id!r}: version {ref!r} is ambiguous: "
                                  f"{len(found)} versions start with it; give more of the id")
        raise NotFoundError(f"entry {entry_id!r}: no version {ref!r} (see `stretchkit "
                            f"history {entry_id}`)")

    def make(self, entry_data: dict[str, Any], data: bytes, *, parent: tuple[str, dict] | None,
             by: str, event: str) -> Version:
        """A new version of an entry (not yet written); `parent` is the (id, entry data) of
        the version it follows."""
        at = datetime.now(UTC)
        return Version(id=version_id(at, data), entry_id=entry_data["id"],
                       parent=parent[0] if parent else None, by=by,
                       at=at.replace(microsecond=0), event=event,
                       status=entry_data.get("status", "draft"),
                       changed=changed_fields(parent[1] if parent else None, entry_data),
                       entry=entry_data)

    def write(self, version: Version) -> Path:
        """Write a version file once; an existing name is never replaced."""
        folder = self.folder_of(version.entry_id)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"{version.id}.json"
        data = (json.dumps(version.model_dump(mode="json"), indent=2, ensure_ascii=False)
                + "\n").encode("utf-8")
        try:
            # Not fsynced: the working copy written next holds the same entry durably, and a
            # version lost to a power cut is recorded again (as "outside") at the next save.
            write_atomically(path, data, exclusive=True, durable=False)
        except FileExistsError:
            if path.read_bytes() != data:  # the same microsecond and entry: never seen, but
                raise StretchkitError(f"{path}: a different version has this name") from None
        return path


def digest(data: bytes) -> str:
    """The content digest the library compares files by (SHA-256, hex)."""
    return hashlib.sha256(data).hexdigest()


def disk_digest(path: Path) -> str | None:
    """The digest of a file as it is on disk now, or None when it is gone."""
    try:
        return digest(path.read_bytes())
    except FileNotFoundError:
        return None


def is_publication(version: Version) -> bool:
    """Whether this version put the entry live (a publish decision, or a published entry's
    first version when its folder was migrated)."""
    return version.status == "published" and version.event in ("decision", "migrate")


def last_publication(versions: list[Version]) -> Version | None:
    return next((v for v in reversed(versions) if is_publication(v)), None)


def authors_since_publication(versions: list[Version]) -> list[str]:
    """Who changed the content since the entry was last published (everyone who changed
    it, if it never was), in the order they first did."""
    since = versions
    published = last_publication(versions)
    if published is not None:
        since = versions[versions.index(published) + 1:]
    names: dict[str, None] = {}
    for version in since:
        if version.authored and version.by:
            names.setdefault(version.by)
    return list(names)


# -- the published channel --------------------------------------------------------------------
def published_path(root: Path, entry_id: str) -> Path:
    return root / PUBLISHED_FOLDER / f"{entry_id}.json"


def published_ids(root: Path) -> set[str]:
    try:
        with os.scandir(root / PUBLISHED_FOLDER) as scan:
            return {item.name[:-5] for item in scan
                    if item.name.endswith(".json") and not item.name.startswith(".")}
    except FileNotFoundError:
        return set()


def publish_file(root: Path, entry_id: str, data: bytes) -> None:
    path = published_path(root, entry_id)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)


def withdraw_file(root: Path, entry_id: str) -> None:
    """Take an entry out of the published channel (archived: its history keeps it)."""
    with contextlib.suppress(FileNotFoundError):
        published_path(root, entry_id).unlink()


def move_to_trash(root: Path, entry_id: str) -> Path:
    """Move a deleted entry's file, and its published version if live, to `<data>/.trash/`
    (an older deleted file of that id is kept under a time suffix); returns the trash path
    of the entry file. The channel goes first, so a deleted entry is never left live."""
    trash = root / TRASH_FOLDER
    (trash / PUBLISHED_FOLDER).mkdir(parents=True, exist_ok=True)
    live = published_path(root, entry_id)
    if live.exists():
        os.replace(live, trash / PUBLISHED_FOLDER / live.name)
    target = trash / f"{entry_id}.json"
    if target.exists():  # keep every deleted version: older ones get a time suffix
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        os.replace(target, trash / f"{entry_id}.{stamp}.json.old")
    source = root / ENTRY_FOLDER / f"{entry_id}.json"
    if source.exists():
        os.replace(source, target)
    return target


def restore_published(root: Path, entry_id: str) -> bool:
    """Put back the published version a delete took out of the channel; whether it did."""
    trashed = root / TRASH_FOLDER / PUBLISHED_FOLDER / f"{entry_id}.json"
    if not trashed.exists():
        return False
    published_path(root, entry_id).parent.mkdir(parents=True, exist_ok=True)
    os.replace(trashed, published_path(root, entry_id))
    return True


# -- the journal ------------------------------------------------------------------------------
def write_journal(root: Path, record: dict[str, Any]) -> None:
    # A hint for the next load after a killed process, not a record to keep: no fsync.
    write_atomically(root / JOURNAL_FILE, json.dumps(record).encode("utf-8"), durable=False)


def clear_journal(root: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (root / JOURNAL_FILE).unlink()


def read_journal(root: Path) -> dict[str, Any] | None:
    """The journal's record; {} for one that is not a record (torn, or a hand edit): it is
    then dropped, as there is nothing in it to finish."""
    try:
        record = json.loads((root / JOURNAL_FILE).read_bytes())
    except FileNotFoundError:
        return None
    except (OSError, ValueError):
        return {}  # torn by a crash before it was complete: the save never began
    return record if isinstance(record, dict) else {}


def _is_file_name(value: Any) -> bool:
    """Whether a journal's name (an entry id, a version id) is one a save writes: it becomes
    part of a path, so a hand-edited journal may not lead out of the data folder."""
    return isinstance(value, str) and value.isascii() and value.replace("-", "").isalnum()


def finish_interrupted(root: Path, history: History, entry_folder: Path,
                       current_digest: Any) -> list[Problem]:
    """Complete a save that a crash interrupted (see the module docstring); returns notes
    for the library's report. `current_digest(path)` is the digest of a file or None."""
    record = read_journal(root)
    if record is None:
        return []
    where = str(root / JOURNAL_FILE)
    notes: list[Problem] = []
    entry_id, version_name = record.get("entry_id"), record.get("version")
    if not _is_file_name(entry_id) or not (version_name is None or _is_file_name(version_name)):
        notes.append(Problem(where, "", "dropped a journal that names no entry (nothing to "
                                        "finish)"))
    elif record.get("delete"):
        move_to_trash(root, entry_id)
        notes.append(Problem(where, "", f"finished an interrupted delete of {entry_id!r}"))
    elif version_name and (history.folder_of(entry_id) / f"{version_name}.json").exists():
        version = history.read(entry_id, version_name)
        data = dump_entry_data(version.entry)
        path = entry_folder / f"{entry_id}.json"
        now_on_disk = current_digest(path)
        if now_on_disk in (record.get("before"), digest(data)):
            if record.get("channel") == "publish":
                publish_file(root, entry_id, data)
            elif record.get("channel") == "withdraw":
                withdraw_file(root, entry_id)
            write_atomically(path, data)
            notes.append(Problem(where, "", f"finished an interrupted save of {entry_id!r} "
                                            f"(version {version_name})"))
        else:
            notes.append(Problem(where, "", f"an interrupted save of {entry_id!r} was not "
                                            "finished: the file changed since"))
    clear_journal(root)
    return notes
