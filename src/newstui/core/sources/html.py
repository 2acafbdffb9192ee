"""HTML articles: the readable text of a saved web page, with its title and publication date.

The standard library's tolerant HTMLParser is enough here: we want the paragraphs of one article,
not a browser. Scripts, styles and page furniture (navigation, headers, footers, asides, forms) are
dropped; block elements become paragraphs. The article text newstui works on is the extracted text
(title line, blank line, paragraphs), so offsets for HTML files refer to that text.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

from newstui.core.sources.markdown import parse_date
from newstui.core.sources.parsed import Parsed
from newstui.core.text import split_article

_SKIP = {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "svg", "head"}
_BLOCK = {
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol",
    "blockquote", "pre", "table", "tr", "figure", "figcaption", "dd", "dt", "hr", "br",
}  # fmt: skip
_DATE_META = {"article:published_time", "date", "pubdate", "publishdate", "dc.date", "datepublished"}
_SPACE = re.compile(r"\s+")


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.current: list[str] = []
        self.skipping = 0
        self.in_title = False
        self.title = ""
        self.heading = ""
        self.in_h1 = False
        self.meta_title = ""
        self.date = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = {name: value or "" for name, value in attrs}
        if tag == "meta":
            key = (values.get("property") or values.get("name") or values.get("itemprop") or "").lower()
            if key == "og:title":
                self.meta_title = values.get("content", "")
            elif key in _DATE_META and not self.date:
                self.date = values.get("content", "")
            return
        if tag == "time" and not self.date:
            self.date = values.get("datetime", "")
        if tag == "title":
            self.in_title = True
        if tag in _SKIP:
            self.skipping += 1
        elif tag in _BLOCK:
            self._flush()
        if tag == "h1":
            self.in_h1 = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self.in_title = False
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in _BLOCK:
            self._flush()
        if tag == "h1":
            self.in_h1 = False

    def handle_data(self, data: str) -> None:
        if self.in_title:
            self.title += data
            return
        if self.skipping:
            return
        if self.in_h1 and not self.heading:
            self.heading = data
        self.current.append(data)

    def _flush(self) -> None:
        block = _SPACE.sub(" ", "".join(self.current)).strip()
        if block:
            self.blocks.append(block)
        self.current = []

    def close(self) -> None:
        super().close()
        self._flush()


def _without_unclosed_tags(text: str) -> str:
    """``<`` that no ``>`` follows before the next ``<`` cannot open a tag: it becomes ``&lt;`` (text).

    The standard library's parser rescans from each such ``<`` to the end of the page, so a page of
    ``<a`` repeated took minutes (quadratic time); after this one linear pass it takes a fraction of a
    second. A ``<`` inside a quoted attribute value (``alt="a<b"``) is the rare casualty: that one tag
    is then read as text.
    """
    if "<" not in text:
        return text
    first, *rest = text.split("<")
    return first + "".join(("<" if ">" in part else "&lt;") + part for part in rest)


def parse(text: str) -> Parsed:
    extractor = _Extractor()
    extractor.feed(_without_unclosed_tags(text))
    extractor.close()
    title = next(
        (
            _SPACE.sub(" ", candidate).strip()
            for candidate in (extractor.meta_title, extractor.heading, extractor.title)
            if candidate.strip()
        ),
        "",
    )
    blocks = list(extractor.blocks)
    if blocks and title and blocks[0] == title:
        blocks.pop(0)  # the page's own <h1> is the title, not a paragraph
    plain = "\n\n".join([title or "(untitled page)", *blocks]) + "\n"
    title_span, paragraphs = split_article(plain)
    return Parsed(
        title=title or "(untitled page)",
        title_span=title_span,
        paragraphs=paragraphs,
        published=parse_date(extractor.date) if extractor.date else None,
        text=plain,
    )
