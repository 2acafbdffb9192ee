"""WCAG 2 contrast between colours: the measure every theme's styles are checked against.

Text needs 4.5:1 against its background (WCAG 1.4.3, level AA); a state a person must see, such as a
cursor, a selection or the current match, needs 3:1 against what surrounds it (WCAG 1.4.11). Pure
maths on ``#rrggbb`` strings or RGB triples, so the tests and the app share one definition.
"""

from __future__ import annotations

TEXT_CONTRAST = 4.5
"""Minimum contrast of text against its background."""
STATE_CONTRAST = 3.0
"""Minimum contrast of a state (cursor, selection, match) against the plain text around it."""

RGB = tuple[int, int, int]


def parse_hex(colour: str) -> RGB:
    """``#1e90ff`` (or ``1e90ff``, or ``#fff``) as an RGB triple."""
    value = colour.strip().lstrip("#")
    if len(value) == 3:
        value = "".join(ch * 2 for ch in value)
    if len(value) != 6:
        raise ValueError(f"not an #rrggbb colour: {colour!r}")
    return int(value[0:2], 16), int(value[2:4], 16), int(value[4:6], 16)


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def luminance(colour: RGB | str) -> float:
    """Relative luminance: 0 for black, 1 for white (sRGB, as WCAG defines it)."""
    r, g, b = parse_hex(colour) if isinstance(colour, str) else colour
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast(first: RGB | str, second: RGB | str) -> float:
    """The WCAG contrast ratio of two colours, from 1 (the same) to 21 (black on white)."""
    a, b = luminance(first), luminance(second)
    lighter, darker = max(a, b), min(a, b)
    return (lighter + 0.05) / (darker + 0.05)


def blend(base: RGB | str, over: RGB | str, alpha: float) -> RGB:
    """``over`` painted with opacity ``alpha`` (0 to 1) on ``base``."""
    b = parse_hex(base) if isinstance(base, str) else base
    o = parse_hex(over) if isinstance(over, str) else over
    return (
        round(b[0] + (o[0] - b[0]) * alpha),
        round(b[1] + (o[1] - b[1]) * alpha),
        round(b[2] + (o[2] - b[2]) * alpha),
    )
