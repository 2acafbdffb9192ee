"""Feed documents into :class:`ParsedFeed`: RSS 0.9x/1.0/2.0 and Atom by feedparser, JSON Feed by hand.

``parse_feed`` never does I/O (the fetcher or the CLI hands it the bytes) and never raises anything but
:class:`FeedError`, whose message is one line for the user.

Hostile documents: feedparser reads XML with expat and its external entities off, and it strips the
document type's entity declarations before parsing, so neither an external entity (``SYSTEM
"file:///etc/passwd"``) nor an expansion bomb is ever expanded. A feed that declares entities in its
document type is refused outright all the same: no honest feed needs one, and the user should hear
that something is wrong rather than read ``&lol9;`` titles.

Not well-formed XML is common in real feeds (a bare ``&`` in a title); when feedparser's lenient reading
still finds entries they are kept and :attr:`ParsedFeed.warning` says what was wrong; a document with
nothing recognisable in it is an error.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser  # type: ignore[import-untyped]

from newstui.core.dates import parse_iso, sane
from newstui.core.feeds.html_text import body_text, html_paragraphs
from newstui.core.feeds.models import Entry, FeedError, NotAFeedError, ParsedFeed

_DOCTYPE_SUBSET = re.compile(rb"<!DOCTYPE[^\[>]*\[(.*?)\]\s*>", re.S | re.I)
_PROLOG_BYTES = 1 << 20
_HTML_PAGE = re.compile(
    rb"\A(?:\xef\xbb\xbf)?\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])",
    re.I | re.S,
)
"""A document that starts as a web page (whatever its Content-Type says) is no feed."""
_SPACE = re.compile(r"\s+")
_HARMLESS = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
"""feedparser's complaints that do not make a document unreadable (a wrong declared encoding it
corrected, a missing or odd Content-Type)."""
_JSON_FEED = re.compile(r"^https?://jsonfeed\.org/version/1(?:\.(\d+))?/?$")


def parse_feed(data: bytes, url: str, content_type: str | None = None) -> ParsedFeed:
    """Read a feed document fetched from ``url`` (or read from a file); raise :class:`FeedError`."""
    if not data.strip():
        raise NotAFeedError("the document is empty")
    if _is_json(data, content_type):
        return _parse_json_feed(data, url)
    refuse_entity_declarations(data)
    if _HTML_PAGE.match(data[:4096]):
        raise NotAFeedError("not a feed (an HTML page)")
    # A local copy of a feed resolves relative links against the site it names, not against the file.
    headers = {"content-location": url} if _is_web(url) else {}
    if content_type:
        headers["content-type"] = content_type
    try:
        parsed = feedparser.parse(
            data, response_headers=headers, sanitize_html=False, resolve_relative_uris=False
        )
    except Exception as error:  # feedparser is lenient, but its helpers can still trip on odd input
        raise FeedError(f"cannot read the feed ({type(error).__name__}: {error})") from error
    return _from_feedparser(parsed, url)


def _is_web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def _is_json(data: bytes, content_type: str | None) -> bool:
    kind = (content_type or "").split(";")[0].strip().lower()
    if kind.endswith("json"):
        return True
    return data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{"


def refuse_entity_declarations(data: bytes) -> None:
    """Raise :class:`FeedError` if an XML document declares its own entities (no honest one needs to)."""
    subset = _DOCTYPE_SUBSET.search(data[:_PROLOG_BYTES])
    if subset and b"<!ENTITY" in subset.group(1).upper():
        raise FeedError("refused: the feed declares its own XML entities (an entity-expansion attack?)")


def _one_line(text: object) -> str:
    return _SPACE.sub(" ", str(text)).strip()


def _when(value: Any) -> datetime | None:
    """feedparser's parsed dates are UTC ``struct_time``s; out-of-range ones are unknown."""
    if not isinstance(value, time.struct_time):
        return None
    try:
        return sane(datetime(*value[:6], tzinfo=UTC))
    except (ValueError, OverflowError):
        return None


def _title(detail: Mapping[str, Any] | None, raw: str) -> str:
    if detail is not None and "html" in str(detail.get("type", "")):
        paragraphs, _ = html_paragraphs(raw)
        return " ".join(paragraphs)
    return _one_line(raw)


