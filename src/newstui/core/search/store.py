"""The on-disk search index: one SQLite file holding article texts (zlib-compressed, at level 1: nearly
all of level 6's saving on short texts for less of its time, in the processes that read the files),
an FTS5 index and the vocabulary.

Kept in the cache directory (its path is handed in), brought up to date incrementally by comparing each
file's size, mtime and content hash with what was indexed, and thrown away and rebuilt whenever it is
missing, from an older schema, or unreadable. Nothing here ranks; :mod:`.engine` does.
"""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import sqlite3
import threading
import time
import zlib
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import Executor, Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from newstui.core.dates import file_time_ns, from_timestamp, timestamp
from newstui.core.library import (
    DEFAULT_MAX_BYTES,
    Candidate,
    LoadError,
    find_files,
    read_article,
    start_resource_tracker,
)
from newstui.core.models import Article
from newstui.core.people import index as people_index
from newstui.core.people.records import Enrichment
from newstui.core.sqlite_store import friendly

SCHEMA_VERSION = "9"
ENTITY_FIELDS = ("person", "org", "place")
BATCH = 2000
"""Files written in one transaction: larger ones make fewer FTS5 segments to merge."""
CHUNK = 500
PARALLEL_THRESHOLD = 20000
ENRICH_BATCH = 64
"""Articles annotated between two short write transactions: small, so searches never wait long."""
"""Below this many files to read, starting worker processes costs more than it saves."""

EntityNames = Callable[[Article], Mapping[str, Iterable[str]]]
"""Given an article, the names of its entities by field (``person``/``org``/``place``)."""

TextNames = Callable[[str], Mapping[str, Iterable[str]] | Enrichment]
"""Given an article's text, the names of its entities by field (or an :class:`Enrichment`, which adds
the entities and quotations the entity index keeps): what the enrichment pass runs."""
FILL_CHUNK = 16
"""Articles written per transaction while enriching (~5 ms of FTS work): a search never waits longer."""
ENRICH_WORKERS = 2
"""Worker processes the enrichment pass annotates in (each low-priority): both cores of a small machine."""

Progress = Callable[[int, int], None]
_Filled = list[tuple[int, str, Enrichment, bool]]
"""Articles ready to write: rowid, content hash, what was found, whether it was annotated just now."""
_Batch = tuple[_Filled, list[tuple[int, str]], "Future[list[Enrichment]] | None"]
"""A batch in flight: the ready part, and the articles a worker process is annotating (and its future)."""


class StoredArticles(Protocol):
    """Articles kept outside the file system (stored feed articles), as the index needs them."""

    def revisions(self) -> Mapping[str, tuple[int, int]]:
        """Location -> a stamp that changes whenever the article's text does (like (mtime, size))."""
        ...

    def read_many(self, locations: Sequence[str]) -> Mapping[str, Article]:
        """The articles at these locations (those gone are left out)."""
        ...


_SCHEMA = f"""
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE docs (
    id INTEGER PRIMARY KEY,
    path TEXT UNIQUE NOT NULL,
    mtime_ns INTEGER NOT NULL,
    size INTEGER NOT NULL,
    hash TEXT NOT NULL,
    article_id TEXT NOT NULL,
    title TEXT NOT NULL,
    source TEXT NOT NULL,
    ts REAL,
    title_start INTEGER NOT NULL,
    title_end INTEGER NOT NULL,
    words INTEGER NOT NULL,
    ztext BLOB NOT NULL,
    {", ".join(f"{name} TEXT NOT NULL" for name in ENTITY_FIELDS)},
    enriched TEXT
);
CREATE VIRTUAL TABLE fts USING fts5(
    title, body, source, {", ".join(ENTITY_FIELDS)},
    content='', detail=column, tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE titles USING fts5(
    title, content='', detail=column, tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO fts (fts, rank) VALUES ('automerge', 16);
INSERT INTO fts (fts, rank) VALUES ('crisismerge', 64);
CREATE VIRTUAL TABLE fts_vocab USING fts5vocab(fts, 'row');
CREATE TABLE terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX docs_pending ON docs (id) WHERE enriched IS NULL;
CREATE TABLE names (
    hash TEXT PRIMARY KEY, {", ".join(f"{name} TEXT NOT NULL" for name in ENTITY_FIELDS)}, people TEXT
) WITHOUT ROWID;
{people_index.SCHEMA}
"""

