"""The feed store: subscriptions and the articles fetched from them, in one SQLite file.

It keeps the same promises as the bookmarks store (:mod:`newstui.core.sqlite_store`: WAL, every write
one transaction, damaged files moved aside), with one transaction per fetched feed: a process killed
mid-fetch loses nothing already stored and leaves no half article.

An article's id is derived from its feed and its entry: the entry's guid, else its link, else a hash of
its title and date. Fetching an unchanged entry again changes nothing; an entry the feed has changed
is updated in place and keeps its id (and its read state). Listing reads only the columns a row needs,
from an index on (time, title), so 100,000 stored articles list in a fraction of a second.

Retention is a column, not a file: :meth:`FeedStore.prune` drops read articles older than ``keep_days``
or beyond the newest ``max_per_feed`` of their feed, never an unread or a bookmarked one, and remembers
their ids so the next fetch does not bring them back.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime, timedelta
from typing import Any, overload

from newstui.core.feeds.models import (
    ARTICLE_SCHEME,
    FULL_TEXT_MODES,
    Entry,
    Feed,
    FeedCounts,
    FullTextMode,
    ParsedFeed,
    StoreResult,
)
from newstui.core.models import Article, ArticleMeta
from newstui.core.sqlite_store import SQLiteStore, StoreError
from newstui.core.text import split_article

FILENAME = "feeds.sqlite3"
UNTITLED = "(untitled)"

MIGRATIONS: tuple[str, ...] = (
    """
    CREATE TABLE feeds (
        key INTEGER PRIMARY KEY,
        url TEXT NOT NULL UNIQUE,
        id_base TEXT NOT NULL,
        title TEXT NOT NULL DEFAULT '',
        site TEXT NOT NULL DEFAULT '',
        folder TEXT NOT NULL DEFAULT '',
        full_text TEXT NOT NULL DEFAULT 'auto',
        etag TEXT,
        last_modified TEXT,
        fetched REAL,
        checked REAL,
        error TEXT,
        failures INTEGER NOT NULL DEFAULT 0,
        retry_at REAL,
        added REAL NOT NULL,
        subscribed INTEGER NOT NULL DEFAULT 1
    );
    CREATE TABLE articles (
        id TEXT PRIMARY KEY,
        feed INTEGER NOT NULL,
        guid TEXT,
        link TEXT,
        title TEXT NOT NULL,
        author TEXT NOT NULL DEFAULT '',
        published REAL,
        updated REAL,
        sort_time REAL NOT NULL,
        content TEXT NOT NULL DEFAULT '',
        body TEXT NOT NULL DEFAULT '',
        full_text TEXT,
        words INTEGER NOT NULL DEFAULT 0,
        entry_hash TEXT NOT NULL,
        read INTEGER NOT NULL DEFAULT 0,
        first_seen REAL NOT NULL
    );
    CREATE INDEX articles_listing ON articles (sort_time DESC, title, id, feed, link, words, read);
    CREATE INDEX articles_by_feed ON articles (feed, sort_time DESC);
    CREATE INDEX articles_by_link ON articles (link);
    CREATE TABLE pruned (
        id TEXT PRIMARY KEY,
        feed INTEGER NOT NULL
    );
    CREATE INDEX pruned_by_feed ON pruned (feed)
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
_UPDATABLE = frozenset(
    {"url", "title", "site", "folder", "full_text", "etag", "last_modified", "fetched", "checked", "error",
     "failures", "retry_at"}
)  # fmt: skip

_FEED_COLUMNS = (
    "url, id_base, title, site, folder, full_text, etag, last_modified, fetched, checked, error, failures, "
    "retry_at, added"
)
_LIST_COLUMNS = "id, title, feed, link, sort_time, words, read"
"""What a listing row needs, all in the covering index ``articles_listing`` (no table lookups)."""


