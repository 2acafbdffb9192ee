"""The named regression corpus of hostile input: every case the audit found, as a scenario to replay.

Each :class:`Case` builds its input in a fresh folder, drives newstui the way the audit did (a loader, a
CLI command, settings, an import, the search), and returns what reached the user (printed text and
messages) and whether anything kept was lost. ``tests/unit/test_hostile_corpus.py`` runs every case as a
test; ``benchmarks/hostile.py`` runs them with a time limit each and prints the tally (cases, crashes,
hangs, escapes leaked, data lost, slowest case).

The cases never touch the real home: the caller points the XDG folders at a temporary one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import socket
import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from newstui.cli import main
from newstui.core.annotate import annotate
from newstui.core.bookmarks.exchange import read_json
from newstui.core.bookmarks.store import FILENAME, BookmarkStore
from newstui.core.library import Library
from newstui.core.meta_cache import MetaCache
from newstui.core.search import SearchIndex, SearchIndexError
from newstui.core.search.query import parse_query
from newstui.core.settings import load_settings
from newstui.core.sources import html, markdown, plain
from newstui.ui.bookmark_session import BookmarkSession

ESC = "\x1b"
OSC52 = "\x1b]52;c;ZXZpbA==\x07"
LINK = "\x1b]8;;http://evil.example/\x1b\\click\x1b]8;;\x1b\\"
CSI = "\x1b[2J\x1b[H"
C1 = "\x9b31m\x9d0;title\x9c"
MARKUP = '[/i] [link="http://evil.example/"]y[/link] [sic] [bold]'


@dataclass
class Outcome:
    """What one case showed the user, and whether anything the user kept was lost."""

    output: str = ""
    lost: list[str] = field(default_factory=list)
    """What was lost, in words (empty when nothing was)."""


@dataclass(frozen=True)
class Case:
    name: str
    category: str
    run: Callable[[Path], Outcome]
    budget_s: float = 2.0
    """A generous bound on its time on this machine (2 cores, shared): past it counts as a hang."""


_LEAK = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def leaks(text: str) -> list[str]:
    """Control characters that would reach a terminal: ESC, other C0 (bar tab/newline), DEL, C1, bidi
    overrides, lone surrogates."""
    return _LEAK.findall(text)


def cli(*args: str) -> tuple[int, str]:
    """Run the command line in this process; its exit status and everything it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(args))
    return status, out.getvalue() + err.getvalue()


def _article(folder: Path, name: str, text: str, *, mtime: float | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text, encoding="utf-8")
    if mtime is not None:
        os.utime(path, (mtime, mtime))
    return path


def _cli_case(*args_of: Callable[[Path], list[str]], expect: int | None = 0) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        printed = []
        for make_args in args_of:
            status, text = cli(*make_args(folder))
            if expect is not None and status != expect:
                raise AssertionError(f"exit status {status}: {text[-300:]}")
            printed.append(text)
        return Outcome("\n".join(printed))

    return run


# -- 1 and 2: text from outside reaching the terminal or read as markup ------------------------------


def _hostile_library(folder: Path) -> Path:
    lib = folder / f"news{OSC52}[b]"
    _article(
        lib,
        f"evil{OSC52}.md",
        f"---\nsource: wire{LINK}{C1}\ntitle: Title {CSI}{MARKUP}\n---\n# x\n\n"
        f"“Clip {OSC52} board {MARKUP},” said Vladimir Putin {C1}.\n\n"
        f"Para \u202eevil {ESC}P1$r{ESC}\\ end.\n",
    )
    return lib


def _bookmarked(folder: Path) -> list[str]:
    lib = _hostile_library(folder)
    article = next(lib.iterdir())
    data = folder / "data"
    os.environ["NEWSTUI_DATA_DIR"] = str(data)
    return [
        "bookmarks",
        "add",
        str(article),
        "--text",
        "Para",
        "--note",
        f"note {LINK}{MARKUP}",
        "--tag",
        OSC52,
    ]


