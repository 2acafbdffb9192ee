"""Who said it: tying each quotation to the speaker the text names, and only when it names one.

Attribution follows the shapes news writing uses, tried in this order for each quotation:

1. right after it: ``“...,” said X`` / ``“...,” X said`` / ``“...,” X, the minister, told reporters``;
2. right before it: ``X said: “...”`` / ``said X, “...”`` / ``according to X, “...”``;
3. an earlier quotation of the same paragraph (``“A,” he said. “B.”``: B is his too);
4. the subject of the sentence it sits in (``Obama called the holiday “a celebration”``);
5. a paragraph that is all quotation continues the quotation that ended the paragraph before, or the
   one announced by ``X continued:``.

A pronoun speaker (he, she) is resolved to the last person named before it, outside quotations, and
a surname to the fullest form of that name in the article ("Tokayev" -> "Kassym-Jomart Tokayev").
``speaker_start``/``speaker_end`` locate the mention the attribution rests on (the pronoun itself, for
"He said:"); ``speaker`` is the name it resolves to. A quotation nested in another takes the outer
one's speaker. Anything else is left without a speaker rather than guessed.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from newstui.core.annotate.lexicon import TITLES
from newstui.core.annotate.quotes import QuoteSpan
from newstui.core.annotate.tokens import Token, tokenize
from newstui.core.annotate.words import word_set
from newstui.core.models import Entity, Quote

SPEECH_VERBS = word_set(
    """said says say saying added adds told tells asked asks wrote writes explained explains continued
    continues noted notes argued argues insisted insists stated states declared declares replied
    replies recalled recalls warned warns tweeted tweets posted claimed claims announced announces
    acknowledged acknowledges admitted admits answered answers responded responds observed remarked
    suggested suggests joked quipped shouted yelled urged urges predicted predicts conceded concedes
    countered emphasized stressed concluded testified described called calls proclaimed promised
    promises vowed vows boasted complained cautioned reiterated mused commented confirmed confirms
    lamented chimed exclaimed whispered pleaded sighed recounted explain adding writing telling
    asking noting arguing warning insisting"""
)
PERSONAL = {"he": "m", "she": "f", "him": "m", "her": "f"}
ADVERBS = word_set(
    """also later then again simply once recently previously earlier quickly flatly bluntly repeatedly
    had has have has been was is would will could"""
)
ADVERBS_OF_TIME = word_set("today yesterday monday tuesday wednesday thursday friday saturday sunday")
SENTENCE_END = frozenset(".!?")
QUOTE_MARKS = frozenset("“”\"‘’'«»")
MAX_APPOSITION = 10
NAME_LABELS = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    pronoun: bool


class _Article:
    """Tokens, entities and quotations of one article, indexed for the look-ups attribution needs."""

    def __init__(
        self,
        text: str,
        blocks: Sequence[tuple[int, int]],
        entities: Sequence[Entity],
        tokens: Sequence[list[Token]] | None,
    ) -> None:
        self.text = text
        self.blocks = list(blocks)
        self.block_starts = [b[0] for b in blocks]
        self.tokens = list(tokens) if tokens is not None else [tokenize(text, s, e) for s, e in blocks]
        self.entity_at: dict[int, Entity] = {e.start: e for e in entities if e.label in NAME_LABELS}
        self.persons = [e for e in entities if e.label == "PERSON"]
        self.person_starts = [e.start for e in self.persons]
        self.inside_quotes: list[tuple[int, int]] = []

    def block_of(self, offset: int) -> int:
        return max(0, bisect.bisect_right(self.block_starts, offset) - 1)

    def full_name(self, mention: str) -> str:
        """The longest person name in the article ending with the mention's last word."""
        last = mention.split()[-1] if mention.split() else mention
        best = mention
        for entity in self.persons:
            if entity.text.split()[-1] == last and len(entity.text) > len(best):
                best = entity.text
        return best

    def _quoted(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.inside_quotes)

    def antecedent(self, offset: int) -> Entity | None:
        """The last person named before ``offset`` outside quotations."""
        index = bisect.bisect_left(self.person_starts, offset)
        for entity in reversed(self.persons[:index]):
            if entity.end <= offset and not self._quoted(entity.start):
                return entity
        return None

    def mention_at(self, tokens: Sequence[Token], i: int, limit: int) -> tuple[Mention, int] | None:
        """A speaker mention starting at token ``i`` (titles skipped): a name or a pronoun, and its end."""
        k = i
        while k < limit and (tokens[k].text.lower() in TITLES or tokens[k].text.lower() in ("the", "a")):
            k += 1
        if k >= limit:
            return None
        token = tokens[k]
        if token.text.lower() in PERSONAL and k == i:
            return Mention(token.start, token.end, token.text, True), k + 1
        entity = self.entity_at.get(token.start)
        if entity is not None:
            end = k
            while end < limit and tokens[end].end <= entity.end:
                end += 1
            return Mention(entity.start, entity.end, entity.text, False), end
        if token.text[:1].isupper() and token.text.isalpha() and token.text.lower() not in ("i", "it", "we"):
            end = k + 1
            while end < limit and tokens[end].text[:1].isupper() and tokens[end].text[:1].isalpha():
                end += 1
            start, stop = token.start, tokens[end - 1].end
            return Mention(start, stop, self.text[start:stop], False), end
        return None

    def resolve(self, mention: Mention) -> str | None:
        if mention.pronoun:
            entity = self.antecedent(mention.start)
            return self.full_name(entity.text) if entity else None
        return self.full_name(mention.text)


