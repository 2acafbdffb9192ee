"""Feeds in the app, driven as a person would: sources, read state, refresh, links, and every reading
feature (entities, quotations, search, passage bookmarks, ``B``) on a feed article.

Feeds come from the test feed server on 127.0.0.1; every step is checked on screen and in the store
on disk (a second connection, as another process would see it). The browser is a recorder.
"""

from __future__ import annotations

import threading

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, Static

from newstui.core import paths
from newstui.core.bookmarks.store import BookmarkStore
from newstui.core.feeds.store import FeedStore
from newstui.core.feeds.update import subscribe
from newstui.core.settings import Settings
from newstui.ui.app import NewsApp, make_app
from newstui.ui.screens.bookmarks import BookmarksScreen
from newstui.ui.screens.feed_dialogs import CandidatesDialog, FetchReport, LinksDialog, SubscribeDialog
from newstui.ui.widgets.article_list import UNREAD_MARK, ArticleList
from newstui.ui.widgets.reader import Reader
from newstui.ui.widgets.source_list import SourceList
from tests.feedserver import FeedServer
from tests.ui.helpers import screen_text, settle, wait_for, widget_text

SEA_WALL = "Council approves new sea wall"
FERRY = "Ferry timetable changes for winter"
LIGHTHOUSE = "Lighthouse open to visitors again"
NEW_ITEM = """  <item>
    <title>Harbour festival returns in June</title>
    <link>{{BASE}}/gazette/festival</link>
    <guid isPermaLink="false">gazette-0004</guid>
    <pubDate>Wed, 05 Jan 2022 10:00:00 +0000</pubDate>
    <description>The harbour festival is back, with boat races and a fish market.</description>
  </item>
"""


class Browser:
    """Stands in for ``webbrowser.open``: remembers what it was asked to open."""

    def __init__(self) -> None:
        self.opened: list[str] = []

    def __call__(self, url: str) -> bool:
        self.opened.append(url)
        return True


def _store() -> FeedStore:
    """A second connection to the feed store on disk."""
    return FeedStore.in_dir(paths.data_dir())


def _subscribe(*urls: str) -> None:
    """Subscribe (and fetch once) through the core, as ``newstui feeds add`` does."""
    with _store() as store:
        for url in urls:
            subscribe(store, url, full_text=False)


def _read_state() -> dict[str, bool]:
    with _store() as store:
        return {meta.title: meta.read for meta in store.list_articles()}


def _app(browser: Browser | None = None, **settings: object) -> NewsApp:
    chosen = Settings(fetch_on_start=False, **settings)  # type: ignore[arg-type]
    return make_app(settings=chosen, open_url=browser or Browser())


@pytest.fixture
def gazette(feed_server: FeedServer) -> str:
    url = feed_server.url("/rss2.xml")
    _subscribe(url)
    return url


async def _start(pilot: Pilot[None]) -> NewsApp:
    await settle(pilot)
    app = pilot.app
    assert isinstance(app, NewsApp)
    return app


def _status(app: NewsApp) -> str:
    """The line under the article list: counts and the last feed message (toasts expire; this stays)."""
    return str(app.screen.query_one("#status", Static).render())


