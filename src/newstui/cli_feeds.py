"""``newstui feeds ...`` and ``newstui show``: subscriptions and single articles, for people and scripts.

Output and exit codes are a contract (see the README): ``feeds list --json`` prints one object a line
with ``url, title, site, articles, unread, fetched, error``; ``show --json`` prints ``id, title, source,
url, path, published, text`` where ``text`` is exactly what annotation, search and bookmark offsets
refer to. Exit status 0 is success, 1 a failure the message explains, 2 a usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

from newstui.core import paths
from newstui.core.bookmarks.exchange import write_atomically
from newstui.core.bookmarks.passages import StoredReader
from newstui.core.feeds.models import FULL_TEXT_MODES, FeedError
from newstui.core.feeds.opml import read_opml, write_opml
from newstui.core.feeds.store import FeedStore
from newstui.core.files import UnreadableFile, read_capped
from newstui.core.library import LoadError, read_article
from newstui.core.models import Article
from newstui.core.safe_text import safe_json, safe_text
from newstui.core.settings import CONFIG_NAME, load_settings
from newstui.core.sources.stored import bookmarked_article_ids, has_feed_store, open_feed_store
from newstui.core.sqlite_store import StoreError

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
OPML_MAX_BYTES = 10 * 1024 * 1024


def _say(message: str, *, error: bool = False) -> None:
    """A line for the user (stderr for problems); it quotes outside text, so it is made safe first."""
    print(safe_text(message, newlines=True), file=sys.stderr if error else sys.stdout)


def _iso(when: datetime | None) -> str | None:
    return when.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z") if when else None


# -- feeds --------------------------------------------------------------------------------------


def feeds_args(parser: argparse.ArgumentParser) -> None:
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    def action(name: str, summary: str) -> argparse.ArgumentParser:
        sub = actions.add_parser(name, help=summary, description=summary)
        sub.add_argument("--data-dir", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
        return sub

    add = action("add", "subscribe to a feed (a URL, or a feed file for offline use) and fetch it once")
    add.add_argument("target", metavar="URL|FILE")
    add.add_argument("--title", help="call the feed this instead of its own title")
    add.add_argument("--folder", default="", help="file it in this folder (nested: 'News/Tech')")
    add.add_argument("--no-fetch", action="store_true", help="subscribe only; 'newstui fetch' fetches it")
    add.add_argument(
        "--full-text",
        choices=FULL_TEXT_MODES,
        default="auto",
        help="fetch article pages for their full text: auto (summary-only entries; default), always, never",
    )
    change = action("set", "change a subscription's title, folder or full-text mode")
    change.add_argument("url", metavar="URL")
    change.add_argument("--title", help="call the feed this ('' for its own title after the next fetch)")
    change.add_argument("--folder", help="file it in this folder ('' for none)")
    change.add_argument("--full-text", choices=FULL_TEXT_MODES, help="auto, always or never")
    listing = action("list", "list subscriptions with their article counts and last fetch")
    listing.add_argument("--json", action="store_true", help="one JSON object per feed")
    remove = action("remove", "unsubscribe (articles with bookmarks are kept)")
    remove.add_argument("url", metavar="URL")
    importing = action("import", "subscribe to every feed of an OPML file (folders kept, duplicates skipped)")
    importing.add_argument("file", type=Path, metavar="FILE")
    export = action("export", "write every subscription as OPML 2.0")
    export.add_argument("-o", "--output", type=Path, metavar="FILE", help="write here instead of stdout")


def feeds_run(args: argparse.Namespace) -> int:
    try:
        with open_feed_store(args.data_dir, _say) as store:
            return _FEED_ACTIONS[args.action](store, args)
    except StoreError as error:
        _say(f"newstui: feeds: {error}", error=True)
        return EXIT_FAILED


def _target(raw: str) -> str | None:
    """The feed's address as stored: an http(s) URL as given, a local file as an absolute path."""
    from newstui.core.feeds.fetch import check_target, is_remote, local_path

    try:
        check_target(raw)
    except Exception:  # an unsupported scheme
        return None
    if is_remote(raw):
        return raw.strip()
    path = local_path(raw)
    return str(path.resolve()) if path.is_file() else None


