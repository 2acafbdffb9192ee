"""Candidate selection: which few hundred articles re-ranking looks at, asked of FTS5.

The candidate stage asks FTS5 for articles holding every query group (each group is the OR of the index
words its word may stand for), ordered by BM25 with title matches weighted up; when that finds too few
(a word the vocabulary could not place, a typo too far), a relaxed OR of the rarer groups adds more.
Common words and one- or two-letter prefixes never drive the candidate stage on their own, so no
keystroke has to rank the whole library.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from newstui.core.search.fuzzy import EXACT, PREFIX, Vocabulary
from newstui.core.search.query import Query, Term
from newstui.core.search.store import ENTITY_FIELDS, Store

CANDIDATES = 300
RELAXED = 80
TITLE_CANDIDATES = 30
TYPING_CANDIDATES = 100
TYPING_RELAXED = 30
"""While typing, fewer candidates are re-ranked, so every keystroke answers within a frame or two."""
BM25_LIMIT = 4000
"""Above this many estimated matches, BM25 over all of them is too slow for a keystroke: newest first."""
NARROWING_SHARE = 0.25
NARROWING_MIN = 1000
"""Groups found in more than this share of articles do not narrow the candidate stage."""
COMMON_SHARE = 0.08
"""Groups found in more than this share of articles do not drive the relaxed candidate stage."""
SHORT_PREFIX = 2
BRIEF_SHARE = 0.25
"""A group too common to rank in the candidate stage keeps its likeliest alternatives there only until
they cover this share of the articles (see :attr:`Group.brief`)."""
FIELD_COLUMNS = {"title": "title", "source": "source", "person": "person", "org": "org", "place": "place"}


@dataclass(slots=True)
class Group:
    """One query group as the index sees it: the index words it may stand for, and what it costs."""

    terms: tuple[Term, ...]
    alternatives: dict[str, float]
    estimate: int
    expression: str
    brief: str
    """The expression with only the group's likeliest alternatives: when every group is too common for
    BM25, the candidates are simply the newest, and merging two dozen long word lists for them was most of
    a keystroke's time."""
    drives: bool
    """May narrow the candidate stage (not a one- or two-letter prefix)."""
    required: bool = False
    """Was part of the candidate stage's AND (so FTS5 vouched for it in those candidates)."""


def quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


def short_prefix(group: tuple[Term, ...]) -> bool:
    return len(group) == 1 and group[0].prefix and len(group[0].words[0]) <= SHORT_PREFIX


def make_group(terms: Sequence[Term], vocabulary: Vocabulary, *, count: int, pending: bool) -> Group:
    """The group's alternatives and FTS5 expressions; ``count``: articles in the index; ``pending``: some
    are not enriched yet."""
    alternatives: dict[str, float] = {}
    parts: list[str] = []
    brief: list[str] = []
    estimate = 0
    drives = True
    for term in terms:
        column = f"{{{FIELD_COLUMNS[term.field]}}}: " if term.field else ""
        if term.field in ENTITY_FIELDS and pending:
            # Some articles are not enriched yet: FTS5 finds the words anywhere, and re-ranking
            # holds the enriched ones to their entity field (see ranking.entity_misses).
            column = ""
        if term.is_phrase:
            # The index keeps no word positions (half the build time): FTS5 finds articles with
            # every word of the phrase, re-ranking keeps those where they stand together.
            alternatives[" ".join(term.words)] = EXACT
            parts.append(column + "(" + " AND ".join(quote(w) for w in term.words) + ")")
            brief.append(parts[-1])
            estimate += min(vocabulary.df.get(w, 0) for w in term.words)
            continue
        word = term.words[0]
        short = term.prefix and len(word) <= SHORT_PREFIX
        expanded = vocabulary.expand(word, term.exact, term.prefix and not short)
        for alt, weight in expanded:
            if alternatives.get(alt, 0.0) < weight:
                alternatives[alt] = weight
        if short:
            # One or two letters being typed: too many words start so. The group counts as the
            # word itself (a finished "on"), never narrows the candidates, and is dropped from
            # the score if absent, so the results stay those of the previous keystroke.
            drives = False
        elif term.prefix:
            alternatives[word + "*"] = PREFIX
        estimate += sum(vocabulary.df.get(alt, 0) for alt, _ in expanded)
        words = " OR ".join(quote(alt) for alt, _ in expanded)
        parts.append(f"{column}({words})")
        likeliest = sorted(expanded, key=lambda item: (-item[1], -vocabulary.df.get(item[0], 0)))
        kept: list[str] = []
        covered = 0
        for alt, _ in likeliest:
            if kept and covered >= BRIEF_SHARE * count:
                break
            kept.append(quote(alt))
            covered += vocabulary.df.get(alt, 0)
        brief.append(column + "(" + " OR ".join(kept) + ")")
    return Group(
        tuple(terms),
        alternatives,
        estimate,
        "(" + " OR ".join(parts) + ")",
        "(" + " OR ".join(brief) + ")",
        drives,
    )


