"""The sidebar's sources list (All, Unread, folders, feeds): one line each, unread count on the right.

A row list like every other list (:class:`~newstui.ui.widgets.row_list.RowList`); choosing a row posts
:class:`SourceList.Selected` and the main screen filters the article list. A feed whose last fetch
failed is marked ``!`` (its error is in the fetch report); a source with unread articles has its count
in bold, so the difference never rests on colour alone.
"""

from __future__ import annotations

from typing import ClassVar, cast

from rich.text import Text
from textual.binding import Binding, BindingType

from newstui.core.safe_text import cell_width, clip, safe_text
from newstui.ui.source_rows import SourceRow
from newstui.ui.widgets.row_list import RowList, row_list_bindings

ERROR_MARK = "!"


class SourceList(RowList[SourceRow]):
    """Sources, one line each: label (indented under its folder), a failure mark, the unread count."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_list_bindings("sources"),
        Binding("enter,l", "open", "Show its articles", id="sources.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "source-list--label",
        "source-list--folder",
        "source-list--count",
        "source-list--unread",
        "source-list--error",
        "source-list--cursor",
    }
    ROW_HEIGHT = 1
    CURSOR = "source-list--cursor"

    class Highlighted(RowList.Highlighted):
        """The cursor moved onto a source."""

        @property
        def row(self) -> SourceRow:
            return cast(SourceRow, self.item)

    class Selected(RowList.Selected):
        """The user chose a source (enter, ``l`` or a click)."""

        @property
        def row(self) -> SourceRow:
            return cast(SourceRow, self.item)

    def set_rows(self, rows: list[SourceRow]) -> None:
        """New rows (new counts, a feed added): the cursor stays on the same source if it is still there."""
        current = self.current
        keys = [(row.kind, row.key) for row in rows]
        keep = (current.kind, current.key) if current is not None else None
        self.set_items(rows, keys.index(keep) if keep in keys else 0)

    def render_row(self, item: SourceRow, width: int) -> Text:
        right = Text()
        if item.error:
            right.append(ERROR_MARK, style=self.row_style("source-list--error"))
        if item.reads:
            style = "source-list--unread" if item.unread else "source-list--count"
            right.append(
                f" {item.unread:,}" if item.error else f"{item.unread:,}", style=self.row_style(style)
            )
        indent = " " * (1 + 2 * item.depth)
        label = clip(safe_text(item.label), max(1, width - len(indent) - right.cell_len - 2))
        component = "source-list--folder" if item.kind in ("folder", "files") else "source-list--label"
        text = Text(indent)
        text.append(label, style=self.row_style(component))
        text.append(" " * max(1, width - len(indent) - cell_width(label) - right.cell_len - 1))
        text.append_text(right)
        return text
