"""The fetcher against a real HTTP server on 127.0.0.1: politeness, limits and every way a fetch fails."""

from __future__ import annotations

import gzip
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from newstui import __version__
from newstui.core.feeds.fetch import Fetcher, FetchError, FetchSettings, parse_retry_after
from tests.feedserver import FeedServer

FAST = FetchSettings(connect_timeout=2.0, read_timeout=0.3, total_timeout=5.0, max_bytes=1024 * 1024)


@pytest.fixture
def fetcher() -> Iterator[Fetcher]:
    with Fetcher(FAST) as instance:
        yield instance


def test_plain_fetch_sends_user_agent_and_keeps_validators(feed_server: FeedServer, fetcher: Fetcher) -> None:
    response = fetcher.get(feed_server.url("/rss2.xml"))
    assert response.status == 200
    assert b"Harbour Town Gazette" in response.body
    assert response.etag and response.last_modified
    assert response.content_type and response.content_type.startswith("application/rss+xml")
    assert response.moved_to is None
    agent = feed_server.requests[-1].headers["User-Agent"]
    assert agent.startswith(f"newstui/{__version__} (+http")


def test_conditional_get_gets_304(feed_server: FeedServer, fetcher: Fetcher) -> None:
    first = fetcher.get(feed_server.url("/rss2.xml"))
    again = fetcher.get(feed_server.url("/rss2.xml"), etag=first.etag, last_modified=first.last_modified)
    assert again.not_modified and again.body == b""
    assert feed_server.requests[-1].headers["If-None-Match"] == first.etag
    by_date = fetcher.get(feed_server.url("/rss2.xml"), last_modified=first.last_modified)
    assert by_date.not_modified
    stale = fetcher.get(feed_server.url("/rss2.xml"), etag='"something-else"')
    assert stale.status == 200 and stale.body


def test_gzip_is_decoded(feed_server: FeedServer, fetcher: Fetcher) -> None:
    response = fetcher.get(feed_server.url("/gzip.xml"))
    assert b"Harbour Town Gazette" in response.body
    assert "gzip" in feed_server.requests[-1].headers["Accept-Encoding"]


def test_permanent_redirect_says_where_the_feed_moved(feed_server: FeedServer, fetcher: Fetcher) -> None:
    moved = fetcher.get(feed_server.url("/moved.xml"))
    assert moved.status == 200 and b"Harbour" in moved.body
    assert moved.moved_to == feed_server.url("/rss2.xml")
    assert moved.url == feed_server.url("/moved.xml")
    temporary = fetcher.get(feed_server.url("/temporary.xml"))
    assert b"Valley Science Notes" in temporary.body
    assert temporary.moved_to is None  # a 302 keeps the stored URL


