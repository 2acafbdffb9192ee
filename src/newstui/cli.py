"""Command-line parsing: ``newstui [PATH ...]`` opens the app; sub-commands serve scripts.

Only argument handling lives here; every command calls the core (or ``make_app``) to do its work.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from newstui import __version__
from newstui.core import paths
from newstui.core.library import LISTING_CACHE, Library
from newstui.core.meta_cache import MetaCache
from newstui.core.settings import CONFIG_NAME, Settings, load_settings

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


def _settings() -> tuple[Settings, Path, list[str]]:
    settings_path = paths.config_dir() / CONFIG_NAME
    settings, problems = load_settings(settings_path)
    return settings, settings_path, problems


def _existing(given: Sequence[Path]) -> list[Path]:
    missing = [str(path) for path in given if not path.exists()]
    if missing:
        raise UsageError(f"no such file or folder: {', '.join(missing)}")
    return list(given)


def library_for(given: Sequence[Path], settings: Settings) -> Library:
    """The library a command works on: the paths given, else the configured one, else the seeds."""
    chosen = _existing(given) if given else [Path(p).expanduser() for p in settings.library]
    cache = MetaCache(paths.cache_dir() / LISTING_CACHE)
    if cache.problem:
        print(f"newstui: {cache.problem}", file=sys.stderr)
    return Library(chosen or [paths.seeds_dir()], max_bytes=settings.max_bytes, cache=cache)


def _print_warnings(library: Library) -> None:
    for warning in library.report.warnings:
        print(f"newstui: skipped {warning}", file=sys.stderr)


# -- sub-commands -------------------------------------------------------------------------------


def _list_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("--json", action="store_true", help="one JSON object per article")


def _list_run(args: argparse.Namespace) -> int:
    settings, _, _ = _settings()
    library = library_for(args.paths, settings)
    library.load()
    _print_warnings(library)
    for meta in library.entries:
        when = meta.when.isoformat() if meta.when else None
        if args.json:
            record = {
                "id": meta.id,
                "title": meta.title,
                "source": meta.source,
                "path": meta.location,
                "date": when,
                "words": meta.word_count,
                "encoding": meta.encoding,
            }
            print(json.dumps(record, ensure_ascii=False))
        else:
            print(f"{(when or '')[:10]:10}  {meta.source[:16]:16}  {meta.title}")
    return EXIT_OK


def _search_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("query", metavar="QUERY", help="a query ('-' reads one query a line from stdin)")
    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("--json", action="store_true", help="one JSON line per query")
    parser.add_argument("--limit", type=int, default=10, help="results per query (default 10)")


def _search_run(args: argparse.Namespace) -> int:
    from newstui.core.search import SearchIndex, search_record
    from newstui.core.search.location import default_entity_names, index_path

    settings, _, _ = _settings()
    library = library_for(args.paths, settings)
    index = SearchIndex(index_path(paths.cache_dir(), library.paths), entity_names=default_entity_names())
    try:
        index.sync(library.paths, max_bytes=settings.max_bytes)
        queries = (line.rstrip("\r\n") for line in sys.stdin) if args.query == "-" else [args.query]
        for query in queries:
            results = index.search(query, limit=max(0, args.limit))
            if args.json:
                print(json.dumps(search_record(results), ensure_ascii=False), flush=True)
                continue
            for note in results.ignored:
                print(f"newstui: ignored {note}", file=sys.stderr)
            for hit in results.hits:
                print(f"{hit.score:8.2f}  {hit.title}\n          {hit.path}\n          {hit.snippet}")
    finally:
        index.close()
    return EXIT_OK


COMMANDS: dict[str, Command] = {
    "list": ("list the articles of a library, newest first", _list_args, _list_run),
    "search": ("search a library (fuzzy; see the query language in the README)", _search_args, _search_run),
}


# -- entry point --------------------------------------------------------------------------------


def _open_parser() -> argparse.ArgumentParser:
    lines = "\n".join(f"  {name:<10} {summary}" for name, (summary, _, _) in COMMANDS.items())
    parser = argparse.ArgumentParser(
        prog="newstui",
        usage="newstui [options] [PATH ...]\n       newstui COMMAND [options] ...",
        description="A terminal news reader. With no PATH it opens your configured library, "
        "or the bundled sample articles.",
        epilog=f"commands:\n{lines}\n\nRun 'newstui COMMAND --help' for a command's options.",
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
    library = library_for(args.paths, settings)
    if args.measure:
        settings.measure = max(20, args.measure)
    app = make_app(library.paths, settings=settings, settings_path=settings_path, startup_messages=problems)
    app.run()
    return app.return_code or EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv and argv[0] in COMMANDS:
        summary, configure, run = COMMANDS[argv[0]]
        parser = argparse.ArgumentParser(prog=f"newstui {argv[0]}", description=summary)
        configure(parser)
        _common(parser)
        args = parser.parse_args(argv[1:])
    else:
        run = _run_app
        args = _open_parser().parse_args(argv)
    if args.data_dir:
        os.environ["NEWSTUI_DATA_DIR"] = str(args.data_dir)
    try:
        return run(args)
    except UsageError as error:
        print(f"newstui: {error}", file=sys.stderr)
        return EXIT_USAGE
    except BrokenPipeError:
        # Output piped into `head` and closed early: not an error worth a traceback.
        sys.stderr.close()
        return EXIT_OK
