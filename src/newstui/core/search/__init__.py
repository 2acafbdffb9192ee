"""Fuzzy full-text search over a library: the query language, the on-disk index and ranking.

``SearchIndex(path).sync(roots)`` builds or refreshes the index; ``.enrich()`` then fills the entity
fields (people, organisations, places) of the articles not yet annotated, in the background in the app;
``.search(text)`` answers queries.
"""

from newstui.core.search.engine import Hit, Results, SearchIndex, find_in_text
from newstui.core.search.query import Query, Term, parse_query
from newstui.core.search.store import ENTITY_FIELDS, EnrichReport, SearchIndexError, SyncReport

__all__ = [
    "ENTITY_FIELDS",
    "EnrichReport",
    "Hit",
    "Query",
    "Results",
    "SearchIndex",
    "SearchIndexError",
    "SyncReport",
    "Term",
    "find_in_text",
    "parse_query",
]
