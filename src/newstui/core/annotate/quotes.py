"""Finding direct quotations: pairing quotation marks, paragraph by paragraph.

News text mixes curly and straight marks, nests quotations, runs one quotation over several paragraphs
(an opening mark on each, a closing mark only on the last), puts single quotes around a term for
distance ("scare quotes") and uses the same character for apostrophes. The rules here:

- Curly marks say which way they face; a straight ``"`` is judged by its neighbours (after a space it
  opens, before a space or punctuation it closes) and otherwise toggles.
- Any double opening mark pairs with any double closing mark (writers mix ``"`` and ``”``); marks nest
  on a stack, so a quotation inside a quotation is found too.
- A paragraph that ends inside a quotation continues it only when the next paragraph opens with a mark;
  otherwise the quotation is cut at the paragraph end if it opened the paragraph, or dropped, so one
  stray mark never swallows the rest of the article.
- Single quotes count as a quotation only when they hold a sentence or a phrase (four words or more, or
  closing punctuation); ``‘Spetsnaz’`` is a scare quote, ``don’t`` and ``Kazakhstan’s`` are apostrophes.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass

DOUBLE_OPEN = "“„«"
DOUBLE_CLOSE = "”»"
SINGLE_OPEN = "‘‚‹"
SINGLE_CLOSE = "’›"
STRAIGHT_DOUBLE = '"'
STRAIGHT_SINGLE = "'"
ALL_MARKS = frozenset(
    DOUBLE_OPEN + DOUBLE_CLOSE + SINGLE_OPEN + SINGLE_CLOSE + STRAIGHT_DOUBLE + STRAIGHT_SINGLE
)

_BEFORE_OPENING = set(" \t\r\n\u00a0\u2009\u202f([{—–-/:") | set(DOUBLE_OPEN + SINGLE_OPEN + STRAIGHT_DOUBLE)
_AFTER_CLOSING = set(" \t\r\n\u00a0\u2009\u202f)]}—–-/.,;:!?…") | set(
    DOUBLE_CLOSE + SINGLE_CLOSE + STRAIGHT_DOUBLE
)
_ELISIONS = ("em ", "til ", "n ", "cause ", "tis ", "twas ")
SCARE_QUOTE_MAX_WORDS = 3


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation found in the text, marks included; ``depth`` is 0 for an outermost one."""

    start: int
    end: int
    depth: int


@dataclass(slots=True)
class _Open:
    pos: int
    double: bool
    straight: bool


def _is_space(ch: str) -> bool:
    return ch.isspace()


def _straight_double_role(text: str, pos: int, start: int, end: int) -> str:
    before = text[pos - 1] if pos > start else " "
    after = text[pos + 1] if pos + 1 < end else " "
    opens = before in _BEFORE_OPENING and not _is_space(after)
    closes = after in _AFTER_CLOSING and not _is_space(before)
    if opens and not closes:
        return "open"
    if closes and not opens:
        return "close"
    return "either"


def _single_quote_counts(text: str, start: int, end: int) -> bool:
    """A single-quoted stretch is a quotation, not a scare quote, if it is a phrase or a sentence."""
    inner = text[start + 1 : end - 1].strip()
    if not inner:
        return False
    if inner[-1] in ".,!?…":
        return True
    return len(inner.split()) > SCARE_QUOTE_MAX_WORDS


class _Stack:
    """Open marks, innermost last, with the number of double ones kept as they come and go.

    Counting them on demand cost a pass over the stack per mark: a paragraph of ``"a`` repeated took
    seconds to minutes (quadratic); kept this way every mark costs the same.
    """

    __slots__ = ("doubles", "items")

    def __init__(self) -> None:
        self.items: list[_Open] = []
        self.doubles = 0

    def append(self, item: _Open) -> None:
        self.items.append(item)
        self.doubles += item.double

    def pop(self) -> _Open:
        item = self.items.pop()
        self.doubles -= item.double
        return item

    def __bool__(self) -> bool:
        return bool(self.items)

    def __getitem__(self, index: int) -> _Open:
        return self.items[index]

    def __iter__(self) -> Iterator[_Open]:
        return iter(self.items)


