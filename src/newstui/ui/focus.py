"""Moving the focus at once, for actions a key starts.

``Widget.focus()`` moves the focus on a later turn of the app's queue; keys typed quickly after the
one that asked for the move are taken off the queue before it and go to the old widget. Focusing
through the screen at once lets the app send them on to the new one (see ``NewsApp.on_event``).
"""

from __future__ import annotations

from textual.widget import Widget


def focus_now(widget: Widget) -> None:
    """Give ``widget`` the focus now, not after the keys already queued."""
    widget.screen.set_focus(widget)
