"""The bookmark store: one SQLite file that must never lose what the user kept.

How it keeps that promise:

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
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from newstui.core.models import Bookmark

FILENAME = "bookmarks.sqlite3"
SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 15.0

SortOrder = Literal["date", "article"]
Clock = Callable[[], datetime]

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
)
SCHEMA_VERSION = len(MIGRATIONS)

_COLUMNS = (
    "id, location, title, source, article_date, content_hash, exact, prefix, suffix, start, "
    '"end", note, tags, created, updated'
)
_ORDER: dict[str, str] = {
    "date": "created DESC, id",
    "article": "title COLLATE NOCASE, location, start, created",
}


class StoreError(Exception):
    """The bookmark database cannot be used; the message says why and what to do, in plain words."""


class CorruptDatabase(Exception):
    """Internal: the file exists but is not a usable newstui database (garbage, damaged, foreign)."""


@dataclass(frozen=True, slots=True)
class MergeReport:
    """What an import did: new bookmarks, existing ones refreshed from newer copies, duplicates skipped."""

    added: int = 0
    updated: int = 0
    skipped: int = 0


def utc_now() -> datetime:
    return datetime.now(UTC)


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


def _friendly(error: sqlite3.Error, path: Path) -> str:
    """An SQLite error in words a user can act on."""
    text = str(error)
    lowered = text.lower()
    if "full" in lowered:
        return f"the disk holding {path} is full; free some space and try again (nothing was lost)"
    if "readonly" in lowered or "read-only" in lowered:
        return f"{path} is read-only; check its permissions (nothing was changed)"
    if "locked" in lowered or "busy" in lowered:
        return f"{path} is busy in another program for too long; try again (nothing was changed)"
    if "unable to open" in lowered:
        return f"cannot open {path}: check that its folder exists and that you may write there"
    return f"{path}: {text}"


def aside_path(path: Path, when: datetime) -> Path:
    """A free name beside ``path`` for a damaged database: ``NAME.corrupt-YYYYMMDDTHHMMSSZ[-N]``."""
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    return candidate


class BookmarkStore:
    """Bookmarks in an SQLite file at an injected path; safe across threads and processes.

    One connection is shared by the threads of a process (the app's UI and its workers) under a lock;
    other processes coordinate through SQLite's own locking with a busy timeout.
    """

    def __init__(
        self, path: Path, *, clock: Clock = utc_now, busy_timeout: float = BUSY_TIMEOUT_SECONDS
    ) -> None:
        self.path = path
        self.clock = clock
        self.busy_timeout = busy_timeout
        self.notices: list[str] = []
        """Things the user should be told once, e.g. that a damaged file was moved aside."""
        self._lock = threading.RLock()
        self._db = self._open()

    @classmethod
    def in_dir(cls, data_dir: Path, *, clock: Clock = utc_now) -> BookmarkStore:
        """The store in a data directory (created if needed), under its standard file name.

        The app and the CLI pass ``paths.data_dir()``; tests pass a temporary folder.
        """
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or error
            raise StoreError(f"cannot create the data folder {data_dir}: {reason}") from error
        return cls(data_dir / FILENAME, clock=clock)

    # -- opening ------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        for _attempt in range(3):
            try:
                found = _identity(self.path)
                return self._connect_checked()
            except CorruptDatabase as reason:
                moved = self._move_aside(found)
                if moved is not None:
                    self.notices.append(
                        f"The bookmarks database {self.path} could not be read ({reason}). It was moved "
                        f"to {moved} and a new, empty one was started; nothing in the old file was changed."
                    )
        raise StoreError(f"{self.path} keeps failing to open as a bookmarks database; nothing was changed.")

    def _connect_checked(self) -> sqlite3.Connection:
        self._check_header()
        try:
            db = sqlite3.connect(
                self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise StoreError(_friendly(error, self.path)) from error
        try:
            self._prepare(db)
        except BaseException:
            db.close()
            raise
        return db

    def _check_header(self) -> None:
        """Reject a file that is not SQLite at all before SQLite sees it (a 0-byte file is a new one)."""
        try:
            with self.path.open("rb") as handle:
                head = handle.read(len(SQLITE_HEADER))
        except FileNotFoundError:
            return
        except OSError as error:
            raise StoreError(f"cannot read {self.path}: {error.strerror or error}") from error
        if head and head != SQLITE_HEADER[: len(head)]:
            raise CorruptDatabase("it is not an SQLite database")
        if 0 < len(head) < len(SQLITE_HEADER):
            raise CorruptDatabase("it is truncated")

    def _prepare(self, db: sqlite3.Connection) -> None:
        """Check the file read-only first (health, owner, version), and only then change anything."""
        try:
            db.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout * 1000)}")
            problems = [row[0] for row in db.execute("PRAGMA quick_check")]
            if problems != ["ok"]:
                raise CorruptDatabase("damaged: " + "; ".join(problems[:3]))
            self._check_version(db)
            mode = db.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            db.execute("PRAGMA synchronous = FULL")
            if str(mode).lower() != "wal":
                self.notices.append(f"{self.path}: WAL mode is not available here; using {mode}")
            self._migrate(db)
        except sqlite3.DatabaseError as error:
            if _is_corruption(error):
                raise CorruptDatabase(str(error)) from error
            raise StoreError(_friendly(error, self.path)) from error

    def _check_version(self, db: sqlite3.Connection) -> int:
        """The schema version, refusing a foreign database or one from a newer newstui."""
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" not in tables:
            if tables:
                raise CorruptDatabase("it is an SQLite database, but not one of newstui's bookmarks")
            return 0
        version = int(db.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer version of newstui (schema {version}; this version "
                f"knows up to {SCHEMA_VERSION}). Upgrade newstui; the file was not changed."
            )
        return version

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Bring the schema to :data:`SCHEMA_VERSION`, one migration per transaction.

        ``BEGIN IMMEDIATE`` takes the write lock before reading the version, so two processes opening a
        new database at once do not both migrate it.
        """
        while True:
            db.execute("BEGIN IMMEDIATE")
            try:
                version = self._check_version(db)
                if version == SCHEMA_VERSION:
                    db.execute("COMMIT")
                    return
                if version == 0:
                    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                for statement in _statements(MIGRATIONS[version]):
                    db.execute(statement)
                db.execute("DELETE FROM schema_version")
                db.execute("INSERT INTO schema_version (version) VALUES (?)", (version + 1,))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise

    def _move_aside(self, found: tuple[int, int] | None) -> Path | None:
        """Rename the unusable file (and its WAL files) to a free timestamped name beside it.

        Only the very file found unusable is moved: if another newstui moved it first and started a
        fresh one, that one is left alone (``None`` is returned and opening is tried again).
        """
        if found is None or _identity(self.path) != found:
            return None
        target = aside_path(self.path, self.clock())
        try:
            self.path.rename(target)
            for suffix in ("-wal", "-shm"):
                sidecar = self.path.with_name(self.path.name + suffix)
                if sidecar.exists():
                    sidecar.rename(target.with_name(target.name + suffix))
        except OSError as error:
            raise StoreError(
                f"{self.path} is damaged and could not be moved aside ({error.strerror or error}); "
                "move it yourself to start a new bookmarks database. Nothing was changed."
            ) from error
        return target

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> BookmarkStore:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    @property
    def schema_version(self) -> int:
        with self._lock:
            return int(self._db.execute("SELECT max(version) FROM schema_version").fetchone()[0])

    # -- transactions -------------------------------------------------------------------------

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: all of it lands, or (on any error) none of it."""
        with self._lock:
            db = self._db
            try:
                db.execute("BEGIN IMMEDIATE")
            except sqlite3.Error as error:
                raise StoreError(_friendly(error, self.path)) from error
            try:
                yield db
                db.execute("COMMIT")
            except BaseException as error:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise StoreError(_friendly(error, self.path)) from error
                raise

    def _read(self, sql: str, params: Sequence[object] = ()) -> list[Bookmark]:
        with self._lock:
            try:
                return [_from_row(row) for row in self._db.execute(sql, params)]
            except sqlite3.Error as error:
                raise StoreError(_friendly(error, self.path)) from error

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
        """Remove a bookmark and return it (so it can be restored), or ``None`` if it was not there."""
        with self._write() as db:
            row = db.execute(f"SELECT {_COLUMNS} FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM bookmarks WHERE id = ?", (bookmark_id,))
        return _from_row(row)

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


def _identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), or ``None`` if there is none."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def _insert(db: sqlite3.Connection, bookmark: Bookmark) -> None:
    db.execute(f"INSERT INTO bookmarks ({_COLUMNS}) VALUES ({', '.join('?' * 15)})", _row_values(bookmark))


def _exists(db: sqlite3.Connection, bookmark_id: str) -> bool:
    return db.execute("SELECT 1 FROM bookmarks WHERE id = ?", (bookmark_id,)).fetchone() is not None


def _statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def _is_corruption(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return any(word in text for word in ("malformed", "not a database", "corrupt", "encrypted"))
