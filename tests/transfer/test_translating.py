"""Translators' files through the library: out, back in all or nothing, stale messages
refused by name; translation status; exports in a language with their fallbacks."""

from __future__ import annotations

import csv
import json
import re
from datetime import UTC, datetime
from pathlib import Path

import polib
import pytest

from stretchkit import Library, parallel
from stretchkit.errors import ConflictError, EntryError, Problem, StretchkitError, UsageError
from stretchkit.formats.po import read_po
from stretchkit.formats.xliff import read_xliff
from stretchkit.model.translation import Counts, count, fingerprint
from stretchkit.transfer import translating
from stretchkit.transfer.exchange import export_library
from stretchkit.transfer.translating import (
    TranslationPlan,
    entry_states,
    every_language,
    export_translations,
    import_translations,
    localized_entries,
    plan_translation_import,
    translation_status,
)

ENTRY = "couch-stretch"  # in the sample, not translated yet


def tree(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file() and p.name != ".lock"}


def exactly(message: str) -> str:
    """A pattern for pytest.raises that matches `message` whole."""
    return f"^{re.escape(message)}$"


def fill(po: polib.POFile, entry_id: str, channel: str, text: str, nth: int = 0) -> None:
    hits = [e for e in po if e.msgctxt.startswith(f"{entry_id}|{channel}|")]
    hits[nth].msgstr = text


def test_status_counts_the_sample_per_language_and_per_entry(sample_data):
    [fr] = translation_status(Library(sample_data))
    assert fr.language == "fr"
    assert (fr.total.translated, fr.total.outdated) == (234, 1)
    assert fr.entries["cat-cow"].describe() == "10 translated, 1 outdated, 44 missing"
    assert fr.entries["glute-bridge"].describe() == "45 translated, 0 outdated, 0 missing"
    with pytest.raises(UsageError, match="'de' is not a language of this library"):
        translation_status(Library(sample_data), ["de"])


def test_a_po_file_goes_out_and_comes_back(sample_data, tmp_path):
    library = Library(sample_data, user="Camille Rousseau")
    path, n = export_translations(library, "fr", tmp_path / "fr.po")
    po = polib.pofile(str(path))
    assert n == len(po) == 1493
    name = next(e for e in po if e.msgctxt == f"{ENTRY}|name|{fingerprint('Couch Stretch')}")
    assert (name.msgid, name.msgstr, name.tcomment) == ("Couch Stretch", "",
                                                         "Couch Stretch — name")
    outdated = [e for e in po if "fuzzy" in e.flags]
    assert [(e.msgctxt.split("|")[:2], e.previous_msgid) for e in outdated] == [
        (["cat-cow", "instructions"],
         "Repeat for 8 slow reps, then sit back onto your heels to rest.")]
    fill(po, ENTRY, "name", "Étirement du canapé")
    fill(po, ENTRY, "instructions", "Agenouillez-vous dos au canapé.", nth=0)
    po.save(str(path))
    plan = import_translations(library, path)
    assert (plan.language, plan.changed, len(plan.translations)) == ("fr", 2, 1)
    saved = library.translations.get("fr", ENTRY)
    assert saved.units["name"][0].text == "Étirement du canapé"
    assert saved.by == "Camille Rousseau"
    assert translation_status(library)[0].entries[ENTRY].translated == 2


def test_only_missing_or_outdated_items_can_be_exported(sample_data, tmp_path):
    library = Library(sample_data)
    _, n = export_translations(library, "fr", tmp_path / "out.po", only="outdated")
    assert n == 1
    _, n = export_translations(library, "fr", tmp_path / "miss.po", only="missing")
    assert n == 1258
    with pytest.raises(StretchkitError, match=exactly(
            f"{tmp_path / 'miss.po'}: file exists; choose a new name or allow overwriting "
            "(--force)")):
        export_translations(library, "fr", tmp_path / "miss.po")
    with pytest.raises(UsageError, match=exactly(
            "only: expected one of all, missing, outdated, got 'fuzzy'")):
        export_translations(library, "fr", tmp_path / "fuzzy.po", only="fuzzy")


