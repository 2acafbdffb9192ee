"""The bookmarks screen's list: a line-based virtual list, so 10,000 bookmarks filter as you type.

Each bookmark is a fixed four-line row (title, date and state; the passage; note and tags; a spacer)
and only rows on screen are rendered, so filtering replaces a Python list and repaints one screen.
"""

from __future__ import annotations

from collections.abc import Sequence
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

from newstui.core.bookmarks.anchoring import AnchorState
from newstui.core.bookmarks.exchange import excerpt
from newstui.core.bookmarks.passages import Resolved
from newstui.ui.formatting import short_date

ROW_HEIGHT = 4
STATE_WORDS = {
    AnchorState.ANCHORED: "",
    AnchorState.MOVED: "moved",
    AnchorState.ORPHANED: "orphaned: no longer in the article",
    AnchorState.MISSING: "article file missing",
}


class BookmarkList(ScrollView, can_focus=True):
    """Bookmarks, one four-line row each; ``enter`` (or a click) chooses one."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor(1)", "Down", show=False, id="bookmarks.down"),
        Binding("k,up", "cursor(-1)", "Up", show=False, id="bookmarks.up"),
        Binding("enter", "choose", "Open", id="bookmarks.open"),
        Binding("pagedown", "page(1)", "Page down", show=False, id="bookmarks.page_down"),
        Binding("pageup", "page(-1)", "Page up", show=False, id="bookmarks.page_up"),
        Binding("home", "first", "First", show=False, id="bookmarks.first"),
        Binding("end", "last", "Last", show=False, id="bookmarks.last"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bookmark-list--title",
        "bookmark-list--meta",
        "bookmark-list--note",
        "bookmark-list--lost",
        "bookmark-list--cursor",
    }

    cursor: reactive[int] = reactive(0, always_update=False, init=False)

    class Chosen(Message):
        """The user chose a bookmark to open."""

        def __init__(self, item: Resolved) -> None:
            super().__init__()
            self.item = item

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._items: list[Resolved] = []
        self._cache: dict[tuple[int, int, bool, bool], Strip] = {}

    @property
    def items(self) -> Sequence[Resolved]:
        return self._items

    @property
    def current(self) -> Resolved | None:
        return self._items[self.cursor] if 0 <= self.cursor < len(self._items) else None

    def set_items(self, items: Sequence[Resolved], cursor: int = 0) -> None:
        """Show these bookmarks (already filtered and ordered), with the cursor on row ``cursor``."""
        self._items = list(items)
        self._cache.clear()
        self.virtual_size = Size(self.size.width, len(self._items) * ROW_HEIGHT)
        self.set_reactive(BookmarkList.cursor, self.validate_cursor(cursor))
        self._scroll_cursor_into_view()
        self.refresh()

    # -- cursor -------------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._items) - 1))

    def watch_cursor(self) -> None:
        self._cache.clear()
        self._scroll_cursor_into_view()
        self.refresh()

    def _scroll_cursor_into_view(self) -> None:
        top, height = self.cursor * ROW_HEIGHT, self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif top + ROW_HEIGHT > self.scroll_y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False)

    def action_cursor(self, delta: int) -> None:
        self.cursor += delta

    def action_page(self, direction: int) -> None:
        self.cursor += direction * max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_first(self) -> None:
        self.cursor = 0

    def action_last(self) -> None:
        self.cursor = len(self._items) - 1

    def action_choose(self) -> None:
        if self.current is not None:
            self.post_message(self.Chosen(self.current))

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_y)) // ROW_HEIGHT
        if 0 <= row < len(self._items):
            self.cursor = row
            self.post_message(self.Chosen(self._items[row]))

    def on_focus(self) -> None:
        self.watch_cursor()

    def on_blur(self) -> None:
        self.watch_cursor()

    def on_resize(self) -> None:
        self.set_items(self._items, self.cursor)

    # -- rendering ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row, part = divmod(y + int(self.scroll_y), ROW_HEIGHT)
        if row >= len(self._items):
            return Strip.blank(width, self.rich_style)
        key = (row, part, row == self.cursor, self.has_focus)
        strip = self._cache.get(key)
        if strip is None or strip.cell_length != width:
            strip = self._render_part(self._items[row], part, row == self.cursor, width)
            if len(self._cache) > 512:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _render_part(self, item: Resolved, part: int, is_cursor: bool, width: int) -> Strip:
        bookmark, base = item.bookmark, self.rich_style
        text = Text(" ")
        if part == 0:
            when, state = f"  {short_date(bookmark.created)}", STATE_WORDS[item.state]
            room = width - len(when) - (len(state) + 2 if state else 0) - 2
            text.append(excerpt(bookmark.title, max(10, room)), style=self._style("title"))
            text.append(when, style=self._style("meta"))
            if state:
                lost = item.state is not AnchorState.MOVED
                text.append(f"  {state}", style=self._style("lost" if lost else "meta"))
        elif part == 1:
            text.append(f"  “{excerpt(bookmark.exact, max(10, width - 6))}”")
        elif part == 2:
            if bookmark.note.strip():
                text.append(f"  ✎ {excerpt(bookmark.note, max(10, width // 2))}", style=self._style("note"))
            if bookmark.tags:
                tags = " ".join(f"#{excerpt(tag, 24)}" for tag in bookmark.tags)
                text.append(f"  {tags}", style=self._style("meta"))
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [
            Segment(seg.text, base + seg.style if seg.style else base)
            for seg in text.render(self.app.console)
        ]
        strip = Strip(segments).crop_extend(0, width, base)
        if is_cursor and part < ROW_HEIGHT - 1:
            strip = strip.apply_style(self._style("cursor"))
        return strip

    def _style(self, name: str) -> Style:
        return self.get_component_rich_style(f"bookmark-list--{name}", partial=True)
