"""Real git for the team tests: a bare remote and two clones in a temp folder, each set up
with `git_setup` (so git runs the kit's merge driver with this interpreter), committing as a
different person. Nothing of the machine's own git config is read."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from stretchkit import Library
from stretchkit.store.gitmerge import git_setup
from tests.conftest import SAMPLE_DATA


@dataclass
class Clone:
    """One coach's clone of the team repository; `data` is its data folder."""

    path: Path
    person: str
    env: dict[str, str]

    @property
    def data(self) -> Path:
        return self.path / "data"

    def git(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(["git", "-C", str(self.path), *args], env=self.env,
                              capture_output=True, text=True, check=False)
        if check and done.returncode != 0:
            raise AssertionError(f"git {' '.join(args)} in {self.path.name} failed:\n"
                                 f"{done.stdout}{done.stderr}")
        return done

    def library(self) -> Library:
        return Library(self.data, user=self.person)

    def commit(self, message: str = "edit") -> None:
        self.git("add", "-A")
        self.git("-c", f"user.name={self.person}", "commit", "-q", "-m", message)

    def push(self) -> None:
        self.git("push", "-q", "origin", "HEAD")

    def pull(self, check: bool = True) -> subprocess.CompletedProcess[str]:
        return self.git("-c", f"user.name={self.person}", "pull", "-q", "--no-rebase",
                        "origin", "main", check=check)

    def conflicted_paths(self) -> list[str]:
        return self.git("diff", "--name-only", "--diff-filter=U").stdout.split()


@dataclass
class Team:
    remote: Path
    a: Clone
    b: Clone


def git_env(home: Path) -> dict[str, str]:
    """git without the machine's or the user's config: a private, empty global config."""
    (home / "gitconfig").write_text("[init]\n\tdefaultBranch = main\n[user]\n"
                                    "\temail = coach@example.invalid\n")
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(GIT_CONFIG_GLOBAL=str(home / "gitconfig"), GIT_CONFIG_NOSYSTEM="1",
               HOME=str(home))
    return env


@pytest.fixture
def team(tmp_path: Path) -> Team:
    """A team repository holding the sample library, pushed to a bare remote, cloned twice
    (Ana on machine A, Ben on machine B), each clone set up with `git_setup`."""
    env = git_env(tmp_path)
    seed = tmp_path / "seed"
    shutil.copytree(SAMPLE_DATA, seed / "data", ignore=shutil.ignore_patterns(".trash", ".lock"))
    run = lambda *args, cwd=tmp_path: subprocess.run(  # noqa: E731
        ["git", *args], cwd=cwd, env=env, check=True, capture_output=True)
    run("init", "-q", cwd=seed)
    run("add", "-A", cwd=seed)
    run("-c", "user.name=Seed", "commit", "-q", "-m", "library", cwd=seed)
    run("clone", "-q", "--bare", str(seed), str(tmp_path / "remote.git"))
    clones = []
    for name, person in (("a", "Ana Author"), ("b", "Ben Writer")):
        run("clone", "-q", str(tmp_path / "remote.git"), str(tmp_path / name))
        clone = Clone(tmp_path / name, person, env)
        git_setup(clone.data, python=sys.executable)
        clones.append(clone)
    a, b = clones
    a.commit("git setup")
    a.push()
    b.git("checkout", "--", ".")  # b's own setup wrote the same files: take them from a
    b.git("clean", "-fdq")
    b.pull()
    return Team(tmp_path / "remote.git", a, b)
