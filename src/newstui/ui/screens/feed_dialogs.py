"""Dialogs for feeds: subscribing (and choosing among a page's feeds), the last fetch's report
(failures first) and an article's numbered links.

The lists are row lists like every other; every string in them came from outside (titles, URLs,
server errors) and is drawn as text, never markup.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from newstui.core.safe_text import clip
from newstui.ui.feed_session import NumberedLink
from newstui.ui.widgets.row_list import RowList, row_list_bindings

if TYPE_CHECKING:
    from newstui.core.feeds.discover import FeedLink
    from newstui.core.feeds.update import FeedResult


class ReportList(RowList["FeedResult"]):
    """One feed per two-line row: its name and outcome, then its error (or its address)."""

    BINDINGS: ClassVar[list[BindingType]] = row_list_bindings("report", page_down="pagedown")
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "report-list--name",
        "report-list--failed",
        "report-list--detail",
        "report-list--cursor",
    }
    ROW_HEIGHT = 2
    CURSOR = "report-list--cursor"

    def render_row(self, item: FeedResult, width: int) -> Text:
        failed = item.status == "error"
        outcome = "FAILED" if failed else (f"{item.new} new" if item.new else "unchanged")
        name = self.row_line(
            width,
            (item.title or item.url, ""),
            right=[(outcome, "report-list--failed" if failed else "report-list--name")],
        )
        detail = item.error if failed and item.error else item.url
        return Text("\n").join([name, self.row_line(width, (detail or "", "report-list--detail"))])


class FetchReport(ModalScreen[None]):
    """What the last refresh did for each feed, the failed ones first; ``esc`` closes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,F", "close", "Close", id="report.close"),
    ]

    def __init__(self, results: Sequence[FeedResult]) -> None:
        super().__init__()
        order = {"error": 0, "new": 1, "unchanged": 2}
        self._results = sorted(results, key=lambda r: order.get(r.status, 3))

    def compose(self) -> ComposeResult:
        failed = sum(1 for r in self._results if r.status == "error")
        with Vertical(classes="dialog feed-dialog"):
            yield Static(f"Last fetch: {len(self._results)} feeds, {failed} failed", classes="dialog-title")
            yield ReportList(id="report-list")
            yield Static("j/k move · esc close", classes="dialog-hint")

    def on_mount(self) -> None:
        report = self.query_one(ReportList)
        report.set_items(self._results)
        report.focus()

    def action_close(self) -> None:
        self.dismiss(None)


class LinkList(RowList[NumberedLink]):
    """An article's links, one line each: ``[3] https://...``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_list_bindings("links", page_down="pagedown"),
        Binding("enter", "open", "Open in the browser", id="links.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"link-list--number", "link-list--url", "link-list--cursor"}
    ROW_HEIGHT = 1
    CURSOR = "link-list--cursor"

    def render_row(self, item: NumberedLink, width: int) -> Text:
        kind = "" if item.kind == "link" else f" ({item.kind})"
        number = f" [{item.number}] "
        text = Text(number, style=self.row_style("link-list--number"))
        return text.append_text(
            self.row_line(width - len(number), (item.url, "link-list--url"), (kind, ""), indent="")
        )


class LinksDialog(ModalScreen[str | None]):
    """Choose one of the article's numbered links: type its number (or move to it), ``enter`` opens it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="links.close"),
    ]

    def __init__(self, links: Sequence[NumberedLink]) -> None:
        super().__init__()
        self._links = list(links)
        self._typed = ""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog feed-dialog"):
            yield Static("Links of the article", classes="dialog-title")
            yield LinkList(id="link-list")
            yield Static(
                "type a number to go to it · enter open in the browser · esc close", classes="dialog-hint"
            )

    def on_mount(self) -> None:
        links = self.query_one(LinkList)
        links.set_items(self._links)
        links.focus()

    def on_key(self, event: events.Key) -> None:
        if event.character is None or not event.character.isdigit():
            return
        event.stop()
        typed = self._typed + event.character
        numbers = [link.number for link in self._links]
        if int(typed) not in numbers:
            typed = event.character  # start a new number
        self._typed = typed
        if int(typed) in numbers:
            links = self.query_one(LinkList)
            links.move(numbers.index(int(typed)) - links.cursor)

    @on(LinkList.Selected)
    def _chosen(self, event: LinkList.Selected) -> None:
        link = event.item
        assert isinstance(link, NumberedLink)
        self.dismiss(link.url)

    def action_close(self) -> None:
        self.dismiss(None)


class SubscribeDialog(ModalScreen[str | None]):
    """Ask for a feed's address, a web page that links feeds, or a feed file: ``enter`` subscribes."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="subscribe.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Subscribe", classes="dialog-title")
            yield Input(
                placeholder="https://example.com/feed.xml, a site's page, or a file", id="subscribe-url"
            )
            hint = "A web page is searched for the feeds it links · enter subscribe · esc cancel"
            yield Static(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(event.value.strip() or None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class CandidateList(RowList["FeedLink"]):
    """The feeds a page links: title and kind, then the address."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_list_bindings("candidates", page_down="pagedown"),
        Binding("enter", "open", "Subscribe to it too", id="candidates.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"link-list--number", "link-list--url", "link-list--cursor"}
    ROW_HEIGHT = 2
    CURSOR = "link-list--cursor"

    def __init__(self, taken: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.taken = taken

    def render_row(self, item: FeedLink, width: int) -> Text:
        mark = "✓ " if item.url == self.taken else "  "
        title = self.row_line(
            width, (item.title or "(untitled)", ""), (f" · {item.kind}", ""), indent=" " + mark
        )
        return Text("\n").join([title, self.row_line(width, (item.url, "link-list--url"), indent="   ")])


class CandidatesDialog(ModalScreen[str | None]):
    """A page linked several feeds and the first was taken: choose another to subscribe to it too."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q", "close", "Close", id="candidates.close"),
    ]

    def __init__(self, page: str, taken: str, candidates: Sequence[FeedLink]) -> None:
        super().__init__()
        self._page, self._taken, self._candidates = page, taken, list(candidates)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog feed-dialog"):
            yield Static(f"{len(self._candidates)} feeds on this page", classes="dialog-title")
            yield Static(Text(clip(self._page, 200)), classes="dialog-passage")
            yield CandidateList(self._taken, id="candidate-list")
            yield Static("✓ subscribed · enter subscribe to another too · esc done", classes="dialog-hint")

    def on_mount(self) -> None:
        candidates = self.query_one(CandidateList)
        candidates.set_items(self._candidates)
        candidates.focus()

    @on(CandidateList.Selected)
    def _chosen(self, event: CandidateList.Selected) -> None:
        link = cast("FeedLink", event.item)
        self.dismiss(None if link.url == self._taken else link.url)

    def action_close(self) -> None:
        self.dismiss(None)