@pytest.mark.parametrize("fmt", ["po", "xliff"])
def test_an_export_made_in_child_processes_is_the_file_one_process_makes(sample_data, tmp_path,
                                                                        monkeypatch, fmt):
    """A large library's messages are made and written in runs, in forked children, and
    joined: the same bytes and count as one run."""
    library = Library(sample_data)
    for broken in ("cat-cow", "squat-to-stand"):  # in the first run and the last
        library.translations.path_of("fr", broken).write_text("{", encoding="utf-8")
    _, serial_count = export_translations(library, "fr", tmp_path / f"one.{fmt}", fmt=fmt)
    serial_problems = library.translations.problems
    assert len(serial_problems) == 2
    runs_seen = []

    def map_parts_in_children(function, parts):
        runs_seen.append(len(parts))
        return parallel.map_parts(function, parts, fork=True)

    monkeypatch.setattr(translating, "FORK_FROM", 1)
    monkeypatch.setattr(translating, "cores", lambda: 3)
    monkeypatch.setattr(translating, "map_parts", map_parts_in_children)
    _, count = export_translations(library, "fr", tmp_path / f"runs.{fmt}", fmt=fmt)
    assert runs_seen == [3]
    assert count == serial_count > 1000
    assert library.translations.problems == serial_problems  # every run's, in order
    assert (tmp_path / f"runs.{fmt}").read_bytes() == (tmp_path / f"one.{fmt}").read_bytes()


def test_an_export_of_some_entries_into_a_new_folder_names_both_languages(sample_data,
                                                                         tmp_path):
    library = Library(sample_data)
    path, n = export_translations(library, "fr", tmp_path / "to" / "translators" / "fr.po",
                                  entries=[library.get("glute-bridge")])
    po = polib.pofile(str(path))
    assert n == len(po) == 45
    assert {e.msgctxt.split("|")[0] for e in po} == {"glute-bridge"}
    assert (po.metadata["Language"], po.metadata["X-Source-Language"]) == ("fr", "en")


def test_the_format_is_the_one_given_else_the_files_suffix(sample_data, tmp_path):
    library = Library(sample_data)
    bridge = [library.get("glute-bridge")]
    path, _ = export_translations(library, "fr", tmp_path / "fr.xml", fmt="xliff",
                                  entries=bridge)
    assert b'source-language="en"' in path.read_bytes()
    assert read_xliff(path.read_bytes(), str(path))[0] == "fr"
    path, _ = export_translations(library, "fr", tmp_path / "fr.xliff", fmt=None,
                                  entries=bridge)
    assert read_xliff(path.read_bytes(), str(path))[0] == "fr"
    with pytest.raises(UsageError, match=exactly(
            "format: expected one of po, xliff, got 'docx'")):
        export_translations(library, "fr", tmp_path / "fr.docx", fmt="docx")
    with pytest.raises(UsageError, match=exactly(
            f"cannot tell the format of {tmp_path / 'fr.txt'}: name it .po or .xlf, or give "
            "--format (po, xliff)")):
        export_translations(library, "fr", tmp_path / "fr.txt", fmt=None)


def test_xliff_goes_out_and_comes_back(sample_data, tmp_path):
    library = Library(sample_data)
    path, n = export_translations(library, "fr", tmp_path / "fr.xlf", fmt="xliff")
    language, messages = read_xliff(path.read_bytes(), str(path))
    assert language == "fr" and len(messages) == n
    text = path.read_text("utf-8")
    text = text.replace("<source>Couch Stretch</source>",
                        "<source>Couch Stretch</source>\n<target>Étirement du canapé</target>")
    path.write_text(text, encoding="utf-8")
    plan = import_translations(library, path)
    assert plan.changed == 1
    assert library.translations.get("fr", ENTRY).units["name"][0].text == "Étirement du canapé"


def test_a_bad_message_in_the_middle_refuses_the_whole_file(sample_data, tmp_path):
    library = Library(sample_data)
    path, _ = export_translations(library, "fr", tmp_path / "fr.po")
    po = polib.pofile(str(path))
    fill(po, "adductor-rock-back", "name", "Bascule des adducteurs")   # fine
    fill(po, ENTRY, "tips", "deux\nlignes")                            # refused
    fill(po, "wall-calf-stretch", "name", "Étirement du mollet au mur")  # fine
    po.save(str(path))
    before = tree(sample_data)
    with pytest.raises(EntryError) as info:
        import_translations(library, path)
    assert [(p.where, p.field) for p in info.value.problems] == [
        (str(path), f"{ENTRY}: tips (tip 1)")]
    assert "expected one line" in str(info.value)
    assert tree(sample_data) == before


