"""Stored feed articles as a source of articles, beside the folders and files of a :class:`Library`.

The feed store keeps the articles; this module lists and opens them the way the library does its files
(batches of :class:`ArticleMeta`, :meth:`StoredSource.open` for the whole article), so the article list,
search, annotation and bookmarks take them without knowing where they came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from pathlib import Path

from newstui.core.bookmarks.store import FILENAME as BOOKMARKS_FILENAME
from newstui.core.bookmarks.store import BookmarkStore
from newstui.core.feeds.store import FILENAME, FeedStore, article_location, stored_id
from newstui.core.library import LoadError
from newstui.core.models import Article, ArticleMeta, LoadWarning
from newstui.core.sqlite_store import StoreError

FIRST_BATCH = 64
"""Rows made into metas before the first batch is handed over, so the first titles show at once."""
PAGE = 4096
"""Rows a page after the first: large, as each costs the UI one update, and one page is held at a time."""


def open_feed_store(data_dir: Path, notify: Callable[[str], None] | None = None) -> FeedStore:
    """The feed store in the data directory; any notice (a damaged file moved aside) goes to ``notify``."""
    store = FeedStore.in_dir(data_dir)
    if notify is not None:
        for notice in store.notices:
            notify(f"newstui: {notice}")
    return store


def has_feed_store(data_dir: Path) -> bool:
    """Whether a feed store exists (without creating one): commands fall back to the seeds otherwise."""
    return (data_dir / FILENAME).is_file()


def bookmarked_article_ids(data_dir: Path) -> set[str]:
    """Ids of the stored articles that have bookmarks: retention and unsubscribing keep them."""
    if not (data_dir / BOOKMARKS_FILENAME).is_file():
        return set()
    try:
        with BookmarkStore.in_dir(data_dir) as bookmarks:
            locations = {bookmark.location for bookmark in bookmarks.all()}
    except StoreError:
        return set()
    return {article_id for article_id in map(stored_id, locations) if article_id}


MAX_KEEP_DAYS = 365_000
"""Retention longer than this (a typo, a huge number) is taken as this: dates stay in range."""


def apply_retention(store: FeedStore, data_dir: Path, *, keep_days: int, max_per_feed: int) -> int:
    """Prune read feed articles by the ``keep_days`` / ``max_per_feed`` settings (0 or less: off).

    Bookmarked articles are never dropped (nor unread ones). Returns how many were dropped.
    """
    if keep_days <= 0 and max_per_feed <= 0:
        return 0
    return store.prune(
        keep_days=min(max(keep_days, 0), MAX_KEEP_DAYS),
        max_per_feed=max(max_per_feed, 0),
        keep_ids=bookmarked_article_ids(data_dir),
    )


class StoredSource:
    """The feed store's articles, listed newest first and opened by id."""

    name = "feeds"

    def __init__(self, store: FeedStore) -> None:
        self.store = store
        self.expected_total = 0

    def iter_load(self, batch_size: int = 256) -> Iterator[tuple[list[ArticleMeta], list[LoadWarning]]]:
        """Every stored article in batches, newest first, one indexed page at a time.

        The newest few come first in a page of their own (a millisecond), so the first titles show at
        once; the rest follow in large pages (each costs the UI one update), each a seek into the
        listing index from where the last one ended, so only one page of rows is held at a time.
        """
        page = self.store.list_page(limit=FIRST_BATCH)
        self.expected_total = len(page)
        yield list(page), []
        if len(page) < FIRST_BATCH:
            return
        self.expected_total = self.store.article_count()
        size = max(batch_size, PAGE)
        while page:
            page = self.store.list_page(page.mark, size)
            if page:
                yield list(page), []
            if len(page) < size:
                return

    def open(self, meta: ArticleMeta) -> Article:
        """The whole article (its full text when one was extracted)."""
        try:
            stored = self.store.get(meta.id)
        except StoreError as error:
            raise LoadError(str(error)) from error
        if stored is None:
            raise LoadError("this feed article is no longer stored")
        return stored.article()

    def revisions(self) -> dict[str, tuple[int, int]]:
        """Location -> a stamp that changes with the article's text (what the search index compares)."""
        return {article_location(id_): stamp for id_, stamp in self.store.revisions().items()}

    def read_many(self, locations: Sequence[str]) -> dict[str, Article]:
        """The stored articles at these locations, whole (those gone are left out)."""
        ids = [stored_id(location) or location for location in locations]
        found = self.store.get_many(ids)
        return {article_location(id_): stored.article() for id_, stored in found.items()}

    def describe(self, location: str) -> tuple[str | None, bool]:
        """A stored article's link and read state (``None``, ``False`` when not stored)."""
        found = self.store.find(location) if stored_id(location) else None
        return (found.meta.url, found.meta.read) if found is not None else (None, False)

    def open_location(self, location: str) -> Article | None:
        """A stored article by its location (``newstui://article/ID``), id or link; ``None`` if not stored."""
        stored = self.store.find(location)
        return stored.article() if stored is not None else None
