"""Markdown articles read as structure: the text a person reads, not the marks that format it.

Optional YAML-style front matter (``title:``, ``date:``, ``source:``), then the body. Headings, list
items, block quotes and code blocks each become a paragraph of their own; ``**strong**``, ``_emphasis_``
and `` `code` `` lose their marks; a link keeps its text followed by ``[n]`` and the article ends with
``Links:`` and one paragraph per link (``[n]: URL (link)``, ``(image)`` for an image), the numbered
list feed entries use too (newsboat's way). As for HTML, the article text is this readable text, so
offsets (annotations, bookmarks, search matches) refer to it.

The title is the front matter's ``title:`` if there is one, else the first heading or line, and it
is the first line of the text, so the list and the reader always show the same title. Every pattern
here is a single pass or a character-class scan without nested repetition, so time is linear in the
input however hostile it is (thousands of ``**`` or ``[`` with no partner).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from newstui.core.dates import parse_iso
from newstui.core.sources.parsed import Parsed
from newstui.core.text import split_article

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
_HEADING = re.compile(r" {0,3}#{1,6}(?:[ \t]+|$)")
_SETEXT = re.compile(r" {0,3}(?:=+|-+)[ \t]*$")
_RULE = re.compile(r" {0,3}(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$")
_BULLET = re.compile(r"( {0,3})([-*+]|\d{1,9}[.)])(?:[ \t]+|$)")
_QUOTE = re.compile(r" {0,3}>[ \t]?")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_DEFINITION = re.compile(r" {0,3}\[([^\[\]\n]{1,999})\]:[ \t]*<?([^\s>]+)>?(?:[ \t]+.*)?$")

_CODE_SPAN = re.compile(r"(?<!`)(`++)([^`]++)\1(?!`)")
_LINK = re.compile(
    r"(!?)\[([^\[\]\n]*)\](?:\(<?([^()\s<>]*)>?(?:[ \t]+(?:\"[^\"\n]*\"|'[^'\n]*'))?\)|\[([^\[\]\n]*)\])?"
)
_AUTOLINK = re.compile(r"<((?:https?|ftp|mailto):[^\s<>]+)>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>~|])")
_MARKS = "*_~"
_HIDDEN = {mark: chr(0xE000 + index) for index, mark in enumerate(_MARKS)}
"""An escaped ``\\*`` stands in as a private-use character while emphasis is paired, then comes back."""
_SHOWN = str.maketrans({hidden: mark for mark, hidden in _HIDDEN.items()})
_DELIMITERS = re.compile(r"\*+|_+|~~")


def _fields(front: str) -> dict[str, str]:
    """``key: value`` lines of the front matter (keys lower-cased); other lines are ignored."""
    fields = {}
    for line in front.splitlines():
        key, colon, value = line.partition(":")
        if colon and key.strip().isidentifier():
            fields[key.strip().lower()] = value.strip()
    return fields


def parse_date(value: str) -> datetime | None:
    """ISO dates and date-times (``2022-01-07``, ``2022-01-07T10:00:00Z``) in a sane range; else unknown."""
    return parse_iso(value)


@dataclass
class _Links:
    """The article's links in the order first seen, numbered from 1, and its reference definitions."""

    definitions: dict[str, str] = field(default_factory=dict)
    numbers: dict[str, int] = field(default_factory=dict)
    kinds: dict[str, str] = field(default_factory=dict)

    def number(self, url: str, kind: str) -> int:
        if url not in self.numbers:
            self.numbers[url] = len(self.numbers) + 1
            self.kinds[url] = kind
        return self.numbers[url]

    def paragraphs(self) -> list[str]:
        """``Links:`` then ``[n]: URL (link)`` each: the same list feed entries end with."""
        if not self.numbers:
            return []
        return ["Links:", *(f"[{n}]: {url} ({self.kinds[url]})" for url, n in self.numbers.items())]


def _emphasis(text: str) -> str:
    """``text`` without the ``*``/``_``/``~~`` runs that open and close emphasis (paired on a stack).

    A run opens if a word follows it and closes if one precedes it; ``_`` inside a word (snake_case)
    is a letter, not a mark. A closer pairs with the latest opener of the same character; openers
    left above it are dropped. Each run is pushed and popped at most once: linear time.
    """
    runs = list(_DELIMITERS.finditer(text))
    if not runs:
        return text
    removed: set[int] = set()
    stacks: dict[str, list[int]] = {mark: [] for mark in _MARKS}
    for index, run in enumerate(runs):
        start, end = run.span()
        before = text[start - 1] if start else " "
        after = text[end] if end < len(text) else " "
        opens = not after.isspace()
        closes = not before.isspace()
        mark = run.group()[0]
        if mark == "_" and before.isalnum() and after.isalnum():
            continue
        stack = stacks[mark]
        if closes and stack:
            removed.update((stack.pop(), index))
            continue
        if opens:
            stack.append(index)
    if not removed:
        return text
    out, last = [], 0
    for index in sorted(removed):
        start, end = runs[index].span()
        out.append(text[last:start])
        last = end
    out.append(text[last:])
    return "".join(out)


