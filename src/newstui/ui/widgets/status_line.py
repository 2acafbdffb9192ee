"""The line under the article list: what the app is busy with, then the counts and the last message."""

from __future__ import annotations

from textual.widgets import Static

from newstui.ui.activities import Activities
from newstui.ui.safe import safe_content


class StatusLine(Static):
    """Draws :class:`Activities` followed by a summary; every change redraws the whole line."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__("", id=id)
        self.activities = Activities()
        self.summary = ""

    def show(self, key: str, words: str) -> None:
        self.activities.show(key, words)
        self._draw()

    def end(self, key: str) -> None:
        self.activities.end(key)
        self._draw()

    def set_summary(self, summary: str) -> None:
        self.summary = summary
        self._draw()

    @property
    def text(self) -> str:
        return self.activities.line(self.summary)

    def _draw(self) -> None:
        self.update(safe_content(self.text))  # feed names and errors are outside text: never markup
