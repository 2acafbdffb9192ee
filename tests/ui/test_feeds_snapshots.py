"""Snapshots of the main screen on feeds: the sources list, unread and read rows, a feed article.

The feeds come from the test feed server (their entries carry fixed dates); no address shows on screen.
"""

from __future__ import annotations

from typing import Any

import pytest
from textual.pilot import Pilot

from newstui.core import paths
from newstui.core.feeds.store import FeedStore
from newstui.core.feeds.update import subscribe
from newstui.core.settings import Settings
from newstui.ui.app import make_app
from tests.feedserver import FeedServer
from tests.ui.helpers import settle


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_main_screen_on_feeds(snap_compare: Any, feed_server: FeedServer, size: tuple[int, int]) -> None:
    with FeedStore.in_dir(paths.data_dir()) as store:
        subscribe(store, feed_server.url("/rss2.xml"), full_text=False)
        subscribe(store, feed_server.url("/atom.xml"), full_text=False, folder="Science")

    async def open_second(pilot: Pilot[Any]) -> None:
        await settle(pilot)
        await pilot.press("j", "enter")  # the second article, opened: read
        await settle(pilot)

    app = make_app(settings=Settings(fetch_on_start=False), open_url=lambda url: True)
    assert snap_compare(app, terminal_size=size, run_before=open_second)
