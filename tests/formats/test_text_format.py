"""The client's publication text format: the seed reads and renders back exactly."""

from __future__ import annotations

import pytest
from hypothesis import given, settings

from stretchkit import EntryError, Vocabulary, parse_text, render_text
from tests.strategies import examples, text_entries

SEED_ID = "seated-hip-stretch-with-opposite-leg-from-behind"


def test_the_seed_imports_into_the_right_fields(seed_text):
    entry = parse_text(seed_text)
    assert entry.id == SEED_ID
    assert entry.name == "Seated Hip Stretch With Opposite Leg From Behind"
    assert len(entry.overview) == 5 and entry.overview[0].startswith("Seated Hip Stretch With")
    assert len(entry.instructions) == 8 and entry.instructions[0].startswith("Sit on a mat")
    assert len(entry.tips) == 8 and entry.tips[-1].startswith("Stop short of pinching")
    assert len(entry.faq) == 8
    assert entry.faq[0].question == \
        "What does Seated Hip Stretch With Opposite Leg From Behind stretch most?"
    assert entry.faq[-1].answer.startswith("Most people either collapse")
    assert entry.status == "draft" and entry.goals == []


def test_the_seed_renders_back_exactly(seed_text):
    assert render_text(parse_text(seed_text)) == seed_text.rstrip("\n") + "\n"


def test_windows_line_ends_a_byte_order_mark_and_blank_lines_are_not_content(seed_text):
    messy = "\ufeff\n\n" + seed_text.replace("\n", "\r\n").replace(
        "Instructions\r\n", "\r\n   \r\nInstructions\r\n\r\n")
    assert parse_text(messy) == parse_text(seed_text)


def test_fields_given_override_the_document(seed_text):
    entry = parse_text(seed_text, id="hip-stretch", status="in-review", goals=["warmup"])
    assert (entry.id, entry.status, entry.goals) == ("hip-stretch", "in-review", ["warm-up"])


def test_other_spellings_of_the_headings_and_bullets_are_read():
    entry = parse_text("Calf Stretch\nA calf stretch.\n## Steps:\n1. Stand.\n2) Lean.\n"
                       "Tips and tricks\n* Heel down.\n• Breathe.\nFAQ\nWhy?\nBecause.\n")
    assert entry.instructions == ["Stand.", "Lean."]
    assert entry.tips == ["Heel down.", "Breathe."]
    assert [(f.question, f.answer) for f in entry.faq] == [("Why?", "Because.")]
    assert render_text(entry) == ("Calf Stretch\nA calf stretch.\nInstructions\n- Stand.\n"
                                  "- Lean.\nTips & Tricks\n- Heel down.\n- Breathe.\n"
                                  "Frequently Asked Questions\nWhy?\nBecause.\n")


def test_empty_sections_are_left_out():
    assert render_text(parse_text("Just A Name\n")) == "Just A Name\n"
    assert render_text(parse_text("Name\nTips\n- One tip.\n")) == \
        "Name\nTips & Tricks\n- One tip.\n"


def test_a_step_without_a_bullet_is_an_error_naming_the_line():
    with pytest.raises(EntryError) as caught:
        parse_text("Name\nInstructions\n- Sit.\nThen fold.\n- Breathe.\n", where="x.txt")
    assert [str(p) for p in caught.value.problems] == [
        "x.txt:4: instructions: expected a bullet line starting with '- ', got 'Then fold.'"]


def test_a_question_without_an_answer_is_an_error_naming_its_line():
    with pytest.raises(EntryError) as caught:
        parse_text("Name\nFAQ\nWhy?\nBecause.\nAnd how?\n", where="x.txt")
    assert [str(p) for p in caught.value.problems] == [
        "x.txt:5: faq: question 'And how?' has no answer line"]
    with pytest.raises(EntryError, match=r"x\.txt:3: faq: question 'Why\?' has no answer"):
        parse_text("Name\nFAQ\nWhy?\nTips\n- tip\n", where="x.txt")


def test_every_problem_of_a_document_is_reported():
    with pytest.raises(EntryError) as caught:
        parse_text("Name\nSteps\nno bullet\nTips\nnor here\nFAQ\nWhy?\n", where="x.txt")
    assert [p.where for p in caught.value.problems] == ["x.txt:3", "x.txt:5", "x.txt:7"]


def test_an_empty_document_says_so():
    with pytest.raises(EntryError, match=r"x\.txt: name: expected the entry's name on the "
                                         r"first line, got an empty document"):
        parse_text(" \n\n", where="x.txt")


def test_a_name_without_letters_needs_an_id():
    with pytest.raises(EntryError, match="id: required, but missing"):
        parse_text("!!!\n")
    assert parse_text("!!!\n", id="bangs").name == "!!!"


def test_the_vocabulary_given_checks_the_fields_given():
    team = Vocabulary.from_dict({"goals": ["sprint-prep"]}, base=Vocabulary.default())
    assert parse_text("Name\n", team, goals=["sprint prep"]).goals == ["sprint-prep"]


# -- documented limits ------------------------------------------------------------------------
def test_limit_a_paragraph_that_reads_like_a_heading_is_read_as_the_heading():
    entry = parse_text("Name\nTips\n- one\n")
    assert entry.overview == [] and entry.tips == ["one"]
    rendered = render_text(entry.model_copy(update={"overview": ["Tips"], "tips": []}))
    assert rendered == "Name\nTips\n"  # a paragraph "Tips" ...
    assert parse_text(rendered).overview == []  # ... comes back as an empty Tips section


def test_limit_blank_lines_are_not_content():
    assert render_text(parse_text("Name\n\n\nA paragraph.\n\n")) == "Name\nA paragraph.\n"


# -- property -----------------------------------------------------------------------------------
@settings(max_examples=examples(80), deadline=None)
@given(text_entries())
def test_entry_to_text_to_entry_is_lossless_for_the_fields_the_format_carries(entry):
    text = render_text(entry)
    again = parse_text(text, id=entry.id)
    assert again == entry
    assert render_text(again) == text


def test_precautions_are_a_plain_section_that_reads_back(seed_text):
    entry = parse_text(seed_text).model_copy(update={"precautions": [
        *parse_text("X\nPrecautions\n- Hip replacement: Turns the hip in: avoid it.\n"
                    "- hypermobile\n").precautions]})
    assert [(p.condition, p.reason) for p in entry.precautions] == [
        ("hip-replacement", "Turns the hip in: avoid it."), ("hypermobility", "")]
    text = render_text(entry)
    assert "\nPrecautions\n- Hip replacement: Turns the hip in: avoid it.\n- Hypermobility\n" \
           "Frequently Asked Questions\n" in text
    assert parse_text(text) == entry
    assert "Precautions" not in render_text(parse_text(seed_text))  # none: no section


def test_an_unknown_condition_is_named_with_its_line():
    with pytest.raises(EntryError) as caught:
        parse_text("Name\nInstructions\n- Sit.\nPrecautions\n- Pregnancy: later stages.\n"
                   "- Bad knees: kneeling.\n")
    (problem,) = caught.value.problems
    assert problem.where == "text:6" and problem.field == "precautions"
    assert "unknown condition 'Bad knees'" in problem.message
