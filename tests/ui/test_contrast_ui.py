"""Legible in every theme: the screen as drawn, measured by WCAG contrast in each state of the app.

For each state (list cursor focused and not, passage cursor, selection, search matches with a current
match, entities, bookmark marks) the app is driven there by keys once, then every built-in theme is
switched to in turn, which also proves a theme change repaints everything. Each screen is read back
from ``export_screenshot()`` (see ``screen_cells``) and checked: text at least 4.5:1 against its
background, and each state at least 3:1 against the plain text or row around it.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.color import Color
from textual.pilot import Pilot
from textual.widget import Widget

from newstui.core.bookmarks.passages import bookmark_for, find_passage
from newstui.core.bookmarks.store import BookmarkStore
from newstui.core.library import read_article
from newstui.core.settings import Settings
from newstui.ui.app import make_app
from newstui.ui.contrast import STATE_CONTRAST, TEXT_CONTRAST, alike, contrast, parse_hex
from newstui.ui.legible import cursor_background
from tests.bookmark_support import StepClock
from tests.conftest import SEED_FILE, write_article
from tests.ui.helpers import settle
from tests.ui.screen_cells import Cell, Screen, read_screen

# The ANSI themes draw in the terminal's own 16 colours, whose values only the terminal knows: there is
# nothing to measure (the screenshot shows Rich's stand-in palette).
THEMES = sorted(name for name in App().available_themes if not name.startswith("ansi-"))
SIZE = (120, 34)
# Lines and blocks drawn as decoration (borders, scrollbars, the gutter marks checked on their own).
DECORATION = {chr(code) for code in range(0x2500, 0x25A0)} | {"●", "…"}

Failures = list[str]
Check = Callable[[Screen, App[Any]], Failures]


def region_cells(screen: Screen, widget: Widget) -> list[tuple[int, int, Cell]]:
    r = widget.region
    return [(y, x, screen[y][x]) for y in range(r.y, r.bottom) for x in range(r.x, r.right)]


def plain_background(screen: Screen, widget: Widget) -> str:
    """The background most of a widget shows: its plain text's."""
    return Counter(cell.bg for _, _, cell in region_cells(screen, widget)).most_common(1)[0][0]


SIDEBAR = ("#sidebar",)
READING = ("#annotation-bar", "#reader", "#entities-panel")


def text_failures(screen: Screen, app: App[Any], where: tuple[str, ...]) -> Failures:
    """Every character of the widgets a state is about readable: 4.5:1 against its background."""
    failures: Counter[tuple[str, str, str]] = Counter()
    for selector in where:
        widgets = app.screen.query(selector)
        if not widgets or not widgets.first().display:
            continue
        for _, _, cell in region_cells(screen, widgets.first()):
            if (
                cell.char.strip()
                and cell.char not in DECORATION
                and contrast(cell.fg, cell.bg) < TEXT_CONTRAST
            ):
                failures[(selector, cell.fg, cell.bg)] += 1
    return [
        f"{where}: text {fg} on {bg} is {contrast(fg, bg):.2f}:1 ({count} cells)"
        for (where, fg, bg), count in failures.items()
    ]


def word_cells(screen: Screen, widget: Widget, word: str) -> list[list[Cell]]:
    """The cells of each occurrence of ``word`` inside a widget's region."""
    r = widget.region
    found = []
    for y in range(r.y, r.bottom):
        line = "".join(cell.char for cell in screen[y][r.x : r.right])
        start = line.find(word)
        while start >= 0:
            found.append(screen[y][r.x + start : r.x + start + len(word)])
            start = line.find(word, start + 1)
    return found


def distinct(name: str, first: str, second: str, minimum: float = STATE_CONTRAST) -> Failures:
    ratio = contrast(first, second)
    return [] if ratio >= minimum else [f"{name}: {first} against {second} is {ratio:.2f}:1"]


# -- the states ---------------------------------------------------------------------------------


