"""Import and export between a library and real files (text, Markdown, JSON, JSON Lines)."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from stretchkit import (
    EntryError,
    Exercise,
    Library,
    StretchkitError,
    export_library,
    import_files,
    parse_text,
    render_text,
    validate_entry,
)
from stretchkit.errors import UsageError
from stretchkit.formats.entry_file import entry_to_dict
from stretchkit.formats.markdown import render_markdown
from stretchkit.model import ACTIVE_STATUSES
from stretchkit.transfer import read_entries
from stretchkit.transfer.exchange import default_export_folder, new_export_path

SEED_ID = "seated-hip-stretch-with-opposite-leg-from-behind"


def entry(entry_id: str, **fields) -> Exercise:
    return validate_entry({"id": entry_id, "name": entry_id.replace("-", " ").title(),
                           "instructions": ["Step one.", "Step two."], **fields})


@pytest.fixture
def library(empty_data: Path) -> Library:
    library = Library(empty_data)
    for e in [entry("calf-stretch", goals=["pre-run"], status="published"),
              entry("hip-opener", goals=["pre-squat"], status="draft"),
              entry("old-drill", goals=["pre-run"], status="archived")]:
        library.create(e)
    return library


def test_default_export_statuses_are_every_status_but_archived():
    from stretchkit.model import STATUSES

    assert set(ACTIVE_STATUSES) == set(STATUSES) - {"archived"}


def test_json_export_is_one_array_of_full_entries_without_archived(library, tmp_path):
    out = tmp_path / "out" / "entries.json"
    assert export_library(library, "json", out, channel="working") == [out]
    data = json.loads(out.read_text(encoding="utf-8"))
    assert [e["id"] for e in data] == ["calf-stretch", "hip-opener"]
    assert data[0] == entry_to_dict(library.get("calf-stretch"))


def test_jsonl_export_is_one_entry_per_line(library, tmp_path):
    out = tmp_path / "entries.jsonl"
    export_library(library, "jsonl", out, status=["archived", "published"], channel="working")
    lines = out.read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["id"] for line in lines] == ["calf-stretch", "old-drill"]
    assert json.loads(lines[1]) == entry_to_dict(library.get("old-drill"))


def test_text_export_writes_one_file_per_entry(library, tmp_path):
    out = tmp_path / "text"
    written = export_library(library, "text", out, goals="pre-run", channel="working")
    assert written == [out / "calf-stretch.txt"]  # old-drill is archived
    assert written[0].read_text(encoding="utf-8") == render_text(library.get("calf-stretch"))


def test_markdown_export_writes_one_file_per_entry(library, tmp_path):
    out = tmp_path / "md"
    written = export_library(library, "markdown", out, channel="working")
    assert sorted(p.name for p in out.iterdir()) == ["calf-stretch.md", "hip-opener.md"]
    assert sorted(written) == sorted(out.iterdir())
    assert (out / "hip-opener.md").read_text(encoding="utf-8") == \
        render_markdown(library.get("hip-opener"), library.vocabulary)


def test_export_of_given_entries_ignores_filters(library, tmp_path):
    out = tmp_path / "one.json"
    export_library(library, "json", out, entries=[library.get("old-drill")])
    assert [e["id"] for e in json.loads(out.read_text())] == ["old-drill"]


@pytest.mark.parametrize("fmt", ["json", "jsonl"])
def test_an_existing_file_is_never_overwritten_unless_asked(library, tmp_path, fmt):
    out = tmp_path / f"entries.{fmt}"
    out.write_text("keep me")
    with pytest.raises(StretchkitError) as caught:
        export_library(library, fmt, out, channel="working")
    assert str(caught.value) == f"{out}: file exists; choose a new name or allow overwriting " \
                                "(--force)"
    assert out.read_text() == "keep me"
    export_library(library, fmt, out, overwrite=True, channel="working")
    assert out.read_text() != "keep me" and "calf-stretch" in out.read_text()


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_a_non_empty_folder_is_never_written_into_unless_asked(library, tmp_path, fmt):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "notes.txt").write_text("keep me")
    with pytest.raises(StretchkitError) as caught:
        export_library(library, fmt, out, channel="working")
    assert str(caught.value) == f"{out}: folder is not empty; choose a new folder or allow " \
                                "overwriting (--force)"
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"]
    export_library(library, fmt, out, overwrite=True, channel="working")
    assert (out / "notes.txt").read_text() == "keep me" and len(list(out.iterdir())) == 3


def _recording(seen: list[str]):
    """A progress function that notes each entry's id as the writer or importer reaches it."""
    def progress(items):
        for item in items:
            seen.append(item.id)
            yield item

    return progress


