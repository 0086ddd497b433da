"""The translation model: which items are current, outdated or missing, through every kind of
edit of the source, and an entry in a language with its fallbacks."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretchkit import Cue, Exercise, FaqItem
from stretchkit.model import Precaution
from stretchkit.model.entry import MediaItem
from stretchkit.model.translation import (
    CHANNELS,
    Counts,
    ItemState,
    Message,
    Publication,
    Translation,
    align,
    context_of,
    count,
    count_sources,
    fingerprint,
    follow,
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


# -- alignment: the thresholds and which old unit an edited item takes -------------------------
def test_a_wholly_rewritten_name_is_still_the_name_and_outdated():
    """The name and the summary are one item each: an edit, however large, outdates them."""
    t = translated(entry(summary="Opens the hips."),
                   {"name": ["Ouverture de hanche"], "summary": ["Ouvre les hanches."]})
    renamed = entry(summary="A deep lunge for tight hip flexors.").model_copy(
        update={"name": "Kneeling Lunge"})
    states = {s.channel: s for s in align(renamed, t) if s.channel in ("name", "summary")}
    assert [(s.state, s.text, s.was, s.label) for s in states.values()] == [
        ("outdated", "Ouverture de hanche", "Hip Opener", "name"),
        ("outdated", "Ouvre les hanches.", "Opens the hips.", "summary")]


def test_an_edited_and_moved_item_pairs_at_a_similarity_of_exactly_similar():
    """Out of its place, an edited item takes its old unit only when at least SIMILAR (0.6)
    alike, word by word: 'Step the left foot back.' shares 3 of 5 + 5 words in order (0.6);
    'Step the left foot far back.' 3 of 5 + 6 (0.545) is a new item."""
    t = translated(entry(), {"instructions": FRENCH})
    rest = [STEPS[0], STEPS[2], STEPS[3], STEPS[4]]
    assert states_of(entry([*rest, "Step the left foot back."]), t)[4] == (
        "Step the left foot back.", "outdated", FRENCH[1])
    assert states_of(entry([*rest, "Step the left foot far back."]), t)[4] == (
        "Step the left foot far back.", "missing", None)
    # In its place the same edit is below SIMILAR but above SIMILAR_IN_PLACE: outdated.
    in_place = [STEPS[0], "Step the left foot far back.", *STEPS[2:]]
    assert states_of(entry(in_place), t)[1] == ("Step the left foot far back.", "outdated",
                                                FRENCH[1])


def test_an_item_rewritten_in_place_pairs_at_a_similarity_of_exactly_similar_in_place():
    """Between the same neighbours, a rewritten item keeps its old unit when at least
    SIMILAR_IN_PLACE (0.3) alike: 3 of 10 + 10 words in order is 0.3, of 10 + 11 is 0.286."""
    old = "Rest your forearms on the mat and breathe out slowly."
    source = entry([STEPS[0], old, STEPS[4]])
    t = translated(source, {"instructions": [FRENCH[0], "Posez les avant-bras et expirez.",
                                             FRENCH[4]]})
    at_bound = "Lower both elbows to the cushion, then sigh out slowly."
    assert align(entry([STEPS[0], at_bound, STEPS[4]]), t)[2] == ItemState(
        "instructions", 1, fingerprint(at_bound), at_bound, "outdated",
        "Posez les avant-bras et expirez.", old)
    below = "Lower both elbows down to the cushion, then sigh out slowly."
    assert states_of(entry([STEPS[0], below, STEPS[4]]), t)[1] == (below, "missing", None)


def test_a_rewritten_first_item_takes_the_unit_in_its_place_not_a_more_alike_one_elsewhere():
    """The first item's place starts at the first unit: the last unit, more alike (0.46 to
    0.44) but paired with the last item, is not a candidate."""
    last = "Sit back onto a folded blanket to rest."
    source = entry([STEPS[0], STEPS[1], last])
    t = translated(source, {"instructions": [FRENCH[0], FRENCH[1],
                                             "Asseyez-vous sur une couverture pliée."]})
    edited = entry(["Kneel on a folded blanket.", STEPS[1], last])
    assert states_of(edited, t) == [
        ("Kneel on a folded blanket.", "outdated", FRENCH[0]),
        (STEPS[1], "current", FRENCH[1]),
        (last, "current", "Asseyez-vous sur une couverture pliée.")]
    assert align(edited, t)[1].was == STEPS[0]


def test_an_item_rewritten_in_place_does_not_take_a_removed_items_unit_from_elsewhere():
    """A removed item's unit before the left neighbour is more alike (0.5) than the unit in
    the rewritten item's place (0.3), but below SIMILAR and out of place: not taken."""
    removed = "Lower both knees onto the cushion."
    old = "Rest your forearms on the mat and breathe out slowly."
    source = entry([removed, STEPS[0], old])
    t = translated(source, {"instructions": ["Posez les genoux sur le coussin.", FRENCH[0],
                                             "Posez les avant-bras et expirez."]})
    rewritten = "Lower both elbows to the cushion, then sigh out slowly."
    [_, item] = align(entry([STEPS[0], rewritten]), t)[1:]
    assert (item.state, item.text, item.was) == ("outdated", "Posez les avant-bras et expirez.",
                                                 old)


