"""Searching the library: word starts, plurals, ranking by where the words matched, and why.

On real data folders written through the library (and the shipped sample library).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stretchkit import Exercise, Library, validate_entry


def entry(entry_id: str, **fields) -> Exercise:
    return validate_entry({"id": entry_id, "name": entry_id.replace("-", " ").title(), **fields})


@pytest.fixture
def library(empty_data: Path) -> Library:
    library = Library(empty_data)
    for e in (
        # Named for the calf, and says little else.
        entry("wall-calf-stretch", goals=["pre-run"], instructions=["Lean into the wall."]),
        # Mentions calves in its summary (and its id sorts first).
        entry("ankle-rocker", summary="Rocks the knee over the toes to free the calves.",
              goals=["pre-squat"]),
        # Mentions the calf only deep in the text, and sorts before the others by id.
        entry("aa-deep-squat", goals=["pre-squat"],
              overview=["Sit deep between the heels; the hips, knees and a tight calf "
                        "each limit how low you go, which this hold shows at once."],
              faq=[{"question": "Where do I feel it?", "answer": "In the bone of the hip."}]),
        entry("one-leg-balance", goals=["warm-up"], tips=["Use a chair, or nothing."]),
        entry("hip-opener", goals=["mobility"], targets=["hips", "glutes"],
              cues=[{"text": "Knees out over the toes"}]),
    ):
        library.create(e)
    return library


def ids(entries) -> list[str]:
    return [getattr(e, "entry", e).id for e in entries]


def test_the_entry_named_for_the_word_comes_first_then_summary_then_the_rest(library):
    assert ids(library.filter(search="calf")) == ["wall-calf-stretch", "ankle-rocker",
                                                  "aa-deep-squat"]
    hits = library.search("calf")
    assert [(h.rank, h.field) for h in hits] == [(0, "name"), (1, "summary"), (2, "overview")]


def test_the_sample_library_lists_wall_calf_stretch_first_for_calf():
    hits = Library(Path(__file__).parents[2] / "data").filter(search="calf")
    assert hits[0].name == "Wall Calf Stretch"
    assert "deep-squat-hold" in ids(hits)  # still found: its text speaks of the calves


def test_a_word_matches_the_start_of_a_word_only(library):
    # "one" starts "one-leg-balance"'s name, but "bone" and "nothing" do not start with it
    assert ids(library.search("one")) == ["one-leg-balance"]
    assert ids(library.search("ip")) == []  # inside "hip" and "hips", starting none
    assert ids(library.search("squ")) == ["aa-deep-squat", "ankle-rocker"]  # prefixes count
    assert ids(library.search("SQUAT")) == ["aa-deep-squat", "ankle-rocker"]  # ignoring case


def test_singulars_find_plurals_and_back(library):
    assert "ankle-rocker" in ids(library.search("calf"))  # "calves" in the summary
    assert ids(library.search("calves")) == ["wall-calf-stretch", "ankle-rocker",
                                             "aa-deep-squat"]
    assert ids(library.search("hip")) == ["hip-opener", "aa-deep-squat"]
    assert ids(library.search("glute")) == ["hip-opener"]  # "glutes" among the targets
    assert ids(library.search("toes")) == ["ankle-rocker", "hip-opener"]


def test_every_word_must_match_somewhere(library):
    assert ids(library.search("calf wall")) == ["wall-calf-stretch"]
    assert ids(library.search("calf chair")) == []
    # each word may match a different field; the entry ranks by its weakest word
    [hit] = library.search("squat bone")
    assert (hit.entry.id, hit.rank, hit.field) == ("aa-deep-squat", 2, "faq")


def test_more_words_in_better_places_rank_higher_within_a_rank(library):
    # both match "squat" in the name or goals and "knee" only in the text, but the rocker's
    # knee is in its summary (rank 1) and the squat's in its overview (rank 2)
    assert ids(library.search("squat knee")) == ["ankle-rocker", "aa-deep-squat"]


def test_why_names_the_field_and_the_words_around_the_match(library):
    hits = {h.entry.id: h for h in library.search("calf")}
    assert hits["wall-calf-stretch"].why == ""  # the name says it
    assert hits["ankle-rocker"].why == "summary: Rocks the knee over the toes to free the calves."
    why = hits["aa-deep-squat"].why
    assert why.startswith("overview: ") and "tight calf" in why and len(why) < 110
    assert hits["aa-deep-squat"].text.startswith("Sit deep between the heels")
    assert library.search("pre-run")[0].why == "goals: pre-run"


def test_punctuation_around_words_is_ignored_and_a_blank_search_keeps_everything(library):
    assert ids(library.search("calf,")) == ids(library.search("calf"))
    assert ids(library.search("'wall'")) == ["wall-calf-stretch"]
    assert ids(library.filter(search="  ")) == ids(library.filter())
    assert ids(library.search("")) == library.ids()


def test_search_takes_the_other_filters(library):
    assert ids(library.search("calf", goals="pre-squat")) == ["ankle-rocker", "aa-deep-squat"]
    assert ids(library.filter(search="calf", goals="pre-run")) == ["wall-calf-stretch"]


def test_search_follows_saves(library):
    assert ids(library.search("chair")) == ["one-leg-balance"]
    library.save(library.get("hip-opener").model_copy(update={"summary": "Hold a chair."}))
    assert ids(library.search("chair")) == ["hip-opener", "one-leg-balance"]


def test_the_fields_are_searched_in_rank_order():
    from stretchkit.store.search import SEARCH_FIELDS, _field_items

    # the rank of a match is read from where it falls in the joined text, so the text must
    # run from the best fields to the rest
    assert [name for name, _ in _field_items(entry("x"))] == \
        [name for names in SEARCH_FIELDS for name in names]


def test_search_passes_every_filter_on(library):
    library.save(library.get("ankle-rocker").model_copy(
        update={"level": "intermediate", "targets": ["calves"], "goals": ["pre-squat", "pre-run"],
                "status": "in-review"}))
    assert ids(library.search("calf", goals=["pre-squat", "pre-run"], match="all")) == [
        "ankle-rocker"]
    assert ids(library.search("calf", status="draft")) == ["wall-calf-stretch", "aa-deep-squat"]
    assert ids(library.search("calf", level="intermediate")) == ["ankle-rocker"]
    assert ids(library.search("calf", target="calves")) == ["ankle-rocker"]
    # `filter` with a search passes every other filter on to `search`
    assert ids(library.filter(search="calf", goals=["pre-squat", "pre-run"], match="all")) == [
        "ankle-rocker"]
    assert ids(library.filter(search="calf", goals=["pre-squat", "pre-run"])) == [
        "wall-calf-stretch", "ankle-rocker", "aa-deep-squat"]
    assert ids(library.filter(search="calf", status="draft")) == ["wall-calf-stretch",
                                                                  "aa-deep-squat"]
    assert ids(library.filter(search="calf", level="intermediate")) == ["ankle-rocker"]
    assert ids(library.filter(search="calf", target="calves")) == ["ankle-rocker"]


def test_the_published_channel_is_searched_as_published_not_as_edited(sample_data: Path):
    library = Library(sample_data)
    live = library.published()[0].id
    library.save(library.get(live).model_copy(
        update={"summary": "Now mentions a zebracrossing that the live version never had."}))
    assert ids(library.search("zebracrossing")) == [live]  # indexes the working copy
    assert ids(library.search("zebracrossing", channel="published")) == []
    assert ids(library.search("zebracrossing")) == [live]
    assert ids(library.filter(search="zebracrossing", channel="published")) == []
    assert ids(library.filter(search="zebracrossing")) == [live]


def test_the_working_copies_are_indexed_once_and_the_published_channel_never_kept(
        sample_data: Path, monkeypatch):
    """A browser searches on every keystroke: each working copy is indexed on the first
    search only, again after it is saved; the live versions are indexed for each search (an
    index of the working copy must never answer for them)."""
    from stretchkit.store import search

    indexed: list[str] = []
    real = search._search_index

    def counting(entry):
        indexed.append(entry.id)
        return real(entry)

    monkeypatch.setattr(search, "_search_index", counting)
    library = Library(sample_data)
    everything = len(library)
    library.search("calf")
    assert len(indexed) == everything
    library.search("hamstring")
    assert len(indexed) == everything  # nothing indexed again
    library.save(library.get("cat-cow").model_copy(update={"summary": "Now with a calf."}))
    assert "cat-cow" in ids(library.search("calf"))
    assert indexed[everything:] == ["cat-cow"]  # only the saved entry is indexed again
    indexed.clear()
    live = len(library.published())
    library.search("calf", channel="published")
    library.search("calf", channel="published")
    assert len(indexed) == 2 * live
    library.search("calf")
    assert len(indexed) == 2 * live  # the working copies' indexes are still those
