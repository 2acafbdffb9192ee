"""Who said it: tying each quotation to the speaker the text names, and only when it names one.

Attribution follows the shapes news writing uses, tried in this order for each quotation:

1. right after it: ``“...,” said X`` / ``“...,” X said`` / ``“...,” X, the minister, told reporters``;
2. right before it: ``X said: “...”`` / ``said X, “...”`` / ``according to X, “...”``;
3. an earlier quotation of the same paragraph (``“A,” he said. “B.”``: B is his too);
4. the subject of the sentence it sits in (``Obama called the holiday “a celebration”``);
5. a paragraph that is all quotation continues the quotation that ended the paragraph before, or the
   one announced by ``X continued:``.

A description that stands for an entity the article named ("the Russian president", see
:mod:`roles`) is resolved to that entity's name. A pronoun speaker (he, she) is resolved to the last
person named before it, outside quotations, and
a surname to the fullest form of that name in the article ("Tokayev" -> "Kassym-Jomart Tokayev").
``speaker_start``/``speaker_end`` locate the mention the attribution rests on (the pronoun itself, for
"He said:"); ``speaker`` is the name it resolves to. A quotation nested in another takes the outer
one's speaker. Anything else is left without a speaker rather than guessed.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from newstui.core.annotate.entities import TITLE_GENDERS
from newstui.core.annotate.lexicon import TITLES, load_genders
from newstui.core.annotate.quotes import QuoteSpan
from newstui.core.annotate.roles import Reference
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
    asking noting arguing warning insisting reported reports reads wrote writes chanted cited cites"""
)
PERSONAL = {"he": "m", "she": "f", "him": "m", "her": "f"}
ADDRESSING = word_set("told tells telling")
"""Speech verbs whose object is the listener ("Mook told CBS, “…”"): the speaker is the subject."""
GROUP_PRONOUNS = frozenset({"they", "it"})
"""Pronouns that stand for an organisation or a group ("the union said it would strike")."""
GROUP_LABELS = frozenset({"ORG", "NORP"})
DETERMINERS = word_set(
    """the a an one another his her their its our my your these those several some many two three
    four five both each"""
)
AUXILIARIES = word_set(
    """is are was were be been being has have had will would can could should may might must do does
    did not no never if whether then than so also"""
)
DESCRIPTION_STOPS = word_set(
    """of for at in on from with by to who which that whose where when and or but as than after
    before during while since about against between into over under said says"""
)
MAX_DESCRIPTION = 8
NOT_SPEAKERS = word_set(
    """a an the at in on of for as after before following while however all not but and or if when
    although though because since despite during meanwhile still yet so then now here there this
    that these those it its we i you they also even only just later earlier today yesterday"""
)
"""Capitalised at the start of a sentence, never a speaker ("At the rally, ..." gives no "At")."""
ADVERBS = word_set(
    """also later then again simply once recently previously earlier quickly flatly bluntly repeatedly
    had has have has been was is would will could"""
)
ADVERBS_OF_TIME = word_set("today yesterday monday tuesday wednesday thursday friday saturday sunday")
SENTENCE_END = frozenset(".!?")
QUOTE_MARKS = frozenset("“”\"‘’'«»")
MAX_APPOSITION = 10
MAX_AFTER = 30
"""Tokens after a quotation searched for its verb: "“…,” Scott Pruitt, the attorney general of
Oklahoma, one of the states suing the EPA, said" puts a long apposition between name and verb."""
PREPOSITIONS = word_set(
    """in on at through from of with for by to into across over under after before behind near
    around about against among between during inside outside toward towards"""
)
NAME_LABELS = frozenset({"PERSON", "ORG"})


@dataclass(frozen=True, slots=True)
class Mention:
    start: int
    end: int
    text: str
    pronoun: bool
    described: bool = False
    """A description ("the report", "his spokesman"): the speaker is the description itself."""


