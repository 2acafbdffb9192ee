"""Recent search queries, newest first, kept in a small JSON file in the user data directory."""

from __future__ import annotations

import json
from pathlib import Path

MAX_QUERIES = 50
SEARCH_HISTORY_NAME = "search_history.json"


class SearchHistory:
    """The queries the user ran, for up/down in the search box. Its path is handed in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.queries: list[str] = self._load()

    def _load(self) -> list[str]:
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
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
        temporary.write_text(json.dumps(self.queries, ensure_ascii=False, indent=0), encoding="utf-8")
        temporary.replace(self.path)
