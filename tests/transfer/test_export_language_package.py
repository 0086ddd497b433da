"""A CSV export in a language: fallback.csv names, per entry, the fields shown in the source
language, and datapackage.json lists it as one more table, in the package writer's layout."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless

from stretchkit import Library, validate_entry
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
