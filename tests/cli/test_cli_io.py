"""The command line when the disk or the reader lets it down: a write the disk refuses names
the file and the reason; a reader that stops early (`stretchkit list | head -1`) ends it
quietly, as `git log | head` does. Real processes, a real size limit and a real pipe."""

from __future__ import annotations

import errno
import json
import os
import re
import resource
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from stretchkit.cli import os_error_line
from tests.conftest import STRETCHKIT


def limit_file_size(size: int) -> Callable[[], None]:
    """For `preexec_fn`: files may not grow past `size` bytes. The kernel then sends SIGXFSZ,
    which would kill the process; ignored (that survives exec), the write fails with EFBIG,
    as on a full disk or a quota. chmod would not do: the tests may run as root."""
    def set_limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, size))
    return set_limit


def sk_limited(size: int, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k != "STRETCHKIT_DATA"}
    env["PYTHONDONTWRITEBYTECODE"] = "1"  # the limit is for stretchkit's files only
    done = subprocess.run([STRETCHKIT, *args], capture_output=True, text=True, env=env,
                          timeout=120, preexec_fn=limit_file_size(size))
    assert "Traceback" not in done.stderr + done.stdout, done.stderr
    return done


def test_a_save_the_disk_refuses_names_the_file_and_the_reason(empty_data: Path):
    done = sk_limited(200, "new", "Standing Calf Stretch", "--data", str(empty_data))
    path = empty_data / "exercises" / "standing-calf-stretch.json"
    assert done.returncode == 1
    # The first file of the save the disk refuses is its version, in the entry's history.
    history = empty_data / "history" / "standing-calf-stretch"
    assert re.fullmatch(f"stretchkit: {re.escape(str(history))}/[0-9TZ]+-[0-9a-f]{{12}}"
                        r"\.json: File too large\n", done.stderr), done.stderr
    assert done.stdout == ""
    # Nothing half-written stays behind: no entry, no version, no temp file, no journal.
    assert sorted(os.listdir(path.parent)) == [".lock"]
    assert os.listdir(history) == [] and not (empty_data / ".journal.json").exists()


def test_an_export_the_disk_refuses_names_the_file_and_the_reason(sample_data: Path,
                                                                  tmp_path: Path):
    out = tmp_path / "library.json"
    done = sk_limited(1000, "export", "--data", str(sample_data), "--format", "json",
                      "--out", str(out), *working_channel())
    assert done.returncode == 1
    assert done.stderr.splitlines()[-1] == f"stretchkit: {out}: File too large"
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def working_channel() -> list[str]:
    """Export the working copies (once published versions exist, exports read those)."""
    usage = subprocess.run([STRETCHKIT, "export", "--help"], capture_output=True, text=True,
                           timeout=60).stdout
    return ["--channel", "working"] if "--channel" in usage else []


def test_an_os_error_is_one_line_with_its_file_or_without_an_empty_name():
    assert os_error_line(OSError(errno.EFBIG, "File too large")) == "File too large"
    assert os_error_line(OSError(errno.ENOSPC, "No space left on device", "d/x.json")) == \
        "d/x.json: No space left on device"
    assert os_error_line(OSError(errno.EXDEV, "Invalid cross-device link", "a", None, "b")) \
        == "a -> b: Invalid cross-device link"
    assert os_error_line(OSError("odd")) == "odd"


def big_library(root: Path, size: int) -> Path:
    """`size` entries, far more output than a pipe holds (64 KiB on Linux)."""
    folder = root / "exercises"
    folder.mkdir(parents=True)
    for i in range(size):
        entry = {"id": f"copy-{i:05d}", "name": f"Copy {i:05d}", "goals": ["mobility"]}
        (folder / f"copy-{i:05d}.json").write_text(json.dumps(entry), encoding="utf-8")
    return root


def test_a_reader_that_stops_early_ends_the_command_quietly(tmp_path: Path):
    data = big_library(tmp_path / "big", 3000)
    with subprocess.Popen([STRETCHKIT, "list", "--data", str(data)], stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE) as proc:
        assert proc.stdout is not None and proc.stderr is not None
        first = proc.stdout.readline()
        proc.stdout.close()  # as `head -1` does after its line
        err = proc.stderr.read()
        status = proc.wait(timeout=120)
    assert first.startswith(b"copy-00000  draft")
    assert err == b""  # no "Broken pipe", no traceback, no "Exception ignored"
    assert status == 141  # 128 + SIGPIPE, what a shell shows for `git log | head`


def test_through_a_shell_pipe_to_head_nothing_is_said(tmp_path: Path):
    data = big_library(tmp_path / "big", 3000)
    done = subprocess.run(["sh", "-c", f'"{STRETCHKIT}" list --data "{data}" | head -1'],
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.startswith("copy-00000  draft") and done.stdout.count("\n") == 1
    assert done.stderr == ""


@pytest.mark.parametrize("unbuffered", [False, True])
def test_output_to_a_full_disk_is_one_line_and_exit_1(sample_data: Path, unbuffered: bool):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:  # each print reaches the disk at once, inside the command
        env["PYTHONUNBUFFERED"] = "1"
    with open("/dev/full", "w") as full:  # every write fails with ENOSPC
        done = subprocess.run([STRETCHKIT, "list", "--data", str(sample_data)], stdout=full,
                              stderr=subprocess.PIPE, text=True, env=env, timeout=120)
    assert done.returncode == 1
    [line] = done.stderr.splitlines()
    assert line.startswith("stretchkit: ") and line.endswith(": No space left on device")
