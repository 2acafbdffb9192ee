"""Typo tolerance: the words of the index that a query word may stand for.

rapidfuzz does the distance work in C over the index's vocabulary, split by word length so a word is
only compared with words that could be close enough. Transpositions count as one edit (OSA distance),
because swapped letters are the commonest typo.
"""

from __future__ import annotations

import heapq
from bisect import bisect_left
from collections import defaultdict
from collections.abc import Iterable
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA

MAX_FUZZY = 12
MAX_COMPLETIONS = 24
EXACT, PREFIX, ONE_EDIT, TWO_EDITS = 1.0, 0.85, 0.7, 0.5


def max_edits(length: int) -> int:
    """Edits a word of this length may be away: none for short words, one for 4-7 letters, two after."""
    return 0 if length <= 3 else 1 if length <= 7 else 2


class Vocabulary:
    """Every word of the index with the number of articles holding it."""

    def __init__(self, counts: Iterable[tuple[str, int]] = ()) -> None:
        self.df: dict[str, int] = dict(counts)
        self._sorted = sorted(self.df)
        by_length: dict[int, list[str]] = defaultdict(list)
        for term in self._sorted:
            by_length[len(term)].append(term)
        self._by_length = dict(by_length)
        self.expand = lru_cache(maxsize=4096)(self._expand)

    def __len__(self) -> int:
        return len(self.df)

    def close_words(self, word: str, edits: int) -> list[tuple[str, int]]:
        """Index words within ``edits`` of ``word`` (itself excluded), nearest and commonest first."""
        found: list[tuple[str, int]] = []
        for length in range(max(1, len(word) - edits), len(word) + edits + 1):
            bucket = self._by_length.get(length)
            if not bucket:
                continue
            hits = process.extract(
                word, bucket, scorer=OSA.distance, score_cutoff=edits, limit=None, processor=None
            )
            found.extend((term, int(distance)) for term, distance, _ in hits if term != word)
        found.sort(key=lambda item: (item[1], -self.df.get(item[0], 0)))
        return found[:MAX_FUZZY]

    def completions(self, prefix: str, limit: int = MAX_COMPLETIONS) -> list[str]:
        """The commonest index words that start with ``prefix`` (longer than it)."""
        start = bisect_left(self._sorted, prefix)
        end = bisect_left(self._sorted, prefix + "\U0010ffff", lo=start)
        if end - start <= limit:
            return [term for term in self._sorted[start:end] if term != prefix]
        span = self._sorted[start:end]
        return heapq.nlargest(limit, (t for t in span if t != prefix), key=lambda t: self.df[t])

    def _expand(self, word: str, exact: bool, prefix: bool) -> tuple[tuple[str, float], ...]:
        """``(index word, weight)`` for a query word: itself 1.0, completions, then close words."""
        out: dict[str, float] = {word: EXACT}
        if exact:
            return tuple(out.items())
        if prefix:
            for term in self.completions(word):
                out.setdefault(term, PREFIX)
        edits = max_edits(len(word))
        if edits:
            for term, distance in self.close_words(word, edits):
                out.setdefault(term, ONE_EDIT if distance == 1 else TWO_EDITS)
        return tuple(out.items())
