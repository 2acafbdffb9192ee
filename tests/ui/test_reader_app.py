"""The main screen driven as a person would: keys, clicks, and what ends up on screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.core.settings import load_settings
from newstui.ui.app import make_app
from newstui.ui.screens.help import HelpScreen
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.reader import Reader
from tests.conftest import write_article
from tests.ui.helpers import record_notifications, screen_text, settle, widget_text


async def test_opens_with_first_article_shown(news_dir: Path) -> None:
    app = make_app([news_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        articles = app.screen.query_one(ArticleList)
        assert [m.title for m in articles.entries] == ["Gamma report", "Beta report", "Alpha report"]
        assert "Gamma report" in widget_text(articles)
        reader_text = widget_text(app.screen.query_one(Reader))
        assert "Gamma report" in reader_text
        assert "Gamma one." in reader_text and "Gamma two." in reader_text
        assert "3 articles" in app.sub_title


async def test_move_down_and_open_focuses_reader(news_dir: Path) -> None:
    app = make_app([news_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("j")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.has_focus
        text = widget_text(reader)
        assert "Beta report" in text and "Beta one." in text and "Beta two." in text
        await pilot.press("tab")
        assert app.screen.query_one(ArticleList).has_focus


async def test_brackets_step_between_articles(news_dir: Path) -> None:
    app = make_app([news_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket", "right_square_bracket")
        await settle(pilot)
        assert "Alpha one." in widget_text(app.screen.query_one(Reader))
        await pilot.press("left_square_bracket")
        await settle(pilot)
        assert "Beta one." in widget_text(app.screen.query_one(Reader))


async def test_click_opens_article(news_dir: Path) -> None:
    app = make_app([news_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.click(ArticleList, offset=(5, 4))  # third row: lines 4-5
        await settle(pilot)
        assert "Alpha one." in widget_text(app.screen.query_one(Reader))
        assert app.screen.query_one(Reader).has_focus


async def test_reader_scrolls_by_line_and_page(tmp_path: Path) -> None:
    long = [f"Paragraph number {n} " + "word " * 40 for n in range(60)]
    write_article(tmp_path, "long.txt", "Long read", *long)
    app = make_app([tmp_path])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        reader = app.screen.query_one(Reader)
        await pilot.press("down", "down")  # arrows scroll by line (j/k move the passage cursor)
        assert reader.scroll_y == 2
        await pilot.press("up")
        assert reader.scroll_y == 1
        await pilot.press("space")
        assert reader.scroll_y > 20
        await pilot.press("G")
        assert reader.scroll_y == reader.max_scroll_y
        await pilot.press("g")
        assert reader.scroll_y == 0


async def test_sidebar_toggle_persists(news_dir: Path, isolated_dirs: Path) -> None:
    app = make_app([news_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one("#sidebar")
        assert sidebar.display
        await pilot.press("backslash")
        assert not sidebar.display
        assert app.screen.query_one(Reader).has_focus
    settings, problems = load_settings(isolated_dirs / "config" / "newstui" / "config.json")
    assert problems == [] and settings.show_sidebar is False
    app = make_app([news_dir], settings=settings)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not app.screen.query_one("#sidebar").display
        await pilot.press("backslash")
        assert app.screen.query_one("#sidebar").display


async def test_help_screen_lists_keys(news_dir: Path) -> None:
    app = make_app([news_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = screen_text(app)
        for words in ("Switch pane", "Sidebar", "Open", "Quit", "main.toggle_sidebar"):
            assert words in text
        await pilot.press("escape")
        assert not isinstance(app.screen, HelpScreen)


async def test_empty_library_has_friendly_state(tmp_path: Path) -> None:
    empty = tmp_path / "nothing"
    empty.mkdir()
    app = make_app([empty])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        message = app.screen.query_one("#empty")
        assert message.display
        text = screen_text(app)
        assert "Nothing to read here yet" in text
        assert "newstui PATH" in text


async def test_bad_files_are_reported_not_fatal(news_dir: Path) -> None:
    (news_dir / "broken.txt").write_bytes(b"\x00\x01binary")
    app = make_app([news_dir])
    notes = record_notifications(app)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(app.screen.query_one(ArticleList).entries) == 3
        assert any("broken.txt" in note and "binary" in note for note in notes)
        assert "1 skipped" in str(app.screen.query_one("#status").render())


async def test_command_palette_opens_article_by_title(news_dir: Path) -> None:
    app = make_app([news_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"alpah rep")
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        assert "Alpha one." in widget_text(app.screen.query_one(Reader))


async def test_large_library_loads_in_worker_processes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above the threshold the library is read by a process pool, which must work inside the app."""
    from newstui.core import library as library_module

    monkeypatch.setattr(library_module, "PARALLEL_THRESHOLD", 10)
    for number in range(120):
        write_article(
            tmp_path, f"n{number:03d}.txt", f"Story {number:03d}", "Body.", mtime=1_600_000_000 + number
        )
    app = make_app([tmp_path])
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(100):
            await settle(pilot)
            if not app.screen.query_one("#progress").display:
                break
        entries = app.screen.query_one(ArticleList).entries
        assert len(entries) == 120
        assert entries[0].title == "Story 119" and entries[-1].title == "Story 000"
        assert "Story 119" in widget_text(app.screen.query_one(Reader))
