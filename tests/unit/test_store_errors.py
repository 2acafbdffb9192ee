"""Store problems give a sentence that says what to do, never a traceback, and never lose the file.

A folder where the index file should be, a read-only or full cache, a busy database, and two processes
building the same new index at once.
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newstui.cli import main
from newstui.core.meta_cache import MetaCache
from newstui.core.search import SearchIndex, SearchIndexError
from newstui.core.search import store as search_store
from newstui.core.sqlite_store import friendly, is_transient
from tests.conftest import write_article

ADVICE = {
    "database or disk is full": "free some space",
    "disk I/O error": "free some space or check the disk",
    "attempt to write a readonly database": "check its permissions",
    "database is locked": "try again",
    "unable to open database file": "check that its folder exists",
}


@pytest.mark.parametrize(("message", "advice"), ADVICE.items(), ids=ADVICE.keys())
def test_sqlite_errors_become_advice(tmp_path: Path, message: str, advice: str) -> None:
    error = sqlite3.OperationalError(message)
    assert advice in friendly(error, tmp_path / "x.sqlite3")
    assert is_transient(error)
    assert not is_transient(sqlite3.DatabaseError("file is not a database"))


def test_os_errors_become_advice(tmp_path: Path) -> None:
    for number, advice in ((13, "permission denied"), (28, "full"), (30, "read-only"), (21, "is a folder")):
        assert advice in friendly(OSError(number, "x", str(tmp_path / "f")), tmp_path / "f")


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    for number in range(3):
        write_article(folder, f"a{number}.txt", f"Title {number}", "Body words here.")
    return folder


def test_folder_in_the_way_of_the_index(tmp_path: Path, library: Path) -> None:
    in_the_way = tmp_path / "index.sqlite"
    in_the_way.mkdir()
    with pytest.raises(SearchIndexError, match="is a folder"):
        SearchIndex(in_the_way)
    assert in_the_way.is_dir()  # left as it was


def test_cli_search_says_what_to_do(
    library: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def full(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(search_store.Store, "_sync", full)
    assert main(["search", "body", str(library)]) == 1
    err = capsys.readouterr().err
    assert "full; free some space" in err and "Traceback" not in err

    def read_only(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("attempt to write a readonly database")

    monkeypatch.setattr(search_store.Store, "_open", read_only)
    assert main(["search", "body", str(library)]) == 1
    assert "read-only; check its permissions" in capsys.readouterr().err


def test_listing_cache_problems_turn_it_off_with_advice(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = MetaCache(blocker / "listing.sqlite3")
    assert cache.problem is not None and "in the way" in cache.problem
    assert cache.lookup("x") == {}
    folder = tmp_path / "listing.sqlite3"
    folder.mkdir()
    cache = MetaCache(folder)
    assert cache.problem is not None and "is a folder" in cache.problem and folder.is_dir()


def test_two_processes_build_one_new_index(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(600):
        (folder / f"a{number}.txt").write_text(f"Title {number}\n\nbody word{number}.\n", encoding="utf-8")
    command = [
        sys.executable,
        "-m",
        "newstui",
        "search",
        "--enrich",
        "none",
        "--json",
        "word599",
        str(folder),
    ]
    runs = [
        subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)
    ]
    for run in runs:
        out, err = run.communicate(timeout=120)
        assert run.returncode == 0, err
        assert "a599.txt" in out and "Traceback" not in err
