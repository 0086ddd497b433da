"""render_html in a real browser: none of the payloads runs, inserted the way an HTML widget
inserts it (innerHTML) or loaded as a whole page, and the entry's text is still shown."""

from __future__ import annotations

import pytest

from stretchkit import Library, render_html
from stretchkit.model import Source
from tests.conftest import SAMPLE_DATA
from tests.render.test_render import PAYLOADS


@pytest.fixture(scope="module")
def poisoned_html() -> tuple[str, str]:
    library = Library(SAMPLE_DATA)
    entry = library.get(library.ids()[0])
    poisoned = entry.model_copy(update={
        "name": entry.name + PAYLOADS[0], "summary": PAYLOADS[4],
        "tips": [*entry.tips, *PAYLOADS], "instructions": [*entry.instructions, *PAYLOADS[1:3]],
        # A real link beside the payloads, so the clicks below click something.
        "source": Source(title=PAYLOADS[2], url="https://example.org/stretch", author="A"),
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
    # Instead of sleeping: a control image of the test's own, added after the content, whose
    # error handler must run; once it has, the payloads' handlers had the same chance.
    page.evaluate("""() => { const img = document.createElement('img');
        img.onerror = () => { window.__control = 1; }; img.src = 'x-control';
        document.body.appendChild(img); }""")
    page.wait_for_function("() => window.__control === 1")
    page.evaluate("() => document.querySelector('img[src=\"x-control\"]').remove()")
    # A click on a web link would leave the page: those are held back (and counted); any
    # other link (a javascript: URL that slipped through) is let through, so it would run.
    page.evaluate("""() => { window.__held = 0; document.addEventListener('click', e => {
        const a = e.target.closest('a');
        if (a && /^https?:/i.test(a.href)) { e.preventDefault(); window.__held += 1; }
    }, true); }""")
    links = page.locator("a").all()
    assert links, "the rendered entry has no link to click"
    for link in links:
        link.click(timeout=2000)
    assert page.evaluate("() => window.__held") == len(links)
    assert page.evaluate("() => window.__xss") is None
    assert page.locator("img, svg, script, iframe, math, details").count() == 0
    hrefs = page.eval_on_selector_all("a", "els => els.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h and h.strip().lower().startswith("javascript:")]
    text = page.locator("article").inner_text()
    assert name + PAYLOADS[0] in text
    assert text.count("window.__xss=4") == 1  # the <script> payload shows as text, once
    assert page.errors == []
