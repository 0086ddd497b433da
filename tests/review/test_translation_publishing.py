"""Publishing a translation: only review changes what is published in a language; outdated
items block it; the source language never waits."""

from __future__ import annotations

import json

import pytest

from stretchkit import Library
from stretchkit.errors import WorkflowError
from stretchkit.model.translation import align, with_texts
from stretchkit.review import change_status
from stretchkit.review.translations import publish_translation, readiness
from stretchkit.review.workflow import load_checklist
from stretchkit.transfer.exchange import export_library

ENTRY = "glute-bridge"


def retranslate_name(library: Library, entry_id: str, text: str) -> None:
    entry = library.get(entry_id)
    current = library.translations.get("fr", entry_id)
    [name] = [s for s in align(entry, current) if s.channel == "name"]
    library.translations.save(with_texts(entry, current, "fr", {("name", name.key): text},
                                         by="Camille Rousseau"))


def published_name(library: Library, entry_id: str, tmp_path) -> str:
    out = tmp_path / f"pub-{len(list(tmp_path.iterdir()))}.json"
    export_library(library, "json", out, lang="fr")
    return {r["id"]: r for r in json.loads(out.read_text("utf-8"))}[entry_id]["name"]


def test_a_translators_save_does_not_change_what_is_published(sample_data, tmp_path):
    library = Library(sample_data)
    retranslate_name(library, ENTRY, "Pont des fessiers")
    assert published_name(library, ENTRY, tmp_path) == "Pont fessier"
    published = publish_translation(library, "fr", ENTRY, "Dr. Kenji Morita")
    assert published.published.by == "Dr. Kenji Morita"
    assert published.published.version == library.version(ENTRY, "published").id
    assert published_name(library, ENTRY, tmp_path) == "Pont des fessiers"


def test_the_translator_cannot_publish_their_own_translation(sample_data):
    library = Library(sample_data)
    retranslate_name(library, ENTRY, "Pont des fessiers")
    with pytest.raises(WorkflowError, match="'camille rousseau' made this translation"):
        publish_translation(library, "fr", ENTRY, "camille rousseau")


def test_a_one_person_team_may_publish_its_own(sample_data):
    (sample_data / "stretchkit.json").write_text(json.dumps(
        {"languages": ["en", "fr"], "allow_self_approval": True}), encoding="utf-8")
    library = Library(sample_data)
    retranslate_name(library, ENTRY, "Pont des fessiers")
    assert publish_translation(library, "fr", ENTRY, "Camille Rousseau").published


def test_outdated_items_block_publishing_that_language(sample_data):
    library = Library(sample_data)
    ready = readiness(library, "fr", "cat-cow")
    assert ready.counts.outdated == 1
    with pytest.raises(WorkflowError, match=r"outdated since the source changed: "
                                            r"instructions \(instruction 8\)"):
        publish_translation(library, "fr", "cat-cow", "Dr. Kenji Morita")
    assert not library.translations.published_path("fr", "cat-cow").exists()


def test_an_unpublished_entry_has_no_published_translation(sample_data):
    library = Library(sample_data)
    draft = next(e.id for e in library if not library.is_live(e.id))
    with pytest.raises(WorkflowError, match="the entry is not published; publish it first"):
        publish_translation(library, "fr", draft, "Dr. Kenji Morita")


def test_the_source_language_never_waits_and_stale_fields_fall_back(sample_data, tmp_path):
    """The entry is edited and republished: its French publication is checked against the
    new text, so the edited field falls back to English and the rest stays French."""
    library = Library(sample_data)
    entry = library.get(ENTRY)
    library.save(entry.model_copy(update={"name": "Glute Bridge Hold"}), by="Maya Okafor")
    change_status(library, ENTRY, "in-review", "Maya Okafor")
    ticked = {i.id: True for i in load_checklist(sample_data) if i.kind == "manual"}
    change_status(library, ENTRY, "approved", "Dr. Kenji Morita", checklist=ticked)
    change_status(library, ENTRY, "published", "Sam Whitford")
    out = tmp_path / "pub.json"
    export_library(library, "json", out, lang="fr")
    row = {r["id"]: r for r in json.loads(out.read_text("utf-8"))}[ENTRY]
    assert row["name"] == "Glute Bridge Hold" and row["fallback"] == ["name"]
    assert row["summary"].startswith("Allongé sur le dos")
    with pytest.raises(WorkflowError, match=r"outdated since the source changed: name"):
        publish_translation(library, "fr", ENTRY, "Dr. Kenji Morita")
