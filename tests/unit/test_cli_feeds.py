"""``newstui feeds add|list|remove|import|export`` and ``newstui show``: the command-line contract."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstui.cli import main
from newstui.core import paths
from newstui.core.bookmarks.passages import bookmark_for
from newstui.core.bookmarks.store import BookmarkStore
from newstui.core.feeds.store import FeedStore
from newstui.core.library import read_article
from tests.conftest import SEED_FILE
from tests.feedserver import FeedServer

PARSE_FIXTURES = Path(__file__).parent.parent / "fixtures" / "feeds" / "parse"
FEED_KEYS = {"url", "title", "site", "articles", "unread", "fetched", "error"}
SHOW_KEYS = {"id", "title", "source", "url", "path", "published", "text"}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _feeds(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    status, out, _ = _run(capsys, "feeds", "list", "--json")
    assert status == 0
    return [json.loads(line) for line in out.splitlines()]


def test_add_a_served_feed_prints_title_and_count(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    url = feed_server.url("/rss2.xml")
    status, out, _ = _run(capsys, "feeds", "add", url)
    assert status == 0
    assert out.strip().endswith("articles stored") and out.split(":")[0].strip()
    (record,) = _feeds(capsys)
    assert set(record) >= FEED_KEYS
    assert record["url"] == url and record["error"] is None
    assert isinstance(record["articles"], int) and record["articles"] > 0
    assert record["unread"] == record["articles"]
    assert isinstance(record["fetched"], str) and record["fetched"].endswith("Z")
    status, out, _ = _run(capsys, "feeds", "add", url)
    assert (status, "already subscribed" in out) == (0, True)
    assert len(_feeds(capsys)) == 1


def test_add_a_local_file_with_title(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "feeds", "add", str(PARSE_FIXTURES / "rss20.xml"), "--title", "Gazette")
    assert (status, out.strip()) == (0, "Gazette: 3 articles stored")
    (record,) = _feeds(capsys)
    assert (record["title"], record["site"], record["articles"]) == ("Gazette", "https://gazette.example/", 3)


def test_add_no_fetch_subscribes_only(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "feeds", "add", "https://nowhere.example/feed", "--no-fetch")
    assert status == 0 and "newstui fetch" in out
    (record,) = _feeds(capsys)
    assert (record["articles"], record["fetched"], record["title"]) == (0, None, "")


@pytest.mark.parametrize(
    ("target", "status", "message"),
    [
        ("/notfeed.html", 1, "not a feed"),
        ("/missing.xml", 1, "404"),
        ("/bomb.xml", 1, "entities"),
    ],
    ids=["html-page", "404", "bomb"],
)
def test_add_what_is_not_a_feed_fails_and_subscribes_nothing(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer, target: str, status: int, message: str
) -> None:
    got, _out, err = _run(capsys, "feeds", "add", feed_server.url(target))
    # Our own message is one line (the test server thread may log a reset connection on stderr too).
    (ours,) = [line for line in err.splitlines() if line.startswith("newstui:")]
    assert got == status and message in ours
    assert _feeds(capsys) == []


@pytest.mark.parametrize("target", ["ftp://x.example/feed", "no/such/file.xml"], ids=["scheme", "no-file"])
def test_add_usage_errors_exit_2(capsys: pytest.CaptureFixture[str], target: str) -> None:
    status, _, err = _run(capsys, "feeds", "add", target)
    assert status == 2 and "not an http(s) URL nor a feed file" in err


def test_feeds_without_action_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        main(["feeds"])
    assert raised.value.code == 2


def test_remove_keeps_bookmarked_articles(capsys: pytest.CaptureFixture[str]) -> None:
    feed = str(PARSE_FIXTURES / "rss20.xml")
    _run(capsys, "feeds", "add", feed)
    with FeedStore.in_dir(paths.data_dir()) as store:
        listing = store.list_articles()
        stored = store.get(listing[0].id)
        assert stored is not None
        article = stored.article()
    with BookmarkStore.in_dir(paths.data_dir()) as bookmarks:
        bookmarks.add(bookmark_for(article, 0, 5, now=bookmarks.clock()))
    status, out, _ = _run(capsys, "feeds", "remove", feed)
    assert status == 0 and "2 articles removed" in out
    assert _feeds(capsys) == []
    status, out, _ = _run(capsys, "show", "--json", article.meta.location)
    assert status == 0 and json.loads(out)["text"] == article.text  # the bookmarked article stays
    status, _, err = _run(capsys, "feeds", "remove", feed)
    assert status == 1 and "not subscribed" in err


OPML = """<?xml version="1.0"?>
<opml version="1.0"><head><title>Mine</title></head><body>
  <outline text="News">
    <outline text="World"><outline type="rss" text="Wire" xmlUrl="https://wire.example/rss"/></outline>
    <outline type="rss" text="Daily" xmlUrl="https://daily.example/feed" htmlUrl="https://daily.example/"/>
  </outline>
  <outline type="rss" text="Top" xmlUrl="https://top.example/atom"/>
  <outline type="rss" text="Top again" xmlUrl="https://top.example/atom"/>
