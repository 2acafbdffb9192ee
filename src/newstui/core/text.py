"""Decoding bytes into article text, splitting it into parts, and the derived views of it.

The text itself is never altered: display and matching each get a *view* of the same length, so an
offset found in one view is valid in the text and in every other view.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from newstui.core.models import Paragraph
from newstui.core.safe_text import safe_text

BINARY_SNIFF_BYTES = 8192
UTF8_BOM = b"\xef\xbb\xbf"
# Control bytes that do not occur in text files (tab, newlines, form feed and escape do).
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))


class UndecodableError(ValueError):
    """The bytes are not text newstui can show (binary data, or empty)."""


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    """``utf-8``, ``utf-8-sig`` (a BOM was present), ``utf-16`` or ``utf-32`` (told by their BOM), or
    ``cp1252 (fallback)``."""


def looks_binary(data: bytes) -> bool:
    """NUL bytes or a high share of control bytes in the first block mean the file is not text."""
    head = data[:BINARY_SNIFF_BYTES]
    if b"\x00" in head:
        return True
    if not head:
        return False
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    return controls / len(head) > 0.1


# UTF-32 first: its little-endian BOM starts with UTF-16's.
_UTF_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le", "utf-32"),
    (b"\x00\x00\xfe\xff", "utf-32-be", "utf-32"),
    (b"\xff\xfe", "utf-16-le", "utf-16"),
    (b"\xfe\xff", "utf-16-be", "utf-16"),
)


def _decode_with_bom(data: bytes) -> Decoded | None:
    """UTF-16 and UTF-32 files (Windows editors save "Unicode" so) are text, told by their BOM."""
    for bom, codec, name in _UTF_BOMS:
        if data.startswith(bom):
            text = data[len(bom) :].decode(codec, errors="replace")
            if "\x00" in text or not text.strip():
                return None
            return Decoded(text, name)
    return None


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without BOM) first, then cp1252 for legacy files: the decision is recorded.

    A UTF-16 or UTF-32 byte-order mark is honoured (those files are full of NUL bytes, which would
    otherwise make them look binary).
    """
    with_bom = _decode_with_bom(data)
    if with_bom is not None:
        return with_bom
    if looks_binary(data):
        raise UndecodableError("binary file (not text)")
    if data.startswith(UTF8_BOM):
        text, encoding = data[len(UTF8_BOM) :].decode("utf-8", errors="replace"), "utf-8-sig"
    else:
        try:
            text, encoding = data.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            text, encoding = data.decode("cp1252", errors="replace"), "cp1252 (fallback)"
    if not text.strip():
        raise UndecodableError("empty file")
    return Decoded(text, encoding)


_NON_SPACE = re.compile(r"\S")
# A line break followed by a line of nothing but white space (or the end): where a paragraph ends.
# Scanning for these (and for the next non-space) touches each character a bounded number of times;
# a single "block" regex retried its leading white space at every position, so a paragraph of a
# million spaces took hours.
_BLANK_LINE = re.compile(r"(?:\r\n|\r(?!\n)|\n)[^\S\r\n]*(?=\r|\n|\Z)")
_NEWLINE = re.compile(r"\r\n|\r|\n")


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_article(text: str, body_start: int = 0) -> tuple[tuple[int, int], tuple[Paragraph, ...]]:
    """Find the title line and the paragraphs of text laid out like the seed article.

    The first non-empty line (from ``body_start``) is the title; paragraphs are runs of non-blank lines
    separated by blank ones, and a single newline inside a paragraph is only a soft wrap.
    """
    title: tuple[int, int] | None = None
    paragraphs: list[Paragraph] = []
    position, length = body_start, len(text)
    while (found := _NON_SPACE.search(text, position)) is not None:
        start = found.start()
        blank = _BLANK_LINE.search(text, start)
        end, position = (blank.start(), blank.end()) if blank else (length, length)
        if title is None:
            newline = _NEWLINE.search(text, start, end)
            title = _trimmed(text, start, newline.start() if newline else end)
            if newline is None:
                continue
            start = newline.end()
        paragraphs.append(Paragraph(*_trimmed(text, start, end)))
    return title or (0, 0), tuple(paragraphs)


def display_view(text: str) -> str:
    """The text as it is safe to draw: same length, control characters made visible, soft wraps joined.

    The same as :func:`newstui.core.safe_text.safe_text` (the one safe-text function), kept under
    this name for the views of article text.
    """
    return safe_text(text)


_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00a0": " "})


def fold(text: str) -> str:
    """Case- and accent-folded text for matching ("Zürich" -> "zurich", curly apostrophes straight).

    Not length-preserving for every script; callers that need offsets use :func:`fold_char_view`.
    """
    decomposed = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).casefold()


def fold_char_view(text: str) -> str:
    """Like :func:`fold`, but one output character per input character, so offsets carry over."""
    out = []
    for ch in text.translate(_APOSTROPHES):
        folded = fold(ch) if ord(ch) > 127 else ch.lower()
        out.append(folded[0] if len(folded) == 1 else (folded[:1] or ch))
    return "".join(out)
