"""A library of articles: finding files, reading them safely, and keeping a sorted listing.

The listing keeps only metadata (:class:`ArticleMeta`); bodies are read again when an article is opened,
so a 100,000-article library costs megabytes, not gigabytes. Loading is an iterator of batches so a UI
can show the first titles at once and fill in the rest as it goes.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import re
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from datetime import UTC, datetime
from functools import lru_cache
from itertools import islice
from multiprocessing import resource_tracker
from pathlib import Path

from newstui.core.dates import file_time_ns, from_timestamp, sane
from newstui.core.files import UnreadableFile, read_capped
from newstui.core.meta_cache import MetaCache, Stamp
from newstui.core.models import Article, ArticleMeta, LoadReport, LoadWarning
from newstui.core.sources import PARSERS, parser_for, plain
from newstui.core.text import UndecodableError, decode

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
LISTING_CACHE = "listing.sqlite3"
"""File name of the listing cache in the cache directory."""
_NAME_PATTERN = re.compile(r"^(?P<source>[\w-]+?)_(?P<date>\d{4}-\d{2}-\d{2})_")


class LoadError(Exception):
    """A file that cannot become an article; the message is meant for the user."""


class Candidate:
    """A file to load and the source name it is listed under.

    Made by the hundred thousand when a library opens, so it holds the path as a string and makes
    the :class:`~pathlib.Path` (slow to build) only when a file is actually read.
    """

    __slots__ = ("_path", "explicit", "location", "source", "stamp")

    def __init__(
        self, path: Path | str, source: str, explicit: bool = False, stamp: Stamp | None = None
    ) -> None:
        self.location = str(path)
        self._path = path if isinstance(path, Path) else None
        self.source = source
        self.explicit = explicit
        self.stamp = stamp
        """(size, mtime_ns) when the file was listed, if it was looked at."""

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = Path(self.location)
        return self._path

    @property
    def name(self) -> str:
        return os.path.basename(self.location)  # noqa: PTH119 (string paths: see class docstring)

    def __repr__(self) -> str:
        return f"Candidate({self.location!r}, {self.source!r})"


def sort_key(meta: ArticleMeta) -> tuple[float, str]:
    """Newest first, then by title: dates sort descending via a negated timestamp."""
    when = meta.when
    return (-when.timestamp() if when else float("inf"), meta.title.casefold())


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def article_id(path: Path, digest: str) -> str:
    """Stable for the same file with the same content; changes when either changes."""
    return hashlib.blake2b(f"{path}\0{digest}".encode(), digest_size=8).hexdigest()


def find_files(paths: Iterable[Path]) -> Iterator[Candidate]:
    """Every readable article file under ``paths``, in a stable order; hidden entries are skipped."""
    for root in paths:
        if root.is_file() or (root.exists() and not root.is_dir()):  # a FIFO given by name: say why not
            yield Candidate(root, root.resolve().parent.name or str(root.parent), explicit=True)
            continue
        source = root.resolve().name or str(root)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for name in sorted(filenames):
                if name.startswith(".") or os.path.splitext(name)[1].lower() not in PARSERS:  # noqa: PTH122
                    continue
                yield Candidate(os.path.join(dirpath, name), source)  # noqa: PTH118 (hot path, no Path)


def _from_filename(name: str) -> tuple[str | None, datetime | None]:
    match = _NAME_PATTERN.match(name)
    if not match:
        return None, None
    try:
        date = sane(datetime.fromisoformat(match["date"]).replace(tzinfo=UTC))
    except ValueError:
        return None, None
    return match["source"], date


def read_article(
    candidate: Candidate | Path, *, max_bytes: int = DEFAULT_MAX_BYTES, source: str | None = None
) -> Article:
    """Read one file into an :class:`Article`, or raise :class:`LoadError` saying why not."""
    if isinstance(candidate, Path):
        candidate = Candidate(candidate, source or candidate.resolve().parent.name, explicit=True)
    path = candidate.path
    try:
        data, stat = read_capped(path, max_bytes)
    except UnreadableFile as error:
        raise LoadError(str(error)) from error
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror or error}") from error
    try:
        decoded = decode(data)
    except UndecodableError as error:
        raise LoadError(str(error)) from error
    parser = parser_for(path) or plain.parse
    parsed = parser(decoded.text)
    text = decoded.text if parsed.text is None else parsed.text
    name_source, name_date = _from_filename(path.name)
    digest = content_hash(data)
    resolved = path.resolve()
    meta = ArticleMeta(
        id=article_id(resolved, digest),
        title=parsed.title or path.stem,
        source=parsed.source or name_source or candidate.source,
        path=resolved,
        published=sane(parsed.published) or name_date,
        modified=from_timestamp(stat.st_mtime),
        word_count=len(parsed.title.split())
        + sum(len(text[p.start : p.end].split()) for p in parsed.paragraphs),
        encoding=decoded.encoding,
    )
    return Article(
        meta=meta,
        text=text,
        title_span=parsed.title_span,
        paragraphs=parsed.paragraphs,
        content_hash=digest,
    )


FIRST_CHUNK = 32
CACHED_BATCH = 4096
PARALLEL_THRESHOLD = 2000
"""Below this many files, starting worker processes costs more than it saves."""


def _read_metas(chunk: list[Candidate], max_bytes: int) -> list[ArticleMeta | LoadWarning]:
    results: list[ArticleMeta | LoadWarning] = []
    for candidate in chunk:
        try:
            results.append(read_article(candidate, max_bytes=max_bytes).meta)
        except LoadError as error:
            results.append(LoadWarning(candidate.path, str(error)))
    return results


def start_resource_tracker() -> bool:
    """Start multiprocessing's helper process with a real stderr; say whether that worked.

    The helper inherits ``sys.stderr``'s file descriptor, but inside a full-screen app ``sys.stderr``
    is a capture object without one ("bad value(s) in fds_to_keep"), so it is handed the process's
    original stderr for the moment it starts.
    """
    if sys.__stderr__ is None:
        return False
    saved = sys.stderr
    try:
        sys.stderr = sys.__stderr__
        resource_tracker.ensure_running()
    except (OSError, ValueError):
        return False
    finally:
        sys.stderr = saved
    return True


def _read_in_chunks(
    candidates: list[Candidate], max_bytes: int, chunk_size: int, parallel_threshold: int
) -> Iterator[tuple[list[Candidate], list[ArticleMeta | LoadWarning]]]:
    first = min(chunk_size, FIRST_CHUNK)  # a small first chunk puts titles on screen at once
    chunks = [candidates[:first]]
    chunks += [candidates[i : i + chunk_size] for i in range(first, len(candidates), chunk_size)]
    workers = min(os.cpu_count() or 1, 8)
    if len(candidates) < parallel_threshold or workers < 2 or not start_resource_tracker():
        for chunk in chunks:
            yield chunk, _read_metas(chunk, max_bytes)
        return
    context = multiprocessing.get_context("spawn")  # fork is unsafe once threads (the UI) are running
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        yield chunks[0], _read_metas(chunks[0], max_bytes)  # first titles without waiting for the pool
        results = pool.map(_read_metas, chunks[1:], [max_bytes] * (len(chunks) - 1))
        yield from zip(chunks[1:], results, strict=True)


@lru_cache(maxsize=65536)
def _day_timestamp(day: str) -> float:
    return datetime.fromisoformat(day).replace(tzinfo=UTC).timestamp()


def _expected_order(candidate: Candidate) -> tuple[float, str]:
    """A guess at the final sort order from the file name's date or the file time (no reading)."""
    match = _NAME_PATTERN.match(candidate.name)
    if match:
        with contextlib.suppress(ValueError):
            return (-_day_timestamp(match["date"]), candidate.location)
    if candidate.stamp is not None:
        return (-candidate.stamp[1] / 1e9, candidate.location)
    return (0.0, candidate.location)


