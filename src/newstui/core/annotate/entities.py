"""Named entities of an article: the perceptron's names, news conventions, then dates and numbers.

Per paragraph: tokens are tagged by :mod:`ner`; a Title Case headline is first re-cased (its ordinary
words lowered) so capitals mean names again, and an all-caps dateline ("NAIROBI, Kenya (AP) _") is read
as places and an agency. Titles ("President", "Mr.") are kept out of person names, nationality words
become ``NORP``, and a name the article has already used is recognised again where the tagger missed
it (a surname alone, a name at the start of a sentence); a lone word typed as a person that the article
never introduced by full name, and that no name list knows, is taken for an organisation. Dates and
numbers come last, by rule.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from newstui.core.annotate.lexicon import (
    TITLES,
    Lexicon,
    alias_key,
    load_aliases,
    load_genders,
    load_lexicon,
    load_rows,
)
from newstui.core.annotate.linking import link_entities
from newstui.core.annotate.measures import find_measures
from newstui.core.annotate.ner import Context, classify_fast, is_title_case, recase, segment, settle
from newstui.core.annotate.tokens import Token, tokenize
from newstui.core.annotate.words import word_set
from newstui.core.models import Entity

LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE", "NORP": "NORP"}
NAME_LABELS = ("PERSON", "ORG", "PLACE")
SURNAME_WEIGHT = 3
AGENCIES = word_set("""AP Reuters AFP UPI Bloomberg CNN BBC Xinhua""")
_DATELINE_END = frozenset({"_", "—", "–", "-", "--", "("})
LEADING_NOISE = word_set("""the""")

Span = tuple[int, int, str]  # first token, end token, label


def _dateline(tokens: Sequence[Token]) -> tuple[list[Span], int]:
    """An opening "CITY, Region (AP) _" as spans, and how many tokens it covers (0 if none)."""
    i = 0
    n = len(tokens)
    while i < n and tokens[i].text.isupper() and tokens[i].text[:1].isalpha():
        i += 1
    if i == 0 or i >= n or tokens[i].text not in (",", "(", "_", "—", "–", "-"):
        return [], 0
    spans: list[Span] = [(0, i, "PLACE")]
    k = i
    if tokens[k].text == ",":
        region = k + 1
        while region < n and tokens[region].text[:1].isupper() and tokens[region].text not in ("(",):
            region += 1
        if region == k + 1:
            return [], 0
        spans.append((k + 1, region, "PLACE"))
        k = region
    agency = k + 2 < n and tokens[k].text == "(" and tokens[k + 2].text == ")"
    if agency and (tokens[k + 1].text in AGENCIES or tokens[k + 1].text.isupper()):
        spans.append((k + 1, k + 2, "ORG"))
        k += 3
    if k >= n or tokens[k].text not in _DATELINE_END:
        return [], 0
    return spans, k


def _tag_block(
    tokens: Sequence[Token], lexicon: Lexicon, weights: dict[str, tuple[float, ...]]
) -> list[Span]:
    words = [t.text for t in tokens]
    spans, covered = _dateline(tokens)
    if covered:
        words = [w.title() if i < covered and w.isupper() and len(w) > 3 else w for i, w in enumerate(words)]
    if is_title_case(words):
        words = recase(words, lexicon)
    context = Context(words, tokens, lexicon)
    for first, end in segment(words, lexicon):
        if end <= covered:
            continue
        kind = settle(classify_fast(context.features(first, end), weights), words[first:end], lexicon)
        if all(word.lower() in TITLES for word in words[first:end]):
            continue  # "Mr." left alone ("Mr. and Mrs. Khan"): a title, not a name
        if kind in LABELS:
            spans.append((first, end, LABELS[kind]))
    return spans


ACRONYM_CONNECTORS = word_set("of for to and on the in &")
BODY_WORDS = word_set(
    """committee alliance coalition union commission organization organisation society federation
    institute center centre fund network party movement front board service office council"""
)
"""Words that make a bracketed acronym's name a body's (with the lexicon's organisation heads)."""
MAX_EXPANSION = 10


def _introduced(tokens: Sequence[Token], spans: list[Span], lexicon: Lexicon) -> list[Span]:
    """``spans`` with every name an article introduces with its acronym ("The National Association
    of Realtors (NAR) said") made one span, and the acronym another, of the same label (the name's
    if the tagger found it, else an organisation): the letters say where the name starts. Only where
    the tagger saw a name there too, or a word of it heads organisations' names ("Association"):
    capitalised terms have acronyms as well ("System Under Test (SUT)")."""
    found: list[Span] = []
    for i in [i for i, t in enumerate(tokens) if t.text == "("]:
        if not 0 < i < len(tokens) - 2:
            continue
        short = tokens[i + 1].text
        letters = short.replace(".", "")
        if tokens[i].text != "(" or tokens[i + 2].text != ")" or not 1 < len(letters) <= 8:
            continue
        if not (letters.isalpha() and letters.isupper()):
            continue
        initials = ""
        first = None
        for k in range(i - 1, max(-1, i - 1 - MAX_EXPANSION), -1):
            word = tokens[k].text
            if word[:1].isupper() and word.replace("-", "").isalpha():
                initials = word[0] + initials
                if initials == letters:
                    first = k
                    break
            elif word.lower() not in ACRONYM_CONNECTORS or k == i - 1:
                break
            if not letters.endswith(initials):
                break
        if first is None:
            continue
        words = {t.text.lower() for t in tokens[first:i]}
        named = any(a < i and first < b and lab in NAME_LABELS for a, b, lab in spans)
        if not (named or words & (lexicon.org_heads | lexicon.of_heads | BODY_WORDS)):
            continue
        label = next((lab for a, b, lab in spans if (a, b) == (first, i) and lab in NAME_LABELS), "ORG")
        found += [(first, i, label), (i + 1, i + 2, label)]
    if not found:
        return spans
    covered = [(a, b) for a, b, _ in found]
    kept = [span for span in spans if not any(span[0] < b and a < span[1] for a, b in covered)]
    return sorted(kept + found)


def _known_again(tokens: Sequence[Token], spans: list[Span], known: dict[str, str]) -> list[Span]:
    """Capitalised words the article already used as a name (or a person's surname) but were missed."""
    taken = [False] * len(tokens)
    for first, end, _ in spans:
        for k in range(first, end):
            taken[k] = True
    extra = []
    for i, token in enumerate(tokens):
        title = token.text.lower() in TITLES
        if not taken[i] and token.text in known and token.text[:1].isupper() and not title:
            extra.append((i, i + 1, known[token.text]))
    return extra


def _norp(tokens: Sequence[Token], taken: list[bool], lexicon: Lexicon) -> list[Span]:
    return [
        (i, i + 1, "NORP")
        for i, token in enumerate(tokens)
        if not taken[i] and token.text[:1].isupper() and token.text.lower() in lexicon.nationalities
    ]


def _known_name(word: str, lexicon: Lexicon) -> bool:
    """A first name or surname the lexicon knows (census lists, or a person named in the training text)."""
    lower = word.lower()
    return lower in lexicon.surnames or lower in lexicon.first_names or lower in lexicon.person_words


def find_entities(
    text: str, blocks: Sequence[tuple[int, int]], tokenized: Sequence[list[Token]] | None = None
) -> list[Entity]:
    """All entities of ``text``; ``blocks`` are the title and the paragraphs, title first (and
    ``tokenized`` their tokens, when the caller has them already)."""
    lexicon = load_lexicon()
    weights = load_rows()
    if tokenized is None:
        tokenized = [tokenize(text, start, end) for start, end in blocks]
    tagged = [_introduced(tokens, _tag_block(tokens, lexicon, weights), lexicon) for tokens in tokenized]

    votes: dict[str, Counter[str]] = {}
    full_names: set[str] = set()
    for tokens, spans in zip(tokenized, tagged, strict=True):
        for first, end, label in spans:
            if label not in NAME_LABELS:
                continue
            name = text[tokens[first].start : tokens[end - 1].end]
            votes.setdefault(name, Counter())[label] += 1
            if label == "PERSON" and end - first > 1:
                # A full name used once makes its surname a person's for the whole article.
                votes.setdefault(tokens[end - 1].text, Counter())["PERSON"] += SURNAME_WEIGHT
                full_names.add(tokens[end - 1].text)
    known = {name: counts.most_common(1)[0][0] for name, counts in votes.items() if " " not in name}
    for name, (_, label) in load_aliases().items():  # "EU", "U.S.": a name wherever it is written so
        if " " not in name and name not in known:
            known[name] = label

    entities: list[Entity] = []
    for tokens, spans in zip(tokenized, tagged, strict=True):
        spans = spans + _known_again(tokens, spans, known)
        taken = [False] * len(tokens)
        for first, end, _ in spans:
            for k in range(first, end):
                taken[k] = True
        groups = _norp(tokens, taken, lexicon)
        for first, end, _ in groups:
            for k in range(first, end):
                taken[k] = True
        spans += groups + find_measures(tokens, taken)
        for first, end, label in spans:
            start, stop = tokens[first].start, tokens[end - 1].end
            name = text[start:stop]
            if label in NAME_LABELS and name in votes:
                label = votes[name].most_common(1)[0][0]
            if label == "PERSON" and end - first == 1 and name not in full_names:
                # News introduces a person by full name before using one; a lone word it never
                # introduced, that is no known name either, is far more often a company or a group.
                label = label if _known_name(name, lexicon) else "ORG"
            entities.append(Entity(start, stop, label, name))
    entities.sort(key=lambda e: (e.start, e.end))
    countries = lexicon.countries
    aliases = load_aliases()
    return link_entities(
        entities,
        [start for start, _ in blocks],
        fixed=lambda e: e.label == "PLACE" and e.text.lower() in countries,
        first_name=lambda word: word in lexicon.first_names,
        title_gender=lambda e: _title_gender(text, e.start),
        first_gender=lambda name: load_genders().get(name.split()[0].lower()) if name.split() else None,
        alias_of=lambda name: aliases.get(alias_key(name)),
        text=text,
    )


TITLE_GENDERS = {"mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "dame": "f", "lady": "f"}


def _title_gender(text: str, start: int) -> str | None:
    """The sex a title right before ``start`` gives ("Mrs. Clinton" -> "f"), if any."""
    before = text[max(0, start - 6) : start].split()
    return TITLE_GENDERS.get(before[-1].lower().rstrip(".")) if before else None
