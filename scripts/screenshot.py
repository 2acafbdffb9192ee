"""Regenerate the README screenshot: the app on seeds/ at 120x40, saved by Textual as SVG.

Usage: ``python scripts/screenshot.py docs/screenshot.svg`` (or ``make screenshot``).
Runs in a temporary home so it neither reads nor writes the user's settings.
"""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


async def shoot(target: Path) -> None:
    from newstui.ui.app import make_app

    app = make_app([REPO / "seeds"])
    async with app.run_test(size=(120, 40)) as pilot:
        for _ in range(3):
            await app.workers.wait_for_complete()
            await pilot.pause()
        app.save_screenshot(filename=target.name, path=str(target.parent))


def main() -> None:
    target = Path(sys.argv[1] if len(sys.argv) > 1 else REPO / "docs" / "screenshot.svg").resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    home = tempfile.mkdtemp(prefix="newstui-shot-")
    for var in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME"):
        os.environ[var] = str(Path(home) / var.lower())
    asyncio.run(shoot(target))
    print(f"wrote {target}")


if __name__ == "__main__":
    main()