def _from_feedparser(parsed: Any, url: str) -> ParsedFeed:
    feed = parsed.get("feed", {})
    version = str(parsed.get("version") or "")
    problem = parsed.get("bozo_exception") if parsed.get("bozo") else None
    if isinstance(problem, _HARMLESS):
        problem = None
    if not version and not parsed.entries:
        if problem is not None and not feed.get("links") and not feed.get("title"):
            raise FeedError(f"malformed feed: {_describe(problem)}")
        raise NotAFeedError("not a feed (no RSS, Atom or JSON Feed document)")
    warning = None
    site = urljoin(url, str(feed.get("link") or "")) if feed.get("link") else ""
    base = url if _is_web(url) or not _is_web(site) else site
    entries = tuple(_entry(item, base) for item in parsed.entries)
    if problem is not None:
        if not any(entry.title or entry.link or entry.body for entry in entries):
            raise FeedError(f"malformed feed: {_describe(problem)}")
        warning = f"not well-formed ({_describe(problem)}); read leniently"
    return ParsedFeed(
        url=url,
        title=_title(feed.get("title_detail"), str(feed.get("title") or "")),
        site=site,
        entries=entries,
        format=version or "unknown",
        warning=warning,
    )


def _describe(problem: object) -> str:
    text = _one_line(problem)
    text = re.sub(r"^<unknown>:", "line ", text)
    return text[:200]


def _content(item: Any) -> tuple[str, bool | None, str | None]:
    """The fullest content an entry has: (text, whether it is HTML, its base URL)."""
    contents = item.get("content") or []
    best = None
    for content in contents:
        if best is None or ("html" in str(content.get("type", "")) and "html" not in str(best.get("type"))):
            best = content
    if best is None:
        detail = item.get("summary_detail")
        if not item.get("summary"):
            return "", None, None
        best = {"value": item.get("summary"), **(dict(detail) if detail else {})}
    kind = str(best.get("type") or "")
    is_html = True if "html" in kind else (False if kind == "text/plain" else None)
    return str(best.get("value") or ""), is_html, best.get("base") or None


def _entry(item: Any, feed_url: str) -> Entry:
    link = str(item.get("link") or "").strip()
    link = urljoin(feed_url, link) if link else ""
    content, is_html, base = _content(item)
    body, links = body_text(content, is_html=is_html, base=link or base or feed_url)
    guid = item.get("id") or item.get("guid")
    return Entry(
        title=_title(item.get("title_detail"), str(item.get("title") or "")),
        guid=_one_line(guid) or None if guid else None,
        link=link or None,
        author=_one_line(item.get("author") or ""),
        published=_when(item.get("published_parsed")),
        updated=_when(dict.get(item, "updated_parsed")),  # not feedparser's fallback to published
        content=content,
        body=body,
        links=links,
    )


# -- JSON Feed ------------------------------------------------------------------------------------


def _parse_json_feed(data: bytes, url: str) -> ParsedFeed:
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError) as error:
        raise FeedError(f"malformed JSON Feed: {_one_line(error)[:200]}") from error
    if not isinstance(document, dict):
        raise NotAFeedError("not a feed (JSON, but not a JSON Feed object)")
    version = _JSON_FEED.match(str(document.get("version") or ""))
    if version is None:
        raise NotAFeedError("not a feed (JSON without a jsonfeed.org version)")
    items = document.get("items")
    if not isinstance(items, list):
        raise FeedError("malformed JSON Feed: 'items' is not a list")
    home = _string(document.get("home_page_url"))
    site = urljoin(url, home) if home else ""
    base = url if _is_web(url) or not _is_web(site) else site
    return ParsedFeed(
        url=url,
        title=_one_line(_string(document.get("title"))),
        site=site,
        entries=tuple(_json_entry(item, base) for item in items if isinstance(item, dict)),
        format="json1" + (version.group(1) or "0"),
    )


def _string(value: object) -> str:
    return value if isinstance(value, str) else ""


def _iso(value: object) -> datetime | None:
    when = parse_iso(_string(value).replace("z", "Z"))  # in range (year 1 at +14:00 has no UTC time)
    return when.astimezone(UTC) if when else None


def _json_author(item: Mapping[str, Any]) -> str:
    authors = item.get("authors")
    people = authors if isinstance(authors, list) else [item.get("author")]
    names = [_one_line(_string(person.get("name"))) for person in people if isinstance(person, dict)]
    return ", ".join(name for name in names if name)


def _json_entry(item: Mapping[str, Any], feed_url: str) -> Entry:
    link = _string(item.get("url")) or _string(item.get("external_url"))
    link = urljoin(feed_url, link.strip()) if link.strip() else ""
    html_content = _string(item.get("content_html"))
    content = html_content or _string(item.get("content_text")) or _string(item.get("summary"))
    body, links = body_text(content, is_html=bool(html_content), base=link or feed_url)
    guid = item.get("id")
    return Entry(
        title=_one_line(_string(item.get("title"))),
        guid=_one_line(guid) or None if isinstance(guid, str | int) else None,
        link=link or None,
        author=_json_author(item),
        published=_iso(item.get("date_published")),
        updated=_iso(item.get("date_modified")),
        content=content,
        body=body,
        links=links,
    )
