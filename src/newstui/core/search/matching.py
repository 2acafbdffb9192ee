"""Finding a query's words in one article's text: offsets, the best passage, and a snippet.

Works on an offset-preserving folded view of the text, so every match is a ``(start, end)`` range of the
article text as decoded. Used by the index's re-ranking, and on its own for find-in-article.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from newstui.core.search.query import Term
from newstui.core.text import fold_char_view

SNIPPET_WIDTH = 160
SNIPPET_LEAD = 16
_FOLDS: dict[str, str] = {}
_WORD_CHAR = r"[^\W_]"


def fold_view(text: str) -> str:
    """Case- and accent-folded text of the same length, for matching words (punctuation is left alone).

    ``str.lower`` does the bulk in C; only letters outside ASCII (rare in English news) go through
    :func:`fold_char_view`. Apostrophes need no folding: they separate words, curly or straight.
    """
    lowered = text.lower()
    if len(lowered) != len(text):
        return fold_char_view(text)
    if lowered.isascii():
        return lowered
    for ch in {ch for ch in set(lowered) if ord(ch) > 127 and ch.isalnum()}:
        folded = _FOLDS.get(ch)
        if folded is None:
            folded = _FOLDS[ch] = fold_char_view(ch)
        if folded != ch:
            lowered = lowered.replace(ch, folded)
    return lowered


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    group: int
    weight: float


@dataclass(frozen=True, slots=True)
class Alternative:
    """One way a group can match: an index word (or prefix, or phrase) with a weight."""

    group: int
    weight: float
    field: str | None


class Matcher:
    """A compiled query: regular expressions scanning a folded text for every alternative at once.

    Common words ("the", "on") can occur hundreds of times an article; when the query also has rarer
    words, common ones are only looked for near those (``near`` characters around), which is all that
    proximity needs and keeps re-ranking a few hundred articles within a keystroke.
    """

    def __init__(
        self,
        groups: Sequence[Mapping[str, float]],
        terms: Sequence[Sequence[Term]],
        anchor: int | None = None,
    ) -> None:
        """``groups[i]`` maps each index word (or ``prefix*``, or ``phrase words``) to its weight;
        ``anchor`` is the group to look for first (the rarest), the others then only near it."""
        self.size = len(groups)
        self.words: dict[str, list[Alternative]] = {}
        self.prefixes: list[tuple[str, Alternative]] = []
        self.phrases: list[tuple[re.Pattern[str], Alternative]] = []
        rare: list[str] = []
        frequent: list[str] = []
        for index, (alternatives, group_terms) in enumerate(zip(groups, terms, strict=True)):
            field = group_terms[0].field if len({t.field for t in group_terms}) == 1 else None
            target = rare if index == anchor else frequent
            for word, weight in alternatives.items():
                alt = Alternative(index, weight, field)
                if " " in word:
                    pattern = r"[\W_]+".join(re.escape(part) for part in word.split())
                    self.phrases.append((re.compile(rf"(?<!{_WORD_CHAR}){pattern}(?!{_WORD_CHAR})"), alt))
                elif word.endswith("*"):
                    self.prefixes.append((word[:-1], alt))
                    target.append(re.escape(word[:-1]) + _WORD_CHAR + "*")
                else:
                    self.words.setdefault(word, []).append(alt)
                    target.append(re.escape(word))
        frequent = [word for word in dict.fromkeys(frequent) if word not in rare]
        rare = list(dict.fromkeys(rare))
        self._every = rare + frequent
        self._pattern: re.Pattern[str] | None = None
        self.rare = _compile(rare) if rare and frequent else None
        self.frequent = _compile(frequent) if rare and frequent else None

    @property
    def pattern(self) -> re.Pattern[str]:
        """Every alternative at once (compiled on first use: with an anchor it is rarely needed)."""
        if self._pattern is None:
            self._pattern = _compile(self._every)
        return self._pattern

    def find(
        self,
        folded: str,
        title_span: tuple[int, int] = (0, 0),
        near: int | None = None,
        memo: ScanMemo | None = None,
    ) -> list[Match]:
        """Matches in the folded text, in text order; field-limited words only where allowed.

        With ``near``, the other groups are only looked for within ``near`` characters of the anchor
        group (and in the title), if the text has it; without it, everywhere. ``memo`` (kept with
        the text) remembers where the anchor's words are: while a query is typed, its rarest word is
        mostly one already typed, and that scan of the whole text is the costly one.
        """
        found: list[Match] = []
        if near is not None and self.rare is not None and self.frequent is not None:
            self._emit(self._whole(self.rare, folded, memo), title_span, found)
        if not found:
            self._scan(self.pattern, folded, 0, len(folded), title_span, found)
        elif near is not None and self.frequent is not None:  # found holds the anchor group's matches
            spans = sorted([(max(0, m.start - near), min(len(folded), m.end + near)) for m in found])
            if title_span[1] > title_span[0]:
                spans = sorted([title_span, *spans])
            windows: list[tuple[int, int]] = []
            for start, end in spans:
                if windows and start <= windows[-1][1]:
                    windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
                else:
                    windows.append((start, end))
            for start, end in windows:
                self._scan(self.frequent, folded, start, end, title_span, found)
        for pattern, alt in self.phrases:
            for hit in pattern.finditer(folded):
                if alt.field == "title" and not (title_span[0] <= hit.start() < title_span[1]):
                    continue
                found.append(Match(hit.start(), hit.end(), alt.group, alt.weight))
        found.sort(key=lambda m: m.start)
        return found

    def _scan(
        self,
        pattern: re.Pattern[str],
        folded: str,
        start: int,
        end: int,
        title_span: tuple[int, int],
        found: list[Match],
    ) -> None:
        self._emit(_words_in(pattern, folded, start, end), title_span, found)

    def _whole(self, pattern: re.Pattern[str], folded: str, memo: ScanMemo | None) -> Sequence[WordHit]:
        """Where ``pattern`` matches in the whole text, from ``memo`` when it was scanned before."""
        if memo is None:
            return _words_in(pattern, folded, 0, len(folded))
        hits = memo.get(pattern.pattern)
        if hits is None:
            # A tuple of tuples of numbers and words: the garbage collector stops tracking it, so
            # thousands of kept scans add nothing to its full passes (a list would be traversed each).
            hits = memo[pattern.pattern] = tuple(_words_in(pattern, folded, 0, len(folded)))
            while len(memo) > SCAN_MEMO:
                memo.pop(next(iter(memo)))
        return hits

    def _emit(self, hits: Iterable[WordHit], title_span: tuple[int, int], found: list[Match]) -> None:
        title_start, title_end = title_span
        words, append = self.words, found.append
        for at, end, word in hits:
            alternatives = words.get(word)
            if alternatives is None:
                alternatives = [alt for prefix, alt in self.prefixes if word.startswith(prefix)]
            for alt in alternatives:
                if alt.field == "source" or (alt.field == "title" and not title_start <= at < title_end):
                    continue
                append(Match(at, end, alt.group, alt.weight))


WordHit = tuple[int, int, str]
"""Where a word of a pattern is in a text: start, end, the word."""
ScanMemo = dict[str, tuple[WordHit, ...]]
"""A text's scans by pattern (see :meth:`Matcher.find`)."""
SCAN_MEMO = 8
"""Scans kept per text: the anchors of the last few keystrokes."""


