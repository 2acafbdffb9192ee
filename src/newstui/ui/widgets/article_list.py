"""The sidebar's article list: a line-based virtual list that stays fast at 100,000 articles.

Only the rows on screen are rendered (Textual's Line API); adding a batch of loaded articles is a
binary-search insert per article, so the list can fill in while the user is already reading.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
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

from newstui.core.library import sort_key
from newstui.core.models import ArticleMeta
from newstui.core.text import display_view
from newstui.ui.formatting import meta_line

ROW_HEIGHT = 2


class ArticleList(ScrollView, can_focus=True):
    """Articles newest first, two lines a row (title; source, date and reading time)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="list.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="list.up"),
        Binding("enter,l", "open", "Open", id="list.open"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="list.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="list.page_up"),
        Binding("g,home", "first", "First", show=False, id="list.first"),
        Binding("G,end", "last", "Last", show=False, id="list.last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--title",
        "article-list--meta",
        "article-list--cursor",
    }

    cursor: reactive[int] = reactive(0, always_update=False, init=False)

    class Highlighted(Message):
        """The cursor moved onto an article."""

        def __init__(self, meta: ArticleMeta) -> None:
            super().__init__()
            self.meta = meta

    class Selected(Message):
        """The user chose to open an article (enter, ``l`` or a click)."""

        def __init__(self, meta: ArticleMeta) -> None:
            super().__init__()
            self.meta = meta

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._entries: list[ArticleMeta] = []
        self._keys: list[tuple[float, str]] = []
        self._row_cache: dict[tuple[int, int, bool, bool], Strip] = {}
        self.follow_top = True
        """Until the user moves, the cursor stays on the newest article as the list fills in."""

    # -- data ---------------------------------------------------------------------------------

    @property
    def entries(self) -> Sequence[ArticleMeta]:
        return self._entries

    @property
    def current(self) -> ArticleMeta | None:
        if 0 <= self.cursor < len(self._entries):
            return self._entries[self.cursor]
        return None

    def clear(self) -> None:
        self.follow_top = True
        self._entries, self._keys = [], []
        self._invalidate()
        self.set_reactive(ArticleList.cursor, 0)

    def set_entries(self, entries: Iterable[ArticleMeta]) -> None:
        """Replace the whole list (already in the order to show)."""
        self._entries = list(entries)
        self._keys = []
        self.set_reactive(ArticleList.cursor, 0)
        self._invalidate()

    def add_entries(self, batch: Iterable[ArticleMeta]) -> None:
        """Insert newly loaded articles in sorted place.

        Until the user has moved, the cursor follows the top (the newest article so far); after
        that it stays on the article the user chose, wherever new arrivals push it.
        """
        was_empty = not self._entries
        top = None if was_empty else self._entries[0].id
        cursor = self.cursor
        for meta in batch:
            key = sort_key(meta)
            index = bisect_right(self._keys, key)
            self._keys.insert(index, key)
            self._entries.insert(index, meta)
            if index <= cursor and not was_empty:
                cursor += 1
        self._invalidate()
        if self.follow_top:
            cursor = 0
        self.set_reactive(ArticleList.cursor, min(cursor, max(0, len(self._entries) - 1)))
        if self._entries and (was_empty or (self.follow_top and self._entries[0].id != top)):
            self.post_message(self.Highlighted(self._entries[0]))
        self._scroll_cursor_into_view()

    def move(self, delta: int) -> None:
        """Move the cursor as the user asked (which ends following the top)."""
        self.follow_top = False
        self.cursor += delta

    def select_id(self, article_id: str) -> bool:
        for index, meta in enumerate(self._entries):
            if meta.id == article_id:
                self.follow_top = False
                self.cursor = index
                return True
        return False

    def _invalidate(self) -> None:
        self._row_cache.clear()
        self.virtual_size = Size(self.size.width, len(self._entries) * ROW_HEIGHT)
        self.refresh()

    # -- cursor -------------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._entries) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_into_view()
        if self.current is not None:
            self.post_message(self.Highlighted(self.current))

    def _refresh_row(self, row: int) -> None:
        self.refresh_lines(row * ROW_HEIGHT, ROW_HEIGHT)

    def _scroll_cursor_into_view(self) -> None:
        top = self.cursor * ROW_HEIGHT
        height = self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif top + ROW_HEIGHT > self.scroll_y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False)

    @property
    def _rows_per_page(self) -> int:
        return max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_cursor_down(self) -> None:
        self.move(1)

    def action_cursor_up(self) -> None:
        self.move(-1)

    def action_page_down(self) -> None:
        self.move(self._rows_per_page)

    def action_page_up(self) -> None:
        self.move(-self._rows_per_page)

    def action_first(self) -> None:
        self.move(-self.cursor)

    def action_last(self) -> None:
        self.move(len(self._entries) - 1 - self.cursor)

    def action_open(self) -> None:
        self.follow_top = False
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_y)) // ROW_HEIGHT
        if 0 <= row < len(self._entries):
            self.follow_top = False
            self.cursor = row
            self.post_message(self.Selected(self._entries[row]))

    def on_focus(self) -> None:
        self._row_cache.clear()
        self.refresh()

    def on_blur(self) -> None:
        self._row_cache.clear()
        self.refresh()

    def on_resize(self) -> None:
        self._invalidate()

    # -- rendering ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        line = y + int(self.scroll_y)
        row, part = divmod(line, ROW_HEIGHT)
        if row >= len(self._entries):
            return Strip.blank(width, self.rich_style)
        is_cursor = row == self.cursor
        key = (row, part, is_cursor, self.has_focus)
        cached = self._row_cache.get(key)
        if cached is None or cached.cell_length != width:
            cached = self._render_row_part(self._entries[row], part, is_cursor, width)
            if len(self._row_cache) > 512:
                self._row_cache.clear()
            self._row_cache[key] = cached
        return cached

    def _render_row_part(self, meta: ArticleMeta, part: int, is_cursor: bool, width: int) -> Strip:
        base = self.rich_style
        if part == 0:
            text = Text(" " + display_view(meta.title), style=self._style("article-list--title"))
        else:
            text = Text(" " + meta_line(meta), style=self._style("article-list--meta"))
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [
            Segment(seg.text, base + seg.style if seg.style else base)
            for seg in text.render(self.app.console)
        ]
        strip = Strip(segments).crop_extend(0, width, base)
        if is_cursor:
            strip = strip.apply_style(self._style("article-list--cursor"))
        return strip

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)