def test_an_export_goes_through_progress_and_makes_the_folders_it_needs(library, tmp_path):
    seen: list[str] = []
    out = tmp_path / "not" / "yet" / "entries.json"
    assert export_library(library, "json", out, channel="working",
                          progress=_recording(seen)) == [out]
    assert seen == ["calf-stretch", "hip-opener"]
    assert [e["id"] for e in json.loads(out.read_text(encoding="utf-8"))] == seen


def test_a_csv_export_goes_through_progress_too(library, tmp_path):
    seen: list[str] = []
    out = tmp_path / "package"
    written = export_library(library, "csv", out, channel="working", progress=_recording(seen))
    assert seen == ["calf-stretch", "hip-opener"]
    assert sorted(p.relative_to(out).as_posix() for p in written) == [
        "authors.csv", "common_mistakes.csv", "cues.csv", "datapackage.json", "equipment.csv",
        "exercises.csv", "exercises_wide.csv", "faq.csv", "goal_dosages.csv", "goals.csv",
        "instructions.csv", "media.csv", "overview.csv", "precautions.csv", "progressions.csv",
        "regressions.csv", "review_checklist.csv", "reviews.csv", "stop_signs.csv",
        "targets.csv", "tips.csv"]


def test_an_empty_folder_may_be_exported_into(library, tmp_path):
    out = tmp_path / "empty-out"
    out.mkdir()
    assert len(export_library(library, "text", out, channel="working")) == 2


def test_an_unknown_format_is_refused(library, tmp_path):
    with pytest.raises(UsageError) as caught:
        export_library(library, "pdf", tmp_path / "x.pdf")
    assert str(caught.value) == "unknown export format 'pdf': expected one of csv, json, " \
                                "jsonl, markdown, text"
    with pytest.raises(UsageError) as caught:
        read_entries([tmp_path], "pdf")
    assert str(caught.value) == "unknown import format 'pdf': expected one of csv, json, " \
                                "jsonl, text"


# -- reading text -------------------------------------------------------------------------------
def test_the_seed_imports_and_exports_back_identically(empty_data, tmp_path, seed_text):
    seed = tmp_path / "seed.txt"
    seed.write_text(seed_text, encoding="utf-8")
    library = Library(empty_data)
    plan = import_files(library, [seed], "text")
    assert [e.id for e in plan.create] == [SEED_ID]
    stored = Library(empty_data).get(SEED_ID)
    assert stored.created is not None and stored.updated == stored.created  # stamped on import
    assert stored.model_copy(update={"created": None, "updated": None}) == parse_text(seed_text)
    export_library(library, "text", tmp_path / "out", channel="working")
    assert (tmp_path / "out" / f"{SEED_ID}.txt").read_text(encoding="utf-8") == \
        seed_text.rstrip("\n") + "\n"


