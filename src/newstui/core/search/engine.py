"""Search: a fast candidate stage in FTS5, then re-ranking the best few hundred in Python.

The candidate stage asks FTS5 for articles holding every query group (each group is the OR of the index
words its word may stand for), ordered by BM25 with title matches weighted up; when that finds too few
(a word the vocabulary could not place, a typo too far), a relaxed OR of the rarer groups adds more.
Candidates are then scored on what the issue asks for: coverage of the query, rarity (BM25-like), title
above body, exact above fuzzy, the words close together (and in order) above scattered ones, newer
above older on ties. Common words and one- or two-letter prefixes never drive the candidate stage on
their own, so no keystroke has to rank the whole library.
"""

from __future__ import annotations

import math
import multiprocessing
import re
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from rapidfuzz import fuzz

from newstui.core.library import DEFAULT_MAX_BYTES, start_resource_tracker
from newstui.core.search.fuzzy import EXACT, PREFIX, Vocabulary
from newstui.core.search.matching import Match, Matcher, Passage, best_passage, fold_view, snippet
from newstui.core.search.query import Query, Term, parse_query, words_of
from newstui.core.search.store import (
    ENTITY_FIELDS,
    EnrichReport,
    EntityNames,
    Progress,
    SearchIndexError,
    Store,
    StoredArticles,
    StoredDoc,
    SyncReport,
    TextNames,
    lower_priority,
)
from newstui.core.sqlite_store import friendly, is_transient

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
FIELD_COLUMNS = {"title": "title", "source": "source", "person": "person", "org": "org", "place": "place"}
BM25_WEIGHTS = "bm25(fts, 4.0, 1.0, 2.0, 1.0, 1.0, 1.0)"
K1, B = 1.2, 0.75
TITLE_BOOST = 1.5
PROXIMITY = 10.0
SEQUENCE = 16.0
"""Weight of the query read as a phrase: how closely the best passage spells it, cubed."""
DOC_CACHE = 2048
RESULT_CACHE = 64
COMMON_WORD = 0.3
"""Words in more than this share of articles are only looked for near the query's rarer words."""


@dataclass(frozen=True, slots=True)
class Hit:
    """One article found: where it is, its score, a one-line snippet and every match in its text."""

    path: str
    article_id: str
    title: str
    source: str
    when: datetime | None
    score: float
    snippet: str
    snippet_matches: tuple[tuple[int, int], ...]
    matches: tuple[tuple[int, int], ...]
    passage: tuple[int, int]
    complete: bool
    """Every query group matched (partial matches come after, when there are too few complete ones)."""


@dataclass(frozen=True, slots=True)
class Results:
    query: Query
    hits: tuple[Hit, ...]
    total: int
    """How many candidates matched (at most the candidate limit; see :attr:`more`)."""
    more: bool = False

    @property
    def ignored(self) -> tuple[str, ...]:
        return self.query.ignored


@dataclass(slots=True)
class _Group:
    terms: tuple[Term, ...]
    alternatives: dict[str, float]
    estimate: int
    expression: str
    drives: bool
    """May narrow the candidate stage (not a one- or two-letter prefix)."""
    required: bool = False
    """Was part of the candidate stage's AND (so FTS5 vouched for it in those candidates)."""


@dataclass(frozen=True, slots=True)
class _Scored:
    score: float
    doc: StoredDoc
    matches: list[Match]
    passage: Passage | None
    complete: bool


def _quote(word: str) -> str:
    return '"' + word.replace('"', '""') + '"'