def _words_in(pattern: re.Pattern[str], folded: str, start: int, end: int) -> list[WordHit]:
    hits = []
    for hit in pattern.finditer(folded, start, end):
        at = hit.start()
        # Only the start is checked here: the pattern itself ends at a word boundary.
        if at and folded[at - 1].isalnum():
            continue
        hits.append((at, hit.end(), hit.group()))
    return hits


def _compile(patterns: list[str]) -> re.Pattern[str]:
    # Longest first so a word wins over its own prefix; no look-behind at the start, since it would
    # stop re from skipping ahead by first letters (the word boundary is checked in Python).
    ordered = sorted(patterns, key=len, reverse=True)
    return re.compile(rf"(?:{'|'.join(ordered) or '(?!)'})(?!{_WORD_CHAR})")


@dataclass(frozen=True, slots=True)
class Passage:
    start: int
    end: int
    groups: int
    """How many different query groups the passage holds."""
    weight: float
    """The sum of the best weight of each group in it."""


def best_passage(matches: Sequence[Match], size: int, span: int) -> Passage | None:
    """The stretch of at most ``span`` characters holding the most (and best) query groups."""
    if not matches:
        return None
    best: Passage | None = None
    left = 0
    counts: dict[int, list[float]] = {}
    tops: dict[int, float] = {}
    """The best weight of each group in the window (kept as the window moves, not recounted)."""
    for right, match in enumerate(matches):
        group, added = match.group, match.weight
        weights = counts.get(group)
        if weights is None:
            counts[group] = [added]
            tops[group] = added
        else:
            weights.append(added)
            if added > tops[group]:
                tops[group] = added
        while match.end - matches[left].start > span:
            old = matches[left]
            weights = counts[old.group]
            weights.remove(old.weight)
            if not weights:
                del counts[old.group]
                del tops[old.group]
            elif old.weight == tops[old.group]:
                tops[old.group] = max(weights)
            left += 1
        weight = sum(tops.values())
        if best is None or weight > best.weight + 1e-9:
            best = Passage(matches[left].start, matches[right].end, len(counts), weight)
        if len(counts) == size and weight >= size - 1e-9:
            break
    return best


def snippet(
    text: str, start: int, end: int, matches: Iterable[Match], width: int = SNIPPET_WIDTH
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """One line of text around ``[start, end)`` and the match ranges inside it (snippet offsets)."""
    # Start a little before the passage (narrow result lists show only the beginning), at a word.
    left = max(0, min(start - SNIPPET_LEAD, len(text) - width))
    while left > 0 and not text[left - 1].isspace() and left > start - SNIPPET_LEAD - 12:
        left -= 1
    right = min(len(text), left + width)
    piece = text[left:right]
    line = " ".join(piece.split())
    # Collapsing whitespace moves offsets: map each kept character back to its place in ``piece``.
    offsets: list[int] = []
    in_space = False
    for index, ch in enumerate(piece.strip()):
        if ch.isspace():
            if not in_space:
                offsets.append(index)
            in_space = True
        else:
            offsets.append(index)
            in_space = False
    lead = len(piece) - len(piece.lstrip())
    where = {source + lead: kept for kept, source in enumerate(offsets)}
    ranges = []
    for match in matches:
        if match.start >= left and match.end <= right:
            a, b = where.get(match.start - left), where.get(match.end - 1 - left)
            if a is not None and b is not None:
                ranges.append((a, b + 1))
    prefix = "…" if left > 0 else ""
    suffix = "…" if right < len(text) else ""
    shift = len(prefix)
    return prefix + line + suffix, tuple((a + shift, b + shift) for a, b in ranges)
