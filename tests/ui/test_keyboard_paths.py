"""Keyboard paths a daily user hits: keys typed in a burst, stepping and reloading from what is open,
and a bookmarks cursor that shows the row ``d`` deletes. Checked on screen and on disk."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.style import Style
from textual import events
from textual.app import App

from newstui.core.bookmarks.passages import bookmark_for
from newstui.core.bookmarks.store import FILENAME, BookmarkStore
from newstui.core.library import read_article
from newstui.ui.app import make_app
from newstui.ui.screens.bookmarks import BookmarksScreen
from newstui.ui.screens.main import MainScreen
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.bookmark_list import BookmarkList
from newstui.ui.widgets.reader import Reader
from tests.conftest import FIXED_TIME, write_article
from tests.ui.helpers import settle, widget_text


def burst(app: App[None], *keys: str) -> None:
    """Keys as a fast typist sends them: all queued at once, none waiting for the screen to catch up."""
    for key in keys:
        event = events.Key(key, key if len(key) == 1 else None)
        event.set_sender(app)
        app.post_message(event)


NAMES = ("alpha", "beta", "gamma", "delta")


def library(folder: Path) -> Path:
    folder.mkdir()
    for number, name in enumerate(NAMES):
        write_article(
            folder,
            f"{number}.txt",
            f"Story {name}",
            f"Story {name} first paragraph.",
            f"Story {name} second paragraph.",
            mtime=FIXED_TIME + 60 * number,
        )
    return folder


def bookmark_each(folder: Path, data: Path) -> list[str]:
    """One bookmark per article, newest bookmark first in the list (by date); their passages."""
    store = BookmarkStore.in_dir(data)
    passages = []
    for number in range(4):
        article = read_article(folder / f"{number}.txt")
        para = article.paragraphs[0]
        store.add(bookmark_for(article, para.start, para.end, now=store.clock()))
        passages.append(article.paragraph_text(0))
    return passages


async def test_keys_typed_in_a_burst_after_B_open_the_third_bookmark(tmp_path: Path) -> None:
    folder, data = library(tmp_path / "news"), tmp_path / "data"
    bookmark_each(folder, data)
    app = make_app([folder], data_dir=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        shown = [bookmark.exact for bookmark in BookmarkStore(data / FILENAME).all("date")]
        burst(app, "B", "down", "down", "down", "enter")
        for _ in range(5):
            await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        reader = app.screen.query_one(Reader)
        passage = reader.passage()
        assert reader.article is not None and passage is not None
        # down from the filter enters the list on the first bookmark, two more downs: the third.
        assert reader.article.text[passage[0] : passage[1]] == shown[2]


async def test_letters_typed_right_after_slash_go_to_the_search_box(tmp_path: Path) -> None:
    folder = library(tmp_path / "news")
    app = make_app([folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        burst(app, "slash", *"story")  # "s", "t", "o", "r", "y": some are keys of the main screen too
        await settle(pilot)
        assert app.screen.query_one("#search-box").value == "story"  # type: ignore[attr-defined]


async def test_brackets_step_from_the_article_opened_by_search(tmp_path: Path) -> None:
    folder = library(tmp_path / "news")
    app = make_app([folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        assert app.screen.query_one(ArticleList).current.title == "Story delta"  # type: ignore[union-attr]
        await pilot.press("slash", *"beta")
        for _ in range(10):
            await settle(pilot)
            await pilot.pause(0.1)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and reader.article.title == "Story beta"
        await pilot.press("right_square_bracket")  # the next article after the open one, not the list's row
        await settle(pilot)
        assert reader.article.title == "Story alpha"
        await pilot.press("left_square_bracket", "left_square_bracket")
        await settle(pilot)
        assert reader.article.title == "Story gamma"


async def test_reload_keeps_the_open_article(tmp_path: Path) -> None:
    folder = library(tmp_path / "news")
    app = make_app([folder])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("j", "j", "enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and reader.article.title == "Story beta"
        write_article(folder, "9.txt", "Story newest", "Just in.", mtime=FIXED_TIME + 3600)
        await pilot.press("ctrl+r")
        for _ in range(3):
            await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert len(articles.entries) == 5 and articles.entries[0].title == "Story newest"
        assert reader.article.title == "Story beta"
        assert articles.current is not None and articles.current.title == "Story beta"


def _row_backgrounds(listing: BookmarkList) -> list[set[str]]:
    """Per visible row, the backgrounds of the cells that show text."""
    rows = []
    for row in range(len(listing.items)):
        colours: set[str] = set()
        for line in range(listing.ROW_HEIGHT - listing.ROW_GAP):
            for segment in listing.render_line(row * listing.ROW_HEIGHT + line):
                style = segment.style or Style()
                if segment.text.strip():
                    colours.add(str(style.bgcolor))
        rows.append(colours)
    return rows


async def test_bookmarks_cursor_shows_the_row_d_deletes(tmp_path: Path) -> None:
    folder, data = library(tmp_path / "news"), tmp_path / "data"
    bookmark_each(folder, data)
    app = make_app([folder], data_dir=data)
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        await pilot.press("down", "down")
        listing = app.screen.query_one(BookmarkList)
        rows = _row_backgrounds(listing)
        cursor_row = rows[1]
        assert all(cursor_row.isdisjoint(other) for i, other in enumerate(rows) if i != 1)  # it stands out
        marked = listing.items[1].bookmark
        assert marked.exact in widget_text(listing).replace("\u00a0", " ")
        await pilot.press("d")
        await settle(pilot)
        left = {b.id for b in BookmarkStore(data / FILENAME).all("date")}
        assert marked.id not in left and len(left) == 3


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
async def test_bookmark_rows_keep_title_and_date_apart_at_any_width(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    long_title = "A remarkably long headline about the harbour council's sea wall vote and what follows " * 2
    write_article(folder, "long.txt", long_title, "The first paragraph.", mtime=FIXED_TIME)
    data = tmp_path / "data"
    store = BookmarkStore.in_dir(data)
    article = read_article(folder / "long.txt")
    para = article.paragraphs[0]
    store.add(bookmark_for(article, para.start, para.end, now=store.clock()))
    app = make_app([folder], data_dir=data)
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        listing = app.screen.query_one(BookmarkList)
        title_line = widget_text(listing).splitlines()[0]
        date = title_line.split()[-3:]  # "08 Jan 2022" style, flush right
        assert len(title_line) <= listing.size.width
        assert title_line.rstrip().endswith(" ".join(date)) and date[-1].isdigit()
        before_date = title_line[: title_line.rindex(" ".join(date))]
        assert before_date.endswith("  ")  # at least two cells between title and date
        assert "…" in before_date  # the title, not the date, is cut
        assert before_date.strip().startswith("A remarkably long headline")