CASES: list[Case] = [
    Case(
        "cli list: escapes and markup in folder, file name, title, source",
        "terminal",
        _cli_case(lambda f: ["list", str(_hostile_library(f))]),
    ),
    Case(
        "cli search: escapes in title, path and snippet",
        "terminal",
        _cli_case(lambda f: ["search", "clip", str(_hostile_library(f))]),
    ),
    Case(
        "cli annotate (pipe): escapes in the text and the speaker line",
        "terminal",
        _cli_case(lambda f: ["annotate", str(next(_hostile_library(f).iterdir()))]),
    ),
    Case(
        "cli list --json: exact, escapes JSON-escaped",
        "terminal",
        _cli_case(lambda f: ["list", "--json", str(_hostile_library(f))]),
    ),
    Case(
        "cli bookmarks list and Markdown export (the path line)",
        "terminal",
        _cli_case(_bookmarked, lambda f: ["bookmarks", "list"], lambda f: ["bookmarks", "export"]),
    ),
    Case(
        "cli: a missing path full of escapes",
        "terminal",
        _cli_case(lambda f: ["list", str(f / f"missing{OSC52}{C1}")], expect=2),
    ),
]


# -- 3: dates and numbers out of range ---------------------------------------------------------------


def _dates(folder: Path) -> Outcome:
    lib = folder / "lib"
    _article(lib, "one.md", "---\ndate: 0001-01-01\n---\n# One\n\nBody.\n")
    _article(lib, "edge.md", "---\ndate: 0001-01-01T00:00:00+14:00\n---\n# Edge\n\nBody.\n")
    _article(lib, "end.md", "---\ndate: 9999-12-31T23:59:59-14:00\n---\n# End\n\nBody.\n")
    _article(lib, "time.html", '<h1>Page</h1><time datetime="0001-01-01T00:00:00+14:00"></time><p>Body.</p>')
    _article(lib, "pub_0001-01-01_x.txt", "Named\n\nBody.\n")
    with contextlib.suppress(OSError, OverflowError):
        _article(lib, "future.txt", "Future\n\nBody.\n", mtime=1.1e10)
    printed = []
    for _ in range(3):  # the first start writes the listing cache; the next read it back
        status, text = cli("list", str(lib))
        assert status == 0 and text.count("Body") == 0 and "Named" in text, text
        printed.append(text)
    return Outcome("".join(printed))


def _poisoned_cache(folder: Path) -> Outcome:
    lib = folder / "lib"
    _article(lib, "a.txt", "Alpha\n\nBody.\n")
    cache_path = folder / "listing.sqlite3"
    Library([lib], cache=MetaCache(cache_path)).load()
    db = sqlite3.connect(cache_path)
    db.execute("UPDATE listing SET published = 1e300, modified = 'x', word_count = 'many'")
    db.commit()
    db.close()
    library = Library([lib], cache=MetaCache(cache_path))
    library.load()
    assert [meta.title for meta in library.entries] == ["Alpha"]
    return Outcome()


CASES += [
    Case("dates: year 1, +14:00 edges, after 2262, on three starts", "dates", _dates, budget_s=6.0),
    Case("dates: a poisoned listing cache", "dates", _poisoned_cache),
]


# -- 4 and 5: hangs, quadratic time, unbounded reads --------------------------------------------------


def _odd_files(folder: Path) -> Outcome:
    lib = folder / "lib"
    _article(lib, "good.txt", "Good\n\nBody.\n")
    os.mkfifo(lib / "fifo.txt")
    (lib / "zero.txt").symlink_to("/dev/zero")
    (lib / "random.md").symlink_to("/dev/urandom")
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(lib / "sock.html"))
    server.close()
    status, text = cli("list", str(lib))
    assert status == 0 and "Good" in text and text.count("not a regular file") == 4, text
    status, more = cli("annotate", str(lib / "fifo.txt"))
    assert status == 1 and "named pipe" in more, more
    return Outcome(text + more)


