"""Search benchmark: relevance on real news, and speed and size on synthetic libraries.

Relevance: the 840 PolNeAR articles and their 400 typo'd queries (title words and body phrases);
recall@5 and MRR@10 per kind, for newstui's index (as the CLI searches, and as the app searches while
typing: last word a prefix, fewer candidates) and for the naive rapidfuzz scan the issue gives as the
baseline (``process.extract`` with ``fuzz.partial_ratio`` and rapidfuzz's default processor over the full
texts).

Speed: libraries of N articles (``--sizes``) made in a temporary folder by recombining the real
paragraphs (seeded), then: index build time, size on disk, peak memory of the build, time to reopen,
and per-keystroke latency p50/p95/max typing each query one character at a time; plus the naive scan's
time a query on the same library (on a sample of queries: it takes seconds each at 100,000).

    python benchmarks/search.py                      # everything: 10,000 and 100,000
    python benchmarks/search.py --sizes 10000        # quicker
    python benchmarks/search.py --sizes 0            # relevance only
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import random
import resource
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from rapidfuzz import fuzz, process, utils

from newstui.core.library import find_files, read_article
from newstui.core.search import SearchIndex
from synthetic import write_articles

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared" / "corpora"


def load_queries(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def rank_of(target: str, names: list[str]) -> int | None:
    return names.index(target) + 1 if target in names else None


def summarize(ranks: dict[str, list[int | None]]) -> dict[str, tuple[float, float, int]]:
    """Per kind: recall@5, MRR@10 and the number of queries."""
    out = {}
    for kind, found in sorted(ranks.items()):
        recall = sum(1 for r in found if r is not None and r <= 5) / len(found)
        mrr = sum(1 / r for r in found if r is not None and r <= 10) / len(found)
        out[kind] = (recall, mrr, len(found))
    return out


def relevance(corpus: Path, queries: list[dict[str, str]], work: Path, show_misses: bool) -> None:
    print(f"== Relevance: {corpus} ({len(queries)} queries)")
    index = SearchIndex(work / "relevance.sqlite")
    started = time.perf_counter()
    index.sync([corpus])
    print(f"index built in {time.perf_counter() - started:.2f} s")
    ranks: dict[str, list[int | None]] = {}
    typed: dict[str, list[int | None]] = {}
    misses = []
    started = time.perf_counter()
    for query in queries:
        hits = index.search(query["query"], limit=10).hits
        rank = rank_of(query["target"], [Path(hit.path).name for hit in hits])
        ranks.setdefault(query["kind"], []).append(rank)
        if rank is None or rank > 5:
            misses.append((query["kind"], query["query"], rank))
    ours_ms = (time.perf_counter() - started) * 1000 / len(queries)
    for query in queries:
        hits = index.search(query["query"], limit=10, typing=True).hits
        typed.setdefault(query["kind"], []).append(
            rank_of(query["target"], [Path(h.path).name for h in hits])
        )
    report = index.enrich()
    minutes = 100_000 / max(report.rate, 1) / 60
    print(
        f"entity enrichment: {report.annotated} articles in {report.seconds:.1f} s "
        f"({report.rate:.0f} articles/s, one thread; 100,000 would take {minutes:.0f} min)"
    )
    enriched: dict[str, list[int | None]] = {}
    for query in queries:
        hits = index.search(query["query"], limit=10).hits
        enriched.setdefault(query["kind"], []).append(
            rank_of(query["target"], [Path(h.path).name for h in hits])
        )
    for kind, (recall, mrr, count) in summarize(enriched).items():
        print(f"  after enrichment: {kind:6} {count:4}  recall@5 {recall:.3f}  MRR@10 {mrr:.3f}")
    index.close()

    names, texts = [], []
    for candidate in find_files([corpus]):
        article = read_article(candidate)
        names.append(candidate.path.name)
        texts.append(article.text)
    naive: dict[str, list[int | None]] = {}
    started = time.perf_counter()
    for query in queries:
        found = process.extract(
            query["query"], texts, scorer=fuzz.partial_ratio, limit=10, processor=utils.default_process
        )
        naive.setdefault(query["kind"], []).append(rank_of(query["target"], [names[i] for _, _, i in found]))
    naive_ms = (time.perf_counter() - started) * 1000 / len(queries)

    ours, theirs, typing = summarize(ranks), summarize(naive), summarize(typed)
    print(
        f"{'kind':6} {'n':>4}  {'recall@5':>9} {'MRR@10':>7}   {'typing r@5':>10} {'MRR':>6}   "
        f"{'naive r@5':>9} {'MRR':>6}"
    )
    for kind, (recall, mrr, count) in ours.items():
        naive_recall, naive_mrr, _ = theirs[kind]
        typed_recall, typed_mrr, _ = typing[kind]
        print(
            f"{kind:6} {count:4}  {recall:9.3f} {mrr:7.3f}   {typed_recall:10.3f} {typed_mrr:6.3f}   "
            f"{naive_recall:9.3f} {naive_mrr:6.3f}"
        )
    print(f"time a query: newstui {ours_ms:.1f} ms, naive scan {naive_ms:.1f} ms")
    if show_misses:
        for kind, text, rank in misses:
            print(f"  miss [{kind}] {text!r}: rank {rank}")


# -- synthetic libraries --------------------------------------------------------------------------


def real_articles(corpus: Path) -> tuple[list[str], list[str], list[str]]:
    """Titles, paragraphs and source names of the real corpus."""
    titles, paragraphs, sources = [], [], []
    for candidate in find_files([corpus]):
        article = read_article(candidate)
        titles.append(article.title)
        paragraphs.extend(" ".join(article.paragraph_text(i).split()) for i in range(len(article.paragraphs)))
        sources.append(candidate.path.name.split("_", 1)[0])
    return titles, paragraphs, sorted(set(sources))


def make_library(folder: Path, size: int, corpus: Path, seed: int) -> None:
    """``size`` articles: a real title with two words from another, 4-16 real paragraphs, a date."""
    rng = random.Random(seed)
    titles, paragraphs, sources = real_articles(corpus)
    folder.mkdir(parents=True)
    write_articles(folder, size, (titles, paragraphs, sources), rng, folder_digits=3, number_digits=6)


def folder_size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


class PeakMemory:
    """Peak resident memory while a block runs (sampled; ru_maxrss only ever grows)."""

    def __enter__(self) -> PeakMemory:
        self.peak = self.base = _rss()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            self.peak = max(self.peak, _rss())

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, _rss())


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the build's reader processes)."""
    own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def _rss() -> int:
    with Path("/proc/self/statm").open() as handle:
        return int(handle.read().split()[1]) * resource.getpagesize()


