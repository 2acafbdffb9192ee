"""Article text is data: markup and escape sequences are shown, never obeyed."""

from __future__ import annotations

from pathlib import Path

from newstui.ui.app import make_app
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.reader import Reader
from tests.ui.helpers import settle

HOSTILE = (
    "[bold red]Markup[/] \x1b[31mred\x1b[0m title\n\n"
    "Clear screen \x1b[2J and home \x1b[H here.\n\n"
    "Clipboard \x1b]52;c;ZXZpbA==\x07 grab.\n\n"
    "Link \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ now.\n\n"
    "Rich [link=https://evil.example]link[/link] and [reverse]styles[/reverse] and :smile:.\n\n"
    "Bell \x07 backspace \x08 delete \x7f c1 \x9b31m done.\n"
)


async def test_markup_and_escapes_are_shown_literally(tmp_path: Path) -> None:
    (tmp_path / "hostile.txt").write_text(HOSTILE, encoding="utf-8")
    app = make_app([tmp_path])
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        articles = app.screen.query_one(ArticleList)
        segments = []
        for widget in (reader, articles):
            for y in range(widget.size.height):
                segments.extend(widget.render_line(y))
        text = "".join(segment.text for segment in segments)
        for literal in (
            "[bold red]Markup[/]",
            "[link=https://evil.example]link[/link]",
            "[reverse]",
            ":smile:",
        ):
            assert literal in text
        assert "[2J" in text and "]52;c;ZXZpbA==" in text
        assert not any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text)
        assert all(segment.style is None or not segment.style.link for segment in segments)
        assert not any(segment.control for segment in segments)
