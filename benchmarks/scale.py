"""Scale benchmark: one table of start-up, list, search and memory figures at 1,000 to 1,000,000 articles.

    python benchmarks/scale.py                         # folders 1k/10k/100k, feed store 1k/10k/100k/1M
    python benchmarks/scale.py --sizes 1000000 --feed-sizes 0    # the 1,000,000-file library (slow)
    python benchmarks/scale.py --sizes 10000 --no-search         # quicker
    make bench

Two kinds of library, each measured in fresh child processes so peak memory belongs to that step:

* a folder library of N ``.txt`` files made from the real PolNeAR paragraphs (recombined, seeded; 1,000
  files a sub-folder), about 3.5 KB each;
* a feed store of N stored articles in 200 feeds, written straight into the store's tables.

For the folder library, the app (headless, 120x40) is started twice on a fresh home: ``cold`` (no
listing cache, no search index) and ``warm`` (both from the cold run). "first titles" is the time until
the list shows a title and the reader an article; "all listed" until the load progress bar is gone, and
"app CPU" the CPU time the app process had used by then (start-up included: on a shared machine wall
time mostly measures the other processes); "key"
is the latency of j/k/pagedown in the list (p50/p95/max, from the key event entering the app to the
cursor having moved), measured while the search index builds in the background; "app MB" is the
process's peak resident memory once listing and the index build are done (with ``--no-search``, the
app is left before its index is built: the peak is then of listing and the keys alone). Files are in
the page cache (just written): "cold" means no newstui cache, not a cold disk. The search columns
come from a separate process: the index built from scratch (time; size on disk and as a multiple of
the text), then the 100 PolNeAR queries typed one character at a time (``typing=True``, 50 results),
per-keystroke latency.

For the feed store: the same app figures with the store as the data directory's feed store (no
network, ``fetch_on_start`` off; "cold" and "warm" are two starts on the same store: only the OS page
cache differs), and in the search column the time the core takes to query the first 100 rows from a
freshly opened store (the indexed query the first screen comes from).

Generated data lives in ``--work`` (default /tmp/newstui-scale) and is reused across runs; ``--clean``
removes it at the end. Prints figures, never asserts.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import shutil
import sqlite3
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness
from synthetic import news_library, real_parts

REPO = Path(__file__).resolve().parents[1]
SHARED = next(
    (parent / "shared" / "corpora" for parent in REPO.parents if (parent / "shared" / "corpora").is_dir()),
    REPO.parent / "shared" / "corpora",
)
CORPUS = SHARED / "polnear-train"
QUERIES = SHARED / "polnear-queries.jsonl"

# -- generated data -------------------------------------------------------------------------------


def feed_store(work: Path, size: int, feeds: int = 200) -> Path:
    """A feed store of ``size`` articles over ``feeds`` feeds, rows written straight into its tables."""
    from newstui.core.feeds.store import FeedStore

    folder = work / f"feeds-{size}"
    path = folder / "feeds.sqlite3"
    marker = work / f".feeds-{size}-complete"
    if marker.exists():
        return path
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    started = time.perf_counter()
    with FeedStore(path) as store:
        for number in range(feeds):
            store.add_feed(f"https://site{number}.example/feed.xml", title=f"Site {number}")
    rng = random.Random(size)
    titles, paragraphs, _ = real_parts(CORPUS)
    now = datetime(2026, 6, 1, tzinfo=UTC).timestamp()
    db = sqlite3.connect(path)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("PRAGMA synchronous=OFF")
    keys = [row[0] for row in db.execute("SELECT key FROM feeds")]
    batch = []
    for number in range(size):
        feed = keys[number % len(keys)]
        when = now - number * 60.0 - rng.random() * 30
        body = "\n\n".join(rng.sample(paragraphs, 2))
        title = rng.choice(titles)
        batch.append(
            (f"{number:016x}", feed, f"urn:{number}", f"https://site{feed}.example/{number}", title, "Desk",
             when, when, f"<p>{body}</p>", body, len(body.split()), f"{number:032x}", number % 3 == 0, when)
        )  # fmt: skip
        if len(batch) == 20_000 or number == size - 1:
            with db:
                db.executemany(
                    "INSERT INTO articles (id, feed, guid, link, title, author, published, sort_time, "
                    "content, body, words, entry_hash, read, first_seen) "
                    "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    batch,
                )
            batch = []
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    marker.touch()
    print(f"  (stored {size:,} feed articles in {time.perf_counter() - started:.0f} s)", file=sys.stderr)
    return path


def text_bytes(folder: Path) -> int:
    total = 0
    for dirpath, _dirs, files in os.walk(folder):
        total += sum(os.stat(os.path.join(dirpath, name)).st_size for name in files)  # noqa: PTH116,PTH118
    return total


# -- measuring children ---------------------------------------------------------------------------

SEARCH = r"""
import json, os, resource, statistics, sys, time
from pathlib import Path
from newstui.core.search import SearchIndex
library, db, queries = Path(sys.argv[1]), Path(sys.argv[2]), sys.argv[3]
typed = [json.loads(line)["query"] for line in open(queries, encoding="utf-8")]
started = time.perf_counter()
index = SearchIndex(db)
report = index.sync([library])
build = time.perf_counter() - started
index.close()
size = sum(p.stat().st_size for p in db.parent.glob(db.name + "*"))
index = SearchIndex(db)
index.vocabulary
latencies = []
slowest = []
for query in typed:
    for end in range(1, len(query) + 1):
        started = time.perf_counter()
        index.search(query[:end], limit=50, typing=True)
        ms = (time.perf_counter() - started) * 1000
        latencies.append(ms)
        slowest.append((ms, query[:end]))
