"""The reader pane: one article, wrapped to a comfortable measure, drawn with the Line API.

The article is laid out once per width into strips; scrolling only slices them. Article text is
always handed to Rich as :class:`~rich.text.Text` built from :func:`display_view`, never as markup,
so ``[bold]`` or an escape sequence in a file is shown, not obeyed. Highlights arrive as core-style
spans (offsets into the article text) with Rich styles already chosen by ``ui/highlight.py``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from newstui.core.models import Article
from newstui.core.text import display_view
from newstui.ui.formatting import byline


@dataclass(frozen=True, slots=True)
class StyledSpan:
    """A range of the article text and the style to draw it with."""

    start: int
    end: int
    style: Style


class Reader(ScrollView, can_focus=True):
    """Shows the open article; ``j``/``k`` scroll by line, space and page keys by page."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("j,down", "scroll_down", "Scroll down", show=False, id="reader.down"),
        Binding("k,up", "scroll_up", "Scroll up", show=False, id="reader.up"),
        Binding("space,pagedown", "page_down", "Page down", show=False, id="reader.page_down"),
        Binding("pageup", "page_up", "Page up", show=False, id="reader.page_up"),
        Binding("g,home", "scroll_home", "Top", show=False, id="reader.top"),
        Binding("G,end", "scroll_end", "Bottom", show=False, id="reader.bottom"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "reader--title",
        "reader--byline",
        "reader--text",
    }

    measure: reactive[int] = reactive(88)

    def __init__(self, *, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes)
        self.article: Article | None = None
        self._spans: tuple[StyledSpan, ...] = ()
        self._lines: list[Strip] = []
        self._paragraph_lines: list[int] = []
        self._layout_width = -1

    # -- content ------------------------------------------------------------------------------

    def show(self, article: Article | None, spans: Sequence[StyledSpan] = ()) -> None:
        """Show an article from its top."""
        self.article = article
        self._spans = tuple(spans)
        self._relayout()
        self.scroll_to(y=0, animate=False)

    def set_spans(self, spans: Sequence[StyledSpan]) -> None:
        """Change the highlights of the article on screen without moving it."""
        self._spans = tuple(spans)
        self._relayout()

    def line_of_paragraph(self, index: int) -> int:
        if 0 <= index < len(self._paragraph_lines):
            return self._paragraph_lines[index]
        return 0

    def scroll_to_paragraph(self, index: int, *, animate: bool = False) -> None:
        self.scroll_to(y=max(0, self.line_of_paragraph(index) - 2), animate=animate)

    @property
    def text_width(self) -> int:
        return max(10, min(self.measure, self.scrollable_content_region.width - 2))

    def watch_measure(self) -> None:
        self._relayout()

    def on_resize(self) -> None:
        self._relayout()

    def _relayout(self) -> None:
        width = self.scrollable_content_region.width
        if width <= 0:
            return
        self._layout_width = width
        self._lines, self._paragraph_lines = self._layout(width)
        self.virtual_size = Size(width, len(self._lines))
        self.refresh()

    def _layout(self, width: int) -> tuple[list[Strip], list[int]]:
        article = self.article
        if article is None:
            return [], []
        console = self.app.console
        text_width = self.text_width
        options = console.options.update(width=text_width, height=None, highlight=False)
        base = self.rich_style
        margin = max(1, (width - text_width) // 2)
        lines: list[Strip] = [Strip.blank(width, base)]
        paragraph_lines: list[int] = []

        def add(text: Text) -> None:
            for segments in console.render_lines(text, options, style=base, pad=False):
                strip = Strip([Segment(" " * margin, base), *segments])
                lines.append(strip.crop_extend(0, width, base))

        add(self._styled(*article.title_span, self._style("reader--title")))
        add(Text(display_view(byline(article.meta)), style=self._style("reader--byline")))
        for para in article.paragraphs:
            lines.append(Strip.blank(width, base))
            paragraph_lines.append(len(lines))
            add(self._styled(para.start, para.end, self._style("reader--text")))
        lines.append(Strip.blank(width, base))
        return lines, paragraph_lines

    def _styled(self, start: int, end: int, style: Style) -> Text:
        """The article text from ``start`` to ``end`` with every highlight that overlaps it."""
        assert self.article is not None
        text = Text(display_view(self.article.text[start:end]), style=style)
        for span in self._spans:
            if span.end > start and span.start < end:
                text.stylize(span.style, max(span.start, start) - start, min(span.end, end) - start)
        return text

    def _style(self, component: str) -> Style:
        return self.get_component_rich_style(component, partial=True)

    # -- rendering ----------------------------------------------------------------------------

    def render_line(self, y: int) -> Strip:
        index = y + int(self.scroll_y)
        width = self.scrollable_content_region.width
        if index < len(self._lines):
            return self._lines[index].crop_extend(0, width, self.rich_style)
        return Strip.blank(width, self.rich_style)

    def action_scroll_down(self) -> None:
        self.scroll_relative(y=1, animate=False)

    def action_scroll_up(self) -> None:
        self.scroll_relative(y=-1, animate=False)

    def action_page_down(self) -> None:
        self.scroll_page_down(animate=False)

    def action_page_up(self) -> None:
        self.scroll_page_up(animate=False)

    def action_scroll_home(self) -> None:
        self.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self.scroll_end(animate=False)
