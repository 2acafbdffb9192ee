"""The main screen's feed behaviour: sources, read state, refreshing, links, the feed's own version.

:class:`FeedActions` is owned by the main screen (composition: the screen's actions call it) and does
its slow work in the screen's thread workers, landing results on the UI thread with
``call_from_thread``. It reaches the widgets through the screen's queries and nothing else.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import TYPE_CHECKING, Any

from textual.binding import Binding, BindingType
from textual.notifications import SeverityLevel
from textual.timer import Timer
from textual.widgets import ProgressBar
from textual.worker import Worker, get_current_worker

from newstui.core.listing import Listing
from newstui.core.models import Article, ArticleMeta
from newstui.core.safe_text import safe_text
from newstui.core.sqlite_store import StoreError
from newstui.ui.feed_session import FeedSession
from newstui.ui.opening import Opening
from newstui.ui.screens.feed_dialogs import CandidatesDialog, FetchReport, LinksDialog, SubscribeDialog
from newstui.ui.source_rows import SourceRow
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.reader import Reader
from newstui.ui.widgets.search_pane import SearchPane
from newstui.ui.widgets.source_list import SourceList

if TYPE_CHECKING:
    from newstui.core.feeds.update import FeedResult, Progress, Subscription
    from newstui.ui.screens.main import MainScreen

FEED_BINDINGS: list[BindingType] = [
    Binding("R", "refresh_feeds", "Refresh feeds", id="feeds.refresh"),
    Binding("F", "fetch_report", "Fetch report (failures)", show=False, id="feeds.report"),
    Binding("m", "toggle_read", "Read/unread", show=False, id="feeds.toggle_read"),
    Binding("A", "mark_source_read", "Mark all of the source read", show=False, id="feeds.mark_all_read"),
    Binding("o", "open_in_browser", "Open the original page", show=False, id="feeds.open_in_browser"),
    Binding("y", "copy_link", "Copy the article's link", show=False, id="feeds.copy_link"),
    Binding("f", "switch_version", "Full text / feed's version", show=False, id="feeds.version"),
    Binding("L", "links", "Links of the article (open one by number)", show=False, id="feeds.links"),
    Binding("S", "subscribe", "Subscribe to a feed", show=False, id="feeds.subscribe"),
]
FEED_GROUP = "feed-"
"""Every feed worker's group starts so (``feed-refresh``, ``feed-read``...)."""
FEED_ACTIONS = frozenset(binding.action for binding in FEED_BINDINGS if isinstance(binding, Binding))


