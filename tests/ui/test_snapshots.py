"""Snapshots of the main screens at 120x40 on the seed (file times pinned, so they never drift)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from textual.pilot import Pilot

from newstui.ui.app import make_app
from tests.ui.helpers import settle


async def _loaded(pilot: Pilot[Any]) -> None:
    await settle(pilot)


def test_main_screen_on_seed(snap_compare: Any, seed_dir: Path) -> None:
    assert snap_compare(make_app([seed_dir]), terminal_size=(120, 40), run_before=_loaded)


def test_help_screen(snap_compare: Any, seed_dir: Path) -> None:
    async def open_help(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("question_mark")
        await pilot.pause()

    assert snap_compare(make_app([seed_dir]), terminal_size=(120, 40), run_before=open_help)


def test_seed_with_entities_and_quote_speaker(snap_compare: Any, seed_dir: Path) -> None:
    """Entity and quotation highlights on the seed, the legend, and a quotation's speaker shown."""

    async def to_quote(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("tab", "e", "right_curly_bracket", "e")  # move to the first quotation
        await pilot.pause()

    assert snap_compare(make_app([seed_dir]), terminal_size=(120, 40), run_before=to_quote)
