"""The main screen's search behaviour, kept apart from the screen's own module: a mixin.

It builds the index in a worker (progress in the search pane, the app usable meanwhile), then fills its
entity fields in a second, low-priority worker (annotating costs ~10 ms an article, so on a large
library this runs for minutes; its progress shows beside the result count and typing never waits on
it, see :meth:`SearchMixin.enrich_index`), swaps the
sidebar's article list for the search pane on ``/``, opens a result scrolled to its best passage with
every match highlighted (a ``search`` layer in the reader), steps through matches with ``n`` / ``N``,
and finds within the open article on ``ctrl+f``.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import work
from textual.binding import Binding, BindingType
from textual.widgets import Input
from textual.worker import get_current_worker

from newstui.core import paths
from newstui.core.library import LoadError
from newstui.core.models import Article
from newstui.core.search import Hit, SearchIndex, find_in_text
from newstui.core.search.location import default_entity_names, index_path
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.entities import AnnotationBar
from newstui.ui.widgets.reader import Reader, StyledSpan
from newstui.ui.widgets.search_pane import SearchBox, SearchPane
from newstui.ui.widgets.search_results import SearchResults

if TYPE_CHECKING:
    from textual.screen import Screen

    from newstui.ui.app import NewsApp

    _Base = Screen[None]
else:
    _Base = object

ENRICH_PAUSE = 0.02
"""Seconds the enrichment worker sleeps after each batch (~0.6 s of annotating): the UI and searches
share the interpreter with it, and this keeps it in the background."""

SEARCH_BINDINGS: list[BindingType] = [
    Binding("slash", "search_open", "Search", id="search.open"),
    Binding("ctrl+f", "find_open", "Find in article", show=False, id="search.find"),
    Binding("n", "search_step(1)", "Next match", show=False, id="search.next"),
    Binding("N", "search_step(-1)", "Previous match", show=False, id="search.previous"),
]


class FindBar(Input):
    """``ctrl+f``: find in the open article only (same fuzzy matching); enter keeps the matches."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", id="find.close"),
    ]

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="find in article (enter: keep, n/N: next/previous, esc: close)", id=id)

    def action_close(self) -> None:
        self.value = ""
        self.display = False
        self.screen.query_one(Reader).focus()


