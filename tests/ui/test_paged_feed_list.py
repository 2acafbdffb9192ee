"""A feed store listed in pages (keyset queries, a page at a time): the list reads as one list.

The page is made small so 150 stored articles come in several pages; the tests drive the app as a
person would (keys, the sources list) and check the screen and the store on disk.
"""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from newstui.core import paths
from newstui.core.feeds.store import FeedStore
from newstui.core.settings import Settings
from newstui.core.sources import stored
from newstui.ui.app import NewsApp, make_app
from newstui.ui.widgets.article_list import UNREAD_MARK, ArticleList
from newstui.ui.widgets.source_list import SourceList
from tests.feed_support import entry, parsed
from tests.ui.helpers import settle, widget_text

URL = "https://paged.example/feed.xml"
COUNT = 150


@pytest.fixture(autouse=True)
def paged_store(monkeypatch: pytest.MonkeyPatch) -> None:
    """150 stored articles ("Story 0" the newest, "Story 149" the oldest) and pages of 40 rows."""
    monkeypatch.setattr(stored, "PAGE", 40)
    with FeedStore.in_dir(paths.data_dir()) as store:
        store.add_feed(URL, title="Paged News")
        store.store_fetch(URL, parsed(URL, [entry(n) for n in range(COUNT)], title="Paged News"))


def _app() -> NewsApp:
    return make_app(settings=Settings(fetch_on_start=False))


def _articles(app: NewsApp) -> ArticleList:
    return app.screen.query_one(ArticleList)


def _read_on_disk() -> dict[str, bool]:
    with FeedStore.in_dir(paths.data_dir()) as store:
        return {meta.title: meta.read for meta in store.list_articles()}


async def _choose_source(pilot: Pilot[None], app: NewsApp, label: str) -> None:
    sources = app.screen.query_one(SourceList)
    sources.focus()
    row = next(i for i, r in enumerate(sources.items) if r.label.startswith(label))
    sources.move(row - sources.cursor)
    await pilot.press("enter")
    await settle(pilot)


async def test_end_of_a_paged_feed_list_shows_the_oldest_article() -> None:
    app = _app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        articles = _articles(app)
        assert len(articles.entries) == COUNT  # every page arrived, none twice
        assert "Story 0" in widget_text(articles).splitlines()[0]
        articles.focus()
        await pilot.press("end")
        await settle(pilot)
        assert articles.current is not None and articles.current.title == f"Story {COUNT - 1}"
        assert f"Story {COUNT - 1}" in widget_text(articles)
        await pilot.press("home")
        await settle(pilot)
        assert "Story 0" in widget_text(articles)


async def test_unread_filter_and_mark_read_are_right_on_a_paged_list() -> None:
    with FeedStore.in_dir(paths.data_dir()) as store:  # a few read already, in different pages
        chosen = ("Story 3", "Story 77", "Story 140")
        store.set_read([meta.id for meta in store.list_articles() if meta.title in chosen])
    app = _app()
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await _choose_source(pilot, app, "Unread")
        articles = _articles(app)
        shown = [meta.title for meta in articles.entries]
        assert len(shown) == COUNT - 3 and "Story 77" not in shown and "Story 149" in shown
        articles.focus()
        await pilot.press("end")  # the oldest, from the last page: mark it read from the list
        await settle(pilot)
        assert articles.current is not None and articles.current.title == "Story 149"
        assert widget_text(articles).rstrip().splitlines()[-2].startswith(UNREAD_MARK)
        await pilot.press("m")
        await settle(pilot)
        assert _read_on_disk()["Story 149"] is True
        assert _read_on_disk()["Story 148"] is False
        await _choose_source(pilot, app, "All")
        oldest = next(m for m in _articles(app).entries if m.title == "Story 149")
        assert oldest.read
