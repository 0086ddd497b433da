"""Realistic generated libraries for the benchmarks.

Entries look like the sample library's: a name built from a position, a body area and a kind,
three to five overview paragraphs of a few sentences, six to ten instructions, tips, FAQ pairs,
a cue checklist, one to three goals, dosage, and for reviewed entries a review with a checklist.
The same seed gives the same library, so runs can be compared.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

from stretchkit.formats.csv_package import write_csv_package
from stretchkit.formats.entry_file import dump_entry
from stretchkit.model.entry import Exercise, validate_entry
from stretchkit.model.vocabulary import Vocabulary
from stretchkit.store.library import ENTRY_FOLDER

_WORDS = [
    "hip", "knee", "ankle", "spine", "chest", "shoulder", "breath", "exhale", "slowly",
    "gently", "steady", "long", "tall", "square", "pelvis", "heel", "toes", "mat", "floor",
    "wall", "strap", "reach", "fold", "hinge", "rotate", "open", "settle", "hold", "release",
    "control", "range", "tension", "stretch", "muscle", "front", "back", "side", "rear",
    "inner", "outer", "thigh", "calf", "glute", "keep", "avoid", "relax", "press", "lift",
    "lower", "return", "repeat", "balance", "weight", "shift", "posture", "neutral",
    "comfortable", "mild", "strong", "even", "smooth", "careful", "position", "angle",
    "depth", "pause", "stay", "ground",
]
_ADJECTIVES = ["Seated", "Standing", "Kneeling", "Supine", "Side-Lying", "Half-Kneeling",
               "Wall", "Strap", "Dynamic", "Active", "Assisted", "Deep", "Gentle", "Rocking"]
_MOVES = ["Stretch", "Opener", "Reach", "Fold", "Rotation", "Circles", "Lunge", "Hold",
          "Sweep", "Rock", "Twist", "Glide", "Pulse", "Flow"]
_STATUSES = ["draft"] * 3 + ["in-review"] * 2 + ["changes-requested", "approved"] \
    + ["published"] * 4 + ["archived"]
_CHECKLIST = ["cues complete", "safety reviewed", "dosage set", "goals fit", "language clear"]
_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)


def _sentence(rng: random.Random, low: int = 8, high: int = 22) -> str:
    words = rng.choices(_WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, sentences: tuple[int, int] = (3, 5)) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(*sentences)))


def generate_entry(rng: random.Random, number: int, vocabulary: Vocabulary) -> dict:
    """One realistic entry as plain JSON data (the shape of an entry file)."""
    area = rng.choice(vocabulary.terms("targets"))
    name = f"{rng.choice(_ADJECTIVES)} {area.label} {rng.choice(_MOVES)} {number}"
    created = _EPOCH + timedelta(minutes=rng.randint(0, 500_000))
    status = rng.choice(_STATUSES)
    reviews = []
    if status in ("approved", "published", "changes-requested"):
        reviews.append({
            "reviewer": rng.choice(["Ana Ruiz", "Sam Okafor", "Lee Chen"]),
            "at": (created + timedelta(days=rng.randint(1, 30))).isoformat(),
            "decision": "changes-requested" if status == "changes-requested" else "approved",
            "checklist": {item: rng.random() > 0.1 for item in _CHECKLIST},
            "comment": _sentence(rng) if rng.random() > 0.5 else "",
        })
    hold = rng.choice([None, (20, 30), (30, 45), (45, 60)])
    return {
        "id": "",  # derived from the name below
        "name": name,
        "summary": _sentence(rng, 8, 14),
        "overview": [_paragraph(rng) for _ in range(rng.randint(3, 5))],
        "instructions": [_sentence(rng, 10, 26) for _ in range(rng.randint(6, 10))],
        "tips": [_sentence(rng) for _ in range(rng.randint(3, 8))],
        "faq": [{"question": _sentence(rng, 5, 10)[:-1] + "?", "answer": _paragraph(rng, (1, 3))}
                for _ in range(rng.randint(3, 8))],
        "cues": [{"text": _sentence(rng, 3, 7), "phase": phase, "key": rng.random() > 0.6}
                 for phase in rng.sample(["setup", "execution", "breathing", "safety",
                                          "finish"], k=rng.randint(3, 5))],
        "goals": rng.sample(vocabulary.ids("goals"), k=rng.randint(1, 3)),
        "targets": [area.id, *rng.sample(vocabulary.ids("targets"), k=rng.randint(0, 2))],
        "position": rng.choice(vocabulary.ids("positions")),
        "kind": rng.choice(vocabulary.ids("kinds")),
        "level": rng.choice(vocabulary.ids("levels")),
        "equipment": rng.sample(vocabulary.ids("equipment"), k=rng.randint(0, 2)),
        "dosage": {"hold_seconds": hold, "breaths": rng.choice([None, 3, 5, 8]),
                   "reps": None if hold else rng.randint(5, 12),
                   "sides": rng.choice(["each", "both", "none"])},
        "regressions": [_sentence(rng) for _ in range(rng.randint(0, 3))],
        "progressions": [_sentence(rng) for _ in range(rng.randint(0, 3))],
        "common_mistakes": [_sentence(rng) for _ in range(rng.randint(1, 4))],
        "stop_signs": [_sentence(rng) for _ in range(rng.randint(1, 3))],
        "status": status,
        "reviews": reviews,
        "authors": [rng.choice(["Coach Mia", "Coach Tom", "Coach Ida"])],
        "source": None,
        "created": created.isoformat(),
        "updated": (created + timedelta(days=rng.randint(0, 60))).isoformat(),
    }


def generate_entries(count: int, seed: int = 2024,
                     vocabulary: Vocabulary | None = None) -> Iterator[Exercise]:
    """`count` validated entries with unique ids; the same seed gives the same entries."""
    vocab = vocabulary or Vocabulary.default()
    rng = random.Random(seed)
    for number in range(1, count + 1):
        yield validate_entry(generate_entry(rng, number, vocab), vocab)


def write_library(root: Path, count: int, seed: int = 2024) -> Path:
    """Write a data folder of `count` entry files under `root`; returns `root`."""
    folder = root / ENTRY_FOLDER
    folder.mkdir(parents=True, exist_ok=True)
    for entry in generate_entries(count, seed):
        (folder / f"{entry.id}.json").write_bytes(dump_entry(entry))
    return root


def library_folder(workdir: Path, count: int) -> Path:
    """The generated data folder of `count` entries in `workdir`, written on first use, so
    every benchmark module of one run measures the same files."""
    root = workdir / f"library-{count}"
    if not (root / ENTRY_FOLDER).is_dir():
        write_library(root, count)
    return root


def csv_package_folder(workdir: Path, count: int) -> Path:
    """A CSV export folder (`formats.csv_package`) of `count` generated entries in `workdir`,
    written on first use (the same entries as `library_folder(workdir, count)`)."""
    folder = workdir / f"csv-{count}"
    if not (folder / "datapackage.json").is_file():
        vocabulary = Vocabulary.default()
        write_csv_package(list(generate_entries(count, vocabulary=vocabulary)), folder,
                          vocabulary)
    return folder
