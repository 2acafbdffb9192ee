"""The WCAG contrast maths the legibility tests rest on, checked against published values."""

from __future__ import annotations

import pytest

from newstui.ui.contrast import (
    alike,
    blend,
    contrast,
    ensure_contrast,
    luminance,
    middle_luminance,
    parse_hex,
    tone,
)


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


@pytest.mark.parametrize(
    ("colour", "against", "minimum"),
    [
        ("#777777", "#ffffff", 4.5),  # needs darkening a little
        ("#ffa62b", "#ffffff", 4.5),  # orange on white: darkened
        ("#5684a5", "#121212", 4.5),  # blue on near black: lightened
        ("#121212", "#121212", 3.0),  # the colour of the background itself
        ("#808080", "#808080", 4.5),  # mid grey on itself: black or white is the best there is
    ],
    ids=["grey", "orange", "blue", "same", "mid-grey"],
)
def test_ensure_contrast_reaches_the_minimum_or_the_best_possible(
    colour: str, against: str, minimum: float
) -> None:
    result = ensure_contrast(colour, against, minimum)
    best = max(contrast("#000000", against), contrast("#ffffff", against))
    assert contrast(result, against) >= min(minimum, best) - 0.01


def test_ensure_contrast_keeps_a_colour_that_already_passes() -> None:
    assert ensure_contrast("#000000", "#ffffff") == (0, 0, 0)
    assert ensure_contrast("#e0e0e0", "#121212") == (224, 224, 224)


@pytest.mark.parametrize("target", [0.05, 0.18, 0.5, 0.9])
@pytest.mark.parametrize("colour", ["#ffa62b", "#0178d4", "#121212", "#fafafa"])
def test_tone_hits_the_target_luminance(colour: str, target: float) -> None:
    assert luminance(tone(colour, target)) == pytest.approx(target, abs=0.01)


@pytest.mark.parametrize("plain", ["#121212", "#002b36", "#fafafa", "#fdf6e3", "#e0e0e0"])
def test_middle_luminance_leaves_room_on_both_sides(plain: str) -> None:
    middle = tone("#ffa62b", middle_luminance(plain))
    far = "#ffffff" if luminance(plain) < 0.5 else "#000000"
    assert contrast(middle, plain) >= 3.0
    assert contrast(middle, far) >= 3.0


@pytest.mark.parametrize(
    ("first", "second", "expected"),
    [
        ("#57a5e2", "#5684a5", True),  # textual-dark's primary and secondary text: two blues
        ("#ffa62b", "#fea62b", True),  # one colour off by one
        ("#57a5e2", "#8ad4a1", False),  # blue and green
        ("#d17e92", "#ffc473", False),  # pink and orange
        ("#808080", "#e0e0e0", False),  # two greys far apart (no hue to share)
    ],
    ids=["two-blues", "same", "blue-green", "pink-orange", "greys"],
)
def test_alike(first: str, second: str, expected: bool) -> None:
    assert alike(first, second) is expected
