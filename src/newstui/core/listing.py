"""The article list's data: every loaded article in order, and the view a filter leaves of it.

The app's list fills in batches while the user reads (files as they are read, stored feed articles by
the thousand), and the sidebar's sources (All, Unread, one feed, one folder) choose which of them show.
:class:`Listing` keeps both orders with binary-search inserts, so a batch of new arrivals costs a few
microseconds an article whatever the list's length, and it knows ids, so an article fetched again is not
listed twice and a changed read state replaces one row in place.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import replace
from itertools import pairwise
from operator import itemgetter

from newstui.core.library import sort_key
from newstui.core.models import ArticleMeta

Filter = Callable[[ArticleMeta], bool]
Key = tuple[float, str]
MERGE_BATCH = 256
"""Batches larger than this are merged in one pass (about 30 ms at 100,000 articles), not inserted one
by one (each insert moves the rows after it: 4,096 of them into 100,000 take a third of a second)."""


def _title_key(meta: ArticleMeta) -> str:
    return meta.title.casefold()


class _Ordered:
    """Articles in :func:`sort_key` order, with their times in a compact array beside them.

    The whole sort key is not kept per article (a tuple, a float and a case-folded copy of the title:
    about 230 bytes, 230 MB for a million); only the time, 8 bytes in an ``array``. Binary search runs
    on the times in C, and only among articles of the same time on their titles, folded as needed.
    """

    __slots__ = ("items", "times")

    def __init__(self, items: list[ArticleMeta]) -> None:
        self.items = items
        """Kept in place (never replaced): the list widget draws this very list."""
        self.times = array("d")

    def clear(self) -> None:
        self.items.clear()
        self.times = array("d")

    def right(self, key: Key, lo: int = 0) -> int:
        """Where an article of ``key`` goes: after every listed one of an equal key (as ``bisect_right``)."""
        start = bisect_left(self.times, key[0], lo)
        end = bisect_right(self.times, key[0], start)
        if start == end:
            return start
        return bisect_right(self.items, key[1], start, end, key=_title_key)

    def left(self, key: Key) -> int:
        """The first position holding an article of ``key`` or a later one (as ``bisect_left``)."""
        start = bisect_left(self.times, key[0])
        end = bisect_right(self.times, key[0], start)
        if start == end:
            return start
        return bisect_left(self.items, key[1], start, end, key=_title_key)

    def insert(self, key: Key, meta: ArticleMeta) -> int:
        at = self.right(key)
        self.items.insert(at, meta)
        self.times.insert(at, key[0])
        return at

    def extend(self, keyed: Sequence[tuple[Key, ArticleMeta]]) -> None:
        # two bulk extends, not two appends an article: a million stored articles arrive this way
        self.items.extend([meta for _, meta in keyed])
        self.times.fromlist([key[0] for key, _ in keyed])

    def assign(self, items: Iterable[ArticleMeta], times: Iterable[float]) -> None:
        self.items[:] = items
        self.times = array("d", times)

    def merge(self, keyed: list[tuple[Key, ArticleMeta]]) -> None:
        """Add many (key, article) pairs at once; stable, as single inserts would be.

        The new pairs are sorted among themselves, placed by binary search, and both sequences rebuilt
        from slices (copies in C): a batch of 4,096 into 100,000 costs milliseconds, where sorting the
        whole list again cost tens of them, on the UI thread.
        """
        if not keyed:
            return
        items, times = self.items, self.times
        merged_items: list[ArticleMeta] = []
        merged_times = array("d")
        done = 0
        for key, meta in sorted(keyed, key=itemgetter(0)):
            at = self.right(key, done)
            if at > done:
                merged_items += items[done:at]
                merged_times += times[done:at]
                done = at
            merged_items.append(meta)
            merged_times.append(key[0])
        merged_items += items[done:]
        merged_times += times[done:]
        items[:] = merged_items
        self.times = merged_times

    def replace(self, key: Key, meta: ArticleMeta) -> int | None:
        """Put ``meta`` in the place of the listed article with its id (and key); its position."""
        for index in range(self.left(key), len(self.items)):
            listed = self.items[index]
            if listed.id == meta.id:
                self.items[index] = meta
                return index
            if self.times[index] != key[0]:
                break
        return None

    def last_key(self) -> Key | None:
        return sort_key(self.items[-1]) if self.items else None


class Listing:
    """Articles newest first (see :func:`~newstui.core.library.sort_key`) and the filtered view."""

    def __init__(self) -> None:
        self._all = _Ordered([])
        self.view: list[ArticleMeta] = []
        """The articles the filter keeps, in order (the list widget draws this very list)."""
        self._shown = _Ordered(self.view)
        self._by_id: dict[str, ArticleMeta] = {}
        self._filter: Filter | None = None

    def __len__(self) -> int:
        return len(self._all.items)

    @property
    def all(self) -> Sequence[ArticleMeta]:
        return self._all.items

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._by_id

    def clear(self) -> None:
        self._all.clear()
        self._shown.clear()
        self._by_id.clear()

    def add(self, batch: Iterable[ArticleMeta], cursor: int = -1) -> int:
        """Insert new articles in place (ids already listed are skipped).

        Returns ``cursor`` (a position in the view) moved down by the rows inserted at or above it, so
        the row under the cursor stays the same one. A batch that sorts after everything listed (a store
        read newest first, in order) is appended in one step; another large batch is merged in one
        pass (100,000 single inserts into a list of 100,000 move gigabytes); a small one is inserted
        article by article.
        """
        fresh: dict[str, ArticleMeta] = {}
        for meta in batch:
            if meta.id not in self._by_id:
                fresh.setdefault(meta.id, meta)
        if not fresh:
            return cursor
        keyed = [(sort_key(meta), meta) for meta in fresh.values()]
        self._by_id.update(fresh)
        last = self._all.last_key()
        if all(a[0] <= b[0] for a, b in pairwise(keyed)) and (last is None or last <= keyed[0][0]):
            self._append(keyed)
            return cursor
        if len(keyed) > MERGE_BATCH:
            return self._merge(keyed, cursor)
        keep = self._filter
        for key, meta in keyed:
            self._all.insert(key, meta)
            if keep is None or keep(meta):
                at = self._shown.insert(key, meta)
                if 0 <= at <= cursor:
                    cursor += 1
        return cursor

    def _merge(self, keyed: list[tuple[Key, ArticleMeta]], cursor: int) -> int:
        """Merge many new (key, article) pairs into both orders at once (stable: as single inserts)."""
        current = self.view[cursor] if 0 <= cursor < len(self.view) else None
        self._all.merge(keyed)
        keep = self._filter
        self._shown.merge(keyed if keep is None else [p for p in keyed if keep(p[1])])
        if current is None:
            return cursor
        at = self._shown.left(sort_key(current))
        while at < len(self.view) and self.view[at].id != current.id:
            at += 1
        return at if at < len(self.view) else cursor

    def _append(self, keyed: list[tuple[Key, ArticleMeta]]) -> None:
        """Add articles (in order) that all sort after every listed one."""
        self._all.extend(keyed)
        keep = self._filter
        self._shown.extend(keyed if keep is None else [p for p in keyed if keep(p[1])])

    def set_filter(self, keep: Filter | None) -> None:
        """Show only the articles ``keep`` accepts (``None``: all of them)."""
        self._filter = keep
        everything = self._all
        if keep is None:
            self._shown.assign(everything.items, everything.times)
            return
        chosen = [i for i, meta in enumerate(everything.items) if keep(meta)]
        self._shown.assign([everything.items[i] for i in chosen], [everything.times[i] for i in chosen])

    def replace(self, meta: ArticleMeta) -> int | None:
        """Put a changed copy of a listed article (same id and date) in its place.

        Returns its position in the view, or ``None`` if the view does not show it.
        """
        if meta.id not in self._by_id:
            return None
        self._by_id[meta.id] = meta
        key = sort_key(meta)
        self._all.replace(key, meta)
        return self._shown.replace(key, meta)

    def set_read(self, ids: Collection[str], read: bool) -> None:
        """Set the read state of many listed feed articles at once (marking a whole source read)."""
        self.apply(self.read_changes(ids, read))

    def read_changes(self, ids: Iterable[str], read: bool) -> dict[str, ArticleMeta]:
        """The changed copies :meth:`apply` puts in place (the slow half: may run in another thread)."""
        changes: dict[str, ArticleMeta] = {}
        for article_id in ids:
            meta = self._by_id.get(article_id)
            if meta is not None and meta.stored and meta.read != read:
                changes[article_id] = replace(meta, read=read)
        return changes

    def apply(self, changes: Mapping[str, ArticleMeta]) -> None:
        """Put changed copies of listed articles (same ids, same dates) in their places."""
        if not changes:
            return
        self._by_id.update(changes)
        for items in (self._all.items, self.view):
            items[:] = [changes.get(meta.id, meta) for meta in items]

    def find(self, article_id: str) -> ArticleMeta | None:
        """A listed article by id (as it is now: its read state may have changed since it was added)."""
        return self._by_id.get(article_id)

    def index_in_view(self, article_id: str) -> int | None:
        return next((i for i, meta in enumerate(self.view) if meta.id == article_id), None)
