"""Rendering: an entry as HTML a reader sees, escaped and sanitised; every stylesheet of the kit
(styles.py)."""

from stretchkit.render.html import render_html

__all__ = ["render_html"]
