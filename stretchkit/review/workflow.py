"""The editorial workflow: statuses, the transitions allowed between them, and review records.

Every status change goes through `change_status`, from the command line and from the review
panel alike: it checks the transition, the reviewer and the comment, runs the content checks
before approval and publication, appends a Review and saves through `Library.save` (so a file
changed on disk in the meantime is never overwritten).

The review checklist is data: `<data>/checklists/review.json` lists its items, automatic ones
(decided by a content check, `kind: "auto"`, the rule id) and manual ones a reviewer ticks.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from stretchkit.errors import ApprovalRefused, WorkflowError
from stretchkit.model.entry import STATUSES, Exercise, Review, now
from stretchkit.model.version import content_of, same_person
from stretchkit.review.checks import RULES, Finding, errors, lint
from stretchkit.store.history import authors_since_publication
from stretchkit.store.library import Library
from stretchkit.store.settings import SETTINGS_FILE, load_settings

#: Allowed next statuses, by current status (content-rules.md). The one place that says so.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "draft": ("in-review",),
    "in-review": ("approved", "changes-requested"),
    "changes-requested": ("in-review", "draft"),
    "approved": ("published", "changes-requested"),
    "published": ("archived", "changes-requested"),
    "archived": ("draft",),
}
#: Decisions a named reviewer must take (an author's own submit may be anonymous).
NEEDS_REVIEWER = frozenset({"approved", "changes-requested", "published"})
#: Decisions that must say why.
NEEDS_COMMENT = frozenset({"changes-requested"})
#: Decisions refused while the content checks find an error.
NEEDS_CLEAN_CHECKS = frozenset({"approved", "published"})
#: Recorded as the reviewer when a decision that needs no name is taken without one.
UNKNOWN_REVIEWER = "unknown"
#: The order of the review queue: what waits for a reviewer first.
QUEUE_ORDER = ("in-review", "approved", "changes-requested", "draft", "published", "archived")

CHECKLIST_FILE = Path("checklists") / "review.json"
MANUAL_ITEMS: dict[str, str] = {
    "accurate-anatomy": "Body areas and feel described are anatomically right",
    "safe-for-level": "Safe for the stated level, with regressions for beginners",
    "plain-language": "A reader can follow it without a coach there",
    "cues-match-steps": "Cues match the instructions and dosage",
}


def allowed_next(status: str) -> tuple[str, ...]:
    """The statuses an entry in `status` (one of STATUSES) may move to."""
    return TRANSITIONS[status]


def check_transition(entry: Exercise, new_status: str, reviewer: str = "",
                     comment: str = "") -> None:
    """Raise WorkflowError if `entry` may not move to `new_status` with this reviewer and
    comment (the content checks are `change_status`'s job)."""
    where = f"entry {entry.id!r}"
    if new_status not in STATUSES:
        raise WorkflowError(f"{where}: status: expected one of {', '.join(STATUSES)}, "
                            f"got {new_status!r}")
    if new_status == entry.status:
        raise WorkflowError(f"{where}: status: already {new_status!r}")
    allowed = allowed_next(entry.status)
    if new_status not in allowed:
        raise WorkflowError(
            f"{where}: status: cannot go from {entry.status!r} to {new_status!r}; "
            f"from {entry.status!r} it may go to {' or '.join(repr(s) for s in allowed)}")
    if new_status in NEEDS_REVIEWER and reviewer.strip() in ("", UNKNOWN_REVIEWER):
        raise WorkflowError(f"{where}: reviewer: a move to {new_status!r} needs the reviewer's "
                            "name, got none")
    if new_status in NEEDS_COMMENT and not comment.strip():
        raise WorkflowError(f"{where}: comment: a move to {new_status!r} needs a comment "
                            "saying what to change, got none")


def change_status(library: Library, entry_id: str, new_status: str, reviewer: str = "",
                  comment: str = "", checklist: Mapping[str, bool] | None = None) -> Exercise:
    """Move an entry to `new_status`, record the decision in its reviews, save, return it.

    `checklist` holds the manual items the reviewer ticked (item id -> bool); automatic items
    are always decided by the content checks, whatever is passed for them. Raises
    WorkflowError (ApprovalRefused when checks fail), NotFoundError or ConflictError; nothing
    is written unless every check passes.
    """
    entry = library.get(entry_id)
    check_transition(entry, new_status, reviewer, comment)
    findings = lint(entry)
    bad = errors(findings) if new_status in NEEDS_CLEAN_CHECKS else []
    if bad:
        lines = [f"  {f}" for f in bad]
        raise ApprovalRefused(
            f"entry {entry.id!r}: status: cannot move to {new_status!r} while the content "
            f"checks find {len(bad)} error(s):\n" + "\n".join(lines), bad)
    template = load_checklist(library.root)
    record = checklist_record(template, findings, checklist or {})
    name = " ".join(reviewer.split()) or UNKNOWN_REVIEWER
    version = None
    if new_status == "approved":
        _check_approval(library, entry, name, template, record)
        version = library.head(entry.id)
    elif new_status == "published":
        version = _approved_version(library, entry)
    review = Review(reviewer=name, at=now(), decision=new_status, checklist=record,
                    comment=comment.strip(), version=version)
    changed = entry.model_copy(update={"status": new_status,
                                       "reviews": [*entry.reviews, review]})
    return library.decide(changed, by=name)


def _check_approval(library: Library, entry: Exercise, reviewer: str,
                    template: list[ChecklistItem], record: dict[str, bool]) -> None:
    """An approval needs every manual checklist item ticked, and (unless the folder's
    settings allow it) a reviewer who did not change the content since it was last
    published: workflow decisions are not authorship, so submitting does not count."""
    where = f"entry {entry.id!r}"
    unticked = [i.id for i in template if i.kind == "manual" and not record.get(i.id)]
    if unticked:
        raise WorkflowError(f"{where}: checklist: approval needs every manual item ticked; "
                            f"not ticked: {', '.join(unticked)} (tick each one you checked, "
                            "or all of them with --tick all)")
    if load_settings(library.root).allow_self_approval:
        return
    authors = authors_since_publication(library.history.versions(entry.id))
    if any(same_person(reviewer, author) for author in authors):
        since = "since it was last published" if library.is_live(entry.id) else "so far"
        raise WorkflowError(
            f"{where}: reviewer: {reviewer!r} changed this entry's content {since}, so "
            f"someone else must approve it (changed by: {', '.join(authors)}); a one-person "
            f"team can allow self-approval in {library.root / SETTINGS_FILE}")


def _approved_version(library: Library, entry: Exercise) -> str:
    """The version the last approval names; refused if the working copy differs from it."""
    where = f"entry {entry.id!r}"
    approval = next((r for r in reversed(entry.reviews) if r.decision == "approved"), None)
    if approval is None or approval.version is None:
        raise WorkflowError(f"{where}: status: no approved version to publish; approve it "
                            "first")
    approved = library.history.resolve(entry.id, approval.version)
    if content_of(approved.entry) != content_of(entry):
        raise WorkflowError(f"{where}: status: the entry changed since version "
                            f"{approval.version} was approved; it needs a new review")
    return approval.version


def review_queue(library: Library, goals: str | list[str] | None = None,
                 statuses: tuple[str, ...] = QUEUE_ORDER) -> list[Exercise]:
    """Entries for a reviewer: in-review first (then approved, changes-requested, ...), each
    group by name; `goals` keeps entries with any of them."""
    rank = {status: i for i, status in enumerate(statuses)}
    entries = [e for e in library.filter(goals=goals or None) if e.status in rank]
    return sorted(entries, key=lambda e: (rank[e.status], e.name.casefold(), e.id))


# -- the review checklist --------------------------------------------------------------------
@dataclass(frozen=True)
class ChecklistItem:
    id: str
    label: str
    kind: Literal["auto", "manual"]
    rule: str | None = None


@dataclass(frozen=True)
class ItemState:
    """One checklist line for one entry: ticked or not, and why (the check's findings)."""

    item: ChecklistItem
    ticked: bool
    reasons: tuple[str, ...] = ()


def default_checklist() -> list[ChecklistItem]:
    """Every rule as an automatic item, then the four manual items."""
    auto = [ChecklistItem(r.id, r.title, "auto", r.id) for r in RULES.values()]
    return auto + [ChecklistItem(i, label, "manual") for i, label in MANUAL_ITEMS.items()]


def checklist_from_dict(data: Any, where: str = "checklist") -> list[ChecklistItem]:
    """Parse a checklist template; every problem is reported at once, naming the item."""
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise WorkflowError(f"{where}: expected an object with an 'items' list, "
                            f"got {type(data).__name__}")
    items, problems, seen = [], [], set()
    for n, raw in enumerate(data["items"]):
        here = f"{where}: items[{n}]"
        if not isinstance(raw, dict):
            problems.append(f"{here}: expected an object, got {type(raw).__name__}")
            continue
        unknown = set(raw) - {"id", "label", "kind", "rule"}
        if unknown:
            problems.append(f"{here}: unknown field(s) {', '.join(sorted(unknown))}")
        item_id, label, kind = raw.get("id"), raw.get("label"), raw.get("kind")
        rule = raw.get("rule", item_id if kind == "auto" else None)
        if not isinstance(item_id, str) or not item_id.strip():
            problems.append(f"{here}.id: expected a non-empty id, got {item_id!r}")
            continue
        if item_id in seen:
            problems.append(f"{here}.id: {item_id!r} appears twice")
        seen.add(item_id)
        if not isinstance(label, str) or not label.strip():
            problems.append(f"{here}.label: expected text, got {label!r}")
        if kind not in ("auto", "manual"):
            problems.append(f"{here}.kind: expected 'auto' or 'manual', got {kind!r}")
        elif kind == "auto" and rule not in RULES:
            problems.append(f"{here}.rule: expected a content check id "
                            f"({', '.join(RULES)}), got {rule!r}")
        elif kind == "manual" and rule is not None:
            problems.append(f"{here}.rule: a manual item has no rule, got {rule!r}")
        items.append(ChecklistItem(item_id, str(label), kind, rule))
    if problems:
        raise WorkflowError("\n".join(problems))
    return items


def load_checklist(root: str | os.PathLike[str]) -> list[ChecklistItem]:
    """The checklist template of a data folder (`checklists/review.json`), else the default.

    Rules the template leaves out are appended as automatic items, so the checklist always
    shows every check that can block approval.
    """
    path = Path(root) / CHECKLIST_FILE
    if not path.exists():
        return default_checklist()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise WorkflowError(f"{path}: cannot read the checklist: {exc}") from None
    items = checklist_from_dict(data, str(path))
    covered = {i.rule for i in items if i.kind == "auto"}
    return items + [i for i in default_checklist() if i.kind == "auto" and i.id not in covered]


def evaluate_checklist(template: list[ChecklistItem], findings: list[Finding],
                       ticks: Mapping[str, bool] | None = None) -> list[ItemState]:
    """Each item's state: automatic items ticked when their rule found nothing (the finding
    messages are the reasons otherwise); manual items as the reviewer ticked them."""
    ticks = ticks or {}
    by_rule: dict[str, list[Finding]] = {}
    for finding in findings:
        by_rule.setdefault(finding.rule, []).append(finding)
    states = []
    for item in template:
        if item.kind == "auto":
            found = by_rule.get(item.rule or item.id, [])
            reasons = tuple(f"{f.severity}: {f.field}: {f.message}" for f in found)
            states.append(ItemState(item, not found, reasons or ("passes",)))
        else:
            states.append(ItemState(item, bool(ticks.get(item.id))))
    return states


def checklist_record(template: list[ChecklistItem], findings: list[Finding],
                     ticks: Mapping[str, bool]) -> dict[str, bool]:
    """The `checklist` of a Review: every item id -> ticked. Refuses ids not in the
    template, so a typo never records a tick that nobody sees."""
    known = {i.id for i in template}
    unknown = sorted(set(ticks) - known)
    if unknown:
        raise WorkflowError(f"checklist: unknown item(s) {', '.join(map(repr, unknown))}; "
                            f"expected ids from: {', '.join(sorted(known))}")
    return {s.item.id: s.ticked for s in evaluate_checklist(template, findings, ticks)}
