"""WCAG 2 contrast between colours: the measure every theme's styles are checked against.

Text needs 4.5:1 against its background (WCAG 1.4.3, level AA); a state a person must see, such as a
cursor, a selection or the current match, needs 3:1 against what surrounds it (WCAG 1.4.11). Pure
maths on ``#rrggbb`` strings or RGB triples, so the tests and the app share one definition.
"""

from __future__ import annotations

import colorsys

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


def _toward(colour: RGB, extreme: RGB, against: RGB, minimum: float) -> RGB | None:
    """The least blend of ``colour`` toward ``extreme`` that reaches ``minimum`` against ``against``."""
    if contrast(extreme, against) < minimum:
        return None
    low, high = 0.0, 1.0
    for _ in range(16):
        middle = (low + high) / 2
        if contrast(blend(colour, extreme, middle), against) >= minimum:
            high = middle
        else:
            low = middle
    return blend(colour, extreme, high)


def ensure_contrast(colour: RGB | str, against: RGB | str, minimum: float = TEXT_CONTRAST) -> RGB:
    """``colour`` if it already stands ``minimum``:1 against ``against``; else the nearest lighter or
    darker shade that does (keeping its hue as far as it can), or the better of black and white."""
    c = parse_hex(colour) if isinstance(colour, str) else colour
    a = parse_hex(against) if isinstance(against, str) else against
    if contrast(c, a) >= minimum:
        return c
    white, black = (255, 255, 255), (0, 0, 0)
    first, second = (white, black) if contrast(white, a) >= contrast(black, a) else (black, white)
    for extreme in (first, second):
        found = _toward(c, extreme, a, minimum)
        if found is not None:
            return found
    return first


def tone(colour: RGB | str, target: float) -> RGB:
    """``colour`` lightened or darkened (toward white or black) to relative luminance ``target``."""
    c = parse_hex(colour) if isinstance(colour, str) else colour
    extreme = (255, 255, 255) if luminance(c) < target else (0, 0, 0)
    low, high = 0.0, 1.0
    for _ in range(16):
        middle = (low + high) / 2
        shade = blend(c, extreme, middle)
        if (luminance(shade) < target) == (extreme == (255, 255, 255)):
            low = middle
        else:
            high = middle
    return blend(c, extreme, high)


def middle_luminance(plain: RGB | str) -> float:
    """The luminance halfway (by contrast ratio) between ``plain`` and the far extreme, black or white.

    A highlight there stands out from the plain background and still leaves room, on the far side,
    for a second state (the current match) that stands out from both.
    """
    far = 1.0 if luminance(plain) < 0.5 else 0.0
    ratio = contrast(plain, (255, 255, 255) if far else (0, 0, 0)) ** 0.5
    lum = luminance(plain)
    return ratio * (lum + 0.05) - 0.05 if far else (lum + 0.05) / ratio - 0.05


def alike(first: RGB | str, second: RGB | str) -> bool:
    """Whether two text colours would be taken for one another: nearly the same colour, or two shades
    of one hue (a light and a dark blue, for two labels, read as the same label)."""
    a = parse_hex(first) if isinstance(first, str) else first
    b = parse_hex(second) if isinstance(second, str) else second
    mean_red = (a[0] + b[0]) / 2
    dr, dg, db = a[0] - b[0], a[1] - b[1], a[2] - b[2]
    distance = ((2 + mean_red / 256) * dr * dr + 4 * dg * dg + (2 + (255 - mean_red) / 256) * db * db) ** 0.5
    if distance < 60:
        return True
    ha, _, sa = colorsys.rgb_to_hls(*(c / 255 for c in a))
    hb, _, sb = colorsys.rgb_to_hls(*(c / 255 for c in b))
    turn = abs(ha - hb) % 1.0
    return min(turn, 1 - turn) < 30 / 360 and sa > 0.15 and sb > 0.15
