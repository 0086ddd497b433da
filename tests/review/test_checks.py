"""The content checks: each rule fails on what it should and passes a complete entry."""

from __future__ import annotations

from typing import Any

import pytest

from stretchkit import Library
from stretchkit.model.entry import Exercise
from stretchkit.review.checks import (
    RULES,
    errors,
    failed_rules,
    imperative_words,
    lint,
    opening_verb,
)
from tests.conftest import SAMPLE_DATA

# The verbs content-rules.md names as examples: every one must be accepted.
CONTRACT_VERBS = [
    "Sit", "Stand", "Kneel", "Lie", "Place", "Hold", "Reach", "Hinge", "Exhale", "Inhale",
    "Breathe", "Keep", "Press", "Shift", "Rotate", "Return", "Repeat", "Come", "Slide", "Step",
    "Bring", "Lower", "Drop", "Draw", "Relax", "Let", "Pull", "Push", "Squeeze", "Tuck", "Turn",
    "Lift", "Raise", "Open", "Switch", "Rest", "Settle", "Walk", "Rock", "Sink", "Bend",
    "Straighten", "Flex", "Point", "Square", "Lengthen", "Brace", "Move", "Pause", "Find", "Set",
    "Grab", "Wrap", "Loop", "Cross", "Hug", "Roll", "Round", "Arch", "Look", "Rise", "Sweep",
    "Extend", "Stretch", "Start", "Begin", "Take", "Use", "Stay", "Tilt", "Glide", "Plant",
    "Drive", "Face", "Put", "Position", "Go", "Reverse", "Ease", "Allow",
]


def complete() -> dict[str, Any]:
    """An entry that passes every rule, as plain data to vary per test."""
    return {
        "id": "half-kneeling-hip-flexor-stretch",
        "name": "Half-Kneeling Hip Flexor Stretch",
        "summary": "A kneeling lunge that lengthens the front of the rear hip.",
        "overview": ["A simple way to open the front of the hip after long sitting."],
        "instructions": [
            "Kneel on a mat with your right knee down and left foot forward.",
            "Tuck your pelvis under and squeeze the right glute.",
            "Gently shift your weight forward until you feel a stretch in the front of the hip.",
            "Hold, then repeat on the other side.",
        ],
        "tips": ["Keep the ribs down so the low back does not arch."],
        "faq": [{"question": "Where should I feel it?",
                 "answer": "In the front of the hip of the kneeling leg."}],
        "cues": [
            {"text": "Knee under hip, front foot flat", "phase": "setup", "key": False},
            {"text": "Tuck the tail, squeeze the glute", "phase": "execution", "key": True},
            {"text": "Slow breaths out through the mouth", "phase": "breathing"},
            {"text": "Pad the knee if it presses", "phase": "safety"},
        ],
        "goals": ["mobility", "pre-lunge"],
        "targets": ["hip-flexors"],
        "level": "beginner",
        "dosage": {"hold_seconds": [20, 40], "sides": "each"},
        "stop_signs": ["Sharp pain in the knee"],
    }


def findings_for(data: dict[str, Any]) -> list:
    return lint(Exercise.model_validate(data))


def only(findings: list, rule: str) -> list:
    return [f for f in findings if f.rule == rule]


def test_complete_entry_has_no_findings():
    assert lint(Exercise.model_validate(complete())) == []


def test_every_rule_has_an_id_severity_field_and_title():
    for rule_id, rule in RULES.items():
        assert rule.id == rule_id
        assert rule.severity in ("error", "warning")
        assert rule.field and rule.title


def test_finding_line_names_path_rule_and_field():
    data = complete()
    data["stop_signs"] = []
    (finding,) = findings_for(data)
    assert finding.line("data/exercises/x.json") == (
        "data/exercises/x.json: stop-signs: stop_signs: expected at least one sign to stop "
        "(pain, numbness, ...), got none")


