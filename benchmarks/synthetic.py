"""Seeded synthetic libraries for benchmarks: realistic lengths, Zipf-like word frequencies.

Files are named like the real corpus (``publisher_YYYY-MM-DD_slug.txt``) so dates vary, and the
same seed always gives the same library, so runs can be compared.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from itertools import accumulate
from pathlib import Path

SOURCES = ["wire", "herald", "gazette", "tribune", "courier", "observer", "chronicle"]
_SYLLABLES = [
    "ka",
    "zak",
    "stan",
    "pu",
    "tin",
    "mos",
    "cow",
    "al",
    "ma",
    "ty",
    "ri",
    "ot",
    "gov",
    "ern",
    "ment",
    "pro",
    "test",
    "tro",
    "ops",
    "se",
    "cu",
    "rity",
    "lea",
    "der",
    "na",
    "tion",
    "war",
]


def vocabulary(size: int, rng: random.Random) -> list[str]:
    words: set[str] = set()
    while len(words) < size:
        words.add("".join(rng.choice(_SYLLABLES) for _ in range(rng.randint(1, 4))))
    return sorted(words)


def generate(folder: Path, count: int, seed: int = 1) -> Path:
    """Write ``count`` articles of 300-1,500 words into ``folder`` (reused if already complete)."""
    marker = folder / f".complete-{count}-{seed}"
    if marker.exists():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    words = vocabulary(20_000, rng)
    weights = list(accumulate(1 / (rank + 1) for rank in range(len(words))))
    start = date(2018, 1, 1)
    for number in range(count):
        length = rng.randint(300, 1500)
        tokens = rng.choices(words, cum_weights=weights, k=length)
        title = " ".join(tokens[:8]).capitalize()
        paragraphs, at = [], 8
        while at < length:
            size = rng.randint(40, 120)
            paragraphs.append(" ".join(tokens[at : at + size]).capitalize() + ".")
            at += size
        day = start + timedelta(days=rng.randrange(2500))
        name = f"{rng.choice(SOURCES)}_{day.isoformat()}_{number:06d}.txt"
        (folder / name).write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    marker.touch()
    return folder
