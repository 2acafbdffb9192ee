"""The ``?`` help screen, generated from the bindings themselves so it can never go stale."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.keys import format_key, key_to_character
from textual.screen import ModalScreen
from textual.widgets import Static

from newstui.core.safe_text import safe_text


def key_name(key: str) -> str:
    """A key as a person types it: ``{`` for ``left_curly_bracket``, ``enter`` and ``ctrl+d`` as named."""
    key = key.strip()
    character = key_to_character(key)
    if character is not None and character.isprintable() and not character.isspace():
        return character
    shown = format_key(key)
    return shown if len(shown) == 1 and shown.isprintable() and shown.isascii() else key


def _key_names(keys: str) -> str:
    return ", ".join(key_name(key) for key in keys.split(","))


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

    def __init__(
        self,
        sections: Sequence[tuple[str, Iterable[BindingType]]],
        notes: Sequence[str | Table] = (),
    ) -> None:
        super().__init__()
        self._sections = sections
        self._notes = notes

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-body"):
            yield Static(Text("newstui — keys", style="bold"), id="help-title")
            yield Static(bindings_table(self._sections), id="help-keys")
            # Notes are paragraphs without hard line breaks (and tables), so they wrap at any width
            # without leaving a word alone on a line. A note quotes paths and settings: data, never markup.
            for note in self._notes:
                shown = Text(safe_text(note, newlines=True)) if isinstance(note, str) else note
                yield Static(shown, classes="help-note")

    async def action_dismiss(self, result: None = None) -> None:
        self.dismiss(result)
