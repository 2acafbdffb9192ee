"""Regenerate the README screenshots: the app on seeds/ at 120x40, saved by Textual as SVG.

Usage: ``python scripts/screenshot.py [docs/screenshot.svg]`` (or ``make screenshot``): writes the
reader with entities and the names panel there, and beside it ``search.svg`` (a search and its
highlighted matches) and ``bookmarks.svg`` (the bookmarks screen). Each is driven by keys, as a person
would, in a temporary home so it neither reads nor writes the user's settings or bookmarks.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

SHOTS: dict[str, Sequence[str]] = {
    # the reader on the first quotation, with who said it, and the names panel
    "screenshot.svg": ("tab", "right_curly_bracket", "i"),
    # a search: results with snippets, the chosen one open at its matches
    "search.svg": ("slash", *"putin kazakhstan", "tab", "enter"),
    # two bookmarks (one with a note), then the bookmarks screen
    "bookmarks.svg": ("tab", "j", "j", "b", "j", "j", "j", "a", *"His own words.", "ctrl+s", "B"),
}


async def settle(app: object, pilot: object) -> None:
    for _ in range(3):
        await app.workers.wait_for_complete()  # type: ignore[attr-defined]
        await pilot.pause()  # type: ignore[attr-defined]


async def shoot(name: str, keys: Sequence[str], target: Path) -> None:
    from newstui.ui.app import make_app

    app = make_app([REPO / "seeds"])
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        for key in keys:
            await pilot.press(key)
            await settle(app, pilot)
        app.save_screenshot(filename=name, path=str(target))


def main() -> None:
    first = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "docs" / "screenshot.svg").resolve()
    first.parent.mkdir(parents=True, exist_ok=True)
    home = tempfile.mkdtemp(prefix="newstui-shot-")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(Path(home) / var.lower())
    for name, keys in SHOTS.items():
        shot = first.name if name == "screenshot.svg" else name
        asyncio.run(shoot(shot, keys, first.parent))
        print(f"wrote {first.parent / shot}")


if __name__ == "__main__":
    main()
