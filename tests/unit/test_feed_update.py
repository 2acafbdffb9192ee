"""Updating feeds end to end against the loopback feed server: statuses, politeness, failures, full text."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from newstui.core.feeds.discover import DiscoveryError
from newstui.core.feeds.fetch import FetchSettings
from newstui.core.feeds.store import FeedStore
from newstui.core.feeds.update import (
    BACKOFF_START,
    FeedResult,
    Progress,
    backoff,
    subscribe,
    summarize,
    update_feeds,
)
from tests.feedserver import FeedServer

FAST = FetchSettings(connect_timeout=2.0, read_timeout=0.3, total_timeout=5.0, max_bytes=2 * 1024 * 1024)


@pytest.fixture
def store(tmp_path: Path) -> Iterator[FeedStore]:
    with FeedStore(tmp_path / "feeds.sqlite3") as instance:
        yield instance


def _subscribe(store: FeedStore, server: FeedServer, *paths: str) -> list[str]:
    urls = [server.url(path) for path in paths]
    for url in urls:
        store.add_feed(url)
    return urls


def _titles(store: FeedStore, url: str) -> list[str]:
    return [meta.title for meta in store.list_articles(feed=url)]


FORMATS = {
    "rss 2.0": ("/rss2.xml", 3, "Council approves new sea wall"),
    "atom": ("/atom.xml", 2, "Beetles return to the old orchard"),
    "rss 1.0 rdf": ("/rdf.xml", 2, "Weekend engineering works at Dunmore"),
    "json feed": ("/feed.json", 2, "Why our bread takes two days"),
    "gzip": ("/gzip.xml", 3, "Council approves new sea wall"),
    "entities and cdata": ("/entities.xml", 2, "Tom & Jerry’s café wins “best brunch”"),
    "wrong declared encoding": ("/wrong-encoding.xml", 1, "Naïve crème brûlée – “the best”"),
}


@pytest.mark.parametrize(("path", "count", "title"), FORMATS.values(), ids=FORMATS.keys())
def test_each_format_is_fetched_and_stored(
    feed_server: FeedServer, store: FeedStore, path: str, count: int, title: str
) -> None:
    [url] = _subscribe(store, feed_server, path)
    [result] = update_feeds(store, settings=FAST, full_text=False)
    assert (result.status, result.new, result.error) == ("new", count, None)
    assert title in _titles(store, url)
    assert store.feed(url).fetched is not None  # type: ignore[union-attr]


def test_second_fetch_is_a_conditional_get_and_unchanged(feed_server: FeedServer, store: FeedStore) -> None:
    [url] = _subscribe(store, feed_server, "/rss2.xml")
    update_feeds(store, settings=FAST, full_text=False)
    [again] = update_feeds(store, settings=FAST, full_text=False)
    assert (again.status, again.new) == ("unchanged", 0)
    assert feed_server.requests[-1].status == 304
    assert "If-None-Match" in feed_server.requests[-1].headers
    assert len(_titles(store, url)) == 3


def test_a_changed_feed_brings_only_the_new_entries(feed_server: FeedServer, store: FeedStore) -> None:
    [url] = _subscribe(store, feed_server, "/rss2.xml")
    update_feeds(store, settings=FAST, full_text=False)
    body = feed_server.fixture("rss2.xml").replace(
        b"<item>",
        b"<item><title>Breaking: fog</title><link>http://x/fog</link><guid>fog-1</guid></item><item>",
        1,
    )
    feed_server.add("/rss2.xml", body, content_type="application/rss+xml", conditional=True)
    [result] = update_feeds(store, settings=FAST, full_text=False)
    assert (result.status, result.new) == ("new", 1)
    assert "Breaking: fog" in _titles(store, url)


def test_permanent_redirect_moves_the_subscription(feed_server: FeedServer, store: FeedStore) -> None:
    [old] = _subscribe(store, feed_server, "/moved.xml")
    [result] = update_feeds(store, settings=FAST, full_text=False)
    new = feed_server.url("/rss2.xml")
    assert result.moved_to == new and result.url == new and result.status == "new"
    assert [feed.url for feed in store.feeds()] == [new]
    assert len(_titles(store, new)) == 3 and store.feed(old) is None
    [again] = update_feeds(store, settings=FAST, full_text=False)
    assert again.status == "unchanged" and feed_server.requests[-1].path == "/rss2.xml"


def test_temporary_redirect_keeps_the_url(feed_server: FeedServer, store: FeedStore) -> None:
    [url] = _subscribe(store, feed_server, "/temporary.xml")
    [result] = update_feeds(store, settings=FAST, full_text=False)
    assert result.status == "new" and result.moved_to is None
    assert [feed.url for feed in store.feeds()] == [url]


BAD = {
    "404": ("/missing.xml", "HTTP 404 Not Found"),
    "500": ("/error.xml", "HTTP 500 Internal Server Error"),
    "slow": ("/slow.xml", "timed out waiting for 127.0.0.1"),
    "oversized": ("/huge.xml", "response too large"),
    "not xml at all": ("/garbage.xml", "malformed feed: line 2:0: not well-formed"),
    "entity bomb": ("/bomb.xml", "refused: the feed declares its own XML entities"),
    "html page": ("/notfeed.html", ""),
    "connection refused": (None, "cannot connect to 127.0.0.1"),
}


@pytest.mark.parametrize(("path", "message"), BAD.values(), ids=BAD.keys())
def test_a_bad_feed_fails_alone_with_one_line(
    feed_server: FeedServer, store: FeedStore, path: str | None, message: str
) -> None:
    feed_server.add("/garbage.xml", b"\x00\x01\x02 not a feed \xff\xfe", content_type="application/xml")
    if path is None:
        with FeedServer() as gone:
            bad = gone.url("/rss2.xml")
        store.add_feed(bad)
    else:
        [bad] = _subscribe(store, feed_server, path)
    [good] = _subscribe(store, feed_server, "/atom.xml")
    results = {r.url: r for r in update_feeds(store, settings=FAST, full_text=False)}
    assert results[good].status == "new" and results[good].new == 2
    failed = results[bad]
    assert failed.status == "error" and failed.error and message in failed.error
    assert "\n" not in failed.error and len(failed.error) < 300
    stored = store.feed(bad)
    assert stored is not None and stored.error == failed.error and stored.failures == 1
    assert _titles(store, bad) == []


def test_malformed_but_readable_feed_is_stored_with_a_warning(
    feed_server: FeedServer, store: FeedStore
) -> None:
    [url] = _subscribe(store, feed_server, "/malformed.xml")
    [result] = update_feeds(store, settings=FAST, full_text=False)
    assert result.status == "new" and result.new == 1 and result.warning
    assert result.record()["warning"] == result.warning
    assert len(_titles(store, url)) == 1


def test_retry_after_is_honoured_even_when_forced(feed_server: FeedServer, store: FeedStore) -> None:
    [url] = _subscribe(store, feed_server, "/limited.xml")
    started = datetime.now(UTC)
    [first] = update_feeds(store, settings=FAST, full_text=False)
    assert first.status == "error" and "429" in (first.error or "")
    feed = store.feed(url)
    assert feed is not None and feed.retry_at is not None
    assert timedelta(seconds=110) < feed.retry_at - started < timedelta(seconds=130)
    asked = len(feed_server.requests)
    for force in (False, True):
        [waiting] = update_feeds(store, settings=FAST, full_text=False, force=force)
        assert waiting.status == "error" and waiting.skipped and "next try after" in (waiting.error or "")
    assert len(feed_server.requests) == asked  # not asked again before its Retry-After
    later = datetime.now(UTC) + timedelta(seconds=200)
    [retried] = update_feeds(store, settings=FAST, full_text=False, clock=lambda: later)
    assert not retried.skipped and len(feed_server.requests) == asked + 1


def test_failing_feed_backs_off_exponentially(feed_server: FeedServer, store: FeedStore) -> None:
    assert [backoff(n) for n in (1, 2, 3, 4)] == [0.0, BACKOFF_START, 2 * BACKOFF_START, 4 * BACKOFF_START]
    assert backoff(100) == 24 * 3600
    [url] = _subscribe(store, feed_server, "/missing.xml")
    now = datetime.now(UTC)
    update_feeds(store, settings=FAST, full_text=False)  # first failure: try again at once
    assert store.feed(url).retry_at is None  # type: ignore[union-attr]
    update_feeds(store, settings=FAST, full_text=False)
    feed = store.feed(url)
    assert feed is not None and feed.failures == 2 and feed.retry_at is not None
    assert abs((feed.retry_at - now).total_seconds() - BACKOFF_START) < 30
    asked = len(feed_server.requests)
    [skipped] = update_feeds(store, settings=FAST, full_text=False)
    assert (
        skipped.skipped and skipped.error and skipped.error.startswith("HTTP 404 Not Found (next try after")
    )
    assert len(feed_server.requests) == asked
    [forced] = update_feeds(store, settings=FAST, full_text=False, force=True)
    assert not forced.skipped and len(feed_server.requests) == asked + 1
    # It recovers: a success clears the error and the failure count.
    feed_server.add("/missing.xml", feed_server.fixture("atom.xml"), content_type="application/atom+xml")
    [ok] = update_feeds(store, settings=FAST, full_text=False, force=True)
    recovered = store.feed(url)
    assert (
        ok.status == "new" and recovered is not None and recovered.failures == 0 and recovered.error is None
    )


def test_progress_reports_every_feed_and_urls_select(feed_server: FeedServer, store: FeedStore) -> None:
    urls = _subscribe(store, feed_server, "/rss2.xml", "/atom.xml", "/rdf.xml", "/missing.xml")
    steps: list[Progress] = []
    order = [f.url for f in store.feeds()]
    results = update_feeds(store, settings=FAST, full_text=False, progress=steps.append)
    assert [r.url for r in results] == order
    assert str(steps[0]) == "fetching 0 of 4"
    done = [step for step in steps if step.result is not None]
    assert [step.done for step in done] == [1, 2, 3, 4] and str(done[-1]) == "fetched 4 feeds"
    assert summarize(results) == "7 new in 3 feeds, 1 failed"
    only = update_feeds(store, [urls[1], "http://127.0.0.1:9/unknown.xml"], settings=FAST, full_text=False)
    assert [r.status for r in only] == ["unchanged", "error"]
    assert "not subscribed" in (only[1].error or "")


def test_at_most_two_connections_per_host_while_updating(feed_server: FeedServer, store: FeedStore) -> None:
    for n in range(6):
        feed_server.add(f"/paced-{n}.xml", feed_server.fixture("rss2.xml"), delay=0.1)
        store.add_feed(feed_server.url(f"/paced-{n}.xml"))
    results = update_feeds(store, settings=FetchSettings(parallel=8), full_text=False)
    assert all(r.status == "new" for r in results)
    assert feed_server.max_in_flight == 2


def test_cancel_stops_between_feeds(feed_server: FeedServer, store: FeedStore) -> None:
    for n in range(6):
        feed_server.add(f"/paced-{n}.xml", feed_server.fixture("rss2.xml"), delay=0.1)
        store.add_feed(feed_server.url(f"/paced-{n}.xml"))
    cancel = threading.Event()

    def stop_after_first(step: Progress) -> None:
        if step.result is not None:
            cancel.set()

    one_at_a_time = FetchSettings(parallel=1)
    results = update_feeds(
        store, settings=one_at_a_time, full_text=False, cancel=cancel, progress=stop_after_first
    )
    assert 1 <= len(results) < 6 and all(r.status == "new" for r in results)
    assert sum(1 for feed in store.feeds() if feed.error) == 0  # cancelled feeds are not failures
    assert len(feed_server.requests) < 6


def test_local_file_feed(tmp_path: Path, feed_server: FeedServer, store: FeedStore) -> None:
    path = tmp_path / "gazette.xml"
    path.write_bytes(feed_server.fixture("rss2.xml"))
    store.add_feed(str(path))
    [first] = update_feeds(store, full_text=False)
    assert (first.status, first.new) == ("new", 3)
    [second] = update_feeds(store, full_text=False)
    assert (second.status, second.new) == ("unchanged", 0)


def test_summary_entries_get_their_pages_full_text(feed_server: FeedServer, store: FeedStore) -> None:
    _subscribe(store, feed_server, "/summary.xml")
    [result] = update_feeds(store, settings=FAST)
    assert result.status == "new" and result.full_text == 2
    storm = store.find(feed_server.url("/articles/storm.html"))
    assert storm is not None and storm.full_text
    best = storm.article("best").text
    assert "“Nobody goes out until the wind drops below forty,”" in best
    assert "Most read" not in best and "All rights reserved" not in best and "tracker" not in best
    assert "winds reached 90 km/h…" in storm.article("feed").text
    asked = len(feed_server.requests)
    update_feeds(store, settings=FAST)  # pages already extracted are not fetched again
    assert [r.path for r in feed_server.requests[asked:]] == ["/summary.xml"]


def test_full_text_modes(feed_server: FeedServer, store: FeedStore) -> None:
    [url] = _subscribe(store, feed_server, "/summary.xml")
    store.update_feed(url, full_text="never")
    [result] = update_feeds(store, settings=FAST)
    assert result.full_text == 0 and not any(r.path.startswith("/articles/") for r in feed_server.requests)
    [rss] = _subscribe(store, feed_server, "/rss2.xml")
    store.update_feed(rss, full_text="always")
    feed_server.add(
        "/gazette/sea-wall", "<html><body><article><p>" + "Long page text. " * 40 + "</p></article>"
    )
    results = {r.url: r for r in update_feeds(store, [rss], settings=FAST)}
    assert results[rss].full_text == 1  # the other two links are 404: tried again next time
    assert "/gazette/lighthouse" in [r.path for r in feed_server.requests]


def test_subscribe_to_a_feed_url_stores_its_first_fetch(feed_server: FeedServer, store: FeedStore) -> None:
    added = subscribe(store, feed_server.url("/atom.xml"), settings=FAST)
    assert added.added and added.page is None and added.result is not None
    assert (added.result.status, added.result.new) == ("new", 2)
    assert added.feed.title == "Valley Science Notes"
    assert feed_server.paths_requested().count("/atom.xml") == 1  # discovery's fetch is the one stored
    again = subscribe(store, feed_server.url("/atom.xml"), settings=FAST)
    assert not again.added and again.result is None


def test_subscribe_to_a_page_discovers_its_feeds(feed_server: FeedServer, store: FeedStore) -> None:
    added = subscribe(store, feed_server.url("/site/"), settings=FAST)
    assert added.page == feed_server.url("/site/")
    assert added.feed.url == feed_server.url("/rss2.xml")
    assert [c.url for c in added.candidates] == [
        feed_server.url("/rss2.xml"),
        feed_server.url("/atom.xml"),
        feed_server.url("/site/feed.json"),
    ]
    assert [c.kind for c in added.candidates] == ["RSS", "Atom", "JSON Feed"]
    assert added.result is not None and added.result.new == 3
    again = subscribe(store, feed_server.url("/site/"), settings=FAST)
    assert not again.added and again.feed.url == feed_server.url("/rss2.xml")


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/notfeed.html", "not a feed, and the page links no feed"),
        ("/missing.xml", "HTTP 404 Not Found"),
        ("/malformed.xml", "not a feed"),
    ],
)
def test_subscribe_refuses_what_is_no_feed(
    feed_server: FeedServer, store: FeedStore, path: str, message: str
) -> None:
    if path == "/malformed.xml":
        feed_server.add(path, b"\x00\x01 binary junk", content_type="application/octet-stream")
    with pytest.raises(DiscoveryError, match=message):
        subscribe(store, feed_server.url(path), settings=FAST)
    assert store.feeds() == []


def test_subscribe_to_a_local_file_stores_an_absolute_path(
    tmp_path: Path, feed_server: FeedServer, store: FeedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "gazette.xml").write_bytes(feed_server.fixture("rss2.xml"))
    monkeypatch.chdir(tmp_path)
    added = subscribe(store, "gazette.xml", full_text=False)
    assert added.feed.url == str(tmp_path / "gazette.xml")
    assert added.result is not None and added.result.new == 3


def test_result_record_is_the_json_contract() -> None:
    record = FeedResult("http://x/feed", "new", new=2, ms=15).record()
    assert list(record)[:5] == ["url", "status", "new", "error", "ms"]
    assert record["error"] is None and record["new"] == 2


def test_big_updates_parse_in_worker_processes(
    feed_server: FeedServer, store: FeedStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    import newstui.core.feeds.update as update

    monkeypatch.setattr(update, "PROCESS_PARSE_FROM", 1)
    monkeypatch.setattr(update, "PROCESS_PARSE_BYTES", 0)
    pools = []
    real = update._parser_processes

    def spy(feeds: int) -> object:
        pools.append(real(feeds))
        return pools[-1]

    monkeypatch.setattr(update, "_parser_processes", spy)
    urls = _subscribe(store, feed_server, "/rss2.xml", "/atom.xml", "/bomb.xml")
    results = {r.url: r for r in update_feeds(store, settings=FAST, full_text=False)}
    assert (results[urls[0]].new, results[urls[1]].new) == (3, 2)
    assert results[urls[2]].error and results[urls[2]].error.startswith("refused")
    assert pools and pools[0] is not None  # the documents went to worker processes
