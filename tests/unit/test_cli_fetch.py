"""``newstui fetch``: the JSON contract, exit statuses, and readable output, against the loopback server."""

from __future__ import annotations

import json

import pytest

from newstui.cli import main
from newstui.core import paths
from newstui.core.feeds.store import FeedStore
from tests.feedserver import FeedServer


def _subscribe(*urls: str) -> None:
    with FeedStore.in_dir(paths.data_dir()) as store:
        for url in urls:
            store.add_feed(url)


def _json_lines(out: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in out.splitlines()]


def test_fetch_json_contract_and_exit_status(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    good, bad = feed_server.url("/rss2.xml"), feed_server.url("/missing.xml")
    _subscribe(good, bad)
    assert main(["fetch", "--json", "--no-full-text"]) == 1
    lines = {line["url"]: line for line in _json_lines(capsys.readouterr().out)}
    assert set(lines) == {good, bad}
    for line in lines.values():
        assert list(line)[:5] == ["url", "status", "new", "error", "ms"]
        assert isinstance(line["ms"], int) and line["ms"] >= 0
    assert (lines[good]["status"], lines[good]["new"], lines[good]["error"]) == ("new", 3, None)
    assert (lines[bad]["status"], lines[bad]["new"], lines[bad]["error"]) == (
        "error",
        0,
        "HTTP 404 Not Found",
    )

    assert main(["fetch", "--json", good]) == 0
    [again] = _json_lines(capsys.readouterr().out)
    assert (again["url"], again["status"], again["new"], again["error"]) == (good, "unchanged", 0, None)


def test_fetch_text_output(feed_server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    _subscribe(feed_server.url("/atom.xml"), feed_server.url("/slow.xml"))
    assert main(["fetch", "--timeout", "0.2", "--no-full-text"]) == 1
    captured = capsys.readouterr()
    assert "    2 new  Valley Science Notes" in captured.out
    assert "error  " in captured.out and "timed out" in captured.out
    assert captured.err.strip().endswith("2 new in 1 feed, 1 failed")


def test_fetch_hostile_title_is_printed_safely(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    body = feed_server.fixture("rss2.xml").replace(b"Harbour Town Gazette", b"Evil&#x1b;[31m title &#x9b;2J")
    _subscribe(feed_server.add("/evil.xml", body, content_type="application/rss+xml"))
    main(["fetch", "--no-full-text"])
    main(["fetch", "--json", "--no-full-text"])
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x9b" not in out


def test_fetch_with_no_feeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["fetch"]) == 0
    assert "no feeds yet" in capsys.readouterr().err


def test_fetch_unknown_url_fails(feed_server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    _subscribe(feed_server.url("/rss2.xml"))
    assert main(["fetch", "--json", "http://127.0.0.1:9/nope.xml"]) == 1
    [line] = _json_lines(capsys.readouterr().out)
    assert line["status"] == "error" and "not subscribed" in str(line["error"])


def test_fetch_stores_full_text_for_summaries(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    _subscribe(feed_server.url("/summary.xml"))
    assert main(["fetch", "--json"]) == 0
    [line] = _json_lines(capsys.readouterr().out)
    assert line["new"] == 2 and line["full_text"] == 2
    with FeedStore.in_dir(paths.data_dir()) as store:
        article = store.find(feed_server.url("/articles/robots.html"))
        assert article is not None and "I only bought the pizza." in article.article().text


def test_feeds_add_fetch_show_end_to_end(feed_server: FeedServer, capsys: pytest.CaptureFixture[str]) -> None:
    """A reader subscribes to a summary-only feed on 127.0.0.1, fetches, and reads an article's full text."""
    url = feed_server.url("/summary.xml")
    assert main(["feeds", "add", url]) == 0
    capsys.readouterr()
    body = feed_server.fixture("summary.xml").replace(
        b"<item>",
        b"<item><title>Late news: the ferry is back</title><link>"
        + feed_server.url("/articles/storm.html").encode()
        + b"#late</link><guid>late-1</guid><description>Short.</description></item><item>",
        1,
    )
    feed_server.add("/summary.xml", body, content_type="application/rss+xml")
    assert main(["fetch", "--json"]) == 0
    [line] = _json_lines(capsys.readouterr().out)
    assert (line["url"], line["status"], line["new"], line["error"]) == (url, "new", 1, None)

    assert main(["show", "--json", feed_server.url("/articles/robots.html")]) == 0
    shown = json.loads(capsys.readouterr().out)
    assert shown["title"] == "School wins national robotics prize"
    assert shown["url"] == feed_server.url("/articles/robots.html")
    assert "“They did every bit of the wiring themselves,” said their teacher, Ruth Adebayo." in shown["text"]
    assert "Comments are closed" not in shown["text"]

    assert main(["feeds", "list", "--json"]) == 0
    [feed] = _json_lines(capsys.readouterr().out)
    assert feed["url"] == url and feed["articles"] == 3 and feed["error"] is None


def test_feeds_add_on_a_web_page_takes_its_first_feed(
    feed_server: FeedServer, capsys: pytest.CaptureFixture[str]
) -> None:
    page = feed_server.url("/site/")
    assert main(["feeds", "add", page]) == 0
    out = capsys.readouterr().out
    assert f"found 3 feeds on {page}, subscribed to {feed_server.url('/rss2.xml')}" in out
    assert "Harbour Town Gazette: 3 articles stored" in out
    assert main(["fetch", "--json", "--no-full-text"]) == 0
    [line] = _json_lines(capsys.readouterr().out)
    assert (line["url"], line["status"]) == (feed_server.url("/rss2.xml"), "unchanged")
