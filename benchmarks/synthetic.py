"""Seeded synthetic libraries for benchmarks, generated once and reused across runs.

Two kinds: :func:`generate` writes made-up words with Zipf-like frequencies and realistic lengths;
:func:`news_library` recombines the real paragraphs of a news corpus (titles, bodies and publisher
names) into as many articles as asked, 1,000 a sub-folder. Files are named like the real corpus
(``publisher_YYYY-MM-DD_slug.txt``) so dates vary, and the same seed always gives the same library, so
runs can be compared.
"""

from __future__ import annotations

import random
import shutil
import sys
import time
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


def real_parts(corpus: Path) -> tuple[list[str], list[str], list[str]]:
    """Titles, paragraphs and source names of the real corpus (plain reads: no newstui code)."""
    titles, paragraphs, sources = [], [], set()
    for path in sorted(corpus.rglob("*.txt")):
        blocks = [" ".join(b.split()) for b in path.read_text(encoding="utf-8").split("\n\n")]
        blocks = [b for b in blocks if b]
        if len(blocks) < 2:
            continue
        titles.append(blocks[0])
        paragraphs.extend(blocks[1:])
        sources.add(path.name.split("_", 1)[0])
    return titles, paragraphs, sorted(sources)


def news_library(work: Path, size: int, corpus: Path) -> Path:
    """``size`` articles: a real title with a word from another, 4-16 real paragraphs, a dated name."""
    folder = work / f"folder-{size}"
    marker = work / f".folder-{size}-complete"
    if marker.exists():
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    rng = random.Random(size)
    titles, paragraphs, sources = real_parts(corpus)
    folder.mkdir(parents=True)
    started = time.perf_counter()
    write_articles(folder, size, (titles, paragraphs, sources), rng)
    marker.touch()
    print(f"  (made {size:,} files in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return folder


def write_articles(
    folder: Path,
    size: int,
    parts: tuple[list[str], list[str], list[str]],
    rng: random.Random,
    *,
    folder_digits: int = 4,
    number_digits: int = 7,
) -> None:
    """``size`` articles from real (titles, paragraphs, sources): a real title with a word from another,
    4-16 real paragraphs, a dated name; 1,000 a sub-folder of ``folder`` (which must be new)."""
    titles, paragraphs, sources = parts
    for number in range(size):
        words = rng.choice(titles).split()
        other = rng.choice(titles).split()
        if len(words) > 3 and other:
            words[rng.randrange(len(words))] = rng.choice(other)
        body = rng.sample(paragraphs, rng.randint(4, 16))
        date = f"20{rng.randint(15, 24):02}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}"
        if number % 1000 == 0:
            sub = folder / f"{number // 1000:0{folder_digits}}"
            sub.mkdir()
        name = f"{rng.choice(sources)}_{date}_{number:0{number_digits}}.txt"
        with open(sub / name, "w", encoding="utf-8") as handle:  # noqa: PTH123 (a million of them)
            handle.write(" ".join(words) + "\n\n" + "\n\n".join(body) + "\n")