def test_a_translation_that_is_not_one_line_of_text_is_refused_saying_what_was_found(
        sample_data, tmp_path):
    library = Library(sample_data)
    path, _ = export_translations(library, "fr", tmp_path / "fr.po")
    po = polib.pofile(str(path))
    fill(po, ENTRY, "tips", "Rembourrez bien le genou arrière :\nla rotule porte votre poids.",
         nth=0)
    fill(po, ENTRY, "tips", "deux\rlignes", nth=1)
    fill(po, ENTRY, "tips", "   ", nth=2)
    po.save(str(path))
    line_break = ("expected one line (the kit keeps each paragraph or item on its own line), "
                  "got a line break: ")
    assert [str(p) for p in plan_translation_import(library, path).problems] == [
        f"{path}: {ENTRY}: tips (tip 1): {line_break}'Rembourrez bien le genou arrière "
        ":\\nla ro'",  # the first 40 characters
        f"{path}: {ENTRY}: tips (tip 2): {line_break}'deux\\rlignes'",
        f"{path}: {ENTRY}: tips (tip 3): expected text, got '   '"]


def test_a_file_named_otherwise_and_naming_no_language_imports_with_both_given(sample_data,
                                                                              tmp_path):
    library = Library(sample_data)
    path = tmp_path / "names.txt"
    path.write_text(f'msgctxt "{ENTRY}|name|{fingerprint("Couch Stretch")}"\n'
                    'msgid "Couch Stretch"\nmsgstr "Étirement du canapé"\n', "utf-8")
    plan = import_translations(library, path, language="fr", fmt="po")
    assert (plan.language, plan.changed) == ("fr", 1)
    assert library.translations.get("fr", ENTRY).units["name"][0].text == "Étirement du canapé"


def test_a_message_whose_source_changed_since_is_refused_by_entry_field_and_item(
        sample_data, tmp_path):
    library = Library(sample_data)
    path, _ = export_translations(library, "fr", tmp_path / "fr.po")
    po = polib.pofile(str(path))
    fill(po, ENTRY, "name", "Étirement du canapé")
    fill(po, ENTRY, "tips", "Serrez le fessier.", nth=1)
    po.save(str(path))
    entry = library.get(ENTRY)
    library.save(entry.model_copy(update={"tips": [entry.tips[0], entry.tips[1] + " Always.",
                                                   *entry.tips[2:]]}))
    before = tree(sample_data)
    with pytest.raises(EntryError) as info:
        import_translations(library, path)
    [problem] = info.value.problems
    assert problem.field == f"{ENTRY}: tips"
    assert f"tip {fingerprint(entry.tips[1])}" in problem.message
    assert "the source text changed since the file was written" in problem.message
    assert tree(sample_data) == before


def test_every_message_whose_source_changed_is_refused_in_one_report(sample_data, tmp_path):
    """Each refusal names the file, the entry and field, the item's key and the first 50
    characters of the source the file was written from."""
    library = Library(sample_data)
    path, _ = export_translations(library, "fr", tmp_path / "fr.po")
    po = polib.pofile(str(path))
    fill(po, ENTRY, "tips", "Éloignez un peu le genou du mur.", nth=1)
    fill(po, ENTRY, "tips", "Gardez les côtes basses.", nth=2)
    fill(po, ENTRY, "name", "Étirement du canapé")
    po.save(str(path))
    entry = library.get(ENTRY)
    library.save(entry.model_copy(update={"tips": [
        entry.tips[0], "Move the knee away from the wall for a milder stretch.",
        "Keep the ribs down.", *entry.tips[3:]]}))
    changed = ("the source text changed since the file was written (or the item was removed); "
               "export a new file and translate it there")
    assert plan_translation_import(library, path).problems == [
        Problem(str(path), f"{ENTRY}: tips", "tip 118ba3eb ('Move the knee a little farther "
                                             f"from the wall to ma'): {changed}"),
        Problem(str(path), f"{ENTRY}: tips", "tip 4be9acfc ('Keep the ribs down; arching the "
                                             f"lower back hides t'): {changed}")]


