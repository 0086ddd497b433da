"""Publishing a translation: only review changes what is published in a language; outdated
items block it; the source language never waits."""

from __future__ import annotations

import json
import re
import shutil
from datetime import UTC, datetime

import pytest

from stretchkit import Library
from stretchkit.errors import EntryError, NotFoundError, WorkflowError
from stretchkit.model.translation import Counts, Unit, align, with_texts
from stretchkit.review import change_status
from stretchkit.review.translations import (
    Readiness,
    publish_translation,
    published_entry,
    readiness,
)
from stretchkit.review.workflow import load_checklist
from stretchkit.transfer.exchange import export_library

ENTRY = "glute-bridge"


def retranslate_name(library: Library, entry_id: str, text: str,
                     at: datetime | None = None) -> None:
    entry = library.get(entry_id)
    current = library.translations.get("fr", entry_id)
    [name] = [s for s in align(entry, current) if s.channel == "name"]
    library.translations.save(with_texts(entry, current, "fr", {("name", name.key): text},
                                         by="Camille Rousseau", at=at))


def republish(library: Library, entry_id: str, **fields) -> None:
    """Edit an entry and take it through review to the published channel."""
    library.save(library.get(entry_id).model_copy(update=fields), by="Maya Okafor")
    change_status(library, entry_id, "in-review", "Maya Okafor")
    ticked = {i.id: True for i in load_checklist(library.root) if i.kind == "manual"}
    change_status(library, entry_id, "approved", "Dr. Kenji Morita", checklist=ticked)
    change_status(library, entry_id, "published", "Sam Whitford")


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
    republish(library, ENTRY, name="Glute Bridge Hold")
    out = tmp_path / "pub.json"
    export_library(library, "json", out, lang="fr")
    row = {r["id"]: r for r in json.loads(out.read_text("utf-8"))}[ENTRY]
    assert row["name"] == "Glute Bridge Hold" and row["fallback"] == ["name"]
    assert row["summary"].startswith("Allongé sur le dos")
    with pytest.raises(WorkflowError, match=r"outdated since the source changed: name"):
        publish_translation(library, "fr", ENTRY, "Dr. Kenji Morita")


def test_readiness_says_why_a_translation_cannot_be_published_in_each_case(sample_data):
    library = Library(sample_data)
    assert readiness(library, "fr", "standing-quad-stretch") == Readiness(
        "standing-quad-stretch", Counts(), (
            "entry 'standing-quad-stretch' in 'fr': the entry is not published; publish it "
            "first (the translation is checked against the published text)",))
    assert readiness(library, "fr", "couch-stretch") == Readiness(
        "couch-stretch", Counts(), ("entry 'couch-stretch' in 'fr': no translation yet",))
    assert readiness(library, "fr", ENTRY) == Readiness(ENTRY, Counts(45, 0, 0), ())
    # cat-cow's translation made from an older name too: both outdated items are named.
    cat_cow = library.translations.get("fr", "cat-cow")
    older = {**cat_cow.units, "name": [Unit(source="Cat Cow Flow", text="Chat-vache")]}
    library.translations.save(cat_cow.model_copy(update={"units": older}))
    assert readiness(library, "fr", "cat-cow") == Readiness("cat-cow", Counts(9, 2, 44), (
        "entry 'cat-cow' in 'fr': outdated since the source changed: name (name), "
        "instructions (instruction 8); update them first",))


def test_a_reviewer_must_be_named(sample_data):
    library = Library(sample_data)
    with pytest.raises(WorkflowError, match="^" + re.escape(
            "reviewer: expected a name (--reviewer, or $STRETCHKIT_USER)") + "$"):
        publish_translation(library, "fr", ENTRY, " \t ")


def test_the_published_translation_keeps_when_the_translator_last_changed_it(sample_data):
    library = Library(sample_data)
    changed = datetime(2026, 11, 30, 9, 15, tzinfo=UTC)
    retranslate_name(library, ENTRY, "Pont des fessiers", at=changed)
    published = publish_translation(library, "fr", ENTRY, "Dr. Kenji Morita")
    assert (published.by, published.updated) == ("Camille Rousseau", changed)
    assert library.translations.published("fr", ENTRY).updated == changed


def test_an_entry_published_before_versions_were_kept_publishes_with_no_version(sample_data):
    shutil.rmtree(sample_data / "history" / ENTRY)
    library = Library(sample_data)
    retranslate_name(library, ENTRY, "Pont des fessiers")
    published = publish_translation(library, "fr", ENTRY, "Dr. Kenji Morita")
    assert published.published.by == "Dr. Kenji Morita"
    assert published.published.version is None


def test_the_published_entry_is_read_with_the_folders_own_terms(sample_data):
    (sample_data / "vocabulary.json").write_text(json.dumps(
        {"goals": [{"id": "sprint-prep", "label": "Sprint prep"}]}), encoding="utf-8")
    library = Library(sample_data)
    goals = [*library.get(ENTRY).goals, "sprint-prep"]
    republish(library, ENTRY, goals=goals)
    assert published_entry(library, ENTRY).goals == goals
    assert readiness(library, "fr", ENTRY) == Readiness(ENTRY, Counts(45, 0, 0), ())


def test_the_published_entry_names_what_is_wrong(sample_data):
    library = Library(sample_data)
    with pytest.raises(NotFoundError, match=r"^entry 'standing-quad-stretch' is not published$"):
        published_entry(library, "standing-quad-stretch")
    path = sample_data / "published" / f"{ENTRY}.json"
    damaged = json.loads(path.read_text(encoding="utf-8"))
    path.write_text(json.dumps({**damaged, "name": ""}), encoding="utf-8")
    with pytest.raises(EntryError, match="^" + re.escape(f"{path}: name: expected text")):
        readiness(library, "fr", ENTRY)
