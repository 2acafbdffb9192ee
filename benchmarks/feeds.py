"""Feed fetching benchmark: 200 feeds of 50 entries and 200 article pages served on the loopback network.

Usage: ``python benchmarks/feeds.py [--feeds 200] [--entries 50] [--pages 200] [--hosts 20] [--list 100000]``

A child process serves the feeds (RSS 2.0 of realistic size: a summary and a few kilobytes of HTML per
entry, ETag and Last-Modified) and the article pages (navigation, scripts, comments and 12 paragraphs)
from ``--hosts`` loopback addresses (127.0.0.1, 127.0.0.2, ...: feeds live on many sites, and newstui
opens at most 2 connections per host). Prints figures, asserts nothing:

- first fetch of every feed into an empty store: wall time, entries stored per second, peak memory;
- second fetch (every feed answers 304): wall time;
- full text: summary-only feeds whose ``--pages`` entries link article pages: wall time for the update,
  and extraction alone per page (median and worst, ms), plus a 400 KB page of unclosed tags;
- listing ``--list`` stored articles from a freshly opened store (built once by benchmarks/feed_store.py's
  ``build``, in the temporary folder).

Aims on the 2-core machine: 200 feeds fetched and stored in under 10 s; an unchanged refetch in under 2 s;
100,000 stored articles listed in under 0.5 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(REPO), str(REPO / "benchmarks")]

from newstui.core.feeds.fetch import FetchSettings  # noqa: E402
from newstui.core.feeds.fulltext import extract  # noqa: E402
from newstui.core.feeds.store import FeedStore  # noqa: E402
from newstui.core.feeds.update import update_feeds  # noqa: E402

WORDS = [
    "the",
    "harbour",
    "council",
    "said",
    "on",
    "tuesday",
    "that",
    "fees",
    "for",
    "visiting",
    "boats",
    "would",
    "rise",
    "again",
    "next",
    "spring",
    "after",
    "a",
    "winter",
    "of",
    "storms",
    "damaged",
    "the",
    "outer",
    "breakwater",
    "and",
    "the",
    "ferry",
    "company",
    "asked",
    "for",
    "more",
    "time",
    "to",
    "repair",
    "its",
    "pier",
    "while",
    "fishermen",
    "warned",
    "that",
    "prices",
    "at",
    "the",
    "market",
    "had",
    "fallen",
    "for",
    "the",
    "third",
    "month",
    "in",
    "a",
    "row",
]


def _sentence(seed: int, length: int = 22) -> str:
    words = [WORDS[(seed * 7 + i * 3) % len(WORDS)] for i in range(length)]
    return words[0].capitalize() + " " + " ".join(words[1:]) + "."


def _paragraph(seed: int, sentences: int = 4) -> str:
    return " ".join(_sentence(seed + i) for i in range(sentences))


def feed_xml(base: str, feed: int, entries: int, summary_only: bool = False) -> bytes:
    now = datetime(2025, 6, 1, 12, tzinfo=UTC)
    items = []
    for number in range(entries):
        seed = feed * 1000 + number
        link = f"{base}/articles/{feed}-{number}.html" if summary_only else f"{base}/news/{feed}/{number}"
        when = format_datetime(now - timedelta(minutes=37 * number + feed))
        summary = _sentence(seed, 30)
        content = ""
        if not summary_only:
            paragraphs = "".join(
                f"<p>{_paragraph(seed + k)} <a href='/related/{k}'>Related story</a>.</p>" for k in range(8)
            )
            content = (
                f"<content:encoded><![CDATA[<h2>{_sentence(seed, 6)}</h2>{paragraphs}]]></content:encoded>"
            )
        items.append(
            f"<item><title>Feed {feed} story {number}: {_sentence(seed, 8)}</title><link>{link}</link>"
            f"<guid isPermaLink='false'>urn:bench:{feed}:{number}</guid><pubDate>{when}</pubDate>"
            f"<dc:creator>Desk {feed % 7}</dc:creator><description>{summary}</description>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        f"<channel><title>Bench feed {feed}</title><link>{base}/</link><description>Site {feed}</description>"
        + "".join(items)
        + "</channel></rss>"
    ).encode()


def article_html(feed: int, number: int) -> bytes:
    seed = feed * 1000 + number
    nav = "".join(f"<li><a href='/section/{k}'>Section {k}</a></li>" for k in range(40))
    script = (
        "<script>window.__DATA__ = {" + ",".join(f'"k{k}": "{"v" * 60}"' for k in range(300)) + "}</script>"
    )
    body = "".join(f"<p>{_paragraph(seed + k, 5)}</p>" for k in range(12))
    aside = "".join(f"<li><a href='/popular/{k}'>{_sentence(k, 7)}</a></li>" for k in range(15))
    comments = "".join(f"<div class='comment'><p>{_sentence(seed + k, 12)}</p></div>" for k in range(20))
    return (
        f"<!doctype html><html><head><meta charset='utf-8'><title>Story {feed}-{number} | Bench Daily</title>"
        f"<meta property='og:title' content='Story {feed}-{number}'>"
        f"<meta property='article:published_time' content='2025-06-01T12:00:00Z'>{script}"
        f"<style>{'body { margin: 0 } ' * 200}</style></head><body><header><nav><ul>{nav}</ul></nav></header>"
        f"<main><article><h1>Story {feed}-{number}</h1><p class='byline'>By Desk</p>{body}</article>"
        f"<aside><h3>Most read</h3><ul>{aside}</ul></aside><section id='comments'>{comments}</section></main>"
        f"<footer><p>© Bench Daily</p>{nav}</footer></body></html>"
    ).encode()


def _serve(
    hosts: int, feeds: int, entries: int, pages: int, ready: multiprocessing.Queue, stop: object
) -> None:
    from tests.feedserver import FeedServer

    servers = [FeedServer(host=f"127.0.0.{n + 1}").__enter__() for n in range(hosts)]
    urls: list[str] = []
    for feed in range(feeds):
        server = servers[feed % hosts]
        urls.append(server.add(f"/feeds/{feed}.xml", feed_xml(server.base, feed, entries), conditional=True))
    summary_feeds = max(1, pages // 20)
    summary_urls: list[str] = []
    for number in range(summary_feeds):
        feed = 10_000 + number
        server = servers[number % hosts]
        per = pages // summary_feeds
        summary_urls.append(
            server.add(
                f"/summary/{feed}.xml", feed_xml(server.base, feed, per, summary_only=True), conditional=True
            )
        )
        for entry in range(per):
            server.add(f"/articles/{feed}-{entry}.html", article_html(feed, entry), content_type="text/html")
    ready.put((urls, summary_urls))
    stop.wait()  # type: ignore[attr-defined]
    for server in servers:
        server.__exit__()


class Timer:
    """Wall time and this process's CPU time (the machine is shared: CPU time is the steadier figure)."""

    def __enter__(self) -> Timer:
        self.started, self.own_started, self.children_started = time.perf_counter(), *_cpu()
        return self

    def __exit__(self, *exc: object) -> None:
        self.wall = time.perf_counter() - self.started
        own, children = _cpu()
        self.own, self.children = own - self.own_started, children - self.children_started

    def __str__(self) -> str:
        return f"{self.wall:6.2f} s (CPU {self.own:5.2f} s here + {self.children:.2f} s in parser processes)"