def _bookmark_on_a_device(folder: Path) -> Outcome:
    lib = folder / "lib"
    path = _article(lib, "a.txt", "Alpha\n\nA passage to keep.\n")
    data = folder / "data"
    os.environ["NEWSTUI_DATA_DIR"] = str(data)
    status, text = cli("bookmarks", "add", str(path), "--text", "passage to keep")
    assert status == 0, text
    path.unlink()
    path.symlink_to("/dev/zero")  # the bookmarked file is now a device
    status, listed = cli("bookmarks", "list")
    assert status == 0 and "missing" in listed, listed
    with BookmarkStore(data / FILENAME) as store:
        lost = [] if store.count() == 1 else ["the bookmark"]
    return Outcome(text + listed, lost)


def _loader(parse: Callable[[str], object], text: str) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        parse(text)
        return Outcome()

    return run


def _annotator(text: str) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        annotate(text)
        return Outcome()

    return run


CASES += [
    Case("files: FIFO, /dev/zero, /dev/urandom, socket in the library", "files", _odd_files),
    Case("files: a bookmark whose file became a device", "files", _bookmark_on_a_device),
    Case(
        "parse: a paragraph of a million spaces (text)", "time", _loader(plain.parse, "T\n\n" + " " * 10**6)
    ),
    Case(
        "parse: lines of spaces (Markdown)",
        "time",
        _loader(markdown.parse, "T\n\n" + (" " * 1000 + "\n") * 1000),
    ),
    Case(
        "parse: a front-matter value with a long run of spaces",
        "time",
        _loader(markdown.parse, "---\ntitle: x" + " " * 10**6 + "y\n---\nbody\n"),
    ),
    Case(
        "parse: an unclosed front matter", "time", _loader(markdown.parse, "---\n" + "key: value\n" * 100_000)
    ),
    Case("parse: HTML of '<a' repeated", "time", _loader(html.parse, "<a" * 100_000)),
    Case("parse: HTML of unclosed comments", "time", _loader(html.parse, "<!--" * 100_000)),
    Case("parse: HTML of 125,000 tiny paragraphs (1 MB)", "time", _loader(html.parse, "<p>x</p>" * 125_000)),
    Case("parse: HTML of '<a>' repeated", "time", _loader(html.parse, "<a>" * 100_000)),
    Case("annotate: a paragraph of '\"a ' repeated", "time", _annotator('"a ' * 20_000)),
    Case("annotate: curly quotes never closed", "time", _annotator("“a " * 20_000)),
    Case("annotate: a million spaces", "time", _annotator("T\n\n" + " " * 10**6 + "x")),
    Case("query: quotes, dashes and fields repeated", "time", _loader(parse_query, '"a -b title: ' * 5_000)),
]


# -- 6: settings and imports trusted as typed ---------------------------------------------------------


def _settings(content: str) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        path = folder / "config.json"
        path.write_text(content, encoding="utf-8")
        settings, problems = load_settings(path)
        assert len(problems) == 1, problems
        assert settings.max_bytes > 0 and 20 <= settings.measure <= 1000
        assert all(isinstance(p, str) for p in settings.library)
        assert all(isinstance(v, str) for v in settings.keymap.values())
        return Outcome("\n".join(problems))

    return run


def _import(annotation: dict[str, object]) -> Callable[[Path], Outcome]:
    def run(folder: Path) -> Outcome:
        export = folder / "export.json"
        export.write_text(json.dumps([annotation]), encoding="utf-8")
        os.environ["NEWSTUI_DATA_DIR"] = str(folder / "data")
        status, text = cli("bookmarks", "import", str(export))
        assert status in (0, 1), text
        status, listed = cli("bookmarks", "list", "--json")
        assert status == 0, listed
        return Outcome(text)

    return run


