"""Finding a passage again after its article changed: a table of edits before, inside and after it."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from newstui.core.bookmarks.anchoring import AnchorState, quote_at, reanchor
from newstui.core.bookmarks.passages import find_passage, sentence_spans
from newstui.core.library import read_article
from tests.conftest import SEED_FILE

SEED = read_article(SEED_FILE)
TEXT = SEED.text
PASSAGE = "He warned on Friday that he has given a “shoot to kill” order to his police and military"
START = TEXT.index(PASSAGE)
END = START + len(PASSAGE)


@dataclass(frozen=True)
class Case:
    edit: Callable[[str], str]
    state: AnchorState
    expected: str | None
    """The text the passage should be found as (``None``: the saved passage, unchanged)."""


def _insert(at: int, words: str) -> Callable[[str], str]:
    return lambda text: text[:at] + words + text[at:]


def _replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert old in text
        return text.replace(old, new, 1)

    return edit


CASES: dict[str, Case] = {
    "unchanged": Case(lambda text: text, AnchorState.ANCHORED, None),
    "edit-after-passage": Case(_replace("beheaded", "killed"), AnchorState.ANCHORED, None),
    "insert-before": Case(_insert(0, "UPDATED: "), AnchorState.MOVED, None),
    "new-paragraph-before": Case(
        _insert(START, "A whole new paragraph was added here.\n\n"), AnchorState.MOVED, None
    ),
    "delete-after": Case(_replace("On Friday in Almaty, ", ""), AnchorState.ANCHORED, None),
    "delete-before": Case(_replace("smash deadly protests", "smash protests"), AnchorState.MOVED, None),
    "delete-paragraph-before": Case(
        _replace("More than 150 people have been killed in anti-government protests.\n\n", ""),
        AnchorState.MOVED,
        None,
    ),
    "reword-just-before": Case(
        _replace("responsible for the unrest", "behind the unrest"), AnchorState.MOVED, None
    ),
    "insert-inside": Case(
        _replace("given a “shoot", "given a clear “shoot"),
        AnchorState.MOVED,
        "He warned on Friday that he has given a clear “shoot to kill” order to his police and military",
    ),
    "delete-inside": Case(
        _replace(" on Friday that he", " that he"),
        AnchorState.MOVED,
        "He warned that he has given a “shoot to kill” order to his police and military",
    ),
    "reword-inside": Case(
        _replace("he has given a", "he had issued a"),
        AnchorState.MOVED,
        "He warned on Friday that he had issued a “shoot to kill” order to his police and military",
    ),
    "typos-fixed-inside": Case(
        _replace("police and military", "police and the military"),
        AnchorState.MOVED,
        "He warned on Friday that he has given a “shoot to kill” order to his police and the military",
    ),
    "passage-deleted": Case(_replace(PASSAGE, ""), AnchorState.ORPHANED, None),
    "paragraph-rewritten": Case(
        _replace(PASSAGE, "The president said little in public on Friday about the security forces"),
        AnchorState.ORPHANED,
        None,
    ),
    "article-emptied": Case(lambda text: text[:40], AnchorState.ORPHANED, None),
}


@pytest.mark.parametrize("case", CASES.values(), ids=CASES.keys())
def test_reanchoring(case: Case) -> None:
    quote = quote_at(TEXT, START, END)
    changed = case.edit(TEXT)
    found = reanchor(changed, quote)
    assert found.state is case.state
    if case.state is AnchorState.ORPHANED:
        assert (found.start, found.end) == (START, END)  # the saved place is kept for display
        return
    assert changed[found.start : found.end] == (case.expected or PASSAGE)


def test_repeated_passage_is_told_apart_by_its_context() -> None:
    text = "Alpha said: we agree. Then Beta said: we agree. Finally Gamma said: we agree."
    second = text.index("we agree", text.index("Beta"))
    quote = quote_at(text, second, second + len("we agree"))
    shifted = "Intro. " + text
    found = reanchor(shifted, quote)
    assert found.state is AnchorState.MOVED
    assert found.start == shifted.index("we agree", shifted.index("Beta"))


def test_short_passages_are_never_matched_fuzzily() -> None:
    text = "The minister resigned on Monday."
    quote = quote_at(text, 4, 12)  # "minister"
    found = reanchor("The ministry resigned on Monday.", quote)
    assert found.state is AnchorState.ORPHANED


@pytest.mark.parametrize("index", range(len(SEED.paragraphs)), ids=lambda i: f"paragraph-{i}")
def test_a_deleted_paragraph_is_not_mistaken_for_another(index: int) -> None:
    """The threshold's job: with a paragraph gone, no other paragraph of the article stands in for it."""
    para = SEED.paragraphs[index]
    quote = quote_at(TEXT, para.start, para.end)
    without = TEXT[: para.start] + TEXT[para.end :]
    assert TEXT[para.start : para.end] not in without
    assert reanchor(without, quote).state is AnchorState.ORPHANED


FIND_CASES = {
    "exact": ("shoot to kill", "shoot to kill"),
    "straight-quotes": ('"shoot to kill" order', "“shoot to kill” order"),
    "case-and-spaces": ("RUSSIAN   PRESIDENT", "Russian\u00a0President"),
    "apostrophe": ("Kazakhstan's largest city", "Kazakhstan’s largest city"),
}


@pytest.mark.parametrize(("typed", "found"), FIND_CASES.values(), ids=FIND_CASES.keys())
def test_find_passage_forgives_typing(typed: str, found: str) -> None:
    span = find_passage(TEXT, typed)
    assert span is not None
    assert TEXT[span[0] : span[1]] == found


def test_find_passage_says_none_when_absent() -> None:
    assert find_passage(TEXT, "not in this article") is None
    assert find_passage(TEXT, "   ") is None


SENTENCE_CASES = {
    "plain": ("One. Two! Three?", ["One.", "Two!", "Three?"]),
    "closing-quote": ("He said: “Stop.” Then left.", ["He said: “Stop.”", "Then left."]),
    "abbreviation": ("Mr. Smith met the U.S. envoy. Done", ["Mr. Smith met the U.S. envoy.", "Done"]),
    "initial": ("J. Doe won. Yes.", ["J. Doe won.", "Yes."]),
    "no-final-stop": ("Just a fragment", ["Just a fragment"]),
    "ellipsis": ("Wait… what", ["Wait…", "what"]),
}


@pytest.mark.parametrize(("text", "expected"), SENTENCE_CASES.values(), ids=SENTENCE_CASES.keys())
def test_sentence_spans(text: str, expected: list[str]) -> None:
    assert [text[a:b] for a, b in sentence_spans(text, 0, len(text))] == expected
