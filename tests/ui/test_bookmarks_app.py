"""Bookmarking as a person would do it: cursor, b, a note, the B screen, filter, open, delete, undo.

Every step is checked on screen and in the database file in the test's own data directory.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from newstui.core.bookmarks.passages import bookmark_for, find_passage
from newstui.core.bookmarks.store import FILENAME, BookmarkStore
from newstui.core.library import read_article
from newstui.ui.app import NewsApp, make_app
from newstui.ui.screens.bookmarks import BookmarksScreen
from newstui.ui.screens.dialogs import NoteDialog
from newstui.ui.screens.main import MainScreen
from newstui.ui.widgets.bookmark_list import BookmarkList
from newstui.ui.widgets.reader import Reader
from tests.conftest import write_article
from tests.ui.helpers import screen_text, settle, widget_text

SHOOT = "shoot to kill"


def _on_disk(data: Path) -> BookmarkStore:
    """A separate connection to the database file, as another process would see it."""
    return BookmarkStore(data / FILENAME)


def _reader(app: NewsApp) -> Reader:
    return app.screen.query_one(Reader)


async def _open_seed(pilot: Pilot[None], app: NewsApp) -> Reader:
    await settle(pilot)
    await pilot.press("enter")  # open the highlighted (only) article: focus goes to the reader
    await settle(pilot)
    reader = _reader(app)
    assert reader.has_focus and reader.article is not None
    return reader


async def test_bookmark_note_filter_open_delete_undo(seed_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app([seed_dir], data_dir=data)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _open_seed(pilot, app)
        article = reader.article
        assert article is not None
        target = next(i for i in range(len(article.paragraphs)) if SHOOT in article.paragraph_text(i))
        for _ in range(target):
            await pilot.press("j")
        assert reader.selection.cursor == target
        assert "▌" in widget_text(reader)  # the cursor paragraph is marked
        await pilot.press("b")
        await pilot.pause()
        [kept] = _on_disk(data).all()
        assert kept.exact == article.paragraph_text(target) and SHOOT in kept.exact
        assert "●" in widget_text(reader)  # gutter mark for the bookmarked paragraph

        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"Tokayev order")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MainScreen)
        assert _on_disk(data).get(kept.id).note == "Tokayev order"  # type: ignore[union-attr]

        await pilot.press("g", "k")  # cursor away from the passage before opening it from the list
        await pilot.press("B")
        await settle(pilot)
        assert isinstance(app.screen, BookmarksScreen)
        text = screen_text(app)
        assert "WW3 fears grow" in text and "Tokayev order" in text and SHOOT in text
        await pilot.press(*"tokayev ordr")  # filter as you type, with a typo
        await settle(pilot)
        assert len(app.screen.query_one(BookmarkList).items) == 1
        await pilot.press("enter")  # to the list
        await pilot.press("enter")  # open it
        await settle(pilot)
        assert isinstance(app.screen, MainScreen)
        reader = _reader(app)
        assert reader.has_focus and reader.selection.paragraphs() == (target, target)
        visible = widget_text(reader)
        assert SHOOT in visible.replace("\u00a0", " ")
        assert reader.scroll_y <= reader.line_of_paragraph(target) < reader.scroll_y + reader.size.height

        await pilot.press("B")
        await settle(pilot)
        await pilot.press("down")  # from the filter to the list
        await pilot.press("d")
        await settle(pilot)
        assert _on_disk(data).count() == 0
        assert "No bookmarks yet" in screen_text(app)
        await pilot.press("u")
        await settle(pilot)
        assert [b.note for b in _on_disk(data).all()] == ["Tokayev order"]
        assert "Tokayev order" in screen_text(app)


async def test_note_draft_survives_cancel(seed_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app([seed_dir], data_dir=data)
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _open_seed(pilot, app)
        await pilot.press("a")  # a note on a passage without a bookmark
        await pilot.pause()
        assert isinstance(app.screen, NoteDialog)
        await pilot.press(*"half a thought")
        await pilot.press("escape")
        await pilot.pause()
        assert _on_disk(data).all() == []  # a then esc leaves no empty bookmark behind
        assert "●" not in widget_text(reader)
        await pilot.press("a")
        await pilot.pause()
        assert app.screen.query_one(TextArea).text == "half a thought"
        assert "draft restored" in screen_text(app)
        await pilot.press(*" finished", "ctrl+s")
        await pilot.pause()
        [kept] = _on_disk(data).all()  # saving the note keeps the passage with it
        assert kept.note == "half a thought finished"
        assert "●" in widget_text(reader)
        await pilot.press("a", "escape")  # an existing bookmark: esc changes nothing
        await pilot.pause()
        assert [b.note for b in _on_disk(data).all()] == ["half a thought finished"]


async def test_selection_spans_paragraphs_and_arrows_still_scroll(seed_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app([seed_dir], data_dir=data)
    async with app.run_test(size=(120, 20)) as pilot:
        reader = await _open_seed(pilot, app)
        article = reader.article
        assert article is not None
        await pilot.press("j", "v", "v", "j", "j")  # v: by sentence, v again: by paragraph
        assert reader.selection.paragraphs() == (1, 3)
        await pilot.press("b")
        await pilot.pause()
        [kept] = _on_disk(data).all()
        assert (kept.start, kept.end) == (article.paragraphs[1].start, article.paragraphs[3].end)
        assert reader.selection.anchor is None  # b ends the selection
        before = reader.scroll_y
        await pilot.press("down", "down")
        assert reader.scroll_y == before + 2 and reader.selection.cursor == 3


async def test_cursor_follows_when_scrolled_past_the_view(tmp_path: Path) -> None:
    long = [f"Paragraph number {n} " + "word " * 40 for n in range(40)]
    write_article(tmp_path, "long.txt", "Long read", *long)
    app = make_app([tmp_path / "long.txt"], data_dir=tmp_path / "data")
    async with app.run_test(size=(100, 20)) as pilot:
        reader = await _open_seed(pilot, app)
        for _ in range(12):
            await pilot.press("j")
        assert reader.selection.cursor == 12
        assert reader.scroll_y <= reader.line_of_paragraph(12) < reader.scroll_y + reader.size.height
        await pilot.press("G")  # scroll far away with the keys, then j starts from what is in view
        await pilot.press("j")
        assert reader.selection.cursor >= 35


async def test_bookmarks_from_other_libraries_open_from_their_path(
    seed_dir: Path, news_dir: Path, tmp_path: Path
) -> None:
    data = tmp_path / "data"
    elsewhere = write_article(
        tmp_path, "elsewhere.txt", "Far away story", "First.", "The kept passage is here."
    )
    other = read_article(elsewhere)
    store = BookmarkStore.in_dir(data)
    span = find_passage(other.text, "The kept passage is here.")
    assert span is not None
    store.add(bookmark_for(other, *span, now=store.clock(), note="outside"))
    app = make_app([news_dir], store=store)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        assert "Far away story" in screen_text(app)
        await pilot.press("down", "enter")
        await settle(pilot)
        reader = _reader(app)
        assert reader.article is not None and reader.article.title == "Far away story"
        assert reader.selection.cursor == 1
        elsewhere.unlink()
        await pilot.press("B")
        await settle(pilot)
        assert "article file missing" in screen_text(app)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert isinstance(app.screen, BookmarksScreen)  # cannot open; says why and stays


async def test_a_corrupt_database_is_reported_at_startup(seed_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    data.mkdir()
    (data / FILENAME).write_bytes(b"not a database" * 40)
    app = make_app([seed_dir], data_dir=data)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert any("moved to" in n.message for n in app._notifications)
        assert len(list(data.glob(f"{FILENAME}.corrupt-*"))) == 1
        await pilot.press("enter", "b")
        await pilot.pause()
        assert _on_disk(data).count() == 1


async def test_tags_and_sort_on_the_bookmarks_screen(seed_dir: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    app = make_app([seed_dir], data_dir=data)
    async with app.run_test(size=(120, 40)) as pilot:
        await _open_seed(pilot, app)
        await pilot.press("b", "j", "j", "b")
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("down", "t")
        await pilot.pause()
        tags = app.screen.query_one(Input)
        assert tags.value == ""
        await pilot.press(*"war, Kazakhstan", "enter")
        await settle(pilot)
        assert "#war #Kazakhstan" in screen_text(app)
        assert sorted(b.tags for b in _on_disk(data).all()) == [(), ("war", "Kazakhstan")]
        await pilot.press("s")
        await settle(pilot)
        assert "sorted by article" in screen_text(app)


async def test_moving_the_cursor_redraws_exactly_like_a_full_layout(seed_dir: Path, tmp_path: Path) -> None:
    app = make_app([seed_dir], data_dir=tmp_path / "data")
    async with app.run_test(size=(100, 30)) as pilot:
        reader = await _open_seed(pilot, app)
        await pilot.press("j", "j", "v", "j", "b", "k", "k")
        await pilot.pause()
        height = len(reader._lines)
        quick = [list(reader._lines[y]) for y in range(height)]
        reader._relayout()  # what a full layout draws for the same state
        assert [list(reader._lines[y]) for y in range(height)] == quick


async def test_click_and_drag_place_the_cursor_and_select(seed_dir: Path, tmp_path: Path) -> None:
    app = make_app([seed_dir], data_dir=tmp_path / "data")
    async with app.run_test(size=(120, 40)) as pilot:
        reader = await _open_seed(pilot, app)
        x = reader.content_region.x + reader._margin + 2 - reader.region.x
        first, third = reader.line_of_paragraph(1), reader.line_of_paragraph(3)
        await pilot.click(Reader, offset=(x, first))
        assert reader.selection.cursor == 1 and reader.selection.anchor is None
        await pilot.mouse_down(Reader, offset=(x, first))
        await pilot.mouse_up(Reader, offset=(x, third))
        assert reader.selection.paragraphs() == (1, 3)
        await pilot.press("b")
        await pilot.pause()
        [kept] = _on_disk(tmp_path / "data").all()
        article = reader.article
        assert article is not None
        assert (kept.start, kept.end) == (article.paragraphs[1].start, article.paragraphs[3].end)


async def test_v_selects_by_sentence_across_paragraphs(tmp_path: Path) -> None:
    write_article(
        tmp_path,
        "s.txt",
        "Sentences",
        "First one here. Mr. Smith said “no.” Third sentence?",
        "Next paragraph starts. It goes on.",
    )
    data = tmp_path / "data"
    app = make_app([tmp_path / "s.txt"], data_dir=data)
    async with app.run_test(size=(100, 24)) as pilot:
        reader = await _open_seed(pilot, app)
        await pilot.press("v")
        await pilot.pause()
        assert reader.selection.sentence_range is not None
        await pilot.press("j")
        await pilot.press("b")
        await pilot.press("v", "j", "j", "j", "b")  # four sentences: across into the next paragraph
        await pilot.pause()
        texts = sorted(b.exact for b in _on_disk(data).all())
        assert texts == [
            "First one here. Mr. Smith said “no.”",
            "First one here. Mr. Smith said “no.” Third sentence?\n\nNext paragraph starts.",
        ]
        assert reader.selection.sentence_range is None
