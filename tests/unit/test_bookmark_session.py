"""The app's bookmark session (no Textual): bookmarking without duplicates, drafts, undo, the filter."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.core.bookmarks.store import BookmarkStore
from newstui.core.library import read_article
from newstui.core.models import Article
from newstui.ui.bookmark_session import UNDO_SECONDS, BookmarkSession, haystack, rank
from tests.bookmark_support import StepClock, make_bookmark
from tests.conftest import SEED_FILE


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def article() -> Article:
    return read_article(SEED_FILE)


@pytest.fixture
def session(tmp_path: Path) -> BookmarkSession:
    return BookmarkSession(BookmarkStore(tmp_path / "b.sqlite3", clock=StepClock()), monotonic=FakeClock())


def test_bookmarking_the_same_passage_twice_keeps_one(session: BookmarkSession, article: Article) -> None:
    para = article.paragraphs[3]
    first, new = session.bookmark(article, para.start, para.end)
    again, new_again = session.bookmark(article, para.start, para.end)
    assert new and not new_again and again.id == first.id
    assert session.store is not None and session.store.count() == 1


def test_at_finds_exact_then_overlapping(session: BookmarkSession, article: Article) -> None:
    para = article.paragraphs[2]
    kept, _ = session.bookmark(article, para.start + 10, para.start + 40)
    assert session.at(article, para.start + 10, para.start + 40) == kept
    assert session.at(article, para.start, para.end) == kept  # the paragraph holding it
    assert session.at(article, article.paragraphs[5].start, article.paragraphs[5].end) is None


def test_drafts_are_kept_only_when_they_differ(session: BookmarkSession, article: Article) -> None:
    kept, _ = session.bookmark(article, article.paragraphs[0].start, article.paragraphs[0].end)
    session.keep_draft(kept.id, "unfinished", saved_note="")
    assert session.drafts == {kept.id: "unfinished"}
    session.keep_draft(kept.id, "", saved_note="")
    assert session.drafts == {}
    session.keep_draft(kept.id, "unfinished", saved_note="")
    assert session.save_note(kept.id, "done").note == "done"
    assert session.drafts == {}


def test_undo_restores_within_the_time_and_only_once(session: BookmarkSession, article: Article) -> None:
    clock = session._monotonic
    assert isinstance(clock, FakeClock)
    kept, _ = session.bookmark(article, article.paragraphs[0].start, article.paragraphs[0].end)
    session.delete(kept.id)
    clock.now += UNDO_SECONDS - 1
    assert session.undo() == kept
    assert session.undo() is None
    session.delete(kept.id)
    clock.now += UNDO_SECONDS + 1
    assert session.undo() is None
    assert session.store is not None and session.store.count() == 0


def test_without_a_store_bookmarks_are_off(article: Article) -> None:
    session = BookmarkSession(None)
    assert not session.available
    assert session.in_article(article) == []
    with pytest.raises(LookupError):
        session.bookmark(article, 0, 5)


FILTER_CASES = {
    "exact-word": ("shoot", [0]),
    "typo": ("shoto", [0]),
    "words-out-of-order": ("airport almaty", [1]),
    "note": ("follow up", [2]),
    "tag": ("economy", [2]),
    "title": ("kazakhstan", [0, 1, 2]),
    "nothing": ("zebra crossing", []),
    "empty-keeps-order": ("", [0, 1, 2]),
}


@pytest.mark.parametrize(("query", "expected"), FILTER_CASES.values(), ids=FILTER_CASES.keys())
def test_filter(query: str, expected: list[int]) -> None:
    items = [
        make_bookmark(title="Kazakhstan unrest", exact="to shoot to kill, without warning"),
        make_bookmark(title="Kazakhstan unrest", exact="helping control Almaty’s main airport"),
        make_bookmark(
            title="Kazakhstan fuel", exact="a fuel price hike", note="Follow up", tags=("economy",)
        ),
    ]
    assert sorted(rank(query, [haystack(b) for b in items])) == expected


def test_undo_survives_the_app_that_deleted(tmp_path: Path) -> None:
    """The app died (a crash, a kill) between the delete and the undo: the next session's undo works."""
    path = tmp_path / "b.sqlite3"
    clock = StepClock()
    kept = make_bookmark(note="keep me")
    first = BookmarkSession(BookmarkStore(path, clock=clock), monotonic=FakeClock())
    assert first.store is not None
    first.store.add(kept)
    first.delete(kept.id)
    first.store.close()  # no undo: the app is gone

    second = BookmarkSession(BookmarkStore(path, clock=clock), monotonic=FakeClock())
    restored = second.undo()
    assert restored == kept
    assert second.store is not None and [b.note for b in second.store.all()] == ["keep me"]
    assert second.store.last_deleted() is None  # restored, so no longer among the deleted
    assert second.undo() is None


def test_deleted_bookmarks_kept_are_bounded(tmp_path: Path) -> None:
    from newstui.core.bookmarks.store import KEEP_DELETED

    with BookmarkStore(tmp_path / "b.sqlite3", clock=StepClock()) as store:
        made = [store.add(make_bookmark()) for _ in range(KEEP_DELETED + 5)]
        for bookmark in made:
            store.delete(bookmark.id)
        with store._lock:
            kept = store._db.execute("SELECT count(*) FROM deleted_bookmarks").fetchone()[0]
        assert kept == KEEP_DELETED
        last = store.last_deleted()
        assert last is not None and last[0].id == made[-1].id