def _articles(app: NewsApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


def _row(app: NewsApp, title: str) -> str:
    """The article list's line showing ``title``."""
    return next(line for line in widget_text(_articles(app)).splitlines() if title in line)


async def _choose_source(pilot: Pilot[None], app: NewsApp, label: str) -> None:
    source_list = app.screen.query_one(SourceList)
    source_list.focus()
    row = next(i for i, r in enumerate(source_list.items) if r.label == label)
    source_list.move(row - source_list.cursor)
    await pilot.press("enter")
    await settle(pilot)


async def _open(pilot: Pilot[None], app: NewsApp, title: str) -> Reader:
    articles = _articles(app)
    index = next(i for i, meta in enumerate(articles.entries) if meta.title == title)
    articles.focus()
    articles.move(index - articles.cursor)
    await pilot.press("enter")
    await settle(pilot)
    reader = app.screen.query_one(Reader)
    assert reader.article is not None and reader.article.title == title
    return reader


async def test_sources_list_feeds_with_unread_counts_and_filters(
    gazette: str, feed_server: FeedServer
) -> None:
    _subscribe(feed_server.url("/atom.xml"))
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        sources = widget_text(app.screen.query_one(SourceList))
        assert "All" in sources and "Unread" in sources
        gazette_line = next(line for line in sources.splitlines() if "Harbour Town Gazette" in line)
        assert gazette_line.rstrip().endswith("3")
        everything = len(_articles(app).entries)
        assert everything > 3
        await _choose_source(pilot, app, "Harbour Town Gazette")
        titles = [meta.title for meta in _articles(app).entries]
        assert titles == [SEA_WALL, FERRY, LIGHTHOUSE]
        assert _articles(app).has_focus
        assert f"3 articles of {everything}" in screen_text(app)


async def test_unread_rows_differ_without_colour_open_marks_read_and_m_toggles(gazette: str) -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        assert _row(app, FERRY).startswith(UNREAD_MARK)
        await _open(pilot, app, FERRY)
        assert _read_state()[FERRY] is True
        assert not _row(app, FERRY).startswith(UNREAD_MARK)
        assert _read_state()[SEA_WALL] is False  # only the opened one
        await pilot.press("m")  # back to unread, from the reader
        await settle(pilot)
        assert _read_state()[FERRY] is False
        assert _row(app, FERRY).startswith(UNREAD_MARK)
        sources = widget_text(app.screen.query_one(SourceList))
        assert next(line for line in sources.splitlines() if "Unread" in line).rstrip().endswith("3")


async def test_opening_leaves_unread_when_the_setting_says_so(gazette: str) -> None:
    app = _app(mark_read_on_open=False)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        await _open(pilot, app, FERRY)
        assert _read_state()[FERRY] is False


async def test_space_at_the_end_opens_the_next_unread(gazette: str) -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        with _store() as store:  # read elsewhere (another window): skipped once the list knows
            store.set_read([m.id for m in store.list_articles() if m.title == FERRY])
        _articles(app).set_read({m.id for m in _articles(app).entries if m.title == FERRY})
        reader = await _open(pilot, app, SEA_WALL)
        assert reader.max_scroll_y == 0  # a short article: its first page is its last
        await pilot.press("space")
        await settle(pilot)
        assert reader.article is not None and reader.article.title == LIGHTHOUSE
        assert _read_state() == {SEA_WALL: True, FERRY: True, LIGHTHOUSE: True}
        await pilot.press("space")
        await settle(pilot)
        assert "No unread articles here." in _status(app)
        assert reader.article.title == LIGHTHOUSE


async def test_A_marks_every_article_of_the_source_read(gazette: str) -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        await pilot.press("A")
        await settle(pilot)
        assert set(_read_state().values()) == {True}
        assert all(not _row(app, t).startswith(UNREAD_MARK) for t in (SEA_WALL, FERRY, LIGHTHOUSE))
        assert "Marked 3 read in All" in _status(app)


async def test_R_fetches_in_the_background_with_a_summary(gazette: str, feed_server: FeedServer) -> None:
    body = feed_server.fixture("rss2.xml").decode().replace("  <item>", NEW_ITEM + "  <item>", 1)
    feed_server.add("/rss2.xml", body.replace("{{BASE}}", feed_server.url("")), conditional=True)
    with _store() as store:
        store.add_feed(feed_server.url("/error.xml"), title="Broken feed")
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        await _choose_source(pilot, app, "Harbour Town Gazette")  # the new article joins this view too
        assert "Harbour festival" not in widget_text(_articles(app))
        await pilot.press("R")
        await settle(pilot)
        assert "Harbour festival returns in June" in widget_text(_articles(app))
        shown = screen_text(app)
        assert "1 new in 1 feed, 1 failed" in shown
        assert "Harbour festival returns in June" in _read_state()
        await pilot.press("F")
        await settle(pilot)
        assert isinstance(app.screen, FetchReport)
        report = screen_text(app)
        assert "FAILED" in report and "Broken feed" in report and "500" in report
        await pilot.press("escape", "slash", *"festival")  # what just arrived is searchable
        await settle(pilot)
        assert "1 result" in screen_text(app) and "Harbour festival" in screen_text(app)


async def test_o_opens_the_page_in_the_browser_and_y_copies_the_link(
    gazette: str, feed_server: FeedServer
) -> None:
    browser = Browser()
    app = _app(browser)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        await _open(pilot, app, SEA_WALL)
        await pilot.press("o")
        await pilot.press("y")
        await settle(pilot)
        link = feed_server.url("/gazette/sea-wall")
        assert browser.opened == [link]
        assert app.clipboard == link


async def test_links_of_the_article_open_by_number(feed_server: FeedServer) -> None:
    _subscribe(feed_server.url("/relative.xml"))
    browser = Browser()
    app = _app(browser)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        articles = _articles(app)
        with_links = next(m for m in articles.entries if m.stored)
        articles.move(articles.entries.index(with_links) - articles.cursor)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and "Links:" in reader.article.text
        await pilot.press("L")
        await settle(pilot)
        assert isinstance(app.screen, LinksDialog)
        assert "[1]" in screen_text(app)
        await pilot.press("1", "enter")
        await settle(pilot)
        assert len(browser.opened) == 1 and browser.opened[0].startswith(feed_server.url("/"))


async def test_full_text_first_and_f_switches_to_the_feeds_version(feed_server: FeedServer) -> None:
    with _store() as store:
        subscribe(store, feed_server.url("/summary.xml"), full_text=True)
        full = [m for m in store.list_articles() if (store.get(m.id) or None) and store.get(m.id).full_text]  # type: ignore[union-attr]
    assert full, "the fixture's article pages give full text"
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        reader = await _open(pilot, app, full[0].title)
        assert reader.article is not None
        full_text = reader.article.text
        await pilot.press("f")
        await settle(pilot)
        assert reader.article.text != full_text
        assert "Showing the feed's version" in _status(app)
        await pilot.press("f")
        await settle(pilot)
        assert reader.article.text == full_text


async def test_f_on_an_article_without_full_text_says_so_and_keeps_it(gazette: str) -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        reader = await _open(pilot, app, SEA_WALL)
        text = reader.article.text if reader.article else ""
        await pilot.press("f")
        await settle(pilot)
        assert "no full text: the feed's is all" in _status(app)
        assert reader.article is not None and reader.article.text == text
        assert not any(w.group == "open" and w.is_running for w in app.workers)


async def test_entities_quotes_search_and_bookmarks_on_a_feed_article(gazette: str) -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        reader = await _open(pilot, app, SEA_WALL)
        # entities and quotations: the legend counts them, `}` walks to the quote and names its speaker
        await pilot.press("right_curly_bracket")
        await settle(pilot)
        shown = screen_text(app)
        assert "Ana Ruiz" in shown
        # a passage bookmark, kept on disk under the article's stored location
        assert reader.article is not None
        quote = next(
            i
            for i, _ in enumerate(reader.article.paragraphs)
            if "next storm" in reader.article.paragraph_text(i)
        )
        await pilot.press(*["j"] * quote, "b")
        await settle(pilot)
        with BookmarkStore.in_dir(paths.data_dir()) as bookmarks:
            kept = bookmarks.all()
        assert len(kept) == 1 and kept[0].location == f"newstui://article/{reader.article.id}"  # type: ignore[union-attr]
        assert "next storm" in kept[0].exact
        # B lists it and opens the feed article at the passage
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        assert SEA_WALL in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert reader.article is not None and reader.article.title == SEA_WALL
        # search with `/` finds the feed article by a word of its body
        await pilot.press("slash")
        await pilot.press(*"quay")
        await settle(pilot)
        assert SEA_WALL in screen_text(app)


async def test_subscribe_in_the_app_with_a_choice_of_the_pages_feeds(feed_server: FeedServer) -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert isinstance(app.screen, SubscribeDialog)
        app.screen.query_one(Input).value = feed_server.url("/site/")
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, CandidatesDialog)
        assert "3 feeds on this page" in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        with _store() as store:
            assert len(store.feeds()) == 2
        rows = [(row.kind, row.label) for row in app.screen.query_one(SourceList).items]
        assert [kind for kind, _ in rows] == ["all", "unread", "feed", "feed", "files"]  # and the seeds
        assert any(meta.stored for meta in _articles(app).entries)


