"""``newstui people`` and ``newstui quotes``: the entity index of a library, for scripts and people.

Both bring the library's search index up to date, annotate the articles it has not annotated yet
(once: the results are kept in the index), then answer from the entity index.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from newstui.core import paths
from newstui.core.safe_text import safe_json, safe_text

LABELS = ("PERSON", "ORG", "PLACE")


def _paths_arg(parser: argparse.ArgumentParser) -> None:
    from pathlib import Path

    parser.add_argument("paths", nargs="*", type=Path, metavar="PATH")
    parser.add_argument("--json", action="store_true", help="one JSON object a line")


def _people_args(parser: argparse.ArgumentParser) -> None:
    _paths_arg(parser)
    parser.add_argument("--label", choices=LABELS, help="only people, organisations or places")
    parser.add_argument("--limit", type=int, default=50, help="how many (default 50)")


def _quotes_args(parser: argparse.ArgumentParser) -> None:
    _paths_arg(parser)
    parser.add_argument("--speaker", metavar="NAME", help="only quotations of speakers whose name matches")
    parser.add_argument("--limit", type=int, default=0, help="at most this many (default: all)")


def _with_index(args: argparse.Namespace, answer: Callable[[object], int]) -> int:
    from newstui.cli import _settings, library_for
    from newstui.core.search import SearchIndex
    from newstui.core.search.location import default_entity_names, index_path

    settings, _, _ = _settings()
    library = library_for(args.paths, settings, args.data_dir)
    index = SearchIndex(index_path(paths.cache_dir(), library.paths), entity_names=default_entity_names())
    try:
        index.sync(library.paths, max_bytes=settings.max_bytes)
        index.enrich(process=index.pending > ENRICH_IN_PROCESS)
        return answer(index.people)
    finally:
        index.close()


ENRICH_IN_PROCESS = 200
"""Above this many articles waiting, annotate in worker processes (both cores)."""


def _people_run(args: argparse.Namespace) -> int:
    from newstui.core.people.index import PeopleIndex

    def answer(found: object) -> int:
        assert isinstance(found, PeopleIndex)
        for person in found.people(label=args.label, limit=max(0, args.limit)):
            if args.json:
                print(safe_json(person.record()))
            else:
                seen = person.last_seen.date().isoformat() if person.last_seen else ""
                print(
                    f"{person.mentions:6d} {person.articles:6d} {person.quotes:5d}  {person.label:6}  "
                    f"{seen:10}  {safe_text(person.name)}"
                )
        return 0

    return _with_index(args, answer)


def _quotes_run(args: argparse.Namespace) -> int:
    from newstui.core.people.index import PeopleIndex

    def answer(found: object) -> int:
        assert isinstance(found, PeopleIndex)
        speakers = found.speakers_like(args.speaker) if args.speaker else None
        if speakers == []:
            print(f"newstui: no speaker matches {safe_text(args.speaker)!r}", file=sys.stderr)
            return 0
        offset, page = 0, 500
        shown = 0
        while True:
            quotes = found.quotes(speakers=speakers, limit=page, offset=offset)
            for quote in quotes:
                if args.limit and shown >= args.limit:
                    return 0
                shown += 1
                if args.json:
                    print(safe_json(quote.record()))
                else:
                    when = quote.published.date().isoformat() if quote.published else ""
                    text = " ".join(quote.text.split())
                    print(f"{when:10}  {safe_text(quote.speaker)}: {safe_text(text)}")
                    print(f"            {safe_text(quote.title)} ({safe_text(quote.path)})")
            if len(quotes) < page:
                return 0
            offset += page

    return _with_index(args, answer)


PEOPLE = (
    "list the people, organisations and places of a library, most mentioned first",
    _people_args,
    _people_run,
)
QUOTES = ("list the quotations of a library with their speakers, newest first", _quotes_args, _quotes_run)
