"""Saved routines: one file per routine in `<data>/routines/<id>.json`.

The entry file's storage rules, the simpler way round: stable bytes, atomic writes
(`write_atomically`), a save over a file that changed since it was loaded is refused
(ConflictError), creating an id that exists is refused, a broken file is reported and the
others load, delete moves to `<data>/.trash/routines/`. Routines are not versioned or
reviewed: a routine publishes nothing of its own (it points at entries, whose content went
through review, and a suggestion takes only published entries unless asked), and the folder
is plain files for git to keep the history of.
"""

from __future__ import annotations

import contextlib
import difflib
import os
from collections.abc import Mapping
from pathlib import Path

from stretchkit.errors import ConflictError, EntryError, NotFoundError, Problem
from stretchkit.fileio import locked_folder, write_atomically
from stretchkit.formats.routine_file import dump_routine, load_routine
from stretchkit.model.entry import Exercise, check_slug, now
from stretchkit.model.routine import Routine, check_routine
from stretchkit.model.timing import Timing
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.store.history import TRASH_FOLDER, digest, disk_digest

ROUTINE_FOLDER = "routines"


class RoutineStore:
    """The routines of one data folder, loaded at once (they are few and small)."""

    def __init__(self, root: str | os.PathLike[str], vocabulary: Vocabulary | None = None):
        self.root = Path(root)
        self.folder = self.root / ROUTINE_FOLDER
        self.vocabulary = vocabulary or Vocabulary.default()
        self.problems: list[Problem] = []
        self._routines: dict[str, Routine] = {}
        self._hashes: dict[str, str] = {}
        self.reload()

    def reload(self) -> None:
        """Read every routine file; broken ones are listed in `problems`, not raised."""
        self._routines, self._hashes, self.problems = {}, {}, []
        if not self.folder.is_dir():
            return
        for path in sorted(self.folder.glob("*.json")):
            if path.name.startswith("."):
                continue
            try:
                data = path.read_bytes()
            except OSError as exc:
                self.problems.append(Problem(str(path), "", f"cannot read: {exc.strerror}"))
                continue
            self._hashes[path.stem] = digest(data)
            try:
                routine = load_routine(data, self.vocabulary, where=str(path))
            except EntryError as exc:
                self.problems.extend(exc.problems)
                continue
            if routine.id != path.stem:
                self.problems.append(Problem(str(path), "id", f"expected {path.stem!r} (the "
                                             f"file name), got {routine.id!r}"))
                continue
            self._routines[routine.id] = routine

    # -- reading ------------------------------------------------------------------------------
    def __len__(self) -> int:
        return len(self._routines)

    def __contains__(self, routine_id: object) -> bool:
        return routine_id in self._routines

    def ids(self) -> list[str]:
        return sorted(self._routines)

    def all(self) -> list[Routine]:
        """Every routine, by id."""
        return [self._routines[i] for i in self.ids()]

    def get(self, routine_id: str) -> Routine:
        try:
            return self._routines[routine_id]
        except KeyError:
            close = difflib.get_close_matches(str(routine_id), list(self._routines), n=1)
            hint = f": did you mean {close[0]!r}?" if close else ""
            raise NotFoundError(f"no routine {routine_id!r} in {self.folder}{hint}") from None

    def path_of(self, routine_id: str) -> Path:
        """The file of a routine id; refuses an id that could leave the folder."""
        try:
            check_slug(routine_id)
        except Exception:
            raise EntryError(Problem(str(self.folder), "id",
                                     f"expected a safe slug, got {routine_id!r}")) from None
        return self.folder / f"{routine_id}.json"

    def check(self, entries: Mapping[str, Exercise], timing: Timing | None = None
              ) -> list[Problem]:
        """Every routine's problems against the library's entries (see `check_routine`):
        archived, renamed or deleted entries, totals off budget. A report: nothing breaks."""
        return [p for r in self.all()
                for p in check_routine(r, entries, str(self.path_of(r.id)), timing)]

    # -- writing ------------------------------------------------------------------------------
    def save(self, routine: Routine, *, new: bool = False, by: str | None = None) -> Routine:
        """Write a routine and return it as saved. With `new`, or for an id not loaded, it is
        created (ConflictError if the id exists); otherwise the file is replaced, refused
        with ConflictError if it changed on disk since it was loaded. An unchanged routine
        writes nothing; a changed one gets `updated` set to now (unless the caller set it), a
        new one `created` and `updated` (unless it has them: an import keeps its times), and
        `by` is added to the authors."""
        creating = new or routine.id not in self._hashes
        previous = None if creating else self._routines.get(routine.id)
        if previous is not None and routine == previous:
            return routine
        stamp = now()
        update: dict[str, object] = {}
        if creating:  # an import brings its own times; a new routine gets now
            update["created"] = routine.created or stamp
            update["updated"] = routine.updated or update["created"]
        elif previous is None or routine.updated == previous.updated:
            update["updated"] = stamp
        if by and by not in routine.authors:
            update["authors"] = [*routine.authors, by]
        # Validated again: a model_copy(update=...) never was.
        routine = load_routine(dump_routine(routine.model_copy(update=update)),
                               self.vocabulary, where=f"routine {routine.id!r}")
        data = dump_routine(routine)
        path = self.path_of(routine.id)
        with self._locked():
            if creating:
                try:
                    write_atomically(path, data, exclusive=True)
                except FileExistsError:
                    raise ConflictError(f"{path}: a routine with id {routine.id!r} already "
                                        "exists; choose another name or open that "
                                        "routine") from None
            else:
                on_disk = self._disk_hash(path)
                if on_disk != self._hashes[routine.id]:
                    what = "was deleted" if on_disk is None else "was changed by someone else"
                    raise ConflictError(f"{path} {what} since it was loaded; reload to see "
                                        "theirs, or save yours under a new name")
                write_atomically(path, data)
        self._routines[routine.id] = routine
        self._hashes[routine.id] = digest(data)
        return routine

    def free_id(self, wanted: str) -> str:
        """`wanted`, or `wanted-2`, `-3`... the first id no routine has (on disk too)."""
        candidate, number = wanted, 1
        while candidate in self._routines or self.path_of(candidate).exists():
            number += 1
            candidate = f"{wanted}-{number}"
        return candidate

    def delete(self, routine_id: str) -> Path:
        """Move a routine's file to `<data>/.trash/routines/` (refused if it changed since
        loading); returns where it went."""
        path = self.path_of(routine_id)
        self.get(routine_id)
        trash = self.root / TRASH_FOLDER / ROUTINE_FOLDER
        with self._locked():
            if self._disk_hash(path) != self._hashes.get(routine_id):
                raise ConflictError(f"{path} changed on disk since it was loaded; reload "
                                    "before deleting it")
            trash.mkdir(parents=True, exist_ok=True)
            target = trash / path.name
            if target.exists():
                target = trash / f"{path.stem}.{now().strftime('%Y%m%dT%H%M%S')}.json.old"
            os.replace(path, target)
        del self._routines[routine_id]
        del self._hashes[routine_id]
        return target

    _disk_hash = staticmethod(disk_digest)

    def _locked(self) -> contextlib.AbstractContextManager[None]:
        """Serialise check-and-write across processes (see `fileio.locked_folder`)."""
        return locked_folder(self.folder)
