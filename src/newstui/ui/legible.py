"""Theme styles made legible: the one place that turns a component class into the colours drawn.

``app.tcss`` says which theme colour each state is drawn in (``$warning`` for search matches,
``$accent`` for the selection ...); this module decides how light or dark that colour is drawn so it
can be seen in *every* theme, measured by WCAG contrast (:mod:`newstui.ui.contrast`):

* text is at least 4.5:1 against whatever background it ends up on (:func:`legible`: a highlight's
  colour under a name's colour under a cursor is checked once, after they are composed);
* a highlight (a selection, the search matches) is toned to the luminance halfway between the plain
  background and the far extreme, so it stands 3:1 from the plain text and leaves room beyond it for the
  current match, which stands 3:1 from both;
* a list's cursor row stands 3:1 from the other rows, focused or not (:func:`cursor_background`):
  focused in the theme's block-cursor colour, shaded if it is too close to the rows; unfocused in a
  neutral shade at the middle luminance, so the two states never look the same;
* a mark in the margin (the passage cursor, a bookmark) is at least 3:1 against its background;
* a tint (the passage cursor's paragraph) keeps its alpha, blended over the plain background, which
  is what ``get_component_rich_style(..., partial=True)`` loses: ``$foreground 6%`` came out as a
  solid ``$foreground`` background under ``$foreground`` text.

Colours that are not true colours (the ANSI themes use the terminal's own palette, unknown here) are
left as the theme gives them.
"""

from __future__ import annotations

from enum import Enum
from functools import lru_cache

from rich.color import Color as RichColor
from rich.style import Style
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget

from newstui.ui.contrast import (
    RGB,
    STATE_CONTRAST,
    TEXT_CONTRAST,
    alike,
    contrast,
    ensure_contrast,
    luminance,
    middle_luminance,
    tone,
)
from newstui.ui.styles import component_style


class Role(Enum):
    """How a component's colour is made to stand out."""

    TEXT = "text"
    """A text colour (a label's): readable on the plain background."""
    TINT = "tint"
    """A faint background: its alpha kept, blended over the plain background."""
    HIGHLIGHT = "highlight"
    """A background that stands 3:1 from the plain one (selection, search matches)."""
    CURRENT = "current"
    """A background that stands 3:1 from the plain one and from highlights (the current match)."""
    MARK = "mark"
    """A text colour for a symbol that must be seen (3:1), such as a gutter mark."""
    CURSOR = "cursor"
    """A list's cursor row: 3:1 from the other rows, the focused and unfocused states apart."""


def _rgb(color: RichColor | None) -> RGB | None:
    if color is None or color.is_default:
        return None
    triplet = color.triplet
    return None if triplet is None else (triplet.red, triplet.green, triplet.blue)


def _rich(rgb: RGB) -> RichColor:
    return RichColor.from_rgb(*rgb)


@lru_cache(maxsize=4096)
def legible(style: Style) -> Style:
    """``style`` with its text colour shaded, if need be, to stand 4.5:1 on its background.

    ``dim`` is replaced by an explicit muted colour, so the terminal's own idea of dim (often far too
    faint) never decides whether text can be read.
    """
    fg, bg = _rgb(style.color), _rgb(style.bgcolor)
    if fg is None or bg is None:
        return style
    if style.dim:
        fg = (
            round(fg[0] * 0.7 + bg[0] * 0.3),
            round(fg[1] * 0.7 + bg[1] * 0.3),
            round(fg[2] * 0.7 + bg[2] * 0.3),
        )
    if contrast(fg, bg) >= TEXT_CONTRAST and not style.dim:
        return style
    return style + Style(color=_rich(ensure_contrast(fg, bg, TEXT_CONTRAST)), dim=False)


