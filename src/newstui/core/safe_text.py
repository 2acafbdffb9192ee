"""Text from outside made safe to show: the one function every title, name, note or message goes through.

Article text, titles, sources, file and folder names, notes, tags, queries, feed entries and setting
values can hold anything: escape sequences (CSI, OSC 8 links, OSC 52 clipboard writes, DCS), C1
controls such as U+009B (a one-byte CSI on some terminals), bidi overrides that make a line read
backwards, lone surrogates that cannot even be encoded. :func:`safe_text` replaces each of those with a
visible stand-in of *one code point*, so the result is as long as the input and any offset found in it
(a search match, an entity, a bookmark) is valid in the original too. It never interprets markup: the
UI hands the result to widgets as ``Text``/``Content`` (see ``newstui.ui.safe``), never as a markup
string.

:func:`clip` cuts safe text to a number of terminal cells without splitting a character from the marks
that belong to it; because it runs on text that :func:`safe_text` has already cleaned, no escape
sequence can be cut in half into something live.
"""

from __future__ import annotations

import json
import re
import unicodedata

_CONTROL_PICTURE = 0x2400
_REPLACEMENT = "\ufffd"

# C0 controls become their control pictures (ESC -> ␛), so a reader can see what was there.
_TABLE: dict[int, str] = {code: chr(_CONTROL_PICTURE + code) for code in range(32)}
_TABLE.update({0x09: " ", 0x0A: " ", 0x0D: "\u200b", 0x7F: "\u2421"})
# C1 controls (U+0080-U+009F): U+009B is CSI and U+009D OSC on terminals that honour 8-bit controls.
_TABLE.update({code: _REPLACEMENT for code in range(0x80, 0xA0)})
# Bidi embeddings, overrides and isolates reorder what follows them (a file name "txt.exe" shown as
# "exe.txt"); the implicit marks (LRM, RLM, ALM) only nudge neutral characters and are kept.
_TABLE.update({code: _REPLACEMENT for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))})
# Line and paragraph separators would break a one-line label into two.
_TABLE.update({0x2028: " ", 0x2029: " "})
# Lone surrogates (from JSON's "\ud800" or surrogateescape) cannot be encoded for the terminal.
_TABLE.update({code: _REPLACEMENT for code in range(0xD800, 0xE000)})

_LINES_TABLE = dict(_TABLE)
_LINES_TABLE.update({0x09: "\t", 0x0A: "\n"})

_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def is_safe(text: str, *, newlines: bool = False) -> bool:
    """True if ``text`` holds nothing :func:`safe_text` would replace."""
    if newlines:
        return _UNSAFE.search(text.replace("\n", " ").replace("\t", " ")) is None
    return _UNSAFE.search(text) is None


def safe_text(text: object, *, newlines: bool = False) -> str:
    """``text`` with every control, bidi override and lone surrogate replaced by a visible stand-in.

    One code point in, one code point out, so offsets into the original hold for the result. Tabs and
    newlines become spaces (a one-line label) unless ``newlines`` is true (a note, a printed article),
    when they are kept. A carriage return becomes a zero-width space either way.
    """
    if not isinstance(text, str):
        text = repr(text) if isinstance(text, bytes) else str(text)
    if _UNSAFE.search(text) is None:
        return text
    return text.translate(_LINES_TABLE if newlines else _TABLE)


def char_width(char: str) -> int:
    """Terminal cells one code point takes: 0 for combining marks and format characters, 2 for wide."""
    if unicodedata.combining(char) or char in "\u200b\u200c\u200d\u2060\ufeff":
        return 0
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Cf"):
        return 0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return 2
    return 1


def cell_width(text: str) -> int:
    """Terminal cells ``text`` takes (an estimate good for cutting, not for exact layout)."""
    if text.isascii():
        return len(text)
    return sum(char_width(char) for char in text)


def _joins_previous(char: str) -> bool:
    """A mark, joiner or variation selector that belongs to the character before it."""
    code = ord(char)
    return (
        unicodedata.combining(char) != 0
        or unicodedata.category(char) in ("Mn", "Me")
        or char == "\u200d"
        or 0xFE00 <= code <= 0xFE0F
        or 0x1F3FB <= code <= 0x1F3FF  # skin tones
        or 0xE0100 <= code <= 0xE01EF
    )


def clip(text: str, width: int, *, ellipsis: str = "…") -> str:
    """Safe ``text`` cut to at most ``width`` cells, ending in ``ellipsis`` if anything was cut.

    The cut never falls between a character and the combining marks, joiners or variation selectors
    that follow it.
    """
    text = safe_text(text)
    width = max(0, width)
    if cell_width(text) <= width:
        return text
    room = width - cell_width(ellipsis)
    if room < 0:
        return ellipsis[:width] if ellipsis.isascii() else ""
    used = 0
    end = 0
    for index, char in enumerate(text):
        used += char_width(char)
        if used > room:
            break
        end = index + 1
    # Step back so the kept part does not end inside a cluster (a base whose marks follow).
    while 0 < end < len(text) and _joins_previous(text[end]):
        end -= 1
    while end > 0 and text[end - 1] == "\u200d":
        end -= 1
    return text[:end].rstrip(" ") + ellipsis


def pad(text: str, width: int) -> str:
    """Safe ``text`` clipped to ``width`` cells and padded with spaces to exactly ``width``."""
    clipped = clip(text, width)
    return clipped + " " * max(0, width - cell_width(clipped))


_SURROGATE = re.compile("[\ud800-\udfff]")


def without_surrogates(text: str) -> str:
    """``text`` with lone surrogates (which no file or database can encode) replaced by U+FFFD."""
    return _SURROGATE.sub(_REPLACEMENT, text)


def safe_message(template: str, *values: object) -> str:
    """``template.format(*values)`` with every value made safe first (for messages quoting outside text)."""
    return template.format(*(safe_text(str(value)) for value in values))


_JSON_UNSAFE = re.compile("[\x7f-\x9f\u202a-\u202e\u2066-\u2069\u2028\u2029\ud800-\udfff]")


def safe_json(value: object, *, indent: int | None = None) -> str:
    """``json.dumps(value, ensure_ascii=False)`` that is also safe to print to a terminal.

    JSON already escapes C0 controls (ESC becomes ``\\u001b``); DEL, C1 controls, bidi overrides,
    line separators and lone surrogates are escaped the same way here, so the output parses back to
    exactly the same value and can still never drive the terminal (or fail to encode).
    """
    text = json.dumps(value, ensure_ascii=False, indent=indent)
    return _JSON_UNSAFE.sub(lambda match: f"\\u{ord(match.group()):04x}", text)
