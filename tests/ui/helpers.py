"""Reading what a widget shows, the way a person would see it on screen."""

from __future__ import annotations

import html
import re
import time
from collections.abc import Callable

from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget


def widget_text(widget: Widget) -> str:
    """The visible lines of a widget, as plain text (one line per screen row)."""
    height = widget.scrollable_content_region.height or widget.size.height
    lines = []
    for y in range(height):
        strip = widget.render_line(y)
        lines.append("".join(segment.text for segment in strip).rstrip())
    return "\n".join(lines)


async def settle(pilot: Pilot[object]) -> None:
    """Let loading and opening workers finish and the screen catch up."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def wait_for(pilot: Pilot[object], condition: Callable[[], bool], *, timeout: float = 20.0) -> bool:
    """Let the app run until ``condition()`` holds (True) or ``timeout`` seconds pass (False).

    A loaded machine can take seconds for what takes milliseconds here: poll, never a fixed sleep.
    """
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            return False
        await pilot.pause(0.02)
    return True


_SVG_TEXT = re.compile(r'<text [^>]*clip-path="url\(#terminal-\d+-line-(\d+)\)">([^<]*)</text>')


def screen_text(app: App[object]) -> str:
    """The whole screen as plain text, read back from Textual's own screenshot."""
    rows: dict[int, list[str]] = {}
    for line, content in _SVG_TEXT.findall(app.export_screenshot()):
        rows.setdefault(int(line), []).append(html.unescape(content).replace("\u00a0", " "))
    return "\n".join("".join(rows[line]) for line in sorted(rows))


def record_notifications(app: App[object]) -> list[str]:
    """Every message the app notifies from now on, kept as sent: on a loaded machine a startup can
    outlast a notification's own timeout, and ``app._notifications`` then no longer holds it."""
    told: list[str] = []
    notify = app.notify

    def recording(message: object, **kwargs: object) -> None:
        told.append(str(message))
        notify(message, **kwargs)  # type: ignore[arg-type]

    app.notify = recording  # type: ignore[method-assign,assignment]
    return told