class _Article:
    """Tokens, entities and quotations of one article, indexed for the look-ups attribution needs."""

    def __init__(
        self,
        text: str,
        blocks: Sequence[tuple[int, int]],
        entities: Sequence[Entity],
        tokens: Sequence[list[Token]] | None,
        references: Sequence[Reference] = (),
    ) -> None:
        self.text = text
        self.references = {r.end: r for r in references}
        self.blocks = list(blocks)
        self.block_starts = [b[0] for b in blocks]
        self.tokens = list(tokens) if tokens is not None else [tokenize(text, s, e) for s, e in blocks]
        self.entity_at: dict[int, Entity] = {e.start: e for e in entities if e.label in NAME_LABELS}
        self.persons = [e for e in entities if e.label == "PERSON"]
        self.person_starts = [e.start for e in self.persons]
        self._genders: dict[str, str | None] = {}
        self.groups = [e for e in entities if e.label in GROUP_LABELS]
        self.group_starts = [e.start for e in self.groups]
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

    def canonical(self, start: int, text: str) -> str:
        """The entity's name in the article (linking made "Putin" "Vladimir Putin"), else the text."""
        entity = self.entity_at.get(start)
        if entity is not None and entity.entity:
            return entity.entity
        return self.full_name(text)

    def _quoted(self, offset: int) -> bool:
        return any(start <= offset < end for start, end in self.inside_quotes)

    def gender(self, entity: Entity) -> str | None:
        """ "f" or "m" when the article says (a title: "Mrs. Clinton") or the first name does."""
        key = entity.entity or entity.text
        if key not in self._genders:
            found = None
            first = key.split()[0].lower() if key.split() else ""
            if " " in key:
                found = load_genders().get(first)
            if found is None:
                for person in self.persons:
                    if (person.entity or person.text) == key:
                        before = self.text[max(0, person.start - 6) : person.start].split()
                        title = before[-1].lower().rstrip(".") if before else ""
                        found = TITLE_GENDERS.get(title)
                        if found:
                            break
            self._genders[key] = found
        return self._genders[key]

    def antecedent(self, offset: int, pronoun: str = "") -> Entity | None:
        """The last person named before ``offset`` outside quotations (for "he"/"she": the last one
        who may be a man/woman, as far as titles and first names tell)."""
        index = bisect.bisect_left(self.person_starts, offset)
        wanted = PERSONAL.get(pronoun.lower())
        for entity in reversed(self.persons[:index]):
            if entity.end <= offset and not self._quoted(entity.start):
                if wanted is not None and self.gender(entity) not in (None, wanted):
                    continue
                return entity
        return None

    def group_antecedent(self, offset: int) -> Entity | None:
        """For "they"/"it": the last organisation or group named outside quotations, in the same
        paragraph or the one before, with no person named after it (else the pronoun is not its)."""
        earliest = self.blocks[max(0, self.block_of(offset) - 1)][0]
        index = bisect.bisect_left(self.group_starts, offset)
        for entity in reversed(self.groups[:index]):
            if entity.start < earliest:
                return None
            if entity.end <= offset and not self._quoted(entity.start):
                person = self.antecedent(offset)
                if person is not None and person.start > entity.start:
                    return None
                return entity
        return None

    def mention_at(self, tokens: Sequence[Token], i: int, limit: int) -> tuple[Mention, int] | None:
        """A speaker mention starting at token ``i`` (titles skipped): a name or a pronoun, and its end."""
        k = i
        while k < limit and (tokens[k].text.lower() in TITLES or tokens[k].text.lower() in ("the", "a")):
            # "Mr. King added": a title word is the name when no capitalised word follows it
            named_next = k + 1 < limit and tokens[k + 1].text[:1].isupper()
            if tokens[k].text[:1].isupper() and tokens[k].text.lower() in TITLES and not named_next:
                break
            k += 1
        if k >= limit:
            return None
        token = tokens[k]
        if (token.text.lower() in PERSONAL or token.text.lower() in GROUP_PRONOUNS) and k == i:
            return Mention(token.start, token.end, token.text, True), k + 1
        entity = self.entity_at.get(token.start)
        if entity is not None:
            end = k
            while end < limit and tokens[end].end <= entity.end:
                end += 1
            return Mention(entity.start, entity.end, entity.text, False), end
        if token.text[:1].isupper() and token.text.isalpha() and token.text.lower() not in NOT_SPEAKERS:
            end = k + 1
            while end < limit and tokens[end].text[:1].isupper() and tokens[end].text[:1].isalpha():
                end += 1
            start, stop = token.start, tokens[end - 1].end
            return Mention(start, stop, self.text[start:stop], False), end
        return None

    def resolve(self, mention: Mention) -> str | None:
        if mention.described:
            reference = self.references.get(mention.end)
            if reference is not None and reference.start >= mention.start:
                return reference.entity  # "the Russian president" the article said was Putin
            return mention.text
        if mention.pronoun:
            if mention.text.lower() in GROUP_PRONOUNS:
                entity = self.group_antecedent(mention.start)
            else:
                entity = self.antecedent(mention.start, mention.text)
            return self.canonical(entity.start, entity.text) if entity else None
        return self.canonical(mention.start, mention.text)


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


