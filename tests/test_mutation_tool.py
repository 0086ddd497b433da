"""tools/mutation.py's test selection: each mutated function keeps the tests about its module."""

import importlib.util
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
_spec = importlib.util.spec_from_file_location("mutation_tool", ROOT / "tools" / "mutation.py")
mutation = importlib.util.module_from_spec(_spec)
sys.modules["mutation_tool"] = mutation  # its dataclasses look their module up
_spec.loader.exec_module(mutation)


def test_every_mutated_module_names_test_files_that_exist():
    test_map = mutation.read_test_map()
    assert "stretchkit/store/history.py" in test_map
    assert test_map["stretchkit/formats/tables.py"][0] == "tests/formats/test_tables.py"


def test_a_module_without_test_files_stops_the_run(tmp_path):
    pyproject = tmp_path / "pyproject.toml"
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "test_a.py").write_text("", encoding="utf-8")
    pyproject.write_text('[tool.mutmut]\nonly_mutate = ["pkg/a.py", "pkg/b.py"]\n'
                         '[tool.stretchkit-mutation.tests]\n"pkg/a.py" = ["tests/test_a.py"]\n'
                         '"pkg/c.py" = ["tests/test_c.py"]\n', encoding="utf-8")
    with pytest.raises(SystemExit) as stop:
        mutation.read_test_map(pyproject)
    assert str(stop.value) == (
        "pyproject.toml: pkg/b.py: no test files in [tool.stretchkit-mutation.tests]; "
        "pkg/c.py: in [tool.stretchkit-mutation.tests] but not mutated; "
        "pkg/c.py: tests/test_c.py does not exist")


def test_functions_keep_only_the_tests_of_their_module_files_and_folders():
    """...unless none of those reach the function: then it keeps the tests that do."""
    tests_by_function = {
        "stretchkit.store.history.x_load": {
            "tests/store/test_history.py::test_a", "tests/store/test_library.py::test_b",
            "tests/store/test_history_more.py::test_c"},
        "stretchkit.model.merge.xǁMergeǁrun": {
            "tests/model/test_merge.py::test_d[case-1]", "tests/model/deep/test_e.py::test_e",
            "tests/store/test_history.py::test_a"},
        "stretchkit.store.history.x_diff": {"tests/store/test_library.py::test_g"},
        "stretchkit.cli.x_main": {"tests/cli/test_cli.py::test_f"},
    }
    mutation.select_tests_per_module(tests_by_function, {
        "stretchkit/store/history.py": ("tests/store/test_history.py",),
        "stretchkit/model/merge.py": ("tests/model/",),
    })
    assert tests_by_function == {
        "stretchkit.store.history.x_load": ["tests/store/test_history.py::test_a"],
        "stretchkit.model.merge.xǁMergeǁrun": [
            "tests/model/deep/test_e.py::test_e", "tests/model/test_merge.py::test_d[case-1]"],
        "stretchkit.store.history.x_diff": ["tests/store/test_library.py::test_g"],
        "stretchkit.cli.x_main": ["tests/cli/test_cli.py::test_f"],
    }


def test_each_function_runs_its_fastest_tests_first():
    """mutmut stops a mutant at its first failing test, so a quick test goes before a slow
    one; tests of equal (or unknown) duration keep a stable order by name."""
    file = "tests/store/test_history.py::"
    tests_by_function = {"stretchkit.store.history.x_load": {
        file + "test_slow", file + "test_quick", file + "test_b_unknown",
        file + "test_a_unknown", file + "test_middle"}}
    mutation.select_tests_per_module(
        tests_by_function, {"stretchkit/store/history.py": ("tests/store/test_history.py",)},
        {file + "test_slow": 20.0, file + "test_quick": 0.01, file + "test_middle": 1.5})
    assert tests_by_function["stretchkit.store.history.x_load"] == [
        file + "test_a_unknown", file + "test_b_unknown", file + "test_quick",
        file + "test_middle", file + "test_slow"]


def test_the_committed_survivor_list_parses_and_names_mutated_modules():
    """A merge keeps both sides' listed survivors (merge=union): what comes out must still be
    a list the report can read, about modules mutmut mutates."""
    listed = mutation.read_known_survivors()
    mutated = set(mutation.read_test_map())
    assert listed and {item["module"] for item in listed} <= mutated
    assert all(item["reason"].strip() for item in listed)


