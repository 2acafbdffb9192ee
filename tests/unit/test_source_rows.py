"""The sidebar's sources as data: order, folders (nested too), counts, failures, and the links list."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.core.feeds.models import Feed, FeedCounts
from newstui.core.models import ArticleMeta
from newstui.ui.feed_session import NumberedLink, numbered_links
from newstui.ui.source_rows import files_filter, source_rows, unread_filter


def test_rows_all_unread_loose_feeds_then_folders_then_files(tmp_path: Path) -> None:
    feeds = [
        Feed("http://a/feed", title="Alpha"),
        Feed("http://b/feed", title="Beta", folder="News", error="HTTP 500"),
        Feed("http://c/feed", title="", folder="News/World"),
        Feed("http://d/feed", title="Delta", folder="Tech"),
    ]
    counts = {
        "http://a/feed": FeedCounts(10, 4),
        "http://b/feed": FeedCounts(5, 5),
        "http://c/feed": FeedCounts(3, 1),
        "http://d/feed": FeedCounts(2, 0),
    }
    rows = source_rows(feeds, counts, [tmp_path / "notes"])
    shape = [(r.kind, r.label, r.depth, r.unread, r.total) for r in rows]
    assert shape == [
        ("all", "All", 0, 10, 20),
        ("unread", "Unread", 0, 10, 10),
        ("feed", "Alpha", 0, 4, 10),
        ("folder", "News", 0, 6, 8),
        ("feed", "Beta", 1, 5, 5),
        ("folder", "World", 1, 1, 3),
        ("feed", "http://c/feed", 2, 1, 3),
        ("folder", "Tech", 0, 0, 2),
        ("feed", "Delta", 1, 0, 2),
        ("files", "notes", 0, 0, 0),
    ]
    news = rows[3]
    assert news.feeds == ("http://b/feed", "http://c/feed") and news.error == "1 failed"
    assert rows[4].error == "HTTP 500"
    assert not rows[-1].reads and rows[0].reads


def test_a_feed_without_counts_shows_zero() -> None:
    rows = source_rows([Feed("http://x/")], {})
    assert (rows[-1].kind, rows[-1].unread, rows[-1].total) == ("feed", 0, 0)


def _meta(path: Path | None, *, stored: bool = False, read: bool = False) -> ArticleMeta:
    return ArticleMeta("id", "t", "s", path, None, None, 1, "utf-8", stored=stored, read=read)


def test_files_filter_keeps_files_under_the_folder_only(tmp_path: Path) -> None:
    keep = files_filter(str(tmp_path / "news"))
    assert keep(_meta(tmp_path / "news" / "a.txt"))
    assert keep(_meta(tmp_path / "news" / "deep" / "b.txt"))
    assert not keep(_meta(tmp_path / "newsletter" / "c.txt"))
    assert not keep(_meta(None, stored=True))
    assert unread_filter(_meta(None, stored=True)) and not unread_filter(_meta(None, stored=True, read=True))
    assert not unread_filter(_meta(tmp_path / "a.txt"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Title\n\nBody.\n\nLinks:\n\n[1]: https://a.example/ (link)\n\n"
            "[2]: https://b.example/i.png (image)\n",
            [NumberedLink(1, "https://a.example/"), NumberedLink(2, "https://b.example/i.png", "image")],
        ),
        (
            "Title\n\n[10]: https://ten/\n\n[2]: https://two/ (link)\n",
            [NumberedLink(2, "https://two/"), NumberedLink(10, "https://ten/")],
        ),
        ("Title\n\nA sentence with [1]: inside it, not a link list.\n", []),
        ("Title\n\nNo links at all.\n", []),
    ],
    ids=["newsboat-list", "out-of-order", "not-at-line-start", "none"],
)
def test_numbered_links(text: str, expected: list[NumberedLink]) -> None:
    assert numbered_links(text) == expected
