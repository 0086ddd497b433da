"""The errors stretchkit raises: one base class, so callers can catch everything at once."""

from __future__ import annotations

from dataclasses import dataclass


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


class EntryError(StretchkitError, ValueError):
    """An entry (or an entry file) is not valid; `problems` lists every field at fault."""

    def __init__(self, problems: list[Problem] | Problem | str, where: str = "entry"):
        if isinstance(problems, str):
            problems = [Problem(where, "", problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class VocabularyError(StretchkitError, ValueError):
    """A value is not in the vocabulary (or a vocabulary file is malformed)."""


class ConflictError(StretchkitError):
    """A save or create would overwrite something another editor wrote."""


class NotFoundError(StretchkitError, KeyError):
    """No entry with that id."""

    def __str__(self) -> str:  # KeyError would repr() the message
        return str(self.args[0]) if self.args else "not found"
