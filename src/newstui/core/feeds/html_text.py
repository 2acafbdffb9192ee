"""An entry's HTML as article text: paragraphs, then its links as a numbered list (newsboat's way).

Paragraphs, headings, list items, block quotes and table rows each become a paragraph; character
entities are decoded; scripts, styles and other non-text elements are dropped with everything inside.
Each link keeps its text followed by ``[n]``, and the article ends with ``Links:`` and one paragraph per
link (``[n]: URL (link)``, or ``(image)`` for an image), relative links resolved against the entry's
address. Markdown articles use the same convention.

lxml's HTML parser (libxml2, C) reads the markup and the tree is walked without recursion, so the time is
linear in the input however hostile it is (unclosed tags, deep nesting, no ``>`` at all).
"""

from __future__ import annotations

import re
from urllib.parse import urljoin

from lxml import etree, html  # type: ignore[import-untyped]

from newstui.core.feeds.models import Link

_SKIP = frozenset(
    {"script", "style", "noscript", "template", "head", "title", "svg", "math", "iframe", "object",
     "embed", "canvas", "select", "button", "form", "input", "textarea", "audio", "video", "map"}
)  # fmt: skip
_BLOCK = frozenset(
    {"p", "div", "section", "article", "main", "header", "footer", "aside", "nav", "h1", "h2", "h3", "h4",
     "h5", "h6", "li", "ul", "ol", "dl", "dd", "dt", "blockquote", "pre", "table", "tr", "figure",
     "figcaption", "hr", "br", "address", "details", "summary", "body", "caption", "center"}
)  # fmt: skip
_SPACE = re.compile(r"[ \t\r\n\f\v]+")
"""Layout whitespace collapses to one space; a non-breaking space is text and is kept."""
_SAFE_SCHEMES = ("http://", "https://", "mailto:", "ftp://", "gopher://", "gemini://")
_PARSER = html.HTMLParser(huge_tree=True)  # nesting up to libxml2's hard limit, not 256 levels
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def looks_like_html(text: str) -> bool:
    """Whether content without a declared type is markup (a tag or an entity) rather than plain text."""
    return bool(re.search(r"<[a-zA-Z/!]|&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z]+);", text))


def plain_paragraphs(text: str) -> list[str]:
    """Plain text content: paragraphs are separated by blank lines, other line breaks are soft."""
    blocks = re.split(r"\r?\n[ \t]*\r?\n", _CONTROL.sub("", text))
    return [block for block in (_SPACE.sub(" ", part).strip() for part in blocks) if block]


class _Blocks:
    """Text collected into paragraphs, with the links met on the way."""

    def __init__(self, base: str | None) -> None:
        self.base = base
        self.paragraphs: list[str] = []
        self.current: list[str] = []
        self.links: dict[str, int] = {}
        self.kinds: dict[str, str] = {}

    def add(self, text: str | None) -> None:
        if text:
            self.current.append(text)

    def flush(self) -> None:
        # Character references can spell control characters (&#x1b;) the markup itself did not hold.
        block = _SPACE.sub(" ", _CONTROL.sub("", "".join(self.current))).strip()
        self.current = []
        if block:
            self.paragraphs.append(block)

    def link(self, href: str, kind: str = "link") -> int | None:
        href = href.strip()
        if not href or href.startswith("#"):
            return None
        url = urljoin(self.base, href) if self.base else href
        if not url.lower().startswith(_SAFE_SCHEMES):
            return None  # javascript:, data: and relative links with nothing to resolve them against
        self.kinds.setdefault(url, kind)
        return self.links.setdefault(url, len(self.links) + 1)


def html_paragraphs(markup: str, base: str | None = None) -> tuple[list[str], tuple[Link, ...]]:
    """The paragraphs of an HTML fragment or page, and its links numbered from 1."""
    markup = _CONTROL.sub("", markup)
    blocks = _Blocks(base)
    if not markup.strip():
        return [], ()
    try:
        root = html.fragment_fromstring(markup, create_parent="div", parser=_PARSER)
    except (etree.ParserError, ValueError):
        return plain_paragraphs(markup), ()
    walker = etree.iterwalk(root, events=("start", "end"))
    list_depth = 0
    for event, element in walker:
        tag = element.tag if isinstance(element.tag, str) else ""
        tag = tag.lower()
        if event == "start":
            if not tag:  # a comment or processing instruction: only its tail is text
                walker.skip_subtree()
                continue
            if tag in _SKIP:
                walker.skip_subtree()
                continue
            if tag in _BLOCK:
                blocks.flush()
            if tag in ("ul", "ol"):
                list_depth += 1
            elif tag == "li" and list_depth:
                blocks.add("• ")
            elif tag == "img":
                alt = _SPACE.sub(" ", element.get("alt") or "").strip()
                number = blocks.link(element.get("src") or "", "image")
                label = f"[image: {alt}]" if alt else ("[image]" if number is not None else "")
                blocks.add(f"{label}[{number}]" if number is not None else label)
            blocks.add(element.text)
            continue
        if tag in ("ul", "ol"):
            list_depth = max(0, list_depth - 1)
        if tag == "a":
            number = blocks.link(element.get("href") or "")
            if number is not None:
                blocks.add(f"[{number}]")
        if tag in _BLOCK:
            blocks.flush()
        if element is not root:
            blocks.add(element.tail)
    blocks.flush()
    links = tuple(Link(number, url, blocks.kinds[url]) for url, number in blocks.links.items())
    return [p for p in blocks.paragraphs if p != "•"], links


def links_paragraphs(links: tuple[Link, ...]) -> list[str]:
    """The numbered list that ends an article with links: ``Links:`` then ``[n]: URL (link)`` each."""
    if not links:
        return []
    return ["Links:", *(f"[{link.number}]: {link.url} ({link.kind})" for link in links)]


def body_text(
    content: str, *, is_html: bool | None = None, base: str | None = None
) -> tuple[str, tuple[Link, ...]]:
    """An entry's content as the body of an article: paragraphs, blank lines between, links last."""
    if is_html is None:
        is_html = looks_like_html(content)
    if is_html:
        paragraphs, links = html_paragraphs(content, base)
    else:
        paragraphs, links = plain_paragraphs(content), ()
    return "\n\n".join([*paragraphs, *links_paragraphs(links)]), links
