"""The sidebar's sources as plain rows: All, Unread, the feed folders with their feeds, the file folders.

Built from the feed store's subscriptions and counts (and the library's folders) without Textual, so the
order, the nesting and the counts are tested as data; :class:`~newstui.ui.widgets.source_list.SourceList`
only draws them.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from newstui.core.feeds.models import Feed, FeedCounts
from newstui.core.models import ArticleMeta

SourceKind = Literal["all", "unread", "folder", "feed", "files"]


@dataclass(frozen=True, slots=True)
class SourceRow:
    """One line of the sources list and what choosing it shows."""

    kind: SourceKind
    key: str
    """The feed's URL, the folder's path (``a/b``), the files folder's path; ``""`` for All and Unread."""
    label: str
    unread: int = 0
    total: int = 0
    depth: int = 0
    error: str | None = None
    """The feed's last fetch error (a feed), or how many feeds in it failed (a folder)."""
    feeds: tuple[str, ...] = ()
    """The feed URLs the row stands for (one feed, or every feed in a folder and its sub-folders)."""

    @property
    def reads(self) -> bool:
        """Whether its articles have a read state (files do not)."""
        return self.kind != "files"


def source_rows(
    feeds: Sequence[Feed], counts: Mapping[str, FeedCounts], folders: Sequence[Path] = ()
) -> list[SourceRow]:
    """All, Unread, feeds outside any folder, each folder followed by its feeds, then file folders."""
    total = sum(c.articles for c in counts.values())
    unread = sum(c.unread for c in counts.values())
    rows = [
        SourceRow("all", "", "All", unread, total, feeds=tuple(f.url for f in feeds)),
        SourceRow("unread", "", "Unread", unread, unread, feeds=tuple(f.url for f in feeds)),
    ]
    by_folder: dict[str, list[Feed]] = {}
    for feed in feeds:
        by_folder.setdefault(feed.folder.strip("/"), []).append(feed)
    rows.extend(_feed_row(feed, counts, 0) for feed in by_folder.pop("", []))
    for folder in _with_parents(by_folder):
        inside = [
            f for name, fs in by_folder.items() if name == folder or name.startswith(folder + "/") for f in fs
        ]
        depth = folder.count("/")
        failed = sum(1 for f in inside if f.error)
        rows.append(
            SourceRow(
                "folder",
                folder,
                folder.rsplit("/", 1)[-1],
                sum(counts.get(f.url, FeedCounts()).unread for f in inside),
                sum(counts.get(f.url, FeedCounts()).articles for f in inside),
                depth,
                f"{failed} failed" if failed else None,
                tuple(f.url for f in inside),
            )
        )
        rows.extend(_feed_row(feed, counts, depth + 1) for feed in by_folder.get(folder, []))
    rows.extend(SourceRow("files", str(path), path.name or str(path)) for path in folders)
    return rows


def _feed_row(feed: Feed, counts: Mapping[str, FeedCounts], depth: int) -> SourceRow:
    count = counts.get(feed.url, FeedCounts())
    return SourceRow(
        "feed", feed.url, feed.name, count.unread, count.articles, depth, feed.error, (feed.url,)
    )


def _with_parents(folders: Mapping[str, object]) -> list[str]:
    """Every folder path and its parents (``a/b`` brings ``a``), sorted so a parent precedes its children."""
    names: set[str] = set()
    for folder in folders:
        parts = folder.split("/")
        names.update("/".join(parts[: i + 1]) for i in range(len(parts)))
    return sorted(names, key=lambda name: name.casefold().split("/"))


def files_filter(folder: str) -> Callable[[ArticleMeta], bool]:
    """Keep the file articles under ``folder`` (resolved the way the library resolves paths)."""
    root = str(Path(folder).expanduser().resolve())
    prefix = root.rstrip(os.sep) + os.sep

    def keep(meta: ArticleMeta) -> bool:
        if meta.stored or meta.path is None:
            return False
        path = str(meta.path)
        return path == root or path.startswith(prefix)

    return keep


def unread_filter(meta: ArticleMeta) -> bool:
    """Keep the unread feed articles."""
    return meta.stored and not meta.read
