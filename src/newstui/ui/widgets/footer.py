"""The footer, with ``?`` help and ``q`` quit first so a narrow terminal never cuts them off.

Textual's footer lists the focused widget's keys, then the screen's, then the app's: at 80 columns the
app's own keys, the ones a new user looks for, were the ones cut. This footer puts them first and
goes compact (less space between keys) when the screen is narrow.
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.widget import Widget
from textual.widgets import Footer

FIRST_ACTIONS = ("help", "quit")
"""Actions whose keys come first in the footer."""
COMPACT_BELOW = 160
"""Screen width under which the footer packs its keys closer together."""


def _action(widget: Widget) -> str:
    """The action of a footer key (its class is private to Textual, its ``action`` attribute is not)."""
    action = getattr(widget, "action", "")
    return action if isinstance(action, str) else ""


class NewsFooter(Footer):
    def compose(self) -> ComposeResult:
        widgets = list(super().compose())
        first = sorted(
            (w for w in widgets if _action(w) in FIRST_ACTIONS), key=lambda w: FIRST_ACTIONS.index(_action(w))
        )
        yield from first
        yield from (w for w in widgets if w not in first)

    def on_mount(self) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW

    def on_resize(self, _event: events.Resize) -> None:
        self.compact = self.app.size.width < COMPACT_BELOW
