"""Feed articles in the app: listed with the stored articles, opened, read and bookmarked like files."""

from __future__ import annotations

from pathlib import Path

from newstui.core.bookmarks.store import FILENAME, BookmarkStore
from newstui.core.feeds.store import FeedStore
from newstui.ui.app import make_app
from newstui.ui.screens.bookmarks import BookmarksScreen
from newstui.ui.widgets.reader import Reader
from tests.feed_support import entry, parsed
from tests.ui.helpers import screen_text, settle, widget_text

URL = "https://news.example/feed.xml"
TITLE = "Harbour reopens after the storm"
PASSAGE = "The first ferry left at dawn with forty passengers aboard."


def _stored(data: Path) -> str:
    with FeedStore.in_dir(data) as store:
        store.add_feed(URL, title="Harbour Gazette")
        body = "\n\n".join(
            [
                "Crews worked through the night to clear the quay.",
                PASSAGE,
                "Links:",
                "[1]: https://x.example/ (link)",
            ]
        )
        result = store.store_fetch(URL, parsed(URL, [entry(1, title=TITLE, body=body), entry(2)]))
        return result.new_ids[0]


async def test_open_a_stored_feed_article_and_bookmark_a_passage(tmp_path: Path) -> None:
    data = tmp_path / "data"
    article_id = _stored(data)
    app = make_app([], data_dir=data)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert TITLE in text and "Story 2" in text and "Harbour Gazette" in text
        assert "WW3 fears grow" not in text  # stored articles replace the seed
        await pilot.press("enter")  # the newest article is highlighted: open it
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and reader.article.meta.id == article_id
        assert PASSAGE in widget_text(reader)
        target = next(
            i for i in range(len(reader.article.paragraphs)) if PASSAGE in reader.article.paragraph_text(i)
        )
        for _ in range(target):
            await pilot.press("j")
        await pilot.press("b")
        await settle(pilot)
        [kept] = BookmarkStore(data / FILENAME).all()
        assert (kept.location, kept.exact, kept.title) == (f"newstui://article/{article_id}", PASSAGE, TITLE)
        assert "●" in widget_text(reader)

        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        assert PASSAGE in screen_text(app)
        await pilot.press("escape")
        await settle(pilot)


async def test_a_bookmark_opens_its_feed_article_after_the_feed_dropped_it(tmp_path: Path) -> None:
    data = tmp_path / "data"
    article_id = _stored(data)
    with FeedStore.in_dir(data) as store:
        stored = store.get(article_id)
        assert stored is not None
        article = stored.article()
        store.store_fetch(URL, parsed(URL, [entry(3)]))  # the feed moved on
    from newstui.core.bookmarks.passages import bookmark_for, find_passage

    span = find_passage(article.text, PASSAGE)
    assert span is not None
    with BookmarkStore.in_dir(data) as bookmarks:
        bookmarks.add(bookmark_for(article, *span, now=bookmarks.clock(), note="dawn ferry"))
    app = make_app([], data_dir=data)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        assert "dawn ferry" in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and reader.article.meta.id == article_id
        assert PASSAGE in widget_text(reader)