def article_id(id_base: str, entry: Entry) -> str:
    """A stable id for an entry of a feed: from its guid, else its link, else its title and date."""
    if entry.guid:
        key = f"guid\0{entry.guid}"
    elif entry.link:
        key = f"link\0{entry.link}"
    else:
        when = entry.published or entry.updated
        key = f"hash\0{entry.title}\0{when.isoformat() if when else ''}"
    return hashlib.blake2b(f"{id_base}\0{key}".encode(), digest_size=8).hexdigest()


def article_location(article_id: str) -> str:
    """Where a stored article is found again (bookmarks, search): ``newstui://article/ID``."""
    return ARTICLE_SCHEME + article_id


def stored_id(location: str) -> str | None:
    """The article id in a stored article's location, or ``None`` for a file or a web address."""
    return location[len(ARTICLE_SCHEME) :] if location.startswith(ARTICLE_SCHEME) else None


def article_text(title: str, body: str) -> str:
    """The text an article is read, annotated, searched and bookmarked as: title, blank line, body."""
    return f"{title}\n\n{body}\n" if body else f"{title}\n"


def _entry_hash(entry: Entry) -> str:
    parts = (
        entry.title,
        entry.guid or "",
        entry.link or "",
        entry.author,
        entry.published.isoformat() if entry.published else "",
        entry.updated.isoformat() if entry.updated else "",
        entry.content,
    )
    return hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()


def _ts(when: datetime | None) -> float | None:
    return when.timestamp() if when is not None else None


_DATES: dict[float, datetime] = {}


def _dt(value: float | None) -> datetime | None:
    """A stored UTC timestamp as a datetime; many articles share a time, so they share the object."""
    if value is None:
        return None
    found = _DATES.get(value)
    if found is None:
        if len(_DATES) > 200_000:
            _DATES.clear()
        found = _DATES[value] = datetime.fromtimestamp(value, tz=UTC)
    return found


def _feed(row: Sequence[Any]) -> Feed:
    url, id_base, title, site, folder, full_text, etag, modified, fetched, checked, error = row[:11]
    failures, retry_at, added = row[11:]
    return Feed(
        url=url,
        id_base=id_base,
        title=title,
        site=site,
        folder=folder,
        full_text=full_text if full_text in FULL_TEXT_MODES else "auto",
        etag=etag,
        last_modified=modified,
        fetched=_dt(fetched),
        checked=_dt(checked),
        error=error,
        failures=failures,
        retry_at=_dt(retry_at),
        added=_dt(added),
    )


_FULL_COLUMNS = (
    "a.id, a.title, a.feed, a.link, a.sort_time, a.words, a.read, f.url, a.guid, a.author, a.published, "
    "a.updated, a.content, a.body, a.full_text"
)


def _stored_article(row: Sequence[Any], sources: Mapping[int, str]) -> StoredArticle:
    meta = _meta(row[:7], sources)
    feed, guid, author, published, updated, content, body, full_text = row[7:]
    meta = replace(meta, published=_dt(published), modified=meta.published if published is None else None)
    return StoredArticle(meta, feed, guid, author, _dt(updated), content, body, full_text)


def _meta(row: Sequence[Any], sources: Mapping[int, str]) -> ArticleMeta:
    id_, title, feed, link, sort_time, words, read = row
    return ArticleMeta(
        id=id_,
        title=title,
        source=sources.get(feed, ""),
        path=None,
        published=_dt(sort_time),
        modified=None,
        word_count=words,
        encoding="utf-8",
        url=link,
        read=bool(read),
        stored=True,
    )


PageMark = tuple[float, str, str]
"""Where a page of the listing ended: the last row's (sort time, title, id), the order's whole key."""


