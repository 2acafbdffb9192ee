"""The People screen as a person uses it: open it, filter, choose, open a quotation's article at the
quotation; and jump from a name or a quotation in the reader to its page."""

from __future__ import annotations

import asyncio
from itertools import count
from pathlib import Path

import pytest
from textual.command import CommandList
from textual.widgets import Input

from newstui.core.models import Entity, Quote
from newstui.core.people.records import enrichment_of
from newstui.ui.app import NewsApp, make_app
from newstui.ui.screens import people as people_screen
from newstui.ui.screens.main import MainScreen
from newstui.ui.screens.people import PeopleScreen
from newstui.ui.widgets.people_lists import MentionList, PeopleList, QuoteList
from newstui.ui.widgets.reader import Reader
from newstui.ui.widgets.search_pane import SearchPane
from tests.people_support import write_library
from tests.ui.helpers import screen_text, settle, widget_text


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_library(tmp_path)


async def until(pilot, ready, tries: int = 100) -> None:  # type: ignore[no-untyped-def]
    for _ in range(tries):
        await settle(pilot)
        if ready():
            return
        await pilot.pause(0.1)
    raise AssertionError("the app never got there")


def indexed(app: NewsApp) -> bool:
    index = app.search_index
    return index is not None and index.ready and index.pending == 0 and index.people.count() > 0


def listed(app: NewsApp, kind: type[PeopleList | QuoteList]) -> bool:
    """The People screen is open and its list of ``kind`` has rows."""
    return isinstance(app.screen, PeopleScreen) and bool(app.screen.query_one(kind).items)


async def type_text(pilot, text: str) -> None:  # type: ignore[no-untyped-def]
    for ch in text:
        await pilot.press("space" if ch == " " else ch)


async def test_open_filter_choose_and_open_a_quotation(library: Path) -> None:
    app = make_app([library])
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: indexed(app))
        await pilot.press("P")
        await until(pilot, lambda: listed(app, PeopleList))
        screen = app.screen
        shown = screen_text(app)
        assert "Vladimir Putin" in shown and "3 articles" in shown
        assert "entities · most mentioned first" in shown

        await type_text(pilot, "putn")  # a typo still finds him
        await until(pilot, lambda: screen.query_one(PeopleList).items[0].name == "Vladimir Putin")
        await until(pilot, lambda: len(screen.query_one(MentionList).items) == 3)
        assert "We are ready to talk" in widget_text(screen.query_one(QuoteList))
        assert "Leaders meet in Geneva" in widget_text(screen.query_one(QuoteList))

        await pilot.press("enter")  # from the filter to the list
        assert screen.query_one(PeopleList).has_focus
        await pilot.press("enter")  # choose him: his quotations
        assert screen.query_one(QuoteList).has_focus
        await pilot.press("enter")  # open the article at the quotation
        await until(pilot, lambda: isinstance(app.screen, MainScreen))
        await until(pilot, lambda: app.screen.query_one(Reader).article is not None)
        reader = app.screen.query_one(Reader)
        assert reader.article is not None and reader.article.title == "Leaders meet in Geneva"
        assert reader.has_focus
        assert reader.current_match == 0
        start, end = reader.matches[0]
        assert reader.article.text[start:end].startswith("“We are ready")
        assert "We are ready to talk about everything" in widget_text(reader)


async def test_sort_and_label(library: Path) -> None:
    app = make_app([library])
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: indexed(app))
        await pilot.press("P")
        await until(pilot, lambda: listed(app, PeopleList))
        screen = app.screen
        await pilot.press("tab")  # from the filter into the list, where letters are keys
        assert screen.query_one(PeopleList).has_focus
        await pilot.press("s")
        await until(pilot, lambda: "last seen first" in screen_text(app))
        first = screen.query_one(PeopleList).items[0]
        assert first.last_seen is not None and first.last_seen.month == 3
        await pilot.press("ctrl+l")
        await until(pilot, lambda: "persons" in screen_text(app))
        assert {p.label for p in screen.query_one(PeopleList).items} == {"PERSON"}
        await pilot.press("escape")
        assert isinstance(app.screen, MainScreen)


