"""parallel: parts computed in real forked children give the serial result, whatever a child
does (fails, is killed, sends what does not unpickle); a process with threads never forks."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import threading
import time

import pytest

from stretchkit.parallel import can_fork, map_parts, split

PARENT = os.getpid()


def _pid_and_sum(part):
    return os.getpid(), sum(part)


def test_parts_after_the_first_are_computed_in_children_and_come_back_in_order():
    parts = [[1, 2], [3, 4, 5], [6], [7, 8]]
    results = map_parts(_pid_and_sum, parts, fork=True)
    assert [total for _, total in results] == [3, 12, 6, 15]
    pids = [pid for pid, _ in results]
    assert pids[0] == PARENT
    assert PARENT not in pids[1:] and len(set(pids[1:])) == 3


def test_without_fork_every_part_is_computed_here():
    assert map_parts(_pid_and_sum, [[1], [2, 3]], fork=False) == [(PARENT, 1), (PARENT, 5)]


def _fails_in_a_child(part):
    if os.getpid() != PARENT:
        raise RuntimeError("only in the child")
    return os.getpid(), part


def _killed_in_a_child(part):
    if os.getpid() != PARENT:
        os.kill(os.getpid(), signal.SIGKILL)
    return os.getpid(), part


def _unpicklable_from_a_child(part):
    if os.getpid() != PARENT:
        return lambda: part  # pickling a lambda fails in the child
    return os.getpid(), part


def _exits_in_a_child(part):
    if os.getpid() != PARENT:
        sys.exit(0)  # SystemExit: the child must not report success without a result
    return os.getpid(), part


@pytest.mark.parametrize("function", [_fails_in_a_child, _killed_in_a_child,
                                      _unpicklable_from_a_child, _exits_in_a_child])
def test_a_part_whose_child_gives_no_result_is_computed_here(function):
    assert map_parts(function, ["a", "b", "c"], fork=True) == \
        [(PARENT, "a"), (PARENT, "b"), (PARENT, "c")]


def _fails_everywhere(part):
    if part == "bad":
        raise ValueError(f"bad part {part!r}")
    return part


def test_the_error_of_a_part_is_raised_here_as_a_serial_run_raises_it():
    with pytest.raises(ValueError, match="bad part 'bad'"):
        map_parts(_fails_everywhere, ["good", "bad"], fork=True)


def _first_part_fails_while_children_work(part):
    folder, name = part
    if name != "first":
        (folder / f"{name}.pid").write_text(str(os.getpid()))  # a test's child may say so
        time.sleep(60)  # still working when the first part fails
        return name
    deadline = time.monotonic() + 30
    while len(list(folder.glob("*.pid"))) < 2 and time.monotonic() < deadline:
        time.sleep(0.01)
    raise KeyError(name)


def test_when_this_process_fails_its_part_the_children_are_stopped_and_reaped(tmp_path):
    parts = [(tmp_path, name) for name in ("first", "second", "third")]
    with pytest.raises(KeyError):
        map_parts(_first_part_fails_while_children_work, parts, fork=True)
    pids = [int(path.read_text()) for path in sorted(tmp_path.glob("*.pid"))]
    assert len(pids) == 2
    for pid in pids:  # killed and waited for: no longer a process, not even a zombie
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)


def test_a_process_with_a_second_thread_does_not_fork():
    assert can_fork()  # a test process has one thread, and the machine two cores or more
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not can_fork()
        assert map_parts(_pid_and_sum, [[1], [2]]) == [(PARENT, 1), (PARENT, 2)]
    finally:
        stop.set()
        worker.join()


def test_a_command_line_process_forks_by_default():
    script = textwrap.dedent("""
        import os
        from stretchkit.parallel import map_parts
        print(len({pid for pid in map_parts(lambda part: os.getpid(), [1, 2])}))
    """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          check=True)
    assert done.stdout.strip() == "2"


@pytest.mark.parametrize(("count", "parts", "sizes"), [
    (10, 2, [5, 5]), (11, 2, [6, 5]), (11, 3, [4, 4, 3]), (1, 2, [1]), (0, 2, []),
    (5, 1, [5]), (3, 0, [3]),
])
def test_split_cuts_runs_of_nearly_equal_length_in_order(count, parts, sizes):
    items = list(range(count))
    runs = split(items, parts)
    assert [len(run) for run in runs] == sizes
    assert [item for run in runs for item in run] == items