def _index_after(tokens: Sequence[Token], offset: int) -> int:
    """The index of the first token starting at or after ``offset``."""
    return bisect.bisect_left(tokens, offset, key=lambda token: token.start)


def _verb_like(word: str) -> bool:
    """A verb of saying, or any past-tense verb right after a name that follows a quotation."""
    return word in SPEECH_VERBS or (word.islower() and word.endswith("ed") and len(word) > 4)


def _skip_brackets(tokens: Sequence[Token], k: int, limit: int) -> int:
    """Past a "(D-Wis.)" after a name."""
    if k < limit and tokens[k].text == "(":
        for j in range(k + 1, min(limit, k + 8)):
            if tokens[j].text == ")":
                return j + 1
    return k


def _pronoun(tokens: Sequence[Token], k: int) -> Mention:
    return Mention(tokens[k].start, tokens[k].end, tokens[k].text, True)


def _named(entity: Entity) -> Mention:
    return Mention(entity.start, entity.end, entity.text, False)


def _pick(
    article: _Article, tokens: Sequence[Token], first: int, stop: int, pronoun: Mention | None
) -> Mention | None:
    """In ``tokens[first:stop]``: the last person named, else ``pronoun``, else the last organisation."""
    found = _entities_in(article, tokens, first, stop)
    people = [e for e in found if e.label == "PERSON"]
    if people:
        return _named(people[-1])
    if pronoun is not None:
        return pronoun
    return _named(found[-1]) if found else None


def _span_mention(article: _Article, tokens: Sequence[Token], first: int, stop: int) -> Mention | None:
    """The speaker inside ``tokens[first:stop]``: its last person, else a leading pronoun, else an org."""
    leading = _pronoun(tokens, first) if first < stop and tokens[first].text.lower() in PERSONAL else None
    picked = _pick(article, tokens, first, stop, leading)
    if picked is not None:
        return picked
    found = article.mention_at(tokens, first, stop)
    return found[0] if found else None


def _entities_in(article: _Article, tokens: Sequence[Token], first: int, stop: int) -> list[Entity]:
    return [article.entity_at[t.start] for t in tokens[first:stop] if t.start in article.entity_at]


def _line_limit(text: str, tokens: Sequence[Token], i: int, limit: int) -> int:
    """Where the line holding token ``i`` ends (some files put each paragraph on one line)."""
    for k in range(i + 1, limit):
        if "\n" in text[tokens[k - 1].end : tokens[k].start]:
            return k
    return limit


