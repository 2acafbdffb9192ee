"""The search index: typo matching, folding, ranking order, incremental updates, corruption."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from newstui.core.search import SearchIndex, find_in_text
from newstui.core.search.fuzzy import Vocabulary, max_edits
from newstui.core.search.matching import fold_view
from tests.conftest import FIXED_TIME, write_article

DAY = 86_400


@pytest.fixture
def library(tmp_path: Path) -> Path:
    """A small hand-made library whose ranking order is known."""
    folder = tmp_path / "lib"
    folder.mkdir()
    write_article(
        folder,
        "zurich.txt",
        "Zürich bankers meet",
        "The bankers of Zürich met on Monday.",
        "They talked about interest rates.",
        mtime=FIXED_TIME,
    )
    write_article(
        folder,
        "title.txt",
        "Climate summit opens in Glasgow",
        "Delegates arrived from many countries.",
        "Talks about money went on.",
        mtime=FIXED_TIME,
    )
    write_article(
        folder,
        "body.txt",
        "Delegates arrive",
        "The climate talks went on.",
        "A summit of leaders in Glasgow.",
        mtime=FIXED_TIME,
    )
    write_article(
        folder,
        "scattered.txt",
        "Weather report",
        "A climate of fear.",
        "Nothing here.",
        "Rain and more.",
        "The summit of the mountain was cold.",
        mtime=FIXED_TIME,
    )
    write_article(
        folder,
        "old.txt",
        "Interest rates rise",
        "The central bank raised interest rates.",
        mtime=FIXED_TIME - 10 * DAY,
    )
    write_article(
        folder,
        "new.txt",
        "Interest rates rise",
        "The central bank raised interest rates.",
        mtime=FIXED_TIME + 10 * DAY,
    )
    write_article(
        folder,
        "dont.txt",
        "Quotes",
        "He said: don’t forget the programme.",
        mtime=FIXED_TIME,
    )
    return folder


@pytest.fixture
def index(tmp_path: Path, library: Path) -> SearchIndex:
    built = SearchIndex(tmp_path / "cache" / "index.sqlite")
    built.sync([library])
    return built


def names(index: SearchIndex, query: str, **kw: object) -> list[str]:
    return [Path(hit.path).name for hit in index.search(query, **kw).hits]  # type: ignore[arg-type]


EDITS = {
    "short word": ("cat", 0),
    "four letters": ("rate", 1),
    "seven letters": ("summits", 1),
    "eight letters": ("delegate", 2),
}


@pytest.mark.parametrize(("word", "edits"), list(EDITS.values()), ids=list(EDITS))
def test_edit_distance_scales_with_length(word: str, edits: int) -> None:
    assert max_edits(len(word)) == edits


TYPOS = {
    "swapped letters": ("cliamte", "climate"),
    "dropped letter": ("climte", "climate"),
    "replaced letter": ("clinate", "climate"),
    "two edits in a long word": ("delegtaes", "delegates"),
}


@pytest.mark.parametrize(("typed", "word"), list(TYPOS.values()), ids=list(TYPOS))
def test_typos_expand_to_the_word(typed: str, word: str) -> None:
    vocabulary = Vocabulary([("climate", 3), ("delegates", 2), ("clime", 1), ("summit", 2)])
    assert word in dict(vocabulary.expand(typed, False, False))


def test_short_words_are_not_fuzzy() -> None:
    vocabulary = Vocabulary([("cat", 3), ("car", 2)])
    assert dict(vocabulary.expand("cat", False, False)) == {"cat": 1.0}


def test_exact_word_is_not_fuzzy() -> None:
    vocabulary = Vocabulary([("climate", 3)])
    assert dict(vocabulary.expand("climte", True, False)) == {"climte": 1.0}


def test_fold_view_keeps_length_and_folds() -> None:
    text = "Zürich İstanbul Ærø ’quoted’"
    folded = fold_view(text)
    assert len(folded) == len(text)
    assert folded.startswith("zurich istanbul")


def test_typo_finds_article(index: SearchIndex) -> None:
    assert names(index, "glasgwo summit")[:2] == ["title.txt", "body.txt"]


def test_accents_folded_both_ways(index: SearchIndex) -> None:
    assert names(index, "Zurich")[0] == "zurich.txt"
    assert names(index, "zürich")[0] == "zurich.txt"


def test_curly_and_straight_apostrophes_equal(index: SearchIndex) -> None:
    assert names(index, "don't forget")[0] == "dont.txt"
    hit = index.search("don't forget").hits[0]
    text = (Path(hit.path)).read_text(encoding="utf-8")
    assert [text[a:b] for a, b in hit.matches] == ["don", "t", "forget"]


def test_ranking_title_then_close_body_then_scattered(index: SearchIndex) -> None:
    assert names(index, "climate summit") == ["title.txt", "body.txt", "scattered.txt"]


def test_newer_first_on_ties(index: SearchIndex) -> None:
    assert names(index, "interest rates rise")[:2] == ["new.txt", "old.txt"]


def test_exact_above_fuzzy(tmp_path: Path) -> None:
    folder = tmp_path / "lib2"
    folder.mkdir()
    write_article(folder, "fuzzy.txt", "Notes", "The summits were held.", mtime=FIXED_TIME + DAY)
    write_article(folder, "exact.txt", "Notes", "The summit was held.", mtime=FIXED_TIME)
    index = SearchIndex(tmp_path / "i.sqlite")
    index.sync([folder])
    assert names(index, "summit") == ["exact.txt", "fuzzy.txt"]


def test_operators(index: SearchIndex) -> None:
    assert names(index, "summit -glasgow") == ["scattered.txt"]
    assert names(index, "title:summit") == ["title.txt"]
    assert set(names(index, "zurich | glasgow")) == {"zurich.txt", "title.txt", "body.txt"}
    assert names(index, '"summit of leaders"') == ["body.txt"]
    assert names(index, "after:2022-01-12 interest") == ["new.txt"]
    assert names(index, "before:2022-01-01 interest") == ["old.txt"]


def test_date_filter_without_words_lists_newest_first(index: SearchIndex) -> None:
    assert names(index, "after:2022-01-12") == ["new.txt"]
    assert names(index, "after:2022-01-12", typing=True) == ["new.txt"]  # the app searches as you type
    assert "old.txt" in names(index, "before:2022-01-01")
    assert names(index, "after:0001-01-01 before:0001-01-02") == []  # out-of-range dates: no crash


def test_hit_offsets_snippet_and_ignored(index: SearchIndex) -> None:
    results = index.search("glasgow delegats colour:blue")
    assert results.ignored == ("colour:",)
    hit = results.hits[0]
    text = Path(hit.path).read_text(encoding="utf-8")
    assert {text[a:b].lower() for a, b in hit.matches} >= {"glasgow", "delegates"}
    assert all(hit.snippet[a:b].lower() in {"glasgow", "delegates", "blue"} for a, b in hit.snippet_matches)
    assert "\n" not in hit.snippet


def test_no_results_is_not_an_error(index: SearchIndex) -> None:
    assert index.search("xylophone").hits == ()
    assert index.search("").hits == ()


def test_typing_prefix_finds_longer_word(index: SearchIndex) -> None:
    assert names(index, "glasg", typing=True)[:2] == ["title.txt", "body.txt"]


def test_incremental_add_change_delete(tmp_path: Path, library: Path, index: SearchIndex) -> None:
    added = write_article(library, "added.txt", "Volcano erupts", "Lava everywhere.", mtime=FIXED_TIME)
    report = index.sync([library])
    assert (report.added, report.changed, report.removed) == (1, 0, 0)
    assert names(index, "volcano") == ["added.txt"]

    write_article(library, "added.txt", "Earthquake strikes", "The ground shook.", mtime=FIXED_TIME + 5)
    report = index.sync([library])
    assert (report.added, report.changed, report.removed) == (0, 1, 0)
    assert names(index, "volcano") == []
    assert names(index, "earthquake") == ["added.txt"]

    os.utime(added, (FIXED_TIME + 99, FIXED_TIME + 99))  # touched, same content: not re-indexed
    report = index.sync([library])
    assert (report.added, report.changed, report.unchanged) == (0, 0, 8)

    added.unlink()
    report = index.sync([library])
    assert report.removed == 1
    assert names(index, "earthquake") == []


def test_index_survives_reopening(tmp_path: Path, library: Path, index: SearchIndex) -> None:
    index.close()
    again = SearchIndex(tmp_path / "cache" / "index.sqlite")
    assert not again.rebuilt
    assert again.sync([library]).unchanged == 7
    assert names(again, "glasgow summit")[0] == "title.txt"


@pytest.mark.parametrize("damage", ["garbage", "truncated", "empty"])
def test_corrupt_index_is_rebuilt(tmp_path: Path, library: Path, index: SearchIndex, damage: str) -> None:
    index.close()
    path = tmp_path / "cache" / "index.sqlite"
    for extra in ("-wal", "-shm"):
        Path(f"{path}{extra}").unlink(missing_ok=True)
    data = path.read_bytes()
    path.write_bytes({"garbage": b"not a database" * 100, "truncated": data[:1024], "empty": b""}[damage])
    again = SearchIndex(path)
    report = again.sync([library])
    assert report.added == 7
    assert names(again, "glasgow summit")[0] == "title.txt"


def test_entity_fields_are_pluggable(tmp_path: Path, library: Path) -> None:
    def entities(article):  # type: ignore[no-untyped-def]
        return {"place": ["Glasgow"]} if "Glasgow" in article.text else {}

    index = SearchIndex(tmp_path / "e.sqlite", entity_names=entities)
    index.sync([library])
    assert sorted(names(index, "place:glasgow")) == ["body.txt", "title.txt"]
    assert names(index, "person:glasgow") == []


def test_find_in_text_is_fuzzy() -> None:
    text = "Title\n\nThe delegates met. Delegats left."
    found = find_in_text(text, (0, 5), "delegates")
    assert [text[a:b] for a, b in found] == ["delegates", "Delegats"]


def test_entity_filter_without_entity_index_searches_words(index: SearchIndex) -> None:
    results = index.search("place:glasgow")
    assert sorted(Path(hit.path).name for hit in results.hits) == ["body.txt", "title.txt"]
    assert results.ignored == ("place: (entity names not indexed yet; searched as words)",)


def test_index_damaged_while_open_is_reset_then_rebuilt(tmp_path: Path, library: Path) -> None:
    index = SearchIndex(tmp_path / "d.sqlite")
    index.sync([library])
    index.store.conn.execute("DROP TABLE docs")  # damage it under the index's feet
    results = index.search("glasgow")
    assert results.hits == () and "index damaged: rebuilding" in results.ignored
    assert not index.ready
    assert index.sync([library]).added == 7
    assert names(index, "glasgow summit")[0] == "title.txt"