class FeedActions:
    """Feeds on the main screen: it keeps which source is chosen and which version is shown."""

    def __init__(self, screen: MainScreen, session: FeedSession) -> None:
        self.screen = screen
        self.session = session
        self.source: SourceRow | None = None
        self.showing_feed_version = False
        self._cancel = threading.Event()
        self.auto_refresh: Timer | None = None
        """Fetches every ``auto_refresh_minutes`` (a setting), if that is on."""

    @property
    def app(self) -> Any:
        return self.screen.app

    def _q(self, kind: type[Any]) -> Any:
        return self.screen.query_one(kind)

    def _run(self, work: Callable[[], None], group: str, *, exclusive: bool = False) -> None:
        """Run ``work`` in a thread worker of the screen; a failure is reported by :meth:`failed`."""
        self.screen.run_worker(work, thread=True, group=group, exclusive=exclusive, exit_on_error=False)

    def _say(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        note: str | None = None,
    ) -> None:
        """A toast, and the same words on the status line (which stays after the toast has gone)."""
        self.screen.notify(message, title=title, severity=severity)
        if note is None:
            note = f"{title}: {message}" if title else message
        self.screen.update_status(note.splitlines()[0] if note else "")

    def failed(self, worker: Worker[Any]) -> None:
        """A feed worker raised: say so (the app keeps running) and clear the fetch progress."""
        if not worker.group.startswith(FEED_GROUP) and worker.group != "open":
            return
        if worker.group == "feed-refresh":
            self.screen.query_one("#progress", ProgressBar).display = False
            self.screen.status.end("fetch")
        if worker.group == "feed-subscribe":
            self.screen.status.end("subscribe")
        self._say(f"{worker.error}", title="Feeds: something went wrong", severity="error")

    # -- sources ------------------------------------------------------------------------------

    def mount(self) -> None:
        """Show the sources list when feeds are on; start the auto-refresh timer if one is set."""
        sources = self._q(SourceList)
        sources.display = self.session.available
        minutes = self.app.settings.auto_refresh_minutes
        if self.session.available and minutes > 0:
            self.auto_refresh = self.screen.set_interval(minutes * 60, lambda: self.refresh(force=False))

    def unmount(self) -> None:
        self._cancel.set()

    def loaded(self) -> None:
        """The library has loaded: counts in the sources list, and a background fetch if asked for."""
        if not self.session.available:
            return
        self.update_rows()
        if self.app.settings.fetch_on_start:
            self.refresh(force=False)

    def update_rows(self) -> None:
        def work() -> None:
            try:
                rows = self.session.rows(self.app.library.paths)
            except StoreError as error:
                self.app.call_from_thread(self._say, f"Feeds: {error}", severity="error")
                return
            self.app.call_from_thread(self._q(SourceList).set_rows, rows)

        self._run(work, "feed-rows", exclusive=True)

    def choose(self, row: SourceRow, *, again: bool = False) -> None:
        """Filter the article list to a source (the filter may need a query: in a worker).

        ``again``: the same source after a fetch (its new articles join; the cursor stays put).
        """
        self.source = row

        def work() -> None:
            try:
                keep = self.session.filter_for(row)
            except StoreError as error:
                self.app.call_from_thread(self._say, f"Feeds: {error}", severity="error")
                return
            if not get_current_worker().is_cancelled:
                self.app.call_from_thread(self._filtered, row, keep, again)

        self._run(work, "feed-filter", exclusive=True)

    def _filtered(self, row: SourceRow, keep: Callable[[ArticleMeta], bool] | None, again: bool) -> None:
        if self.source is not row:
            return
        self._q(ArticleList).set_filter(keep, keep_cursor=again)
        self.screen.update_status()

    # -- read state ---------------------------------------------------------------------------

    def opened(self, article: Article) -> None:
        """The user opened an article to read it: mark it read if the settings say so."""
        if article.meta.stored and not self._is_read(article.meta) and self.app.settings.mark_read_on_open:
            self._set_read(article.meta, True)

    def _is_read(self, meta: ArticleMeta) -> bool:
        listed = self._q(ArticleList).listing.find(meta.id)
        return bool(listed.read if listed is not None else meta.read)

    def _set_read(self, meta: ArticleMeta, read: bool) -> None:
        listed = self._q(ArticleList).listing.find(meta.id) or meta
        self._q(ArticleList).replace_entry(replace(listed, read=read))

        def work() -> None:
            try:
                self.session.set_read([meta.id], read)
            except StoreError as error:
                self.app.call_from_thread(self._say, f"Could not save: {error}", severity="error")
                return
            self.app.call_from_thread(self.update_rows)

        self._run(work, "feed-read")

    def toggle_read(self) -> None:
        meta = self._current_meta()
        if meta is None:
            return
        if not meta.stored:
            self._say("Only feed articles have a read state.")
            return
        self._set_read(meta, not self._is_read(meta))

    def mark_source_read(self) -> None:
        row = self.source or (self._q(SourceList).current if self.session.available else None)
        if row is None or not row.reads:
            self._say("Only feed articles have a read state.")
            return
        articles = self._q(ArticleList)
        unread = [meta.id for meta in articles.entries if meta.stored and not meta.read]

        def work() -> None:
            # 100,000 changed rows take a while to make: here, not on the UI thread
            self.app.call_from_thread(articles.apply_changes, articles.listing.read_changes(unread, True))
            try:
                changed = self.session.mark_source_read(row)
            except StoreError as error:
                self.app.call_from_thread(self._say, f"Could not save: {error}", severity="error")
                return
            self.app.call_from_thread(self._say, f"Marked {changed:,} read in {safe_text(row.label)}")
            self.app.call_from_thread(self.update_rows)

        self._run(work, "feed-read")

    def next_unread(self) -> bool:
        """Open the next unread article after the cursor (wrapping); ``False`` if there is none."""
        articles = self._q(ArticleList)
        entries = articles.entries
        start = articles.cursor
        for step in range(1, len(entries) + 1):
            index = (start + step) % len(entries)
            meta = entries[index]
            if meta.stored and not meta.read:
                articles.move(index - articles.cursor)
                articles.action_open()
                return True
        self._say("No unread articles here.")
        return False

    def _current_meta(self) -> ArticleMeta | None:
        article = self._q(Reader).article
        if article is not None and self._q(Reader).display:
            return self._q(ArticleList).listing.find(article.id) or article.meta
        current: ArticleMeta | None = self._q(ArticleList).current
        return current

    # -- the article's links and versions -----------------------------------------------------

    def open_in_browser(self) -> None:
        meta = self._current_meta()
        if meta is None or not meta.url:
            self._say("This article has no web address.")
            return
        self._open_url(meta.url)

    def _open_url(self, url: str) -> None:
        try:
            self.session.open_url(url)
        except Exception as error:  # whatever the browser module raises, the user gets a message
            self._say(f"Could not open a browser: {error}", severity="error")
            return
        self._say(f"Opened {url}")

    def copy_link(self) -> None:
        meta = self._current_meta()
        if meta is None or not meta.url:
            self._say("This article has no web address.")
            return
        self.app.copy_to_clipboard(meta.url)
        self._say(f"Copied {meta.url}")

    def switch_version(self) -> None:
        article = self._q(Reader).article
        if article is None or not article.meta.stored:
            self._say("Only feed articles have a feed's version.")
            return
        to_feed = not self.showing_feed_version

        def shown(_article: Article) -> None:
            self.showing_feed_version = to_feed
            self._say("Showing the feed's version" if to_feed else "Showing the full text")

        read = partial(self.session.version, article.id, feed=to_feed)
        self.screen.open(Opening(read, article.meta.location, again=True, shown=shown, failed=self._say))

    def article_shown(self, article: Article) -> None:
        """A new article in the reader starts on its default (full text) version."""
        self.showing_feed_version = False

    def links(self) -> None:
        article = self._q(Reader).article
        if article is None:
            return

        def work() -> None:
            links = self.session.links(article)
            self.app.call_from_thread(self._show_links, links)

        self._run(work, "feed-links")

    def _show_links(self, links: list[Any]) -> None:
        if not links:
            self._say("This article lists no links.")
            return

        def chosen(url: str | None) -> None:
            if url:
                self._open_url(url)

        self.app.push_screen(LinksDialog(links), chosen)

    # -- subscribing --------------------------------------------------------------------------

    def ask_subscribe(self) -> None:
        def chosen(target: str | None) -> None:
            if target:
                self.subscribe(target)

        self.app.push_screen(SubscribeDialog(), chosen)

    def subscribe(self, target: str, *, offer_others: bool = True) -> None:
        """Subscribe in a worker; a page with several feeds then offers the others."""
        listing = self._q(ArticleList).listing
        self.screen.status.show("subscribe", f"Subscribing to {target}…")

        def work() -> None:
            from newstui.core.feeds.discover import DiscoveryError

            try:
                done = self.session.subscribe(target)
            except (DiscoveryError, StoreError) as error:
                self.app.call_from_thread(self._subscribe_failed, target, str(error))
                return
            new = self.session.new_articles(lambda id_: id_ in listing)
            self.app.call_from_thread(self._subscribed, done, new, offer_others)

        self._run(work, "feed-subscribe")

    def _subscribe_failed(self, target: str, error: str) -> None:
        self.screen.status.end("subscribe")
        self._say(f"{target}: {error}", title="Not subscribed", severity="error")
        self.screen.update_status()

    def _subscribed(self, done: Subscription, new: list[ArticleMeta], offer_others: bool) -> None:
        self.screen.status.end("subscribe")
        self.screen.attach_feeds()
        self._q(SourceList).display = True
        self.screen.refresh_bindings()
        self._q(ArticleList).add_entries(new)
        if new:
            self.screen.query_one(SearchPane).build_index()
        name = done.feed.name
        if not done.added:
            self._say(f"Already subscribed to {name}")
        else:
            failed = done.result is not None and done.result.status == "error"
            stored = f": {done.result.error}" if failed and done.result else f": {len(new):,} new articles"
            self._say(f"Subscribed to {name}{stored}", severity="warning" if failed else "information")
        self.update_rows()
        self.screen.update_status()
        if offer_others and done.page and len(done.candidates) > 1:

            def another(url: str | None) -> None:
                if url:
                    self.subscribe(url, offer_others=False)

            self.app.push_screen(CandidatesDialog(done.page, done.feed.url, done.candidates), another)

    # -- fetching -----------------------------------------------------------------------------

    def refresh(self, *, force: bool = True) -> None:
        """Fetch every feed in a worker, with progress below the list and a summary at the end."""
        if not self.session.available:
            self._say("No feeds yet. Add one with: newstui feeds add URL", severity="warning")
            return
        listing = self._q(ArticleList).listing
        self._run(lambda: self._refresh_work(force, listing), "feed-refresh", exclusive=True)

    def _refresh_work(self, force: bool, listing: Listing) -> None:
        self._cancel.clear()
        self.app.call_from_thread(self._fetch_progress, None)
        try:
            results = self.session.refresh(
                lambda p: self.app.call_from_thread(self._fetch_progress, p), force=force, cancel=self._cancel
            )
        except StoreError as error:
            self.app.call_from_thread(self._fetch_done, None, f"Feeds: {error}")
            return
        if results is None:
            self.app.call_from_thread(self._say, "Already fetching.")
            return
        new = self.session.new_articles(lambda id_: id_ in listing)
        self.app.call_from_thread(self._fetched, new, results)

    def _fetch_progress(self, progress: Progress | None) -> None:
        bar = self.screen.query_one("#progress", ProgressBar)
        bar.display = True
        if progress is None:
            bar.update(total=None, progress=0)
            self.screen.status.show("fetch", "Fetching feeds…")
            return
        bar.update(total=max(progress.total, 1), progress=progress.done)
        self.screen.status.show("fetch", f"{str(progress).capitalize()}…")

    def _fetched(self, new: list[ArticleMeta], results: list[FeedResult]) -> None:
        from newstui.core.feeds.update import summarize

        self._q(ArticleList).add_entries(new)
        if new:
            self.screen.query_one(SearchPane).build_index()  # search finds what just arrived
        if self.source is not None and self.source.kind in ("feed", "folder"):
            self.choose(self.source, again=True)  # its filter knows the articles it had before
        self._fetch_done(results, summarize(results))
        self.update_rows()

    def _fetch_done(self, results: list[FeedResult] | None, summary: str) -> None:
        self.screen.query_one("#progress", ProgressBar).display = False
        self.screen.status.end("fetch")
        failed = [r for r in results or [] if r.status == "error"]
        hint = " (F: the failures)" if failed else ""
        severity: SeverityLevel = "warning" if failed else "information"
        self._say(summary + hint, title="Feeds", severity=severity, note=summary)

    def fetch_report(self) -> None:
        results = self.session.last_results
        if not results:
            self._say("No fetch yet this session: R fetches every feed.")
            return
        self.app.push_screen(FetchReport(results))