async def test_subscribing_to_nothing_says_why(feed_server: FeedServer) -> None:
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        await pilot.press("S")
        app.screen.query_one(Input).value = feed_server.url("/notfeed.html")
        await pilot.press("enter")
        await settle(pilot)
        assert "Not subscribed: " in _status(app) and "notfeed.html" in _status(app)


async def test_start_up_shows_what_is_stored_and_fetches_in_the_background(
    gazette: str, feed_server: FeedServer
) -> None:
    body = feed_server.fixture("rss2.xml").decode().replace("  <item>", NEW_ITEM + "  <item>", 1)
    feed_server.add("/rss2.xml", body.replace("{{BASE}}", feed_server.url("")), delay=1.0)
    app = make_app(settings=Settings(fetch_on_start=True), open_url=Browser())
    async with app.run_test(size=(120, 40)) as pilot:

        def fetching() -> bool:
            return any(w.group == "feed-refresh" and w.is_running for w in app.workers)

        # The stored titles show while the (slow: 1 s a request) fetch is still running, and the status
        # line says so whatever else is running beside it ("Fetching 0 of 1… · Annotating…").
        assert await wait_for(pilot, lambda: fetching() and "Fetching" in _status(app))
        assert SEA_WALL in widget_text(_articles(app))
        assert "Fetching" in screen_text(app)  # "Fetching feeds…", then "Fetching 0 of 1…"
        await settle(pilot)
        assert "Harbour festival returns in June" in widget_text(_articles(app))
        assert "1 new in 1 feed" in screen_text(app)


