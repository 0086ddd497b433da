"""The translation model: which items are current, outdated or missing, through every kind of
edit of the source, and an entry in a language with its fallbacks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchkit import Cue, Exercise, FaqItem
from stretchkit.model.entry import MediaItem
from stretchkit.model.translation import (
    CHANNELS,
    Message,
    Translation,
    align,
    context_of,
    count,
    fingerprint,
    keys_of,
    localize,
    messages_for,
    parse_context,
    source_diff,
    with_texts,
)
from tests.strategies import examples, settings

STEPS = ["Kneel on the mat.", "Step the right foot forward.", "Shift your hips forward.",
         "Hold for five breaths.", "Switch sides."]
FRENCH = ["Agenouillez-vous sur le tapis.", "Avancez le pied droit.",
          "Avancez les hanches.", "Tenez cinq respirations.", "Changez de côté."]


def entry(instructions=STEPS, **fields) -> Exercise:
    return Exercise(id="hip-opener", name="Hip Opener", instructions=list(instructions),
                    **fields)


def translated(source: Exercise, pairs: dict[str, list[str]]) -> Translation:
    """A translation of `source` whose channels hold `pairs`' texts, item by item."""
    states = align(source, None)
    texts = {}
    for channel, values in pairs.items():
        mine = [s for s in states if s.channel == channel]
        for state, text in zip(mine, values, strict=True):
            texts[(channel, state.key)] = text
    return with_texts(source, None, "fr", texts, by="Camille")


def states_of(source: Exercise, translation: Translation, channel: str = "instructions"):
    return [(s.source, s.state, s.text) for s in align(source, translation)
            if s.channel == channel]


def test_a_fresh_translation_is_current_item_by_item():
    source = entry()
    t = translated(source, {"name": ["Ouverture de hanche"], "instructions": FRENCH})
    assert states_of(source, t) == [(s, "current", f) for s, f in zip(STEPS, FRENCH,
                                                                       strict=True)]
    assert count(align(source, t)).describe() == "6 translated, 0 outdated, 0 missing"


def test_an_edited_item_is_outdated_and_only_that_item():
    t = translated(entry(), {"instructions": FRENCH})
    edited = [*STEPS]
    edited[2] = "Shift your hips gently forward."
    states = states_of(entry(edited), t)
    assert [s[1] for s in states] == ["current", "current", "outdated", "current", "current"]
    outdated = next(s for s in align(entry(edited), t) if s.state == "outdated")
    assert (outdated.was, outdated.text, outdated.label) == (STEPS[2], FRENCH[2],
                                                               "instruction 3")


def test_items_follow_their_source_through_an_insertion():
    t = translated(entry(), {"instructions": FRENCH})
    inserted = [STEPS[0], "Tuck your tailbone.", *STEPS[1:]]
    assert states_of(entry(inserted), t) == [
        (STEPS[0], "current", FRENCH[0]), ("Tuck your tailbone.", "missing", None),
        *((s, "current", f) for s, f in zip(STEPS[1:], FRENCH[1:], strict=True))]


def test_items_follow_their_source_through_a_removal():
    t = translated(entry(), {"instructions": FRENCH})
    removed = [STEPS[0], STEPS[2], STEPS[3], STEPS[4]]
    assert states_of(entry(removed), t) == [
        (s, "current", FRENCH[STEPS.index(s)]) for s in removed]
    # The removed item's unit is dropped at the next save.
    again = with_texts(entry(removed), t, "fr", {})
    assert [u.source for u in again.units["instructions"]] == removed


def test_items_follow_their_source_through_a_reorder():
    t = translated(entry(), {"instructions": FRENCH})
    order = [4, 2, 0, 3, 1]
    moved = [STEPS[i] for i in order]
    assert states_of(entry(moved), t) == [(STEPS[i], "current", FRENCH[i]) for i in order]


def test_an_edit_and_a_reorder_together_still_find_the_edited_item():
    t = translated(entry(), {"instructions": FRENCH})
    changed = [STEPS[3], STEPS[0], "Step the left foot forward.", STEPS[2], STEPS[4]]
    states = states_of(entry(changed), t)
    assert states[2] == ("Step the left foot forward.", "outdated", FRENCH[1])
    assert [s[1] for s in states] == ["current", "current", "outdated", "current", "current"]


def test_a_rewritten_item_far_from_any_unit_is_missing_not_paired_by_accident():
    t = translated(entry(STEPS[:2]), {"instructions": FRENCH[:2]})
    changed = [*STEPS[:2], "Completely different words about breathing out."]
    assert states_of(entry(changed), t)[2][1] == "missing"


def test_the_same_text_twice_gets_two_keys_and_two_translations():
    twice = ["Breathe out.", "Lean in.", "Breathe out."]
    assert keys_of(twice) == [fingerprint("Breathe out."), fingerprint("Lean in."),
                              fingerprint("Breathe out.") + "-2"]
    t = translated(entry(twice), {"instructions": ["Expirez.", "Penchez-vous.", "Soufflez."]})
    assert [s[2] for s in states_of(entry(twice), t)] == ["Expirez.", "Penchez-vous.",
                                                          "Soufflez."]


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.sampled_from(STEPS), min_size=0, max_size=5, unique=True),
       st.integers(0, 4), st.integers(0, 5))
