"""What the running app keeps about bookmarks besides the store: note drafts and the last deletion.

No Textual here: the screens call it, and it is tested on its own. Writes go straight to the store on
the UI thread on purpose: each is one small transaction (well under a millisecond to a few on a slow
disk), and the next key (``a`` right after ``b``) must see its result.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, utils

from newstui.core.bookmarks.passages import Resolved, bookmark_for, new_id, resolve
from newstui.core.bookmarks.store import BookmarkStore
from newstui.core.models import Article, Bookmark

UNDO_SECONDS = 8.0
"""How long a deletion can be undone (the notification lasts as long)."""


@dataclass(frozen=True, slots=True)
class Deleted:
    bookmark: Bookmark
    until: float
    """``time.monotonic()`` after which undo no longer applies."""


class BookmarkSession:
    """The store (``None`` when it could not be opened: bookmarks are then off), drafts and undo."""

    def __init__(
        self, store: BookmarkStore | None, *, monotonic: Callable[[], float] = time.monotonic
    ) -> None:
        self.store = store
        self.drafts: dict[str, str] = {}
        """Notes typed and cancelled, by bookmark id, offered again when the note is reopened."""
        self._deleted: Deleted | None = None
        self._monotonic = monotonic
        self._started = store.clock() if store is not None else None
        """Deletions before this were made by an earlier session (one that may have died before undo)."""
        self._unsaved_ids: dict[tuple[str, int, int], str] = {}

    @property
    def available(self) -> bool:
        return self.store is not None

    def _store(self) -> BookmarkStore:
        if self.store is None:
            raise LookupError("bookmarks are not available in this session")
        return self.store

    def in_article(self, article: Article) -> list[Resolved]:
        """The article's bookmarks, found again in its current text."""
        if self.store is None:
            return []
        return [
            resolve(bookmark, article.text) for bookmark in self.store.for_location(article.meta.location)
        ]

    def at(self, article: Article, start: int, end: int) -> Bookmark | None:
        """The bookmark for exactly this passage, else the one overlapping it most, else ``None``."""
        best: tuple[int, Bookmark] | None = None
        for item in self.in_article(article):
            if not item.anchoring.found:
                continue
            found_start, found_end = item.anchoring.start, item.anchoring.end
            if (found_start, found_end) == (start, end):
                return item.bookmark
            overlap = min(end, found_end) - max(start, found_start)
            if overlap > 0 and (best is None or overlap > best[0]):
                best = (overlap, item.bookmark)
        return best[1] if best else None

    def bookmark(self, article: Article, start: int, end: int) -> tuple[Bookmark, bool]:
        """Bookmark a passage; an existing bookmark of exactly that passage is returned, not duplicated.

        Returns the bookmark and whether it is new.
        """
        store = self._store()
        for item in self.in_article(article):
            if item.anchoring.found and (item.anchoring.start, item.anchoring.end) == (start, end):
                return item.bookmark, False
        return store.add(bookmark_for(article, start, end, now=store.clock())), True

    def unsaved(self, article: Article, start: int, end: int) -> Bookmark:
        """A bookmark of the passage that is not kept yet (a note is being written for it).

        The same passage gets the same id all session, so a cancelled note comes back as a draft.
        """
        key = (article.meta.location, start, end)
        bookmark_id = self._unsaved_ids.setdefault(key, new_id())
        return bookmark_for(article, start, end, now=self._store().clock(), bookmark_id=bookmark_id)

    def add_with_note(self, bookmark: Bookmark, note: str) -> Bookmark:
        """Keep an :meth:`unsaved` bookmark with its first note."""
        self.drafts.pop(bookmark.id, None)
        self._unsaved_ids = {k: v for k, v in self._unsaved_ids.items() if v != bookmark.id}
        return self._store().add(replace(bookmark, note=note))

    def save_note(self, bookmark_id: str, note: str) -> Bookmark:
        self.drafts.pop(bookmark_id, None)
        return self._store().update(bookmark_id, note=note)

    def save_tags(self, bookmark_id: str, tags: Iterable[str]) -> Bookmark:
        return self._store().update(bookmark_id, tags=tags)

    def keep_draft(self, bookmark_id: str, text: str, saved_note: str) -> None:
        """Remember a cancelled edit, unless it is just the saved note again."""
        if text != saved_note:
            self.drafts[bookmark_id] = text
        else:
            self.drafts.pop(bookmark_id, None)

    def delete(self, bookmark_id: str) -> Bookmark | None:
        """Delete, remembering the bookmark for :data:`UNDO_SECONDS` so :meth:`undo` can restore it."""
        removed = self._store().delete(bookmark_id)
        if removed is not None:
            self._deleted = Deleted(removed, self._monotonic() + UNDO_SECONDS)
        return removed

    def undo(self) -> Bookmark | None:
        """Restore the last deletion if it is recent enough; ``None`` if there is nothing to undo.

        Before this session has deleted anything, the last deletion kept by the store from an earlier
        session is restored instead: an undo no longer dies with the app that made the deletion.
        """
        deleted, self._deleted = self._deleted, None
        if deleted is None:
            earlier = self._store().last_deleted(before=self._started)
            return None if earlier is None else self._store().restore(earlier[0])
        if self._monotonic() > deleted.until:
            return None
        return self._store().restore(deleted.bookmark)


FILTER_CUTOFF = 80.0
"""Lowest average word score kept by the filter: one typo in a 5-letter word still scores about 80."""


def haystack(bookmark: Bookmark) -> str:
    """What the filter searches: the passage, the note, the article title and the tags."""
    return utils.default_process(" ".join((bookmark.exact, bookmark.note, bookmark.title, *bookmark.tags)))


def rank(query: str, haystacks: Sequence[str]) -> list[int]:
    """Indexes of the haystacks matching ``query``, best first (ties keep their order).

    Each word of the query is matched on its own (rapidfuzz ``partial_ratio``, so a word may match
    inside a longer one and a typo costs a little), and a haystack's score is the average over the
    words, so "almaty airport" finds "Almaty's main airport".
    """
    words = utils.default_process(query).split()
    if not words:
        return list(range(len(haystacks)))
    scores = [0.0] * len(haystacks)
    for word in words:
        for index, text in enumerate(haystacks):
            scores[index] += fuzz.partial_ratio(word, text)
    kept = [(score / len(words), index) for index, score in enumerate(scores)]
    return [index for score, index in sorted(kept, key=lambda pair: -pair[0]) if score >= FILTER_CUTOFF]
