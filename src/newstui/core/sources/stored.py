"""Stored feed articles as a source of articles, beside the folders and files of a :class:`Library`.

The feed store keeps the articles; this module lists and opens them the way the library does its files
(batches of :class:`ArticleMeta`, :meth:`StoredSource.open` for the whole article), so the article list,
search, annotation and bookmarks take them without knowing where they came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from newstui.core.bookmarks.store import FILENAME as BOOKMARKS_FILENAME
from newstui.core.bookmarks.store import BookmarkStore
from newstui.core.feeds.store import FILENAME, FeedStore, stored_id
from newstui.core.library import LoadError
from newstui.core.models import Article, ArticleMeta, LoadWarning
from newstui.core.sqlite_store import StoreError

FIRST_BATCH = 64
"""Rows made into metas before the first batch is handed over, so the first titles show at once."""


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


class StoredSource:
    """The feed store's articles, listed newest first and opened by id."""

    name = "feeds"

    def __init__(self, store: FeedStore) -> None:
        self.store = store
        self.expected_total = 0

    def iter_load(self, batch_size: int = 256) -> Iterator[tuple[list[ArticleMeta], list[LoadWarning]]]:
        """Every stored article in batches, newest first; the first batch is small so it shows at once."""
        listing = self.store.list_articles()
        self.expected_total = len(listing)
        start = 0
        size = min(FIRST_BATCH, batch_size)
        while start < len(listing):
            yield listing[start : start + size], []
            start += size
            size = max(batch_size, 4096)  # the rest in large batches: each costs the UI one update

    def open(self, meta: ArticleMeta) -> Article:
        """The whole article (its full text when one was extracted)."""
        try:
            stored = self.store.get(meta.id)
        except StoreError as error:
            raise LoadError(str(error)) from error
        if stored is None:
            raise LoadError("this feed article is no longer stored")
        return stored.article()

    def open_location(self, location: str) -> Article | None:
        """A stored article by its location (``newstui://article/ID``), id or link; ``None`` if not stored."""
        stored = self.store.find(location)
        return stored.article() if stored is not None else None