@pytest.mark.parametrize("name, ok", [("Hi", False), ("Cat", True), ("x" * 70, True),
                                      ("x" * 71, False)])
def test_name_length(name, ok):
    data = complete()
    data["name"] = name
    found = only(findings_for(data), "name-length")
    assert (found == []) == ok
    if not ok:
        assert found[0].field == "name" and f"got {len(name)}" in found[0].message


@pytest.mark.parametrize("summary, problem", [
    ("", "got none"),
    ("Too short.", "got 10"),
    ("x" * 161, "got 161"),
    ("Opens the hip flexors. Then the quads follow along nicely.", "expected one sentence"),
])
def test_summary_length_and_one_sentence(summary, problem):
    data = complete()
    data["summary"] = summary
    (found,) = only(findings_for(data), "summary-length")
    assert found.field == "summary" and problem in found.message and found.is_error


@pytest.mark.parametrize("length, ok", [(19, False), (20, True), (160, True), (161, False)])
def test_summary_length_at_its_bounds(length, ok):
    data = complete()
    data["summary"] = "x" * length
    found = only(findings_for(data), "summary-length")
    assert (found == []) == ok
    if not ok:
        assert found[0].message == f"expected 20 to 160 characters, got {length}"


def test_summary_abbreviation_is_still_one_sentence():
    data = complete()
    data["summary"] = "Opens the hips, e.g. before squats, without strain."
    assert only(findings_for(data), "summary-length") == []


def test_instructions_count():
    data = complete()
    data["instructions"] = data["instructions"][:2]
    (found,) = only(findings_for(data), "instructions-count")
    assert found.message == "expected at least 3 steps, got 2"


def test_instruction_verb_names_the_step_and_the_word():
    data = complete()
    data["instructions"][2] = "Your weight moves forward slowly."
    (found,) = only(findings_for(data), "instruction-verb")
    assert found.field == "instructions[2]" and "got 'your'" in found.message


@pytest.mark.parametrize("step", [
    *(f"{verb} with care." for verb in CONTRACT_VERBS),
    "Gently lower the knee.", "Slowly and gently roll up.", "Then repeat on the left.",
    "On an exhale, fold forward.", "With your back flat, hinge at the hips.",
    "Re-square the hips.", "Don't bounce at the end.", "Half-kneel on the mat.",
    "Interlace your fingers behind your back.",
])
def test_instruction_verb_accepts_coaching_prose(step):
    assert opening_verb(step)[0], step


@pytest.mark.parametrize("step", ["The knee stays down.", "Your hips open.", "Slowly.",
                                  "If it hurts, the knee is wrong.", "3 breaths here.", "..."])
def test_instruction_verb_refuses_statements(step):
    assert not opening_verb(step)[0], step


def test_verb_list_is_data():
    verbs, adverbs = imperative_words()
    assert {"hinge", "breathe", "kneel"} <= verbs and {"gently", "slowly"} <= adverbs
    assert verbs.isdisjoint(adverbs)


def test_cue_phases_reports_each_missing_phase():
    data = complete()
    data["cues"] = [{"text": "Tuck the tail", "phase": "execution", "key": True}]
    found = only(findings_for(data), "cue-phases")
    assert [f.message.split(" cue")[0] for f in found] == [
        "expected at least one 'setup'", "expected at least one 'breathing'",
        "expected at least one 'safety'"]
    assert all(f.field == "cues" for f in found)


def test_key_cue():
    data = complete()
    data["cues"] = [{**c, "key": False} for c in data["cues"]]
    (found,) = only(findings_for(data), "key-cue")
    assert found.field == "cues" and "got none of 4" in found.message


def test_stop_signs():
    data = complete()
    data["stop_signs"] = []
    assert [f.rule for f in findings_for(data)] == ["stop-signs"]


