"""Large jobs split over the machine's cores: forked child processes compute parts of a job
(a translators' file of 10,000 entries, the status of every translation file) while this
process computes the first part.

The kit forks only where that is safe and worth it: on a system with `fork`, with more than
one core, and in a process with a single thread. A Jupyter kernel runs several threads, and a
fork there could copy a lock another thread holds: the app's jobs run here, part after part.

A child computes its part and writes nothing but the result (pickled) into a pipe; it never
writes a file. So a child killed at any instant leaves nothing behind, and a child that fails,
dies or cannot send its result has its part computed again here: the result, or the error a
serial run would raise, is always this process's own.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import signal
import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

Part = TypeVar("Part")
Result = TypeVar("Result")


def cores() -> int:
    """How many cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def can_fork() -> bool:
    """Whether a job may be split over child processes here (see the module's doc)."""
    return hasattr(os, "fork") and cores() > 1 and threading.active_count() == 1


def split(items: Sequence[Part], parts: int) -> list[Sequence[Part]]:
    """`items` cut into `parts` runs of nearly equal length, in order (fewer when there are
    fewer items; none for no items)."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    out, start = [], 0
    for n in range(parts):
        end = start + size + (n < extra)
        out.append(items[start:end])
        start = end
    return [part for part in out if len(part)]


def map_parts(function: Callable[[Part], Result], parts: Sequence[Part], *,
              fork: bool | None = None) -> list[Result]:
    """`[function(part) for part in parts]`, with every part after the first computed in a
    forked child process when `fork` (by default: when `can_fork()`). `function` must
    return a picklable value, and must not write: a child's writes would not be undone.
    """
    if fork is None:
        fork = can_fork()
    if len(parts) < 2 or not fork:
        return [function(part) for part in parts]
    children = [_start(function, part) for part in parts[1:]]
    try:
        first = function(parts[0])
    except BaseException:
        for child in children:
            _stop(child)
        raise
    results = [first]
    for part, child in zip(parts[1:], children, strict=True):
        ok, result = _collect(child)
        results.append(result if ok else function(part))
    return results


_Child = tuple[int, int] | None  # (process id, the read end of its pipe); None: no child


def _start(function: Callable[[Part], Result], part: Part) -> _Child:
    read_end, write_end = os.pipe()
    try:
        pid = os.fork()
    except OSError:  # no more processes: this part is computed here
        os.close(read_end)
        os.close(write_end)
        return None
    if pid == 0:  # the child: compute, send, and leave without running the parent's exits
        code = 1
        try:
            os.close(read_end)
            data = pickle.dumps(function(part), protocol=pickle.HIGHEST_PROTOCOL)
            with open(write_end, "wb") as pipe:
                pipe.write(data)
            code = 0
        finally:
            os._exit(code)
    os.close(write_end)
    return pid, read_end


def _collect(child: _Child) -> tuple[bool, object]:
    """(True, the child's result), or (False, None) if it failed, died or sent no result."""
    if child is None:
        return False, None
    pid, read_end = child
    with open(read_end, "rb") as pipe:
        data = pipe.read()
    _, status = os.waitpid(pid, 0)
    if not os.WIFEXITED(status) or os.WEXITSTATUS(status) != 0:
        return False, None
    try:
        return True, pickle.loads(data)
    except Exception:  # a result that does not unpickle here is computed here instead
        return False, None


def _stop(child: _Child) -> None:
    if child is None:
        return
    pid, read_end = child
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGKILL)
    os.close(read_end)
    os.waitpid(pid, 0)
