"""Bookmark benchmark: add, list and re-anchor timings for many bookmarks, and re-anchoring accuracy.

Usage: ``python benchmarks/bookmarks.py [--count 10000] [--corpus ../shared/corpora/polnear-train]``

Bookmarks are made of random paragraphs and sentences of real articles (read from the corpus by path;
nothing is copied). Printed figures:

- add: one committed transaction per bookmark (what pressing ``b`` costs) and one import of them all;
- list: reading every bookmark, newest first and by article, one article's bookmarks, and the
  bookmarks screen's fuzzy filter over all of them;
- re-anchor: resolving every bookmark against unchanged articles (offsets hold), then against edited
  copies (insertions before, rewording inside), per bookmark;
- accuracy: on edited copies, how often the passage is found where it should be, and how often a
  deleted passage is wrongly "found" elsewhere — the figures behind ``anchoring.FUZZY_THRESHOLD``.
"""

from __future__ import annotations

import argparse
import random
import re
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

from newstui.core.bookmarks.anchoring import AnchorState, reanchor
from newstui.core.bookmarks.passages import bookmark_for, quote_of, resolve_all
from newstui.core.bookmarks.store import BookmarkStore
from newstui.core.library import read_article
from newstui.core.models import Article, Bookmark
from newstui.ui.bookmark_session import haystack, rank

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpora" / "polnear-train"
SENTENCE = re.compile(r"[^.!?]+[.!?]+[”\"’]?")


def _passages(article: Article, chance: random.Random) -> tuple[int, int]:
    """A random paragraph, or a random sentence of one (people keep both)."""
    para = chance.choice(article.paragraphs)
    if chance.random() < 0.5:
        sentences = list(SENTENCE.finditer(article.text, para.start, para.end))
        if sentences:
            match = chance.choice(sentences)
            start = match.start() + len(match.group()) - len(match.group().lstrip())
            return start, match.end()
    return para.start, para.end


def _make(articles: list[Article], count: int, chance: random.Random) -> list[Bookmark]:
    made = []
    for number in range(count):
        article = chance.choice(articles)
        start, end = _passages(article, chance)
        made.append(bookmark_for(article, start, end, now=_now(), note=f"note {number}", tags=("bench",)))
    return made


def _now() -> datetime:
    return datetime.now(UTC)


def _timed(label: str, action: Callable[[], object], per: int = 0) -> object:
    started = time.perf_counter()
    result = action()
    took = time.perf_counter() - started
    extra = f"  ({took / per * 1e6:,.0f} µs each)" if per else ""
    print(f"  {label:<46} {took:8.3f} s{extra}")
    return result


def _edit_inside(text: str, start: int, end: int, chance: random.Random) -> tuple[str, int, int]:
    """Reword one word inside the passage; returns the new text and where the passage now is."""
    words = [m for m in re.finditer(r"\w{4,}", text[start:end])]
    if not words:
        return text, start, end
    word = chance.choice(words)
    a, b = start + word.start(), start + word.end()
    new = "rewritten"
    return text[:a] + new + text[b:], start, end + len(new) - (b - a)


def _accuracy(articles: list[Article], samples: int, chance: random.Random) -> None:
    """Edit real passages three ways and count how often re-anchoring gets it right, by passage length."""
    print(f"\nre-anchoring accuracy on {samples} random passages (sentences and paragraphs):")
    tallies: dict[str, list[bool]] = {}
    scores: list[float] = []

    def count(kind: str, length: int, ok: bool) -> None:
        size = "under 80 chars" if length < 80 else "80 chars or more"
        tallies.setdefault(f"{kind}, {size}", []).append(ok)

    for _ in range(samples):
        article = chance.choice(articles)
        start, end = _passages(article, chance)
        bookmark = bookmark_for(article, start, end, now=_now())
        quote, text, size = quote_of(bookmark), article.text, end - start
        inserted = "An editor's note was added here. " + text
        found = reanchor(inserted, quote)
        count("insert before: found exactly", size, inserted[found.start : found.end] == bookmark.exact)
        edited, new_start, new_end = _edit_inside(text, start, end, chance)
        found = reanchor(edited, quote)
        count("reword inside: found", size, found.found and found.start < new_end and new_start < found.end)
        count("reword inside: exact bounds", size, (found.start, found.end) == (new_start, new_end))
        if found.found:
            scores.append(found.score)
        deleted = text[:start] + text[end:]
        if bookmark.exact not in deleted:
            count("deleted: orphaned", size, reanchor(deleted, quote).state is AnchorState.ORPHANED)
    for kind, results in sorted(tallies.items()):
        share = 100 * sum(results) / len(results)
        print(f"  {kind:<52} {share:5.1f}%  (n={len(results)})")
    print(f"  similarity of reworded passages that were found: median {statistics.median(scores):.1f}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--articles", type=int, default=300, help="how many corpus articles to use")
    parser.add_argument("--samples", type=int, default=500, help="edited passages for the accuracy check")
    args = parser.parse_args(argv)
    files = sorted(args.corpus.glob("*.txt"))[: args.articles]
    if not files:
        print(f"no articles in {args.corpus}; pass --corpus", file=sys.stderr)
        return 2
    chance = random.Random(20220108)
    articles = [read_article(path) for path in files]
    articles = [a for a in articles if a.paragraphs]
    bookmarks = _make(articles, args.count, chance)
    print(f"{args.count:,} bookmarks over {len(articles)} articles from {args.corpus}")
    with tempfile.TemporaryDirectory() as work:
        single = BookmarkStore(Path(work) / "single.sqlite3")
        print("add:")
        _timed("one transaction each (pressing b)", lambda: [single.add(b) for b in bookmarks], args.count)
        bulk = BookmarkStore(Path(work) / "bulk.sqlite3")
        _timed("all in one import (merge)", lambda: bulk.merge(bookmarks), args.count)
        print("list:")
        _timed("all, newest first", lambda: single.all("date"), args.count)
        _timed("all, by article", lambda: single.all("article"), args.count)
        location = bookmarks[0].location
        _timed("one article's bookmarks", lambda: single.for_location(location))
        stacks = [haystack(b) for b in single.all()]
        _timed("filter as you type (two words, one typo)", lambda: rank("presdent said", stacks), args.count)
        print("re-anchor:")
        kept = single.all()
        _timed("all, articles unchanged (read + resolve)", lambda: resolve_all(kept), args.count)
        by_path = {str(a.meta.path): a for a in articles}
        edited: dict[str, str] = {}
        for path, article in by_path.items():
            text = "A new first paragraph.\n\n" + article.text
            for bookmark in [b for b in kept if b.location == path][:1]:
                text, _, _ = _edit_inside(text, bookmark.start + 24, bookmark.end + 24, chance)
            edited[path] = text

        def resolve_edited() -> list[AnchorState]:
            return [reanchor(edited[b.location], quote_of(b)).state for b in kept]

        states = _timed("all, articles edited (in memory)", resolve_edited, args.count)
        assert isinstance(states, list)
        tally = {state.value: states.count(state) for state in AnchorState}
        print("    states after editing: " + ", ".join(f"{k} {v:,}" for k, v in tally.items() if v))
        single.close()
        bulk.close()
    _accuracy(articles, args.samples, chance)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