def _annotation(
    start: object = 0, exact: str = "passage", created: object = "2022-01-07T10:00:00Z"
) -> dict[str, object]:
    return {
        "type": "Annotation",
        "created": created,
        "body": [{"type": "TextualBody", "value": f"note {OSC52}"}],
        "target": {
            "source": "/tmp/a.txt",
            "selector": [
                {"type": "TextQuoteSelector", "exact": exact},
                {"type": "TextPositionSelector", "start": start, "end": start},
            ],
        },
    }


CASES += [
    Case("settings: max_file_mb NaN", "settings", _settings('{"max_file_mb": NaN}')),
    Case("settings: negative max_file_mb", "settings", _settings('{"max_file_mb": -5}')),
    Case("settings: library [5]", "settings", _settings('{"library": [5]}')),
    Case("settings: keymap value not text", "settings", _settings('{"keymap": {"app.quit": 5}}')),
    Case("settings: deep nesting", "settings", _settings('{"a": ' * 100_000 + "1" + "}" * 100_000)),
    Case(
        "settings: escapes in a value's name", "settings", _settings('{"measure": "\\u001b]52;c;x\\u0007"}')
    ),
    Case("import: start 2**63", "import", _import(_annotation(start=2**63))),
    Case("import: a lone surrogate", "import", _import(_annotation(exact="a \ud800 b"))),
    Case(
        "import: a date in year 1 at +14:00",
        "import",
        _import(_annotation(created="0001-01-01T00:00:00+14:00")),
    ),
    Case("import: deep nesting", "import", _cli_case(lambda f: _deep_import(f), expect=1)),
]


def _deep_import(folder: Path) -> list[str]:
    export = folder / "deep.json"
    export.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    os.environ["NEWSTUI_DATA_DIR"] = str(folder / "data")
    return ["bookmarks", "import", str(export)]


# -- 7: store and search edge cases, encodings --------------------------------------------------------


def _filter_only(folder: Path) -> Outcome:
    lib = folder / "lib"
    _article(lib, "new.txt", "New\n\nBody.\n", mtime=1_700_000_000)
    _article(lib, "old.txt", "Old\n\nBody.\n", mtime=1_500_000_000)
    status, text = cli("search", "after:2022-01-01", str(lib))
    assert status == 0 and "New" in text and "Old" not in text, text
    return Outcome(text)


def _index_is_a_folder(folder: Path) -> Outcome:
    (folder / "index.sqlite").mkdir()
    try:
        SearchIndex(folder / "index.sqlite")
    except SearchIndexError as error:
        assert "is a folder" in str(error)
        return Outcome(str(error))
    raise AssertionError("a folder in the way was not reported")


def _utf16(folder: Path) -> Outcome:
    lib = folder / "lib"
    lib.mkdir()
    (lib / "u.txt").write_bytes("Zürich title\n\nBody text.\n".encode("utf-16"))
    status, text = cli("list", str(lib))
    assert status == 0 and "Zürich title" in text and "skipped" not in text, text
    return Outcome(text)


def _undo_after_a_crash(folder: Path) -> Outcome:
    path = folder / FILENAME
    store = BookmarkStore(path)
    imported = read_json(json.dumps([_annotation()]), now=datetime.now(UTC)).bookmarks
    store.merge(imported)
    session = BookmarkSession(store)
    session.delete(imported[0].id)
    store.close()  # the app dies before u
    later = BookmarkSession(BookmarkStore(path))
    restored = later.undo()
    lost = (
        []
        if restored is not None and later.store is not None and later.store.count() == 1
        else ["the deleted bookmark"]
    )
    return Outcome("", lost)


CASES += [
    Case("search: after:2022-01-01 with no words", "store", _filter_only, budget_s=4.0),
    Case("store: a folder where the index file goes", "store", _index_is_a_folder),
    Case("encodings: a UTF-16 file", "store", _utf16),
    Case("bookmarks: a delete whose undo died with the app", "store", _undo_after_a_crash),
]


# -- feeds: hostile documents and hostile text in good ones -------------------------------------------

_WORDS = "Word " * 150  # long enough to be taken as the full text (no page is fetched)


