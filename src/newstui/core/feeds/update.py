"""Updating feeds: fetch every feed that is due, in parallel, and store what arrived.

:func:`update_feeds` is what ``newstui fetch``, ``feeds add`` and the app's ``R`` worker all call. Feeds are
fetched and parsed by a pool of threads (at most :attr:`FetchSettings.parallel` requests at once and
:attr:`FetchSettings.per_host` to one host); every store write happens in the calling thread, one
transaction per feed, as results arrive, so a crash loses at most the feed being written and the store
needs no locking of its own. Each feed ends as one :class:`FeedResult` (``new``, ``unchanged`` or
``error``) passed to the progress callback as soon as it is stored, so a UI can show "fetching 12 of 50".

Politeness: a conditional GET with the stored ETag / Last-Modified (an unchanged feed costs a 304); a
feed answered 429/503 is not asked again before its ``Retry-After``; a feed that keeps failing is tried
less and less often (:func:`backoff`), its last error kept; ``force`` ignores those waits except a
server's own Retry-After.

Full text: once a feed is stored, entries whose feed text looks like a summary (per the feed's
``full_text`` mode, see :func:`newstui.core.feeds.fulltext.wants_full_text`) have their pages fetched
(the newest :data:`FULL_TEXT_PER_FEED` per update, the rest next time) and the main text stored beside
the feed's version. A page that yields nothing is stored as ``""`` so it is not fetched again.
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, ThreadPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from newstui.core.feeds.discover import FeedLink, discover
from newstui.core.feeds.fetch import PAGE_ACCEPT, Fetcher, FetchError, FetchSettings, Response, is_remote
from newstui.core.feeds.fulltext import extract, wants_full_text
from newstui.core.feeds.models import Feed, FeedError, ParsedFeed
from newstui.core.feeds.parse import parse_feed
from newstui.core.feeds.store import FeedStore
from newstui.core.library import start_resource_tracker

Status = Literal["new", "unchanged", "error"]

BACKOFF_START = 5 * 60.0
"""Wait after the second failure in a row; doubled for each further one (the first is retried at once)."""
BACKOFF_MAX = 24 * 3600.0
PROCESS_PARSE_FROM = 16
"""An update of this many feeds or more parses them in worker processes, on every core; a smaller one
in its threads (starting a process costs about a third of a second)."""
PROCESS_PARSE_BYTES = 16 * 1024
"""Smaller documents are parsed in the fetching thread: sending them costs more than parsing them."""
PARSE_PROCESSES = 4
NOT_SUBSCRIBED = "not subscribed (add it with: newstui feeds add URL)"
FULL_TEXT_PER_FEED = 20
"""Article pages fetched per feed and update, newest first: a first fetch of a summary-only feed with a
hundred entries does not send a hundred requests to one site at once."""


@dataclass(frozen=True, slots=True)
class FeedResult:
    """How updating one feed went."""

    url: str
    status: Status
    new: int = 0
    error: str | None = None
    ms: int = 0
    title: str = ""
    updated: int = 0
    moved_to: str | None = None
    """The feed's new URL after a permanent redirect (the store now has it under that URL)."""
    skipped: bool = False
    """Not fetched: still waiting out a Retry-After or a backoff (``error`` says until when)."""
    full_text: int = 0
    """Article pages whose main text was extracted and stored."""
    warning: str | None = None
    """The feed was read despite a problem (not well-formed XML)."""

    def record(self) -> dict[str, object]:
        """The ``newstui fetch --json`` line: ``url, status, new, error, ms`` (a contract) and more."""
        return {
            "url": self.url,
            "status": self.status,
            "new": self.new,
            "error": self.error,
            "ms": self.ms,
            "title": self.title,
            "updated": self.updated,
            "moved_to": self.moved_to,
            "full_text": self.full_text,
            "warning": self.warning,
        }


@dataclass(frozen=True, slots=True)
class Progress:
    """Where an update is: ``done`` of ``total`` feeds finished, ``result`` the one just finished."""

    done: int
    total: int
    result: FeedResult | None = None
    pages: int = 0
    """Article pages fetched for full text so far."""

    def __str__(self) -> str:
        if self.done < self.total:
            return f"fetching {self.done} of {self.total}"
        return f"fetched {self.total} feed{'s' if self.total != 1 else ''}"


ProgressCallback = Callable[[Progress], None]


@dataclass
class _Fetched:
    """What a worker thread hands back for one feed."""

    feed: Feed
    response: Response | None = None
    parsed: ParsedFeed | None = None
    error: str | None = None
    retry_after: float | None = None
    cancelled: bool = False
    started: float = field(default_factory=time.monotonic)


