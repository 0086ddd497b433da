"""The authoring notebook as a web app: Voila shows its text and not its code, so the text
must not send the coach to code they cannot see."""

from __future__ import annotations


def test_voila_text_makes_sense_without_the_code(voila):
    page = voila.open("author.ipynb")
    text = page.locator("body").inner_text()
    assert "Write and edit stretch entries" in text and "STRETCHKIT_DATA" in text
    assert "above and run the cell again" not in text
    assert "find_data_folder" not in text  # no code shown
    assert page.errors == []
