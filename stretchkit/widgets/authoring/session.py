"""The authoring session in plain Python: which entry is open, the draft the coach is typing, its
problems, and whether it differs from the saved file. No widgets here.

The draft is "form data": what the widgets show, blank rows and half-typed numbers included.
`clean_data` turns it into entry data (blank rows dropped, numbers parsed); validation maps
every problem back to the field and the row the coach sees. Every change to the library goes
through `Library` (save, create, delete, restore, reload), so the hash check protects a save
from overwriting someone else's work, and a refused save leaves the draft as it was.
"""

from __future__ import annotations

import contextlib
import copy
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import ValidationError
from pydantic_core import PydanticCustomError

from stretchkit.errors import ConflictError, EntryError, Problem, StretchkitError, UsageError
from stretchkit.formats.entry_file import entry_to_dict
from stretchkit.model.entry import (
    TEXT_LIST_FIELDS,
    Cue,
    Dosage,
    Exercise,
    FaqItem,
    MediaItem,
    Precaution,
    Source,
    check_slug,
    new_draft,
    now,
    slugify,
    validate_entry,
)
from stretchkit.store import media as media_files
from stretchkit.store.library import Library
from stretchkit.widgets.base import Session

#: Fields a coach edits; the others (status, reviews, created, updated) are kept as loaded.
EDITABLE = ("id", "name", "summary", *TEXT_LIST_FIELDS, "faq", "cues", "goals", "targets",
            "position", "kind", "level", "equipment", "dosage", "precautions", "media", "source")
#: The parts of a media item the Media tab edits (the file or link is set when it is added).
MEDIA_KEYS = ("role", "step", "alt", "caption", "license", "author", "source_url")
DOSAGE_KEYS = ("hold_min", "hold_max", "breaths", "reps", "sides")
SOURCE_KEYS = ("title", "url", "author", "license")
#: What the Credits tab calls each part of the source (label, placeholder), in plain words;
#: error messages name the part the same way.
SOURCE_LABELS = {
    "title": ("Title", "The book, article or page it comes from"),
    "url": ("Source link", "https://... where to find it"),
    "author": ("Author", "Who wrote it"),
    "license": ("License", "e.g. CC BY 4.0"),
}
NEW_NAME = "New stretch"

T = TypeVar("T")


def form_from_entry(entry: Exercise) -> dict[str, Any]:
    """The form data that shows an entry: plain strings, lists and dicts, '' for 'not set'."""
    data = entry_to_dict(entry)
    data.setdefault("media", [])  # the file leaves out an empty list; the form has one
    hold = data["dosage"]["hold_seconds"] or ("", "")
    data["dosage"] = {
        "hold_min": str(hold[0]), "hold_max": str(hold[1]),
        "breaths": str(data["dosage"]["breaths"] or ""),
        "reps": str(data["dosage"]["reps"] or ""),
        "sides": data["dosage"]["sides"] or "",
    }
    source = data["source"] or {}
    data["source"] = {k: source.get(k) or "" for k in SOURCE_KEYS}
    for key in ("position", "kind", "level"):
        data[key] = data[key] or ""
    return data


def _number(text: str) -> int | str | None:
    text = text.strip()
    if not text:
        return None
    return int(text) if re.fullmatch(r"\d{1,6}", text) else text  # pydantic names a bad one


@dataclass
class CleanData:
    """Entry data from a form, and for each list field which form row each item came from."""

    data: dict[str, Any]
    rows: dict[str, list[int]]