def _parser_processes(feeds: int) -> ProcessPoolExecutor | None:
    """Worker processes to parse in, for a big update on a machine with more than one core."""
    workers = min(os.cpu_count() or 1, PARSE_PROCESSES)
    if feeds < PROCESS_PARSE_FROM or workers < 2 or not start_resource_tracker():
        return None
    # spawn, not fork: the app (and the fetch threads) are running
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_quiet_worker)


def _quiet_worker() -> None:
    """A parser process writes nothing to the terminal: it may be the one the app is drawing on."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 1)
    os.dup2(devnull, 2)
    os.close(devnull)


def backoff(failures: int) -> float:
    """Seconds to wait before trying a feed again after ``failures`` failures in a row."""
    if failures <= 1:
        return 0.0
    return float(min(BACKOFF_START * 2.0 ** (failures - 2), BACKOFF_MAX))


def summarize(results: Sequence[FeedResult]) -> str:
    """One line for a whole update: "34 new in 9 feeds, 2 failed"."""
    new = sum(r.new for r in results)
    with_new = sum(1 for r in results if r.new)
    failed = sum(1 for r in results if r.status == "error")
    text = f"{new} new in {with_new} feed{'s' if with_new != 1 else ''}" if new else "nothing new"
    return text + (f", {failed} failed" if failed else "")


def update_feeds(
    store: FeedStore,
    urls: Sequence[str] | None = None,
    *,
    progress: ProgressCallback | None = None,
    fetcher: Fetcher | None = None,
    settings: FetchSettings | None = None,
    force: bool = False,
    full_text: bool = True,
    cancel: threading.Event | None = None,
    clock: Callable[[], datetime] | None = None,
) -> list[FeedResult]:
    """Fetch the feeds (all, or those in ``urls``) and store what is new; one result per feed, in order.

    A URL in ``urls`` that is not subscribed gets an ``error`` result. ``cancel`` stops the update
    between feeds (what is stored stays stored; unfinished feeds get no result).
    """
    now = clock or (lambda: datetime.now(UTC))
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    try:
        return _Update(store, fetcher, progress, force, full_text, cancel, now).run(urls)
    finally:
        if own:
            fetcher.close()


class _Update:
    def __init__(
        self,
        store: FeedStore,
        fetcher: Fetcher,
        progress: ProgressCallback | None,
        force: bool,
        full_text: bool,
        cancel: threading.Event | None,
        now: Callable[[], datetime],
    ) -> None:
        self.store = store
        self.fetcher = fetcher
        self.progress = progress
        self.force = force
        self.full_text = full_text
        self.cancel = cancel or threading.Event()
        self.now = now
        self.results: dict[str, FeedResult] = {}
        self.pages = 0
        self.total = 0
        self.parsers: ProcessPoolExecutor | None = None
        self.prefetched: dict[str, _Fetched] = {}
        """Feeds already fetched (by discovery, when subscribing): stored without a second request."""

    def run(self, urls: Sequence[str] | None) -> list[FeedResult]:
        feeds = {feed.url: feed for feed in self.store.feeds()}
        wanted = list(dict.fromkeys(urls)) if urls is not None else list(feeds)
        self.total = len(wanted)
        due: list[Feed] = []
        for url in wanted:
            feed = feeds.get(url)
            if feed is None:
                self._done(url, FeedResult(url, "error", error=NOT_SUBSCRIBED))
            elif (waiting := self._waiting(feed)) is not None:
                self._done(url, waiting)
            else:
                due.append(feed)
        if self.progress and due:
            self.progress(Progress(len(self.results), self.total))
        workers = max(1, min(self.fetcher.settings.parallel, len(due) * (1 + FULL_TEXT_PER_FEED)))
        self.parsers = _parser_processes(len(due))
        try:
            with ThreadPoolExecutor(max_workers=workers, thread_name_prefix="newstui-fetch") as pool:
                self._drive(pool, workers, due)
        finally:
            if self.parsers is not None:
                self.parsers.shutdown(wait=True, cancel_futures=True)
        return [self.results[url] for url in wanted if url in self.results]

    def _drive(self, pool: ThreadPoolExecutor, workers: int, due: list[Feed]) -> None:
        """Keep the pool busy with feeds (then their pages), storing each result as it arrives."""
        queue = list(reversed(due))
        pending: dict[Future[Any], tuple[str, str] | None] = {}
        while queue or pending:
            while queue and len(pending) < workers * 2 and not self.cancel.is_set():
                pending[pool.submit(self._fetch_feed, queue.pop())] = None
            if not pending:
                break
            finished, _ = wait(pending, timeout=0.25, return_when=FIRST_COMPLETED)
            for future in finished:
                page_of = pending.pop(future)
                if future.cancelled():
                    continue
                outcome = future.result()
                if isinstance(outcome, _Fetched):
                    if outcome.cancelled:
                        continue
                    result = self._store(outcome)
                    self._done(outcome.feed.url, result)
                    if self.full_text and result.status != "error" and not self.cancel.is_set():
                        stored_as = result.moved_to or result.url
                        for article_id, link in self._pages_wanted(outcome.feed, stored_as):
                            pending[pool.submit(self._fetch_page, link)] = (article_id, outcome.feed.url)
                elif page_of is not None:
                    self._store_page(page_of, outcome)
            if self.cancel.is_set():
                queue.clear()
                for future in pending:
                    future.cancel()

    # -- deciding ----------------------------------------------------------------------------------

    def _waiting(self, feed: Feed) -> FeedResult | None:
        """A result for a feed not to be fetched yet (Retry-After or backoff), else ``None``."""
        if feed.retry_at is None:
            return None
        retry_at = feed.retry_at if feed.retry_at.tzinfo else feed.retry_at.replace(tzinfo=UTC)
        if retry_at <= self.now():
            return None
        if self.force and not (feed.error or "").startswith(("HTTP 429", "HTTP 503")):
            return None
        when = (
            retry_at.strftime("%H:%M UTC")
            if retry_at - self.now() < timedelta(hours=20)
            else (retry_at.strftime("%Y-%m-%d %H:%M UTC"))
        )
        error = f"{feed.error or 'failing'} (next try after {when})"
        return FeedResult(feed.url, "error", error=error, title=feed.title, skipped=True)

    # -- worker threads ----------------------------------------------------------------------------

    def _fetch_feed(self, feed: Feed) -> _Fetched:
        if feed.url in self.prefetched:
            return self.prefetched.pop(feed.url)
        fetched = _Fetched(feed)
        if self.cancel.is_set():
            fetched.cancelled = True
            return fetched
        try:
            fetched.response = self.fetcher.get(feed.url, etag=feed.etag, last_modified=feed.last_modified)
            if not fetched.response.not_modified:
                fetched.parsed = self._parse(fetched.response)
        except FetchError as error:
            fetched.error, fetched.retry_after = str(error), error.retry_after
        except FeedError as error:
            fetched.error = str(error)
        except Exception as error:  # a bug in a parser must cost one feed, never the update
            fetched.error = f"unexpected {type(error).__name__}: {error}"
        return fetched

    def _parse(self, response: Response) -> ParsedFeed:
        """Parse in a worker process when there is a pool (parsing is most of an update's CPU time)."""
        pool = self.parsers
        if pool is not None and len(response.body) >= PROCESS_PARSE_BYTES:
            try:
                return pool.submit(
                    parse_feed, response.body, response.final_url, response.content_type
                ).result()
            except BrokenProcessPool:  # a worker died (out of memory on a hostile feed?): parse here
                self.parsers = None
                raise FeedError("the feed could not be parsed (its parser process died)") from None
        return parse_feed(response.body, response.final_url, response.content_type)

    def _fetch_page(self, link: str) -> str | None:
        """The main text of an article's page; ``""`` when it has none, ``None`` when the fetch failed."""
        if self.cancel.is_set():
            return None
        try:
            response = self.fetcher.get(link, accept=PAGE_ACCEPT)
        except FetchError:
            return None  # tried again next update
        try:
            return extract(response.body, response.final_url).text
        except Exception:  # an extractor bug on one page must not stop the update
            return ""

    # -- the calling thread: store writes ----------------------------------------------------------

    def _store(self, fetched: _Fetched) -> FeedResult:
        feed = fetched.feed
        url = feed.url
        response = fetched.response
        moved_to = None
        if fetched.error is None and response is not None and response.moved_to and response.moved_to != url:
            try:
                self.store.update_feed(url, url=response.moved_to)
                url = moved_to = response.moved_to
            except Exception:  # already subscribed under the new URL: keep fetching the old one
                moved_to = None
        ms = int((time.monotonic() - fetched.started) * 1000)
        if fetched.error is not None or response is None:
            error = fetched.error or "no response"
            wait_s = fetched.retry_after if fetched.retry_after is not None else backoff(feed.failures + 1)
            retry_at = self.now() + timedelta(seconds=wait_s) if wait_s > 0 else None
            self.store.record_failure(url, error, retry_at=retry_at)
            return FeedResult(url, "error", error=error, ms=ms, title=feed.title)
        if response.not_modified or fetched.parsed is None:
            self.store.record_unchanged(url)
            return FeedResult(url, "unchanged", ms=ms, title=feed.title, moved_to=moved_to)
        parsed = fetched.parsed
        stored = self.store.store_fetch(url, parsed, etag=response.etag, last_modified=response.last_modified)
        ms = int((time.monotonic() - fetched.started) * 1000)
        return FeedResult(
            url,
            "new" if stored.new else "unchanged",
            new=stored.new,
            ms=ms,
            title=feed.title or parsed.title,
            updated=stored.updated,
            moved_to=moved_to,
            warning=parsed.warning,
        )

    def _pages_wanted(self, feed: Feed, url: str) -> list[tuple[str, str]]:
        """(article id, link) of the newest entries of a feed that want their page's text."""
        if feed.full_text == "never":
            return []
        wanted = [
            (article_id, link)
            for article_id, link, body in self.store.without_full_text(url)
            if link and wants_full_text(feed.full_text, body)
        ]
        return wanted[:FULL_TEXT_PER_FEED]

    def _store_page(self, where: tuple[str, str], text: object) -> None:
        article_id, key = where
        if not isinstance(text, str):
            return  # the fetch failed: tried again next update
        self.store.set_full_text(article_id, text)
        self.pages += 1
        done = self.results.get(key)
        if done is not None and text:
            self.results[key] = replace(done, full_text=done.full_text + 1)

    def _done(self, key: str, result: FeedResult) -> None:
        """Keep a feed's result under the URL it was asked for, and report progress."""
        self.results[key] = result
        if self.progress:
            self.progress(Progress(len(self.results), self.total, result, self.pages))


@dataclass(frozen=True, slots=True)
class Subscription:
    """What :func:`subscribe` did."""

    feed: Feed
    """The subscription as stored (after its first fetch when there was one)."""
    added: bool
    """``False`` when the feed was already subscribed (nothing else was done)."""
    result: FeedResult | None = None
    """The first fetch, stored; ``None`` with ``fetch=False`` or when already subscribed."""
    page: str | None = None
    """The web page the feed was found on, when the target was a page rather than a feed."""
    candidates: tuple[FeedLink, ...] = ()
    """Every feed that page links, in page order (the first readable one was taken)."""


def subscription_target(target: str) -> str:
    """The URL (or absolute path, for a local file) to store for what the user typed."""
    target = target.strip()
    if is_remote(target) or target.lower().startswith("file:"):
        return target
    return str(Path(target).expanduser().resolve())


def subscribe(
    store: FeedStore,
    target: str,
    *,
    title: str = "",
    folder: str = "",
    fetch: bool = True,
    fetcher: Fetcher | None = None,
    settings: FetchSettings | None = None,
    full_text: bool = True,
) -> Subscription:
    """Subscribe to a feed's URL, a page that links feeds, or a local file, and store its first fetch.

    With ``fetch`` (the default) the target is fetched first: a feed is subscribed as it is, a web page
    is searched for the feeds it links (the first one that reads as a feed is taken); that first fetch
    is stored (and full text fetched) without asking the server twice. Raises
    :class:`~newstui.core.feeds.discover.DiscoveryError` (one line) when the target is neither a feed
    nor a page linking one, or cannot be fetched. Without ``fetch`` the target is stored unchecked.
    """
    target = subscription_target(target)
    known = {feed.url: feed for feed in store.feeds()}
    if target in known:
        return Subscription(known[target], added=False)
    if not fetch:
        feed, added = store.add_feed(target, title=title, folder=folder)
        return Subscription(feed, added=added)
    own = fetcher is None
    fetcher = fetcher or Fetcher(settings)
    try:
        found = discover(target, fetcher)
        url = found.url
        if url in known:
            return Subscription(known[url], added=False, page=found.page, candidates=found.candidates)
        feed, added = store.add_feed(url, title=title, folder=folder)
        if not added:
            return Subscription(feed, added=False, page=found.page, candidates=found.candidates)
        update = _Update(store, fetcher, None, False, full_text, None, lambda: datetime.now(UTC))
        response = replace(found.response, moved_to=None)  # discovery already followed the move
        update.prefetched[url] = _Fetched(feed, response=response, parsed=found.parsed)
        [result] = update.run([url])
    finally:
        if own:
            fetcher.close()
    stored = next((f for f in store.feeds() if f.url == url), feed)
    return Subscription(stored, added=True, result=result, page=found.page, candidates=found.candidates)
