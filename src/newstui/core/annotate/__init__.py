"""Entities and quotations of an article: :func:`annotate` is the one entry point.

Text in, spans out: no Textual, no network, no model download. Offsets are code points into the text
exactly as given (an ``Article.text``, title line included).
"""

from __future__ import annotations

from dataclasses import dataclass

from newstui.core.annotate.entities import find_entities
from newstui.core.annotate.quotes import find_quotes
from newstui.core.annotate.speakers import attribute_speakers
from newstui.core.annotate.tokens import tokenize
from newstui.core.models import Entity, Quote
from newstui.core.text import split_article

__all__ = ["Annotations", "annotate"]


@dataclass(frozen=True, slots=True)
class Annotations:
    """What :func:`annotate` found, each tuple sorted by position."""

    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]


def annotate(text: str) -> Annotations:
    """Entities and quotations (with speakers) of an article's text."""
    title, paragraphs = split_article(text)
    blocks = [title] + [(p.start, p.end) for p in paragraphs]
    blocks = [b for b in blocks if b[1] > b[0]]
    tokens = [tokenize(text, start, end) for start, end in blocks]
    entities = find_entities(text, blocks, tokens)
    quote_spans = find_quotes(text, blocks)
    quotes = attribute_speakers(text, blocks, quote_spans, entities, tokens)
    return Annotations(tuple(entities), tuple(quotes))
