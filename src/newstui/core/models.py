"""Plain data passed between every layer: articles, their paragraphs, and load warnings.

The article text is kept exactly as decoded (curly quotes, non-breaking spaces, line endings), because
annotation spans, search matches and bookmark anchors are all code-point offsets into it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

WORDS_PER_MINUTE = 230
STORED_SCHEME = "newstui://article/"
"""A stored feed article's location: this prefix and the article's id (see :mod:`newstui.core.feeds`)."""


@dataclass(frozen=True, slots=True)
class Paragraph:
    """A paragraph as a half-open ``[start, end)`` range of the article text."""

    start: int
    end: int


@dataclass(frozen=True, slots=True)
class ArticleMeta:
    """What the article list needs: enough to show and sort a row without keeping the body."""

    id: str
    title: str
    source: str
    path: str | None
    """The file (``None`` for a stored feed article). A string, not a ``Path``: a list of 100,000
    articles holds 100,000 of them, and a ``Path`` costs several times the string (it is made when the
    file is read)."""
    published: datetime | None
    modified: datetime | None
    word_count: int
    encoding: str
    url: str | None = None
    """The article's web address (a feed article's link); ``None`` for a file."""
    read: bool = False
    """Whether the user has read it (feed articles keep read state; files are never marked)."""
    stored: bool = False
    """A feed article kept in the feed store (its location is ``newstui://article/ID``)."""

    @property
    def reading_minutes(self) -> int:
        """Reading time rounded up, never zero for a non-empty article."""
        return max(1, -(-self.word_count // WORDS_PER_MINUTE)) if self.word_count else 0

    @property
    def when(self) -> datetime | None:
        """The date shown and sorted on: publication when known, else the file's time."""
        return self.published or self.modified

    @property
    def location(self) -> str:
        """Where the article can be read again: a path, a URL, or a stored article's location."""
        if self.stored:
            return STORED_SCHEME + self.id
        if self.url:
            return self.url
        return str(self.path) if self.path else ""


@dataclass(frozen=True, slots=True)
class Article:
    """A whole article: its metadata, its text exactly as decoded, and where its parts lie."""

    meta: ArticleMeta
    text: str
    title_span: tuple[int, int]
    paragraphs: tuple[Paragraph, ...]
    content_hash: str

    @property
    def id(self) -> str:
        return self.meta.id

    @property
    def title(self) -> str:
        return self.meta.title

    def paragraph_text(self, index: int) -> str:
        """The paragraph's text as written (soft line breaks included)."""
        para = self.paragraphs[index]
        return self.text[para.start : para.end]

    def paragraph_at(self, offset: int) -> int | None:
        """Index of the paragraph holding ``offset`` (or the next one after a gap), if any."""
        for index, para in enumerate(self.paragraphs):
            if offset < para.end:
                return index
        return None


@dataclass(frozen=True, slots=True)
class LoadWarning:
    """A file that was skipped, and why, in words a user can act on."""

    path: Path | str
    message: str

    def __str__(self) -> str:
        return f"{self.path}: {self.message}"


@dataclass(slots=True)
class LoadReport:
    """What a library load produced, for the status line and the CLI."""

    loaded: int = 0
    warnings: list[LoadWarning] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Bookmark:
    """A kept passage of an article, with the user's note and tags.

    The passage is stored as a W3C Web Annotation style anchor: the exact text with ~32 characters of
    context either side (``TextQuoteSelector``) and the code-point offsets at the time
    (``TextPositionSelector``). Together with the article's location, title and content hash this is
    enough to find the passage again after the article has been edited, or to show it if it cannot be.
    """

    id: str
    location: str
    """The article's file path (absolute) or URL: where it can be read again."""
    title: str
    """The article's title when the bookmark was made."""
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int
    content_hash: str
    """Hash of the article's bytes when the bookmark was made; equal hash means unchanged text."""
    created: datetime
    updated: datetime
    note: str = ""
    tags: tuple[str, ...] = ()
    source: str = ""
    """The article's source (publisher or folder) when the bookmark was made, for citations."""
    article_date: datetime | None = None
    """The article's date when the bookmark was made, for citations."""


@dataclass(frozen=True, slots=True)
class Entity:
    """A named entity or a date/number expression: ``text[start:end]`` with its label.

    Labels are ``PERSON``, ``ORG``, ``PLACE``, ``NORP``, ``DATE`` and ``NUMBER``; offsets are code
    points into the article text exactly as loaded (title line included).
    """

    start: int
    end: int
    label: str
    text: str
    entity: str = ""
    """The canonical name of the entity this mention belongs to in its article ("Vladimir Putin" for
    "Putin"); the mention's own text when nothing longer names it; empty for dates and numbers."""


@dataclass(frozen=True, slots=True)
class Quote:
    """A direct quotation, marks included, and who the text says spoke it (``None`` if it does not say).

    ``speaker`` is the speaker's name as best known (a pronoun is resolved to the name it refers to);
    ``speaker_start``/``speaker_end`` locate the mention the attribution rests on.
    """

    start: int
    end: int
    text: str
    speaker: str | None
    speaker_start: int | None
    speaker_end: int | None
