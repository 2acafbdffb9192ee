"""Several processes and sudden death: bookmarks written by others or before a kill are all there."""

from __future__ import annotations

import random
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

from newstui.core.bookmarks.store import BookmarkStore
from tests.conftest import REPO

WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    sys.path.insert(0, {repo!r})
    from newstui.core.bookmarks.store import BookmarkStore
    from tests.bookmark_support import make_bookmark

    name, count = sys.argv[1], int(sys.argv[2])
    store = BookmarkStore(Path({path!r}))
    print("ready", flush=True)
    sys.stdin.readline()  # wait for the go, so the writers really overlap
    number = 0
    while count < 0 or number < count:
        bookmark = make_bookmark(id=f"{{name}}-{{number}}", note="x" * 200)
        store.add(bookmark)
        print(bookmark.id, flush=True)  # only after the commit: printed means kept
        number += 1
    """
)


def _writer(path: Path, name: str, count: int) -> subprocess.Popen[str]:
    code = WRITER.format(repo=str(REPO), path=str(path))
    process = subprocess.Popen(
        [sys.executable, "-c", code, name, str(count)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None and process.stdout.readline().strip() == "ready"
    return process


def test_two_processes_adding_at_once_both_land(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.sqlite3"
    BookmarkStore(path).close()
    writers = [_writer(path, name, 200) for name in ("left", "right")]
    for process in writers:
        assert process.stdin is not None
        process.stdin.write("go\n")
        process.stdin.flush()
    printed = set()
    for process in writers:
        out, _ = process.communicate(timeout=120)
        assert process.returncode == 0
        printed |= set(out.split())
    with BookmarkStore(path) as store:
        ids = {bookmark.id for bookmark in store.all()}
    assert len(printed) == 400
    assert ids == printed


def test_killing_a_writer_again_and_again_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "bookmarks.sqlite3"
    chance = random.Random(5)
    committed: set[str] = set()
    for round_number in range(6):
        process = _writer(path, f"round{round_number}", -1)
        assert process.stdin is not None and process.stdout is not None
        process.stdin.write("go\n")
        process.stdin.flush()
        for _ in range(chance.randint(1, 25)):
            committed.add(process.stdout.readline().strip())
        process.send_signal(signal.SIGKILL)  # mid-write, most likely: it never stops writing
        process.wait(timeout=30)
        process.stdout.close()
        process.stdin.close()
        with BookmarkStore(path) as store:
            assert store.notices == []
            assert store._db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            ids = {bookmark.id for bookmark in store.all()}
        assert committed <= ids
        # At most the bookmarks committed after the last one we read (the pipe lags a little) are extra.
        assert all(extra.startswith(f"round{round_number}-") for extra in ids - committed)
        committed = ids
