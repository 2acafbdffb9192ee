"""Descriptions that stand for a name the article gave: "the Russian president" is Vladimir Putin
where the text said so first.

Only the text's own word counts. A person's role is established by a title before the name
("Russian President Vladimir Putin", "Sen. Bernie Sanders") or an apposition after it ("Adam Schiff,
the California congressman,"); an organisation's by an apposition ("Wells BDDP, the advertising
agency,") or by its own name ("Deutsche Bank" is a bank, "Acme Inc." a company). A later description
-- "the", words the role used, and a head noun of the role ("the Russian president", "the president",
"the congressman", "the bank") -- is then that entity. A description whose words the role never used
("the former president" for a sitting one) or that fits two entities named close by stays what it is.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field

from newstui.core.annotate.lexicon import MODIFIER_TITLES, TITLES
from newstui.core.annotate.tokens import Token
from newstui.core.annotate.words import word_set
from newstui.core.models import Entity

PERSON_HEADS = frozenset(
    {w.rstrip(".") for w in TITLES if w.rstrip(".") not in ("mr", "mrs", "ms", "dr", "sir", "dame", "lord")}
) | word_set(
    """lawmaker official businessman businesswoman billionaire executive founder actor actress singer
    star author writer economist analyst president minister leader chief dictator strongman premier
    congressman congresswoman senator governor mayor nominee candidate spokesman spokeswoman"""
)
"""Nouns that head a description of a person ("the president", "the Vermont senator")."""
ORG_HEADS = word_set(
    """company firm bank agency party group union council committee ministry department court
    government organisation organization newspaper paper network channel broadcaster airline carrier
    retailer maker manufacturer carmaker university college school hospital charity commission
    association federation alliance coalition institute foundation fund league club team army
    campaign corporation conglomerate giant lender insurer"""
)
"""Nouns that head a description of an organisation ("the company", "the bank")."""
HEADS = PERSON_HEADS | ORG_HEADS
COMPANY_ENDINGS = word_set("inc inc. corp corp. co co. ltd ltd. llc plc ag sa group holdings")
"""Last words that make a name a company's ("Acme Inc." is "the company")."""
ABBREVIATIONS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "pres": "president",
}
DETERMINER = word_set("the The")
APPOSITION_DETERMINERS = word_set("the a an")
APPOSITION_STOPS = frozenset({",", ".", ";", ":", "(", ")", "—", "–", "who", "which", "that", "said", "says"})
NAMED = frozenset({"PERSON", "ORG", "PLACE"})
MAX_ROLE_WORDS = 8
MAX_DESCRIPTION_WORDS = 4
MAX_TITLE_WORDS = 4


@dataclass(frozen=True, slots=True)
class Reference:
    """A description that stands for an entity of the article: ``text[start:end]`` is ``entity``."""

    start: int
    end: int
    text: str
    entity: str
    label: str


@dataclass(slots=True)
class _Role:
    name: str
    label: str
    words: set[str] = field(default_factory=set)
    heads: set[str] = field(default_factory=set)
    since: int = 0
    """Where the role was first given: descriptions before it do not link."""
    positions: list[int] = field(default_factory=list)
    """Where the entity is mentioned (by name or description), sorted."""


def _word(token: Token) -> str:
    word = token.text.lower().rstrip(".")
    return ABBREVIATIONS.get(word, word)


def _title_before(tokens: Sequence[Token], first: int) -> list[str]:
    """Title words right before a person's name ("Russian President", "Foreign Minister", "Sen.")."""
    words: list[str] = []
    k = first - 1
    while k >= 0 and first - k <= MAX_TITLE_WORDS:
        token = tokens[k]
        word = _word(token)
        if not token.text[:1].isupper() or not token.text.rstrip(".").replace("-", "").isalpha():
            break
        if word in PERSON_HEADS or word in MODIFIER_TITLES or (words and word not in ("the", "a")):
            words.insert(0, word)
            k -= 1
            continue
        break
    return words if any(w in PERSON_HEADS for w in words) else []


def _apposition(tokens: Sequence[Token], after: int) -> list[str]:
    """The words of ", the Russian president," right after a name (token ``after`` is the comma)."""
    if after + 1 >= len(tokens) or tokens[after].text != ",":
        return []
    k = after + 1
    if tokens[k].text.lower() not in APPOSITION_DETERMINERS:
        return []
    words: list[str] = []
    k += 1
    while k < len(tokens) and len(words) < MAX_ROLE_WORDS:
        text = tokens[k].text
        if text.lower() in APPOSITION_STOPS or not text.replace("-", "").replace("’", "").isalpha():
            break
        words.append(_word(tokens[k]))
        k += 1
    return words


def _start(token: Token) -> int:
    return token.start


def _heads(words: Sequence[str], heads: frozenset[str]) -> set[str]:
    return {w for w in words if w in heads}


