"""The widgets of entities and quotations: the legend bar above the reader and the side panel.

``AnnotationBar`` shows each label in its own style with its count (so the legend doubles as the key
to the reader's colours) and, on its second line, the quotation or entity under the mouse or the
``{``/``}`` cursor. ``EntitiesPanel`` lists the article's entities grouped by label, and who said what;
choosing a row posts a message, and the main screen moves the reader.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import ClassVar

from rich.style import Style
from rich.text import Span, Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.widgets import OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from newstui.core.annotate import Annotations
from newstui.core.safe_text import clip, safe_text
from newstui.ui.highlight import (
    COMPONENTS,
    CURRENT_COMPONENT,
    LABEL_NAMES,
    LABELS,
    QUOTE_COMPONENT,
    component,
    grouped_entities,
    label_counts,
)
from newstui.ui.legible import Role, distinct_colours, legible, state_style

QUOTE_PREVIEW = 70
SHORT_NAMES = {"PERSON": "People", "ORG": "Orgs", "PLACE": "Places", "NORP": "Groups", "DATE": "Dates"}
SHORT_NAMES["NUMBER"] = "Numbers"


def fit_whole_items(line: Text, width: int) -> Text:
    """``line`` cut to ``width`` between its items (runs separated by two spaces), never mid-word;
    ``…`` says something was left out."""
    if line.cell_len <= width:
        return line
    plain = line.plain
    cut = plain.rfind("  ", 0, max(0, width - 1))
    while cut > 0 and plain[cut - 1] == " ":
        cut -= 1
    if cut <= 0:
        return line[: max(0, width - 1)] + Text("…")
    return line[:cut] + Text(" …")


def preview(text: str, width: int = QUOTE_PREVIEW) -> str:
    """A quotation on one line, cut to ``width``."""
    return clip(" ".join(safe_text(text).split()), width)


class AnnotationBar(Vertical):
    """Legend (labels, counts, what is hidden) and a detail line for the quotation in focus."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(COMPONENTS)
    _legend_args: tuple[Annotations | None, Collection[str], bool] | None = None
    """What the legend last showed, to lay it out again at a new width."""
    _detail: Text | str | None = None

    def compose(self) -> ComposeResult:
        yield Static("", id="annotation-legend")
        yield Static("", id="annotation-detail")

    @property
    def text(self) -> str:
        """Both lines as plain text (what a person reads there)."""
        parts = [self.query_one(f"#annotation-{part}", Static).content for part in ("legend", "detail")]
        return "\n".join(str(part) for part in parts)

    def styles_by_label(self) -> dict[str, Style]:
        """Each label's style: readable in this theme, and a colour no other label has."""
        return distinct_colours(
            {label: state_style(self, component(label), Role.TEXT, self.rich_style) for label in LABELS},
            self.rich_style,
        )

    def quote_style(self) -> Style:
        return state_style(self, QUOTE_COMPONENT, Role.TEXT, self.rich_style)

    def current_style(self) -> Style:
        return state_style(self, CURRENT_COMPONENT, Role.TEXT, self.rich_style)

    def _legible(self, text: Text) -> Text:
        """``text`` drawn on this bar: every span (``dim`` ones too) shaded to be read here."""
        base = self.rich_style
        text.style = legible(
            base + Style.parse(text.style) if isinstance(text.style, str) else base + text.style
        )
        text.spans = [
            Span(
                span.start,
                span.end,
                legible(base + (Style.parse(span.style) if isinstance(span.style, str) else span.style)),
            )
            for span in text.spans
        ]
        return text

    def show_legend(self, annotations: Annotations | None, hidden: Collection[str], enabled: bool) -> None:
        self._legend_args = (annotations, hidden, enabled)
        legend = Text()
        if annotations is None:
            legend.append("Annotating…", style="dim")
        else:
            counts = label_counts(annotations)
            styles = self.styles_by_label()
            if not enabled:  # first, so a narrow legend never cuts it off
                legend.append("entities off (e)", style="dim")
                legend.append("  ")
            for label in LABELS:
                shown = enabled and label not in hidden
                name = Text(
                    SHORT_NAMES[label], style=styles[label] if shown else Style(dim=True, strike=True)
                )
                legend.append_text(name)
                legend.append(f" {counts.get(label, 0)}  ", style="" if shown else "dim")
            legend.append("Quotes", style=self.quote_style())
            legend.append(f" {len(annotations.quotes)}")
        self.query_one("#annotation-legend", Static).update(
            self._legible(fit_whole_items(legend, self._room))
        )

    @property
    def _room(self) -> int:
        return max(10, self.content_region.width)

    def on_resize(self) -> None:
        self._redraw()

    def show_detail(self, detail: Text | str | None) -> None:
        self._detail = detail
        if detail is None:  # the hint: cut between its items, like the legend
            detail = fit_whole_items(
                Text("{ } quotes and names  ·  i list  ·  e / E labels", style="dim"), self._room
            )
        elif isinstance(detail, str):
            detail = Text(detail)
        self.query_one("#annotation-detail", Static).update(self._legible(detail.copy()))

    def on_mount(self) -> None:
        self.show_detail(None)
        # Both lines hold colours made legible for the theme they were drawn in: draw them again.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._redraw))

    def _redraw(self) -> None:
        if self._legend_args is not None:
            self.show_legend(*self._legend_args)
        self.show_detail(self._detail)