</body></opml>
"""


def test_import_nested_outlines_become_folders_and_duplicates_are_skipped(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(OPML, encoding="utf-8")
    status, out, _ = _run(capsys, "feeds", "import", str(opml))
    assert status == 0 and out.startswith("added 3 feeds (0 already subscribed)")
    folders = {record["url"]: record["folder"] for record in _feeds(capsys)}
    assert folders == {
        "https://wire.example/rss": "News/World",
        "https://daily.example/feed": "News",
        "https://top.example/atom": "",
    }
    status, out, _ = _run(capsys, "feeds", "import", str(opml))
    assert status == 0 and out.startswith("added 0 feeds (3 already subscribed)")


@pytest.mark.parametrize(
    "content",
    [b"not xml", b"<html><body>hello</body></html>", b'<!DOCTYPE x [<!ENTITY a "b">]><opml/>'],
    ids=["garbage", "html", "entities"],
)
def test_import_of_a_non_opml_file_fails(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, content: bytes
) -> None:
    bad = tmp_path / "bad.opml"
    bad.write_bytes(content)
    status, _, err = _run(capsys, "feeds", "import", str(bad))
    assert status == 1 and str(bad) in err
    assert _feeds(capsys) == []


def test_export_round_trips_through_import(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    opml = tmp_path / "subs.opml"
    opml.write_text(OPML, encoding="utf-8")
    _run(capsys, "feeds", "import", str(opml))
    status, out, _ = _run(capsys, "feeds", "export")
    assert status == 0 and '<opml version="2.0">' in out
    exported = tmp_path / "out.opml"
    status, _, err = _run(capsys, "feeds", "export", "-o", str(exported))
    assert (
        status == 0
        and "wrote 3 feeds" in err
        and exported.read_text(encoding="utf-8")
        == out.replace(
            out.split("<dateCreated>")[1].split("</dateCreated>")[0],
            exported.read_text(encoding="utf-8").split("<dateCreated>")[1].split("</dateCreated>")[0],
        )
    )
    before = _feeds(capsys)
    for record in before:
        _run(capsys, "feeds", "remove", str(record["url"]))
    status, out, _ = _run(capsys, "feeds", "import", str(exported))
    assert status == 0 and out.startswith("added 3 feeds")
    after = _feeds(capsys)
    assert [(r["url"], r["title"], r["folder"]) for r in after] == [
        (r["url"], r["title"], r["folder"]) for r in before
    ]


# -- show ---------------------------------------------------------------------------------------


def test_show_json_of_a_stored_article_by_id_link_and_location(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "feeds", "add", str(PARSE_FIXTURES / "rss20.xml"))
    with FeedStore.in_dir(paths.data_dir()) as store:
        meta = next(m for m in store.list_articles() if m.title == "Ferry service resumes after storm")
    for key in (meta.id, meta.location, str(meta.url)):
        status, out, _ = _run(capsys, "show", "--json", key)
        assert status == 0
        record = json.loads(out)
        assert set(record) >= SHOW_KEYS
        assert (record["id"], record["title"], record["source"], record["path"]) == (
            meta.id, "Ferry service resumes after storm", "Harbour Gazette", None,
        )  # fmt: skip
        assert record["url"] == meta.url and record["published"] == "2025-01-07T08:30:00Z"
        assert record["text"].startswith("Ferry service resumes after storm\n\nThe ferry to the isle[1]")
        assert record["text"].endswith("[2]: https://other.example/timetable (link)\n")


def test_show_text_prints_title_source_line_paragraphs_and_links(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "feeds", "add", str(PARSE_FIXTURES / "rss20.xml"))
    with FeedStore.in_dir(paths.data_dir()) as store:
        meta = next(m for m in store.list_articles() if m.title.startswith("Ferry"))
    status, out, _ = _run(capsys, "show", meta.id)
    lines = out.splitlines()
    assert status == 0
    assert lines[0] == "Ferry service resumes after storm"
    assert lines[1].startswith("Harbour Gazette · 2025-01-07 · ")
    assert lines[2:4] == ["", "The ferry to the isle[1] sails again."]
    assert lines[-1] == "[2]: https://other.example/timetable (link)"


def test_show_a_file_gives_the_text_offsets_refer_to(capsys: pytest.CaptureFixture[str]) -> None:
    status, out, _ = _run(capsys, "show", "--json", str(SEED_FILE))
    record = json.loads(out)
    assert status == 0 and record["text"] == read_article(SEED_FILE).text
    assert (record["url"], record["path"]) == (None, str(SEED_FILE.resolve()))


def test_show_unknown_fails(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "show", "0123456789abcdef")
    assert status == 1 and "no such file, and no feed articles are stored" in err
    _run(capsys, "feeds", "add", str(PARSE_FIXTURES / "rss20.xml"))
    status, _, err = _run(capsys, "show", "0123456789abcdef")
    assert status == 1 and "no stored article or file" in err


def test_export_of_hostile_titles_is_still_valid_xml(capsys: pytest.CaptureFixture[str]) -> None:
    from xml.etree import ElementTree

    with FeedStore.in_dir(paths.data_dir()) as store:
        store.add_feed("https://bad.example/rss", title="Bad\x01 \x1b[31mred\x1b[0m & <b>", folder="A\x00/B")
    status, out, _ = _run(capsys, "feeds", "export")
    assert status == 0
    outline = ElementTree.fromstring(out.encode()).find(".//outline[@xmlUrl]")
    assert outline is not None and outline.get("title") == "Bad [31mred[0m & <b>"


def test_full_text_mode_on_add_and_set(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, _ = _run(capsys, "feeds", "add", "https://a.example/rss", "--no-fetch", "--full-text", "never")
    assert status == 0
    (record,) = _feeds(capsys)
    assert record["full_text"] == "never"
    status, out, _ = _run(
        capsys, "feeds", "set", "https://a.example/rss", "--full-text", "always", "--folder", "News/Tech"
    )
    assert status == 0 and "full text always" in out
    (record,) = _feeds(capsys)
    assert (record["full_text"], record["folder"]) == ("always", "News/Tech")
    status, _, err = _run(capsys, "feeds", "set", "https://nope.example/rss", "--title", "x")
    assert status == 1 and "not subscribed" in err
    with pytest.raises(SystemExit) as raised:
        main(["feeds", "set", "https://a.example/rss", "--full-text", "sometimes"])
    assert raised.value.code == 2


def test_add_a_web_page_subscribes_to_the_first_feed_it_links(
    capsys: pytest.CaptureFixture[str], feed_server: FeedServer
) -> None:
    status, out, _ = _run(capsys, "feeds", "add", feed_server.url("/site/"))
    assert status == 0
    assert "found 3 feeds on" in out and out.strip().endswith("stored")
    (record,) = _feeds(capsys)
    assert record["url"] != feed_server.url("/site/") and isinstance(record["articles"], int)
