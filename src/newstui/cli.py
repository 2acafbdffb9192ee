"""Command-line parsing: ``newstui [PATH ...]`` opens the app; sub-commands serve scripts.

Only argument handling lives here; every command calls the core (or ``make_app``) to do its work.
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from newstui import __version__, cli_fetch, cli_people
from newstui.cli_feeds import FEEDS_COMMAND, SHOW_COMMAND, read_any, stored_reader
from newstui.core import paths
from newstui.core.bookmarks import exchange as bookmark_exchange
from newstui.core.bookmarks.passages import bookmark_for, find_passage, resolve_all
from newstui.core.bookmarks.store import BookmarkStore, StoreError, clean_tags
from newstui.core.files import read_text_capped
from newstui.core.library import LISTING_CACHE, LoadError
from newstui.core.meta_cache import MetaCache
from newstui.core.safe_text import pad, safe_json, safe_text
from newstui.core.settings import CONFIG_NAME, Settings, load_settings
from newstui.core.sources.collection import Sources, sources_for
from newstui.core.sqlite_store import friendly

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2

Command = tuple[str, Callable[[argparse.ArgumentParser], None], Callable[[argparse.Namespace], int]]


class UsageError(Exception):
    """A mistake in what the user typed: reported in one line with exit status 2."""


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--data-dir",
        type=Path,
        help="where bookmarks and history live (default: the user data directory; also NEWSTUI_DATA_DIR)",
    )


def _warn(message: str) -> None:
    """A message for the user on stderr; it may quote file names or text, so it is made safe first."""
    print(safe_text(message, newlines=True), file=sys.stderr)


def _settings() -> tuple[Settings, Path, list[str]]:
    settings_path = paths.config_dir() / CONFIG_NAME
    settings, problems = load_settings(settings_path)
    return settings, settings_path, problems


def _existing(given: Sequence[Path]) -> list[Path]:
    missing = [str(path) for path in given if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    return list(given)


def library_for(given: Sequence[Path], settings: Settings, data_dir: Path) -> Sources:
    """What a command works on: the paths given, else the configured library and the stored feed
    articles, else (neither) the seeds."""
    chosen = _existing(given)
    cache = MetaCache(paths.cache_dir() / LISTING_CACHE)
    if cache.problem:
        _warn(f"newstui: {cache.problem}")
    notices: list[str] = []
    sources = sources_for(
        chosen,
        [Path(p).expanduser() for p in settings.library],
        seeds=paths.seeds_dir(),
        data_dir=data_dir,
        max_bytes=settings.max_bytes,
        cache=cache,
        notices=notices,
        keep_days=settings.keep_days,
        max_per_feed=settings.max_per_feed,
    )
    for notice in notices:
        _warn(f"newstui: {notice}")
    return sources


def _print_warnings(library: Sources) -> None:
    for warning in library.report.warnings:
        _warn(f"newstui: skipped {warning}")


# -- sub-commands -------------------------------------------------------------------------------


def _list_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("--json", action="store_true", help="one JSON object per article")


def _list_run(args: argparse.Namespace) -> int:
    settings, _, _ = _settings()
    library = library_for(args.paths, settings, args.data_dir)
    library.load()
    _print_warnings(library)
    for meta in library.entries:
        when = meta.when.isoformat() if meta.when else None
        if args.json:
            record = {
                "id": meta.id,
                "title": meta.title,
                "source": meta.source,
                "path": str(meta.path) if meta.path else None,
                "date": when,
                "words": meta.word_count,
                "encoding": meta.encoding,
                "url": meta.url,
                "read": meta.read,
                "location": meta.location,
            }
            print(safe_json(record))
        else:
            print(f"{(when or '')[:10]:10}  {pad(meta.source, 16)}  {safe_text(meta.title)}")
    return EXIT_OK


ENRICH_AUTO = 2000
"""``--enrich auto`` annotates up to this many waiting articles (some 20 s, once) before an entity query."""


def _search_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help="a query ('-' reads one query a line from stdin)")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("--json", action="store_true", help="one JSON line per query")
    parser.add_argument("--limit", type=int, default=10, help="results per query (default 10)")
    parser.add_argument(
        "--enrich",
        choices=("auto", "all", "none"),
        default="auto",
        help=(
            "annotate articles for person:/org:/place: (about 4 ms an article, done once and kept in the "
            f"index): 'auto' (default) before the first such query when at most {ENRICH_AUTO:,} articles "
            "wait, 'all' always, 'none' never (those filters then search the words)"
        ),
    )


def _search_run(args: argparse.Namespace) -> int:
    from newstui.cli_search import search_record
    from newstui.core.search import (
        ENTITY_FIELDS,
        Hit,
        SearchIndex,
        SearchIndexError,
        parse_query,
    )
    from newstui.core.search.location import default_entity_names, index_path

    settings, _, _ = _settings()
    library = library_for(args.paths, settings, args.data_dir)
    location = index_path(paths.cache_dir(), library.paths, feeds=library.feeds)
    try:
        index = SearchIndex(location, entity_names=default_entity_names())
    except SearchIndexError as error:
        _warn(f"newstui: search index: {error}")
        return EXIT_FAILED
    stored = library.stored

    def describe(hit: Hit) -> tuple[str | None, bool]:
        return stored.describe(hit.path) if stored is not None else (None, False)

    try:
        index.sync(library.paths, max_bytes=settings.max_bytes, stored=stored)
        if args.enrich == "all":
            index.enrich()
        given = args.query.strip()
        queries = (line.rstrip("\r\n") for line in sys.stdin) if given == "-" else [given]
        for query in queries:
            if args.enrich == "auto" and 0 < index.pending <= ENRICH_AUTO:
                parsed = parse_query(query)
                terms = [term for group in parsed.groups for term in group] + list(parsed.excluded)
                if any(term.field in ENTITY_FIELDS for term in terms):
                    index.enrich()
            results = index.search(query, limit=max(0, args.limit))
            if args.json:
                print(safe_json(search_record(results, describe)), flush=True)
                continue
            for note in results.ignored:
                _warn(f"newstui: ignored {note}")
            for hit in results.hits:
                title, path, snippet = (safe_text(part) for part in (hit.title, hit.path, hit.snippet))
                print(f"{hit.score:8.2f}  {title}\n          {path}\n          {snippet}")
    except SearchIndexError as error:
        _warn(f"newstui: search index: {error}")
        return EXIT_FAILED
    except (sqlite3.Error, OSError) as error:  # from enrichment's writes
        _warn(f"newstui: search index: {friendly(error, location)}")
        return EXIT_FAILED
    finally:
        index.close()
    return EXIT_OK


# -- bookmarks ----------------------------------------------------------------------------------


def _bookmarks_args(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, summary: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=summary, description=summary)
        # Also accepted after the action; SUPPRESS keeps the value given before it, if any.
        sub.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        return sub

    listing = action("list", "list every bookmark with the state of its passage")
    listing.add_argument("--json", action="store_true", help="one JSON object per bookmark")
    add = action("add", "bookmark a passage of an article file or a stored feed article")
    add.add_argument("path", metavar="PATH|ID|URL", help="the article file, or a stored article's id or link")
    add.add_argument("--text", required=True, help="the exact passage (case, quotes and spacing may differ)")
    add.add_argument("--note", default="", help="a note to keep with it")
    add.add_argument("--tag", action="extend", nargs="+", default=[], metavar="T", help="tags")
    export = action("export", "write every bookmark as Markdown or W3C Web Annotation JSON")
    export.add_argument("--format", choices=bookmark_exchange.FORMATS, default="markdown")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")
    importing = action("import", "merge bookmarks from a JSON export (no duplicates)")
    importing.add_argument("file", type=Path, metavar="FILE")


def _bookmark_store(data_dir: Path) -> BookmarkStore:
    store = BookmarkStore.in_dir(data_dir)
    for notice in store.notices:
        _warn(f"newstui: {notice}")
    return store


def _bookmarks_run(args: argparse.Namespace) -> int:
    try:
        with _bookmark_store(args.data_dir) as store:
            return _BOOKMARK_ACTIONS[args.action](store, args)
    except StoreError as error:
        _warn(f"newstui: bookmarks: {error}")
        return EXIT_FAILED


def _bookmarks_list(store: BookmarkStore, args: argparse.Namespace) -> int:
    with stored_reader(args.data_dir) as stored:
        resolved = resolve_all(store.all(), stored=stored)
    for item in resolved:
        if args.json:
            print(safe_json(bookmark_exchange.list_record(item)))
        else:
            print(bookmark_exchange.list_line(item))
    return EXIT_OK


def _bookmarks_add(store: BookmarkStore, args: argparse.Namespace) -> int:
    settings, _, _ = _settings()
    try:
        article = read_any(args.path, max_bytes=settings.max_bytes, data_dir=args.data_dir)
    except LoadError as error:
        _warn(f"newstui: {args.path}: {error}")
        return EXIT_FAILED
    span = find_passage(article.text, args.text)
    if span is None:
        _warn(f"newstui: the passage is not in {args.path}: “{args.text}”")
        return EXIT_FAILED
    bookmark = bookmark_for(article, *span, now=store.clock(), note=args.note, tags=clean_tags(args.tag))
    store.add(bookmark)
    print(bookmark.id)
    return EXIT_OK


def _bookmarks_export(store: BookmarkStore, args: argparse.Namespace) -> int:
    if args.format == "json":
        text = bookmark_exchange.write_json(store.all("article"))
    else:
        with stored_reader(args.data_dir) as stored:
            resolved = resolve_all(store.all("article"), stored=stored)
        states = {item.bookmark.id: item.state for item in resolved}
        text = bookmark_exchange.write_markdown([item.bookmark for item in resolved], states)
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        bookmark_exchange.write_atomically(args.output, text)
    except OSError as error:
        _warn(f"newstui: cannot write {args.output}: {error.strerror or error}")
        return EXIT_FAILED
    _warn(f"wrote {store.count()} bookmark(s) to {args.output}")
    return EXIT_OK


MAX_IMPORT_BYTES = 256 * 1024 * 1024
"""A bookmark export of a million passages is well under this; larger is not an export."""


def _bookmarks_import(store: BookmarkStore, args: argparse.Namespace) -> int:
    try:
        text = read_text_capped(args.file, MAX_IMPORT_BYTES)
        result = bookmark_exchange.read_json(text, now=store.clock())
    except (OSError, UnicodeDecodeError) as error:
        _warn(f"newstui: cannot read {args.file}: {getattr(error, 'strerror', None) or error}")
        return EXIT_FAILED
    except bookmark_exchange.ImportFormatError as error:
        _warn(f"newstui: {args.file}: {error}")
        return EXIT_FAILED
    for problem in result.problems:
        _warn(f"newstui: {args.file}: skipped {problem}")
    report = store.merge(result.bookmarks)
    print(
        f"imported {report.added} new, {report.updated} updated, "
        f"{report.skipped} already there, {len(result.problems)} unreadable"
    )
    return EXIT_FAILED if result.problems and not result.bookmarks else EXIT_OK


_BOOKMARK_ACTIONS: dict[str, Callable[[BookmarkStore, argparse.Namespace], int]] = {
    "list": _bookmarks_list,
    "add": _bookmarks_add,
    "export": _bookmarks_export,
    "import": _bookmarks_import,
}


# -- annotate ------------------------------------------------------------------------------------


def _annotate_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="FILE|ID|URL", help="article files, or stored feed articles by id or link"
    )
    parser.add_argument("--json", action="store_true", help="one JSON object per file (entities, quotes)")


def _annotate_run(args: argparse.Namespace) -> int:
    from newstui.core.annotate import annotate
    from newstui.core.annotate.render import as_record, bracketed

    settings, _, _ = _settings()
    status = EXIT_OK
    keys = [str(key) for key in args.files]
    missing = [
        key for key in keys if "://" not in key and not Path(key).exists() and not _stored_id_like(key)
    ]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    for key in keys:
        try:
            article = read_any(key, max_bytes=settings.max_bytes, data_dir=args.data_dir)
        except LoadError as error:
            _warn(f"newstui: skipped {key}: {error}")
            status = EXIT_FAILED
            continue
        annotations = annotate(article.text)
        if args.json:
            record = as_record(key, annotations)
            if article.meta.stored:
                record = {**record, "id": article.meta.id, "url": article.meta.url}
            print(safe_json(record))
        elif sys.stdout.isatty():
            from newstui.annotate_terminal import print_annotated  # Rich only for a terminal

            print_annotated(article.text, annotations)
        else:
            print(safe_text(bracketed(article.text, annotations), newlines=True))
    return status


def _stored_id_like(key: str) -> bool:
    """An article id as ``newstui list --json`` prints them (16 hex digits)."""
    return len(key) == 16 and all(char in "0123456789abcdef" for char in key)


COMMANDS: dict[str, Command] = {
    "list": ("list the articles of a library, newest first", _list_args, _list_run),
    "feeds": FEEDS_COMMAND,
    "show": SHOW_COMMAND,
    "bookmarks": ("list, add, export and import passage bookmarks", _bookmarks_args, _bookmarks_run),
    "annotate": ("print the entities and quotations of files", _annotate_args, _annotate_run),
    "search": ("search a library (fuzzy; see the query language in the README)", _search_args, _search_run),
    "fetch": cli_fetch.COMMAND,
    "people": cli_people.PEOPLE,
    "quotes": cli_people.QUOTES,
}


# -- entry point --------------------------------------------------------------------------------


def _open_parser() -> argparse.ArgumentParser:
    lines = "\n".join(f"  {name:<10} {summary}" for name, (summary, _, _) in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="newstui",
        usage="newstui [options] [PATH ...]\n       newstui COMMAND [options] ...",
        description="A terminal news reader. With no PATH it opens your configured library, "
        "or the bundled sample articles.",
        epilog=f"commands:\n{lines}\n\nRun 'newstui COMMAND --help' for a command's options. --data-dir goes "
        "before or after COMMAND.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH", help="files or folders")
    parser.add_argument("--version", action="version", version=f"newstui {__version__}")
    parser.add_argument("--measure", type=int, help="widest line of article text (columns)")
    _common(parser)
    return parser


def _run_app(args: argparse.Namespace) -> int:
    from newstui.ui.app import make_app  # Textual is only imported when the app is wanted

    settings, settings_path, problems = _settings()
    given = _existing(args.paths)
    if args.measure:
        settings.measure = max(20, args.measure)
    app = make_app(
        given,
        settings=settings,
        settings_path=settings_path,
        startup_messages=problems,
        data_dir=args.data_dir,
    )
    app.run()
    return app.return_code or EXIT_OK


GLOBAL_OPTIONS = ("--data-dir",)
"""Options every command takes (each with a value), before or after the command's name."""


