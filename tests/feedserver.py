"""A feed server on 127.0.0.1 for tests and benchmarks: feeds, article pages and misbehaving responses.

``FeedServer`` is a threaded ``http.server`` on a random port. It serves the files of
``tests/fixtures/feedserver`` (with ``{{BASE}}`` replaced by the server's own address) under the routes of
:data:`STANDARD`, plus routes a test adds with :meth:`FeedServer.add`. Every request is logged (path,
headers, time) and the server tracks how many requests were in flight at once, so politeness (conditional
GET, connections per host, User-Agent) can be asserted. Nothing here reaches beyond the loopback address.

Routes (all under ``server.url("/...")``):

=========================  ===========================================================================
``/rss2.xml``              RSS 2.0 with ETag and Last-Modified (a conditional GET gets 304)
``/atom.xml``              Atom 1.0 (xhtml title and content)
``/rdf.xml``               RSS 1.0 / RDF
``/feed.json``             JSON Feed 1.1
``/relative.xml``          Atom with ``xml:base`` and relative links
``/entities.xml``          HTML entities, CDATA, markup-like text
``/wrong-encoding.xml``    declares UTF-8, is Windows-1252
``/gzip.xml``              RSS 2.0 sent with ``Content-Encoding: gzip``
``/moved.xml``             301 to ``/rss2.xml``; ``/temporary.xml`` 302 to ``/atom.xml``
``/missing.xml``           404; ``/error.xml`` 500
``/slow.xml``              answers after ``slow_seconds`` (default 2 s): use a short read timeout
``/huge.xml``              a 12 MB body streamed without Content-Length; ``/huge-declared.xml`` says so
``/malformed.xml``         broken XML; ``/bomb.xml`` an entity-expansion ("billion laughs") bomb
``/notfeed.html``          an HTML page linking no feed; ``/site/`` a page linking three feeds
``/summary.xml``           summary-only entries whose links lead to ``/articles/*.html``
``/limited.xml``           429 with ``Retry-After: 120``; ``/busy.xml`` 503 with ``Retry-After: 30``
=========================  ===========================================================================
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from email.utils import formatdate
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "feedserver"
Body = bytes | Callable[[], Iterator[bytes]]
"""A route's body: bytes, or a function giving chunks to stream (no Content-Length, then close)."""
LAST_MODIFIED = formatdate(1_641_600_000, usegmt=True)  # a fixed time: responses are reproducible


@dataclass
class Route:
    """What the server answers on one path."""

    body: Body = b""
    status: int = 200
    content_type: str = "application/xml; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0
    """Seconds to wait before answering (a slow server)."""
    conditional: bool = False
    """Send an ETag and Last-Modified and answer 304 to a matching conditional GET."""
    gzip: bool = False


@dataclass
class Request:
    path: str
    headers: dict[str, str]
    started: float
    status: int = 0


def _xml_wrong_encoding() -> bytes:
    text = (
        '<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel>'
        "<title>Caf\u00e9 Gazette</title><link>{{BASE}}/cafe/</link>"
        "<description>Windows-1252 bytes</description>"
        "<item><title>Na\u00efve cr\u00e8me br\u00fbl\u00e9e \u2013 \u201cthe best\u201d</title>"
        "<link>{{BASE}}/cafe/creme</link><guid>cafe-creme</guid>"
        "<description>The caf\u00e9\u2019s cr\u00e8me br\u00fbl\u00e9e costs 4\u00a0\u20ac.</description>"
        "</item>"
        "</channel></rss>\n"
    )
    return text.encode("cp1252")


