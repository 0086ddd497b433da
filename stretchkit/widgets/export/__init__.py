"""The export panel (panel.py) over an `ExportSession` (session.py, no widgets)."""
