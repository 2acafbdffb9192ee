"""Plain data for feeds: a subscription, a parsed feed and its entries, and what a fetch stored.

These are what the parser, the store, the fetcher and the UI hand each other; none of them does I/O.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from newstui.core.models import STORED_SCHEME

FullTextMode = Literal["auto", "always", "never"]
FULL_TEXT_MODES: tuple[FullTextMode, ...] = ("auto", "always", "never")

ARTICLE_SCHEME = STORED_SCHEME
"""A stored feed article's location (bookmarks, search hits): this prefix and the article's id.

Bookmarks anchor to the id rather than the entry's link, so they open from the store even after the
feed has dropped the entry (or when the link is shared by several entries)."""


class FeedError(Exception):
    """A feed that cannot be read; the message is one line meant for the user."""


class NotAFeedError(FeedError):
    """The document is readable but is no feed (an HTML page, say: look for the feeds it links)."""


@dataclass(frozen=True, slots=True)
class Feed:
    """A subscription and what newstui knows about fetching it."""

    url: str
    title: str = ""
    site: str = ""
    """The site's home page, as the feed gives it."""
    folder: str = ""
    """Where the user filed it (OPML outlines); ``""`` for none. Nested folders are joined by ``/``."""
    full_text: FullTextMode = "auto"
    etag: str | None = None
    last_modified: str | None = None
    fetched: datetime | None = None
    """The last successful fetch (a 304 counts), UTC."""
    checked: datetime | None = None
    """The last attempt, successful or not, UTC."""
    error: str | None = None
    """The last fetch's error message, ``None`` after a success."""
    failures: int = 0
    """Failed fetches in a row (for backing off)."""
    retry_at: datetime | None = None
    """Not to be fetched again before this time (``Retry-After``, backoff), UTC."""
    added: datetime | None = None
    id_base: str = ""
    """The URL article ids are derived from: the URL first subscribed, kept when a redirect moves it."""

    @property
    def name(self) -> str:
        """What to call the feed: its title, else its URL."""
        return self.title or self.url


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in an entry's content, numbered in order of first appearance (from 1)."""

    number: int
    url: str
    kind: str = "link"
    """``link`` or ``image``."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One entry of a parsed feed, its content already turned into plain paragraphs."""

    title: str
    guid: str | None = None
    link: str | None = None
    author: str = ""
    published: datetime | None = None
    updated: datetime | None = None
    content: str = ""
    """The feed's own content for the entry, as the feed gave it (HTML or text)."""
    body: str = ""
    """The content as article text: paragraphs separated by blank lines, then the numbered links."""
    links: tuple[Link, ...] = ()


@dataclass(frozen=True, slots=True)
class ParsedFeed:
    """A feed document read by :func:`newstui.core.feeds.parse.parse_feed`."""

    url: str
    title: str
    site: str
    entries: tuple[Entry, ...]
    format: str
    """``rss20``, ``atom10``, ``rss10``, ``json11`` ... (feedparser's names; ``json10``/``json11``)."""
    warning: str | None = None
    """Set when the document was not well-formed but entries could still be read from it."""


@dataclass(frozen=True, slots=True)
class StoreResult:
    """What storing one fetched feed did."""

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    new_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class FeedCounts:
    """How many articles a feed has stored, and how many of them are unread."""

    articles: int = 0
    unread: int = 0
