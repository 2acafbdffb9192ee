"""The article list's data: sorted inserts, ids listed once, filtered views, read state replaced in place."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from newstui.core.library import sort_key
from newstui.core.listing import Listing
from newstui.core.models import ArticleMeta

BASE = datetime(2022, 1, 8, tzinfo=UTC)


def meta(id_: str, minutes: int, *, stored: bool = True, read: bool = False, title: str = "") -> ArticleMeta:
    return ArticleMeta(
        id=id_,
        title=title or f"title {id_}",
        source="feed",
        path=None,
        published=BASE + timedelta(minutes=minutes),
        modified=None,
        word_count=10,
        encoding="utf-8",
        stored=stored,
        read=read,
    )


def test_batches_insert_newest_first_and_skip_known_ids() -> None:
    listing = Listing()
    listing.add([meta("a", 1), meta("c", 3)])
    listing.add([meta("b", 2), meta("a", 1)])
    assert [m.id for m in listing.view] == ["c", "b", "a"]
    assert len(listing) == 3
    assert "b" in listing and "z" not in listing


def test_cursor_stays_on_the_same_row_when_newer_rows_arrive() -> None:
    listing = Listing()
    listing.add([meta("a", 1), meta("b", 2)])
    cursor = listing.view.index(next(m for m in listing.view if m.id == "a"))
    cursor = listing.add([meta("c", 3), meta("d", 4), meta("old", 0)], cursor)
    assert listing.view[cursor].id == "a"


def test_filter_keeps_new_arrivals_that_match() -> None:
    listing = Listing()
    listing.add([meta("a", 1), meta("f", 2, stored=False)])
    listing.set_filter(lambda m: not m.stored)
    assert [m.id for m in listing.view] == ["f"]
    listing.add([meta("g", 3, stored=False), meta("b", 4)])
    assert [m.id for m in listing.view] == ["g", "f"]
    listing.set_filter(None)
    assert [m.id for m in listing.view] == ["b", "g", "f", "a"]


def test_replace_changes_one_row_in_both_orders() -> None:
    listing = Listing()
    listing.add([meta("a", 1), meta("b", 1, title="title a"), meta("c", 2)])
    listing.set_filter(lambda m: m.id != "c")
    row = listing.replace(replace(listing.find("b") or meta("x", 0), read=True))
    assert row is not None and listing.view[row].id == "b" and listing.view[row].read
    assert (listing.find("b") or meta("x", 0)).read
    assert listing.replace(replace(meta("c", 2), read=True)) is None  # listed but not in the view
    assert (listing.find("c") or meta("x", 0)).read
    assert listing.replace(meta("unknown", 5)) is None


def test_set_read_marks_the_given_articles_only() -> None:
    listing = Listing()
    listing.add([meta("a", 1), meta("b", 2), meta("f", 3, stored=False)])
    listing.set_read({"a", "f"}, True)
    assert {m.id: m.read for m in listing.all} == {"a": True, "b": False, "f": False}


@given(st.lists(st.tuples(st.integers(0, 30), st.integers(-50, 50)), max_size=60))
def test_view_is_always_sorted_and_unique(rows: list[tuple[int, int]]) -> None:
    listing = Listing()
    listing.set_filter(lambda m: int(m.id) % 2 == 0)
    for start in range(0, len(rows), 7):
        listing.add(meta(str(i), minutes) for i, minutes in rows[start : start + 7])
    keys = [sort_key(m) for m in listing.view]
    assert keys == sorted(keys)
    assert len({m.id for m in listing.all}) == len(listing.all)
    assert all(int(m.id) % 2 == 0 for m in listing.view)
