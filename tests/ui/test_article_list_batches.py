"""The article list takes a loading library's batches: small ones inserted, large ones merged, alike."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest
from textual.app import App, ComposeResult

from newstui.core.library import sort_key
from newstui.core.models import ArticleMeta
from newstui.ui.widgets.article_list import MERGE_BATCH, ArticleList

START = datetime(2024, 1, 1, tzinfo=UTC)


def metas(count: int, seed: int) -> list[ArticleMeta]:
    rng = random.Random(seed)
    return [
        ArticleMeta(
            id=f"{seed}-{number}",
            title=f"Story {rng.randrange(20)}",  # equal titles and days: ties must keep arrival order
            source="wire",
            path=None,
            published=START + timedelta(days=rng.randrange(30)),
            modified=None,
            word_count=100,
            encoding="utf-8",
        )
        for number in range(count)
    ]


class ListApp(App[None]):
    def compose(self) -> ComposeResult:
        yield ArticleList(id="articles")


@pytest.mark.parametrize("batch", [1, MERGE_BATCH + 1, 1000], ids=["single", "just-merged", "large"])
async def test_batches_land_in_sorted_order_and_the_cursor_stays_on_its_article(batch: int) -> None:
    arriving = metas(3000, seed=batch)
    async with ListApp().run_test() as pilot:
        articles = pilot.app.query_one(ArticleList)
        articles.add_entries(arriving[:100])
        articles.move(7)  # the user chose an article: it must stay under the cursor
        chosen = articles.current
        for start in range(100, len(arriving), batch):
            articles.add_entries(arriving[start : start + batch])
            assert articles.current is chosen
        expected = sorted(arriving, key=sort_key)  # stable: ties keep the order they arrived in
        assert [m.id for m in articles.entries] == [m.id for m in expected]


async def test_until_the_user_moves_the_cursor_follows_the_newest() -> None:
    arriving = metas(500, seed=3)
    async with ListApp().run_test() as pilot:
        articles = pilot.app.query_one(ArticleList)
        articles.add_entries(arriving[:10])
        articles.add_entries(arriving[10:])
        assert articles.cursor == 0
        assert articles.current is min(arriving, key=sort_key)