def keystrokes(query: str) -> list[str]:
    return [query[:end] for end in range(1, len(query) + 1)]


def speed(
    size: int,
    corpus: Path,
    queries: list[dict[str, str]],
    work: Path,
    naive_sample: int,
    libraries: Path | None = None,
) -> None:
    print(f"\n== Synthetic library of {size:,} articles")
    library = (libraries or work) / f"lib{size}"
    if not library.is_dir():
        started = time.perf_counter()
        make_library(library, size, corpus, seed=size)
        print(f"made in {time.perf_counter() - started:.1f} s")
    db = work / f"index{size}.sqlite"
    gc.collect()
    before = _cpu()
    with PeakMemory() as memory:
        started = time.perf_counter()
        index = SearchIndex(db)
        report = index.sync([library])
        build = time.perf_counter() - started
    build_cpu = _cpu() - before
    index.close()
    # Big builds read files in worker processes: the largest one's peak is reported beside the main's.
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024
    readers = f", reader processes at most {children / 1e6:.0f} MB each" if children else ""
    text = sum(path.stat().st_size for path in library.rglob("*.txt"))
    print(
        f"build: {build:.1f} s, CPU {build_cpu:.1f} s ({report.added:,} articles), "
        f"size on disk {folder_size(db) / 1e6:.0f} MB ({folder_size(db) / text:.2f}x the text), "
        f"peak memory {memory.peak / 1e6:.0f} MB (+{(memory.peak - memory.base) / 1e6:.0f} MB){readers}"
    )

    started = time.perf_counter()
    index = SearchIndex(db)
    index.vocabulary  # noqa: B018 - loading the vocabulary is part of opening
    reopen = time.perf_counter() - started
    started = time.perf_counter()
    unchanged = index.sync([library])
    resync = time.perf_counter() - started
    print(
        f"reopen: {reopen * 1000:.0f} ms; re-sync with nothing changed: {resync:.1f} s "
        f"({unchanged.unchanged:,} unchanged)"
    )

    latencies, cpu = [], []
    for query in queries:
        for typed in keystrokes(query["query"]):
            started, used = time.perf_counter(), time.process_time()
            index.search(typed, limit=50, typing=True)
            latencies.append((time.perf_counter() - started) * 1000)
            cpu.append((time.process_time() - used) * 1000)
    latencies.sort()
    cpu.sort()
    p50 = statistics.median(latencies)
    p95 = latencies[int(0.95 * (len(latencies) - 1))]
    print(
        f"per keystroke ({len(latencies):,} keystrokes, {len(queries)} queries): p50 {p50:.1f} ms, "
        f"p95 {p95:.1f} ms, p99 {latencies[int(0.99 * (len(latencies) - 1))]:.1f} ms, "
        f"max {latencies[-1]:.1f} ms; CPU p50 {statistics.median(cpu):.1f} ms, "
        f"p95 {cpu[int(0.95 * (len(cpu) - 1))]:.1f} ms, max {cpu[-1]:.1f} ms (load {os.getloadavg()[0]:.1f})"
    )
    started = time.perf_counter()
    for query in queries:
        index.search(query["query"], limit=10)
    print(f"whole queries: {(time.perf_counter() - started) * 1000 / len(queries):.1f} ms a query")
    index.close()

    if naive_sample:
        texts = [read_article(c).text for c in find_files([library])]
        sample = queries[:naive_sample]
        started = time.perf_counter()
        for query in sample:
            process.extract(
                query["query"], texts, scorer=fuzz.partial_ratio, limit=10, processor=utils.default_process
            )
        naive = (time.perf_counter() - started) * 1000 / len(sample)
        print(f"naive rapidfuzz scan: {naive:.0f} ms a query ({len(sample)} queries)")
        del texts
    if libraries is None:
        shutil.rmtree(library)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--corpus", type=Path, default=SHARED / "polnear-train")
    parser.add_argument("--queries", type=Path, default=SHARED / "polnear-queries.jsonl")
    parser.add_argument("--sizes", default="10000,100000", help="synthetic library sizes; 0 for none")
    parser.add_argument("--typing-queries", type=int, default=100, help="queries typed per library")
    parser.add_argument("--naive-sample", type=int, default=10, help="queries for the naive scan timing")
    parser.add_argument("--no-relevance", action="store_true")
    parser.add_argument("--misses", action="store_true", help="list the queries missed in the top 5")
    parser.add_argument("--work", type=Path, help="where to build (default: a temporary folder)")
    parser.add_argument(
        "--libraries", type=Path, help="keep the synthetic libraries here (libN) and reuse them on later runs"
    )
    args = parser.parse_args(argv)
    if not args.corpus.is_dir() or not args.queries.is_file():
        print(f"no corpus at {args.corpus} or queries at {args.queries}", file=sys.stderr)
        return 2
    queries = load_queries(args.queries)
    work = args.work or Path(tempfile.mkdtemp(prefix="newstui-search-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        if not args.no_relevance:
            relevance(args.corpus, queries, work, args.misses)
        typed = random.Random(0).sample(queries, min(args.typing_queries, len(queries)))
        for size in (int(s) for s in args.sizes.split(",") if s.strip() and int(s) > 0):
            speed(size, args.corpus, typed, work, args.naive_sample, args.libraries)
    finally:
        if args.work is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