class _BlockScanner:
    """Pairs the marks of one block (paragraph), carrying an open quotation across blocks."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.found: list[QuoteSpan] = []
        self.carried: _Open | None = None

    def _close_double(self, stack: _Stack, pos: int) -> None:
        while stack:
            item = stack.pop()
            if item.double:
                self.found.append(QuoteSpan(item.pos, pos + 1, stack.doubles))
                return

    def _close_single(self, stack: _Stack, pos: int) -> bool:
        if not stack or stack[-1].double:
            return False
        item = stack.pop()
        if _single_quote_counts(self.text, item.pos, pos + 1):
            self.found.append(QuoteSpan(item.pos, pos + 1, stack.doubles))
        return True

    def scan(self, start: int, end: int, next_block_opens: bool) -> None:
        text = self.text
        stack = _Stack()
        pos = start
        if self.carried is not None:
            stack.append(self.carried)
            self.carried = None
            pos = start + 1  # the continuation mark that opens this paragraph
        while pos < end:
            ch = text[pos]
            if ch not in ALL_MARKS:
                pos += 1
                continue
            if ch in DOUBLE_OPEN:
                stack.append(_Open(pos, True, False))
            elif ch in DOUBLE_CLOSE:
                if stack.doubles:
                    self._close_double(stack, pos)
            elif ch == STRAIGHT_DOUBLE:
                role = _straight_double_role(text, pos, start, end)
                has_open = stack.doubles > 0
                if role == "close" or (role == "either" and has_open):
                    if has_open:
                        self._close_double(stack, pos)
                else:
                    stack.append(_Open(pos, True, True))
            elif ch in SINGLE_OPEN:
                stack.append(_Open(pos, False, False))
            else:  # ’ › or a straight single quote: a closing mark or an apostrophe
                self._single(stack, pos, start, end)
            pos += 1
        self._finish(stack, start, end, next_block_opens)

    def _single(self, stack: _Stack, pos: int, start: int, end: int) -> None:
        text = self.text
        before = text[pos - 1] if pos > start else " "
        after = text[pos + 1] if pos + 1 < end else " "
        if after.isalnum():
            # "don't", "Kazakhstan's", or an opening straight quote: 'Like this'
            opening = text[pos] == STRAIGHT_SINGLE and before in _BEFORE_OPENING and not after.isdigit()
            if opening and not text.startswith(_ELISIONS, pos + 1):
                stack.append(_Open(pos, False, True))
            return
        if _is_space(before):
            return
        self._close_single(stack, pos)

    def _finish(self, stack: _Stack, start: int, end: int, next_block_opens: bool) -> None:
        doubles = [item for item in stack if item.double]
        if not doubles:
            return
        outer = doubles[0]
        if next_block_opens:
            self.carried = outer
            return
        if outer.pos <= start:
            # A quotation that opened its paragraph (or an earlier one) and never closes ends here.
            self.found.append(QuoteSpan(outer.pos, end, 0))


def _opens_with_double_mark(text: str, start: int, end: int) -> bool:
    return start < end and (text[start] in DOUBLE_OPEN or text[start] == STRAIGHT_DOUBLE)


def find_quotes(text: str, blocks: Sequence[tuple[int, int]]) -> list[QuoteSpan]:
    """Every quotation in ``text``; ``blocks`` are the title and paragraphs as ``(start, end)``, in order.

    Quotations never cross the title; a multi-paragraph quotation is one span.
    """
    scanner = _BlockScanner(text)
    for index, (start, end) in enumerate(blocks):
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        continues = index > 0 and following is not None and _opens_with_double_mark(text, *following)
        scanner.scan(start, end, continues)
    if scanner.carried is not None:  # the last paragraph said it continued but never closed
        scanner.carried = None
    return sorted(scanner.found, key=lambda q: (q.start, -q.end))
