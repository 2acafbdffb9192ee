"""The entity index: who is mentioned where and who said what, across the whole library.

It lives in the search index's SQLite file (the enrichment pass fills both at once, see
:meth:`newstui.core.search.SearchIndex.enrich`): ``mentions`` holds each article's entities by their
canonical name in that article, ``quotes`` each attributed quotation by offset. Triggers drop an
article's rows when the search index drops or replaces the article.

Names are merged across articles by :func:`merge_names` into ``entities`` (one row per entity, with
its counts, so listing the most mentioned is one indexed query) and ``aliases`` (each name an article
used -> the entity): "Putin" in one article joins "Vladimir Putin" of another when no other full name
in the library ends with "Putin"; "Clinton" stays apart while both Hillary and Bill Clinton are known.
Names of the annotator's alias table ("U.S.", "America") are its entity ("United States"), and an
acronym used alone ("FBI") joins the one organisation of the library whose initials it is.

``name_totals`` and ``speaker_totals`` keep each article's name's counts up to date as articles are
written or dropped (triggers), so a refresh while the enrichment pass runs reads one row per name,
not every mention: the People screen fills as batches land.
"""

from __future__ import annotations

import bisect
import sqlite3
import threading
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from newstui.core.annotate.lexicon import alias_key, load_aliases
from newstui.core.annotate.linking import acronym
from newstui.core.people.records import Enrichment

SCHEMA = """
CREATE TABLE mentions (doc INTEGER NOT NULL, name TEXT NOT NULL, label TEXT NOT NULL, count INTEGER NOT NULL);
CREATE INDEX mentions_doc ON mentions (doc);
CREATE INDEX mentions_name ON mentions (name);
CREATE TABLE quotes (
    doc INTEGER NOT NULL, speaker TEXT NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, ts REAL
);
CREATE INDEX quotes_doc ON quotes (doc);
CREATE INDEX quotes_speaker ON quotes (speaker, ts);
CREATE INDEX quotes_ts ON quotes (ts);
CREATE TABLE entities (
    name TEXT NOT NULL, label TEXT NOT NULL, articles INTEGER NOT NULL, mentions INTEGER NOT NULL,
    quotes INTEGER NOT NULL, last_seen REAL, PRIMARY KEY (name, label)
) WITHOUT ROWID;
CREATE INDEX entities_mentions ON entities (mentions DESC);
CREATE INDEX entities_recent ON entities (last_seen DESC);
CREATE TABLE aliases (
    alias TEXT NOT NULL, label TEXT NOT NULL, name TEXT NOT NULL, name_label TEXT NOT NULL,
    PRIMARY KEY (alias, label)
) WITHOUT ROWID;
CREATE INDEX aliases_name ON aliases (name, name_label);
CREATE TRIGGER docs_gone AFTER DELETE ON docs BEGIN
    DELETE FROM mentions WHERE doc = old.id;
    DELETE FROM quotes WHERE doc = old.id;
END;
CREATE TABLE name_totals (
    name TEXT NOT NULL, label TEXT NOT NULL, articles INTEGER NOT NULL, mentions INTEGER NOT NULL,
    last_seen REAL, PRIMARY KEY (name, label)
) WITHOUT ROWID;
CREATE TABLE speaker_totals (speaker TEXT PRIMARY KEY, quotes INTEGER NOT NULL) WITHOUT ROWID;
CREATE TRIGGER mention_added AFTER INSERT ON mentions BEGIN
    INSERT INTO name_totals
    VALUES (new.name, new.label, 1, new.count, (SELECT ts FROM docs WHERE id = new.doc))
    ON CONFLICT (name, label) DO UPDATE SET articles = articles + 1, mentions = mentions + excluded.mentions,
        last_seen = max(coalesce(last_seen, excluded.last_seen), coalesce(excluded.last_seen, last_seen));
END;
CREATE TRIGGER mention_removed AFTER DELETE ON mentions BEGIN
    UPDATE name_totals SET articles = articles - 1, mentions = mentions - old.count
    WHERE name = old.name AND label = old.label;
END;
CREATE TRIGGER quote_added AFTER INSERT ON quotes BEGIN
    INSERT INTO speaker_totals VALUES (new.speaker, 1)
    ON CONFLICT (speaker) DO UPDATE SET quotes = quotes + 1;
END;
CREATE TRIGGER quote_removed AFTER DELETE ON quotes BEGIN
    UPDATE speaker_totals SET quotes = quotes - 1 WHERE speaker = old.speaker;
END;
"""
LABELS = ("PERSON", "ORG", "PLACE")
DOMINANT = 0.8
"""A surname alone joins a full name that holds this share of the articles naming people of that
surname ("Obama" is Barack Obama when Michelle is named in few articles); otherwise it stays apart."""
SPEAKER_CUTOFF = 85
"""How close (rapidfuzz WRatio, 0-100) a ``--speaker`` must be to a canonical name to match it."""