class EntitiesPanel(Vertical):
    """The article's entities by label, and its quotations with their speakers, in two tabs.

    ``left`` / ``right`` switch tabs from the keyboard (``tab`` already switches panes).
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left", "switch_tab", "Names / quotes tab", id="entities.left"),
        Binding("right", "switch_tab", "Names / quotes tab", show=False, id="entities.right"),
    ]

    class EntityChosen(Message):
        """A name was chosen: the reader should go to its next mention."""

        def __init__(self, label: str, text: str) -> None:
            super().__init__()
            self.label = label
            self.text = text

    class QuoteChosen(Message):
        """A quotation was chosen (by its index in the article's quotations)."""

        def __init__(self, index: int) -> None:
            super().__init__()
            self.index = index

    def compose(self) -> ComposeResult:
        with TabbedContent(id="entities-tabs"):
            with TabPane("Entities", id="entities-tab"):
                yield OptionList(id="entities-list")
            with TabPane("Quotes", id="quotes-tab"):
                yield OptionList(id="quotes-list")

    def show(self, annotations: Annotations | None) -> None:
        entities = self.query_one("#entities-list", OptionList)
        quotes = self.query_one("#quotes-list", OptionList)
        entities.clear_options()
        quotes.clear_options()
        if annotations is None:
            entities.add_option(Option(Text("Annotating…", style="italic"), disabled=True))
            return
        for label, names in grouped_entities(annotations).items():
            total = sum(count for _, count in names)
            heading = Text(f"{LABEL_NAMES[label]} ({total})")
            entities.add_option(Option(heading, id=f"label:{label}", disabled=True))
            for name, count in names:
                row = Text(f"  {safe_text(name)}")
                if count > 1:
                    row.append(f"  ×{count}")
                entities.add_option(Option(row, id=f"entity:{label}\t{name}"))
        if not annotations.entities:
            entities.add_option(Option(Text("No names found", style="italic"), disabled=True))
        for index, quote in enumerate(annotations.quotes):
            row = Text()
            row.append(
                safe_text(quote.speaker or "(no speaker named)"), style="bold" if quote.speaker else "italic"
            )
            row.append("\n  " + preview(quote.text))
            quotes.add_option(Option(row, id=f"quote:{index}"))
        if not annotations.quotes:
            quotes.add_option(Option(Text("No quotations", style="italic"), disabled=True))

    def action_switch_tab(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "entities-tab" if tabs.active == "quotes-tab" else "quotes-tab"
        self.focus_list()

    def focus_list(self) -> None:
        tabs = self.query_one(TabbedContent)
        wanted = "#quotes-list" if tabs.active == "quotes-tab" else "#entities-list"
        self.query_one(wanted, OptionList).focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        kind, _, value = option_id.partition(":")
        if kind == "entity":
            label, _, text = value.partition("\t")
            self.post_message(self.EntityChosen(label, text))
        elif kind == "quote":
            self.post_message(self.QuoteChosen(int(value)))

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.focus_list()
