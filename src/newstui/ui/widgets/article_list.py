"""The sidebar's article list: a virtual row list that stays fast at 100,000 articles.

Only the rows on screen are rendered (see :class:`~newstui.ui.widgets.row_list.RowList`); adding a
batch of loaded articles is a binary-search insert per article, so the list can fill in while the
user is already reading.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Hashable, Iterable, Sequence
from typing import ClassVar, cast

from rich.text import Text
from textual.binding import Binding, BindingType

from newstui.core.library import sort_key
from newstui.core.models import ArticleMeta
from newstui.core.text import display_view
from newstui.ui.formatting import meta_line
from newstui.ui.widgets.row_list import RowList, row_list_bindings


class ArticleList(RowList[ArticleMeta]):
    """Articles newest first, two lines a row (title; source, date and reading time)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_list_bindings("list"),
        Binding("enter,l", "open", "Open", id="list.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--title",
        "article-list--meta",
        "article-list--cursor",
    }
    ROW_HEIGHT = 2
    CURSOR = "article-list--cursor"

    class Highlighted(RowList.Highlighted):
        """The cursor moved onto an article."""

        @property
        def meta(self) -> ArticleMeta:
            return cast(ArticleMeta, self.item)

    class Selected(RowList.Selected):
        """The user chose to open an article (enter, ``l`` or a click)."""

        @property
        def meta(self) -> ArticleMeta:
            return cast(ArticleMeta, self.item)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._keys: list[tuple[float, str]] = []
        self.follow_top = True
        """Until the user moves, the cursor stays on the newest article as the list fills in."""

    # -- data ---------------------------------------------------------------------------------

    @property
    def entries(self) -> Sequence[ArticleMeta]:
        return self._items

    def row_key(self, index: int, item: ArticleMeta) -> Hashable:
        return item.id  # rows survive the inserts of a loading library

    def clear(self) -> None:
        self.follow_top = True
        self._keys = []
        self.set_items([])

    def add_entries(self, batch: Iterable[ArticleMeta]) -> None:
        """Insert newly loaded articles in sorted place.

        Until the user has moved, the cursor follows the top (the newest article so far); after
        that it stays on the article the user chose, wherever new arrivals push it.
        """
        entries = self._items
        was_empty = not entries
        top = None if was_empty else entries[0].id
        cursor = self.cursor
        for meta in batch:
            key = sort_key(meta)
            index = bisect_right(self._keys, key)
            self._keys.insert(index, key)
            entries.insert(index, meta)
            if index <= cursor and not was_empty:
                cursor += 1
        self.items_changed(clear_cache=False)
        if self.follow_top:
            cursor = 0
        self.set_reactive(ArticleList.cursor, self.validate_cursor(cursor))
        if entries and (was_empty or (self.follow_top and entries[0].id != top)):
            self.post_message(self.Highlighted(self, entries[0], 0))
        self.scroll_to_cursor()

    def move(self, delta: int) -> None:
        """Move the cursor as the user asked (which ends following the top)."""
        self.follow_top = False
        super().move(delta)

    def select_id(self, article_id: str) -> bool:
        """Put the cursor on the article with this id, if it is listed."""
        for index, meta in enumerate(self._items):
            if meta.id == article_id:
                self.move(index - self.cursor)
                return True
        return False

    def action_open(self) -> None:
        self.follow_top = False
        super().action_open()

    # -- rendering ----------------------------------------------------------------------------

    def render_row(self, item: ArticleMeta, width: int) -> Text:
        text = Text()
        text.append(" " + display_view(item.title), style=self.row_style("article-list--title"))
        text.append("\n")
        text.append(" " + meta_line(item), style=self.row_style("article-list--meta"))
        return text
