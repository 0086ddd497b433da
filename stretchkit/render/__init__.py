"""Rendering: an entry as HTML a reader sees, escaped and sanitised, and the kit's stylesheets."""

from stretchkit.render.html import render_html

__all__ = ["render_html"]
