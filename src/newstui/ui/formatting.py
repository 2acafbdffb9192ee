"""Small text formats shared by the list, the reader and the CLI-facing parts of the UI."""

from __future__ import annotations

from datetime import datetime

from newstui.core.models import ArticleMeta
from newstui.core.safe_text import safe_text


def short_date(when: datetime | None) -> str:
    return when.strftime("%d %b %Y") if when else "undated"


def meta_line(meta: ArticleMeta) -> str:
    """``source · 07 Jan 2022 · 2 min`` for the article list."""
    parts = [safe_text(meta.source), short_date(meta.when)]
    if meta.word_count:
        parts.append(f"{meta.reading_minutes} min")
    return " · ".join(parts)


def byline(meta: ArticleMeta) -> str:
    """The reader's line under the title: source, date, length, and a note on unusual encodings."""
    if meta.published:
        date = short_date(meta.when)
    else:  # no date of its own: when the file was written, or when the feed entry was first fetched
        date = f"{'fetched' if meta.stored else 'file time'} {short_date(meta.when)}"
    parts = [meta.source, date, f"{meta.word_count:,} words", f"{meta.reading_minutes} min read"]
    if meta.encoding not in ("utf-8", "utf-8-sig"):
        parts.append(f"decoded as {meta.encoding}")
    return " · ".join(parts)


def articles_count(count: int) -> str:
    return f"{count:,} article" if count == 1 else f"{count:,} articles"


def counted(number: int, word: str) -> str:
    """``1 article``, ``2,400 articles``: a count with its noun in the right number."""
    return f"{number:,} {word}{'' if number == 1 else 's'}"