def clean_data(form: dict[str, Any]) -> CleanData:
    """Entry data from form data. Blank rows are dropped (an empty row added by mistake is
    nothing to lose); everything else goes to validation as typed."""
    data = dict(form)
    rows: dict[str, list[int]] = {}
    for key in TEXT_LIST_FIELDS:
        kept = [i for i, text in enumerate(form.get(key, [])) if text.strip()]
        rows[key] = kept
        data[key] = [form[key][i] for i in kept]
    faq = form.get("faq", [])
    rows["faq"] = [i for i, f in enumerate(faq) if f["question"].strip() or f["answer"].strip()]
    data["faq"] = [dict(faq[i]) for i in rows["faq"]]
    cues = form.get("cues", [])
    rows["cues"] = [i for i, c in enumerate(cues) if c["text"].strip()]
    data["cues"] = [dict(cues[i]) for i in rows["cues"]]
    precautions = form.get("precautions", [])
    rows["precautions"] = [i for i, p in enumerate(precautions)
                           if p["condition"] or p["reason"].strip()]
    data["precautions"] = [dict(precautions[i]) for i in rows["precautions"]]
    media = form.get("media", [])
    rows["media"] = list(range(len(media)))
    data["media"] = [{k: (None if v == "" and k in ("license", "author", "source_url", "step")
                          else v) for k, v in m.items()} for m in media]
    dosage = form.get("dosage") or {}
    lo, hi = _number(dosage.get("hold_min", "")), _number(dosage.get("hold_max", ""))
    data["dosage"] = {
        "hold_seconds": None if lo is None and hi is None else
        [lo if lo is not None else hi, hi if hi is not None else lo],
        "breaths": _number(dosage.get("breaths", "")),
        "reps": _number(dosage.get("reps", "")),
        "sides": dosage.get("sides") or None,
    }
    source = {k: v.strip() for k, v in (form.get("source") or {}).items() if v.strip()}
    data["source"] = source or None  # a url without a title is reported as such
    for key in ("position", "kind", "level"):
        data[key] = form.get(key) or None
    return CleanData(data, rows)


_ITEM = re.compile(r"^([a-z_]+)\[(\d+)\](?:\.(\w+))?")
_ROW_NAMES = {"faq": "Question", "cues": "Cue", "overview": "Paragraph",
              "instructions": "Step", "authors": "Author", "precautions": "Precaution",
              "media": "Picture"}


def field_errors(problems: list[Problem], rows: dict[str, list[int]]) -> dict[str, list[str]]:
    """Problems grouped by the top-level field the form shows them under, each message naming
    the row as the coach counts it ('Step 3: ...')."""
    out: dict[str, list[str]] = {}
    for problem in problems:
        path = problem.field or ""
        match = _ITEM.match(path)
        if match and match.group(1) in rows:
            field, index, part = match.group(1), int(match.group(2)), match.group(3)
            kept = rows[field]
            row = kept[index] + 1 if index < len(kept) else index + 1
            what = f"{_ROW_NAMES.get(field, 'Item')} {row}"
            if part and field in ("faq", "cues", "precautions", "media"):
                what += f" ({part})"
            message = f"{what}: {problem.message}"
        else:
            field = re.split(r"[.\[]", path, maxsplit=1)[0] or "entry"
            message = problem.message
            rest = path[len(field):].lstrip(".")
            if field in ("dosage", "source") and rest:
                part = rest.split("[")[0]
                if field == "source" and part in SOURCE_LABELS:
                    part = SOURCE_LABELS[part][0].lower()
                message = f"{part.replace('_', ' ')}: {message}"
        out.setdefault(field, []).append(message)
    return out


def _lenient(data: dict[str, Any], invalid: set[str]) -> Exercise:
    """An Exercise built without validation, for previewing a draft that is not valid yet:
    the parts in error that could not be shown (numbers, nested objects) are left out."""
    fields = dict(data)
    fields["faq"] = [FaqItem.model_construct(**f) for f in data["faq"]]
    fields["cues"] = [Cue.model_construct(**c) for c in data["cues"]]
    fields["precautions"] = [] if "precautions" in invalid else [
        Precaution.model_construct(**p) for p in data["precautions"]]
    fields["dosage"] = Dosage() if "dosage" in invalid else Dosage.model_construct(
        **{**data["dosage"], "hold_seconds": tuple(data["dosage"]["hold_seconds"])
           if data["dosage"]["hold_seconds"] else None})
    fields["media"] = [] if "media" in invalid else [
        MediaItem.model_construct(**m) for m in data.get("media", [])]
    fields["source"] = None if "source" in invalid or not data["source"] else \
        Source.model_construct(**data["source"])
    return Exercise.model_construct(**fields)