def test_a_test_file_added_to_a_module_later_reaches_its_mutants(tmp_path):
    """mutmut saves the selected lists as its stats; the tests every run saw reaching each
    function are kept beside them, so a later, longer list of files finds them again."""
    reached = tmp_path / "mutants" / "reached.json"
    history, library = "tests/store/test_history.py::", "tests/store/test_library.py::"
    first = {"stretchkit.store.library.xǁLibraryǁversion": {
        history + "test_refs", library + "test_get"}}
    mutation.remember_reached(first, [history + "test_refs", library + "test_get"], reached)
    mutation.select_tests_per_module(first, {
        "stretchkit/store/library.py": ("tests/store/test_library.py",)})
    assert first == {"stretchkit.store.library.xǁLibraryǁversion": [library + "test_get"]}

    # the next run loads the selected stats, plus one new test; test_refs is still there,
    # a test removed since is not given back
    second = {"stretchkit.store.library.xǁLibraryǁversion": {library + "test_get",
                                                              library + "test_new"}}
    mutation.remember_reached(second, [history + "test_refs", library + "test_get",
                                       library + "test_new"], reached)
    mutation.select_tests_per_module(second, {"stretchkit/store/library.py": (
        "tests/store/test_library.py", "tests/store/test_history.py")})
    assert second == {"stretchkit.store.library.xǁLibraryǁversion": [
        history + "test_refs", library + "test_get", library + "test_new"]}
    third = {}
    mutation.remember_reached(third, [library + "test_get"], reached)
    assert third == {"stretchkit.store.library.xǁLibraryǁversion": {library + "test_get"}}


# -- listed survivors are left out of a run ------------------------------------------------
MUTATED_FILE = '''\
class History:
    @_mutmut_mutated(mutants_xǁHistoryǁfolder_of__mutmut)
    def folder_of(self, entry_id: str) -> Path:
        return self.folder / entry_id

    def xǁHistoryǁfolder_of__mutmut_orig(self, entry_id: str) -> Path:
        return self.folder / entry_id

    def xǁHistoryǁfolder_of__mutmut_1(self, entry_id: str) -> Path:
        return self.folder * entry_id

    def xǁHistoryǁfolder_of__mutmut_2(self, entry_id: str) -> Path:
        return self.folder / None

    def xǁHistoryǁfolder_of__mutmut_3(self, entry_id: str = "XXXX") -> Path:
        return self.folder / entry_id
'''
SPANS = {"version": 1, "spans": {"xǁHistoryǁfolder_of__mutmut_orig": [5, 7],
                                 "xǁHistoryǁfolder_of__mutmut_1": [8, 10],
                                 "xǁHistoryǁfolder_of__mutmut_2": [11, 13],
                                 "xǁHistoryǁfolder_of__mutmut_3": [14, 16]}}
FOLDER_OF = "pkg.history.xǁHistoryǁfolder_of__mutmut_"


def mutants_folder(tmp_path: Path) -> Path:
    """A mutants folder as mutmut leaves it: the mutated file and its index of lines."""
    import json

    folder = tmp_path / "mutants"
    (folder / "pkg").mkdir(parents=True)
    (folder / "pkg" / "history.py").write_text(MUTATED_FILE, encoding="utf-8")
    (folder / "pkg" / "history.py.spans").write_text(json.dumps(SPANS), encoding="utf-8")
    return folder


def test_a_mutant_s_change_is_read_from_the_mutated_file_s_lines(tmp_path):
    names = [FOLDER_OF + str(n) for n in (1, 2, 3, 4)]
    changes = mutation.text_changes("pkg/history.py", names, mutants_folder(tmp_path))
    assert changes == {  # mutant 4 is not in the index: left out, so it runs
        FOLDER_OF + "1": ("return self.folder / entry_id", "return self.folder * entry_id"),
        FOLDER_OF + "2": ("return self.folder / entry_id", "return self.folder / None"),
        # the def line, as mutmut's diff shows it: with the function's own name
        FOLDER_OF + "3": ("def folder_of(self, entry_id: str) -> Path:",
                          'def folder_of(self, entry_id: str = "XXXX") -> Path:'),
    }


def unified(before: str, after: str) -> str:
    return f"--- pkg/history.py\n+++ pkg/history.py\n@@ -1 +1 @@\n-{before}\n+{after}"


