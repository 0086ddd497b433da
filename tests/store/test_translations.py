"""Translation files: stable bytes, atomic and conflict-checked saves, versions, read only when
asked for, and they follow their entry through delete, restore and duplicate."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

import stretchkit.store.translation_status as translation_status_module
from stretchkit import Library
from stretchkit.errors import (
    ConflictError,
    EntryError,
    StorageError,
    StretchkitError,
    UsageError,
)
from stretchkit.model.translation import Translation, Unit, align, count, with_texts
from stretchkit.store.settings import (
    Settings,
    check_language,
    language_name,
    language_problem,
    load_settings,
)
from stretchkit.store.translation_status import SETTLED_NS, cache_path, translation_status
from stretchkit.store.translations import (
    Translations,
    all_lines,
    dump_translation,
    load_translation,
)
from tests.conftest import ROOT
from tests.strategies import examples, settings

ENTRY = "glute-bridge"


def french(library: Library, entry_id: str = ENTRY, **names: str):
    """A translation of the entry's name (and any channel's first item) into French."""
    entry = library.get(entry_id)
    first = {}
    for state in align(entry, None):
        first.setdefault(state.channel, state)
    texts = {(c, first[c].key): text for c, text in {"name": "Pont", **names}.items()}
    return with_texts(entry, library.translations.get("fr", entry_id), "fr", texts,
                      by="Camille")


# -- languages as settings ---------------------------------------------------------------------
def test_languages_default_to_english_alone(empty_data):
    settings = load_settings(empty_data)
    assert (settings.source_language, settings.languages, settings.targets) == ("en", ("en",),
                                                                                 ())


def test_the_sample_library_is_english_and_french():
    settings = load_settings(Path(__file__).parents[2] / "data")
    assert (settings.source_language, settings.targets) == ("en", ("fr",))


@pytest.mark.parametrize(("tag", "message"), [
    ("en_US", "expected the standard form 'en-US', got 'en_US'"),
    ("pt-br", "expected the standard form 'pt-BR', got 'pt-br'"),
    ("fre", "expected the standard form 'fr', got 'fre'"),
    ("french", "unknown language tag 'french' (expected a BCP 47 tag like 'fr' or 'pt-BR'): "
               "did you mean 'fr'?"),
    ("Deutsch", "did you mean 'de'?"),
    ("", "expected a BCP 47 language tag"),
])
def test_a_bad_tag_gets_the_allowed_form_or_a_suggestion(tag, message):
    assert message in language_problem(tag)
    with pytest.raises(UsageError, match="language: "):
        check_language(tag)


@pytest.mark.parametrize("tag", ["fr", "pt-BR", "zh-Hant", "es-419", "de-CH"])
def test_standard_tags_are_accepted(tag):
    assert language_problem(tag) is None


def test_a_settings_file_with_a_bad_tag_names_file_field_and_suggestion(empty_data):
    (empty_data / "stretchkit.json").write_text('{"languages": ["en", "francais"]}')
    with pytest.raises(StretchkitError) as info:
        load_settings(empty_data)
    message = str(info.value)
    assert "stretchkit.json: languages" in message and "did you mean 'fr'?" in message


def test_the_source_language_is_listed_first_when_left_out():
    assert Settings(source_language="de", languages=["fr"]).languages == ("de", "fr")


def test_a_target_outside_the_settings_is_a_usage_error_naming_the_allowed_ones():
    settings = Settings(languages=["en", "fr"])
    with pytest.raises(UsageError, match=r"'it' is not a language of this library.*fr"):
        settings.target("it")
    with pytest.raises(UsageError, match="'en' is the source language"):
        settings.target("en")


def test_language_names_say_the_language_in_itself_and_in_english():
    assert language_name("fr") == "français (French)"
    assert language_name("en") == "English"


# -- files --------------------------------------------------------------------------------------
def test_a_saved_translation_reads_back_and_saving_it_again_writes_the_same_bytes(sample_data):
    library = Library(sample_data)
    t = french(library)
    path = library.translations.save(t)
    data = path.read_bytes()
    assert load_translation(data, str(path)) == t
    assert dump_translation(load_translation(data, str(path))) == data
    assert data.endswith(b"}\n") and b'\n  "units": {\n' in data
    stamp = path.stat().st_mtime_ns
    library.translations.save(library.translations.get("fr", ENTRY))
    assert path.read_bytes() == data and path.stat().st_mtime_ns == stamp


def test_the_sample_translation_files_have_stable_bytes():
    folder = Path(__file__).parents[2] / "data" / "translations" / "fr"
    for path in sorted(folder.glob("*.json")):
        data = path.read_bytes()
        assert dump_translation(load_translation(data, str(path))) == data, path.name


line_texts = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1).filter(
    lambda text: text.strip() and "\n" not in text and "\r" not in text)


@settings(max_examples=examples(100), deadline=None)
@given(st.dictionaries(st.sampled_from(["name", "tips", "faq.answer"]),
                       st.lists(st.tuples(line_texts, line_texts), max_size=3), max_size=3),
       st.text(max_size=20), st.booleans())
def test_translation_bytes_are_those_the_standard_json_module_writes(units, by, stamped):
    """Files written before the kit used pydantic's serializer keep their bytes: control
    characters, quotes, backslashes and any unicode written as `json.dumps` writes them."""
    translation = Translation(
        entry="cat-cow", language="fr", by=by,
        units={c: [Unit(source=s, text=t) for s, t in items] for c, items in units.items()},
        updated=datetime(2026, 11, 30, 12, 0, 1, 5, tzinfo=UTC) if stamped else None)
    data = translation.model_dump(mode="json", exclude_none=True)
    if not data["by"]:
        del data["by"]
    expected = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
    assert dump_translation(translation) == expected.encode("utf-8")


def test_two_translators_never_overwrite_each_other(sample_data):
    mine, theirs = Library(sample_data), Library(sample_data)
    my_edit = french(mine, summary="Mon résumé.")  # read, then edited for a while
    theirs.translations.save(french(theirs, summary="Leur résumé."))
    with pytest.raises(ConflictError, match=r"glute-bridge\.json was changed by someone else"):
        mine.translations.save(my_edit)
    assert "Leur résumé." in mine.translations.path_of("fr", ENTRY).read_text("utf-8")


def test_a_translation_created_by_someone_else_since_it_was_found_missing_is_a_conflict(
        sample_data):
    mine, theirs = Library(sample_data), Library(sample_data)
    my_edit = french(mine, "couch-stretch")  # found none, started one
    theirs.translations.save(french(theirs, "couch-stretch"))
    with pytest.raises(ConflictError, match="was created by someone else"):
        mine.translations.save(my_edit)


def test_every_change_keeps_the_old_file_as_a_version(sample_data):
    library = Library(sample_data)
    before = library.translations.path_of("fr", ENTRY).read_bytes()
    library.translations.save(french(library, summary="Nouveau résumé."))
    versions = library.translations.versions("fr", ENTRY)
    assert len(versions) == 1 and versions[0].read_bytes() == before


def test_a_version_keeps_its_bytes_through_later_saves(sample_data):
    # A version may share its file with the working copy of its time (a hard link): every
    # later save must replace the working copy, never write into the version's bytes.
    library = Library(sample_data)
    first = library.translations.path_of("fr", ENTRY).read_bytes()
    library.translations.save(french(library, summary="Deuxième résumé."))
    second = library.translations.path_of("fr", ENTRY).read_bytes()
    library.translations.save(french(library, summary="Troisième résumé."))
    versions = library.translations.versions("fr", ENTRY)
    assert [v.read_bytes() for v in versions] == [first, second]
    assert b"Troisi" in library.translations.path_of("fr", ENTRY).read_bytes()


def test_save_all_writes_nothing_when_one_file_conflicts(sample_data):
    mine, theirs = Library(sample_data), Library(sample_data)
    batch = [french(mine, "inchworm", summary="Un."), french(mine, ENTRY, summary="Deux.")]
    before = mine.translations.path_of("fr", "inchworm").read_bytes()
    theirs.translations.save(french(theirs, ENTRY, summary="Trois."))
    with pytest.raises(ConflictError):
        mine.translations.save_all(batch)
    assert mine.translations.path_of("fr", "inchworm").read_bytes() == before


def test_a_failed_write_puts_back_the_files_already_written(sample_data, monkeypatch):
    from stretchkit.store import translations as module

    library = Library(sample_data)
    batch = [french(library, "inchworm", summary="Un."), french(library, ENTRY, summary="Deux.")]
    before = {i: library.translations.path_of("fr", i).read_bytes()
              for i in ("inchworm", ENTRY)}
    real = module.write_atomically

    def disk_full_on_the_second(path, data, **options):
        if path == library.translations.path_of("fr", ENTRY):
            raise StorageError(path, "No space left on device")
        return real(path, data, **options)

    monkeypatch.setattr(module, "write_atomically", disk_full_on_the_second)
    with pytest.raises(StorageError, match="No space left"):
        library.translations.save_all(batch)
    assert {i: library.translations.path_of("fr", i).read_bytes()
            for i in ("inchworm", ENTRY)} == before


# Three translations saved in one batch by a real process that dies (os._exit, no
# clean-up) as it starts writing the third file.
DIE_AT_THIRD_FILE = textwrap.dedent("""
    import os, sys
    from stretchkit import Library
    from stretchkit.store import translations as module
    from tests.store.test_translations import french
    library = Library(sys.argv[1])
    batch = [french(library, entry_id, summary=f"Nouveau résumé {n}.")
             for n, entry_id in enumerate(sys.argv[2:], 1)]
    real, seen = module.write_atomically, []
    def die_at_the_third(path, data, **options):
        seen.append(path)
        if len(seen) == 3:
            os._exit(9)
        return real(path, data, **options)
    module.write_atomically = die_at_the_third
    library.translations.save_all(batch)
    """)


def test_a_save_of_several_files_killed_halfway_is_undone_by_the_next_load(sample_data):
    library = Library(sample_data)
    ids = ["inchworm", "wall-calf-stretch", ENTRY]  # the second has no French file yet
    paths = {i: library.translations.path_of("fr", i) for i in ids}
    before = {i: path.read_bytes() if path.exists() else None for i, path in paths.items()}
    assert before["wall-calf-stretch"] is None
    child = subprocess.run([sys.executable, "-c", DIE_AT_THIRD_FILE, str(sample_data), *ids],
                           cwd=ROOT, timeout=60)
    assert child.returncode == 9
    assert paths["inchworm"].read_bytes() != before["inchworm"]
    assert paths["wall-calf-stretch"].exists()

    after = Library(sample_data)
    [note] = after.notes
    assert note.message == ("undid an interrupted translation import of 3 files: 2 of its 3 "
                            "files put back as they were")
    assert {i: path.read_bytes() if path.exists() else None
            for i, path in paths.items()} == before
    assert not (sample_data / ".batch").exists()
    # the versions the batch kept stay: history never shrinks
    assert len(after.translations.versions("fr", "inchworm")) == \
        len(library.translations.versions("fr", "inchworm"))


def test_a_broken_translation_file_is_named_and_the_rest_read(sample_data):
    library = Library(sample_data)
    broken = library.translations.path_of("fr", "inchworm")
    broken.write_text('{"entry": "inchworm", "language": "fr", "units": {"name": '
                      '[{"source": "Inchworm", "text": ""}]}}', encoding="utf-8")
    found = library.translations.read_all("fr")
    assert "inchworm" not in found and ENTRY in found
    assert [(p.where, p.field) for p in library.translations.problems] == [
        (str(broken), "units.name[0].text")]


def test_a_file_in_the_wrong_place_is_refused(sample_data):
    library = Library(sample_data)
    source = library.translations.path_of("fr", ENTRY).read_bytes()
    library.translations.path_of("fr", "inchworm").write_bytes(source)
    with pytest.raises(EntryError, match="expected 'inchworm' in 'fr'"):
        library.translations.get("fr", "inchworm")


def test_loading_the_library_reads_no_translation_file(sample_data):
    """Every translation file unreadable: the library loads as before, and the files are
    read (and reported) only when asked for."""
    for path in (sample_data / "translations" / "fr").glob("*.json"):
        path.write_text("{ not json", encoding="utf-8")
    library = Library(sample_data)
    assert library.problems == [] and len(library) == 30
    assert "translations" not in vars(library)  # the store is not even made until asked
    library.translations.read_all("fr")
    assert len(library.translations.problems) == 6


# -- translations follow their entry -------------------------------------------------------------
def test_delete_and_restore_keep_the_translations(sample_data):
    library = Library(sample_data)
    before = library.translations.path_of("fr", ENTRY).read_bytes()
    published = library.translations.published_path("fr", ENTRY).read_bytes()
    library.delete(ENTRY)
    assert not library.translations.path_of("fr", ENTRY).exists()
    assert not library.translations.published_path("fr", ENTRY).exists()
    library.restore(ENTRY)
    assert library.translations.path_of("fr", ENTRY).read_bytes() == before
    assert library.translations.published_path("fr", ENTRY).read_bytes() == published
    assert count(align(library.get(ENTRY), library.translations.get("fr", ENTRY))).missing == 0


def test_a_copy_gets_the_originals_translations_current_for_its_text(sample_data):
    library = Library(sample_data)
    original = library.get(ENTRY)
    library.create(original.model_copy(update={"id": "glute-bridge-copy", "status": "draft",
                                               "reviews": []}))
    written = library.translations.copy(ENTRY, "glute-bridge-copy")
    assert written == [library.translations.path_of("fr", "glute-bridge-copy")]
    copied = library.translations.get("fr", "glute-bridge-copy")
    assert copied.published is None and copied.entry == "glute-bridge-copy"
    assert count(align(library.get("glute-bridge-copy"), copied)).describe() == \
        "45 translated, 0 outdated, 0 missing"
    assert library.translations.copy(ENTRY, "glute-bridge-copy") == []  # never replaces


def test_labels_come_from_the_kit_and_a_folder_can_override_them(sample_data):
    store = Translations(sample_data)
    assert store.labels("fr").heading("Instructions") == "Consignes"
    (sample_data / "translations" / "fr" / "_labels.json").write_text(json.dumps(
        {"headings": {"Instructions": "Étapes"}, "terms": {"goals": {"warm-up": "Mise en train"}}}),
        encoding="utf-8")
    labels = store.labels("fr")
    assert labels.heading("Instructions") == "Étapes"
    assert labels.heading("Tips & Tricks") == "Conseils et astuces"
    vocabulary = labels.vocabulary(Library(sample_data).vocabulary)
    assert vocabulary.label("goals", "warm-up") == "Mise en train"
    assert vocabulary.normalise("goals", "Warm-up") == "warm-up"
    assert "_labels" not in store.read_all("fr")


def test_status_reading_names_a_broken_file_and_counts_the_rest(sample_data):
    library = Library(sample_data)
    broken = library.translations.path_of("fr", "inchworm")
    broken.write_text('{"entry": "inchworm", "language": "fr", "units": {"name": '
                      '[{"source": "Inchworm", "text": "x\\ny"}]}}', encoding="utf-8")
    library.translations.path_of("fr", "cat-cow").write_text("{ not json", encoding="utf-8")
    sources = library.translations.read_sources("fr")
    assert sorted(sources) == ["glute-bridge", "overhead-triceps-stretch",
                               "seated-neck-side-stretch", "squat-to-stand"]
    assert sources["glute-bridge"]["name"] == ["Glute Bridge"]
    assert sorted((Path(p.where).name, p.field) for p in library.translations.problems) == [
        ("cat-cow.json", ""), ("inchworm.json", "units.name[0].text")]


def _model_accepts(text: object) -> bool:
    try:
        Unit(source=text, text="x")
    except ValidationError:
        return False
    return True


_WHITE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u2028\u2029\u3000\u200b"


@settings(max_examples=examples(300), deadline=None)
@given(st.lists(st.one_of(st.text(st.sampled_from(_WHITE + "ab"), max_size=4), st.text(max_size=6),
                          st.integers(), st.none()), max_size=5))
def test_the_fast_line_check_never_passes_a_text_the_model_refuses(values):
    """Status reads files without the model and trusts this check: it may send a file to the
    full read needlessly, but never count a text the model would refuse."""
    if all_lines(values):
        assert all(_model_accepts(v) for v in values)
    # and it is exactly the kit's rule: a string, no line break, not blank
    assert all_lines(values) == all(
        isinstance(v, str) and "\n" not in v and "\r" not in v and v.strip() != ""
        for v in values)


# -- what status remembers between runs --------------------------------------------------------
def counts_of(data) -> dict[str, tuple[int, int, int]]:
    [status] = translation_status(Library(data))
    return {entry_id: (c.translated, c.outdated, c.missing)
            for entry_id, c in status.entries.items()}


def remembered(data) -> dict[str, list]:
    return json.loads(cache_path(data, "fr").read_text(encoding="utf-8"))["entries"]


def test_status_remembers_settled_files_and_reads_again_what_changed(sample_data):
    library = Library(sample_data)
    library.translations.path_of("fr", "inchworm").write_text("{ not json", encoding="utf-8")
    first = counts_of(sample_data)
    # a file written in the last two seconds could change again in the same clock tick
    with_file = {p.stem for p in (sample_data / "translations" / "fr").glob("*.json")
                 if not p.name.startswith("_")}
    assert with_file and not with_file & set(remembered(sample_data))
    assert set(first) - with_file <= set(remembered(sample_data))  # nothing to read for those
    time.sleep(SETTLED_NS / 1e9 + 0.1)
    assert counts_of(sample_data) == first
    assert set(remembered(sample_data)) == set(first) - {"inchworm"}  # unreadable: never
    library = Library(sample_data)
    translation_status(library)
    assert [Path(p.where).name for p in library.translations.problems] == ["inchworm.json"]

    # a remembered record is what the next run reports, without reading the file...
    forged = remembered(sample_data)
    forged["cat-cow"][2:] = [99, 0, 0]
    cache_path(sample_data, "fr").write_text(json.dumps({
        "version": json.loads(cache_path(sample_data, "fr").read_bytes())["version"],
        "entries": forged}), encoding="utf-8")
    assert counts_of(sample_data)["cat-cow"] == (99, 0, 0)
    # ...until the translation file or the entry changes
    library = Library(sample_data)
    library.translations.save(french(library, "cat-cow", summary="Un résumé."))
    assert counts_of(sample_data)["cat-cow"] == first["cat-cow"]
    forged["glute-bridge"][2:] = [99, 0, 0]
    cache_path(sample_data, "fr").write_text(json.dumps({
        "version": json.loads(cache_path(sample_data, "fr").read_bytes())["version"],
        "entries": forged}), encoding="utf-8")
    entry = library.get("glute-bridge")
    library.save(entry.model_copy(update={"summary": entry.summary + " Slowly."}))
    assert counts_of(sample_data)["glute-bridge"] == (
        first["glute-bridge"][0] - 1, first["glute-bridge"][1] + 1, 0)


@pytest.mark.parametrize("cache", [
    b"", b"{ half a fi", b'{"version": "another", "entries": {"cat-cow": ["x", "y", 99, 0, 0]}}',
    b'{"version": null, "entries": []}', b"[]",
])
def test_a_cache_that_is_broken_half_written_or_from_other_code_is_ignored(sample_data, cache):
    expected = counts_of(sample_data)
    cache_path(sample_data, "fr").write_bytes(cache)
    assert counts_of(sample_data) == expected
    assert json.loads(cache_path(sample_data, "fr").read_bytes())["entries"]  # rewritten


def test_malformed_records_in_a_current_cache_are_left_out(sample_data):
    counts_of(sample_data)
    data = json.loads(cache_path(sample_data, "fr").read_bytes())
    good = dict(data["entries"])
    entry_id = next(iter(good))
    for bad in (["a"], [*good[entry_id][:2], -1, 0, 0], [*good[entry_id][:2], "9", 0, 0], None):
        data["entries"][entry_id] = bad
        cache_path(sample_data, "fr").write_text(json.dumps(data), encoding="utf-8")
        assert counts_of(sample_data) == counts_of(sample_data)
        assert remembered(sample_data)[entry_id] == good[entry_id]


def test_status_read_over_several_processes_counts_and_names_problems_as_one(sample_data,
                                                                            monkeypatch):
    """A large library's files are read and counted in parts, in forked children: the same
    counts, the same files remembered, each unreadable file named once."""
    library = Library(sample_data)
    library.translations.path_of("fr", "inchworm").write_text("{ not json", encoding="utf-8")
    library.translations.path_of("fr", "cat-cow").write_text(
        '{"entry": "cat-cow", "language": "fr", "units": {"name": '
        '[{"source": "Cat-Cow", "text": "x\\ny"}]}}', encoding="utf-8")
    serial = counts_of(sample_data)
    serial_cache = remembered(sample_data)
    cache_path(sample_data, "fr").unlink()

    parts_seen = []
    real_map_parts = translation_status_module.map_parts

    def map_parts_in_children(function, parts):
        parts_seen.append(len(parts))
        return real_map_parts(function, parts, fork=True)

    monkeypatch.setattr(translation_status_module, "FORK_FROM", 1)
    monkeypatch.setattr(translation_status_module, "cores", lambda: 3)
    monkeypatch.setattr(translation_status_module, "map_parts", map_parts_in_children)
    library = Library(sample_data)
    [status] = translation_status(library)
    assert parts_seen == [3]  # three parts: two of them read in children
    assert {entry_id: (c.translated, c.outdated, c.missing)
            for entry_id, c in status.entries.items()} == serial
    assert remembered(sample_data) == serial_cache
    assert sorted((Path(p.where).name, p.field) for p in library.translations.problems) == [
        ("cat-cow.json", "units.name[0].text"), ("inchworm.json", "")]
