"""Search: a fast candidate stage in FTS5 (:mod:`.candidates`), then re-ranking the best few hundred in
Python (:mod:`.ranking`), with results cached per query while typing.
"""

from __future__ import annotations

import multiprocessing
import sqlite3
import threading
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from functools import cached_property
from pathlib import Path

from newstui.core.library import DEFAULT_MAX_BYTES, start_resource_tracker
from newstui.core.people.index import PeopleIndex
from newstui.core.search.candidates import (
    CANDIDATES,
    RELAXED,
    TYPING_CANDIDATES,
    TYPING_RELAXED,
    make_group,
    select,
    short_prefix,
)
from newstui.core.search.fuzzy import EXACT, PREFIX, Vocabulary
from newstui.core.search.matching import Match, Matcher, ScanMemo, fold_view, snippet
from newstui.core.search.query import Query, Term, parse_query, words_of
from newstui.core.search.ranking import (
    WEIGHTS,
    Ranker,
    Scored,
    entity_misses,
    merged,
    order,
    phrase_pattern,
)
from newstui.core.search.store import (
    ENRICH_WORKERS,
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

DOC_CACHE = 2048
RESULT_CACHE = 64


@dataclass(frozen=True)
class Hit:
    """One article found: where it is, its score, a one-line snippet and every match in its text."""

    path: str
    article_id: str
    title: str
    source: str
    when: datetime | None
    score: float
    matches: tuple[tuple[int, int], ...]
    passage: tuple[int, int]
    complete: bool
    """Every query group matched (partial matches come after, when there are too few complete ones)."""
    text: str = field(default="", repr=False, compare=False)
    """The article's text, which the snippet is cut from."""
    marks: tuple[Match, ...] = field(default=(), repr=False, compare=False)
    """The matches the snippet shows."""

    @cached_property
    def _line(self) -> tuple[str, tuple[tuple[int, int], ...]]:
        # Made on first use: a list draws a screenful of the hundred hits a keystroke returns.
        return snippet(self.text, *self.passage, self.marks)

    @property
    def snippet(self) -> str:
        """One line of text around the best passage."""
        return self._line[0]

    @property
    def snippet_matches(self) -> tuple[tuple[int, int], ...]:
        """The matches in :attr:`snippet` (offsets into it)."""
        return self._line[1]


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


class SearchIndex:
    """The search index of one library, in one SQLite file under the cache directory."""

    def __init__(self, db_path: Path, *, entity_names: EntityNames | None = None) -> None:
        self.store = Store(db_path, entity_names=entity_names)
        self._vocab_lock = threading.Lock()
        self._vocabulary: Vocabulary | None = None
        self._count = 0
        self._average = 1.0
        self._docs: dict[int, tuple[StoredDoc, str, ScanMemo]] = {}
        self._synced = False
        self._people_stale = False
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
        if report.touched:
            self._people_stale = True
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

        ``names`` defaults to :func:`~newstui.core.people.records.enrichment_of`, which also fills the
        entity index (:attr:`people`, refreshed at the end of the pass). Searches may run
        meanwhile: each batch written makes the cached results stale, and the newly enriched articles
        answer ``person:``/``org:``/``place:`` from their entity fields from then on. With ``process``
        the annotating runs in one low-priority worker process, so a search in this process never
        waits for the GIL (what the app does; ``names`` must then be picklable).
        """
        if names is None:
            from newstui.core.people.records import enrichment_of

            names = enrichment_of

        def landed(rowids: list[int]) -> None:
            with self._search_lock:
                self._results.clear()
                for rowid in rowids:  # the others keep their folded text: no re-reading while typing
                    self._docs.pop(rowid, None)
                self._pending = self.store.pending()

        if process:
            start_resource_tracker()
            context = multiprocessing.get_context("spawn")  # not fork: the app has threads running
            with ProcessPoolExecutor(
                ENRICH_WORKERS, mp_context=context, initializer=lower_priority
            ) as executor:
                report = self.store.enrich(
                    names, progress=progress, cancelled=cancelled, on_batch=landed, executor=executor
                )
        else:
            report = self.store.enrich(names, progress=progress, cancelled=cancelled, on_batch=landed)
        if report.annotated or report.reused or self._people_stale or self.people.unsummed():
            self.people.refresh()
            self._people_stale = False
        if report.annotated or report.reused:
            with self._search_lock:
                self._load_vocabulary()
                self._results.clear()
                self._docs.clear()
        self._pending = report.remaining
        return report

    @property
    def people(self) -> PeopleIndex:
        """Who is mentioned where and who said what (filled by :meth:`enrich`)."""
        return PeopleIndex(self.store.conn, self.store.lock)

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
        kept = tuple(group for group in parsed.groups if not short_prefix(group))
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
        groups = [
            make_group(terms, vocabulary, count=self._count, pending=bool(self._pending))
            for terms in parsed.groups
        ]
        budget = (TYPING_CANDIDATES, TYPING_RELAXED) if typing else (CANDIDATES, RELAXED)
        rows, and_count = select(
            self.store, groups, parsed, count=self._count, limit=limit, budget=budget, bm25=WEIGHTS.bm25
        )
        if not rows:
            return Results(parsed, (), 0)
        docs = self._load([rowid for rowid, _ in rows])
        ranker = Ranker(groups, vocabulary, count=self._count, average=self._average)
        complete = {rowid for rowid, _ in rows[:and_count]}
        unwanted = [phrase_pattern(term.words) for term in parsed.excluded if term.is_phrase]
        scored = []
        for rowid, _ in rows:
            if rowid not in docs or any(p.search(docs[rowid][1]) for p in unwanted):
                continue
            if self._pending and entity_misses(groups, docs[rowid][0]):
                continue
            doc, folded, memo = docs[rowid]
            item = ranker.score(doc, folded, rowid in complete, memo)
            if item is not None:
                scored.append(item)
        scored.sort(key=order)
        hits = tuple(self._hit(item, ranker.matcher, full=not typing) for item in scored[:limit])
        return Results(parsed, hits, len(rows), more=len(rows) >= budget[0])

    def _load(self, rowids: Sequence[int]) -> dict[int, tuple[StoredDoc, str, ScanMemo]]:
        """Articles with their folded text and its scans, cached: successive keystrokes re-rank mostly
        the same ones."""
        cache = self._docs
        missing = [rowid for rowid in rowids if rowid not in cache]
        for rowid, doc in self.store.docs(missing).items():
            if len(cache) >= DOC_CACHE:
                cache.pop(next(iter(cache)))
            cache[rowid] = (doc, fold_view(doc.text), {})
        return {rowid: cache[rowid] for rowid in rowids if rowid in cache}

    def _hit(self, scored: Scored, matcher: Matcher, *, full: bool) -> Hit:
        """The hit, with every match in the text when ``full`` (else those near the best passage)."""
        doc, matches, passage = scored.doc, scored.matches, scored.passage
        if full:
            matches = matcher.find(self._docs[doc.rowid][1], doc.title_span)
        start, end = (passage.start, passage.end) if passage else doc.title_span
        return Hit(
            path=doc.path,
            article_id=doc.article_id,
            title=doc.title,
            source=doc.source,
            when=doc.when,
            score=round(scored.score, 4),
            matches=tuple((m.start, m.end) for m in merged(matches)),
            passage=(start, end),
            complete=scored.complete,
            text=doc.text,
            marks=tuple(matches),
        )


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
    return [(m.start, m.end) for m in merged(matcher.find(folded, title_span))]
