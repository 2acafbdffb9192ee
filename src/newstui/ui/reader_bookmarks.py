"""Bookmarks as the main screen uses them: marks in the reader, ``b``, ``a``, and going to a passage.

An object the main screen owns (it is the mediator): the reader posts
:class:`~newstui.ui.widgets.reader.Reader.PassageBookmarked` and ``NoteRequested``, the screen hands
them here, and this keeps the store, tells the reader which paragraphs to mark and opens the note
editor. It holds the one piece of state this needs: whether marks may need clearing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.style import Style

from newstui.core.bookmarks.exchange import excerpt
from newstui.core.bookmarks.passages import Resolved, resolve
from newstui.core.bookmarks.store import StoreError
from newstui.core.models import Article
from newstui.ui.screens.dialogs import edit_note
from newstui.ui.styles import component_style
from newstui.ui.widgets.reader import Reader, StyledSpan

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

BOOKMARK_MARK = "●"


class ReaderBookmarks:
    """The bookmarks of the article in ``reader``, kept in ``app.bookmarks``."""

    def __init__(self, app: NewsApp, reader: Reader) -> None:
        self.app = app
        self.reader = reader
        self._marked = False
        """Whether the reader may be showing bookmark marks that need clearing."""

    def _off(self) -> bool:
        if self.app.bookmarks.available:
            return False
        self.app.notify("Bookmarks are off: the bookmarks database could not be opened.", severity="error")
        return True

    def mark(self, article: Article) -> None:
        """Mark the article's bookmarked paragraphs in the gutter and underline the passages.

        Called whenever an article is shown and after every change.
        """
        reader = self.reader
        try:
            found = [item for item in self.app.bookmarks.in_article(article) if item.anchoring.found]
        except StoreError as error:
            self.app.notify(str(error), title="Bookmarks", severity="error")
            found = []
        mark = (BOOKMARK_MARK, component_style(reader, "reader--bookmark-mark"))
        underline = component_style(reader, "reader--bookmark")
        paragraphs: dict[int, tuple[str, Style]] = {}
        for item in found:
            for index, para in enumerate(article.paragraphs):
                if para.start < item.anchoring.end and item.anchoring.start < para.end:
                    paragraphs[index] = mark
        if found or self._marked:  # an article without bookmarks costs no extra layout
            passages = [StyledSpan(item.anchoring.start, item.anchoring.end, underline) for item in found]
            reader.set_marks("bookmarks", passages, paragraphs)
        self._marked = bool(found)

    def go_to(self, chosen: Resolved, article: Article) -> None:
        """Put the reader's cursor on the bookmark's passage, found again in ``article``."""
        where = resolve(chosen.bookmark, article.text).anchoring
        if where.found:
            self.reader.move_cursor_to_offset(where.start, where.end)
        else:
            self.app.notify("The passage is no longer in this article.", severity="warning")

    def bookmark(self, article: Article, start: int, end: int) -> None:
        """``b``: keep the passage (an existing bookmark of exactly it is not duplicated)."""
        if self._off():
            return
        try:
            bookmark, new = self.app.bookmarks.bookmark(article, start, end)
        except StoreError as error:
            self.app.notify(f"Not bookmarked: {error}", title="Bookmarks", severity="error")
            return
        what = "Bookmarked" if new else "Already bookmarked"
        self.app.notify(f"{what}: “{excerpt(bookmark.exact, 60)}” (a adds a note, B lists all)", timeout=4)
        self.mark(article)

    def note(self, article: Article, start: int, end: int) -> None:
        """``a``: edit the note of the bookmark under the cursor. A passage not yet bookmarked is
        bookmarked only when the note is saved, so ``a`` then ``esc`` leaves nothing behind."""
        if self._off():
            return
        session = self.app.bookmarks
        try:
            bookmark = session.at(article, start, end)
        except StoreError as error:
            self.app.notify(str(error), title="Bookmarks", severity="error")
            return
        if bookmark is None:
            unsaved = session.unsaved(article, start, end)
            edit_note(self.app, session, unsaved, lambda: self.mark(article), new=True)
        else:
            edit_note(self.app, session, bookmark, lambda: self.mark(article))
