"""The review panel (panel.py) over a `ReviewSession` (session.py, no widgets)."""
