"""The ``?`` help screen, generated from the bindings themselves so it can never go stale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from newstui.core.safe_text import safe_text


def _key_names(keys: str) -> str:
    names = {
        "left_square_bracket": "[",
        "right_square_bracket": "]",
        "backslash": "\\",
        "question_mark": "?",
        "slash": "/",
    }
    return ", ".join(names.get(key.strip(), key.strip()) for key in keys.split(","))


def bindings_table(sections: Iterable[tuple[str, Iterable[BindingType]]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column()
    table.add_column(style="dim")
    for title, bindings in sections:
        table.add_row(Text(title, style="bold underline"), "", "")
        for binding in bindings:
            if isinstance(binding, Binding) and binding.description:
                table.add_row(_key_names(binding.key), binding.description, binding.id or "")
        table.add_row("", "", "")
    return table


class HelpScreen(ModalScreen[None]):
    """Every key newstui knows, by where it works, with the binding ids used in keymaps."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,q,question_mark", "dismiss", "Close help", id="help.close"),
    ]

    def __init__(self, sections: Sequence[tuple[str, Iterable[BindingType]]], notes: str = "") -> None:
        super().__init__()
        self._sections = sections
        self._notes = notes

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("newstui — keys", style="bold"), id="help-title")
            yield Static(bindings_table(self._sections), id="help-keys")
            if self._notes:
                yield Static(Text(safe_text(self._notes, newlines=True)), id="help-notes")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
