"""Subscription lists in OPML: reading 1.0/2.0 (by listparser) and writing 2.0.

Nested outlines are folders: a feed inside ``Tech`` inside ``News`` is filed under ``News/Tech``. The
document is handed to listparser as bytes, never as a string (a string would be taken for a URL to
download), and a document declaring its own XML entities is refused as feeds are.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from email.utils import format_datetime
from xml.etree import ElementTree

import listparser

from newstui.core.feeds.models import Feed, FeedError
from newstui.core.feeds.parse import refuse_entity_declarations

FOLDER_SEPARATOR = "/"


@dataclass(frozen=True, slots=True)
class Subscription:
    """A feed named in a subscription list."""

    url: str
    title: str = ""
    folder: str = ""


def read_opml(data: bytes) -> list[Subscription]:
    """The feeds of an OPML document, in document order, each URL once; raises :class:`FeedError`."""
    refuse_entity_declarations(data)
    try:
        parsed = listparser.parse(data)
    except Exception as error:  # listparser reports problems in bozo, but be sure of one line
        raise FeedError(f"cannot read the subscription list ({type(error).__name__})") from error
    if not parsed.get("version") and not parsed.get("feeds"):
        problem = parsed.get("bozo_exception")
        raise FeedError(f"not an OPML subscription list{f' ({problem})' if problem else ''}")
    found: list[Subscription] = []
    seen: set[str] = set()
    for feed in parsed.get("feeds", []):
        url = " ".join(str(feed.get("url") or "").split())
        if not url or url in seen:
            continue
        seen.add(url)
        categories = feed.get("categories") or [[]]
        folder = FOLDER_SEPARATOR.join(" ".join(part.split()) for part in categories[0] if part.strip())
        found.append(Subscription(url, " ".join(str(feed.get("title") or "").split()), folder))
    return found


_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 cannot hold at all (a feed title may have them): dropped from the export."""


def _xml(text: str) -> str:
    return _NOT_XML.sub("", text)


def write_opml(feeds: Iterable[Feed], *, title: str = "newstui subscriptions", now: datetime) -> str:
    """An OPML 2.0 document of ``feeds``, folders as nested outlines."""
    root = ElementTree.Element("opml", version="2.0")
    head = ElementTree.SubElement(root, "head")
    ElementTree.SubElement(head, "title").text = title
    ElementTree.SubElement(head, "dateCreated").text = format_datetime(now)
    body = ElementTree.SubElement(root, "body")
    folders: dict[str, ElementTree.Element] = {"": body}
    for feed in feeds:
        parent = _folder(folders, feed.folder)
        attributes = {"type": "rss", "text": _xml(feed.title or feed.url), "xmlUrl": _xml(feed.url)}
        if feed.title:
            attributes["title"] = _xml(feed.title)
        if feed.site:
            attributes["htmlUrl"] = _xml(feed.site)
        ElementTree.SubElement(parent, "outline", attributes)
    ElementTree.indent(root)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ElementTree.tostring(root, encoding="unicode") + "\n"


def _folder(folders: dict[str, ElementTree.Element], path: str) -> ElementTree.Element:
    parts = [part for part in path.split(FOLDER_SEPARATOR) if part.strip()]
    key = ""
    parent = folders[""]
    for part in parts:
        key = f"{key}{FOLDER_SEPARATOR}{part}" if key else part
        if key not in folders:
            folders[key] = ElementTree.SubElement(parent, "outline", text=_xml(part), title=_xml(part))
        parent = folders[key]
    return parent