def _after(article: _Article, tokens: Sequence[Token], q: QuoteSpan, limit: int) -> Mention | None:
    """``“...,” said X``, ``“...,” X said``, ``“...,” X, the minister, told reporters`` or ``“...” ― X``."""
    i = _index_after(tokens, q.end)
    if i < limit and "\n" in article.text[q.end : tokens[i].start]:
        return None
    limit = _line_limit(article.text, tokens, i, limit)
    dashed = False
    while i < limit and tokens[i].text in (",", "—", "–", "-", "―"):
        dashed = dashed or tokens[i].text != ","
        i += 1
    if i >= limit:
        return None
    if tokens[i].text.lower() in SPEECH_VERBS:
        stop = i + 1
        while stop < limit and tokens[stop].text not in SENTENCE_END and tokens[stop].text not in (",", ";"):
            stop += 1
        return _span_mention(article, tokens, i + 1, min(stop, i + 10))
    if dashed:
        found = article.mention_at(tokens, i, limit)
        if found is not None and (found[1] >= limit or tokens[found[1]].text in SENTENCE_END):
            return found[0]
    j = i
    while j < min(limit, i + 16):
        word = tokens[j].text
        if word in SENTENCE_END or word in QUOTE_MARKS:
            return None
        if word == "(":
            j = max(j + 1, _skip_brackets(tokens, j, limit))
            continue
        if j > i and _verb_like(word.lower()) and tokens[j - 1].text.lower() not in ("the", "a", "an"):
            return _span_mention(article, tokens, i, j)
        j += 1
    return None


def _clause_start(tokens: Sequence[Token], end: int, text: str = "") -> int:
    k = end
    while k > 0 and tokens[k - 1].text not in SENTENCE_END and tokens[k - 1].text not in QUOTE_MARKS:
        if text and k < end and "\n" in text[tokens[k - 1].end : tokens[k].start]:
            break
        k -= 1
    return k


def _before(article: _Article, tokens: Sequence[Token], q: QuoteSpan) -> Mention | None:
    """``X said: “...”``, ``said X, “...”`` or ``according to X, “...”`` in the clause before."""
    end = _index_after(tokens, q.start)
    start = _clause_start(tokens, end, article.text)
    words = [t.text.lower() for t in tokens[start:end]]
    for j in range(len(words) - 1, -1, -1):
        word = words[j]
        k = start + j
        if word == "according" and j + 1 < len(words) and words[j + 1] == "to":
            found = article.mention_at(tokens, k + 2, end)
            return found[0] if found else None
        if word in SPEECH_VERBS:
            after = article.mention_at(tokens, k + 1, end)
            if after is not None and (after[1] == end or (after[1] == end - 1 and words[-1] in (",", ":"))):
                return after[0]
            return _subject(article, tokens, start, k)
    if start == end and start > 0 and tokens[start - 1].text == ".":
        return _said_before(article, tokens, start - 1)
    return None


def _said_before(article: _Article, tokens: Sequence[Token], stop: int) -> Mention | None:
    """A quotation that opens a sentence right after "…, Schiff said." is Schiff's too."""
    k = stop - 1
    while k >= 0 and tokens[k].text.lower() in ADVERBS_OF_TIME:
        k -= 1
    if k > 0 and tokens[k].text.lower() in SPEECH_VERBS:
        start = _clause_start(tokens, k, article.text)
        comma = max((j for j in range(start, k) if tokens[j].text == ","), default=start - 1)
        return _subject(article, tokens, comma + 1, k)
    if k > 1 and tokens[k - 1].text.lower() in SPEECH_VERBS:
        found = article.mention_at(tokens, k, stop)
        return found[0] if found else None
    return None


def _subject(article: _Article, tokens: Sequence[Token], start: int, verb: int) -> Mention | None:
    """Who the clause before the verb is about: the nearest person, else he/she, else an organisation."""
    nearest = next((k for k in range(verb - 1, start - 1, -1) if tokens[k].text.lower() in PERSONAL), None)
    picked = _pick(article, tokens, start, verb, _pronoun(tokens, nearest) if nearest is not None else None)
    if picked is None and start < verb:
        # "Zero Hedge asked, “…”": a capitalised subject the tagger did not know.
        found = article.mention_at(tokens, start, verb)
        return found[0] if found else None
    return picked


