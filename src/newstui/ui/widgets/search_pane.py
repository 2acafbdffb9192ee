"""The search pane that takes the sidebar's place while searching: query box, count, results.

Typing searches live: each change restarts a short debounce timer, and the search runs in an exclusive
thread worker whose result is dropped if the box has changed since, so a stale result never lands.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from newstui.core.search import Results
from newstui.ui.safe import safe_content
from newstui.ui.widgets.search_results import SearchResults

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

DEBOUNCE = 0.08
LIMIT = 100
QUERY_INTRO = "Search (/): results as you type, typos forgiven (1 letter in 4-7, 2 in longer words)."
QUERY_ROWS = (
    ("climate summit", "every word must match (fuzzily); the last word also as a prefix"),
    ('"climate summit"', "an exact phrase"),
    ("'summit", "an exact word (no typos)"),
    ("-glasgow", 'leave out articles with the word (or -"a phrase")'),
    ("title:summit", "only in titles; also source:, person:, org:, place: (entities)"),
    ("after:2022-01-01", "published on or after the date; before: for earlier"),
    ("trump | clinton", "either word"),
)
QUERY_OUTRO = 'Case, accents and curly apostrophes are ignored ("zurich" finds "Zürich").'
"""The query language, for the help screen: an introduction, (query, meaning) rows and a last word."""


class SearchBox(Input):
    """The query box: ``esc`` closes search, up/down walk through recent queries."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close search", id="search.close"),
        Binding("up", "history(1)", "Older query", id="search.older"),
        Binding("down", "history(-1)", "Newer query", id="search.newer"),
        Binding("tab", "results", "To results", id="search.results"),
    ]

    class Closed(Message):
        """The user left search (esc)."""

    class ToResults(Message):
        """The user wants to move through the results."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder='search: words, "phrase", -word, title: … (? for help)', id=id)
        self.history: list[str] = []
        self._position = -1

    def action_close(self) -> None:
        self.post_message(self.Closed())

    def action_results(self) -> None:
        self.post_message(self.ToResults())

    def action_history(self, step: int) -> None:
        if not self.history:
            return
        self._position = max(-1, min(self._position + step, len(self.history) - 1))
        self.value = self.history[self._position] if self._position >= 0 else ""
        self.cursor_position = len(self.value)

    def reset_history(self, history: list[str]) -> None:
        self.history = history
        self._position = -1


class SearchPane(Vertical):
    """Query box, result count (or indexing progress) and the live results list."""

    app: NewsApp

    class IndexLost(Message):
        """The index turned out damaged and was emptied: it needs building again."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._timer: Timer | None = None
        self.results: Results | None = None
        self.indexing = ""
        self.enriching = ""

    def compose(self) -> ComposeResult:
        yield SearchBox(id="search-box")
        yield Static("", id="search-count")
        yield SearchResults(id="search-results")

    @property
    def query_text(self) -> str:
        return self.query_one(SearchBox).value

    def open(self) -> None:
        box = self.query_one(SearchBox)
        box.reset_history(list(self.app.search_history.queries))
        box.focus()
        self._update_count()

    def remember(self) -> None:
        """Keep the current query in the recent queries (on opening a result)."""
        try:
            self.app.search_history.add(self.query_text)
        except OSError as error:
            self.notify(f"Could not save search history: {error}", severity="warning")

    def set_indexing(self, status: str) -> None:
        """Progress of the index build ("" when done): shown instead of, or beside, the count."""
        self.indexing = status
        self._update_count()
        if not status and self.query_text:
            self.search(self.query_text)

    def set_enriching(self, status: str, *, refresh: bool = False) -> None:
        """Progress of the entity-name pass ("" when done); ``refresh`` searches the query again, as
        ``person:`` / ``org:`` / ``place:`` now answer from the names."""
        self.enriching = status
        self._update_count()
        if refresh and self.query_text:
            self.search(self.query_text)

    @on(Input.Changed, "#search-box")
    def _changed(self, event: Input.Changed) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(DEBOUNCE, lambda: self.search(event.value))

    @on(Input.Submitted, "#search-box")
    def _submitted(self) -> None:
        results = self.query_one(SearchResults)
        if results.current is not None:
            # Posted here, not by the results list: a message never bubbles back to its sender's parent.
            self.post_message(SearchResults.Selected(results, results.current, results.cursor))

    @on(SearchBox.ToResults)
    def _to_results(self) -> None:
        self.query_one(SearchResults).focus()

    @work(thread=True, exclusive=True, group="search")
    def search(self, query: str) -> None:
        """Search in a thread; land the results only if the box still holds this query."""
        index = self.app.search_index
        if index is None:
            return
        try:
            results = index.search(query, limit=LIMIT, typing=True)
        except Exception as error:  # a damaged index must not take the app down: say so, rebuild
            self.app.call_from_thread(self.notify, f"Search failed: {error}", severity="error")
            return
        if not index.ready and not self.indexing:
            self.app.call_from_thread(self.post_message, self.IndexLost())
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._land, query, results)

    def _land(self, query: str, results: Results) -> None:
        if query != self.query_text:
            return
        self.results = results
        self.query_one(SearchResults).set_hits(results.hits)
        self._update_count()

    def _update_count(self) -> None:
        parts = []
        results = self.results
        if results is not None and results.query.text == self.query_text and self.query_text.strip():
            count = len(results.hits)
            more = "+" if results.more and count >= LIMIT else ""
            parts.append(f"{count}{more} result{'s' if count != 1 else ''}" if count else "No results")
            if results.ignored:
                parts.append("ignored " + " ".join(results.ignored))
        if self.indexing:
            parts.append(self.indexing)
        elif self.enriching:
            parts.append(self.enriching)
        self.query_one("#search-count", Static).update(safe_content(" · ".join(parts)))