def test_a_permanent_then_temporary_chain_is_not_a_move(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.redirect("/chain.xml", "/temporary.xml", 301)
    assert fetcher.get(feed_server.url("/chain.xml")).moved_to is None


def test_redirect_loop_is_an_error(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.redirect("/loop-a", "/loop-b")
    feed_server.redirect("/loop-b", "/loop-a")
    with pytest.raises(FetchError, match="too many redirects"):
        fetcher.get(feed_server.url("/loop-a"))


def test_redirect_to_another_scheme_is_refused(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.redirect("/to-file", "file:///etc/passwd")
    with pytest.raises(FetchError, match="unsupported URL"):
        fetcher.get(feed_server.url("/to-file"))


@pytest.mark.parametrize(
    ("path", "message"),
    [("/missing.xml", "HTTP 404 Not Found"), ("/error.xml", "HTTP 500 Internal Server Error")],
)
def test_http_errors(feed_server: FeedServer, fetcher: Fetcher, path: str, message: str) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.get(feed_server.url(path))
    assert str(caught.value) == message
    assert caught.value.retry_after is None


@pytest.mark.parametrize(("path", "status", "wait"), [("/limited.xml", 429, 120.0), ("/busy.xml", 503, 30.0)])
def test_retry_after(feed_server: FeedServer, fetcher: Fetcher, path: str, status: int, wait: float) -> None:
    with pytest.raises(FetchError) as caught:
        fetcher.get(feed_server.url(path))
    assert caught.value.status == status and caught.value.retry_after == wait
    assert f"retry after {wait:.0f} s" in str(caught.value)


def test_retry_after_forms() -> None:
    assert parse_retry_after("10") == 10.0
    assert parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", now=40.0) == 60.0
    assert parse_retry_after("Thu, 01 Jan 1970 00:01:40 GMT", now=1000.0) == 0.0
    assert parse_retry_after("99999999") == 24 * 3600.0
    assert parse_retry_after("soon") is None and parse_retry_after(None) is None


def test_slow_server_times_out(feed_server: FeedServer, fetcher: Fetcher) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"timed out waiting for 127\.0\.0\.1"):
        fetcher.get(feed_server.url("/slow.xml"))
    assert time.monotonic() - started < 1.0


def test_dripping_server_hits_the_total_deadline(feed_server: FeedServer) -> None:
    def drip() -> Iterator[bytes]:
        for _ in range(50):
            time.sleep(0.05)
            yield b"<!-- x -->"

    feed_server.add("/drip.xml", drip)
    settings = FetchSettings(read_timeout=1.0, total_timeout=0.5)
    with Fetcher(settings) as fetcher, pytest.raises(FetchError, match=r"took over 0\.5 s"):
        fetcher.get(feed_server.url("/drip.xml"))


def test_oversized_responses_are_aborted(feed_server: FeedServer, fetcher: Fetcher) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match=r"response too large \(over 1 MB\); aborted"):
        fetcher.get(feed_server.url("/huge.xml"))
    with pytest.raises(FetchError, match=r"response too large \(50 MB; the limit is 1 MB\)"):
        fetcher.get(feed_server.url("/huge-declared.xml"))
    assert time.monotonic() - started < 3


def test_gzip_bomb_is_capped_on_decoded_size(feed_server: FeedServer, fetcher: Fetcher) -> None:
    feed_server.add("/bomb.gz", gzip.compress(b" " * (5 * 1024 * 1024)), headers={"Content-Encoding": "gzip"})
    with pytest.raises(FetchError, match="too large"):
        fetcher.get(feed_server.url("/bomb.gz"))


def test_connection_refused(fetcher: Fetcher) -> None:
    with FeedServer() as server:
        url = server.url("/rss2.xml")
    with pytest.raises(FetchError, match=r"cannot connect to 127\.0\.0\.1"):
        fetcher.get(url)


@pytest.mark.parametrize("target", ["ftp://example.org/feed.xml", "javascript:alert(1)"])
def test_only_http_and_files(fetcher: Fetcher, target: str) -> None:
    with pytest.raises(FetchError, match="unsupported URL scheme"):
        fetcher.get(target)


def test_local_file_is_a_feed_too(tmp_path: Path, fetcher: Fetcher) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(b"<rss/>")
    for target in (str(path), path.as_uri()):
        response = fetcher.get(target)
        assert response.is_local and response.body == b"<rss/>"
    with pytest.raises(FetchError, match="no such file"):
        fetcher.get(str(tmp_path / "absent.xml"))
    with pytest.raises(FetchError, match="not a regular file"):
        fetcher.get(str(tmp_path))
    (tmp_path / "big.xml").write_bytes(b"x" * (FAST.max_bytes + 1))
    with pytest.raises(FetchError, match="file too large"):
        fetcher.get(str(tmp_path / "big.xml"))


def test_at_most_two_requests_per_host(feed_server: FeedServer) -> None:
    for n in range(8):
        feed_server.add(f"/paced-{n}.xml", b"<rss/>", delay=0.15)
    with Fetcher(FetchSettings(parallel=8)) as fetcher:
        threads = [
            threading.Thread(target=fetcher.get, args=(feed_server.url(f"/paced-{n}.xml"),)) for n in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert feed_server.max_in_flight == 2
    assert len(feed_server.requests) == 8


def test_settings_are_held_to_sane_ranges() -> None:
    from newstui.core.settings import Settings

    default = FetchSettings.from_settings(Settings())
    assert (default.read_timeout, default.max_bytes, default.parallel, default.per_host) == (
        20.0,
        10 * 1024 * 1024,
        8,
        2,
    )
    wild = FetchSettings.from_settings(Settings(fetch_timeout=-5, fetch_max_mb=1e9, fetch_parallel=10_000))
    assert (wild.read_timeout, wild.max_bytes, wild.parallel) == (1.0, 200 * 1024 * 1024, 32)
    nan = FetchSettings.from_settings(Settings(fetch_timeout=float("nan")))
    assert nan.read_timeout == 20.0


def test_server_keeps_quiet_when_clients_give_up(
    feed_server: FeedServer, fetcher: Fetcher, capfd: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(FetchError):
        fetcher.get(feed_server.url("/huge.xml"))
    with pytest.raises(FetchError):
        fetcher.get(feed_server.url("/slow.xml"))
    fetcher.close()  # hang up on the keep-alive connections too
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(r.status == 0 for r in feed_server.requests):
        time.sleep(0.02)
    assert [r.status for r in feed_server.requests] == [-1, -1]
    try:  # whatever else a hang-up raises in the server reaches handle_error, which must not print
        raise ConnectionResetError("reset by peer")
    except ConnectionResetError:
        feed_server._httpd.handle_error(None, ("127.0.0.1", 1))  # type: ignore[arg-type]
    assert capfd.readouterr().err == ""
