"""Snapshots of the bookmark views at 120x40 on the seed (fixed clock and file times: no drift)."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from newstui.core.bookmarks.passages import bookmark_for, find_passage
from newstui.core.bookmarks.store import BookmarkStore
from newstui.core.library import read_article
from newstui.ui.app import NewsApp, make_app
from tests.bookmark_support import StepClock
from tests.ui.helpers import settle


def _app_with_bookmarks(seed_dir: Path, data: Path) -> NewsApp:
    """The seed with three bookmarks: a noted and tagged one, a plain one, and one whose text is gone."""
    article = read_article(next(seed_dir.iterdir()))
    store = BookmarkStore.in_dir(data, clock=StepClock())
    for passage, note, tags in (
        ("He warned on Friday", "Tokayev's order, in his words.", ("kazakhstan", "quotes")),
        ("Moscow said more than 70 planes", "", ()),
    ):
        span = find_passage(article.text, passage)
        assert span is not None
        para = article.paragraphs[article.paragraph_at(span[0]) or 0]
        store.add(bookmark_for(article, para.start, para.end, now=store.clock(), note=note, tags=tags))
    lost = bookmark_for(article, 0, 20, now=store.clock(), note="An earlier version of the story.")
    store.add(replace(lost, exact="A sentence the publisher later removed.", start=5000, end=5039))
    return make_app([seed_dir], store=store)


def test_reader_with_cursor_and_bookmarks(snap_compare: Any, seed_dir: Path, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("enter", *"jjjjj")
        await settle(pilot)

    app = _app_with_bookmarks(seed_dir, tmp_path / "data")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)


def test_bookmarks_screen(snap_compare: Any, seed_dir: Path, tmp_path: Path) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("B")
        await settle(pilot)
        await pilot.press("down")
        await settle(pilot)

    app = _app_with_bookmarks(seed_dir, tmp_path / "data")
    assert snap_compare(app, terminal_size=(120, 40), run_before=run_before)
