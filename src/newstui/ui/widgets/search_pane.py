"""The search pane that takes the sidebar's place while searching: query box, count, results.

Typing searches live: each change restarts a short debounce timer, and the search runs in an exclusive
thread worker whose result is dropped if the box has changed since, so a stale result never lands.

The pane also keeps the library's index: it builds it in a worker (progress beside the count, the app
usable meanwhile), then fills its entity fields in a second, low-priority worker (annotating costs
~10 ms an article, so on a large library this runs for minutes; typing never waits on it), and
rebuilds it if a search finds it damaged. Choosing a result posts ``SearchResults.Selected`` up: the
main screen opens the article.
"""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input, Static
from textual.worker import get_current_worker

from newstui.core import paths
from newstui.core.models import Article
from newstui.core.search import Results, SearchIndex, find_in_text
from newstui.core.search.location import default_entity_names, index_path
from newstui.ui.focus import focus_now
from newstui.ui.safe import safe_content
from newstui.ui.widgets.search_results import SearchResults

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

ENRICH_PAUSE = 0.02
"""Seconds the enrichment worker sleeps after each batch (~0.6 s of annotating): the UI and searches
share the interpreter with it, and this keeps it in the background."""

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

    class Busy(Message):
        """The index is being built (``words`` say how far) or, with no words, no longer is."""

        def __init__(self, key: str, words: str) -> None:
            super().__init__()
            self.key = key
            self.words = words

    app: NewsApp

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
        focus_now(box)
        self._update_count()

    def remember(self) -> None:
        """Keep the current query in the recent queries (on opening a result)."""
        try:
            self.app.search_history.add(self.query_text)
        except OSError as error:
            self.notify(f"Could not save search history: {error}", severity="warning")

    def set_indexing(self, status: str, *, running: bool = True) -> None:
        """Progress of the index build ("" when done): shown instead of, or beside, the count, and
        on the status line while it runs."""
        self.indexing = status
        self._update_count()
        busy = running and bool(status)
        self.post_message(self.Busy("index", f"{status[:1].upper()}{status[1:]}…" if busy else ""))
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
        focus_now(self.query_one(SearchResults))

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
            self.app.call_from_thread(self._index_lost)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._land, query, results)

    def _index_lost(self) -> None:
        """The index turned out damaged and was emptied: build it again."""
        self.set_indexing("rebuilding the index")
        self.build_index()

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

    # -- the index ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        """Open (or rebuild) and bring up to date the library's index, reporting progress."""
        library = self.app.library
        worker = get_current_worker()
        self.app.call_from_thread(self.workers.cancel_group, self, "enrich")  # it resumes after the sync
        try:
            index = self.app.search_index
            if index is None:
                location = index_path(paths.cache_dir(), library.paths, feeds=library.feeds)
                index = SearchIndex(location, entity_names=default_entity_names())
                self.app.search_index = index

            def progress(done: int, total: int) -> None:
                if total and done < total:
                    self.app.call_from_thread(self.set_indexing, f"indexing {done:,} of {total:,}")

            index.sync(
                library.paths,
                max_bytes=library.max_bytes,
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
                stored=library.stored,
            )
        except Exception as error:
            self.app.call_from_thread(self.notify, f"Search index unavailable: {error}", severity="error")
            self.app.call_from_thread(partial(self.set_indexing, "search index unavailable", running=False))
            return
        self.app.call_from_thread(self.set_indexing, "")
        if not worker.is_cancelled:
            self.app.call_from_thread(self.enrich_index)

    @work(thread=True, exclusive=True, group="enrich", exit_on_error=False)
    def enrich_index(self) -> None:
        """Fill the entity fields of the articles not yet enriched, a batch at a time.

        Low priority: the annotating runs in a niced worker process (in this one it would hold the GIL
        that searches and the UI need), and it stops as soon as it is cancelled (a new build, the app
        closing). What it has done is kept in the index, so the next run picks up where this one stopped.
        """
        index = self.app.search_index
        worker = get_current_worker()
        if index is None or not index.pending:
            return

        def progress(done: int, total: int) -> None:
            if done < total:
                self.app.call_from_thread(self.set_enriching, f"names {done:,} of {total:,}")
            time.sleep(ENRICH_PAUSE)

        try:
            report = index.enrich(progress=progress, cancelled=lambda: worker.is_cancelled, process=True)
        except Exception as error:
            self.app.call_from_thread(self.notify, f"Entity names unavailable: {error}", severity="warning")
            self.app.call_from_thread(self.set_enriching, "")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self.set_enriching, "", refresh=bool(report.annotated or report.reused))


def find_in_article(article: Article, query: str, index: SearchIndex | None) -> list[tuple[int, int]]:
    """The query's matches in one article (search and ``ctrl+f`` alike), with the index's vocabulary
    for fuzzy words when there is an index."""
    if not query.strip():
        return []
    vocabulary = index.vocabulary if index is not None else None
    return find_in_text(article.text, article.title_span, query, vocabulary)