def write(conn: sqlite3.Connection, doc: int, ts: float | None, enrichment: Enrichment) -> None:
    """Replace one article's rows (inside the caller's transaction)."""
    conn.execute("DELETE FROM mentions WHERE doc = ?", (doc,))
    conn.execute("DELETE FROM quotes WHERE doc = ?", (doc,))
    conn.executemany(
        "INSERT INTO mentions VALUES (?, ?, ?, ?)", [(doc, n, lab, c) for n, lab, c in enrichment.mentions]
    )
    conn.executemany(
        "INSERT INTO quotes VALUES (?, ?, ?, ?, ?)", [(doc, s, a, b, ts) for s, a, b in enrichment.quotes]
    )


@dataclass(frozen=True, slots=True)
class Person:
    """An entity of the library (a person, organisation or place) and how much it appears."""

    name: str
    label: str
    articles: int
    mentions: int
    quotes: int
    last_seen: datetime | None

    def record(self) -> dict[str, object]:
        """The ``newstui people --json`` object."""
        return {
            "name": self.name,
            "label": self.label,
            "articles": self.articles,
            "mentions": self.mentions,
            "quotes": self.quotes,
            "last_seen": self.last_seen.isoformat() if self.last_seen else None,
        }


@dataclass(frozen=True, slots=True)
class Quotation:
    """An attributed quotation and the article it is in."""

    speaker: str
    text: str
    article_id: str
    title: str
    path: str
    source: str
    start: int
    end: int
    published: datetime | None

    @property
    def url(self) -> str | None:
        return self.path if self.path.startswith(("http://", "https://")) else None

    def record(self) -> dict[str, object]:
        """The ``newstui quotes --json`` object."""
        return {
            "speaker": self.speaker,
            "text": self.text,
            "id": self.article_id,
            "title": self.title,
            "url": self.url,
            "path": self.path,
            "start": self.start,
            "end": self.end,
            "published": self.published.isoformat() if self.published else None,
        }


@dataclass(frozen=True, slots=True)
class Mentioning:
    """An article that mentions an entity."""

    article_id: str
    title: str
    path: str
    source: str
    published: datetime | None
    mentions: int


def _when(ts: float | None) -> datetime | None:
    if ts is None:
        return None
    try:
        return datetime.fromtimestamp(ts, UTC)
    except (OverflowError, OSError, ValueError):
        return None


def merge_names(rows: Iterable[tuple[str, str]]) -> dict[tuple[str, str], tuple[str, str]]:
    """Each (name, label) an article used -> the (name, label) of its entity across the library
    (``rows``: one (name, label) per article using it; see :func:`merge_counted`)."""
    return merge_counted(Counter(rows))


