"""Search results in the sidebar: a line-based virtual list of hits, three lines a row.

Title; source and date; a one-line snippet with the matched words highlighted. Like the article list it
renders only the rows on screen, so a long result list costs nothing to show.
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

from newstui.core.search import Hit
from newstui.core.text import display_view
from newstui.ui.formatting import short_date

ROW_HEIGHT = 3


class SearchResults(ScrollView, can_focus=True):
    """The hits of the current search, best first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "cursor_down", "Down", show=False, id="results.down"),
        Binding("k,up", "cursor_up", "Up", show=False, id="results.up"),
        Binding("enter,l", "open", "Open result", id="results.open"),
        Binding("pagedown,space", "page_down", "Page down", show=False, id="results.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="results.page_up"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "search-results--title",
        "search-results--meta",
        "search-results--snippet",
        "search-results--match",
        "search-results--cursor",
    }

    cursor: reactive[int] = reactive(0, always_update=False, init=False)

    class Highlighted(Message):
        """The cursor moved onto a hit."""

        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    class Selected(Message):
        """The user chose a hit (enter or a click)."""

        def __init__(self, hit: Hit) -> None:
            super().__init__()
            self.hit = hit

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self._hits: tuple[Hit, ...] = ()

    @property
    def hits(self) -> Sequence[Hit]:
        return self._hits

    @property
    def current(self) -> Hit | None:
        return self._hits[self.cursor] if 0 <= self.cursor < len(self._hits) else None

    def set_hits(self, hits: Sequence[Hit]) -> None:
        self._hits = tuple(hits)
        self.set_reactive(SearchResults.cursor, 0)
        self.virtual_size = Size(self.size.width, len(self._hits) * ROW_HEIGHT)
        self.scroll_to(y=0, animate=False)
        self.refresh()

    def validate_cursor(self, cursor: int) -> int:
        return max(0, min(cursor, len(self._hits) - 1))

    def watch_cursor(self, old: int, new: int) -> None:
        self.refresh_lines(old * ROW_HEIGHT, ROW_HEIGHT)
        self.refresh_lines(new * ROW_HEIGHT, ROW_HEIGHT)
        top, height = new * ROW_HEIGHT, self.scrollable_content_region.height
        if top < self.scroll_y:
            self.scroll_to(y=top, animate=False)
        elif top + ROW_HEIGHT > self.scroll_y + height:
            self.scroll_to(y=top + ROW_HEIGHT - height, animate=False)
        if self.current is not None:
            self.post_message(self.Highlighted(self.current))

    def action_cursor_down(self) -> None:
        self.cursor += 1

    def action_cursor_up(self) -> None:
        self.cursor -= 1

    def action_page_down(self) -> None:
        self.cursor += max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_page_up(self) -> None:
        self.cursor -= max(1, self.scrollable_content_region.height // ROW_HEIGHT)

    def action_open(self) -> None:
        if self.current is not None:
            self.post_message(self.Selected(self.current))

    def on_click(self, event: events.Click) -> None:
        row = (event.y + int(self.scroll_y)) // ROW_HEIGHT
        if 0 <= row < len(self._hits):
            self.cursor = row
            self.post_message(self.Selected(self._hits[row]))

    def on_resize(self) -> None:
        self.virtual_size = Size(self.size.width, len(self._hits) * ROW_HEIGHT)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        row, part = divmod(y + int(self.scroll_y), ROW_HEIGHT)
        base = self.rich_style
        if row >= len(self._hits):
            return Strip.blank(width, base)
        hit = self._hits[row]
        if part == 0:
            text = Text(" " + display_view(hit.title), style=self._style("search-results--title"))
        elif part == 1:
            meta = " · ".join(part for part in (hit.source, short_date(hit.when)) if part)
            text = Text(" " + display_view(meta), style=self._style("search-results--meta"))
        else:
            text = snippet_text(
                hit, self._style("search-results--snippet"), self._style("search-results--match")
            )
        text.truncate(width, overflow="ellipsis", pad=True)
        segments = [
            Segment(s.text, base + s.style if s.style else base) for s in text.render(self.app.console)
        ]
        strip = Strip(segments).crop_extend(0, width, base)
        if row == self.cursor:
            strip = strip.apply_style(self._style("search-results--cursor"))
        return strip

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)


def snippet_text(hit: Hit, style: Style, match_style: Style) -> Text:
    """The snippet, drawn safely (never as markup), with each matched word styled."""
    text = Text(" " + display_view(hit.snippet), style=style)
    for start, end in hit.snippet_matches:
        text.stylize(match_style, start + 1, end + 1)
    return text
