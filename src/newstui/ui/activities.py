"""What the app is busy with right now, for the status line: one entry per activity, in the order they
started, each replaced as it progresses and removed when it ends.

Several things run at once (loading the library, fetching feeds, indexing, annotating the open article);
when each wrote the status line itself, the last writer hid the others. This model keeps them all, so the
line can show "Fetching 0 of 1… · Annotating…" and drop each as it ends. It has no Textual in it.
"""

from __future__ import annotations

SEPARATOR = " · "


class Activities:
    """Running activities by key (``"load"``, ``"fetch"``, ...), each with the words that describe it."""

    def __init__(self) -> None:
        self._running: dict[str, str] = {}

    def show(self, key: str, words: str) -> None:
        """Start ``key``, or update its words; an activity keeps its place while it progresses."""
        self._running[key] = words

    def end(self, key: str) -> None:
        """``key`` has ended (ending one that is not running is harmless: a cancelled worker's
        successor may have ended it already)."""
        self._running.pop(key, None)

    def __contains__(self, key: object) -> bool:
        return key in self._running

    def __bool__(self) -> bool:
        return bool(self._running)

    def line(self, summary: str = "") -> str:
        """The running activities, oldest first, then ``summary`` (what is shown when nothing runs)."""
        parts = [words for words in self._running.values() if words]
        if summary:
            parts.append(summary)
        return SEPARATOR.join(parts)