def test_text_files_read_from_a_folder_in_name_order(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "b.txt").write_text("Bird Dog\n")
    (folder / "a.txt").write_text("\ufeffAnkle Circles\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("Hidden\n")
    (folder / "notes.md").write_text("Not text\n")
    found = read_entries([folder], "text")
    assert [(Path(where).name, e.id) for where, e in found] == [("a.txt", "ankle-circles"),
                                                                ("b.txt", "bird-dog")]


def test_every_bad_text_file_is_reported_and_nothing_is_imported(empty_data, tmp_path):
    good, bad, worse = tmp_path / "good.txt", tmp_path / "bad.txt", tmp_path / "worse.txt"
    good.write_text("Good One\nInstructions\n- Step.\n")
    bad.write_text("Bad One\nInstructions\nno bullet\n")
    worse.write_bytes(b"Caf\xe9 Stretch\n")
    library = Library(empty_data)
    with pytest.raises(EntryError) as caught:
        import_files(library, [good, bad, worse], "text")
    assert [str(p) for p in caught.value.problems] == [
        f"{bad}:3: instructions: expected a bullet line starting with '- ', got 'no bullet'",
        f"{worse}: expected UTF-8 text, got byte 0xe9 at 3"]
    assert len(Library(empty_data)) == 0


def test_a_missing_path_is_named(tmp_path):
    with pytest.raises(StretchkitError, match=r"nothere\.txt: no such file or folder"):
        read_entries([tmp_path / "nothere.txt"], "text")


def test_an_import_goes_through_progress(library, tmp_path):
    doc = tmp_path / "new.txt"
    doc.write_text("Cat Cow\nInstructions\n- Arch.\n- Round.\n")
    seen: list[str] = []
    import_files(library, [doc], "text", progress=_recording(seen))
    assert seen == ["cat-cow"]


def test_every_reader_and_writer_uses_the_library_s_own_vocabulary(tmp_path):
    team = {"goals": [{"id": "sprint-prep", "label": "Sprint prep", "aliases": ["sprints"]}]}

    def team_library(name: str) -> Library:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "vocabulary.json").write_text(json.dumps(team), encoding="utf-8")
        return Library(folder)

    source = team_library("source")
    doc = tmp_path / "in.json"
    doc.write_text(json.dumps([{"id": "fast-feet", "name": "Fast Feet", "goals": ["Sprints"]}]))
    import_files(source, [doc], "json")
    assert source.get("fast-feet").goals == ["sprint-prep"]
    package = tmp_path / "package"
    export_library(source, "csv", package, channel="working")
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    [goals] = [r for r in descriptor["resources"] if r["name"] == "goals"]
    [goal] = [f for f in goals["schema"]["fields"] if f["name"] == "goal"]
    assert "sprint-prep" in goal["constraints"]["enum"]

    target = team_library("target")
    import_files(target, [package], "csv")
    assert target.get("fast-feet") == source.get("fast-feet")
    sheet = tmp_path / "sheet.csv"
    sheet.write_text("Exercise,Goal\nHigh Knees,sprints\n", encoding="utf-8")
    import_files(target, [sheet], "csv", mapping={"fields": {"name": "Exercise", "goals": "Goal"}})
    assert target.get("high-knees").goals == ["sprint-prep"]
    # Read without a library, the team's goal is not in the (default) vocabulary.
    with pytest.raises(EntryError, match="goals\\[0\\]: unknown goal 'Sprints'"):
        read_entries([doc], "json")


def test_dry_run_plans_and_writes_nothing(library, tmp_path):
    doc = tmp_path / "new.txt"
    doc.write_text("Cat Cow\nInstructions\n- Arch.\n- Round.\n")
    plan = import_files(library, [doc], "text", dry_run=True)
    assert [e.id for e in plan.create] == ["cat-cow"]
    assert "cat-cow" not in Library(library.root)


def test_importing_an_existing_id_fails_unless_asked_to_skip_or_update(library, tmp_path):
    doc = tmp_path / "calf.txt"
    doc.write_text("Calf Stretch\nInstructions\n- Lean.\n")
    with pytest.raises(EntryError, match="'calf-stretch' already exists"):
        import_files(library, [doc], "text")
    assert import_files(library, [doc], "text", on_conflict="skip").skip == ["calf-stretch"]
    assert Library(library.root).get("calf-stretch").instructions == ["Step one.", "Step two."]
    import_files(library, [doc], "text", on_conflict="update")
    assert Library(library.root).get("calf-stretch").instructions == ["Lean."]


def test_a_text_update_changes_only_the_fields_the_text_format_carries(sample_data, tmp_path):
    library = Library(sample_data)
    before = library.get(SEED_ID)
    assert before.goals and before.cues and before.reviews  # the sample entry is complete
    doc = tmp_path / "seed.txt"
    doc.write_text(render_text(before).replace("Keep the front foot flexed",
                                               "Keep the front foot strongly flexed"))

    plan = import_files(library, [doc], "text", on_conflict="update")

    after = Library(sample_data).get(SEED_ID)
    assert [e.id for e in plan.update] == [SEED_ID]
    assert after.tips[0].startswith("Keep the front foot strongly flexed")
    for kept in ("goals", "cues", "reviews", "dosage", "created", "summary"):
        assert getattr(after, kept) == getattr(before, kept), kept
    # The entry was published: new text goes back through review, the live version stays.
    assert before.status == "published" and after.status == "draft"
    [live] = [e for e in Library(sample_data).published() if e.id == SEED_ID]
    assert live == before


def test_re_importing_an_unchanged_text_changes_nothing(sample_data, tmp_path):
    library = Library(sample_data)
    path = library.path_of(SEED_ID)
    before = path.read_bytes()
    doc = tmp_path / "seed.txt"
    doc.write_text(render_text(library.get(SEED_ID)))

    plan = import_files(library, [doc], "text", on_conflict="update")

    assert plan.unchanged == [SEED_ID] and not plan.update
    assert path.read_bytes() == before


