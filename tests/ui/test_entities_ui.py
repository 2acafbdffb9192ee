"""Entities and quotations in the reader: highlights, the e/E toggles, the panel, moving and hovering."""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import OptionList, TabbedContent

from newstui.core.settings import load_settings
from newstui.ui.annotations import AnnotationCache
from newstui.ui.app import make_app
from newstui.ui.highlight import LABELS
from newstui.ui.widgets.entities import AnnotationBar, EntitiesPanel
from newstui.ui.widgets.reader import Reader
from tests.ui.helpers import settle, widget_text


def underlined(reader: Reader) -> set[str]:
    """Words drawn underlined in the reader's visible lines (entities are underlined, never colour only)."""
    words: set[str] = set()
    for y in range(reader.scrollable_content_region.height):
        for segment in reader.render_line(y):
            if segment.style is not None and segment.style.underline and segment.text.strip():
                words.update(segment.text.split())
    return words


def italic_text(reader: Reader) -> str:
    return " ".join(
        segment.text
        for y in range(reader.scrollable_content_region.height)
        for segment in reader.render_line(y)
        if segment.style is not None and segment.style.italic
    )


async def test_entities_highlighted_and_toggle_persists(seed_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    app = make_app([seed_dir], settings_path=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        assert {"Vladimir", "Putin", "Kazakhstan"} <= underlined(reader)
        legend = app.screen.query_one(AnnotationBar).text
        assert "People 5" in legend and "Orgs 2" in legend and "Quotes 2" in legend
        await pilot.press("e")
        await pilot.pause()
        assert not underlined(reader) & {"Putin", "Kazakhstan"}
        assert "entities off" in app.screen.query_one(AnnotationBar).text
    assert json.loads(config.read_text(encoding="utf-8"))["highlight_entities"] is False

    settings, _ = load_settings(config)
    again = make_app([seed_dir], settings=settings, settings_path=config)
    async with again.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert not underlined(again.screen.query_one(Reader)) & {"Putin", "Kazakhstan"}
        await pilot.press("e")
        await pilot.pause()
        assert "Kazakhstan" in underlined(again.screen.query_one(Reader))
    assert load_settings(config)[0].highlight_entities is True


async def test_cycle_labels_persists(seed_dir: Path, tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    app = make_app([seed_dir], settings_path=config)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        await pilot.press("E")  # only people
        await pilot.pause()
        shown = underlined(reader)
        assert "Putin" in shown and "Kazakhstan" not in shown
        assert load_settings(config)[0].hidden_labels == [label for label in LABELS if label != "PERSON"]
        await pilot.press("E", "E")  # organisations, then places
        await pilot.pause()
        shown = underlined(reader)
        assert "Kazakhstan" in shown and "Putin" not in shown
        await pilot.press(*["E"] * (len(LABELS) - 2))  # through the rest and back to everything
        await pilot.pause()
        assert load_settings(config)[0].hidden_labels == []
        assert {"Putin", "Kazakhstan"} <= underlined(reader)


async def test_quotes_are_italic_and_next_quote_names_speaker(seed_dir: Path) -> None:
    app = make_app([seed_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("e")  # entities off: } then moves between quotations only
        await pilot.press("tab", "right_curly_bracket")
        await pilot.pause()
        reader = app.screen.query_one(Reader)
        assert "shoot to kill" in italic_text(reader)
        detail = app.screen.query_one(AnnotationBar).text
        assert "— Kassym-Jomart Tokayev" in detail and "quote 1 of 2" in detail
        await pilot.press("right_curly_bracket")
        await pilot.pause()
        detail = app.screen.query_one(AnnotationBar).text
        assert "The militants" in detail and "quote 2 of 2" in detail
        assert "Whoever does not surrender" in italic_text(reader)


async def test_hovering_a_quote_shows_its_speaker(seed_dir: Path) -> None:
    app = make_app([seed_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        text = reader.article.text if reader.article else ""
        offset = text.index("shoot to kill")
        reader.scroll_to_offset(offset)
        await pilot.pause()
        line = reader.line_of_offset(offset)
        start = reader._line_ranges[line]
        assert start is not None
        column = offset - start[0] + reader._margin
        await pilot.hover(Reader, offset=(column + 1, line - int(reader.scroll_y)))
        await pilot.pause()
        assert "— Kassym-Jomart Tokayev" in app.screen.query_one(AnnotationBar).text


async def test_entities_panel_lists_groups_and_jumps(seed_dir: Path) -> None:
    app = make_app([seed_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        panel = app.screen.query_one(EntitiesPanel)
        assert not panel.display
        await pilot.press("i")
        await pilot.pause()
        assert panel.display
        entities = panel.query_one("#entities-list", OptionList)
        assert entities.has_focus
        listing = widget_text(entities)
        assert (
            "People (5)" in listing
            and "Spetsnaz  ×2" in listing
            and "Places (7)" in listing
            and "Kazakhstan  ×4" in listing
        )
        target = next(i for i, option in enumerate(entities.options) if option.id == "entity:PLACE\tAlmaty")
        entities.highlighted = target
        await pilot.press("enter")
        await pilot.pause()
        detail = app.screen.query_one(AnnotationBar).text
        assert "Almaty · Places · mention 1 of 2" in detail
        reader = app.screen.query_one(Reader)
        assert "Almaty" in widget_text(reader)
        await pilot.press("enter")  # again: the next mention
        await pilot.pause()
        assert "mention 2 of 2" in app.screen.query_one(AnnotationBar).text

        panel.query_one(TabbedContent).active = "quotes-tab"
        await pilot.pause()
        quotes = panel.query_one("#quotes-list", OptionList)
        assert "Kassym-Jomart Tokayev" in widget_text(quotes) and "shoot to kill" in widget_text(quotes)
        quotes.focus()
        quotes.highlighted = 1
        await pilot.press("enter")
        await pilot.pause()
        assert "quote 2 of 2" in app.screen.query_one(AnnotationBar).text
        await pilot.press("i")
        await pilot.pause()
        assert not panel.display and reader.has_focus


async def test_annotations_cached_by_content(news_dir: Path) -> None:
    app = make_app([news_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("right_square_bracket")
        await settle(pilot)
        screen = app.screen
        cache: AnnotationCache = screen._annotation_cache
        assert len(cache) == 2
        await pilot.press("left_square_bracket")
        await pilot.pause()  # no worker needed: the cached result is shown at once
        reader = screen.query_one(Reader)
        assert reader.article is not None and cache.get(reader.article.content_hash) is not None
        assert "Quotes 0" in screen.query_one(AnnotationBar).text


def test_cache_drops_least_recent() -> None:
    from newstui.core.annotate import Annotations

    cache = AnnotationCache(size=2)
    empty = Annotations((), ())
    cache.put("a", empty)
    cache.put("b", empty)
    assert cache.get("a") is empty
    cache.put("c", empty)
    assert cache.get("b") is None and cache.get("a") is empty and len(cache) == 2


def _colour_of(reader: Reader, word: str) -> str | None:
    for y in range(reader.scrollable_content_region.height):
        for segment in reader.render_line(y):
            if segment.text.strip() == word and segment.style is not None and segment.style.color:
                return segment.style.color.name
    return None


async def test_highlight_colours_follow_the_theme(seed_dir: Path) -> None:
    app = make_app([seed_dir])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        reader = app.screen.query_one(Reader)
        dark = _colour_of(reader, "Kazakhstan")
        app.theme = "textual-light"
        await settle(pilot)
        light = _colour_of(reader, "Kazakhstan")
        assert dark is not None and light is not None and dark != light
        assert "Kazakhstan" in underlined(reader)
