"""A cache of article listings, so reopening a large library costs a ``stat`` per file, not a read.

Entries are keyed by resolved path and source and are valid while the file's size and modification
time are unchanged. The cache is only an accelerator: any problem with it (corrupt, locked, read-only)
is reported once and the library is simply read from the files.
"""

from __future__ import annotations

import contextlib
import sqlite3
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from sys import intern
from typing import Any

from newstui.core.dates import from_number, timestamp
from newstui.core.list_row import shared_date_at
from newstui.core.models import ArticleMeta
from newstui.core.sqlite_store import friendly, is_transient

SCHEMA_VERSION = 2
"""2: article ids are made from the file's stat, not its content (older entries hold other ids)."""
_SCHEMA = """
CREATE TABLE IF NOT EXISTS listing (
    path TEXT NOT NULL,
    source TEXT NOT NULL,
    size INTEGER NOT NULL,
    mtime_ns INTEGER NOT NULL,
    id TEXT NOT NULL,
    title TEXT NOT NULL,
    article_source TEXT NOT NULL,
    published REAL,
    modified REAL,
    word_count INTEGER NOT NULL,
    encoding TEXT NOT NULL,
    seen REAL NOT NULL,
    PRIMARY KEY (path, source)
)
"""

Stamp = tuple[int, int]
"""(size, mtime_ns) of a file: the cache entry is valid while these match."""


_COLUMNS = "path, size, mtime_ns, id, title, article_source, published, modified, word_count, encoding"
_WELL_TYPED = (
    "typeof(path) = 'text' AND typeof(size) = 'integer' AND typeof(mtime_ns) = 'integer'"
    " AND typeof(id) = 'text' AND typeof(title) = 'text' AND typeof(article_source) = 'text'"
    " AND typeof(word_count) = 'integer' AND typeof(encoding) = 'text'"
    " AND typeof(published) IN ('real', 'integer', 'null')"
    " AND typeof(modified) IN ('real', 'integer', 'null')"
)
"""Rows this version wrote; any other (a poisoned cache) is left out here, in SQL, and its file read."""


def _listing(row: Sequence[Any]) -> tuple[str, Stamp, ArticleMeta]:
    """A cached row (well typed: see :data:`_WELL_TYPED`) as a listing.

    The hot loop of a warm start: no ``Path`` (the path stays a string), one shared object for each
    source name, encoding and publication day, so 100,000 rows cost what a row needs and no more.
    """
    path, size, mtime_ns, id_, title, src, published, modified, words, encoding = row
    meta = ArticleMeta(
        id=id_,
        title=title,
        source=intern(src),
        path=path,
        published=shared_date_at(published),
        modified=from_number(modified),
        word_count=words,
        encoding=intern(encoding),
    )
    return path, (size, mtime_ns), meta


class MetaCache:
    """Listings by (path, source); ``problem`` says why the cache is off, if it is."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.problem: str | None = None
        self._db: sqlite3.Connection | None = None
        try:
            self._db = self._open()
        except (sqlite3.Error, OSError) as error:
            self._recover(error)

    def _open(self) -> sqlite3.Connection:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        db = sqlite3.connect(self.path, timeout=5, check_same_thread=False)
        db.execute("PRAGMA journal_mode=WAL")
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version != SCHEMA_VERSION:
            db.execute("DROP TABLE IF EXISTS listing")
        db.execute(_SCHEMA)
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")
        db.commit()
        return db

    def _recover(self, error: sqlite3.Error | OSError) -> None:
        """A broken cache is rebuilt from scratch: it holds nothing that cannot be read again.

        A cache that is fine but cannot be used now (busy in another newstui, read-only, a full disk,
        a folder in the way) is left alone and turned off for this session, with advice.
        """
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
        self._db = None
        if is_transient(error) or self.path.is_dir():
            self.problem = f"the listing cache is off this time: {friendly(error, self.path)}"
            return
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                Path(f"{self.path}{suffix}").unlink()
        try:
            self._db = self._open()
            self.problem = f"the listing cache was unreadable ({error}) and has been rebuilt"
        except (sqlite3.Error, OSError) as again:
            self.problem = f"the listing cache is off this time: {friendly(again, self.path)}"

    def lookup(
        self, source: str, locations: Sequence[str] | None = None
    ) -> dict[str, tuple[Stamp, ArticleMeta]]:
        """Cached listings made for files found under a source name (all, or just ``locations``)."""
        if self._db is None:
            return {}
        query = f"SELECT {_COLUMNS} FROM listing WHERE source = ? AND {_WELL_TYPED}"
        values: list[str] = [source]
        if locations is not None:
            query += f" AND path IN ({', '.join('?' * len(locations))})"
            values.extend(locations)
        try:
            rows = self._db.execute(query, values).fetchall()
        except sqlite3.Error as error:
            self._recover(error)
            return {}
        return {path: (stamp, meta) for path, stamp, meta in map(_listing, rows)}

    def store(self, entries: Iterable[tuple[str, str, Stamp, ArticleMeta]]) -> None:
        """Remember listings just read: (path as found, source name, the file's stamp, listing)."""
        if self._db is None:
            return
        now = time.time()
        rows = [
            (
                path,
                source,
                size,
                mtime_ns,
                meta.id,
                meta.title,
                meta.source,
                timestamp(meta.published),
                timestamp(meta.modified),
                meta.word_count,
                meta.encoding,
                now,
            )
            for path, source, (size, mtime_ns), meta in entries
        ]
        try:
            with self._db:
                self._db.executemany(
                    "INSERT OR REPLACE INTO listing VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows
                )
        except sqlite3.Error as error:
            self._recover(error)

    def close(self) -> None:
        if self._db is not None:
            with contextlib.suppress(sqlite3.Error):
                self._db.close()
            self._db = None
