"""One parser per file format, chosen by extension.

Parsers turn decoded text into an article's parts and never touch the disk; the library does the I/O.
A new format (HTML, feeds) is a new module and one line in :data:`PARSERS`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from newstui.core.sources import html, markdown, plain
from newstui.core.sources.parsed import Parsed

Parser = Callable[[str], Parsed]

PARSERS: dict[str, Parser] = {
    ".txt": plain.parse,
    ".text": plain.parse,
    ".md": markdown.parse,
    ".markdown": markdown.parse,
    ".html": html.parse,
    ".htm": html.parse,
}


def parser_for(path: Path) -> Parser | None:
    """The parser for a file's extension, or ``None`` if newstui does not read that format."""
    return PARSERS.get(path.suffix.lower())


__all__ = ["PARSERS", "Parsed", "Parser", "parser_for"]
