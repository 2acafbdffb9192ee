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

from newstui.core.dates import file_time_ns, sane
from newstui.core.files import UnreadableFile, read_capped
from newstui.core.list_row import ListRow
from newstui.core.meta_cache import MetaCache, Stamp
from newstui.core.models import Article, ArticleMeta, LoadReport, LoadWarning
from newstui.core.sources import PARSERS, html, parser_for, plain
from newstui.core.sources.parsed import Parsed
from newstui.core.text import Decoded, UndecodableError, decode

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
LISTING_CACHE = "listing.sqlite3"
"""File name of the listing cache in the cache directory."""
_LINE_END = re.compile(r"\r\n|\r|\n")
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


def article_id(path: Path | str, size: int, mtime_ns: int) -> str:
    """Stable for the same file while it is unchanged; changes when its path, size or time changes.

    Made from what ``stat`` says rather than from the content, so listing a file never needs to read
    all of it (the content hash is made when the article is opened).
    """
    return hashlib.blake2b(f"{path}\0{size}\0{mtime_ns}".encode(), digest_size=8).hexdigest()


def find_files(paths: Iterable[Path]) -> Iterator[Candidate]:
    """Every readable article file under ``paths``, in a stable order; hidden entries are skipped."""
    for root in paths:
        if root.is_file() or (root.exists() and not root.is_dir()):  # a FIFO given by name: say why not
            yield Candidate(root, root.resolve().parent.name or str(root.parent), explicit=True)
            continue
        source = root.resolve().name or str(root)
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            folder = dirpath if dirpath.endswith(os.sep) else dirpath + os.sep
            for name in sorted(filenames):
                dot = name.rfind(".")
                if dot < 0 or name[0] == "." or name[dot:].lower() not in PARSERS:  # hidden or not an article
                    continue
                yield Candidate(folder + name, source)  # hot path: no Path, no os.path.join


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
    decoded = _decoded(data)
    parser = parser_for(path) or plain.parse
    parsed = parser(decoded.text)
    text = decoded.text if parsed.text is None else parsed.text
    resolved = path.resolve()
    meta = _listing(
        parsed, text, path.name, candidate.source, str(resolved), stat, decoded.encoding, None
    ).meta()
    return Article(
        meta=meta,
        text=text,
        title_span=parsed.title_span,
        paragraphs=parsed.paragraphs,
        content_hash=content_hash(data),
    )


def _decoded(data: bytes) -> Decoded:
    try:
        return decode(data)
    except UndecodableError as error:
        raise LoadError(str(error)) from error


def _word_count(parsed: Parsed, text: str) -> int:
    return len(parsed.title.split()) + sum(len(text[p.start : p.end].split()) for p in parsed.paragraphs)


def _listing(
    parsed: Parsed,
    text: str,
    name: str,
    source: str,
    resolved: str,
    stat: os.stat_result,
    encoding: str,
    read_bytes: int | None,
    words: int | None = None,
) -> ListRow:
    """A listing row from a parsed text: the whole file's, or (``read_bytes``) only its head's.

    ``words`` is the text's word count when the caller knows it without the paragraphs.
    """
    name_source, name_date = _from_filename(name)
    if words is None:
        words = _word_count(parsed, text)
    if read_bytes is not None and read_bytes < stat.st_size:
        words = round(words * stat.st_size / max(read_bytes, 1))  # the head's words per byte
    published = sane(parsed.published) or name_date
    return ListRow(
        id=article_id(resolved, stat.st_size, stat.st_mtime_ns),
        title=parsed.title or os.path.splitext(name)[0],  # noqa: PTH122 (string paths)
        source=parsed.source or name_source or source,
        path=resolved,
        published=published,
        modified=stat.st_mtime,
        words=words,
        encoding=encoding,
    )


HEAD_BYTES = 8192
"""How much of a file a listing row is read from: the title line, front matter and enough text to
estimate its length (the rest of its words are estimated from the head's words per byte)."""
_FULL_READ_PARSERS = frozenset({html.parse})
"""Formats whose title and date may be anywhere in the file: listed from a full read."""