@pytest.mark.parametrize("dosage, field, message", [
    ({"hold_seconds": [5, 30], "sides": "each"}, "dosage.hold_seconds", "got [5, 30]"),
    ({"hold_seconds": [30, 180], "sides": "each"}, "dosage.hold_seconds", "got [30, 180]"),
    ({"sides": "each"}, "dosage", "hold_seconds, breaths or reps, got none"),
])
def test_dosage_hold(dosage, field, message):
    data = complete()
    data["dosage"] = dosage
    (found,) = only(findings_for(data), "dosage-hold")
    assert found.field == field and message in found.message


@pytest.mark.parametrize("dosage", [{"hold_seconds": [10, 120], "sides": "each"},
                                    {"breaths": 5, "sides": "each"}, {"reps": 8, "sides": "each"}])
def test_dosage_hold_passes(dosage):
    data = complete()
    data["dosage"] = dosage
    assert only(findings_for(data), "dosage-hold") == []


def test_dosage_sides_missing():
    data = complete()
    data["dosage"] = {"hold_seconds": [20, 30]}
    (found,) = only(findings_for(data), "dosage-sides")
    assert found.field == "dosage.sides" and "got nothing" in found.message


@pytest.mark.parametrize("phrase", ["other side", "each side", "switch sides", "both sides"])
def test_dosage_sides_one_sided_wording_needs_each(phrase):
    data = complete()
    data["instructions"][3] = f"Hold, then work the {phrase}."
    data["dosage"]["sides"] = "both"
    (found,) = only(findings_for(data), "dosage-sides")
    assert found.message == (f"instructions[3] says {phrase!r} (a one-sided move): expected "
                             "'each', got 'both'")


def test_dosage_sides_two_sided_move_may_say_both():
    data = complete()
    data["instructions"][3] = "Hold, then roll up slowly."
    data["dosage"]["sides"] = "both"
    assert only(findings_for(data), "dosage-sides") == []


@pytest.mark.parametrize("field", ["goals", "targets"])
def test_goals_and_targets_present(field):
    data = complete()
    data[field] = []
    (found,) = findings_for(data)
    assert found.rule == f"{field}-present" and found.field == field


def test_exact_duplicate_is_an_error_ignoring_case():
    data = complete()
    data["tips"] = ["Keep the ribs down.", "keep the RIBS down"]
    (found,) = only(findings_for(data), "duplicate-items")
    assert found.is_error and found.field == "tips[1]" and "same as tips[0]" in found.message


def test_duplicate_cues_and_faq_questions_are_found():
    data = complete()
    data["cues"].append({"text": "Pad the knee if it presses", "phase": "finish"})
    data["faq"].append({"question": "Where should I feel it?", "answer": "Front of the hip."})
    fields = [f.field for f in only(findings_for(data), "duplicate-items")]
    assert fields == ["faq[1].question", "cues[4].text"]


def test_near_duplicate_is_a_warning():
    data = complete()
    data["tips"] = ["Keep the ribs down so the low back stays long.",
                    "Keep the ribs down so the lower back stays long."]
    (found,) = only(findings_for(data), "duplicate-items")
    assert found.severity == "warning" and found.field == "tips[1]" and "alike" in found.message
    assert errors([found]) == []


def test_near_duplicate_paragraphs_are_found():
    first = ("Sit tall on the mat with one leg folded in front and the other behind you, then "
             "let the chest travel forward over the front shin while the spine stays long.")
    second = first.replace("Sit tall", "Sit up tall").replace("stays long", "stays longer")
    data = complete()
    data["overview"] = [first, "A different paragraph about when to use it.", second]
    (found,) = only(findings_for(data), "duplicate-items")
    assert found.severity == "warning" and found.field == "overview[2]"
    assert "nearly the same as overview[0]" in found.message


