"""Translations on a generated library with one target language: `translate status`, a PO
export and its import, and what translation files add to loading the library (nothing: they
are read when asked for)."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import time
from collections.abc import Sequence
from pathlib import Path

import polib

from benchmarks.cli import measure_processes, stretchkit_command
from benchmarks.core import measure, measure_pair, row
from benchmarks.generate import library_folder
from stretchkit.fileio import write_atomically
from stretchkit.model.translation import align, with_texts
from stretchkit.store.library import ENTRY_FOLDER, Library
from stretchkit.store.settings import SETTINGS_FILE
from stretchkit.store.translation_status import cache_path
from stretchkit.store.translations import dump_translation
from stretchkit.transfer.translating import (
    export_translations,
    import_translations,
    translation_status,
)

LANGUAGE = "fr"
#: One entry in this many has an item whose source changed since it was translated.
OUTDATED_EVERY = 50


def translated_folder(workdir: Path, size: int) -> Path:
    """A copy of the generated library of `size` entries with French settings and a full
    translation of every entry (one in OUTDATED_EVERY with one outdated item)."""
    root = workdir / f"translated-{size}"
    if (root / "translations").is_dir():
        return root
    shutil.copytree(library_folder(workdir, size) / ENTRY_FOLDER, root / ENTRY_FOLDER)
    (root / SETTINGS_FILE).write_text(json.dumps({"languages": ["en", LANGUAGE]}) + "\n",
                                      encoding="utf-8")
    folder = root / "translations" / LANGUAGE
    folder.mkdir(parents=True)
    library = Library(root)
    for n, entry in enumerate(library.filter()):
        texts = {(s.channel, s.key): f"[{LANGUAGE}] {s.source}" for s in align(entry, None)}
        translation = with_texts(entry, None, LANGUAGE, texts, by="Bench Translator")
        if n % OUTDATED_EVERY == 0:  # its name was translated from an older name
            units = dict(translation.units)
            units["name"] = [units["name"][0].model_copy(update={"source": "An older name"})]
            translation = translation.model_copy(update={"units": units})
        (folder / f"{entry.id}.json").write_bytes(dump_translation(translation))
    return root


def _renamed_po(source: Path, target: Path, mark: str) -> None:
    """`source` with every entry name's translation changed, so importing it writes every
    translation file."""
    po = polib.pofile(str(source))
    for message in po:
        if message.msgctxt.split("|")[1] == "name":
            message.msgstr = f"{message.msgid} ({mark})"
            message.flags = []
    po.save(str(target))


def _rewrite_files(folder: Path) -> None:
    """The file system's part of an import that changes every translation: each file
    replaced atomically (and its old bytes kept as a version), one sync at the end."""
    for path in sorted(folder.glob("*.json")):
        data = path.read_bytes()
        write_atomically(folder / ".bench-version.json", data, durable=False)
        write_atomically(path, data, durable=False)
    (folder / ".bench-version.json").unlink()
    os.sync()


def run(sizes: Sequence[int], workdir: Path) -> list[dict]:
    rows = []
    for size in sizes:
        # The import below changes the translations (and settles the outdated ones): each
        # run works on a copy, so a kept folder (--keep) gives the same figures next time.
        root = workdir / f"translated-{size}-run"
        shutil.rmtree(root, ignore_errors=True)
        shutil.copytree(translated_folder(workdir, size), root, symlinks=True)
        plain = library_folder(workdir, size)
        repeat = 3 if size > 5000 else 7

        load_ms, plain_ms = measure_pair(lambda root=root: Library(root),
                                         lambda plain=plain: Library(plain), repeat)
        rows.append(row("load with a translated language", size, load_ms,
                        "load without translations", plain_ms, "<= 1.1x baseline",
                        load_ms <= 1.1 * plain_ms))

        library = Library(root)
        cache = cache_path(root, LANGUAGE)

        def first_status(library=library, cache=cache):
            cache.unlink(missing_ok=True)  # what it remembered from the last run
            return translation_status(library)

        [status] = first_status()
        assert status.total.outdated > 0 and status.total.missing == 0
        first_ms = measure(first_status, repeat)
        rows.append(row("translate status, every file read", size, first_ms, aim="< 1000 ms",
                        met=first_ms < 1000))
        translation_status(library)  # remembers the counts of every file (all settled)
        status_ms = measure(lambda library=library: translation_status(library), repeat)
        rows.append(row("translate status, nothing changed", size, status_ms,
                        aim="< 1000 ms", met=status_ms < 1000))
        whole_ms = measure(lambda root=root: translation_status(Library(root)), repeat)
        rows.append(row("translate status, nothing changed, with loading", size, whole_ms))
        # What a coach waits for: the program, start-up and load included, against the
        # program that loads the same library and lists it.
        command_ms, list_ms = measure_processes(
            [*stretchkit_command(), "translate", "status", "--data", str(root)],
            [*stretchkit_command(), "list", "--data", str(root)], repeat)["wall"]
        rows.append(row("stretchkit translate status (nothing changed)", size, command_ms,
                        "stretchkit list", list_ms))

        out = workdir / f"export-{size}.po"
        # Seconds a run on a large library: one run each (no warm-up) is enough there.
        runs, warmup = (1, 0) if size > 5000 else (repeat, 1)
        export_ms = measure(lambda library=library, out=out: export_translations(
            library, LANGUAGE, out, overwrite=True), runs, warmup)
        rows.append(row("PO export (1 language)", size, export_ms, aim="< 10000 ms",
                        met=export_ms < 10000))

        files = [workdir / f"import-{size}-{mark}.po" for mark in "ab"]
        for mark, path in zip("ab", files, strict=True):
            _renamed_po(out, path, mark)
        times = []
        for n in range(runs):  # alternate, so every import changes every entry's name
            library = Library(root)
            start = time.perf_counter()
            plan = import_translations(library, files[n % 2])
            times.append((time.perf_counter() - start) * 1000)
            assert len(plan.translations) == len(status.entries), plan.summary()
        import_ms = statistics.median(times)
        floor_ms = measure(lambda root=root: _rewrite_files(root / "translations" / LANGUAGE),
                           runs, warmup)
        rows.append(row(f"PO import ({len(status.entries)} files written)", size, import_ms,
                        "rewrite those files, nothing else", floor_ms, aim="< 10000 ms",
                        met=import_ms < 10000))
    return rows
