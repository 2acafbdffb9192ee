"""The bookmark store: one SQLite file that must never lose what the user kept.

How it keeps that promise (:mod:`newstui.core.sqlite_store` holds the discipline it shares with the
feed store):

- **Its path is given to it** (``paths.data_dir()`` in the app and CLI, a temporary folder in tests).
- **WAL mode, ``synchronous=FULL``, every write one ``BEGIN IMMEDIATE`` transaction**: a committed
  bookmark survives a crash of the process (or the machine); a process killed mid-write loses at most
  the bookmark it was writing, because SQLite rolls an unfinished transaction back on the next open.
- **A busy timeout**: two app instances (or the app and a script) writing at once wait for each other
  instead of failing, so both bookmarks land.
- **A schema version table and migrations from version 1**, applied in a transaction, so a later
  version can change the schema without losing anything; a database from a *newer* newstui is refused
  untouched rather than "migrated" backwards.
- **A file that is not a healthy newstui database is never overwritten**: garbage or a corrupt database
  is moved aside with a timestamp (``bookmarks.sqlite3.corrupt-20260126T054500Z``) and a fresh one
  started, and :attr:`BookmarkStore.notices` says where the old one went; a file that cannot be opened
  at all (permission denied, read-only, disk full) raises :class:`StoreError` with a message a user can
  act on, and nothing is moved.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Literal

from newstui.core.models import Bookmark
from newstui.core.sqlite_store import (  # re-exported: callers import them from here
    BUSY_TIMEOUT_SECONDS,
    SQLITE_HEADER,
    Clock,
    CorruptDatabase,
    SQLiteStore,
    StoreError,
    aside_path,
    friendly,
    utc_now,
)

FILENAME = "bookmarks.sqlite3"

SortOrder = Literal["date", "article"]

# Each entry upgrades the schema by one version; entry N (from 0) takes version N to N + 1.
# Never edit a released entry: add a new one, so every existing database walks the same path.
MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE bookmarks (
        id TEXT PRIMARY KEY,
        location TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        article_date TEXT,
        content_hash TEXT NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        created TEXT NOT NULL,
        updated TEXT NOT NULL
    );
    CREATE INDEX bookmarks_by_location ON bookmarks (location, start);
    CREATE INDEX bookmarks_by_created ON bookmarks (created);
    """,
    # Deleted bookmarks are kept a while, so an undo survives the app that made the deletion.
    """
    CREATE TABLE deleted_bookmarks (
        id TEXT PRIMARY KEY,
        location TEXT NOT NULL,
        title TEXT NOT NULL,
        source TEXT NOT NULL DEFAULT '',
        article_date TEXT,
        content_hash TEXT NOT NULL,
        exact TEXT NOT NULL,
        prefix TEXT NOT NULL,
        suffix TEXT NOT NULL,
        start INTEGER NOT NULL,
        "end" INTEGER NOT NULL,
        note TEXT NOT NULL DEFAULT '',
        tags TEXT NOT NULL DEFAULT '[]',
        created TEXT NOT NULL,
        updated TEXT NOT NULL,
        deleted TEXT NOT NULL
    );
    CREATE INDEX deleted_bookmarks_by_time ON deleted_bookmarks (deleted);
    """,
)
KEEP_DELETED = 100
"""How many deleted bookmarks are kept for undo (the newest deletions)."""
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = (
    "id, location, title, source, article_date, content_hash, exact, prefix, suffix, start, "
    '"end", note, tags, created, updated'
)
_ORDER: dict[str, str] = {
    "date": "created DESC, id",
    "article": "title COLLATE NOCASE, location, start, created",
}


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What an import did: new bookmarks, existing ones refreshed from newer copies, duplicates skipped."""

    added: int = 0
    updated: int = 0
    skipped: int = 0


def _stamp(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat(timespec="microseconds") if when else None


def _parse_time(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def clean_tags(tags: Iterable[str]) -> tuple[str, ...]:
    """Tags trimmed, empty ones dropped, duplicates (ignoring case) removed, order kept."""
    seen: set[str] = set()
    kept = []
    for tag in tags:
        tag = " ".join(tag.split())
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            kept.append(tag)
    return tuple(kept)


def _row_values(bookmark: Bookmark) -> tuple[object, ...]:
    return (
        bookmark.id,
        bookmark.location,
        bookmark.title,
        bookmark.source,
        _stamp(bookmark.article_date),
        bookmark.content_hash,
        bookmark.exact,
        bookmark.prefix,
        bookmark.suffix,
        bookmark.start,
        bookmark.end,
        bookmark.note,
        json.dumps(list(clean_tags(bookmark.tags)), ensure_ascii=False),
        _stamp(bookmark.created),
        _stamp(bookmark.updated),
    )


def _from_row(row: Sequence[object]) -> Bookmark:
    (id_, location, title, source, article_date, digest, exact, prefix, suffix, start, end) = row[:11]
    note, tags, created, updated = row[11:]
    return Bookmark(
        id=str(id_),
        location=str(location),
        title=str(title),
        source=str(source),
        article_date=_parse_time(str(article_date) if article_date else None),
        content_hash=str(digest),
        exact=str(exact),
        prefix=str(prefix),
        suffix=str(suffix),
        start=int(str(start)),
        end=int(str(end)),
        note=str(note),
        tags=tuple(str(tag) for tag in json.loads(str(tags))),
        created=datetime.fromisoformat(str(created)),
        updated=datetime.fromisoformat(str(updated)),
    )


class BookmarkStore(SQLiteStore):
    """Bookmarks in an SQLite file at an injected path; safe across threads and processes.

    One connection is shared by the threads of a process (the app's UI and its workers) under a lock;
    other processes coordinate through SQLite's own locking with a busy timeout.
    """

    KIND = "bookmarks"
    FILENAME = FILENAME
    MIGRATIONS = MIGRATIONS

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Bookmark]:
        with self._lock:
            try:
                return [_from_row(row) for row in self._db.execute(sql, params)]
            except sqlite3.Error as error:
                raise StoreError(friendly(error, self.path)) from error

    # -- reading ------------------------------------------------------------------------------

    def all(self, order: SortOrder = "date") -> list[Bookmark]:
        """Every bookmark, newest first (``date``) or grouped by article title (``article``)."""
        return self._read(f"SELECT {_COLUMNS} FROM bookmarks ORDER BY {_ORDER[order]}")

    def get(self, bookmark_id: str) -> Bookmark | None:
        found = self._read(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,))
        return found[0] if found else None

    def for_location(self, location: str) -> list[Bookmark]:
        """The bookmarks of one article, in reading order."""
        return self._read(
            f"SELECT {_COLUMNS} FROM bookmarks WHERE location = ? ORDER BY start, created", (location,)
        )

    def count(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT count(*) FROM bookmarks").fetchone()[0])

    # -- writing ------------------------------------------------------------------------------

    def add(self, bookmark: Bookmark) -> Bookmark:
        """Keep a new bookmark (committed and on disk when this returns)."""
        with self._write() as db:
            _insert(db, bookmark)
        return bookmark

    def restore(self, bookmark: Bookmark) -> Bookmark:
        """Put back a bookmark that was deleted (undo); a no-op if it is still there."""
        with self._write() as db:
            if not _exists(db, bookmark.id):
                _insert(db, bookmark)
            db.execute("DELETE FROM deleted_bookmarks WHERE id = ?", (bookmark.id,))
        return bookmark

    def update(
        self, bookmark_id: str, *, note: str | None = None, tags: Iterable[str] | None = None
    ) -> Bookmark:
        """Change a bookmark's note and/or tags; the stored ``updated`` time moves on."""
        with self._write() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
            if row is None:
                raise KeyError(bookmark_id)
            current = _from_row(row)
            changed = replace(
                current,
                note=current.note if note is None else note,
                tags=current.tags if tags is None else clean_tags(tags),
                updated=self.clock(),
            )
            db.execute(
                "UPDATE bookmarks SET note = ?, tags = ?, updated = ? WHERE id = ?",
                (changed.note, _row_values(changed)[12], _stamp(changed.updated), bookmark_id),
            )
        return changed

    def delete(self, bookmark_id: str) -> Bookmark | None:
        """Remove a bookmark and return it, or ``None`` if it was not there.

        In the same transaction it is kept among the deleted (the newest :data:`KEEP_DELETED`), so
        :meth:`restore` or :meth:`last_deleted` can bring it back even after the app that deleted it
        has gone.
        """
        with self._write() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
            if row is None:
                return None
            db.execute(
                f"INSERT OR REPLACE INTO deleted_bookmarks ({_COLUMNS}, deleted) "
                f"SELECT {_COLUMNS}, ? FROM bookmarks WHERE id = ?",
                (_stamp(self.clock()), bookmark_id),
            )
            db.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
            db.execute(
                "DELETE FROM deleted_bookmarks WHERE id NOT IN "
                "(SELECT id FROM deleted_bookmarks ORDER BY deleted DESC LIMIT ?)",
                (KEEP_DELETED,),
            )
        return _from_row(row)

    def last_deleted(self, before: datetime | None = None) -> tuple[Bookmark, datetime] | None:
        """The most recently deleted bookmark still kept (deleted before ``before``, if given)."""
        sql = f"SELECT {_COLUMNS}, deleted FROM deleted_bookmarks"
        params: tuple[object, ...] = ()
        if before is not None:
            sql += " WHERE deleted < ?"
            params = (_stamp(before),)
        with self._lock:
            try:
                row = self._db.execute(sql + " ORDER BY deleted DESC LIMIT 1", params).fetchone()
            except sqlite3.Error as error:
                raise StoreError(friendly(error, self.path)) from error
        if row is None:
            return None
        return _from_row(row[:-1]), datetime.fromisoformat(row[-1])

    def merge(self, incoming: Iterable[Bookmark]) -> MergeReport:
        """Import bookmarks in one transaction, without duplicates.

        A bookmark is the same as a stored one if it has the same id, or the same article and passage
        (location, offsets and exact text). The newer copy (by ``updated``) wins; equal or older copies
        are skipped.
        """
        added = updated = skipped = 0
        with self._write() as db:
            for bookmark in incoming:
                row = db.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark.id,)).fetchone()
                if row is None:
                    row = db.execute(
                        f'SELECT {_COLUMNS} FROM bookmarks WHERE location = ? AND start = ? AND "end" = ? '
                        "AND exact = ?",
                        (bookmark.location, bookmark.start, bookmark.end, bookmark.exact),
                    ).fetchone()
                if row is None:
                    _insert(db, bookmark)
                    added += 1
                    continue
                current = _from_row(row)
                if bookmark.updated > current.updated:
                    db.execute("DELETE FROM bookmarks WHERE id = ?", (current.id,))
                    _insert(db, replace(bookmark, id=current.id))
                    updated += 1
                else:
                    skipped += 1
        return MergeReport(added, updated, skipped)


def _insert(db: sqlite3.Connection, bookmark: Bookmark) -> None:
    db.execute(f"INSERT INTO bookmarks ({_COLUMNS}) VALUES ({', '.join('?' * 15)})", _row_values(bookmark))


def _exists(db: sqlite3.Connection, bookmark_id: str) -> bool:
    return db.execute("SELECT 1 FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone() is not None


__all__ = [
    "BUSY_TIMEOUT_SECONDS",
    "FILENAME",
    "MIGRATIONS",
    "SCHEMA_VERSION",
    "SQLITE_HEADER",
    "BookmarkStore",
    "Clock",
    "CorruptDatabase",
    "MergeReport",
    "StoreError",
    "aside_path",
    "clean_tags",
    "utc_now",
]
