"""Feed test helpers: parsed feeds made in code, and a store holding them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newstui.core.feeds.models import Entry, ParsedFeed

BASE_TIME = datetime(2025, 1, 10, 12, 0, tzinfo=UTC)


def entry(number: int, *, body: str | None = None, title: str | None = None, **fields: object) -> Entry:
    """Entry ``number`` of a made-up feed: guid ``g-N``, one hour older per number."""
    values: dict[str, object] = {
        "title": title if title is not None else f"Story {number}",
        "guid": f"g-{number}",
        "link": f"https://news.example/{number}",
        "author": "Desk",
        "published": BASE_TIME - timedelta(hours=number),
        "content": f"<p>Body of story {number}.</p>",
        "body": body if body is not None else f"Body of story {number}.",
    }
    values.update(fields)
    return Entry(**values)  # type: ignore[arg-type]


def parsed(url: str, entries: list[Entry] | tuple[Entry, ...], title: str = "Example News") -> ParsedFeed:
    return ParsedFeed(
        url=url, title=title, site="https://news.example/", entries=tuple(entries), format="rss20"
    )
