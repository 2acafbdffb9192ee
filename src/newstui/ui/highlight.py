"""Core annotations -> reader highlight layers: the one place that knows how each label is drawn.

Colours are not chosen here: each label has a component class (``entity--person`` ...) styled in
``app.tcss`` from theme variables, and the caller passes in the resolved Rich styles. What this module
decides is which spans get which style, which labels are shown, and how ``E`` cycles through them.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection, Mapping, Sequence

from rich.style import Style

from newstui.core.annotate import Annotations
from newstui.core.models import Entity, Quote
from newstui.ui.widgets.reader import StyledSpan

LABELS = ("PERSON", "ORG", "PLACE", "NORP", "DATE", "NUMBER")
LABEL_NAMES = {
    "PERSON": "People",
    "ORG": "Organisations",
    "PLACE": "Places",
    "NORP": "Groups",
    "DATE": "Dates",
    "NUMBER": "Numbers",
}
QUOTE_COMPONENT = "entity--quote"
CURRENT_COMPONENT = "entity--current"


def component(label: str) -> str:
    """The component class that styles ``label`` (``entity--person``)."""
    return f"entity--{label.lower()}"


COMPONENTS = frozenset({component(label) for label in LABELS} | {QUOTE_COMPONENT, CURRENT_COMPONENT})


def shown_labels(hidden: Collection[str]) -> list[str]:
    return [label for label in LABELS if label not in hidden]


def entity_layer(
    annotations: Annotations, styles: Mapping[str, Style], hidden: Collection[str]
) -> list[StyledSpan]:
    """One styled span per entity whose label is shown."""
    return [
        StyledSpan(e.start, e.end, styles[e.label])
        for e in annotations.entities
        if e.label not in hidden and e.label in styles
    ]


def quote_layer(annotations: Annotations, style: Style) -> list[StyledSpan]:
    return [StyledSpan(q.start, q.end, style) for q in annotations.quotes]


def label_counts(annotations: Annotations) -> Counter[str]:
    return Counter(e.label for e in annotations.entities)


def next_hidden_labels(hidden: Sequence[str]) -> list[str]:
    """``E``: all labels -> only PERSON -> only ORG -> ... -> only NUMBER -> all labels again."""
    shown = shown_labels(hidden)
    if len(shown) != 1:
        return [label for label in LABELS if label != LABELS[0]]
    index = LABELS.index(shown[0]) + 1
    if index >= len(LABELS):
        return []
    return [label for label in LABELS if label != LABELS[index]]


def grouped_entities(annotations: Annotations) -> dict[str, list[tuple[str, int]]]:
    """Entities by label (in label order), each entity by its name in the article with its number of
    mentions ("Putin" and "Vladimir Putin" count as one), most mentioned first."""
    groups: dict[str, Counter[str]] = {}
    for e in annotations.entities:
        groups.setdefault(e.label, Counter())[e.entity or e.text] += 1
    return {label: groups[label].most_common() for label in LABELS if label in groups}


def stops(annotations: Annotations, hidden: Collection[str], entities_on: bool) -> list[Entity | Quote]:
    """What ``{`` / ``}`` move between: quotations, and the shown entities when highlighting is on."""
    items: list[Entity | Quote] = list(annotations.quotes)
    if entities_on:
        items.extend(e for e in annotations.entities if e.label not in hidden)
    return sorted(items, key=lambda item: (item.start, -item.end))


def quote_at(annotations: Annotations, offset: int) -> Quote | None:
    """The innermost quotation holding ``offset``."""
    holding = [q for q in annotations.quotes if q.start <= offset < q.end]
    return min(holding, key=lambda q: q.end - q.start) if holding else None