def test_a_light_edit_and_a_heavy_rewrite_in_place_each_keep_their_own_unit():
    """The light edit pairs by similarity, the rewrite (0.36) by its place, after it."""
    t = translated(entry(), {"instructions": FRENCH})
    edited = [STEPS[0], "Step the right foot well forward.", STEPS[2],
              "Stay here and count five slow breaths.", STEPS[4]]
    states = align(entry(edited), t)[1:]
    assert [(s.state, s.text, s.was) for s in states] == [
        ("current", FRENCH[0], None), ("outdated", FRENCH[1], STEPS[1]),
        ("current", FRENCH[2], None), ("outdated", FRENCH[3], STEPS[3]),
        ("current", FRENCH[4], None)]


def test_a_step_split_in_two_gives_its_translation_to_the_more_alike_half_only():
    """One old unit, two new items both alike enough (0.94 and 0.82): the more alike takes
    it, the other is missing (a unit is never shared)."""
    one_sided = "Hold for five slow breaths on the left side."
    source = entry([STEPS[0], one_sided, "Stand up slowly."])
    t = translated(source, {"instructions": [FRENCH[0], "Tenez cinq respirations à gauche.",
                                             "Relevez-vous lentement."]})
    split = [STEPS[0], "Hold for five slow breaths on the left.",
             "Hold for five slow breaths on the right.", "Stand up slowly."]
    assert [(s.state, s.was) for s in align(entry(split), t)[1:]] == [
        ("current", None), ("outdated", one_sided), ("missing", None), ("current", None)]


def test_an_edited_item_takes_the_most_alike_of_two_old_units():
    """Two steps merged into one: it takes the unit it is most like (0.83), not the other
    (0.73), whatever their order."""
    slow, plain = "Hold for five slow breaths.", "Hold for five breaths."
    merged = "Hold for five slow breaths, then relax."
    for pair in ([slow, plain], [plain, slow]):
        source = entry([STEPS[0], *pair, STEPS[4]])
        texts = {slow: "Tenez cinq respirations lentes.", plain: "Tenez cinq respirations."}
        t = translated(source, {"instructions": [FRENCH[0], *(texts[p] for p in pair),
                                                 FRENCH[4]]})
        item = align(entry([STEPS[0], merged, STEPS[4]]), t)[2]
        assert (item.state, item.text, item.was) == ("outdated", texts[slow], slow)


def test_two_items_alike_word_for_word_keep_their_own_units_when_swapped():
    """'Exhale.' and 'Exhale!' are the same words (similarity 1): their units follow the
    exact text, not the first alike unit."""
    source = entry([STEPS[0], "Exhale.", "Exhale!"])
    t = translated(source, {"instructions": [FRENCH[0], "Expirez.", "Expirez !"]})
    assert states_of(entry([STEPS[0], "Exhale!", "Exhale."]), t) == [
        (STEPS[0], "current", FRENCH[0]), ("Exhale!", "current", "Expirez !"),
        ("Exhale.", "current", "Expirez.")]


def test_a_long_repetitive_item_edited_by_a_word_is_outdated_not_missing():
    """Over 200 words difflib would by default treat frequent words as junk and find such an
    item unlike its own edit (a similarity of 0.06 here, instead of 0.995)."""
    box = ("Breathe in for four counts, hold for four counts, breathe out for four counts, "
           "hold for four counts;")
    long = " ".join([box] * 12)
    edited = long.replace("breathe out for four", "breathe out for six", 1)
    source = entry([STEPS[0], long, STEPS[4]])
    t = translated(source, {"instructions": [FRENCH[0], "Respiration au carré.", FRENCH[4]]})
    assert states_of(entry([STEPS[0], edited, STEPS[4]]), t)[1] == (
        edited, "outdated", "Respiration au carré.")


