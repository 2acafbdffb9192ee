"""What the app does with the feed store, without Textual: sources, filters, read state, refreshing.

The main screen calls these from its workers (every method may touch the disk or the network) and
draws the results. The browser opener is injected, so tests never open a browser.
"""

from __future__ import annotations

import re
import threading
import webbrowser
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from newstui.core.feeds.store import FeedStore
from newstui.core.library import LoadError
from newstui.core.listing import Filter
from newstui.core.models import Article, ArticleMeta
from newstui.core.sqlite_store import StoreError
from newstui.ui.source_rows import SourceRow, files_filter, source_rows, unread_filter

if TYPE_CHECKING:
    from newstui.core.feeds.update import FeedResult, Progress, Subscription

OpenUrl = Callable[[str], object]
"""Opens a web address in the user's browser (``webbrowser.open``; tests pass a recorder)."""

_LINK = re.compile(r"^\[(\d+)\]: (\S+)(?: \((\w+)\))?\s*$", re.MULTILINE)


@dataclass(frozen=True, slots=True)
class NumberedLink:
    """A link from an article's numbered list of links (``[3]: https://... (link)``)."""

    number: int
    url: str
    kind: str = "link"


def numbered_links(text: str) -> list[NumberedLink]:
    """The links an article's text lists at its end, in their numbers' order."""
    links = {int(m[1]): NumberedLink(int(m[1]), m[2], m[3] or "link") for m in _LINK.finditer(text)}
    return [links[number] for number in sorted(links)]


class FeedSession:
    """The feed store as the app uses it (``store`` is ``None`` when feeds are off this session)."""

    def __init__(
        self, store: FeedStore | None, *, data_dir: Path | None = None, open_url: OpenUrl | None = None
    ) -> None:
        self.store = store
        self.data_dir = data_dir
        """Where a feed store is created when the first feed is added from inside the app."""
        self.open_url: OpenUrl = open_url or webbrowser.open
        self.last_results: list[FeedResult] = []
        """The last refresh's result per feed (the fetch report)."""
        self._refreshing = threading.Lock()

    @property
    def available(self) -> bool:
        return self.store is not None

    def _store(self) -> FeedStore:
        if self.store is None:
            raise StoreError("no feeds yet: add one with `newstui feeds add URL`")
        return self.store

    # -- sources ------------------------------------------------------------------------------

    def rows(self, folders: Sequence[Path] = ()) -> list[SourceRow]:
        """The sidebar's sources with fresh counts (two queries)."""
        store = self._store()
        return source_rows(store.feeds(), store.counts(), folders)

    def filter_for(self, row: SourceRow) -> Filter | None:
        """What the article list keeps for a source (may query the store: call it off the UI thread)."""
        if row.kind == "all":
            return None
        if row.kind == "unread":
            return unread_filter
        if row.kind == "files":
            return files_filter(row.key)
        store = self._store()
        ids: set[str] = set()
        for url in row.feeds:
            ids.update(store.list_articles(feed=url).ids)
        return lambda meta: meta.id in ids

    # -- read state ---------------------------------------------------------------------------

    def set_read(self, ids: Sequence[str], read: bool = True) -> int:
        return self._store().set_read(ids, read)

    def mark_source_read(self, row: SourceRow) -> int:
        """Mark every article of a source read; returns how many changed."""
        store = self._store()
        if row.kind in ("all", "unread"):
            return store.mark_feed_read(None)
        return sum(store.mark_feed_read(url) for url in row.feeds)

    def new_articles(self, known: Callable[[str], bool]) -> list[ArticleMeta]:
        """Stored articles the list does not show yet (after a fetch), newest first."""
        listing = self._store().list_articles()
        return [listing[index] for index, id_ in enumerate(listing.ids) if not known(id_)]

    # -- reading ------------------------------------------------------------------------------

    def versions(self, article_id: str) -> tuple[Article, Article] | None:
        """(the article as read by default: full text when there is one, the feed's own version)."""
        stored = self._store().get(article_id)
        if stored is None:
            return None
        return stored.article("best"), stored.article("feed")

    def version(self, article_id: str, *, feed: bool) -> Article:
        """The stored article in the feed's version or (``feed=False``) as read by default; raises
        :class:`LoadError`, with words for the user, when there is no such other version."""
        try:
            versions = self.versions(article_id)
        except StoreError as error:
            raise LoadError(f"Feeds: {error}") from error
        if versions is None:
            raise LoadError("This article is no longer stored.")
        best, feed_version = versions
        if best.content_hash == feed_version.content_hash:
            raise LoadError("This article has no full text: the feed's is all.")
        return feed_version if feed else best

    def links(self, article: Article) -> list[NumberedLink]:
        """The article's numbered links; a full text without any falls back to the feed's list."""
        found = numbered_links(article.text)
        if found or not article.meta.stored or self.store is None:
            return found
        stored = self.store.get(article.id)
        return numbered_links(stored.body) if stored is not None else []

    # -- subscribing --------------------------------------------------------------------------

    def subscribe(self, target: str) -> Subscription:
        """Subscribe to a feed, a page linking feeds (the first is taken) or a file, and fetch it.

        Creates the feed store on the first subscription. Raises ``DiscoveryError`` (one line) when the
        target is neither a feed nor a page that links one, ``StoreError`` when the store fails.
        """
        from newstui.core.feeds.update import subscribe

        if self.store is None:
            if self.data_dir is None:
                raise StoreError("feeds are off this session")
            self.store = FeedStore.in_dir(self.data_dir)
        return subscribe(self.store, target)

    # -- fetching -----------------------------------------------------------------------------

    def refresh(
        self,
        progress: Callable[[Progress], None],
        *,
        force: bool = True,
        cancel: threading.Event | None = None,
    ) -> list[FeedResult] | None:
        """Fetch every feed now (``None`` if a refresh is already running); results kept for the report."""
        from newstui.core.feeds.update import update_feeds  # httpx and trafilatura load on first use

        store = self._store()
        if not self._refreshing.acquire(blocking=False):
            return None
        try:
            results = update_feeds(store, progress=progress, force=force, cancel=cancel)
        finally:
            self._refreshing.release()
        self.last_results = results
        return results
