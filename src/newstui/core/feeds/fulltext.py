"""The main text of a web page (an article behind a summary-only feed entry, or a saved ``.html`` file).

trafilatura finds the article among the page furniture (it scores best among open-source extractors in
published comparisons, and is Apache-2.0); lxml reads the markup. What trafilatura returns is a small XML
tree (``head``, ``p``, ``list``/``item``, ``quote``, ``table``/``row``/``cell``, ``lb`` line breaks) that
becomes paragraphs here: one per block, a line break starting a new one, layout whitespace collapsed
(non-breaking spaces are text and kept).

Bounded on hostile pages: input past :data:`MAX_HTML_CHARS` is cut (lxml reads a truncated page as it
would a broken one), and above :data:`FAST_ABOVE` trafilatura's fallback extractors, whose cost grows
faster than the input, are skipped. A page of 400 KB of unclosed tags takes well under a second
(``benchmarks/feeds.py`` measures it). When trafilatura finds no article (a page that is all links, or
markup too deep for libxml2), every paragraph of the page is taken instead, by the same linear walk
that turns feed entries into text.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from lxml import etree, html  # type: ignore[import-untyped]

from newstui.core.feeds.html_text import html_paragraphs
from newstui.core.feeds.models import FullTextMode
from newstui.core.sources.markdown import parse_date

MAX_PAGE_CHARS = 10_000_000
"""Pages are read (by lxml) up to this many characters: the fetcher's own size cap."""
MAX_HTML_CHARS = 1_000_000
"""What is left of a page without its scripts and styles is cut to this before extraction."""
FAST_ABOVE = 300_000
"""Above this many characters only trafilatura's own (linear) extractor runs."""
MAX_EXTRACT_ELEMENTS = 8_000
"""Above this many elements the page is read by the linear walk instead of trafilatura, which costs some
0.25 ms an element here: a hostile page of 100,000 tiny elements took half a minute (a news page has a
few thousand)."""
SHORT_TEXT = 500
"""An entry whose feed text has fewer characters than this is taken for a summary (``full_text = auto``)."""

for _name in ("trafilatura", "htmldate", "courlan", "justext"):
    # Their warnings ("discarding data", "parsed tree length") would otherwise reach stderr through
    # logging's last-resort handler, and stderr is the terminal the app draws on.
    logging.getLogger(_name).addHandler(logging.NullHandler())

_SPACE = re.compile(r"[ \t\r\n\f\v]+")
_DATE_META = ("article:published_time", "date", "pubdate", "publishdate", "dc.date", "datepublished")
_PARSER = html.HTMLParser(huge_tree=True, remove_comments=True, remove_pis=True)
_NO_TEXT = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object", "canvas")
_BLOCKS = {"p", "head", "item", "code", "quote", "list", "table", "row"}
_ELLIPSIS = re.compile(r"(?:…|\.\.\.|\[\s*(?:…|\.\.\.)\s*\]|\bread more\b|\bcontinue reading\b)\W*$", re.I)


@dataclass(frozen=True, slots=True)
class Extracted:
    """A page's article: title and date from the page's own metadata, and its paragraphs."""

    title: str
    published: datetime | None
    paragraphs: tuple[str, ...]

    @property
    def text(self) -> str:
        """The paragraphs separated by blank lines (the layout article text uses)."""
        return "\n\n".join(self.paragraphs)


def wants_full_text(mode: FullTextMode, feed_text: str) -> bool:
    """Whether an entry's page should be fetched for its full text under a feed's ``full_text`` mode.

    ``auto`` takes an entry for a summary when its text is short or ends the way teasers do ("…",
    "[...]", "Read more").
    """
    if mode == "never":
        return False
    if mode == "always":
        return True
    text = feed_text.strip()
    return len(text) < SHORT_TEXT or bool(_ELLIPSIS.search(text[-40:]))