def test_an_import_stamps_each_translation_it_writes(sample_data, tmp_path):
    library = Library(sample_data, user="Camille Rousseau")
    path, _ = export_translations(library, "fr", tmp_path / "fr.po")
    po = polib.pofile(str(path))
    fill(po, ENTRY, "name", "Étirement du canapé")
    fill(po, ENTRY, "tips", "Rembourrez bien le genou arrière.")
    fill(po, "wall-calf-stretch", "name", "Étirement du mollet au mur")
    po.save(str(path))
    before = datetime.now(UTC).replace(microsecond=0)
    plan = import_translations(library, path)
    assert (plan.changed, [t.entry for t in plan.translations]) == (
        3, [ENTRY, "wall-calf-stretch"])
    for entry_id in (ENTRY, "wall-calf-stretch"):
        saved = library.translations.get("fr", entry_id)
        assert saved.by == "Camille Rousseau"
        assert before <= saved.updated <= datetime.now(UTC)


def test_a_broken_translation_the_file_does_not_touch_does_not_stop_its_import(sample_data,
                                                                               tmp_path):
    library = Library(sample_data)
    path, _ = export_translations(library, "fr", tmp_path / "fr.po",
                                  entries=[library.get(ENTRY)])
    po = polib.pofile(str(path))
    fill(po, ENTRY, "name", "Étirement du canapé")
    po.save(str(path))
    (sample_data / "translations" / "fr" / "inchworm.json").write_text("{", encoding="utf-8")
    plan = import_translations(library, path)
    assert (plan.problems, plan.changed) == ([], 1)


def test_a_missing_or_empty_file_is_named(sample_data, tmp_path):
    library = Library(sample_data)
    missing = tmp_path / "missing.po"
    with pytest.raises(StretchkitError, match=exactly(f"{missing}: no such file")):
        plan_translation_import(library, missing)
    empty = tmp_path / "empty.po"
    empty.write_bytes(b"")
    with pytest.raises(EntryError) as raised:
        plan_translation_import(library, empty)
    assert str(raised.value) == f"{empty}: expected a PO file, got an empty file"


def test_every_fuzzy_message_is_counted(sample_data, tmp_path):
    library = Library(sample_data)
    entry = library.get("glute-bridge")
    library.save(entry.model_copy(update={"name": "Glute Bridge Hold"}))
    path, _ = export_translations(library, "fr", tmp_path / "fr.po", only="outdated")
    plan = plan_translation_import(library, path)
    assert (plan.fuzzy, plan.changed, plan.unchanged) == (2, 0, 0)


def test_a_dry_run_reports_and_writes_nothing(sample_data, tmp_path):
    library = Library(sample_data)
    path, _ = export_translations(library, "fr", tmp_path / "fr.po")
    po = polib.pofile(str(path))
    fill(po, ENTRY, "name", "Étirement du canapé")
    po.save(str(path))
    before = tree(sample_data)
    plan = import_translations(library, path, dry_run=True)
    assert plan.changed == 1 and plan.summary().startswith("1 item translated in 1 entry")
    assert tree(sample_data) == before


def test_the_plan_summary_counts_items_and_entries_in_words(sample_data):
    assert TranslationPlan().summary() == (
        "0 items translated in 0 entries, 0 unchanged, 0 left untranslated, 0 fuzzy (skipped)")
    library = Library(sample_data)
    one = TranslationPlan("fr", [library.translations.get("fr", "inchworm")], changed=1,
                          unchanged=4, untranslated=2, fuzzy=1)
    assert one.summary() == (
        "1 item translated in 1 entry, 4 unchanged, 2 left untranslated, 1 fuzzy (skipped)")
    two = TranslationPlan("fr", [library.translations.get("fr", e)
                                 for e in ("inchworm", "glute-bridge")], changed=3)
    assert two.summary().startswith("3 items translated in 2 entries, 0 unchanged")