class SearchIndex:
    """The search index of one library, in one SQLite file under the cache directory."""

    def __init__(self, db_path: Path, *, entity_names: EntityNames | None = None) -> None:
        self.store = Store(db_path, entity_names=entity_names)
        self._vocab_lock = threading.Lock()
        self._vocabulary: Vocabulary | None = None
        self._count = 0
        self._average = 1.0
        self._docs: dict[int, tuple[StoredDoc, str]] = {}
        self._synced = False
        self._pending = 0
        self._search_lock = threading.Lock()
        self._results: dict[tuple[object, ...], Results] = {}

    @property
    def ready(self) -> bool:
        """Built (at least once since opening): searches see the whole library."""
        return self._synced

    @property
    def rebuilt(self) -> bool:
        """The file was missing, stale or corrupt when opened and was started afresh."""
        return self.store.rebuilt

    def close(self) -> None:
        self.store.close()

    def sync(
        self,
        roots: Sequence[Path],
        *,
        max_bytes: int = DEFAULT_MAX_BYTES,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        stored: StoredArticles | None = None,
    ) -> SyncReport:
        """Bring the index up to date with the library's files and the ``stored`` feed articles
        (incremental; see :class:`Store`)."""
        report = self.store.sync(
            roots, max_bytes=max_bytes, progress=progress, cancelled=cancelled, stored=stored
        )
        if report.touched or self._vocabulary is None:
            self._load_vocabulary()
            self._results.clear()
            self._docs.clear()
        self._pending = self.store.pending()
        self._synced = True
        return report

    @property
    def pending(self) -> int:
        """Articles whose entity fields are not filled yet (see :meth:`enrich`)."""
        return self._pending

    def enrich(
        self,
        names: TextNames | None = None,
        *,
        progress: Progress | None = None,
        cancelled: Callable[[], bool] = lambda: False,
        process: bool = False,
    ) -> EnrichReport:
        """Fill the entity fields of the articles not yet enriched (after :meth:`sync`).

        ``names`` defaults to :func:`~newstui.core.search.location.annotate_names`. Searches may run
        meanwhile: each batch written makes the cached results stale, and the newly enriched articles
        answer ``person:``/``org:``/``place:`` from their entity fields from then on. With ``process``
        the annotating runs in one low-priority worker process, so a search in this process never
        waits for the GIL (what the app does; ``names`` must then be picklable).
        """
        if names is None:
            from newstui.core.search.location import annotate_names

            names = annotate_names

        def landed(rowids: list[int]) -> None:
            with self._search_lock:
                self._results.clear()
                for rowid in rowids:  # the others keep their folded text: no re-reading while typing
                    self._docs.pop(rowid, None)
                self._pending = self.store.pending()

        if process:
            start_resource_tracker()
            context = multiprocessing.get_context("spawn")  # not fork: the app has threads running
            with ProcessPoolExecutor(1, mp_context=context, initializer=lower_priority) as executor:
                report = self.store.enrich(
                    names, progress=progress, cancelled=cancelled, on_batch=landed, executor=executor
                )
        else:
            report = self.store.enrich(names, progress=progress, cancelled=cancelled, on_batch=landed)
        if report.annotated or report.reused:
            with self._search_lock:
                self._load_vocabulary()
                self._results.clear()
                self._docs.clear()
        self._pending = report.remaining
        return report

    def _load_vocabulary(self) -> Vocabulary:
        with self._vocab_lock:
            self._vocabulary = Vocabulary(self.store.vocabulary())
            self._count = self.store.count()
            self._average = self.store.average_words()
            return self._vocabulary

    @property
    def vocabulary(self) -> Vocabulary:
        return self._vocabulary or self._load_vocabulary()

    # -- searching ----------------------------------------------------------------------------

    def search(self, query: str | Query, *, limit: int = 20, typing: bool = False) -> Results:
        """Ranked hits for ``query`` (text in the query language, or already parsed).

        Thread-safe: searches from several threads (a stale keystroke still finishing) take turns.
        """
        with self._search_lock:
            try:
                return self._search(query, limit, typing)
            except sqlite3.DatabaseError as error:
                if is_transient(error):
                    # Busy, read-only, full or failing disk: the file is fine and kept; say what to do.
                    raise SearchIndexError(friendly(error, self.store.db_path)) from error
                # The file was damaged under us: start afresh; the next sync rebuilds it.
                self.store.reset()
                self._vocabulary, self._count, self._synced = None, 0, False
                self._docs.clear()
                self._results.clear()
                parsed = query if isinstance(query, Query) else parse_query(query, typing=typing)
                return Results(replace(parsed, ignored=(*parsed.ignored, "index damaged: rebuilding")), (), 0)

    def _search(self, query: str | Query, limit: int, typing: bool) -> Results:
        parsed = query if isinstance(query, Query) else parse_query(query, typing=typing)
        if self._pending and self._pending >= self._count:
            parsed = _without_entity_fields(parsed)
        elif self._pending:
            parsed = _pending_note(parsed, self._pending)
        vocabulary = self.vocabulary
        if parsed.is_empty or not self._count:
            return Results(parsed, (), 0)
        kept = tuple(group for group in parsed.groups if not _short_prefix(group))
        if typing and not kept and parsed.groups:
            return Results(parsed, (), 0)
        if typing:
            # One or two letters of a new word narrow nothing yet: the previous keystroke's results
            # stand (from the cache below) until the word has three letters.
            parsed = replace(parsed, groups=kept)
        key = (parsed.groups, parsed.excluded, parsed.after, parsed.before, limit, typing)
        cached = self._results.pop(key, None)
        if cached is None:
            cached = self._rank(parsed, vocabulary, limit, typing)
        self._results[key] = cached
        while len(self._results) > RESULT_CACHE:
            self._results.pop(next(iter(self._results)))
        return replace(cached, query=replace(parsed, text=query.text if isinstance(query, Query) else query))

    def _rank(self, parsed: Query, vocabulary: Vocabulary, limit: int, typing: bool) -> Results:
        groups = [self._group(terms, vocabulary) for terms in parsed.groups]
        date_sql, date_params = _date_filter(parsed)
        budget = (TYPING_CANDIDATES, TYPING_RELAXED) if typing else (CANDIDATES, RELAXED)
        rows, and_count = self._candidates(groups, parsed, date_sql, date_params, limit, budget)
        if not rows:
            return Results(parsed, (), 0)
        docs = self._load([rowid for rowid, _ in rows])
        anchor = min(
            range(len(groups)), key=lambda i: (not groups[i].drives, groups[i].estimate), default=None
        )
        matcher = Matcher([g.alternatives for g in groups], [g.terms for g in groups], anchor)
        complete = {rowid for rowid, _ in rows[:and_count]}
        needle = " ".join(word for g in groups for word in g.terms[0].words)
        unwanted = [_phrase_pattern(term.words) for term in parsed.excluded if term.is_phrase]
        scored = []
        for rowid, _ in rows:
            if rowid not in docs or any(p.search(docs[rowid][1]) for p in unwanted):
                continue
            if self._pending and _entity_misses(groups, docs[rowid][0]):
                continue
            item = self._score(*docs[rowid], groups, matcher, needle, vocabulary, rowid in complete)
            if item is not None:
                scored.append(item)
        scored.sort(key=lambda item: (-item.score, -(item.doc.when.timestamp() if item.doc.when else 0.0)))
        hits = tuple(self._hit(item, matcher, full=not typing) for item in scored[:limit])
        return Results(parsed, hits, len(rows), more=len(rows) >= budget[0])

    def _group(self, terms: Sequence[Term], vocabulary: Vocabulary) -> _Group:
        alternatives: dict[str, float] = {}
        parts: list[str] = []
        estimate = 0
        drives = True
        for term in terms:
            column = f"{{{FIELD_COLUMNS[term.field]}}}: " if term.field else ""
            if term.field in ENTITY_FIELDS and self._pending:
                # Some articles are not enriched yet: FTS5 finds the words anywhere, and re-ranking
                # holds the enriched ones to their entity field (see _entity_misses).
                column = ""
            if term.is_phrase:
                # The index keeps no word positions (half the build time): FTS5 finds articles with
                # every word of the phrase, re-ranking keeps those where they stand together.
                alternatives[" ".join(term.words)] = EXACT
                parts.append(column + "(" + " AND ".join(_quote(w) for w in term.words) + ")")
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
            words = " OR ".join(_quote(alt) for alt, _ in expanded)
            parts.append(f"{column}({words})")
        return _Group(tuple(terms), alternatives, estimate, "(" + " OR ".join(parts) + ")", drives)

    def _candidates(
        self,
        groups: list[_Group],
        query: Query,
        date_sql: str,
        params: list[object],
        limit: int,
        budget: tuple[int, int],
    ) -> tuple[list[tuple[int, float]], int]:
        """Candidate rowids, and how many of the first ones hold every driving group."""
        excluded = self._excluded(query)
        candidates = [g for g in groups if g.drives]
        # A group found nowhere would empty the AND: it is left out (the hits are then partial).
        driving = [g for g in candidates if g.estimate > 0]
        # Very common groups ("the", a three-letter prefix) cost FTS5 most and narrow least: on a
        # large library the candidate stage leaves them to re-ranking when rarer ones can drive it.
        rarer = [g for g in driving if g.estimate <= NARROWING_SHARE * self._count]
        if self._count >= NARROWING_MIN and len(rarer) < len(driving):
            driving = rarer or [min(driving, key=lambda g: g.estimate)]
        for group in groups:
            group.required = group in driving
        if not driving:
            return (self.store.newest(date_sql, params, budget[0]) if not groups else []), 0
        required = " AND ".join(g.expression for g in driving)
        smallest = min(g.estimate for g in driving)
        order = BM25_WEIGHTS if smallest <= BM25_LIMIT else "f.rowid DESC"
        rows = []
        if not any(term.field for g in driving for term in g.terms):
            # Every word in the title: few articles, and the likeliest targets; asked for apart so
            # they are never crowded out of the budget by articles that merely mention the words.
            titled = f"{{title}}: ({required}){excluded}"
            rows = self.store.match(titled, date_sql, params, order, TITLE_CANDIDATES)
        seen = {rowid for rowid, _ in rows}
        more = self.store.match(required + excluded, date_sql, params, order, budget[0])
        rows += [row for row in more if row[0] not in seen]
        if len(rows) >= limit or len(candidates) < 2:
            return rows, len(rows)
        rare = [g for g in candidates if g.estimate <= max(BM25_LIMIT, COMMON_SHARE * self._count)]
        if not rare:
            return rows, len(rows)
        relaxed = " OR ".join(g.expression for g in rare)
        relaxed = f"({relaxed})" + excluded
        seen = {rowid for rowid, _ in rows}
        more = self.store.match(relaxed, date_sql, params, BM25_WEIGHTS, budget[1] + len(rows))
        return rows + [row for row in more if row[0] not in seen], len(rows)

    def _excluded(self, query: Query) -> str:
        if not query.excluded:
            return ""
        parts = []
        for term in query.excluded:
            if term.is_phrase:
                continue  # checked in re-ranking (see _excluded_phrase)
            column = f"{{{FIELD_COLUMNS[term.field]}}}: " if term.field else ""
            parts.append(column + _quote(term.words[0]))
        return " NOT (" + " OR ".join(parts) + ")" if parts else ""

    # -- ranking ------------------------------------------------------------------------------

    def _idf(self, df: int) -> float:
        return math.log(1 + (self._count - df + 0.5) / (df + 0.5))

    def _score(
        self,
        doc: StoredDoc,
        folded: str,
        groups: list[_Group],
        matcher: Matcher,
        needle: str,
        vocabulary: Vocabulary,
        has_all: bool,
    ) -> _Scored | None:
        """Score one candidate; ``has_all``: FTS5 found every driving group in it (maybe far apart).

        None when the article lacks a required exact phrase (FTS5 only knew its words were there).
        """
        matches = matcher.find(folded, doc.title_span, near=_span(len(groups)))
        by_group: dict[int, list[Match]] = {}
        for match in matches:
            by_group.setdefault(match.group, []).append(match)
        title_start, title_end = doc.title_span
        length_norm = K1 * (1 - B + B * doc.words / self._average)
        score = 0.0
        covered = 0.0
        complete = True
        size = len(groups)
        for index, group in enumerate(groups):
            found = by_group.get(index)
            if not found and not group.drives:
                size -= 1
                continue
            if not found and all(term.is_phrase for term in group.terms):
                return None
            if not found:
                if _field_hit(group, doc):
                    covered += 1.0
                    score += 2.0
                elif has_all and group.required:
                    # In the article but not near the rarest word: counts, with no bonus.
                    covered += 0.7
                else:
                    complete = False
                continue
            best = max(found, key=lambda m: m.weight)
            word = folded[best.start : best.end]
            idf = self._idf(vocabulary.df.get(word, 1))
            tf = len(found)
            score += idf * best.weight * tf * (K1 + 1) / (tf + length_norm)
            titled = [m.weight for m in found if title_start <= m.start < title_end]
            if titled:
                score += TITLE_BOOST * idf * max(titled)
            covered += best.weight
        size = max(size, 1)
        passage = best_passage(matches, size, span=_span(size))
        if passage is not None and size > 1:
            window = folded[max(0, passage.start - 4) : passage.end + 4]
            together = (passage.groups - 1) / (size - 1)
            score += PROXIMITY * together + SEQUENCE * (fuzz.ratio(needle, window) / 100) ** 3
        title = folded[title_start:title_end]
        score += 4.0 * fuzz.partial_ratio(needle, title) / 100 if title else 0.0
        score *= (covered / size) ** 2
        return _Scored(score, doc, matches, passage, complete)

    def _load(self, rowids: Sequence[int]) -> dict[int, tuple[StoredDoc, str]]:
        """Articles with their folded text, cached: successive keystrokes re-rank mostly the same ones."""
        cache = self._docs
        missing = [rowid for rowid in rowids if rowid not in cache]
        for rowid, doc in self.store.docs(missing).items():
            if len(cache) >= DOC_CACHE:
                cache.pop(next(iter(cache)))
            cache[rowid] = (doc, fold_view(doc.text))
        return {rowid: cache[rowid] for rowid in rowids if rowid in cache}

    def _hit(self, scored: _Scored, matcher: Matcher, *, full: bool) -> Hit:
        """The hit, with every match in the text when ``full`` (else those near the best passage)."""
        doc, matches, passage = scored.doc, scored.matches, scored.passage
        if full:
            matches = matcher.find(self._docs[doc.rowid][1], doc.title_span)
        start, end = (passage.start, passage.end) if passage else doc.title_span
        line, marks = snippet(doc.text, start, end, matches)
        return Hit(
            path=doc.path,
            article_id=doc.article_id,
            title=doc.title,
            source=doc.source,
            when=doc.when,
            score=round(scored.score, 4),
            snippet=line,
            snippet_matches=marks,
            matches=tuple((m.start, m.end) for m in _merged(matches)),
            passage=(start, end),
            complete=scored.complete,
        )


