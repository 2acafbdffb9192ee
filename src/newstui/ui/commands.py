"""Command palette providers (``ctrl+p``): "Open article" finds articles as you type, "People" opens
the People screen or a name's page.

It asks the search index (the same fuzzy matching and ranking as ``/``) once the index is built, and
matches titles with rapidfuzz until then.
"""

from __future__ import annotations

import asyncio
from functools import partial
from typing import TYPE_CHECKING, Any, cast

from rapidfuzz import fuzz, process
from textual.command import DiscoveryHit, Hit, Hits, Provider

from newstui.core.people.index import NameFilter
from newstui.core.text import display_view
from newstui.ui.safe import highlight_safe, safe_content, safe_markup

if TYPE_CHECKING:
    from newstui.ui.app import NewsApp

MAX_HITS = 20


class OpenArticleProvider(Provider):
    """Fuzzy title matching with rapidfuzz (C speed), so it stays quick on 100,000 titles."""

    @property
    def news(self) -> NewsApp:
        """The app, as the newstui app it is (``Provider.app`` is typed as any ``App``)."""
        return cast("NewsApp", self.app)

    async def discover(self) -> Hits:
        for meta in self.news.visible_articles()[:MAX_HITS]:
            yield DiscoveryHit(
                safe_content(f"Open article: {display_view(meta.title)}"),
                partial(self.news.open_article_by_id, meta.id),
            )

    async def search(self, query: str) -> Hits:
        index = self.news.search_index
        if index is not None and index.ready:
            results = await asyncio.to_thread(index.search, query, limit=MAX_HITS, typing=True)
            best = max((hit.score for hit in results.hits), default=1.0) or 1.0
            matcher = self.matcher(query)
            for found in results.hits:
                title = display_view(found.title)
                yield Hit(
                    max(0.01, found.score / best),
                    highlight_safe(matcher, f"Open article: {title}"),
                    partial(self.news.open_article_by_id, found.article_id),
                    text=f"Open article: {title}",
                    help=safe_markup(f"{found.source} · {found.snippet}"),
                )
            return
        articles = self.news.visible_articles()
        titles = [display_view(meta.title) for meta in articles]
        matcher = self.matcher(query)
        ranked = process.extract(query, titles, scorer=fuzz.WRatio, limit=MAX_HITS, score_cutoff=50)
        for title, score, position in ranked:
            meta = articles[position]
            yield Hit(
                score / 100,
                highlight_safe(matcher, f"Open article: {title}"),
                partial(self.news.open_article_by_id, meta.id),
                text=f"Open article: {title}",
                help=safe_markup(f"{meta.source} · {meta.location}"),
            )


class PeopleProvider(Provider):
    """ "People": the People screen, or straight to the page of a name typed (fuzzy, word by word)."""

    @property
    def news(self) -> NewsApp:
        """The app, as the newstui app it is (``Provider.app`` is typed as any ``App``)."""
        return cast("NewsApp", self.app)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._filter: NameFilter | None = None

    async def discover(self) -> Hits:
        yield DiscoveryHit(
            safe_content("People: every person, organisation and place, and what they said"),
            self.news.open_people,
        )

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        title = "People: every person, organisation and place"
        score = matcher.match(title)
        if score > 0:
            yield Hit(score, highlight_safe(matcher, title), self.news.open_people, text=title)
        index = self.news.search_index
        if index is None or not index.ready:
            return
        people = index.people
        if self._filter is None:
            self._filter = await asyncio.to_thread(lambda: NameFilter(people.names()))
        found = await asyncio.to_thread(self._filter, query, MAX_HITS)
        for rank, (name, label) in enumerate(found):
            text = f"{LABEL_TITLES.get(label, label)}: {display_view(name)}"
            yield Hit(
                max(0.01, 0.9 - rank * 0.02),
                highlight_safe(matcher, text),
                partial(self.news.open_people, (name, label)),
                text=text,
            )


LABEL_TITLES = {"PERSON": "Person", "ORG": "Organisation", "PLACE": "Place"}
