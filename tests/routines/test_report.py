"""The routine report and card: each item's time and the total, the key cue of each entry,
and nothing in an entry's or a routine's text becomes markup."""

from __future__ import annotations

from stretchkit.model import Cue, Exercise
from stretchkit.model.routine import ItemDosage, Routine, RoutineItem
from stretchkit.routines.report import key_cue, report_lines, routine_card_html, routine_report

HOSTILE = '<img src=x onerror="alert(1)">'


def _entries() -> dict[str, Exercise]:
    return {
        "a": Exercise(id="a", name=HOSTILE, position="standing", kind="dynamic-stretch",
                      cues=[Cue(text="Breathe out", phase="breathing"),
                            Cue(text=f"Knees soft {HOSTILE}", key=True)]),
        "b": Exercise(id="b", name="B & B", position="supine", instructions=["Lie down"]),
    }


ROUTINE = Routine(id="r", name=f"Morning {HOSTILE}", goals=["warm-up"], minutes=2,
                  notes=HOSTILE, items=[
                      RoutineItem(entry="a", dosage=ItemDosage(reps=10, sides="each"),
                                  note=HOSTILE),
                      RoutineItem(entry="b", dosage=ItemDosage(hold_seconds=20)),
                      RoutineItem(entry="gone", dosage=ItemDosage(reps=5))])


def test_key_cue_is_the_first_key_cue_else_the_first_cue_else_the_first_step():
    entries = _entries()
    assert key_cue(entries["a"]) == f"Knees soft {HOSTILE}"
    assert key_cue(entries["b"]) == "Lie down"
    assert key_cue(Exercise(id="c", name="C")) == "" and key_cue(None) == ""


def test_report_times_every_item_and_names_what_is_gone():
    report = routine_report(ROUTINE, _entries())
    assert [(i["entry"], i["seconds"], i["change_seconds"]) for i in report["items"]] == [
        ("a", 65, 10), ("b", 20, 22), ("gone", 15, 16)]  # up from lying to an unknown height
    assert report["total_seconds"] == 65 + 10 + 20 + 22 + 15 + 16
    assert report["items"][2]["name"] == "(missing entry gone)"
    assert report["problems"] == [
        "routine: items[2].entry: no entry 'gone' in the library (renamed or deleted?)",
        "routine: minutes: expected a total within 10% of 2 min (120 s), got 148 s"]
    lines = report_lines(report)
    assert lines[1].startswith(" 1.  1:05  ") and lines[1].endswith("10 reps, each side")
    assert lines[-3] == "total 2:28 (148 s, of which 48 s moving between items) for a 2:00 budget"


def test_the_card_shows_the_session_and_escapes_every_text():
    page = routine_card_html(ROUTINE, _entries())
    assert "<img" not in page.replace("&lt;img", "")
    # the title, the heading, the notes, the entry's name, its cue and the item's note
    assert page.count("&lt;img src=x onerror=&quot;alert(1)&quot;&gt;") == 6
    assert "B &amp; B" in page and "Knees soft" in page and "Lie down" in page
    assert '<td class="sk-routine-time">2:28</td>' in page
    assert page.startswith("<!DOCTYPE html>") and "@media print" in page