def test_the_default_export_is_the_published_channel(sample_data, tmp_path):
    """An edit of a published entry does not reach the export until it is published."""
    library = Library(sample_data)
    live = {e.id for e in library if e.status == "published"}
    assert live and {e.id for e in library.published()} == live
    some = sorted(live)[0]
    library.save(library.get(some).model_copy(update={"summary": "Not reviewed yet, at all."}))
    out = tmp_path / "pub.json"
    export_library(library, "json", out)
    rows = {row["id"]: row for row in json.loads(out.read_text(encoding="utf-8"))}
    assert set(rows) == live
    assert rows[some]["summary"] != "Not reviewed yet, at all."
    assert rows[some]["status"] == "published"
    with pytest.raises(UsageError, match="status: the published channel"):
        export_library(library, "json", tmp_path / "x.json", status="draft")
    working = tmp_path / "work.json"
    export_library(library, "json", working, channel="working", goals="warm-up")
    rows = {row["id"]: row for row in json.loads(working.read_text(encoding="utf-8"))}
    assert set(rows) == {e.id for e in library.filter(goals="warm-up", status=ACTIVE_STATUSES)}


# -- where the notebooks put exports -----------------------------------------------------------
def test_notebook_exports_go_beside_the_data_folder(empty_data):
    assert default_export_folder(Library(empty_data)) == empty_data.resolve().parent / "exports"


def test_new_export_paths_are_named_by_format_and_time_and_never_reused(tmp_path):
    when = datetime(2024, 5, 1, 9, 30, 0)
    assert [new_export_path(str(tmp_path), fmt, when=when).name
            for fmt in ("json", "jsonl", "csv", "text", "markdown")] == [
        "stretchkit-20240501-093000.json", "stretchkit-20240501-093000.jsonl",
        "stretchkit-20240501-093000-csv", "stretchkit-20240501-093000-text",
        "stretchkit-20240501-093000-markdown"]
    (tmp_path / "stretchkit-20240501-093000.json").write_text("[]")
    assert new_export_path(tmp_path, "json", when=when) == \
        tmp_path / "stretchkit-20240501-093000-2.json"
    (tmp_path / "stretchkit-20240501-093000-2.json").write_text("[]")
    assert new_export_path(tmp_path, "json", when=when) == \
        tmp_path / "stretchkit-20240501-093000-3.json"
    (tmp_path / "team-20240501-093000-csv").mkdir()
    assert new_export_path(tmp_path, "csv", stem="team", when=when) == \
        tmp_path / "team-20240501-093000-2-csv"
    with pytest.raises(UsageError) as caught:
        new_export_path(tmp_path, "pdf", when=when)
    assert str(caught.value) == "unknown export format 'pdf': expected one of csv, json, " \
                                "jsonl, markdown, text"


def test_a_new_export_path_without_a_time_is_stamped_now(tmp_path):
    before = datetime.now().replace(microsecond=0)
    path = new_export_path(tmp_path, "text")
    after = datetime.now()
    assert path.parent == tmp_path
    stamp = path.name.removeprefix("stretchkit-").removesuffix("-text")
    assert before <= datetime.strptime(stamp, "%Y%m%d-%H%M%S") <= after


def test_a_text_with_a_precautions_section_updates_them_and_one_without_keeps_them(
        sample_data, tmp_path):
    library = Library(sample_data)
    before = library.get(SEED_ID)
    text = render_text(before)
    doc = tmp_path / "seed.txt"
    doc.write_text(text.replace("- Hypermobility: Loose knees and hips",
                                "- Hypermobility: Lax knees and hips"))
    import_files(library, [doc], "text", on_conflict="update")
    after = Library(sample_data).get(SEED_ID)
    assert after.precautions[2].reason.startswith("Lax knees and hips")
    assert after.precautions[:2] == before.precautions[:2]
    # Without the section the text says nothing of precautions: the entry keeps its own.
    start = text.index("Precautions\n")
    end = text.index("\n\n", start) if "\n\n" in text[start:] else len(text)
    doc.write_text(text[:start] + text[end:].lstrip("\n"))
    assert "Precautions" not in doc.read_text() and "Tips & Tricks" in doc.read_text()
    import_files(Library(sample_data), [doc], "text", on_conflict="update")
    assert Library(sample_data).get(SEED_ID).precautions == after.precautions
