"""The main screen's part in bookmarking: ``b`` and ``a`` from the reader, ``B``, and opening a passage.

A mixin of :class:`~newstui.ui.screens.main.MainScreen` (the mediator), kept in its own module so the
bookmark feature lives in one place: the reader posts :class:`Reader.PassageBookmarked` and
:class:`Reader.NoteRequested`; this decides what happens, tells the reader which paragraphs to mark,
and opens the bookmarks screen and, from it, an article at a passage.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.worker import get_current_worker

from newstui.core.bookmarks.exchange import excerpt
from newstui.core.bookmarks.passages import Resolved, local_path, resolve
from newstui.core.bookmarks.store import StoreError
from newstui.core.library import LoadError
from newstui.core.models import STORED_SCHEME, Article, ArticleMeta
from newstui.ui.screens.bookmarks import BookmarksScreen
from newstui.ui.screens.dialogs import edit_note
from newstui.ui.widgets.article_list import ArticleList
from newstui.ui.widgets.reader import Mark, Reader, StyledSpan

if TYPE_CHECKING:
    from textual.screen import Screen

    from newstui.ui.app import NewsApp

    _Base = Screen[None]
else:
    _Base = object

BOOKMARK_MARK = "●"


class BookmarkActions(_Base):
    """Bookmark handling for the main screen (see the module docstring)."""

    app: NewsApp
    _pending_passage: Resolved | None = None
    """A bookmark to put the cursor on once its article is shown (set when opening from ``B``)."""
    _bookmarks_marked = False
    """Whether the reader may be showing bookmark marks that need clearing."""

    # -- marks in the reader ------------------------------------------------------------------

    def show_bookmarks_in(self, article: Article) -> None:
        """Mark the article's bookmarked paragraphs in the gutter and underline the passages.

        Called whenever an article is shown and after every change; also places the cursor on a
        passage that was asked for from the bookmarks screen.
        """
        reader = self.query_one(Reader)
        try:
            found = [item for item in self.app.bookmarks.in_article(article) if item.anchoring.found]
        except StoreError as error:
            self.notify(str(error), title="Bookmarks", severity="error")
            found = []
        mark: Mark = (BOOKMARK_MARK, "reader--bookmark-mark")
        underline = "reader--bookmark"
        paragraphs: dict[int, Mark] = {}
        for item in found:
            for index, para in enumerate(article.paragraphs):
                if para.start < item.anchoring.end and item.anchoring.start < para.end:
                    paragraphs[index] = mark
        if found or self._bookmarks_marked:  # an article without bookmarks costs no extra layout
            passages = [StyledSpan(item.anchoring.start, item.anchoring.end, underline) for item in found]
            reader.set_marks("bookmarks", passages, paragraphs)
        self._bookmarks_marked = bool(found)
        pending = self._pending_passage
        if pending is not None and pending.bookmark.location == article.meta.location:
            self._pending_passage = None
            where = resolve(pending.bookmark, article.text).anchoring
            if where.found:
                reader.move_cursor_to_offset(where.start, where.end)
            else:
                self.notify("The passage is no longer in this article.", severity="warning")

    # -- from the reader ----------------------------------------------------------------------

    def _bookmarks_off(self) -> bool:
        if self.app.bookmarks.available:
            return False
        self.notify("Bookmarks are off: the bookmarks database could not be opened.", severity="error")
        return True

    def on_reader_passage_bookmarked(self, event: Reader.PassageBookmarked) -> None:
        if self._bookmarks_off():
            return
        try:
            bookmark, new = self.app.bookmarks.bookmark(event.article, event.start, event.end)
        except StoreError as error:
            self.notify(f"Not bookmarked: {error}", title="Bookmarks", severity="error")
            return
        what = "Bookmarked" if new else "Already bookmarked"
        self.notify(f"{what}: “{excerpt(bookmark.exact, 60)}” (a adds a note, B lists all)", timeout=4)
        self.show_bookmarks_in(event.article)

    def on_reader_note_requested(self, event: Reader.NoteRequested) -> None:
        """``a``: edit the note of the bookmark under the cursor, bookmarking the passage first if need be."""
        if self._bookmarks_off():
            return
        session, article = self.app.bookmarks, event.article
        try:
            bookmark = session.at(article, event.start, event.end)
            if bookmark is None:
                bookmark, _ = session.bookmark(article, event.start, event.end)
                self.show_bookmarks_in(article)
        except StoreError as error:
            self.notify(str(error), title="Bookmarks", severity="error")
            return
        edit_note(self.app, session, bookmark, lambda: self.show_bookmarks_in(article))

    # -- the bookmarks screen -----------------------------------------------------------------

    def action_bookmarks(self) -> None:
        self.app.push_screen(BookmarksScreen(), self._bookmark_chosen)

    def _bookmark_chosen(self, chosen: Resolved | None) -> None:
        self._update_counts()  # the bookmarks screen changed the sub-title
        reader = self.query_one(Reader)
        if chosen is None:
            if reader.article is not None:
                self.show_bookmarks_in(reader.article)  # notes, tags or deletions may have changed
            return
        self.open_passage(chosen)

    def open_passage(self, chosen: Resolved) -> None:
        """Open the bookmark's article at the passage: from the library if it is there, else its file."""
        location = chosen.bookmark.location
        self._pending_passage = chosen
        reader = self.query_one(Reader)
        reader.display = True
        reader.focus()
        if reader.article is not None and reader.article.meta.location == location:
            self.show_bookmarks_in(reader.article)
            return
        for meta in self.query_one(ArticleList).entries:
            if meta.location == location:
                self.open_article(meta)  # show_article then places the cursor on the passage
                return
        if local_path(location) is not None or location.startswith(STORED_SCHEME):
            self._open_outside_library(location)

    @work(thread=True, exclusive=True, group="open")
    def _open_outside_library(self, location: str) -> None:
        """An article not in the list: read straight from its file, or from the feed store."""
        try:
            article = self.app.library.open_location(location)
        except LoadError as error:
            self.app.call_from_thread(
                self.notify, f"{location}: {error}", title="Cannot open", severity="error"
            )
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self.show_article, article)

    if TYPE_CHECKING:

        def show_article(self, article: Article) -> None: ...

        def open_article(self, meta: ArticleMeta) -> object: ...

        def _update_counts(self) -> None: ...
