"""The reader's passage cursor and selection: which paragraph (or sentences) ``b`` and ``a`` act on.

A mixin of :class:`~newstui.ui.widgets.reader.Reader`, kept apart so the reader's layout code stays
small. The cursor is a paragraph index; ``v`` starts a selection by sentence (``j``/``k`` extend it,
across paragraphs), ``v`` again switches to whole paragraphs, and a third ``v`` stops selecting. A
mouse click puts the cursor on a paragraph and a drag selects paragraphs. The cursor is drawn only
while the reader has focus (a gutter mark and a faint background, beneath any other marks), and
moving it re-renders just the paragraphs whose marks changed, so long articles stay quick.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events

from newstui.core.bookmarks.passages import sentence_spans

if TYPE_CHECKING:
    from rich.style import Style
    from textual.scroll_view import ScrollView
    from textual.strip import Strip

    from newstui.core.models import Article
    from newstui.ui.widgets.reader import Mark, Reader, StyledSpan

    _Base = ScrollView
else:
    _Base = object


class PassageCursor(_Base):
    """The passage cursor and selection state of the reader, and the keys and mouse that move them."""

    cursor = 0
    """The passage cursor: index of the paragraph it is on."""
    selection_anchor: int | None = None
    """Where a selection by paragraph started (a paragraph index), or ``None``."""
    sentence_selection: tuple[int, int] | None = None
    """A selection by sentence: (anchor, cursor) sentence indexes, or ``None``."""
    _sentence_cache: tuple[str, list[tuple[int, int]]] = ("", [])
    _drag_from: int | None = None
    _dragged = False

    if TYPE_CHECKING:
        article: Article | None
        _layers: dict[str, tuple[StyledSpan, ...]]
        _gutters: dict[str, dict[int, Mark]]
        _lines: list[Strip]
        _line_ranges: list[tuple[int, int] | None]
        _paragraph_lines: list[int]
        PassageBookmarked = Reader.PassageBookmarked
        NoteRequested = Reader.NoteRequested

        def _relayout(self) -> None: ...
        def _gutter_marks(self) -> dict[int, tuple[Mark | None, Mark | None]]: ...
        def _style(self, component: str) -> Style: ...
        def line_of_paragraph(self, index: int) -> int: ...
        def offset_at(self, content_y: int, content_x: int) -> int | None: ...
        def _add_block(
            self,
            span: tuple[int, int],
            style: Style,
            width: int,
            mark: tuple[Mark | None, Mark | None] | None,
        ) -> None: ...

    @property
    def selected_paragraphs(self) -> tuple[int, int]:
        """First and last paragraph of the selection (just the cursor's when not selecting)."""
        if self.sentence_selection is not None and self.article is not None:
            start, end = self.passage() or (0, 0)
            first, last = self.article.paragraph_at(start), self.article.paragraph_at(max(start, end - 1))
            return (first or 0), (self.cursor if last is None else last)
        anchor = self.cursor if self.selection_anchor is None else self.selection_anchor
        return min(anchor, self.cursor), max(anchor, self.cursor)

    def passage(self) -> tuple[int, int] | None:
        """The article offsets the cursor (or selection) covers, or ``None`` with no article open."""
        if self.article is None or not self.article.paragraphs:
            return None
        if self.sentence_selection is not None:
            anchor, cursor = self.sentence_selection
            return self._sentences[min(anchor, cursor)][0], self._sentences[max(anchor, cursor)][1]
        first, last = self.selected_paragraphs
        return self.article.paragraphs[first].start, self.article.paragraphs[last].end

    @property
    def _sentences(self) -> list[tuple[int, int]]:
        """The article's sentences in reading order (split once per article, when first needed)."""
        article = self.article
        if article is None:
            return []
        if self._sentence_cache[0] != article.id:
            spans = [s for p in article.paragraphs for s in sentence_spans(article.text, p.start, p.end)]
            self._sentence_cache = (article.id, spans)
        return self._sentence_cache[1]

    def _sentence_step(self, delta: int) -> None:
        """Extend a sentence selection by ``delta`` sentences (across paragraphs as needed)."""
        assert self.sentence_selection is not None and self.article is not None
        anchor, cursor = self.sentence_selection
        cursor = max(0, min(cursor + delta, len(self._sentences) - 1))
        self.sentence_selection = (anchor, cursor)
        found = self.article.paragraph_at(self._sentences[cursor][0])
        self.cursor = self.cursor if found is None else found
        self._update_cursor()
        self._follow_cursor()

    def move_cursor(self, index: int, *, select: bool = False) -> None:
        """Put the cursor on paragraph ``index`` (clamped) and bring it into view."""
        if self.article is None or not self.article.paragraphs:
            return
        if not select:
            self.selection_anchor = None
        self.sentence_selection = None
        self.cursor = max(0, min(index, len(self.article.paragraphs) - 1))
        self._update_cursor()
        self._follow_cursor()

    def move_cursor_to_offset(self, start: int, end: int | None = None) -> None:
        """Put the cursor on the passage at ``[start, end)`` (selecting all of its paragraphs)."""
        article = self.article
        if article is None or not article.paragraphs:
            return
        last_paragraph = len(article.paragraphs) - 1
        first = article.paragraph_at(start)
        first = last_paragraph if first is None else first
        last = article.paragraph_at(max(start, (end or start) - 1))
        last = last_paragraph if last is None else last
        self.selection_anchor = first if last != first else None
        self.move_cursor(last, select=last != first)
        self.scroll_to(y=max(0, self.line_of_paragraph(first) - 2), animate=False)

    def _visible_paragraph(self) -> int:
        """The first paragraph whose text starts in view (where a cursor that scrolled away comes back)."""
        top = int(self.scroll_y)
        for index, line in enumerate(self._paragraph_lines):
            if line >= top:
                return index
        return max(0, len(self._paragraph_lines) - 1)

    def _paragraph_span(self, index: int) -> tuple[int, int]:
        """First and last screen line of paragraph ``index``."""
        first = self.line_of_paragraph(index)
        following = self._paragraph_lines[index + 1] if index + 1 < len(self._paragraph_lines) else None
        last = (following - 2) if following is not None else len(self._lines) - 2
        return first, max(first, last)

    def _follow_cursor(self) -> None:
        """Scroll as little as possible to show the cursor paragraph (its top, if taller than the view)."""
        first, last = self._paragraph_span(self.cursor)
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if first < top or last - first + 1 > height:
            self.scroll_to(y=max(0, first - 1), animate=False)
        elif last >= top + height:
            self.scroll_to(y=last - height + 2, animate=False)

    def _mark_cursor(self) -> None:
        """Draw the cursor and selection: a gutter mark and a faint background, only while focused."""
        article = self.article
        if article is None or not article.paragraphs or not self.has_focus:
            self._gutters.pop("cursor", None)
            self._layers.pop("cursor", None)
            return
        first, last = self.selected_paragraphs
        mark = ("▌", "reader--cursor-mark")
        selecting = self.selection_anchor is not None or self.sentence_selection is not None
        background = "reader--selection" if selecting else "reader--cursor"
        from newstui.ui.widgets.reader import StyledSpan  # here: the reader module imports this one

        spans = tuple(StyledSpan(p.start, p.end, background) for p in article.paragraphs[first : last + 1])
        if self.sentence_selection is not None:
            start, end = self.passage() or (0, 0)
            spans = (StyledSpan(start, end, background),)
        # Drawn first, so any other mark or highlight on the same paragraph shows on top of the cursor.
        self._gutters.pop("cursor", None)
        self._gutters = {"cursor": dict.fromkeys(range(first, last + 1), mark), **self._gutters}
        self._layers.pop("cursor", None)
        self._layers = {"cursor": spans, **self._layers}

    def _update_cursor(self) -> None:
        """Redraw the cursor and selection, re-rendering only the paragraphs whose marks changed."""
        before = set(self._gutters.get("cursor", {}))
        self._mark_cursor()
        self._redraw_paragraphs(before | set(self._gutters.get("cursor", {})))

    def _redraw_paragraphs(self, indices: set[int]) -> None:
        """Re-render some paragraphs in place: marks and highlights never change how text wraps.

        Moving the cursor through a long article this way costs a paragraph or two, not the article.
        """
        width = self.scrollable_content_region.width
        article = self.article
        if article is None or width <= 0 or not self._paragraph_lines:
            self._relayout()
            return
        lines, ranges = self._lines, self._line_ranges
        gutter = self._gutter_marks()
        for index in sorted(i for i in indices if 0 <= i < len(article.paragraphs)):
            first, last = self._paragraph_span(index)
            self._lines, self._line_ranges = [], []
            para = article.paragraphs[index]
            self._add_block((para.start, para.end), self._style("reader--text"), width, gutter.get(index))
            new_lines, new_ranges = self._lines, self._line_ranges
            self._lines, self._line_ranges = lines, ranges
            if len(new_lines) != last - first + 1:  # cannot happen, but never draw a torn layout
                self._relayout()
                return
            lines[first : last + 1], ranges[first : last + 1] = new_lines, new_ranges
        self.refresh()

    def on_focus(self) -> None:
        self._update_cursor()

    def on_blur(self) -> None:
        self._update_cursor()

    def action_cursor(self, delta: int) -> None:
        if self.article is None:
            return
        first, last = self._paragraph_span(self.cursor)
        top, height = int(self.scroll_y), max(1, self.scrollable_content_region.height)
        if last < top or first >= top + height:  # scrolled away with the arrows: start from the view
            self.move_cursor(self._visible_paragraph(), select=self.selection_anchor is not None)
            return
        if self.sentence_selection is not None:
            self._sentence_step(delta)
            return
        self.move_cursor(self.cursor + delta, select=self.selection_anchor is not None)

    def action_toggle_selection(self) -> None:
        """``v`` cycles: select by sentence, then by paragraph, then stop selecting."""
        article = self.article
        if article is None or not article.paragraphs:
            return
        if self.sentence_selection is not None:
            anchor, _ = self.sentence_selection
            first = article.paragraph_at(self._sentences[anchor][0])
            self.sentence_selection = None
            self.selection_anchor = self.cursor if first is None else first
            self.notify("Selecting by paragraph: j/k extend · b keeps it · v stops", timeout=3)
        elif self.selection_anchor is not None:
            self.selection_anchor = None
        else:
            para = article.paragraphs[self.cursor]
            first_sentence = next(
                (i for i, (start, _) in enumerate(self._sentences) if start >= para.start), 0
            )
            self.sentence_selection = (first_sentence, first_sentence)
            self.notify("Selecting by sentence: j/k extend · v again: by paragraph · b keeps it", timeout=3)
        self._update_cursor()

    def action_bookmark(self) -> None:
        passage = self.passage()
        if self.article is not None and passage is not None:
            self.post_message(self.PassageBookmarked(self.article, *passage))
            self.selection_anchor = self.sentence_selection = None
            self._update_cursor()

    def action_note(self) -> None:
        passage = self.passage()
        if self.article is not None and passage is not None:
            self.post_message(self.NoteRequested(self.article, *passage))

    def _paragraph_under(self, event: events.MouseEvent) -> int | None:
        offset = self.offset_at(event.y + int(self.scroll_y), event.x)
        if offset is None or self.article is None:
            return None
        return self.article.paragraph_at(offset)

    def on_mouse_down(self, event: events.MouseDown) -> None:
        self._drag_from = self._paragraph_under(event)
        self._dragged = False

    def on_mouse_up(self, event: events.MouseUp) -> None:
        """A drag from one paragraph to another selects them all (the mouse way of ``v`` + ``j``)."""
        start, end = self._drag_from, self._paragraph_under(event)
        self._drag_from = None
        if start is not None and end is not None and end != start:
            self.selection_anchor = start
            self.move_cursor(end, select=True)
            self._dragged = True

    def on_click(self, event: events.Click) -> None:
        """A click puts the passage cursor on the paragraph clicked (shift+click extends the selection)."""
        if self._dragged:
            self._dragged = False  # the click that ends a drag keeps the selection the drag made
            return
        index = self._paragraph_under(event)
        if index is not None:
            if event.shift and self.selection_anchor is None:
                self.selection_anchor = self.cursor
            self.move_cursor(index, select=event.shift)
