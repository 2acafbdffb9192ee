"""The one safe-text function: nothing from outside can drive the terminal, and offsets still hold."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstui.core.safe_text import cell_width, clip, is_safe, pad, safe_json, safe_text
from tests.hostile_strategies import hostile_text

ESC = "\x1b"


def terminal_safe(text: str, *, newlines: bool = False) -> bool:
    """No C0 (bar tab/newline when allowed), DEL, C1, bidi override/isolate or surrogate."""
    for char in text:
        code = ord(char)
        if newlines and char in "\n\t":
            continue
        if code < 0x20 or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000:
            return False
        if 0x202A <= code <= 0x202E or 0x2066 <= code <= 0x2069 or code in (0x2028, 0x2029):
            return False
    return True


CASES = {
    "CSI colour": ("\x1b[31mred\x1b[0m", "␛[31mred␛[0m"),
    "OSC 52 clipboard": ("\x1b]52;c;ZXZpbA==\x07", "␛]52;c;ZXZpbA==␇"),
    "OSC 8 link": ("\x1b]8;;http://x/\x1b\\y\x1b]8;;\x1b\\", "␛]8;;http://x/␛\\y␛]8;;␛\\"),
    "C1 CSI": ("\x9b31m", "\ufffd31m"),
    "DCS": ("\x1bP1$r\x1b\\", "␛P1$r␛\\"),
    "bidi override": ("file\u202eexe.txt", "file\ufffdexe.txt"),
    "bidi isolate": ("a\u2066b\u2069", "a\ufffdb\ufffd"),
    "lone surrogate": ("a\ud800b", "a\ufffdb"),
    "line separator": ("a\u2028b", "a b"),
    "markup is left alone": ("[/i] [link=http://x/]y[/link]", "[/i] [link=http://x/]y[/link]"),
    "zero-width joiner kept": ("👩\u200d💻", "👩\u200d💻"),
    "tab and newline become spaces": ("a\tb\nc", "a b c"),
    "DEL": ("a\x7fb", "a\u2421b"),
}


@pytest.mark.parametrize(("raw", "shown"), CASES.values(), ids=CASES.keys())
def test_safe_text_cases(raw: str, shown: str) -> None:
    assert safe_text(raw) == shown
    assert len(safe_text(raw)) == len(raw)


def test_newlines_kept_when_asked() -> None:
    assert safe_text("a\n\x1b[2Jb\tc", newlines=True) == "a\n␛[2Jb\tc"


def test_non_strings_are_shown_not_raised() -> None:
    assert safe_text(5) == "5"
    assert safe_text(b"\x1b") == "b'\\x1b'"


@settings(max_examples=200, deadline=None)
@given(hostile_text())
def test_safe_text_is_terminal_safe_and_keeps_length(text: str) -> None:
    shown = safe_text(text)
    assert len(shown) == len(text)
    assert terminal_safe(shown)
    assert is_safe(shown)
    shown.encode("utf-8")  # never a lone surrogate
    assert terminal_safe(safe_text(text, newlines=True), newlines=True)


@settings(max_examples=200, deadline=None)
@given(hostile_text(), st.integers(min_value=0, max_value=40))
def test_clip_never_exceeds_width_nor_leaks(text: str, width: int) -> None:
    cut = clip(text, width)
    assert cell_width(cut) <= width
    assert terminal_safe(cut)
    assert cell_width(pad(text, width)) == width or cell_width(clip(text, width)) > width - 1


def test_clip_keeps_marks_with_their_letter() -> None:
    assert clip("cafe\u0301 au lait", 5) == "cafe\u0301…"  # the accent stays with its e
    assert clip("ab\U0001f44d\U0001f3fdcd", 5) == "ab…"  # a thumb is never cut from its skin tone
    assert clip("e\u0301" * 10, 4) == "e\u0301" * 3 + "…"
    assert clip("日本語のテキスト", 7) == "日本語…"
    assert clip("short", 10) == "short"
    assert clip("\x1b]52;c;ZXZpbA==\x07" * 3, 8) == "␛]52;c;…"


@settings(max_examples=200, deadline=None)
@given(hostile_text())
def test_safe_json_is_exact_and_terminal_safe(text: str) -> None:
    value = {"title": text, "n": [1, text]}
    line = safe_json(value)
    assert json.loads(line) == json.loads(json.dumps(value))  # the same value standard JSON carries
    assert terminal_safe(line)
    assert ESC not in line
