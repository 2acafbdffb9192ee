"""Dates and numbers by rule: ``DATE`` (dates, times, durations, weekdays, "three years ago") and
``NUMBER`` (cardinals, money, percentages, quantities: "2,500", "£600m", "76%", "3.9 percent").

These are closed-class patterns that rules get right more reliably than a statistical tagger; they
run over the tokens that the name tagger left unlabelled.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newstui.core.annotate.tokens import Token
from newstui.core.annotate.words import word_set

MONTHS = word_set(
    """january february march april may june july august september october november december jan. feb.
    mar. apr. jun. jul. aug. sep. sept. oct. nov. dec."""
)
WEEKDAYS = word_set("""monday tuesday wednesday thursday friday saturday sunday""")
RELATIVE_DAYS = word_set("""today yesterday tomorrow tonight""")
SEASONS = word_set("""spring summer autumn fall winter""")
DETERMINERS_OF_TIME = word_set("""this last next early late past previous coming""")
UNITS_OF_TIME = word_set(
    """second seconds minute minutes hour hours day days week weeks weekend weekends month months year
    years decade decades century centuries millennium quarter"""
)
NUMBER_WORDS = word_set(
    """one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen sixteen
    seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
    thousand million billion trillion dozen dozens hundreds thousands millions billions half"""
)
VAGUE_COUNTS = word_set("""several few a couple many""")
SCALES = word_set("""hundred thousand million billion trillion bn m k""")
MONEY_WORDS = word_set("""dollars dlrs pounds euros yen yuan rupees cents pence percent per cent""")
UNITS = word_set(
    """percent miles mile kilometers kilometres km meters metres meter metre feet foot yards yard
    inches inch pounds pound kilograms kg tons tonnes acres gallons barrels points people troops
    soldiers"""
)
_NUMERIC = re.compile(r"^[£$€¥]?\d[\d,.:]*(?:%|m|bn|k|s)?$")
_YEAR = re.compile(r"^(?:1[0-9]|20)\d\d$")
_DECADE = re.compile(r"^(?:1[0-9]|20)?\d0s$")
_HYPHEN_MEASURE = re.compile(r"^([\d,.]+|[a-z]+(?:-[a-z]+)?)-([a-z]+)$")
_STARTS = frozenset("0123456789$£€¥'")
_DAY = re.compile(r"^(?:[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?$")
_CLOCK = re.compile(r"^\d{1,2}(?::\d\d)?$")


_TRIGGERS = MONTHS | WEEKDAYS | RELATIVE_DAYS | SEASONS | NUMBER_WORDS | VAGUE_COUNTS | {"dlrs", "us$"}


def _is_number_word(lower: str) -> bool:
    if lower in NUMBER_WORDS:
        return True
    if "-" in lower:
        head, _, tail = lower.partition("-")
        return head in NUMBER_WORDS and tail in NUMBER_WORDS
    return False


def _is_count(lower: str) -> bool:
    return bool(_NUMERIC.match(lower)) or _is_number_word(lower)


class _Words:
    """Lower-cased tokens where a token already taken by a name reads as "" (so no rule crosses it)."""

    __slots__ = ("words",)

    def __init__(self, tokens: Sequence[Token], taken: Sequence[bool]) -> None:
        self.words = ["" if used else t.text.lower() for t, used in zip(tokens, taken, strict=True)]

    def __getitem__(self, k: int) -> str:
        return self.words[k] if 0 <= k < len(self.words) else ""


def find_measures(tokens: Sequence[Token], taken: Sequence[bool]) -> list[tuple[int, int, str]]:
    """``(first_token, end_token, label)`` for each date or number among tokens not ``taken``."""
    out: list[tuple[int, int, str]] = []
    words = _Words(tokens, taken)
    n = len(tokens)
    i = 0
    while i < n:
        word = words[i]
        if not word or not (word[0] in _STARTS or word in _TRIGGERS or "-" in word):
            i += 1
            continue
        end, label = _date_at(words, i)
        if not end:
            end, label = _number_at(words, i)
        if end:
            out.append((i, end, label))
            i = end
        else:
            i += 1
    return out


def _is_day(word: str) -> bool:
    return bool(_DAY.match(word))


def _date_at(at: _Words, i: int) -> tuple[int, str]:
    word = at[i]
    if word in MONTHS and (word != "may" or _is_day(at[i + 1]) or _YEAR.match(at[i + 1])):
        end = i + 1
        if _is_day(at[end]):
            end += 1
            if at[end] == "," and _YEAR.match(at[end + 1]):
                end += 2
        elif _YEAR.match(at[end]):
            end += 1
        return end, "DATE"
    if _is_day(word) and at[i + 1] in MONTHS and at[i + 1] != "may":
        return (i + 3 if _YEAR.match(at[i + 2]) else i + 2), "DATE"
    if word in WEEKDAYS or word in RELATIVE_DAYS:
        return i + 1, "DATE"
    if _YEAR.match(word):
        return (0, "") if at[i + 1] in UNITS else (i + 1, "DATE")
    if _DECADE.match(word):
        return i + 1, "DATE"
    if word in SEASONS and at[i - 1] in DETERMINERS_OF_TIME:
        return i + 1, "DATE"
    if _CLOCK.match(word) and at[i + 1] in ("a.m.", "p.m."):
        return i + 2, "DATE"
    return _duration_at(at, i)


def _duration_at(at: _Words, i: int) -> tuple[int, str]:
    """ "20 years", "three years ago", "a few days", "five-year"."""
    word = at[i]
    if _is_count(word) or word in VAGUE_COUNTS:
        count_end = i + 1
        if word == "a" and at[i + 1] in ("few", "couple"):
            count_end = i + 3 if at[i + 2] == "of" else i + 2
        if at[count_end] in UNITS_OF_TIME and (word not in ("a", "many") or count_end > i + 1):
            end = count_end + 1
            return (end + 1 if at[end] == "ago" else end), "DATE"
    match = _HYPHEN_MEASURE.match(word)
    if match and match.group(2) in UNITS_OF_TIME and _is_count(match.group(1)):
        return i + 1, "DATE"
    return 0, ""


def _number_at(at: _Words, i: int) -> tuple[int, str]:
    """ "2,500", "$5.4 million", "3.9 percent", "76%", "dlrs 220 million", "50-kilometer"."""
    word = at[i]
    k = i + 1 if word in ("$", "£", "€", "dlrs", "us$") else i
    if not _is_count(at[k]) or (at[k] == "half" and k == i):
        match = _HYPHEN_MEASURE.match(word)
        return (i + 1, "NUMBER") if match and _is_count(match.group(1)) else (0, "")
    end = k + 1
    while at[end] in SCALES or (_is_number_word(at[end]) and _is_number_word(at[end - 1])):
        end += 1
    if at[end] in ("per", "%") and at[end + 1] == "cent":
        end += 2
    elif at[end] in MONEY_WORDS or at[end] == "%":
        end += 1
    return end, "NUMBER"