def find_references(
    text: str,
    blocks: Sequence[tuple[int, int]],
    tokens: Sequence[list[Token]],
    entities: Sequence[Entity],
) -> list[Reference]:
    """The descriptions of ``text`` that stand for one of its (linked) entities, in text order."""
    roles: dict[tuple[str, str], _Role] = {}
    block_starts = [start for start, _ in blocks]
    entity_starts = [e.start for e in entities]
    found: list[Reference] = []
    for block_tokens in tokens:
        if not block_tokens:
            continue
        first = bisect.bisect_left(entity_starts, block_tokens[0].start)
        last = bisect.bisect_left(entity_starts, block_tokens[-1].end)
        for entity in entities[first:last]:
            if entity.label in ("PERSON", "ORG"):
                i = bisect.bisect_left(block_tokens, entity.start, key=_start)
                _learn(
                    roles, entity, block_tokens, i, bisect.bisect_left(block_tokens, entity.end, key=_start)
                )
    if not any(role.heads for role in roles.values()):
        return []
    candidates: list[tuple[int, int, int, list[str]]] = []  # block, first token, head token, words
    for number, block_tokens in enumerate(tokens):
        for i in [i for i, t in enumerate(block_tokens) if t.text in DETERMINER]:
            described = _description(block_tokens, i)
            if described is not None:
                candidates.append((number, i, *described))
    for number, first, head, words in candidates:
        block_tokens = tokens[number]
        start, end = block_tokens[first].start, block_tokens[head].end
        index = bisect.bisect_left(entity_starts, start)
        nearby = entities[max(0, index - 1) : index + 2]
        if any(e.start < end and start < e.end and e.label in NAMED for e in nearby):
            continue  # part of a name ("the Federal Reserve Bank" tagged as one)
        role = _choose(roles, words, start, block_starts)
        if role is not None:
            found.append(Reference(start, end, text[start:end], role.name, role.label))
            bisect.insort(role.positions, start)
    return found


def _learn(
    roles: dict[tuple[str, str], _Role], entity: Entity, tokens: Sequence[Token], first: int, end: int
) -> None:
    """What the text says the entity at token ``first`` (ending before token ``end``) is."""
    name = entity.entity or entity.text
    role = roles.get((name, entity.label))
    if role is None:
        role = roles[(name, entity.label)] = _Role(name, entity.label, since=entity.start)
    bisect.insort(role.positions, entity.start)
    heads = PERSON_HEADS if entity.label == "PERSON" else ORG_HEADS
    words = _apposition(tokens, end)
    if entity.label == "PERSON":
        words = words + _title_before(tokens, first)
    else:
        name_words = [w.lower() for w in name.split()]
        if name_words and name_words[-1] in ORG_HEADS:
            words = words + name_words
        if name_words and name_words[-1] in COMPANY_ENDINGS:
            words = [*words, "company", "firm"]
    learned = _heads(words, heads)
    if learned:
        if not role.heads:
            role.since = entity.start
        role.heads |= learned
        role.words |= set(words)


def _is_head(token: Token) -> bool:
    return token.text.islower() and _word(token) in HEADS


def _description(tokens: Sequence[Token], i: int) -> tuple[int, list[str]] | None:
    """``the`` at token ``i`` and the words after it up to a head noun ("the Russian president"):
    the head's token and the description's words (head last), or ``None``."""
    words: list[str] = []
    k = i + 1
    while k < len(tokens) and len(words) < MAX_DESCRIPTION_WORDS:
        token = tokens[k]
        if not token.text.replace("-", "").isalpha():
            return None
        words.append(_word(token))
        k += 1
        if not _is_head(token):
            continue
        if k < len(tokens) and _is_head(tokens[k]):
            continue  # "the party leader": the last noun heads it
        if k < len(tokens) and tokens[k].text.lower() in ("of", "for", "to", "at"):
            return None  # "the president of Brazil": a description of its own
        return k - 1, words
    return None


def _choose(
    roles: dict[tuple[str, str], _Role], words: list[str], start: int, block_starts: list[int]
) -> _Role | None:
    """The one entity whose role the description's words fit, or the nearest when the others were
    last named before the previous paragraph; ``None`` when it is not clear."""
    head = words[-1]
    fitting = [
        role
        for role in roles.values()
        if head in role.heads and role.since < start and all(w in role.words for w in words)
    ]
    if len(fitting) <= 1:
        return fitting[0] if fitting else None
    seen = []
    for role in fitting:
        index = bisect.bisect_left(role.positions, start)
        if index:
            seen.append((role.positions[index - 1], role))
    seen.sort(key=lambda item: item[0], reverse=True)
    if not seen:
        return None
    if len(seen) > 1:
        paragraph = bisect.bisect_right(block_starts, start) - 1
        if bisect.bisect_right(block_starts, seen[1][0]) - 1 >= paragraph - 1:
            return None
    return seen[0][1]
