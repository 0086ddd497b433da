"""The file-backed library: one JSON file per entry in `<data>/exercises/`.

Storage rules (DESIGN.md): stable bytes, atomic saves (temp file in the same folder, fsync,
`os.replace`), a content-hash check that refuses to overwrite a file changed since it was
loaded, create refuses an existing id, delete moves to `<data>/.trash/` and can be undone, one
broken file never stops the rest from loading, and an id never leaves the data folder.
"""

from __future__ import annotations

import contextlib
import difflib
import functools
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

from pydantic import ValidationError

from stretchkit.errors import (
    ConflictError,
    EntryError,
    MergeConflictError,
    NotFoundError,
    Problem,
    StretchkitError,
    UnreadableConflict,
    UsageError,
    VocabularyError,
    WorkflowError,
)
from stretchkit.fileio import collector_paused, locked_folder, write_atomically
from stretchkit.formats.conflict_file import (
    ConflictedEntry,
    has_markers,
    marker_lines,
    read_conflicted,
)
from stretchkit.formats.entry_file import dump_entry, load_entry
from stretchkit.model import merge
from stretchkit.model.entry import (
    STATUSES,
    Exercise,
    MediaItem,
    check_slug,
    now,
    problems_from,
    validate_entry,
)
from stretchkit.model.version import (
    REVIEWED,
    WORKFLOW_FIELDS,
    FieldChange,
    Version,
    content_of,
    diff_entries,
    digest_of,
    json_default,
)
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.store import batch as batch_files
from stretchkit.store import history as channel
from stretchkit.store import media as media_files
from stretchkit.store.history import ENTRY_FOLDER, TRASH_FOLDER, History, digest, disk_digest
from stretchkit.store.routines import RoutineStore
from stretchkit.store.search import SearchHit, SearchIndex, find, has_words
from stretchkit.store.settings import Settings, load_settings
from stretchkit.store.translations import Translations

#: Where entries are read from: the working copies, or the live (published) versions.
CHANNELS = ("working", "published")
VOCABULARY_FILE = "vocabulary.json"


def load_vocabulary(root: str | os.PathLike[str]) -> Vocabulary:
    """The default vocabulary, extended or replaced by `<root>/vocabulary.json` if present."""
    path = Path(root) / VOCABULARY_FILE
    if not path.exists():
        return Vocabulary.default()
    try:
        text = path.read_text(encoding="utf-8")
        if has_markers(text):
            raise VocabularyError(f"{path}: {conflict_markers_message(text)}")
        data = json.loads(text)
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise VocabularyError(f"{path}: cannot read the vocabulary: {exc}") from None
    return Vocabulary.from_dict(data, base=Vocabulary.default(), source=str(path))


def conflict_markers_message(data: bytes | str) -> str:
    """What to say of a file a git merge left with its conflict markers in."""
    lines = marker_lines(data)
    at = f"line {lines[0]}" if len(lines) == 1 else \
        f"lines {', '.join(map(str, lines[:5]))}{' ...' if len(lines) > 5 else ''}"
    return (f"git conflict markers (<<<<<<< at {at}): a merge left this file unfinished; keep "
            "one side of each block and delete the marker lines, or take one whole side with "
            "`git checkout --ours` / `--theirs` and `git add` it")


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


_digest = digest


_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]+:")