def test_entry_states_give_each_item_of_an_entry_in_a_language(sample_data):
    library = Library(sample_data)
    states = entry_states(library, "cat-cow", "fr")
    assert count(states) == Counts(10, 1, 44)
    assert [s.label for s in states if s.state == "outdated"] == ["instruction 8"]
    assert count(entry_states(library, ENTRY, "fr")) == Counts(0, 0, 49)
    with pytest.raises(UsageError, match="'de' is not a language of this library"):
        entry_states(library, "cat-cow", "de")


def test_fuzzy_and_empty_messages_change_nothing(sample_data, tmp_path):
    library = Library(sample_data)
    path, _ = export_translations(library, "fr", tmp_path / "fr.po")
    plan = plan_translation_import(library, path)
    assert (plan.changed, plan.fuzzy, plan.untranslated, plan.unchanged) == (0, 1, 1258, 234)


def test_a_translation_saved_by_someone_else_meanwhile_refuses_the_import(sample_data,
                                                                          tmp_path):
    library, other = Library(sample_data), Library(sample_data)
    path, _ = export_translations(library, "fr", tmp_path / "fr.po")
    po = polib.pofile(str(path))
    fill(po, "glute-bridge", "tips", "Poussez dans les talons, toujours.")
    po.save(str(path))
    plan = plan_translation_import(library, path)
    other.translations.save(other.translations.get("fr", "glute-bridge").model_copy(
        update={"by": "Someone Else"}))
    with pytest.raises(ConflictError, match="changed by someone else"):
        library.translations.save_all(plan.translations)


# A PO file as Poedit saves it: its own header (no plural forms), lines wrapped at another
# width, messages in another order, references and flags of its own.
POEDIT = '''\
# French translation of the stretch library.
msgid ""
msgstr ""
"Project-Id-Version: stretchkit\\n"
"POT-Creation-Date: \\n"
"PO-Revision-Date: 2026-11-30 15:02+0100\\n"
"Last-Translator: Camille Rousseau <camille@example.org>\\n"
"Language-Team: \\n"
"Language: fr\\n"
"MIME-Version: 1.0\\n"
"Content-Type: text/plain; charset=UTF-8\\n"
"Content-Transfer-Encoding: 8bit\\n"
"X-Generator: Poedit 3.4.2\\n"

#. Couch Stretch — instruction 1
msgctxt "{ctx_step}"
msgid ""
"{step_a}"
"{step_b}"
msgstr ""
"Agenouillez-vous dos au canapé, le genou arrière contre le pied du "
"canapé et le tibia le long du coussin."

# Couch Stretch — name
#, no-c-format
msgctxt "{ctx_name}"
msgid "Couch Stretch"
msgstr "Étirement du canapé"
'''


def test_a_po_file_saved_by_another_program_imports(sample_data, tmp_path):
    library = Library(sample_data)
    step = library.get(ENTRY).instructions[0]
    cut = len(step) // 2
    text = POEDIT.format(ctx_step=f"{ENTRY}|instructions|{fingerprint(step)}",
                         step_a=step[:cut], step_b=step[cut:],
                         ctx_name=f"{ENTRY}|name|{fingerprint('Couch Stretch')}")
    path = tmp_path / "fr-poedit.po"
    path.write_text(text, encoding="utf-8")
    assert read_po(path.read_bytes(), str(path))[0] == "fr"
    plan = import_translations(library, path)
    assert plan.changed == 2
    saved = library.translations.get("fr", ENTRY)
    assert saved.units["instructions"][0].text.startswith("Agenouillez-vous dos au canapé, le")
    assert saved.units["instructions"][0].source == step