def merge_counted(counted: Mapping[tuple[str, str], int]) -> dict[tuple[str, str], tuple[str, str]]:
    """Each (name, label) -> the (name, label) of its entity, given how many articles use each name.

    People with the same first and last word are one ("Donald J. Trump", "Donald Trump": the form with
    the most articles names them); a one-word name joins the only full name ending with it (or one that
    holds nearly all the articles of that surname), and stays apart when several compete (distinct
    people who share a surname). A one-word organisation joins a person the same way: an article that
    never gave the full name leaves the annotator guessing, the library does not. An acronym alone
    ("FBI") joins the organisation whose initials it is, on the same terms. Names of the alias table are
    its entity. Organisations and places merge when they are spelt alike but for case.
    """
    aliases = load_aliases()
    groups: dict[tuple[str, object], list[tuple[str, str]]] = defaultdict(list)
    canonical: dict[tuple[str, object], str] = {}
    singles: list[tuple[str, str]] = []
    for name, label in counted:
        words = name.split()
        known = aliases.get(alias_key(name)) if label in LABELS else None
        if known is not None:
            key: tuple[str, object] = (known[1], known[0].lower())
            groups[key].append((name, label))
            canonical[key] = known[0]
        elif label == "PERSON" and len(words) > 1:
            groups[(label, (words[0].lower(), words[-1].lower()))].append((name, label))
        elif label in ("PERSON", "ORG") and len(words) == 1:
            singles.append((name, label))
        else:
            groups[(label, name.lower())].append((name, label))
    out: dict[tuple[str, str], tuple[str, str]] = {}
    by_surname: dict[str, list[tuple[str, int]]] = defaultdict(list)
    by_initials: dict[str, list[tuple[str, int]]] = defaultdict(list)
    for key, members in groups.items():
        label = key[0]
        best = canonical.get(key) or max(members, key=lambda member: (counted[member], member[0]))[0]
        for member in members:
            out[member] = (best, label)
        weight = sum(counted[member] for member in members)
        if label == "PERSON":
            by_surname[best.split()[-1].lower()].append((best, weight))
        elif label == "ORG" and len(best.split()) > 1 and len(acronym(best)) > 1:
            by_initials[acronym(best)].append((best, weight))
    spelt: dict[tuple[str, str], str] = {}
    for name, label in singles:
        found = _dominant(by_surname.get(name.lower(), []))
        if found is not None:
            out[(name, label)] = (found, "PERSON")
            continue
        found = _dominant(by_initials.get(name, [])) if name.isupper() else None
        if found is not None:
            out[(name, label)] = (found, "ORG")
            continue
        # Alike but for case: the most used spelling names them all.
        key2 = (name.lower(), label)
        if key2 not in spelt or counted[(name, label)] > counted[(spelt[key2], label)]:
            spelt[key2] = name
    for name, label in singles:
        if (name, label) not in out:
            out[(name, label)] = (spelt[(name.lower(), label)], label)
    return out


def _dominant(fits: list[tuple[str, int]]) -> str | None:
    """The only candidate, or the one holding nearly all the articles (:data:`DOMINANT`), if any."""
    if not fits:
        return None
    best = max(fits, key=lambda fit: fit[1])
    if len(fits) == 1 or best[1] >= DOMINANT * sum(weight for _, weight in fits):
        return best[0]
    return None