def _json_feed(folder: Path) -> Path:
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"Feed {OSC52} {MARKUP} {C1}",
        "items": [
            {
                "id": "1",
                "title": f"Entry {CSI} {MARKUP} \u202eevil",
                "content_text": f"Clip {OSC52} board {_WORDS}",
                "date_published": "0001-01-01T00:00:00+14:00",
            },
            {
                "id": "2",
                "title": f"Second {C1} {LINK}",
                "content_html": "<p>" + "<a" * 5_000 + f"</p><p>{_WORDS}</p><script>{OSC52}</script>",
                "date_published": "9999-12-31T23:59:59-14:00",
            },
        ],
    }
    path = folder / "feed.json"
    path.write_text(json.dumps(feed), encoding="utf-8")
    return path


def _feed_case(make: Callable[[Path], Path], *, ok: bool) -> Callable[[Path], Outcome]:
    """Subscribe to a local feed file, then list feeds and articles and search them."""

    def run(folder: Path) -> Outcome:
        os.environ["NEWSTUI_DATA_DIR"] = str(folder / "data")
        status, text = cli("feeds", "add", str(make(folder)))
        assert status == (0 if ok else 1), text
        printed = [text]
        for args in (("feeds", "list"), ("list",), ("search", "word"), ("list", "--json")):
            status, more = cli(*args)
            assert status == 0, more
            printed.append(more)
        return Outcome("\n".join(printed))

    return run


def _bomb(folder: Path) -> Path:
    levels = "\n".join(f'<!ENTITY lol{n} "{f"&lol{n - 1};" * 10 if n else "lol"}">' for n in range(10))
    path = folder / "bomb.xml"
    path.write_text(
        f'<?xml version="1.0"?>\n<!DOCTYPE rss [\n{levels}\n]>\n'
        "<rss version='2.0'><channel><title>&lol9;</title><item><title>&lol9;</title></item></channel></rss>",
        encoding="utf-8",
    )
    return path


def _malformed(folder: Path) -> Path:
    path = folder / "malformed.xml"
    path.write_text(
        f"<rss version='2.0'><channel><title>Bad & broken {C1}</title><item><title>One & two [/i]"
        f"</title><description>{_WORDS} <b>unclosed</description></item><item><title>" + "<a" * 20_000,
        encoding="utf-8",
    )
    return path


def _oversized(folder: Path) -> Path:
    path = folder / "huge.xml"
    with path.open("wb") as handle:
        handle.write(b"<rss><channel><title>Big</title>")
        handle.write(b"<item><title>x</title></item>" * (11 * 1024 * 1024 // 29))
    return path


def _fifo_feed(folder: Path) -> Path:
    path = folder / "fifo.xml"
    os.mkfifo(path)
    return path


def _opml_fifo(folder: Path) -> Outcome:
    os.environ["NEWSTUI_DATA_DIR"] = str(folder / "data")
    os.mkfifo(folder / "subs.opml")
    status, text = cli("feeds", "import", str(folder / "subs.opml"))
    assert status == 1 and "named pipe" in text, text
    return Outcome(text)


CASES += [
    Case(
        "feeds: escapes and markup in a JSON Feed's titles, text and dates",
        "feeds",
        _feed_case(_json_feed, ok=True),
        budget_s=4.0,
    ),
    Case("feeds: an entity expansion bomb", "feeds", _feed_case(_bomb, ok=False)),
    Case("feeds: malformed XML with '<a' repeated", "feeds", _feed_case(_malformed, ok=True), budget_s=4.0),
    Case("feeds: a feed file over the size limit", "feeds", _feed_case(_oversized, ok=False)),
    Case(
        "feeds: a FIFO named as a feed file",
        "feeds",
        _cli_case(lambda f: ["feeds", "add", str(_fifo_feed(f))], expect=2),
    ),
    Case("feeds: an OPML import from a FIFO", "feeds", _opml_fifo),
]
