"""The bookmarks screen's list: a virtual row list, so 10,000 bookmarks filter as you type.

Each bookmark is a fixed four-line row (title, date and state; the passage; note and tags; a spacer)
and only rows on screen are rendered, so filtering replaces a Python list and repaints one screen.
"""

from __future__ import annotations

from typing import ClassVar, cast

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType

from newstui.core.bookmarks.anchoring import AnchorState
from newstui.core.bookmarks.exchange import excerpt
from newstui.core.bookmarks.passages import Resolved
from newstui.ui.formatting import short_date
from newstui.ui.widgets.row_list import RowList, row_list_bindings

STATE_WORDS = {
    AnchorState.ANCHORED: "",
    AnchorState.MOVED: "moved",
    AnchorState.ORPHANED: "orphaned: no longer in the article",
    AnchorState.MISSING: "article file missing",
}


class BookmarkList(RowList[Resolved]):
    """Bookmarks, one four-line row each; ``enter`` (or a click) chooses one.

    Letters typed here go to the screen's filter, so only ``j``/``k`` of the letter keys move.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_list_bindings("bookmarks", page_down="pagedown", first="home", last="end"),
        Binding("enter", "open", "Open", id="bookmarks.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "bookmark-list--title",
        "bookmark-list--meta",
        "bookmark-list--note",
        "bookmark-list--lost",
        "bookmark-list--cursor",
    }
    ROW_HEIGHT = 4
    ROW_GAP = 1
    CURSOR = "bookmark-list--cursor"

    class Selected(RowList.Selected):
        """The user chose a bookmark to open."""

        @property
        def resolved(self) -> Resolved:
            return cast(Resolved, self.item)

    def render_row(self, item: Resolved, width: int) -> Text:
        bookmark = item.bookmark
        text = Text(" ")
        when, state = f"  {short_date(bookmark.created)}", STATE_WORDS[item.state]
        room = width - len(when) - (len(state) + 2 if state else 0) - 2
        text.append(excerpt(bookmark.title, max(10, room)), style=self._style("title"))
        text.append(when, style=self._style("meta"))
        if state:
            lost = item.state is not AnchorState.MOVED
            text.append(f"  {state}", style=self._style("lost" if lost else "meta"))
        text.append(f"\n   “{excerpt(bookmark.exact, max(10, width - 6))}”\n ")
        if bookmark.note.strip():
            text.append(f"  ✎ {excerpt(bookmark.note, max(10, width // 2))}", style=self._style("note"))
        if bookmark.tags:
            tags = " ".join(f"#{excerpt(tag, 24)}" for tag in bookmark.tags)
            text.append(f"  {tags}", style=self._style("meta"))
        return text

    def _style(self, name: str) -> Style:
        return self.row_style(f"bookmark-list--{name}")