def _short_prefix(group: tuple[Term, ...]) -> bool:
    return len(group) == 1 and group[0].prefix and len(group[0].words[0]) <= SHORT_PREFIX


def _without_entity_fields(query: Query) -> Query:
    """Before any article is enriched, ``person:obama`` searches the word "obama" and says so."""
    dropped: list[str] = []

    def plain(term: Term) -> Term:
        if term.field in ENTITY_FIELDS:
            dropped.append(f"{term.field}: (entity names not indexed yet; searched as words)")
            return replace(term, field=None)
        return term

    groups = tuple(tuple(plain(term) for term in group) for group in query.groups)
    excluded = tuple(plain(term) for term in query.excluded)
    if not dropped:
        return query
    return replace(query, groups=groups, excluded=excluded, ignored=(*query.ignored, *dict.fromkeys(dropped)))


def _pending_note(query: Query, pending: int) -> Query:
    """While the enrichment pass runs, entity filters fall back to words for the articles it has not
    reached yet, and say so (the enriched ones already answer from their entity fields)."""
    fields = dict.fromkeys(
        term.field
        for terms in (*query.groups, query.excluded)
        for term in terms
        if term.field in ENTITY_FIELDS
    )
    if not fields:
        return query
    notes = [f"{field}: ({pending:,} articles not yet enriched; searched as words there)" for field in fields]
    return replace(query, ignored=(*query.ignored, *notes))