def _inline(text: str, links: _Links) -> str:
    """One paragraph's inline markup turned into what it says: links numbered, marks dropped."""
    parts = _CODE_SPAN.split(text)
    out = []
    # split() gives text, then (fence, code) pairs: code is kept as written, without its backticks.
    for index in range(0, len(parts), 3):
        out.append(_text_part(parts[index], links))
        if index + 2 < len(parts):
            out.append(parts[index + 2].strip())
    return " ".join("".join(out).split())


def _text_part(text: str, links: _Links) -> str:
    def link(match: re.Match[str]) -> str:
        image, label, url, reference = match.groups()
        if url is None:
            url = links.definitions.get((reference or label).strip().lower())
            if url is None:
                return match.group()
        label = label.strip() or url
        number = links.number(url, "image" if image else "link") if url else None
        return f"{label}[{number}]" if number else label

    text = _AUTOLINK.sub(lambda m: m.group(1), text)
    text = _LINK.sub(link, text)
    text = _ESCAPE.sub(lambda m: _HIDDEN.get(m.group(1), m.group(1)), text)
    return _emphasis(text).translate(_SHOWN)


def _blocks(lines: list[str]) -> list[tuple[str, str]]:
    """The body's lines grouped into blocks, one per paragraph to show: (kind, text with its markup).

    Kinds: ``p`` paragraph, ``h`` heading, ``li`` list item, ``q`` block quote, ``code`` fenced code.
    """
    blocks: list[tuple[str, str]] = []
    current: list[str] = []
    kind = ""

    def flush() -> None:
        nonlocal current, kind
        if current:
            blocks.append((kind, "\n".join(current)))
        current, kind = [], ""

    fence = ""
    for line in lines:
        if fence:
            if line.strip().startswith(fence):
                flush()
                fence = ""
            else:
                current.append(line)
            continue
        opening = _FENCE.match(line)
        if opening:
            flush()
            fence, kind = opening.group(1), "code"
            continue
        if not line.strip():
            flush()
            continue
        heading = _HEADING.match(line)
        if heading:
            flush()
            words = line[heading.end() :].rstrip()
            closing = words.rstrip("#")
            if closing != words and (not closing or closing[-1] in " \t"):
                words = closing.rstrip()  # "## Title ##": the closing marks are not the title
            blocks.append(("h", words))
            continue
        if kind == "p" and _SETEXT.match(line):
            kind = "h"  # the paragraph above was a heading ("Title" over "=====")
            flush()
            continue
        if _RULE.match(line):
            flush()
            continue
        quote = _QUOTE.match(line)
        if quote:
            if kind != "q":
                flush()
                kind = "q"
            rest = line[quote.end() :]
            if rest.strip():
                current.append(rest)
            else:
                flush()
                kind = "q"
            continue
        bullet = _BULLET.match(line)
        if bullet:
            flush()
            marker = bullet.group(2)
            current, kind = [("•" if marker in "-*+" else marker) + " " + line[bullet.end() :]], "li"
            continue
        if kind == "q":
            flush()
        if not kind:
            kind = "p"
        current.append(line.strip())
    flush()
    return blocks


def parse(text: str) -> Parsed:
    fields: dict[str, str] = {}
    body_start = 0
    front = _FRONT_MATTER.match(text)
    if front:
        fields = _fields(front.group(1))
        body_start = front.end()
    links = _Links()
    lines = []
    for line in text[body_start:].splitlines():
        definition = _DEFINITION.match(line)
        if definition:
            links.definitions[definition.group(1).strip().lower()] = definition.group(2)
        else:
            lines.append(line)
    raw = [(kind, block) for kind, block in _blocks(lines) if block.strip()]
    title = _inline(fields.get("title", "").strip().strip("\"'"), _Links())
    if not title and raw:
        # No title in the front matter: the first heading or line is the title, as for plain text.
        kind, block = raw[0]
        first, _, rest = block.partition("\n")
        raw[0] = (kind, rest)
        title = _inline(first, links)
    blocks = [block if kind == "code" else _inline(block, links) for kind, block in raw]
    blocks = [block for block in blocks if block.strip()]
    if blocks and blocks[0] == title and raw[0][0] == "h":
        blocks.pop(0)  # the heading that repeats the front matter's title
    plain = "\n\n".join([title or "(untitled)", *blocks, *links.paragraphs()]) + "\n"
    title_span, paragraphs = split_article(plain)
    published = parse_date(fields["date"]) if "date" in fields else None
    return Parsed(
        title=title or "(untitled)",
        title_span=title_span,
        paragraphs=paragraphs,
        published=published,
        source=fields.get("source") or None,
        text=plain,
    )