class SearchMixin(_Base):
    """Search for :class:`~newstui.ui.screens.main.MainScreen` (which composes the widgets)."""

    app: NewsApp
    _search_matches: list[tuple[int, int]]
    _search_current: int

    # -- the index ----------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="index")
    def build_index(self) -> None:
        """Open (or rebuild) and bring up to date the library's index, reporting progress."""
        library = self.app.library
        pane = self.query_one(SearchPane)
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
                    status = f"indexing {done:,} of {total:,}"
                    self.app.call_from_thread(pane.set_indexing, status)

            index.sync(
                library.paths,
                max_bytes=library.max_bytes,
                progress=progress,
                cancelled=lambda: worker.is_cancelled,
                stored=library.stored,
            )
        except Exception as error:
            self.app.call_from_thread(self.notify, f"Search index unavailable: {error}", severity="error")
            self.app.call_from_thread(pane.set_indexing, "search index unavailable")
            return
        self.app.call_from_thread(pane.set_indexing, "")
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
        pane = self.query_one(SearchPane)
        worker = get_current_worker()
        if index is None or not index.pending:
            return

        def progress(done: int, total: int) -> None:
            if done < total:
                self.app.call_from_thread(pane.set_enriching, f"names {done:,} of {total:,}")
            time.sleep(ENRICH_PAUSE)

        try:
            report = index.enrich(progress=progress, cancelled=lambda: worker.is_cancelled, process=True)
        except Exception as error:
            self.app.call_from_thread(self.notify, f"Entity names unavailable: {error}", severity="warning")
            self.app.call_from_thread(pane.set_enriching, "")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(pane.set_enriching, "", refresh=bool(report.annotated or report.reused))

    def on_search_pane_index_lost(self, _event: SearchPane.IndexLost) -> None:
        self.query_one(SearchPane).set_indexing("rebuilding the index")
        self.build_index()

    # -- the search pane ----------------------------------------------------------------------

    def action_search_open(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = True
        self.query_one(ArticleList).display = False
        pane = self.query_one(SearchPane)
        pane.display = True
        pane.open()

    def on_search_box_closed(self, _event: SearchBox.Closed) -> None:
        self.query_one(SearchPane).display = False
        articles = self.query_one(ArticleList)
        articles.display = True
        articles.focus()

    def on_search_results_highlighted(self, event: SearchResults.Highlighted) -> None:
        self.open_hit(event.hit, self.query_one(SearchPane).query_text, focus=False)

    def on_search_results_selected(self, event: SearchResults.Selected) -> None:
        pane = self.query_one(SearchPane)
        pane.remember()
        self.open_hit(event.hit, pane.query_text, focus=True)

    @work(thread=True, exclusive=True, group="open")
    def open_hit(self, hit: Hit, query: str, *, focus: bool) -> None:
        """Open a result's article and show the query's matches, from its best passage."""
        try:
            article = self.app.library.open_location(hit.path)
        except LoadError as error:
            self.app.call_from_thread(
                self.notify, f"{hit.path}: {error}", title="Cannot open", severity="error"
            )
            return
        matches = self._find(article, query)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_hit, article, matches, hit.passage[0], focus)

    def _find(self, article: Article, query: str) -> list[tuple[int, int]]:
        index = self.app.search_index
        vocabulary = index.vocabulary if index is not None else None
        return find_in_text(article.text, article.title_span, query, vocabulary)

    def _show_hit(self, article: Article, matches: list[tuple[int, int]], start: int, focus: bool) -> None:
        reader = self.query_one(Reader)
        if reader.article is None or reader.article.id != article.id:
            self.show_article(article)  # type: ignore[attr-defined]
        current = next((i for i, (a, _) in enumerate(matches) if a >= start), 0)
        self._set_matches(matches, current)
        if focus:
            reader.focus()

    # -- matches in the reader ----------------------------------------------------------------

    def _set_matches(self, matches: list[tuple[int, int]], current: int = 0) -> None:
        self._search_matches = matches
        self._search_current = current
        reader = self.query_one(Reader)
        reader.set_layer("search", [StyledSpan(a, b, "reader--match") for a, b in matches])
        self._show_current()

    def _show_current(self) -> None:
        reader = self.query_one(Reader)
        matches = getattr(self, "_search_matches", [])
        if not matches:
            reader.set_layer("search-current", [])
            return
        start, end = matches[self._search_current]
        reader.set_layer("search-current", [StyledSpan(start, end, "reader--current-match")])
        reader.scroll_to_offset(start)
        where = f"match {self._search_current + 1} of {len(matches)}  ·  n / N next / previous"
        self.query_one(AnnotationBar).show_detail(Text(where))

    def action_search_step(self, step: int) -> None:
        matches = getattr(self, "_search_matches", [])
        if not matches:
            self.notify("No matches: search with / or find with ctrl+f", timeout=2)
            return
        self._search_current = (self._search_current + step) % len(matches)
        self._show_current()

    # -- find in the article ------------------------------------------------------------------

    def action_find_open(self) -> None:
        if self.query_one(Reader).article is None:
            return
        bar = self.query_one(FindBar)
        bar.display = True
        bar.focus()

    def on_input_changed(self, event: Input.Changed) -> None:
        if not isinstance(event.input, FindBar):
            return
        article = self.query_one(Reader).article
        if article is None:
            return
        matches = self._find(article, event.value) if event.value.strip() else []
        self._set_matches(matches)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if isinstance(event.input, FindBar):
            event.input.display = False
            self.query_one(Reader).focus()
