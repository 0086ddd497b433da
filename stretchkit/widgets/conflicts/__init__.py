"""Finishing a git merge: both values of each conflicting field, side by side, a pick each."""
