"""The article list's data: every loaded article in order, and the view a filter leaves of it.

The app's list fills in batches while the user reads (files as they are read, stored feed articles by
the thousand), and the sidebar's sources (All, Unread, one feed, one folder) choose which of them show.
:class:`Listing` keeps both orders with binary-search inserts, so a batch of new arrivals costs a few
microseconds an article whatever the list's length, and it knows ids, so an article fetched again is not
listed twice and a changed read state replaces one row in place.
"""

from __future__ import annotations

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


def _merge_into(items: list[ArticleMeta], keys: list[Key], keyed: list[tuple[Key, ArticleMeta]]) -> None:
    """Add ``keyed`` (key, article) pairs to a sorted list and its keys, in place (others hold them).

    Stable, as single inserts would be: equal keys keep existing ones first, then arrival order. The
    new pairs are sorted among themselves, placed by binary search, and the lists rebuilt from slices
    (copies of pointers, in C): a batch of 4,096 into 100,000 costs a few milliseconds, where sorting
    the whole list again cost tens.
    """
    if not keyed:
        return
    keyed = sorted(keyed, key=itemgetter(0))
    merged_items: list[ArticleMeta] = []
    merged_keys: list[Key] = []
    done = 0
    for key, meta in keyed:
        at = bisect_right(keys, key, done)
        if at > done:
            merged_items += items[done:at]
            merged_keys += keys[done:at]
            done = at
        merged_items.append(meta)
        merged_keys.append(key)
    merged_items += items[done:]
    merged_keys += keys[done:]
    items[:] = merged_items
    keys[:] = merged_keys


class Listing:
    """Articles newest first (see :func:`~newstui.core.library.sort_key`) and the filtered view."""

    def __init__(self) -> None:
        self._all: list[ArticleMeta] = []
        self._all_keys: list[Key] = []
        self.view: list[ArticleMeta] = []
        """The articles the filter keeps, in order (the list widget draws this very list)."""
        self._view_keys: list[Key] = []
        self._by_id: dict[str, ArticleMeta] = {}
        self._filter: Filter | None = None

    def __len__(self) -> int:
        return len(self._all)

    @property
    def all(self) -> Sequence[ArticleMeta]:
        return self._all

    def __contains__(self, article_id: object) -> bool:
        return article_id in self._by_id

    def clear(self) -> None:
        self._all.clear()
        self._all_keys.clear()
        self.view.clear()
        self._view_keys.clear()
        self._by_id.clear()

    def add(self, batch: Iterable[ArticleMeta], cursor: int = -1) -> int:
        """Insert new articles in place (ids already listed are skipped).

        Returns ``cursor`` (a position in the view) moved down by the rows inserted at or above it, so
        the row under the cursor stays the same one. A batch that sorts after everything listed (a store
        read newest first, in order) is appended in one step; another large batch is merged in one sorted
        pass (100,000 single inserts into a list of 100,000 move gigabytes); a small one is inserted
        article by article.
        """
        fresh: dict[str, ArticleMeta] = {}
        for meta in batch:
            if meta.id not in self._by_id:
                fresh.setdefault(meta.id, meta)
        metas = list(fresh.values())
        keys = [sort_key(meta) for meta in metas]
        if not metas:
            return cursor
        if all(a <= b for a, b in pairwise(keys)) and (not self._all_keys or self._all_keys[-1] <= keys[0]):
            self._append(metas, keys)
            return cursor
        if len(metas) > MERGE_BATCH:
            self._by_id.update(fresh)
            return self._merge(list(zip(keys, metas, strict=True)), cursor)
        keep = self._filter
        for meta, key in zip(metas, keys, strict=True):
            self._by_id[meta.id] = meta
            index = bisect_right(self._all_keys, key)
            self._all_keys.insert(index, key)
            self._all.insert(index, meta)
            if keep is None or keep(meta):
                at = bisect_right(self._view_keys, key)
                self._view_keys.insert(at, key)
                self.view.insert(at, meta)
                if 0 <= at <= cursor:
                    cursor += 1
        return cursor

    def _merge(self, keyed: list[tuple[Key, ArticleMeta]], cursor: int) -> int:
        """Merge many new (key, article) pairs into both orders at once (stable: as single inserts)."""
        current = self.view[cursor] if 0 <= cursor < len(self.view) else None
        _merge_into(self._all, self._all_keys, keyed)
        keep = self._filter
        _merge_into(self.view, self._view_keys, keyed if keep is None else [p for p in keyed if keep(p[1])])
        if current is None:
            return cursor
        at = bisect_left(self._view_keys, sort_key(current))
        while at < len(self.view) and self.view[at].id != current.id:
            at += 1
        return at if at < len(self.view) else cursor

    def _append(self, metas: list[ArticleMeta], keys: list[Key]) -> None:
        """Add articles (in order) that all sort after every listed one."""
        self._by_id.update((meta.id, meta) for meta in metas)
        self._all.extend(metas)
        self._all_keys.extend(keys)
        keep = self._filter
        if keep is None:
            self.view.extend(metas)
            self._view_keys.extend(keys)
            return
        for meta, key in zip(metas, keys, strict=True):
            if keep(meta):
                self.view.append(meta)
                self._view_keys.append(key)

    def set_filter(self, keep: Filter | None) -> None:
        """Show only the articles ``keep`` accepts (``None``: all of them)."""
        self._filter = keep
        if keep is None:
            self.view[:] = self._all
            self._view_keys[:] = self._all_keys
            return
        chosen = [i for i, meta in enumerate(self._all) if keep(meta)]
        self.view[:] = [self._all[i] for i in chosen]
        self._view_keys[:] = [self._all_keys[i] for i in chosen]

    def replace(self, meta: ArticleMeta) -> int | None:
        """Put a changed copy of a listed article (same id and date) in its place.

        Returns its position in the view, or ``None`` if the view does not show it.
        """
        if meta.id not in self._by_id:
            return None
        self._by_id[meta.id] = meta
        key = sort_key(meta)
        self._replace_in(self._all, self._all_keys, key, meta)
        return self._replace_in(self.view, self._view_keys, key, meta)

    @staticmethod
    def _replace_in(items: list[ArticleMeta], keys: list[Key], key: Key, meta: ArticleMeta) -> int | None:
        for index in range(bisect_left(keys, key), bisect_right(keys, key)):
            if items[index].id == meta.id:
                items[index] = meta
                return index
        return None

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
        for items in (self._all, self.view):
            items[:] = [changes.get(meta.id, meta) for meta in items]

    def find(self, article_id: str) -> ArticleMeta | None:
        """A listed article by id (as it is now: its read state may have changed since it was added)."""
        return self._by_id.get(article_id)

    def index_in_view(self, article_id: str) -> int | None:
        return next((i for i, meta in enumerate(self.view) if meta.id == article_id), None)
