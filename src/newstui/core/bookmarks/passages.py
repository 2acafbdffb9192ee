"""From articles to bookmarks and back: making a bookmark of a passage, and finding it again later.

The store only keeps bookmarks; this module knows about articles. Re-reading an article is injected
(``read``) so the UI can reuse an article it already has open and tests can hand in text directly.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from newstui.core.bookmarks.anchoring import Anchoring, AnchorState, Quote, quote_at, reanchor
from newstui.core.library import LoadError, read_article
from newstui.core.models import STORED_SCHEME, Article, Bookmark
from newstui.core.text import fold_char_view

ArticleReader = Callable[[Path], Article]
StoredReader = Callable[[str], Article | None]
"""Given a stored feed article's location (``newstui://article/ID``), the article, or ``None`` if gone."""

# Typed stand-ins for typographic characters, one for one so offsets carry over.
_TYPED = str.maketrans({"“": '"', "”": '"', "„": '"', "‟": '"', "″": '"', "–": "-", "—": "-", "‐": "-"})


def _typed_view(text: str) -> str:
    """The text as someone would type it: folded (case, accents, apostrophes) and plain punctuation."""
    return fold_char_view(text).translate(_TYPED)


def new_id() -> str:
    """A random, globally unique id, so bookmarks from two machines merge without clashes."""
    return str(uuid.uuid4())


def bookmark_for(
    article: Article,
    start: int,
    end: int,
    *,
    now: datetime,
    note: str = "",
    tags: Iterable[str] = (),
    bookmark_id: str | None = None,
) -> Bookmark:
    """A new bookmark of ``article.text[start:end]``, anchored with its surrounding text."""
    quote = quote_at(article.text, start, end)
    meta = article.meta
    return Bookmark(
        id=bookmark_id or new_id(),
        location=meta.location,
        title=meta.title,
        source=meta.source,
        article_date=meta.when,
        content_hash=article.content_hash,
        exact=quote.exact,
        prefix=quote.prefix,
        suffix=quote.suffix,
        start=quote.start,
        end=quote.end,
        note=note,
        tags=tuple(tags),
        created=now,
        updated=now,
    )


def quote_of(bookmark: Bookmark) -> Quote:
    return Quote(bookmark.exact, bookmark.prefix, bookmark.suffix, bookmark.start, bookmark.end)


def find_passage(text: str, passage: str) -> tuple[int, int] | None:
    """Where ``passage`` (as a user typed it) occurs in ``text``: first occurrence, as offsets.

    Exact text first; failing that, ignoring case, accents, curly versus straight quotes and how
    whitespace is laid out (a typed space matches a non-breaking space or a soft line break), which is
    how people copy passages out of a terminal. The offsets always refer to the original text.
    """
    words = passage.split()
    if not words:
        return None
    at = text.find(passage)
    if at >= 0:
        return at, at + len(passage)
    pattern = r"\s+".join(re.escape(_typed_view(word)) for word in words)
    match = re.search(pattern, _typed_view(text))
    return (match.start(), match.end()) if match else None


@dataclass(frozen=True, slots=True)
class Resolved:
    """A bookmark with where its passage is now, and why not if it cannot be found."""

    bookmark: Bookmark
    anchoring: Anchoring
    problem: str = ""
    """For ``missing``: why the article could not be read."""

    @property
    def state(self) -> AnchorState:
        return self.anchoring.state


def local_path(location: str) -> Path | None:
    """The file a bookmark's article lives in, or ``None`` for a web address."""
    if re.match(r"^[a-z][a-z0-9+.-]*://", location, re.IGNORECASE):
        return None
    return Path(location)


def resolve(bookmark: Bookmark, text: str) -> Resolved:
    """Find the bookmark's passage in ``text``, the current text of its article."""
    return Resolved(bookmark, reanchor(text, quote_of(bookmark)))


def missing(bookmark: Bookmark, problem: str) -> Resolved:
    lost = Anchoring(AnchorState.MISSING, bookmark.start, bookmark.end, 0.0)
    return Resolved(bookmark, lost, problem)


def resolve_all(
    bookmarks: Iterable[Bookmark], read: ArticleReader = read_article, stored: StoredReader | None = None
) -> list[Resolved]:
    """Resolve many bookmarks, reading each article once however many bookmarks it has.

    Feed articles are read from the feed store through ``stored`` (they anchor to their id, so they
    open even after the feed has dropped the entry); without it they are reported missing.
    """
    articles: dict[str, Article | str] = {}
    resolved = []
    for bookmark in bookmarks:
        if bookmark.location not in articles:
            articles[bookmark.location] = _load(bookmark.location, read, stored)
        article = articles[bookmark.location]
        if isinstance(article, str):
            resolved.append(missing(bookmark, article))
        else:
            resolved.append(resolve(bookmark, article.text))
    return resolved


def _load(location: str, read: ArticleReader, stored: StoredReader | None) -> Article | str:
    if location.startswith(STORED_SCHEME):
        if stored is None:
            return "a feed article, and the feed store is not open"
        return stored(location) or "the feed article is no longer stored"
    path = local_path(location)
    if path is None:
        return "a web page; newstui reads only local files"
    if not path.exists():
        return "the article file is gone"
    try:
        return read(path)
    except LoadError as error:
        return str(error)


_SENTENCE_END = re.compile(r"[.!?…]+[”\"’'»)\]]*(?=\s|$)")
# fmt: off
_ABBREVIATIONS = frozenset({
    "mr", "mrs", "ms", "dr", "st", "prof", "gen", "sen", "rep", "gov", "lt", "col", "capt", "sgt", "jr",
    "sr", "vs", "etc", "no", "fig", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "nov", "dec", "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m",
})
# fmt: on


def sentence_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The sentences of ``text[start:end]`` as offset ranges, for selecting part of a paragraph.

    A sentence ends at ``.``, ``!``, ``?`` or ``…`` (with any closing quotes or brackets) before a
    space; common abbreviations ("Mr.", "U.S.") and initials ("J. Smith") do not end one.
    """
    spans = []
    begin = start
    for match in _SENTENCE_END.finditer(text, start, end):
        before = text[begin : match.start()].split()
        last_word = before[-1].lower() if before else ""
        if match.group().startswith(".") and (
            last_word in _ABBREVIATIONS or (len(last_word) == 1 and last_word.isalpha())
        ):
            continue
        spans.append((begin, match.end()))
        begin = match.end()
        while begin < end and text[begin].isspace():
            begin += 1
    tail_end = end
    while tail_end > begin and text[tail_end - 1].isspace():
        tail_end -= 1
    if begin < tail_end:
        spans.append((begin, tail_end))
    return spans