def _head_word(word: str) -> bool:
    """A common noun that can head a description ("report", "spokesman", "ad-maker")."""
    return (
        word.islower()
        and word.replace("-", "").isalpha()
        and word not in DESCRIPTION_STOPS
        and word not in DETERMINERS
        and word not in PERSONAL
        and word not in GROUP_PRONOUNS
        and word not in SPEECH_VERBS
        and word not in ADVERBS
        and word not in AUXILIARIES
        and word not in NOT_SPEAKERS
        and not word.endswith("ly")
        and not (word.endswith("ed") and len(word) > 4)
    )


def _possessive(tokens: Sequence[Token], k: int) -> bool:
    return tokens[k].text in ("'s", "’s")


def _described(article: _Article, tokens: Sequence[Token], first: int, last: int) -> Mention:
    start, end = tokens[first].start, tokens[last].end
    return Mention(start, end, article.text[start:end], False, described=True)


def _description_from(article: _Article, tokens: Sequence[Token], first: int, stop: int) -> Mention | None:
    """A description starting at ``first``: "the report", "a spokesman (for ...)", "Obama's aide"."""
    k = first
    if k < stop and tokens[k].text.lower() in DETERMINERS:
        k += 1
    elif k + 1 < stop and _possessive(tokens, k + 1):
        k += 2
    else:
        return None
    head = None
    while k < stop and k - first <= MAX_DESCRIPTION:
        word = tokens[k].text
        if _possessive(tokens, k):
            k += 1
            continue
        if word.lower() in DESCRIPTION_STOPS or not word.replace("-", "").isalpha():
            break
        if _head_word(word):
            head = k
        k += 1
    return _described(article, tokens, first, head) if head is not None else None


def _description_before(article: _Article, tokens: Sequence[Token], start: int, verb: int) -> Mention | None:
    """The description right before the verb ("the report said", "Obama's spokesman told ...")."""
    k = verb - 1
    while k >= start and tokens[k].text.lower() in ADVERBS:
        k -= 1
    if k < start or not _head_word(tokens[k].text):
        return None
    head = k
    j = k - 1
    while j >= start and head - j <= MAX_DESCRIPTION:
        word = tokens[j].text
        if word.lower() in DETERMINERS:
            if j > start and tokens[j - 1].text.lower() in PREPOSITIONS:
                return None  # "marching through the streets chanted": not the subject
            return _described(article, tokens, j, head)
        if _possessive(tokens, j) and j > start:
            return _described(article, tokens, j - 1, head)
        if word.lower() in DESCRIPTION_STOPS or not word.replace("-", "").isalpha():
            break
        j -= 1
    return None


def _span_mention(article: _Article, tokens: Sequence[Token], first: int, stop: int) -> Mention | None:
    """The speaker inside ``tokens[first:stop]``: its last person (unless a description follows it,
    "Obama's spokesman"), else a leading pronoun, else a description, else an organisation."""
    leading = None
    if first < stop and tokens[first].text.lower() in PERSONAL.keys() | GROUP_PRONOUNS:
        leading = _pronoun(tokens, first)
    described = _description_from(article, tokens, first, stop)
    people = [e for e in _entities_in(article, tokens, first, stop) if e.label == "PERSON"]
    if described is not None and all(person.end < described.end for person in people):
        return described
    picked = _pick(article, tokens, first, stop, leading)
    if picked is not None:
        return picked
    if described is not None:
        return described
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
    closed = article.text[q.start : q.end].rstrip("”\"’'»").endswith(".")
    if closed and i < limit and tokens[i].text in ("He", "She", "They", "It"):
        return None  # “… for him.” She says …: a new sentence, not an attribution
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
    first = tokens[i].text
    if not (
        first[:1].isupper()
        or first.lower() in DETERMINERS
        or first.lower() in PERSONAL.keys() | GROUP_PRONOUNS
    ):
        return None  # “…” as to why Clinton struggled: the sentence goes on, no speaker follows
    j = i
    while j < min(limit, i + MAX_AFTER):
        word = tokens[j].text
        if word in SENTENCE_END or word in QUOTE_MARKS:
            return None
        if word == "(":
            j = max(j + 1, _skip_brackets(tokens, j, limit))
            continue
        if j > i and _verb_like(word.lower()) and tokens[j - 1].text.lower() not in ("the", "a", "an"):
            if closed and not _attribution_ends(tokens, j + 1, limit):
                return None  # “… the timing.” Gov. McCrory said it would be …: a sentence of its own
            return _span_mention(article, tokens, i, j)
        j += 1
    return None


