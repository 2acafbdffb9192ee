"""Startup benchmark: load time, peak memory and time to first title for 1k, 10k and 100k articles.

Usage: ``python benchmarks/startup.py [--sizes 1000 10000 100000] [--work /tmp/newstui-bench]``

Each measurement runs in a fresh child process so peak memory (max RSS) belongs to that step alone.
Generated libraries are kept in ``--work`` and reused across runs (same seed, same files).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import harness
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


def core(folder: Path) -> dict[str, float]:
    return harness.child(CORE, str(folder))


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
        figures = core(folder)
        with tempfile.TemporaryDirectory() as home:
            for run in ("cold", "warm"):  # warm: the listing cache from the cold run is in place
                app = harness.app(Path(home), folder=folder, keys=True)
                print(
                    f"{size:>9,} {figures['load_s']:>9.2f}s {figures['peak_rss_mb']:>7.0f}MB "
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
