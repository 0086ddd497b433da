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
