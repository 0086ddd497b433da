"""render_html in a real browser: none of the payloads runs, inserted the way an HTML widget
inserts it (innerHTML) or loaded as a whole page, and the entry's text is still shown."""

from __future__ import annotations

import pytest

from stretchkit import Library, render_html
from tests.conftest import SAMPLE_DATA
from tests.render.test_render import PAYLOADS


@pytest.fixture(scope="module")
def poisoned_html() -> tuple[str, str]:
    library = Library(SAMPLE_DATA)
    entry = library.get(library.ids()[0])
    poisoned = entry.model_copy(update={
        "name": entry.name + PAYLOADS[0], "summary": PAYLOADS[4],
        "tips": [*entry.tips, *PAYLOADS], "instructions": [*entry.instructions, *PAYLOADS[1:3]],
    })
    return render_html(poisoned, library.vocabulary), entry.name


@pytest.mark.parametrize("how", ["innerHTML", "document"])
def test_no_payload_runs(page, poisoned_html, how):
    html, name = poisoned_html
    if how == "innerHTML":
        page.set_content("<div id=c></div>")
        page.evaluate("h => { document.getElementById('c').innerHTML = h; }", html)
    else:
        page.set_content(html)
    page.wait_for_timeout(500)
    for link in page.locator("a").all():
        link.click(timeout=2000)
    page.wait_for_timeout(200)
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img, svg, script, iframe, math, details").count() == 0
    hrefs = page.eval_on_selector_all("a", "els => els.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h and h.strip().lower().startswith("javascript:")]
    text = page.locator("article").inner_text()
    assert name + PAYLOADS[0] in text
    assert text.count("window.__xss=4") == 1  # the <script> payload shows as text, once
    assert page.errors == []
