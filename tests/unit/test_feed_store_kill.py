"""A fetch killed mid-write (SIGKILL) loses nothing already stored and leaves no half article."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from newstui.core.feeds.store import FeedStore
from tests.conftest import REPO

BATCH = 150
WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from newstui.core.feeds.store import FeedStore
    from tests.feed_support import entry, parsed

    store = FeedStore(Path({path!r}))
    number = 0
    while True:
        url = f"https://feed{{number}}.example/rss"
        store.add_feed(url)
        entries = [entry(n, body=f"batch {{number}} entry {{n}} " + "words " * 400) for n in range({batch})]
        store.store_fetch(url, parsed(url, entries))
        print(number, flush=True)  # only after the commit: printed means kept
        number += 1
    """
)


def test_sigkill_mid_fetch_keeps_whole_feeds_only(tmp_path: Path) -> None:
    path = tmp_path / "feeds.sqlite3"
    code = WRITER.format(repo=str(REPO), path=str(path), batch=BATCH)
    process = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert process.stdout is not None
    committed = [int(process.stdout.readline()) for _ in range(3)]
    time.sleep(0.05)  # well inside the next feed's transaction
    process.send_signal(signal.SIGKILL)
    rest, _ = process.communicate(timeout=60)
    committed += [int(line) for line in rest.split()]
    assert process.returncode == -signal.SIGKILL

    with FeedStore(path) as store:
        counts = store.counts()
        for number in committed:
            assert counts[f"https://feed{number}.example/rss"].articles == BATCH
        # The feed being written when killed was subscribed (its own transaction) with none or all of
        # its entries, never part of them.
        assert all(count.articles in (0, BATCH) for count in counts.values())
        for meta in store.list_articles():
            stored = store.get(meta.id)
            assert stored is not None
            number = stored.feed.removeprefix("https://feed").removesuffix(".example/rss")
            assert stored.body.startswith(f"batch {number} entry ") and stored.body.endswith("words ")
            assert len(stored.body.split()) == 4 + 400
