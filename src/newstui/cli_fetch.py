"""``newstui fetch [--json] [--force] [URL ...]``: update every feed (or those given) now.

With ``--json`` one line per feed, in the order of the feeds (or of the URLs given): ``{"url", "status":
"new"|"unchanged"|"error", "new", "error", "ms"}`` (a contract: fields are only ever added; ``title``,
``updated``, ``moved_to`` and ``full_text`` follow). Without it, one readable line per feed as it finishes
and a summary on stderr. Exit status 0 when no feed failed, 1 when any did (a feed still waiting out a
Retry-After or a backoff counts as failed: its last error is shown with the time of the next try).

The network modules are imported only when the command runs, so other commands start as fast as before.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from newstui.core import paths
from newstui.core.safe_text import safe_json, safe_text

if TYPE_CHECKING:
    from newstui.core.feeds.update import Progress

EXIT_OK, EXIT_FAILED = 0, 1
SUMMARY = "fetch every feed (or the URLs given) now and store new articles"


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("urls", nargs="*", metavar="URL", help="only these subscribed feeds (default: all)")
    parser.add_argument("--json", action="store_true", help="one JSON object per feed")
    parser.add_argument(
        "--force", action="store_true", help="also fetch feeds backing off after failures (not a Retry-After)"
    )
    parser.add_argument(
        "--no-full-text", action="store_true", help="do not fetch article pages for summary-only entries"
    )
    parser.add_argument("--timeout", type=float, metavar="S", help="connect and read timeout in seconds")


def run(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from newstui.core.feeds.fetch import FetchSettings
    from newstui.core.feeds.store import FeedStore
    from newstui.core.feeds.update import summarize, update_feeds
    from newstui.core.settings import CONFIG_NAME, load_settings

    user, problems = load_settings(paths.config_dir() / CONFIG_NAME)
    for problem in problems:
        print(f"newstui: {safe_text(problem)}", file=sys.stderr)
    settings = FetchSettings.from_settings(user)
    if args.timeout is not None:
        timeout = max(0.1, args.timeout)
        settings = replace(settings, connect_timeout=timeout, read_timeout=timeout)
    with FeedStore.in_dir(args.data_dir) as store:
        for notice in store.notices:
            print(f"newstui: {safe_text(notice)}", file=sys.stderr)
        if not args.urls and not store.feeds():
            print("newstui: no feeds yet: add one with 'newstui feeds add URL'", file=sys.stderr)
            return EXIT_OK
        results = update_feeds(
            store,
            args.urls or None,
            settings=settings,
            force=args.force,
            full_text=not args.no_full_text,
            progress=None if args.json else _text_line,
        )
    if args.json:  # at the end, in order, each with its full-text count complete
        for result in results:
            print(safe_json(result.record()))
    else:
        print(summarize(results), file=sys.stderr)
    return EXIT_FAILED if any(result.status == "error" for result in results) else EXIT_OK


def _text_line(step: Progress) -> None:
    """One line per feed as it finishes (titles and errors come from outside: made safe to print)."""
    result = step.result
    if result is None:
        return
    name = safe_text(result.title or result.url)
    if result.status == "error":
        line = f"    error  {name}: {safe_text(result.error or '')}"
    elif result.status == "new":
        line = f"{result.new:>5} new  {name}"
    else:
        line = f"unchanged  {name}"
    print(line, flush=True)


COMMAND = (SUMMARY, configure, run)