def _attribution_ends(tokens: Sequence[Token], k: int, limit: int) -> bool:
    """After "X said": the end of the sentence, or only when and where it was said."""
    while k < limit and (tokens[k].text.lower() in ADVERBS_OF_TIME or tokens[k].text.lower() in ADVERBS):
        k += 1
    return (
        k >= limit
        or tokens[k].text in SENTENCE_END
        or tokens[k].text in (",", ";")
        or (tokens[k].text.lower() in PREPOSITIONS)
    )


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
            after = article.mention_at(tokens, k + 1, end) if word not in ADDRESSING else None
            if after is not None and (after[1] == end or (after[1] == end - 1 and words[-1] in (",", ":"))):
                return after[0]
            outer = _outer_source(article, tokens, start, k)
            return outer or _subject(article, tokens, start, k)
    if start == end and start > 0 and tokens[start - 1].text == ".":
        return _said_before(article, tokens, start - 1)
    return None


def _outer_source(article: _Article, tokens: Sequence[Token], start: int, verb: int) -> Mention | None:
    """Reported speech inside reported speech: in "Trump said that Clinton described it as “…”" and
    "Trump attacked Clinton, saying, “…”" the source is the sentence's subject (Trump), not the
    nearer name."""
    earlier = next(
        (
            k
            for k in range(start, verb)
            if tokens[k].text.lower() in SPEECH_VERBS and not _possessive(tokens, k)
        ),
        None,
    )
    participle = tokens[verb].text.lower().endswith("ing")
    if earlier is None and not participle:
        return None
    stop = earlier if earlier is not None else verb
    first = next((k for k in range(start, stop) if tokens[k].text.lower() in PERSONAL), None)
    found = _entities_in(article, tokens, start, stop)
    people = [e for e in found if e.label == "PERSON"]
    if people and (first is None or tokens[first].start > people[0].start):
        return _named(people[0])
    if first is not None:
        return _pronoun(tokens, first)
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
    """Who the clause before the verb is about: a description right before the verb ("the report
    said"), else the nearest person, else he/she, else an organisation."""
    described = _description_before(article, tokens, start, verb)
    if described is not None:
        return described
    nearest = next((k for k in range(verb - 1, start - 1, -1) if tokens[k].text.lower() in PERSONAL), None)
    picked = _pick(article, tokens, start, verb, _pronoun(tokens, nearest) if nearest is not None else None)
    if picked is None and start < verb:
        # "Zero Hedge asked, “…”", "In a statement, Peabody said": a capitalised subject right before
        # the verb that the tagger did not know.
        first = verb
        while first > start and tokens[first - 1].text[:1].isupper() and tokens[first - 1].text.isalpha():
            first -= 1
        if first < verb and tokens[first].text.lower() not in NOT_SPEAKERS:
            a, b = tokens[first].start, tokens[verb - 1].end
            return Mention(a, b, article.text[a:b], False)
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
    described = _description_from(article, tokens, start, end)
    named = described and _entities_in(article, tokens, start, _index_after(tokens, described.end))
    if described is not None and not named:
        return described  # "The piece used one of her quotes as its headline: “…”"
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
    references: Sequence[Reference] = (),
) -> list[Quote]:
    """The quotations with their speakers, in text order (``tokens``: each block's, if at hand;
    ``references``: descriptions that stand for a named entity)."""
    article = _Article(text, blocks, entities, tokens, references)
    article.inside_quotes = [(q.start, q.end) for q in quotes if q.depth == 0]
    outer = [q for q in quotes if q.depth == 0]
    found: dict[tuple[int, int], tuple[Mention, str] | None] = {}
    last_in_block: dict[int, tuple[Mention, str] | None] = {}
    for number, q in enumerate(outer):
        block = article.block_of(q.start)
        opening_tokens = article.tokens[block]
        last_block = article.block_of(q.end - 1)  # a quotation may run over several paragraphs
        next_quote = outer[number + 1].start if number + 1 < len(outer) else len(text)
        closing_tokens = article.tokens[last_block]
        limit = _index_after(closing_tokens, min(next_quote, blocks[last_block][1]))
        mention = _after(article, closing_tokens, q, limit) or _before(article, opening_tokens, q)
        if mention is None and block in last_in_block:
            previous = last_in_block[block]
            found[(q.start, q.end)] = previous
            continue
        if mention is None:
            mention = _sentence_subject(article, opening_tokens, q)
        if mention is None and q.start == blocks[block][0] and block > 0:
            prior = last_in_block.get(block - 1)
            if prior is not None:
                found[(q.start, q.end)] = last_in_block[block] = prior
                continue
            mention = _intro_colon(article, block - 1)
        result = None
        if mention is not None:
            name = article.resolve(mention)
            if name is None and mention.pronoun:
                # "The statement noted they had said they would take “…”": no one for "they" to be;
                # the sentence's subject speaks.
                subject = _sentence_subject(article, opening_tokens, q)
                if subject is not None and not subject.pronoun:
                    mention, name = subject, article.resolve(subject)
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
