"""`make mutation`: run mutmut on the modules that carry the kit's promises and report.

    python tools/mutation.py run [--run-listed] [MUTANT_GLOB ...]
                                                     # a fresh run, then the report
    python tools/mutation.py report                  # the report of the last run
    python tools/mutation.py mutmut ARGS             # mutmut's own command, same selection:
                                                     #   mutmut print-time-estimates

The modules and the tests are configured in pyproject.toml ([tool.mutmut]). mutmut would run,
for each mutant, every test that called the mutated function, so a mutant of the tables module
ran the storage tests that kill real processes. [tool.stretchkit-mutation.tests] maps each
mutated module to the test files about it; after mutmut's stats run each function keeps only
the tests from its module's files (see `select_tests_per_module`). The report prints,
per module, how many mutants the tests killed, and every surviving mutant with its change,
except those listed in tools/mutation-survivors.toml with the reason no test can kill them.
A listed mutant is not run again (it survived every test last time, and running the tests a
surviving mutant reaches was 62 of a run's 162 worker-minutes); `--run-listed` runs them too, to
find listings a new test has made stale. Each mutant runs first the tests that killed its
function's mutants last time (tools/mutation-killers.json, refreshed by every run).
It exits 1 when a module scores under the aim or a survivor is unexplained, so a weakened test
shows up the next time someone runs it.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import tomllib
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SURVIVORS_FILE = ROOT / "tools" / "mutation-survivors.toml"
AIM = 0.90  # share of mutants killed, per module

# mutmut's exit codes as statuses (mutmut.stats.status_by_exit_code), read here without
# importing mutmut so the report also explains itself when mutmut is missing.
KILLED = {1, 3, 36, -24, 24, 152, 255}  # a failing test, pytest's internal error, a timeout
SURVIVED = 0
NOT_RUN = {None, 2}
NO_TESTS = {5, 33}


def function_of(mutant_name: str) -> str:
    """mutmut's mangled function name of a mutant: stretchkit.store.history.x_load__mutmut_3
    is stretchkit.store.history.x_load."""
    return re.sub(r"__mutmut_\d+$", "", mutant_name)


@dataclass(frozen=True)
class Mutant:
    name: str  # mutmut's key, e.g. stretchkit.render.html.x_escape_html__mutmut_4
    module: str  # stretchkit/render/html.py
    exit_code: int | None

    @property
    def function(self) -> str:
        """The mutated function as written in the source: `escape_html`, `Library.save`."""
        last = function_of(self.name).rsplit(".", 1)[-1]
        if "ǁ" in last:  # mutmut's key for a method: xǁClassǁmethod
            _, cls, method = last.split("ǁ")
            return f"{cls}.{method}"
        return last.removeprefix("x_")


def read_mutants(mutants_dir: Path = ROOT / "mutants") -> list[Mutant]:
    """Every mutant of the last run, from mutmut's per-module result files."""
    found = []
    for meta in sorted(mutants_dir.glob("stretchkit/**/*.py.meta")):
        module = meta.relative_to(mutants_dir).as_posix().removesuffix(".meta")
        codes = json.loads(meta.read_text(encoding="utf-8"))["exit_code_by_key"]
        found += [Mutant(name, module, code) for name, code in sorted(codes.items())]
    return found


def changed_lines(diff: str) -> tuple[str, str]:
    """(before, after): the removed and added lines of a mutant's diff, stripped and joined."""
    before = [line[1:].strip() for line in diff.splitlines()
              if line.startswith("-") and not line.startswith("---")]
    after = [line[1:].strip() for line in diff.splitlines()
             if line.startswith("+") and not line.startswith("+++")]
    return " / ".join(before), " / ".join(after)


def read_known_survivors(path: Path = SURVIVORS_FILE) -> list[dict]:
    """The listed survivors; each names module, function, a reason, and optionally the change."""
    listed = tomllib.loads(path.read_text(encoding="utf-8")).get("survivor", [])
    for i, item in enumerate(listed, 1):
        missing = {"module", "function", "reason"} - item.keys()
        if missing:
            raise SystemExit(f"{path.name}: survivor {i} lacks {', '.join(sorted(missing))}")
    return listed


def explained_by(mutant: Mutant, change: tuple[str, str], listed: list[dict]) -> list[dict]:
    """The listed survivors that explain this one: same module and function, and the same
    change when the listing names one (a listing without a change covers the whole function).
    Two mutants can make the same change (a dropped argument, an argument set to None where
    None is the default): one listing covers both."""
    return [item for item in listed
            if item["module"] == mutant.module and item["function"] == mutant.function
            and ("before" not in item or (item["before"], item.get("after", "")) == change)]


