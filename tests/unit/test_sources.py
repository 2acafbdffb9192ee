"""Sources: folders/files and stored feed articles behind one interface, and which ones a session reads."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.core.feeds.store import FeedStore
from newstui.core.library import LoadError
from newstui.core.sources.collection import Sources, sources_for
from newstui.core.sources.stored import StoredSource
from tests.conftest import SEEDS
from tests.feed_support import entry, parsed

URL = "https://news.example/feed.xml"


def _store_with_feed(data: Path, count: int = 3) -> FeedStore:
    store = FeedStore.in_dir(data)
    store.add_feed(URL)
    store.store_fetch(URL, parsed(URL, [entry(n) for n in range(count)]))
    return store


def _open(given: list[Path], configured: list[Path], data: Path) -> Sources:
    return sources_for(given, configured, seeds=SEEDS, data_dir=data)


def test_neither_library_nor_feeds_reads_the_seeds(tmp_path: Path) -> None:
    sources = _open([], [], tmp_path / "data")
    assert sources.paths == (SEEDS,) and not sources.feeds
    assert not (tmp_path / "data" / "feeds.sqlite3").exists()  # asking does not create a store


def test_feeds_only_replace_the_seeds(tmp_path: Path) -> None:
    _store_with_feed(tmp_path).close()
    sources = _open([], [], tmp_path)
    sources.load()
    assert sources.paths == () and sources.feeds
    assert [meta.title for meta in sources.entries] == ["Story 0", "Story 1", "Story 2"]
    assert all(meta.stored and meta.path is None for meta in sources.entries)


def test_configured_library_and_feeds_are_read_together(tmp_path: Path, news_dir: Path) -> None:
    _store_with_feed(tmp_path).close()
    sources = _open([], [news_dir], tmp_path)
    sources.load()
    titles = {meta.title for meta in sources.entries}
    assert {"Story 0", "Alpha report", "Gamma report"} <= titles
    assert len(sources.entries) == 6
    assert sources.name == "news + feeds"


def test_given_paths_leave_feeds_out(tmp_path: Path, news_dir: Path) -> None:
    _store_with_feed(tmp_path).close()
    sources = _open([news_dir], [], tmp_path)
    sources.load()
    assert not sources.feeds and len(sources.entries) == 3


def test_open_any_article_whatever_its_source(tmp_path: Path, news_dir: Path) -> None:
    _store_with_feed(tmp_path).close()
    sources = _open([], [news_dir], tmp_path)
    sources.load()
    for meta in sources.entries:
        article = sources.open(meta)
        assert article.meta.id == meta.id and article.text[slice(*article.title_span)] == meta.title
        again = sources.open_location(meta.location)
        assert again.text == article.text


def test_an_article_no_longer_stored_is_a_load_error(tmp_path: Path) -> None:
    store = _store_with_feed(tmp_path, 1)
    sources = Sources(stored=StoredSource(store))
    sources.load()
    (meta,) = sources.entries
    store.remove_feed(URL)
    with pytest.raises(LoadError, match="no longer stored"):
        sources.open(meta)
    with pytest.raises(LoadError, match="no longer stored"):
        sources.open_location(meta.location)
    assert sources.stored_article(meta.location) is None


def test_first_batch_is_small_so_titles_show_at_once(tmp_path: Path) -> None:
    store = _store_with_feed(tmp_path, 300)
    batches = [batch for batch, _ in StoredSource(store).iter_load(batch_size=256)]
    assert [len(batch) for batch in batches] == [64, 236]  # the rest in one large batch, none repeated
    assert len({meta.id for batch in batches for meta in batch}) == 300
