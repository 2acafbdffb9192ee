"""The bookmarks screen's list: a virtual row list, so 10,000 bookmarks filter as you type.

Each bookmark is a fixed four-line row (title, date and state; the passage; note and tags; a spacer)
and only rows on screen are rendered, so filtering replaces a Python list and repaints one screen.
"""

from __future__ import annotations

from typing import ClassVar, cast

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
        """The title with the date (and any trouble) flush right, the passage, then note and tags."""
        bookmark = item.bookmark
        right = [(short_date(bookmark.created), "bookmark-list--meta")]
        state = STATE_WORDS[item.state]
        if state:
            lost = item.state is not AnchorState.MOVED
            right.append((f"  {state}", "bookmark-list--lost" if lost else "bookmark-list--meta"))
        title = self.row_line(width, (excerpt(bookmark.title, width), "bookmark-list--title"), right=right)
        passage = self.row_line(width, (f"“{excerpt(bookmark.exact, width)}", ""), ("”", ""), indent="   ")
        notes: list[tuple[str, str]] = []
        if bookmark.note.strip():
            notes.append((f"✎ {excerpt(bookmark.note, width)}", "bookmark-list--note"))
        if bookmark.tags:
            tags = " ".join(f"#{excerpt(tag, 24)}" for tag in bookmark.tags)
            notes.append((f"  {tags}" if notes else tags, "bookmark-list--meta"))
        return Text("\n").join([title, passage, self.row_line(width, *notes, indent="   ")])
