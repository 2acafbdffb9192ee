"""Entities and quotations of an article: :func:`annotate` is the one entry point.

Text in, spans out: no Textual, no network, no model download. Offsets are code points into the text
exactly as given (an ``Article.text``, title line included).
"""

from __future__ import annotations

from dataclasses import dataclass

from newstui.core.annotate.entities import find_entities
from newstui.core.annotate.quotes import find_quotes
from newstui.core.annotate.roles import Reference, find_references
from newstui.core.annotate.speakers import attribute_speakers
from newstui.core.annotate.tokens import tokenize
from newstui.core.models import Entity, Quote
from newstui.core.text import split_article

__all__ = ["Annotations", "Reference", "annotate"]


@dataclass(frozen=True, slots=True)
class Annotations:
    """What :func:`annotate` found, each tuple sorted by position."""

    entities: tuple[Entity, ...]
    quotes: tuple[Quote, ...]
    references: tuple[Reference, ...] = ()
    """Descriptions that stand for an entity the article named ("the Russian president")."""


SOFT_WRAP_MAX_LINE = 100
"""Lines longer than this on average are paragraphs of their own, not a hard-wrapped paragraph."""


def blocks_of(text: str) -> list[tuple[int, int]]:
    """The title and the paragraphs as ``(start, end)``: the reader's split, except that a block whose
    lines are long is split at its line breaks (many files put one paragraph per line with no blank
    line between, and a quotation mark left open must not run on through all of them)."""
    title, paragraphs = split_article(text)
    blocks: list[tuple[int, int]] = []
    for start, end in [title] + [(p.start, p.end) for p in paragraphs]:
        chunk = text[start:end]
        lines = chunk.splitlines(keepends=True)
        if len(lines) > 1 and len(chunk) / len(lines) > SOFT_WRAP_MAX_LINE:
            position = start
            for line in lines:
                stripped = line.strip()
                if stripped:
                    first = position + line.index(stripped[0])
                    blocks.append((first, first + len(stripped)))
                position += len(line)
        else:
            blocks.append((start, end))
    return [b for b in blocks if b[1] > b[0]]


def annotate(text: str) -> Annotations:
    """Entities and quotations (with speakers) of an article's text."""
    blocks = blocks_of(text)
    tokens = [tokenize(text, start, end) for start, end in blocks]
    entities = find_entities(text, blocks, tokens)
    references = find_references(text, blocks, tokens, entities)
    quote_spans = find_quotes(text, blocks)
    quotes = attribute_speakers(text, blocks, quote_spans, entities, tokens, references)
    return Annotations(tuple(entities), tuple(quotes), tuple(references))