def _add(store: FeedStore, args: argparse.Namespace) -> int:
    from newstui.core.feeds.discover import DiscoveryError
    from newstui.core.feeds.update import subscribe

    url = _target(args.target)
    if url is None:
        _say(f"newstui: not an http(s) URL nor a feed file: {args.target}", error=True)
        return EXIT_USAGE
    try:
        done = subscribe(
            store,
            url,
            title=args.title or "",
            folder=args.folder,
            fetch=not args.no_fetch,
            full_text=args.full_text != "never",
        )
    except DiscoveryError as error:
        _say(f"newstui: {error}", error=True)
        return EXIT_FAILED
    feed = done.feed
    if not done.added:
        _say(f"already subscribed to {feed.name} ({feed.url})")
        return EXIT_OK
    if args.full_text != feed.full_text:
        feed = store.update_feed(feed.url, full_text=args.full_text)
    if done.page is not None and done.candidates:
        count = len(done.candidates)
        _say(f"found {count} feed{'' if count == 1 else 's'} on {done.page}, subscribed to {feed.url}")
    result = done.result
    if result is None:
        _say(f"subscribed to {feed.url}; 'newstui fetch' will fetch it")
        return EXIT_OK
    if result.status == "error":
        _say(f"newstui: subscribed to {feed.url}, but its first fetch failed: {result.error}", error=True)
        return EXIT_FAILED
    stored = store.counts().get(feed.url)
    count = stored.articles if stored else result.new
    _say(f"{feed.name}: {count} article{'' if count == 1 else 's'} stored")
    return EXIT_OK


def _set(store: FeedStore, args: argparse.Namespace) -> int:
    feed = store.feed(args.url.strip()) or store.feed(_target(args.url) or args.url)
    if feed is None:
        _say(f"newstui: not subscribed to {args.url}", error=True)
        return EXIT_FAILED
    changes = {
        name: value
        for name, value in (("title", args.title), ("folder", args.folder), ("full_text", args.full_text))
        if value is not None
    }
    if changes:
        feed = store.update_feed(feed.url, **changes)
    _say(f"{feed.name}: folder {feed.folder or '(none)'}, full text {feed.full_text}")
    return EXIT_OK


def _list(store: FeedStore, args: argparse.Namespace) -> int:
    counts = store.counts()
    for feed in store.feeds():
        count = counts.get(feed.url)
        articles, unread = (count.articles, count.unread) if count else (0, 0)
        if args.json:
            record = {
                "url": feed.url,
                "title": feed.title,
                "site": feed.site or None,
                "articles": articles,
                "unread": unread,
                "fetched": _iso(feed.fetched),
                "error": feed.error,
                "folder": feed.folder,
                "full_text": feed.full_text,
                "failures": feed.failures,
            }
            print(safe_json(record))
            continue
        state = f"  error: {feed.error}" if feed.error else ""
        when = (_iso(feed.fetched) or "never fetched")[:16].replace("T", " ")
        folder = f"{feed.folder}/" if feed.folder else ""
        _say(f"{folder}{feed.name}  {unread}/{articles} unread  {when}  {feed.url}{state}")
    return EXIT_OK


def _remove(store: FeedStore, args: argparse.Namespace) -> int:
    url = args.url.strip()
    feed = store.feed(url) or store.feed(_target(url) or url)
    if feed is None:
        _say(f"newstui: not subscribed to {url}", error=True)
        return EXIT_FAILED
    kept = bookmarked_article_ids(args.data_dir)
    removed = store.remove_feed(feed.url, keep_ids=kept) or 0
    _say(f"unsubscribed from {feed.name}: {removed} article{'' if removed == 1 else 's'} removed")
    return EXIT_OK


def _import(store: FeedStore, args: argparse.Namespace) -> int:
    try:
        data, _ = read_capped(args.file, OPML_MAX_BYTES)  # a FIFO or a device is refused, not read
    except UnreadableFile as error:
        _say(f"newstui: {args.file}: {error}; not read", error=True)
        return EXIT_FAILED
    except OSError as error:
        _say(f"newstui: cannot read {args.file}: {error.strerror or error}", error=True)
        return EXIT_FAILED
    try:
        subscriptions = read_opml(data)
    except FeedError as error:
        _say(f"newstui: {args.file}: {error}", error=True)
        return EXIT_FAILED
    added = skipped = 0
    for subscription in subscriptions:
        title = "" if subscription.title == subscription.url else subscription.title
        _, created = store.add_feed(subscription.url, title=title, folder=subscription.folder)
        added += created
        skipped += not created
    _say(f"added {added} feed{'' if added == 1 else 's'} ({skipped} already subscribed)")
    if added:
        _say("run 'newstui fetch' to fetch them")
    return EXIT_OK


