"""The authoring app in a real browser: JupyterLab and Voila, driven like a coach would (one
opened app per tool for the module's tests: each picks the entry it works on)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from playwright.sync_api import expect

from stretchkit import Library
from stretchkit.store.batch import BATCH_FOLDER, Batch
from stretchkit.widgets.authoring.browser import entry_label
from tests.browser.conftest import wait_until
from tests.conftest import ROOT


def saved(data: Path, entry_id: str) -> dict:
    return json.loads((data / "exercises" / f"{entry_id}.json").read_text(encoding="utf-8"))


def pick_entry(page, data: Path, entry_id: str) -> None:
    entry = Library(data).get(entry_id)
    page.locator(".sk-entry-list select").select_option(value=entry_label(entry))
    page.locator(".sk-name input").first.wait_for()
    wait_until(lambda: page.locator(".sk-name input").input_value() == entry.name, 20,
               f"{entry_id} to open in the editor")


def add_tag(page, css: str, tag: str, key: str) -> None:
    """Type a tag in the add box of the tag box `css` and commit it with `key` (Enter or
    Tab: both work in JupyterLab and in Voila)."""
    box = page.locator(f"{css} .sk-tag-entry input")
    box.click()
    box.fill(tag)
    box.press(key)


def edit_name_and_goal(page, data: Path, key: str, name: str) -> str:
    """Pick an entry without the 'cool-down' goal, rename it, tag it, save it; returns its id."""
    library = Library(data)
    entry = next(e for e in library.filter() if "cool-down" not in e.goals)
    pick_entry(page, data, entry.id)
    page.locator(".sk-name input").fill(name)
    page.locator(".sk-preview h1", has_text=name).wait_for()
    add_tag(page, ".sk-goals", "cool-down", key)
    page.locator(".sk-preview .sk-chip-goal", has_text="Cool-down").wait_for()
    page.locator(".sk-marker", has_text="Unsaved changes").wait_for()
    page.locator(".sk-save").click()
    page.locator(".sk-marker", has_text="All changes saved").wait_for()
    wait_until(lambda: saved(data, entry.id)["name"] == name, 10, "the new name on disk")
    on_disk = saved(data, entry.id)
    assert "cool-down" in on_disk["goals"]
    assert on_disk["goals"][:-1] == list(entry.goals)
    return entry.id


def test_lab_edit_tag_and_save(module_lab, tmp_path):
    page = module_lab.open("author.ipynb")
    edit_name_and_goal(page, module_lab.data, "Tab", "Renamed In JupyterLab")
    page.locator(".sk-app").screenshot(path=tmp_path / "authoring-app-lab.png")
    assert page.errors == []


def test_lab_typed_markup_stays_text(module_lab):
    page = module_lab.open("author.ipynb")
    payload = '<img src=x onerror="window.__skXss=1">'
    page.locator(".sk-name input").fill("Hip " + payload)
    page.locator(".sk-summary input").fill('"><svg onload="window.__skXss=2"></svg>')
    page.locator(".sk-preview h1", has_text=payload).wait_for()
    # Not a sleep: a control image of the test's own, added after the preview, must run its
    # error handler; once it has, the payloads' handlers had the same chance to run.
    page.evaluate("""() => { const img = document.createElement('img');
        img.onerror = () => { window.__skControl = 1; img.remove(); }; img.src = 'x-control';
        document.body.appendChild(img); }""")
    page.wait_for_function("() => window.__skControl === 1")
    assert page.evaluate("() => window.__skXss") is None
    assert page.locator(".sk-preview img, .sk-preview svg, .sk-app img[src=x]").count() == 0
    # expect waits: the summary's preview update may arrive after the name's
    expect(page.locator(".sk-preview .sk-summary")).to_have_text(
        '"><svg onload="window.__skXss=2"></svg>')
    page.locator(".sk-save").click()
    page.locator(".sk-marker", has_text="All changes saved").wait_for()
    entry_id = page.locator(".sk-id input").input_value()
    assert saved(module_lab.data, entry_id)["name"] == "Hip " + payload


def test_voila_text_makes_sense_without_the_code(module_voila):
    """Voila shows the notebook's text and not its code, so the text must not send the coach
    to code they cannot see."""
    page = module_voila.open("author.ipynb")
    text = page.locator("body").inner_text()
    assert "Write and edit stretch entries" in text and "STRETCHKIT_DATA" in text
    assert "above and run the cell again" not in text
    assert "find_data_folder" not in text  # no code shown
    assert page.errors == []


def test_voila_edit_tag_and_save(module_voila, tmp_path):
    page = module_voila.open("author.ipynb")
    assert "find_data_folder" not in page.locator("body").inner_text()  # no code shown
    edit_name_and_goal(page, module_voila.data, "Enter", "90-90 Hip Switch, Slow and Controlled")
    shot = tmp_path / "authoring-app.png"
    page.locator(".sk-app").screenshot(path=shot)
    assert shot.stat().st_size > 10_000
    if (ROOT / "build").is_dir():  # keep the latest one where a person can look at it
        shutil.copy2(shot, ROOT / "build" / "authoring-app.png")
    assert page.errors == []


def test_voila_add_a_precaution_and_save(module_voila):
    page = module_voila.open("author.ipynb")
    entry_id = "leg-swings"
    pick_entry(page, module_voila.data, entry_id)
    before = saved(module_voila.data, entry_id)["precautions"]
    page.locator(".sk-tabs .lm-TabBar-tab", has_text="Coaching").click()
    rows = page.locator(".sk-precautions .sk-rows > *")
    expect(rows).to_have_count(len(before))
    page.locator(".sk-precautions .sk-add").click()
    expect(rows).to_have_count(len(before) + 1)  # the new row, not the last loaded one
    row = rows.last
    row.locator(".sk-precaution-condition select").select_option(label="Pregnancy (later stages)")
    row.locator(".sk-precaution-reason input").fill("Later in pregnancy, keep the swings small.")
    page.locator(".sk-preview .sk-precautions li",
                 has_text="Pregnancy (later stages): Later in pregnancy, keep the swings small."
                 ).wait_for()
    page.locator(".sk-marker", has_text="Unsaved changes").wait_for()
    page.locator(".sk-save").click()
    page.locator(".sk-marker", has_text="All changes saved").wait_for()
    wait_until(lambda: len(saved(module_voila.data, entry_id)["precautions"]) == len(before) + 1,
               10, "the precaution on disk")
    assert saved(module_voila.data, entry_id)["precautions"] == [*before, {
        "condition": "pregnancy", "reason": "Later in pregnancy, keep the swings small."}]
    assert page.errors == []


def test_voila_tells_what_the_load_undid_for_a_stopped_import(voila):
    """A coach opening the app after an import was killed halfway sees what was put back, its
    words shown as text (the import's name comes from a file name)."""
    library = Library(voila.data)
    (voila.data / BATCH_FOLDER).mkdir()
    writes = Batch(voila.data, "import of <b>2</b> entries")
    writes.plan(writes.stage([library.path_of("cat-cow"), library.path_of("new-one")]))
    library.save(library.get("cat-cow").model_copy(update={"summary": "Half imported."}))
    page = voila.open("author.ipynb")
    banner = page.locator(".sk-banner-repaired")
    expect(banner).to_contain_text("it finished work a stopped program had left half done")
    expect(banner.locator("li")).to_have_text(
        "undid an interrupted import of <b>2</b> entries: 1 of its 2 files put back as they were")
    expect(banner.locator("li b")).to_have_count(0)  # the import's name is text
    assert Library(voila.data).get("cat-cow").summary != "Half imported."
    assert not (voila.data / BATCH_FOLDER).exists()
    assert page.errors == []