def _entity_misses(groups: Sequence[_Group], doc: StoredDoc) -> bool:
    """An enriched article lacks the name an entity-only group asks for (found as a word elsewhere)."""
    if not doc.enriched:
        return False
    for group in groups:
        if all(term.field in ENTITY_FIELDS for term in group.terms) and not _field_hit(group, doc):
            return True
    return False


def _phrase_pattern(words: Sequence[str]) -> re.Pattern[str]:
    return re.compile(r"(?<![^\W_])" + r"[\W_]+".join(re.escape(w) for w in words) + r"(?![^\W_])")


def _span(size: int) -> int:
    """How far apart (in characters) a query's words may be to count as one passage."""
    return 30 + 14 * size


def _field_hit(group: _Group, doc: StoredDoc) -> bool:
    """A group limited to the source or an entity field matches that field, not the text."""
    for term in group.terms:
        if term.field in (None, "title"):
            continue
        value = doc.source if term.field == "source" else doc.entities.get(term.field, "")
        words = fold_view(value)
        if any(alt.rstrip("*") in words for alt in group.alternatives):
            return True
    return False


def _merged(matches: Sequence[Match]) -> list[Match]:
    """Matches in text order without overlaps (a phrase and its words may cover the same text)."""
    out: list[Match] = []
    for match in sorted(matches, key=lambda m: (m.start, -m.end)):
        if out and match.start < out[-1].end:
            continue
        out.append(match)
    return out


