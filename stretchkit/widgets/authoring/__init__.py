"""The authoring app: a library browser, the entry form and a live preview over one
`AuthoringSession` (session.py, no widgets)."""