class PeopleIndex:
    """Queries over the entity tables of a search index file (its connection and lock are shared)."""

    def __init__(self, conn: sqlite3.Connection, lock: threading.RLock) -> None:
        self.conn = conn
        self.lock = lock

    def refresh(self) -> int:
        """Recompute ``entities`` and ``aliases`` from the running totals; returns the entity count.

        Reads one row per distinct name (the triggers keep the totals as articles are written), so it
        can run while the enrichment pass goes on, as often as a screen wants fresh rows. The reading
        goes through a connection of its own when the file allows (WAL: readers never block), so
        searches go on meanwhile; only the short rewrite takes the lock.
        """
        reader = self._reader()
        try:
            rows = reader.execute(
                "SELECT name, label, articles, mentions, last_seen FROM name_totals WHERE articles > 0"
            ).fetchall()
            spoken = dict(reader.execute("SELECT speaker, quotes FROM speaker_totals WHERE quotes > 0"))
        finally:
            if reader is not self.conn:
                reader.close()
        merged = merge_counted({(name, label): int(articles) for name, label, articles, _, _ in rows})
        totals: dict[tuple[str, str], list[float]] = {}
        for name, label, articles, mentions, last in rows:
            key = merged[(name, label)]
            entry = totals.setdefault(key, [0, 0, 0, -1e18])
            entry[0] += articles
            entry[1] += mentions
            entry[2] += spoken.pop(name, 0) if label in ("PERSON", "ORG") else 0
            entry[3] = max(entry[3], last if last is not None else -1e18)
        with self.lock:
            self.conn.execute("BEGIN")
            self.conn.execute("DELETE FROM name_totals WHERE articles <= 0")
            self.conn.execute("DELETE FROM speaker_totals WHERE quotes <= 0")
            self.conn.execute("DELETE FROM entities")
            self.conn.execute("DELETE FROM aliases")
            self.conn.executemany(
                "INSERT INTO entities VALUES (?, ?, ?, ?, ?, ?)",
                [
                    (name, label, int(a), int(m), int(q), last if last > -1e18 else None)
                    for (name, label), (a, m, q, last) in totals.items()
                ],
            )
            self.conn.executemany(
                "INSERT INTO aliases VALUES (?, ?, ?, ?)",
                [(alias, label, name, name_label) for (alias, label), (name, name_label) in merged.items()],
            )
            self.conn.execute("COMMIT")
        return len(totals)

    def people(
        self, *, label: str | None = None, limit: int = 50, offset: int = 0, order: str = "mentions"
    ) -> list[Person]:
        """Entities, most mentioned first (``order="recent"``: last seen first)."""
        by = "last_seen DESC, mentions DESC" if order == "recent" else "mentions DESC, articles DESC"
        where = "WHERE label = ?" if label else ""
        params: list[object] = [label] if label else []
        with self.lock:
            rows = self.conn.execute(
                f"SELECT name, label, articles, mentions, quotes, last_seen FROM entities {where} "
                f"ORDER BY {by}, name LIMIT ? OFFSET ?",
                [*params, limit, offset],
            ).fetchall()
        return [Person(n, lab, a, m, q, _when(ts)) for n, lab, a, m, q, ts in rows]

    def _reader(self) -> sqlite3.Connection:
        """A read-only connection to the same file, or the shared one (in memory, or it cannot open)."""
        path = self.conn.execute("PRAGMA database_list").fetchone()[2]
        if not path:
            return self.conn
        try:
            return sqlite3.connect(f"{Path(path).as_uri()}?mode=ro", uri=True, check_same_thread=False)
        except sqlite3.Error:
            return self.conn

    def names(self) -> list[tuple[str, str]]:
        """Every entity as (name, label), most mentioned first: what a filter matches against."""
        with self.lock:
            return self.conn.execute("SELECT name, label FROM entities ORDER BY mentions DESC").fetchall()

    def lookup(self, keys: Sequence[tuple[str, str]]) -> list[Person]:
        """The entities ``keys`` name, in that order (those no longer known are left out)."""
        found: dict[tuple[str, str], Person] = {}
        with self.lock:
            for first in range(0, len(keys), 400):
                chunk = keys[first : first + 400]
                marks = ",".join("(?, ?)" for _ in chunk)
                rows = self.conn.execute(
                    "SELECT name, label, articles, mentions, quotes, last_seen FROM entities "
                    f"WHERE (name, label) IN (VALUES {marks})",
                    [value for key in chunk for value in key],
                ).fetchall()
                for n, lab, a, m, q, ts in rows:
                    found[(n, lab)] = Person(n, lab, a, m, q, _when(ts))
        return [found[key] for key in keys if key in found]

    def entity_of(self, alias: str, label: str) -> tuple[str, str]:
        """The library's entity for a name an article used ("Putin" -> ("Vladimir Putin", "PERSON"))."""
        with self.lock:
            row = self.conn.execute(
                "SELECT name, name_label FROM aliases WHERE alias = ? ORDER BY label = ? DESC LIMIT 1",
                (alias, label),
            ).fetchone()
        return (row[0], row[1]) if row else (alias, label)

    def unsummed(self) -> bool:
        """Articles have entities but the library-wide summary is empty (a pass stopped before it)."""
        with self.lock:
            has_mentions = self.conn.execute("SELECT 1 FROM mentions LIMIT 1").fetchone() is not None
            has_entities = self.conn.execute("SELECT 1 FROM entities LIMIT 1").fetchone() is not None
        return has_mentions and not has_entities

    def count(self) -> int:
        with self.lock:
            return int(self.conn.execute("SELECT count(*) FROM entities").fetchone()[0])

    def aliases(self, name: str, label: str | None = None) -> list[str]:
        """Every name articles use for the entity ``name``."""
        sql = "SELECT alias FROM aliases WHERE name = ?" + (" AND name_label = ?" if label else "")
        with self.lock:
            found = [row[0] for row in self.conn.execute(sql, (name, label) if label else (name,))]
        return found or [name]

    def speakers_like(self, query: str) -> list[str]:
        """Canonical names that ``query`` matches fuzzily (rapidfuzz WRatio), best first."""
        with self.lock:
            names = [row[0] for row in self.conn.execute("SELECT DISTINCT name FROM entities")]
            spoken = [row[0] for row in self.conn.execute("SELECT DISTINCT speaker FROM quotes")]
        choices = list(dict.fromkeys([*names, *spoken]))
        found = process.extract(
            query, choices, scorer=fuzz.WRatio, score_cutoff=SPEAKER_CUTOFF, limit=50, processor=str.lower
        )
        return [choice for choice, _, _ in found]

    def quotes(
        self, *, speakers: Sequence[str] | None = None, limit: int = 50, offset: int = 0
    ) -> list[Quotation]:
        """Attributed quotations, newest first; only those of ``speakers`` (and their aliases) if given."""
        params: list[object] = []
        where = ""
        if speakers is not None:
            names: list[str] = []
            for speaker in speakers:
                names.extend(self.aliases(speaker))
            names = list(dict.fromkeys([*speakers, *names]))
            if not names:
                return []
            where = f"WHERE q.speaker IN ({','.join('?' * len(names))})"
            params.extend(names)
        with self.lock:
            rows = self.conn.execute(
                'SELECT q.speaker, substr(unzip(d.ztext), q.start + 1, q."end" - q.start), '
                'd.article_id, d.title, d.path, d.source, q.start, q."end", q.ts '
                f"FROM quotes q JOIN docs d ON d.id = q.doc {where} "
                "ORDER BY q.ts DESC LIMIT ? OFFSET ?",  # the (speaker, ts) and ts indexes serve it
                [*params, limit, offset],
            ).fetchall()
            canonical = self._canonical([row[0] for row in rows])
        return [
            Quotation(canonical.get(s, s), text, aid, title, path, source, a, b, _when(ts))
            for s, text, aid, title, path, source, a, b, ts in rows
        ]

    def _canonical(self, speakers: Sequence[str]) -> dict[str, str]:
        unique = list(dict.fromkeys(speakers))
        if not unique:
            return {}
        rows = self.conn.execute(
            f"SELECT alias, name FROM aliases WHERE alias IN ({','.join('?' * len(unique))}) "
            "ORDER BY name_label = 'PERSON' DESC",
            unique,
        ).fetchall()
        out: dict[str, str] = {}
        for alias, name in rows:
            out.setdefault(alias, name)
        return out

    def articles(self, name: str, label: str, *, limit: int = 50, offset: int = 0) -> list[Mentioning]:
        """The articles that mention the entity (by any of its names), newest first."""
        with self.lock:
            rows = self.conn.execute(
                "SELECT d.article_id, d.title, d.path, d.source, d.ts, sum(m.count) FROM aliases a "
                "JOIN mentions m ON m.name = a.alias AND m.label = a.label JOIN docs d ON d.id = m.doc "
                "WHERE a.name = ? AND a.name_label = ? "
                "GROUP BY d.id ORDER BY d.ts IS NULL, d.ts DESC, d.id LIMIT ? OFFSET ?",
                [name, label, limit, offset],
            ).fetchall()
        return [Mentioning(a, t, path, source, _when(ts), int(c)) for a, t, path, source, ts, c in rows]