def _export(store: FeedStore, args: argparse.Namespace) -> int:
    feeds = store.feeds()
    text = write_opml(feeds, now=datetime.now(UTC))
    if args.output is None:
        sys.stdout.write(text)
        return EXIT_OK
    try:
        write_atomically(args.output, text)
    except OSError as error:
        _say(f"newstui: cannot write {args.output}: {error.strerror or error}", error=True)
        return EXIT_FAILED
    _say(f"wrote {len(feeds)} feed{'' if len(feeds) == 1 else 's'} to {args.output}", error=True)
    return EXIT_OK


_FEED_ACTIONS: dict[str, Callable[[FeedStore, argparse.Namespace], int]] = {
    "add": _add,
    "list": _list,
    "remove": _remove,
    "set": _set,
    "import": _import,
    "export": _export,
}


# -- show ---------------------------------------------------------------------------------------


def show_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("key", metavar="ID|URL|FILE", help="a stored article's id or link, or a file")
    parser.add_argument("--json", action="store_true", help="one JSON object (its text is what offsets use)")
    parser.add_argument(
        "--feed-version", action="store_true", help="the feed's own text even when the full text was fetched"
    )


def _read(key: str, *, max_bytes: int, data_dir: Path, version: str = "best") -> tuple[Article, str | None]:
    """A file, or a stored feed article by id, link or location, and the feed it came from (if any)."""
    path = Path(key).expanduser()
    if "://" not in key and path.exists():
        return read_article(path, max_bytes=max_bytes), None
    if not has_feed_store(data_dir):
        raise LoadError("no such file, and no feed articles are stored")
    try:
        with open_feed_store(data_dir, _say) as store:
            stored = store.find(key)
    except StoreError as error:
        raise LoadError(f"feeds: {error}") from error
    if stored is None:
        raise LoadError("no stored article or file by that name")
    return stored.article(version), stored.feed


def read_any(key: str, *, max_bytes: int, data_dir: Path) -> Article:
    """A file, or a stored feed article by id, link or location; :class:`LoadError` says why not."""
    return _read(key, max_bytes=max_bytes, data_dir=data_dir)[0]


@contextmanager
def stored_reader(data_dir: Path) -> Iterator[StoredReader | None]:
    """Reads stored feed articles by location while open (``None`` when no feed store exists)."""
    if not has_feed_store(data_dir):
        yield None
        return
    try:
        store = open_feed_store(data_dir, _say)
    except StoreError as error:
        _say(f"newstui: feeds: {error}", error=True)
        yield None
        return
    with store:

        def read(location: str) -> Article | None:
            found = store.find(location)
            return found.article() if found is not None else None

        yield read


def show_run(args: argparse.Namespace) -> int:
    settings, _ = load_settings(paths.config_dir() / CONFIG_NAME)
    try:
        article, feed_url = _read(
            args.key,
            max_bytes=settings.max_bytes,
            data_dir=args.data_dir,
            version="feed" if args.feed_version else "best",
        )
    except LoadError as error:
        _say(f"newstui: {args.key}: {error}", error=True)
        return EXIT_FAILED
    meta = article.meta
    if args.json:
        record = {
            "id": meta.id,
            "title": meta.title,
            "source": meta.source,
            "url": meta.url,
            "path": str(meta.path) if meta.path else None,
            "published": _iso(meta.published),
            "text": article.text,
            "feed": feed_url,
            "read": meta.read,
            "location": meta.location,
        }
        print(safe_json(record))
        return EXIT_OK
    title_start, title_end = article.title_span
    byline = " · ".join(
        part for part in (meta.source, (_iso(meta.when) or "")[:10], meta.url or str(meta.path or "")) if part
    )
    body = article.text[title_end:].strip("\n")
    _say(f"{article.text[title_start:title_end].strip()}\n{byline}\n\n{body}".rstrip("\n"))
    return EXIT_OK


FEEDS_COMMAND = ("subscribe to feeds, list, remove, import and export them (OPML)", feeds_args, feeds_run)
SHOW_COMMAND = ("print one article (a stored feed article or a file) as text or JSON", show_args, show_run)
