"""Review: the content checks, the editorial workflow with its checklist, and cue cards.
The dashboard (`review.dashboard`) needs pandas and matplotlib: import it by name."""

from stretchkit.review.checks import Finding, lint
from stretchkit.review.workflow import TRANSITIONS, change_status, review_queue

__all__ = ["TRANSITIONS", "Finding", "change_status", "lint", "review_queue"]
