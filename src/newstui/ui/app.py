"""The Textual application and :func:`make_app`, the factory the CLI, tests and snapshots share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, ClassVar
from weakref import WeakKeyDictionary

from rich.table import Table
from textual import events
from textual.app import App
from textual.binding import Binding, BindingType
from textual.dom import DOMNode
from textual.notifications import SeverityLevel

from newstui import __version__
from newstui.core import paths
from newstui.core.bookmarks.store import BookmarkStore, StoreError
from newstui.core.library import LISTING_CACHE
from newstui.core.meta_cache import MetaCache
from newstui.core.models import ArticleMeta
from newstui.core.safe_text import safe_text
from newstui.core.search import SearchIndex
from newstui.core.search.history import SEARCH_HISTORY_NAME, SearchHistory
from newstui.core.settings import CONFIG_NAME, Settings, save_settings
from newstui.core.sources.collection import Sources, sources_for
from newstui.ui.bookmark_session import BookmarkSession
from newstui.ui.commands import OpenArticleProvider, PeopleProvider
from newstui.ui.feed_session import FeedSession, OpenUrl
from newstui.ui.screens.bookmarks import BookmarksScreen
from newstui.ui.screens.dialogs import NoteDialog
from newstui.ui.screens.feed_actions import FEED_BINDINGS
from newstui.ui.screens.help import HelpScreen
from newstui.ui.screens.main import MainScreen
from newstui.ui.screens.people import PeopleScreen
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.bookmark_list import BookmarkList
from newstui.ui.widgets.people_lists import MentionList, PeopleList, QuoteList
from newstui.ui.widgets.reader import Reader
from newstui.ui.widgets.search_pane import QUERY_INTRO, QUERY_OUTRO, QUERY_ROWS, SearchBox
from newstui.ui.widgets.search_results import SearchResults
from newstui.ui.widgets.source_list import SourceList


def binding_ids() -> set[str]:
    """Every binding id newstui's own widgets, screens and app declare (what ``"keymap"`` may remap)."""
    ids: set[str] = set()
    pending: list[type[DOMNode]] = [DOMNode]
    while pending:
        cls = pending.pop()
        pending.extend(cls.__subclasses__())
        if not cls.__module__.startswith("newstui."):
            continue
        for binding in cls.__dict__.get("BINDINGS", []):
            if isinstance(binding, Binding) and binding.id:
                ids.add(binding.id)
    return ids


