"""Every surface that shows outside text shows it as data: toasts, palette, header, detail line, panels.

A library whose folder name, source, title, quotation, passage and note carry escapes and markup is
driven as a person would; after each step the whole rendered screen (every widget's segments, toasts
and the command palette included) must hold no ESC, no C1 control and no live link, and nothing may
crash.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets import TabbedContent

from newstui.core.bookmarks.store import FILENAME, BookmarkStore
from newstui.core.settings import Settings
from newstui.ui.app import NewsApp, make_app
from newstui.ui.widgets.entities import AnnotationBar
from newstui.ui.widgets.reader import Reader
from newstui.ui.widgets.search_pane import SearchPane
from tests.conftest import write_article
from tests.ui.helpers import screen_text, settle

OSC52 = "\x1b]52;c;ZXZpbA==\x07"
TITLE = 'Markup [link="http://evil.example/"]y[/link] and [sic] \x1b[2J title'
SOURCE = f"wire{OSC52}[/i]"
ARTICLE = (
    f"---\nsource: {SOURCE}\n---\n# {TITLE}\n\n"
    f"“Write the {OSC52} clipboard [/i] now,” said Vladimir Putin.\n\n"
    "A passage with [/i] and [bold]markup[/bold] \x9b31m and \u202eevil in it.\n"
)


def assert_screen_clean(app: NewsApp) -> None:
    """No widget on screen (toasts and overlays included) draws an escape, a C1 control or a link."""
    for widget in app.screen.walk_children(with_self=True):
        if not widget.display or not widget.size.area:
            continue
        for y in range(widget.size.height):
            for segment in widget.render_line(y):
                text = segment.text
                assert "\x1b" not in text and not any(0x80 <= ord(ch) < 0xA0 for ch in text), (widget, text)
                assert not (segment.style and segment.style.link), (widget, text)
                assert segment.control is None, widget


async def _step(pilot: Pilot[None], *keys: str) -> None:
    await pilot.press(*keys)
    await settle(pilot)
    assert_screen_clean(pilot.app)  # type: ignore[arg-type]


async def test_hostile_library_everywhere(tmp_path: Path) -> None:
    folder = tmp_path / f"news{OSC52}[b]"
    folder.mkdir()
    (folder / "evil.md").write_text(ARTICLE, encoding="utf-8")
    data = tmp_path / "data"
    app = make_app([folder], data_dir=data)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(pilot)
        assert_screen_clean(app)
        text = screen_text(app)
        assert "[sic]" in text  # markup is shown as written, not swallowed
        assert "␛]52;c;ZXZpbA==␇[/i]" in text  # the header's folder name and the meta line's source

        await _step(pilot, "enter")  # open: focus goes to the reader
        for _ in range(8):  # step through names to the quotation: its detail line quotes it
            await _step(pilot, "right_curly_bracket")
            detail = app.screen.query_one(AnnotationBar).text
            if "Putin" in detail:
                break
        assert "␛]52" in detail and "[/i]" in detail

        await _step(pilot, "i")  # the names and quotes panel, then its Quotes tab
        app.screen.query_one(TabbedContent).active = "quotes-tab"
        await _step(pilot)
        await _step(pilot, "escape")

        reader = app.screen.query_one(Reader)
        reader.focus()
        await _step(pilot, "j", "j", "b")  # bookmark the [/i] passage: a toast quotes it
        assert any("Bookmarked" in n.message and "[/i]" in n.message for n in app._notifications)
        await _step(pilot, "a")  # the note editor on that passage
        await pilot.press(*"note [/i]")
        await _step(pilot, "ctrl+s")

        await _step(pilot, "B")  # the bookmarks screen, delete (toast quoting it) and undo
        await _step(pilot, "down", "d")
        await _step(pilot, "u")
        with BookmarkStore(data / FILENAME) as store:
            assert [b.note for b in store.all()] == ["note [/i]"]
        await _step(pilot, "escape")

        await _step(pilot, "ctrl+p")  # the command palette lists titles and their help lines
        await pilot.press(*"markup")
        await pilot.pause(0.3)
        await settle(pilot)
        assert_screen_clean(app)
        assert "[link=" in screen_text(app)


async def test_a_date_filter_without_words_lists_articles(tmp_path: Path) -> None:
    """``after:2022-01-01`` alone showed "No results" in the app while articles qualified."""
    from tests.ui.test_search_app import search_for

    folder = tmp_path / "news"
    folder.mkdir()
    write_article(folder, "new.txt", "Newer report", "Body.", mtime=1_700_000_000)
    write_article(folder, "old.txt", "Older report", "Body.", mtime=1_500_000_000)
    app = make_app([folder])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "after:2022-01-01")
        pane = app.screen.query_one(SearchPane)
        assert pane.results is not None and [hit.title for hit in pane.results.hits] == ["Newer report"]
        assert "1 result" in screen_text(app) and "Newer report" in screen_text(app)
        assert_screen_clean(app)


async def test_unknown_binding_ids_in_the_keymap_are_reported(tmp_path: Path) -> None:
    settings = Settings(keymap={"app.quit": "ctrl+q", f"no.such{OSC52}": "x"})
    app = make_app([tmp_path], settings=settings)
    async with app.run_test(size=(140, 40), notifications=True) as pilot:
        await settle(pilot)
        shown = " ".join(n.message for n in app._notifications)
        assert "no key binding has the id" in shown and "no.such␛]52" in shown
        assert_screen_clean(app)
        await pilot.press("ctrl+q")  # the known one still applies
        await pilot.pause()
    assert app.return_code == 0 and not app.is_running
