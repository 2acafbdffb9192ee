"""What the enrichment pass keeps of one article: its entity names by field, its entities with their
mention counts, and its attributed quotations (by offset: the text stays in the search index).

Plain, picklable data: it is made in a worker process and written by the searching one.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass

ENTITY_FIELDS = ("person", "org", "place")
LABEL_FIELDS = {"PERSON": "person", "ORG": "org", "PLACE": "place"}
"""Annotation labels that feed the index (groups, dates and numbers do not)."""


@dataclass(frozen=True, slots=True)
class Enrichment:
    """One article's names, entities and quotations as the index stores them."""

    fields: list[str]
    """The person / org / place columns of the search index: names joined with " ; "."""
    mentions: tuple[tuple[str, str, int], ...] = ()
    """(canonical name, label, number of mentions) per entity of the article."""
    quotes: tuple[tuple[str, int, int], ...] = ()
    """(speaker, start, end) per outermost quotation the article attributes to someone."""

    def dumps(self) -> str:
        """The mentions and quotations as JSON (kept by content hash, for moved or copied files)."""
        return json.dumps([self.mentions, self.quotes], ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def loads(cls, fields: list[str], blob: str | None) -> Enrichment:
        if not blob:
            return cls(fields)
        try:
            mentions, quotes = json.loads(blob)
            return cls(
                fields,
                tuple((str(n), str(lab), int(c)) for n, lab, c in mentions),
                tuple((str(s), int(a), int(b)) for s, a, b in quotes),
            )
        except (ValueError, TypeError):
            return cls(fields)


def enrichment_of(text: str) -> Enrichment:
    """Annotate ``text`` (entities, quotations, speakers) and keep what the index needs."""
    from newstui.core.annotate import annotate

    annotations = annotate(text)
    names: dict[str, dict[str, None]] = {field: {} for field in ENTITY_FIELDS}
    counts: Counter[tuple[str, str]] = Counter()
    for entity in annotations.entities:
        field = LABEL_FIELDS.get(entity.label)
        if field is None:
            continue
        names[field][entity.text] = None
        counts[(entity.entity or entity.text, entity.label)] += 1
    for reference in annotations.references:  # "the Russian president" is a mention of Putin too
        counts[(reference.entity, reference.label)] += 1
    quotes: list[tuple[str, int, int]] = []
    outer_end = -1
    for quote in annotations.quotes:  # sorted by start, longest first: nested ones follow their host
        if quote.start < outer_end:
            continue
        outer_end = quote.end
        if quote.speaker:
            quotes.append((quote.speaker, quote.start, quote.end))
    return Enrichment(
        [" ; ".join(names[field]) for field in ENTITY_FIELDS],
        tuple((name, label, count) for (name, label), count in counts.items()),
        tuple(quotes),
    )
