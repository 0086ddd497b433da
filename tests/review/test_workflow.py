"""The review workflow: every transition, the rules around it, and review records on disk."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from stretchkit import ConflictError, Library, NotFoundError
from stretchkit.formats.entry_file import dump_entry
from stretchkit.model.entry import STATUSES
from stretchkit.review.checks import RULES, lint
from stretchkit.review.workflow import (
    CHECKLIST_FILE,
    MANUAL_ITEMS,
    QUEUE_ORDER,
    TRANSITIONS,
    ApprovalRefused,
    WorkflowError,
    allowed_next,
    change_status,
    checklist_from_dict,
    default_checklist,
    evaluate_checklist,
    load_checklist,
    review_queue,
)
from tests.conftest import SAMPLE_DATA

CONTRACT = {  # content-rules.md, written out again so a change to TRANSITIONS is noticed
    ("draft", "in-review"), ("in-review", "approved"), ("in-review", "changes-requested"),
    ("changes-requested", "in-review"), ("changes-requested", "draft"),
    ("approved", "published"), ("approved", "changes-requested"),
    ("published", "archived"), ("published", "changes-requested"), ("archived", "draft"),
}
PAIRS = [(a, b) for a in STATUSES for b in STATUSES if a != b]


#: Every manual checklist item ticked: what an approval needs.
ALL_TICKED = dict.fromkeys(MANUAL_ITEMS, True)


def entry_in(library: Library, status: str, **fields) -> str:
    """A clean sample entry put into `status` (written to its file, as test setup: a save
    may not approve or publish) and the library reloaded. 'approved' with no other field
    change is a real approval, so the entry has an approved version to publish."""
    entry = library.get("half-kneeling-hip-flexor-stretch")
    real_approval = status == "approved" and not fields
    changed = entry.model_copy(update={"status": "in-review" if real_approval else status,
                                       **fields})
    library.path_of(entry.id).write_bytes(dump_entry(changed))
    library.reload()
    if real_approval:
        change_status(library, entry.id, "approved", reviewer="Rui Reviewer",
                      checklist=ALL_TICKED)
    return entry.id


def test_transitions_are_the_contract():
    assert {(a, b) for a, nexts in TRANSITIONS.items() for b in nexts} == CONTRACT
    assert set(TRANSITIONS) == set(STATUSES)


@pytest.mark.parametrize("old, new", PAIRS)
def test_each_transition_is_allowed_or_refused(sample_data: Path, old: str, new: str):
    library = Library(sample_data)
    entry_id = entry_in(library, old)
    path = library.path_of(entry_id)
    before = path.read_bytes()
    reviews_before = len(library.get(entry_id).reviews)
    if (old, new) in CONTRACT:
        saved = change_status(library, entry_id, new, reviewer="Dana Coach",
                              comment="Looks right.", checklist=ALL_TICKED)
        assert saved.status == new
        reread = Library(sample_data).get(entry_id)
        assert reread.status == new and len(reread.reviews) == reviews_before + 1
        assert reread.reviews[-1].decision == new
    else:
        with pytest.raises(WorkflowError) as caught:
            change_status(library, entry_id, new, reviewer="Dana Coach", comment="Why not.")
        assert f"cannot go from {old!r} to {new!r}" in str(caught.value)
        assert " or ".join(repr(s) for s in allowed_next(old)) in str(caught.value)
        assert path.read_bytes() == before


def test_review_record_is_written_and_read_back(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review")
    start = datetime.now(UTC).replace(microsecond=0)
    change_status(library, entry_id, "changes-requested", reviewer="  Dana   Coach ",
                  comment="Clear and safe.\n", checklist={"accurate-anatomy": True,
                                                          "plain-language": True})
    stored = json.loads(library.path_of(entry_id).read_text(encoding="utf-8"))
    review = stored["reviews"][-1]
    assert review["reviewer"] == "Dana Coach"
    assert review["decision"] == "changes-requested"
    assert review["comment"] == "Clear and safe."
    assert set(review["checklist"]) == set(RULES) | set(MANUAL_ITEMS)
    assert all(review["checklist"][rule] for rule in RULES)  # the entry passes every check
    assert {k: review["checklist"][k] for k in MANUAL_ITEMS} == {
        "accurate-anatomy": True, "safe-for-level": False, "plain-language": True,
        "cues-match-steps": False}
    at = Library(sample_data).get(entry_id).reviews[-1].at
    assert start <= at <= datetime.now(UTC) + timedelta(seconds=1)


def test_automatic_items_come_from_the_checks_not_the_caller(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review")
    entry = library.get(entry_id)
    library.save(entry.model_copy(update={"overview": []}))  # a warning, not an error
    saved = change_status(library, entry_id, "approved", reviewer="Dana",
                          checklist={"overview-present": True, "placeholder": False,
                                     **ALL_TICKED})
    assert saved.reviews[-1].checklist["overview-present"] is False
    assert saved.reviews[-1].checklist["placeholder"] is True


def test_unknown_checklist_item_is_refused(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review")
    before = library.path_of(entry_id).read_bytes()
    with pytest.raises(WorkflowError, match=r"unknown item.*'acurate-anatomy'"):
        change_status(library, entry_id, "approved", reviewer="Dana",
                      checklist={"acurate-anatomy": True})
    assert library.path_of(entry_id).read_bytes() == before


@pytest.mark.parametrize("new", ["approved", "changes-requested"])
def test_reviewer_required(sample_data: Path, new: str):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review")
    with pytest.raises(WorkflowError, match=f"reviewer: a move to '{new}' needs the reviewer"):
        change_status(library, entry_id, new, reviewer="  ", comment="Fix the cues.")


def test_publish_needs_a_reviewer(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "approved")
    with pytest.raises(WorkflowError, match="reviewer"):
        change_status(library, entry_id, "published")


def test_changes_requested_needs_a_comment(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review")
    with pytest.raises(WorkflowError, match="comment: a move to 'changes-requested' needs"):
        change_status(library, entry_id, "changes-requested", reviewer="Dana", comment=" ")
    saved = change_status(library, entry_id, "changes-requested", reviewer="Dana",
                          comment="Add a breathing cue.")
    assert saved.reviews[-1].comment == "Add a breathing cue."


def test_submit_without_a_name_is_recorded_as_unknown(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "draft")
    assert change_status(library, entry_id, "in-review").reviews[-1].reviewer == "unknown"


def test_approval_refused_while_checks_find_errors(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review")
    entry = library.get(entry_id)
    library.save(entry.model_copy(update={"stop_signs": [], "cues": entry.cues[:1]}))
    before = library.path_of(entry_id).read_bytes()
    with pytest.raises(ApprovalRefused) as caught:
        change_status(library, entry_id, "approved", reviewer="Dana")
    assert {f.rule for f in caught.value.findings} >= {"stop-signs", "cue-phases"}
    assert "stop-signs: stop_signs:" in str(caught.value)
    assert library.path_of(entry_id).read_bytes() == before
    # sending it back is still possible
    assert change_status(library, entry_id, "changes-requested", reviewer="Dana",
                         comment="Add stop signs.").status == "changes-requested"


def test_publishing_also_runs_the_checks(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "approved", summary="TODO")
    with pytest.raises(ApprovalRefused, match="placeholder"):
        change_status(library, entry_id, "published", reviewer="Dana")


def test_a_file_changed_on_disk_is_not_overwritten(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review")
    other = Library(sample_data)
    other.save(other.get(entry_id).model_copy(update={"tips": ["Edited elsewhere."]}))
    with pytest.raises(ConflictError):
        change_status(library, entry_id, "approved", reviewer="Dana", checklist=ALL_TICKED)
    assert Library(sample_data).get(entry_id).tips == ["Edited elsewhere."]


def test_unknown_entry_and_unknown_status(sample_data: Path):
    library = Library(sample_data)
    with pytest.raises(NotFoundError):
        change_status(library, "no-such-entry", "in-review")
    with pytest.raises(WorkflowError, match="expected one of draft, in-review"):
        change_status(library, "cat-cow", "done")


def test_review_queue_puts_in_review_first_and_filters_by_goal(sample_data: Path):
    library = Library(sample_data)
    queue = review_queue(library)
    ranks = [QUEUE_ORDER.index(e.status) for e in queue]
    assert ranks == sorted(ranks) and queue[0].status == "in-review"
    assert len(queue) == len(library)
    pre_run = review_queue(library, goals="pre-run")
    assert pre_run and all("pre-run" in e.goals for e in pre_run)
    assert len(pre_run) < len(queue)


def test_review_queue_orders_names_within_a_status_ignoring_case(sample_data: Path):
    library = Library(sample_data)
    for entry_id, name in (("cat-cow", "zebra stretch"), ("deep-squat-hold", "Alpha Squat"),
                           ("90-90-hip-switch", "middle Hip")):
        entry = library.get(entry_id).model_copy(update={"name": name, "status": "in-review"})
        library.path_of(entry_id).write_bytes(dump_entry(entry))
    library.reload()
    in_review = [e.name for e in review_queue(library) if e.status == "in-review"]
    assert in_review == sorted(in_review, key=str.casefold)
    assert in_review[0] == "Alpha Squat" and in_review[-1] == "zebra stretch"


# -- the checklist template ------------------------------------------------------------------
def test_sample_template_covers_every_rule_and_the_manual_items():
    items = load_checklist(SAMPLE_DATA)
    auto = [i for i in items if i.kind == "auto"]
    manual = [i for i in items if i.kind == "manual"]
    assert [i.id for i in auto] == list(RULES)
    assert all(i.rule == i.id for i in auto)
    assert {i.id: i.label for i in manual} == MANUAL_ITEMS


def test_missing_template_falls_back_to_the_default(empty_data: Path):
    assert load_checklist(empty_data) == default_checklist()


def test_template_without_a_rule_still_lists_it(tmp_path: Path):
    path = tmp_path / CHECKLIST_FILE
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"items": [
        {"id": "stop-signs", "label": "Stop signs", "kind": "auto"},
        {"id": "ok-by-physio", "label": "A physio read it", "kind": "manual"}]}))
    ids = [i.id for i in load_checklist(tmp_path)]
    assert ids[:2] == ["stop-signs", "ok-by-physio"]
    assert set(ids) == set(RULES) | {"ok-by-physio"}


def test_broken_template_reports_every_item(tmp_path: Path):
    with pytest.raises(WorkflowError) as caught:
        checklist_from_dict({"items": [
            {"id": "x", "label": "X", "kind": "auto", "rule": "no-such-rule"},
            {"id": "y", "label": "", "kind": "manual"},
            {"id": "y", "label": "Y", "kind": "sometimes"},
            "z"]}, "review.json")
    lines = str(caught.value).splitlines()
    assert lines[0].startswith("review.json: items[0].rule: expected a content check id")
    assert lines[1] == "review.json: items[1].label: expected text, got ''"
    assert "review.json: items[2].id: 'y' appears twice" in lines
    assert "review.json: items[2].kind: expected 'auto' or 'manual', got 'sometimes'" in lines
    assert lines[-1] == "review.json: items[3]: expected an object, got str"


def test_unreadable_template_names_the_file(tmp_path: Path):
    path = tmp_path / CHECKLIST_FILE
    path.parent.mkdir(parents=True)
    path.write_text("{not json")
    with pytest.raises(WorkflowError, match=r"review\.json: cannot read the checklist"):
        load_checklist(tmp_path)


def test_evaluate_checklist_gives_reasons(sample_data: Path):
    library = Library(sample_data)
    entry = library.get("cat-cow").model_copy(update={"stop_signs": []})
    states = {s.item.id: s for s in evaluate_checklist(load_checklist(sample_data), lint(entry),
                                                       {"plain-language": True})}
    assert states["stop-signs"].ticked is False
    assert states["stop-signs"].reasons[0].startswith("error: stop_signs: expected at least")
    assert states["name-length"].ticked and states["name-length"].reasons == ("passes",)
    assert states["plain-language"].ticked and not states["accurate-anatomy"].ticked


# -- the exact words of each refusal (they name the entry, the field, expected and actual) -------
def refusal(action) -> str:
    with pytest.raises(WorkflowError) as caught:
        action()
    return str(caught.value)


@pytest.mark.parametrize(("status", "new", "reviewer", "comment", "message"), [
    ("draft", "done", "", "",
     "entry 'x': status: expected one of draft, in-review, changes-requested, approved, "
     "published, archived, got 'done'"),
    ("draft", "draft", "", "", "entry 'x': status: already 'draft'"),
    ("draft", "approved", "Rui", "",
     "entry 'x': status: cannot go from 'draft' to 'approved'; from 'draft' it may go to "
     "'in-review'"),
    ("in-review", "published", "Rui", "",
     "entry 'x': status: cannot go from 'in-review' to 'published'; from 'in-review' it may "
     "go to 'approved' or 'changes-requested'"),
    ("in-review", "approved", "  ", "",
     "entry 'x': reviewer: a move to 'approved' needs the reviewer's name, got none"),
    ("in-review", "approved", "unknown", "",
     "entry 'x': reviewer: a move to 'approved' needs the reviewer's name, got none"),
    ("in-review", "changes-requested", "Rui", " \n",
     "entry 'x': comment: a move to 'changes-requested' needs a comment saying what to "
     "change, got none"),
])
def test_each_refused_transition_says_exactly_why(status, new, reviewer, comment, message):
    from stretchkit.model.entry import Exercise
    from stretchkit.review.workflow import check_transition

    entry = Exercise(id="x", name="An entry", status=status)
    assert refusal(lambda: check_transition(entry, new, reviewer, comment)) == message


def test_a_transition_that_needs_nothing_more_passes():
    from stretchkit.model.entry import Exercise
    from stretchkit.review.workflow import check_transition

    assert check_transition(Exercise(id="x", name="An entry"), "in-review") is None
    assert check_transition(Exercise(id="x", name="An entry", status="changes-requested"),
                            "draft", "", "") is None


def test_no_reviewer_and_no_comment_given_are_none():
    """The defaults are no reviewer and no comment: a move that needs them is refused."""
    from stretchkit.model.entry import Exercise
    from stretchkit.review.workflow import check_transition

    in_review = Exercise(id="x", name="An entry", status="in-review")
    assert refusal(lambda: check_transition(in_review, "approved")) == (
        "entry 'x': reviewer: a move to 'approved' needs the reviewer's name, got none")
    assert refusal(lambda: check_transition(in_review, "changes-requested", "Rui")) == (
        "entry 'x': comment: a move to 'changes-requested' needs a comment saying what to "
        "change, got none")


def test_approval_refusals_name_the_unticked_items_and_the_author(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review")
    message = refusal(lambda: change_status(library, entry_id, "approved", reviewer="Rui",
                                            checklist={"plain-language": True}))
    assert message == (
        f"entry {entry_id!r}: checklist: approval needs every manual item ticked; not ticked: "
        "accurate-anatomy, safe-for-level, cues-match-steps (tick each one you checked, or "
        "all of them with --tick all)")
    library.save(library.get(entry_id).model_copy(update={"tips": ["Breathe out slowly."]}),
                 by="Ana Author")
    if library.get(entry_id).status != "in-review":
        change_status(library, entry_id, "in-review", reviewer="Ana Author")
    message = refusal(lambda: change_status(library, entry_id, "approved", reviewer="ana author",
                                            checklist=ALL_TICKED))
    assert library.is_live(entry_id)
    assert message == (
        f"entry {entry_id!r}: reviewer: 'ana author' changed this entry's content since it "
        "was last published, so someone else must approve it (changed by: Ana Author); a "
        f"one-person team can allow self-approval in {sample_data / 'stretchkit.json'}")
    # An entry never published: the authors so far, every one of them named.
    new = library.get(entry_id).model_copy(update={"id": "new-hip-flexor-stretch",
                                                   "status": "draft", "reviews": []})
    library.save(new, new=True, by="Ben Writer")
    library.save(library.get(new.id).model_copy(update={"tips": ["Exhale as you shift."]}),
                 by="Ana Author")
    change_status(library, new.id, "in-review", reviewer="Ana Author")
    message = refusal(lambda: change_status(library, new.id, "approved", reviewer="Ben Writer",
                                            checklist=ALL_TICKED))
    assert message == (
        "entry 'new-hip-flexor-stretch': reviewer: 'Ben Writer' changed this entry's content "
        "so far, so someone else must approve it (changed by: Ben Writer, Ana Author); a "
        f"one-person team can allow self-approval in {sample_data / 'stretchkit.json'}")


def test_publishing_without_an_approved_version_says_approve_first(sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "approved", reviews=[])  # approved by a hand edit only
    assert refusal(lambda: change_status(library, entry_id, "published", reviewer="Rui")) == (
        f"entry {entry_id!r}: status: no approved version to publish; approve it first")


def test_an_approval_record_without_a_version_cannot_be_published(sample_data: Path):
    from stretchkit.model.entry import Review, now

    library = Library(sample_data)
    old = Review(reviewer="Rui", at=now(), decision="approved", version=None)
    entry_id = entry_in(library, "approved", reviews=[old])
    assert refusal(lambda: change_status(library, entry_id, "published", reviewer="Rui")) == (
        f"entry {entry_id!r}: status: no approved version to publish; approve it first")


def test_checklist_refusals_list_unknown_ids_and_the_known_ones(sample_data: Path):
    from stretchkit.review.workflow import checklist_record

    template = load_checklist(sample_data)
    known = ", ".join(sorted(i.id for i in template))
    assert refusal(lambda: checklist_record(template, [], {"b-typo": True, "a-typo": False})) \
        == f"checklist: unknown item(s) 'a-typo', 'b-typo'; expected ids from: {known}"
    record = checklist_record(template, [], {"plain-language": True})
    assert record["plain-language"] is True and record["accurate-anatomy"] is False
    assert all(record[i.id] for i in template if i.kind == "auto")


def test_a_template_names_each_problem_of_each_item(tmp_path: Path):
    rules = ", ".join(RULES)
    message = refusal(lambda: checklist_from_dict({"items": [
        {"id": "a", "label": "A", "kind": "auto", "rule": "nope", "extra": 1, "more": 2},
        {"id": " ", "label": "B", "kind": "manual"},
        {"id": "c", "label": "C", "kind": "manual", "rule": "stop-signs"},
        {"id": "d", "label": None, "kind": "auto"},
    ]}, "t.json"))
    assert message.splitlines() == [
        "t.json: items[0]: unknown field(s) extra, more",
        f"t.json: items[0].rule: expected a content check id ({rules}), got 'nope'",
        "t.json: items[1].id: expected a non-empty id, got ' '",
        "t.json: items[2].rule: a manual item has no rule, got 'stop-signs'",
        "t.json: items[3].label: expected text, got None",
        f"t.json: items[3].rule: expected a content check id ({rules}), got 'd'",
    ]
    assert refusal(lambda: checklist_from_dict([], "t.json")) == (
        "t.json: expected an object with an 'items' list, got list")
    assert refusal(lambda: checklist_from_dict({"items": {}})) == (
        "checklist: expected an object with an 'items' list, got dict")
    [item] = checklist_from_dict({"items": [{"id": "stop-signs", "label": "S", "kind": "auto"}]})
    assert (item.id, item.label, item.kind, item.rule) == ("stop-signs", "S", "auto",
                                                          "stop-signs")


def test_automatic_items_give_every_finding_as_a_reason():
    from stretchkit.review.checks import Finding
    from stretchkit.review.workflow import ChecklistItem

    template = [ChecklistItem("stops", "Stop signs", "auto", "stop-signs"),
                ChecklistItem("key-cue", "Key cue", "auto", "key-cue"),
                ChecklistItem("physio", "A physio read it", "manual")]
    findings = [Finding("stop-signs", "error", "stop_signs", "expected one, got none"),
                Finding("stop-signs", "warning", "stop_signs[0]", "too vague")]
    states = evaluate_checklist(template, findings, None)
    assert [(s.item.id, s.ticked, s.reasons) for s in states] == [
        ("stops", False, ("error: stop_signs: expected one, got none",
                               "warning: stop_signs[0]: too vague")),
        ("key-cue", True, ("passes",)),
        ("physio", False, ()),
    ]
    assert evaluate_checklist(template, [], {"physio": True})[2].ticked is True


def test_a_decision_records_the_reviewer_and_a_new_time_and_never_new_content(
        sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review", updated=datetime(2020, 1, 1, tzinfo=UTC))
    before = library.get(entry_id)
    decided = change_status(library, entry_id, "changes-requested", reviewer="Rui Reviewer",
                            comment="The cues need a breathing one.")
    assert library.versions(entry_id)[-1].by == "Rui Reviewer"
    assert library.versions(entry_id)[-1].event == "decision"
    assert decided.updated > before.updated + timedelta(days=365)
    edited = library.get(entry_id).model_copy(update={"status": "in-review",
                                                      "tips": ["Sneaked in."]})
    assert refusal(lambda: library.decide(edited, by="Rui Reviewer")) == (
        f"entry {entry_id!r}: a decision cannot change the content; save the edit first")


def test_the_default_checklist_is_every_rule_then_the_four_manual_items():
    items = default_checklist()
    auto = [(i.id, i.label, i.kind, i.rule) for i in items[:len(RULES)]]
    assert auto == [(rule.id, rule.title, "auto", rule.id) for rule in RULES.values()]
    assert ("stop-signs", "Stop signs are listed", "auto", "stop-signs") in auto
    assert [(i.id, i.label, i.kind, i.rule) for i in items[len(RULES):]] == [
        ("accurate-anatomy", "Body areas and feel described are anatomically right", "manual",
         None),
        ("safe-for-level", "Safe for the stated level, with regressions for beginners",
         "manual", None),
        ("plain-language", "A reader can follow it without a coach there", "manual", None),
        ("cues-match-steps", "Cues match the instructions and dosage", "manual", None),
    ]


def test_change_status_refuses_a_request_without_a_comment_and_records_no_version(
        sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review")
    assert refusal(lambda: change_status(library, entry_id, "changes-requested",
                                         reviewer="Rui Reviewer")) == (
        f"entry {entry_id!r}: comment: a move to 'changes-requested' needs a comment saying "
        "what to change, got none")
    sent_back = change_status(library, entry_id, "changes-requested", reviewer="Rui Reviewer",
                              comment="Add a breathing cue.")
    assert sent_back.reviews[-1].version is None  # only approvals and publications name one
    saved = json.loads(library.path_of(entry_id).read_text(encoding="utf-8"))
    assert saved["reviews"][-1]["version"] is None


def test_an_approval_refused_by_the_checks_lists_every_error_on_its_own_line(
        sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "in-review", stop_signs=[], targets=[])
    with pytest.raises(ApprovalRefused) as caught:
        change_status(library, entry_id, "approved", reviewer="Rui Reviewer",
                      checklist=ALL_TICKED)
    bad = [f for f in lint(library.get(entry_id)) if f.is_error]
    assert str(caught.value) == (
        f"entry {entry_id!r}: status: cannot move to 'approved' while the content checks "
        f"find {len(bad)} error(s):\n" + "\n".join(f"  {f}" for f in bad))
    assert {f.rule for f in bad} >= {"stop-signs", "targets-present"}


def test_a_broken_template_file_is_named_in_each_problem(tmp_path: Path):
    path = tmp_path / CHECKLIST_FILE
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"items": [{"id": "x", "label": "X", "kind": "never"}]}),
                    encoding="utf-8")
    assert refusal(lambda: load_checklist(tmp_path)) == (
        f"{path}: items[0].kind: expected 'auto' or 'manual', got 'never'")


def test_publishing_names_the_approved_version_and_refuses_content_changed_since(
        sample_data: Path):
    library = Library(sample_data)
    entry_id = entry_in(library, "approved")
    approval = library.get(entry_id).reviews[-1]
    assert approval.decision == "approved" and approval.version is not None
    approved_bytes = library.path_of(entry_id).read_bytes()
    # Changed past the workflow (a hand edit that keeps the status): not what was approved.
    library.path_of(entry_id).write_bytes(dump_entry(library.get(entry_id).model_copy(
        update={"tips": ["A tip nobody reviewed."]})))
    library.reload()
    assert refusal(lambda: change_status(library, entry_id, "published", reviewer="Rui")) == (
        f"entry {entry_id!r}: status: the entry changed since version {approval.version} was "
        "approved; it needs a new review")
    library.path_of(entry_id).write_bytes(approved_bytes)
    library.reload()
    published = change_status(library, entry_id, "published", reviewer="Rui")
    assert [(r.decision, r.version) for r in published.reviews[-2:]] == [
        ("approved", approval.version), ("published", approval.version)]


def test_a_checklist_item_that_is_no_object_does_not_stop_the_report():
    message = refusal(lambda: checklist_from_dict({"items": [
        "z", {"id": "y", "label": "", "kind": "manual"}]}, "t.json"))
    assert message.splitlines() == ["t.json: items[0]: expected an object, got str",
                                    "t.json: items[1].label: expected text, got ''"]
