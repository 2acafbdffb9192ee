"""Large batches are merged into the list model in one pass, with the same result as single inserts."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta

import pytest

from newstui.core.library import sort_key
from newstui.core.listing import MERGE_BATCH, Listing
from newstui.core.models import ArticleMeta

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
            stored=number % 3 == 0,
        )
        for number in range(count)
    ]


@pytest.mark.parametrize("batch", [1, MERGE_BATCH + 1, 1000], ids=["single", "just-merged", "large"])
@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
def test_batches_of_any_size_give_the_same_order_and_keep_the_cursor(batch: int, filtered: bool) -> None:
    arriving = metas(3000, seed=batch)
    listing = Listing()
    if filtered:
        listing.set_filter(lambda meta: meta.stored)
    listing.add(arriving[:100])
    cursor = 3
    chosen = listing.view[cursor]
    for start in range(100, len(arriving), batch):
        cursor = listing.add(arriving[start : start + batch] + arriving[:2], cursor)  # known ids skipped
        assert listing.view[cursor] is chosen
    expected = sorted(arriving, key=sort_key)  # stable: ties keep the order they arrived in
    assert [m.id for m in listing.all] == [m.id for m in expected]
    assert [m.id for m in listing.view] == [m.id for m in expected if m.stored or not filtered]


def test_merging_keeps_the_lists_others_hold() -> None:
    listing = Listing()
    view = listing.view
    listing.add(metas(500, seed=1))
    assert listing.view is view and len(view) == 500


@pytest.mark.parametrize("batch", [1, MERGE_BATCH + 1], ids=["single", "merged"])
def test_articles_of_one_time_are_ordered_by_title_and_each_found_again(batch: int) -> None:
    """Only the times are kept as keys: ties on a time are decided by the titles, folded as needed."""
    rng = random.Random(7)
    same = [
        ArticleMeta(str(n), f"{rng.choice('aAbBcC')}{n % 7}", "w", None, START, None, 1, "utf-8", stored=True)
        for n in range(600)
    ]
    listing = Listing()
    shuffled = same[:]
    rng.shuffle(shuffled)
    for start in range(0, len(shuffled), batch):
        listing.add(shuffled[start : start + batch])
    assert [sort_key(m) for m in listing.view] == sorted(sort_key(m) for m in same)
    listing.set_filter(lambda meta: meta.title[0] in "bB")
    for meta in same:  # the changed copy lands in the very row of its article, in both orders
        read = ArticleMeta(meta.id, meta.title, "w", None, START, None, 1, "utf-8", read=True, stored=True)
        row = listing.replace(read)
        if meta.title[0] in "bB":
            assert row is not None and listing.view[row] is read
        else:
            assert row is None
        assert listing.find(meta.id) is read
    assert all(meta.read for meta in listing.all)


@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
def test_pages_in_order_are_appended_and_later_arrivals_still_land_in_place(filtered: bool) -> None:
    stored = sorted(metas(2000, seed=7), key=sort_key)  # a store read newest first, page by page
    listing = Listing()
    if filtered:
        listing.set_filter(lambda meta: meta.stored)
    for start in range(0, len(stored), 300):
        listing.add(stored[start : start + 300])
    late = metas(400, seed=8)  # files read afterwards: their times fall anywhere among the pages
    listing.add(late[:5])  # one by one
    listing.add(late[5:])  # merged
    expected = sorted(stored + late, key=sort_key)
    assert [m.id for m in listing.all] == [m.id for m in expected]
    assert [m.id for m in listing.view] == [m.id for m in expected if m.stored or not filtered]
