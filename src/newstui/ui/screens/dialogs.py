"""Small dialogs for bookmarks: the note editor (multi-line) and the tags editor (one line).

Both return a :class:`Edited` result: ``saved`` tells a save from a cancel, and ``text`` is what was
typed either way, so the caller can keep a cancelled note as a draft and offer it again next time.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, ClassVar

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static, TextArea

from newstui.core.bookmarks.exchange import excerpt
from newstui.core.bookmarks.store import StoreError
from newstui.core.models import Bookmark
from newstui.core.safe_text import safe_text
from newstui.ui.bookmark_session import BookmarkSession


@dataclass(frozen=True, slots=True)
class Edited:
    saved: bool
    text: str


class NoteDialog(ModalScreen[Edited]):
    """Write or edit a bookmark's note: ``ctrl+s`` saves, ``esc`` cancels (the text is kept as a draft)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save note", id="note.save"),
        Binding("escape", "cancel", "Cancel", id="note.cancel"),
    ]

    def __init__(self, passage: str, text: str, *, draft: bool = False) -> None:
        super().__init__()
        self._passage = passage
        self._text = text
        self._draft = draft

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Note", classes="dialog-title")
            yield Static(Text(f"“{excerpt(self._passage, 200)}”"), classes="dialog-passage")
            yield TextArea(
                safe_text(self._text, newlines=True), id="note-text", soft_wrap=True, show_line_numbers=False
            )
            hint = "ctrl+s save · esc cancel (what you typed is kept for next time)"
            if self._draft:
                hint = "Unsaved draft restored. " + hint
            yield Static(hint, classes="dialog-hint")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    def action_save(self) -> None:
        self.dismiss(Edited(True, self.query_one(TextArea).text))

    def action_cancel(self) -> None:
        self.dismiss(Edited(False, self.query_one(TextArea).text))


class TagsDialog(ModalScreen[Edited]):
    """Edit a bookmark's tags as one comma-separated line: ``enter`` saves, ``esc`` cancels."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", id="tags.cancel"),
    ]

    def __init__(self, tags: tuple[str, ...]) -> None:
        super().__init__()
        self._tags = tags

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static("Tags", classes="dialog-title")
            yield Input(
                safe_text(", ".join(self._tags)), placeholder="politics, quotes, follow up", id="tags-text"
            )
            yield Static("Separate tags with commas · enter save · esc cancel", classes="dialog-hint")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.dismiss(Edited(True, event.value))

    def action_cancel(self) -> None:
        self.dismiss(Edited(False, self.query_one(Input).value))


def edit_note(
    app: App[Any],
    session: BookmarkSession,
    bookmark: Bookmark,
    saved: Callable[[], None],
    *,
    new: bool = False,
) -> None:
    """Open the note dialog on ``bookmark`` (with its unsaved draft, if any); save or keep the draft.

    ``new``: the bookmark is not kept yet (see :meth:`BookmarkSession.unsaved`); saving the note keeps it.
    """
    draft = session.drafts.get(bookmark.id)

    def done(result: Edited | None) -> None:
        if result is None:
            return
        if not result.saved:
            session.keep_draft(bookmark.id, result.text, bookmark.note)
            return
        try:
            if new:
                session.add_with_note(bookmark, result.text)
            else:
                session.save_note(bookmark.id, result.text)
        except (StoreError, KeyError) as error:
            session.keep_draft(bookmark.id, result.text, bookmark.note)
            app.notify(f"The note was not saved ({error}); it is kept as a draft.", severity="error")
            return
        app.notify("Note saved.", timeout=3)
        saved()

    text = draft if draft is not None else bookmark.note
    app.push_screen(NoteDialog(bookmark.exact, text, draft=draft is not None), done)


def edit_tags(app: App[Any], session: BookmarkSession, bookmark: Bookmark, saved: Callable[[], None]) -> None:
    """Open the tags dialog on ``bookmark`` and save what is entered (comma-separated)."""

    def done(result: Edited | None) -> None:
        if result is None or not result.saved:
            return
        try:
            session.save_tags(bookmark.id, result.text.split(","))
        except (StoreError, KeyError) as error:
            app.notify(f"The tags were not saved ({error}).", severity="error")
            return
        saved()

    app.push_screen(TagsDialog(bookmark.tags), done)
