"""The reader pane: one article, wrapped to a comfortable measure, drawn with the Line API.

The article is laid out once per width into strips; scrolling only slices them. Article text is
always handed to Rich as :class:`~rich.text.Text` built from :func:`display_view`, never as markup,
so ``[bold]`` or an escape sequence in a file is shown, not obeyed. Highlights arrive as core-style
spans (offsets into the article text) with Rich styles already chosen by ``ui/highlight.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newstui.core.bookmarks.passages import sentence_spans
from newstui.core.models import Article
from newstui.core.text import display_view
from newstui.ui.formatting import byline


@dataclass(frozen=True, slots=True)
class StyledSpan:
    """A range of the article text and the style to draw it with."""

    start: int
    end: int
    style: Style


class Reader(ScrollView, can_focus=True):
    """Shows the open article; arrows scroll by line, space and page keys by page.

    A passage cursor marks one paragraph (``j``/``k`` move it, the view follows); ``v`` anchors a
    selection that the cursor then extends. ``b`` and ``a`` post :class:`PassageBookmarked` and
    :class:`NoteRequested` for the screen to act on: the reader itself keeps nothing.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "scroll_down", "Scroll down", show=False, id="reader.down"),
        Binding("up", "scroll_up", "Scroll up", show=False, id="reader.up"),
        Binding("j", "cursor(1)", "Next paragraph", show=False, id="reader.cursor_down"),
        Binding("k", "cursor(-1)", "Previous paragraph", show=False, id="reader.cursor_up"),
        Binding("v", "toggle_selection", "Select", id="reader.select"),
        Binding("b", "bookmark", "Bookmark", id="reader.bookmark"),
        Binding("a", "note", "Note", id="reader.note"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="reader.bottom"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--byline",
        "reader--text",
        "reader--cursor",
        "reader--cursor-mark",
        "reader--selection",
        "reader--bookmark",
        "reader--bookmark-mark",
    }

    class PassageBookmarked(Message):
        """The user asked to bookmark ``article.text[start:end]`` (the cursor paragraph or selection)."""

        def __init__(self, article: Article, start: int, end: int) -> None:
            super().__init__()
            self.article, self.start, self.end = article, start, end

    class NoteRequested(Message):
        """The user asked to write a note on the passage ``article.text[start:end]``."""

        def __init__(self, article: Article, start: int, end: int) -> None:
            super().__init__()
            self.article, self.start, self.end = article, start, end

    measure: reactive[int] = reactive(88)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self._layers: dict[str, tuple[StyledSpan, ...]] = {}
        self._gutters: dict[str, dict[int, tuple[str, Style]]] = {}
        self._lines: list[Strip] = []
        self._line_ranges: list[tuple[int, int] | None] = []
        self._paragraph_lines: list[int] = []
        self.cursor = 0
        """The passage cursor: index of the paragraph it is on."""
        self.selection_anchor: int | None = None
        """Where a selection by paragraph started (a paragraph index), or ``None``."""
        self.sentence_selection: tuple[int, int] | None = None
        """A selection by sentence: (anchor, cursor) sentence indexes, or ``None``."""
        self._sentence_cache: tuple[str, list[tuple[int, int]]] = ("", [])
        self._drag_from: int | None = None
        self._dragged = False

    # -- content ------------------------------------------------------------------------------

    def show(self, article: Article | None, layers: dict[str, Sequence[StyledSpan]] | None = None) -> None:
        """Show an article from its top, with optional named highlight layers."""
        self.article = article
        self._layers = {name: tuple(spans) for name, spans in (layers or {}).items()}
        self._gutters = {}
        self.cursor, self.selection_anchor, self.sentence_selection = 0, None, None
        self._mark_cursor()
        self._relayout()
        self.scroll_to(y=0, animate=False)

    def set_layer(self, name: str, spans: Sequence[StyledSpan]) -> None:
        """Replace one named layer of highlights (entities, quotes, search matches, ...) in place.

        Layers are drawn in the order they were first set, later ones on top.
        """
        self._layers[name] = tuple(spans)
        self._relayout()

    def set_gutter(self, name: str, marks: dict[int, tuple[str, Style]]) -> None:
        """Marks in the left margin, by paragraph index (bookmarks, the passage cursor)."""
        self._gutters[name] = dict(marks)
        self._relayout()

    def set_marks(self, name: str, spans: Sequence[StyledSpan], gutter: dict[int, tuple[str, Style]]) -> None:
        """Set a highlight layer and a gutter of the same name at once (one layout instead of two)."""
        self._layers[name] = tuple(spans)
        self._gutters[name] = dict(gutter)
        self._relayout()

    def line_of_paragraph(self, index: int) -> int:
        if 0 <= index < len(self._paragraph_lines):
            return self._paragraph_lines[index]
        return 0

    def line_of_offset(self, offset: int) -> int:
        """The screen line (in the scrolled content) that shows article offset ``offset``."""
        for line, span in enumerate(self._line_ranges):
            if span is not None and span[0] <= offset < span[1]:
                return line
        return 0

    def offset_at(self, content_y: int, content_x: int) -> int | None:
        """The article offset drawn at a content position (for mouse hover and clicks), if any."""
        if not 0 <= content_y < len(self._line_ranges):
            return None
        span = self._line_ranges[content_y]
        if span is None:
            return None
        column = content_x - self._margin
        if column < 0 or column >= span[1] - span[0]:
            return None
        return span[0] + column

    def scroll_to_paragraph(self, index: int, *, animate: bool = False) -> None:
        self.scroll_to(y=max(0, self.line_of_paragraph(index) - 2), animate=animate)

    def scroll_to_offset(self, offset: int, *, animate: bool = False) -> None:
        """Bring an offset into view, a few lines below the top so its context shows."""
        self.scroll_to(y=max(0, self.line_of_offset(offset) - 3), animate=animate)

    @property
    def text_width(self) -> int:
        return max(10, min(self.measure, self.scrollable_content_region.width - 4))

    @property
    def _margin(self) -> int:
        return max(3, (self.scrollable_content_region.width - self.text_width) // 2)

    def watch_measure(self) -> None:
        self._relayout()

    def on_mount(self) -> None:
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self._relayout())

    def on_resize(self) -> None:
        self._relayout()

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        self._layout(width)
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _layout(self, width: int) -> None:
        self._lines, self._line_ranges, self._paragraph_lines = [], [], []
        article = self.article
        if article is None:
            return
        self._blank(width)
        self._add_block(article.title_span, self._style("reader--title"), width, None)
        self._add_text(Text(display_view(byline(article.meta)), style=self._style("reader--byline")), width)
        gutter = self._gutter_marks()
        for index, para in enumerate(article.paragraphs):
            self._blank(width)
            self._paragraph_lines.append(len(self._lines))
            self._add_block((para.start, para.end), self._style("reader--text"), width, gutter.get(index))
        self._blank(width)

    def _gutter_marks(self) -> dict[int, tuple[str, Style]]:
        merged: dict[int, tuple[str, Style]] = {}
        for marks in self._gutters.values():
            merged.update(marks)
        return merged

    def _blank(self, width: int) -> None:
        self._lines.append(Strip.blank(width, self.rich_style))
        self._line_ranges.append(None)

    def _add_text(self, text: Text, width: int) -> None:
        base = self.rich_style
        for line in text.wrap(self.app.console, self.text_width):
            self._lines.append(self._strip(line, width, None, base))
            self._line_ranges.append(None)

    def _add_block(
        self, span: tuple[int, int], style: Style, width: int, mark: tuple[str, Style] | None
    ) -> None:
        """Wrap one block of article text, remembering which offsets each screen line shows."""
        start, end = span
        text = self._styled(start, end, style)
        base = self.rich_style
        offset = start
        for number, line in enumerate(text.wrap(self.app.console, self.text_width)):
            length = len(line.plain)
            self._lines.append(self._strip(line, width, mark if number == 0 else None, base))
            self._line_ranges.append((offset, offset + length))
            offset += length

    def _strip(self, line: Text, width: int, mark: tuple[str, Style] | None, base: Style) -> Strip:
        margin = self._margin
        if mark is None:
            lead = [Segment(" " * margin, base)]
        else:
            symbol, mark_style = mark
            lead = [
                Segment(" " * (margin - 2), base),
                Segment(symbol[:1], base + mark_style),
                Segment(" ", base),
            ]
        segments = [
            Segment(seg.text, base + seg.style if seg.style else base)
            for seg in line.render(self.app.console)
            if seg.text != "\n"
        ]
        return Strip([*lead, *segments]).crop_extend(0, width, base)

    def _styled(self, start: int, end: int, style: Style) -> Text:
        """The article text from ``start`` to ``end`` with every highlight layer that overlaps it."""
        assert self.article is not None
        text = Text(display_view(self.article.text[start:end]), style=style)
        for spans in self._layers.values():
            for span in spans:
                if span.end > start and span.start < end:
                    text.stylize(span.style, max(span.start, start) - start, min(span.end, end) - start)
        return text

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)

    # -- passage cursor and selection -------------------------------------------------------

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
        mark = ("▌", self._style("reader--cursor-mark"))
        selecting = self.selection_anchor is not None or self.sentence_selection is not None
        background = self._style("reader--selection" if selecting else "reader--cursor")
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

    # -- rendering ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if index < len(self._lines):
            return self._lines[index].crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)