class StoredListing(Sequence[ArticleMeta]):
    """Listing rows newest first, made into :class:`ArticleMeta` only when asked for.

    A list of 100,000 rows is ready as soon as the query returns; a virtual list that draws forty of
    them makes forty objects, not 100,000 (building them all costs more than the query itself).
    """

    __slots__ = ("_made", "_rows", "_sources")

    def __init__(self, rows: list[tuple[Any, ...]], sources: Mapping[int, str]) -> None:
        self._rows = rows
        self._sources = sources
        self._made: list[ArticleMeta | None] = [None] * len(rows)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> ArticleMeta: ...

    @overload
    def __getitem__(self, index: slice) -> list[ArticleMeta]: ...

    def __getitem__(self, index: int | slice) -> ArticleMeta | list[ArticleMeta]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self._rows)))]
        made = self._made[index]
        if made is None:
            made = self._made[index] = _meta(self._rows[index], self._sources)
        return made

    def __iter__(self) -> Iterator[ArticleMeta]:
        for index in range(len(self._rows)):
            yield self[index]

    @property
    def mark(self) -> PageMark | None:
        """Where the next page starts (:meth:`FeedStore.list_page`): the last row's time, title and id."""
        if not self._rows:
            return None
        id_, title, _feed, _link, sort_time = self._rows[-1][:5]
        return (sort_time, title, id_)

    @property
    def ids(self) -> list[str]:
        """Every row's article id, without making the rows."""
        return [row[0] for row in self._rows]

    def times(self) -> list[float]:
        """Every row's sort time (a UTC timestamp), newest first, without making the rows."""
        return [row[4] for row in self._rows]


@dataclass(frozen=True, slots=True)
class StoredArticle:
    """Everything stored about one feed article."""

    meta: ArticleMeta
    feed: str
    guid: str | None
    author: str
    updated: datetime | None
    content: str
    """The feed's own content, as the feed gave it (HTML or text)."""
    body: str
    """The feed's content as article text (paragraphs, then the numbered links)."""
    full_text: str | None
    """The article page's main text, when it has been extracted."""

    @property
    def id(self) -> str:
        return self.meta.id

    def article(self, version: str = "best") -> Article:
        """The readable article: the full text when there is one (``best``), or the ``feed``'s version."""
        body = self.full_text if version == "best" and self.full_text else self.body
        text = article_text(self.meta.title, body)
        title_span, paragraphs = split_article(text)
        digest = hashlib.blake2b(text.encode(), digest_size=16).hexdigest()
        words = sum(len(text[p.start : p.end].split()) for p in paragraphs) + len(self.meta.title.split())
        return Article(
            meta=replace(self.meta, word_count=words),
            text=text,
            title_span=title_span,
            paragraphs=paragraphs,
            content_hash=digest,
        )