def state_style(widget: Widget, component: str, role: Role, plain: Style) -> Style:
    """The Rich style to draw ``component`` of ``widget`` with, on top of the ``plain`` text style.

    ``plain`` is the widget's own style (its background and text colour): the component's colour,
    alpha included, is resolved against it, then shaded for its ``role``.
    """
    if role is Role.TINT:
        return component_style(widget, component)  # alpha blended over the real background
    styles = widget.get_component_styles(component)
    text_style: Style = styles.text_style
    base = _rgb(plain.bgcolor)
    if base is None:  # an ANSI theme: the terminal's colours, which cannot be measured here
        return component_style(widget, component)
    base_colour = Color(*base)
    if role in (Role.TEXT, Role.MARK):
        if not styles.has_rule("color"):
            return text_style
        colour = base_colour + styles.color
        minimum = TEXT_CONTRAST if role is Role.TEXT else STATE_CONTRAST
        shade = ensure_contrast((colour.r, colour.g, colour.b), base, minimum)
        return text_style + Style(color=_rich(shade))
    if not styles.has_rule("background"):
        return text_style
    solid = styles.background.with_alpha(1.0)
    hue: RGB = (solid.r, solid.g, solid.b)
    middle = middle_luminance(base)
    if role is Role.HIGHLIGHT:
        return text_style + Style(bgcolor=_rich(tone(hue, middle)))
    far = 0.92 if luminance(base) < 0.5 else 0.0
    shade = ensure_contrast(tone(hue, far), tone(hue, middle), STATE_CONTRAST)
    return text_style + Style(bgcolor=_rich(shade))


def cursor_background(own: RGB, plain: RGB, *, focused: bool) -> RGB:
    """A list cursor row's background: ``own`` (the theme's colour for it) shaded to stand 3:1 from
    ``plain`` (the other rows).

    Focused, the theme's block-cursor colour is kept when it already stands out (only flexoki's does
    not), else shaded just enough. Unfocused, a faint tint of the text colour (1.2-1.6:1 in every theme)
    cannot be seen at any fixed alpha, so the tint's hue is toned to the middle luminance
    (:func:`~newstui.ui.contrast.middle_luminance`): 3:1 from the rows, and a grey where the focused
    cursor is the theme's colour, so focus shows by hue as well as by place.
    """
    if focused:
        return ensure_contrast(own, plain, STATE_CONTRAST)
    return tone(own, middle_luminance(plain))


def row_state_style(widget: Widget, component: str, role: Role | None, plain: Style) -> Style:
    """A row list's component style, shaded for its role: the cursor row (``Role.CURSOR``), a
    highlight such as a matched word (``Role.HIGHLIGHT``), or as the theme gives it (``None``)."""
    style = component_style(widget, component)
    base, own = _rgb(plain.bgcolor), _rgb(style.bgcolor)
    if role is None or base is None or own is None:
        return style
    if role is Role.CURSOR:
        shade = cursor_background(own, base, focused=widget.has_focus)
    else:
        shade = tone(own, middle_luminance(base))
    return style + Style(bgcolor=_rich(shade))


def legible_strip(strip: Strip) -> Strip:
    """Every segment's text shaded, if need be, to 4.5:1 on the background it ended up on."""
    return Strip(
        [segment._replace(style=legible(segment.style)) if segment.style else segment for segment in strip],
        strip.cell_length,
    )


def distinct_colours(styles: dict[str, Style], plain: Style) -> dict[str, Style]:
    """The same styles, with any text colour that an earlier one already has turned to another hue.

    Some themes give two of their colours the same value (Monokai's secondary and error) or two shades
    of one hue (textual-dark's blues): the labels drawn in them would look alike. The later one is
    turned round the colour wheel until it is like no earlier label's colour (:func:`alike`), and
    shaded to stay readable on ``plain``'s background.
    """
    base = _rgb(plain.bgcolor)
    seen: list[RGB] = []
    result: dict[str, Style] = {}
    for name, style in styles.items():
        colour = _rgb(style.color)
        if colour is not None and base is not None:
            h, s, lum = Color(*colour).hsl
            for turn in range(1, 24):
                if not any(alike(colour, other) for other in seen):
                    break
                shifted = Color.from_hsl((h + turn * 0.13) % 1.0, max(s, 0.5), lum)
                colour = ensure_contrast((shifted.r, shifted.g, shifted.b), base, TEXT_CONTRAST)
            seen.append(colour)
            style = style + Style(color=_rich(colour))
        result[name] = style
    return result
