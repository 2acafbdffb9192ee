"""Keyboard paths and layouts a daily user hits: each test drives the app by keys, then reads the screen."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList, Static, TabbedContent

from newstui.ui.app import make_app
from newstui.ui.layout import READER_MIN, SIDEBAR_STEP
from newstui.ui.screens.help import key_name
from newstui.ui.widgets.entities import AnnotationBar, EntitiesPanel
from newstui.ui.widgets.reader import Reader
from tests.conftest import write_article
from tests.ui.helpers import screen_text, settle, widget_text


async def test_quotes_tab_without_a_mouse(seed_dir: Path) -> None:
    app = make_app([seed_dir])
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "i")
        await settle(pilot)
        panel = app.screen.query_one(EntitiesPanel)
        assert panel.query_one("#entities-list", OptionList).has_focus
        await pilot.press("right")
        await settle(pilot)
        assert panel.query_one(TabbedContent).active == "quotes-tab"
        quotes = panel.query_one("#quotes-list", OptionList)
        assert quotes.has_focus
        await pilot.press("end", "enter")  # the last quotation
        await settle(pilot)
        assert "quote 2 of 2" in app.screen.query_one(AnnotationBar).text
        await pilot.press("left")
        await settle(pilot)
        assert panel.query_one(TabbedContent).active == "entities-tab"


async def test_n_and_N_say_which_match(tmp_path: Path) -> None:
    write_article(tmp_path, "k.txt", "Birds", "A kestrel. Another kestrel.", "A third kestrel here.")
    app = make_app([tmp_path])
    async with app.run_test(size=(120, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "ctrl+f", *"kestrel", "enter")
        await settle(pilot)
        bar = app.screen.query_one(AnnotationBar)
        assert "match 1 of 3" in bar.text
        await pilot.press("n", "n")
        await settle(pilot)
        assert "match 3 of 3" in bar.text
        await pilot.press("N")
        await settle(pilot)
        assert "match 2 of 3" in bar.text


async def test_ctrl_d_and_ctrl_u_move_half_a_page(tmp_path: Path) -> None:
    write_article(
        tmp_path, "long.txt", "Long", *(f"Paragraph number {n} of a long article." for n in range(80))
    )
    app = make_app([tmp_path])
    async with app.run_test(size=(100, 30)) as pilot:
        await settle(pilot)
        await pilot.press("tab")
        reader = app.screen.query_one(Reader)
        half = reader.scrollable_content_region.height // 2
        await pilot.press("ctrl+d")
        await pilot.pause()
        assert reader.scroll_y == half
        await pilot.press("ctrl+d", "ctrl+u")
        await pilot.pause()
        assert reader.scroll_y == half


def test_key_names_as_typed() -> None:
    assert [
        key_name(k) for k in ("left_curly_bracket", "question_mark", "backslash", "greater_than_sign")
    ] == [
        "{",
        "?",
        "\\",
        ">",
    ]
    assert [key_name(k) for k in ("enter", "ctrl+d", "pageup", "space", "G")] == [
        "enter",
        "ctrl+d",
        "pageup",
        "space",
        "G",
    ]


async def test_help_shows_keys_as_typed_and_wraps_notes_cleanly(seed_dir: Path) -> None:
    app = make_app([seed_dir])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("question_mark")
        await settle(pilot)
        keys = widget_text(app.screen.query_one("#help-keys", Static))
        assert "left_curly_bracket" not in keys and "question_mark" not in keys
        assert any(line.split()[:1] == ["{"] for line in keys.splitlines() if line.strip())
        for note in app.screen.query(".help-note"):
            # A paragraph wraps at spaces: no line but the last is left with a word or two (an indented
            # line is a table cell's own wrap, beside its row).
            lines = [
                line for line in widget_text(note).splitlines() if line.strip() and not line[0].isspace()
            ]
            assert all(len(line.split()) > 2 for line in lines[:-1]), lines


async def test_80x24_keeps_help_and_quit_and_whole_legend_items(seed_dir: Path) -> None:
    app = make_app([seed_dir])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        footer = screen_text(app).splitlines()[-1]
        assert "Help" in footer and "Quit" in footer
        legend = widget_text(app.screen.query_one("#annotation-legend", Static)).strip()
        items = {"People", "Orgs", "Places", "Groups", "Dates", "Numbers", "Quotes", "…"}
        words = [word for word in legend.split() if not word.isdigit()]
        assert words and set(words) <= items, legend
        assert legend.endswith("…")  # what did not fit is said to be missing


async def test_entities_panel_does_not_crush_the_reader(seed_dir: Path) -> None:
    app = make_app([seed_dir])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        sidebar, reader = app.screen.query_one("#sidebar"), app.screen.query_one(Reader)
        await pilot.press("tab", "i")
        await settle(pilot)
        assert app.screen.query_one(EntitiesPanel).display
        assert not sidebar.display
        assert reader.size.width >= 80 - 44 - 2
        await pilot.press("i")
        await settle(pilot)
        assert sidebar.display and not app.screen.query_one(EntitiesPanel).display
    wide = make_app([seed_dir])
    async with wide.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        await pilot.press("tab", "i")
        await settle(pilot)
        assert wide.screen.query_one("#sidebar").display  # room for all three
        assert wide.screen.query_one(Reader).size.width >= READER_MIN


async def test_sidebar_can_be_widened_and_is_remembered(tmp_path: Path) -> None:
    title = "A title long enough that a 42-column sidebar has to cut it short"
    write_article(tmp_path, "t.txt", title, "Body.")
    config = tmp_path / "config.json"
    app = make_app([tmp_path], settings_path=config)
    async with app.run_test(size=(200, 40)) as pilot:
        await settle(pilot)
        sidebar = app.screen.query_one("#sidebar")
        before = sidebar.size.width
        assert title not in widget_text(app.screen.query_one("#articles"))
        for _ in range(5):
            await pilot.press("greater_than_sign")
        await settle(pilot)
        assert sidebar.size.width == before + 5 * SIDEBAR_STEP
        assert title in widget_text(app.screen.query_one("#articles"))
        await pilot.press("less_than_sign")
        await settle(pilot)
        assert sidebar.size.width == before + 4 * SIDEBAR_STEP
    assert json.loads(config.read_text(encoding="utf-8"))["sidebar_width"] == 42 + 4 * SIDEBAR_STEP
