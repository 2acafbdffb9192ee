"""Decoding and splitting: the seed's layout, encodings, and bad files."""

from __future__ import annotations

import pytest

from newstui.core.text import (
    UndecodableError,
    decode,
    display_view,
    fold,
    fold_char_view,
    split_article,
)

SPLIT_CASES = {
    "title and two paragraphs": ("Title\n\nOne.\n\nTwo.\n", "Title", ["One.", "Two."]),
    "soft wrap stays inside a paragraph": (
        "T\n\nline one\nline two\n\nNext.",
        "T",
        ["line one\nline two", "Next."],
    ),
    "leading blank lines before the title": ("\n\n  Title  \n\nBody.", "Title", ["Body."]),
    "windows line endings": ("Title\r\n\r\nOne\r\nwrap\r\n\r\nTwo\r\n", "Title", ["One\r\nwrap", "Two"]),
    "blank lines made of spaces": ("T\n\nA\n   \t\nB", "T", ["A", "B"]),
    "title only": ("Just a title\n", "Just a title", []),
    "many blank lines between paragraphs": ("T\n\n\n\nA\n\n\n\nB\n\n\n", "T", ["A", "B"]),
}


@pytest.mark.parametrize(("text", "title", "paragraphs"), SPLIT_CASES.values(), ids=SPLIT_CASES.keys())
def test_split_article(text: str, title: str, paragraphs: list[str]) -> None:
    (start, end), paras = split_article(text)
    assert text[start:end] == title
    assert [text[p.start : p.end] for p in paras] == paragraphs


DECODE_CASES = {
    "utf-8": ("Zürich “quoted”\n".encode(), "utf-8", "Zürich “quoted”\n"),
    "utf-8 with BOM": (b"\xef\xbb\xbfTitle\n", "utf-8-sig", "Title\n"),
    "cp1252 curly quotes": (b"\x93Hi\x94 caf\xe9\n", "cp1252 (fallback)", "“Hi” café\n"),
    "non-breaking space": ("a\u00a0b\n".encode(), "utf-8", "a\u00a0b\n"),
    "utf-16 little-endian with BOM": (
        "Zürich\n\nBody\n".encode("utf-16-le").join([b"\xff\xfe", b""]),
        "utf-16",
        "Zürich\n\nBody\n",
    ),
    "utf-16 big-endian with BOM": (b"\xfe\xff" + "Zürich\n".encode("utf-16-be"), "utf-16", "Zürich\n"),
    "utf-32 with BOM": ("T\n".encode("utf-32"), "utf-32", "T\n"),
}


@pytest.mark.parametrize(("data", "encoding", "text"), DECODE_CASES.values(), ids=DECODE_CASES.keys())
def test_decode(data: bytes, encoding: str, text: str) -> None:
    decoded = decode(data)
    assert decoded.encoding == encoding
    assert decoded.text == text


BAD_CASES = {
    "empty": (b"", "empty"),
    "whitespace only": (b" \n\n\t\n", "empty"),
    "png header": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(100), "binary"),
    "control bytes": (bytes(range(1, 9)) * 100, "binary"),
}


@pytest.mark.parametrize(("data", "reason"), BAD_CASES.values(), ids=BAD_CASES.keys())
def test_decode_rejects(data: bytes, reason: str) -> None:
    with pytest.raises(UndecodableError, match=reason):
        decode(data)


def test_display_view_keeps_length_and_neutralises_controls() -> None:
    text = "a\x1b[2Jb\x07c\x9bd\x7fe\tf\ng\r\n"
    shown = display_view(text)
    assert len(shown) == len(text)
    assert all(ord(ch) >= 32 and not 0x7F <= ord(ch) < 0xA0 for ch in shown)
    assert "[2J" in shown  # the escape is visible as text, not obeyed


def test_fold() -> None:
    assert fold("Zürich Kazakhstan’s") == "zurich kazakhstan's"
    view = fold_char_view("Zürich ÉTÉ’s")
    assert view == "zurich ete's"
    assert len(view) == len("Zürich ÉTÉ’s")
