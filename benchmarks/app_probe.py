"""The headless app measured from inside, in a child process of its own: the one probe every benchmark runs.

    python benchmarks/app_probe.py --home DIR [--folder PATH | --data DIR --expected N] [--keys N] [--index]

Prints one JSON line: ``first_title_s`` (from ``make_app()`` until the list draws a title, and for a
folder the reader an article), ``all_listed_s`` (until the load progress bar is gone and, for a feed
store, ``--expected`` articles are listed), ``listed_cpu_s`` (the process's CPU time by then),
``listed_rss_mb``; with ``--keys`` the latency of j/k/pagedown in the list (``key_p50_ms`` ...: from the
key event entering the app, as the terminal driver sends it, to the cursor having moved); with
one cursor move plus drawing every visible row (``move_and_render_page_ms``); with
``--index`` the time until the search index is built (``indexed_s``) and the memory then; always
``peak_rss_mb``. The home (XDG and newstui directories) is ``--home``, so a run never touches the real one.
Run by :mod:`harness`; never asserts.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import os
import resource
import signal
import statistics
import sys
import time
from pathlib import Path


def rss_mb() -> float:
    with open("/proc/self/statm") as handle:  # noqa: PTH123
        return int(handle.read().split()[1]) * resource.getpagesize() / 1e6


def point_home(home: Path, data: Path | None) -> None:
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(home / var)
    for var in ("CONFIG", "CACHE"):
        os.environ[f"NEWSTUI_{var}_DIR"] = str(home / var.lower())
    os.environ["NEWSTUI_DATA_DIR"] = str(data if data is not None else home / "data")


def end_children() -> None:
    """Kill this process's child processes (read from /proc: pools keep no list one can reach)."""
    me = str(os.getpid())
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if fields[1] == me:
            with contextlib.suppress(OSError):
                os.kill(int(stat.parent.name), signal.SIGKILL)


KEYS = [("j", "j")] * 60 + [("k", "k")] * 20 + [("pagedown", None)] * 20


async def probe(args: argparse.Namespace) -> dict[str, object]:
    from textual import events

    from newstui.core.settings import Settings
    from newstui.ui.app import make_app
    from newstui.ui.widgets.article_list import ArticleList
    from newstui.ui.widgets.reader import Reader

    t0 = time.perf_counter()
    paths = [args.folder] if args.folder else None
    app = make_app(paths, settings=Settings(fetch_on_start=False))
    figures: dict[str, object] = {}
    first = everything = None
    found = None  # (screen, list, reader, progress bar), looked up once per screen: the DOM queries of a
    # poll every 5 ms were ~15% of the process CPU at 100,000 articles (py-spy)
    async with app.run_test(size=(120, 40)) as pilot:
        while first is None or everything is None:
            await asyncio.sleep(0.005)
            if time.perf_counter() - t0 > args.give_up:
                raise SystemExit(f"gave up: not listed in {args.give_up} s")
            screen = app.screen
            if found is None or found[0] is not screen:
                if not screen.query(ArticleList):
                    continue
                found = (
                    screen,
                    screen.query_one(ArticleList),
                    screen.query_one(Reader),
                    screen.query_one("#progress"),
                )
            _, articles, reader, progress = found
            shown = articles.entries and (args.folder is None or reader.article is not None)
            if first is None and shown and "".join(s.text for s in articles.render_line(0)).strip():
                first = time.perf_counter() - t0
            loading = progress.display
            enough = not loading and len(articles.listing) >= args.expected and articles.entries
            if everything is None and first is not None and enough:
                everything = time.perf_counter() - t0
                figures["listed_cpu_s"] = time.process_time()
        figures.update(first_title_s=first, all_listed_s=everything, listed=len(articles.listing))
        figures["listed_rss_mb"] = rss_mb()
        if args.keys:
            figures.update(await keys(app, pilot, articles, events))
        if args.index:
            building = lambda: any(w.group == "index" and not w.is_finished for w in app.workers)  # noqa: E731
            while building() or app.search_index is None:
                await asyncio.sleep(0.05)
            figures["indexed_s"] = time.perf_counter() - t0
            figures["final_rss_mb"] = rss_mb()
        figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        if not args.index:  # the index may still be building: leave without waiting for it
            print(json.dumps(figures), flush=True)
            end_children()  # the index's worker processes hold our stdout open
            os._exit(0)
    return figures


async def keys(app, pilot, articles, events) -> dict[str, float]:
    articles.focus()
    await pilot.pause()
    timings: list[float] = []
    missed = 0
    for key, char in KEYS:
        before = articles.cursor
        event = events.Key(key, char)
        event.set_sender(app)
        started = time.perf_counter()
        app._driver.send_message(event)  # exactly what a terminal key press does
        while articles.cursor == before and time.perf_counter() - started < 2:
            await asyncio.sleep(0)
        if articles.cursor == before:
            missed += 1
        else:
            timings.append((time.perf_counter() - started) * 1000)
        await pilot.pause()
    timings.sort()
    started = time.perf_counter()
    articles.action_cursor_down()
    for y in range(articles.size.height):
        articles.render_line(y)
    paint = (time.perf_counter() - started) * 1000
    return {
        "move_and_render_page_ms": paint,
        "key_p50_ms": statistics.median(timings),
        "key_p95_ms": timings[int(0.95 * (len(timings) - 1))],
        "key_max_ms": timings[-1],
        "missed": missed,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--home", type=Path, required=True)
    parser.add_argument("--folder", type=Path, help="a folder library to open (else the data dir's feeds)")
    parser.add_argument("--data", type=Path, help="the data directory (its feed store is listed)")
    parser.add_argument("--expected", type=int, default=1, help="articles to wait for")
    parser.add_argument("--keys", action="store_true", help="measure j/k/pagedown latency")
    parser.add_argument("--index", action="store_true", help="wait for the search index to be built")
    parser.add_argument("--give-up", type=float, default=3600)
    args = parser.parse_args()
    point_home(args.home, args.data)
    print(json.dumps(asyncio.run(probe(args))), flush=True)


if __name__ == "__main__":
    sys.exit(main())