def test_a_file_for_another_language_or_none_is_a_usage_error(sample_data, tmp_path):
    library = Library(sample_data)
    path, _ = export_translations(library, "fr", tmp_path / "fr.po")
    with pytest.raises(UsageError, match="the file is for 'fr', not 'de'"):
        plan_translation_import(library, path, language="de")
    bare = tmp_path / "bare.po"
    bare.write_text('msgctxt "cat-cow|name|x"\nmsgid "Cat-Cow"\nmsgstr "Chat"\n', "utf-8")
    with pytest.raises(UsageError, match="names no language; give --lang"):
        plan_translation_import(library, bare)
    foreign = tmp_path / "foreign.po"
    foreign.write_text('msgid ""\nmsgstr "Language: fr\\n"\n\nmsgid "Hello"\nmsgstr "Salut"\n'
                       'msgctxt "ghost-entry|name|00000000"\nmsgid "Ghost"\nmsgstr "Fantôme"\n'
                       f'msgctxt "{ENTRY}|name|{fingerprint("Couch Stretch")}"\n'
                       'msgid "Couch Stretch"\nmsgstr "Étirement du canapé"\n', "utf-8")
    plan = plan_translation_import(library, foreign)
    assert plan.problems == [
        Problem(str(foreign), "", "message '': expected a context 'entry|field|item' as the "
                                  "kit writes it"),
        Problem(str(foreign), "ghost-entry", "no such entry in the library (deleted or renamed "
                                             "since the file was written)")]
    # The messages after a refused one are still checked: the report is complete.
    assert (plan.changed, [t.entry for t in plan.translations]) == (1, [ENTRY])


# -- exports in a language ------------------------------------------------------------------------
def test_json_export_in_a_language_has_the_translation_and_a_fallback_list(sample_data,
                                                                          tmp_path):
    library = Library(sample_data)
    out = tmp_path / "fr.json"
    export_library(library, "json", out, lang="fr")
    rows = {r["id"]: r for r in json.loads(out.read_text("utf-8"))}
    assert rows["glute-bridge"]["name"] == "Pont fessier"
    assert rows["glute-bridge"]["fallback"] == [] and rows["glute-bridge"]["language"] == "fr"
    assert rows["glute-bridge"]["media"][0]["alt"].startswith("Dessin au trait")
    assert rows["couch-stretch"]["name"] == "Couch Stretch"
    assert "name" in rows["couch-stretch"]["fallback"]
    assert len(rows) == len(library.published())


def test_a_channel_name_with_a_typo_is_refused_not_read_as_working(sample_data):
    library = Library(sample_data)
    with pytest.raises(UsageError, match="channel: expected one of working, published, got "
                                         "'publised'"):
        localized_entries(library, library.filter(), "fr", channel="publised")


def test_the_published_channel_takes_the_published_translation(sample_data, tmp_path):
    library = Library(sample_data)
    # A translator's later edit is not published until review publishes it.
    t = library.translations.get("fr", "inchworm")
    units = dict(t.units)
    units["name"] = [units["name"][0].model_copy(update={"text": "Chenille (brouillon)"})]
    library.translations.save(t.model_copy(update={"units": units}))
    export_library(library, "json", tmp_path / "pub.json", lang="fr")
    export_library(library, "json", tmp_path / "work.json", lang="fr", channel="working")
    pub = {r["id"]: r for r in json.loads((tmp_path / "pub.json").read_text("utf-8"))}
    work = {r["id"]: r for r in json.loads((tmp_path / "work.json").read_text("utf-8"))}
    assert pub["inchworm"]["name"] == "Chenille"
    assert work["inchworm"]["name"] == "Chenille (brouillon)"


def test_every_language_at_once_takes_the_channel_asked_for(sample_data):
    library = Library(sample_data)
    t = library.translations.get("fr", "inchworm")
    units = {**t.units, "name": [t.units["name"][0].model_copy(
        update={"text": "Chenille (brouillon)"})]}
    library.translations.save(t.model_copy(update={"units": units}))
    [inchworm] = [e for e in library.published() if e.id == "inchworm"]
    published = every_language(library, [inchworm], "published")["inchworm"]["translations"]
    working = every_language(library, [inchworm])["inchworm"]["translations"]
    assert (published["fr"]["name"], published["fr"]["fallback"]) == ("Chenille", [])
    assert (working["fr"]["name"], working["fr"]["fallback"]) == ("Chenille (brouillon)", [])


def test_jsonl_export_in_a_language(sample_data, tmp_path):
    out = tmp_path / "fr.jsonl"
    export_library(Library(sample_data), "jsonl", out, lang="fr")
    rows = [json.loads(line) for line in out.read_text("utf-8").splitlines()]
    assert all("fallback" in r and r["language"] == "fr" for r in rows)


