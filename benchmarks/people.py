"""Time the entity index at library scale: enrichment, typing while it runs, people/quotes queries.

    python benchmarks/people.py [--size 100000] [--work DIR] [--keep]

With ``--work DIR --keep`` the library is made once and reused, and the freshly built (not yet
enriched) index is kept beside it (``index{size}.fresh.sqlite``): later runs copy it instead of
building it again (rebuilt when the index schema changes).

Builds a synthetic library of real news paragraphs (``benchmarks/search.py``'s generator over
``../shared/corpora/polnear-train``: real names and quotations, 4-16 paragraphs an article), indexes
it, then enriches it as the app does (worker processes on both cores, low priority) while a thread
types search queries, and prints:

- enrichment: articles, seconds, articles a second and words a second (wall clock), and the CPU
  seconds each worker process spent (sampled from /proc), per article, with the load average: on a
  shared machine the wall clock counts other people's work, so the quiet-machine wall time is
  projected from CPU time (the busiest worker's CPU, and the total CPU spread over both cores);
- keystroke latency while enrichment runs (p50/p95/max, ms) and without it, for comparison;
- the summary refresh (merging names across the library) and the query times of ``people`` (most
  mentioned, most recent, by label), ``quotes`` (newest, by speaker, fuzzy speaker match) and an
  entity's articles.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = next(
    (folder / "shared" / "corpora" for folder in REPO.parents if (folder / "shared" / "corpora").is_dir()),
    REPO.parent / "shared" / "corpora",
)
sys.path.insert(0, str(REPO / "src"))
sys.path.insert(0, str(REPO / "benchmarks"))

from newstui.core.search import SearchIndex  # noqa: E402
from search import keystrokes, load_queries, make_library  # noqa: E402


def _ms(action: Callable[[], object], rounds: int = 5) -> tuple[float, object]:
    best = float("inf")
    result: object = None
    for _ in range(rounds):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best * 1000, result


def _typing(index: SearchIndex, queries: list[str], stop: threading.Event, out: list[float]) -> None:
    while not stop.is_set():
        for query in queries:
            for typed in keystrokes(query):
                if stop.is_set():
                    return
                started = time.perf_counter()
                index.search(typed, limit=50, typing=True)
                out.append((time.perf_counter() - started) * 1000)
                time.sleep(0.05)  # a fast typist: 20 keys a second


def _children() -> list[int]:
    """Process ids of this process's children (the enrichment workers)."""
    found: list[int] = []
    for task in Path("/proc/self/task").iterdir():
        try:
            found += [int(pid) for pid in (task / "children").read_text().split()]
        except OSError:
            continue
    return found