#: Reasons after which the draft is another one (widgets show it afresh) ...
REPLACED = frozenset({"load", "saved", "deleted", "restored", "reloaded"})
#: ... and after which the library's entries changed too (lists refresh).
LIBRARY_CHANGED = frozenset({"saved", "deleted", "restored", "reloaded"})


class AuthoringSession(Session):
    """One entry being edited against a Library. Listeners are called with a reason after
    every change: 'draft' (the coach typed), 'message', 'conflict', or one of REPLACED.
    Messages are "ok" or "warn" (a refused save or delete: the draft is kept)."""

    def __init__(self, library: Library):
        super().__init__()
        self.library = library
        self.vocabulary = library.vocabulary
        self.original: Exercise | None = None  # the saved version; None while never saved
        self.form: dict[str, Any] = {}
        self.entry: Exercise | None = None  # the draft as a valid entry, or None
        self.errors: dict[str, list[str]] = {}
        self.problems: list[Problem] = []
        self.conflict: str = ""  # why the last save was refused by the library, if it was
        self.deleted: tuple[str, dict[str, Any]] | None = None  # for undo
        self.id_follows_name = False
        #: The entry a Duplicate was made from: its translations go with the copy's first save.
        self.copied_from: str | None = None
        self._clean: CleanData = CleanData({}, {})
        self._baseline: dict[str, Any] = {}
        self._opened: dict[str, Any] = {}
        #: Pictures this session stored that no save has claimed yet: file name -> the entry
        #: folder holding it. They follow the draft's id until it is saved.
        self._uploads: dict[str, str] = {}

    # -- what the widgets ask ---------------------------------------------------------------
    @property
    def is_new(self) -> bool:
        """True while the entry has never been saved (New, Duplicate, a deleted one)."""
        return self.original is None

    @property
    def dirty(self) -> bool:
        """True when the draft differs from what was opened (the saved version, or the new
        entry as New or Duplicate made it): leaving it now would lose typing."""
        return self._clean.data != self._baseline

    @property
    def current_id(self) -> str | None:
        return None if self.is_new else self.original.id

    def publication_note(self) -> str:
        """How the open entry stands with readers, in words: 'published, with unpublished
        changes' while the working copy moved on from the live version, else ''."""
        if self.is_new or self.original.id not in self.library:
            return ""
        if self.library.has_unpublished_changes(self.original.id):
            return "published, with unpublished changes"
        return ""

    def preview_entry(self) -> Exercise:
        """The draft as readers would see it, valid or not (so the preview follows typing)."""
        if self.entry is not None:
            return self.entry
        return _lenient(self._clean.data, set(self.errors))

    # -- loading ----------------------------------------------------------------------------
    def load(self, entry_id: str) -> None:
        """Open a saved entry (the library's version); the previous draft is dropped."""
        self._open(self.library.get(entry_id), saved=True)
        self._notify("load")

    def start_new(self, name: str = NEW_NAME) -> None:
        """A new draft from the template, with an id no other entry has."""
        entry = new_draft(name, self._free_id(slugify(name)))
        self._open(entry, saved=False)
        self.id_follows_name = True
        self.say("A new entry: give it a name. It is saved when you press Save.", "ok", "load")

    def duplicate(self) -> None:
        """A new draft copied from the current one, under a new id and a '(copy)' name."""
        stamp = now().isoformat()
        form = copy.deepcopy(self.form)
        form.update(name=f"{form['name']} (copy)", id=self._free_id(f"{form['id']}-copy"),
                    status="draft", reviews=[], created=stamp, updated=stamp)
        copied_from = self.original.id if self.original is not None else None
        self.original = None
        self.conflict = ""
        self.id_follows_name = False
        self._set_form(form)
        self.copied_from = copied_from
        self._uploads_follow_id()
        self.say(f"Copied to a new entry, {form['name']}: it is saved when you press Save.",
                  "ok", "load")

    def revert(self) -> None:
        """Drop the draft's changes: back to the entry as it was opened."""
        self.conflict = ""
        self._set_form(copy.deepcopy(self._opened))
        self.say("Changes dropped.", "ok", "load")

    def _open(self, entry: Exercise, saved: bool) -> None:
        self.original = entry if saved else None
        self.copied_from = None
        self.conflict = ""
        self.clear_message()
        self.id_follows_name = False
        # A saved entry is valid as the library holds it: no need to validate it again.
        self._set_form(form_from_entry(entry), valid=entry if saved else None)

    def _set_form(self, form: dict[str, Any], baseline: dict[str, Any] | None = None,
                  valid: Exercise | None = None) -> None:
        """Show `form`; `baseline` is what counts as unchanged (default: this form);
        `valid` is the entry the form shows when it is known to be valid."""
        self.form = form
        if valid is None:
            self._validate()
        else:
            self._clean = clean_data(form)
            self.entry, self.problems, self.errors = valid, [], {}
        self._baseline = baseline if baseline is not None else self._clean.data
        if baseline is None:
            self._opened = copy.deepcopy(form)

    # -- editing ----------------------------------------------------------------------------
    def update(self, field: str, value: Any) -> None:
        """Set one field of the draft (as the widget shows it) and re-check the draft."""
        if field not in EDITABLE:
            raise KeyError(f"{field!r} is not an editable field (expected one of "
                           f"{', '.join(EDITABLE)})")
        self.form[field] = value
        if field == "id":
            self.id_follows_name = False
        elif field == "name" and self.id_follows_name and self.is_new:
            # No letters yet: the id stays until the name has some.
            with contextlib.suppress(EntryError):
                self.form["id"] = self._free_id(slugify(value))
        self._uploads_follow_id()
        self._validate()
        # "Saved ..." is no longer news once the coach types; "Not saved: fix ..." is stale
        # once the draft is valid (a conflict keeps its message while its banner is up).
        if self.tone == "ok" or (self.entry is not None and not self.conflict):
            self.clear_message()
        self._notify("draft")

    def _validate(self) -> None:
        self._clean = clean_data(self.form)
        entry_id = self.form.get("id")
        where = f"entry {entry_id!r}"
        try:
            self.entry = validate_entry(self._clean.data, self.vocabulary, where)
            problems: list[Problem] = []
        except EntryError as exc:
            self.entry, problems = None, exc.problems
        if self.is_new and entry_id in self.library:
            problems.append(Problem(where, "id", f"{entry_id!r} is already used by "
                                                 f"{self.library.get(entry_id).name!r}; "
                                                 "choose another id"))
        elif not self.is_new and entry_id != self.original.id:
            problems.append(Problem(where, "id", "the id of a saved entry is its file name and "
                                                 "cannot change; use Duplicate for a new id"))
        if problems:
            self.entry = None
        self.problems = problems
        self.errors = field_errors(problems, self._clean.rows)

    def _free_id(self, base: str) -> str:
        candidate, n = base, 2
        while candidate in self.library:
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    # -- media ------------------------------------------------------------------------------
    def _valid_id(self) -> str | None:
        """The draft's id if it is a valid one (a folder name that stays inside media/)."""
        try:
            return check_slug(self.form.get("id"))
        except PydanticCustomError:
            return None

    def _uploads_follow_id(self) -> None:
        """Move the pictures uploaded to an unsaved draft into the folder of its id when the id
        changes (a new entry's id follows its name), so the saved entry finds them in its own
        folder and none is left behind under an id no entry has."""
        entry_id = self._valid_id()
        if entry_id is None:
            return  # an id being typed: the pictures wait where they are
        for name, folder in list(self._uploads.items()):
            if folder != entry_id:
                try:
                    media_files.move_file(self.library.root, name, folder, entry_id)
                except OSError:
                    continue  # still where it was: the save copies it (`adopt_files`)
                self._uploads[name] = entry_id

    def add_picture(self, data: bytes, name: str = "upload") -> bool:
        """Check and store an uploaded picture (see `store.media`) and add it to the draft
        as the next item (main picture if it is the first); saved with the draft. A refused
        file is said in the message line, naming it and what is accepted."""
        entry_id = self._valid_id()
        if entry_id is None:
            self.say(f"Not added: {name}: give the entry a valid id first (the pictures are "
                     "kept in a folder named after it)", "error")
            return False
        try:
            image = media_files.normalise_image(data, name)
            fresh = not media_files.path_of(self.library.root, entry_id, image.name).exists()
            media_files.store(self.library.root, entry_id, image)
        except (UsageError, OSError) as exc:
            self.say(f"Not added: {exc}", "error")
            return False
        if fresh:
            self._uploads[image.name] = entry_id
        self._add_media({"kind": "image", "file": image.name})
        self.say(f"Added {name}: now give it alt text, a licence and the author.", "ok")
        return True

    def add_link(self, url: str, kind: str = "video") -> bool:
        """Add an https link (a video page, a remote picture) to the draft; anything but an
        https link is refused with a message."""
        try:
            MediaItem(kind=kind, url=url.strip())
        except ValidationError as exc:
            self.say(f"Not added: {exc.errors(include_url=False)[0]['msg']}", "error")
            return False
        self._add_media({"kind": kind, "url": url.strip()})
        return True

    def _add_media(self, item: dict[str, Any]) -> None:
        blank = {"kind": "image", "file": None, "url": None, "role": "main", "step": None,
                 "alt": "", "caption": "", "license": None, "author": None,
                 "source_url": None}
        self.update("media", [*self.form.get("media", []), {**blank, **item}])

    def update_media(self, index: int, key: str, value: Any) -> None:
        """Set one part of media item `index` (see MEDIA_KEYS)."""
        if key not in MEDIA_KEYS:
            raise KeyError(f"{key!r} is not an editable part of a media item (expected one of "
                           f"{', '.join(MEDIA_KEYS)})")
        media = [dict(m) for m in self.form.get("media", [])]
        media[index][key] = value
        if key == "role" and value != "step":
            media[index]["step"] = None
        elif key == "role" and media[index].get("step") is None:
            media[index]["step"] = 1
        self.update("media", media)

    def move_media(self, index: int, by: int) -> None:
        """Move media item `index` up (by=-1) or down (by=1) the list."""
        media = list(self.form.get("media", []))
        target = index + by
        if 0 <= index < len(media) and 0 <= target < len(media):
            media[index], media[target] = media[target], media[index]
            self.update("media", media)

    def remove_media(self, index: int) -> None:
        """Take media item `index` off the draft (the file stays while a version uses it)."""
        media = list(self.form.get("media", []))
        del media[index]
        self.update("media", media)

    # -- saving -----------------------------------------------------------------------------
    def save(self) -> bool:
        """Save the draft through the library. Returns True if saved. A refused save (problems
        in the form, a conflict, a disk error) leaves the draft untouched and says why."""
        self.conflict = ""
        if self.entry is None:
            n = len(self.problems)
            self.say(f"Not saved: {n} problem{'s' if n != 1 else ''} to fix first (marked in "
                      "the form). Your text is kept.", "warn")
            return False
        creating = self.is_new
        try:
            saved = self.library.save(self.entry, new=creating)
        except ConflictError as exc:
            self.conflict = str(exc)
            self.say("Not saved: the file changed since you opened it. Your text is kept.",
                      "warn", "conflict")
            return False
        except (StretchkitError, OSError) as exc:
            self.say(f"Not saved: {exc}. Your text is kept.", "warn")
            return False
        # The saved entry (and its versions) now keep the pictures it uses.
        self._uploads = {name: folder for name, folder in self._uploads.items()
                         if folder != saved.id}
        copied = []
        if creating and self.copied_from and self.copied_from != saved.id:
            # A duplicate keeps its original's translations (current while its text is the
            # same); a failure here loses nothing of the entry, so it is only said.
            try:
                copied = self.library.translations.copy(self.copied_from, saved.id)
            except (StretchkitError, OSError) as exc:
                self._open(saved, saved=True)
                self.say(f"Saved {saved.name}, but its translations were not copied: {exc}",
                         "warn", "saved")
                return True
        self._open(saved, saved=True)
        self.say(f"Saved {saved.name}" + (f" with {len(copied)} translation"
                                          f"{'s' * (len(copied) != 1)}" if copied else "")
                 + ".", "ok", "saved")
        return True

    def save_as_copy(self) -> bool:
        """Keep both versions: save the draft as a new entry with a free id."""
        if self.entry is None:
            return self.save()  # says what to fix
        base = self.original.id if self.original is not None else self.form["id"]
        form = dict(self.form, id=self._free_id(f"{base}-copy"),
                    name=f"{self.form['name']} (copy)", status="draft", reviews=[])
        copied_from = self.original.id if self.original is not None else None
        self.original = None
        self._set_form(form)
        self.copied_from = copied_from
        self._uploads_follow_id()
        return self.save()

    def restore_version(self, ref: str, when: str = "") -> bool:
        """Make the content of version `ref` the working copy again (a new version, recorded
        as an edit: a published entry waits for review again) and reopen the entry; the draft
        is dropped, so ask before calling this while it is `dirty`. `when` names the version
        in the message. A refused restore says why and changes nothing."""
        self.conflict = ""
        if self.is_new:
            self.say("A new entry has no versions to restore yet.", "warn")
            return False
        entry_id = self.original.id
        restored = self._write_or_say(lambda: self.library.restore_version(entry_id, ref),
                                      "restored")
        if restored is None:
            return False
        self._open(restored, saved=True)
        what = f"the version of {when}" if when else "that version"
        live = self.library.has_unpublished_changes(entry_id)
        self.say(f"Restored {what} of {restored.name}: it is the working copy now."
                 + (" Readers see the published version until this one is reviewed."
                    if live else ""), "ok", "restored")
        return True

    def _write_or_say(self, write: Callable[[], T], done: str) -> T | None:
        """Run a library write; if it is refused, say why ("Not deleted: ...") and return
        None. A conflict also shows its banner (reload theirs, or keep mine as a copy)."""
        try:
            return write()
        except ConflictError as exc:
            self.conflict = str(exc)
            self.say(f"Not {done}: the file changed since you opened it.", "warn", "conflict")
        except (StretchkitError, OSError) as exc:
            self.say(f"Not {done}: {exc}", "warn")
        return None

    def reload_theirs(self) -> None:
        """Drop the draft and read the library again: the other editor's version wins."""
        entry_id = self.current_id or self.form.get("id")
        self.library.reload()
        self.conflict = ""
        if entry_id in self.library:
            self.load(entry_id)
            self.say("Reloaded: this is the version on disk now.", "ok", "reloaded")
        else:
            self.open_first()
            self.say(f"{entry_id!r} is no longer in the library: someone deleted it.", "warn",
                      "reloaded")

    def open_first(self) -> None:
        """Open the first entry of the library, or a new draft when it is empty."""
        ids = self.library.ids()
        if ids:
            self.load(ids[0])
        else:
            self.start_new()

    # -- deleting ---------------------------------------------------------------------------
    def delete(self) -> bool:
        """Move the entry to the library's trash (a never-saved draft is just dropped);
        `undo_delete` brings it back with whatever was typed into it."""
        self.conflict = ""
        name = self.form.get("name", "")
        if self.is_new:
            self.open_first()
            self.say(f"Dropped the unsaved draft {name}.", "ok", "deleted")
            return True
        entry_id = self.original.id
        if self._write_or_say(lambda: self.library.delete(entry_id), "deleted") is None:
            return False
        self.deleted = (entry_id, copy.deepcopy(self.form))
        self.open_first()
        self.say(f"Deleted {name}.", "ok", "deleted")
        return True

    def undo_delete(self) -> bool:
        """Restore the last deleted entry and reopen it with the draft it had."""
        if self.deleted is None:
            return False
        entry_id, form = self.deleted
        try:
            restored = self.library.restore(entry_id)
        except (StretchkitError, OSError) as exc:
            self.say(f"Could not undo the delete: {exc}", "warn")
            return False
        self.deleted = None
        self._open(restored, saved=True)
        self._set_form(form, baseline=self._baseline)
        self.say(f"Restored {restored.name}.", "ok", "restored")
        return True
