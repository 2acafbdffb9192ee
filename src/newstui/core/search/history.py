"""Recent search queries, newest first, kept in a small JSON file in the user data directory."""

from __future__ import annotations

import json
from pathlib import Path

from newstui.core.files import read_text_capped
from newstui.core.safe_text import safe_json

MAX_QUERIES = 50
MAX_HISTORY_BYTES = 1024 * 1024
SEARCH_HISTORY_NAME = "search_history.json"


class SearchHistory:
    """The queries the user ran, for up/down in the search box. Its path is handed in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.queries: list[str] = self._load()

    def _load(self) -> list[str]:
        try:
            data = json.loads(read_text_capped(self.path, MAX_HISTORY_BYTES))
        except (OSError, ValueError, RecursionError):
            return []
        if not isinstance(data, list):
            return []
        return [item for item in data if isinstance(item, str) and item.strip()][:MAX_QUERIES]

    def add(self, query: str) -> None:
        """Remember ``query`` as the newest (once), and save; a failure to save is raised."""
        query = query.strip()
        if not query:
            return
        self.queries = [query, *(q for q in self.queries if q != query)][:MAX_QUERIES]
        self.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(safe_json(self.queries, indent=0), encoding="utf-8")
        temporary.replace(self.path)
