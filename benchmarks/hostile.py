"""Replay the hostile-input corpus and print the tally: cases, crashes, hangs, escapes leaked, data lost.

    python benchmarks/hostile.py [--timeout SECONDS] [--only TEXT]

Each case of ``tests/hostile_corpus.py`` runs in its own process (so a hang can be stopped and counted)
with the XDG folders pointed at a temporary home. A case is a crash if it raises, a hang if it does not
finish within ``--timeout`` (default 10 s), leaks if what it printed holds an escape or control
character, and loses data if something the user kept is gone. The target is 0 / 0 / 0 / 0 with the
slowest case under 2 s.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import time
import traceback
from multiprocessing.connection import Connection
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))


def _run_case(index: int, pipe: Connection) -> None:
    from tests.hostile_corpus import CASES, leaks

    case = CASES[index]
    with tempfile.TemporaryDirectory(prefix="newstui-hostile-") as home:
        for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
            os.environ[var] = str(Path(home) / var.lower())
        os.environ["HOME"] = home
        os.environ["NEWSTUI_DATA_DIR"] = str(Path(home) / "data")
        work = Path(home) / "case"
        work.mkdir()
        started = time.perf_counter()
        try:
            outcome = case.run(work)
        except BaseException:
            pipe.send(("crash", time.perf_counter() - started, traceback.format_exc(limit=4), 0, []))
            return
        elapsed = time.perf_counter() - started
        pipe.send(("ok", elapsed, "", len(leaks(outcome.output)), outcome.lost))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds before a case counts as a hang")
    parser.add_argument("--only", default="", help="run only cases whose name contains this")
    args = parser.parse_args()
    from tests.hostile_corpus import CASES

    context = multiprocessing.get_context("fork")
    crashes = hangs = leaked = lost = 0
    slowest = (0.0, "")
    chosen = [i for i, case in enumerate(CASES) if args.only in case.name]
    for index in chosen:
        case = CASES[index]
        receiver, sender = context.Pipe(duplex=False)
        process = context.Process(target=_run_case, args=(index, sender))
        started = time.perf_counter()
        process.start()
        sender.close()
        if receiver.poll(args.timeout):
            status, elapsed, detail, leak_count, lost_items = receiver.recv()
        else:
            status, elapsed, detail, leak_count, lost_items = "hang", time.perf_counter() - started, "", 0, []
            process.kill()
        process.join()
        crashes += status == "crash"
        hangs += status == "hang"
        leaked += leak_count > 0
        lost += bool(lost_items)
        if elapsed > slowest[0]:
            slowest = (elapsed, case.name)
        flag = "" if status == "ok" and not leak_count and not lost_items else "  <-- " + status.upper()
        if leak_count:
            flag += f" {leak_count} escape/control characters printed"
        if lost_items:
            flag += f" lost: {', '.join(lost_items)}"
        print(f"{elapsed:7.2f} s  [{case.category:8}] {case.name}{flag}", flush=True)
        if detail:
            print("           " + detail.strip().replace("\n", "\n           "))
    print()
    print(f"cases {len(chosen)}, crashes {crashes}, hangs {hangs}, escapes leaked {leaked}, data lost {lost}")
    print(f"slowest case {slowest[0]:.2f} s: {slowest[1]}")
    return 0 if crashes == hangs == leaked == lost == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
