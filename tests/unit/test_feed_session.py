"""The app's feed session without Textual: sources, filters, read state, versions, links, subscribing."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from newstui.core.feeds.store import FeedStore
from newstui.core.feeds.update import Progress, subscribe
from newstui.core.sqlite_store import StoreError
from newstui.ui.feed_session import FeedSession
from tests.feedserver import FeedServer


@pytest.fixture
def session(tmp_path: Path, feed_server: FeedServer) -> FeedSession:
    store = FeedStore.in_dir(tmp_path / "data")
    subscribe(store, feed_server.url("/rss2.xml"), full_text=False, folder="News")
    subscribe(store, feed_server.url("/atom.xml"), full_text=False)
    return FeedSession(store, data_dir=tmp_path / "data", open_url=lambda url: True)


def test_rows_and_filters_follow_the_store(session: FeedSession, feed_server: FeedServer) -> None:
    rows = {row.label: row for row in session.rows()}
    assert rows["All"].unread == rows["All"].total == 5
    news = rows["News"]
    keep = session.filter_for(news)
    assert keep is not None
    assert session.store is not None
    listed = list(session.store.list_articles())
    assert sorted(m.title for m in listed if keep(m)) == sorted(
        m.title for m in session.store.list_articles(feed=feed_server.url("/rss2.xml"))
    )
    assert session.filter_for(rows["All"]) is None


def test_marking_a_folder_read_leaves_the_other_feeds(session: FeedSession) -> None:
    rows = {row.label: row for row in session.rows()}
    assert session.mark_source_read(rows["News"]) == 3
    after = {row.label: row.unread for row in session.rows()}
    assert after["News"] == 0 and after["Valley Science Notes"] == 2 and after["Unread"] == 2
    assert session.store is not None
    read = next(m for m in session.store.list_articles() if m.read)
    assert session.set_read([read.id], False) == 1


def test_new_articles_are_those_not_yet_listed(session: FeedSession) -> None:
    assert session.store is not None
    ids = session.store.list_articles().ids
    fresh = session.new_articles(lambda id_: id_ in set(ids[1:]))
    assert [m.id for m in fresh] == ids[:1]


def test_versions_and_links_of_a_stored_article(session: FeedSession) -> None:
    assert session.store is not None
    meta = next(m for m in session.store.list_articles() if m.title.startswith("Council"))
    versions = session.versions(meta.id)
    assert versions is not None
    best, feed = versions
    assert best.text == feed.text  # no full text was fetched: the feed's is all there is
    assert session.versions("no-such-id") is None
    assert session.links(best) == []  # this entry links nothing


def test_subscribe_creates_the_store_on_the_first_feed(tmp_path: Path, feed_server: FeedServer) -> None:
    session = FeedSession(None, data_dir=tmp_path / "fresh")
    assert not session.available
    done = session.subscribe(feed_server.url("/rss2.xml"))
    assert done.added and session.available and (tmp_path / "fresh" / "feeds.sqlite3").is_file()
    with pytest.raises(StoreError):
        FeedSession(None).subscribe(feed_server.url("/rss2.xml"))  # nowhere to keep it


def test_one_refresh_at_a_time(session: FeedSession, feed_server: FeedServer) -> None:
    feed_server.add("/rss2.xml", feed_server.fixture("rss2.xml"), delay=0.5)
    seen: list[Progress] = []
    first: list[object] = []
    thread = threading.Thread(target=lambda: first.append(session.refresh(seen.append)))
    thread.start()
    while not seen:
        threading.Event().wait(0.01)
    assert session.refresh(lambda progress: None) is None  # already fetching
    thread.join()
    assert first[0] is not None and len(session.last_results) == 2
    assert str(seen[-1]) == "fetched 2 feeds"
