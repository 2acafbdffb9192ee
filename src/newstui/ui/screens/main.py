"""The main screen: article list beside the reader. It is the mediator between its widgets.

Widgets post messages up (``ArticleList.Highlighted``, ``SearchResults.Selected``,
``Reader.PassageBookmarked``); this screen decides what the reader shows and tells its widgets by
attributes and calls. It does the slow work (loading the library, opening an article) in workers so the
UI never waits on the disk: every way of opening an article (the list, a search result, a bookmark) is
one :class:`Opening` handed to one worker, :meth:`MainScreen.open`.
"""

from __future__ import annotations

from functools import partial
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Input, ProgressBar, Static
from textual.worker import Worker, WorkerState, get_current_worker

from newstui.core.annotate import Annotations, annotate
from newstui.core.bookmarks.passages import Resolved, local_path
from newstui.core.library import LoadError
from newstui.core.models import STORED_SCHEME, Article, ArticleMeta, Entity, LoadWarning, Quote
from newstui.core.safe_text import safe_text
from newstui.core.sources.stored import StoredSource
from newstui.ui.annotations import AnnotationCache, describe
from newstui.ui.focus import focus_now
from newstui.ui.formatting import articles_count
from newstui.ui.highlight import entity_layer, next_hidden_labels, quote_at, quote_layer, stops
from newstui.ui.layout import SIDEBAR_STEP, apply_sidebar_width, panel_leaves_reader_too_little
from newstui.ui.opening import Opening
from newstui.ui.reader_bookmarks import ReaderBookmarks
from newstui.ui.safe import safe_content
from newstui.ui.screens.bookmarks import BookmarksScreen
from newstui.ui.screens.feed_actions import FEED_ACTIONS, FEED_BINDINGS, FeedActions
from newstui.ui.screens.people import Passage, PeopleScreen
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.entities import AnnotationBar, EntitiesPanel
from newstui.ui.widgets.find_bar import FindBar
from newstui.ui.widgets.footer import NewsFooter
from newstui.ui.widgets.reader import Reader, StyledSpan
from newstui.ui.widgets.search_pane import SearchBox, SearchPane, find_in_article
from newstui.ui.widgets.search_results import SearchResults
from newstui.ui.widgets.source_list import SourceList
from newstui.ui.widgets.status_line import StatusLine

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

EMPTY_MESSAGE = """\
Nothing to read here yet.

newstui reads .txt, .md and .html files: a title on the first line, then paragraphs
separated by blank lines. Put some in {where}
or open another folder with:

    newstui PATH [PATH ...]
"""


