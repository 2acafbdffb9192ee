"""The app on feeds: time to first titles with 100,000 stored feed articles, and typing during a fetch.

Usage: ``python benchmarks/feeds_app.py [--articles 100000] [--feeds 200] [--fetch-feeds 50] [--work DIR]``

Prints figures (never asserts). Each measurement runs the headless app in a fresh child process:

- **first titles**: from ``make_app()`` to the article list drawing its first row, with a store of
  ``--articles`` feed articles (built once with ``benchmarks/feed_store.py``'s builder and reused), no
  network (``fetch_on_start`` off); then until every stored article is listed. Aim: first titles
  within 1 s.
- **typing during a fetch**: ``R`` starts a fetch of ``--fetch-feeds`` feeds served from 127.0.0.1 (the
  tests' feed server, each answering after a short delay, 50 entries each); meanwhile ``j``/``k`` key events
  go in as the terminal driver sends them, and the time until the list's cursor has moved is recorded.
  Aim: within one frame (16.7 ms at 60 Hz). The same keys with no fetch running are the baseline.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # the tests' feed server
import harness

TYPING = r"""
import asyncio, json, sys, time
from textual import events
from newstui.core.settings import Settings
from newstui.ui.app import make_app
from newstui.ui.widgets.article_list import ArticleList

async def keys(app, pilot, articles, count, running=None):
    timings, during = [], 0
    for n in range(count):
        if running is not None and n > 20 and not running():
            break
        key = "j" if (n // 10) % 2 == 0 else "k"
        before = articles.cursor
        event = events.Key(key, key)
        event.set_sender(app)
        t = time.perf_counter()
        app._driver.send_message(event)  # what a terminal key press does
        while articles.cursor == before and time.perf_counter() - t < 2:
            await asyncio.sleep(0)
        timings.append((time.perf_counter() - t) * 1000)
        if running is not None and running():
            during += 1
        await asyncio.sleep(0.01)
    return sorted(timings), during

def pct(values, p):
    return values[min(len(values) - 1, int(len(values) * p))]

async def main():
    app = make_app(settings=Settings(fetch_on_start=False))
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        articles = app.screen.query_one(ArticleList)
        articles.focus()
        articles.move(5)
        idle, _ = await keys(app, pilot, articles, 60)
        started = time.perf_counter()
        await pilot.press("R")
        running = lambda: any(w.group == "feed-refresh" and w.is_running for w in app.workers)
        busy, during = await keys(app, pilot, articles, 3000, running)
        while running():
            await asyncio.sleep(0.05)
        fetch_s = time.perf_counter() - started
        status = str(app.screen.query_one("#status").render())
    print(json.dumps({
        "idle_p50": pct(idle, 0.5), "idle_p95": pct(idle, 0.95), "idle_max": idle[-1],
        "busy_p50": pct(busy, 0.5), "busy_p95": pct(busy, 0.95), "busy_max": busy[-1],
        "keys_during_fetch": during, "fetch_s": fetch_s, "status": status,
    }))

asyncio.run(main())
"""


def environment(home: Path) -> dict[str, str]:
    """A home of newstui's own in ``home`` (data, config and cache directories)."""
    return {f"NEWSTUI_{var}_DIR": str(home / var.lower()) for var in ("DATA", "CONFIG", "CACHE")}


def first_titles(work: Path, articles: int, feeds: int) -> None:
    from feed_store import build

    store = work / f"feeds-{articles}-{feeds}.sqlite3"
    if not store.exists():
        rate = build(store, articles, feeds)
        print(f"built a store of {articles:,} articles in {feeds} feeds ({rate:,.0f} entries/s)")
    with tempfile.TemporaryDirectory() as home:  # the same app on the one bundled article: the floor
        figures = harness.app(Path(home))
        print(f"baseline, the app on the bundled article alone: first title {figures['first_title_s']:.2f} s")
    with tempfile.TemporaryDirectory() as home:
        data = Path(home) / "data"
        data.mkdir()
        shutil.copy(store, data / "feeds.sqlite3")
        for run in ("first", "second"):
            figures = harness.app(Path(home), data=data, expected=articles)
            print(
                f"app with {figures['listed']:,} stored feed articles ({run} run): first titles on screen "
                f"{figures['first_title_s']:.2f} s, all listed {figures['all_listed_s']:.2f} s"
            )


def _rss(number: int, base: str, entries: int, skip: int) -> str:
    """Feed ``number`` with entries ``skip`` to ``entries - 1`` (a later version adds the first ones)."""
    items = "".join(
        f"<item><title>Feed {number} story {i}</title><link>{base}/story/{number}/{i}</link>"
        f"<guid>f{number}-{i}</guid><pubDate>Mon, 03 Jan 2022 {i % 24:02d}:{i % 60:02d}:00 +0000</pubDate>"
        f"<description>{'Harbour news and council business. ' * 40}</description></item>"
        for i in range(skip, entries)
    )
    channel = f"<channel><title>Feed {number}</title>{items}</channel>"
    return f'<?xml version="1.0"?><rss version="2.0">{channel}</rss>'


def typing(feeds: int) -> None:
    from tests.feedserver import FeedServer

    from newstui.core.feeds.store import FeedStore
    from newstui.core.feeds.update import update_feeds

    with tempfile.TemporaryDirectory() as home, FeedServer() as server:
        env = environment(Path(home))
        with FeedStore.in_dir(Path(home) / "data") as store:
            # stored already: 25 entries a feed; the fetch under test brings 25 more to each
            for number in range(feeds):
                url = server.add(f"/bench/{number}.xml", _rss(number, server.url(""), 50, 25))
                store.add_feed(url, full_text="never")
            update_feeds(store, full_text=False)
            for number in range(feeds):
                server.add(f"/bench/{number}.xml", _rss(number, server.url(""), 50, 0), delay=0.2)
        figures = harness.child(TYPING, env=env)
    print(
        f"keys with no fetch: p50 {figures['idle_p50']:.1f} ms, p95 {figures['idle_p95']:.1f} ms, "
        f"max {figures['idle_max']:.1f} ms"
    )
    print(
        f"keys during a fetch of {feeds} feeds ({figures['keys_during_fetch']} keys while it ran, "
        f"fetch {figures['fetch_s']:.1f} s): p50 {figures['busy_p50']:.1f} ms, "
        f"p95 {figures['busy_p95']:.1f} ms, max {figures['busy_max']:.1f} ms (a frame is 16.7 ms)"
    )
    print(f"status line after the fetch: {figures['status']}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--fetch-feeds", type=int, default=50)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "newstui-bench-feeds")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} cores")
    first_titles(args.work, args.articles, args.feeds)
    typing(args.fetch_feeds)
    print(f"load average after: {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
