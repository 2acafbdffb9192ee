"""A listing row in a compact form: what the article list needs of an article, cheap to pass around.

Listing a large library happens in worker processes; what they send back is a tuple of plain values
(no ``Path``, one ``datetime`` at most), made into an :class:`ArticleMeta` where it is shown.
"""

from __future__ import annotations

import contextlib
from datetime import datetime
from sys import intern
from typing import NamedTuple

from newstui.core.dates import from_timestamp
from newstui.core.models import ArticleMeta

_SHARED_DATES: dict[datetime, datetime] = {}


def shared_date(when: datetime | None) -> datetime | None:
    """One object for equal dates: a library's articles share a few thousand days between them."""
    if when is None:
        return None
    found = _SHARED_DATES.get(when)
    if found is None:
        if len(_SHARED_DATES) > 100_000:
            _SHARED_DATES.clear()
        found = _SHARED_DATES[when] = when
    return found


_DATES_AT: dict[float, datetime | None] = {}


def shared_date_at(stamp: float | None) -> datetime | None:
    """:func:`shared_date` of a timestamp (as a cache keeps dates), made once for each distinct one."""
    if stamp is None:
        return None
    try:
        return _DATES_AT[stamp]
    except (KeyError, TypeError):  # TypeError: not hashable, so not a timestamp (from_timestamp says no)
        when = shared_date(from_timestamp(stamp))
        if len(_DATES_AT) > 100_000:
            _DATES_AT.clear()
        with contextlib.suppress(TypeError):
            _DATES_AT[stamp] = when
        return when


class ListRow(NamedTuple):
    """An article's listing row in a compact form, cheap to send between processes and to cache."""

    id: str
    title: str
    source: str
    path: str
    """The resolved path."""
    published: datetime | None
    modified: float | None
    """The file's modification time (a timestamp)."""
    words: int
    encoding: str

    @classmethod
    def of(cls, meta: ArticleMeta) -> ListRow:
        return cls(
            meta.id,
            meta.title,
            meta.source,
            meta.path or "",
            meta.published,
            meta.modified.timestamp() if meta.modified else None,
            meta.word_count,
            meta.encoding,
        )

    def meta(self) -> ArticleMeta:
        return ArticleMeta(
            id=self.id,
            title=self.title,
            source=intern(self.source),
            path=self.path or None,
            published=shared_date(self.published),
            modified=from_timestamp(self.modified),
            word_count=self.words,
            encoding=intern(self.encoding),
        )