def _split_global(argv: list[str]) -> tuple[list[str], list[str]]:
    """The global options at the front of ``argv`` (``--data-dir X`` or ``--data-dir=X``), and the rest."""
    front: list[str] = []
    rest = list(argv)
    while rest:
        name = rest[0].split("=", 1)[0]
        if name not in GLOBAL_OPTIONS:
            break
        takes = 1 if "=" in rest[0] else 2
        front.extend(rest[:takes])
        rest = rest[takes:]
    return front, rest


def _dash_words(argv: list[str]) -> list[str]:
    """``newstui search -glasgow``: a word starting with ``-`` that is no option is a query.

    argparse would take it for an unknown option; a token that holds a space it leaves as a value, so
    such a word is given a leading space (the query parser ignores it). ``search`` has no one-dash
    options but ``-h``, and a negative number (``--limit -1``) is left alone.
    """
    out: list[str] = []
    for index, token in enumerate(argv):
        if token == "--":
            return out + argv[index:]
        is_word = len(token) > 1 and token[0] == "-" and token[1] not in "-0123456789" and token != "-h"
        out.append(" " + token if is_word else token)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    front, rest = _split_global(argv)
    if rest and rest[0] in COMMANDS:
        name, argv = rest[0], [*front, *rest[1:]]
        summary, configure, run = COMMANDS[name]
        parser = argparse.ArgumentParser(prog=f"newstui {name}", description=summary)
        configure(parser)
        _common(parser)
        if name == "search" and "--" not in argv:  # options may come between the query and the paths
            args = parser.parse_intermixed_args(_dash_words(argv))
        else:
            args = parser.parse_args(argv)
    else:
        run = _run_app
        args = _open_parser().parse_args(argv)
    # One place decides where the data lives (--data-dir, else NEWSTUI_DATA_DIR, else the user data
    # folder); every command and the app are handed it.
    args.data_dir = args.data_dir.expanduser() if args.data_dir else paths.data_dir()
    try:
        return run(args)
    except UsageError as error:
        _warn(f"newstui: {error}")
        return EXIT_USAGE
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