def _cpu_seconds(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime


class WorkerClock:
    """CPU seconds of each child process while a block runs (last reading before it exits), and the
    load average along the way."""

    def __init__(self) -> None:
        self.cpu: dict[int, float] = {}
        self.loads: list[float] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> WorkerClock:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        ticks = 0
        while not self._stop.wait(0.2):
            for pid in _children():
                seconds = _cpu_seconds(pid)
                if seconds is not None:
                    self.cpu[pid] = max(seconds, self.cpu.get(pid, 0.0))
            ticks += 1
            if ticks % 25 == 1:
                self.loads.append(os.getloadavg()[0])


def _spread(values: list[float]) -> str:
    if not values:
        return "no keystrokes"
    ordered = sorted(values)
    p95 = ordered[int(0.95 * (len(ordered) - 1))]
    median = statistics.median(ordered)
    return f"{len(values):,} keystrokes: p50 {median:.1f} ms, p95 {p95:.1f} ms, max {ordered[-1]:.1f} ms"


def time_queries(index: SearchIndex) -> None:
    """The summary refresh and the people/quotes/articles queries, best of a few runs each."""
    people = index.people
    ms, count = _ms(people.refresh, rounds=1)
    print(f"summary refresh (names merged across the library): {ms:.0f} ms, {count:,} entities")
    ms, top = _ms(lambda: people.people(limit=50))
    print(f"people --limit 50 (most mentioned): {ms:.1f} ms")
    ms, _ = _ms(lambda: people.people(limit=50, order="recent"))
    print(f"people by recency: {ms:.1f} ms")
    ms, _ = _ms(lambda: people.people(label="ORG", limit=50))
    print(f"people --label ORG: {ms:.1f} ms")
    ms, _ = _ms(lambda: people.people(limit=50, offset=5000))
    print(f"people, a page 5,000 rows down: {ms:.1f} ms")
    ms, _ = _ms(lambda: people.quotes(limit=50))
    print(f"quotes --limit 50 (newest): {ms:.1f} ms")
    assert isinstance(top, list)
    for person in top[:3]:
        ms, speakers = _ms(lambda name=person.name: people.speakers_like(name), rounds=2)
        assert isinstance(speakers, list)
        ms_q, _quotes = _ms(lambda s=speakers: people.quotes(speakers=s, limit=50))
        ms_a, _ = _ms(lambda p=person: people.articles(p.name, p.label, limit=50))
        print(
            f"{person.name} ({person.mentions:,} mentions, {person.articles:,} articles, "
            f"{person.quotes:,} quotes): fuzzy speaker match {ms:.0f} ms, quotes page {ms_q:.1f} ms, "
            f"articles page {ms_a:.1f} ms"
        )


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", type=int, default=100_000)
    parser.add_argument("--corpus", type=Path, default=SHARED / "polnear-train")
    parser.add_argument("--queries", type=Path, default=SHARED / "polnear-queries.jsonl")
    parser.add_argument("--work", type=Path, help="where to build (default: a temporary folder)")
    parser.add_argument("--keep", action="store_true", help="keep the library and index in --work")
    parser.add_argument(
        "--queries-only",
        action="store_true",
        help="only time the queries on the index already in --work (after a run that was stopped)",
    )
    args = parser.parse_args()
    if args.queries_only and args.work:
        index = SearchIndex(args.work / f"index{args.size}.sqlite")
        total = index.store.count()
        print(f"index of {total:,} articles, {total - index.store.pending():,} enriched")
        time_queries(index)
        index.close()
        return 0
    work = args.work or Path(tempfile.mkdtemp(prefix="newstui-people-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    library = work / f"lib{args.size}"
    db = work / f"index{args.size}.sqlite"
    typed = [q["query"] for q in load_queries(args.queries)[:40]]
    try:
        if not library.exists():
            started = time.perf_counter()
            make_library(library, args.size, args.corpus, seed=args.size)
            print(f"library of {args.size:,} articles made in {time.perf_counter() - started:.0f} s")
        fresh = work / f"index{args.size}.fresh.sqlite"
        db.unlink(missing_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        if fresh.exists():
            shutil.copyfile(fresh, db)
        index = SearchIndex(db)
        started = time.perf_counter()
        report = index.sync([library])
        print(f"index build: {time.perf_counter() - started:.0f} s ({report.added:,} added)")
        if args.keep and (report.added or not fresh.exists()):
            index.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            shutil.copyfile(db, fresh)
        words = index.store.conn.execute("SELECT sum(words) FROM docs WHERE enriched IS NULL").fetchone()[0]

        quiet: list[float] = []
        stop = threading.Event()
        typist = threading.Thread(target=_typing, args=(index, typed[:5], stop, quiet), daemon=True)
        typist.start()
        time.sleep(10)
        stop.set()
        typist.join()
        print(f"typing, nothing else running: {_spread(quiet)}")

        busy: list[float] = []
        stop = threading.Event()
        typist = threading.Thread(target=_typing, args=(index, typed, stop, busy), daemon=True)
        typist.start()
        load_before = os.getloadavg()
        started = time.perf_counter()
        own = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)
        midway: list[tuple[int, float, int]] = []

        steps: list[int] = []

        def progress(done: int, total: int) -> None:
            """Print how far it is every 10,000 articles (a run on a busy machine may have to be
            stopped), and halfway through refresh the summary as the People screen does."""
            if done // 10_000 > len(steps):
                steps.append(done)
                cpu = sum(clock.cpu.values())
                print(
                    f"  {done:,} of {total:,} enriched after {time.perf_counter() - started:.0f} s wall, "
                    f"workers' CPU {cpu:.0f} s ({cpu / done * 1000:.2f} ms an article), "
                    f"load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
            if not midway and done * 2 >= total:
                began = time.perf_counter()
                entities = index.people.refresh()
                midway.append((done, (time.perf_counter() - began) * 1000, entities))

        clock = WorkerClock()
        with clock:
            enriched = index.enrich(process=True, progress=progress)
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        own_after = resource.getrusage(resource.RUSAGE_SELF)
        worker_cpu = after.ru_utime + after.ru_stime - children.ru_utime - children.ru_stime
        main_cpu = own_after.ru_utime + own_after.ru_stime - own.ru_utime - own.ru_stime
        stop.set()
        typist.join()
        done = enriched.annotated + enriched.reused
        if done:
            print(
                f"enrichment: {done:,} articles in {seconds:.0f} s wall = {done / seconds:,.0f} articles/s, "
                f"{(words or 0) / seconds:,.0f} words/s (two worker processes, summary refresh included)"
            )
            print(
                f"  load average {load_before[0]:.1f} before, "
                + ", ".join(f"{load:.1f}" for load in clock.loads)
                + f" during (1-minute), on {os.cpu_count()} cores"
            )
            for number, (pid, cpu) in enumerate(sorted(clock.cpu.items()), 1):
                print(f"  worker {number} (pid {pid}): {cpu:.0f} s CPU")
            print(
                f"  worker CPU {worker_cpu:.0f} s = {worker_cpu / done * 1000:.2f} ms an article = "
                f"{(words or 0) / worker_cpu:,.0f} words/s a core; this process (writing the index, "
                f"the typist, the summary) {main_cpu:.0f} s CPU = {main_cpu / done * 1000:.2f} ms an article"
            )
            busiest = max(clock.cpu.values(), default=worker_cpu / 2)
            spread = (worker_cpu + main_cpu) / 2
            print(
                f"  quiet-machine projection: at least {max(busiest, spread):.0f} s "
                f"(the busiest worker's CPU {busiest:.0f} s; all CPU over two cores {spread:.0f} s)"
            )
        print(f"typing while enrichment runs: {_spread(busy)}")
        for done, ms, entities in midway:
            print(
                f"summary refresh while enrichment runs, at {done:,} articles: {ms:.0f} ms, "
                f"{entities:,} entities"
            )

        time_queries(index)
        index.close()
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
        elif not args.keep:
            shutil.rmtree(library, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