def diff_of(mutant: Mutant) -> str:
    from mutmut.mutation.diff_apply import get_diff_for_mutant

    return get_diff_for_mutant(mutant.name, path=mutant.module)


#: The mutants a run left out because a listing explains them: the report counts them as
#: listed, not as not run.
LISTED_NOT_RUN_FILE = ROOT / "mutants" / "stretchkit-listed-not-run.json"


def text_changes(module: str, names: Iterable[str],
                 mutants_dir: Path = ROOT / "mutants") -> dict[str, tuple[str, str]]:
    """(before, after) of each named mutant of `module`, as `changed_lines` gives them, read
    from the mutated file through mutmut's index of its functions' lines: one read of the file
    and a text diff per mutant, where mutmut's own diff parses both functions (20 ms a mutant,
    100 s for the mutants of the listed functions). A mutant the index lacks is left out."""
    import difflib
    mutated = mutants_dir / module
    spans = json.loads(mutated.with_name(mutated.name + ".spans").read_text(encoding="utf-8"))
    lines = mutated.read_text(encoding="utf-8").splitlines()

    def function_text(generated: str, function: str) -> list[str] | None:
        span = spans.get("spans", {}).get(generated)
        if span is None:
            return None
        # the def line names the generated copy; mutmut's diff names the function
        return [line.replace(generated, function) for line in lines[span[0] - 1:span[1]]]

    changes = {}
    for name in names:
        generated = name.rpartition(".")[-1]
        function = Mutant(name, module, None).function.rpartition(".")[-1]
        before = function_text(function_of(generated) + "__mutmut_orig", function)
        after = function_text(generated, function)
        if before is not None and after is not None:
            diff = "\n".join(difflib.unified_diff(before, after, lineterm=""))
            changes[name] = changed_lines(diff)
    return changes


def listed_mutants(mutants: list[Mutant], listed: list[dict],
                   mutants_dir: Path = ROOT / "mutants",
                   diff: Callable[[Mutant], str] = diff_of) -> set[str]:
    """The mutants a listing with a change explains (a listing of a whole function explains its
    survivors, not its mutants). The quick text diff picks the candidates and mutmut's own diff,
    the one the report reads, confirms each."""
    listed = [item for item in listed if "before" in item]
    functions = {(item["module"], item["function"]) for item in listed}
    candidates: dict[str, list[Mutant]] = {}
    for mutant in mutants:
        if (mutant.module, mutant.function) in functions:
            candidates.setdefault(mutant.module, []).append(mutant)
    found = set()
    for module, in_module in candidates.items():
        changes = text_changes(module, (mutant.name for mutant in in_module), mutants_dir)
        for mutant in in_module:
            change = changes.get(mutant.name)
            if change and explained_by(mutant, change, listed) \
                    and explained_by(mutant, changed_lines(diff(mutant)), listed):
                found.add(mutant.name)
    return found


def read_left_out(path: Path = LISTED_NOT_RUN_FILE) -> set[str]:
    """The mutants the last run left out as listed."""
    return set(json.loads(path.read_text(encoding="utf-8"))) if path.exists() else set()


