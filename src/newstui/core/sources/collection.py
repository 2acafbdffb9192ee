"""The articles a session reads, from every source behind one interface: folders and files, and feeds.

:class:`Sources` offers what the article list, the search index, the reader and bookmarks need (listing
in batches, opening an article, opening one by its location) and sends each request to the source the
article came from: the :class:`~newstui.core.library.Library` for files, the feed store
(:class:`~newstui.core.sources.stored.StoredSource`) for feed articles. No caller has to know which.

With no paths given, a session reads the configured library *and* the stored feed articles; the bundled
seed articles only when there is neither.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from newstui.core.library import DEFAULT_MAX_BYTES, Library, LoadError, read_article
from newstui.core.meta_cache import MetaCache
from newstui.core.models import STORED_SCHEME, Article, ArticleMeta, LoadReport, LoadWarning
from newstui.core.sources.stored import StoredSource, apply_retention, has_feed_store, open_feed_store
from newstui.core.sqlite_store import StoreError


class Sources:
    """A library of files and the stored feed articles, listed together and opened alike."""

    def __init__(self, library: Library | None = None, stored: StoredSource | None = None) -> None:
        self.library = library
        self.stored = stored
        self.entries: list[ArticleMeta] = []
        self.report = LoadReport()
        self._by_id: dict[str, ArticleMeta] = {}

    # -- what the app and the search index ask of a library -----------------------------------

    @property
    def paths(self) -> tuple[Path, ...]:
        """The folders and files read (the stored feed articles are not among them)."""
        return self.library.paths if self.library is not None else ()

    @property
    def feeds(self) -> bool:
        """Whether the stored feed articles are part of this session."""
        return self.stored is not None

    @property
    def max_bytes(self) -> int:
        return self.library.max_bytes if self.library is not None else DEFAULT_MAX_BYTES

    @property
    def name(self) -> str:
        names = [self.library.name] if self.library is not None else []
        if self.stored is not None:
            names.append("feeds")
        return " + ".join(names) or "(nothing)"

    @property
    def expected_total(self) -> int:
        return sum(source.expected_total for source in self._sources())

    def _sources(self) -> list[Library | StoredSource]:
        return [source for source in (self.stored, self.library) if source is not None]

    def iter_load(self, batch_size: int = 256) -> Iterator[tuple[list[ArticleMeta], list[LoadWarning]]]:
        """Every source's articles in batches: stored feed articles first (one query), then files."""
        self.entries, self._by_id, self.report = [], {}, LoadReport()
        for source in self._sources():
            try:
                for batch, warnings in source.iter_load(batch_size):
                    self._accept(batch, warnings)
                    yield batch, warnings
            except StoreError as error:
                warning = LoadWarning("feeds", f"the feed store cannot be read: {error}")
                self._accept([], [warning])
                yield [], [warning]

    def _accept(self, batch: Sequence[ArticleMeta], warnings: Sequence[LoadWarning]) -> None:
        self.entries.extend(batch)
        for meta in batch:
            self._by_id.setdefault(meta.id, meta)
        self.report.loaded += len(batch)
        self.report.warnings.extend(warnings)

    def load(self) -> LoadReport:
        """Load everything at once (the CLI and tests), newest first."""
        for _ in self.iter_load():
            pass
        self.entries.sort(key=_newest_first)
        return self.report

    def get(self, article_id: str) -> ArticleMeta | None:
        return self._by_id.get(article_id)

    def open(self, meta: ArticleMeta) -> Article:
        """The whole article, from wherever it came from; :class:`LoadError` says why not."""
        if meta.stored:
            if self.stored is None:
                raise LoadError("feed articles are not open in this session")
            return self.stored.open(meta)
        if self.library is None:
            if meta.path is None:
                raise LoadError("this article has no file")
            return read_article(Path(meta.path), max_bytes=self.max_bytes, source=meta.source)
        return self.library.open(meta)

    def open_location(self, location: str) -> Article:
        """An article by its location: a stored article's ``newstui://article/ID``, else a file path."""
        if location.startswith(STORED_SCHEME):
            if self.stored is None:
                raise LoadError("feed articles are not open in this session")
            try:
                found = self.stored.open_location(location)
            except StoreError as error:
                raise LoadError(str(error)) from error
            if found is None:
                raise LoadError("this feed article is no longer stored")
            return found
        return read_article(Path(location), max_bytes=self.max_bytes)

    def stored_article(self, location: str) -> Article | None:
        """A stored article by location, id or link (``None`` if not stored): for bookmarks and the CLI."""
        if self.stored is None:
            return None
        with contextlib.suppress(StoreError):
            return self.stored.open_location(location)
        return None

    def close(self) -> None:
        if self.stored is not None:
            self.stored.store.close()
        if self.library is not None and self.library.cache is not None:
            self.library.cache.close()


def _newest_first(meta: ArticleMeta) -> tuple[float, str]:
    when = meta.when
    return (-when.timestamp() if when else float("inf"), meta.title.casefold())


def sources_for(
    given: Sequence[Path],
    configured: Sequence[Path],
    *,
    seeds: Path,
    data_dir: Path,
    max_bytes: int = DEFAULT_MAX_BYTES,
    cache: MetaCache | None = None,
    notices: list[str] | None = None,
    keep_days: int = 0,
    max_per_feed: int = 0,
) -> Sources:
    """The sources a session reads.

    ``given`` paths: just those. Otherwise the ``configured`` library and the stored feed articles
    (when any feed has been added); the ``seeds`` when there is neither. Problems opening the feed store
    (a damaged file moved aside, a store that cannot be opened) are appended to ``notices``. The
    retention settings (``keep_days``, ``max_per_feed``) are applied as the store is opened.
    """
    if given:
        return Sources(Library(list(given), max_bytes=max_bytes, cache=cache))
    library = Library(list(configured), max_bytes=max_bytes, cache=cache) if configured else None
    stored = None
    if has_feed_store(data_dir):
        try:
            store = open_feed_store(data_dir, notices.append if notices is not None else None)
        except StoreError as error:
            if notices is not None:
                notices.append(f"Feeds are off this session: {error}")
        else:
            if store.has_content():
                try:
                    apply_retention(store, data_dir, keep_days=keep_days, max_per_feed=max_per_feed)
                except StoreError as error:
                    if notices is not None:
                        notices.append(f"Old feed articles could not be pruned: {error}")
                stored = StoredSource(store)
            else:
                store.close()
    if library is None and stored is None:
        library = Library([seeds], max_bytes=max_bytes, cache=cache)
    return Sources(library, stored)