def test_only_mutants_a_listing_s_change_explains_are_left_out(tmp_path):
    folder = mutants_folder(tmp_path)
    mutants = [mutation.Mutant(FOLDER_OF + str(n), "pkg/history.py", None) for n in (1, 2)]
    listing = {"module": "pkg/history.py", "function": "History.folder_of", "reason": "r",
               "before": "return self.folder / entry_id",
               "after": "return self.folder * entry_id"}
    from_mutmut = {FOLDER_OF + "1": unified(listing["before"], listing["after"]),
                   FOLDER_OF + "2": unified(listing["before"], "return self.folder / None")}

    def diff(mutant):
        return from_mutmut[mutant.name]

    assert mutation.listed_mutants(mutants, [listing], folder, diff) == {FOLDER_OF + "1"}
    # a listing of a whole function explains its survivors, never leaves its mutants out
    whole = {key: value for key, value in listing.items() if key not in ("before", "after")}
    assert mutation.listed_mutants(mutants, [whole], folder, diff) == set()
    # mutmut's own diff has the last word
    from_mutmut[FOLDER_OF + "1"] = unified(listing["before"], "return self.folder - entry_id")
    assert mutation.listed_mutants(mutants, [listing], folder, diff) == set()


def test_the_report_counts_left_out_mutants_as_listed_and_unrun_ones_as_not_run(capsys):
    listing = {"module": "pkg/history.py", "function": "History.folder_of", "reason": "r",
               "before": "return self.folder / entry_id",
               "after": "return self.folder * entry_id"}
    killed = [mutation.Mutant(FOLDER_OF + str(n), "pkg/history.py", 1) for n in range(3, 12)]
    left_out = mutation.Mutant(FOLDER_OF + "1", "pkg/history.py", None)

    def diff(mutant):
        return unified(listing["before"], listing["after"])

    assert mutation.report([*killed, left_out], [listing], {left_out.name}, diff) == 0
    shown = capsys.readouterr().out
    assert "pkg/history.py                            10       9        0       0      1" \
        "  100.0%" in shown
    assert "1 listed mutants were not run" in shown

    # not left out and not run: the module is unjudged and the report fails
    assert mutation.report([*killed, left_out], [listing], set(), diff) == 1
    assert "(1 not run)" in capsys.readouterr().out


# -- the tests that killed a function's mutants go first -----------------------------------
def test_the_first_failing_test_of_each_mutant_is_recorded(tmp_path):
    from types import SimpleNamespace

    log = tmp_path / "kills.tsv"
    recorder = mutation.KillRecorder(FOLDER_OF + "1", log)
    for nodeid, failed in [("tests/a.py::test_passes", False), ("tests/a.py::test_kills", True),
                           ("tests/a.py::test_kills", True)]:  # its teardown fails too
        recorder.pytest_runtest_logreport(SimpleNamespace(nodeid=nodeid, failed=failed))
    mutation.KillRecorder(FOLDER_OF + "2", log).pytest_runtest_logreport(
        SimpleNamespace(nodeid="tests/b.py::test_other", failed=True))
    assert log.read_text(encoding="utf-8").splitlines() == [
        f"{FOLDER_OF}1\ttests/a.py::test_kills", f"{FOLDER_OF}2\ttests/b.py::test_other"]


def test_a_run_s_kills_order_each_function_s_killers_and_others_keep_theirs(tmp_path):
    import json

    killers = tmp_path / "killers.json"
    killers.write_text(json.dumps({"pkg.a.x_old": ["tests/a.py::test_x"],
                                   "pkg.history.xǁHistoryǁfolder_of": ["tests/gone.py::t"]}),
                       encoding="utf-8")
    log = tmp_path / "kills.tsv"
    log.write_text("".join(f"{FOLDER_OF}{n}\t{test}\n" for n, test in [
        (1, "tests/h.py::test_rare"), (2, "tests/h.py::test_often"), (3, "tests/h.py::test_often"),
        (4, "tests/h.py::test_b_once"), (5, "tests/h.py::test_a_once")]), encoding="utf-8")
    mutation.update_killers(log, killers)
    assert mutation.read_killers(killers) == {
        "pkg.a.x_old": ["tests/a.py::test_x"],  # not killed this run: kept
        "pkg.history.xǁHistoryǁfolder_of": [  # most kills first, then by name
            "tests/h.py::test_often", "tests/h.py::test_a_once", "tests/h.py::test_b_once",
            "tests/h.py::test_rare"]}


def test_known_killers_run_first_and_the_rest_keep_their_order():
    assert mutation.function_of(FOLDER_OF + "12") == "pkg.history.xǁHistoryǁfolder_of"
    by_duration = ["t::quick", "t::middle", "t::killer_b", "t::slow", "t::killer_a"]
    assert mutation.killers_first(by_duration, ["t::killer_a", "t::gone", "t::killer_b"]) == [
        "t::killer_a", "t::killer_b", "t::quick", "t::middle", "t::slow"]
    assert mutation.killers_first(by_duration, []) == by_duration
