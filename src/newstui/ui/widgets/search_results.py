"""Search results in the sidebar: a virtual row list of hits, three lines a row.

Title; source and date; a one-line snippet with the matched words highlighted. Like the article list it
renders only the rows on screen, so a long result list costs nothing to show.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, cast

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType

from newstui.core.search import Hit
from newstui.core.text import display_view
from newstui.ui.formatting import short_date
from newstui.ui.widgets.row_list import RowList, row_list_bindings


class SearchResults(RowList[Hit]):
    """The hits of the current search, best first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_list_bindings("results"),
        Binding("enter,l", "open", "Open result", id="results.open"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "search-results--title",
        "search-results--meta",
        "search-results--snippet",
        "search-results--match",
        "search-results--cursor",
    }
    ROW_HEIGHT = 3
    CURSOR = "search-results--cursor"
    HIGHLIGHTS = frozenset({"search-results--match"})

    class Highlighted(RowList.Highlighted):
        """The cursor moved onto a hit."""

        @property
        def hit(self) -> Hit:
            return cast(Hit, self.item)

    class Selected(RowList.Selected):
        """The user chose a hit (enter or a click)."""

        @property
        def hit(self) -> Hit:
            return cast(Hit, self.item)

    @property
    def hits(self) -> Sequence[Hit]:
        return self._items

    def set_hits(self, hits: Sequence[Hit]) -> None:
        self.set_items(hits)
        self.scroll_to(y=0, animate=False)

    def render_row(self, item: Hit, width: int) -> Text:
        text = Text()
        text.append(" " + display_view(item.title), style=self.row_style("search-results--title"))
        meta = " · ".join(part for part in (item.source, short_date(item.when)) if part)
        text.append("\n")
        text.append(" " + display_view(meta), style=self.row_style("search-results--meta"))
        text.append("\n")
        snippet = snippet_text(
            item,
            self.row_style("search-results--snippet"),
            self.row_style("search-results--match"),
            width=width,
        )
        return text.append_text(snippet)


LEAD = 12
"""Characters of context kept before the first match when the snippet has to be cut to show it."""


def visible_snippet(
    snippet: str, matches: Sequence[tuple[int, int]], width: int
) -> tuple[str, list[tuple[int, int]]]:
    """The snippet cut at its start, if need be, so that its first match fits in ``width`` characters.

    The engine centres the snippet on its passage for a wide terminal; a narrow sidebar would otherwise
    cut the very word that was found. The cut falls at a word's start, marked with an ellipsis, and the
    matches are moved with it.
    """
    if not matches or width <= 0 or matches[0][1] <= width - 1:
        return snippet, list(matches)
    first, end = matches[0]
    cut = max(0, min(first, max(first - LEAD, end - (width - 1))))
    space = snippet.find(" ", cut, first)
    if space != -1:
        cut = space + 1
    if cut <= 1:
        return snippet, list(matches)
    shift = cut - 1  # the ellipsis takes one character
    moved = [(start - shift, end - shift) for start, end in matches if start >= cut]
    return "…" + snippet[cut:], moved


def snippet_text(hit: Hit, style: Style, match_style: Style, *, width: int = 0) -> Text:
    """The snippet, drawn safely (never as markup), with each matched word styled and in view."""
    shown, matches = visible_snippet(display_view(hit.snippet), hit.snippet_matches, width - 1)
    text = Text(" " + shown, style=style)
    for start, end in matches:
        text.stylize(match_style, start + 1, end + 1)
    return text
