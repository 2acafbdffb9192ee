"""What keeps a keystroke and the index small at scale: brief candidate expressions for common words,
the titles' own index, compressed texts, and a best passage that is kept, not recounted."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from newstui.core.search import SearchIndex, parse_query
from newstui.core.search import candidates as candidate_stage
from newstui.core.search.candidates import make_group
from newstui.core.search.fuzzy import Vocabulary
from newstui.core.search.matching import SCAN_MEMO, Match, Matcher, Passage, ScanMemo, best_passage, fold_view
from tests.conftest import FIXED_TIME, write_article


def _names(index: SearchIndex, query: str) -> list[str]:
    return [Path(hit.path).name for hit in index.search(query, typing=True).hits]


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    write_article(folder, "title.txt", "Summit opens in Glasgow", "Delegates arrived.", mtime=FIXED_TIME)
    write_article(folder, "body.txt", "Delegates arrive", "A summit in Glasgow.", mtime=FIXED_TIME + 60)
    write_article(folder, "other.txt", "Weather report", "Rain in Glasgow.", mtime=FIXED_TIME + 120)
    return folder


@pytest.fixture
def common(tmp_path: Path, library: Path, monkeypatch: pytest.MonkeyPatch) -> SearchIndex:
    """An index where every word counts as too common to rank: candidates come newest first."""
    monkeypatch.setattr(candidate_stage, "BM25_LIMIT", -1)
    index = SearchIndex(tmp_path / "index.sqlite")
    index.sync([library])
    return index


def test_common_words_find_titles_in_the_titles_index(
    common: SearchIndex, library: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = common
    asked: list[bool] = []
    match = index.store.match

    def spy(*args: object, titles: bool = False) -> list[tuple[int, float]]:
        asked.append(titles)
        return match(*args, titles=titles)  # type: ignore[arg-type]

    monkeypatch.setattr(index.store, "match", spy)
    assert _names(index, "summit glasgow")[0] == "title.txt"
    assert asked[0] is True

    write_article(library, "title.txt", "Volcano erupts", "Lava everywhere.", mtime=FIXED_TIME + 5)
    index.sync([library])
    assert _names(index, "volcano") == ["title.txt"]
    assert "title.txt" not in _names(index, "summit glasgow")[:1]
    (library / "title.txt").unlink()
    index.sync([library])
    assert _names(index, "volcano") == []
    rows = index.store.conn.execute("SELECT rowid FROM titles WHERE titles MATCH 'volcano'").fetchall()
    assert rows == []


def test_excluded_words_keep_the_title_stage_on_the_whole_text(common: SearchIndex) -> None:
    assert _names(common, "glasgow -delegates") == ["other.txt"]


def test_a_common_group_asks_only_for_its_likeliest_words() -> None:
    vocabulary = Vocabulary([("state", 150), ("states", 120), ("statement", 30), ("stateless", 2)])
    (terms,) = parse_query("stat", typing=True).groups
    group = make_group(terms, vocabulary, count=1000, pending=False)
    assert '"stateless"' in group.expression
    # "state" and "states" already cover a quarter of the articles: the rarer ones are left to ranking.
    assert '"state"' in group.brief and '"states"' in group.brief
    assert '"stateless"' not in group.brief and '"statement"' not in group.brief
    assert "stateless" in group.alternatives


def test_texts_are_stored_compressed_and_read_back(tmp_path: Path, library: Path) -> None:
    index = SearchIndex(tmp_path / "index.sqlite")
    index.sync([library])
    rows = index.store.conn.execute("SELECT path, unzip(ztext), typeof(ztext) FROM docs").fetchall()
    texts = {Path(path).name: (text, kind) for path, text, kind in rows}
    assert texts["other.txt"] == ("Weather report\n\nRain in Glasgow.\n", "blob")
    assert index.search("rain").hits[0].snippet.startswith("Weather report")


def _recounted(matches: list[Match], size: int, span: int) -> Passage | None:
    """The passage as first written: every group's best weight summed afresh at each step."""
    if not matches:
        return None
    best: Passage | None = None
    left = 0
    counts: dict[int, list[float]] = {}
    for right, match in enumerate(matches):
        counts.setdefault(match.group, []).append(match.weight)
        while match.end - matches[left].start > span:
            old = matches[left]
            counts[old.group].remove(old.weight)
            if not counts[old.group]:
                del counts[old.group]
            left += 1
        weight = sum(max(w) for w in counts.values())
        if best is None or weight > best.weight + 1e-9:
            best = Passage(matches[left].start, matches[right].end, len(counts), weight)
        if len(counts) == size and weight >= size - 1e-9:
            break
    return best


@given(
    st.lists(
        st.tuples(
            st.integers(0, 300), st.integers(1, 9), st.integers(0, 3), st.sampled_from([1.0, 0.85, 0.7, 0.5])
        ),
        max_size=40,
    ),
    st.integers(10, 120),
)
def test_best_passage_equals_recounting(raw: list[tuple[int, int, int, float]], span: int) -> None:
    matches = [Match(start, start + length, group, weight) for start, length, group, weight in sorted(raw)]
    size = 1 + max((group for _, _, group, _ in raw), default=0)
    assert best_passage(matches, size, span) == _recounted(matches, size, span)


def test_no_column_decompresses_texts_on_insert(tmp_path: Path, library: Path) -> None:
    # SQLite computes generated columns on every insert; texts are read back only when asked for.
    index = SearchIndex(tmp_path / "index.sqlite")
    index.sync([library])
    columns = index.store.conn.execute("SELECT name, hidden FROM pragma_table_xinfo('docs')").fetchall()
    assert ("ztext", 0) in columns and all(hidden == 0 for _, hidden in columns)
    assert index.store.doc_by_path(str(library / "other.txt")) is not None


def _typed(query: str, alternatives: list[dict[str, float]], anchor: int) -> Matcher:
    return Matcher(alternatives, parse_query(query, typing=True).groups, anchor)


def test_the_anchor_scan_is_reused_by_the_next_keystrokes() -> None:
    folded = fold_view(
        "Rain in Glasgow\n\nThe rain fell on Glasgow. In the west the rain went on; glaziers rested."
    )
    memo: ScanMemo = {}
    rain = {"rain": 1.0}
    for query, last in [("rain the gla", {"gla*": 0.6}), ("rain the glas", {"glas*": 0.6, "glass": 0.8})]:
        matcher = _typed(query, [rain, {"the": 1.0}, last], anchor=0)
        fresh = matcher.find(folded, (0, 15), near=60)
        assert matcher.find(folded, (0, 15), near=60, memo=memo) == fresh
        assert list(memo) == [matcher.rare.pattern if matcher.rare else ""]  # one scan, kept across keys
        assert [m for m in fresh if m.group == 2]  # the new word is still looked for afresh
    memo[next(iter(memo))] = ((1, 3, "rain"),)  # what the memo says is what is used
    matcher = _typed("rain the glas", [rain, {"the": 1.0}, {"glas*": 0.6}], anchor=0)
    assert [m for m in matcher.find(folded, (0, 15), near=60, memo=memo) if m.group == 0] == [
        Match(1, 3, 0, 1.0)
    ]


def test_a_texts_scan_memo_stays_small() -> None:
    folded = fold_view("Rain in Glasgow and rain in Leeds.")
    memo: ScanMemo = {}
    for word in ["rain", "glasgow", "leeds", "and", "in", "rains", "leed", "glas", "ra", "gl"]:
        _typed(f"{word} in", [{word: 1.0}, {"in": 1.0}], anchor=0).find(folded, near=40, memo=memo)
    assert 0 < len(memo) <= SCAN_MEMO
