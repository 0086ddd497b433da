"""Draw the sample library's pictures: clean line drawings of each pose, made by this script.

They are the project's own work, licensed like the rest of the sample library (own-work: the
library's licence, CC-BY-4.0, credit "stretchkit sample library"). Each figure is a few
strokes between named joints, so a drawing is easy to correct: change a point and run

    .venv/bin/python tools/draw_samples.py OUT_FOLDER

which writes `<entry id>.png` for every pose below; `stretchkit media add` stores them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PIL import Image, ImageDraw

SIZE = (800, 560)
INK, ACCENT, FLOOR = (38, 52, 71), (13, 110, 160), (180, 188, 198)
LIMBS = [("head", "neck"), ("neck", "hip"), ("neck", "l_elbow"), ("l_elbow", "l_hand"),
         ("neck", "r_elbow"), ("r_elbow", "r_hand"), ("hip", "l_knee"), ("l_knee", "l_foot"),
         ("hip", "r_knee"), ("r_knee", "r_foot")]

#: Each pose: joint -> (x, y) on the 800 x 560 page (floor at y = 500), alt text, and extra
#: lines (a wall, a strap) as ((x1, y1), (x2, y2)).
POSES: dict[str, dict] = {
    "wall-calf-stretch": {
        "alt": "Line drawing: hands on a wall, front knee bent, back leg straight with the "
               "heel down",
        "joints": {"head": (520, 150), "neck": (500, 200), "hip": (400, 330),
                   "l_elbow": (570, 220), "l_hand": (640, 200), "r_elbow": (565, 235),
                   "r_hand": (640, 215), "l_knee": (480, 410), "l_foot": (500, 500),
                   "r_knee": (320, 415), "r_foot": (240, 500)},
        "extra": [((650, 60), (650, 500))]},
    "cat-cow": {
        "alt": "Line drawing: on hands and knees, the back rounded up toward the ceiling",
        "joints": {"head": (590, 300), "neck": (540, 270), "hip": (300, 270),
                   "l_elbow": (545, 390), "l_hand": (550, 500), "r_elbow": (535, 390),
                   "r_hand": (540, 500), "l_knee": (300, 500), "l_foot": (170, 500),
                   "r_knee": (290, 500), "r_foot": (160, 500)},
        "spine_bulge": -70},
    "childs-pose-lat-stretch": {
        "alt": "Line drawing: kneeling, hips back to the heels, chest low and arms reaching "
               "forward along the floor",
        "joints": {"head": (470, 455), "neck": (430, 440), "hip": (270, 400),
                   "l_elbow": (540, 480), "l_hand": (640, 495), "r_elbow": (535, 470),
                   "r_hand": (640, 485), "l_knee": (380, 500), "l_foot": (230, 500),
                   "r_knee": (370, 495), "r_foot": (220, 495)}},
    "glute-bridge": {
        "alt": "Line drawing: lying on the back, knees bent, hips lifted in a straight line "
               "from shoulders to knees",
        "joints": {"head": (170, 480), "neck": (220, 485), "hip": (400, 380),
                   "l_elbow": (300, 500), "l_hand": (380, 500), "r_elbow": (290, 495),
                   "r_hand": (370, 495), "l_knee": (530, 320), "l_foot": (560, 500),
                   "r_knee": (520, 325), "r_foot": (550, 500)}},
    "standing-quad-stretch": {
        "alt": "Line drawing: standing on one leg, one hand on a wall, the other hand "
               "holding the back foot toward the seat",
        "joints": {"head": (400, 90), "neck": (400, 140), "hip": (400, 300),
                   "l_elbow": (470, 190), "l_hand": (520, 170), "r_elbow": (350, 250),
                   "r_hand": (355, 320), "l_knee": (405, 400), "l_foot": (410, 500),
                   "r_knee": (395, 410), "r_foot": (355, 330)},
        "extra": [((540, 60), (540, 500))]},
    "seated-butterfly-stretch": {
        "alt": "Line drawing: seated tall, soles of the feet together, knees falling out to "
               "the sides",
        "joints": {"head": (400, 180), "neck": (400, 230), "hip": (400, 430),
                   "l_elbow": (450, 330), "l_hand": (420, 470), "r_elbow": (350, 330),
                   "r_hand": (380, 470), "l_knee": (560, 440), "l_foot": (415, 480),
                   "r_knee": (240, 440), "r_foot": (385, 480)}},
}

CREDIT = {"license": "own-work", "author": "stretchkit sample library"}


def draw(pose: dict) -> Image.Image:
    image = Image.new("RGB", SIZE, "white")
    pen = ImageDraw.Draw(image)
    pen.line([(40, 500), (760, 500)], fill=FLOOR, width=6)
    for start, end in pose.get("extra", []):
        pen.line([start, end], fill=FLOOR, width=8)
    joints = pose["joints"]
    for a, b in LIMBS:
        if (a, b) == ("neck", "hip") and pose.get("spine_bulge"):
            (x1, y1), (x2, y2) = joints[a], joints[b]
            mid = ((x1 + x2) / 2, (y1 + y2) / 2 + pose["spine_bulge"])
            pen.line([joints[a], mid, joints[b]], fill=INK, width=14, joint="curve")
            continue
        color = ACCENT if a.startswith(("l_", "r_")) or b.startswith(("l_", "r_")) else INK
        pen.line([joints[a], joints[b]], fill=color, width=14, joint="curve")
    for name, (x, y) in joints.items():
        r = 34 if name == "head" else 8
        pen.ellipse([x - r, y - r, x + r, y + r], fill="white" if name == "head" else INK,
                    outline=INK, width=10 if name == "head" else 1)
    return image


def main(out: str) -> int:
    folder = Path(out)
    folder.mkdir(parents=True, exist_ok=True)
    for entry_id, pose in POSES.items():
        draw(pose).save(folder / f"{entry_id}.png")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "build/sample-drawings"))
