"""The bookmark store: round trips, edits, merging, and what happens to files it cannot use."""

from __future__ import annotations

import os
import sqlite3
import string
from dataclasses import replace
from datetime import UTC
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstui.core.bookmarks.store import FILENAME, SCHEMA_VERSION, BookmarkStore, StoreError, clean_tags
from newstui.core.models import Bookmark
from tests.bookmark_support import T0, StepClock, make_bookmark

texts = st.text(max_size=300)
moments = st.datetimes(timezones=st.just(UTC))
tag_lists = st.lists(st.text(alphabet=string.ascii_letters + "äé -_", min_size=1, max_size=12), max_size=5)


@st.composite
def bookmarks(draw: st.DrawFn) -> Bookmark:
    start = draw(st.integers(min_value=0, max_value=10**9))
    return make_bookmark(
        id=draw(st.uuids()).hex,
        location=draw(st.text(min_size=1, max_size=80)),
        title=draw(texts),
        source=draw(texts),
        exact=draw(st.text(min_size=1, max_size=500)),
        prefix=draw(st.text(max_size=32)),
        suffix=draw(st.text(max_size=32)),
        start=start,
        end=start + draw(st.integers(min_value=1, max_value=10**6)),
        note=draw(texts),
        tags=clean_tags(draw(tag_lists)),
        created=draw(moments),
        updated=draw(moments),
        article_date=draw(st.none() | moments),
    )


@pytest.fixture
def store(tmp_path: Path) -> BookmarkStore:
    return BookmarkStore.in_dir(tmp_path / "data", clock=StepClock())


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(kept=st.lists(bookmarks(), max_size=4, unique_by=lambda b: b.id))
def test_any_bookmark_comes_back_exactly(tmp_path: Path, kept: list[Bookmark]) -> None:
    with BookmarkStore(tmp_path / "round.sqlite3") as store:
        for bookmark in store.all():
            store.delete(bookmark.id)
        for bookmark in kept:
            store.add(bookmark)
    with BookmarkStore(tmp_path / "round.sqlite3") as reopened:
        assert {b.id: b for b in reopened.all()} == {b.id: b for b in kept}


def test_a_new_store_is_wal_with_the_current_schema(tmp_path: Path) -> None:
    store = BookmarkStore.in_dir(tmp_path / "new" / "dir")
    assert (tmp_path / "new" / "dir" / FILENAME).is_file()
    assert store.schema_version == SCHEMA_VERSION
    mode = sqlite3.connect(store.path).execute("PRAGMA journal_mode").fetchone()[0]
    assert mode == "wal"
    assert store.notices == []


def test_sorting_by_date_and_by_article(store: BookmarkStore) -> None:
    older = store.add(make_bookmark(title="Zebra news", created=T0))
    newer = store.add(make_bookmark(title="apple news", created=T0.replace(hour=10)))
    assert [b.id for b in store.all("date")] == [newer.id, older.id]
    assert [b.id for b in store.all("article")] == [newer.id, older.id]
    third = store.add(make_bookmark(title="Mango", created=T0.replace(hour=11)))
    assert [b.title for b in store.all("article")] == ["apple news", "Mango", "Zebra news"]
    assert store.all("date")[0].id == third.id


def test_for_location_lists_one_article_in_reading_order(store: BookmarkStore) -> None:
    late = store.add(make_bookmark(location="/a.txt", start=50, end=60))
    early = store.add(make_bookmark(location="/a.txt", start=5, end=9))
    store.add(make_bookmark(location="/b.txt"))
    assert [b.id for b in store.for_location("/a.txt")] == [early.id, late.id]


def test_note_and_tags_edits_move_updated_on(store: BookmarkStore) -> None:
    kept = store.add(make_bookmark())
    noted = store.update(kept.id, note="line one\nline two")
    assert noted.note == "line one\nline two" and noted.tags == ()
    assert noted.updated > kept.updated
    tagged = store.update(kept.id, tags=[" War ", "war", "", "Kazakhstan"])
    assert tagged.tags == ("War", "Kazakhstan")
    assert tagged.note == "line one\nline two"
    assert store.get(kept.id) == tagged
    with pytest.raises(KeyError):
        store.update("no-such-id", note="x")


def test_delete_then_restore_gives_the_same_bookmark(store: BookmarkStore) -> None:
    kept = store.add(make_bookmark(note="keep me"))
    removed = store.delete(kept.id)
    assert removed == kept and store.get(kept.id) is None and store.count() == 0
    assert store.delete(kept.id) is None
    store.restore(kept)
    store.restore(kept)  # twice (a double undo) is harmless
    assert store.all() == [kept]


