"""A routine as a coach reads it: each item's time and the total (`routine_report`, the data
`stretchkit routine show --format json` prints), the same as lines of text, and the printable
routine card (`routine_card_html`: the session on one page, order, dosage, the key cue of each
entry, total time). Every piece of user text in the card goes through `escape_html`.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from stretchkit.model.entry import Exercise
from stretchkit.model.routine import Routine, check_routine, schedule_of
from stretchkit.model.timing import Timing, clock
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.render.html import escape_html as _e
from stretchkit.render.styles import ROUTINE_CARD_CSS


def key_cue(entry: Exercise | None) -> str:
    """The one line a coach says for an entry: its first key cue, else its first cue, else
    its first instruction ('' if it has none)."""
    if entry is None:
        return ""
    cue = next((c for c in entry.cues if c.key), None) or (entry.cues[0] if entry.cues
                                                           else None)
    if cue is not None:
        return cue.text
    return entry.instructions[0] if entry.instructions else ""


def routine_report(routine: Routine, entries: Mapping[str, Exercise], *,
                   timing: Timing | None = None, warnings: Sequence[str] = (),
                   where: str = "routine") -> dict[str, Any]:
    """The routine with its times: `id`, `name`, `goals`, `level`, `equipment`, `minutes`,
    `total_seconds`, `items` (each: `entry`, `name`, `seconds` of work, `change_seconds` before
    it, `dosage`, `dose` in words, `why`, `note`, `position`, `kind`, `key_cue`), `warnings`
    and `problems` (an entry archived or gone, a total off budget)."""
    schedule = schedule_of(routine, entries, timing)
    items = []
    for item, time in zip(routine.items, schedule.items, strict=True):
        entry = entries.get(item.entry)
        items.append({
            "entry": item.entry,
            "name": entry.name if entry else f"(missing entry {item.entry})",
            "seconds": time.work,
            "change_seconds": time.change,
            "dosage": item.dosage.model_dump(mode="json"),
            "dose": item.dosage.describe(),
            "why": item.why,
            "note": item.note,
            "position": entry.position if entry else None,
            "kind": entry.kind if entry else None,
            "key_cue": key_cue(entry),
        })
    return {
        "id": routine.id, "name": routine.name, "goals": list(routine.goals),
        "level": routine.level, "equipment": list(routine.equipment),
        "minutes": routine.minutes, "total_seconds": schedule.total, "items": items,
        "notes": routine.notes, "warnings": list(warnings),
        "problems": [str(p) for p in check_routine(routine, entries, where, timing)],
    }


def report_lines(report: Mapping[str, Any]) -> list[str]:
    """The report as text: a heading, one line per item (number, time, name, dosage, why),
    the total against the budget, then warnings and problems."""
    goals = ", ".join(report["goals"])
    lines = [f"{report['name']} ({report['id']}): {goals}, {report['minutes']} min"]
    width = max((len(i["name"]) for i in report["items"]), default=0)
    for number, item in enumerate(report["items"], 1):
        why = f"  — {item['why']}" if item["why"] else ""
        lines.append(f"{number:>2}. {clock(item['seconds']):>5}  {item['name']:<{width}}  "
                     f"{item['dose']}{why}")
    changes = sum(i["change_seconds"] for i in report["items"])
    lines.append(f"total {clock(report['total_seconds'])} ({report['total_seconds']} s, "
                 f"of which {changes} s moving between items) for a "
                 f"{report['minutes']}:00 budget")
    lines += [f"warning: {w}" for w in report["warnings"]]
    lines += [f"problem: {p}" for p in report["problems"]]
    return lines


def routine_card_html(routine: Routine, entries: Mapping[str, Exercise], *,
                      vocabulary: Vocabulary | None = None, timing: Timing | None = None
                      ) -> str:
    """A complete, printable HTML document: the routine on one page."""
    vocab = vocabulary or Vocabulary.default()
    report = routine_report(routine, entries, timing=timing)
    facts = [("Goals", ", ".join(vocab.label("goals", g) for g in routine.goals)),
             ("Level", vocab.label("levels", routine.level) if routine.level else "any"),
             ("Equipment", ", ".join(vocab.label("equipment", q) for q in routine.equipment)
              or "as listed"),
             ("Time", f"{clock(report['total_seconds'])} of {routine.minutes} min")]
    out = [f'<section class="sk-card sk-routine-card" data-routine="{_e(routine.id)}">'
           f"<h1>{_e(routine.name)}</h1>",
           '<div class="sk-card-facts">' + "".join(
               f"<span><b>{_e(k)}:</b> {_e(v)}</span>" for k, v in facts) + "</div>"]
    if routine.notes:
        out.append(f'<p class="sk-card-summary">{_e(routine.notes)}</p>')
    out.append("<table><thead><tr><th></th><th>Entry</th><th>Dosage</th>"
               '<th class="sk-routine-time">Time</th></tr></thead><tbody>')
    for number, item in enumerate(report["items"], 1):
        cue = f'<div class="sk-routine-cue">{_e(item["key_cue"])}</div>' \
            if item["key_cue"] else ""
        note = f'<div class="sk-routine-note">{_e(item["note"])}</div>' if item["note"] else ""
        out.append(f'<tr data-entry="{_e(item["entry"])}">'
                   f'<td class="sk-routine-num">{number}</td>'
                   f'<td><div class="sk-routine-name">{_e(item["name"])}</div>{cue}{note}</td>'
                   f'<td class="sk-routine-dose">{_e(item["dose"])}</td>'
                   f'<td class="sk-routine-time">{clock(item["seconds"])}</td></tr>')
    changes = sum(i["change_seconds"] for i in report["items"])
    out.append(f'<tr class="sk-routine-total"><td></td><td>Total, with {clock(changes)} to '
               f'move between items</td><td></td><td class="sk-routine-time">'
               f'{clock(report["total_seconds"])}</td></tr></tbody></table>')
    for problem in report["problems"]:
        out.append(f'<p class="sk-routine-warn">{_e(problem)}</p>')
    out.append(f'<div class="sk-card-foot">{_e(routine.id)}</div></section>')
    return ("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
            f"<title>{_e(routine.name)}</title><style>{ROUTINE_CARD_CSS}</style></head>"
            f"<body>{''.join(out)}</body></html>\n")
