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


def test_pages_cover_every_article_once_in_order_across_ties(tmp_path: Path) -> None:
    """Keyset pages: each starts where the last ended, even inside a run of equal times and titles."""
    store = FeedStore.in_dir(tmp_path)
    store.add_feed(URL)
    same_time = entry(0).published
    entries = [entry(n, published=same_time if n < 40 else None, title=f"T{n % 3}") for n in range(70)]
    store.store_fetch(URL, parsed(URL, entries))
    whole = [meta.id for meta in store.list_articles()]
    for size in (1, 7, 64):
        pages, page = [], store.list_page(limit=size)
        while page:
            pages.append([meta.id for meta in page])
            page = store.list_page(page.mark, size)
        assert all(0 < len(p) <= size for p in pages)
        assert [id_ for p in pages for id_ in p] == whole


def test_stored_articles_are_listed_in_pages_of_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newstui.core.sources import stored

    store = _store_with_feed(tmp_path, 300)
    pages: list[int] = []
    real = store.list_page

    def counting(*args: object, **kwargs: object) -> object:
        page = real(*args, **kwargs)  # type: ignore[arg-type]
        pages.append(len(page))
        return page

    monkeypatch.setattr(store, "list_page", counting)
    monkeypatch.setattr(stored, "PAGE", 100)
    source = StoredSource(store)
    batches = [batch for batch, _ in source.iter_load(batch_size=1)]
    assert [len(b) for b in batches] == [64, 100, 100, 36]  # the newest 64 first, then pages
    assert pages == [64, 100, 100, 36]  # one page held at a time: never the whole table's rows
    assert source.expected_total == 300
    assert [m.id for b in batches for m in b] == [m.id for m in store.list_articles()]
