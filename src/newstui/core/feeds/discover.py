"""Feed discovery: from what a user typed (a feed's URL, a site's page, a local file) to a feed to subscribe.

A web page names its feeds with ``<link rel="alternate" type="application/rss+xml" href="...">`` (or
``atom+xml``, ``feed+json``, ``rdf+xml``); :func:`feed_links` reads them all, in page order, with lxml
(linear on any markup). :func:`discover` fetches the target: a feed is taken as it is; a page is searched
for feed links and the first one that reads as a feed is taken, the others kept as ``candidates`` for a
UI to offer. The fetch and the parsed feed come back with the answer so subscribing costs no second
request.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree, html  # type: ignore[import-untyped]

from newstui.core.feeds.fetch import Fetcher, FetchError, Response, is_remote
from newstui.core.feeds.models import FeedError, ParsedFeed
from newstui.core.feeds.parse import parse_feed

FEED_TYPES = {
    "application/rss+xml": "RSS",
    "application/atom+xml": "Atom",
    "application/feed+json": "JSON Feed",
    "application/json": "JSON Feed",
    "application/rdf+xml": "RDF",
    "application/x.atom+xml": "Atom",
    "text/xml": "XML",
    "application/xml": "XML",
}
_HEAD_CHARS = 1_000_000
"""Feed links live in the page head: only this much of a page is read for them."""
_PARSER = html.HTMLParser(huge_tree=True, remove_comments=True)


class DiscoveryError(Exception):
    """Neither a feed nor a page linking one (or every linked feed failed); one line for the user."""


@dataclass(frozen=True, slots=True)
class FeedLink:
    """A feed a page links to."""

    url: str
    title: str
    kind: str
    """``RSS``, ``Atom``, ``JSON Feed``, ``RDF`` or ``XML``."""


@dataclass(frozen=True, slots=True)
class Discovered:
    """The feed to subscribe to, how it was found, and its first fetch."""

    url: str
    """The feed's URL (or path), after a permanent redirect if there was one."""
    response: Response
    parsed: ParsedFeed
    page: str | None = None
    """The page the feed was found on, or ``None`` when the target was the feed itself."""
    candidates: tuple[FeedLink, ...] = ()
    """Every feed the page linked, in page order (the chosen one among them)."""


def feed_links(page: bytes | str, base_url: str) -> list[FeedLink]:
    """The feeds an HTML page links with ``<link rel="alternate" type=...>``, relative URLs resolved."""
    page = page[:_HEAD_CHARS]
    if not page.strip():
        return []
    try:
        tree = html.document_fromstring(page, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return []
    base = next((b.get("href") for b in tree.iter("base") if b.get("href")), None)
    base_url = urljoin(base_url, base) if base else base_url
    found: list[FeedLink] = []
    seen: set[str] = set()
    for link in tree.iter("link"):
        rel = (link.get("rel") or "").lower().split()
        kind = FEED_TYPES.get((link.get("type") or "").split(";")[0].strip().lower())
        href = (link.get("href") or "").strip()
        if "alternate" not in rel or kind is None or not href:
            continue
        url = urljoin(base_url, href)
        if url in seen or (is_remote(base_url) and not is_remote(url)):
            continue
        seen.add(url)
        found.append(FeedLink(url=url, title=_clean(link.get("title") or ""), kind=kind))
    return found


def looks_like_html(response: Response) -> bool:
    kind = (response.content_type or "").split(";")[0].strip().lower()
    if kind in ("text/html", "application/xhtml+xml"):
        return True
    start = response.body[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return start.startswith((b"<!doctype html", b"<html")) or b"<head" in start


def discover(target: str, fetcher: Fetcher) -> Discovered:
    """Fetch ``target`` and find the feed it is or links; raises :class:`DiscoveryError`."""
    response = _fetch(fetcher, target)
    try:
        parsed = parse_feed(response.body, response.final_url, response.content_type)
    except FeedError as error:
        if not looks_like_html(response):
            raise DiscoveryError(f"not a feed: {error}") from None
    else:
        return Discovered(url=response.moved_to or target, response=response, parsed=parsed)
    links = feed_links(response.body, response.final_url)
    if not links:
        raise DiscoveryError("not a feed, and the page links no feed")
    problems: list[str] = []
    for link in links:
        try:
            feed = _fetch(fetcher, link.url)
            parsed = parse_feed(feed.body, feed.final_url, feed.content_type)
        except (DiscoveryError, FeedError) as error:
            problems.append(f"{link.url}: {error}")
            continue
        return Discovered(
            url=feed.moved_to or link.url,
            response=feed,
            parsed=parsed,
            page=response.moved_to or target,
            candidates=tuple(links),
        )
    raise DiscoveryError(f"the page links {len(links)} feed(s) and none could be read ({problems[0]})")


def _fetch(fetcher: Fetcher, target: str) -> Response:
    try:
        response = fetcher.get(target)
    except FetchError as error:
        raise DiscoveryError(str(error)) from None
    if response.not_modified:  # we sent no validators, so a 304 is the server's mistake
        raise DiscoveryError("the server answered 304 Not Modified to a plain request")
    return response


def _clean(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()
