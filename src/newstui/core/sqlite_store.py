"""The discipline newstui's own databases share: never lose what was stored, never overwrite a stranger.

- **Its path is given to it** (``paths.data_dir()`` in the app and CLI, a temporary folder in tests).
- **WAL mode, ``synchronous=FULL``, every write one ``BEGIN IMMEDIATE`` transaction**: a committed write
  survives a crash of the process (or the machine); a process killed mid-write loses at most what it
  was writing, because SQLite rolls an unfinished transaction back on the next open.
- **A busy timeout**: two newstui processes writing at once wait for each other instead of failing.
- **A schema version table and migrations from version 1**, applied in a transaction; a database from
  a *newer* newstui is refused untouched rather than "migrated" backwards.
- **A file that is not a healthy newstui database is never overwritten**: garbage or a corrupt database
  is moved aside with a timestamp (``NAME.corrupt-20260126T054500Z``) and a fresh one started, and
  :attr:`SQLiteStore.notices` says where the old one went; a file that cannot be opened at all
  (permission denied, read-only, disk full) raises :class:`StoreError` with a message a user can act
  on, and nothing is moved.

:class:`SQLiteStore` holds that discipline; a store (bookmarks, feeds) subclasses it with its kind, its
migrations and its own reading and writing methods.
"""

from __future__ import annotations

import errno
import sqlite3
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Self

SQLITE_HEADER = b"SQLite format 3\x00"
BUSY_TIMEOUT_SECONDS = 15.0

Clock = Callable[[], datetime]


class StoreError(Exception):
    """A database cannot be used; the message says why and what to do, in plain words."""


class CorruptDatabase(Exception):
    """Internal: the file exists but is not a usable newstui database (garbage, damaged, foreign)."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def friendly(error: sqlite3.Error | OSError, path: Path) -> str:
    """An SQLite or file-system error in words a user can act on."""
    if isinstance(error, OSError):
        return friendly_os(error, path)
    text = str(error)
    lowered = text.lower()
    if "disk i/o" in lowered:
        return (
            f"could not write {path} (disk I/O error): the disk may be full or failing; "
            "free some space or check the disk, then try again"
        )
    if path.is_dir():
        return f"{path} is a folder, where newstui keeps a database file; move or remove it and try again"
    if "full" in lowered:
        return f"the disk holding {path} is full; free some space and try again (nothing was lost)"
    if "readonly" in lowered or "read-only" in lowered:
        return f"{path} is read-only; check its permissions (nothing was changed)"
    if "locked" in lowered or "busy" in lowered:
        return f"{path} is busy in another program for too long; try again (nothing was changed)"
    if "unable to open" in lowered:
        return f"cannot open {path}: check that its folder exists and that you may write there"
    return f"{path}: {text}"


_TRANSIENT = ("locked", "busy", "readonly", "read-only", "full", "disk i/o", "unable to open")


def is_transient(error: sqlite3.Error | OSError) -> bool:
    """A problem with using a healthy database now (busy, read-only, disk full or failing, no access),
    as opposed to a damaged one: the file must be kept, not rebuilt."""
    if isinstance(error, OSError):
        return True
    return isinstance(error, sqlite3.OperationalError) and any(
        word in str(error).lower() for word in _TRANSIENT
    )


def friendly_os(error: OSError, path: Path) -> str:
    """A file-system error (opening, creating, removing a database or its folder) as advice."""
    where = Path(error.filename) if error.filename else path
    code = error.errno
    if code in (errno.EACCES, errno.EPERM):
        return f"permission denied for {where}; check that you may write there (or pick another folder)"
    if code == errno.EROFS:
        return f"{where} is on a read-only file system; newstui needs to write there"
    if code in (errno.ENOSPC, errno.EDQUOT):
        return f"the disk holding {where} is full; free some space and try again"
    if code == errno.EISDIR:
        return f"{where} is a folder, where newstui keeps a database file; move or remove it and try again"
    if code in (errno.ENOTDIR, errno.EEXIST):
        return f"a file is in the way of the folder {where.parent}; move or remove it and try again"
    return f"{where}: {error.strerror or error}"


def aside_path(path: Path, when: datetime) -> Path:
    """A free name beside ``path`` for a damaged database: ``NAME.corrupt-YYYYMMDDTHHMMSSZ[-N]``."""
    stamp = when.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    candidate = path.with_name(f"{path.name}.corrupt-{stamp}")
    number = 1
    while candidate.exists():
        number += 1
        candidate = path.with_name(f"{path.name}.corrupt-{stamp}-{number}")
    return candidate


def identity(path: Path) -> tuple[int, int] | None:
    """Which file is at ``path`` (device and inode), or ``None`` if there is none."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_dev, stat.st_ino


