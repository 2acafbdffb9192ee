"""Dates from outside (front matter, HTML, file times, caches, imports) made safe to compute with.

``datetime`` raises on the edges: ``0001-01-01T00:00+14:00`` has no UTC timestamp, a file time after
2262 has no nanosecond one, a timestamp of 1e20 no date at all. Every date newstui reads goes through
here and comes out as a time-zone-aware ``datetime`` inside :data:`EARLIEST`..:data:`LATEST`, or as
``None`` (unknown) — never as an exception at start-up, and never into a cache that would raise on
every later start.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime

EARLIEST = datetime(1000, 1, 1, tzinfo=UTC)
"""Dates before this are taken as mistakes (``0001-01-01`` is a common placeholder)."""
LATEST = datetime(2262, 4, 11, tzinfo=UTC)
"""The last day a nanosecond timestamp (an int64, as file times are kept) can hold."""
_MIN_TS = EARLIEST.timestamp()
_MAX_TS = LATEST.timestamp()
MAX_ISO_LENGTH = 64
"""Longer strings are not dates; parsing them is not attempted."""


def sane(when: datetime | None) -> datetime | None:
    """``when`` as an aware datetime in range (naive ones are taken as UTC), else ``None``."""
    if when is None:
        return None
    if when.tzinfo is None or when.utcoffset() is None:
        when = when.replace(tzinfo=UTC)
    try:
        stamp = when.timestamp()
    except (OverflowError, ValueError, OSError):
        return None
    return when if _MIN_TS <= stamp < _MAX_TS else None


def from_timestamp(stamp: float | None) -> datetime | None:
    """A UTC datetime for a POSIX timestamp, or ``None`` if it is not a number or out of range."""
    if stamp is None or isinstance(stamp, bool) or not isinstance(stamp, int | float):
        return None
    if not math.isfinite(stamp) or not _MIN_TS <= stamp < _MAX_TS:
        return None
    try:
        return datetime.fromtimestamp(stamp, tz=UTC)
    except (OverflowError, ValueError, OSError):
        return None


def from_number(stamp: float | None) -> datetime | None:
    """:func:`from_timestamp` of a value already known to be a number or ``None`` (a typed SQL column).

    The hot loop of a warm start makes 100,000 of these: an in-range number skips the type checks; anything
    else (``None``, NaN, infinities, out of range) goes through :func:`from_timestamp`, which says ``None``.
    """
    if stamp is not None and _MIN_TS <= stamp < _MAX_TS:
        try:
            return datetime.fromtimestamp(stamp, tz=UTC)
        except (OverflowError, ValueError, OSError):
            return None
    return from_timestamp(stamp)


def timestamp(when: datetime | None) -> float | None:
    """``when.timestamp()`` for a date in range, else ``None`` (what a cache stores for "unknown")."""
    checked = sane(when)
    return None if checked is None else checked.timestamp()


def parse_iso(value: str) -> datetime | None:
    """ISO dates and date-times (``2022-01-07``, ``2022-01-07T10:00:00Z``) in range; else ``None``."""
    value = value.strip().strip("\"'")
    if not value or len(value) > MAX_ISO_LENGTH:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return sane(parsed)


INT64_MAX = 2**63 - 1


def file_time_ns(mtime_ns: int) -> int:
    """A file's ``st_mtime_ns`` as a database can keep it (an int64): times after 2262 are clamped."""
    return max(-INT64_MAX, min(mtime_ns, INT64_MAX))
