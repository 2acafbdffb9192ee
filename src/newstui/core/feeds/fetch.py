"""Fetching feeds and pages over HTTP, politely and within bounds (or from a local file, for offline use).

One :class:`Fetcher` holds one httpx client (connection pooling, keep-alive, gzip) shared by the worker
threads of an update. What it guarantees, whatever the server does:

- only ``http``/``https`` URLs go to the network; anything without a scheme (or ``file:``) is a local path;
- connect and read timeouts, plus a deadline for the whole response (a server dripping a byte a second
  cannot hold a feed forever);
- redirects are followed by hand (at most :attr:`FetchSettings.max_redirects`), each hop checked, and when
  every hop was permanent (301/308) the response says where the feed now lives (``moved_to``);
- the body is streamed and the fetch aborted past :attr:`FetchSettings.max_bytes` of *decoded* bytes, so a
  gzip bomb is stopped as surely as a huge file;
- at most :attr:`FetchSettings.per_host` requests to one host at a time, whatever the number of threads;
- conditional GET (``If-None-Match`` / ``If-Modified-Since``): an unchanged feed costs a 304 and no body;
- ``429`` and ``503`` raise :class:`FetchError` carrying the server's ``Retry-After`` in seconds.

Every failure is a :class:`FetchError` whose message is one line a user can read.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from email.utils import parsedate_to_datetime
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import httpx

from newstui import __version__
from newstui.core.settings import Settings

PROJECT_URL = "https://github.com/newstui/newstui"
USER_AGENT = f"newstui/{__version__} (+{PROJECT_URL})"
FEED_ACCEPT = (
    "application/rss+xml, application/atom+xml, application/feed+json, application/json;q=0.9, "
    "application/rdf+xml;q=0.9, application/xml;q=0.8, text/xml;q=0.8, text/html;q=0.5, */*;q=0.1"
)
PAGE_ACCEPT = "text/html, application/xhtml+xml;q=0.9, */*;q=0.1"
MAX_RETRY_AFTER = 24 * 3600.0
"""A Retry-After further away than a day is treated as a day."""


@dataclass(frozen=True, slots=True)
class FetchSettings:
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    """Longest wait for the next bytes of a response."""
    total_timeout: float = 60.0
    """Longest time one response (all redirects and the whole body) may take."""
    max_bytes: int = 10 * 1024 * 1024
    per_host: int = 2
    """Requests in flight to one host at once (politeness)."""
    parallel: int = 8
    """Requests in flight overall (threads of an update)."""
    max_redirects: int = 5
    user_agent: str = USER_AGENT

    @classmethod
    def from_settings(cls, settings: Settings) -> FetchSettings:
        """The user's ``fetch_timeout``, ``fetch_max_mb`` and ``fetch_parallel``, held to sane ranges."""
        base = cls()
        timeout = _within(settings.fetch_timeout, 1.0, 300.0, base.read_timeout)
        return replace(
            base,
            connect_timeout=min(timeout, base.connect_timeout),
            read_timeout=timeout,
            total_timeout=max(base.total_timeout, 3 * timeout),
            max_bytes=int(_within(settings.fetch_max_mb, 0.1, 200.0, 10.0) * 1024 * 1024),
            parallel=int(_within(settings.fetch_parallel, 1, 32, base.parallel)),
        )


def _within(value: float, low: float, high: float, default: float) -> float:
    """``value`` clamped to ``[low, high]``; the default for something that is no number (NaN)."""
    if value != value:  # NaN
        return default
    return min(max(value, low), high)


@dataclass(frozen=True, slots=True)
class Response:
    """A successful fetch: a body (status 200, or 0 for a local file) or ``not_modified`` (304)."""

    url: str
    """The URL (or path) asked for."""
    final_url: str
    """Where the body came from, after redirects: relative links in it resolve against this."""
    status: int
    body: bytes = b""
    content_type: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    moved_to: str | None = None
    """Set when every redirect was permanent: the URL to store in place of the old one."""
    elapsed_ms: int = 0
    headers: dict[str, str] = field(default_factory=dict)

    @property
    def not_modified(self) -> bool:
        return self.status == 304

    @property
    def is_local(self) -> bool:
        return self.status == 0


