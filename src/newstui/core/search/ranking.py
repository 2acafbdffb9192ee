"""Re-ranking the candidates in Python, with every weight named in one place (:class:`Weights`).

Candidates are scored on what a reader expects: coverage of the query, rarity (BM25-like), title above
body, exact above fuzzy, the words close together (and in order) above scattered ones, newer above older
on ties.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from newstui.core.search.candidates import Group
from newstui.core.search.fuzzy import Vocabulary
from newstui.core.search.matching import Match, Matcher, Passage, ScanMemo, best_passage, fold_view
from newstui.core.search.store import ENTITY_FIELDS, StoredDoc


@dataclass(frozen=True, slots=True)
class Weights:
    """Every weight the ranking uses."""

    columns: tuple[float, ...] = (4.0, 1.0, 2.0, 1.0, 1.0, 1.0)
    """FTS5's BM25 weight per column (title, body, source, person, org, place) in the candidate stage."""
    k1: float = 1.2
    b: float = 0.75
    """BM25's term-frequency saturation and length normalisation."""
    title_boost: float = 1.5
    """A group matched in the title adds this much of its rarity again."""
    field_hit: float = 2.0
    """A group limited to the source or an entity field, found there."""
    far_apart: float = 0.7
    """Coverage of a group FTS5 found in the article but not near the query's rarest word."""
    proximity: float = 10.0
    """The query's groups found together in one passage."""
    sequence: float = 16.0
    """The query read as a phrase: how closely the best passage spells it, cubed."""
    title_similarity: float = 4.0
    """How closely the title spells the query."""

    @property
    def bm25(self) -> str:
        """The ``ORDER BY`` of the candidate stage."""
        return "bm25(fts, " + ", ".join(str(weight) for weight in self.columns) + ")"


WEIGHTS = Weights()


@dataclass(frozen=True, slots=True)
class Scored:
    score: float
    doc: StoredDoc
    matches: list[Match]
    passage: Passage | None
    complete: bool


class Ranker:
    """Scores candidates against one query's groups, given the index's size and average length."""

    def __init__(
        self,
        groups: list[Group],
        vocabulary: Vocabulary,
        *,
        count: int,
        average: float,
        weights: Weights = WEIGHTS,
    ) -> None:
        self.groups = groups
        self.vocabulary = vocabulary
        self.count = count
        self.average = average
        self.weights = weights
        # The rarest group the index holds: a word found nowhere (a typo too far) would leave every
        # text scanned for all the other, common, words.
        anchor = min(
            range(len(groups)),
            key=lambda i: (not groups[i].drives, not groups[i].estimate, groups[i].estimate),
            default=None,
        )
        self.matcher = Matcher([g.alternatives for g in groups], [g.terms for g in groups], anchor)
        self.needle = " ".join(word for g in groups for word in g.terms[0].words)

    def idf(self, df: int) -> float:
        return math.log(1 + (self.count - df + 0.5) / (df + 0.5))

    def score(
        self, doc: StoredDoc, folded: str, has_all: bool, memo: ScanMemo | None = None
    ) -> Scored | None:
        """Score one candidate; ``has_all``: FTS5 found every driving group in it (maybe far apart);
        ``memo``: the text's earlier scans (see :meth:`Matcher.find`).

        None when the article lacks a required exact phrase (FTS5 only knew its words were there).
        """
        weights, groups = self.weights, self.groups
        matches = self.matcher.find(folded, doc.title_span, near=span(len(groups)), memo=memo)
        by_group: dict[int, list[Match]] = {}
        for match in matches:
            by_group.setdefault(match.group, []).append(match)
        title_start, title_end = doc.title_span
        k1 = weights.k1
        length_norm = k1 * (1 - weights.b + weights.b * doc.words / self.average)
        score = 0.0
        covered = 0.0
        complete = True
        size = len(groups)
        for index, group in enumerate(groups):
            found = by_group.get(index)
            if not found and not group.drives:
                size -= 1
                continue
            if not found and all(term.is_phrase for term in group.terms):
                return None
            if not found:
                if field_hit(group, doc):
                    covered += 1.0
                    score += weights.field_hit
                elif has_all and group.required:
                    # In the article but not near the rarest word: counts, with no bonus.
                    covered += weights.far_apart
                else:
                    complete = False
                continue
            best = max(found, key=lambda m: m.weight)
            word = folded[best.start : best.end]
            idf = self.idf(self.vocabulary.df.get(word, 1))
            tf = len(found)
            score += idf * best.weight * tf * (k1 + 1) / (tf + length_norm)
            titled = [m.weight for m in found if title_start <= m.start < title_end]
            if titled:
                score += weights.title_boost * idf * max(titled)
            covered += best.weight
        size = max(size, 1)
        passage = best_passage(matches, size, span=span(size))
        if passage is not None and size > 1:
            window = folded[max(0, passage.start - 4) : passage.end + 4]
            together = (passage.groups - 1) / (size - 1)
            score += (
                weights.proximity * together + weights.sequence * (fuzz.ratio(self.needle, window) / 100) ** 3
            )
        title = folded[title_start:title_end]
        score += weights.title_similarity * fuzz.partial_ratio(self.needle, title) / 100 if title else 0.0
        score *= (covered / size) ** 2
        return Scored(score, doc, matches, passage, complete)


def order(item: Scored) -> tuple[float, float]:
    """Best first; newer first on equal scores."""
    return (-item.score, -(item.doc.when.timestamp() if item.doc.when else 0.0))


def span(size: int) -> int:
    """How far apart (in characters) a query's words may be to count as one passage."""
    return 30 + 14 * size


def field_hit(group: Group, doc: StoredDoc) -> bool:
    """A group limited to the source or an entity field matches that field, not the text."""
    for term in group.terms:
        if term.field in (None, "title"):
            continue
        value = doc.source if term.field == "source" else doc.entities.get(term.field, "")
        words = fold_view(value)
        if any(alt.rstrip("*") in words for alt in group.alternatives):
            return True
    return False


def entity_misses(groups: Sequence[Group], doc: StoredDoc) -> bool:
    """An enriched article lacks the name an entity-only group asks for (found as a word elsewhere)."""
    if not doc.enriched:
        return False
    for group in groups:
        if all(term.field in ENTITY_FIELDS for term in group.terms) and not field_hit(group, doc):
            return True
    return False


def phrase_pattern(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?![^\W_])")


def merged(matches: Sequence[Match]) -> list[Match]:
    """Matches in text order without overlaps (a phrase and its words may cover the same text)."""
    out: list[Match] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if out and match.start < out[-1].end:
            continue
        out.append(match)
    return out