def select(
    store: Store,
    groups: list[Group],
    query: Query,
    *,
    count: int,
    limit: int,
    budget: tuple[int, int],
    bm25: str,
) -> tuple[list[tuple[int, float]], int]:
    """Candidate rowids, and how many of the first ones hold every driving group.

    ``count``: articles in the index; ``budget``: candidates asked for (all groups, relaxed);
    ``bm25``: the ``ORDER BY`` that ranks them (see :class:`~.ranking.Weights`).
    """
    date_sql, params = date_filter(query)
    excluded = excluded_expression(query)
    candidates = [g for g in groups if g.drives]
    # A group found nowhere would empty the AND: it is left out (the hits are then partial).
    driving = [g for g in candidates if g.estimate > 0]
    # Very common groups ("the", a three-letter prefix) cost FTS5 most and narrow least: on a
    # large library the candidate stage leaves them to re-ranking when rarer ones can drive it.
    rarer = [g for g in driving if g.estimate <= NARROWING_SHARE * count]
    if count >= NARROWING_MIN and len(rarer) < len(driving):
        driving = rarer or [min(driving, key=lambda g: g.estimate)]
    for group in groups:
        group.required = group in driving
    if not driving:
        return (store.newest(date_sql, params, budget[0]) if not groups else []), 0
    ranked = min(g.estimate for g in driving) <= BM25_LIMIT
    required = " AND ".join(g.expression if ranked else g.brief for g in driving)
    order = bm25 if ranked else "f.rowid DESC"
    rows = []
    if not any(term.field for g in driving for term in g.terms):
        # Every word in the title: few articles, and the likeliest targets; asked for apart so
        # they are never crowded out of the budget by articles that merely mention the words.
        titled = f"{{title}}: ({required}){excluded}"
        # Newest first needs no other column: the titles' own index answers (excluded words are
        # looked for in the whole text, so they need the main one).
        alone = not ranked and not excluded
        rows = store.match(titled, date_sql, params, order, TITLE_CANDIDATES, titles=alone)
    seen = {rowid for rowid, _ in rows}
    more = store.match(required + excluded, date_sql, params, order, budget[0])
    rows += [row for row in more if row[0] not in seen]
    if len(rows) >= limit or len(candidates) < 2:
        return rows, len(rows)
    rare = [g for g in candidates if g.estimate <= max(BM25_LIMIT, COMMON_SHARE * count)]
    if not rare:
        return rows, len(rows)
    relaxed = " OR ".join(g.expression for g in rare)
    relaxed = f"({relaxed})" + excluded
    seen = {rowid for rowid, _ in rows}
    more = store.match(relaxed, date_sql, params, bm25, budget[1] + len(rows))
    return rows + [row for row in more if row[0] not in seen], len(rows)


def excluded_expression(query: Query) -> str:
    """The FTS5 ``NOT (...)`` of the query's excluded words (phrases are checked in re-ranking)."""
    if not query.excluded:
        return ""
    parts = []
    for term in query.excluded:
        if term.is_phrase:
            continue
        column = f"{{{FIELD_COLUMNS[term.field]}}}: " if term.field else ""
        parts.append(column + quote(term.words[0]))
    return " NOT (" + " OR ".join(parts) + ")" if parts else ""


def date_filter(query: Query) -> tuple[str, list[object]]:
    sql, params = "", list[object]()
    if query.after is not None:
        sql += " AND d.ts >= ?"
        params.append(query.after.timestamp())
    if query.before is not None:
        sql += " AND d.ts < ?"
        params.append(query.before.timestamp())
    return sql, params