class MainScreen(Screen[None]):
    """Sidebar (article list or search pane, load progress) and reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "switch_focus", "Switch pane", id="main.switch_focus"),
        Binding("shift+tab", "switch_focus(-1)", "Switch pane", show=False, id="main.switch_back"),
        Binding("left_square_bracket", "step(-1)", "Prev", id="main.previous"),
        Binding("right_square_bracket", "step(1)", "Next", id="main.next"),
        Binding("backslash", "toggle_sidebar", "Sidebar", id="main.toggle_sidebar"),
        Binding("less_than_sign", "sidebar_width(-1)", "Narrower sidebar", show=False, id="main.narrower"),
        Binding("greater_than_sign", "sidebar_width(1)", "Wider sidebar", show=False, id="main.wider"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="main.reload"),
        Binding("slash", "search_open", "Search", id="search.open"),
        Binding("ctrl+f", "find_open", "Find in article", show=False, id="search.find"),
        Binding("n", "search_step(1)", "Next match", show=False, id="search.next"),
        Binding("N", "search_step(-1)", "Previous match", show=False, id="search.previous"),
        Binding("B", "bookmarks", "Bookmarks", id="main.bookmarks"),
        Binding("P", "people", "People", show=False, id="main.people"),
        Binding("p", "person_page", "Page of the name or quote", show=False, id="main.person_page"),
        *FEED_BINDINGS,
        # Entities and quotations: shown in the legend bar's hint line and in help, not in the footer
        # (which is full).
        Binding("e", "toggle_entities", "Entities on/off", show=False, id="main.toggle_entities"),
        Binding("E", "cycle_labels", "Which labels", show=False, id="main.cycle_labels"),
        Binding("i", "toggle_entities_panel", "Names and quotes panel", show=False, id="main.entities_panel"),
        Binding(
            "left_curly_bracket",
            "annotation_step(-1)",
            "Previous quote or name",
            show=False,
            id="main.previous_mark",
        ),
        Binding(
            "right_curly_bracket", "annotation_step(1)", "Next quote or name", show=False, id="main.next_mark"
        ),
    ]

    app: NewsApp

    def __init__(self) -> None:
        super().__init__()
        self._warnings: list[LoadWarning] = []
        self._status_note = ""
        self._opened: str | None = None
        """The article the user last chose to open (enter, a click), to mark read once it is shown."""
        self._annotation_cache = AnnotationCache()
        self._annotations: Annotations | None = None
        self._current: Entity | Quote | None = None
        """The quotation or name ``{`` / ``}`` are on."""
        self._hovered: Quote | None = None
        self._reader = Reader(id="reader")
        self._bookmarks = ReaderBookmarks(self.app, self._reader)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield SourceList(id="sources")
                yield SearchPane(id="search-pane")
                yield ArticleList(id="articles")
                yield ProgressBar(id="progress", show_eta=False, show_percentage=True)
                yield StatusLine(id="status")
            with Vertical(id="reading"):
                yield Static("", id="empty")
                yield AnnotationBar(id="annotation-bar")
                yield self._reader
                yield FindBar(id="find-bar")
            yield EntitiesPanel(id="entities-panel")
        yield NewsFooter()

    def on_mount(self) -> None:
        settings = self.app.settings
        self.query_one(Reader).measure = settings.measure
        self.query_one("#sidebar").display = settings.show_sidebar
        apply_sidebar_width(self.query_one("#sidebar"), settings.sidebar_width)
        self._sidebar_hidden_for_panel = False
        self.query_one("#empty").display = False
        self.query_one(SearchPane).display = False
        self.query_one(FindBar).display = False
        self.query_one(EntitiesPanel).display = False
        self.query_one(ArticleList).focus()
        # Styles come from theme variables: a new theme means new highlight styles.
        self.app.theme_changed_signal.subscribe(self, lambda _theme: self.call_after_refresh(self._highlight))
        self.feeds = FeedActions(self, self.app.feeds)
        self.feeds.mount()
        self.load_library()

    def on_unmount(self) -> None:
        self.feeds.unmount()

    # -- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_library(self) -> None:
        """Read the library in batches; each batch lands in the list as soon as it is read."""
        library = self.app.library
        worker = get_current_worker()
        self.app.call_from_thread(self._load_started)
        done = total = 0
        for batch, warnings in library.iter_load(batch_size=256):
            if worker.is_cancelled:
                return
            done += len(batch) + len(warnings)
            total = max(library.expected_total, done)
            self.app.call_from_thread(self._batch_loaded, batch, warnings, done, total)
        self.app.call_from_thread(self._load_finished)

    def _load_started(self) -> None:
        shown = self._reader.article
        # A reload keeps the open article: the list puts its cursor back on it when it comes by.
        self.query_one(ArticleList).clear(keep=shown.id if shown is not None else None)
        self._warnings = []
        self._status_note = ""
        self.query_one("#progress", ProgressBar).display = True
        self.status.show("load", "Loading…")

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.status.show("load", f"Loading {done:,} of {total:,}…")

    def _batch_loaded(
        self, batch: list[ArticleMeta], warnings: list[LoadWarning], done: int, total: int
    ) -> None:
        self.query_one(ArticleList).add_entries(batch)
        self._warnings.extend(warnings)
        self._progress(done, total)
        self._update_counts()

    def _load_finished(self) -> None:
        self.query_one(SearchPane).build_index()
        articles = self.query_one(ArticleList)
        if "fetch" not in self.status.activities:  # a fetch shares the bar (and hides it when done)
            self.query_one("#progress", ProgressBar).display = False
        self.status.end("load")
        skipped = len(self._warnings)
        if skipped:
            shown = "\n".join(str(w) for w in self._warnings[:5])
            more = f"\n…and {skipped - 5} more" if skipped > 5 else ""
            self.notify(f"{shown}{more}", title=f"Skipped {skipped} file(s)", severity="warning")
        self.update_status()
        self._update_counts()
        if not articles.entries:
            self._show_empty()
        self.feeds.loaded()

    def update_status(self, note: str = "") -> None:
        """The line under the list: articles shown (and unread ones), load problems, the last fetch."""
        articles = self.query_one(ArticleList)
        shown = articles.entries
        parts = [articles_count(len(shown))]
        if len(shown) != len(articles.listing):
            parts[0] += f" of {len(articles.listing):,}"
        skipped = len(self._warnings)
        if skipped:
            parts.append(f"{skipped} skipped")
        if note:
            self._status_note = note
        if self._status_note:
            parts.append(self._status_note)
        self.status.set_summary(" · ".join(parts))

    @property
    def status(self) -> StatusLine:
        """The line under the list: what is running, then the counts and the last message."""
        return self.query_one(StatusLine)

    @on(SearchPane.Busy)
    def _search_busy(self, event: SearchPane.Busy) -> None:
        if event.words:
            self.status.show(event.key, event.words)
        else:
            self.status.end(event.key)

    def _update_counts(self) -> None:
        count = len(self.query_one(ArticleList).entries)
        self.app.sub_title = safe_text(f"{self.app.library.name} · {articles_count(count)}")

    def _show_empty(self) -> None:
        where = ", ".join(str(p) for p in self.app.library.paths) or "a folder"
        empty = self.query_one("#empty", Static)
        empty.update(safe_content(EMPTY_MESSAGE.format(where=where), newlines=True))
        empty.display = True
        self.query_one(Reader).display = False
        self.query_one(AnnotationBar).display = False

    # -- opening ------------------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        self._show_unless_shown(event.meta)

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        self._show_unless_shown(event.meta)
        focus_now(self._reader)
        self._opened = event.meta.id
        article = self._reader.article
        if article is not None and article.id == event.meta.id:
            self.feeds.opened(article)

    @on(SourceList.Highlighted)
    def _source_highlighted(self, event: SourceList.Highlighted) -> None:
        self.feeds.choose(event.row)

    @on(SourceList.Selected)
    def _source_selected(self, event: SourceList.Selected) -> None:
        if self.feeds.source is not event.row:
            self.feeds.choose(event.row)
        focus_now(self.query_one(ArticleList))

    @on(Reader.EndReached)
    def _end_reached(self) -> None:
        """``space`` on the last page: on to the next unread article (newsboat, mutt, slrn)."""
        self.feeds.next_unread()

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        """Moving into the reader is opening what it shows (for marking it read)."""
        reader, current = self._reader, self.query_one(ArticleList).current
        shown = reader.article
        if event.widget is reader and shown is not None and current is not None and shown.id == current.id:
            self.feeds.opened(shown)

    def _show_unless_shown(self, meta: ArticleMeta) -> None:
        article = self._reader.article
        if article is None or article.id != meta.id:
            self.open(Opening(partial(self.app.library.open, meta), meta.location))

    @work(thread=True, exclusive=True, group="open")
    def open(self, opening: Opening) -> None:
        """Read an article and show it (the one worker every way of opening goes through)."""
        try:
            article = opening.read()
        except LoadError as error:
            if opening.failed is not None:
                self.app.call_from_thread(opening.failed, str(error))
                return
            self.app.call_from_thread(
                self.notify, f"{opening.where}: {error}", title="Cannot open", severity="error"
            )
            return
        matches = find_in_article(article, opening.query, self.app.search_index) if opening.query else []
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._landed, article, opening, matches)

    def _landed(self, article: Article, opening: Opening, matches: list[tuple[int, int]]) -> None:
        reader = self._reader
        if opening.again or reader.article is None or reader.article.id != article.id:
            self.show_article(article)
        if opening.shown is not None:
            opening.shown(article)
        if opening.query:
            reader.set_matches(matches, next((i for i, (a, _) in enumerate(matches) if a >= opening.near), 0))
            self._say_match()
        if opening.passage is not None:
            self._bookmarks.go_to(opening.passage, article)
        if opening.span is not None:
            reader.set_matches([opening.span], 0)
        if opening.focus:
            focus_now(reader)

    def show_article(self, article: Article) -> None:
        self.query_one("#empty").display = False
        reader = self._reader
        reader.display = True
        if reader.article is None or reader.article.id != article.id:
            self.feeds.article_shown(article)
        reader.show(article)
        if self._opened == article.id or reader.has_focus:
            self.feeds.opened(article)
        self._bookmarks.mark(article)
        self._start_annotation(article)

    # -- people -------------------------------------------------------------------------------

    def action_people(self, entity: tuple[str, str] | None = None) -> None:
        """The People screen (on ``entity``'s page if given); what it returns is opened here."""
        index = self.app.search_index
        people = index.people if index is not None and index.ready else None
        if people is not None and entity is not None:
            entity = people.entity_of(*entity)
        self.app.push_screen(PeopleScreen(people, entity=entity), self._people_chosen)

    def action_person_page(self) -> None:
        """The page of the name or quotation under the cursor (``{``/``}`` or the mouse)."""
        item = self._current or self._hovered
        if isinstance(item, Entity) and item.label in ("PERSON", "ORG", "PLACE"):
            self.action_people((item.entity or item.text, item.label))
        elif isinstance(item, Quote) and item.speaker:
            self.action_people((item.speaker, "PERSON"))
        else:
            self.notify("Move onto a name or a quotation first ({ / } or the mouse)", timeout=3)

    def _people_chosen(self, chosen: Passage | None) -> None:
        self._update_counts()  # the People screen changed the sub-title
        if chosen is None:
            return
        span = (chosen.start, chosen.end) if chosen.start is not None and chosen.end is not None else None
        read = partial(self.app.library.open_location, chosen.path)  # a file or a stored feed article
        self.open(Opening(read, chosen.path, focus=True, span=span))

    def open_article_id(self, article_id: str) -> None:
        """Open a listed article by id and read it (the command palette's "Open article")."""
        if self.query_one(ArticleList).select_id(article_id):
            focus_now(self._reader)

    # -- actions ------------------------------------------------------------------------------

    def action_switch_focus(self, delta: int = 1) -> None:
        """Cycle between the sources (when feeds are on), the article list and the reader."""
        sources, articles, reader = (
            self.query_one(SourceList),
            self.query_one(ArticleList),
            self.query_one(Reader),
        )
        sidebar = bool(self.query_one("#sidebar").display)
        panes = [
            w
            for w, shown in (
                (sources, sidebar and sources.display),
                (articles, sidebar),
                (reader, reader.display),
            )
            if shown
        ]
        if not panes:
            return
        focused = next((i for i, pane in enumerate(panes) if pane.has_focus), None)
        if focused is None:
            focus_now(articles if sidebar else reader)
            return
        focus_now(panes[(focused + delta) % len(panes)])

    def action_step(self, delta: int) -> None:
        """``[`` / ``]``: the article before or after the one open (wherever it was opened from)."""
        articles = self.query_one(ArticleList)
        shown = self._reader.article
        if shown is not None and (articles.current is None or articles.current.id != shown.id):
            articles.select_id(shown.id)
        articles.move(delta)

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display:
            focus_now(self._reader)
        self.app.update_settings(show_sidebar=bool(sidebar.display))

    def action_sidebar_width(self, direction: int) -> None:
        """``<`` / ``>``: a narrower or wider sidebar (remembered in the settings)."""
        sidebar = self.query_one("#sidebar")
        width = apply_sidebar_width(sidebar, self.app.settings.sidebar_width + direction * SIDEBAR_STEP)
        self.app.update_settings(sidebar_width=width)

    def action_reload(self) -> None:
        self.load_library()

    # -- feeds (the work is in FeedActions) ----------------------------------------------------

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        if event.state == WorkerState.ERROR:
            self.feeds.failed(event.worker)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Feed keys are hidden (and do nothing) in a session without feeds."""
        return action not in FEED_ACTIONS or action == "subscribe" or self.app.feeds.available

    def action_refresh_feeds(self) -> None:
        self.feeds.refresh()

    def action_fetch_report(self) -> None:
        self.feeds.fetch_report()

    def action_toggle_read(self) -> None:
        self.feeds.toggle_read()

    def action_mark_source_read(self) -> None:
        self.feeds.mark_source_read()

    def action_open_in_browser(self) -> None:
        self.feeds.open_in_browser()

    def action_copy_link(self) -> None:
        self.feeds.copy_link()

    def action_switch_version(self) -> None:
        self.feeds.switch_version()

    def action_links(self) -> None:
        self.feeds.links()

    def action_subscribe(self) -> None:
        self.feeds.ask_subscribe()

    def attach_feeds(self) -> None:
        """The first feed was added from inside the app: its stored articles are part of the session now."""
        store = self.app.feeds.store
        if store is not None and self.app.library.stored is None:
            self.app.library.stored = StoredSource(store)
            self.app.search_index = None  # an index with feed articles lives in its own file

    # -- bookmarks ----------------------------------------------------------------------------

    def on_reader_passage_bookmarked(self, event: Reader.PassageBookmarked) -> None:
        self._bookmarks.bookmark(event.article, event.start, event.end)

    def on_reader_note_requested(self, event: Reader.NoteRequested) -> None:
        self._bookmarks.note(event.article, event.start, event.end)

    def action_bookmarks(self) -> None:
        self.app.push_screen(BookmarksScreen(), self._bookmark_chosen)

    def _bookmark_chosen(self, chosen: Resolved | None) -> None:
        self._update_counts()  # the bookmarks screen changed the sub-title
        reader = self._reader
        if chosen is None:
            if reader.article is not None:
                self._bookmarks.mark(reader.article)  # notes, tags or deletions may have changed
            return
        self.open_passage(chosen)

    def open_passage(self, chosen: Resolved) -> None:
        """Open the bookmark's article at the passage: from the library if it is there, else its file."""
        location = chosen.bookmark.location
        reader = self._reader
        reader.display = True
        focus_now(reader)
        if reader.article is not None and reader.article.meta.location == location:
            self._bookmarks.mark(reader.article)
            self._bookmarks.go_to(chosen, reader.article)
            return
        for meta in self.query_one(ArticleList).entries:
            if meta.location == location:
                self.open(Opening(partial(self.app.library.open, meta), location, passage=chosen))
                return
        if local_path(location) is not None or location.startswith(STORED_SCHEME):
            # Not in the list (another library, or a feed article): read its file or the feed store.
            self.open(Opening(partial(self.app.library.open_location, location), location, passage=chosen))

    # -- search -------------------------------------------------------------------------------

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
        focus_now(articles)

    def on_search_results_highlighted(self, event: SearchResults.Highlighted) -> None:
        self._open_hit(event, focus=False)

    def on_search_results_selected(self, event: SearchResults.Selected) -> None:
        self.query_one(SearchPane).remember()
        self._open_hit(event, focus=True)

    def _open_hit(self, event: SearchResults.Highlighted | SearchResults.Selected, *, focus: bool) -> None:
        """Open a result's article with the query's matches shown, from its best passage."""
        hit = event.hit
        read = partial(self.app.library.open_location, hit.path)
        query = self.query_one(SearchPane).query_text
        self.open(Opening(read, hit.path, focus=focus, query=query, near=hit.passage[0]))

    def action_search_step(self, step: int) -> None:
        if self._reader.step_match(step) is None:
            self.notify("No matches: search with / or find with ctrl+f", timeout=2)
        self._say_match()

    def _say_match(self) -> None:
        """``match 3 of 9`` in the bar above the text, for ``n`` / ``N``."""
        current, total = self._reader.current_match, len(self._reader.matches)
        if current is not None:
            where = f"match {current + 1} of {total}  ·  n / N next / previous"
            self.query_one(AnnotationBar).show_detail(Text(where))

    def action_find_open(self) -> None:
        if self._reader.article is None:
            return
        bar = self.query_one(FindBar)
        bar.display = True
        focus_now(bar)

    @on(Input.Changed, "#find-bar")
    def _find_changed(self, event: Input.Changed) -> None:
        article = self._reader.article
        if article is not None:
            self._reader.set_matches(find_in_article(article, event.value, self.app.search_index))
            self._say_match()

    @on(FindBar.Closed)
    def _find_closed(self) -> None:
        focus_now(self._reader)

    # -- entities and quotations --------------------------------------------------------------

    def _start_annotation(self, article: Article) -> None:
        """Show cached annotations at once; otherwise annotate in a worker and show them when done."""
        self._current = self._hovered = None
        self.query_one(AnnotationBar).display = True
        self.query_one(AnnotationBar).show_detail(None)
        cached = self._annotation_cache.get(article.content_hash)
        self._show_annotations(cached)
        if cached is None:
            self.status.show("annotate", "Annotating…")
            self.annotate_article(article)
        else:
            self.status.end("annotate")  # a cancelled worker for the article before ends nothing

    @work(thread=True, exclusive=True, group="annotate")
    def annotate_article(self, article: Article) -> None:
        try:
            result = annotate(article.text)
        except Exception as error:  # a bug in a rule must not take the reader down with it
            self.app.call_from_thread(self.status.end, "annotate")
            self.app.call_from_thread(
                self.notify, f"Could not find names and quotes: {error}", severity="error"
            )
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._annotated, article, result)

    def _annotated(self, article: Article, annotations: Annotations) -> None:
        self._annotation_cache.put(article.content_hash, annotations)
        shown = self.query_one(Reader).article
        if shown is not None and shown.content_hash == article.content_hash:
            self.status.end("annotate")
            self._show_annotations(annotations)

    def _show_annotations(self, annotations: Annotations | None) -> None:
        self._annotations = annotations
        self.query_one(EntitiesPanel).show(annotations)
        self._highlight()

    def _highlight(self) -> None:
        """Redraw the reader's entity, quote and cursor layers and the legend from the settings."""
        bar, reader = self.query_one(AnnotationBar), self.query_one(Reader)
        settings = self.app.settings
        hidden = set(settings.hidden_labels)
        bar.show_legend(self._annotations, hidden, settings.highlight_entities)
        annotations = self._annotations
        if annotations is None:
            for layer in ("quotes", "entities", "current"):
                reader.set_layer(layer, [])
            return
        reader.set_layer("quotes", quote_layer(annotations, bar.quote_style()))
        on = settings.highlight_entities
        reader.set_layer("entities", entity_layer(annotations, bar.styles_by_label(), hidden) if on else [])
        current = self._current
        cursor = [StyledSpan(current.start, current.end, bar.current_style())] if current else []
        reader.set_layer("current", cursor)

    def action_toggle_entities(self) -> None:
        self.app.update_settings(highlight_entities=not self.app.settings.highlight_entities)
        self._highlight()

    def action_cycle_labels(self) -> None:
        hidden = next_hidden_labels(self.app.settings.hidden_labels)
        self.app.update_settings(hidden_labels=hidden, highlight_entities=True)
        self._highlight()

    def action_toggle_entities_panel(self) -> None:
        panel = self.query_one(EntitiesPanel)
        sidebar = self.query_one("#sidebar")
        panel.display = not panel.display
        if panel.display:
            if panel_leaves_reader_too_little(self.size.width, sidebar, panel):
                sidebar.display = False  # for as long as the panel is open; not a setting
                self._sidebar_hidden_for_panel = True
            panel.focus_list()
            return
        if self._sidebar_hidden_for_panel:
            sidebar.display = True
            self._sidebar_hidden_for_panel = False
        if self.query_one(Reader).display:
            focus_now(self.query_one(Reader))

    def action_annotation_step(self, delta: int) -> None:
        """Move the cursor to the next (or previous) quotation or shown name and describe it."""
        if self._annotations is None:
            return
        settings = self.app.settings
        items = stops(self._annotations, settings.hidden_labels, settings.highlight_entities)
        if not items:
            return
        current = self._current
        if current is None:
            target = items[0] if delta > 0 else items[-1]
        else:
            key = (current.start, -current.end)
            later = [item for item in items if (item.start, -item.end) > key]
            earlier = [item for item in items if (item.start, -item.end) < key]
            target = (later[0] if later else current) if delta > 0 else (earlier[-1] if earlier else current)
        self._go_to(target)

    def _go_to(self, item: Entity | Quote) -> None:
        reader = self.query_one(Reader)
        self._current = item
        reader.scroll_to_offset(item.start)
        self._highlight()
        if self._annotations is not None and reader.article is not None:
            self.query_one(AnnotationBar).show_detail(describe(item, self._annotations, reader.article))

    @on(EntitiesPanel.EntityChosen)
    def _entity_chosen(self, event: EntitiesPanel.EntityChosen) -> None:
        if self._annotations is None:
            return
        mentions = [e for e in self._annotations.entities if e.label == event.label and e.text == event.text]
        if not mentions:
            return
        current = self._current
        following = [e for e in mentions if current is not None and e.start > current.start]
        self._go_to(following[0] if following and current in mentions else mentions[0])

    @on(EntitiesPanel.QuoteChosen)
    def _quote_chosen(self, event: EntitiesPanel.QuoteChosen) -> None:
        if self._annotations is not None and 0 <= event.index < len(self._annotations.quotes):
            self._go_to(self._annotations.quotes[event.index])

    def on_mouse_move(self, event: events.MouseMove) -> None:
        """Hovering over a quotation shows who said it in the legend bar."""
        reader = self.query_one(Reader)
        annotations, article = self._annotations, reader.article
        if annotations is None or article is None or not reader.display:
            return
        position = event.get_content_offset(reader)
        offset = None
        if position is not None:
            offset = reader.offset_at(position.y + int(reader.scroll_y), position.x)
        quote = quote_at(annotations, offset) if offset is not None else None
        if quote is self._hovered:
            return
        self._hovered = quote
        bar = self.query_one(AnnotationBar)
        if quote is not None:
            bar.show_detail(describe(quote, annotations, article))
        elif self._current is not None:
            bar.show_detail(describe(self._current, annotations, article))
        else:
            bar.show_detail(None)
