"""The search query language: text in, a :class:`Query` out, never an error.

``plain words`` must all match (fuzzily); ``"exact phrase"``; ``'word`` exact; ``-word`` / ``-"phrase"``
excluded; ``title:`` ``source:`` ``person:`` ``org:`` ``place:`` restrict a word or phrase to a field;
``after:2022-01-01`` / ``before:``; ``a | b`` (or ``a|b``) matches either. Anything malformed (an unclosed
quote, an unknown field, a bad date) is searched as plain words or dropped, and named in
:attr:`Query.ignored` so the user can be told.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime

from newstui.core.dates import MAX_ISO_LENGTH
from newstui.core.text import fold

FIELDS = ("title", "source", "person", "org", "place")
DATE_FIELDS = ("after", "before")
_WORD = re.compile(r"[^\W_]+")
# One lexical item: optional "-", optional "field:", then a quoted phrase or a bare word; or a lone "|".
_ITEM = re.compile(
    r'\s*(?:(?P<bar>\|)|(?P<neg>-)?(?:(?P<field>[A-Za-z]+):)?(?:"(?P<phrase>[^"]*)("|$)|(?P<word>[^\s|"]+)))'
)


def words_of(text: str) -> list[str]:
    """Folded words as the index tokenizes them: letters and digits; apostrophes, hyphens split."""
    return _WORD.findall(fold(text))


@dataclass(frozen=True, slots=True)
class Term:
    """One thing to find: a word (``len(words) == 1``) or a phrase, maybe limited to a field."""

    words: tuple[str, ...]
    exact: bool = False
    field: str | None = None
    prefix: bool = False
    """The last word of the query while typing: it may be the start of a longer word."""

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True, slots=True)
class Query:
    """What a query means: every group must match (a group is alternatives joined by ``|``)."""

    text: str
    groups: tuple[tuple[Term, ...], ...] = ()
    excluded: tuple[Term, ...] = ()
    after: datetime | None = None
    before: datetime | None = None
    ignored: tuple[str, ...] = field(default=())

    @property
    def is_empty(self) -> bool:
        return not self.groups and self.after is None and self.before is None


def _parse_date(value: str) -> datetime | None:
    if len(value) > MAX_ISO_LENGTH:
        return None
    try:
        when = datetime.fromisoformat(value)
        when = when if when.tzinfo else when.replace(tzinfo=UTC)
        when.timestamp()  # year 1 at +14:00 has no timestamp: a date the filter cannot use
    except (ValueError, OverflowError):
        return None
    return when


def parse_query(text: str, *, typing: bool = False) -> Query:
    """Parse ``text``; with ``typing`` the last plain word is also matched as a prefix.

    A plain item holding several words (``no-brainer``, ``U.S.``) becomes one group per word; a phrase
    keeps its words together.
    """
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    ignored: list[str] = []
    after = before = None
    join_next = False
    pos = 0
    while pos < len(text):
        match = _ITEM.match(text, pos)
        if match is None or match.end() == pos:
            break
        pos = match.end()
        if match["bar"]:
            join_next = bool(groups)
            continue
        raw = match.group().strip()
        name = (match["field"] or "").lower() or None
        value = match["phrase"] if match["phrase"] is not None else match["word"]
        if match["phrase"] is not None and not match.group(5):
            ignored.append('unclosed "')
        if name in DATE_FIELDS and not match["neg"]:
            when = _parse_date(value.strip())
            if when is None:
                ignored.append(raw)
            elif name == "after":
                after = when
            else:
                before = when
            continue
        if name is not None and name not in FIELDS:
            ignored.append(f"{name}:")
            name = None
        exact = match["phrase"] is not None
        if match["word"] is not None and value.startswith("'"):
            exact, value = True, value[1:]
        words = words_of(value)
        if not words:
            continue
        if (exact and len(words) > 1) or match["phrase"] is not None:
            terms = [Term(tuple(words), exact=True, field=name)]
        else:
            terms = [Term((word,), exact=exact, field=name) for word in words]
        if match["neg"]:
            excluded.extend(terms)
            continue
        if join_next and len(terms) == 1:
            groups[-1].append(terms[0])
        else:
            groups.extend([term] for term in terms)
        join_next = False
    if typing and groups and text and not text[-1].isspace() and not text.rstrip().endswith('"'):
        last = groups[-1][-1]
        if not last.is_phrase and not last.exact:
            groups[-1][-1] = Term(last.words, field=last.field, prefix=True)
    return Query(
        text=text,
        groups=tuple(tuple(group) for group in groups),
        excluded=tuple(excluded),
        after=after,
        before=before,
        ignored=tuple(ignored),
    )
