"""Outside text for widgets: always as ``Text``/``Content`` made by the one safe-text function.

Widgets that take a string read it as markup (``Static.update``, ``Label``, toasts, the command palette's
help line), so ``[/i]`` in a title crashes them and ``[link=...]`` becomes a live terminal link. Hand
them these instead: the text is cleaned by :func:`newstui.core.safe_text.safe_text` and wrapped so that
nothing in it is ever read as markup.
"""

from __future__ import annotations

from typing import Any

from rich.style import Style
from rich.text import Text
from textual.app import App
from textual.content import Content
from textual.fuzzy import Matcher
from textual.markup import escape
from textual.notifications import SeverityLevel
from textual.widget import Widget

from newstui.core.safe_text import clip, safe_text


def safe_rich(text: object, style: str | Style = "", *, newlines: bool = False) -> Text:
    """A Rich ``Text`` of outside text: controls made visible, markup shown as written."""
    return Text(safe_text(text, newlines=newlines), style=style, end="")


def safe_content(
    text: object, style: str = "", *, newlines: bool = False, width: int | None = None
) -> Content:
    """A Textual ``Content`` of outside text (optionally clipped to ``width`` cells)."""
    cleaned = safe_text(text, newlines=newlines)
    if width is not None:
        cleaned = clip(cleaned, width)
    return Content.styled(cleaned, style) if style else Content(cleaned)


def safe_markup(text: object) -> str:
    """Outside text for the few APIs that only take a markup string: cleaned, then escaped."""
    return escape(safe_text(text))


def assemble(*parts: str | tuple[object, str] | Content) -> Content:
    """Content from trusted literal strings and ``(outside text, style)`` pairs, as plain text.

    ``assemble("Open ", (title, "bold"))``: the literal parts are ours, the pairs are cleaned; nothing
    is read as markup.
    """
    pieces: list[Content | str | tuple[str, str]] = []
    for part in parts:
        if isinstance(part, tuple):
            pieces.append((safe_text(part[0]), part[1]))
        elif isinstance(part, Content):
            pieces.append(part)
        else:
            pieces.append(safe_text(part))
    return Content.assemble(*pieces)


def notify_safe(
    target: App[Any] | Widget,
    message: object,
    *,
    title: object = "",
    severity: SeverityLevel = "information",
    timeout: float | None = None,
) -> None:
    """``notify`` with a message or title that quotes outside text: cleaned, never read as markup."""
    target.notify(
        safe_text(message, newlines=True),
        title=safe_text(title),
        severity=severity,
        timeout=timeout,
        markup=False,
    )


def highlight_safe(matcher: Matcher, candidate: str) -> Content:
    """``Matcher.highlight`` without reading ``candidate`` as markup (it does: ``[link=...]`` goes live)."""
    cleaned = safe_text(candidate)
    content = Content(cleaned)
    score, offsets = matcher.fuzzy_search.match(matcher.query, cleaned)
    if not score:
        return content
    for offset in offsets:
        if not cleaned[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content
