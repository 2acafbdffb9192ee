"""Plain-text articles in the seed's layout: a title line, a blank line, paragraphs."""

from __future__ import annotations

from newstui.core.sources.parsed import Parsed
from newstui.core.text import split_article


def parse(text: str) -> Parsed:
    title_span, paragraphs = split_article(text)
    title = " ".join(text[title_span[0] : title_span[1]].split())
    return Parsed(title=title, title_span=title_span, paragraphs=paragraphs)
