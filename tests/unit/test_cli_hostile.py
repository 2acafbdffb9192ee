"""What the CLI prints to a terminal never drives it; ``--json`` stays exact.

The commands run under a pseudo-terminal (so ``annotate`` takes its Rich path, as a person would see
it) on a library whose folder, file name, title, source, text, passage and note all carry escapes.
"""

from __future__ import annotations

import json
import os
import pty
import re
import subprocess
import sys
from pathlib import Path

import pytest

from newstui.core.bookmarks.store import BookmarkStore

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
LINK = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
TITLE = f"Breaking {OSC52}[link=http://x/]y[/link] \x9b31m news"
SOURCE = f"src{LINK}"
BODY = f"He said “clear {OSC52} now”, Putin said.\n\nSecond \x1b[2J paragraph \u202eevil."
# Colour codes Rich itself writes on a terminal; anything else that starts with ESC is a leak.
_SGR = re.compile(r"\x1b\[[0-9;]*m")


def leaks(output: str) -> list[str]:
    """Escapes and C1 controls in terminal output other than Rich's own colour codes."""
    rest = _SGR.sub("", output)
    return [ch for ch in rest if ch == "\x1b" or 0x80 <= ord(ch) < 0xA0 or ord(ch) in (0x07, 0x9B)]


def run_on_pty(*args: str, env: dict[str, str] | None = None, status: int = 0) -> str:
    """Run ``newstui ARGS`` with stdout and stderr on a pseudo-terminal; return what it printed."""
    leader, follower = pty.openpty()
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "newstui", *args],
            stdin=subprocess.DEVNULL,
            stdout=follower,
            stderr=follower,
            env={**os.environ, **(env or {}), "COLUMNS": "120", "TERM": "xterm-256color"},
        )
        os.close(follower)
        follower = -1
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # EIO once the child has closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert process.wait(timeout=60) == status, b"".join(chunks).decode("utf-8", "replace")
    finally:
        os.close(leader)
        if follower >= 0:
            os.close(follower)
    return b"".join(chunks).decode("utf-8", "replace")


@pytest.fixture
def hostile_library(tmp_path: Path) -> Path:
    folder = tmp_path / "news\x1b]0;pwned\x07"
    folder.mkdir()
    (folder / f"evil{OSC52}.md").write_text(f"---\nsource: {SOURCE}\n---\n# {TITLE}\n\n{BODY}\n", "utf-8")
    return folder


def test_list_search_annotate_print_no_escape(hostile_library: Path) -> None:
    article = next(hostile_library.iterdir())
    for args in (
        ("list", str(hostile_library)),
        ("search", "breaking", str(hostile_library)),
        ("search", "clear", str(hostile_library)),
        ("annotate", str(article)),
    ):
        output = run_on_pty(*args)
        assert leaks(output) == [], (args, output)
    output = run_on_pty("list", str(hostile_library / f"missing{OSC52}"), status=2)
    assert "no such file" in output and leaks(output) == []
    assert "Breaking ␛]52;c;ZXZpbA==␇[link=http://x/]y[/link]" in run_on_pty("list", str(hostile_library))


def test_annotate_into_a_pipe_is_safe_too(hostile_library: Path) -> None:
    article = next(hostile_library.iterdir())
    result = subprocess.run(
        [sys.executable, "-m", "newstui", "annotate", str(article)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert leaks(result.stdout) == [] and "\x1b" not in result.stdout
    assert "{— Putin}" in result.stdout


def test_json_output_is_exact(hostile_library: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newstui", "list", "--json", str(hostile_library)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert "\x1b" not in result.stdout and "\x9b" not in result.stdout
    record = json.loads(result.stdout)
    assert record["title"] == TITLE
    assert record["source"] == SOURCE
    assert OSC52 in record["path"]


def test_bookmarks_list_and_markdown_export_are_safe(hostile_library: Path, tmp_path: Path) -> None:
    article = next(hostile_library.iterdir())
    data = tmp_path / "data"
    env = {"NEWSTUI_DATA_DIR": str(data)}
    run_on_pty("bookmarks", "add", str(article), "--text", "Second", "--note", f"n{LINK}", env=env)
    for args in (("bookmarks", "list"), ("bookmarks", "export")):
        output = run_on_pty(*args, env=env)
        assert leaks(output) == [], (args, output)
        assert "Second" in output
    with BookmarkStore.in_dir(data) as store:
        (kept,) = store.all()
    assert kept.note == f"n{LINK}"  # stored exactly; only its display is made safe