_FTS_COLUMNS = "title, body, source, " + ", ".join(ENTITY_FIELDS)
_DOC_FIELDS = "title, source, ts, title_start, title_end, words, ztext, " + ", ".join(ENTITY_FIELDS)
_ROW_FIELDS = f"id, path, article_id, {_DOC_FIELDS}, enriched IS NOT NULL"


@dataclass(frozen=True, slots=True)
class SyncReport:
    added: int = 0
    changed: int = 0
    removed: int = 0
    unchanged: int = 0
    skipped: int = 0
    rebuilt: bool = False

    @property
    def touched(self) -> int:
        return self.added + self.changed + self.removed


@dataclass(frozen=True, slots=True)
class EnrichReport:
    annotated: int = 0
    """Articles whose text was annotated."""
    reused: int = 0
    """Articles whose names were already known by their content hash (moved, copied, restored files)."""
    remaining: int = 0
    """Articles still waiting (the pass was cancelled)."""
    seconds: float = 0.0

    @property
    def rate(self) -> float:
        """Articles enriched a second."""
        return (self.annotated + self.reused) / self.seconds if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class _Pending:
    """A file to (re)index and the row it replaces, if any."""

    candidate: Candidate
    mtime_ns: int
    size: int
    old: int | None


@dataclass(frozen=True, slots=True)
class _Row:
    """A file read and ready to insert: the ``docs`` row, the FTS body and the entity names."""

    doc: tuple[object, ...]
    body: str
    entities: list[str]


@dataclass(frozen=True, slots=True)
class StoredDoc:
    """An indexed article as the ranker needs it."""

    rowid: int
    path: str
    article_id: str
    title: str
    source: str
    when: datetime | None
    title_span: tuple[int, int]
    words: int
    text: str
    entities: Mapping[str, str]
    enriched: bool = True
    """Its entity fields hold the names found in this very text (else they are empty, not yet filled)."""


class SearchIndexError(Exception):
    """The index cannot be opened or written; the message says why and what to do."""


LOCK_WAIT_SECONDS = 120.0
"""How long a process waits for another one building the same index before giving up."""


