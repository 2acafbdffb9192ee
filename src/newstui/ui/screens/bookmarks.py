"""The ``B`` screen: every bookmark, filtered as you type, to open, annotate, tag or delete.

Bookmarks are read and found again in their articles in a worker (that reads files). The list is
line-based and virtual (:class:`BookmarkList`), so thousands of bookmarks filter as you type. Typing
goes to the filter; ``down`` or ``enter`` moves to the list, where single keys act on the bookmark
under the cursor and any other letter goes back to the filter. Choosing a bookmark dismisses the
screen with it: the main screen (the mediator) opens the article at the passage.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from textual import events, on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Header, Input, Static
from textual.worker import get_current_worker

from newstui.core.bookmarks.anchoring import Anchoring, AnchorState
from newstui.core.bookmarks.exchange import excerpt
from newstui.core.bookmarks.passages import Resolved, resolve_all
from newstui.core.bookmarks.store import StoreError
from newstui.ui.bookmark_session import UNDO_SECONDS, haystack, rank
from newstui.ui.focus import focus_now
from newstui.ui.screens.dialogs import edit_note, edit_tags
from newstui.ui.widgets.bookmark_list import BookmarkList
from newstui.ui.widgets.footer import NewsFooter

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

Order = Literal["date", "article"]


class FilterBox(Input):
    """The bookmarks filter: ``down`` and ``up`` typed in it are the list's, wherever the focus is by
    the time they are handled (keys typed in a burst reach the box before the first moves the focus).

    They are handed on at once (``move``, given by the screen), not by a message: a message would be
    handled after the keys queued behind them, such as the ``enter`` that opens the bookmark.
    """

    def __init__(self, move: Callable[[int], None], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._move = move

    def on_key(self, event: events.Key) -> None:
        delta = {"down": 1, "up": -1}.get(event.key)
        if delta is not None:
            event.stop()
            event.prevent_default()
            self._move(delta)


class BookmarksScreen(Screen[Resolved | None]):
    """All bookmarks; dismissed with the one to open, or ``None``."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", id="bookmarks.back"),
        Binding("B", "back", "Back", show=False, id="bookmarks.close"),
        Binding("d", "delete", "Delete", id="bookmarks.delete"),
        Binding("u", "undo", "Undo", id="bookmarks.undo"),
        Binding("a", "note", "Note", id="bookmarks.note"),
        Binding("t", "tags", "Tags", id="bookmarks.tags"),
        Binding("s", "sort", "Sort", id="bookmarks.sort"),
    ]

    app: NewsApp

    def __init__(self) -> None:
        super().__init__()
        self._items: list[Resolved] = []
        self._shown: list[Resolved] = []
        self._haystacks: list[str] = []
        self._order: Order = "date"
        self._query = ""
        self._early_moves: int | None = 0
        """Moves typed before the stored bookmarks were listed (the screen focuses the filter, which
        takes keys, before its own ``on_mount`` lists them); ``None`` once they are listed."""

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield FilterBox(
            self._filter_moved,
            placeholder="Filter: passage, note, title or tag (fuzzy)",
            id="bookmarks-filter",
        )
        yield BookmarkList(id="bookmarks-list")
        yield Static("", id="bookmarks-empty")
        yield Static("", id="bookmarks-status")
        yield NewsFooter()

    def on_mount(self) -> None:
        self.app.sub_title = "Bookmarks"
        self.query_one("#bookmarks-empty").display = False
        self.query_one(Input).focus()
        self._show_stored()
        early, self._early_moves = self._early_moves, None
        self.query_one(BookmarkList).move(early or 0)
        self.load()

    def _show_stored(self) -> None:
        """The bookmarks as stored, at once, before their passages are looked for in their articles:
        keys typed right after ``B`` move through the real list, and the check fills in the states."""
        store = self.app.bookmarks.store
        if store is None:
            return
        try:
            bookmarks = store.all(self._order)
        except StoreError:
            return  # load() reports it
        self._items = [Resolved(b, Anchoring(AnchorState.ANCHORED, b.start, b.end)) for b in bookmarks]
        self._haystacks = [haystack(item.bookmark) for item in self._items]
        self._filtered(self._items, None)

    # -- loading and showing ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="bookmarks")
    def load(self, keep: str | None = None) -> None:
        """Read every bookmark and find each passage in its article (this reads files)."""
        store = self.app.bookmarks.store
        if store is None:
            return
        try:
            items = resolve_all(store.all(self._order), stored=self.app.library.stored_article)
        except StoreError as error:
            self.app.call_from_thread(self.notify, str(error), title="Bookmarks", severity="error")
            return
        self.app.call_from_thread(self._loaded, items, keep)

    def _loaded(self, items: list[Resolved], keep: str | None) -> None:
        self._items = items
        self._haystacks = [haystack(item.bookmark) for item in items]
        self._show(keep, stay=keep is None)

    def _show(self, keep: str | None = None, *, stay: bool = False) -> None:
        """Refilter in a worker (thousands of bookmarks take a moment); the newest request wins."""
        self._filter(self.query_one(Input).value, list(self._items), list(self._haystacks), keep, stay)

    @work(thread=True, exclusive=True, group="bookmarks-filter")
    def _filter(
        self, query: str, items: list[Resolved], haystacks: list[str], keep: str | None, stay: bool
    ) -> None:
        order = rank(query, haystacks)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._filtered, [items[index] for index in order], keep, stay)

    def _filtered(self, shown: list[Resolved], keep: str | None, stay: bool = False) -> None:
        """Show the filtered bookmarks, keeping the cursor on bookmark ``keep`` if it is shown, or
        (``stay``) on the one it is on when they land: the user may have moved it meanwhile."""
        current = self.current
        if stay and current is not None:
            keep = current.bookmark.id
        self._shown = shown
        ids = [item.bookmark.id for item in shown]
        self.query_one(BookmarkList).set_items(shown, ids.index(keep) if keep in ids else 0)
        self._update_status()

    def _update_status(self) -> None:
        total, shown = len(self._items), len(self._shown)
        empty = self.query_one("#bookmarks-empty", Static)
        if not self.app.bookmarks.available:
            message = "Bookmarks are off this session: the bookmarks database could not be opened."
        elif not total:
            message = "No bookmarks yet. In the reader, j/k pick a paragraph and b keeps it."
        elif not shown:
            message = "No bookmark matches the filter."
        else:
            message = ""
        empty.update(message)
        empty.display = bool(message)
        noun = "bookmark" if total == 1 else "bookmarks"
        counts = f"{shown:,} of {total:,} {noun}" if shown != total else f"{total:,} {noun}"
        keys = "↓ list · enter open · d delete · u undo · a note · t tags · s sort · esc back"
        self.query_one("#bookmarks-status", Static).update(f"{counts} · sorted by {self._order} · {keys}")

    @property
    def current(self) -> Resolved | None:
        return self.query_one(BookmarkList).current

    # -- filter and focus ---------------------------------------------------------------------

    @on(Input.Changed, "#bookmarks-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # The box reports its first (empty) value after mounting: refiltering then would put back on
        # the first row a cursor that keys typed right after ``B`` have already moved.
        if event.value != self._query:
            self._query = event.value
            self._show()

    @on(Input.Submitted, "#bookmarks-filter")
    def _filter_submitted(self) -> None:
        focus_now(self.query_one(BookmarkList))

    def _filter_moved(self, delta: int) -> None:
        """``down`` from the filter enters the list on its cursor; the keys after it (sent to the filter
        before the focus moved) and ``up`` move the list's cursor directly."""
        filter_box, listing = self.query_one(FilterBox), self.query_one(BookmarkList)
        if self.focused is filter_box and delta > 0:  # has_focus lags behind a focus_now
            focus_now(listing)
        elif self._early_moves is not None:
            self._early_moves += delta
        else:
            listing.move(delta)

    def on_key(self, event: events.Key) -> None:
        """A letter typed in the list goes to the filter."""
        filter_box, listing = self.query_one(FilterBox), self.query_one(BookmarkList)
        if (
            listing.has_focus
            and event.character
            and event.character.isalnum()
            and event.key not in self.active_bindings  # d, a, t, ... act on the list (as remapped)
        ):
            focus_now(filter_box)
            filter_box.insert_text_at_cursor(event.character)
            event.stop()

    @on(BookmarkList.Selected)
    def _chosen(self, event: BookmarkList.Selected) -> None:
        chosen = event.resolved
        if chosen.state is AnchorState.MISSING:
            self.notify(
                f"{chosen.bookmark.location}: {chosen.problem}", title="Cannot open", severity="warning"
            )
            return
        self.dismiss(chosen)

    # -- actions ------------------------------------------------------------------------------

    def action_back(self) -> None:
        self.dismiss(None)

    def action_sort(self) -> None:
        self._order = "article" if self._order == "date" else "date"
        current = self.current
        self.load(current.bookmark.id if current else None)

    def action_delete(self) -> None:
        current = self.current
        if current is None:
            return
        removed = self.app.bookmarks.delete(current.bookmark.id)
        if removed is None:
            return
        index = self.query_one(BookmarkList).cursor
        kept = [i for i, item in enumerate(self._items) if item.bookmark.id != removed.id]
        self._items = [self._items[i] for i in kept]
        self._haystacks = [self._haystacks[i] for i in kept]
        following = self._shown[index + 1].bookmark.id if index + 1 < len(self._shown) else None
        self._show(following)
        self.notify(
            f"Deleted “{excerpt(removed.exact, 50)}”. Press u to undo.",
            title="Bookmark deleted",
            timeout=UNDO_SECONDS,
        )

    def action_undo(self) -> None:
        restored = self.app.bookmarks.undo()
        if restored is None:
            self.notify("Nothing to undo.", timeout=3)
            return
        self.notify(f"Restored “{excerpt(restored.exact, 50)}”.", title="Bookmark restored", timeout=3)
        self.load(restored.id)

    def _reload_at(self, bookmark_id: str) -> Callable[[], None]:
        def reload() -> None:
            self.load(bookmark_id)

        return reload

    def action_note(self) -> None:
        current = self.current
        if current is not None:
            edit_note(self.app, self.app.bookmarks, current.bookmark, self._reload_at(current.bookmark.id))

    def action_tags(self) -> None:
        current = self.current
        if current is not None:
            edit_tags(self.app, self.app.bookmarks, current.bookmark, self._reload_at(current.bookmark.id))
