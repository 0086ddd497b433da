"""The Media tab of the authoring app: upload a picture (pick a file or drop it on the upload
button), add an https link, and for each item its place, alt text, caption, licence, author
and source, with up, down and remove. The actions are the session's (`add_picture`,
`add_link`, `update_media`, `move_media`, `remove_media`); this tab only shows them.

Rows are rebuilt when the list changes (an item added, moved or removed, another entry
opened), not on each keystroke, so typing in a row keeps its focus.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import ipywidgets as w

from stretchkit.model.entry import MEDIA_ROLES
from stretchkit.model.licenses import licenses
from stretchkit.render.html import escape_html
from stretchkit.store.media import ACCEPTED_TEXT, MAX_BYTES
from stretchkit.widgets.authoring.session import AuthoringSession
from stretchkit.widgets.base import guarded
from stretchkit.widgets.panel import FULL, classed

TITLE = "Media"
ROLE_LABELS = {"main": "Main picture", "start": "Start position", "end": "End position",
               "step": "Step"}
HALF = w.Layout(width="49%", margin="2px 0")


class MediaTab:
    """The open entry's pictures and links; `add_to(tabs)` appends it to the form's tabs."""

    def __init__(self, session: AuthoringSession):
        self.session = session
        self.upload = classed(w.FileUpload(accept=".png,.jpg,.jpeg,.webp", multiple=False,
                                           description="Add a picture",
                                           tooltip=f"{ACCEPTED_TEXT}, at most "
                                                   f"{MAX_BYTES // 2**20} MB"), "sk-media-upload")
        self.link = classed(w.Text(placeholder="https://... a video page or a picture online",
                                   layout=w.Layout(width="60%")), "sk-media-link-input")
        self.link_kind = classed(w.Dropdown(options=[("Video", "video"), ("Picture", "image")],
                                            value="video", layout=w.Layout(width="8em")),
                                 "sk-media-link-kind")
        self.link_button = classed(w.Button(description="Add link",
                                            layout=w.Layout(width="auto")), "sk-media-add-link")
        self.hint = classed(w.HTML(
            f"<small>Pictures: {ACCEPTED_TEXT}, at most {MAX_BYTES // 2**20} MB; they are "
            "turned upright and stripped of camera and GPS data. Links: https only.</small>"),
            "sk-media-hint")
        self.errors = classed(w.HTML(""), "sk-media-errors", "sk-field-error")
        self.items = classed(w.VBox([], layout=FULL), "sk-media-items")
        self.rows: list[dict[str, w.Widget]] = []
        self._shown: list[tuple[Any, Any]] = []
        self._quiet = False
        self.upload.observe(self._guard(self._uploaded), "value")
        self.link_button.on_click(self._guard(lambda _b: self._add_link()))
        session.observe(self._guard(self._on_session))
        self.widget = classed(w.VBox([
            self.hint, self.upload,
            classed(w.HBox([self.link, self.link_kind, self.link_button]), "sk-media-links"),
            self.errors, self.items], layout=FULL), "sk-media", "sk-tab-page")
        self.show()

    def _guard(self, callback: Callable[..., Any]) -> Callable[..., None]:
        return guarded(callback, self.session.report)

    def add_to(self, tabs: w.Tab) -> None:
        tabs.children = (*tabs.children, self.widget)
        tabs.set_title(len(tabs.children) - 1, TITLE)

    # -- actions ----------------------------------------------------------------------------
    def _uploaded(self, change: dict) -> None:
        files = change["new"]
        if not files:
            return
        for upload in files:
            self.session.add_picture(bytes(upload["content"]), upload["name"])
        self.upload.value = ()  # ready for the next file

    def _add_link(self) -> None:
        if self.session.add_link(self.link.value, self.link_kind.value):
            self.link.value = ""

    # -- showing ----------------------------------------------------------------------------
    def _on_session(self, _reason: str) -> None:
        media = self.session.form.get("media", [])
        shape = [(m.get("file"), m.get("url")) for m in media]
        if shape != self._shown:
            self.show()
        else:
            self._show_errors()

    def show(self) -> None:
        """Build one row per media item of the draft."""
        media = self.session.form.get("media", [])
        self._shown = [(m.get("file"), m.get("url")) for m in media]
        self.rows = [self._row(i, m) for i, m in enumerate(media)]
        self.items.children = [r["box"] for r in self.rows] or [
            classed(w.HTML("<p>No pictures or videos yet.</p>"), "sk-media-empty")]
        self._show_errors()

    def _show_errors(self) -> None:
        messages = self.session.errors.get("media", [])
        html = "".join(f"<div>{escape_html(m)}</div>" for m in messages)
        if self.errors.value != html:
            self.errors.value = html

    def _thumbnail(self, item: dict) -> str:
        if item.get("file"):
            src = self.session.library.images(self.session.form["id"], item["file"])
            if src is None:  # a new id since upload: look where the picture was stored
                src = next((s for s in (self.session.library.images(e, item["file"])
                                        for e in self._folders()) if s), None)
            if src:
                return (f'<img src="{escape_html(src)}" alt="{escape_html(item.get("alt"))}" '
                        'style="max-width:9em;max-height:7em;border-radius:4px">')
            return "<span>picture missing</span>"
        return (f'<a href="{escape_html(item.get("url"))}" target="_blank" '
                f'rel="noopener noreferrer">{escape_html(item.get("kind"))} link</a>')

    def _folders(self) -> list[str]:
        root = self.session.library.root / "media"
        return sorted(p.name for p in root.iterdir() if p.is_dir()) if root.is_dir() else []

    def _row(self, index: int, item: dict) -> dict[str, w.Widget]:
        def field(key: str, widget: w.Widget) -> w.Widget:
            def changed(change: dict) -> None:
                value = change["new"]
                if key in ("license", "author", "source_url") and value == "":
                    value = None
                self.session.update_media(index, key, value)
            widget.observe(self._guard(changed), "value")
            return classed(widget, f"sk-media-{key.replace('_', '-')}")

        row = {
            "thumb": classed(w.HTML(self._thumbnail(item)), "sk-media-thumb"),
            "role": field("role", w.Dropdown(
                options=[(ROLE_LABELS[r], r) for r in MEDIA_ROLES], value=item.get("role"),
                layout=w.Layout(width="11em"))),
            "step": field("step", w.BoundedIntText(
                value=item.get("step") or 1, min=1, max=100, description="Step",
                layout=w.Layout(width="9em", display="" if item.get("role") == "step"
                                else "none"))),
            "alt": field("alt", w.Text(value=item.get("alt") or "", layout=FULL,
                                       placeholder="Alt text: what the picture shows")),
            "caption": field("caption", w.Text(value=item.get("caption") or "", layout=FULL,
                                               placeholder="Caption (optional)")),
            "license": field("license", w.Dropdown(
                options=[("Licence: choose", "")] + [(f"{x.id}: {x.label}", x.id)
                                                     for x in licenses().values()],
                value=item.get("license") if item.get("license") in licenses() else "",
                layout=HALF)),
            "author": field("author", w.Text(value=item.get("author") or "", layout=HALF,
                                             placeholder="Author (who made it)")),
            "source_url": field("source_url", w.Text(
                value=item.get("source_url") or "", layout=FULL,
                placeholder="Source: https://... where it comes from")),
            "up": classed(w.Button(description="Up", disabled=index == 0,
                                   layout=w.Layout(width="auto")), "sk-media-up"),
            "down": classed(w.Button(description="Down", layout=w.Layout(width="auto"),
                                     disabled=index == len(self.session.form["media"]) - 1),
                            "sk-media-down"),
            "remove": classed(w.Button(description="Remove", button_style="warning",
                                       layout=w.Layout(width="auto")), "sk-media-remove"),
        }
        row["role"].observe(self._guard(lambda change: setattr(
            row["step"].layout, "display", "" if change["new"] == "step" else "none")),
            "value")
        row["up"].on_click(self._guard(lambda _b: self.session.move_media(index, -1)))
        row["down"].on_click(self._guard(lambda _b: self.session.move_media(index, 1)))
        row["remove"].on_click(self._guard(lambda _b: self.session.remove_media(index)))
        fields = w.VBox([w.HBox([row["role"], row["step"], row["up"], row["down"],
                                 row["remove"]]),
                         row["alt"], row["caption"],
                         w.HBox([row["license"], row["author"]], layout=FULL),
                         row["source_url"]], layout=w.Layout(width="100%"))
        row["box"] = classed(w.HBox([row["thumb"], fields], layout=FULL), "sk-media-item")
        return row