def list_article(candidate: Candidate, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ListRow:
    """What the article list needs of one file, from its ``stat`` and the head of the file.

    No hashing and no full read (except for formats whose title may be anywhere, such as HTML): the
    body is read when the article is opened. The id depends on the file's resolved path, size and
    modification time, exactly as :func:`read_article` makes it, so the two agree. The reading time
    of a file longer than :data:`HEAD_BYTES` is estimated from the head's words per byte. Raises
    :class:`LoadError` for what cannot become an article (binary, empty, too large, unreadable).
    """
    location = candidate.location
    parser = PARSERS.get(os.path.splitext(location)[1].lower(), plain.parse)  # noqa: PTH122
    if parser in _FULL_READ_PARSERS:
        article = read_article(candidate, max_bytes=max_bytes)
        return ListRow.of(article.meta)
    try:
        data, stat = read_capped(location, max_bytes, head=HEAD_BYTES)
    except UnreadableFile as error:
        raise LoadError(str(error)) from error
    except OSError as error:
        raise LoadError(f"cannot read: {error.strerror or error}") from error
    whole = len(data) < HEAD_BYTES or len(data) >= stat.st_size
    if not whole:
        data = _whole_characters(data)
        if not data.strip():  # a head of white space: only the whole file can say whether it is text
            return ListRow.of(read_article(candidate, max_bytes=max_bytes).meta)
    decoded = _decoded(data)
    text = decoded.text
    if parser is plain.parse:
        parsed = _plain_title(text)
        words: int | None = len(text.split())  # in plain text every word is the title's or a paragraph's
    else:
        parsed, words = parser(text), None
    return _listing(
        parsed,
        text,
        os.path.basename(location),  # noqa: PTH119
        candidate.source,
        _resolved(location),
        stat,
        decoded.encoding,
        None if whole else len(data),
        words,
    )


def _plain_title(text: str) -> Parsed:
    """Only the title of a plain-text article: its first non-empty line (as :func:`plain.parse` finds)."""
    rest = text.lstrip()
    newline = _LINE_END.search(rest)
    title = " ".join((rest[: newline.start()] if newline else rest).split())
    return Parsed(title=title, title_span=(0, 0), paragraphs=())


def _whole_characters(data: bytes) -> bytes:
    """``data`` without a UTF-8 sequence cut short at its end (a head read can stop inside one)."""
    end = len(data)
    back = 0
    while back < 3 and back < end and data[end - 1 - back] & 0xC0 == 0x80:
        back += 1
    if back < end:
        lead = data[end - 1 - back]
        needed = 2 if lead >= 0xC0 and lead < 0xE0 else 3 if 0xE0 <= lead < 0xF0 else 4 if lead >= 0xF0 else 1
        if lead >= 0xC0 and needed > back + 1:
            return data[: end - 1 - back]
    return data


_REAL_DIRS: dict[str, str] = {}


def _resolved(location: str) -> str:
    """The file's absolute path with symbolic links resolved; one ``realpath`` per folder, not file."""
    if os.path.islink(location):  # noqa: PTH114
        return os.path.realpath(location)
    folder, name = os.path.split(location)
    real = _REAL_DIRS.get(folder)
    if real is None:
        if len(_REAL_DIRS) > 10_000:
            _REAL_DIRS.clear()
        real = _REAL_DIRS[folder] = os.path.realpath(folder or ".")
    return os.path.join(real, name)  # noqa: PTH118


FIRST_CHUNK = 32
CACHED_BATCH = 4096
"""The first batch of cached listings (the newest: the top of the list settles with it)."""
MAX_CACHED_BATCH = 16384
"""Cached batches after the first double up to this size: each batch costs the UI a merge of the whole
list and a repaint, so 100,000 cached listings go in 8 batches rather than 25, and no one batch holds
the UI thread for long."""
MAX_CHUNK = 2048
PARALLEL_THRESHOLD = 2000
"""Below this many files, starting worker processes costs more than it saves."""


def _list_chunk(chunk: list[tuple[str, str]], max_bytes: int) -> list[ListRow | LoadWarning]:
    """List rows of (location, source) pairs: what a worker process is sent and sends back."""
    results: list[ListRow | LoadWarning] = []
    for location, source in chunk:
        try:
            results.append(list_article(Candidate(location, source), max_bytes=max_bytes))
        except LoadError as error:
            results.append(LoadWarning(location, str(error)))
    return results


def _list_candidates(chunk: list[Candidate], max_bytes: int) -> list[ArticleMeta | LoadWarning]:
    return _as_metas(_list_chunk([(c.location, c.source) for c in chunk], max_bytes))


def _as_metas(results: list[ListRow | LoadWarning]) -> list[ArticleMeta | LoadWarning]:
    return [
        LoadWarning(Path(result.path), result.message) if isinstance(result, LoadWarning) else result.meta()
        for result in results
    ]


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
    """List rows of every candidate, chunk by chunk in order; large libraries on every core."""
    first = min(chunk_size, FIRST_CHUNK)  # a small first chunk puts titles on screen at once
    chunks = [candidates[:first]]
    start = first
    while start < len(candidates):  # then larger and larger ones: each costs the list one merge
        chunks.append(candidates[start : start + chunk_size])
        start += chunk_size
        chunk_size = min(chunk_size * 2, MAX_CHUNK)
    workers = min(os.cpu_count() or 1, 8)
    if len(candidates) < parallel_threshold or workers < 2 or not start_resource_tracker():
        for chunk in chunks:
            yield chunk, _list_candidates(chunk, max_bytes)
        return
    context = multiprocessing.get_context("spawn")  # fork is unsafe once threads (the UI) are running
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        sent = [[(c.location, c.source) for c in chunk] for chunk in chunks[1:]]
        results = pool.map(_list_chunk, sent, [max_bytes] * len(sent))
        yield chunks[0], _list_candidates(chunks[0], max_bytes)  # while the pool starts
        for chunk, listed in zip(chunks[1:], results, strict=True):
            yield chunk, _as_metas(listed)


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


def cached_batches(count: int) -> Iterator[tuple[int, int]]:
    """(start, end) of each batch of ``count`` cached listings: :data:`CACHED_BATCH`, then doubling up to
    :data:`MAX_CACHED_BATCH`."""
    start, size = 0, CACHED_BATCH
    while start < count:
        yield start, min(start + size, count)
        start += size
        size = min(size * 2, MAX_CACHED_BATCH)


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
        todo = list(walk)
        self.expected_total += len(todo)
        for candidate in todo:
            candidate.stamp = _stamp(candidate.location)
        if self.cache is not None:
            cached, todo = self._split_by_cache(todo)
            cached.sort(key=sort_key)  # newest first: the list's top settles with the first batch
            for start, end in cached_batches(len(cached)):
                yield self._accept(cached[start:end])
        todo.sort(key=_expected_order)  # only what must be read: the list merges the rest in place
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
                results.extend(self._remember([candidate], _list_candidates([candidate], self.max_bytes)))
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
