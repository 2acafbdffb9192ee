"""The feed store: stable ids, refetches that change nothing, read state, retention, damage, listing."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstui.core.feeds.models import Entry
from newstui.core.feeds.store import FILENAME, FeedStore, article_id, article_location, stored_id
from newstui.core.sqlite_store import StoreError
from tests.feed_support import BASE_TIME, entry, parsed

URL = "https://news.example/feed.xml"


@pytest.fixture
def store(tmp_path: Path) -> FeedStore:
    store = FeedStore.in_dir(tmp_path, clock=lambda: BASE_TIME)
    store.add_feed(URL)
    return store


def test_add_feed_twice_says_so(store: FeedStore) -> None:
    feed, created = store.add_feed(URL, title="ignored")
    assert (feed.url, created) == (URL, False)
    other, created = store.add_feed(
        "https://b.example/rss", title="B", folder="Tech/Linux", full_text="never"
    )
    assert created and (other.title, other.folder, other.full_text) == ("B", "Tech/Linux", "never")
    assert [feed.url for feed in store.feeds()] == [URL, "https://b.example/rss"]


def test_store_fetch_then_unchanged_refetch_changes_nothing(store: FeedStore) -> None:
    first = store.store_fetch(URL, parsed(URL, [entry(1), entry(2)]), etag='"v1"')
    assert (first.new, first.updated, first.unchanged) == (2, 0, 0)
    store.set_read([first.new_ids[0]])
    before = _dump(store.path)
    again = store.store_fetch(URL, parsed(URL, [entry(1), entry(2)]), etag='"v1"')
    assert (again.new, again.updated, again.unchanged) == (0, 0, 2)
    assert _dump(store.path)["articles"] == before["articles"]
    feed = store.feed(URL)
    assert feed is not None and (feed.title, feed.site, feed.etag) == (
        "Example News",
        "https://news.example/",
        '"v1"',
    )


def test_updated_entry_keeps_its_id_read_state_and_full_text(store: FeedStore) -> None:
    (first,) = store.store_fetch(URL, parsed(URL, [entry(1)])).new_ids
    store.set_read([first])
    store.set_full_text(first, "The whole story.")
    result = store.store_fetch(URL, parsed(URL, [entry(1, title="Story 1 (corrected)", body="New body.")]))
    assert (result.new, result.updated) == (0, 1)
    stored = store.get(first)
    assert stored is not None
    assert (stored.meta.title, stored.body, stored.full_text, stored.meta.read) == (
        "Story 1 (corrected)", "New body.", "The whole story.", True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("fields", "same_as"),
    [
        ({"guid": "g-1", "link": "https://elsewhere.example/"}, {"guid": "g-1"}),
        ({"guid": None, "link": "https://news.example/1"}, {"guid": None, "title": "Other title"}),
        ({"guid": None, "link": None}, {"guid": None, "link": None, "body": "edited"}),
    ],
    ids=["by-guid", "by-link", "by-title-and-date"],
)
def test_id_comes_from_guid_else_link_else_title_and_date(
    fields: dict[str, object], same_as: dict[str, object]
) -> None:
    assert article_id(URL, entry(1, **fields)) == article_id(URL, entry(1, **same_as))  # type: ignore[arg-type]
    assert article_id(URL, entry(1, **fields)) != article_id("https://other.example/", entry(1, **fields))  # type: ignore[arg-type]


def test_entries_without_date_keep_feed_order_and_untitled_gets_a_title(store: FeedStore) -> None:
    undated = [entry(n, published=None, guid=f"u-{n}") for n in range(3)] + [entry(9, title="")]
    store.store_fetch(URL, parsed(URL, undated))
    titles = [meta.title for meta in store.list_articles()]
    assert titles[:3] == ["Story 0", "Story 1", "Story 2"]
    assert "(untitled)" in titles


def test_listing_rows_and_article_text(store: FeedStore) -> None:
    store.store_fetch(URL, parsed(URL, [entry(2), entry(1)]))
    rows = store.list_articles()
    assert [row.title for row in rows] == ["Story 1", "Story 2"]
    row = rows[0]
    assert (row.source, row.url, row.path, row.read, row.stored) == (
        "Example News", "https://news.example/1", None, False, True,
    )  # fmt: skip
    assert row.location == article_location(row.id) and stored_id(row.location) == row.id
    stored = store.find(row.location)
    assert stored is not None
    article = stored.article()
    assert article.text == "Story 1\n\nBody of story 1.\n"
    assert article.text[slice(*article.title_span)] == "Story 1"
    assert [article.paragraph_text(i) for i in range(len(article.paragraphs))] == ["Body of story 1."]
    assert store.find("https://news.example/1") is not None  # by link
    assert store.find("nothing") is None


def test_full_text_is_the_text_when_there_is_one(store: FeedStore) -> None:
    (first,) = store.store_fetch(URL, parsed(URL, [entry(1)])).new_ids
    assert store.without_full_text(URL) == [(first, "https://news.example/1", "Body of story 1.")]
    store.set_full_text(first, "Full one.\n\nFull two.")
    stored = store.get(first)
    assert stored is not None
    assert stored.article().text == "Story 1\n\nFull one.\n\nFull two.\n"
    assert stored.article("feed").text == "Story 1\n\nBody of story 1.\n"
    assert store.without_full_text(URL) == []


def test_read_state_and_counts(store: FeedStore) -> None:
    ids = store.store_fetch(URL, parsed(URL, [entry(n) for n in range(4)])).new_ids
    assert store.set_read(ids[:2]) == 2
    assert store.set_read(ids[:1]) == 0  # already read
    assert store.counts()[URL].unread == 2
    assert [meta.id for meta in store.list_articles(unread_only=True)] == list(ids[2:])
    assert store.set_read(ids[:1], read=False) == 1
    assert store.mark_feed_read(URL) == 3
    assert store.counts()[URL].unread == 0


def test_failures_are_counted_and_cleared(store: FeedStore) -> None:
    later = BASE_TIME + timedelta(hours=1)
    store.record_failure(URL, "HTTP 500", retry_at=later)
    feed = store.record_failure(URL, "HTTP 503", retry_at=later)
    assert (feed.error, feed.failures, feed.retry_at) == ("HTTP 503", 2, later)
    store.record_unchanged(URL)
    feed = store.feed(URL)
    assert feed is not None and (feed.error, feed.failures, feed.retry_at, feed.fetched) == (
        None,
        0,
        None,
        BASE_TIME,
    )


def test_redirect_moves_the_feed_and_keeps_ids(store: FeedStore) -> None:
    (first,) = store.store_fetch(URL, parsed(URL, [entry(1)])).new_ids
    moved = store.update_feed(URL, url="https://news.example/new-feed.xml")
    assert moved.id_base == URL
    result = store.store_fetch(moved.url, parsed(moved.url, [entry(1), entry(2)]))
    assert (result.new, result.unchanged) == (1, 1)
    stored = store.get(first)
    assert stored is not None and stored.feed == moved.url
    assert store.feed(URL) is None


def test_remove_feed_keeps_bookmarked_articles(store: FeedStore) -> None:
    ids = store.store_fetch(URL, parsed(URL, [entry(1), entry(2)])).new_ids
    assert store.remove_feed(URL, keep_ids={ids[0]}) == 1
    assert store.get(ids[0]) is not None and store.get(ids[1]) is None
    assert store.remove_feed(URL) is None
    assert store.feeds() == [] and URL not in store.counts()
    assert store.list_articles()[0].source == "Example News"  # the kept article still names its feed
    _feed, created = store.add_feed(URL)  # subscribing again brings it back, same ids
    assert created and store.counts()[URL].articles == 1
    assert store.store_fetch(URL, parsed(URL, [entry(1), entry(2)])).new == 1


def test_retention_prunes_old_read_articles_only(store: FeedStore) -> None:
    ids = store.store_fetch(URL, parsed(URL, [entry(n * 24) for n in range(6)])).new_ids  # one a day
    store.set_read(ids[1:])  # the newest stays unread
    now = BASE_TIME
    assert store.prune(now=now) == 0  # keep everything by default
    dropped = store.prune(keep_days=2, keep_ids={ids[4]}, now=now)
    assert dropped == 2  # days 3 and 5 (day 4 is bookmarked)
    left = {meta.id for meta in store.list_articles()}
    assert left == {ids[0], ids[1], ids[2], ids[4]}
    assert store.prune(max_per_feed=2, now=now) == 2  # ids[2], ids[4] are read and beyond the newest 2
    assert {meta.id for meta in store.list_articles()} == {ids[0], ids[1]}
    again = store.store_fetch(URL, parsed(URL, [entry(n * 24) for n in range(6)]))
    assert again.new == 0  # pruned entries still in the feed do not come back


def test_unread_articles_are_never_pruned(store: FeedStore) -> None:
    store.store_fetch(URL, parsed(URL, [entry(n * 24) for n in range(5)]))
    assert store.prune(keep_days=1, max_per_feed=1, now=BASE_TIME + timedelta(days=30)) == 0


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all" * 10, b"SQLite format 3\x00" + b"\x00" * 50, b"SQLite f"],
    ids=["garbage", "damaged-header", "truncated"],
)
def test_a_damaged_store_is_moved_aside_with_a_message(tmp_path: Path, content: bytes) -> None:
    (tmp_path / FILENAME).write_bytes(content)
    with FeedStore.in_dir(tmp_path) as store:
        assert store.feeds() == []
        assert len(store.notices) == 1 and "feeds database" in store.notices[0]
    aside = [p for p in tmp_path.iterdir() if ".corrupt-" in p.name]
    assert len(aside) == 1 and aside[0].read_bytes() == content


def test_a_foreign_database_is_not_touched(tmp_path: Path) -> None:
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("CREATE TABLE mine (x)")
    with FeedStore.in_dir(tmp_path) as store:
        assert store.notices and "not one of newstui's feeds" in store.notices[0]


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    FeedStore.in_dir(tmp_path).close()
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("UPDATE schema_version SET version = 99")
    with pytest.raises(StoreError, match="newer version of newstui"):
        FeedStore.in_dir(tmp_path)


# -- property-based round trips -------------------------------------------------------------------

_text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
_times = st.one_of(
    st.none(),
    st.datetimes(min_value=datetime(1970, 1, 2), max_value=datetime(2100, 1, 1), timezones=st.just(UTC)),
)
_entries = st.builds(
    Entry,
    title=_text,
    guid=st.one_of(st.none(), _text.filter(bool)),
    link=st.one_of(st.none(), st.just("https://x.example/").map(str) | _text.filter(bool)),
    author=_text,
    published=_times,
    updated=_times,
    content=_text,
    body=_text,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(entries=st.lists(_entries, max_size=8))
def test_round_trip_any_entries(tmp_path_factory: pytest.TempPathFactory, entries: list[Entry]) -> None:
    folder = tmp_path_factory.mktemp("store")
    with FeedStore.in_dir(folder, clock=lambda: BASE_TIME) as store:
        store.add_feed(URL)
        result = store.store_fetch(URL, parsed(URL, entries))
        by_id: dict[str, Entry] = {}
        for item in entries:
            by_id.setdefault(article_id(URL, item), item)
        assert set(result.new_ids) == set(by_id) and result.new == len(by_id)
        for id_, item in by_id.items():
            stored = store.get(id_)
            assert stored is not None
            assert (stored.meta.title, stored.guid, stored.meta.url, stored.author) == (
                item.title or "(untitled)", item.guid, item.link, item.author,
            )  # fmt: skip
            assert (stored.content, stored.body) == (item.content, item.body)
            assert stored.meta.published == (item.published or item.updated)
            assert stored.article().text.startswith(stored.meta.title)
        again = store.store_fetch(URL, parsed(URL, entries))
        assert (again.new, again.updated) == (0, 0)
        assert len(store.list_articles()) == len(by_id)


def _dump(path: Path) -> dict[str, list[tuple[object, ...]]]:
    with sqlite3.connect(path) as db:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}").fetchall(), key=repr)
            for table in ("articles", "feeds")
        }