async def test_the_status_line_shows_every_running_activity_until_each_ends(
    gazette: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A fetch and an annotation at once: both on the status line, each gone when it ends."""
    from newstui.core.annotate import annotate
    from newstui.core.feeds.update import update_feeds

    annotated, fetched = threading.Event(), threading.Event()

    def slow_annotate(text: str) -> object:
        annotated.wait(30)
        return annotate(text)

    def slow_update(*args: object, **kwargs: object) -> object:
        fetched.wait(30)
        return update_feeds(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr("newstui.ui.screens.main.annotate", slow_annotate)
    monkeypatch.setattr("newstui.core.feeds.update.update_feeds", slow_update)
    app = _app()
    try:
        async with app.run_test(size=(120, 40)) as pilot:
            assert await wait_for(pilot, lambda: "Annotating…" in _status(app))  # the first article
            await pilot.press("R")
            assert await wait_for(pilot, lambda: "Fetching" in _status(app))
            assert "Annotating…" in _status(app)
            assert _status(app).index("Annotating…") < _status(app).index("Fetching")  # in starting order
            annotated.set()
            assert await wait_for(pilot, lambda: "Annotating…" not in _status(app))
            assert "Fetching" in _status(app)
            fetched.set()
            await settle(pilot)
            assert "Fetching" not in _status(app) and "Annotating" not in _status(app)
            assert "nothing new" in _status(app)  # the fetch's summary takes the place of its progress
    finally:
        annotated.set()
        fetched.set()


async def test_a_failing_feed_worker_is_reported_and_the_app_keeps_running(
    gazette: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the update blew up")

    monkeypatch.setattr("newstui.core.feeds.update.update_feeds", broken)
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        await pilot.press("R")
        await settle(pilot)
        assert "the update blew up" in _status(app)
        assert not app.screen.query_one("#progress").display
        await pilot.press("j")  # still running, still answering keys
        assert _articles(app).cursor == 1


@pytest.mark.parametrize(
    ("minutes", "timer"), [(0, False), (-5, False), (15, True)], ids=["off", "negative", "on"]
)
async def test_auto_refresh_interval_from_the_settings(gazette: str, minutes: int, timer: bool) -> None:
    app = _app(auto_refresh_minutes=minutes)
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        auto = app.screen.feeds.auto_refresh  # type: ignore[attr-defined]
        assert (auto is not None) == timer


async def test_hostile_feed_titles_and_errors_are_shown_as_text(
    gazette: str, feed_server: FeedServer
) -> None:
    hostile = "[bold red]Pwned[/] \x1b[31m\u202eevil"
    with _store() as store:
        store.update_feed(gazette, title=hostile)
        store.add_feed(feed_server.url("/error.xml"), title="[/i]broken")
        store.record_failure(feed_server.url("/error.xml"), "HTTP 500 [link=x]\x1b]8;;x\x07")
    app = _app()
    async with app.run_test(size=(120, 40)) as pilot:
        await _start(pilot)
        sources = widget_text(app.screen.query_one(SourceList))
        assert "[bold red]Pwned[/]" in sources and "[/i]broken" in sources
        assert "\x1b" not in sources and "\u202e" not in sources
        await pilot.press("R")
        await settle(pilot)
        await pilot.press("F")
        await settle(pilot)
        report = screen_text(app)
        assert "[/i]broken" in report and "\x1b" not in report
