"""The authoring app on real screens: a laptop in JupyterLab with the file browser open, a
small Voila window, a large one. Nothing may be cut: tab labels, buttons, list labels and the
preview all fit, checked in the page's DOM; a screenshot of each size goes to
`build/screenshots/` for a person to look at. The app is opened once per tool, at the first
size, and the window then resized to the next: a coach's window changes size too, and the
layout follows the window (CSS and Lumino's resize messages), not the size it was opened at."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from stretchkit import Library
from tests.browser.conftest import wait_until
from tests.browser.test_authoring import pick_entry
from tests.conftest import ROOT

SHOTS = ROOT / "build" / "screenshots"

#: What is cut or sticks out, as a list of sentences (empty: nothing). Only what is shown
#: counts (the hidden tab pages are not laid out).
CUT_PARTS = r"""() => {
  const shown = el => el.offsetParent !== null && el.getClientRects().length > 0;
  const box = el => el.getBoundingClientRect();
  const text = el => el.textContent.replace(/\s+/g, ' ').trim();
  const problems = [];
  const app = document.querySelector('.sk-app');
  const appBox = box(app);
  const right = Math.min(appBox.right, document.documentElement.clientWidth) + 0.5;
  if (app.scrollWidth > app.clientWidth + 1)
    problems.push(`the app scrolls sideways (${app.scrollWidth} > ${app.clientWidth})`);
  for (const column of app.querySelectorAll('.sk-column'))
    if (box(column).right > right || box(column).left < appBox.left - 0.5)
      problems.push(`${column.className.match(/sk-[a-z-]+-column|sk-browser/)[0]} reaches `
                    + `${box(column).left}..${box(column).right}, outside ..${right}`);
  for (const label of app.querySelectorAll('.sk-tabs .lm-TabBar-tabLabel'))
    if (label.scrollWidth > label.clientWidth || box(label.closest('.lm-TabBar-tab')).right
        > box(label.closest('.lm-TabBar')).right + 0.5)
      problems.push(`tab label "${text(label)}" is cut`);
  for (const button of app.querySelectorAll('.jupyter-button'))
    if (shown(button) && button.scrollWidth > button.clientWidth)
      problems.push(`button "${text(button)}" is cut`);
  // An option's text has no boxes of its own to measure (Chromium draws it), so each label
  // is laid out again in a block with the option's width and computed text style.
  const list = app.querySelector('.sk-entry-list select');
  const listRight = box(list).right - list.clientLeft + 0.5;
  for (const option of list.options) {
    const style = getComputedStyle(option);
    const copy = document.createElement('div');
    for (const name of ['font', 'letterSpacing', 'wordSpacing', 'whiteSpace', 'overflowWrap',
                        'wordBreak', 'paddingLeft', 'paddingRight'])
      copy.style[name] = style[name];
    Object.assign(copy.style, {position: 'absolute', visibility: 'hidden',
                               boxSizing: 'border-box', width: `${option.clientWidth}px`});
    copy.textContent = option.textContent;
    document.body.appendChild(copy);
    const cut = copy.scrollWidth > copy.clientWidth;
    copy.remove();
    if (cut || box(option).right > listRight)
      problems.push(`list label "${text(option)}" is cut`);
  }
  return problems;
}"""

# Not a sleep: wait until the app's box is the same on two animation frames in a row, the
# layout having settled after a resize or a scroll.
SETTLED = """() => new Promise(done => {
  let last = null;
  const look = () => {
    const r = document.querySelector('.sk-app').getBoundingClientRect();
    const now = [r.width, r.height, r.top, r.left].join();
    if (now === last) { done(true); } else { last = now; requestAnimationFrame(look); }
  };
  requestAnimationFrame(look);
})"""

PLACES = r"""() => Object.fromEntries(['sk-browser', 'sk-form-column', 'sk-preview-column'].map(
  css => { const r = document.querySelector('.sk-app .' + css).getBoundingClientRect();
           return [css, {left: r.left, right: r.right, top: r.top}]; }))"""


def check_and_shoot(page: Any, name: str) -> dict[str, dict[str, float]]:
    """Assert nothing is cut, save a screenshot of the window and one of the whole app, and
    return where the three columns are."""
    app = page.locator(".sk-app")
    app.evaluate("app => app.scrollIntoView({block: 'start'})")
    page.evaluate(SETTLED)
    assert page.evaluate(CUT_PARTS) == [], name
    places = page.evaluate(PLACES)
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SHOTS / f"{name}-window.png")
    # The whole app, in a window as tall as it is: JupyterLab and Voila scroll their own
    # panels, and what lies beyond a scrolling panel is not drawn.
    window = page.viewport_size
    tall = page.evaluate("() => document.querySelector('.sk-app').offsetHeight")
    page.set_viewport_size({"width": window["width"], "height": max(window["height"],
                                                                    tall + 400)})
    app.evaluate("app => app.scrollIntoView({block: 'start'})")
    page.evaluate(SETTLED)
    app.screenshot(path=SHOTS / f"{name}.png")
    page.set_viewport_size(window)
    return places


def open_lab_with_file_browser(lab: Any, width: int, height: int) -> Any:
    """The window at `width` x `height` and the file browser open beside the notebook."""
    lab.page.set_viewport_size({"width": width, "height": height})
    page = lab.open("author.ipynb")
    page.evaluate("() => window.jupyterapp.shell.activateById('filebrowser')")
    wait_until(lambda: page.evaluate("() => !window.jupyterapp.shell.leftCollapsed"), 10,
               "the file browser to open")
    page.locator(".jp-FileBrowser").first.wait_for(state="visible")
    return page


def side_by_side(places: dict[str, dict[str, float]], left: str, right: str) -> bool:
    return abs(places[left]["top"] - places[right]["top"]) < 6 and \
        places[left]["right"] <= places[right]["left"]


def below(places: dict[str, dict[str, float]], lower: str, upper: str) -> bool:
    return places[lower]["top"] > places[upper]["top"] + 50


def test_lab_laptop_with_the_file_browser_open(module_lab):
    page = open_lab_with_file_browser(module_lab, 1366, 768)
    places = check_and_shoot(page, "authoring-lab-1366x768")
    assert side_by_side(places, "sk-browser", "sk-form-column")
    assert below(places, "sk-preview-column", "sk-form-column")  # moved below, not cut
    assert page.errors == []


def test_lab_1600_with_the_file_browser_open_keeps_three_columns(module_lab):
    page = open_lab_with_file_browser(module_lab, 1600, 1000)
    places = check_and_shoot(page, "authoring-lab-1600x1000")
    assert side_by_side(places, "sk-browser", "sk-form-column")
    assert side_by_side(places, "sk-form-column", "sk-preview-column")


@pytest.mark.parametrize(("width", "height"), [(1024, 768), (800, 700), (1600, 1000)])
def test_voila_window_sizes(module_voila, width, height):
    module_voila.page.set_viewport_size({"width": width, "height": height})
    page = module_voila.open("author.ipynb")
    # An entry with its picture: the figure must fit too (the 1600 px shot is the README's)
    pick_entry(page, module_voila.data, "cat-cow")
    page.locator(".sk-identity-name input").fill("Maya Okafor")  # a coach, not the machine
    expect(page.locator(".sk-preview .sk-main-figure img")).to_have_attribute(
        "src", re.compile(r"^data:image/png;base64,"))
    places = check_and_shoot(page, f"authoring-voila-{width}x{height}")
    if width >= 1600:
        assert side_by_side(places, "sk-form-column", "sk-preview-column")
    else:
        assert below(places, "sk-preview-column", "sk-form-column")
    assert page.errors == []


def test_a_long_unsaved_name_and_a_problem_still_fit(module_voila):
    """The longest things a coach makes the app show: a problem marker on a tab, the unsaved
    marker and the save hint in the toolbar, a confirm banner."""
    module_voila.page.set_viewport_size({"width": 1024, "height": 768})
    page = module_voila.open("author.ipynb")
    # the entry a newly opened app shows (the tests before left another one open)
    pick_entry(page, module_voila.data, Library(module_voila.data).ids()[0])
    page.locator(".sk-name input").fill("")
    page.locator(".sk-save-hint", has_text="name").wait_for()
    page.locator(".sk-tabs .lm-TabBar-tab", has_text="⚠").first.wait_for()
    page.locator(".sk-entry-list select").select_option(index=3)
    page.locator(".sk-banner-confirm", has_text="no name").wait_for()
    check_and_shoot(page, "authoring-voila-1024x768-unnamed")
    assert page.errors == []
