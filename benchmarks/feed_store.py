"""Feed store benchmark: storing and listing 100,000 feed articles, and HTML-to-text on hostile input.

Usage: ``python benchmarks/feed_store.py [--articles 100000] [--feeds 200] [--work DIR]``

Prints figures (never asserts): how fast a fetch's worth of entries is stored (one transaction per
feed), how long listing every stored article takes from a freshly opened store (the aim is well under
0.5 s for 100,000), and how entry HTML-to-text time grows with hostile input (linear: about 4x for 4x).
The store is built once in ``--work`` and reused.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from newstui.core.feeds.html_text import body_text
from newstui.core.feeds.models import Entry, ParsedFeed
from newstui.core.feeds.store import FeedStore

WORDS = "the council said on tuesday that harbour fees would rise again next spring".split()  # noqa: SIM905


def _entry(feed: int, number: int, when: datetime) -> Entry:
    body = " ".join(WORDS[(feed + number + i) % len(WORDS)] for i in range(120))
    return Entry(
        title=f"Feed {feed} story {number}: {WORDS[number % len(WORDS)]} update",
        guid=f"urn:feed-{feed}:entry-{number}",
        link=f"https://site{feed}.example/{number}",
        author="Desk",
        published=when - timedelta(minutes=number * 7 + feed),
        content=f"<p>{body}</p>",
        body=body,
    )


def build(path: Path, articles: int, feeds: int) -> float:
    """Store ``articles`` entries over ``feeds`` feeds; returns entries stored per second."""
    per_feed = max(1, articles // feeds)
    now = datetime(2025, 6, 1, tzinfo=UTC)
    started = time.perf_counter()
    with FeedStore(path) as store:
        for feed in range(feeds):
            url = f"https://site{feed}.example/feed.xml"
            store.add_feed(url)
            entries = tuple(_entry(feed, number, now) for number in range(per_feed))
            store.store_fetch(url, ParsedFeed(url, f"Site {feed}", "", entries, "rss20"))
    return per_feed * feeds / (time.perf_counter() - started)


def time_listing(path: Path, runs: int = 5) -> tuple[float, float, int]:
    """Open the store and list everything; (median, best) seconds and the row count."""
    times = []
    count = 0
    for _ in range(runs):
        started = time.perf_counter()
        with FeedStore(path) as store:
            count = len(store.list_articles())
        times.append(time.perf_counter() - started)
    return statistics.median(times), min(times), count


def time_every_row(path: Path) -> float:
    """Open, list, and make every row an ArticleMeta (what a consumer walking all of them pays)."""
    started = time.perf_counter()
    with FeedStore(path) as store:
        for _meta in store.list_articles():
            pass
    return time.perf_counter() - started


def time_first_page(path: Path) -> float:
    started = time.perf_counter()
    with FeedStore(path) as store:
        store.list_articles(limit=100)
    return time.perf_counter() - started


def html_growth() -> list[tuple[str, float, float]]:
    """(case, ms for the small input, large/small time ratio for 4x the input)."""
    cases = {
        "unclosed tags": "<a <b x",
        "nested inline": "<p><b>",
        "deep divs": "<div>x ",
        "comments": "<!--",
        "many links": '<a href="/x">y</a> ',
        "table cells": "<table><tr><td>c",
    }
    results = []
    for name, unit in cases.items():
        costs = []
        for repeat in (20_000, 80_000):
            markup = unit * repeat + "end"
            best = float("inf")
            for _ in range(3):
                started = time.perf_counter()
                body_text(markup, is_html=True, base="https://base.example/")
                best = min(best, time.perf_counter() - started)
            costs.append(best)
        results.append((name, costs[0] * 1000, costs[1] / max(costs[0], 1e-9)))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "newstui-bench-feeds")
    parser.add_argument("--rebuild", action="store_true", help="build the store again")
    args = parser.parse_args()
    path = args.work / f"feeds-{args.articles}-{args.feeds}.sqlite3"
    if args.rebuild and args.work.exists():
        shutil.rmtree(args.work)
    args.work.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        rate = build(path, args.articles, args.feeds)
        print(f"stored {args.articles:,} entries in {args.feeds} feeds: {rate:,.0f} entries/s")
    median, best, count = time_listing(path)
    print(f"list {count:,} stored articles (open + query + rows): median {median:.3f} s, best {best:.3f} s")
    print(f"list and make every row an ArticleMeta: {time_every_row(path):.3f} s")
    print(f"first 100 rows from a fresh open: {time_first_page(path) * 1000:.1f} ms")
    print("entry HTML to text, 20,000 repeats -> 4x as many (linear is ~4x):")
    for name, small_ms, ratio in html_growth():
        print(f"  {name:14} {small_ms:7.1f} ms   x{ratio:.1f}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