def test_every_missing_item_is_named_by_position_key_and_label():
    """With no translation and with one: a missing item has its place in the entry's field
    (a picture without alt text counts), its key and its label."""
    source = entry(media=[MediaItem(url="https://example.org/a.jpg", caption="Start"),
                          MediaItem(url="https://example.org/b.jpg", alt="A kneeling coach")])
    [alt] = [s for s in align(source, None) if s.channel == "media.alt"]
    assert alt == ItemState("media.alt", 1, fingerprint("A kneeling coach"),
                            "A kneeling coach", "missing")
    assert alt.label == "alt text 2"
    assert [s.label for s in align(source, None) if s.channel == "instructions"] == [
        f"instruction {n}" for n in range(1, 6)]
    t = translated(entry(), {"instructions": FRENCH})
    inserted = entry([*STEPS[:2], "Tuck your tailbone.", *STEPS[2:]])
    assert align(inserted, t)[3] == ItemState("instructions", 2, "a37b5910",
                                              "Tuck your tailbone.", "missing")


def test_fingerprints_are_eight_hex_digits_of_the_utf8_sha256():
    assert fingerprint("Hip Opener") == "bbda1258"
    assert fingerprint("Où ?") == "1f13ba3c"
    assert keys_of(["Exhale.", "Lean in.", "Exhale.", "Exhale."]) == [
        "26036cfe", "42c554e4", "26036cfe-2", "26036cfe-3"]


# -- counts, an entry in a language, translators' messages ------------------------------------
def test_count_tells_translated_outdated_and_missing_apart():
    t = translated(entry(), {"instructions": FRENCH})
    edited = entry([STEPS[0], "Step the right foot well forward.", "Tuck your tailbone.",
                    *STEPS[2:]])
    n = count(align(edited, t))
    assert n == Counts(translated=4, outdated=1, missing=2)  # the name is missing too
    assert (n.total, n.describe()) == (7, "4 translated, 1 outdated, 2 missing")
    assert Counts(4, 1, 2) + Counts(10, 20, 30) == Counts(14, 21, 32)
    assert Counts() == Counts(0, 0, 0)


def test_localize_takes_summary_precaution_reasons_and_media_texts_item_by_item():
    """A precaution without a reason and a picture without alt text or caption keep their
    empty text: there was nothing to translate."""
    source = entry(summary="Opens the hips.",
                   precautions=[Precaution(condition="hip-replacement",
                                           reason="Turns the hip in."),
                                Precaution(condition="pregnancy")],
                   media=[MediaItem(url="https://example.org/a.jpg", caption="Start"),
                          MediaItem(url="https://example.org/b.jpg", alt="A kneeling coach")])
    t = translated(source, {"name": ["Ouverture de hanche"], "summary": ["Ouvre les hanches."],
                            "instructions": FRENCH,
                            "precautions": ["Fait tourner la hanche vers l'intérieur."],
                            "media.alt": ["Un coach à genoux"], "media.caption": ["Départ"]})
    out, fallback = localize(source, t)
    assert fallback == []
    assert (out.name, out.summary) == ("Ouverture de hanche", "Ouvre les hanches.")
    assert out.precautions == [
        Precaution(condition="hip-replacement",
                   reason="Fait tourner la hanche vers l'intérieur."),
        Precaution(condition="pregnancy")]
    assert [(m.url, m.alt, m.caption) for m in out.media] == [
        ("https://example.org/a.jpg", "", "Départ"),
        ("https://example.org/b.jpg", "Un coach à genoux", "")]


def test_a_copy_gets_the_translation_under_its_own_id_and_unpublished():
    source = entry()
    t = translated(source, {"instructions": FRENCH}).model_copy(update={"published": Publication(
        by="Dr. Kenji Morita", at=datetime(2026, 5, 1, tzinfo=UTC))})
    copy = follow(source, t, "hip-opener-2")
    assert (copy.entry, copy.published, copy.language, copy.by) == ("hip-opener-2", None,
                                                                    "fr", "Camille")
    assert copy.units == t.units


def test_with_texts_keeps_or_sets_who_and_when():
    source = entry()
    [name] = [s for s in align(source, None) if s.channel == "name"]
    texts = {("name", name.key): "Ouverture de hanche"}
    at = datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
    first = with_texts(source, None, "fr", texts)
    assert (first.by, first.updated) == ("", None)
    signed = with_texts(source, None, "fr", texts, by="Camille", at=at)
    assert (signed.by, signed.updated) == ("Camille", at)
    # A later change by nobody in particular keeps the translator; a named one replaces them.
    assert with_texts(source, signed, "fr", {}).by == "Camille"
    assert with_texts(source, signed, "fr", {}, by="Ana").by == "Ana"


