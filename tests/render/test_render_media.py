"""Pictures and video links in the preview and on the cue card: where they show, their
credits, and nothing that runs."""

from __future__ import annotations

import base64
import io

from PIL import Image

from stretchkit import Library, render_html
from stretchkit.model import MediaItem, new_draft
from stretchkit.render.html import render_body
from stretchkit.review.cards import cue_card_html
from tests.render.test_render import outline, parse

HOSTILE = '"><img src=x onerror=alert(1)><script>alert(2)</script>'


def picture(**fields) -> MediaItem:
    return MediaItem(**{"file": "0123456789abcdef.png", "alt": "Start position",
                        "license": "CC-BY-4.0", "author": "Ana Lee", **fields})


def entry_with(*items: MediaItem, steps=("Stand tall.", "Step back.")):
    return new_draft("Wall Calf Stretch").model_copy(
        update={"media": list(items), "instructions": list(steps)})


def test_main_step_and_video_show_where_they_belong_with_credits():
    entry = entry_with(picture(), picture(file="1111111111111111.png", role="step", step=2,
                                          alt="Back leg straight"),
                       MediaItem(kind="video", url="https://video.example.org/w?v=1",
                                 alt="Follow along", license="CC0-1.0"))
    tree = parse(render_html(entry))
    images = [attrs for tag, attrs in tree.tags if tag == "img"]
    assert [(i["src"], i["alt"]) for i in images] == [
        ("media/wall-calf-stretch/0123456789abcdef.png", "Start position"),
        ("media/wall-calf-stretch/1111111111111111.png", "Back leg straight")]
    text = "".join(tree.text)
    assert text.index("Ana Lee") < text.index("Instructions") < text.index("Step back.")
    assert "Ana Lee, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)" in text
    links = [attrs["href"] for tag, attrs in tree.tags if tag == "a"]
    assert "https://video.example.org/w?v=1" in links
    assert not any(tag in ("iframe", "script", "video", "object", "embed")
                   for tag, _ in tree.tags)


def test_hostile_alt_text_caption_and_author_stay_text():
    entry = entry_with(picture(alt=HOSTILE, caption="<script>alert(3)</script>",
                               author="<b onmouseover=alert(4)>x</b>"))
    for html in (render_html(entry), cue_card_html(entry)):
        tree = parse(html)
        assert not any(tag == "script" or any(k.startswith("on") for k in attrs)
                       for tag, attrs in tree.tags)
        assert "<script>alert(3)</script>" in "".join(tree.text)


def test_only_picture_data_may_be_embedded():
    def source(entry_id, name):
        return "data:text/html;base64,PHNjcmlwdD4="
    tree = parse(render_html(entry_with(picture()), images=source))
    [img] = [attrs for tag, attrs in tree.tags if tag == "img"]
    assert "src" not in img


def test_the_library_embeds_thumbnails_so_no_file_server_is_needed(empty_data):
    out = io.BytesIO()
    Image.new("RGB", (900, 600), (20, 140, 90)).save(out, "PNG")
    library = Library(empty_data, user="Ana Author")
    library.create(new_draft("Wall Calf Stretch"))
    entry = library.add_media("wall-calf-stretch", out.getvalue(), alt="Start",
                              license="CC0-1.0")
    for html in (render_html(entry, images=library.images),
                 cue_card_html(entry, images=library.images)):
        [img] = [attrs for tag, attrs in parse(html).tags if tag == "img"]
        assert img["src"].startswith("data:image/png;base64,")
        thumb = Image.open(io.BytesIO(base64.b64decode(img["src"].split(",", 1)[1])))
        assert thumb.size == (480, 320)


def test_a_missing_file_says_so_instead_of_a_broken_picture(empty_data):
    library = Library(empty_data)
    html = render_html(entry_with(picture()), images=library.images)
    assert "<img" not in html and "picture missing: Start position" in html


