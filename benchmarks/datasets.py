"""Datasets: reading a CSV export package back, beside a raw baseline in the same run.

The package holds 2,000 generated entries whatever `--sizes` says (the size the aim was set
for): the kit's reader (`formats.csv_package.read_csv`: every table parsed, each cell decoded
for its column, the entries gathered, validated and checked against the wide table) against
`pd.read_csv` of the same files as plain text plus `validate_entry` of the same entries from
dicts prepared beforehand. Aim: at most 3x the baseline.

    python -m benchmarks --only datasets
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from benchmarks.core import measure_pair, row
from benchmarks.generate import csv_package_folder
from stretchkit.formats.csv_package import read_csv
from stretchkit.model.entry import validate_entry
from stretchkit.model.vocabulary import Vocabulary

CSV_ENTRIES = 2000
AIM_RATIO = 3.0


def _raw_read(folder: Path, dicts: list[dict], vocabulary: Vocabulary) -> None:
    for path in sorted(folder.glob("*.csv")):
        pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    for data in dicts:
        validate_entry(data, vocabulary)


def run(sizes: Sequence[int], workdir: Path) -> list[dict]:
    vocabulary = Vocabulary.default()
    folder = csv_package_folder(workdir, CSV_ENTRIES)
    entries = [entry for _, entry in read_csv([folder], vocabulary)]
    assert len(entries) == CSV_ENTRIES
    dicts = [entry.model_dump(mode="json") for entry in entries]
    read_ms, raw_ms = measure_pair(lambda: read_csv([folder], vocabulary),
                                   lambda: _raw_read(folder, dicts, vocabulary), repeat=5)
    return [row("read a CSV package back", CSV_ENTRIES, read_ms,
                "pd.read_csv of its files + validate dicts", raw_ms,
                f"<= {AIM_RATIO:g}x baseline", read_ms <= AIM_RATIO * raw_ms)]
