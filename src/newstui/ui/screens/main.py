"""The main screen: article list beside the reader. It is the mediator between its widgets.

Widgets post messages up (``ArticleList.Highlighted``); this screen decides what the reader shows
and does the slow work (loading, opening) in workers so the UI never waits on the disk.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, ProgressBar, Static
from textual.worker import get_current_worker

from newstui.core.library import LoadError
from newstui.core.models import Article, ArticleMeta, LoadWarning
from newstui.ui.screens.search import SEARCH_BINDINGS, FindBar, SearchMixin
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.reader import Reader
from newstui.ui.widgets.search_pane import SearchPane

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

EMPTY_MESSAGE = """\
Nothing to read here yet.

newstui reads .txt, .md and .html files: a title on the first line, then paragraphs
separated by blank lines. Put some in {where}
or open another folder with:

    newstui PATH [PATH ...]
"""


class MainScreen(SearchMixin, Screen[None]):
    """Sidebar (article list + load progress) and reader."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "switch_focus", "Switch pane", id="main.switch_focus"),
        Binding("shift+tab", "switch_focus", "Switch pane", show=False, id="main.switch_back"),
        Binding("left_square_bracket", "step(-1)", "Prev", id="main.previous"),
        Binding("right_square_bracket", "step(1)", "Next", id="main.next"),
        Binding("backslash", "toggle_sidebar", "Sidebar", id="main.toggle_sidebar"),
        Binding("ctrl+r", "reload", "Reload", show=False, id="main.reload"),
        *SEARCH_BINDINGS,
    ]

    app: NewsApp

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        with Horizontal(id="body"):
            with Vertical(id="sidebar"):
                yield SearchPane(id="search-pane")
                yield ArticleList(id="articles")
                yield ProgressBar(id="progress", show_eta=False, show_percentage=True)
                yield Static("", id="status")
            with Vertical(id="reading"):
                yield Static("", id="empty")
                yield Reader(id="reader")
                yield FindBar(id="find-bar")
        yield Footer()

    def on_mount(self) -> None:
        self._warnings: list[LoadWarning] = []
        settings = self.app.settings
        self.query_one(Reader).measure = settings.measure
        self.query_one("#sidebar").display = settings.show_sidebar
        self.query_one("#empty").display = False
        self.query_one(SearchPane).display = False
        self.query_one(FindBar).display = False
        self.query_one(ArticleList).focus()
        self.load_library()

    # -- loading ------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="load")
    def load_library(self) -> None:
        """Read the library in batches; each batch lands in the list as soon as it is read."""
        library = self.app.library
        worker = get_current_worker()
        self.app.call_from_thread(self._load_started)
        candidates = library.candidates()
        total = len(candidates)
        self.app.call_from_thread(self._progress, 0, total)
        done = 0
        for batch, warnings in library.iter_load(batch_size=256, candidates=candidates):
            if worker.is_cancelled:
                return
            done += len(batch) + len(warnings)
            self.app.call_from_thread(self._batch_loaded, batch, warnings, done, total)
        self.app.call_from_thread(self._load_finished)

    def _load_started(self) -> None:
        self.query_one(ArticleList).clear()
        self._warnings = []
        self.query_one("#progress", ProgressBar).display = True

    def _progress(self, done: int, total: int) -> None:
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=max(total, 1), progress=done)
        self.query_one("#status", Static).update(f"Loading {done:,} of {total:,}…")

    def _batch_loaded(
        self, batch: list[ArticleMeta], warnings: list[LoadWarning], done: int, total: int
    ) -> None:
        self.query_one(ArticleList).add_entries(batch)
        self._warnings.extend(warnings)
        self._progress(done, total)
        self._update_counts()

    def _load_finished(self) -> None:
        self.build_index()
        articles = self.query_one(ArticleList)
        self.query_one("#progress", ProgressBar).display = False
        skipped = len(self._warnings)
        status = f"{len(articles.entries):,} articles"
        if skipped:
            status += f" · {skipped} skipped"
            shown = "\n".join(str(w) for w in self._warnings[:5])
            more = f"\n…and {skipped - 5} more" if skipped > 5 else ""
            self.notify(f"{shown}{more}", title=f"Skipped {skipped} file(s)", severity="warning")
        self.query_one("#status", Static).update(status)
        self._update_counts()
        if not articles.entries:
            self._show_empty()

    def _update_counts(self) -> None:
        count = len(self.query_one(ArticleList).entries)
        self.app.sub_title = f"{self.app.library.name} · {count:,} articles"

    def _show_empty(self) -> None:
        where = ", ".join(str(p) for p in self.app.library.paths) or "a folder"
        empty = self.query_one("#empty", Static)
        empty.update(EMPTY_MESSAGE.format(where=where))
        empty.display = True
        self.query_one(Reader).display = False

    # -- opening ------------------------------------------------------------------------------

    @on(ArticleList.Highlighted)
    def _highlighted(self, event: ArticleList.Highlighted) -> None:
        reader = self.query_one(Reader)
        if reader.article is None or reader.article.id != event.meta.id:
            self.open_article(event.meta)

    @on(ArticleList.Selected)
    def _selected(self, event: ArticleList.Selected) -> None:
        reader = self.query_one(Reader)
        if reader.article is None or reader.article.id != event.meta.id:
            self.open_article(event.meta)
        reader.focus()

    @work(thread=True, exclusive=True, group="open")
    def open_article(self, meta: ArticleMeta) -> None:
        try:
            article = self.app.library.open(meta)
        except LoadError as error:
            self.app.call_from_thread(
                self.notify, f"{meta.location}: {error}", title="Cannot open", severity="error"
            )
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_article, article)

    def show_article(self, article: Article) -> None:
        self.query_one("#empty").display = False
        reader = self.query_one(Reader)
        reader.display = True
        reader.show(article)

    # -- actions ------------------------------------------------------------------------------

    def action_switch_focus(self) -> None:
        articles, reader = self.query_one(ArticleList), self.query_one(Reader)
        if articles.has_focus and reader.display:
            reader.focus()
        elif self.query_one("#sidebar").display:
            articles.focus()

    def action_step(self, delta: int) -> None:
        articles = self.query_one(ArticleList)
        articles.cursor += delta

    def action_toggle_sidebar(self) -> None:
        sidebar = self.query_one("#sidebar")
        sidebar.display = not sidebar.display
        if not sidebar.display:
            self.query_one(Reader).focus()
        self.app.update_settings(show_sidebar=bool(sidebar.display))

    def action_reload(self) -> None:
        self.load_library()
