"""Component styles resolved the way the screen will show them: the one place that blends alpha.

Textual's ``get_component_rich_style(name, partial=True)`` keeps only the colour channels of a
``background: $foreground 6%`` rule: the alpha is dropped, so a faint tint comes out as the solid
foreground colour (a light cursor row under light text). The full (non-partial) style blends, but
also carries every inherited attribute, which would override a row's own styles when laid over it.
:func:`component_style` gives the component's own attributes only, each colour blended against the
widget's real background, so the result can be laid over (or under) other styles safely.
"""

from __future__ import annotations

from rich.style import Style
from rich.text import Text
from textual.color import Color
from textual.strip import Strip
from textual.widget import Widget


def component_style(widget: Widget, name: str) -> Style:
    """The attributes component class ``name`` sets, colours blended against ``widget``'s background."""
    styles = widget.get_component_styles(name)
    _, ground = widget.background_colors
    background: Color | None = None
    if styles.has_rule("background") and styles.background.a > 0:
        background = ground + styles.background
    color: Color | None = None
    under = background or ground
    if styles.has_rule("auto_color") and styles.auto_color:
        color = under.get_contrast_text(styles.color.a)
    elif styles.has_rule("color") and styles.color.a > 0:
        color = under + styles.color
    style = Style(
        color=color.rich_color if color is not None else None,
        bgcolor=background.rich_color if background is not None else None,
    )
    return style + styles.text_style


def text_strip(line: Text, width: int, base: Style, widget: Widget) -> Strip:
    """One line of ``Text`` as a strip of exactly ``width`` cells, each segment over ``base``.

    ``base`` is the widget's own style (its background and colour): every segment is drawn on it,
    with the text's own styles on top, so nothing is left on the terminal's default background.
    """
    segments = [
        segment._replace(style=base + segment.style if segment.style else base)
        for segment in line.render(widget.app.console, end="")
    ]
    return Strip(segments).crop_extend(0, width, base)


def overlay(strip: Strip, style: Style, ground: Style) -> Strip:
    """Lay ``style`` over every cell of ``strip`` that shows the plain ground (``ground.bgcolor``).

    Cells with a background of their own (a search match, a selection) keep it, so a highlight stays
    visible under the cursor; everything else takes the overlay's background and, if it sets one, its
    colour and text style. This is how a cursor row is drawn over a row's segment styles.
    """
    plain = ground.bgcolor
    segments = []
    for segment in strip:
        own = segment.style
        if own is None or own.bgcolor is None or own.bgcolor == plain:
            segment = segment._replace(style=(own or ground) + style)
        segments.append(segment)
    return Strip(segments, strip.cell_length)