class FeedServer:
    """Start with ``with FeedServer() as server:``; ``server.url(path)`` gives absolute URLs."""

    def __init__(self, slow_seconds: float = 2.0, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Route] = {}
        self.requests: list[Request] = []
        self.in_flight = 0
        self.max_in_flight = 0
        self._lock = threading.Lock()
        if not host.startswith("127."):
            raise ValueError("the feed server only listens on the loopback network (127.0.0.0/8)")
        self._httpd = _QuietServer((host, 0), self._handler_class())
        self._httpd.daemon_threads = True
        self.port = self._httpd.server_address[1]
        self.base = f"http://{host}:{self.port}"
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.02}, name="feed-server", daemon=True
        )
        self.slow_seconds = slow_seconds
        self._standard()

    # -- routes ------------------------------------------------------------------------------------

    def fixture(self, name: str) -> bytes:
        """A fixture file with ``{{BASE}}`` replaced by this server's address."""
        return (FIXTURES / name).read_bytes().replace(b"{{BASE}}", self.base.encode())

    def add(self, path: str, body: Body | str = b"", **options: object) -> str:
        """Serve ``body`` on ``path`` (options as :class:`Route`); returns the absolute URL."""
        if isinstance(body, str):
            body = body.replace("{{BASE}}", self.base).encode("utf-8")
        self.routes[path] = Route(body=body, **options)  # type: ignore[arg-type]
        return self.url(path)

    def redirect(self, path: str, target: str, status: int = 301) -> str:
        return self.add(path, status=status, headers={"Location": target}, content_type="text/plain")

    def url(self, path: str) -> str:
        return self.base + path

    def paths_requested(self) -> list[str]:
        with self._lock:
            return [request.path for request in self.requests]

    def _standard(self) -> None:
        xml = "application/xml; charset=utf-8"
        rss = "application/rss+xml; charset=utf-8"
        html = "text/html; charset=utf-8"
        for name, ctype in (
            ("rss2.xml", rss),
            ("atom.xml", "application/atom+xml"),
            ("rdf.xml", "application/rdf+xml"),
            ("feed.json", "application/feed+json"),
            ("relative.xml", xml),
            ("entities.xml", rss),
            ("summary.xml", rss),
            ("malformed.xml", xml),
            ("bomb.xml", xml),
        ):
            self.add("/" + name, self.fixture(name), content_type=ctype, conditional=name == "rss2.xml")
        self.add("/wrong-encoding.xml", _xml_wrong_encoding().replace(b"{{BASE}}", self.base.encode()))
        self.add("/gzip.xml", self.fixture("rss2.xml"), content_type=rss, gzip=True)
        self.redirect("/moved.xml", "/rss2.xml", 301)
        self.redirect("/temporary.xml", self.url("/atom.xml"), 302)
        self.add("/missing.xml", b"not here", status=404, content_type="text/plain")
        self.add("/error.xml", b"oops", status=500, content_type="text/plain")
        self.add("/slow.xml", self.fixture("rss2.xml"), content_type=rss, delay=self.slow_seconds)
        self.add("/huge.xml", _endless(12 * 1024 * 1024), content_type=xml)
        self.add(
            "/huge-declared.xml",
            b"",
            content_type=xml,
            headers={"Content-Length": str(50 * 1024 * 1024)},
        )
        self.add("/notfeed.html", self.fixture("plain.html"), content_type=html)
        self.add("/site/", self.fixture("site.html"), content_type=html)
        for page in sorted((FIXTURES / "articles").iterdir()):
            self.add(f"/articles/{page.name}", self.fixture(f"articles/{page.name}"), content_type=html)
        text = "text/plain"
        self.add("/limited.xml", b"slow down", status=429, headers={"Retry-After": "120"}, content_type=text)
        self.add("/busy.xml", b"busy", status=503, headers={"Retry-After": "30"}, content_type=text)

    # -- serving -----------------------------------------------------------------------------------

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: object) -> None:  # quiet: tests read server.requests
                pass

            def handle(self) -> None:
                # The client may hang up while we read its next request: expected, not an error.
                with contextlib.suppress(ConnectionError, TimeoutError):
                    super().handle()

            def do_GET(self) -> None:
                server._serve(self)

            def do_HEAD(self) -> None:
                server._serve(self, head=True)

        return Handler

    def _serve(self, handler: BaseHTTPRequestHandler, head: bool = False) -> None:
        path = handler.path.split("?", 1)[0]
        request = Request(path, dict(handler.headers.items()), time.monotonic())
        with self._lock:  # logged before answering: a test reading the log after a reply sees it
            self.requests.append(request)
            self.in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.in_flight)
        try:
            request.status = self._answer(handler, path, head)
        except (ConnectionError, TimeoutError):
            request.status = -1  # the client gave up (a size cap or a timeout): expected in tests
            handler.close_connection = True
        finally:
            with self._lock:
                self.in_flight -= 1

    def _answer(self, handler: BaseHTTPRequestHandler, path: str, head: bool) -> int:
        route = self.routes.get(path)
        if route is None:
            self._send(handler, 404, {"Content-Type": "text/plain"}, b"no such route", head)
            return 404
        if route.delay:
            time.sleep(route.delay)
        headers = {"Content-Type": route.content_type, **route.headers}
        if route.conditional and isinstance(route.body, bytes):
            etag = '"' + hashlib.sha1(route.body).hexdigest()[:16] + '"'
            headers["ETag"] = etag
            headers["Last-Modified"] = LAST_MODIFIED
            if handler.headers.get("If-None-Match") == etag or (
                "If-None-Match" not in handler.headers
                and handler.headers.get("If-Modified-Since") == LAST_MODIFIED
            ):
                self._send(handler, 304, {"ETag": etag}, b"", head)
                return 304
        if callable(route.body):
            handler.send_response(route.status)
            for name, value in headers.items():
                handler.send_header(name, value)
            handler.send_header("Connection", "close")
            handler.end_headers()
            handler.close_connection = True
            if not head:
                for chunk in route.body():
                    handler.wfile.write(chunk)
            return route.status
        body = route.body
        if route.gzip and "gzip" in handler.headers.get("Accept-Encoding", ""):
            body = gzip.compress(body)
            headers["Content-Encoding"] = "gzip"
        self._send(handler, route.status, headers, body, head)
        return route.status

    @staticmethod
    def _send(
        handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes, head: bool
    ) -> None:
        handler.send_response(status)
        for name, value in headers.items():
            handler.send_header(name, value)
        if "Content-Length" not in headers:
            handler.send_header("Content-Length", str(len(body)))
        else:
            handler.close_connection = True  # a declared length we do not send: close after headers
        handler.end_headers()
        if not head and status != 304 and "Content-Length" not in headers:
            handler.wfile.write(body)

    # -- lifecycle ---------------------------------------------------------------------------------

    def __enter__(self) -> FeedServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()


class _QuietServer(ThreadingHTTPServer):
    """A server that keeps quiet when a client hangs up early.

    Clients give up on purpose in these tests (a size cap, a timeout, a cancelled update); the standard
    server would print each such reset as a traceback on stderr, where CLI tests read their output.
    """

    daemon_threads = True
    errors: int = 0

    def handle_error(self, request: object, client_address: object) -> None:
        self.errors += 1


def _endless(size: int) -> Callable[[], Iterator[bytes]]:
    """A well-formed start of a feed followed by ``size`` bytes of items, in 64 KB chunks."""

    def chunks() -> Iterator[bytes]:
        yield b'<?xml version="1.0" encoding="utf-8"?>\n<rss version="2.0"><channel><title>Huge</title>'
        item = b"<item><title>again</title><description>" + b"x" * 900 + b"</description></item>\n"
        block = item * (65536 // len(item))
        sent = 0
        while sent < size:
            yield block
            sent += len(block)

    return chunks
