"""What the reader keeps about annotations: a cache by content hash, and one-line descriptions.

Annotating is pure and deterministic, so an article's result is kept by the hash of its bytes: reopening
an article (or the same text under another path) shows its highlights at once, without a worker.
"""

from __future__ import annotations

from collections import OrderedDict

from rich.text import Text

from newstui.core.annotate import Annotations
from newstui.core.models import Article, Entity, Quote
from newstui.core.safe_text import safe_text
from newstui.ui.highlight import LABEL_NAMES
from newstui.ui.widgets.entities import preview

CACHE_SIZE = 128


class AnnotationCache:
    """Least-recently-used annotations by article content hash."""

    def __init__(self, size: int = CACHE_SIZE) -> None:
        self.size = size
        self._items: OrderedDict[str, Annotations] = OrderedDict()

    def get(self, content_hash: str) -> Annotations | None:
        found = self._items.get(content_hash)
        if found is not None:
            self._items.move_to_end(content_hash)
        return found

    def put(self, content_hash: str, annotations: Annotations) -> None:
        self._items[content_hash] = annotations
        self._items.move_to_end(content_hash)
        while len(self._items) > self.size:
            self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


def _paragraph(article: Article, offset: int) -> str:
    index = article.paragraph_at(offset)
    return "title" if index is None or offset < article.title_span[1] else f"paragraph {index + 1}"


def describe(item: Entity | Quote, annotations: Annotations, article: Article) -> Text:
    """``“The militants…” — Kassym-Jomart Tokayev · quote 2 of 2 · paragraph 9``, or for a name
    ``Kazakhstan · Places · mention 3 of 5 · paragraph 12``."""
    where = _paragraph(article, item.start)
    if isinstance(item, Quote):
        number = annotations.quotes.index(item) + 1
        line = Text(preview(item.text, 48), style="italic")
        if item.speaker:
            line.append(" — ")
            line.append(safe_text(item.speaker), style="bold")
        else:
            line.append(" — no speaker named", style="dim")
        line.append(f"  · quote {number} of {len(annotations.quotes)} · {where}", style="dim")
        return line
    mentions = [e for e in annotations.entities if e.label == item.label and e.text == item.text]
    number = mentions.index(item) + 1
    line = Text(safe_text(item.text), style="bold")
    line.append(f" · {LABEL_NAMES.get(item.label, item.label)}")
    line.append(f" · mention {number} of {len(mentions)} · {where}", style="dim")
    return line