def list_cursor(*, focused: bool) -> Check:
    def check(screen: Screen, app: App[Any]) -> Failures:
        sidebar = app.screen.query_one("#sidebar")
        cursor = word_cells(screen, sidebar, "Zeta report")
        other = word_cells(screen, sidebar, "Eta report")
        if not cursor or not other:
            return ["list: rows not found on screen"]
        row, plain = cursor[0][0].bg, other[0][0].bg
        failures = distinct("list cursor row against another row", row, plain)
        if not focused:  # the two states differ: the focused one is the theme's block cursor colour
            block = Color.parse(plain) + Color.parse(app.theme_variables["block-cursor-background"])
            focused_row = cursor_background(parse_hex(block.hex), parse_hex(plain), focused=True)
            if alike(row, focused_row):
                failures.append(f"unfocused cursor row {row} looks like the focused one {focused_row}")
        return failures

    return check


def passage_cursor(screen: Screen, app: App[Any]) -> Failures:
    reader = app.screen.query_one("#reader")
    marks = [cell for _, _, cell in region_cells(screen, reader) if cell.char == "▌"]
    if not marks:
        return ["reader: no passage cursor mark on screen"]
    return distinct("passage cursor mark", marks[0].fg, marks[0].bg)


def selection(screen: Screen, app: App[Any]) -> Failures:
    reader = app.screen.query_one("#reader")
    selected = word_cells(screen, reader, "Zeta one")
    if not selected:
        return ["reader: selected text not on screen"]
    return distinct("selection against plain text", selected[0][0].bg, plain_background(screen, reader))


def search_matches(screen: Screen, app: App[Any]) -> Failures:
    reader = app.screen.query_one("#reader")
    plain = plain_background(screen, reader)
    found = word_cells(screen, reader, "kestrel")
    if len(found) < 3:
        return [f"reader: {len(found)} matches on screen, expected 3"]
    backgrounds = Counter(cells[0].bg for cells in found)
    if len(backgrounds) != 2:
        return [f"reader: the current match is not told apart (backgrounds {dict(backgrounds)})"]
    (match, _), (current, count) = backgrounds.most_common()
    failures = [] if count == 1 else [f"reader: {count} matches look current"]
    failures += distinct("search match against plain text", match, plain)
    failures += distinct("current match against plain text", current, plain)
    failures += distinct("current match against the other matches", current, match)
    return failures


def entities(screen: Screen, app: App[Any]) -> Failures:
    """Each label in its own colour (and underlined: colour is never the only cue)."""
    reader = app.screen.query_one("#reader")
    words = {
        "PERSON": "Putin",
        "ORG": "Spetsnaz",
        "PLACE": "Kazakhstan",
        "NORP": "Russian",
        "DATE": "Friday",
        "NUMBER": "2,500",
    }
    colours: dict[str, str] = {}
    failures = []
    for label, word in words.items():
        found = word_cells(screen, reader, word)
        if not found:
            failures.append(f"reader: {word} not on screen")
            continue
        cell = found[0][0]
        colours[label] = cell.fg
        if not cell.underline:
            failures.append(f"{label} ({word}) is not underlined")
    labels = sorted(colours)
    failures += [
        f"labels {a} and {b} look alike: {colours[a]} and {colours[b]}"
        for i, a in enumerate(labels)
        for b in labels[i + 1 :]
        if alike(colours[a], colours[b])
    ]
    return failures


def bookmark_marks(screen: Screen, app: App[Any]) -> Failures:
    reader = app.screen.query_one("#reader")
    marks = [cell for _, _, cell in region_cells(screen, reader) if cell.char == "●"]
    if not marks:
        return ["reader: no bookmark mark on screen"]
    return distinct("bookmark mark", marks[0].fg, marks[0].bg)


# -- driving the app there ---------------------------------------------------------------------

Setup = Callable[[Pilot[Any]], Awaitable[None]]


async def focus_list(pilot: Pilot[Any]) -> None:
    await pilot.press("j")  # onto Zeta report (the second newest)


async def unfocus_list(pilot: Pilot[Any]) -> None:
    await pilot.press("j", "tab")


async def to_passage_cursor(pilot: Pilot[Any]) -> None:
    await pilot.press("j", "enter", "j")


async def to_results(pilot: Pilot[Any]) -> None:
    await pilot.press("slash", *"sentence")


def result_matches(screen: Screen, app: App[Any]) -> Failures:
    results = app.screen.query_one("#search-results")
    found = word_cells(screen, results, "sentence")
    if not found:
        return ["search results: no match in a snippet on screen"]
    return distinct("snippet match against the snippet", found[-1][0].bg, plain_background(screen, results))