def is_link(source: str) -> bool:
    """Whether a media source is meant as a link ('https://...', 'javascript:...') rather than
    a file path: it starts with a scheme (a Windows drive letter is one letter, not a scheme)."""
    return bool(_SCHEME.match(source))


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
                 vocabulary: Vocabulary | None = None, user: str | None = None):
        self.root = Path(path)
        self.folder = self.root / ENTRY_FOLDER
        self.trash_folder = self.root / TRASH_FOLDER
        self.vocabulary = vocabulary or load_vocabulary(self.root)
        self.history = History(self.root)
        self._user = user
        # What a load reads (set by `reload`, which starts by emptying them all):
        #: What the last load repaired or migrated (a finished interrupted save, the first
        #: versions of a folder made before versions), for the command line and the app.
        self.notes: list[Problem]
        self._live: set[str] = set()  # ids in the published channel (none if no folder)
        self._heads: dict[str, str]  # id -> version id of the working copy, once known
        self._entries: dict[str, Exercise]
        self._hashes: dict[str, str]
        # Entry files a git merge left in conflict: never loaded as entries until resolved.
        self._conflicts: dict[str, ConflictedEntry]
        # Each entry's text for searching, made on the first search (see _search_index).
        self._search_text: dict[str, SearchIndex]
        self._by_goal: dict[str, set[str]]
        # Sorted ids per goal query, kept until the next load or write: a browser asks the
        # same goal filter over and over, and sorting thousands of ids dominated it.
        self._ordered: dict[tuple[frozenset[str], str] | None, list[str]]
        self.problems: list[Problem]
        self._routines: RoutineStore | None
        self.reload()

    # -- loading ----------------------------------------------------------------------------
    def reload(self) -> None:
        """Read every entry file again. Broken files are listed in `problems`, not raised."""
        self.notes = []
        self._empty()
        if not self.folder.is_dir():
            return
        unfinished = []
        if (self.root / channel.JOURNAL_FILE).exists():
            try:
                with self._locked():
                    self.notes = channel.finish_interrupted(self.root, self.history,
                                                            self.folder, self._disk_hash)
            except (OSError, StretchkitError) as exc:  # still unwritable: read what is there
                unfinished.append(Problem(str(self.root / channel.JOURNAL_FILE), "",
                                          f"cannot finish an interrupted save: {exc}"))
        self._read_folder()
        if (self.root / batch_files.BATCH_FOLDER).is_dir():  # an import's process was killed
            undone = batch_files.undo_interrupted(self.root, self._restore)
            if undone:
                self.notes += undone
                self._empty()
                self._read_folder()
        self.problems[:0] = unfinished
        if not (self.history.folder / channel.MIGRATED_MARKER).exists():
            self._migrate()

    def _empty(self) -> None:
        """Forget every entry read (before reading the folder again)."""
        self._entries, self._hashes, self._search_text = {}, {}, {}
        self._conflicts = {}
        self._by_goal, self._ordered = {}, {}
        self.problems, self._heads = [], {}
        self._routines = None  # read again on next use

    def _read_folder(self) -> None:
        # A third of the load time for 1,000 entries went to the cycle collector rescanning
        # the growing library: paused while the files are read.
        with collector_paused():
            self._load_files()
        self._index_goals()
        self._live = channel.published_ids(self.root)

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
                if has_markers(data):
                    self._note_conflict(path, entry_id, data)
                else:
                    self.problems.extend(exc.problems)
                continue
            if entry.id != entry_id:
                self.problems.append(Problem(
                    path, "id", f"expected {entry_id!r} (the file name), got {entry.id!r}"))
                continue
            self._entries[entry_id] = entry

    def _note_conflict(self, path: str, entry_id: str, data: bytes) -> None:
        """Record an entry file with conflict markers: one problem per conflicting field
        (both values named), or one for the file when its sides do not read."""
        try:
            conflict = read_conflicted(data, where=path)
        except UnreadableConflict as exc:
            self.problems.append(Problem(path, "", f"{conflict_markers_message(data)} ({exc})"))
            return
        self._conflicts[entry_id] = conflict
        for name in conflict.fields:
            self.problems.append(Problem(
                path, name, f"merge conflict: ours {_describe(conflict.ours.get(name))}, "
                            f"theirs {_describe(conflict.theirs.get(name))}; pick one in the "
                            "authoring app (or Library.resolve_conflict)"))

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
            if entry_id in self._conflicts:
                raise self._conflict_error(entry_id) from None
            close = difflib.get_close_matches(str(entry_id), list(self._entries), n=1)
            hint = f": did you mean {close[0]!r}?" if close else ""
            raise NotFoundError(f"no entry {entry_id!r} in {self.folder}{hint}") from None

    # -- merge conflicts ----------------------------------------------------------------------
    def conflicts(self) -> list[str]:
        """Ids of the entries a git merge left with conflicting fields, by id."""
        return sorted(self._conflicts)

    def conflict(self, entry_id: str) -> ConflictedEntry:
        """Both sides of a conflicted entry file and the fields they disagree on."""
        try:
            return self._conflicts[entry_id]
        except KeyError:
            raise NotFoundError(f"entry {entry_id!r} has no merge conflict") from None

    def _conflict_error(self, entry_id: str) -> MergeConflictError:
        fields = self._conflicts[entry_id].fields
        return MergeConflictError(
            f"{self.path_of(entry_id)}: a git merge left conflicting values in "
            f"{', '.join(fields)}; pick one of each (the authoring app shows both, or "
            "Library.resolve_conflict) before the entry can be used", fields)

    def resolve_conflict(self, entry_id: str, picks: dict[str, str], by: str | None = None
                         ) -> Exercise:
        """Finish a merge: `picks` says for each conflicting field which side to keep
        ('ours' or 'theirs'). Writes the entry (a new version, event 'merge') and returns it;
        an approval or publication covers the result only if its content is what its
        reviewer saw (otherwise the status goes back to draft). UsageError when a field is
        not picked or a pick is not a side; ConflictError if the file changed since."""
        conflict = self.conflict(entry_id)
        unknown = sorted(set(picks) - set(conflict.fields))
        if unknown:
            raise UsageError(f"entry {entry_id!r}: {', '.join(unknown)}: not in conflict "
                             f"(conflicting: {', '.join(conflict.fields)})")
        bad = {f: side for f, side in picks.items() if side not in merge.SIDES}
        if bad:
            field, side = next(iter(bad.items()))
            raise UsageError(f"entry {entry_id!r}: {field}: expected 'ours' or 'theirs', "
                             f"got {side!r}")
        missing = [f for f in conflict.fields if f not in picks]
        if missing:
            raise UsageError(f"entry {entry_id!r}: pick 'ours' or 'theirs' for "
                             f"{', '.join(missing)}")
        data = merge.resolve(conflict.ours, conflict.theirs, picks)
        data["updated"] = now()
        path = self.path_of(entry_id)
        entry = validate_entry(data, self.vocabulary, where=str(path))
        entry = self._commit(self._checked(entry), creating=False, by=by, event="merge")
        del self._conflicts[entry_id]
        self.problems = [p for p in self.problems if p.where != str(path)]
        return entry

    def path_of(self, entry_id: str) -> Path:
        """The file of an id; refuses any id that could leave the data folder."""
        try:
            check_slug(entry_id)
        except Exception:
            raise EntryError(Problem(str(self.folder), "id",
                                     f"expected a safe slug, got {entry_id!r}")) from None
        return self.folder / f"{entry_id}.json"

    def file_digest(self, entry_id: str) -> str:
        """The SHA-256 of an entry's file as this library loaded or last saved it: it stands
        for the entry's content (what status remembers between runs is keyed by it)."""
        return self._hashes[entry_id]

    def changed_on_disk(self, entry_id: str) -> bool:
        """Whether the file differs from what this library loaded (another editor saved)."""
        return self._disk_hash(self.path_of(entry_id)) != self._hashes.get(entry_id)

    def filter(self, goals: str | Iterable[str] | None = None, match: str = "any",
               status: str | Iterable[str] | None = None,
               level: str | Iterable[str] | None = None,
               target: str | Iterable[str] | None = None,
               search: str | None = None, channel: str = "working") -> list[Exercise]:
        """Entries matching every filter given, in id order; every entry with no filters.

        `goals` match any (default) or all of the goals; `status`, `level` and `target`
        accept one value or several; `search` keeps entries where every word of it starts a
        word somewhere in their text, ignoring case, and orders them best first (see
        `search`). Goal, level and target names may be aliases. `channel` 'working' filters
        the working copies, 'published' the live versions (which are all published: a status
        filter is refused there).
        """
        if has_words(search):
            return [hit.entry for hit in self.search(
                search, goals=goals, match=match, status=status, level=level, target=target,
                channel=channel)]
        if match not in ("any", "all"):
            raise UsageError(f"match: expected 'any' or 'all', got {match!r}")
        if channel not in CHANNELS:
            raise UsageError(f"channel: expected one of {', '.join(CHANNELS)}, got {channel!r}")
        wanted_goals = _as_set(goals)
        key = None
        if wanted_goals:
            key = (frozenset(self.vocabulary.normalise("goals", g) for g in wanted_goals), match)
        entries = self._entries
        if channel == "published":
            if status is not None:
                raise UsageError("status: the published channel holds published versions only; "
                                 "filter by status in the working channel")
            entries = {e.id: e for e in self.published()}
            wanted = key[0] if key else frozenset()
            test = any if match == "any" else all
            ids = [i for i, e in entries.items()
                   if not wanted or test(g in e.goals for g in wanted)]
        else:
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
        if statuses is None and not levels and not targets:
            return [entries[entry_id] for entry_id in ids]
        out = []
        for entry_id in ids:
            entry = entries[entry_id]
            if statuses is not None and entry.status not in statuses:
                continue
            if levels and entry.level not in levels:
                continue
            if targets and targets.isdisjoint(entry.targets):
                continue
            out.append(entry)
        return out

    def search(self, text: str, *, goals: str | Iterable[str] | None = None,
               match: str = "any", status: str | Iterable[str] | None = None,
               level: str | Iterable[str] | None = None,
               target: str | Iterable[str] | None = None,
               channel: str = "working") -> list[SearchHit]:
        """The entries (among those the other filters keep) in which every word of `text`
        starts a word, ignoring case, best first, each with where it matched.

        A word matches the start of a word ("calf" finds "calf" and "calf-raise", not
        "halfcalf"; "one" does not find "bone"), and a singular finds its plural and back
        ("calf" finds "calves", "hamstrings" finds "hamstring"). An entry ranks by the
        weakest place its words matched: every word in the name (or id) first, then in the
        name, summary or goals, then anywhere else (instructions, tips, FAQ, cues, body
        areas, ...); then by how many words matched in the better places; then by id.
        `SearchHit.why` says where an entry matched when it was not in the name, for a
        browser to show under it. No words (an empty or blank text) keeps every entry.
        """
        entries = self.filter(goals=goals, match=match, status=status, level=level,
                              target=target, channel=channel)
        # The working copies' indexes are kept between searches (a browser searches on
        # every keystroke); saves and reloads drop them.
        cache = self._search_text if channel == "working" else None
        return find(entries, text, cache)

    @property
    def user(self) -> str:
        """Who saves through this library (see `stretchkit.store.identity`); settable."""
        if self._user is None:
            # Imported here: finding the user may start git, which no read-only command needs.
            from stretchkit.store.identity import current_user

            self._user = current_user(folder=self.root)
        return self._user

    @user.setter
    def user(self, name: str) -> None:
        self._user = " ".join(name.split()) or None

    # -- versions and the published channel -------------------------------------------------
    def is_live(self, entry_id: str) -> bool:
        """Whether the entry has a version in the published channel."""
        return entry_id in self._live

    def has_unpublished_changes(self, entry_id: str) -> bool:
        """Live, but the working copy moved on since (it waits for review)."""
        return entry_id in self._live and self.get(entry_id).status != "published"

    def published(self) -> list[Exercise]:
        """The published channel: the live version of each published entry, by id. A file
        that does not load is reported in `problems` and left out."""
        out = []
        for entry_id in sorted(self._live):
            entry = self._read_published(entry_id)
            if entry is not None:
                out.append(entry)
        return out

    def live_entries(self) -> list[Exercise]:
        """What `published()` returns, read fast: an entry whose working copy has the status
        published is its published version (`decide` writes both from the same bytes, and
        any edit puts the working copy back to draft), so only the live entries with
        unpublished changes are read from the channel. For a suggester that reads a large
        library on every request."""
        out = []
        for entry_id in sorted(self._live):
            entry = self._entries.get(entry_id)
            if entry is None or entry.status != "published":
                entry = self._read_published(entry_id)
            if entry is not None:
                out.append(entry)
        return out

    def _read_published(self, entry_id: str) -> Exercise | None:
        path = channel.published_path(self.root, entry_id)
        try:
            return load_entry(path.read_bytes(), self.vocabulary, where=str(path))
        except FileNotFoundError:
            return None  # withdrawn by another process since this library loaded
        except EntryError as exc:
            data = path.read_bytes()
            problems = [Problem(str(path), "", conflict_markers_message(data))] \
                if has_markers(data) else exc.problems
            self.problems.extend(p for p in problems if p not in self.problems)
            return None

    @property
    def routines(self) -> RoutineStore:
        """The data folder's saved routines (`data/routines/`), loaded on first use."""
        if self._routines is None:
            self._routines = RoutineStore(self.root, self.vocabulary)
        return self._routines

    def head(self, entry_id: str) -> str:
        """The id of the version the working copy is (recording one if none holds it)."""
        self.get(entry_id)
        with self._locked():
            parent = self._parent_of(entry_id, self._entries[entry_id])
        assert parent is not None  # a working copy always gets a version
        self._heads[entry_id] = parent[0]
        return parent[0]

    def versions(self, entry_id: str) -> list[Version]:
        """Every version of an entry, oldest first (read now: history is not loaded)."""
        return self.history.versions(self.path_of(entry_id).stem)

    def version(self, entry_id: str, ref: str) -> Version:
        """The version `ref` names: a version id or a unique prefix of one, `working` (the
        working copy's), `published` (the last publication) or `approved` (the version the
        last approval named)."""
        if ref == "working":
            return self.history.read(entry_id, self.head(entry_id))
        if ref == "published":
            found = channel.last_publication(self.versions(entry_id))
            if found is None:
                raise NotFoundError(f"entry {entry_id!r} has never been published")
            return found
        if ref == "approved":
            approval = next((r for r in reversed(self.get(entry_id).reviews)
                             if r.decision == "approved" and r.version), None)
            if approval is None:
                raise NotFoundError(f"entry {entry_id!r} has no approved version")
            ref = approval.version
        return self.history.resolve(self.path_of(entry_id).stem, ref)

    def diff(self, entry_id: str, start: str | None = None, end: str = "working"
             ) -> tuple[Version | None, Version, list[FieldChange]]:
        """What changed from version `start` to `end` (refs as `version` takes them), field
        by field. By default from the published version (else the previous one) to the
        working copy. Returns (start version or None for a first version, end version,
        changes)."""
        last = self.version(entry_id, end)
        if start is not None:
            first: Version | None = self.version(entry_id, start)
        elif self.is_live(entry_id):
            first = self.version(entry_id, "published")
        else:
            first = self.history.read(entry_id, last.parent) if last.parent else None
        return first, last, diff_entries(first.entry if first else None, last.entry)

    def restore_version(self, entry_id: str, ref: str, by: str | None = None) -> Exercise:
        """A new working version whose content equals the version `ref` names; the status
        and reviews stay as they are (restoring is an edit: a published entry goes back to
        draft and waits for review)."""
        old = self.version(entry_id, ref)
        current = self.get(entry_id)
        # The workflow fields stay; the content is the old version's, whole: a field that
        # version did not have yet (written before the model grew) takes its default rather
        # than keeping today's value.
        workflow = {k: v for k, v in current.model_dump(mode="json").items()
                    if k in WORKFLOW_FIELDS}
        entry = Exercise.model_validate({**workflow, **content_of(old.entry)},
                                        context={"vocabulary": self.vocabulary})
        return self._save(entry, new=False, by=by, event="restore")

    def _migrate(self) -> None:
        """Upgrade a folder made before versions, once: each published entry gets its first
        version and its place in the published channel. The other entries get their first
        version when they are next saved (or their history is asked for), so opening a large
        old library writes little."""
        done = 0
        try:
            with self._locked():
                for entry_id, entry in self._entries.items():
                    if entry.status != "published" or self.history.head(entry_id) is not None:
                        continue
                    data = dump_entry(entry)
                    self.history.write(self.history.make(json.loads(data), data, parent=None,
                                                         by="", event="migrate"))
                    if entry_id not in self._live:
                        channel.publish_file(self.root, entry_id, data)
                        self._live.add(entry_id)
                    done += 1
                self.history.folder.mkdir(parents=True, exist_ok=True)
                (self.history.folder / channel.MIGRATED_MARKER).touch()
        except OSError as exc:  # a read-only folder still reads; it is upgraded when writable
            self.notes.append(Problem(str(self.history.folder), "",
                                      f"cannot record versions here: {exc.strerror}"))
            return
        if done:
            self.notes.append(Problem(str(self.root / channel.PUBLISHED_FOLDER), "",
                                      f"put {done} published "
                                      f"{'entry' if done == 1 else 'entries'} in the published "
                                      "channel, each with its first version"))

    # -- writing ----------------------------------------------------------------------------
    def create(self, entry: Exercise) -> Exercise:
        """Add a new entry; ConflictError if the id (in any case or Unicode form) exists."""
        return self.save(entry, new=True)

    def save(self, entry: Exercise, *, new: bool = False, by: str | None = None
             ) -> Exercise:
        """Write an entry and return it as saved; the one place that decides new or existing.

        With `new`, or for an id this library has not loaded, the entry is created: refused
        with ConflictError if its id exists on disk. Otherwise the file is replaced, refused
        with ConflictError if it changed on disk since this library loaded it. Every save
        that changes the file records a version by `by` (default: `user`). Saving an
        unchanged entry writes nothing; a changed entry gets `updated` set to now unless the
        caller set `updated` itself. Editing the content of an approved or published entry
        puts it back to draft: what is published changes only through review, so a save
        never publishes and never approves (`decide` does, for the workflow).
        """
        return self._save(entry, new=new, by=by, event=None)

    def _save(self, entry: Exercise, *, new: bool, by: str | None, event: str | None
              ) -> Exercise:
        if entry.id in self._conflicts:
            raise self._conflict_error(entry.id)
        creating = new or entry.id not in self._hashes
        previous = None if creating else self._entries.get(entry.id)
        event = event or "create"
        if previous is not None:
            edited = content_of(entry) != content_of(previous)
            event = event if event != "create" else "edit" if edited else "save"
            if entry.status != previous.status and entry.status in REVIEWED:
                raise WorkflowError(
                    f"entry {entry.id!r}: status: a save cannot make an entry "
                    f"{entry.status!r}; approving and publishing go through review "
                    "(stretchkit status, or the review desk)")
            update: dict[str, object] = {}
            if entry != previous and entry.updated == previous.updated:
                update["updated"] = now()
            if edited and previous.status in REVIEWED and entry.status == previous.status:
                update["status"] = "draft"
            if update:
                entry = entry.model_copy(update=update)
        return self._commit(self._checked(entry), creating=creating, by=by, event=event)

    def put_back(self, entry: Exercise) -> Exercise:
        """Write `entry` back as it was before a batch this library began failed halfway (the
        all-or-nothing import's undo). No workflow rule applies: it undoes this library's own
        writes, it does not change anyone's decision. Recorded as a version like any save."""
        return self._commit(self._checked(entry), creating=False, by=None, event="restore")

    def batch(self, what: str) -> contextlib.AbstractContextManager[batch_files.Batch]:
        """Writes that stand or fall together, even if the process is killed (an import): see
        `stretchkit.store.batch`. On an exception or at the next load after a kill, entries
        are put back with `put_back` and other files byte for byte; call `reload` after an
        exception, as the library may still hold entries the undo removed."""
        return batch_files.batch(self.root, what, self._restore)

    def _restore(self, path: Path, before: bytes | None) -> None:
        """Put one file of an undone batch back: an entry as `put_back` does (a version
        records it), anything else, or an entry file that was not a readable entry, as it
        was on disk."""
        is_entry = path.parent == self.folder and path.suffix == ".json"
        if is_entry and before is None:
            # New in the batch: removed if it is what this library wrote (after a kill, what
            # the load read), not if someone else created that id meanwhile.
            if self._hashes.get(path.stem) == self._disk_hash(path):
                path.unlink(missing_ok=True)
            return
        if is_entry:
            try:
                old = load_entry(before, self.vocabulary)  # its problems are not shown
            except StretchkitError:
                old = None
            if old is not None:
                with contextlib.suppress(ConflictError):  # written meanwhile: theirs stays
                    self.put_back(old)
                return
        batch_files.restore_file(path, before)

    def decide(self, entry: Exercise, *, by: str) -> Exercise:
        """Record a workflow decision (the entry's new status and review), never a change
        of content. A move to published puts this version in the published channel; a move
        to archived takes the entry out of it. `stretchkit.review.change_status` decides
        whether the move is allowed; this only writes it."""
        previous = self.get(entry.id)
        if content_of(entry) != content_of(previous):
            raise WorkflowError(f"entry {entry.id!r}: a decision cannot change the content; "
                                "save the edit first")
        move = {"published": "publish", "archived": "withdraw"}.get(entry.status)
        return self._commit(self._checked(entry.model_copy(update={"updated": now()})),
                            creating=False, by=by, event="decision", channel_move=move)

    def _checked(self, entry: Exercise) -> Exercise:
        # The one validation of a save: an entry made with model_copy(update=...) was never
        # validated, so it is checked here (aliases normalised) before its bytes are made.
        return load_entry(dump_entry(entry), self.vocabulary, where=f"entry {entry.id!r}")

    def _commit(self, entry: Exercise, *, creating: bool, by: str | None, event: str,
                channel_move: str | None = None) -> Exercise:
        """Write a version, the published channel if it moves, then the working copy; a
        journal says what is under way, so a crash anywhere is finished on the next load."""
        data = dump_entry(entry)
        path = self.path_of(entry.id)
        self.folder.mkdir(parents=True, exist_ok=True)
        with self._locked():
            on_disk = self._check_unchanged(path, entry.id, creating)
            # A renamed or duplicated entry, or a restored one, brings its pictures along.
            media_files.adopt_files(self.root, entry)
            if on_disk == _digest(data) and channel_move is None:
                self._remember(entry, data)  # nothing changed: no version, no write
                return entry
            # No working copy to follow when creating, or when resolving a merge conflict
            # (the file holds two sides): the history's newest version is the parent then.
            parent = self._parent_of(entry.id, None if creating else self._entries.get(entry.id))
            version = self.history.make(json.loads(data), data, parent=parent,
                                        by=by or self.user, event=event)
            channel.write_journal(self.root, {"entry_id": entry.id, "version": version.id,
                                              "before": on_disk, "channel": channel_move})
            try:
                self.history.write(version)
                if channel_move == "publish":
                    channel.publish_file(self.root, entry.id, data)
                elif channel_move == "withdraw":
                    channel.withdraw_file(self.root, entry.id)
                if creating:
                    self._create_file(path, entry.id, data)
                else:
                    write_atomically(path, data)
            except Exception:
                # Refused (a full disk, a conflict): reported to the caller, so nothing is
                # left to finish. A version already written stays, as history never shrinks;
                # the working copy gets its own version at the next save.
                channel.clear_journal(self.root)
                self._live = channel.published_ids(self.root)
                raise
            channel.clear_journal(self.root)
            if channel_move == "publish":
                self._live.add(entry.id)
            elif channel_move == "withdraw":
                self._live.discard(entry.id)
            self._remember(entry, data)
            self._heads[entry.id] = version.id
        return entry

    def _check_unchanged(self, path: Path, entry_id: str, creating: bool) -> str | None:
        """Refuse a create over an existing id, or a replace of a file changed since it was
        loaded; the digest of the file on disk (None when there is none)."""
        if creating:
            if path.exists() or entry_id in self._entries:
                raise ConflictError(f"{path}: an entry with id {entry_id!r} already exists; "
                                    "choose another id or edit that entry")
            return None
        on_disk = self._disk_hash(path)
        if on_disk != self._hashes[entry_id]:
            what = "was deleted" if on_disk is None else "was changed by someone else"
            raise ConflictError(f"{path} {what} since it was loaded; reload to see their "
                                "version, or save yours under a new id")
        return on_disk

    def _create_file(self, path: Path, entry_id: str, data: bytes) -> None:
        try:
            write_atomically(path, data, exclusive=True)
        except FileExistsError:
            raise ConflictError(f"{path}: an entry with id {entry_id!r} was just created "
                                "by someone else") from None

    def _parent_of(self, entry_id: str, working: Exercise | None) -> tuple[str, dict] | None:
        """(id, entry data) of the version the next one follows: the working copy's. A
        working copy that no version holds (edited by hand, brought by git, or a crash between
        writing a version and the file) first gets a version of its own, so no saved state is
        ever lost."""
        head_id = self._heads.get(entry_id) or self.history.head(entry_id)
        if working is None:  # created again after a delete: the history goes on
            return (head_id, self.history.read(entry_id, head_id).entry) if head_id else None
        data = dump_entry(working)
        if head_id and digest_of(head_id) == _digest(data)[:12]:
            return head_id, json.loads(data)
        parent = (head_id, self.history.read(entry_id, head_id).entry) if head_id else None
        if parent is not None and self._same_in_this_model(parent[1], data):
            # The head version written before a field was added to the model: the working
            # copy is that version with the new field's default, not someone's edit.
            return head_id, json.loads(data)
        outside = self.history.make(json.loads(data), data, parent=parent, by="",
                                    event="outside" if head_id else "migrate")
        self.history.write(outside)
        return outside.id, outside.entry

    def _same_in_this_model(self, version_entry: dict, data: bytes) -> bool:
        """Whether a version's entry data, read with today's model, gives these file bytes."""
        current = json.loads(data)
        if list(current) == [k for k in Exercise.model_fields if k in current] and all(
                current[k] == version_entry[k] if k in version_entry
                else current[k] == json_default(k) for k in current) \
                and set(version_entry) <= set(current):
            return True  # only fields added since, at their defaults: no need to validate
        try:
            return dump_entry(validate_entry(version_entry, self.vocabulary)) == data
        except EntryError:
            return False

    def delete(self, entry_id: str) -> Path:
        """Move an entry's file to the trash (refused if it changed since loading), and its
        published version out of the channel; its history stays. Returns the trash path;
        `restore(entry_id)` undoes it."""
        path = self.path_of(entry_id)
        self.get(entry_id)
        with self._locked():
            if self._disk_hash(path) != self._hashes.get(entry_id):
                raise ConflictError(f"{path} changed on disk since it was loaded; reload "
                                    "before deleting it")
            channel.write_journal(self.root, {"entry_id": entry_id, "delete": True})
            target = channel.move_to_trash(self.root, entry_id)
            channel.clear_journal(self.root)
            self.translations.move_to_trash(entry_id)
        self._forget(entry_id)
        self._live.discard(entry_id)
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
        live = channel.restore_published(self.root, entry_id)
        entry = self._commit(entry, creating=True, by=None, event="restore")
        source.unlink()
        self.translations.restore_from_trash(entry_id)
        if live:
            self._live.add(entry_id)
        return entry

    # -- media ------------------------------------------------------------------------------
    def add_media(self, entry_id: str, source: str | bytes, *, name: str = "upload",
                  by: str | None = None, **fields: object) -> Exercise:
        """Add a picture or a link to an entry and save it; returns the entry as saved.

        `source` is an https link, a picture file's path, or a picture's bytes (an upload,
        `name` naming it in messages). A picture is checked and normalised (see
        `store.media`) and stored under the entry; `fields` are the item's other fields
        (alt, caption, role, step, license, author, source_url, kind). Refused (UsageError or
        EntryError, naming what is wrong and what is accepted) before anything is written."""
        entry = self.get(entry_id)
        item: dict[str, object] = {k: v for k, v in fields.items() if v is not None}
        image = None
        if isinstance(source, bytes):
            image = media_files.normalise_image(source, name)
        elif is_link(source):
            item["url"] = source
        else:
            if item.get("kind") == "video":
                raise UsageError(f"{source}: a video is an https:// link; the kit stores "
                                 "pictures only (PNG, JPEG or WebP)")
            image = media_files.read_image_file(source)
        if image is not None:
            item["file"] = image.name
        try:
            media_item = MediaItem.model_validate(item)
        except ValidationError as exc:
            where = f"entry {entry_id!r}"
            raise EntryError([Problem(where, f"media[{len(entry.media)}].{p.field}".rstrip("."),
                                      p.message) for p in problems_from(exc, where)],
                             where) from None
        updated = entry.model_copy(update={"media": [*entry.media, media_item]})
        stored = None
        if image is not None and not media_files.path_of(self.root, entry.id,
                                                         image.name).exists():
            stored = media_files.store(self.root, entry.id, image)
        try:
            return self.save(updated, by=by)
        except BaseException:
            if stored is not None:  # the save was refused: leave no file behind
                stored.unlink(missing_ok=True)
            raise

    def remove_media(self, entry_id: str, number: int, by: str | None = None) -> Exercise:
        """Take the `number`-th item (from 1) off an entry and save it. The file stays while a
        version of the entry uses it (a restore brings the picture back)."""
        entry = self.get(entry_id)
        if not 1 <= number <= len(entry.media):
            raise UsageError(f"entry {entry_id!r} has {len(entry.media)} media item"
                             f"{'s' * (len(entry.media) != 1)}; expected a number from 1 to "
                             f"{len(entry.media)}, got {number}")
        media = [m for i, m in enumerate(entry.media, 1) if i != number]
        return self.save(entry.model_copy(update={"media": media}), by=by)

    # -- settings and translations ------------------------------------------------------------
    @functools.cached_property
    def settings(self) -> Settings:
        """The data folder's settings (`stretchkit.json`), read on first use."""
        return load_settings(self.root)

    @functools.cached_property
    def translations(self) -> Translations:
        """The folder's translation files, read when asked for (never on load)."""
        return Translations(self.root, self.settings)

    @functools.cached_property
    def images(self) -> media_files.ImageSource:
        """Stored pictures as embedded thumbnails, for pages (`render_html(..., images=)`)
        that must work without a file server: JupyterLab, Voila, a saved page."""
        return media_files.embedded(self.root)

    def media_path(self, entry_id: str, name: str) -> Path:
        """Where a stored file of an entry is."""
        return media_files.path_of(self.root, entry_id, name)

    def media_problems(self) -> list[Problem]:
        """Files entries use that are missing, and files under `media/` that neither an entry
        nor any version of one uses. Reads the history: for `validate`, not for every load."""
        problems = []
        used: dict[str, set[str]] = {}
        for entry in self._entries.values():
            used.setdefault(entry.id, set()).update(media_files.files_of(entry))
            for i, item in enumerate(entry.media):
                if item.file and not self.media_path(entry.id, item.file).is_file():
                    problems.append(Problem(str(self.path_of(entry.id)), f"media[{i}].file",
                                            f"expected the file {item.file} in "
                                            f"{media_files.folder_of(self.root, entry.id)}, "
                                            "found none"))
        media_root = self.root / media_files.MEDIA_FOLDER
        folders = sorted(p.name for p in media_root.iterdir() if p.is_dir()) \
            if media_root.is_dir() else []
        for entry_id in folders:
            try:
                versions = self.history.versions(entry_id)
            except (StretchkitError, OSError):
                versions = []
            for version in versions:
                used.setdefault(entry_id, set()).update(
                    m.get("file") for m in version.entry.get("media", []) or []
                    if isinstance(m, dict) and m.get("file"))
        problems += [Problem(str(path), "", "no entry or version uses this file (delete it, or "
                             "add it to an entry with `stretchkit media add`)")
                     for path in media_files.unused_files(self.root, used)]
        return problems

    # -- helpers ----------------------------------------------------------------------------
    def _remember(self, entry: Exercise, data: bytes) -> None:
        old = self._entries.get(entry.id)
        if old is not None:
            for goal in old.goals:
                self._by_goal[goal].discard(entry.id)  # indexed: see _forget
        self._entries[entry.id] = entry
        self._hashes[entry.id] = _digest(data)
        self._search_text.pop(entry.id, None)
        self._ordered.clear()
        for goal in entry.goals:
            self._by_goal.setdefault(goal, set()).add(entry.id)

    def _forget(self, entry_id: str) -> None:
        # Only loaded entries are forgotten (delete gets the entry first): a KeyError here is
        # an index out of step, never a case to pass over.
        old = self._entries.pop(entry_id)
        del self._hashes[entry_id]
        self._search_text.pop(entry_id, None)  # indexed on the first search only
        self._ordered.clear()
        for goal in old.goals:
            self._by_goal[goal].discard(entry_id)

    _disk_hash = staticmethod(disk_digest)

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        """Serialise check-and-write across processes (see `fileio.locked_folder`)."""
        return locked_folder(self.folder)


def _describe(value: object) -> str:
    """A value in a few words for a one-line message: a text quoted and cut, a list counted."""
    if isinstance(value, list):
        if all(isinstance(v, str) for v in value) and len(", ".join(value)) <= 60:
            return "[" + ", ".join(value) + "]"
        return f"{len(value)} item{'s' if len(value) != 1 else ''}"
    if isinstance(value, str):
        return repr(value if len(value) <= 60 else value[:57] + "...")
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {v}" for k, v in value.items() if v is not None) + "}"
    return "none" if value is None else str(value)