def _date_filter(query: Query) -> tuple[str, list[object]]:
    sql, params = "", list[object]()
    if query.after is not None:
        sql += " AND d.ts >= ?"
        params.append(query.after.timestamp())
    if query.before is not None:
        sql += " AND d.ts < ?"
        params.append(query.before.timestamp())
    return sql, params


def find_in_text(
    text: str, title_span: tuple[int, int], query: str, vocabulary: Vocabulary | None = None
) -> list[tuple[int, int]]:
    """Every match of ``query`` in one text (find in article, and highlights on opening a hit).

    Words are expanded against ``vocabulary`` (the index's, so the same typos match as in search),
    or against the text's own words when there is no index yet.
    """
    parsed = parse_query(query, typing=True)
    folded = fold_view(text)
    own = vocabulary or Vocabulary(Counter(words_of(folded)).items())
    groups: list[Mapping[str, float]] = []
    for terms in parsed.groups:
        alternatives: dict[str, float] = {}
        for term in terms:
            if term.is_phrase:
                alternatives[" ".join(term.words)] = EXACT
                continue
            for alt, weight in own.expand(term.words[0], term.exact, term.prefix):
                alternatives[alt] = max(weight, alternatives.get(alt, 0.0))
            if term.prefix:
                alternatives[term.words[0] + "*"] = PREFIX
        groups.append(alternatives)
    matcher = Matcher(groups, parsed.groups)
    return [(m.start, m.end) for m in _merged(matcher.find(folded, title_span))]


def search_record(
    results: Results, describe: Callable[[Hit], tuple[str | None, bool]] | None = None
) -> dict[str, object]:
    """The ``newstui search --json`` line for one query (the contract scripts rely on).

    ``describe`` gives a hit's web address and read state (a stored feed article's link and whether it
    was read); files have neither (``None``, ``False``).
    """
    return {
        "query": results.query.text,
        "results": [
            {
                "path": hit.path,
                "title": hit.title,
                "score": hit.score,
                "snippet": hit.snippet,
                "matches": [[start, end] for start, end in hit.matches],
                **dict(zip(("url", "read"), describe(hit) if describe else (None, False), strict=True)),
            }
            for hit in results.hits
        ],
        "ignored": list(results.ignored),
    }