async def to_panel(pilot: Pilot[Any]) -> None:
    await pilot.press("G", "enter", "i")  # the seed's names and quotes panel


def panel_shown(screen: Screen, app: App[Any]) -> Failures:
    panel = app.screen.query_one("#entities-panel")
    return [] if word_cells(screen, panel, "Kazakhstan") else ["panel: no names on screen"]


def both(*checks: Check) -> Check:
    """Several states checked on one screen (a theme switch costs ~0.5 s: fewer screens, quicker test)."""

    def check(screen: Screen, app: App[Any]) -> Failures:
        return [failure for one in checks for failure in one(screen, app)]

    return check


async def to_selection_and_matches(pilot: Pilot[Any]) -> None:
    # Matches in both paragraphs, then a selection of the first sentence (its match drawn over it).
    await pilot.press("j", "enter", "ctrl+f", *"kestrel", "enter", "v")


STATES: dict[str, tuple[Setup, Check, tuple[str, ...]]] = {
    "list-cursor-focused": (focus_list, list_cursor(focused=True), SIDEBAR),
    "list-cursor-unfocused": (unfocus_list, list_cursor(focused=False), SIDEBAR),
    # the cursor on the bookmarked paragraph: both marks show, side by side
    "passage-cursor-and-bookmark": (to_passage_cursor, both(passage_cursor, bookmark_marks), READING),
    "selection-and-matches": (to_selection_and_matches, both(selection, search_matches), READING),
    "entities-and-panel": (to_panel, both(entities, panel_shown), READING),
    "search-results": (to_results, result_matches, SIDEBAR),
}


def _library(folder: Path) -> Path:
    folder.mkdir()
    seed = folder / SEED_FILE.name
    seed.write_bytes(SEED_FILE.read_bytes())
    os.utime(seed, (1_000_000_000, 1_000_000_000))  # the oldest: last in the list
    write_article(folder, "eta.txt", "Eta report", "Eta one.", mtime=1_641_600_000)
    write_article(
        folder,
        "zeta.txt",
        "Zeta report",
        "Zeta one sentence about a kestrel. Zeta two sentence, with a kestrel too.",
        "A third kestrel, in a paragraph of its own.",
        mtime=1_641_600_060,
    )
    write_article(folder, "theta.txt", "Theta report", "Theta one.", mtime=1_641_600_120)
    return folder


@pytest.mark.parametrize(
    "state",
    list(STATES),
)
async def test_legible_in_every_theme(state: str, tmp_path: Path) -> None:
    folder = _library(tmp_path / "news")
    setup, check, where = STATES[state]
    store = BookmarkStore.in_dir(tmp_path / "data", clock=StepClock())
    zeta = read_article(folder / "zeta.txt")
    span = find_passage(zeta.text, "A third kestrel")
    assert span is not None
    store.add(bookmark_for(zeta, span[0], span[0] + 15, now=store.clock()))
    app = make_app([folder], store=store)
    failures: list[str] = []
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await setup(pilot)
        await settle(pilot)
        for theme in THEMES:
            app.theme = theme
            await pilot.pause()
            screen = read_screen(app)
            failures += [
                f"{theme}: {failure}" for failure in check(screen, app) + text_failures(screen, app, where)
            ]
    assert not failures, "\n".join(failures)


async def test_a_theme_change_repaints_everything(tmp_path: Path) -> None:
    """Switching theme in a running app draws exactly what starting in that theme draws."""
    folder = _library(tmp_path / "news")
    screens = []
    for start, switch_to in (("textual-dark", "solarized-light"), ("solarized-light", None)):
        app = make_app([folder], settings=Settings(theme=start), store=BookmarkStore.in_dir(tmp_path / start))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            await pilot.press("j", "enter", "ctrl+f", *"kestrel", "enter", "v")
            await settle(pilot)
            if switch_to is not None:
                app.theme = switch_to
                await settle(pilot)
            screens.append(read_screen(app))
    switched, fresh = screens
    differing = [
        (y, x)
        for y in range(SIZE[1])
        for x in range(SIZE[0])
        if (switched[y][x].fg, switched[y][x].bg) != (fresh[y][x].fg, fresh[y][x].bg)
    ]
    assert not differing, f"{len(differing)} cells keep other colours, first at {differing[:5]}"
