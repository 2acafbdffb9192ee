"""Markdown articles: optional YAML-style front matter, a ``#`` heading as title, then paragraphs.

The markup is shown as written (it is rare in news text); only the title's ``#`` marks and the front
matter are kept out of the reading flow.
"""

from __future__ import annotations

import re
from datetime import datetime

from newstui.core.dates import parse_iso
from newstui.core.sources.parsed import Parsed
from newstui.core.text import split_article

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.S)
# The value is taken whole and stripped in Python: a lazy ``(.*?)[ \t]*$`` retried the trailing
# spaces at every character, so a value with a long run of spaces inside took minutes.
_FIELD = re.compile(r"^(\w+)[ \t]*:(.*)$", re.M)


def parse_date(value: str) -> datetime | None:
    """ISO dates and date-times (``2022-01-07``, ``2022-01-07T10:00:00Z``) in a sane range; else unknown."""
    return parse_iso(value)


def parse(text: str) -> Parsed:
    fields: dict[str, str] = {}
    body_start = 0
    front = _FRONT_MATTER.match(text)
    if front:
        fields = {key.lower(): value.strip(" \t") for key, value in _FIELD.findall(front.group(1))}
        body_start = front.end()
    (start, end), paragraphs = split_article(text, body_start)
    while start < end and text[start] == "#":
        start += 1
    while start < end and text[start].isspace():
        start += 1
    title = fields.get("title", "").strip("\"'") or " ".join(text[start:end].split())
    published = parse_date(fields["date"]) if "date" in fields else None
    return Parsed(
        title=title,
        title_span=(start, end),
        paragraphs=paragraphs,
        published=published,
        source=fields.get("source") or None,
    )