def extract(page: str | bytes, url: str | None = None) -> Extracted:
    """The main text of an HTML page, with its title (``og:title``, ``<h1>``, ``<title>``) and date."""
    text = _decode(page[:MAX_PAGE_CHARS]) if isinstance(page, bytes) else page[:MAX_PAGE_CHARS]
    tree = _parse(text)
    if tree is None:
        return Extracted("", None, tuple(html_paragraphs(text[:MAX_HTML_CHARS])[0]))
    title, date = _metadata(tree)
    if len(text) > MAX_HTML_CHARS:
        # Scripts, styles and inline images carry no article text but can be most of a big page's
        # bytes: dropped (by libxml2, in C) before the page is cut to what the extractor reads.
        etree.strip_elements(tree, *_NO_TEXT, with_tail=False)
        text = html.tostring(tree, encoding="unicode")[:MAX_HTML_CHARS]
    if sum(1 for _ in tree.iter()) > MAX_EXTRACT_ELEMENTS:
        paragraphs = []  # too many elements for trafilatura in good time: every paragraph, by a linear walk
    else:
        paragraphs = _main_paragraphs(text, url, fast=len(text) > FAST_ABOVE)
    if not paragraphs:
        paragraphs = html_paragraphs(text)[0]
    if paragraphs and title and paragraphs[0] == title:
        paragraphs = paragraphs[1:]  # the page's own <h1> is the title, not a paragraph
    return Extracted(title, date, tuple(paragraphs))


def _decode(data: bytes) -> str:
    """Bytes of a page as text: the declared charset if any, else UTF-8, else Windows-1252."""
    head = data[:2048].decode("ascii", "replace")
    declared = re.search(r"""<meta[^>]+charset=["']?([\w.:-]+)""", head, re.I)
    for encoding in ([declared.group(1)] if declared else []) + ["utf-8"]:
        try:
            return data.decode(encoding)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1252", "replace")


def _parse(page: str) -> Any | None:
    if not page.strip():
        return None
    try:
        tree = html.document_fromstring(page, parser=_PARSER)
    except (etree.ParserError, ValueError):
        return None
    return tree


def _clean(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def _metadata(tree: Any) -> tuple[str, datetime | None]:
    meta_title = h1 = page_title = date = ""
    for meta in tree.iter("meta"):
        key = (meta.get("property") or meta.get("name") or meta.get("itemprop") or "").lower()
        if key == "og:title" and not meta_title:
            meta_title = meta.get("content") or ""
        elif key in _DATE_META and not date:
            date = meta.get("content") or ""
    if not date:
        time_tag = next((t for t in tree.iter("time") if t.get("datetime")), None)
        date = time_tag.get("datetime", "") if time_tag is not None else ""
    first_h1 = next(tree.iter("h1"), None)
    if first_h1 is not None:
        h1 = first_h1.text_content()
    title_tag = next(tree.iter("title"), None)
    if title_tag is not None:
        page_title = title_tag.text_content()
    title = next((_clean(t) for t in (meta_title, h1, page_title) if _clean(t)), "")
    return title, parse_date(date) if date else None


def _main_paragraphs(page: str, url: str | None, *, fast: bool) -> list[str]:
    # trafilatura parses the page itself: handed our tree it reads small documents differently.
    import trafilatura  # a third of a second to import: only when a page is read

    try:
        document: Any = trafilatura.bare_extraction(
            page,
            url=url,
            fast=fast,
            include_comments=False,
            include_tables=True,
            include_formatting=False,
            with_metadata=False,
        )
    except (ValueError, TypeError, etree.LxmlError):  # trafilatura on input it cannot handle
        return []
    body = getattr(document, "body", None)
    if body is None:
        return []
    paragraphs: list[str] = []
    _blocks(body, paragraphs)
    return paragraphs


def _blocks(root: Any, out: list[str]) -> None:
    """Paragraphs of trafilatura's output tree, without recursion (its depth is the page's)."""
    pending: list[str] = []

    def flush() -> None:
        text = _clean("".join(pending))
        if text:
            out.append(text)
        pending.clear()

    stack: list[tuple[Any, bool]] = [(child, False) for child in reversed(root)]
    while stack:
        element, closing = stack.pop()
        tag = element.tag if isinstance(element.tag, str) else ""
        if closing:
            if tag in _BLOCKS:
                flush()
            elif tag == "cell":
                pending.append(" | ")
            if element.tail:
                pending.append(element.tail)
            continue
        if tag in _BLOCKS or tag == "lb":
            flush()
        if element.text and tag != "lb":
            pending.append(element.text)
        stack.append((element, True))
        stack.extend((child, False) for child in reversed(element))
    flush()
