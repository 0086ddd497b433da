"""`make bench` (`python -m benchmarks`): every benchmark module, one table.

Speed is measured here, never in the unit tests. Each figure is a median of several runs, and
stands beside a raw baseline measured in the same run on the same files, so a slow or busy
machine moves both.

Adding benchmarks (the convention)
----------------------------------
Any module `benchmarks/<name>.py` that defines

    def run(sizes: Sequence[int], workdir: Path) -> list[dict]

is found and run; modules without `run` (like `generate`) are helpers. `sizes` are library
sizes in entries (default 1,000 and 10,000). `workdir` is this run's temporary folder:
`generate.library_folder(workdir, size)` returns a generated data folder of `size` entries,
written on first use and shared by every module of the run (treat its files as read-only;
the core module rewrites one entry while timing saves). Time with `core.measure(action,
repeat)` (median milliseconds) and build each row with `core.row(...)`, a dict:

    benchmark    str          what was timed, e.g. "render the library browser"
    size         int          entries in the library
    median_ms    float        median of the runs, in milliseconds
    baseline     str          the raw baseline timed beside it ("" if none)
    baseline_ms  float|None   its median
    aim          str          the target, e.g. "<= 1.5x baseline" or "< 5 ms" ("" if none)
    met          bool|None    whether the aim was met (None if there is no aim)

For example `benchmarks/widgets.py`:

    from benchmarks.core import measure, row
    from benchmarks.generate import library_folder

    def run(sizes, workdir):
        rows = []
        for size in sizes:
            library = Library(library_folder(workdir, size))
            ms = measure(lambda: LibraryBrowser(library), repeat=5)
            rows.append(row("build the library browser", size, ms, aim="< 500 ms",
                            met=ms < 500))
        return rows

Options: `--sizes 1000 10000`, `--only core widgets` (module names), `--keep DIR` (generate
the libraries in DIR and keep them; a later run with the same DIR reuses them). Missed aims
are listed under the table; the exit status stays 0 (timings are a report, not a test).
"""

from __future__ import annotations

import argparse
import importlib
import os
import pkgutil
import platform
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

HELPERS = {"generate"}


def modules(only: Sequence[str] = ()) -> list[str]:
    """Benchmark module names in this package, core first, then by name."""
    package = Path(__file__).parent
    names = sorted(info.name for info in pkgutil.iter_modules([str(package)])
                   if not info.name.startswith("_") and info.name not in HELPERS)
    names.sort(key=lambda name: name != "core")
    unknown = sorted(set(only) - set(names))
    if unknown:
        raise SystemExit(f"benchmarks: no module {unknown[0]!r} (have: {', '.join(names)})")
    return [name for name in names if not only or name in only]


def _ms(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.3f}" if value < 1 else f"{value:,.1f}" if value < 100 else f"{value:,.0f}"


def table(rows: list[dict]) -> str:
    header = ["module", "benchmark", "entries", "median ms", "raw baseline", "baseline ms",
              "ratio", "aim", "met"]
    lines = [header]
    for r in rows:
        ratio = (f"{r['median_ms'] / r['baseline_ms']:.2f}x"
                 if r.get("baseline_ms") else "")
        met = {True: "yes", False: "NO", None: ""}[r.get("met")]
        lines.append([r["module"], r["benchmark"], f"{r['size']:,}", _ms(r["median_ms"]),
                      r.get("baseline", ""), _ms(r.get("baseline_ms")), ratio,
                      r.get("aim", ""), met])
    widths = [max(len(line[i]) for line in lines) for i in range(len(header))]
    numeric = {2, 3, 5, 6}
    out = []
    for n, line in enumerate(lines):
        cells = [cell.rjust(w) if i in numeric else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(line, widths, strict=True))]
        out.append("  ".join(cells).rstrip())
        if n == 0:
            out.append("  ".join("-" * w for w in widths))
    return "\n".join(out)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split(
        "\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--only", nargs="+", default=[], metavar="MODULE")
    parser.add_argument("--keep", type=Path, metavar="DIR",
                        help="generate the libraries here and keep them")
    args = parser.parse_args(argv)
    names = modules(args.only)
    print(f"Python {platform.python_version()}, {os.cpu_count()} cores, load average "
          f"{os.getloadavg()[0]:.2f} at start; modules: {', '.join(names)}", flush=True)
    rows: list[dict] = []
    with tempfile.TemporaryDirectory(prefix="stretchkit-bench-") as scratch:
        workdir = args.keep or Path(scratch)
        workdir.mkdir(parents=True, exist_ok=True)
        for name in names:
            started = time.perf_counter()
            module = importlib.import_module(f"{__package__ or 'benchmarks'}.{name}")
            found = module.run(args.sizes, workdir)
            rows += [{"module": name, **r} for r in found]
            print(f"{name}: {len(found)} rows in {time.perf_counter() - started:.0f} s",
                  file=sys.stderr, flush=True)
    print(table(rows))
    print(f"load average {os.getloadavg()[0]:.2f} at the end")
    missed = [f"{r['benchmark']} ({r['size']:,})" for r in rows if r.get("met") is False]
    # A report, not a test: timings on a shared machine vary, so a missed aim is printed
    # rather than failing `make bench`.
    print(f"aims missed: {', '.join(missed)}" if missed else "every aim met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