def _stamp(location: str) -> Stamp | None:
    try:
        stat = os.stat(location)  # noqa: PTH116 (hot path, no Path)
    except OSError:
        return None
    return (stat.st_size, file_time_ns(stat.st_mtime_ns))


class Library:
    """The articles found under some paths, sorted newest first; reloadable."""

    def __init__(
        self,
        paths: Sequence[Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        cache: MetaCache | None = None,
        parallel_threshold: int | None = None,
    ) -> None:
        self.paths = tuple(paths)
        self.parallel_threshold = PARALLEL_THRESHOLD if parallel_threshold is None else parallel_threshold
        self.max_bytes = max_bytes
        self.cache = cache
        self.entries: list[ArticleMeta] = []
        self.report = LoadReport()
        self._by_id: dict[str, ArticleMeta] = {}
        self.expected_total = 0
        """How many files the current load will read (known once the tree has been listed)."""

    @property
    def name(self) -> str:
        """A short name for the header: the folder (or file) names given."""
        return ", ".join(path.name or str(path) for path in self.paths) or "(nothing)"

    def candidates(self) -> list[Candidate]:
        """The files to read, likely-newest first, so the top of the list settles early."""
        return self._listed(find_files(self.paths))

    @staticmethod
    def _listed(found: Iterable[Candidate]) -> list[Candidate]:
        listed = list(found)
        for candidate in listed:
            candidate.stamp = _stamp(candidate.location)
        listed.sort(key=_expected_order)
        return listed

    def iter_load(self, batch_size: int = 256) -> Iterator[tuple[list[ArticleMeta], list[LoadWarning]]]:
        """Load (or reload) everything, yielding each batch of new entries and warnings as it is read.

        The first files the walk meets are read before the whole tree is listed, so titles show at
        once however large the library; the rest follow likely-newest first. Large libraries are read
        by a pool of processes (one per core), in order.
        """
        self.entries, self._by_id, self.report = [], {}, LoadReport()
        walk = find_files(self.paths)
        first = self._listed(islice(walk, FIRST_CHUNK))
        self.expected_total = len(first)
        yield self._accept(self._first_listings(first))
        todo = self._listed(walk)
        self.expected_total += len(todo)
        if self.cache is not None:
            cached, todo = self._split_by_cache(todo)
            for start in range(0, len(cached), CACHED_BATCH):
                yield self._accept(cached[start : start + CACHED_BATCH])
        for chunk, results in _read_in_chunks(todo, self.max_bytes, batch_size, self.parallel_threshold):
            yield self._accept(self._remember(chunk, results))
        self.entries.sort(key=sort_key)

    def _first_listings(self, first: list[Candidate]) -> list[ArticleMeta | LoadWarning]:
        """The first few listings: from the cache where still valid (asked for by path), else read."""
        known: dict[str, tuple[Stamp, ArticleMeta]] = {}
        if self.cache is not None:
            for source in {candidate.source for candidate in first}:
                known.update(self.cache.lookup(source, [c.location for c in first if c.source == source]))
        results: list[ArticleMeta | LoadWarning] = []
        for candidate in first:
            hit = known.get(candidate.location)
            if hit is not None and candidate.stamp is not None and hit[0] == candidate.stamp:
                results.append(hit[1])
            else:
                results.extend(self._remember([candidate], _read_metas([candidate], self.max_bytes)))
        return results

    def _remember(
        self, chunk: list[Candidate], results: list[ArticleMeta | LoadWarning]
    ) -> list[ArticleMeta | LoadWarning]:
        """Put freshly read listings in the cache (if there is one) and pass them on."""
        if self.cache is not None:
            self.cache.store(
                (candidate.location, candidate.source, candidate.stamp, result)
                for candidate, result in zip(chunk, results, strict=True)
                if isinstance(result, ArticleMeta) and candidate.stamp is not None
            )
        return results

    def _accept(
        self, results: Sequence[ArticleMeta | LoadWarning]
    ) -> tuple[list[ArticleMeta], list[LoadWarning]]:
        batch: list[ArticleMeta] = []
        warnings: list[LoadWarning] = []
        for result in results:
            if isinstance(result, LoadWarning):
                warnings.append(result)
            elif result.id not in self._by_id:
                self._by_id[result.id] = result
                batch.append(result)
        self.entries.extend(batch)
        self.report.loaded += len(batch)
        self.report.warnings.extend(warnings)
        return batch, warnings

    def _split_by_cache(self, candidates: list[Candidate]) -> tuple[list[ArticleMeta], list[Candidate]]:
        """Listings still valid in the cache, and the files that must be read."""
        assert self.cache is not None
        known: dict[str, dict[str, tuple[Stamp, ArticleMeta]]] = {}
        cached: list[ArticleMeta] = []
        todo: list[Candidate] = []
        for candidate in candidates:
            if candidate.stamp is None:
                candidate.stamp = _stamp(candidate.location)
            if candidate.source not in known:
                known[candidate.source] = self.cache.lookup(candidate.source)
            hit = known[candidate.source].get(candidate.location)
            if hit is not None and candidate.stamp is not None and hit[0] == candidate.stamp:
                cached.append(hit[1])
            else:
                todo.append(candidate)  # new, changed, or unreadable (reading it will say why)
        return cached, todo

    def load(self) -> LoadReport:
        """Load everything at once (the CLI and tests); the UI uses :meth:`iter_load`."""
        for _ in self.iter_load():
            pass
        return self.report

    def get(self, article_id: str) -> ArticleMeta | None:
        return self._by_id.get(article_id)

    def open(self, meta: ArticleMeta) -> Article:
        """Read the article's full text (it may have changed on disk since the listing was made)."""
        if meta.path is None:
            raise LoadError("this article has no file")
        return read_article(Candidate(meta.path, meta.source), max_bytes=self.max_bytes)
