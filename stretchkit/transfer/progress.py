"""Progress bars for long imports and exports.

`tqdm.auto` draws a text bar in a terminal and a widget in a notebook. Short jobs get no bar:
a bar that flashes for a blink is noise.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sized
from typing import IO, TypeVar

from tqdm.auto import tqdm

T = TypeVar("T")

#: Jobs with fewer items than this show no bar.
PROGRESS_MINIMUM = 200


def progress_bar(description: str, *, file: IO[str] | None = None,
                 minimum: int = PROGRESS_MINIMUM) -> Callable[[Iterable[T]], Iterable[T]]:
    """A wrapper for `export_library(progress=...)` and `import_files(progress=...)`: it
    shows a bar (on `file`, default stderr) while the items are gone through, if there are at
    least `minimum` of them."""
    def wrap(items: Iterable[T]) -> Iterable[T]:
        total = len(items) if isinstance(items, Sized) else None
        return tqdm(items, desc=description, total=total, file=file, unit="entry",
                    disable=total is None or total < minimum)
    return wrap
