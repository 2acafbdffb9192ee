"""Dates out of range never raise: not in loaders, not in the listing cache, not on the next start.

``date: 0001-01-01`` in front matter (or ``<time datetime>``), a file time after 2262 or a time zone at
the edge of the range crashed start-up with ``ValueError``/``OverflowError`` from the listing cache, and
once written the cache crashed every later start.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newstui.core.dates import EARLIEST, LATEST, from_number, from_timestamp, parse_iso, sane, timestamp
from newstui.core.library import Library, read_article
from newstui.core.meta_cache import MetaCache
from newstui.core.search import SearchIndex
from newstui.ui.formatting import byline, meta_line

BAD_DATES = {
    "year one": "0001-01-01",
    "year one at +14:00": "0001-01-01T00:00:00+14:00",
    "last instant at -14:00": "9999-12-31T23:59:59-14:00",
    "after 2262": "2300-01-01",
    "not a date": "yesterday",
    "huge": "9" * 10_000,
}


@pytest.mark.parametrize("value", BAD_DATES.values(), ids=BAD_DATES.keys())
def test_bad_dates_are_unknown(value: str) -> None:
    assert parse_iso(value) is None


def test_good_dates_are_kept_and_aware() -> None:
    assert parse_iso("2022-01-07") == datetime(2022, 1, 7, tzinfo=UTC)
    assert parse_iso("2022-01-07T10:00:00+01:00") is not None
    assert sane(datetime(2022, 1, 7)) == datetime(2022, 1, 7, tzinfo=UTC)
    assert from_timestamp(float("nan")) is None and from_timestamp(1e20) is None
    assert from_timestamp(EARLIEST.timestamp()) == EARLIEST and from_timestamp(LATEST.timestamp()) is None
    assert timestamp(datetime(1, 1, 1, tzinfo=UTC)) is None


def _files(folder: Path) -> None:
    (folder / "md.md").write_text("---\ndate: 0001-01-01\n---\n# Markdown\n\nBody.\n", encoding="utf-8")
    (folder / "edge.md").write_text(
        "---\ndate: 0001-01-01T00:00:00+14:00\n---\n# Edge\n\nBody.\n", encoding="utf-8"
    )
    (folder / "page.html").write_text(
        '<html><h1>Page</h1><time datetime="0001-01-01T00:00:00+14:00">x</time><p>Body.</p></html>',
        encoding="utf-8",
    )
    (folder / "pub_0001-01-01_name.txt").write_text("Named\n\nBody.\n", encoding="utf-8")
    future = folder / "future.txt"
    future.write_text("Future\n\nBody.\n", encoding="utf-8")
    # A file system that cannot hold the year 2318 refuses: the other files still test the rest.
    with contextlib.suppress(OSError, OverflowError):
        os.utime(future, (1.1e10, 1.1e10))


def test_library_and_cache_survive_bad_dates_on_every_start(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    _files(folder)
    for _ in range(3):  # the first start writes the cache, the next ones read it
        cache = MetaCache(tmp_path / "listing.sqlite3")
        library = Library([folder], cache=cache)
        report = library.load()
        assert report.warnings == [] and len(library.entries) == 5
        for meta in library.entries:
            assert meta.when is None or EARLIEST <= meta.when < LATEST
            meta_line(meta), byline(meta)
        cache.close()
    index = SearchIndex(tmp_path / "index.sqlite3")
    for _ in range(2):
        index.sync([folder])
        assert len(index.search("body").hits) == 5
        assert index.search("after:0001-01-01T00:00:00+14:00").hits
    index.close()


def test_poisoned_cache_rows_are_ignored(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    (folder / "a.txt").write_text("Alpha\n\nBody.\n", encoding="utf-8")
    cache_path = tmp_path / "listing.sqlite3"
    first = Library([folder], cache=MetaCache(cache_path))
    first.load()
    poison = [
        (1e300, 1e300, 5, "x"),  # dates no datetime can hold
        (float("nan"), None, 5, "x"),
        ("yesterday", "today", 5, "x"),
        (None, None, "many", "x"),  # a word count that is text
        (None, None, 5, 42),  # a title that is a number
    ]
    for published, modified, words, title in poison:
        db = sqlite3.connect(cache_path)
        db.execute(
            "UPDATE listing SET published = ?, modified = ?, word_count = ?, title = ?",
            (published, modified, words, title),
        )
        db.commit()
        db.close()
        library = Library([folder], cache=MetaCache(cache_path))
        library.load()
        [meta] = library.entries  # the poisoned row, read as far as it makes sense, or the file again
        assert meta.title in ("Alpha", "x", "42")  # (SQLite's TEXT column keeps 42 as "42")
        assert meta.path == str((folder / "a.txt").resolve())
        assert meta.when is None or EARLIEST <= meta.when < LATEST
        meta_line(meta), byline(meta)


def test_read_article_with_an_edge_date(tmp_path: Path) -> None:
    path = tmp_path / "edge.md"
    path.write_text("---\ndate: 9999-12-31T23:59:59-14:00\n---\n# T\n\nB.\n", encoding="utf-8")
    assert read_article(path).meta.published is None


@pytest.mark.parametrize(
    "stamp",
    [None, 0, 1, -1.5, 1.7e9, 1.7e9 + 0.123456, float("nan"), float("inf"), -float("inf"), 1e20, -1e20],
)
def test_from_number_agrees_with_from_timestamp_on_every_number(stamp: float | None) -> None:
    assert from_number(stamp) == from_timestamp(stamp)


def test_from_number_keeps_the_range_ends() -> None:
    assert from_number(EARLIEST.timestamp()) == EARLIEST
    assert from_number(LATEST.timestamp()) is None