def report(mutants: list[Mutant], listed: list[dict], left_out: set[str] = frozenset(),
           diff: Callable[[Mutant], str] = diff_of) -> int:
    """Print the scores and the unexplained survivors; 1 if the aim is missed anywhere.
    `left_out`: mutants not run because a listing explains them (`diff` confirms it still
    does)."""
    if not mutants:
        print("no mutation results: run `make mutation` first")
        return 1
    by_module: dict[str, Counter] = {}
    unexplained: list[tuple[Mutant, str]] = []
    used: set[int] = set()
    for mutant in mutants:
        counts = by_module.setdefault(mutant.module, Counter())
        counts["mutants"] += 1
        items = []
        if mutant.exit_code in NOT_RUN and mutant.name in left_out:
            items = explained_by(mutant, changed_lines(diff(mutant)), listed)
        if items:  # left out of the run: a listing explains it
            counts["equivalent"] += 1
            counts["listed, not run"] += 1
            used.update(id(item) for item in items)
        elif mutant.exit_code in KILLED:
            counts["killed"] += 1
        elif mutant.exit_code in NOT_RUN:
            counts["not run"] += 1
        elif mutant.exit_code in NO_TESTS:
            counts["no test"] += 1
            unexplained.append((mutant, diff(mutant)))
        elif mutant.exit_code == SURVIVED:
            text = diff(mutant)
            items = explained_by(mutant, changed_lines(text), listed)
            if not items:
                counts["survived"] += 1
                unexplained.append((mutant, text))
            else:
                counts["equivalent"] += 1
                used.update(id(item) for item in items)
        else:
            counts["other"] += 1
            unexplained.append((mutant, f"(mutmut status code {mutant.exit_code})"))

    failed = False
    print(f"\n{'module':<36}{'mutants':>8}{'killed':>8}{'survived':>9}{'no test':>8}"
          f"{'listed':>7}{'score':>8}")
    for module, c in sorted(by_module.items()):
        judged = c["mutants"] - c["equivalent"] - c["not run"]
        score = c["killed"] / judged if judged else 1.0
        flag = "" if score >= AIM else "  < aim"
        failed |= score < AIM or c["not run"] > 0
        print(f"{module:<36}{c['mutants']:>8}{c['killed']:>8}{c['survived']:>9}"
              f"{c['no test']:>8}{c['equivalent']:>7}{score:>8.1%}{flag}"
              + (f"  ({c['not run']} not run)" if c["not run"] else ""))
    total = sum((c for c in by_module.values()), Counter())
    judged = total["mutants"] - total["equivalent"] - total["not run"]
    print(f"{'all':<36}{total['mutants']:>8}{total['killed']:>8}{total['survived']:>9}"
          f"{total['no test']:>8}{total['equivalent']:>7}{total['killed'] / max(judged, 1):>8.1%}")
    print(f"(score: killed / (mutants - listed); aim {AIM:.0%} per module; listed survivors are"
          f" in {SURVIVORS_FILE.relative_to(ROOT)} with their reasons)")
    if total["listed, not run"]:
        print(f"({total['listed, not run']} listed mutants were not run: `make mutation"
              f" LISTED=run` runs them too, and names the listings they no longer match)")

    if unexplained:
        print(f"\n{len(unexplained)} surviving mutants no test kills and no reason explains:")
        for mutant, diff in unexplained:
            print(f"\n## {mutant.name}  ({mutant.module}, {mutant.function})")
            print("\n".join(line for line in diff.splitlines()
                            if line[:1] in "-+" and line[:3] not in ("---", "+++")))
    # Only modules whose every mutant ran can show that a listing no longer survives (a run
    # of some mutants, MUTANTS=..., leaves the rest unjudged).
    whole = {module for module, c in by_module.items() if not c["not run"]}
    stale = [item for item in listed
             if id(item) not in used and "before" in item and item["module"] in whole]
    if stale:
        print(f"\n{len(stale)} listed survivors no longer survive (remove them from the list):")
        for item in stale:
            print(f"  {item['module']} {item['function']}: {item['before']!r}")
    return 1 if failed or unexplained else 0