class FeedStore(SQLiteStore):
    """Feeds and their articles in an SQLite file at an injected path; safe across threads and processes."""

    KIND = "feeds"
    FILENAME = FILENAME
    MIGRATIONS = MIGRATIONS
    QUICK_CHECK = False  # a page-by-page check of a large store would hold up every start

    # -- feeds --------------------------------------------------------------------------------

    def _feed_row(self, db: sqlite3.Connection, url: str) -> tuple[int, Feed] | None:
        row = db.execute(
            f"SELECT key, subscribed, {_FEED_COLUMNS} FROM feeds WHERE url = ?", (url,)
        ).fetchone()
        if row is None or not row[1]:
            return None
        return row[0], _feed(row[2:])

    def _known(self, db: sqlite3.Connection, url: str) -> tuple[int, Feed]:
        found = self._feed_row(db, url)
        if found is None:
            raise KeyError(url)
        return found

    def add_feed(
        self, url: str, *, title: str = "", folder: str = "", full_text: FullTextMode = "auto"
    ) -> tuple[Feed, bool]:
        """Subscribe to ``url``; returns the feed and whether it is new (``False``: already there).

        Subscribing again to a feed removed earlier brings back its kept (bookmarked) articles.
        """
        if full_text not in FULL_TEXT_MODES:
            raise ValueError(f"full_text must be one of {', '.join(FULL_TEXT_MODES)}")
        with self._write() as db:
            found = self._feed_row(db, url)
            if found is not None:
                return found[1], False
            db.execute(
                "INSERT INTO feeds (url, id_base, title, folder, full_text, added) VALUES (?, ?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET subscribed = 1, title = excluded.title, "
                "folder = excluded.folder, full_text = excluded.full_text",
                (url, url, title, folder, full_text, self.clock().timestamp()),
            )
            return self._known(db, url)[1], True

    def feed(self, url: str) -> Feed | None:
        with self._reading() as db:
            found = self._feed_row(db, url)
        return found[1] if found else None

    def feeds(self) -> list[Feed]:
        """Every subscription, by folder then title."""
        with self._reading() as db:
            rows = db.execute(
                f"SELECT {_FEED_COLUMNS} FROM feeds WHERE subscribed = 1 "
                "ORDER BY folder COLLATE NOCASE, coalesce(nullif(title, ''), url) COLLATE NOCASE, url"
            ).fetchall()
        return [_feed(row) for row in rows]

    def update_feed(self, url: str, /, **changes: Any) -> Feed:
        """Change a feed's fields (``title``, ``site``, ``folder``, ``full_text``, ``etag``, ...).

        ``url=NEW`` moves the subscription (a permanent redirect): its articles follow it and keep their
        ids. Raises ``KeyError`` for an unknown feed.
        """
        unknown = set(changes) - _UPDATABLE
        if unknown:
            raise TypeError(f"unknown feed fields: {', '.join(sorted(unknown))}")
        if "full_text" in changes and changes["full_text"] not in FULL_TEXT_MODES:
            raise ValueError(f"full_text must be one of {', '.join(FULL_TEXT_MODES)}")
        values = {key: _ts(value) if isinstance(value, datetime) else value for key, value in changes.items()}
        new_url = str(changes.get("url", url))
        with self._write() as db:
            key, _ = self._known(db, url)
            if new_url != url:
                clash = db.execute("SELECT key FROM feeds WHERE url = ?", (new_url,)).fetchone()
                if clash is not None:
                    if self._feed_row(db, new_url) is not None:
                        raise StoreError(f"already subscribed to {new_url}")
                    db.execute("UPDATE articles SET feed = ? WHERE feed = ?", (key, clash[0]))
                    db.execute("DELETE FROM feeds WHERE key = ?", (clash[0],))
            if values:
                assignments = ", ".join(f"{name} = ?" for name in values)
                db.execute(f"UPDATE feeds SET {assignments} WHERE key = ?", (*values.values(), key))
            return self._known(db, new_url)[1]

    def remove_feed(self, url: str, *, keep_ids: Collection[str] = ()) -> int | None:
        """Unsubscribe; its articles go too, except those in ``keep_ids`` (bookmarked ones).

        Returns how many articles were removed, or ``None`` if there was no such feed.
        """
        with self._write() as db:
            found = self._feed_row(db, url)
            if found is None:
                return None
            key = found[0]
            ids = [row[0] for row in db.execute("SELECT id FROM articles WHERE feed = ?", (key,))]
            doomed = [(id_,) for id_ in ids if id_ not in keep_ids]
            db.executemany("DELETE FROM articles WHERE id = ?", doomed)
            db.execute("DELETE FROM pruned WHERE feed = ?", (key,))
            if len(doomed) < len(ids):  # kept articles still name their feed: keep it, unsubscribed
                db.execute("UPDATE feeds SET subscribed = 0 WHERE key = ?", (key,))
            else:
                db.execute("DELETE FROM feeds WHERE key = ?", (key,))
        return len(doomed)

    def counts(self) -> dict[str, FeedCounts]:
        """Stored and unread articles per subscribed feed URL."""
        with self._reading() as db:
            rows = db.execute(
                "SELECT f.url, count(a.id), count(a.id) - coalesce(sum(a.read), 0) FROM feeds f "
                "LEFT JOIN articles a ON a.feed = f.key WHERE f.subscribed = 1 GROUP BY f.key"
            ).fetchall()
        return {url: FeedCounts(total, unread) for url, total, unread in rows}

    # -- fetching -----------------------------------------------------------------------------

    def store_fetch(
        self,
        url: str,
        parsed: ParsedFeed,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        when: datetime | None = None,
    ) -> StoreResult:
        """Store a fetched feed's entries and its fetch state, in one transaction.

        New entries are added unread, changed ones updated in place (same id, read state and full text
        kept), unchanged ones not touched; the feed's title is filled in if it had none, its site,
        ``etag`` and ``last_modified`` are kept, and its error and failure count are cleared.
        """
        now = when or self.clock()
        new_ids: list[str] = []
        updated = unchanged = 0
        with self._write() as db:
            key, feed = self._known(db, url)
            pruned = {row[0] for row in db.execute("SELECT id FROM pruned WHERE feed = ?", (key,))}
            hashes = dict(db.execute("SELECT id, entry_hash FROM articles WHERE feed = ?", (key,)).fetchall())
            seen: set[str] = set()
            for offset, entry in enumerate(parsed.entries):
                id_ = article_id(feed.id_base, entry)
                if id_ in seen or id_ in pruned:
                    continue  # a feed repeating an entry, or one the user's retention dropped
                seen.add(id_)
                digest = _entry_hash(entry)
                known = hashes.get(id_)
                if known is None:  # not this feed's: another feed may hold the id (a shared id base)
                    row = db.execute("SELECT entry_hash FROM articles WHERE id = ?", (id_,)).fetchone()
                    known = row[0] if row else None
                if known == digest:
                    unchanged += 1
                    continue
                title, published, words = _entry_values(entry)
                if known is None:
                    # Entries without a date keep the feed's order: each a microsecond older.
                    first_seen = now.timestamp() - offset * 1e-6
                    db.execute(
                        "INSERT INTO articles (id, feed, guid, link, title, author, published, updated, "
                        "sort_time, content, body, words, entry_hash, read, first_seen) "
                        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
                        (id_, key, entry.guid, entry.link, title, entry.author, published,
                         _ts(entry.updated), published or first_seen, entry.content, entry.body, words,
                         digest, first_seen),
                    )  # fmt: skip
                    new_ids.append(id_)
                else:
                    db.execute(
                        "UPDATE articles SET guid = ?, link = ?, title = ?, author = ?, published = ?, "
                        "updated = ?, sort_time = coalesce(?, first_seen), content = ?, body = ?, "
                        "words = ?, entry_hash = ? WHERE id = ?",
                        (entry.guid, entry.link, title, entry.author, published, _ts(entry.updated),
                         published, entry.content, entry.body, words, digest, id_),
                    )  # fmt: skip
                    updated += 1
            db.execute(
                "UPDATE feeds SET title = CASE WHEN title = '' THEN ? ELSE title END, site = ?, "
                "etag = ?, last_modified = ?, fetched = ?, checked = ?, error = NULL, failures = 0, "
                "retry_at = NULL WHERE key = ?",
                (parsed.title, parsed.site or feed.site, etag, last_modified, now.timestamp(),
                 now.timestamp(), key),
            )  # fmt: skip
        return StoreResult(len(new_ids), updated, unchanged, tuple(new_ids))

    def record_unchanged(self, url: str, *, when: datetime | None = None) -> Feed:
        """A fetch that found the feed unchanged (304): it counts as a success."""
        now = (when or self.clock()).timestamp()
        with self._write() as db:
            key, _ = self._known(db, url)
            db.execute(
                "UPDATE feeds SET fetched = ?, checked = ?, error = NULL, failures = 0, retry_at = NULL "
                "WHERE key = ?",
                (now, now, key),
            )
            return self._known(db, url)[1]

    def record_failure(
        self, url: str, error: str, *, retry_at: datetime | None = None, when: datetime | None = None
    ) -> Feed:
        """A failed fetch: keep its message, count it, and when to try again."""
        now = (when or self.clock()).timestamp()
        with self._write() as db:
            key, _ = self._known(db, url)
            db.execute(
                "UPDATE feeds SET checked = ?, error = ?, failures = failures + 1, retry_at = ? "
                "WHERE key = ?",
                (now, error, _ts(retry_at), key),
            )
            return self._known(db, url)[1]

    def set_full_text(self, article_id: str, text: str | None) -> bool:
        """Keep the extracted main text of an article's page (paragraphs separated by blank lines)."""
        with self._write() as db:
            cursor = db.execute("UPDATE articles SET full_text = ? WHERE id = ?", (text, article_id))
        return cursor.rowcount > 0

    def without_full_text(self, url: str) -> list[tuple[str, str, str]]:
        """(id, link, feed body) of a feed's articles with a link and no extracted text yet, newest first."""
        with self._reading() as db:
            key, _ = self._known(db, url)
            rows = db.execute(
                "SELECT id, link, body FROM articles WHERE feed = ? AND full_text IS NULL "
                "AND link IS NOT NULL ORDER BY sort_time DESC",
                (key,),
            ).fetchall()
        return [(id_, link, body) for id_, link, body in rows]

    # -- articles -----------------------------------------------------------------------------

    def _sources(self, db: sqlite3.Connection) -> dict[int, str]:
        return {key: title or url for key, title, url in db.execute("SELECT key, title, url FROM feeds")}

    def list_articles(
        self, *, feed: str | None = None, unread_only: bool = False, limit: int | None = None
    ) -> StoredListing:
        """Stored articles newest first (all, or one feed's), as listing rows without their bodies."""
        where: list[str] = []
        params: list[object] = []
        with self._reading() as db:
            if feed is not None:
                found = db.execute("SELECT key FROM feeds WHERE url = ?", (feed,)).fetchone()
                if found is None:
                    return StoredListing([], {})
                where.append("feed = ?")
                params.append(found[0])
            if unread_only:
                where.append("read = 0")
            sql = f"SELECT {_LIST_COLUMNS} FROM articles INDEXED BY articles_listing"
            if where:
                sql = sql.replace(" INDEXED BY articles_listing", "") + " WHERE " + " AND ".join(where)
            sql += " ORDER BY sort_time DESC, title"
            if limit is not None:
                sql += " LIMIT ?"
                params.append(max(0, limit))
            rows = db.execute(sql, params).fetchall()
            return StoredListing(rows, self._sources(db))

    def list_page(self, after: PageMark | None = None, limit: int = 4096) -> StoredListing:
        """The next ``limit`` stored articles newest first, after the row ``after`` marks (keyset paging).

        Each page is one seek into the covering index ``articles_listing`` (``sort_time <= ?`` starts the
        scan where the last page ended; the rest of the condition only sorts out that one time's ties),
        so a page costs the same at the millionth row as at the first, and a reader of pages holds one
        page of rows at a time, never the whole table's.
        """
        sql = f"SELECT {_LIST_COLUMNS} FROM articles INDEXED BY articles_listing"
        params: list[object] = []
        if after is not None:
            time, title, id_ = after
            sql += " WHERE sort_time <= ? AND (sort_time < ? OR title > ? OR (title = ? AND id > ?))"
            params += [time, time, title, title, id_]
        sql += " ORDER BY sort_time DESC, title, id LIMIT ?"
        params.append(max(0, limit))
        with self._reading() as db:
            return StoredListing(db.execute(sql, params).fetchall(), self._sources(db))

    def get(self, article_id: str) -> StoredArticle | None:
        """One stored article, whole."""
        return self.get_many([article_id]).get(article_id)

    def get_many(self, article_ids: Sequence[str]) -> dict[str, StoredArticle]:
        """Several stored articles at once, by id (those not stored are left out)."""
        found: dict[str, StoredArticle] = {}
        with self._reading() as db:
            sources = self._sources(db)
            for start in range(0, len(article_ids), 500):
                chunk = list(article_ids[start : start + 500])
                rows = db.execute(
                    f"SELECT {_FULL_COLUMNS} FROM articles a JOIN feeds f ON f.key = a.feed "
                    f"WHERE a.id IN ({', '.join('?' * len(chunk))})",
                    chunk,
                ).fetchall()
                for row in rows:
                    found[row[0]] = _stored_article(row, sources)
        return found

    def revisions(self) -> dict[str, tuple[int, int]]:
        """A stamp per stored article that changes whenever its text does (for the search index).

        (a number from the entry's content hash, the length of its full text or -1): like a file's
        (mtime, size), it tells a changed article from an unchanged one without reading the text.
        """
        with self._reading() as db:
            rows = db.execute("SELECT id, entry_hash, coalesce(length(full_text), -1) FROM articles")
            return {id_: (int(digest[:15], 16), length) for id_, digest, length in rows}

    def find(self, key: str) -> StoredArticle | None:
        """An article by id, by location (``newstui://article/ID``) or by its link (the newest)."""
        found = self.get(stored_id(key) or key)
        if found is not None:
            return found
        with self._reading() as db:
            row = db.execute(
                "SELECT id FROM articles WHERE link = ? ORDER BY sort_time DESC LIMIT 1", (key,)
            ).fetchone()
        return self.get(row[0]) if row else None

    def set_read(self, article_ids: Iterable[str], read: bool = True) -> int:
        """Mark articles read (or unread); returns how many changed."""
        with self._write() as db:
            cursor = db.executemany(
                "UPDATE articles SET read = ? WHERE id = ? AND read != ?",
                [(int(read), id_, int(read)) for id_ in article_ids],
            )
        return cursor.rowcount

    def mark_feed_read(self, url: str | None = None) -> int:
        """Mark every article of a feed (or of every feed) read; returns how many changed."""
        with self._write() as db:
            if url is None:
                cursor = db.execute("UPDATE articles SET read = 1 WHERE read = 0")
            else:
                key, _ = self._known(db, url)
                cursor = db.execute("UPDATE articles SET read = 1 WHERE read = 0 AND feed = ?", (key,))
        return cursor.rowcount

    def has_content(self) -> bool:
        """Whether anything is subscribed or stored (cheap, unlike counting)."""
        with self._reading() as db:
            return bool(
                db.execute("SELECT 1 FROM feeds WHERE subscribed = 1 LIMIT 1").fetchone()
                or db.execute("SELECT 1 FROM articles LIMIT 1").fetchone()
            )

    def article_count(self) -> int:
        with self._reading() as db:
            return int(db.execute("SELECT count(*) FROM articles").fetchone()[0])

    # -- retention ----------------------------------------------------------------------------

    def prune(
        self,
        *,
        keep_days: int = 0,
        max_per_feed: int = 0,
        keep_ids: Collection[str] = (),
        now: datetime | None = None,
    ) -> int:
        """Drop read articles older than ``keep_days`` or beyond a feed's newest ``max_per_feed``.

        ``0`` turns either rule off (the default keeps everything). Unread articles and those in
        ``keep_ids`` (bookmarked) are never dropped; dropped ids are remembered so that the next fetch
        does not bring them back. Returns how many were dropped.
        """
        if keep_days <= 0 and max_per_feed <= 0:
            return 0
        doomed: set[tuple[str, int]] = set()
        with self._write() as db:
            if keep_days > 0:
                cutoff = ((now or self.clock()) - timedelta(days=keep_days)).timestamp()
                doomed.update(
                    db.execute("SELECT id, feed FROM articles WHERE read = 1 AND sort_time < ?", (cutoff,))
                )
            if max_per_feed > 0:
                doomed.update(
                    db.execute(
                        "SELECT id, feed FROM (SELECT id, feed, read, row_number() OVER "
                        "(PARTITION BY feed ORDER BY sort_time DESC, title) AS rank FROM articles) "
                        "WHERE read = 1 AND rank > ?",
                        (max_per_feed,),
                    )
                )
            dropped = [(id_, feed) for id_, feed in doomed if id_ not in keep_ids]
            db.executemany("DELETE FROM articles WHERE id = ?", [(id_,) for id_, _ in dropped])
            db.executemany("INSERT OR IGNORE INTO pruned (id, feed) VALUES (?, ?)", dropped)
        return len(dropped)


def _entry_values(entry: Entry) -> tuple[str, float | None, int]:
    """(title, date to sort and show by, word count) of an entry as stored."""
    title = entry.title or UNTITLED
    return title, _ts(entry.published or entry.updated), len(title.split()) + len(entry.body.split())