def test_every_place_a_picture_or_video_goes_is_exactly_this_outline():
    def images(entry_id, name):  # a picture whose file is gone gives no source
        return None if name.startswith("2222") else f"pics/{entry_id}/{name}"

    entry = entry_with(
        picture(caption="Side view"),
        picture(file="aaaaaaaaaaaaaaaa.png", role="start", alt="Start: feet apart"),
        picture(file="bbbbbbbbbbbbbbbb.png", role="end", alt="End: heel down"),
        picture(file="1111111111111111.png", role="step", step=2, alt="Back leg straight"),
        picture(file="2222222222222222.png", role="step", step=2, alt=""),
        picture(file="3333333333333333.png", role="step", step=5, alt="Beyond the list"),
        MediaItem(kind="video", url="https://video.example.org/w?v=1", alt="Follow along",
                  license="CC0-1.0"),
        MediaItem(kind="video", url="https://video.example.org/w?v=2", caption="Coach's demo",
                  license="CC0-1.0"),
        MediaItem(kind="video", url="https://video.example.org/w?v=3", license="CC0-1.0"),
        MediaItem(kind="image", url="https://img.example.org/p.png", role="start",
                  license="CC0-1.0"))
    assert outline(render_body(entry, images=images)) == """\
article.sk-entry
  header
    h1 'Wall Calf Stretch'
  div.sk-figures.sk-main-figure
    figure.sk-figure
      img src=pics/wall-calf-stretch/0123456789abcdef.png alt=Start position loading=lazy
      figcaption
        span.sk-caption 'Side view' ' · '
        span.sk-credit 'Ana Lee, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)'
  h2 'Positions'
  div.sk-figures
    figure.sk-figure
      img src=pics/wall-calf-stretch/aaaaaaaaaaaaaaaa.png alt=Start: feet apart loading=lazy
      figcaption
        span.sk-credit 'Ana Lee, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)'
    figure.sk-figure
      img src=pics/wall-calf-stretch/bbbbbbbbbbbbbbbb.png alt=End: heel down loading=lazy
      figcaption
        span.sk-credit 'Ana Lee, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)'
    figure.sk-figure
      a.sk-media-link href=https://img.example.org/p.png 'Picture' ' '
      span.sk-chip 'picture'
      figcaption
        span.sk-credit 'author not given, CC0-1.0 (https://creativecommons.org/publicdomain/zero/1.0/)'
  h2 'Instructions'
  ol
    li 'Stand tall.'
    li 'Step back.'
      div.sk-step-figures
        figure.sk-figure
          img src=pics/wall-calf-stretch/1111111111111111.png alt=Back leg straight loading=lazy
          figcaption
            span.sk-credit 'Ana Lee, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)'
        figure.sk-figure
          span.sk-missing 'picture missing: 2222222222222222.png'
          figcaption
            span.sk-credit 'Ana Lee, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)'
  div.sk-figures
    figure.sk-figure
      img src=pics/wall-calf-stretch/3333333333333333.png alt=Beyond the list loading=lazy
      figcaption
        span.sk-credit 'Ana Lee, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)'
  h2 'Video'
  div.sk-figures
    figure.sk-figure
      a.sk-media-link href=https://video.example.org/w?v=1 'Follow along' ' '
      span.sk-chip 'video'
      figcaption
        span.sk-credit 'author not given, CC0-1.0 (https://creativecommons.org/publicdomain/zero/1.0/)'
    figure.sk-figure
      a.sk-media-link href=https://video.example.org/w?v=2 "Coach's demo" ' '
      span.sk-chip 'video'
      figcaption
        span.sk-caption "Coach's demo" ' · '
        span.sk-credit 'author not given, CC0-1.0 (https://creativecommons.org/publicdomain/zero/1.0/)'
    figure.sk-figure
      a.sk-media-link href=https://video.example.org/w?v=3 'Video' ' '
      span.sk-chip 'video'
      figcaption
        span.sk-credit 'author not given, CC0-1.0 (https://creativecommons.org/publicdomain/zero/1.0/)'"""


def test_step_pictures_without_instructions_get_a_steps_section():
    entry = entry_with(picture(file="1111111111111111.png", role="step", step=1, alt="First"),
                       steps=())
    assert outline(render_body(entry, images=lambda i, name: f"pics/{i}/{name}")) == """\
article.sk-entry
  header
    h1 'Wall Calf Stretch'
  h2 'Steps'
  ol
  div.sk-figures
    figure.sk-figure
      img src=pics/wall-calf-stretch/1111111111111111.png alt=First loading=lazy
      figcaption
        span.sk-credit 'Ana Lee, CC-BY-4.0 (https://creativecommons.org/licenses/by/4.0/)'"""