cpu = time.process_time()
latencies.sort()
slowest.sort(reverse=True)
print(json.dumps({
    "build_s": build, "indexed": report.added, "index_bytes": size, "keys": len(latencies),
    "p50_ms": statistics.median(latencies), "p95_ms": latencies[int(0.95 * (len(latencies) - 1))],
    "max_ms": latencies[-1], "slowest": [q for _, q in slowest[:8]],
    "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""

FEEDS = r"""
import json, resource, sys, time
from pathlib import Path
t0 = time.perf_counter()
from newstui.core.feeds.store import FeedStore
from newstui.core.sources.stored import StoredSource
imported = time.perf_counter() - t0
t0 = time.perf_counter()
store = FeedStore(Path(sys.argv[1]))
source = StoredSource(store)
batches = source.iter_load()
first_batch, _ = next(batches)
first = time.perf_counter() - t0
titles = [meta.title for meta in first_batch[:40]]
count = len(first_batch)
for batch, _ in batches:
    count += len(batch)
every = time.perf_counter() - t0
t = time.perf_counter()
listing = store.list_articles(limit=100)
page = time.perf_counter() - t
print(json.dumps({
    "first_title_s": first, "all_listed_s": every, "listed": count, "import_s": imported,
    "first_page_ms": page * 1000, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
}))
"""


# -- the table ------------------------------------------------------------------------------------

COLUMNS = (
    ("library", 14),
    ("1st titles cold/warm", 21),
    ("all listed cold/warm", 21),
    ("app CPU cold/warm", 18),
    ("list key p50/p95/max ms", 24),
    ("search key p50/p95/max ms", 26),
    ("index build", 12),
    ("index size", 16),
    ("app MB", 7),
)


def row(cells: list[str]) -> str:
    return " | ".join(cell.ljust(width) for cell, (_, width) in zip(cells, COLUMNS, strict=True))


def secs(value: float | None) -> str:
    if value is None:
        return "-"
    return f"{value:.2f} s" if value < 10 else f"{value:.0f} s"


def measure_folder(work: Path, size: int, search: bool) -> tuple[list[str], dict]:
    folder = news_library(work, size, CORPUS)
    home = work / f"home-{size}"
    shutil.rmtree(home, ignore_errors=True)
    # without search, the app is left while its index still builds: listing and memory figures only
    cold = harness.app(home, folder=folder, keys=True, index=search)
    warm = harness.app(home, folder=folder, keys=True, index=search)
    shutil.rmtree(home, ignore_errors=True)
    figures: dict = {"cold": cold, "warm": warm}
    index_cells = ["-", "-", "-"]
    if search:
        db = work / f"index-{size}.sqlite"
        for old in db.parent.glob(db.name + "*"):
            old.unlink()
        found = harness.child(SEARCH, str(folder), str(db), str(QUERIES))
        for old in db.parent.glob(db.name + "*"):
            old.unlink()
        found["text_bytes"] = text_bytes(folder)
        figures["search"] = found
        ratio = found["index_bytes"] / max(found["text_bytes"], 1)
        index_cells = [
            f"{found['p50_ms']:.1f} / {found['p95_ms']:.1f} / {found['max_ms']:.0f}",
            secs(found["build_s"]),
            f"{found['index_bytes'] / 1e6:,.0f} MB ({ratio:.2f}x)",
        ]
    cells = [
        f"{size:,} files",
        f"{secs(cold['first_title_s'])} / {secs(warm['first_title_s'])}",
        f"{secs(cold['all_listed_s'])} / {secs(warm['all_listed_s'])}",
        f"{secs(cold['listed_cpu_s'])} / {secs(warm['listed_cpu_s'])}",
        f"{warm['key_p50_ms']:.1f} / {warm['key_p95_ms']:.1f} / {warm['key_max_ms']:.0f}",
        index_cells[0],
        index_cells[1],
        index_cells[2],
        f"{max(cold['peak_rss_mb'], warm['peak_rss_mb']):.0f}",
    ]
    return cells, figures


def measure_feeds(work: Path, size: int) -> tuple[list[str], dict]:
    path = feed_store(work, size)
    core = [harness.child(FEEDS, str(path)) for _ in range(3)]
    home = work / f"home-feeds-{size}"
    runs = []
    for _ in range(2):  # the store is the same both times: the second start has its pages cached
        shutil.rmtree(home, ignore_errors=True)
        runs.append(harness.app(home, data=path.parent, expected=size, keys=True))
    shutil.rmtree(home, ignore_errors=True)
    cold, warm = runs
    first_page = statistics.median(r["first_page_ms"] for r in core)
    cells = [
        f"{size:,} stored",
        f"{secs(cold['first_title_s'])} / {secs(warm['first_title_s'])}",
        f"{secs(cold['all_listed_s'])} / {secs(warm['all_listed_s'])}",
        f"{secs(cold['listed_cpu_s'])} / {secs(warm['listed_cpu_s'])}",
        f"{warm['key_p50_ms']:.1f} / {warm['key_p95_ms']:.1f} / {warm['key_max_ms']:.0f}",
        f"1st 100 rows {first_page:.1f} ms",
        "-",
        "-",
        f"{max(r['peak_rss_mb'] for r in runs):.0f}",
    ]
    return cells, {"core": core, "app": runs}


def sizes(text: str) -> list[int]:
    return [int(s.replace("_", "")) for s in text.split(",") if s.strip() and int(s) > 0]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sizes", default="1000,10000,100000", help="folder library sizes (0: none)")
    parser.add_argument(
        "--feed-sizes", default="1000,10000,100000,1000000", help="feed store sizes (0: none)"
    )
    parser.add_argument("--work", type=Path, default=Path("/tmp/newstui-scale"))
    parser.add_argument("--no-search", action="store_true", help="skip the index build and typing")
    parser.add_argument("--json", type=Path, help="also write every figure to this file")
    parser.add_argument("--clean", action="store_true", help="remove the generated data at the end")
    args = parser.parse_args(argv)
    if not CORPUS.is_dir() or not QUERIES.is_file():
        print(f"no corpus at {CORPUS} or queries at {QUERIES}", file=sys.stderr)
        return 2
    args.work.mkdir(parents=True, exist_ok=True)
    load = os.getloadavg()
    print(f"machine: {os.cpu_count()} cores; load average at start {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    print(row([name for name, _ in COLUMNS]))
    print(row(["-" * width for _, width in COLUMNS]))
    everything: dict = {"load_start": load}
    try:
        for size in sizes(args.sizes):
            cells, figures = measure_folder(args.work, size, not args.no_search)
            everything[f"folder-{size}"] = figures
            print(row(cells), flush=True)
        for size in sizes(args.feed_sizes):
            cells, figures = measure_feeds(args.work, size)
            everything[f"feeds-{size}"] = figures
            print(row(cells), flush=True)
    finally:
        if args.clean:
            shutil.rmtree(args.work, ignore_errors=True)
    load = os.getloadavg()
    everything["load_end"] = load
    print(f"load average at the end {load[0]:.1f} {load[1]:.1f} {load[2]:.1f}")
    if args.json:
        args.json.write_text(json.dumps(everything, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    resource.setrlimit(resource.RLIMIT_CORE, (0, 0))
    sys.exit(main())
