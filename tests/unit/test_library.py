"""Loading articles and libraries: the seed, sorting, bad files, reloads."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newstui.core.library import HEAD_BYTES, Candidate, Library, LoadError, list_article, read_article
from tests.conftest import FIXED_TIME, SEED_FILE, write_article


def test_seed_loads_with_its_exact_text() -> None:
    article = read_article(SEED_FILE)
    raw = SEED_FILE.read_bytes().decode("utf-8")
    assert article.text == raw
    assert article.title == "WW3 fears grow as Vladimir Putin sends thousands of soldiers into Kazakhstan"
    assert len(article.paragraphs) == 16
    first = article.paragraph_text(0)
    assert first.startswith("Russian\u00a0President\u00a0Vladimir Putin\u00a0has sent")
    assert "‘Spetsnaz’" in article.paragraph_text(1)
    assert article.meta.encoding == "utf-8"
    assert article.meta.word_count == len(raw.split())


def test_article_id_is_stable_and_follows_content(tmp_path: Path) -> None:
    path = write_article(tmp_path, "x.txt", "T", "Body.")
    first, again = read_article(path), read_article(path)
    assert first.id == again.id
    path.write_text("T\n\nChanged body.\n", encoding="utf-8")
    assert read_article(path).id != first.id


def test_library_sorts_newest_first_then_title(news_dir: Path) -> None:
    write_article(news_dir, "d.txt", "Aardvark report", "Same time as Beta.", mtime=FIXED_TIME + 60)
    library = Library([news_dir])
    report = library.load()
    assert report.loaded == 4
    assert [m.title for m in library.entries] == [
        "Gamma report",
        "Aardvark report",
        "Beta report",
        "Alpha report",
    ]


def test_library_skips_bad_files_with_warnings(news_dir: Path) -> None:
    (news_dir / "empty.txt").write_bytes(b"")
    (news_dir / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (news_dir / "huge.txt").write_bytes(b"Huge\n\n" + b"word " * 300_000)
    (news_dir / "notes.pdf").write_bytes(b"%PDF")  # not an article format: ignored silently
    (news_dir / ".hidden.txt").write_text("Hidden\n\nx\n")
    library = Library([news_dir], max_bytes=1_000_000)
    report = library.load()
    assert report.loaded == 3
    reasons = {Path(w.path).name: w.message for w in report.warnings}
    assert set(reasons) == {"empty.txt", "image.txt", "huge.txt"}
    assert "empty" in reasons["empty.txt"]
    assert "binary" in reasons["image.txt"]
    assert "too large" in reasons["huge.txt"]


def test_library_reload_sees_changes(news_dir: Path) -> None:
    library = Library([news_dir])
    library.load()
    (news_dir / "a.txt").unlink()
    write_article(news_dir, "e.txt", "Epsilon report", "New.")
    library.load()
    assert sorted(m.title for m in library.entries) == ["Beta report", "Epsilon report", "Gamma report"]


def test_library_batches_cover_everything(news_dir: Path) -> None:
    library = Library([news_dir])
    seen = [meta.title for batch, _ in library.iter_load(batch_size=1) for meta in batch]
    assert sorted(seen) == ["Alpha report", "Beta report", "Gamma report"]


def test_markdown_front_matter_and_heading(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("---\ndate: 2022-01-07\nsource: Wire\n---\n# Heading title\n\nBody text.\n")
    article = read_article(path)
    assert article.title == "Heading title"
    assert article.meta.source == "Wire"
    assert article.meta.published is not None and article.meta.published.day == 7
    assert article.text[slice(*article.title_span)] == "Heading title"
    assert [article.paragraph_text(i) for i in range(len(article.paragraphs))] == ["Body text."]


def test_filename_gives_publisher_and_date(tmp_path: Path) -> None:
    path = write_article(tmp_path, "usa-today_2015-11-25_carson-is.txt", "Carson", "Body.")
    meta = read_article(path).meta
    assert meta.source == "usa-today"
    assert meta.published is not None and meta.published.isoformat().startswith("2015-11-25")


def test_unreadable_file_is_a_load_error(tmp_path: Path) -> None:
    path = write_article(tmp_path, "locked.txt", "T", "Body.")
    path.chmod(0)
    try:
        if os.access(path, os.R_OK):  # running as root: permissions do not apply
            pytest.skip("permissions are not enforced for this user")
        with pytest.raises(LoadError, match="cannot read"):
            read_article(path)
    finally:
        path.chmod(0o644)


def test_cp1252_file_records_fallback(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"Caf\xe9 news\n\n\x93Quoted\x94 text.\n")
    article = read_article(path)
    assert article.title == "Café news"
    assert article.meta.encoding == "cp1252 (fallback)"
    assert article.paragraph_text(0) == "“Quoted” text."


def test_candidates_come_likely_newest_first(news_dir: Path) -> None:
    write_article(news_dir, "wire_2030-01-01_future.txt", "Future", "Dated by name.")
    names = [c.path.name for c in Library([news_dir]).candidates()]
    assert names == ["wire_2030-01-01_future.txt", "c.md", "b.txt", "a.txt"]


def test_listing_cache_avoids_rereading(
    news_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newstui.core import library as library_module
    from newstui.core.meta_cache import MetaCache

    cache_path = tmp_path / "cache" / "listing.sqlite3"
    Library([news_dir], cache=MetaCache(cache_path)).load()
    reads: list[str] = []
    real_read = library_module.list_article

    def counting_read(candidate, **kwargs):  # type: ignore[no-untyped-def]
        reads.append(candidate.path.name)
        return real_read(candidate, **kwargs)

    monkeypatch.setattr(library_module, "list_article", counting_read)
    write_article(news_dir, "b.txt", "Beta rewritten", "New text.", mtime=FIXED_TIME + 90)
    again = Library([news_dir], cache=MetaCache(cache_path))
    again.load()
    assert reads == ["b.txt"]  # only the changed file was read again
    assert [m.title for m in again.entries] == ["Gamma report", "Beta rewritten", "Alpha report"]


def test_corrupt_listing_cache_is_rebuilt(news_dir: Path, tmp_path: Path) -> None:
    from newstui.core.meta_cache import MetaCache

    cache_path = tmp_path / "listing.sqlite3"
    cache_path.write_bytes(b"this is not a database" * 100)
    cache = MetaCache(cache_path)
    assert cache.problem is not None and "rebuilt" in cache.problem
    library = Library([news_dir], cache=cache)
    assert library.load().loaded == 3
    assert MetaCache(cache_path).problem is None
    assert len(MetaCache(cache_path).lookup("news")) == 3


def _cached_folder(tmp_path: Path, count: int) -> tuple[Path, Path]:
    """A folder of ``count`` stories, each a second newer than the last, listed once into a cache."""
    from newstui.core.meta_cache import MetaCache

    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(count):
        write_article(folder, f"n{number:02d}.txt", f"Story {number:02d}", "Body.", mtime=FIXED_TIME + number)
    cache_path = tmp_path / "listing.sqlite3"
    Library([folder], cache=MetaCache(cache_path)).load()
    return folder, cache_path


def test_warm_library_reads_nothing_and_shows_a_first_chunk_at_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newstui.core import library as library_module
    from newstui.core.meta_cache import MetaCache

    folder, cache_path = _cached_folder(tmp_path, 50)
    reads: list[str] = []
    real = library_module._list_chunk

    def counting(chunk, max_bytes):  # type: ignore[no-untyped-def]
        reads.extend(location for location, _source in chunk)
        return real(chunk, max_bytes)

    monkeypatch.setattr(library_module, "_list_chunk", counting)
    warm = Library([folder], cache=MetaCache(cache_path), parallel_threshold=10)
    batches = [batch for batch, _ in warm.iter_load()]
    assert reads == []
    assert len(batches[0]) == library_module.FIRST_CHUNK  # before the whole tree was listed
    assert warm.expected_total == 50
    assert len(warm.entries) == 50 and warm.entries[0].title == "Story 49"


def test_cached_batches_double_up_to_the_largest_and_cover_everything_once(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from newstui.core import library as library_module

    monkeypatch.setattr(library_module, "CACHED_BATCH", 2)
    monkeypatch.setattr(library_module, "MAX_CACHED_BATCH", 8)
    spans = list(library_module.cached_batches(29))
    assert [end - start for start, end in spans] == [2, 4, 8, 8, 7]
    assert [start for start, _ in spans] == [0, 2, 6, 14, 22] and spans[-1][1] == 29
    assert list(library_module.cached_batches(0)) == []
    assert list(library_module.cached_batches(1)) == [(0, 1)]


def test_warm_library_hands_cached_listings_over_newest_first_in_growing_batches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from newstui.core import library as library_module
    from newstui.core.meta_cache import MetaCache

    folder, cache_path = _cached_folder(tmp_path, 40)
    monkeypatch.setattr(library_module, "FIRST_CHUNK", 4)
    monkeypatch.setattr(library_module, "CACHED_BATCH", 3)
    monkeypatch.setattr(library_module, "MAX_CACHED_BATCH", 12)
    warm = Library([folder], cache=MetaCache(cache_path))
    batches = [batch for batch, _ in warm.iter_load() if batch]  # the files read: none, so no batch
    assert [len(batch) for batch in batches] == [4, 3, 6, 12, 12, 3]
    cached = [meta.title for batch in batches[1:] for meta in batch]
    assert cached == sorted(cached, reverse=True)  # newest first: the list's top settles at once
    every = [meta.title for batch in batches for meta in batch]
    assert sorted(every) == [f"Story {number:02d}" for number in range(40)]


# -- listing rows from the head of a file --------------------------------------------------------


def _same_row(path: Path, source: str = "news") -> None:
    listed = list_article(Candidate(path, source)).meta()
    opened = read_article(Candidate(path, source)).meta
    assert listed == opened


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("plain.txt", "Plain title\n\nOne paragraph here.\n\nAnother one.\n"),
        ("wire_2021-03-04_dated.txt", "Dated\n\nBody.\n"),
        ("front.md", "---\ndate: 2022-01-07\nsource: Wire\ntitle: Front title\n---\n# Heading\n\nText.\n"),
        ("heading.md", "# Heading only\n\nText here.\n"),
        (
            "page.html",
            "<html><head><title>Page</title></head><body><h1>Big</h1><p>Words in it.</p></body></html>",
        ),
        ("legacy.txt", "Caf\u00e9 news\n\n\u201cQuoted\u201d text.\n"),
        ("spaced.txt", "\n\n  \t Spaced\u00a0 title  \r\nsame block\r\n\r\n para\u00a0graph \x0c two\n"),
        ("one-line.txt", "Only a title"),
        ("cr.txt", "Old Mac\rline\r\rBody\r"),
    ],
    ids=["plain", "dated-name", "front-matter", "heading", "html", "non-ascii", "spaces", "one-line", "cr"],
)
def test_listing_row_of_a_short_file_is_what_opening_it_gives(
    tmp_path: Path, name: str, content: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    _same_row(path)


def test_cp1252_file_listed_with_its_fallback(tmp_path: Path) -> None:
    path = tmp_path / "legacy.txt"
    path.write_bytes(b"Caf\xe9 news\n\n\x93Quoted\x94 text.\n")
    listed = list_article(Candidate(path, "news")).meta()
    assert listed.title == "Caf\u00e9 news"
    assert listed.encoding == "cp1252 (fallback)"
    _same_row(path)


def test_long_file_is_listed_from_its_head_with_an_estimated_length(tmp_path: Path) -> None:
    paragraphs = [" ".join(f"word{n % 10}" for n in range(i, i + 60)) for i in range(400)]
    path = write_article(tmp_path, "long.txt", "A long story", *paragraphs)
    assert path.stat().st_size > 10 * HEAD_BYTES
    with path.open("ab") as handle:  # the tail is not read for the listing: not UTF-8 there goes unseen
        handle.write(b"\x93late\x94\n")
    listed = list_article(Candidate(path, "news")).meta()
    assert listed.title == "A long story"
    exact = 3 + 400 * 60
    assert abs(listed.word_count - exact) / exact < 0.1
    assert listed.encoding == "utf-8"
    assert read_article(path).meta.encoding == "cp1252 (fallback)"


def test_long_file_keeps_the_same_id_listed_and_opened(tmp_path: Path) -> None:
    path = write_article(tmp_path, "long.txt", "Title", *["text " * 50] * 200)
    listed = list_article(Candidate(path, "news")).meta()
    opened = read_article(Candidate(path, "news")).meta
    assert (listed.id, listed.title, listed.path, listed.modified) == (
        opened.id, opened.title, opened.path, opened.modified
    )  # fmt: skip


def test_head_cut_inside_a_character_is_still_utf8(tmp_path: Path) -> None:
    path = tmp_path / "accents.txt"
    body = "\u00e9" * HEAD_BYTES  # two bytes each: the head ends inside one at some offset
    for offset in range(3):
        path.write_text("T" * (offset + 1) + "\n\n" + body + "\n", encoding="utf-8")
        listed = list_article(Candidate(path, "news")).meta()
        assert listed.encoding == "utf-8"


def test_head_of_white_space_is_decided_by_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "late.txt"
    path.write_text(" " * (2 * HEAD_BYTES) + "\nLate title\n\nBody.\n", encoding="utf-8")
    assert list_article(Candidate(path, "news")).meta().title == "Late title"
    blank = tmp_path / "blank.txt"
    blank.write_text(" " * (2 * HEAD_BYTES), encoding="utf-8")
    with pytest.raises(LoadError, match="empty"):
        list_article(Candidate(blank, "news"))


def test_symlinked_file_is_listed_at_its_real_path(tmp_path: Path) -> None:
    real = write_article(tmp_path, "real.txt", "Real", "Body.")
    folder = tmp_path / "links"
    folder.mkdir()
    (folder / "alias.txt").symlink_to(real)
    listed = list_article(Candidate(folder / "alias.txt", "links")).meta()
    assert listed.path == str(real.resolve())
    assert listed.id == read_article(real).id


def test_large_library_is_listed_by_worker_processes_alike(tmp_path: Path) -> None:
    folder = tmp_path / "many"
    folder.mkdir()
    for number in range(60):
        write_article(
            folder, f"n{number:02d}.txt", f"Story {number:02d}", "Body " * number, mtime=FIXED_TIME + number
        )
    (folder / "bad.txt").write_bytes(b"\x00\x01binary")
    serial = Library([folder])
    serial.load()
    pooled = Library([folder], parallel_threshold=10)
    pooled.load()
    assert pooled.entries == serial.entries
    assert [Path(w.path).name for w in pooled.report.warnings] == ["bad.txt"]
    assert pooled.entries[0].title == "Story 59"


def test_cached_rows_are_compact_and_the_same_as_read(news_dir: Path, tmp_path: Path) -> None:
    """A warm start makes no Path per row and shares what rows have in common (names, days)."""
    from newstui.core.meta_cache import MetaCache

    for number in range(6):  # same publisher and day in the file name
        write_article(news_dir, f"wire_2022-01-07_{number}.txt", f"Story {number}", "Text.")
    cache_path = tmp_path / "listing.sqlite3"
    cold = Library([news_dir], cache=MetaCache(cache_path))
    cold.load()
    warm = Library([news_dir], cache=MetaCache(cache_path))
    warm.load()
    assert warm.entries == cold.entries
    assert all(isinstance(meta.path, str) for meta in warm.entries)
    wire = [meta for meta in warm.entries if meta.source == "wire"]
    assert len(wire) == 6
    assert all(meta.source is wire[0].source and meta.published is wire[0].published for meta in wire)
    assert all(meta.encoding is warm.entries[0].encoding for meta in warm.entries)