def statements(script: str) -> list[str]:
    return [part.strip() for part in script.split(";") if part.strip()]


def is_corruption(error: sqlite3.Error) -> bool:
    text = str(error).lower()
    return any(word in text for word in ("malformed", "not a database", "corrupt", "encrypted"))


class SQLiteStore:
    """One SQLite file at an injected path; safe across threads and processes.

    One connection is shared by the threads of a process (the app's UI and its workers) under a lock;
    other processes coordinate through SQLite's own locking with a busy timeout.
    """

    KIND: ClassVar[str] = "newstui"
    """What the database holds, in the user's words ("bookmarks", "feeds")."""
    FILENAME: ClassVar[str] = "newstui.sqlite3"
    MIGRATIONS: ClassVar[tuple[str, ...]] = ()
    """Entry N (from 0) takes the schema from version N to N + 1. Never edit a released entry."""
    QUICK_CHECK: ClassVar[bool] = True
    """Check every page when opening (cheap for a small database; a large one skips it)."""

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
    def in_dir(cls, data_dir: Path, *, clock: Clock = utc_now) -> Self:
        """The store in a data directory (created if needed), under its standard file name.

        The app and the CLI pass ``paths.data_dir()``; tests pass a temporary folder.
        """
        try:
            data_dir.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            reason = error.strerror or error
            raise StoreError(f"cannot create the data folder {data_dir}: {reason}") from error
        return cls(data_dir / cls.FILENAME, clock=clock)

    @property
    def schema_target(self) -> int:
        return len(self.MIGRATIONS)

    # -- opening ------------------------------------------------------------------------------

    def _open(self) -> sqlite3.Connection:
        for _attempt in range(3):
            try:
                found = identity(self.path)
                return self._connect_checked()
            except CorruptDatabase as reason:
                moved = self._move_aside(found)
                if moved is not None:
                    self.notices.append(
                        f"The {self.KIND} database {self.path} could not be read ({reason}). It was moved "
                        f"to {moved} and a new, empty one was started; nothing in the old file was changed."
                    )
        raise StoreError(f"{self.path} keeps failing to open as a {self.KIND} database; nothing was changed.")

    def _connect_checked(self) -> sqlite3.Connection:
        self._check_header()
        try:
            db = sqlite3.connect(
                self.path, timeout=self.busy_timeout, isolation_level=None, check_same_thread=False
            )
        except sqlite3.Error as error:
            raise StoreError(friendly(error, self.path)) from error
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
            if self.QUICK_CHECK:
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
            if is_corruption(error):
                raise CorruptDatabase(str(error)) from error
            raise StoreError(friendly(error, self.path)) from error

    def _check_version(self, db: sqlite3.Connection) -> int:
        """The schema version, refusing a foreign database or one from a newer newstui."""
        tables = {row[0] for row in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "schema_version" not in tables:
            if tables:
                raise CorruptDatabase(f"it is an SQLite database, but not one of newstui's {self.KIND}")
            return 0
        version = int(db.execute("SELECT max(version) FROM schema_version").fetchone()[0] or 0)
        if version > self.schema_target:
            raise StoreError(
                f"{self.path} was written by a newer version of newstui (schema {version}; this version "
                f"knows up to {self.schema_target}). Upgrade newstui; the file was not changed."
            )
        return version

    def _migrate(self, db: sqlite3.Connection) -> None:
        """Bring the schema to the latest version, one migration per transaction.

        ``BEGIN IMMEDIATE`` takes the write lock before reading the version, so two processes opening a
        new database at once do not both migrate it.
        """
        while True:
            db.execute("BEGIN IMMEDIATE")
            try:
                version = self._check_version(db)
                if version == self.schema_target:
                    db.execute("COMMIT")
                    return
                if version == 0:
                    db.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                for statement in statements(self.MIGRATIONS[version]):
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
        if found is None or identity(self.path) != found:
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
                f"move it yourself to start a new {self.KIND} database. Nothing was changed."
            ) from error
        return target

    def close(self) -> None:
        with self._lock:
            self._db.close()

    def __enter__(self) -> Self:
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
                raise StoreError(friendly(error, self.path)) from error
            try:
                yield db
                db.execute("COMMIT")
            except BaseException as error:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                if isinstance(error, sqlite3.Error):
                    raise StoreError(friendly(error, self.path)) from error
                raise

    @contextmanager
    def _reading(self) -> Iterator[sqlite3.Connection]:
        """The connection for reads, with SQLite errors turned into :class:`StoreError`."""
        with self._lock:
            try:
                yield self._db
            except sqlite3.Error as error:
                raise StoreError(friendly(error, self.path)) from error