class Store:
    """The index file. Thread-safe: one connection, used under a lock (writes are batched).

    Two processes (the app and ``newstui search``, or two of either) may open the same index: creating
    it and bringing it up to date take a lock file beside it (``NAME.lock``), so the second waits for
    the first instead of deleting the file it is building or inserting the same articles twice.
    """

    def __init__(self, db_path: Path, *, entity_names: EntityNames | None = None) -> None:
        self.db_path = db_path
        self.entity_names = entity_names
        self.lock = threading.RLock()
        self.rebuilt = False
        try:
            self.db_path.parent.mkdir(parents=True, exist_ok=True)
            with self.building():
                self.conn = self._open()
        except (sqlite3.Error, OSError) as error:
            raise SearchIndexError(friendly(error, db_path)) from error

    @contextlib.contextmanager
    def building(self, cancelled: Callable[[], bool] = lambda: False) -> Iterator[None]:
        """Hold the index's lock file (waiting for another process that holds it)."""
        fd = os.open(f"{self.db_path}.lock", os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            deadline = time.monotonic() + LOCK_WAIT_SECONDS
            while True:
                try:
                    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if cancelled() or time.monotonic() > deadline:
                        raise SearchIndexError(
                            f"another newstui is building the search index {self.db_path}; "
                            "try again when it has finished"
                        ) from None
                    time.sleep(0.05)
            yield
        finally:
            os.close(fd)  # releases the lock

    # -- opening ------------------------------------------------------------------------------

    def _connect(self) -> sqlite3.Connection:
        conn = sqlite3.connect(self.db_path, check_same_thread=False, isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=OFF")  # a cache: a crash at worst means a rebuild
        conn.execute("PRAGMA cache_size=-65536")
        # Texts are kept compressed (half the file): ``unzip(ztext)`` reads one back in SQL. No generated
        # column does it, since SQLite computes those on every insert (a tenth of the build's CPU).
        conn.create_function("unzip", 1, unzip, deterministic=True)
        return conn

    def _open(self) -> sqlite3.Connection:
        """Open the file if it is a readable index of this schema, else start a fresh one."""
        self.db_path.parent.mkdir(parents=True, exist_ok=True)
        if self.db_path.exists():
            try:
                conn = self._connect()
                version = conn.execute("SELECT value FROM meta WHERE key='schema'").fetchone()
                conn.execute("SELECT count(*) FROM docs").fetchone()
                conn.execute("SELECT rowid FROM fts WHERE fts MATCH 'newstui' LIMIT 1").fetchall()
                if version and version[0] == SCHEMA_VERSION:
                    return conn
                conn.close()
            except sqlite3.DatabaseError:
                pass
            self.rebuilt = True
        self._remove_files()
        conn = self._connect()
        conn.executescript(_SCHEMA)
        conn.execute("INSERT INTO meta VALUES ('schema', ?)", (SCHEMA_VERSION,))
        return conn

    def _remove_files(self) -> None:
        for suffix in ("", "-wal", "-shm", "-journal"):
            Path(f"{self.db_path}{suffix}").unlink(missing_ok=True)

    def reset(self) -> None:
        """Throw the index away and start empty (after corruption is found mid-use)."""
        with self.lock:
            with contextlib.suppress(sqlite3.Error):
                self.conn.close()
            self._remove_files()
            self.rebuilt = True
            self.conn = self._open()

    def close(self) -> None:
        with self.lock:
            self.conn.close()

    # -- reading ------------------------------------------------------------------------------

    def count(self) -> int:
        with self.lock:
            return int(self.conn.execute("SELECT count(*) FROM docs").fetchone()[0])

    def average_words(self) -> float:
        with self.lock:
            value = self.conn.execute("SELECT avg(words) FROM docs").fetchone()[0]
        return float(value or 1.0)

    def vocabulary(self) -> list[tuple[str, int]]:
        with self.lock:
            return self.conn.execute("SELECT term, df FROM terms").fetchall()

    def docs(self, rowids: Sequence[int]) -> dict[int, StoredDoc]:
        if not rowids:
            return {}
        marks = ",".join("?" * len(rowids))
        with self.lock:
            rows = self.conn.execute(
                f"SELECT {_ROW_FIELDS} FROM docs WHERE id IN ({marks})", list(rowids)
            ).fetchall()
        return {row[0]: _stored(row) for row in rows}

    def doc_by_path(self, path: str) -> StoredDoc | None:
        with self.lock:
            row = self.conn.execute(f"SELECT {_ROW_FIELDS} FROM docs WHERE path = ?", (path,)).fetchone()
        return _stored(row) if row else None

    def match(
        self,
        expression: str,
        sql_filter: str,
        params: Sequence[object],
        order: str,
        limit: int,
        *,
        titles: bool = False,
    ) -> list[tuple[int, float]]:
        """Rowids (and FTS5 rank) of articles matching an FTS5 expression, best ``limit`` by ``order``.

        With ``titles``, the expression is matched against the titles alone, in an index of their own:
        its word lists are short, where finding common words in titles in the whole index means reading
        their long lists through.
        """
        table = "titles" if titles else "fts"
        join = "JOIN docs d ON d.id = f.rowid " if sql_filter else ""
        sql = (
            f"SELECT f.rowid, f.rank FROM {table} f {join}WHERE {table} MATCH ? {sql_filter} "
            f"ORDER BY {order} LIMIT ?"
        )
        with self.lock:
            rows: list[tuple[int, float]] = self.conn.execute(sql, [expression, *params, limit]).fetchall()
            return rows

    def newest(self, sql_filter: str, params: Sequence[object], limit: int) -> list[tuple[int, float]]:
        """Articles in date order when a query has no words (only ``after:`` / ``before:``)."""
        where = f"WHERE 1=1 {sql_filter}" if sql_filter else ""
        with self.lock:
            rows = self.conn.execute(
                f"SELECT id FROM docs d {where} ORDER BY ts DESC LIMIT ?", [*params, limit]
            ).fetchall()
        return [(row[0], 0.0) for row in rows]

    def pending(self) -> int:
        """Articles whose entity fields are not filled yet (cheap: a partial index holds them)."""
        with self.lock:
            return int(self.conn.execute("SELECT count(*) FROM docs WHERE enriched IS NULL").fetchone()[0])

    # -- enriching ----------------------------------------------------------------------------

    def enrich(
        self,
        names: TextNames,
        *,
        batch: int = ENRICH_BATCH,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        on_batch: Callable[[list[int]], None] | None = None,
        executor: Executor | None = None,
    ) -> EnrichReport:
        """Fill the entity fields of every article not yet enriched, ``batch`` articles at a time.

        Runs after :meth:`sync`, never inside it: annotating costs ~4 ms of CPU an article, far too much for
        the build budget. Which articles are done is kept in the file (``docs.enriched`` holds the
        content hash the names were found in), so a reopen or a sync of unchanged files redoes
        nothing; names are also kept by content hash (``names``), so a moved or restored file is
        filled without annotating it again. The annotation runs outside the lock; only the short
        write of each batch holds it, so searches interleave with the pass. With an ``executor`` (a
        worker process, see :meth:`SearchIndex.enrich`) the annotating happens there, and ``names``
        must be picklable: annotating in a thread of the searching process competes with searches for
        the GIL (a typed query took 0.3 to 0.9 s instead of 16 ms on the 840-article corpus).
        """
        started = time.perf_counter()
        annotated = reused = 0
        total = self.pending()
        last = 0
        in_flight: deque[_Batch] = deque()
        depth = ENRICH_WORKERS + 1 if executor is not None else 1

        def land(item: _Batch) -> None:
            nonlocal annotated, reused
            filled, fresh, future = item
            if future is not None:
                filled = filled + [
                    (rowid, digest, found, True)
                    for (rowid, digest), found in zip(fresh, future.result(), strict=True)
                ]
            written: _Filled = []
            for first in range(0, len(filled), FILL_CHUNK):  # short transactions: searches slip in between
                written += self._fill(filled[first : first + FILL_CHUNK])
            annotated += sum(1 for _, _, _, new in written if new)
            reused += sum(1 for _, _, _, new in written if not new)
            if on_batch:
                on_batch([rowid for rowid, _, _, _ in written])
            if progress:
                progress(annotated + reused, total)

        while not cancelled():
            with self.lock:
                rows = self.conn.execute(
                    "SELECT d.id, d.hash, d.ztext, n.people, "
                    + ", ".join(f"n.{field}" for field in ENTITY_FIELDS)
                    + " FROM docs d LEFT JOIN names n ON n.hash = d.hash"
                    " WHERE d.enriched IS NULL AND d.id > ? ORDER BY d.id LIMIT ?",
                    (last, batch),
                ).fetchall()
            if not rows:
                break
            last = rows[-1][0]
            filled = [
                (rowid, digest, Enrichment.loads(list(known), blob), False)
                for rowid, digest, _, blob, *known in rows
                if known[0] is not None
            ]
            fresh = [(rowid, digest, unzip(z)) for rowid, digest, z, _, *known in rows if known[0] is None]
            if executor is not None:
                future = executor.submit(names_of_batch, names, [text for _, _, text in fresh])
                in_flight.append((filled, [(r, d) for r, d, _ in fresh], future))
            else:
                for rowid, digest, text in fresh:
                    if cancelled():
                        break
                    filled.append((rowid, digest, _enrichment(names(text)), True))
                in_flight.append((filled, [], None))
            while len(in_flight) >= depth:
                land(in_flight.popleft())
        while in_flight:
            item = in_flight.popleft()
            if cancelled() and item[2] is not None:
                item[2].cancel()
                continue
            land(item)
        if annotated or reused:
            with self.lock:
                self.conn.execute("DELETE FROM names WHERE hash NOT IN (SELECT hash FROM docs)")
            self._refresh_terms()  # names found nowhere in the text add words to the vocabulary
        return EnrichReport(annotated, reused, self.pending(), time.perf_counter() - started)

    def _fill(
        self, filled: list[tuple[int, str, Enrichment, bool]]
    ) -> list[tuple[int, str, Enrichment, bool]]:
        """Write found names into ``docs`` and the FTS index (contentless: old values out, new in).

        An article changed by a sync since it was read keeps its new row (and waits its turn).
        """
        written = []
        with self.lock:
            self.conn.execute("BEGIN")
            for rowid, digest, enrichment, fresh in filled:
                fields = enrichment.fields
                row = self.conn.execute(
                    f"SELECT ts, title, source, title_end, ztext, {', '.join(ENTITY_FIELDS)} FROM docs "
                    "WHERE id = ? AND hash = ? AND enriched IS NULL",
                    (rowid, digest),
                ).fetchone()
                if row is None:
                    continue
                ts, title, source, end, ztext, *old = row
                body = _body(unzip(ztext), end)
                self.conn.execute(
                    f"INSERT INTO fts (fts, rowid, {_FTS_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)",
                    (rowid, title, body, source, *old),
                )
                self.conn.execute(
                    f"INSERT INTO fts (rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                    (rowid, title, body, source, *fields),
                )
                assignments = ", ".join(f"{field} = ?" for field in ENTITY_FIELDS)
                self.conn.execute(
                    f"UPDATE docs SET {assignments}, enriched = hash WHERE id = ?", (*fields, rowid)
                )
                self.conn.execute(
                    "INSERT OR REPLACE INTO names VALUES (?, ?, ?, ?, ?)",
                    (digest, *fields, enrichment.dumps()),
                )
                people_index.write(self.conn, rowid, ts, enrichment)
                written.append((rowid, digest, enrichment, fresh))
            self.conn.execute("COMMIT")
        return written

    # -- writing ------------------------------------------------------------------------------

    def sync(
        self,
        roots: Sequence[Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        stored: StoredArticles | None = None,
    ) -> SyncReport:
        """:meth:`_sync` under the index's lock file; a database or disk problem is a
        :class:`SearchIndexError` that says what to do."""
        try:
            with self.building(cancelled):
                return self._sync(
                    roots, max_bytes=max_bytes, progress=progress, cancelled=cancelled, stored=stored
                )
        except (sqlite3.Error, OSError) as error:
            raise SearchIndexError(friendly(error, self.db_path)) from error

    def _sync(
        self,
        roots: Sequence[Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        stored: StoredArticles | None = None,
    ) -> SyncReport:
        """Bring the index up to date with the files under ``roots`` (and the ``stored`` articles).

        Reading and parsing the next batch of files runs in a thread while SQLite indexes the current
        one (SQLite works without holding the GIL), so a build keeps both cores busy. Stored articles
        are indexed under their location and compared by the stamp the store gives each.
        """
        candidates = list(find_files([root.resolve() for root in roots]))
        with self.lock:
            known = {
                path: (rowid, mtime_ns, size, digest)
                for rowid, path, mtime_ns, size, digest in self.conn.execute(
                    "SELECT id, path, mtime_ns, size, hash FROM docs"
                )
            }
        counts = {"added": 0, "changed": 0, "removed": 0, "unchanged": 0, "skipped": 0}
        seen: set[str] = set()
        pending: list[_Pending] = []
        for candidate in candidates:
            path = candidate.location  # a string: no Path per file on a 100,000-file library
            if path in seen:
                continue
            seen.add(path)
            try:
                stat = os.stat(path)  # noqa: PTH116 (hot path, string paths)
            except OSError:
                counts["skipped"] += 1
                continue
            old = known.get(path)
            mtime_ns = file_time_ns(stat.st_mtime_ns)  # after 2262 no int64 holds it
            if old and old[1] == mtime_ns and old[2] == stat.st_size:
                counts["unchanged"] += 1
                continue
            pending.append(_Pending(candidate, mtime_ns, stat.st_size, old[0] if old else None))
        pending_stored: list[_Pending] = []
        for location, (stamp, size) in (stored.revisions() if stored is not None else {}).items():
            seen.add(location)
            old = known.get(location)
            if old and old[1] == stamp and old[2] == size:
                counts["unchanged"] += 1
                continue
            pending_stored.append(_Pending(Candidate(location, ""), stamp, size, old[0] if old else None))
        gone = [rowid for path, (rowid, *_rest) in known.items() if path not in seen]
        total, done = len(seen), counts["unchanged"]
        if progress:
            progress(done, total)
        buffer: list[tuple[_Pending, _Row | None]] = []
        for prepared in self._prepared(pending, max_bytes):
            if cancelled():
                break
            buffer.extend(prepared)
            if len(buffer) >= BATCH:
                self._write(buffer, known, counts, gone)
                done += len(buffer)
                buffer = []
                if progress:
                    progress(done, total)
        if stored is not None:
            for prepared in _prepared_stored(pending_stored, stored, self.entity_names):
                if cancelled():
                    break
                buffer.extend(prepared)
                if len(buffer) >= BATCH:
                    self._write(buffer, known, counts, gone)
                    done += len(buffer)
                    buffer = []
                    if progress:
                        progress(done, total)
        if buffer and not cancelled():
            self._write(buffer, known, counts, gone)
        if gone:
            with self.lock:
                self.conn.execute("BEGIN")
                for rowid in gone:
                    self._delete(rowid)
                self.conn.execute("COMMIT")
            counts["removed"] += len(gone)
        report = SyncReport(**counts, rebuilt=self.rebuilt)
        if report.touched or not self._has_terms():
            self._refresh_terms()
        return report

    def _prepared(
        self, pending: list[_Pending], max_bytes: int
    ) -> Iterator[list[tuple[_Pending, _Row | None]]]:
        """Chunks of files read and ready to write, in order, prepared ahead of the writer.

        SQLite indexes without holding the GIL, so one reading thread overlaps with it; a large
        build also spreads the reading (Python-bound) over worker processes, one per core.
        """
        chunks = [pending[start : start + CHUNK] for start in range(0, len(pending), CHUNK)]
        workers = min(os.cpu_count() or 1, 4)
        executor: Executor
        if len(pending) >= PARALLEL_THRESHOLD and workers > 1:
            # spawn, not fork: the app has threads running
            start_resource_tracker()
            context = multiprocessing.get_context("spawn")
            executor = ProcessPoolExecutor(max_workers=workers, mp_context=context)
        else:
            workers = 1
            executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newstui-index-read")
        with executor:
            ahead: deque[Future[list[tuple[_Pending, _Row | None]]]] = deque()
            for chunk in chunks:
                ahead.append(executor.submit(prepare_chunk, chunk, max_bytes, self.entity_names))
                if len(ahead) > workers:
                    yield ahead.popleft().result()
            while ahead:
                yield ahead.popleft().result()

    def _write(
        self,
        prepared: list[tuple[_Pending, _Row | None]],
        known: Mapping[str, tuple[int, int, int, str]],
        counts: dict[str, int],
        gone: list[int],
    ) -> None:
        with self.lock:
            self.conn.execute("BEGIN")
            for item, row in prepared:
                old = item.old
                if row is None:
                    counts["skipped"] += 1
                    if old is not None:
                        gone.append(old)
                    continue
                if old is not None and known[str(row.doc[0])][3] == row.doc[3]:
                    counts["unchanged"] += 1
                    self.conn.execute(
                        "UPDATE docs SET mtime_ns = ?, size = ? WHERE id = ?", (item.mtime_ns, item.size, old)
                    )
                    continue
                if old is not None:
                    self._delete(old)
                self._insert(row)
                counts["changed" if old is not None else "added"] += 1
            self.conn.execute("COMMIT")

    def _insert(self, row: _Row) -> None:
        cursor = self.conn.execute(
            "INSERT INTO docs (path, mtime_ns, size, hash, article_id, title, source, ts, title_start, "
            f"title_end, words, ztext, {', '.join(ENTITY_FIELDS)}, enriched) VALUES ({','.join('?' * 16)})",
            (*row.doc, *row.entities, row.doc[3] if self.entity_names is not None else None),
        )
        title, source = row.doc[5], row.doc[6]
        self.conn.execute(
            f"INSERT INTO fts (rowid, {_FTS_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (cursor.lastrowid, title, row.body, source, *row.entities),
        )
        self.conn.execute("INSERT INTO titles (rowid, title) VALUES (?, ?)", (cursor.lastrowid, title))

    def _delete(self, rowid: int) -> None:
        row = self.conn.execute(f"SELECT {_DOC_FIELDS} FROM docs WHERE id = ?", (rowid,)).fetchone()
        if row is None:
            return
        title, source, _ts, _start, end, _words, ztext, *entities = row
        self.conn.execute(
            f"INSERT INTO fts (fts, rowid, {_FTS_COLUMNS}) VALUES ('delete', ?, ?, ?, ?, ?, ?, ?)",
            (rowid, title, _body(unzip(ztext), end), source, *entities),
        )
        self.conn.execute("INSERT INTO titles (titles, rowid, title) VALUES ('delete', ?, ?)", (rowid, title))
        self.conn.execute("DELETE FROM docs WHERE id = ?", (rowid,))

    def _has_terms(self) -> bool:
        with self.lock:
            return self.conn.execute("SELECT 1 FROM terms LIMIT 1").fetchone() is not None

    def _refresh_terms(self) -> None:
        """Recount the vocabulary (one pass over the FTS index; seconds at 100,000 articles)."""
        with self.lock:
            self.conn.execute("BEGIN")
            self.conn.execute("DELETE FROM terms")
            self.conn.execute("INSERT INTO terms SELECT term, doc FROM fts_vocab WHERE doc > 0")
            self.conn.execute("COMMIT")


def unzip(data: bytes) -> str:
    """An article's text as stored."""
    return zlib.decompress(data).decode("utf-8")


def _body(text: str, title_end: int) -> str:
    return text[title_end:]


def _stored(row: tuple[Any, ...]) -> StoredDoc:
    rowid, path, article_id, title, source, ts, start, end, words, ztext, *entities, enriched = row
    return StoredDoc(
        rowid=rowid,
        path=path,
        article_id=article_id,
        title=title,
        source=source,
        when=from_timestamp(ts),
        title_span=(start, end),
        words=words,
        text=unzip(ztext),
        entities=dict(zip(ENTITY_FIELDS, entities, strict=True)),
        enriched=bool(enriched),
    )


def prepare_chunk(
    batch: list[_Pending], max_bytes: int, entity_names: EntityNames | None
) -> list[tuple[_Pending, _Row | None]]:
    """Read, parse and name the entities of a batch of files (off the writing thread)."""
    out: list[tuple[_Pending, _Row | None]] = []
    for item in batch:
        try:
            article = read_article(item.candidate, max_bytes=max_bytes)
        except LoadError:
            out.append((item, None))
            continue
        out.append((item, _row(item, article, entity_names)))
    return out


def _prepared_stored(
    pending: list[_Pending], stored: StoredArticles, entity_names: EntityNames | None
) -> Iterator[list[tuple[_Pending, _Row | None]]]:
    """Chunks of stored articles read (one query a chunk) and ready to write."""
    for start in range(0, len(pending), CHUNK):
        chunk = pending[start : start + CHUNK]
        articles = stored.read_many([item.candidate.location for item in chunk])
        yield [
            (item, _row(item, article, entity_names) if article is not None else None)
            for item, article in ((item, articles.get(item.candidate.location)) for item in chunk)
        ]


def _row(item: _Pending, article: Article, entity_names: EntityNames | None) -> _Row:
    meta = article.meta
    start, end = article.title_span
    return _Row(
        doc=(
            item.candidate.location,
            item.mtime_ns,
            item.size,
            article.content_hash,
            meta.id,
            meta.title,
            meta.source,
            timestamp(meta.when),
            start,
            end,
            meta.word_count,
            zlib.compress(article.text.encode("utf-8"), 1),
        ),
        body=_body(article.text, end),
        entities=entity_fields(article, entity_names),
    )


def entity_fields(article: Article, entity_names: EntityNames | None) -> list[str]:
    """The person / org / place columns: entity names joined, or empty without a namer."""
    if entity_names is None:
        return [""] * len(ENTITY_FIELDS)
    return _joined(entity_names(article))


def names_of_batch(names: TextNames, texts: list[str]) -> list[Enrichment]:
    """What the index keeps of several texts (in a worker process, one call a batch)."""
    return [_enrichment(names(text)) for text in texts]


def _enrichment(found: Mapping[str, Iterable[str]] | Enrichment) -> Enrichment:
    return found if isinstance(found, Enrichment) else Enrichment(_joined(found))


def lower_priority() -> None:
    """A worker process's initializer: the enrichment pass yields the CPU to everything else."""
    with contextlib.suppress(OSError, AttributeError):
        os.nice(10)


def _joined(names: Mapping[str, Iterable[str]]) -> list[str]:
    return [" ; ".join(dict.fromkeys(names.get(field, ()))) for field in ENTITY_FIELDS]