# Pairs on either side of the 90 % threshold (ratios measured on the normalised text).
@pytest.mark.parametrize("second, flagged", [
    ("Keep the ribs down so the low back stays quite long now.", True),   # 0.900
    ("Hold the ribs down so the low back stays long.", True),             # 0.911
    ("Keep the ribs down and let the low back stay long.", False),        # 0.894
    ("Keep the ribs down; the low back then stays long, too.", False),    # 0.857
])
def test_near_duplicates_at_the_threshold(second, flagged):
    data = complete()
    data["tips"] = ["Keep the ribs down so the low back stays long.", second]
    found = only(findings_for(data), "duplicate-items")
    assert bool(found) == flagged
    if flagged:
        assert found[0].severity == "warning" and found[0].field == "tips[1]"


def test_different_items_are_not_near_duplicates():
    data = complete()
    data["tips"] = ["Keep the ribs down.", "Breathe out slowly through the mouth."]
    assert only(findings_for(data), "duplicate-items") == []


def test_faq_feel():
    data = complete()
    data["faq"] = [{"question": "How long do I hold it?", "answer": "20 to 40 seconds."}]
    (found,) = only(findings_for(data), "faq-feel")
    assert found.field == "faq" and "got none of 1 questions" in found.message


@pytest.mark.parametrize("text", ["TODO write this", "Hold for TBD seconds", "fixme",
                                  "XXX", "Lorem ipsum dolor", "Reach [...] forward",
                                  "Where ???", "<placeholder>"])
def test_placeholder_names_the_field(text):
    data = complete()
    data["faq"][0]["answer"] = text
    (found,) = only(findings_for(data), "placeholder")
    assert found.field == "faq[0].answer" and found.is_error


def test_placeholder_does_not_match_inside_words():
    data = complete()
    data["tips"] = ["Toddlers and tbdx are not placeholders; neither is a question?"]
    assert only(findings_for(data), "placeholder") == []


@pytest.mark.parametrize("field, rule", [("overview", "overview-present"),
                                         ("tips", "tips-present")])
def test_overview_and_tips_are_warnings(field, rule):
    data = complete()
    data[field] = []
    (found,) = findings_for(data)
    assert found.rule == rule and found.severity == "warning" and errors([found]) == []


def test_an_empty_draft_fails_many_rules_at_once():
    found = lint(Exercise(id="new-one", name="New one"))
    assert failed_rules(found) >= {"summary-length", "instructions-count", "cue-phases",
                                   "key-cue", "stop-signs", "dosage-hold", "dosage-sides",
                                   "goals-present", "targets-present", "faq-feel"}


def test_sample_library_has_no_errors():
    library = Library(SAMPLE_DATA)
    assert library.problems == []
    bad = {e.id: [str(f) for f in errors(lint(e))] for e in library if errors(lint(e))}
    assert bad == {}



def test_messages_quote_the_text_whole_up_to_40_characters_and_cut_it_after():
    data = complete()
    forty = "Keep the ribs down and breathe out slow."
    assert len(forty) == 40
    longer = "Keep the ribs down and breathe out slowly, always."
    data["tips"] = [forty, forty.upper(), longer, longer.lower()]
    assert [f.message for f in only(findings_for(data), "duplicate-items")] == [
        f"same as tips[0]: {forty.upper()!r}",
        "same as tips[2]: 'keep the ribs down and breathe out slow…'",  # 39 + …
    ]
    data = complete()
    data["tips"] = ["Keep the ribs down so the low back does not arch at all.",
                    "Keep the ribs down so that the low back does not arch at all."]
    (near,) = only(findings_for(data), "duplicate-items")
    assert near.message == ("nearly the same as tips[0] (96% alike): "
                            "'Keep the ribs down so that the low back…'")


def test_a_summary_of_several_sentences_is_quoted_up_to_60_characters():
    data = complete()
    data["summary"] = "Opens the hip. Then it opens the hip again, and once more after."
    (found,) = only(findings_for(data), "summary-length")
    assert found.message == ("expected one sentence, got 2: "
                             "'Opens the hip. Then it opens the hip again, and once more a…'")