class NewsApp(App[None]):
    """newstui: read, search and keep news in the terminal."""

    CSS_PATH = "app.tcss"
    TITLE = "newstui"
    COMMANDS: ClassVar[set[Any]] = App.COMMANDS | {OpenArticleProvider, PeopleProvider}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", id="app.quit"),
        Binding("question_mark", "help", "Help", id="app.help"),
        Binding("ctrl+p", "command_palette", "Commands", show=False, id="app.command_palette"),
    ]

    def __init__(
        self,
        library: Sources,
        settings: Settings,
        *,
        settings_path: Path | None = None,
        startup_messages: Sequence[str] = (),
        bookmarks: BookmarkSession | None = None,
        feeds: FeedSession | None = None,
        data_dir: Path | None = None,
    ) -> None:
        super().__init__()
        self.library = library
        self.settings = settings
        self.settings_path = settings_path
        self._startup_messages = list(startup_messages)
        self.search_index: SearchIndex | None = None
        self.data_dir = data_dir or paths.data_dir()
        """Where bookmarks, feeds and the search history live (``make_app`` decides)."""
        self.search_history = SearchHistory(self.data_dir / SEARCH_HISTORY_NAME)
        self.bookmarks = bookmarks or BookmarkSession(None)
        """The bookmark store (if it could be opened), note drafts and undo, for every screen."""
        self.feeds = feeds or FeedSession(None)
        """The feed store (``None`` inside when no feed has been added), read state and refreshing."""
        self._key_targets: WeakKeyDictionary[events.Key, tuple[object, object]] = WeakKeyDictionary()
        """Where each key in flight was sent: the screen and the widget that had the focus."""

    async def on_event(self, event: events.Event) -> None:
        """Keys typed in a burst follow the focus, even when a key before them moves it.

        Textual sends each key to the widget focused when the app takes it off the queue, and looks up
        its binding when it bubbles back. Keys typed right after one that opens a screen or moves the
        focus (``B`` then ``down down down enter``; ``/`` then a query) were all sent to the old
        widget before the first took effect, so their bindings were looked up in the wrong place and
        they were lost. A key that comes back from a focus that is no longer current is sent again,
        in order, to where the focus is now.
        """
        if isinstance(event, events.Key):
            if not event.is_forwarded:
                self._key_targets[event] = (self.screen, self.focused)
            else:
                target = self._key_targets.pop(event, None)
                if target is not None and target != (self.screen, self.focused):
                    self.post_message(events.Key(event.key, event.character))
                    return
        await super().on_event(event)

    def on_mount(self) -> None:
        if self.settings.keymap:
            unknown = sorted(set(self.settings.keymap) - binding_ids())
            if unknown:
                ids = ", ".join(f"“{key}”" for key in unknown)
                self.notify(
                    f"Settings: no key binding has the id {ids} (the help screen lists the ids); "
                    'that "keymap" entry is ignored.',
                    severity="warning",
                    timeout=8,
                )
            self.set_keymap(self.settings.keymap)
        if self.settings.theme in self.available_themes:
            self.theme = self.settings.theme
        for message in self._startup_messages:
            self.notify(message, severity="warning", timeout=8)
        self.push_screen(MainScreen())

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast in the app (widgets' and screens' ``notify`` end here) shows its text as data.

        Messages quote titles, passages, paths and errors from outside, so they are never read as
        markup (``[/i]`` in a passage would crash the toast) and their controls are made visible.
        """
        super().notify(
            safe_text(message, newlines=True),
            title=safe_text(title),
            severity=severity,
            timeout=timeout,
            markup=False,
        )

    def watch_theme(self, theme: str) -> None:
        if theme != self.settings.theme:
            self.update_settings(theme=theme)

    def update_settings(self, **changes: Any) -> None:
        """Apply and persist a setting the user changed from inside the app."""
        self.settings = replace(self.settings, **changes)
        if self.settings_path is None:
            return
        try:
            save_settings(self.settings, self.settings_path)
        except OSError as error:
            self.notify(f"Could not save settings: {error}", severity="error")

    # -- shared actions ----------------------------------------------------------------------

    def visible_articles(self) -> Sequence[ArticleMeta]:
        return self._main_screen().query_one(ArticleList).entries

    def open_article_by_id(self, article_id: str) -> None:
        self._main_screen().open_article_id(article_id)

    def open_people(self, entity: tuple[str, str] | None = None) -> None:
        """The People screen, on ``entity``'s page if given (from the command palette)."""
        self._main_screen().action_people(entity)

    def _main_screen(self) -> MainScreen:
        for screen in self.screen_stack:
            if isinstance(screen, MainScreen):
                return screen
        raise LookupError("the main screen is not open")

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        sections = [
            ("Everywhere", NewsApp.BINDINGS),
            ("Main screen", [b for b in MainScreen.BINDINGS if b not in FEED_BINDINGS]),
            ("Feeds", FEED_BINDINGS),
            ("Sources", SourceList.BINDINGS),
            ("Article list", ArticleList.BINDINGS),
            ("Reader", Reader.BINDINGS),
            ("Search box", [*SearchBox.BINDINGS, *SearchResults.BINDINGS]),
            ("Bookmarks screen", [*BookmarksScreen.BINDINGS, *BookmarkList.BINDINGS]),
            (
                "People screen",
                [*PeopleScreen.BINDINGS, *PeopleList.BINDINGS, *QuoteList.BINDINGS, *MentionList.BINDINGS],
            ),
            ("Note editor", NoteDialog.BINDINGS),
        ]
        where = paths.tidy(self.settings_path) if self.settings_path else "not saved this session"
        queries = Table.grid(padding=(0, 2))
        queries.add_column(no_wrap=True, style="bold")
        queries.add_column()
        for query, meaning in QUERY_ROWS:
            queries.add_row(query, meaning)
        notes: list[str | Table] = [
            "Mouse: click an article to open it, wheel to scroll. ctrl+p opens the command palette (open "
            "an article by title, a person's page, change the theme). Keys can be remapped in config.json "
            f'({where}) under "keymap", by binding id.',
            QUERY_INTRO,
            queries,
            QUERY_OUTRO,
            f"newstui {__version__}",
        ]
        self.push_screen(HelpScreen(sections, notes))


def make_app(
    paths_to_open: Sequence[Path] | None = None,
    *,
    settings: Settings | None = None,
    settings_path: Path | None = None,
    startup_messages: Sequence[str] = (),
    store: BookmarkStore | None = None,
    data_dir: Path | None = None,
    open_url: OpenUrl | None = None,
) -> NewsApp:
    """Build the app with its dependencies injected: the CLI, the tests and snapshots call this.

    ``open_url`` opens a web address in the browser (default ``webbrowser.open``; tests pass a
    recorder). ``store`` is the bookmark store; without one, the store in ``data_dir`` (default
    ``paths.data_dir()``) is opened, and if that fails the app runs with bookmarks off and says why.
    """
    settings = settings or Settings()
    data_dir = data_dir or paths.data_dir()
    messages = list(startup_messages)
    if store is None:
        try:
            store = BookmarkStore.in_dir(data_dir)
        except StoreError as error:
            messages.append(f"Bookmarks are off this session: {error}")
    if store is not None:
        messages.extend(store.notices)
    cache = MetaCache(paths.cache_dir() / LISTING_CACHE)
    if cache.problem:
        messages.append(cache.problem)
    library = sources_for(
        list(paths_to_open or ()),
        [Path(p).expanduser() for p in settings.library],
        seeds=paths.seeds_dir(),
        data_dir=data_dir,
        max_bytes=settings.max_bytes,
        cache=cache,
        notices=messages,
        keep_days=settings.keep_days,
        max_per_feed=settings.max_per_feed,
    )
    if settings_path is None:
        settings_path = paths.config_dir() / CONFIG_NAME
    return NewsApp(
        library,
        settings,
        settings_path=settings_path,
        startup_messages=messages,
        bookmarks=BookmarkSession(store),
        feeds=FeedSession(
            library.stored.store if library.stored is not None else None,
            data_dir=data_dir,
            open_url=open_url,
        ),
        data_dir=data_dir,
    )
