"""The sidebar's article list: a virtual row list that stays fast at 100,000 articles.

Only the rows on screen are rendered (see :class:`~newstui.ui.widgets.row_list.RowList`); adding a
batch of loaded articles is a binary-search insert per article, so the list can fill in while the
user is already reading.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Hashable, Iterable, Sequence
from operator import itemgetter
from typing import ClassVar, cast

from rich.text import Text
from textual.binding import Binding, BindingType

from newstui.core.library import sort_key
from newstui.core.models import ArticleMeta
from newstui.core.text import display_view
from newstui.ui.formatting import meta_line
from newstui.ui.widgets.row_list import RowList, row_list_bindings

MERGE_BATCH = 64
"""Batches larger than this (and not tiny beside the list) are merged in, not inserted one by one."""


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
        that it stays on the article the user chose, wherever new arrivals push it. A small batch is
        inserted article by article; a large one is merged in one pass (100,000 single inserts into a
        list of 100,000 move gigabytes).
        """
        batch = list(batch)
        entries = self._items
        was_empty = not entries
        top = None if was_empty else entries[0].id
        cursor = self.cursor
        if len(batch) > MERGE_BATCH and len(batch) * 16 > len(entries):
            current = None if was_empty else entries[cursor]
            merged = list(zip(self._keys, entries, strict=True))
            merged += [(sort_key(meta), meta) for meta in batch]
            merged.sort(key=itemgetter(0))  # stable: equal keys keep the order single inserts give
            self._keys = [key for key, _meta in merged]
            entries[:] = [meta for _key, meta in merged]
            if current is not None:
                cursor = self._index_of(current)
        else:
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

    def _index_of(self, meta: ArticleMeta) -> int:
        """Where an article now is, found by its sort key (then its id among equal keys)."""
        index = bisect_left(self._keys, sort_key(meta))
        entries = self._items
        while index < len(entries) and entries[index].id != meta.id:
            index += 1
        return index if index < len(entries) else 0

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
