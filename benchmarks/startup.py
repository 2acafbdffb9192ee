"""Startup benchmark: load time, peak memory and time to first title for 1k, 10k and 100k articles.

Usage: ``python benchmarks/startup.py [--sizes 1000 10000 100000] [--work /tmp/newstui-bench]``

Each measurement runs in a fresh child process so peak memory (max RSS) belongs to that step alone.
Generated libraries are kept in ``--work`` and reused across runs (same seed, same files).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import generate

CORE = r"""
import json, resource, sys, time
from pathlib import Path
from newstui.core.library import Library
t0 = time.perf_counter()
library = Library([Path(sys.argv[1])])
report = library.load()
elapsed = time.perf_counter() - t0
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"articles": report.loaded, "load_s": elapsed, "peak_rss_mb": rss}))
"""

APP = r"""
import asyncio, json, os, resource, sys, time
from pathlib import Path
home = sys.argv[2]
for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
    os.environ[var] = os.path.join(home, var)
from textual import events
from newstui.ui.app import make_app
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.reader import Reader

async def main():
    t0 = time.perf_counter()
    app = make_app([Path(sys.argv[1])])
    first = everything = None
    async with app.run_test(size=(120, 40)) as pilot:
        while first is None or everything is None:
            await asyncio.sleep(0.005)
            if time.perf_counter() - t0 > 900:
                raise SystemExit("gave up: the library did not finish loading in 15 minutes")
            screen = app.screen
            if not screen.query(ArticleList):
                continue
            articles = screen.query_one(ArticleList)
            reader = screen.query_one(Reader)
            line = "".join(s.text for s in articles.render_line(0))
            if first is None and articles.entries and reader.article is not None and line.strip():
                first = time.perf_counter() - t0
            if everything is None and not screen.query_one("#progress").display and articles.entries:
                everything = time.perf_counter() - t0
        articles.focus()
        await pilot.pause()
        timings = []
        missed = 0
        for key, char in [("j", "j")] * 60 + [("k", "k")] * 20 + [("pagedown", None)] * 20:
            before = articles.cursor
            event = events.Key(key, char)
            event.set_sender(app)
            t = time.perf_counter()
            app._driver.send_message(event)  # exactly what a terminal key press does
            deadline = t + 2
            while articles.cursor == before and time.perf_counter() < deadline:
                await asyncio.sleep(0)
            if articles.cursor == before:
                missed += 1
            else:
                timings.append((time.perf_counter() - t) * 1000)
            await pilot.pause()
        t = time.perf_counter()
        articles.action_cursor_down()
        lines = [articles.render_line(y) for y in range(articles.size.height)]
        render_ms = (time.perf_counter() - t) * 1000
    timings.sort()
    print(json.dumps({
        "first_title_s": first, "all_listed_s": everything, "listed": len(articles.entries),
        "key_p50_ms": timings[len(timings) // 2], "key_p95_ms": timings[int(len(timings) * 0.95)],
        "move_and_render_page_ms": render_ms, "missed": missed,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))

asyncio.run(main())
"""


def child(code: str, folder: Path, home: str = "") -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-c", code, str(folder), home], capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10_000, 100_000])
    parser.add_argument("--work", type=Path, default=Path("/tmp/newstui-bench"))
    args = parser.parse_args()
    print(
        f"{'articles':>9} {'core load':>10} {'core RSS':>9} {'1st title':>10} {'all listed':>11} "
        f"{'cache':>5} {'key p50':>8} {'key p95':>8} {'move+paint':>11} {'app RSS':>8}"
    )
    for size in args.sizes:
        folder = generate(args.work / f"lib-{size}", size)
        core = child(CORE, folder)
        with tempfile.TemporaryDirectory() as home:
            for run in ("cold", "warm"):  # warm: the listing cache from the cold run is in place
                app = child(APP, folder, home)
                print(
                    f"{size:>9,} {core['load_s']:>9.2f}s {core['peak_rss_mb']:>7.0f}MB "
                    f"{app['first_title_s']:>9.2f}s {app['all_listed_s']:>10.2f}s {run:>5} "
                    f"{app['key_p50_ms']:>6.1f}ms {app['key_p95_ms']:>6.1f}ms "
                    f"{app['move_and_render_page_ms']:>9.1f}ms {app['peak_rss_mb']:>6.0f}MB",
                    flush=True,
                )
    print("key p50/p95: from a key event entering the app (as the terminal driver sends it) to the list's")
    print("cursor having moved, in the headless app;")
    print("move+paint: one cursor move plus rendering every visible row of the list, measured directly.")


if __name__ == "__main__":
    main()
