"""Helpers shared by the bookmark tests: a fixed clock and a bookmark factory."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta
from itertools import count
from typing import Any

from newstui.core.models import Bookmark

T0 = datetime(2022, 1, 8, 9, 30, tzinfo=UTC)


class StepClock:
    """A clock one second past ``start`` that moves a second per call: ``updated`` always moves on."""

    def __init__(self, start: datetime = T0) -> None:
        self._ticks = count(1)
        self._start = start

    def __call__(self) -> datetime:
        return self._start + timedelta(seconds=next(self._ticks))


_numbers = count(1)


def make_bookmark(**changes: Any) -> Bookmark:
    """A plausible bookmark with a fresh id; any field can be overridden."""
    number = next(_numbers)
    base = Bookmark(
        id=f"00000000-0000-4000-8000-{number:012d}",
        location=f"/news/article-{number}.txt",
        title=f"Article {number}",
        exact=f"passage number {number}",
        prefix="before ",
        suffix=" after",
        start=10,
        end=10 + len(f"passage number {number}"),
        content_hash="0" * 32,
        created=T0,
        updated=T0,
        note="",
        tags=(),
        source="tests",
        article_date=T0 - timedelta(days=1),
    )
    return replace(base, **changes)
