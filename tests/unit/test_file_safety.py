"""Files that are not regular files are never opened for reading; reads are capped.

A FIFO hung ``newstui list`` (and the app, which then could not quit); a symlink to ``/dev/zero`` read
until memory ran out. Each is now skipped with a message naming what it is.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from newstui.core.files import UnreadableFile, read_capped
from newstui.core.library import Library, LoadError, read_article
from tests.conftest import write_article


@pytest.fixture
def odd_library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    write_article(folder, "good.txt", "Good title", "Body.")
    os.mkfifo(folder / "fifo.txt")
    (folder / "zero.txt").symlink_to("/dev/zero")
    (folder / "null.md").symlink_to("/dev/null")
    (folder / "folder.txt").mkdir()
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(folder / "sock.html"))
    server.close()
    return folder


def test_library_skips_what_is_not_a_regular_file(odd_library: Path) -> None:
    library = Library([odd_library])
    report = library.load()
    assert [meta.title for meta in library.entries] == ["Good title"]
    reasons = {Path(str(w.path)).name: w.message for w in report.warnings}
    assert "named pipe" in reasons["fifo.txt"]
    assert "device" in reasons["zero.txt"] and "device" in reasons["null.md"]
    assert "socket" in reasons["sock.html"]


def test_read_article_on_a_fifo_named_directly(odd_library: Path) -> None:
    with pytest.raises(LoadError, match="named pipe"):
        read_article(odd_library / "fifo.txt")
    library = Library([odd_library / "fifo.txt"])
    assert "named pipe" in library.load().warnings[0].message


def test_cli_list_does_not_hang_on_a_fifo(odd_library: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "newstui", "list", str(odd_library)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and "Good title" in result.stdout
    assert "skipped " in result.stderr
    assert "fifo.txt: a named pipe (FIFO), not a regular file\n" in result.stderr  # said once


def test_reads_are_capped_even_when_the_file_grows(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 100)
    data, _ = read_capped(path, 100)
    assert data == b"x" * 100
    with pytest.raises(UnreadableFile, match="too large"):
        read_capped(path, 99)