def test_merge_adds_new_refreshes_newer_and_skips_duplicates(store: BookmarkStore) -> None:
    mine = store.add(make_bookmark(note="old note"))
    same_passage_other_id = replace(mine, id="another-id", note="from elsewhere", updated=T0)
    newer_copy = replace(mine, note="newer note", updated=T0.replace(hour=12))
    fresh = make_bookmark()
    assert store.merge([same_passage_other_id, fresh]).added == 1
    report = store.merge([newer_copy, fresh, same_passage_other_id])
    assert (report.added, report.updated, report.skipped) == (0, 1, 2)
    assert store.count() == 2
    assert store.get(mine.id) == newer_copy


def test_a_failing_merge_leaves_nothing_half_done(store: BookmarkStore) -> None:
    good = make_bookmark()
    bad = make_bookmark(title=None)  # type: ignore[arg-type]  # NOT NULL fails mid-transaction
    with pytest.raises(StoreError):
        store.merge([good, bad])
    assert store.count() == 0


# -- files the store cannot use ---------------------------------------------------------------


@pytest.mark.parametrize(
    "content",
    [b"this is not a database at all\n" * 20, b"SQLite format 3\x00" + b"\xff" * 5000, b"SQLite"],
    ids=["text", "damaged-sqlite", "truncated-header"],
)
def test_garbage_is_moved_aside_with_a_timestamp_and_a_fresh_store_starts(
    tmp_path: Path, content: bytes
) -> None:
    path = tmp_path / FILENAME
    path.write_bytes(content)
    store = BookmarkStore(path, clock=lambda: T0)
    aside = tmp_path / f"{FILENAME}.corrupt-20220108T093000Z"
    assert aside.read_bytes() == content
    assert len(store.notices) == 1
    assert str(aside) in store.notices[0] and "moved" in store.notices[0]
    store.add(make_bookmark())
    assert store.count() == 1


def test_moving_aside_twice_never_overwrites_the_first(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    for content in (b"first garbage", b"second garbage"):
        path.write_bytes(content)
        BookmarkStore(path, clock=lambda: T0).close()
    kept = sorted(p.read_bytes() for p in tmp_path.glob(f"{FILENAME}.corrupt-*") if not p.name.endswith("m"))
    assert kept == [b"first garbage", b"second garbage"]


def test_another_programs_database_is_moved_aside_untouched(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    with sqlite3.connect(path) as foreign:
        foreign.execute("CREATE TABLE recipes (name TEXT)")
        foreign.execute("INSERT INTO recipes VALUES ('soup')")
    foreign.close()
    before = path.read_bytes()
    store = BookmarkStore(path, clock=lambda: T0)
    aside = next(tmp_path.glob(f"{FILENAME}.corrupt-*"))
    assert aside.read_bytes() == before
    assert "not one of newstui" in store.notices[0]


def test_a_database_from_a_newer_version_is_refused_unchanged(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    BookmarkStore(path).close()
    with sqlite3.connect(path) as db:
        db.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    db.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer version of newstui"):
        BookmarkStore(path)
    assert path.read_bytes() == before
    assert not list(tmp_path.glob("*.corrupt-*"))


def test_an_empty_file_is_a_new_database(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    path.write_bytes(b"")
    store = BookmarkStore(path)
    assert store.notices == [] and store.schema_version == SCHEMA_VERSION


def test_a_data_folder_that_cannot_be_made_is_a_clear_error(tmp_path: Path) -> None:
    blocker = tmp_path / "data"
    blocker.write_text("a file where the folder should be")
    with pytest.raises(StoreError, match="cannot create the data folder"):
        BookmarkStore.in_dir(blocker / "newstui")


def test_an_unreadable_database_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / FILENAME
    BookmarkStore(path).close()
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # running as root: permissions do not apply
            pytest.skip("permissions are not enforced for this user")
        with pytest.raises(StoreError, match="cannot read"):
            BookmarkStore(path)
        assert path.exists() and not list(tmp_path.glob("*.corrupt-*"))
    finally:
        path.chmod(0o644)


def test_a_full_disk_is_a_clear_error_and_loses_nothing(store: BookmarkStore) -> None:
    kept = store.add(make_bookmark())
    pages = store._db.execute("PRAGMA page_count").fetchone()[0]
    store._db.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: as if the disk were full
    with pytest.raises(StoreError, match="full"):
        store.merge([make_bookmark(note="x" * 5000) for _ in range(20)])
    assert store.all() == [kept]
    with BookmarkStore(store.path) as reopened:
        assert reopened.all() == [kept]


def test_a_half_made_database_is_migrated_from_where_it_stopped(tmp_path: Path) -> None:
    """A process killed after creating the version table but before the first migration committed."""
    path = tmp_path / FILENAME
    with sqlite3.connect(path) as db:
        db.execute("CREATE TABLE schema_version (version INTEGER NOT NULL)")
    db.close()
    with BookmarkStore(path) as store:
        assert store.notices == [] and store.schema_version == SCHEMA_VERSION
        store.add(make_bookmark())
    with BookmarkStore(path) as reopened:
        assert reopened.count() == 1