def test_json_can_carry_every_language_at_once(sample_data, tmp_path):
    out = tmp_path / "all.json"
    export_library(Library(sample_data), "json", out, lang="all")
    rows = {r["id"]: r for r in json.loads(out.read_text("utf-8"))}
    bridge = rows["glute-bridge"]
    assert bridge["name"] == "Glute Bridge"
    assert bridge["translations"]["fr"]["name"] == "Pont fessier"
    assert bridge["translations"]["fr"]["fallback"] == []
    assert rows["couch-stretch"]["translations"]["fr"] == {
        "fallback": ["name", "summary", "overview", "instructions", "tips", "faq", "cues",
                     "regressions", "progressions", "common_mistakes", "stop_signs",
                     "precautions"]}
    with pytest.raises(UsageError, match="every language at once is for json and jsonl"):
        export_library(Library(sample_data), "csv", tmp_path / "csv", lang="all")


def test_csv_export_in_a_language_has_a_fallback_column(sample_data, tmp_path):
    out = tmp_path / "csv"
    export_library(Library(sample_data), "csv", out, lang="fr", channel="working")
    with open(out / "fallback.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["id"]: r for r in csv.DictReader(fh)}
    assert rows["glute-bridge"] == {"id": "glute-bridge", "language": "fr", "fallback": ""}
    assert rows["cat-cow"]["fallback"].startswith("overview; instructions; tips")
    package = json.loads((out / "datapackage.json").read_text("utf-8"))
    assert "fallback" in [r["name"] for r in package["resources"]]
    with open(out / "exercises.csv", encoding="utf-8-sig", newline="") as fh:
        names = {r["id"]: r["name"] for r in csv.DictReader(fh)}
    assert names["glute-bridge"] == "Pont fessier"


def test_csv_fallback_package_is_valid_frictionless(sample_data, tmp_path):
    from frictionless import Package

    out = tmp_path / "csv"
    export_library(Library(sample_data), "csv", out, lang="fr")
    report = Package(str(out / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:5]


def test_text_export_in_a_language_translates_headings_and_reports_fallbacks(sample_data,
                                                                             tmp_path):
    out = tmp_path / "text"
    export_library(Library(sample_data), "text", out, lang="fr")
    text = (out / "glute-bridge.txt").read_text("utf-8")
    assert text.startswith("Pont fessier\n")
    assert "\nConsignes\n- Allongez-vous sur le dos" in text
    assert "\nQuestions fréquentes\n" in text and "\nPrécautions\n- Grossesse: " in text
    report = json.loads((out / "fallback.json").read_text("utf-8"))
    assert report["language"] == "fr" and report["fallback"]["glute-bridge"] == []


def test_markdown_export_in_a_language_says_what_fell_back(sample_data, tmp_path):
    out = tmp_path / "md"
    export_library(Library(sample_data), "markdown", out, lang="fr", channel="working")
    bridge = (out / "glute-bridge.md").read_text("utf-8")
    assert bridge.startswith("# Pont fessier\n")
    assert "## Consignes" in bridge and "- **Objectifs:** Échauffement" in bridge
    assert "Pas encore traduit" not in bridge
    cat = (out / "cat-cow.md").read_text("utf-8")
    assert "> Pas encore traduit, affiché dans la langue d'origine: overview, instructions" in cat
    assert (out / "fallback.json").exists()


def test_an_export_in_a_language_the_library_does_not_have_is_a_usage_error(sample_data,
                                                                            tmp_path):
    with pytest.raises(UsageError, match="'it' is not a language of this library"):
        export_library(Library(sample_data), "json", tmp_path / "x.json", lang="it")


@pytest.mark.parametrize("lang", ["fr", "all"])
def test_exports_in_a_language_validate_against_the_published_schema(sample_data, tmp_path,
                                                                     lang):
    import jsonschema

    schema = json.loads((Path(__file__).parents[2] / "schema" / "exercise.schema.json")
                        .read_text("utf-8"))
    validator = jsonschema.Draft202012Validator(schema)
    out = tmp_path / "x.json"
    export_library(Library(sample_data), "json", out, lang=lang, channel="working")
    rows = json.loads(out.read_text("utf-8"))
    assert rows
    for row in rows:
        assert not [e.message for e in validator.iter_errors(row)], row["id"]
