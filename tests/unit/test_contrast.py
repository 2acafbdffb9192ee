"""The WCAG contrast maths the legibility tests rest on, checked against published values."""

from __future__ import annotations

import pytest

from newstui.ui.contrast import blend, contrast, luminance, parse_hex


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#000000", "#ffffff", 21.0),
        ("#ffffff", "#ffffff", 1.0),
        ("#777777", "#ffffff", 4.48),  # the classic "grey just fails AA" pair
        ("#767676", "#ffffff", 4.54),  # ...and the lightest grey that passes
        ("#ff0000", "#ffffff", 4.0),
        ("#0000ff", "#ffffff", 8.59),
        ("#00ff00", "#000000", 15.3),
    ],
    ids=["black-white", "same", "777-fails", "767-passes", "red", "blue", "green-on-black"],
)
def test_contrast_matches_published_values(first: str, second: str, expected: float) -> None:
    assert contrast(first, second) == pytest.approx(expected, abs=0.01)
    assert contrast(second, first) == pytest.approx(expected, abs=0.01)  # symmetric


def test_luminance_bounds_and_order() -> None:
    assert luminance("#000") == 0.0
    assert luminance("#fff") == pytest.approx(1.0)
    assert luminance("#00ff00") > luminance("#ff0000") > luminance("#0000ff")


@pytest.mark.parametrize(
    ("base", "over", "alpha", "expected"),
    [
        ("#000000", "#ffffff", 0.0, (0, 0, 0)),
        ("#000000", "#ffffff", 1.0, (255, 255, 255)),
        ("#000000", "#ffffff", 0.5, (128, 128, 128)),
        ("#102030", "#102030", 0.3, (16, 32, 48)),
    ],
    ids=["none", "all", "half", "same-colour"],
)
def test_blend(base: str, over: str, alpha: float, expected: tuple[int, int, int]) -> None:
    assert blend(base, over, alpha) == expected


@pytest.mark.parametrize("bad", ["", "#12345", "red", "#1234567"])
def test_parse_hex_rejects_what_is_not_a_colour(bad: str) -> None:
    with pytest.raises(ValueError):
        parse_hex(bad)