def read_test_map(pyproject: Path = ROOT / "pyproject.toml") -> dict[str, tuple[str, ...]]:
    """{mutated module path: the test files or folders about it}, checked against
    [tool.mutmut] only_mutate so a module added there cannot run without its tests."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))["tool"]
    mapped = config.get("stretchkit-mutation", {}).get("tests", {})
    mutated = config["mutmut"]["only_mutate"]
    problems = [f"{module}: no test files in [tool.stretchkit-mutation.tests]"
                for module in mutated if not mapped.get(module)]
    problems += [f"{module}: in [tool.stretchkit-mutation.tests] but not mutated"
                 for module in mapped if module not in mutated]
    problems += [f"{module}: {path} does not exist" for module, paths in mapped.items()
                 for path in paths if not (pyproject.parent / path).exists()]
    if problems:
        raise SystemExit("pyproject.toml: " + "; ".join(problems))
    return {module: tuple(paths) for module, paths in mapped.items()}


def module_of(mangled_name: str) -> str:
    """The source file of mutmut's name for a function: stretchkit.store.history.x_load and
    stretchkit.store.history.xǁHistoryǁsave are both stretchkit/store/history.py."""
    return mangled_name.rsplit(".", 1)[0].replace(".", "/") + ".py"


def is_about(test_id: str, paths: tuple[str, ...]) -> bool:
    """Whether a pytest node id (tests/store/test_history.py::test_x) is in one of the files
    or folders."""
    test_file = test_id.split("::", 1)[0]
    return any(test_file == path or test_file.startswith(path.rstrip("/") + "/")
               for path in paths)


def select_tests_per_module(tests_by_function: dict[str, set[str] | list[str]],
                            test_map: dict[str, tuple[str, ...]],
                            duration_by_test: dict[str, float] | None = None) -> None:
    """Keep, for each mutated function, only the tests from its module's test files, fastest
    first (in place: each function's tests become a list).

    mutmut's stats run records every test that called a function; for the storage and table
    modules that is most of the suite, including tests that kill and race real processes.
    The tests about a module are the ones meant to catch its bugs; a kill lost to this choice
    shows up as a survivor, and the fix is a test file added to the module's list.
    A function none of its module's tests reach keeps the tests that do (only another module's
    tests call it, or a value cached on first use was filled by whichever test came first).

    mutmut runs a mutant's tests with `-x`, fastest first, so most mutants die in a quick test
    instead of after a slow one that does not see them; the tests that killed the function's
    mutants before go first of all (`killers_first`)."""
    durations = duration_by_test or {}
    for name, tests in tests_by_function.items():
        paths = test_map.get(module_of(name))
        if paths is not None:  # outside the mutated modules, mutmut never mutates it
            tests = [test for test in tests if is_about(test, paths)] or tests
        tests_by_function[name] = sorted(tests, key=lambda test: (durations.get(test, 0.0), test))


#: Every test mutmut's stats saw reaching each function, before the selection: mutmut saves
#: the selected lists as its stats, so without this a test file added to a module's list
#: later would never be given to that module's mutants (until the stats are collected anew).
REACHED_FILE = ROOT / "mutants" / "stretchkit-tests-reached.json"


def remember_reached(tests_by_function: dict[str, set[str]], known_tests: Iterable[str],
                     path: Path = REACHED_FILE) -> None:
    """Add to each function (in place) the tests earlier runs saw reaching it, of those that
    still exist (`known_tests`), and save the union for the next run."""
    known = set(known_tests)
    if path.exists():
        for name, tests in json.loads(path.read_text(encoding="utf-8")).items():
            tests_by_function.setdefault(name, set()).update(t for t in tests if t in known)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps({name: sorted(tests) for name, tests
                                in sorted(tests_by_function.items())}), encoding="utf-8")


#: Which test killed each mutant of the run, one "mutant<TAB>test" line each, appended by the
#: mutants' own processes (KillRecorder).
KILLS_LOG = ROOT / "mutants" / "stretchkit-kills.tsv"
#: For each mutated function, the tests that killed its mutants in earlier runs, most kills
#: first. A mutant runs these before its other tests: most of a killed mutant's time was the
#: passing tests that ran before the one that kills it (mutants of finish_interrupted took 6 s
#: each, behind forty quick tests that never write a journal). Committed, as a test-duration
#: file is for splitting a suite: a run on a fresh clone starts from it, and refreshes it.
KILLERS_FILE = ROOT / "tools" / "mutation-killers.json"


class KillRecorder:
    """pytest plugin for one mutant's tests: appends the first failing test to the kills log
    (short O_APPEND writes, so the concurrent mutants' lines never interleave)."""

    def __init__(self, mutant_name: str, log: Path = KILLS_LOG):
        self.mutant_name, self.log, self.recorded = mutant_name, log, False

    def pytest_runtest_logreport(self, report) -> None:
        if report.failed and not self.recorded:
            self.recorded = True
            line = f"{self.mutant_name}\t{report.nodeid}\n".encode()
            handle = os.open(self.log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
            try:
                os.write(handle, line)
            finally:
                os.close(handle)


def killers_first(tests: Iterable[str], killers: list[str]) -> list[str]:
    """`tests` with the known killers first, in the killers' order; the others keep theirs."""
    rank = {test: place for place, test in enumerate(killers)}
    return sorted(tests, key=lambda test: rank.get(test, len(rank)))


def read_killers(path: Path = KILLERS_FILE) -> dict[str, list[str]]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def update_killers(log: Path = KILLS_LOG, path: Path = KILLERS_FILE) -> None:
    """Fold a run's kills into the killers file: a function whose mutants this run killed gets
    its killers from this run, most kills first; the others keep theirs."""
    if not log.exists():
        return
    kills: dict[str, Counter] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        mutant_name, _, test = line.partition("\t")
        if test:
            kills.setdefault(function_of(mutant_name), Counter())[test] += 1
    killers = read_killers(path)
    for function, counts in kills.items():
        killers[function] = sorted(counts, key=lambda test: (-counts[test], test))
    path.write_text(json.dumps(dict(sorted(killers.items())), indent=0, ensure_ascii=False)
                    + "\n", encoding="utf-8")


def record_kills_and_run_killers_first(killers: dict[str, list[str]]) -> None:
    """Each mutant's tests run with a KillRecorder, its function's known killers first (mutmut
    orders a mutant's tests by duration in the mutant's process, so the order is set there)."""
    from mutmut.runners.harness import PytestRunner
    from mutmut.utils.file_utils import change_cwd

    def run_tests(self, *, mutant_name: str | None, tests: Iterable[str]) -> int:
        plugins = []
        if mutant_name:
            tests = killers_first(tests, killers.get(function_of(mutant_name), []))
            plugins.append(KillRecorder(mutant_name))
        with change_cwd("mutants"):
            return int(self.execute_pytest(self._pytest_args_regular_run(tests), plugins=plugins))

    PytestRunner.run_tests = run_tests


def mutmut_main(argv: list[str]) -> int:
    """mutmut's command line with the test selection per module, in this process: the selection
    is applied right after mutmut collects or loads its stats, and saved with them, so the
    mutants, `mutmut print-time-estimates` and `mutmut tests-for-mutant` all see it."""
    import mutmut.__main__ as mutmut_cli
    from mutmut.state import state
    from mutmut.stats import save_stats

    test_map = read_test_map()
    collect_or_load_stats = mutmut_cli.collect_or_load_stats

    def collect_then_select(*args, **kwargs):
        collect_or_load_stats(*args, **kwargs)
        remember_reached(state().tests_by_mangled_function_name, state().duration_by_test)
        select_tests_per_module(state().tests_by_mangled_function_name, test_map,
                                state().duration_by_test)
        save_stats()

    mutmut_cli.collect_or_load_stats = collect_then_select
    if argv[:1] == ["run"]:
        record_kills_and_run_killers_first(read_killers())
    if argv[:1] == ["run"] and os.environ.get("STRETCHKIT_MUTATION_RUN_LISTED") != "1":
        collect_mutants = mutmut_cli.collect_source_file_mutation_data

        def collect_then_leave_out_listed(*args, **kwargs):
            found, by_path = collect_mutants(*args, **kwargs)
            mutants = [Mutant(name, str(data.path), result) for data, name, result in found]
            # a run of some mutants (MUTANTS=...) keeps the last run's left-out ones
            left_out = listed_mutants(mutants, read_known_survivors()) | read_left_out()
            LISTED_NOT_RUN_FILE.write_text(json.dumps(sorted(left_out)), encoding="utf-8")
            print(f"{len(left_out)} listed mutants are left out of the run", flush=True)
            return [item for item in found if item[1] not in left_out], by_path

        mutmut_cli.collect_source_file_mutation_data = collect_then_leave_out_listed
    mutmut_cli.cli(argv)  # click exits with mutmut's status
    return 0


def run(globs: list[str], run_listed: bool = False) -> int:
    """A fresh mutmut run (results of an older run would hide changed tests), then the report.
    Listed survivors are left out unless `run_listed`."""
    import shutil

    started = time.monotonic()
    if not globs:
        shutil.rmtree(ROOT / "mutants", ignore_errors=True)
    KILLS_LOG.unlink(missing_ok=True)  # this run's kills only
    log = ROOT / "build" / "mutmut.log"
    log.parent.mkdir(exist_ok=True)
    children = str(os.cpu_count() or 1)
    print(f"mutmut on {children} cores; its output goes to {log.relative_to(ROOT)}", flush=True)
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run([sys.executable, __file__, "mutmut", "run", "--max-children",
                               children, *globs], cwd=ROOT, stdout=out, stderr=subprocess.STDOUT,
                              env={**os.environ, "STRETCHKIT_MUTATION": "1",
                                   "STRETCHKIT_MUTATION_RUN_LISTED": "1" if run_listed else "0"})
    minutes = (time.monotonic() - started) / 60
    print(f"mutmut ran for {minutes:.1f} minutes (exit {done.returncode})")
    update_killers()
    if done.returncode != 0:
        print(log.read_text(encoding="utf-8", errors="replace")[-3000:])
        return done.returncode
    return report(read_mutants(), read_known_survivors(), read_left_out())


def main(argv: list[str]) -> int:
    os.chdir(ROOT)  # mutmut reads its configuration from the working folder
    if argv[:1] == ["run"]:
        args = argv[1:]
        return run([arg for arg in args if arg != "--run-listed"], "--run-listed" in args)
    if argv[:1] == ["report"]:
        return report(read_mutants(), read_known_survivors(), read_left_out())
    if argv[:1] == ["mutmut"]:
        return mutmut_main(argv[1:])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
