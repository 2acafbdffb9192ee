"""Feed articles in the library commands: list, search, annotate and bookmarks with no PATH."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstui.cli import main
from newstui.core import paths
from newstui.core.feeds.store import FeedStore
from newstui.core.settings import CONFIG_NAME, Settings, save_settings
from tests.feed_support import entry, parsed

URL = "https://news.example/feed.xml"
GLACIER = "Glacier retreat measured from orbit"


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


@pytest.fixture
def feed_ids() -> list[str]:
    """Two stored articles in the user's data directory, one of them read."""
    with FeedStore.in_dir(paths.data_dir()) as store:
        store.add_feed(URL, title="Science Wire")
        body = "Satellites show the glacier lost 40 metres a year, said Dr Ines Ortega of the survey."
        result = store.store_fetch(URL, parsed(URL, [entry(1, title=GLACIER, body=body), entry(2)]))
        store.set_read([result.new_ids[1]])
        return list(result.new_ids)


def test_list_with_no_path_shows_feed_articles_instead_of_the_seeds(
    capsys: pytest.CaptureFixture[str], feed_ids: list[str]
) -> None:
    status, out, _ = _run(capsys, "list", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [row["id"] for row in rows] == feed_ids
    first = rows[0]
    assert (first["title"], first["source"], first["path"], first["url"], first["read"]) == (
        GLACIER, "Science Wire", None, "https://news.example/1", False,
    )  # fmt: skip
    assert rows[1]["read"] is True


def test_list_reads_the_configured_library_and_the_feeds(
    capsys: pytest.CaptureFixture[str], feed_ids: list[str], news_dir: Path
) -> None:
    save_settings(Settings(library=[str(news_dir)]), paths.config_dir() / CONFIG_NAME)
    status, out, _ = _run(capsys, "list", "--json")
    rows = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and len(rows) == 5
    files = [row for row in rows if row["path"]]
    assert len(files) == 3 and all(row["url"] is None and row["read"] is False for row in files)


def test_search_finds_feed_articles_with_url_and_read(
    capsys: pytest.CaptureFixture[str], feed_ids: list[str]
) -> None:
    status, out, _ = _run(capsys, "search", "--json", "glacier satellites")
    (line,) = [json.loads(text) for text in out.splitlines()]
    (hit,) = line["results"]
    assert status == 0
    assert (hit["title"], hit["url"], hit["read"]) == (GLACIER, "https://news.example/1", False)
    status, out, _ = _run(capsys, "show", "--json", hit["path"])
    text = json.loads(out)["text"]
    assert [text[a:b].lower() for a, b in hit["matches"]] == ["glacier", "satellites", "glacier"]


def test_annotate_a_stored_article_by_id_and_by_link(
    capsys: pytest.CaptureFixture[str], feed_ids: list[str]
) -> None:
    for key in (feed_ids[0], "https://news.example/1"):
        status, out, _ = _run(capsys, "annotate", "--json", key)
        record = json.loads(out)
        assert status == 0 and record["id"] == feed_ids[0]
        status, shown, _ = _run(capsys, "show", "--json", feed_ids[0])
        text = json.loads(shown)["text"]
        people = [text[e["start"] : e["end"]] for e in record["entities"] if e["label"] == "PERSON"]
        assert "Ines Ortega" in people


def test_bookmarks_on_a_feed_article_survive_the_feed_dropping_it(
    capsys: pytest.CaptureFixture[str], feed_ids: list[str]
) -> None:
    status, out, _ = _run(capsys, "bookmarks", "add", feed_ids[0], "--text", "lost 40 metres a year")
    assert status == 0
    with FeedStore.in_dir(paths.data_dir()) as store:  # the feed now carries only a new entry
        store.store_fetch(URL, parsed(URL, [entry(3)]))
    status, out, _ = _run(capsys, "bookmarks", "list", "--json")
    (record,) = [json.loads(line) for line in out.splitlines()]
    assert (record["state"], record["title"], record["text"]) == (
        "anchored",
        GLACIER,
        "lost 40 metres a year",
    )
    assert record["path"] == f"newstui://article/{feed_ids[0]}"
    status, out, _ = _run(capsys, "feeds", "remove", URL)  # even unsubscribing keeps it
    status, out, _ = _run(capsys, "bookmarks", "list", "--json")
    assert json.loads(out)["state"] == "anchored"
    status, out, _ = _run(capsys, "bookmarks", "export")
    assert "lost 40 metres a year" in out and GLACIER in out


def test_annotate_unknown_key_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    status, _, err = _run(capsys, "annotate", "no-such-file.txt")
    assert status == 2 and "no such file" in err


@pytest.mark.parametrize("keep_days", [30, 10**15], ids=["a-month", "absurdly-long"])
def test_retention_settings_prune_old_read_articles_but_never_bookmarked_ones(
    capsys: pytest.CaptureFixture[str], keep_days: int
) -> None:
    with FeedStore.in_dir(paths.data_dir()) as store:  # entries of 2025: older than 30 days by now
        store.add_feed(URL)
        ids = store.store_fetch(
            URL, parsed(URL, [entry(n, body=f"Body number {n} here.") for n in range(4)])
        ).new_ids
        store.set_read(ids[1:])
    _run(capsys, "bookmarks", "add", ids[2], "--text", "Body number 2")
    save_settings(Settings(keep_days=keep_days, max_per_feed=0), paths.config_dir() / CONFIG_NAME)
    status, out, err = _run(capsys, "list", "--json")
    listed = [json.loads(line)["id"] for line in out.splitlines()]
    assert status == 0 and err == ""
    expected = [ids[0], ids[2]] if keep_days == 30 else list(ids)  # unread and bookmarked stay
    assert listed == expected


def test_max_per_feed_keeps_the_newest_read_ones(capsys: pytest.CaptureFixture[str]) -> None:
    with FeedStore.in_dir(paths.data_dir()) as store:
        store.add_feed(URL)
        ids = store.store_fetch(URL, parsed(URL, [entry(n) for n in range(5)])).new_ids
        store.set_read(ids)
    save_settings(Settings(max_per_feed=2), paths.config_dir() / CONFIG_NAME)
    _, out, _ = _run(capsys, "list", "--json")
    assert [json.loads(line)["id"] for line in out.splitlines()] == list(ids[:2])


def test_a_bookmark_follows_its_passage_when_the_feed_edits_the_entry(
    capsys: pytest.CaptureFixture[str], feed_ids: list[str]
) -> None:
    _run(capsys, "bookmarks", "add", feed_ids[0], "--text", "lost 40 metres a year")
    edited = "Update: new figures. Satellites show the glacier lost 40 metres a year, said Dr Ines Ortega."
    with FeedStore.in_dir(paths.data_dir()) as store:
        edit = entry(1, title=GLACIER, body=edited, content=f"<p>{edited}</p>")  # as a feed would change it
        result = store.store_fetch(URL, parsed(URL, [edit, entry(2)]))
    assert (result.new, result.updated) == (0, 1)  # same id, new text
    _, out, _ = _run(capsys, "bookmarks", "list", "--json")
    record = json.loads(out)
    assert record["state"] == "moved" and record["text"] == "lost 40 metres a year"
    _, shown, _ = _run(capsys, "show", "--json", feed_ids[0])
    text = json.loads(shown)["text"]
    assert text[record["start"] : record["end"]] == "lost 40 metres a year"
