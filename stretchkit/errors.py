"""Every error stretchkit raises on purpose, under one base class so callers can catch them all.

Each message names where the problem is (file, row or field), what was expected and what came.
Errors that carry many problems (`EntryError` and its kin) list every one of them, gathered
into one report rather than stopping at the first.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one entry: where it is, which field, and what was expected."""

    where: str
    field: str
    message: str

    def __str__(self) -> str:
        if self.field:
            return f"{self.where}: {self.field}: {self.message}"
        return f"{self.where}: {self.message}"


class StretchkitError(Exception):
    """Base of every error stretchkit raises on purpose."""


class UsageError(StretchkitError, ValueError):
    """A function or command was given a value it does not take (the command line exits 2)."""


class RoutineRefused(UsageError):
    """No routine keeps every rule for this request (too few entries for the goals, level and
    equipment, or too few minutes); the message says why and `missing` lists what would
    help."""

    def __init__(self, message: str, missing: list[str] | None = None):
        self.missing = list(missing or [])
        super().__init__(message)


class EntryError(StretchkitError, ValueError):
    """An entry (or an entry file) is not valid; `problems` lists every field at fault."""

    def __init__(self, problems: list[Problem] | Problem | str, where: str = "entry"):
        if isinstance(problems, str):
            problems = [Problem(where, "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ReadError(EntryError):
    """Some records of an input could not be read; every problem is listed, and `entries`
    holds the (where, entry) pairs that could be (a dry run shows them; an import writes
    none)."""

    def __init__(self, problems: list[Problem], entries: list[tuple[str, Any]] | None = None,
                 where: str = "import"):
        super().__init__(problems, where)
        self.entries = list(entries or [])


class VocabularyError(StretchkitError, ValueError):
    """A value is not in the vocabulary (or a vocabulary file is malformed)."""


class MappingError(StretchkitError):
    """A mapping file for foreign data is wrong (the message names the file and the key)."""


class ConflictError(StretchkitError):
    """A save or create would overwrite something another editor wrote."""


class MergeConflictError(ConflictError):
    """An entry file a git merge left with conflicting values: it is not loaded until a coach
    picks a value for each field in `fields` (`Library.resolve_conflict`)."""

    def __init__(self, message: str, fields: tuple[str, ...] = ()):
        self.fields = tuple(fields)
        super().__init__(message)


class UnreadableConflict(StretchkitError, ValueError):
    """A file with git conflict markers whose sides are not JSON objects, or whose markers do
    not pair up (the message says which side or line, and why)."""


class NotFoundError(StretchkitError, KeyError):
    """No entry with that id."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else "not found"


class StorageError(StretchkitError, OSError):
    """The disk refused a read or a write; the message names the file and the reason."""

    def __init__(self, path: object, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{path}: {reason}")

    def __str__(self) -> str:  # OSError would format its own (errno, strerror) pair
        return f"{self.path}: {self.reason}"


class WorkflowError(StretchkitError, ValueError):
    """A status change that the workflow does not allow, with the reason."""


class ApprovalRefused(WorkflowError):
    """The content checks found errors, so the entry cannot be approved or published;
    `findings` lists them."""

    def __init__(self, message: str, findings: list[Any]):
        self.findings = findings
        super().__init__(message)


class EncodingNotice(StretchkitError, UserWarning):
    """A warning, not raised: a file was not UTF-8 and was read in a fallback encoding (the
    command line prints it as a note; notebooks show it as a warning)."""