def test_with_texts_names_the_item_the_entry_does_not_have():
    with pytest.raises(KeyError) as raised:
        with_texts(entry(), None, "fr", {("instructions", fingerprint(STEPS[0])): "x",
                                         ("instructions", "00000000"): "y"})
    assert raised.value.args == (("instructions", "00000000"),)


def test_translating_one_item_leaves_an_outdated_one_outdated():
    """A save keeps an outdated item's unit made from the old text, so it stays outdated
    (with its old translation) until it is translated again."""
    t = translated(entry(), {"instructions": FRENCH})
    edited = entry([STEPS[0], "Step the right foot well forward.", *STEPS[2:]])
    [name] = [s for s in align(edited, t) if s.channel == "name"]
    saved = with_texts(edited, t, "fr", {("name", name.key): "Ouverture de hanche"})
    assert saved.units["instructions"][1].source == STEPS[1]
    assert states_of(edited, saved)[1] == ("Step the right foot well forward.", "outdated",
                                           FRENCH[1])


def test_messages_of_current_and_missing_items_have_no_translation_or_previous_text():
    t = translated(entry(STEPS[:1]), {"instructions": FRENCH[:1]})
    messages = messages_for(entry(STEPS[:2]), align(entry(STEPS[:2]), t))
    assert [(m.source, m.text, m.fuzzy, m.previous) for m in messages] == [
        ("Hip Opener", "", False, ""), (STEPS[0], FRENCH[0], False, ""),
        (STEPS[1], "", False, "")]
    with pytest.raises(ValueError, match=r"^only: expected all, missing or outdated, "
                                         r"got 'fuzzy'$"):
        messages_for(entry(), align(entry(), None), "fuzzy")


@pytest.mark.parametrize(("old", "new", "expected"), [
    ("Hold for 8 reps.", "Hold for 8 slow reps.",
     [("=", "Hold for 8"), ("+", "slow"), ("=", "reps.")]),
    ("Hold for 8 slow reps.", "Hold for 8 reps.",
     [("=", "Hold for 8"), ("-", "slow"), ("=", "reps.")]),
    ("Rest on your knees and forearms.", "Rest on both elbows and forearms.",
     [("=", "Rest on"), ("-", "your knees"), ("+", "both elbows"), ("=", "and forearms.")]),
    # Spaces as written: a double space is part of the text, not a separator to collapse.
    ("Hold  for 8 reps.", "Hold  for 10 reps.",
     [("=", "Hold  for"), ("-", "8"), ("+", "10"), ("=", "reps.")]),
])
def test_source_diff_gives_runs_of_equal_removed_and_added_words(old, new, expected):
    assert source_diff(old, new) == expected


def test_source_diff_of_a_long_paragraph_still_shows_single_words():
    """Over 200 words difflib would by default treat frequent words ('to', five times here)
    as junk and report 'Eight to ten' -> 'Six to eight' as one change."""
    before = (
        "Cat-cow moves your spine through its two easy end ranges, one breath at a time, and it "
        "is one of the kindest ways to start a session or to undo a long day at a desk. Come "
        "onto your hands and knees on a mat or a folded blanket, with your wrists under your "
        "shoulders and your knees under your hips, and spread your fingers wide so the weight "
        "does not sink into the heel of the hand. As you breathe in, let your belly drop "
        "toward the floor, lift your chest and your tailbone, and look a little forward "
        "without pinching the back of the neck. As you breathe out, press the floor away, "
        "round your back toward the ceiling and let your head hang so the neck is long and "
        "soft. Move slowly enough that each part of the back has time to join in, from the "
        "tailbone up to the head, and keep the movement small if the lower back or the wrists "
        "complain. There is no prize for the deepest arch: the point is an easy, even rhythm "
        "that warms the spine and settles the breath.")
    after = ("slow rounds are plenty, and you can finish by sitting back onto your heels for a "
             "few quiet breaths before you stand up.")
    diff = source_diff(f"{before} Eight to ten {after}", f"{before} Six to eight {after}")
    assert diff == [("=", before), ("-", "Eight"), ("+", "Six"), ("=", "to"), ("-", "ten"),
                    ("+", "eight"), ("=", after)]


def sources_of(translation: Translation) -> dict[str, list[str]]:
    """Each channel's unit sources, as translation status reads them from the file."""
    return {channel: [u.source for u in units] for channel, units in translation.units.items()}


