"""Text-quote anchors: describing a passage so it can be found again after the article changes.

An anchor is the W3C Web Annotation pair ``TextQuoteSelector`` (exact text, prefix, suffix) and
``TextPositionSelector`` (start, end). Finding the passage again tries, in order:

1. **Offsets** — the text at the saved offsets is still the exact passage: ``anchored``.
2. **Exact text** — the passage occurs elsewhere; when it occurs several times the prefix and suffix
   pick the occurrence whose surroundings match best (then the one nearest the old offset): ``moved``.
3. **Fuzzy** — the passage itself was edited. rapidfuzz finds the best-aligned window for it (near the
   old place first, then anywhere), its ends are snapped to word boundaries that maximise the
   similarity, and the result is accepted only if ``fuzz.ratio`` (normalised Indel similarity: the share
   of characters kept in order) is at least :data:`FUZZY_THRESHOLD`: ``moved``.
4. Otherwise ``orphaned``: the bookmark keeps its saved text and is never deleted.

Why 80: ``fuzz.ratio`` of 80 means about four characters in five survive in order. A one-word change
in a 40-character passage scores about 85, a reworded clause in a paragraph 90–97, so 80 keeps light
editing; a paragraph that was *deleted* finds its best chance window elsewhere in the same article at
about 47 (median) and 69 (99th percentile), so 80 rarely mistakes another passage for the lost one.
Measured on 500–1,000 random sentences and paragraphs of real news (``benchmarks/bookmarks.py``):
deleted passages are reported orphaned 99% of the time; a reworded word is followed in 99.5–100% of
passages of 80 characters or more and 67–75% of shorter ones (one word is a large share of a short
sentence). Short passages also match by chance far more often (a 16-character snippet finds a window
scoring ≥ 80 in one article in six), so below :data:`FUZZY_MIN_CHARS` only exact matches count, and below
:data:`CONTEXT_CHECK_CHARS` the old prefix or suffix must also still be recognisable around the match.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from rapidfuzz import fuzz

CONTEXT_CHARS = 32
FUZZY_THRESHOLD = 80.0
FUZZY_MIN_CHARS = 20
CONTEXT_CHECK_CHARS = 80
CONTEXT_THRESHOLD = 60.0
EDGE_CHARS = 40
"""How much of each end of a passage is aligned on its own to find where an edited passage ends."""
SNAP = 6
"""How far from an aligned end to look for a word edge to snap to."""
LOCAL_WINDOW = 2000
"""How far either side of the old place a fuzzy match is looked for first."""


class AnchorState(StrEnum):
    """Where a bookmark's passage stands in the current text of its article."""

    ANCHORED = "anchored"
    """Found at the saved offsets, unchanged."""
    MOVED = "moved"
    """Found elsewhere, or found after being edited."""
    ORPHANED = "orphaned"
    """Not found in the article any more; the saved text is all there is."""
    MISSING = "missing"
    """The article itself cannot be read (file gone or unreadable)."""


@dataclass(frozen=True, slots=True)
class Quote:
    """The passage and its surroundings: a ``TextQuoteSelector`` plus a ``TextPositionSelector``."""

    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Anchoring:
    """The outcome of looking for a passage: its state and, unless lost, where it is now."""

    state: AnchorState
    start: int
    end: int
    score: float = 100.0
    """Similarity of the passage found to the saved one (100 unless found fuzzily)."""

    @property
    def found(self) -> bool:
        return self.state in (AnchorState.ANCHORED, AnchorState.MOVED)


def quote_at(text: str, start: int, end: int, context: int = CONTEXT_CHARS) -> Quote:
    """Describe ``text[start:end]`` with ``context`` characters of prefix and suffix."""
    if not 0 <= start < end <= len(text):
        raise ValueError(f"not a passage of the text: {start}..{end} of {len(text)}")
    return Quote(
        exact=text[start:end],
        prefix=text[max(0, start - context) : start],
        suffix=text[end : end + context],
        start=start,
        end=end,
    )


def reanchor(text: str, quote: Quote) -> Anchoring:
    """Find the quoted passage in ``text`` (the article as it is now); see the module docstring."""
    start, end = quote.start, quote.end
    if text[start:end] == quote.exact and quote.exact:
        return Anchoring(AnchorState.ANCHORED, start, end)
    exact = _exact_match(text, quote)
    if exact is not None:
        return Anchoring(AnchorState.MOVED, exact, exact + len(quote.exact))
    fuzzy = _fuzzy_match(text, quote)
    if fuzzy is not None:
        return fuzzy
    return Anchoring(AnchorState.ORPHANED, quote.start, quote.end, 0.0)


