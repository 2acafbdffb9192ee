"""Splitting text into word tokens with their offsets, the same way at training and at run time.

Possessive ``'s`` / ``’s`` is its own token (so "Kazakhstan’s" yields "Kazakhstan"), hyphenated names stay
whole ("Kassym-Jomart", "Nur-Sultan"), abbreviations keep their dots ("U.S.", "Mr."), and any Unicode
space (non-breaking ones included) separates tokens.
"""

from __future__ import annotations

import re
from typing import NamedTuple

# US states as news agencies abbreviate them in datelines and after city names ("Berkeley, Calif.").
STATE_ABBREVIATIONS = (
    "Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich|Minn|Miss|Mo|Mont|Neb|Nev"
    "|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo"
)
ABBREVIATIONS = (
    "Mr|Mrs|Ms|Dr|St|Sr|Jr|Gen|Gov|Sen|Rep|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Prof|Rev|Hon|Pres|Supt|Insp"
    "|Inc|Co|Cos|Corp|Ltd|Bros|Mt|Ft|Ave|Blvd|No|vs|etc|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec|"
    + STATE_ABBREVIATIONS
)
STATES_ABBREVIATED = frozenset(f"{name.lower()}." for name in STATE_ABBREVIATIONS.split("|"))

TOKEN_RE = re.compile(
    rf"""
    (?:[^\W\d_]\.){{2,}}                       # U.S.  U.N.  a.m.
  | [DRI]-(?:{STATE_ABBREVIATIONS})\.          # R-Ky.  D-Calif. (party and state after a name)
  | [A-Z]\.(?=[ \u00a0][A-Z][a-z])             # a middle initial: Laurence H. Tribe
  | (?:{ABBREVIATIONS})\.(?=\s|[,;:)]|$)       # Mr.  Gen.  Calif.  (before a space or punctuation)
  | [A-Za-z][\w-]*\.(?:com|net|org)\b          # Goto.com  (a company by its web address)
  | [£$€¥]?\d+(?:[.,:]\d+)*%?                  # 2,500  3.9  $5  76%  10:30
  | ['’]s\b                                    # possessive 's
  | \w+(?:[-‑]\w+)*(?:['’](?!s\b)\w+)*         # words, hyphenated words, don't, O'Brien
  | \S                                         # any other single character
    """,
    re.VERBOSE,
)


class Token(NamedTuple):
    """A word or mark and where it lies in the text (a tuple: articles make tens of thousands)."""

    start: int
    end: int
    text: str


def tokenize(text: str, start: int = 0, end: int | None = None) -> list[Token]:
    """Tokens of ``text[start:end]`` with offsets into the whole ``text``."""
    end = len(text) if end is None else end
    return [Token(m.start(), m.end(), m.group()) for m in TOKEN_RE.finditer(text, start, end)]


SENTENCE_END = frozenset(".!?")


def sentence_starts(tokens: list[Token]) -> list[bool]:
    """For each token, whether it begins a sentence (after . ! ? or an opening quote that follows one)."""
    starts: list[bool] = []
    at_start = True
    for token in tokens:
        starts.append(at_start)
        text = token.text
        if text in SENTENCE_END or (
            at_start and text in ("“", '"', "‘", "'", "(", "[", "—", "-", "_", "–", "•", "*", "…", ":")
        ):
            at_start = True
        else:
            at_start = False
    return starts