def test_count_sources_counts_each_channel_as_align_does():
    """Current channels at once, channels with no unit as missing, the rest item by item:
    a renamed entry's name is outdated, an edited step outdated, a new step missing."""
    source = entry(summary="Opens the hips.", tips=["Go slowly.", "Breathe."])
    t = translated(source, {"name": ["Ouverture de hanche"], "summary": ["Ouvre les hanches."],
                            "instructions": FRENCH})
    assert count_sources(source, sources_of(t)) == Counts(7, 0, 2)
    edited = source.model_copy(update={
        "name": "Kneeling Lunge", "overview": ["A lunge on one knee."],
        "instructions": [STEPS[0], "Step the right foot well forward.", "Tuck your tailbone.",
                         *STEPS[2:]]})
    assert count_sources(edited, sources_of(t)) == Counts(5, 2, 4)
    assert count_sources(edited, sources_of(t)) == count(align(edited, t))
    assert count_sources(edited, {}) == Counts(0, 0, 11)


@settings(max_examples=examples(60), deadline=None)
@given(st.lists(st.sampled_from(STEPS), max_size=5, unique=True), st.integers(0, 5),
       st.booleans())
def test_count_sources_agrees_with_align_through_any_edit(kept, at, rename):
    t = translated(entry(), {"name": ["Ouverture de hanche"], "instructions": FRENCH})
    changed = [*kept]
    changed.insert(at % (len(kept) + 1), "Press the floor away with both palms.")
    if kept:
        changed[-1] = changed[-1].rstrip(".") + " slowly."
    edited = entry(changed, tips=["Go slowly."])
    if rename:
        edited = edited.model_copy(update={"name": "Kneeling Lunge"})
    assert count_sources(edited, sources_of(t)) == count(align(edited, t))


def test_a_context_with_an_empty_part_is_not_ours():
    assert parse_context("|instructions|abc12345") is None
    assert parse_context("hip-opener|instructions|") is None
    assert parse_context("hip-opener||abc12345") is None


def test_setting_one_item_keeps_the_outdated_and_current_items_of_its_channel():
    """The other units of a channel given a new text stay as they were: an outdated one
    keeps the source it was made from, a current one its text."""
    source = entry()
    t = translated(source, {"instructions": FRENCH})
    edited = entry([STEPS[0] + " Slowly.", *STEPS[1:]])  # instruction 1 is now outdated
    states = align(edited, t)
    last = next(s for s in states if s.channel == "instructions" and s.source == STEPS[4])
    after = with_texts(edited, t, "fr", {("instructions", last.key): "Changez."})
    assert [(u.source, u.text) for u in after.units["instructions"]] == [
        (STEPS[0], FRENCH[0]), *zip(STEPS[1:4], FRENCH[1:4], strict=True),
        (STEPS[4], "Changez.")]
    assert states_of(edited, after) == [
        (STEPS[0] + " Slowly.", "outdated", FRENCH[0]),
        *[(s, "current", f) for s, f in zip(STEPS[1:4], FRENCH[1:4], strict=True)],
        (STEPS[4], "current", "Changez.")]


def test_a_channel_with_nothing_new_drops_the_units_of_removed_items_and_keeps_the_rest():
    source = entry()
    t = translated(source, {"name": ["Ouverture de hanche"], "instructions": FRENCH})
    shorter = entry([STEPS[0], *STEPS[2:]])  # instruction 2 removed
    name = next(s for s in align(shorter, t) if s.channel == "name")
    after = with_texts(shorter, t, "fr", {("name", name.key): "Ouvreur de hanche"})
    assert [(u.source, u.text) for u in after.units["instructions"]] == [
        (STEPS[0], FRENCH[0]), *zip(STEPS[2:], FRENCH[2:], strict=True)]
    assert after.units["name"][0].text == "Ouvreur de hanche"


def test_a_missing_item_beside_a_new_text_in_its_channel_stays_untranslated():
    """A channel given one new text keeps its translated items and makes no unit for an item
    that had no translation (an empty unit would count it translated)."""
    source = entry(STEPS[:3])
    t = with_texts(source, None, "fr", {
        ("instructions", keys_of(STEPS[:3])[0]): FRENCH[0],
        ("instructions", keys_of(STEPS[:3])[2]): FRENCH[2]})
    again = with_texts(source, t, "fr", {("instructions", keys_of(STEPS[:3])[0]): "Nouveau."})
    assert [(u.source, u.text) for u in again.units["instructions"]] == [
        (STEPS[0], "Nouveau."), (STEPS[2], FRENCH[2])]
    assert states_of(source, again)[1] == (STEPS[1], "missing", None)