def _sentence_subject(article: _Article, tokens: Sequence[Token], q: QuoteSpan) -> Mention | None:
    """The person (or he/she) that the sentence holding the quotation is about, named before it."""
    end = _index_after(tokens, q.start)
    start = end
    while start > 0 and tokens[start - 1].text not in SENTENCE_END:
        start -= 1
    if start < end and tokens[start].text.lower() in ("he", "she"):
        token = tokens[start]
        return Mention(token.start, token.end, token.text, True)
    for k in range(start, end):
        entity = next((e for e in article.persons if e.start == tokens[k].start), None)
        if entity is not None and not article._quoted(entity.start):
            return Mention(entity.start, entity.end, entity.text, False)
    return None


def _intro_colon(article: _Article, block: int) -> Mention | None:
    """A paragraph such as "Caddell continued:" that announces the quotation after it."""
    tokens = article.tokens[block]
    if not tokens or tokens[-1].text != ":":
        return None
    for k in range(len(tokens) - 2, -1, -1):
        if tokens[k].text.lower() in SPEECH_VERBS:
            after = article.mention_at(tokens, k + 1, len(tokens) - 1)
            if after is not None:
                return after[0]
            return _subject(article, tokens, _clause_start(tokens, k), k)
    return None


def attribute_speakers(
    text: str,
    blocks: Sequence[tuple[int, int]],
    quotes: Sequence[QuoteSpan],
    entities: Sequence[Entity],
    tokens: Sequence[list[Token]] | None = None,
) -> list[Quote]:
    """The quotations with their speakers, in text order (``tokens``: each block's, if at hand)."""
    article = _Article(text, blocks, entities, tokens)
    article.inside_quotes = [(q.start, q.end) for q in quotes if q.depth == 0]
    outer = [q for q in quotes if q.depth == 0]
    found: dict[tuple[int, int], tuple[Mention, str] | None] = {}
    last_in_block: dict[int, tuple[Mention, str] | None] = {}
    for number, q in enumerate(outer):
        block = article.block_of(q.start)
        block_tokens = article.tokens[block]
        last_block = article.block_of(q.end - 1)  # a quotation may run over several paragraphs
        next_quote = outer[number + 1].start if number + 1 < len(outer) else len(text)
        closing_tokens = article.tokens[last_block]
        limit = _index_after(closing_tokens, min(next_quote, blocks[last_block][1]))
        mention = _after(article, closing_tokens, q, limit) or _before(article, block_tokens, q)
        if mention is None and block in last_in_block:
            previous = last_in_block[block]
            found[(q.start, q.end)] = previous
            continue
        if mention is None:
            mention = _sentence_subject(article, block_tokens, q)
        if mention is None and q.start == blocks[block][0] and block > 0:
            prior = last_in_block.get(block - 1)
            if prior is not None:
                found[(q.start, q.end)] = last_in_block[block] = prior
                continue
            mention = _intro_colon(article, block - 1)
        result = None
        if mention is not None:
            name = article.resolve(mention)
            result = (mention, name) if name else None
        found[(q.start, q.end)] = last_in_block[block] = result
    return _assemble(text, quotes, found)


def _assemble(
    text: str, quotes: Sequence[QuoteSpan], found: dict[tuple[int, int], tuple[Mention, str] | None]
) -> list[Quote]:
    out = []
    outer = [q for q in quotes if q.depth == 0]
    for q in quotes:
        key = (q.start, q.end)
        if q.depth > 0:
            host = next((o for o in outer if o.start <= q.start and q.end <= o.end), None)
            key = (host.start, host.end) if host else key
        result = found.get(key)
        if result is None:
            out.append(Quote(q.start, q.end, text[q.start : q.end], None, None, None))
        else:
            mention, name = result
            out.append(Quote(q.start, q.end, text[q.start : q.end], name, mention.start, mention.end))
    return out