class FetchError(Exception):
    """A fetch that failed; ``str(error)`` is one line for the user."""

    def __init__(self, message: str, *, status: int | None = None, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after
        """Seconds the server asked us to wait (429/503 with Retry-After), else ``None``."""


def is_remote(target: str) -> bool:
    """True for an http(s) URL; anything else names a local file."""
    return urlsplit(target).scheme.lower() in ("http", "https")


def local_path(target: str) -> Path:
    """The file a non-http target names (a plain path, ``~/...``, or a ``file:`` URL)."""
    parts = urlsplit(target)
    if parts.scheme.lower() == "file":
        return Path(unquote(parts.path))
    return Path(target).expanduser()


def check_target(target: str) -> None:
    """Refuse URL schemes newstui does not fetch (``ftp:``, ``javascript:``...) with a clear message."""
    scheme = urlsplit(target).scheme.lower()
    if scheme and scheme not in ("http", "https", "file") and not re.fullmatch(r"[a-z]", scheme):
        raise FetchError(f"unsupported URL scheme {scheme!r}: only http, https and local files")


def parse_retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a Retry-After header (delta-seconds or an HTTP date), capped at a day."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        return None
    wait = when.timestamp() - (time.time() if now is None else now)
    return min(max(wait, 0.0), MAX_RETRY_AFTER)


def _size(n: int) -> str:
    return f"{n / (1024 * 1024):g} MB" if n >= 1024 * 1024 else f"{n / 1024:g} KB"


class Fetcher:
    """Fetches URLs (and local files) within :class:`FetchSettings`; safe to share between threads."""

    def __init__(self, settings: FetchSettings | None = None, transport: httpx.BaseTransport | None = None):
        self.settings = settings or FetchSettings()
        s = self.settings
        self._client = httpx.Client(
            timeout=httpx.Timeout(s.read_timeout, connect=s.connect_timeout, pool=s.total_timeout),
            limits=httpx.Limits(
                max_connections=max(s.parallel, s.per_host) * 2,
                max_keepalive_connections=max(s.parallel, s.per_host),
            ),
            headers={"User-Agent": s.user_agent, "Accept-Encoding": "gzip, deflate"},
            follow_redirects=False,
            transport=transport,
        )
        self._hosts: dict[str, threading.BoundedSemaphore] = {}
        self._hosts_lock = threading.Lock()

    # -- public ------------------------------------------------------------------------------------

    def get(
        self,
        target: str,
        *,
        etag: str | None = None,
        last_modified: str | None = None,
        accept: str = FEED_ACCEPT,
    ) -> Response:
        """Fetch ``target`` (URL or local path); raises :class:`FetchError` on any failure."""
        started = time.monotonic()
        check_target(target)
        if not is_remote(target):
            return self._read_local(target, started)
        headers = {"Accept": accept}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        url = target
        permanent = True
        for _hop in range(self.settings.max_redirects + 1):
            response = self._request(url, headers, started)
            if isinstance(response, Response):
                moved = url if permanent and url != target else None
                return replace(response, url=target, moved_to=moved)
            status, location = response
            permanent = permanent and status in (301, 308)
            url = urljoin(url, location)
            if not is_remote(url):
                raise FetchError(f"redirected to an unsupported URL: {url[:200]}")
        raise FetchError(f"too many redirects (more than {self.settings.max_redirects})")

    def close(self) -> None:
        self._client.close()

    def __enter__(self) -> Fetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- internals ---------------------------------------------------------------------------------

    @contextmanager
    def _host_slot(self, url: str) -> Iterator[None]:
        parts = urlsplit(url)
        host = f"{(parts.hostname or '').lower()}:{parts.port or ''}"
        with self._hosts_lock:
            slot = self._hosts.setdefault(host, threading.BoundedSemaphore(self.settings.per_host))
        with slot:
            yield

    def _request(self, url: str, headers: dict[str, str], started: float) -> Response | tuple[int, str]:
        """One HTTP exchange: a final :class:`Response`, or ``(status, location)`` for a redirect."""
        host = urlsplit(url).hostname or url
        try:
            with self._host_slot(url), self._client.stream("GET", url, headers=headers) as reply:
                if reply.is_redirect and "location" in reply.headers:
                    return reply.status_code, reply.headers["location"]
                if reply.status_code == 304:
                    return self._response(url, reply, b"", started)
                if reply.status_code != 200:
                    raise _status_error(reply)
                body = self._read_body(reply, started)
                return self._response(url, reply, body, started)
        except httpx.ConnectTimeout:
            raise FetchError(f"timed out connecting to {host}") from None
        except httpx.ReadTimeout:
            wait = self.settings.read_timeout
            raise FetchError(f"timed out waiting for {host} (over {wait:g} s)") from None
        except httpx.PoolTimeout:
            raise FetchError(f"timed out waiting for a connection to {host}") from None
        except httpx.ConnectError as error:
            raise FetchError(f"cannot connect to {host}: {_reason(error)}") from None
        except httpx.DecodingError:
            raise FetchError(f"{host} sent a body that could not be decompressed") from None
        except httpx.TooManyRedirects:
            raise FetchError("too many redirects") from None
        except httpx.InvalidURL as error:
            raise FetchError(f"invalid URL: {error}") from None
        except httpx.HTTPError as error:
            raise FetchError(f"{host}: {_reason(error)}") from None

    def _read_body(self, reply: httpx.Response, started: float) -> bytes:
        limit = self.settings.max_bytes
        declared = reply.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit and "content-encoding" not in reply.headers:
            raise FetchError(f"response too large ({_size(int(declared))}; the limit is {_size(limit)})")
        chunks: list[bytes] = []
        total = 0
        for chunk in reply.iter_bytes():
            total += len(chunk)
            if total > limit:
                raise FetchError(f"response too large (over {_size(limit)}); aborted")
            if time.monotonic() - started > self.settings.total_timeout:
                raise FetchError(f"response took over {self.settings.total_timeout:g} s; aborted")
            chunks.append(chunk)
        return b"".join(chunks)

    @staticmethod
    def _response(url: str, reply: httpx.Response, body: bytes, started: float) -> Response:
        return Response(
            url=url,
            final_url=url,
            status=reply.status_code,
            body=body,
            content_type=reply.headers.get("content-type"),
            etag=reply.headers.get("etag"),
            last_modified=reply.headers.get("last-modified"),
            elapsed_ms=int((time.monotonic() - started) * 1000),
            headers=dict(reply.headers.items()),
        )

    def _read_local(self, target: str, started: float) -> Response:
        path = local_path(target)
        limit = self.settings.max_bytes
        try:
            if not path.is_file():
                problem = "not a regular file" if path.exists() else "no such file"
                raise FetchError(f"{problem}: {path}")
            with path.open("rb") as handle:
                body = handle.read(limit + 1)
        except OSError as error:
            raise FetchError(f"cannot read {path}: {error.strerror or error}") from None
        if len(body) > limit:
            raise FetchError(f"file too large (over {_size(limit)}): {path}")
        return Response(
            url=target,
            final_url=path.resolve().as_uri(),
            status=0,
            body=body,
            elapsed_ms=int((time.monotonic() - started) * 1000),
        )


def _status_error(reply: httpx.Response) -> FetchError:
    """A non-200 answer as an error; 429 and 503 carry the server's Retry-After."""
    message = f"HTTP {reply.status_code} {reply.reason_phrase or ''}".rstrip()
    wait = None
    if reply.status_code in (429, 503):
        wait = parse_retry_after(reply.headers.get("retry-after"))
        if wait is not None:
            message += f"; retry after {wait:.0f} s"
    return FetchError(message, status=reply.status_code, retry_after=wait)


def _reason(error: Exception) -> str:
    """The last line of an exception chain's message, short: what a user needs to see."""
    text = str(error) or type(error).__name__
    text = text.strip().splitlines()[-1] if text.strip() else type(error).__name__
    return re.sub(r"^\[Errno -?\d+\]\s*", "", text)[:200]
