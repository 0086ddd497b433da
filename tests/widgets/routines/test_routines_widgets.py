"""The routine builder driven from Python: the session's actions (suggest, reorder, swap,
dosage, save, card, follow-along) and the panel's widgets over them; a failure becomes a
message, never an exception in the page."""

from __future__ import annotations

import base64
import re

import pytest

from stretchkit import Library
from stretchkit.errors import EntryError, StretchkitError
from stretchkit.model.routine import within_budget
from stretchkit.model.timing import clock
from stretchkit.widgets import RoutinePanel, RoutineSession


@pytest.fixture
def session(sample_data) -> RoutineSession:
    s = RoutineSession(Library(sample_data), user="Tess Trainer")
    s.goals, s.minutes = ["pre-squat"], 8
    return s


def test_suggest_then_edit_and_the_total_follows(session):
    heard: list[str] = []
    session.observe(heard.append)
    assert session.total_line().startswith("No routine yet")
    assert session.suggest()
    assert heard[-1] == "routine" and session.tone == "ok"
    assert within_budget(session.total_seconds(), 8)
    assert session.total_line().endswith("(within 10%)")
    before = session.total_seconds()
    first = session.routine.items[0]
    session.set_dosage(0, sets=first.dosage.sets + 1)
    one_set = session.timing.work(first.dosage.model_copy(update={"sets": 1}),
                                  session.entry(0).kind)
    assert session.total_seconds() == before + one_set + session.timing.rest_between_sets_seconds
    assert session.total_seconds() == session.summary()["total_seconds"]
    with pytest.raises(EntryError, match=r"item 1 \(.*\): sets: Input should be less than "
                                         r"or equal to 10, got 11"):
        session.set_dosage(0, sets=11)
    ids = session.routine.entry_ids()
    session.move(0, +1)
    assert session.routine.entry_ids()[:2] == [ids[1], ids[0]] and session.selected == 1
    session.move(0, -1)  # already first: nothing moves
    assert session.routine.entry_ids()[:2] == [ids[1], ids[0]]
    session.remove(0)
    assert session.routine.entry_ids() == [ids[0], *ids[2:]]
    assert session.saved is False


def test_swap_offers_only_what_keeps_the_limits_and_puts_it_in(session):
    session.equipment = ["none", "mat", "wall"]
    session.level = "beginner"
    session.suggest()
    index = 0
    offered = session.alternatives(index)
    library = session.library
    for swap in offered:
        entry = library.get(swap.entry.id)
        assert entry.level == "beginner" and "pre-squat" in entry.goals
        assert entry.id not in session.routine.entry_ids()
    with pytest.raises(StretchkitError, match="is not an alternative for item 1"):
        session.swap(index, "couch-stretch")
    if offered:
        old = session.routine.items[index].entry
        session.swap(index, offered[0].entry.id)
        assert session.routine.items[index].entry == offered[0].entry.id
        assert session.message == f"Swapped {old} for {offered[0].entry.id}."


def test_refusals_are_messages(session):
    session.goals, session.minutes = ["pre-lunge"], 30
    session.level, session.equipment = "beginner", ["none"]
    assert session.suggest() is False
    assert session.tone == "warn"
    assert session.message.startswith("No routine: too few entries for 30 min of pre-lunge")
    assert session.routine is None
    assert session.save() is False and session.message.startswith("Nothing to save")


def test_save_picks_a_free_id_and_reopens(session, sample_data):
    session.suggest()
    session.rename("Pre-squat warm-up")  # the sample has this one already
    assert session.save()
    assert session.routine.id == "pre-squat-warm-up-2"
    assert session.message == ("Saved Pre-squat warm-up as routines/pre-squat-warm-up-2.json "
                               "in the data folder.")
    sample = Library(sample_data).routines.get("pre-squat-warm-up")
    assert sample.name == "Pre-squat warm-up" and sample.authors == ["Maya Okafor"]
    again = RoutineSession(Library(sample_data))
    again.open("pre-squat-warm-up-2")
    assert again.routine == session.routine and again.saved
    again.set_dosage(0, sets=2)
    assert again.save() and again.routine.id == "pre-squat-warm-up-2"  # its own file
    assert ("Pre-squat warm-up", "pre-squat-warm-up-2") in again.saved_routines()


def test_follow_along_counts_down_and_moves_on(session):
    session.suggest()
    seconds = session.item_seconds()
    state = session.follow_state()
    assert state["left"] == seconds[0] and state["place"].startswith("1 of ")
    assert state["next"] == session.entry(1).name
    session.tick(5)
    assert session.follow_state()["left"] == seconds[0] - 5
    session.tick(seconds[0])
    assert session.current == 1 and session.elapsed == 0
    session.previous_item()
    assert session.current == 0
    session.start(len(seconds) - 1)
    assert session.follow_state()["next"] == "Last one: well done after this"
    session.tick(10_000)
    assert session.current == len(seconds) - 1 and session.follow_state()["left"] == 0


def test_panel_suggest_swap_save_and_card(sample_data):
    panel = RoutinePanel(Library(sample_data), user="Tess Trainer")
    panel.goals.value = ["pre-squat"]
    panel.minutes.value = 8
    panel.equipment.value = ["none", "mat", "wall"]
    panel.suggest_button.click()
    s = panel.session
    assert panel.message.value.startswith("Suggested ")
    assert len(panel.items.children) == len(s.routine.items)
    assert panel.total.value == s.total_line()
    row = panel.items.children[0]
    assert "1. " in row.children[0].value and row.children[1].value
    row.children[4].click()  # Edit / swap
    assert panel.editor.layout.display == "" and s.selected == 0
    panel.sets.value = 2
    assert s.routine.items[0].dosage.sets == 2 and panel.total.value == s.total_line()
    if panel.swaps.value:
        chosen = panel.swaps.value
        panel.swap_button.click()
        assert s.routine.items[0].entry == chosen
    panel.items.children[1].children[2].click()  # ↑
    assert s.selected == 0
    panel.name.value = "Squat day"
    panel.save_button.click()
    assert s.saved and s.routine.id == "squat-day"
    assert ("Squat day", "squat-day") in panel.saved.options
    panel.card_button.click()
    href = re.search(r'href="data:text/html;base64,([^"]+)"', panel.card.value).group(1)
    page = base64.b64decode(href).decode("utf-8")
    assert "<h1>Squat day</h1>" in page
    assert s.entry(0).name in page
    panel.play.value = 3  # the browser's clock ticks
    assert s.elapsed == 3
    assert panel.clock.value == clock(s.item_seconds()[0] - 3)
    panel.next_button.click()
    assert s.current == 1 and panel.play.value == 0
    assert panel.now.value.startswith(f"2 of {len(s.routine.items)}: ")


def test_a_failing_callback_shows_a_message_not_a_traceback(sample_data):
    panel = RoutinePanel(Library(sample_data))
    panel.card_button.click()  # no routine yet
    assert panel.session.tone == "error"
    assert panel.message.value == "No routine yet: suggest one or open a saved one"
