"""Which passage of an article ``b`` and ``a`` act on: the passage cursor and the selection.

A plain model, so it is tested without a terminal; the reader owns one and draws it. The cursor is a
paragraph index. ``v`` starts a selection by sentence (stepping extends it, across paragraphs), ``v``
again turns it into a selection of whole paragraphs, and a third ``v`` stops selecting. The mouse
selects paragraphs (a drag, or shift+click to extend).
"""

from __future__ import annotations

from enum import Enum

from newstui.core.bookmarks.passages import sentence_spans
from newstui.core.models import Article


class Mode(Enum):
    """How the selection grows as the cursor moves."""

    CURSOR = "cursor"
    """No selection: the passage is the cursor's paragraph."""
    SENTENCES = "sentences"
    PARAGRAPHS = "paragraphs"


class PassageSelection:
    """The passage cursor and selection over one article's paragraphs and sentences."""

    def __init__(self) -> None:
        self.article: Article | None = None
        self.cursor = 0
        """The paragraph the cursor is on."""
        self.anchor: int | None = None
        """Where a selection by paragraph started (a paragraph index), or ``None``."""
        self.sentence_range: tuple[int, int] | None = None
        """A selection by sentence: (anchor, cursor) sentence indexes, or ``None``."""
        self._sentences: list[tuple[int, int]] | None = None

    def reset(self, article: Article | None) -> None:
        """A new article: the cursor on its first paragraph, nothing selected."""
        self.article = article
        self.cursor, self.anchor, self.sentence_range = 0, None, None
        self._sentences = None

    @property
    def mode(self) -> Mode:
        if self.sentence_range is not None:
            return Mode.SENTENCES
        return Mode.PARAGRAPHS if self.anchor is not None else Mode.CURSOR

    @property
    def usable(self) -> bool:
        return self.article is not None and bool(self.article.paragraphs)

    @property
    def sentences(self) -> list[tuple[int, int]]:
        """The article's sentences in reading order (split once per article, when first needed)."""
        article = self.article
        if article is None:
            return []
        if self._sentences is None:
            self._sentences = [
                span for p in article.paragraphs for span in sentence_spans(article.text, p.start, p.end)
            ]
        return self._sentences

    def paragraphs(self) -> tuple[int, int]:
        """First and last paragraph the passage touches (just the cursor's when not selecting)."""
        article = self.article
        if self.sentence_range is not None and article is not None:
            start, end = self.passage() or (0, 0)
            first, last = article.paragraph_at(start), article.paragraph_at(max(start, end - 1))
            return (first or 0), (self.cursor if last is None else last)
        anchor = self.cursor if self.anchor is None else self.anchor
        return min(anchor, self.cursor), max(anchor, self.cursor)

    def passage(self) -> tuple[int, int] | None:
        """The article offsets the cursor (or selection) covers, or ``None`` with nothing to select."""
        article = self.article
        if article is None or not article.paragraphs:
            return None
        if self.sentence_range is not None:
            anchor, cursor = self.sentence_range
            sentences = self.sentences
            return sentences[min(anchor, cursor)][0], sentences[max(anchor, cursor)][1]
        first, last = self.paragraphs()
        return article.paragraphs[first].start, article.paragraphs[last].end

    def spans(self) -> list[tuple[int, int]]:
        """What to draw as the cursor or selection: whole paragraphs, or the selected sentences."""
        article = self.article
        if article is None or not article.paragraphs:
            return []
        if self.sentence_range is not None:
            passage = self.passage()
            return [passage] if passage is not None else []
        first, last = self.paragraphs()
        return [(p.start, p.end) for p in article.paragraphs[first : last + 1]]

    # -- moving ---------------------------------------------------------------------------------

    def move_to(self, index: int, *, select: bool = False) -> None:
        """Put the cursor on paragraph ``index`` (clamped); ``select`` keeps (or starts) the anchor."""
        article = self.article
        if article is None or not article.paragraphs:
            return
        if select and self.anchor is None:
            self.anchor = self.cursor
        elif not select:
            self.anchor = None
        self.sentence_range = None
        self.cursor = max(0, min(index, len(article.paragraphs) - 1))

    def step(self, delta: int) -> None:
        """``j`` / ``k``: the next or previous paragraph, or sentence while selecting by sentence."""
        if self.sentence_range is None:
            self.move_to(self.cursor + delta, select=self.anchor is not None)
            return
        article = self.article
        assert article is not None
        anchor, cursor = self.sentence_range
        cursor = max(0, min(cursor + delta, len(self.sentences) - 1))
        self.sentence_range = (anchor, cursor)
        found = article.paragraph_at(self.sentences[cursor][0])
        self.cursor = self.cursor if found is None else found

    def select_offsets(self, start: int, end: int | None = None) -> int:
        """Select the paragraphs of the passage ``[start, end)``; returns the first of them."""
        article = self.article
        if article is None or not article.paragraphs:
            return 0
        last_paragraph = len(article.paragraphs) - 1
        first = article.paragraph_at(start)
        first = last_paragraph if first is None else first
        last = article.paragraph_at(max(start, (end or start) - 1))
        last = last_paragraph if last is None else last
        self.reset_selection()
        self.cursor = first
        self.move_to(last, select=last != first)
        return first

    def select_paragraphs(self, start: int, end: int) -> None:
        """Select paragraphs ``start`` to ``end`` (a mouse drag), the cursor on ``end``."""
        self.reset_selection()
        self.cursor = start
        self.move_to(end, select=True)

    def reset_selection(self) -> None:
        """Stop selecting; the cursor stays where it is."""
        self.anchor, self.sentence_range = None, None

    def toggle(self) -> Mode:
        """``v``: select by sentence, then by paragraph, then stop selecting. Returns the new mode."""
        article = self.article
        if article is None or not article.paragraphs:
            return Mode.CURSOR
        if self.sentence_range is not None:
            anchor, _ = self.sentence_range
            first = article.paragraph_at(self.sentences[anchor][0])
            self.sentence_range = None
            self.anchor = self.cursor if first is None else first
        elif self.anchor is not None:
            self.anchor = None
        else:
            start = article.paragraphs[self.cursor].start
            first_sentence = next((i for i, (a, _) in enumerate(self.sentences) if a >= start), 0)
            self.sentence_range = (first_sentence, first_sentence)
        return self.mode
