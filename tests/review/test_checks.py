"""The content checks: each rule fails on what it should and passes a complete entry."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from stretchkit import Library
from stretchkit.model.entry import Dosage, Exercise
from stretchkit.review import checks
from stretchkit.review.checks import (
    RULES,
    Finding,
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
            {"text": "Tuck the tail and squeeze the glute", "phase": "execution", "key": True},
            {"text": "Slow breaths out through the mouth", "phase": "breathing"},
            {"text": "Pad the knee if it presses", "phase": "safety"},
        ],
        "goals": ["mobility", "pre-lunge"],
        "targets": ["hip-flexors"],
        "level": "beginner",
        "dosage": {"hold_seconds": [20, 40], "sides": "each"},
        "stop_signs": ["Sharp pain in the knee"],
        "precautions": [{"condition": "knee-replacement",
                         "reason": "Kneeling loads the knee; pad it well or stand instead."}],
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
                                   "goals-present", "targets-present", "faq-feel",
                                   "precautions-present"}


def test_sample_library_has_no_errors():
    library = Library(SAMPLE_DATA)
    assert library.problems == []
    bad = {e.id: [str(f) for f in errors(lint(e))] for e in library if errors(lint(e))}
    assert bad == {}



def test_sample_library_is_clean_under_every_rule():
    # The sample library is the kit's showcase: not a warning either (issue 16).
    library = Library(SAMPLE_DATA)
    found = {e.id: [str(f) for f in lint(e)] for e in library if lint(e)}
    assert found == {}


def test_rule_thresholds_are_data():
    data = json.loads((Path(checks.__file__).parent / "rules.json").read_text("utf-8"))
    assert data == checks.RULE_DATA
    assert data["step_words"] == checks.STEP_WORDS
    assert (checks.STEP_WORDS["warning"], checks.STEP_WORDS["error"]) == (20, 30)
    assert tuple(data["hold_seconds"]) == checks.HOLD_SECONDS
    assert "Behm et al. 2016" in checks.STATIC_BEFORE_TRAINING["evidence"]


# -- precautions -------------------------------------------------------------------------------
def test_precautions_present_needs_a_condition_or_none_known():
    data = complete()
    data["precautions"] = []
    (found,) = findings_for(data)
    assert (found.rule, found.severity, found.field) == ("precautions-present", "error",
                                                         "precautions")
    assert "or 'none-known', got none" in found.message
    data["precautions"] = [{"condition": "none-known"}]
    assert findings_for(data) == []


def test_precautions_need_a_reason_and_none_known_stands_alone():
    data = complete()
    data["precautions"] = [{"condition": "pregnancy"}, {"condition": "none-known"},
                           {"condition": "pregnancy", "reason": "Lying flat."}]
    found = {(f.field, f.message) for f in only(findings_for(data), "precautions-present")}
    assert found == {
        ("precautions[0].reason", "expected a one-line reason why 'pregnancy' matters for "
                                  "this entry, got none"),
        ("precautions", "expected 'none-known' alone or conditions, got both ('none-known' "
                        "with pregnancy, pregnancy)"),
        ("precautions[2].condition", "'pregnancy' is listed twice")}


def test_approval_waits_for_precautions():
    data = complete()
    data["precautions"] = []
    assert [f.rule for f in errors(findings_for(data))] == ["precautions-present"]


# -- dosages by goal ---------------------------------------------------------------------------
def test_a_goal_dosage_is_for_a_goal_of_the_entry_and_sensible():
    data = complete()
    data["dosage_by_goal"] = {"cool-down": {"hold_seconds": [30, 200]}, "pre-lunge": {}}
    found = {(f.field, f.message) for f in only(findings_for(data), "goal-dosages")}
    assert found == {
        ("dosage_by_goal.cool-down", "a dosage for 'cool-down', which is not one of the "
                                     "entry's goals (mobility, pre-lunge): add the goal or "
                                     "remove it"),
        ("dosage_by_goal.cool-down.hold_seconds", "expected seconds within 10 to 120, got "
                                                  "[30, 200]"),
        ("dosage_by_goal.cool-down.sides", "expected 'each', 'both' or 'none', got nothing"),
        ("dosage_by_goal.pre-lunge", "expected at least one of hold_seconds, breaths or reps, "
                                     "got none"),
        ("dosage_by_goal.pre-lunge.sides", "expected 'each', 'both' or 'none', got nothing")}


# -- numbers in the text against the dosage ------------------------------------------------------
@pytest.mark.parametrize("text, dosage, quote", [
    ("Hold the stretch for a smooth breath or two.", {"hold_seconds": [20, 40], "reps": 2},
     "a smooth breath or two"),
    ("Hold for 90 to 120 seconds.", {"hold_seconds": [20, 40]}, "90 to 120 seconds"),
    ("Move for 8 to 10 breaths.", {"reps": 10}, "8 to 10 breaths"),
    ("Do 10 to 15 slow reps.", {"reps": 12}, "10 to 15 slow reps"),
    ("Do ten reps.", {"reps": 12}, "ten reps"),
    ("Hold for a minute.", {"hold_seconds": [20, 30]}, "a minute"),
])
def test_text_dosage_finds_numbers_the_dosage_contradicts(text, dosage, quote):
    data = complete()
    data["instructions"][3] = text
    data["dosage"] = {**dosage, "sides": "each"}
    (found,) = only(findings_for(data), "text-dosage")
    assert found.severity == "error" and found.field == "instructions[3]"
    assert found.message.startswith(f"says {quote!r}") and "the dosage says default:" in \
        found.message


@pytest.mark.parametrize("text, dosage", [
    ("Hold for 20 to 40 seconds.", {"hold_seconds": [20, 40]}),
    ("Hold for about 30 seconds.", {"hold_seconds": [20, 40]}),
    ("Hold for five slow breaths.", {"hold_seconds": [20, 40]}),
    ("Do 8 reps.", {"reps": 8}),
    ("Pause for one breath at the top.", {"reps": 8}),
    ("Pause for a breath or two at the top.", {"reps": 8}),
    ("Press for a 5-second contraction, then relax.", {"hold_seconds": [20, 40]}),
    ("Hold for 5 breaths.", {"breaths": 5}),
])
def test_text_dosage_passes_agreeing_numbers_and_pauses(text, dosage):
    data = complete()
    data["instructions"][3] = text
    data["dosage"] = {**dosage, "sides": "each"}
    assert only(findings_for(data), "text-dosage") == []


def test_text_dosage_reads_the_dosage_of_the_goal_a_text_names():
    data = complete()
    data["goals"] = ["pre-lunge", "cool-down"]
    data["dosage"] = {"hold_seconds": [30, 60], "reps": 2, "sides": "each"}
    data["dosage_by_goal"] = {"pre-lunge": {"hold_seconds": [15, 20], "reps": 1,
                                            "sides": "each"}}
    data["tips"] = ["Before lunges, hold for 15 to 20 seconds.",
                    "After training, hold for 45 seconds."]
    assert only(findings_for(data), "text-dosage") == []
    data["tips"] = ["Before lunges, hold for 45 seconds."]
    (found,) = only(findings_for(data), "text-dosage")
    assert found.field == "tips[0]" and "pre-lunge: Hold 15–20 s, 1 rep, each side" in \
        found.message and "default" not in found.message


def test_dosage_mentions():
    assert checks.dosage_mentions("Hold 20–45 s, then take a few breaths; do 12 reps.") == [
        ("breaths", "a few breaths", (3, 5)), ("seconds", "20–45 s", (20, 45)),
        ("reps", "12 reps", (12, 12))]
    # The longer number word wins: not 'twenty' to 'five' seconds.
    assert checks.dosage_mentions("Hold for twenty-five seconds or 2 minutes.") == [
        ("seconds", "twenty-five seconds", (25, 25)), ("seconds", "2 minutes", (120, 120))]


def test_text_dosage_against_no_dosage_says_so():
    data = complete()
    data["instructions"][3] = "Hold for 30 seconds."
    data["dosage"] = {}
    (found,) = only(findings_for(data), "text-dosage")
    assert found.message == ("says '30 seconds' (seconds 30), but the dosage says default: "
                             "nothing: make the text and the dosage agree")


# -- static holding before training ---------------------------------------------------------------
def test_static_holds_before_training_warn_at_60_seconds_per_side():
    data = complete()
    data["kind"] = "static-stretch"
    data["goals"] = ["pre-lunge", "cool-down"]
    data["dosage"] = {"hold_seconds": [30, 45], "reps": 2, "sides": "each"}
    (found,) = only(findings_for(data), "static-before-training")
    assert (found.severity, found.field) == ("warning", "dosage")
    assert "for pre-lunge, Hold 30–45 s, 2 reps, each side is up to 90 s" in found.message
    assert "Behm et al. 2016" in found.message
    data["dosage_by_goal"] = {"pre-lunge": {"hold_seconds": [20, 30], "reps": 2,
                                            "sides": "each"}}
    assert only(findings_for(data), "static-before-training") != []  # 60 s: at the limit
    data["dosage_by_goal"]["pre-lunge"]["reps"] = 1
    assert only(findings_for(data), "static-before-training") == []
    data["kind"] = "mobility-drill"
    data["dosage_by_goal"] = {}
    assert only(findings_for(data), "static-before-training") == []  # moving, not static


# -- plain language ------------------------------------------------------------------------------
@pytest.mark.parametrize("words, severity", [(20, None), (21, "warning"), (30, "warning"),
                                             (31, "error")])
def test_step_words_at_the_bounds(words, severity):
    data = complete()
    data["instructions"][2] = "Gently " + " ".join(["shift"] * (words - 1)) + "."
    found = only(findings_for(data), "step-words")
    assert [f.severity for f in found] == ([severity] if severity else [])
    if found:
        assert found[0].field == "instructions[2]" and f"got {words}" in found[0].message


def test_reading_grade_warns_above_the_level_and_names_the_grade():
    data = complete()
    data["overview"] = ["Proprioceptive neuromuscular facilitation methodologies "
                        "systematically incorporate isometric contractions preceding "
                        "additional passive lengthening of musculotendinous structures."]
    (found,) = only(findings_for(data), "reading-grade")
    assert (found.severity, found.field) == ("warning", "overview")
    assert re.search(r"reading grade \d+\.\d \(Flesch-Kincaid\), expected at most 10",
                     found.message)
    assert checks.reading_grade("Sit tall. Breathe out. Relax.") < 10


@pytest.mark.parametrize("cue, ideas", [
    ("Come up slowly, re-square the pelvis and repeat.", 2),
    ("Back off at any pinch; never bounce.", 2),
    ("Inhale to lengthen, exhale to fold, relax the jaw.", 3),
    ("Knee under hip, front foot flat.", 0),
    ("Sit tall, chest proud.", 1),
    ("Exhale and let the hips sink.", 1),
])
def test_one_idea_per_cue(cue, ideas):
    data = complete()
    data["cues"][0]["text"] = cue
    found = only(findings_for(data), "cue-one-idea")
    if ideas > 1:
        (finding,) = found
        assert finding.field == "cues[0].text" and f"got {ideas}" in finding.message
    else:
        assert found == []


# -- left and right ------------------------------------------------------------------------------
def test_left_right_finds_a_hand_planted_and_moving():
    data = complete()
    data["instructions"][2] = ("Plant your right hand outside the foot, then sweep your right "
                               "arm up.")
    (found,) = only(findings_for(data), "left-right")
    assert found.severity == "warning" and "right arm" in found.message
    data["instructions"][2] = "Plant your left hand, then sweep your right arm up."
    data["faq"].append({"question": "Which way?", "answer": "The right arm reaches up while "
                                                            "the left hand stays planted."})
    assert only(findings_for(data), "left-right") == []
    data["faq"][-1] = {"question": "Which way?", "answer": "Keep the right hand planted."}
    (found,) = only(findings_for(data), "left-right")
    assert found.field == "faq[1].answer"
    assert "planted support in faq[1].answer but the moving arm in instructions[2]" in \
        found.message


def test_side_roles():
    assert checks.side_roles("Plant your left hand and reach the right arm up.") == [
        ("left", "arm", "support"), ("right", "arm", "moving")]
    assert checks.side_roles("The left hand stays planted.") == [("left", "arm", "support")]


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


# -- bounds and fields the rules above leave open ---------------------------------------------
@pytest.mark.parametrize("text, dosage, agrees", [
    # Breaths in the text, a hold in seconds: at 3 to 6 s a breath, the two must overlap.
    ("Hold for 5 breaths.", {"hold_seconds": [10, 15]}, True),  # 5 x 3 s: the hold's top
    ("Hold for 5 breaths.", {"hold_seconds": [30, 40]}, True),  # 5 x 6 s: the hold's bottom
    ("Hold for 5 breaths.", {"hold_seconds": [31, 40]}, False),
    ("Hold for 10 breaths.", {"hold_seconds": [10, 20]}, False),  # 30 s at the least
    # Seconds in the text, a hold counted in breaths: 5 breaths are 15 to 30 s.
    ("Hold for 15 to 30 seconds.", {"breaths": 5}, True),
    ("Hold for 14 to 30 seconds.", {"breaths": 5}, False),
    ("Hold for 15 to 31 seconds.", {"breaths": 5}, False),
    ("Hold for 10 seconds.", {"breaths": 5}, False),
    # Reps are never a pause; under 10 s is a pause inside a rep, 10 s is a hold.
    ("Do 6 reps.", {"reps": 8}, False),
    ("Pause for 9 seconds at the top.", {"hold_seconds": [20, 40]}, True),
    ("Pause for 10 seconds at the top.", {"hold_seconds": [20, 40]}, False),
])
def test_text_dosage_at_the_bounds_of_breaths_seconds_and_pauses(text, dosage, agrees):
    data = complete()
    data["instructions"][3] = text
    data["dosage"] = {**dosage, "sides": "each"}
    found = only(findings_for(data), "text-dosage")
    assert [f.field for f in found] == ([] if agrees else ["instructions[3]"])


def test_dosage_mentions_take_each_phrase_once_and_keep_the_later_ones():
    assert checks.dosage_mentions("Take a few slow breaths, then a breath or two.") == [
        ("breaths", "a few slow breaths", (3, 5)), ("breaths", "a breath or two", (1, 2))]
    assert checks.dosage_mentions("Take a few slow breaths, then a few breaths more.") == [
        ("breaths", "a few slow breaths", (3, 5)), ("breaths", "a few breaths", (3, 5))]
    assert checks.dosage_mentions("Rest for one or two breaths, then hold for 5 breaths.") == [
        ("breaths", "one or two breaths", (1, 2)), ("breaths", "5 breaths", (5, 5))]


def test_static_seconds_per_side_is_the_longest_hold_times_the_holds():
    static = Exercise.model_validate({**complete(), "kind": "static-stretch"})

    def seconds(entry: Exercise, **dosage: Any) -> int:
        return checks.static_seconds_per_side(entry, Dosage.model_validate(dosage))

    assert seconds(static, hold_seconds=[20, 40], reps=2) == 80
    assert seconds(static, breaths=10) == 60  # a breath at its longest, 6 s
    assert seconds(static, breaths=5, reps=3) == 90
    assert seconds(static, reps=10) == 0  # nothing is held
    drill = static.model_copy(update={"kind": "mobility-drill"})
    assert seconds(drill, hold_seconds=[20, 40]) == 0  # moving, not static


def test_static_holds_before_training_counted_in_breaths_warn_at_60_seconds():
    data = complete()
    data["kind"] = "static-stretch"
    data["dosage"] = {"breaths": 10, "sides": "each"}  # up to 60 s
    (found,) = only(findings_for(data), "static-before-training")
    assert found.message.startswith("for pre-lunge, 10 breaths, each side is up to 60 s")
    data["dosage"]["breaths"] = 9
    assert only(findings_for(data), "static-before-training") == []


@pytest.mark.parametrize("step, judged", [
    ("Don’t let the knee pass the toes.", (True, "don't")),  # a typographic apostrophe
    ("On an exhale, don’t let the back arch.", (True, "don't")),
    ("On an exhale, fold forward.", (True, "fold")),
    ("On an exhale, slowly, fold forward.", (True, "slowly")),  # the word after the comma
    ("Knees bent, press the heels down.", (False, "knees")),  # no lead-in: not a verb
    ("Half-tall-kneel on a pad.", (True, "half-tall-kneel")),  # the last part is the verb
    ("1, 2, 3.", (False, "")),
])
def test_opening_verb_judges_the_word_after_adverbs_and_a_lead_in(step, judged):
    assert opening_verb(step) == judged


def test_a_step_without_words_is_quoted_whole():
    data = complete()
    data["instructions"][0] = "1, 2, 3."
    (found,) = only(findings_for(data), "instruction-verb")
    assert found.message.endswith("got '1, 2, 3.'")


@pytest.mark.parametrize("cue, parts", [
    ("No bouncing; breathe out slowly.", ["No bouncing", "breathe out slowly."]),
    ("Don’t shrug, breathe out slowly.", ["Don't shrug", "breathe out slowly."]),
    ("Lift on 1, 2, 3, lower on 4.", ["Lift on 1", "lower on 4."]),  # counts are no part
])
def test_a_negation_or_a_verb_opens_an_instruction_of_a_cue(cue, parts):
    data = complete()
    data["cues"][0]["text"] = cue
    (found,) = only(findings_for(data), "cue-one-idea")
    quoted = ", ".join(repr(p) for p in parts)
    assert found.message == (f"expected one instruction per cue, got 2 ({quoted}): make each "
                             "its own cue")


def test_side_roles_take_the_first_limb_after_the_verb():
    assert checks.side_roles("Press the left palm against the right elbow.") == [
        ("left", "arm", "support")]


def test_placeholder_in_the_name_summary_or_source_names_that_field():
    data = complete()
    data["name"] = "TODO Hip Flexor Stretch"
    data["summary"] = "A kneeling lunge that lengthens the front of the hip, TBD."
    data["source"] = {"title": "FIXME: the book's title"}
    assert [(f.field, f.message) for f in only(findings_for(data), "placeholder")] == [
        ("name", "expected finished text, got placeholder 'TODO'"),
        ("summary", "expected finished text, got placeholder 'TBD'"),
        ("source.title", "expected finished text, got placeholder 'FIXME'")]


def test_the_rule_data_is_read_from_rules_json():
    data = json.loads((Path(checks.__file__).parent / "rules.json").read_text("utf-8"))
    assert checks._load_rule_data() == data


def test_a_registered_rule_keeps_its_id_severity_field_and_title(monkeypatch):
    monkeypatch.setattr(checks, "RULES", {})  # the module's own rules stay as they are

    def check(entry: Exercise):
        if entry.level is None:
            yield "level", "expected a level, got none"

    assert checks._rule("level-set", "warning", "level", "A level is set")(check) is check
    checks._not_empty("tips-given", "error", "tips", "At least one tip", "at least one tip")
    assert [(r.id, r.severity, r.field, r.title) for r in checks.RULES.values()] == [
        ("level-set", "warning", "level", "A level is set"),
        ("tips-given", "error", "tips", "At least one tip")]
    data = complete()
    data["tips"], data["level"] = [], None
    assert checks.lint(Exercise.model_validate(data)) == [
        Finding("level-set", "warning", "level", "expected a level, got none"),
        Finding("tips-given", "error", "tips", "expected at least one tip, got none")]
    assert checks.lint(Exercise.model_validate(complete())) == []


def test_the_number_pattern_reads_digits_and_the_longest_number_word_first():
    # Called directly: the patterns built from it are cached on first use.
    number = re.compile(checks._number_pattern(), re.IGNORECASE)
    assert [m.group(1) for m in number.finditer("Twenty-five, 12, forty or sixty")] == [
        "Twenty-five", "12", "forty", "sixty"]
    assert all(number.fullmatch(word) for word in checks.TEXT_DOSAGE["number_words"])
