"""``ctrl+f``: the find box under the reader, for the open article only (same matching as search)."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widgets import Input


class FindBar(Input):
    """Find in the open article; ``enter`` keeps the matches, ``esc`` clears and closes.

    The main screen finds the matches as the text changes (``Input.Changed``) and shows them in the
    reader; this posts :class:`Closed` when the user leaves it either way.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", id="find.close"),
    ]

    class Closed(Message):
        """The user left the find box (``enter`` keeps the matches, ``esc`` has cleared them)."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(placeholder="find in article (enter: keep, n/N: next/previous, esc: close)", id=id)

    def action_close(self) -> None:
        self.value = ""
        self.display = False
        self.post_message(self.Closed())

    async def action_submit(self) -> None:
        self.display = False
        self.post_message(self.Closed())