async def test_jump_from_a_name_and_a_quotation_in_the_reader(library: Path) -> None:
    app = make_app([library])
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: indexed(app))
        await pilot.press("G", "enter")  # the oldest article: the summit
        main = app.screen
        reader = main.query_one(Reader)
        await until(pilot, lambda: reader.article is not None and main._annotations is not None)
        assert reader.article is not None and reader.article.title == "Leaders meet in Geneva"

        for _ in range(10):  # { and } move over names and quotations
            await pilot.press("right_curly_bracket")
            current = main._current
            if isinstance(current, Entity) and current.label == "PERSON":
                break
        assert isinstance(main._current, Entity)
        await pilot.press("p")
        await until(pilot, lambda: listed(app, PeopleList))
        page = app.screen
        await until(pilot, lambda: "Vladimir Putin · person" in screen_text(app))
        assert page.query_one(PeopleList).current is not None
        assert page.query_one(PeopleList).current.name == "Vladimir Putin"
        await pilot.press("escape")
        assert app.screen is main

        for _ in range(10):
            await pilot.press("right_curly_bracket")
            if isinstance(main._current, Quote):
                break
        assert isinstance(main._current, Quote)
        await pilot.press("p")
        await until(pilot, lambda: listed(app, QuoteList))
        assert "We are ready to talk" in widget_text(app.screen.query_one(QuoteList))


async def test_command_palette_opens_a_page(library: Path) -> None:
    app = make_app([library])
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: indexed(app))
        await pilot.press("ctrl+p")
        await type_text(pilot, "vladimir")
        await until(pilot, lambda: "Person: Vladimir Putin" in screen_text(app))
        commands = app.screen.query_one(CommandList)
        for _ in range(8):  # down to the person's hit (articles that name him are listed too)
            await pilot.press("down")
            highlighted = commands.highlighted_option
            if highlighted is not None and "Person: Vladimir Putin" in str(highlighted.prompt):
                break
        await pilot.press("enter")
        await until(pilot, lambda: listed(app, QuoteList))
        assert app.screen.query_one(PeopleList).current is not None
        assert app.screen.query_one(PeopleList).current.name == "Vladimir Putin"


async def test_the_screen_fills_as_enrichment_proceeds(
    library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Batches land while the screen is open: rows appear, progress shows, the filter and the entity
    under the cursor stay."""
    monkeypatch.setattr(SearchPane, "enrich_index", lambda self: None)  # the test enriches, batch by batch
    monkeypatch.setattr(people_screen, "REFRESH_EVERY", 0.2)
    app = make_app([library])
    async with app.run_test(size=(120, 40)) as pilot:
        await until(pilot, lambda: app.search_index is not None and app.search_index.ready)
        index = app.search_index
        assert index is not None
        await until(pilot, lambda: index.store.pending() == 3)
        await pilot.press("P")
        screen = app.screen
        assert isinstance(screen, PeopleScreen)
        await until(pilot, lambda: "No names yet" in screen_text(app))

        def enrich(articles: int) -> None:
            """Enrich ``articles`` more (the pass asks once before the batch, then before each article)."""
            asked = count()
            index.store.enrich(enrichment_of, cancelled=lambda: next(asked) > articles)

        await asyncio.to_thread(enrich, 1)  # the oldest article first: the summit, Putin's
        await until(pilot, lambda: "names from 1 of 3 articles" in screen_text(app))
        await until(pilot, lambda: listed(app, PeopleList))
        await type_text(pilot, "putin")
        await until(pilot, lambda: screen.query_one(PeopleList).items[0].name == "Vladimir Putin")
        await until(pilot, lambda: "in 1 article" in screen_text(app))  # his heading: one article so far
        assert "1 articles" not in screen_text(app)
        assert len(screen.query_one(MentionList).items) == 1

        await asyncio.to_thread(enrich, 2)
        await until(pilot, lambda: "names from" not in screen_text(app))
        await until(pilot, lambda: len(screen.query_one(MentionList).items) == 3)
        assert screen.query_one(Input).value == "putin"  # the filter kept
        current = screen.query_one(PeopleList).current
        assert current is not None and current.name == "Vladimir Putin"  # the cursor kept
        assert "in 3 articles" in screen_text(app)
