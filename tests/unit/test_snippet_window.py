"""Cutting a search snippet so that its first match is in view of a narrow list."""

from __future__ import annotations

import pytest

from newstui.ui.widgets.search_results import visible_snippet

SNIPPET = "…clampdown. He said: “The militants have not laid down their arms”"
AT = SNIPPET.index("militants")
MATCH = (AT, AT + len("militants"))

CASES = [
    ("fits already", SNIPPET, [MATCH], 80, SNIPPET, [MATCH]),
    ("no matches", SNIPPET, [], 10, SNIPPET, []),
    ("no width known", SNIPPET, [MATCH], 0, SNIPPET, [MATCH]),
]


@pytest.mark.parametrize(
    ("snippet", "matches", "width", "shown", "moved"), [case[1:] for case in CASES], ids=[c[0] for c in CASES]
)
def test_unchanged(
    snippet: str, matches: list[tuple[int, int]], width: int, shown: str, moved: list[tuple[int, int]]
) -> None:
    assert visible_snippet(snippet, matches, width) == (shown, moved)


@pytest.mark.parametrize("width", [14, 20, 30, 34])
def test_cut_at_a_word_so_the_first_match_fits(width: int) -> None:
    shown, moved = visible_snippet(SNIPPET, [MATCH], width)
    start, end = moved[0]
    assert shown[start:end] == "militants"
    assert end <= width
    assert shown.startswith("…") and shown[1] != " "
    assert SNIPPET.endswith(shown[1:])
    assert shown[1:].split(" ")[0] in SNIPPET.split(" ")  # whole words only


def test_matches_before_the_cut_are_dropped_and_the_rest_move() -> None:
    text = "a " * 30 + "alpha beta gamma " + "x " * 10 + "delta"
    first = text.index("alpha")
    later = text.index("delta")
    shown, moved = visible_snippet(text, [(first, first + 5), (later, later + 5)], 20)
    assert [shown[a:b] for a, b in moved] == ["alpha", "delta"]