def _cpu() -> tuple[float, float]:
    """CPU seconds of this process, and of its finished children (the parser processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime, children.ru_utime + children.ru_stime


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--entries", type=int, default=50)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--hosts", type=int, default=20)
    parser.add_argument("--list", type=int, default=100_000, help="stored articles to list (0: skip)")
    args = parser.parse_args()

    context = multiprocessing.get_context("fork")
    ready: multiprocessing.Queue = context.Queue()
    stop = context.Event()
    server = context.Process(
        target=_serve, args=(args.hosts, args.feeds, args.entries, args.pages, ready, stop), daemon=True
    )
    server.start()
    urls, summary_urls = ready.get(timeout=300)
    print(f"load average {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(
        f"serving {len(urls)} feeds x {args.entries} entries and {args.pages} article pages "
        f"from {args.hosts} loopback hosts"
    )
    settings = FetchSettings()
    try:
        with tempfile.TemporaryDirectory(prefix="newstui-bench-feeds-") as work:
            with FeedStore(Path(work) / "feeds.sqlite3") as store:
                for url in urls:
                    store.add_feed(url)
                before = _peak_mb()
                with Timer() as first:
                    results = update_feeds(store, settings=settings)
                stored = sum(r.new for r in results)
                failed = sum(1 for r in results if r.status == "error")
                print(
                    f"first fetch:  {first}  {stored:,} entries stored ({stored / first.wall:,.0f}/s), "
                    f"{failed} failed, peak RSS {_peak_mb():.0f} MB (was {before:.0f} MB)  [aim < 10 s]"
                )
                with Timer() as second:
                    again = update_feeds(store, settings=settings)
                unchanged = sum(1 for r in again if r.status == "unchanged")
                print(f"second fetch: {second}  {unchanged} of {len(again)} unchanged (304)  [aim < 2 s]")
                for url in summary_urls:
                    store.add_feed(url)
                with Timer() as full:
                    with_text = update_feeds(store, summary_urls, settings=settings)
                pages = sum(r.full_text for r in with_text)
                print(f"full text:    {full}  {len(summary_urls)} summary feeds, {pages} pages extracted")
            _extraction(args.pages)
            if args.list:
                _listing(Path(work), args.list)
    finally:
        stop.set()
        server.join(timeout=10)


def _extraction(count: int) -> None:
    pages = [article_html(20_000, n) for n in range(min(count, 200))]
    extract(pages[0])  # import trafilatura once, outside the timing
    times = []
    for page in pages:
        started = time.perf_counter()
        extract(page)
        times.append((time.perf_counter() - started) * 1000)
    size = statistics.mean(len(p) for p in pages) / 1024
    print(
        f"extraction:   {statistics.median(times):6.1f} ms median, {max(times):.1f} ms worst per page "
        f"({size:.0f} KB pages, {len(pages)} pages)"
    )
    for name, hostile in (
        ("unclosed <a", "<a " * (400_000 // 3)),
        ("unclosed links", '<a href="/x">word ' * (400_000 // 18)),
        ("unclosed <div><p>", "<div><p>word " * (400_000 // 13)),
    ):
        started = time.perf_counter()
        extract(hostile)
        print(f"hostile:      {(time.perf_counter() - started) * 1000:6.0f} ms  400 KB of {name}")


def _listing(work: Path, articles: int) -> None:
    from feed_store import build, time_listing

    path = work / "listing.sqlite3"
    rate = build(path, articles, 200)
    median, best, count = time_listing(path)
    print(
        f"listing:      {median:6.3f} s median ({best:.3f} s best) for {count:,} stored articles "
        f"(built at {rate:,.0f} entries/s)  [aim < 0.5 s]"
    )


if __name__ == "__main__":
    main()
