"""The file-backed library: one JSON file per entry in `<data>/exercises/`.

Storage rules (DESIGN.md): stable bytes, atomic saves (temp file in the same folder, fsync,
`os.replace`), a content-hash check that refuses to overwrite a file changed since it was
loaded, create refuses an existing id, delete moves to `<data>/.trash/` and can be undone, one
broken file never stops the rest from loading, and an id never leaves the data folder.
"""

from __future__ import annotations

import contextlib
import difflib
import fcntl
import gc
import hashlib
import json
import os
from collections.abc import Iterable, Iterator
from pathlib import Path

from stretchkit.errors import (
    ConflictError,
    EntryError,
    NotFoundError,
    Problem,
    UsageError,
    VocabularyError,
)
from stretchkit.fileio import write_atomically
from stretchkit.formats.entry_file import dump_entry, load_entry
from stretchkit.model.entry import STATUSES, Exercise, check_slug, now, validate_entry
from stretchkit.model.vocabulary import Vocabulary

ENTRY_FOLDER = "exercises"
TRASH_FOLDER = ".trash"
VOCABULARY_FILE = "vocabulary.json"


def load_vocabulary(root: str | os.PathLike[str]) -> Vocabulary:
    """The default vocabulary, extended or replaced by `<root>/vocabulary.json` if present."""
    path = Path(root) / VOCABULARY_FILE
    if not path.exists():
        return Vocabulary.default()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VocabularyError(f"{path}: cannot read the vocabulary: {exc}") from None
    return Vocabulary.from_dict(data, base=Vocabulary.default(), source=str(path))


#: The environment variable naming the data folder when none is given.
DATA_VARIABLE = "STRETCHKIT_DATA"


def find_data_folder(start: str | os.PathLike[str] | None = None, *,
                     given: str | os.PathLike[str] | None = None, search: bool = True) -> Path:
    """The data folder to open, the one rule for notebooks and the command line, first found:

    - `given`, a folder named explicitly (the command line's `--data`);
    - `$STRETCHKIT_DATA`;
    - with `search` (what notebooks want: they run in `notebooks/`, the sample library is in
      `../data`), the nearest `data/` holding an `exercises/` folder in `start` (default:
      the working folder) or above it;
    - `./data`.

    The command line does not search (its contract: `--data`, else `$STRETCHKIT_DATA`, else
    `./data`), so a command never writes into a folder above the one it was run in.
    """
    if given:
        return Path(given)
    if os.environ.get(DATA_VARIABLE):
        return Path(os.environ[DATA_VARIABLE])
    if not search:
        return Path("data")
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "data" / ENTRY_FOLDER).is_dir():
            return folder / "data"
    return Path("data")


