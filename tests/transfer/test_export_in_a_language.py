"""Exports in a language: a CSV export's fallback.csv (per entry, the fields shown in the source
language) listed in datapackage.json as one more table, in the package writer's layout; every
language at once from the channel asked for; progress and the routines as in any export."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import frictionless

from stretchkit import Library, validate_entry
from stretchkit.model.entry import ACTIVE_STATUSES
from stretchkit.transfer import export_library

# A club vocabulary in French: the package's enum lists this id as it is spelled.
CLUB_VOCABULARY = {"conditions": [{"id": "genou-opéré", "label": "Genou opéré"}]}


def test_csv_export_in_a_language_lists_its_fallback_table(empty_data: Path, tmp_path: Path):
    (empty_data / "vocabulary.json").write_text(json.dumps(CLUB_VOCABULARY), encoding="utf-8")
    (empty_data / "stretchkit.json").write_text(json.dumps(
        {"source_language": "en", "languages": ["en", "fr"]}), encoding="utf-8")
    library = Library(empty_data)
    library.create(validate_entry({"id": "cat-cow", "name": "Cat-Cow"}))
    library.create(validate_entry({"id": "neck-tilt", "name": "Neck Tilt",
                                   "summary": "Tilt an ear toward the shoulder."}))
    out, plain = tmp_path / "fr", tmp_path / "plain"
    written = export_library(library, "csv", out, channel="working", lang="fr")
    tables = export_library(library, "csv", plain, channel="working")
    assert written == [out / p.name for p in tables] + [out / "fallback.csv"]
    assert (out / "fallback.csv").read_bytes() == (
        "\ufeffid,language,fallback\r\n"
        "cat-cow,fr,name\r\n"
        "neck-tilt,fr,name; summary\r\n").encode("utf-8")

    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    tables_package = json.loads((plain / "datapackage.json").read_text(encoding="utf-8"))
    assert package["resources"][:-1] == tables_package["resources"]
    assert package["resources"][-1] == {
        "name": "fallback", "path": "fallback.csv", "profile": "tabular-data-resource",
        "description": "Per entry, the fields not translated into fr (shown in the source "
                       "language)",
        "format": "csv", "mediatype": "text/csv", "encoding": "utf-8",
        "schema": {"fields": [{"name": "id", "type": "string"},
                              {"name": "language", "type": "string"},
                              {"name": "fallback", "type": "string"}],
                   "primaryKey": ["id"]}}
    assert {k: v for k, v in package.items() if k != "resources"} == \
        {k: v for k, v in tables_package.items() if k != "resources"}
    report = frictionless.validate(out / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]
    # The package writer's layout, club ids as they are spelled: a diff shows the new table.
    text = (out / "datapackage.json").read_text(encoding="utf-8")
    tables_text = (plain / "datapackage.json").read_text(encoding="utf-8")
    assert '"genou-opéré"' in tables_text
    assert text.startswith(tables_text.removesuffix("\n  ]\n}\n") + ",\n    {\n")
    assert text.endswith("\n  ]\n}\n")

    # Text and Markdown exports say the same in fallback.json beside the files.
    for fmt in ("text", "markdown"):
        written = export_library(library, fmt, tmp_path / fmt, channel="working", lang="fr")
        assert written[-1] == tmp_path / fmt / "fallback.json"
        assert written[-1].read_text(encoding="utf-8") == """\
{
  "language": "fr",
  "fallback": {
    "cat-cow": [
      "name"
    ],
    "neck-tilt": [
      "name",
      "summary"
    ]
  }
}
"""


def test_every_language_at_once_takes_what_review_published(sample_data: Path, tmp_path: Path):
    library = Library(sample_data)
    # A translator's later edit is not published until review publishes it.
    t = library.translations.get("fr", "inchworm")
    units = dict(t.units)
    units["name"] = [units["name"][0].model_copy(update={"text": "Chenille (brouillon)"})]
    library.translations.save(t.model_copy(update={"units": units}))
    for fmt in ("json", "jsonl"):
        published, working = tmp_path / f"pub.{fmt}", tmp_path / f"work.{fmt}"
        export_library(library, fmt, published, lang="all")
        export_library(library, fmt, working, lang="all", channel="working")
        names = {}
        for name, out in (("published", published), ("working", working)):
            text = out.read_text("utf-8")
            rows = json.loads(text) if fmt == "json" else [json.loads(line)
                                                             for line in text.splitlines()]
            names[name] = {r["id"]: r["translations"]["fr"].get("name") for r in rows}
        assert (names["published"]["inchworm"], names["working"]["inchworm"]) == (
            "Chenille", "Chenille (brouillon)")


def test_an_export_in_a_language_reports_progress_and_carries_the_routines(sample_data: Path,
                                                                           tmp_path: Path):
    library = Library(sample_data)
    entry_ids = [e.id for e in library.filter(status=ACTIVE_STATUSES)]
    routine_ids = library.routines.ids()
    for fmt, lang, out in (("json", "all", tmp_path / "all.json"),
                           ("json", "fr", tmp_path / "fr.json"),
                           ("csv", "fr", tmp_path / "fr-csv"),
                           ("text", "fr", tmp_path / "fr-text"),
                           ("markdown", "fr", tmp_path / "fr-markdown")):
        seen: list[str] = []

        def progress(entries, seen=seen):
            for entry in entries:
                seen.append(entry.id)
                yield entry

        written = export_library(library, fmt, out, lang=lang, channel="working",
                                 progress=progress)
        assert seen == entry_ids, (fmt, lang)
        if fmt == "json":
            beside = out.with_name(f"{out.stem}.routines.json")
            assert written == [out, beside]
            carried = [r["id"] for r in json.loads(beside.read_text("utf-8"))]
        elif fmt == "csv":
            assert {out / "routines.csv", out / "routine_items.csv"} <= set(written)
            with (out / "routines.csv").open(encoding="utf-8-sig", newline="") as fh:
                carried = [row["id"] for row in csv.DictReader(fh)]
        else:  # text and Markdown carry entries only
            continue
        assert carried == routine_ids, (fmt, lang)