FILTER_LIMIT = 300
"""Entities a filter shows at most (best matches first)."""


class NameFilter:
    """Fuzzy matching of typed words against entity names, word by word, fast on 100,000s of names.

    Each typed word must match a word of the name: as a prefix ("put" -> Putin), or within a typo for
    words of four letters or more ("putn" -> Putin). Names are indexed by word once, so a keystroke
    compares the typed words with the distinct name words (in C, rapidfuzz), not with every name.
    """

    def __init__(self, names: Sequence[tuple[str, str]]) -> None:
        self.names = list(names)
        postings: dict[str, list[int]] = defaultdict(list)
        for index, (name, _) in enumerate(self.names):
            for word in set(default_process(name).split()):
                postings[word].append(index)
        self.words = sorted(postings)
        self.postings = [postings[word] for word in self.words]

    def _matches(self, typed: str) -> dict[int, float]:
        found: dict[int, float] = {}
        first = bisect.bisect_left(self.words, typed)
        for k in range(first, len(self.words)):
            if not self.words[k].startswith(typed):
                break
            for index in self.postings[k]:
                found[index] = 100.0
        if len(typed) >= TYPO_MIN:
            cutoff = 80 if len(typed) >= 8 else 75
            for _, score, k in process.extract(
                typed, self.words, scorer=fuzz.ratio, score_cutoff=cutoff, limit=None
            ):
                for index in self.postings[k]:
                    found[index] = max(found.get(index, 0.0), score)
        return found

    def __call__(self, query: str, limit: int = FILTER_LIMIT) -> list[tuple[str, str]]:
        """The names matching every typed word, best first, then the most mentioned."""
        typed = default_process(query).split()
        if not typed:
            return self.names[:limit]
        scores: dict[int, float] | None = None
        for word in typed:
            found = self._matches(word)
            if scores is None:
                scores = found
            else:
                scores = {index: score + found[index] for index, score in scores.items() if index in found}
        ranked = sorted((scores or {}).items(), key=lambda item: (-round(item[1]), item[0]))
        return [self.names[index] for index, _ in ranked[:limit]]


TYPO_MIN = 4
"""Typed words shorter than this match only as a prefix (a typo in three letters is another word)."""
