"""One virtual row list for every list in the app: rows of fixed height, drawn with the Line API.

A subclass says what a row looks like (:meth:`RowList.render_row`: an item and a width in, a
``Text`` of ``ROW_HEIGHT`` lines out) and which component class draws the cursor; this class does
the rest once: the cursor (a validated reactive), moving and paging, ``g``/``G``, clicks, keeping the
cursor in view, an LRU cache of rendered rows, and a cursor row that stands out in both focus states.

Only the rows on screen are rendered, so a list of 100,000 items costs one screen to show. The cursor
is laid over the row's own styles (:func:`~newstui.ui.styles.overlay`), after the row is cached, so
moving the cursor re-renders nothing but two rows' overlays; styles come from component classes with
their alpha blended against the real background (:func:`~newstui.ui.styles.component_style`).
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from typing import Any, ClassVar, Generic, TypeVar

from rich.style import Style
from rich.text import Text
from textual import events
from textual.binding import Binding, BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newstui.core.safe_text import cell_width, clip, safe_text
from newstui.ui.legible import Role, legible_strip, row_state_style
from newstui.ui.styles import overlay, text_strip

T = TypeVar("T")

ROW_CACHE_SIZE = 1024
"""Rendered rows kept: a few screens of the tallest list, so scrolling back and forth is free."""


def row_list_bindings(
    prefix: str,
    *,
    page_down: str = "pagedown,space",
    first: str = "g,home",
    last: str = "G,end",
) -> list[BindingType]:
    """The moving keys every list shares, with binding ids under ``prefix`` (ids are remappable)."""
    return [
        Binding("j,down", "cursor_down", "Down", show=False, id=f"{prefix}.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id=f"{prefix}.up"),
        Binding(page_down, "page_down", "Page down", show=False, id=f"{prefix}.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id=f"{prefix}.page_up"),
        Binding(first, "first", "First", show=False, id=f"{prefix}.first"),
        Binding(last, "last", "Last", show=False, id=f"{prefix}.last"),
    ]


class RowMessage(Message):
    """A message about one item of a row list: the list, the item and its row."""

    def __init__(self, row_list: RowList[Any], item: object, index: int) -> None:
        super().__init__()
        self.row_list, self.item, self.index = row_list, item, index

    @property
    def control(self) -> RowList[Any]:
        return self.row_list


class RowList(ScrollView, Generic[T], can_focus=True):
    """A virtual list of items, ``ROW_HEIGHT`` lines each, with a cursor row.

    Subclasses set ``ROW_HEIGHT``, ``CURSOR`` (the cursor's component class, styled for ``:focus``
    and without) and ``COMPONENT_CLASSES``, implement :meth:`render_row`, and may give their own
    ``Highlighted`` / ``Selected`` message subclasses (so handlers are named after the list).
    """

    ROW_HEIGHT: ClassVar[int] = 1
    ROW_GAP: ClassVar[int] = 0
    """Trailing lines of each row that separate rows: drawn blank and not covered by the cursor."""
    CURSOR: ClassVar[str] = ""
    """The component class that styles the cursor row (must be in ``COMPONENT_CLASSES``)."""
    HIGHLIGHTS: ClassVar[frozenset[str]] = frozenset()
    """Component classes that highlight part of a row (a matched word): shaded to stand 3:1 from it."""

    cursor: reactive[int] = reactive(0, always_update=False, init=False)

    class Highlighted(RowMessage):
        """The cursor moved onto an item."""

    class Selected(RowMessage):
        """The user chose an item (``enter`` or a click)."""

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._items: list[T] = []
        self._rows: LRUCache[tuple[Hashable, int], list[Strip]] = LRUCache(ROW_CACHE_SIZE)
        self._styles: dict[str, Style] = {}
        self._styles_key: tuple[object, ...] | None = None
        self._styles_stale = True

    # -- what subclasses provide --------------------------------------------------------------

    def render_row(self, item: T, width: int) -> Text:
        """The row for ``item``: up to ``ROW_HEIGHT - ROW_GAP`` lines separated by newlines."""
        raise NotImplementedError

    def row_key(self, index: int, item: T) -> Hashable:
        """What identifies a rendered row in the cache. By position: every change of the items
        clears the cache. A list that inserts (the article list) keys by the item instead."""
        return index

    # -- items --------------------------------------------------------------------------------

    @property
    def items(self) -> Sequence[T]:
        return self._items

    @property
    def current(self) -> T | None:
        return self._items[self.cursor] if 0 <= self.cursor < len(self._items) else None

    def set_items(self, items: Sequence[T], cursor: int = 0) -> None:
        """Show ``items`` (already in order) with the cursor on row ``cursor`` (no message posted)."""
        self._items = list(items)
        self.items_changed()
        self.set_reactive(RowList.cursor, self.validate_cursor(cursor))
        self.scroll_to_cursor()

    def items_changed(self, *, clear_cache: bool = True) -> None:
        """Call after changing ``_items`` in place: resizes the scroll area and repaints."""
        if clear_cache:
            self._rows.clear()
        self.virtual_size = Size(self.scrollable_content_region.width, len(self._items) * self.ROW_HEIGHT)
        self.refresh()

    # -- cursor -------------------------------------------------------------------------------

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._items) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_row(old)
        self.refresh_row(new)
        self.scroll_to_cursor()
        item = self.current
        if item is not None:
            self.post_message(self.Highlighted(self, item, new))

    def move(self, delta: int) -> None:
        """Move the cursor by ``delta`` rows (clamped to the list)."""
        self.cursor = self.validate_cursor(self.cursor + delta)

    def refresh_row(self, row: int) -> None:
        self.refresh_lines(row * self.ROW_HEIGHT, self.ROW_HEIGHT)

    def scroll_to_cursor(self) -> None:
        """Scroll as little as possible to show the whole cursor row."""
        height = self.scrollable_content_region.height
        if height <= 0:
            return
        top, size = self.cursor * self.ROW_HEIGHT, self.ROW_HEIGHT
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False, immediate=True)
        elif top + size > self.scroll_y + height:
            self.scroll_to(y=top + size - height, animate=False, immediate=True)

    @property
    def rows_per_page(self) -> int:
        return max(1, self.scrollable_content_region.height // self.ROW_HEIGHT)

    def action_cursor_down(self) -> None:
        self.move(1)

    def action_cursor_up(self) -> None:
        self.move(-1)

    def action_page_down(self) -> None:
        self.move(self.rows_per_page)

    def action_page_up(self) -> None:
        self.move(-self.rows_per_page)

    def action_first(self) -> None:
        self.move(-self.cursor)

    def action_last(self) -> None:
        self.move(len(self._items) - 1 - self.cursor)

    def action_open(self) -> None:
        item = self.current
        if item is not None:
            self.post_message(self.Selected(self, item, self.cursor))

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_y)) // self.ROW_HEIGHT
        if 0 <= row < len(self._items):
            self.move(row - self.cursor)
            self.action_open()

    def on_focus(self) -> None:
        self.refresh_row(self.cursor)

    def on_blur(self) -> None:
        self.refresh_row(self.cursor)

    def on_resize(self) -> None:
        self.items_changed(clear_cache=False)
        self.call_after_refresh(self.scroll_to_cursor)

    # -- styles -------------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        """A theme, focus or CSS change: resolve the styles again before the next row is drawn."""
        super().notify_style_update()
        self._styles_stale = True

    def row_style(self, component: str) -> Style:
        """A component class's style for use in :meth:`render_row` (see :mod:`newstui.ui.styles`)."""
        if self._styles_stale:
            self._resolve_styles()
        style = self._styles.get(component)
        if style is None:
            style = self._styles[component] = self._component_style(component)
        return style

    def _component_style(self, component: str) -> Style:
        role = Role.CURSOR if component == self.CURSOR else None
        role = Role.HIGHLIGHT if component in self.HIGHLIGHTS else role
        return row_state_style(self, component, role, self.rich_style)

    def _resolve_styles(self) -> None:
        """Resolve every component style; rendered rows are dropped only if one of them changed."""
        self._styles_stale = False
        styles = {name: self._component_style(name) for name in sorted(self._get_component_classes())}
        key = (self.rich_style, *styles.values())
        if key != self._styles_key:
            self._styles_key = key
            self._rows.clear()
        self._styles = styles

    # -- rendering ----------------------------------------------------------------------------

    def row_line(
        self,
        width: int,
        *parts: tuple[str, str],
        right: Sequence[tuple[str, str]] = (),
        indent: str = " ",
    ) -> Text:
        """One line of a row, cut cleanly to ``width`` cells: ``indent``, then ``parts``, then ``right``
        flush with the right edge, at least two cells after them.

        Each part is ``(text, component class or "")``; text from outside is made safe here. The first
        part (a title, a name, a quotation) gives way to the others: it is cut, with an ellipsis, to
        what they leave; a part that still does not fit is cut too. ``right`` (a date, a count, a
        state) is kept whole while the first part can keep a few cells, else left out.
        """
        texts = [safe_text(words) for words, _ in parts]
        tail = "".join(safe_text(words) for words, _ in right)
        room = width - cell_width(indent)
        if tail and room - cell_width(tail) - 2 - sum(cell_width(t) for t in texts[1:]) >= min(
            8, cell_width(texts[0]) if texts else 0
        ):
            room -= cell_width(tail) + 2
        else:
            right = ()
        line = Text(indent)
        for index, (words, (_, component)) in enumerate(zip(texts, parts, strict=True)):
            others = sum(cell_width(t) for t in texts[index + 1 :]) if index == 0 else 0
            piece = clip(words, max(1, room - others) if index == 0 else room)
            room -= cell_width(piece)
            line.append(piece, style=self.row_style(component) if component else "")
        if right:
            line.append(" " * (room + 2))
            for words, component in right:
                line.append(safe_text(words), style=self.row_style(component) if component else "")
        return line

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row, part = divmod(y + int(self.scroll_y), self.ROW_HEIGHT)
        if self._styles_stale:
            self._resolve_styles()
        base = self.rich_style
        if not 0 <= row < len(self._items):
            return Strip.blank(width, base)
        strip = self._row_strips(row, width)[part]
        if row == self.cursor and part < self.ROW_HEIGHT - self.ROW_GAP and self.CURSOR:
            strip = legible_strip(overlay(strip, self.row_style(self.CURSOR), base))
        return strip

    def _row_strips(self, row: int, width: int) -> list[Strip]:
        item = self._items[row]
        key = (self.row_key(row, item), width)
        strips = self._rows.get(key)
        if strips is None:
            strips = self._render_strips(item, width)
            self._rows.set(key, strips)
        return strips

    def _render_strips(self, item: T, width: int) -> list[Strip]:
        base = self.rich_style
        lines = list(self.render_row(item, width).split("\n", allow_blank=True))
        strips = []
        for line in lines[: self.ROW_HEIGHT - self.ROW_GAP]:
            line.truncate(width, overflow="ellipsis", pad=True)
            strips.append(legible_strip(text_strip(line, width, base, self)))
        while len(strips) < self.ROW_HEIGHT:
            strips.append(Strip.blank(width, base))
        return strips
