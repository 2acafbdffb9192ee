"""Search in the app, as a person would: type with a typo, see, open, highlight, step, leave."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstui.ui.app import make_app
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.reader import Reader
from newstui.ui.widgets.search_pane import SearchBox, SearchPane
from newstui.ui.widgets.search_results import SearchResults
from tests.conftest import FIXED_TIME, write_article
from tests.ui.helpers import settle, widget_text


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    filler = " ".join(["Other words fill this paragraph of the article."] * 12)
    write_article(
        folder,
        "glasgow.txt",
        "Delegates gather",
        filler,
        "The climate summit in Glasgow opened today.",
        filler,
        "Later the summit closed with a deal.",
        mtime=FIXED_TIME,
    )
    write_article(folder, "zurich.txt", "Zürich bankers meet", "Rates were discussed.", mtime=FIXED_TIME + 60)
    write_article(folder, "alpha.txt", "Alpha report", "Nothing to see.", mtime=FIXED_TIME + 120)
    return folder


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def wait_for_results(pilot) -> None:  # type: ignore[no-untyped-def]
    for _ in range(20):
        await settle(pilot)
        await pilot.pause(0.1)
        pane = pilot.app.screen.query_one(SearchPane)
        if pane.results is not None and pane.results.query.text == pane.query_text:
            return


async def search_for(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    """Open search with `/`, type ``text`` a key at a time and wait for its results."""
    await pilot.press("slash")
    await type_text(pilot, text)
    await wait_for_results(pilot)


async def test_search_open_highlight_step_and_restore(library: Path, isolated_dirs: Path) -> None:
    app = make_app([library])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        await pilot.press("slash")
        assert screen.query_one(SearchPane).display
        assert not screen.query_one(ArticleList).display
        assert screen.query_one(SearchBox).has_focus

        await type_text(pilot, "sumit")  # a typo for "summit"
        await wait_for_results(pilot)
        results = screen.query_one(SearchResults)
        shown = widget_text(results)
        assert "Delegates gather" in shown
        assert "summit" in shown  # the snippet line
        assert "1 result" in widget_text(screen.query_one("#search-count"))

        await pilot.press("enter")
        await settle(pilot)
        reader = screen.query_one(Reader)
        assert reader.article is not None and reader.article.title == "Delegates gather"
        assert reader.has_focus, app.focused
        text = reader.article.text
        matches = [text[a:b] for a, b in reader.matches]
        assert matches == ["summit", "summit"]
        assert reader._layers["search"][0].style == "reader--match"  # resolved by the reader per theme
        first = reader.current_match
        assert "climate summit in Glasgow" in widget_text(reader)  # scrolled to the best passage

        await pilot.press("n")
        await settle(pilot)
        assert reader.current_match == (first + 1) % 2
        start, _end = reader.matches[reader.current_match]
        assert reader._layers["search-current"][0].start == start
        assert "closed with a deal" in widget_text(reader)
        await pilot.press("N")
        assert reader.current_match == first

        await pilot.press("slash")
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.query_one(SearchPane).display
        articles = screen.query_one(ArticleList)
        assert articles.display and articles.has_focus
        assert "Alpha report" in widget_text(articles)

    history = json.loads((isolated_dirs / "data" / "newstui" / "search_history.json").read_text())
    assert history == ["sumit"]


async def test_recent_queries_with_up(library: Path) -> None:
    app = make_app([library])
    app.search_history.add("bankers")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await pilot.press("up")
        assert app.screen.query_one(SearchBox).value == "bankers"
        await wait_for_results(pilot)
        assert "Zürich bankers meet" in widget_text(app.screen.query_one(SearchResults))


async def test_find_in_article(library: Path) -> None:
    app = make_app([library])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        app.screen.query_one(ArticleList).select_id(
            next(m.id for m in app.screen.query_one(ArticleList).entries if m.title == "Delegates gather")
        )
        await settle(pilot)
        await pilot.press("ctrl+f")
        await type_text(pilot, "glasgwo")
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        text = reader.article.text  # type: ignore[union-attr]
        assert [text[a:b] for a, b in app.screen.query_one(Reader).matches] == ["Glasgow"]
        assert reader.has_focus


async def test_a_narrow_sidebar_still_shows_the_word_found(tmp_path: Path) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    write_article(
        folder,
        "long.txt",
        "Harbour report",
        "The council met on a wet Tuesday evening to hear at length from residents and engineers "
        "about the harbour wall, and in the end it voted for the breakwater plan.",
        mtime=FIXED_TIME,
    )
    app = make_app([folder])
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await search_for(pilot, "breakwater")
        results = app.screen.query_one(SearchResults)
        snippet_line = widget_text(results).splitlines()[2]
        assert "breakwater" in snippet_line, snippet_line
        assert snippet_line.lstrip().startswith("…")
        styles = [segment.style for segment in results.render_line(2) if "breakwater" in segment.text]
        assert styles and styles[0] == results.row_style("search-results--match") + styles[0]


async def test_no_results_says_so(library: Path) -> None:
    app = make_app([library])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await search_for(pilot, "xylophone")
        assert "No results" in widget_text(app.screen.query_one("#search-count"))


async def test_command_palette_uses_the_index(library: Path) -> None:
    app = make_app([library])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.search_index is not None and app.search_index.ready
        await pilot.press("ctrl+p")
        await pilot.pause()
        await type_text(pilot, "glasgwo")  # a body word, with a typo: titles alone cannot find it
        await pilot.pause(0.5)
        await pilot.press("enter")
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and reader.article.title == "Delegates gather"


async def test_entity_names_fill_in_the_background(tmp_path: Path) -> None:
    folder = tmp_path / "kz"
    folder.mkdir()
    write_article(folder, "kz.txt", "Unrest", "Kassym-Jomart Tokayev said in Almaty that order was back.")
    write_article(folder, "street.txt", "Bakery opens", "A bakery opened in Tokayev street, Almaty.")
    app = make_app([folder])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash")
        await type_text(pilot, "person:tokayev")  # typing is never held up by the pass
        for _ in range(50):  # the pass runs after the build, in its own worker
            await pilot.pause(0.1)
            index = app.search_index
            if index is not None and index.ready and not index.pending:
                break
        assert app.search_index is not None and app.search_index.pending == 0
        await wait_for_results(pilot)
        await settle(pilot)
        await pilot.pause(0.3)
        pane = app.screen.query_one(SearchPane)
        assert pane.results is not None and pane.results.ignored == ()
        shown = widget_text(app.screen.query_one(SearchResults))
        assert "Unrest" in shown
        assert "names" not in widget_text(app.screen.query_one("#search-count"))


async def test_parallel_build_works_inside_the_app(library: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Large libraries are read by worker processes; under Textual stderr has no real file descriptor,
    which once made starting them fail ("bad value(s) in fds_to_keep")."""
    monkeypatch.setattr("newstui.core.search.store.PARALLEL_THRESHOLD", 1)
    app = make_app([library])
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(60):
            await pilot.pause(0.1)
            if app.search_index is not None and app.search_index.ready:
                break
        assert app.search_index is not None and app.search_index.ready
        assert app.search_index.store.count() == 3
