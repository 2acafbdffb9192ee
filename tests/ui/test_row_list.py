"""The one virtual row list every list is built on: keys, clicks, cache, and a cursor that shows."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.widgets import Input

from newstui.ui.widgets.row_list import RowList, row_list_bindings
from tests.ui.helpers import widget_text


class Numbers(RowList[int]):
    BINDINGS: ClassVar = [*row_list_bindings("numbers")]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"numbers--cursor", "numbers--even"}
    DEFAULT_CSS = """
    Numbers { height: 1fr; background: $surface; }
    Numbers > .numbers--cursor { background: $foreground 15%; }
    Numbers:focus > .numbers--cursor { background: $block-cursor-background; }
    Numbers > .numbers--even { background: $warning 40%; }
    """
    ROW_HEIGHT = 2
    CURSOR = "numbers--cursor"

    def __init__(self) -> None:
        super().__init__(id="numbers")
        self.rendered: list[int] = []
        self.highlighted: list[int] = []
        self.selected: list[int] = []

    def render_row(self, item: int, width: int) -> Text:
        self.rendered.append(item)
        text = Text(f"row {item}")
        if item % 2 == 0:
            text.append(" even", style=self.row_style("numbers--even"))
        return text.append(f"\n  detail {item}")


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Input(id="other")
        yield Numbers()

    def on_row_list_highlighted(self, event: RowList.Highlighted) -> None:
        self.query_one(Numbers).highlighted.append(event.index)

    def on_row_list_selected(self, event: RowList.Selected) -> None:
        self.query_one(Numbers).selected.append(event.index)


def backgrounds(numbers: Numbers, y: int) -> set[str]:
    """Background colours of the cells of screen line ``y`` that show text (not the padding)."""
    return {
        str(segment.style.bgcolor)
        for segment in numbers.render_line(y)
        if segment.text.strip() and segment.style is not None
    }


async def test_keys_move_page_and_jump() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        numbers = app.query_one(Numbers)
        numbers.set_items(list(range(100)))
        numbers.focus()
        await pilot.pause()
        await pilot.press("j", "down")
        assert numbers.cursor == 2 and numbers.highlighted[-1] == 2
        await pilot.press("k")
        assert numbers.cursor == 1
        await pilot.press("pagedown")
        page = numbers.rows_per_page
        assert page == 4 and numbers.cursor == 1 + page  # 9 lines under the input: 4 two-line rows
        await pilot.press("G")
        assert numbers.cursor == 99
        assert "row 99" in widget_text(numbers)  # scrolled into view
        await pilot.press("j")
        assert numbers.cursor == 99  # clamped
        await pilot.press("g")
        assert numbers.cursor == 0 and "row 0" in widget_text(numbers)
        await pilot.press("pageup")
        assert numbers.cursor == 0


async def test_click_selects_the_row_under_the_mouse() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        numbers = app.query_one(Numbers)
        numbers.set_items(list(range(10)))
        await pilot.pause()
        await pilot.click(Numbers, offset=(3, 5))  # lines 4-5 are the third row
        assert numbers.cursor == 2 and numbers.selected == [2]
        await pilot.press("enter")  # enter is the subclass's to bind: nothing happens here
        assert numbers.selected == [2]


async def test_cursor_row_stands_out_focused_and_not() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        numbers = app.query_one(Numbers)
        numbers.set_items(list(range(10)), cursor=1)
        app.query_one(Input).focus()
        await pilot.pause()
        unfocused = backgrounds(numbers, 3)
        assert len(unfocused) == 1 and unfocused != backgrounds(numbers, 1)
        numbers.focus()
        await pilot.pause()
        focused = backgrounds(numbers, 3)
        assert len(focused) == 1 and focused != unfocused and focused != backgrounds(numbers, 1)


async def test_highlight_keeps_its_background_under_the_cursor() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        numbers = app.query_one(Numbers)
        numbers.set_items(list(range(10)), cursor=0)
        numbers.focus()
        await pilot.pause()
        line = list(numbers.render_line(0))
        cursor = {str(s.style.bgcolor) for s in line if s.style and s.text.startswith("row")}
        even = {str(s.style.bgcolor) for s in line if s.style and "even" in s.text}
        assert cursor and even and cursor != even
        # The alpha of "$warning 40%" is blended against the list's background, not dropped.
        warning = app.theme_variables["warning"].lower()
        assert even != {warning}


async def test_rows_are_cached_and_cursor_moves_render_nothing_new() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        numbers = app.query_one(Numbers)
        numbers.set_items(list(range(1000)))
        numbers.focus()
        await pilot.pause()
        first = len(numbers.rendered)
        assert first <= 12  # only the rows on screen
        await pilot.press("j", "j", "k")
        assert len(numbers.rendered) == first
        await pilot.press("G")
        assert len(numbers.rendered) <= first + 12


async def test_a_theme_change_repaints_cached_rows() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 12)) as pilot:
        app.theme = "textual-dark"
        numbers = app.query_one(Numbers)
        numbers.set_items(list(range(10)), cursor=5)
        await pilot.pause()
        before = backgrounds(numbers, 2)  # row 1: odd, no highlight
        app.theme = "textual-light"
        await pilot.pause()
        after = backgrounds(numbers, 2)
        assert before != after
        assert after == {str(numbers.rich_style.bgcolor)}


async def test_row_line_cuts_the_first_part_and_keeps_the_right_part_flush() -> None:
    app = ListApp()
    async with app.run_test(size=(40, 10)):
        numbers = app.query_one(Numbers)
        title = ("A very long title that cannot fit here", "")
        line = numbers.row_line(30, title, right=[("08 Jan 2022", "")])
        assert line.cell_len == 30
        assert line.plain.endswith("  08 Jan 2022")
        assert "…" in line.plain and line.plain.startswith(" A very")
        short = numbers.row_line(30, ("Short", ""), right=[("08 Jan", "")])
        assert short.plain == " Short" + " " * 18 + "08 Jan"
        # too narrow for both: the title keeps its cells and the date is left out, never run together
        narrow = numbers.row_line(14, ("A long title", ""), right=[("08 Jan 2022", "")])
        assert narrow.cell_len <= 14 and "2022" not in narrow.plain
        # later parts stay whole while the first gives way; outside text is made safe
        parts = numbers.row_line(20, ("[b]markup\x1b[31m and more", "numbers--even"), (" (rss)", ""))
        assert parts.plain.endswith("… (rss)") and "\x1b" not in parts.plain and parts.cell_len <= 20
