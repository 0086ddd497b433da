"""Run part of a test in a forked child: for audit hooks (`sys.addaudithook`), which cannot be
removed once added, so they must live and die with a process of their own.

Mutation testing records which test calls which function in the test's own process only: a
fork's calls never reach that record. A test that checks code in a child calls it here too."""

from __future__ import annotations

import json
import os
from collections.abc import Callable


def in_a_fork(action: Callable[[], object]) -> object:
    """What `action()` returns in a forked child (through JSON), or "raised <exception>"."""
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: never returns into pytest
        os.close(read)
        try:
            result = action()
        except BaseException as exc:  # reported to the parent, which fails its test
            result = f"raised {exc!r}"
        with os.fdopen(write, "w", encoding="utf-8") as out:
            out.write(json.dumps(result))
        os._exit(0)
    os.close(write)
    with os.fdopen(read, encoding="utf-8") as answer:
        result = json.loads(answer.read())
    assert os.waitpid(pid, 0)[1] == 0
    return result
