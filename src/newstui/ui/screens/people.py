"""The People screen: every person, organisation and place of the library, and what each one said.

The left list holds the entities (most mentioned first, or last seen first with ``s``), filtered
fuzzily as you type; the right side shows the entity under the cursor: its quotations (newest first,
with article, date and source) and the articles that mention it. ``enter`` on a quotation or an
article dismisses the screen with where to go, and the main screen opens the article there.

Every query runs in a thread worker against the entity index (kept in the search index file), one
page at a time: the entity list grows as the cursor nears its end, so 100,000 articles' worth of
names never load at once and typing never waits.

While the enrichment pass runs, the screen fills as it goes: every ``REFRESH_EVERY`` seconds, if
batches have landed, a worker merges the names found so far (the index keeps running totals, so this
reads one row a name) and the rows are listed again with the filter, sort and the entity under the
cursor kept; the status line says how far the pass is ("names from 12,400 of 100,000 articles").
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Input, Static
from textual.worker import get_current_worker

from newstui.core.people.index import FILTER_LIMIT, Mentioning, NameFilter, PeopleIndex, Person, Quotation
from newstui.ui.formatting import counted
from newstui.ui.safe import safe_rich
from newstui.ui.widgets.people_lists import LABEL_WORDS, MentionList, PeopleList, QuoteList

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

PAGE = 200
"""Entities fetched at a time; the next page loads when the cursor comes within a screen of the end."""
DETAIL_PAGE = 200
"""Quotations and articles shown for one entity (newest first)."""
REFRESH_EVERY = 2.0
"""Seconds between looks at the enrichment pass while the screen is open."""


@dataclass(frozen=True, slots=True)
class Passage:
    """Where to open: an article's location, and the span to show (``None`` for the article's top)."""

    path: str
    start: int | None = None
    end: int | None = None


class PeopleScreen(Screen[Passage | None]):
    """Entities of the library and their quotations; dismissed with a :class:`Passage` or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="people.back"),
        Binding("s", "sort", "Sort", id="people.sort"),
        Binding("ctrl+l", "label", "Label", id="people.label"),
    ]
    LABEL_CYCLE: ClassVar[list[str | None]] = [None, "PERSON", "ORG", "PLACE"]

    app: NewsApp

    def __init__(self, index: PeopleIndex | None, *, entity: tuple[str, str] | None = None) -> None:
        super().__init__()
        self._index = index
        self._entity = entity
        self._order = "mentions"
        self._label: str | None = None
        self._names: NameFilter | None = None
        self._exhausted = False
        self._loading_page = False
        self._shown: tuple[str, str] | None = None
        self._seen_pending: int | None = None
        """Articles not yet enriched when the summary was last refreshed (``None``: not looked yet)."""
        self._progress = ""
        self._keep: tuple[str, str] | None = None
        """The entity whose row the cursor should stay on when the rows are listed again."""

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Input(placeholder="Filter people, organisations and places (fuzzy)", id="people-filter")
        yield Static("", id="people-status")
        with Horizontal(id="people-body"):
            yield PeopleList(id="people-list")
            with Vertical(id="people-detail"):
                yield Static("", id="people-heading")
                yield Static("Quotations", classes="people-section")
                yield QuoteList(id="people-quotes")
                yield Static("Articles", classes="people-section")
                yield MentionList(id="people-articles")
        yield Footer()

    def on_mount(self) -> None:
        self.app.sub_title = "People"
        self.set_interval(REFRESH_EVERY, self._look)
        self._look()
        if self._index is None:
            self._status("The library's names are not indexed yet: the search index is still being built.")
            return
        if self._entity is not None:
            name, _ = self._entity
            self.query_one(Input).value = name  # filters, then the page of that entity is shown
        else:
            self.query_one(Input).focus()
            self.reload()

    # -- the entity list ----------------------------------------------------------------------

    @property
    def _query(self) -> str:
        return self.query_one(Input).value

    def reload(self, *, keep: bool = False) -> None:
        """List the rows again; with ``keep``, as many as are listed now and the cursor on the same
        entity (the summary changed under them, the person did not ask for a new list)."""
        entities = self.query_one(PeopleList)
        current = entities.current
        self._keep = (current.name, current.label) if keep and isinstance(current, Person) else None
        self._exhausted = False
        rows = max(PAGE, len(entities.items)) if keep else PAGE
        self._filter(self._query, self._order, self._label, rows)

    # -- filling while the enrichment pass runs ---------------------------------------------------

    def _look(self) -> None:
        self._refresh_summary()

    @work(thread=True, exclusive=True, group="people-refresh", exit_on_error=False)
    def _refresh_summary(self) -> None:
        """Merge the names found so far if batches landed since the last look, then list again."""
        search = self.app.search_index
        if search is None or not search.ready:
            return
        pending, total = search.store.pending(), search.store.count()
        if pending == self._seen_pending or (self._seen_pending is None and not pending):
            return  # nothing landed (or the pass was done before the screen opened)
        index = self._index or search.people
        index.refresh()
        self._seen_pending = pending
        progress = f"names from {total - pending:,} of {total:,} articles" if pending else ""
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._summary_changed, index, progress)

    def _summary_changed(self, index: PeopleIndex, progress: str) -> None:
        self._index = index
        self._names = None  # the filter's names are stale
        self._progress = progress
        self.reload(keep=True)

    @work(thread=True, exclusive=True, group="people-filter")
    def _filter(self, query: str, order: str, label: str | None, rows: int = PAGE) -> None:
        index = self._index
        if index is None:
            return
        worker = get_current_worker()
        if query.strip():
            if self._names is None:
                self._names = NameFilter(index.names())
            found = self._names(query, limit=FILTER_LIMIT * 4 if label else FILTER_LIMIT)
            people = index.lookup([key for key in found if label is None or key[1] == label][:FILTER_LIMIT])
            if order == "recent":
                people.sort(key=lambda p: p.last_seen.timestamp() if p.last_seen else 0.0, reverse=True)
            complete = True
        else:
            people = index.people(label=label, order=order, limit=rows)
            complete = len(people) < rows
        total = index.count()
        if not worker.is_cancelled:
            self.app.call_from_thread(self._listed, people, complete, total)

    def _listed(self, people: list[Person], complete: bool, total: int) -> None:
        self._exhausted = complete
        entities = self.query_one(PeopleList)
        kept, self._keep = self._keep, None
        if kept is not None:
            row = next((i for i, p in enumerate(people) if (p.name, p.label) == kept), entities.cursor)
            entities.set_items(people, cursor=row)
        else:
            entities.set_items(people)
        order = "most mentioned first" if self._order == "mentions" else "last seen first"
        kind = f"{LABEL_WORDS[self._label]}s" if self._label else "entities"
        shown = f"{len(people):,} shown" if self._query.strip() else f"{total:,} {kind}"
        progress = f"{self._progress} · " if self._progress else ""
        self._status(f"{progress}{shown} · {order} · s: sort · ctrl+l: people/organisations/places")
        if self._entity is not None:
            wanted, self._entity = self._entity, None
            row = next((i for i, p in enumerate(people) if (p.name, p.label) == wanted), 0)
            entities.move(row - entities.cursor)
            entities.focus()
        if kept is not None:
            self._shown = None  # its counts and quotations may have grown: show them again
        if people:
            self._show(people[entities.cursor])
        else:
            self._clear_detail("No names match." if self._query.strip() else "No names yet.")

    @work(thread=True, exclusive=True, group="people-page")
    def _next_page(self, offset: int, order: str, label: str | None) -> None:
        index = self._index
        if index is None:
            return
        people = index.people(label=label, order=order, limit=PAGE, offset=offset)
        self.app.call_from_thread(self._paged, offset, people)

    def _paged(self, offset: int, people: list[Person]) -> None:
        self._loading_page = False
        entities = self.query_one(PeopleList)
        if offset != len(entities.items) or self._query.strip():
            return  # the list changed meanwhile
        self._exhausted = len(people) < PAGE
        entities.set_items([*entities.items, *people], cursor=entities.cursor)

    @on(Input.Changed, "#people-filter")
    def _typed(self) -> None:
        self.reload()

    @on(Input.Submitted, "#people-filter")
    def _submitted(self) -> None:
        self.query_one(PeopleList).focus()

    @on(PeopleList.Highlighted, "#people-list")
    def _highlighted(self, event: PeopleList.Highlighted) -> None:
        event.stop()
        entities = self.query_one(PeopleList)
        near_end = event.index >= len(entities.items) - entities.rows_per_page - 1
        if near_end and not self._exhausted and not self._loading_page and not self._query.strip():
            self._loading_page = True
            self._next_page(len(entities.items), self._order, self._label)
        if isinstance(event.item, Person):
            self._show(event.item)

    @on(PeopleList.Selected, "#people-list")
    def _chosen(self, event: PeopleList.Selected) -> None:
        event.stop()
        if isinstance(event.item, Person):
            self._show(event.item)
        quotes = self.query_one(QuoteList)
        (quotes if quotes.items else self.query_one(MentionList)).focus()

    # -- one entity ---------------------------------------------------------------------------

    def _show(self, person: Person) -> None:
        key = (person.name, person.label)
        if key == self._shown:
            return
        self._shown = key
        kind = LABEL_WORDS.get(person.label, person.label.lower())
        heading = (
            f"{person.name} · {kind} · {counted(person.mentions, 'mention')} in "
            f"{counted(person.articles, 'article')}"
        )
        self.query_one("#people-heading", Static).update(safe_rich(heading, "bold"))
        self._detail(person)

    @work(thread=True, exclusive=True, group="people-detail")
    def _detail(self, person: Person) -> None:
        index = self._index
        if index is None:
            return
        quotes = index.quotes(speakers=[person.name], limit=DETAIL_PAGE) if person.label != "PLACE" else []
        articles = index.articles(person.name, person.label, limit=DETAIL_PAGE)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._detailed, quotes, articles)

    def _detailed(self, quotes: list[Quotation], articles: list[Mentioning]) -> None:
        self.query_one(QuoteList).set_items(quotes)
        self.query_one(MentionList).set_items(articles)
        sections = self.query(".people-section").results(Static)
        quoted, mentioned = list(sections)
        more = "+" if DETAIL_PAGE in (len(quotes), len(articles)) else ""
        quoted.update(Text(f"Quotations ({len(quotes):,}{more if len(quotes) == DETAIL_PAGE else ''})"))
        mentioned.update(Text(f"Articles ({len(articles):,}{more if len(articles) == DETAIL_PAGE else ''})"))

    def _clear_detail(self, message: str) -> None:
        self._shown = None
        self.query_one("#people-heading", Static).update(Text(message))
        self._detailed([], [])

    @on(QuoteList.Selected, "#people-quotes")
    def _quote_chosen(self, event: QuoteList.Selected) -> None:
        event.stop()
        quote = event.item
        if isinstance(quote, Quotation):
            self.dismiss(Passage(quote.path, quote.start, quote.end))

    @on(MentionList.Selected, "#people-articles")
    def _article_chosen(self, event: MentionList.Selected) -> None:
        event.stop()
        if isinstance(event.item, Mentioning):
            self.dismiss(Passage(event.item.path))

    # -- actions ------------------------------------------------------------------------------

    def _status(self, text: str) -> None:
        self.query_one("#people-status", Static).update(Text(text))

    def action_sort(self) -> None:
        self._order = "recent" if self._order == "mentions" else "mentions"
        self.reload()

    def action_label(self) -> None:
        cycle = self.LABEL_CYCLE
        self._label = cycle[(cycle.index(self._label) + 1) % len(cycle)]
        self.reload()

    def action_back(self) -> None:
        self.dismiss(None)
