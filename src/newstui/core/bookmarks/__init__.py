"""Passage bookmarks: the store (SQLite), text-quote anchoring, and export/import.

- :mod:`.store` keeps bookmarks safely in one SQLite file whose path is handed in.
- :mod:`.anchoring` describes a passage and finds it again after its article changed.
- :mod:`.passages` turns article passages into bookmarks and resolves bookmarks against articles.
- :mod:`.exchange` writes W3C Web Annotation JSON and Markdown, and reads the JSON back.
"""

from __future__ import annotations

from newstui.core.bookmarks.anchoring import Anchoring, AnchorState, Quote, quote_at, reanchor
from newstui.core.bookmarks.passages import Resolved, bookmark_for, find_passage, resolve, resolve_all
from newstui.core.bookmarks.store import FILENAME, BookmarkStore, MergeReport, StoreError, clean_tags

__all__ = [
    "FILENAME",
    "AnchorState",
    "Anchoring",
    "BookmarkStore",
    "MergeReport",
    "Quote",
    "Resolved",
    "StoreError",
    "bookmark_for",
    "clean_tags",
    "find_passage",
    "quote_at",
    "reanchor",
    "resolve",
    "resolve_all",
]
