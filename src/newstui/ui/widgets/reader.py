"""The reader pane: one article, wrapped to a comfortable measure, drawn with the Line API.

The article is laid out once per width into strips; scrolling only slices them. Article text is
always handed to Rich as :class:`~rich.text.Text` built from :func:`display_view`, never as markup,
so ``[bold]`` or an escape sequence in a file is shown, not obeyed. Highlights arrive as core-style
spans (offsets into the article text) with Rich styles already chosen by ``ui/highlight.py``.

The reader owns two small states and draws them: the passage cursor and selection (a
:class:`~newstui.core.selection.PassageSelection`, which ``b`` and ``a`` act on) and the matches of a
search or find (:meth:`Reader.set_matches`, stepped with :meth:`Reader.step_match`).
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

from newstui.core.models import Article
from newstui.core.selection import Mode, PassageSelection
from newstui.core.text import display_view
from newstui.ui.formatting import byline
from newstui.ui.styles import component_style


@dataclass(frozen=True, slots=True)
class StyledSpan:
    """A range of the article text and the style to draw it with."""

    start: int
    end: int
    style: Style


class Reader(ScrollView, can_focus=True):
    """Shows the open article; arrows scroll by line, space and page keys by page.

    A passage cursor marks one paragraph (``j``/``k`` move it, the view follows); ``v`` selects by
    sentence, again by paragraph (see :class:`PassageSelection`). A click puts the cursor on a
    paragraph, a drag selects paragraphs. The cursor is drawn only while the reader has focus (a gutter
    mark and a faint background, beneath any other marks), and moving it re-renders just the
    paragraphs whose marks changed, so long articles stay quick. ``b`` and ``a`` post
    :class:`PassageBookmarked` and :class:`NoteRequested` for the screen to act on: the reader itself
    keeps nothing.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "scroll_down", "Scroll down", show=False, id="reader.down"),
        Binding("up", "scroll_up", "Scroll up", show=False, id="reader.up"),
        Binding("j", "cursor(1)", "Next paragraph", show=False, id="reader.cursor_down"),
        Binding("k", "cursor(-1)", "Previous paragraph", show=False, id="reader.cursor_up"),
        Binding("v", "toggle_selection", "Select", id="reader.select"),
        Binding("b", "bookmark", "Bookmark", id="reader.bookmark"),
        Binding("a", "note", "Note", id="reader.note"),
        Binding("pagedown", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("space", "space", "Page down; at the end, the next unread", show=False, id="reader.space"),
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
        "reader--match",
        "reader--match-current",
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

    class EndReached(Message):
        """``space`` was pressed on the article's last page (the screen may open the next unread one)."""

    measure: reactive[int] = reactive(88)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self._layers: dict[str, tuple[StyledSpan, ...]] = {}
        self._gutters: dict[str, dict[int, tuple[str, Style]]] = {}
        self._lines: list[Strip] = []
        self._line_ranges: list[tuple[int, int] | None] = []
        self._paragraph_lines: list[int] = []
        self.selection = PassageSelection()
        """The passage cursor and selection: what ``b`` and ``a`` act on."""
        self._matches: list[tuple[int, int]] = []
        self._match = 0
        self._drag_from: int | None = None
        self._dragged = False

    # -- content ------------------------------------------------------------------------------

    def show(self, article: Article | None, layers: dict[str, Sequence[StyledSpan]] | None = None) -> None:
        """Show an article from its top, with optional named highlight layers."""
        self.article = article
        self._layers = {name: tuple(spans) for name, spans in (layers or {}).items()}
        self._gutters = {}
        self._matches, self._match = [], 0
        self.selection.reset(article)
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

    def watch_show_vertical_scrollbar(self) -> None:
        # The scrollbar takes a column from the text without resizing the widget: lay out again, once
        # the region reflects it, or the wrapping depends on whether highlights arrived before it did.
        self.call_after_refresh(self._relayout)

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
        lines, ranges = self._block(span, style, width, mark)
        self._lines.extend(lines)
        self._line_ranges.extend(ranges)

    def _block(
        self, span: tuple[int, int], style: Style, width: int, mark: tuple[str, Style] | None
    ) -> tuple[list[Strip], list[tuple[int, int] | None]]:
        """Wrap one block of article text: its screen lines and the offsets each of them shows."""
        start, end = span
        text = self._styled(start, end, style)
        base = self.rich_style
        offset = start
        lines: list[Strip] = []
        ranges: list[tuple[int, int] | None] = []
        for number, line in enumerate(text.wrap(self.app.console, self.text_width)):
            length = len(line.plain)
            lines.append(self._strip(line, width, mark if number == 0 else None, base))
            ranges.append((offset, offset + length))
            offset += length
        return lines, ranges

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
        return component_style(self, component)

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

    def action_space(self) -> None:
        """Page down; at the end of the article, say so (``space`` then moves on to the next article)."""
        if self.scroll_y >= self.max_scroll_y:
            self.post_message(self.EndReached())
        else:
            self.action_page_down()

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)

    # -- search and find matches --------------------------------------------------------------

    @property
    def matches(self) -> Sequence[tuple[int, int]]:
        """The matches of the search or find shown, as article offsets in text order."""
        return self._matches

    @property
    def current_match(self) -> int | None:
        """Index of the match ``n`` / ``N`` are on, or ``None`` without matches."""
        return self._match if self._matches else None

    def set_matches(self, matches: Sequence[tuple[int, int]], current: int = 0) -> None:
        """Highlight every match and bring match ``current`` into view (an empty list clears them)."""
        self._matches = list(matches)
        self._match = max(0, min(current, len(self._matches) - 1))
        style = self._style("reader--match")
        self._layers["search"] = tuple(StyledSpan(a, b, style) for a, b in self._matches)
        self._show_match()

    def step_match(self, delta: int) -> int | None:
        """Move to the next (``delta`` 1) or previous (-1) match, wrapping; its index, or ``None``."""
        if not self._matches:
            return None
        self._match = (self._match + delta) % len(self._matches)
        self._show_match()
        return self._match

    def _show_match(self) -> None:
        if not self._matches:
            self.set_layer("search-current", [])
            return
        start, end = self._matches[self._match]
        self.set_layer("search-current", [StyledSpan(start, end, self._style("reader--match-current"))])
        self.scroll_to_offset(start)

    # -- the passage cursor and selection -----------------------------------------------------

    def passage(self) -> tuple[int, int] | None:
        """The article offsets the cursor (or selection) covers, or ``None`` with no article open."""
        return self.selection.passage()

    def move_cursor(self, index: int, *, select: bool = False) -> None:
        """Put the cursor on paragraph ``index`` (clamped) and bring it into view."""
        if not self.selection.usable:
            return
        self.selection.move_to(index, select=select)
        self._cursor_moved()

    def move_cursor_to_offset(self, start: int, end: int | None = None) -> None:
        """Put the cursor on the passage at ``[start, end)`` (selecting all of its paragraphs)."""
        if not self.selection.usable:
            return
        first = self.selection.select_offsets(start, end)
        self._cursor_moved()
        self.scroll_to(y=max(0, self.line_of_paragraph(first) - 2), animate=False)

    def _cursor_moved(self) -> None:
        self._update_cursor()
        self._follow_cursor()

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
        first, last = self._paragraph_span(self.selection.cursor)
        height = max(1, self.scrollable_content_region.height)
        top = int(self.scroll_y)
        if first < top or last - first + 1 > height:
            self.scroll_to(y=max(0, first - 1), animate=False)
        elif last >= top + height:
            self.scroll_to(y=last - height + 2, animate=False)

    def _mark_cursor(self) -> None:
        """Draw the cursor and selection: a gutter mark and a faint background, only while focused."""
        selection = self.selection
        if not selection.usable or not self.has_focus:
            self._gutters.pop("cursor", None)
            self._layers.pop("cursor", None)
            return
        first, last = selection.paragraphs()
        mark = ("▌", self._style("reader--cursor-mark"))
        selecting = selection.mode is not Mode.CURSOR
        background = self._style("reader--selection" if selecting else "reader--cursor")
        spans = tuple(StyledSpan(start, end, background) for start, end in selection.spans())
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
        gutter = self._gutter_marks()
        for index in sorted(i for i in indices if 0 <= i < len(article.paragraphs)):
            first, last = self._paragraph_span(index)
            para = article.paragraphs[index]
            lines, ranges = self._block(
                (para.start, para.end), self._style("reader--text"), width, gutter.get(index)
            )
            if len(lines) != last - first + 1:  # cannot happen, but never draw a torn layout
                self._relayout()
                return
            self._lines[first : last + 1], self._line_ranges[first : last + 1] = lines, ranges
        self.refresh()

    def on_focus(self) -> None:
        self._update_cursor()

    def on_blur(self) -> None:
        self._update_cursor()

    def action_cursor(self, delta: int) -> None:
        if self.article is None:
            return
        selection = self.selection
        first, last = self._paragraph_span(selection.cursor)
        top, height = int(self.scroll_y), max(1, self.scrollable_content_region.height)
        if last < top or first >= top + height:  # scrolled away with the arrows: start from the view
            self.move_cursor(self._visible_paragraph(), select=selection.anchor is not None)
            return
        selection.step(delta)
        self._cursor_moved()

    def action_toggle_selection(self) -> None:
        """``v`` cycles: select by sentence, then by paragraph, then stop selecting."""
        if not self.selection.usable:
            return
        mode = self.selection.toggle()
        if mode is Mode.SENTENCES:
            self.notify("Selecting by sentence: j/k extend · v again: by paragraph · b keeps it", timeout=3)
        elif mode is Mode.PARAGRAPHS:
            self.notify("Selecting by paragraph: j/k extend · b keeps it · v stops", timeout=3)
        self._update_cursor()

    def action_bookmark(self) -> None:
        passage = self.passage()
        if self.article is not None and passage is not None:
            self.post_message(self.PassageBookmarked(self.article, *passage))
            self.selection.reset_selection()
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
            self.selection.select_paragraphs(start, end)
            self._cursor_moved()
            self._dragged = True

    def on_click(self, event: events.Click) -> None:
        """A click puts the passage cursor on the paragraph clicked (shift+click extends the selection)."""
        if self._dragged:
            self._dragged = False  # the click that ends a drag keeps the selection the drag made
            return
        index = self._paragraph_under(event)
        if index is not None:
            self.move_cursor(index, select=event.shift)