def _occurrences(text: str, needle: str) -> list[int]:
    found, at = [], text.find(needle)
    while at >= 0:
        found.append(at)
        at = text.find(needle, at + 1)
    return found


def _context_score(text: str, quote: Quote, start: int, end: int) -> float:
    """How well the text around ``[start, end)`` matches the saved prefix and suffix (0–100)."""
    scores = []
    if quote.prefix:
        scores.append(fuzz.ratio(quote.prefix, text[max(0, start - len(quote.prefix)) : start]))
    if quote.suffix:
        scores.append(fuzz.ratio(quote.suffix, text[end : end + len(quote.suffix)]))
    return sum(scores) / len(scores) if scores else 100.0


def _exact_match(text: str, quote: Quote) -> int | None:
    if not quote.exact:
        return None
    places = _occurrences(text, quote.exact)
    if len(places) <= 1:
        return places[0] if places else None
    size = len(quote.exact)
    return max(places, key=lambda at: (_context_score(text, quote, at, at + size), -abs(at - quote.start)))


def _fuzzy_match(text: str, quote: Quote) -> Anchoring | None:
    exact = quote.exact
    if len(exact.strip()) < FUZZY_MIN_CHARS:
        return None
    low = max(0, quote.start - LOCAL_WINDOW)
    local = fuzz.partial_ratio_alignment(exact, text[low : quote.end + LOCAL_WINDOW])
    best: tuple[float, int, int] | None = None
    if local is not None:
        best = (local.score, low + local.dest_start, low + local.dest_end)
    if best is None or best[0] < FUZZY_THRESHOLD:
        anywhere = fuzz.partial_ratio_alignment(exact, text, score_cutoff=FUZZY_THRESHOLD * 0.9)
        if anywhere is not None and (best is None or anywhere.score > best[0]):
            best = (anywhere.score, anywhere.dest_start, anywhere.dest_end)
    if best is None:
        return None
    start, end, score = _refine(text, exact, best[1], best[2])
    if score < FUZZY_THRESHOLD:
        return None
    if len(exact) < CONTEXT_CHECK_CHARS and _context_score(text, quote, start, end) < CONTEXT_THRESHOLD:
        return None
    return Anchoring(AnchorState.MOVED, start, end, score)


def _boundaries(text: str, low: int, high: int) -> list[int]:
    """Word and punctuation edges in ``[low, high]``: where an edited passage most likely begins or ends.

    An edge is where a word character meets a non-word one (``military|,``) or text meets space.
    """
    found = []
    for at in range(max(0, low), min(len(text), high) + 1):
        before = text[at - 1] if at > 0 else " "
        after = text[at] if at < len(text) else " "
        if before.isalnum() != after.isalnum() or before.isspace() != after.isspace():
            found.append(at)
    return found


def _refine(text: str, exact: str, start: int, end: int) -> tuple[int, int, float]:
    """Move the ends of an aligned window to where the edited passage most likely begins and ends.

    The aligned window has the old passage's length; an edit inside the passage changes the length, so
    the true ends may lie up to half the passage away. The passage's first and last words are aligned
    on their own near each end to find them, word edges close by are added as candidates, and each end
    is then chosen in turn to make the whole most like ``exact`` (a few dozen ``ratio`` calls).
    """
    reach = len(exact) // 2 + 8
    edge = min(len(exact), EDGE_CHARS)
    starts, ends = {start}, {end}
    low = max(0, start - reach)
    head = fuzz.partial_ratio_alignment(exact[:edge], text[low : start + reach])
    if head is not None:
        starts.add(low + head.dest_start - head.src_start)
    low = max(0, end - reach)
    tail = fuzz.partial_ratio_alignment(exact[-edge:], text[low : end + reach])
    if tail is not None:
        ends.add(low + tail.dest_end + (edge - tail.src_end))
    start_options = sorted({b for s in starts for b in _boundaries(text, s - SNAP, s + SNAP)} | starts)
    end_options = sorted({b for e in ends for b in _boundaries(text, e - SNAP, e + SNAP)} | ends)

    def score(s: int, e: int) -> tuple[float, int]:
        if e <= s:
            return (-1.0, 0)
        return (fuzz.ratio(exact, text[s:e]), -abs(s - start) - abs(e - end))

    for _ in range(2):
        start = max(start_options, key=lambda s: score(s, end))
        end = max(end_options, key=lambda e: score(start, e))
    return start, end, score(start, end)[0]
