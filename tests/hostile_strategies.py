"""Hypothesis strategies for hostile text: what an attacker or an unlucky file puts in front of newstui.

Escape sequences (CSI, OSC 8 links, OSC 52 clipboard writes, DCS), C0 and C1 controls, Rich/Textual
markup brackets, bidi overrides and zero-width characters, lone surrogates, and long runs of the
characters that make naive regexes and parsers slow (spaces, quotes, ``<a``, front-matter dashes).
"""

from __future__ import annotations

from hypothesis import strategies as st

ESCAPES = (
    "\x1b[31m",
    "\x1b[2J",
    "\x1b[H",
    "\x1b]52;c;ZXZpbA==\x07",
    "\x1b]8;;http://evil.example/\x1b\\",
    "\x1b]8;;\x1b\\",
    "\x1b]0;title\x07",
    "\x1bP1$r\x1b\\",
    "\x9b31m",
    "\x9d0;x\x9c",
    "\x1b",
    "\x07",
    "\x08",
    "\r",
    "\x00",
    "\x7f",
)
MARKUP = (
    "[/i]",
    "[/]",
    "[bold]",
    "[link=http://x/]y[/link]",
    "[sic]",
    "[@click=app.quit]x[/]",
    "$name",
    ":smile:",
)
BIDI_AND_ZERO_WIDTH = (
    "\u202e",
    "\u202d",
    "\u2066",
    "\u2069",
    "\u200b",
    "\u200d",
    "\ufeff",
    "\u2028",
    "\u00ad",
)
SURROGATES = ("\ud800", "\udfff", "\udc80")
PATHOLOGICAL = (" " * 200, '"a ' * 50, "<a" * 50, "---\n" * 5, "\n" * 50, "“" * 30, "'" * 30, "#" * 40)
WORDS = ("Putin", "said", "“quoted”", '"straight"', "the", "Zürich", "2022-01-07", "Title", ":", "-")


def hostile_piece() -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(ESCAPES),
        st.sampled_from(MARKUP),
        st.sampled_from(BIDI_AND_ZERO_WIDTH),
        st.sampled_from(SURROGATES),
        st.sampled_from(PATHOLOGICAL),
        st.sampled_from(WORDS),
        st.text(max_size=8),
        st.characters(codec=None, categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Mn")).map(str),
    )


def hostile_text(max_pieces: int = 24) -> st.SearchStrategy[str]:
    """Text made of hostile pieces joined by spaces, newlines or nothing."""
    return st.lists(hostile_piece(), max_size=max_pieces).flatmap(
        lambda pieces: st.sampled_from(("", " ", "\n", "\n\n")).map(lambda sep: sep.join(pieces))
    )