def _digest(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _as_set(value: str | Iterable[str] | None) -> set[str] | None:
    if value is None:
        return None
    if isinstance(value, str):
        return {value}
    return set(value)


class Library:
    """All entries of one data folder, with safe saving.

    Every mutating call re-checks the file on disk under an advisory lock, so two libraries on
    the same folder (two notebooks, a notebook and the command line) never silently overwrite
    each other: the second save gets a ConflictError naming the file.
    """

    def __init__(self, path: str | os.PathLike[str] = "data",
                 vocabulary: Vocabulary | None = None):
        self.root = Path(path)
        self.folder = self.root / ENTRY_FOLDER
        self.trash_folder = self.root / TRASH_FOLDER
        self.vocabulary = vocabulary or load_vocabulary(self.root)
        self._entries: dict[str, Exercise] = {}
        self._hashes: dict[str, str] = {}
        self._search_text: dict[str, str] = {}
        self._by_goal: dict[str, set[str]] = {}
        # Sorted ids per goal query, kept until the next load or write: a browser asks the
        # same goal filter over and over, and sorting thousands of ids dominated it.
        self._ordered: dict[tuple[frozenset[str], str] | None, list[str]] = {}
        self.problems: list[Problem] = []
        self.reload()

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read every entry file again. Broken files are listed in `problems`, not raised."""
        self._entries, self._hashes, self._search_text = {}, {}, {}
        self._by_goal, self._ordered = {}, {}
        self.problems = []
        if not self.folder.is_dir():
            return
        # Entries are trees of small objects without cycles; while thousands of them arrive,
        # the cycle collector would rescan the growing library again and again (a third of
        # the load time for 1,000 entries). It runs as usual once they are in.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self._load_files()
        finally:
            if collecting:
                gc.enable()
        self._index_goals()

    def _load_files(self) -> None:
        # os.scandir knows file types without a stat per file, and sorting names is cheaper
        # than sorting paths: listing is a tenth of what iterdir and is_file cost.
        with os.scandir(self.folder) as scan:
            names = sorted(item.name for item in scan
                           if item.name.endswith(".json") and not item.name.startswith(".")
                           and item.is_file())  # not temp files, the lock file, stray notes
        folder = str(self.folder)
        for name in names:
            # Plain strings, not Path objects: pathlib's joins and stems cost a tenth of
            # the load time here.
            path, entry_id = os.path.join(folder, name), name[:-5]
            try:
                with open(path, "rb") as fh:
                    data = fh.read()
            except OSError as exc:
                self.problems.append(Problem(path, "", f"cannot read: {exc.strerror}"))
                continue
            self._hashes[entry_id] = _digest(data)
            try:
                entry = load_entry(data, self.vocabulary, where=path)
            except EntryError as exc:
                self.problems.extend(exc.problems)
                continue
            if entry.id != entry_id:
                self.problems.append(Problem(
                    path, "id", f"expected {entry_id!r} (the file name), got {entry.id!r}"))
                continue
            self._entries[entry_id] = entry

    def _index_goals(self) -> None:
        self._by_goal, self._ordered = {}, {}
        for entry in self._entries.values():
            for goal in entry.goals:
                self._by_goal.setdefault(goal, set()).add(entry.id)

    # -- reading ----------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._entries)

    def __iter__(self) -> Iterator[Exercise]:
        return iter(self.filter())

    def __contains__(self, entry_id: object) -> bool:
        return entry_id in self._entries

    def ids(self) -> list[str]:
        return sorted(self._entries)

    def get(self, entry_id: str) -> Exercise:
        try:
            return self._entries[entry_id]
        except KeyError:
            close = difflib.get_close_matches(str(entry_id), list(self._entries), n=1)
            hint = f": did you mean {close[0]!r}?" if close else ""
            raise NotFoundError(f"no entry {entry_id!r} in {self.folder}{hint}") from None

    def path_of(self, entry_id: str) -> Path:
        """The file of an id; refuses any id that could leave the data folder."""
        try:
            check_slug(entry_id)
        except Exception:
            raise EntryError(Problem(str(self.folder), "id",
                                     f"expected a safe slug, got {entry_id!r}")) from None
        return self.folder / f"{entry_id}.json"

    def changed_on_disk(self, entry_id: str) -> bool:
        """Whether the file differs from what this library loaded (another editor saved)."""
        return self._disk_hash(self.path_of(entry_id)) != self._hashes.get(entry_id)

    def filter(self, goals: str | Iterable[str] | None = None, match: str = "any",
               status: str | Iterable[str] | None = None,
               level: str | Iterable[str] | None = None,
               target: str | Iterable[str] | None = None,
               search: str | None = None) -> list[Exercise]:
        """Entries matching every filter given, in id order; every entry with no filters.

        `goals` match any (default) or all of the goals; `status`, `level` and `target`
        accept one value or several; `search` finds entries containing every word, in any
        text field, ignoring case. Goal, level and target names may be aliases.
        """
        if match not in ("any", "all"):
            raise UsageError(f"match: expected 'any' or 'all', got {match!r}")
        wanted_goals = _as_set(goals)
        key = None
        if wanted_goals:
            key = (frozenset(self.vocabulary.normalise("goals", g) for g in wanted_goals), match)
        ids = self._ordered.get(key)
        if ids is None:
            if key is None:
                ids = sorted(self._entries)
            else:
                sets = [self._by_goal.get(g, set()) for g in key[0]]
                ids = sorted(set.union(*sets) if match == "any" else set.intersection(*sets))
            self._ordered[key] = ids
        statuses = _as_set(status)
        if statuses is not None:
            unknown = statuses - set(STATUSES)
            if unknown:
                raise VocabularyError(f"unknown status {sorted(unknown)[0]!r} "
                                      f"(allowed: {', '.join(STATUSES)})")
        levels = {self.vocabulary.normalise("levels", v) for v in _as_set(level) or ()}
        targets = {self.vocabulary.normalise("targets", v) for v in _as_set(target) or ()}
        words = search.casefold().split() if search else []
        if statuses is None and not levels and not targets and not words:
            return [self._entries[entry_id] for entry_id in ids]
        out = []
        for entry_id in ids:
            entry = self._entries[entry_id]
            if statuses is not None and entry.status not in statuses:
                continue
            if levels and entry.level not in levels:
                continue
            if targets and targets.isdisjoint(entry.targets):
                continue
            if words:
                text = self._search_text.get(entry_id)
                if text is None:
                    text = self._search_text[entry_id] = _searchable(entry)
                if not all(w in text for w in words):
                    continue
            out.append(entry)
        return out

    # -- writing ----------------------------------------------------------------------------
    def create(self, entry: Exercise) -> Exercise:
        """Add a new entry; ConflictError if the id (in any case or Unicode form) exists."""
        entry = self._validated(entry)
        path = self.path_of(entry.id)
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._locked():
            if path.exists() or entry.id in self._entries:
                raise ConflictError(f"{path}: an entry with id {entry.id!r} already exists; "
                                    "choose another id or edit that entry")
            data = dump_entry(entry)
            try:
                write_atomically(path, data, exclusive=True)
            except FileExistsError:
                raise ConflictError(f"{path}: an entry with id {entry.id!r} was just created "
                                    "by someone else") from None
            self._remember(entry, data)
        return entry

    def save(self, entry: Exercise) -> Exercise:
        """Write an entry (creating it if new) and return it as saved.

        Refused with ConflictError if the file changed on disk since this library loaded it.
        Saving an unchanged entry writes the same bytes; a changed entry gets `updated` set
        to now unless the caller set `updated` itself.
        """
        entry = self._validated(entry)
        path = self.path_of(entry.id)
        if entry.id not in self._hashes:
            return self.create(entry)
        previous = self._entries.get(entry.id)
        if previous is not None and entry != previous and entry.updated == previous.updated:
            entry = entry.model_copy(update={"updated": now()})
        data = dump_entry(entry)
        with self._locked():
            on_disk = self._disk_hash(path)
            if on_disk != self._hashes[entry.id]:
                what = "was deleted" if on_disk is None else "was changed by someone else"
                raise ConflictError(
                    f"{path} {what} since it was loaded; reload to see their version, "
                    "or save yours under a new id")
            if on_disk != _digest(data):
                write_atomically(path, data)
            self._remember(entry, data)
        return entry

    def delete(self, entry_id: str) -> Path:
        """Move an entry's file to the trash (refused if it changed since loading); returns
        the trash path. `restore(entry_id)` undoes it."""
        path = self.path_of(entry_id)
        self.get(entry_id)
        with self._locked():
            if self._disk_hash(path) != self._hashes.get(entry_id):
                raise ConflictError(f"{path} changed on disk since it was loaded; reload "
                                    "before deleting it")
            self.trash_folder.mkdir(parents=True, exist_ok=True)
            target = self.trash_folder / f"{entry_id}.json"
            if target.exists():  # keep every deleted version: older ones get a time suffix
                stamp = now().strftime("%Y%m%dT%H%M%S")
                os.replace(target, self.trash_folder / f"{entry_id}.{stamp}.json.old")
            os.replace(path, target)
        self._forget(entry_id)
        return target

    def trashed(self) -> list[str]:
        """Ids of deleted entries that `restore` can bring back."""
        if not self.trash_folder.is_dir():
            return []
        return sorted(p.stem for p in self.trash_folder.glob("*.json"))

    def restore(self, entry_id: str) -> Exercise:
        """Bring a deleted entry back; ConflictError if its id has been taken since."""
        source = self.trash_folder / f"{self.path_of(entry_id).stem}.json"
        if not source.exists():
            raise NotFoundError(f"no deleted entry {entry_id!r} in {self.trash_folder}")
        data = source.read_bytes()
        entry = load_entry(data, self.vocabulary, where=str(source))
        self.create(entry)
        source.unlink()
        return entry

    # -- helpers ----------------------------------------------------------------------------
    def _validated(self, entry: Exercise) -> Exercise:
        # model_copy(update=...) skips validation: check everything again before writing.
        return validate_entry(entry.model_dump(), self.vocabulary, where=f"entry {entry.id!r}")

    def _remember(self, entry: Exercise, data: bytes) -> None:
        old = self._entries.get(entry.id)
        if old is not None:
            for goal in old.goals:
                self._by_goal.get(goal, set()).discard(entry.id)
        self._entries[entry.id] = entry
        self._hashes[entry.id] = _digest(data)
        self._search_text.pop(entry.id, None)
        self._ordered.clear()
        for goal in entry.goals:
            self._by_goal.setdefault(goal, set()).add(entry.id)

    def _forget(self, entry_id: str) -> None:
        old = self._entries.pop(entry_id, None)
        self._hashes.pop(entry_id, None)
        self._search_text.pop(entry_id, None)
        self._ordered.clear()
        for goal in old.goals if old else ():
            self._by_goal.get(goal, set()).discard(entry_id)

    @staticmethod
    def _disk_hash(path: Path) -> str | None:
        try:
            return _digest(path.read_bytes())
        except FileNotFoundError:
            return None

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """Serialise check-and-write across processes (advisory lock on a dot file)."""
        self.folder.mkdir(parents=True, exist_ok=True)
        with open(self.folder / ".lock", "a+b") as fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)


def _searchable(entry: Exercise) -> str:
    parts = [entry.id, entry.name, entry.summary, *entry.overview, *entry.instructions,
             *entry.tips, *entry.regressions, *entry.progressions, *entry.common_mistakes,
             *entry.stop_signs, *entry.goals, *entry.targets]
    parts += [f"{f.question} {f.answer}" for f in entry.faq]
    parts += [c.text for c in entry.cues]
    return "\n".join(parts).casefold()
