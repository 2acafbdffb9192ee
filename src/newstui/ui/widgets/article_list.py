"""The sidebar's article list: a virtual row list that stays fast at 100,000 articles.

Only the rows on screen are rendered (see :class:`~newstui.ui.widgets.row_list.RowList`); adding a
batch of loaded articles is a binary-search insert per article, so the list can fill in while the
user is already reading.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Sequence
from typing import ClassVar, cast

from rich.text import Text
from textual.binding import Binding, BindingType

from newstui.core.listing import Filter, Listing
from newstui.core.models import ArticleMeta
from newstui.core.text import display_view
from newstui.ui.formatting import meta_line
from newstui.ui.widgets.row_list import RowList, row_list_bindings

UNREAD_MARK = "•"
"""Drawn in the margin of an unread feed article's title (files have no read state)."""


class ArticleList(RowList[ArticleMeta]):
    """Articles newest first, two lines a row (title; source, date and reading time)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_list_bindings("list"),
        Binding("enter,l", "open", "Open", id="list.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "article-list--title",
        "article-list--unread",
        "article-list--read",
        "article-list--unread-mark",
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
        self.listing = Listing()
        """Every loaded article and the view the chosen source leaves (``_items`` is that view)."""
        self._items = self.listing.view
        self.follow_top = True
        """Until the user moves, the cursor stays on the newest article as the list fills in."""
        self._keep: str | None = None
        """An article (id) the cursor goes to when it arrives: the one open when the list was reloaded."""

    # -- data ---------------------------------------------------------------------------------

    @property
    def entries(self) -> Sequence[ArticleMeta]:
        """The articles shown (the chosen source's); ``listing.all`` has every loaded one."""
        return self._items

    def row_key(self, index: int, item: ArticleMeta) -> Hashable:
        return (item.id, item.read)  # rows survive inserts; a changed read state draws anew

    def clear(self, *, keep: str | None = None) -> None:
        """Empty the list to fill it again; with ``keep``, the cursor goes back to that article."""
        self.follow_top = keep is None
        self._keep = keep
        self.listing.clear()
        self.items_changed()
        self.set_reactive(ArticleList.cursor, 0)

    def add_entries(self, batch: Iterable[ArticleMeta]) -> None:
        """Insert newly loaded articles in sorted place (those already listed are skipped).

        Until the user has moved, the cursor follows the top (the newest article so far); after
        that it stays on the article the user chose, wherever new arrivals push it.
        """
        entries = self._items
        was_empty = not entries
        top = None if was_empty else entries[0].id
        batch = list(batch)
        cursor = self.listing.add(batch, -1 if was_empty else self.cursor)
        self.items_changed(clear_cache=False)
        kept = self._keep is not None and any(meta.id == self._keep for meta in batch)
        if kept:
            cursor = next((i for i, meta in enumerate(entries) if meta.id == self._keep), cursor)
            self._keep = None
        elif self.follow_top:
            cursor = 0
        self.set_reactive(ArticleList.cursor, self.validate_cursor(cursor))
        waiting = self._keep is not None or kept  # the kept article is shown already: no message
        if entries and not waiting and (was_empty or (self.follow_top and entries[0].id != top)):
            self.post_message(self.Highlighted(self, entries[0], 0))
        self.scroll_to_cursor()

    def set_filter(self, keep: Filter | None, *, keep_cursor: bool = False) -> None:
        """Show only the articles ``keep`` accepts (``None``: all), the cursor on the newest.

        With ``keep_cursor`` (the same source filtered again after a fetch) the cursor stays on the
        article it was on, if that is still shown.
        """
        current = self.current
        self.listing.set_filter(keep)
        self.items_changed()
        row = self.listing.index_in_view(current.id) if keep_cursor and current is not None else None
        self.follow_top = row is None
        self.set_reactive(ArticleList.cursor, self.validate_cursor(row or 0))
        self.scroll_to_cursor()
        if self._items and row is None:
            self.post_message(self.Highlighted(self, self._items[0], 0))

    def set_read(self, ids: Collection[str], read: bool = True) -> None:
        """Show many articles as read (or unread) at once."""
        self.listing.set_read(ids, read)
        self.refresh()

    def replace_entry(self, meta: ArticleMeta) -> None:
        """Show a changed copy of a listed article (its read state) in its row."""
        row = self.listing.replace(meta)
        if row is not None:
            self.refresh_row(row)

    def move(self, delta: int) -> None:
        """Move the cursor as the user asked (which ends following the top)."""
        self.follow_top = False
        self._keep = None
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
        """Title, then source, date and length. An unread feed article has a mark in the margin and a
        bold title, a read one neither, so the difference shows without colour."""
        unread = item.stored and not item.read
        component = "article-list--title"
        if item.stored:
            component = "article-list--read" if item.read else "article-list--unread"
        title = self.row_style(component)
        text = Text()
        if unread:
            text.append(UNREAD_MARK, style=self.row_style("article-list--unread-mark"))
            text.append(display_view(item.title), style=title)
        else:
            text.append(" " + display_view(item.title), style=title)
        text.append("\n")
        text.append(" " + meta_line(item), style=self.row_style("article-list--meta"))
        return text