def test_any_reorder_removal_or_insertion_keeps_every_surviving_item_current(kept, edit_at,
                                                                            insert_at):
    """Reorders, removals and insertions of untouched items never make one outdated; an
    inserted item is missing; an edit outdates the edited item and only that one."""
    t = translated(entry(), {"instructions": FRENCH})
    states = states_of(entry(kept), t)
    assert all(state == "current" and text == FRENCH[STEPS.index(s)]
               for s, state, text in states)
    new = "Press the floor away with both palms."
    grown = [*kept]
    grown.insert(insert_at % (len(kept) + 1), new)
    assert [(s, state) for s, state, _ in states_of(entry(grown), t)] == [
        (s, "missing" if s == new else "current") for s in grown]
    if kept:
        i = edit_at % len(kept)
        edited = [*kept]
        edited[i] = edited[i].rstrip(".") + " slowly."
        after = states_of(entry(edited), t)
        assert [x[1] for j, x in enumerate(after) if j != i] == ["current"] * (len(kept) - 1)
        assert after[i][1] == "outdated"
        assert after[i][2] == FRENCH[STEPS.index(kept[i])]


def test_localize_takes_whole_fields_and_names_the_fields_that_fell_back():
    source = entry(summary="Opens the hips.", tips=["Go slowly."],
                   faq=[FaqItem(question="Where?", answer="In the hip.")],
                   cues=[Cue(text="Tall spine.")],
                   media=[MediaItem(url="https://example.org/a.jpg", alt="A kneeling coach",
                                    caption="Start")])
    t = translated(source, {"name": ["Ouverture de hanche"], "instructions": FRENCH,
                            "faq.question": ["Où ?"], "faq.answer": ["Dans la hanche."],
                            "cues": ["Dos long."], "media.alt": ["Un coach à genoux"],
                            "media.caption": ["Départ"], "tips": ["Allez-y doucement."]})
    edited = source.model_copy(update={"tips": ["Go very slowly."]})
    out, fallback = localize(edited, t)
    assert fallback == ["summary", "tips"]  # summary never translated; tips outdated
    assert out.name == "Ouverture de hanche" and out.instructions == FRENCH
    assert out.summary == "Opens the hips." and out.tips == ["Go very slowly."]
    assert (out.faq[0].question, out.faq[0].answer) == ("Où ?", "Dans la hanche.")
    assert out.cues[0].text == "Dos long." and out.cues[0].phase == "execution"
    assert (out.media[0].alt, out.media[0].caption) == ("Un coach à genoux", "Départ")
    assert out.media[0].url == source.media[0].url


def test_localize_without_a_translation_falls_back_everywhere_there_is_text():
    out, fallback = localize(entry(), None)
    assert out == entry() and fallback == ["name", "instructions"]


def test_with_texts_refuses_an_item_the_entry_does_not_have():
    with pytest.raises(KeyError):
        with_texts(entry(), None, "fr", {("instructions", "00000000"): "x"})


def test_translation_refuses_an_unknown_channel_and_a_line_break():
    with pytest.raises(ValueError, match="unknown channel 'steps'"):
        Translation(entry="hip-opener", language="fr", units={"steps": []})
    with pytest.raises(ValueError, match="text"):
        Translation.model_validate({"entry": "hip-opener", "language": "fr", "units": {
            "name": [{"source": "Hip Opener", "text": "deux\nlignes"}]}})


def test_messages_carry_context_source_translation_comment_and_fuzzy_for_outdated():
    source = entry()
    t = translated(source, {"instructions": FRENCH})
    edited = entry([STEPS[0] + " Slowly.", *STEPS[1:]])
    messages = messages_for(edited, align(edited, t))
    first = next(m for m in messages if m.source.startswith("Kneel"))
    assert first == Message(context=f"hip-opener|instructions|{fingerprint(STEPS[0] + ' Slowly.')}",
                            source=STEPS[0] + " Slowly.", text=FRENCH[0],
                            note="Hip Opener — instruction 1", fuzzy=True, previous=STEPS[0])
    assert [m.source for m in messages_for(edited, align(edited, t), "outdated")] == [
        STEPS[0] + " Slowly."]
    assert [m.source for m in messages_for(edited, align(edited, t), "missing")] == [
        "Hip Opener"]
    assert parse_context(first.context) == ("hip-opener", "instructions",
                                            fingerprint(STEPS[0] + " Slowly."))
    assert parse_context("hip-opener|steps|abc") is None
    assert parse_context("no context") is None


def test_context_of_every_channel_parses_back():
    source = entry(summary="S.", tips=["T."], faq=[FaqItem(question="Q?", answer="A.")])
    for state in align(source, None):
        assert parse_context(context_of(source.id, state)) == (source.id, state.channel,
                                                               state.key)
        assert state.channel in CHANNELS


def test_source_diff_shows_words_removed_and_added():
    assert source_diff("Repeat for 8 slow reps.", "Repeat for 10 slow reps.") == [
        ("=", "Repeat for"), ("-", "8"), ("+", "10"), ("=", "slow reps.")]
