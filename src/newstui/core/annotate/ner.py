"""Names in two steps: rules find the capitalised stretches, a small model says what each one is.

1. **Segmenting** (rules): a candidate is a run of capitalised words, joined across name particles
   ("Daniel arap Moi", "Charles de Gaulle"), "&", and "of" after a word that heads such names in the
   training data ("University of Texas", "Bank of England"). Titles split a run and are left out
   ("U.S. President Bill Clinton" gives "U.S." and "Bill Clinton"); a leading function word ("The",
   "In") is dropped.
2. **Typing** (an averaged perceptron, ``data/ner_model.json.gz``): each candidate becomes ``PER``,
   ``ORG``, ``LOC``, ``MISC`` or ``NONE`` from its words, their shapes, the words around it and lexicon
   hits (first names, surnames, places, lower-case words). ``NONE`` is how "Scores of ..." at the start
   of a sentence is turned down.

The same functions serve training (``tools/train_ner.py``) and tagging, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Sequence

from newstui.core.annotate.lexicon import MODIFIER_TITLES, TITLES, Lexicon
from newstui.core.annotate.tokens import STATES_ABBREVIATED, Token, sentence_starts
from newstui.core.annotate.words import word_set

CLASSES = ("PER", "ORG", "LOC", "MISC", "NONE")
PARTICLES = word_set("""de da del della di du la le van von der den ter bin ibn al el arap y dos das st.""")
FUNCTION_WORDS = word_set(
    """the a an in on at of for and but or if when as this that these those there here it its his her
    their our my your after before during while since until because although though with without
    from by to about against between into through under over than then so yet not no all some any
    each every both many much more most such what which who whom whose where why how one two three
    four five"""
)
ORG_HEAD_WORDS = word_set(
    """commission committee council party army navy bank court agency association federation
    league ministry department institute university college corporation company foundation society
    organization organisation brigades brigade movement police board authority assembly
    parliament congress senate government administration fund alliance coalition network channel
    studios airlines airways motors times post news journal herald tribune gazette magazine"""
)
"""Last words that make a multi-word name an organisation ("European Commission", "Supreme Court")."""
PLACE_HEAD_WORDS = word_set(
    """valley sea ocean river lake mountains mountain island islands bay gulf desert forest strait
    canal peninsula coast plains basin"""
)
"""Last words that make a multi-word name a place ("Silicon Valley", "Caspian Sea", "Great Lakes")."""
PARTY_MEMBERS = word_set("""democrat republican tory conservative liberal socialist communist""")
"""Before a first name ("Democrat Hillary Clinton") a party word describes the person, as a nationality
does."""
NOT_NAMES = frozenset({"I", "I'm", "I’m", "I'd", "I’d", "I'll", "I’ll", "I've", "I’ve", "OK"})


def is_capitalised(word: str) -> bool:
    return word[:1].isupper()


def _name_word(word: str) -> bool:
    if not word[:1].isupper() or word in NOT_NAMES:
        return False
    # "Kremlin-friendly", "Moscow-led": a name inside an ordinary word.
    return not ("-" in word and word.rsplit("-", 1)[1][:1].islower())


def is_title_case(words: Sequence[str]) -> bool:
    """A block whose longer words are nearly all capitalised (a headline, a heading)."""
    alpha = [w for w in words if w[:1].isalpha() and len(w) > 3]
    if len(alpha) < 3:
        return False
    return sum(1 for w in alpha if is_capitalised(w)) >= 0.8 * len(alpha)


def recase(words: Sequence[str], lexicon: Lexicon) -> list[str]:
    """Words of a Title Case headline, lower-cased where the lexicon says they are ordinary words."""
    out = []
    for word in words:
        lower = word.lower()
        ordinary = lower in lexicon.lowercase or lower in FUNCTION_WORDS
        out.append(lower if is_capitalised(word) and ordinary and lower not in lexicon.places else word)
    return out


def _is_title(words: Sequence[str], k: int, end: int) -> bool:
    """A title word that is followed, inside the run, by the name it introduces."""
    lower = words[k].lower()
    if lower in MODIFIER_TITLES:
        return k + 1 < end and (words[k + 1].lower() in TITLES or words[k + 1].lower() in MODIFIER_TITLES)
    return lower in TITLES and k + 1 < end and _name_word(words[k + 1])


def segment(words: Sequence[str], lexicon: Lexicon) -> list[tuple[int, int]]:
    """Candidate name spans as ``(first_token, end_token)``."""
    n = len(words)
    lower = [w.lower() for w in words]
    runs: list[tuple[int, int]] = []
    i = 0
    while i < n:
        if not _name_word(words[i]):
            i += 1
            continue
        j = i + 1
        while j < n:
            if _name_word(words[j]):
                j += 1
            elif (
                j + 1 < n
                and _name_word(words[j + 1])
                and (
                    lower[j] in PARTICLES
                    or words[j] == "&"
                    or (lower[j] == "of" and lower[j - 1] in lexicon.of_heads)
                )
            ):
                j += 2
            else:
                break
        runs.append((i, j))
        i = j
    spans: list[tuple[int, int]] = []
    for start, end in runs:
        piece = start
        k = start
        while k < end:
            if _is_title(words, k, end):
                if piece < k:
                    spans.append((piece, k))
                piece = k + 1
            k += 1
        if piece < end:
            spans.append((piece, end))
    out = []
    nationalities = lexicon.nationalities
    for start, end in spans:
        while start < end and lower[start] in FUNCTION_WORDS:
            start += 1
        while end > start and lower[end - 1] in PARTICLES:
            end -= 1
        # "Canadian Rick Todd", "Kosovo Albanians": the nationality word stands apart from the name.
        if end - start > 1:
            # "Democrat Hillary Clinton" too (a party word before a first name), but never
            # "European Commission": a name that ends as organisations do stays whole.
            party_member = lower[start] in PARTY_MEMBERS and lower[start + 1] in lexicon.first_names
            organisation = lower[end - 1] in ORG_HEAD_WORDS or lower[end - 1] in CORPORATE
        if end - start > 1 and not organisation and (lower[start] in nationalities or party_member):
            out.append((start, start + 1))
            start += 1
        if end - start > 1 and lower[end - 1] in nationalities:
            out.append((start, end - 1))
            start = end - 1
        if start < end:
            out.append((start, end))
    return sorted(out)


def _shape(word: str) -> str:
    out: list[str] = []
    for ch in word:
        kind = "X" if ch.isupper() else "x" if ch.isalpha() else "d" if ch.isdigit() else ch
        if not out or out[-1] != kind:
            out.append(kind)
    return "".join(out)


class Context:
    """One paragraph's tokens and what the span features need from them."""

    __slots__ = ("lexicon", "lower", "n", "starts", "words")

    def __init__(self, words: Sequence[str], tokens: Sequence[Token], lexicon: Lexicon) -> None:
        self.words = words
        self.lower = [w.lower() for w in words]
        self.n = len(words)
        self.starts = sentence_starts(list(tokens))
        self.lexicon = lexicon

    def features(self, first: int, end: int) -> list[str]:
        lex = self.lexicon
        lower, words = self.lower, self.words
        span = lower[first:end]
        joined = " ".join(span)
        size = end - first
        prev = lower[first - 1] if first > 0 else "<s>"
        prev2 = lower[first - 2] if first > 1 else "<s>"
        nxt = lower[end] if end < self.n else "</s>"
        nxt2 = lower[end + 1] if end + 1 < self.n else "</s>"
        initial = self.starts[first] or prev in ("“", '"', "‘")
        head = span[-1]
        shapes = "_".join(_shape(w) for w in words[first:end])
        feats = [
            "b",
            f"n={min(size, 4)}",
            "first=" + span[0],
            "last=" + head,
            "sf=" + head[-3:],
            "sf2=" + head[-2:],
            "shapes=" + shapes,
            "prev=" + prev,
            "prev2=" + prev2 + "|" + prev,
            "next=" + nxt,
            "next2=" + nxt + "|" + nxt2,
            "around=" + prev + "|" + nxt,
        ]
        feats.extend("w=" + w for w in span)
        if size == 1:
            feats.append("one=" + head)
        if initial:
            feats.append("initial")
            feats.append("initial_low=" + str(span[0] in lex.lowercase))
        elif span[0] not in lex.lowercase:
            feats.append("inner_unknown")
        place = joined in lex.places or (
            size > 1 and span[0] in lex.place_phrases and tuple(span) in lex.place_phrases[span[0]]
        )
        feats.append("gplace=" + str(place))
        feats.append("gfirst=" + str(span[0] in lex.first_names) + str(size))
        feats.append("glast=" + str(head in lex.surnames))
        feats.append("gnorp=" + str(joined in lex.nationalities))
        lows = sum(1 for w in span if w in lex.lowercase)
        feats.append(f"glow={lows == size}{min(lows, 2)}")
        feats.append("gorg=" + str(head in lex.org_heads))
        if words[first].isupper() and len(words[first]) > 1:
            feats.append(f"upper={min(len(words[first]), 5)}")
        if prev in TITLES:
            feats.append("after_title")
        if prev == "(" and nxt == ")":
            feats.append("parenthesised")
        return feats


CORPORATE = word_set("""inc. inc corp. corp co. cos. llc ltd. ltd plc gmbh ag s.a. group associates""")


INSTITUTIONS = frozenset(
    {"white house", "vatican", "kremlin", "pentagon", "congress", "senate", "parliament", "knesset", "duma"}
)
"""Seats of power that news uses for the body that sits there: organisations, as news NER marks them."""
GROUP_ENDINGS = ("ians", "ites", "ans", "ese", "ian")
WEB_DOMAINS = (".com", ".net", ".org")


def _group_word(word: str, lexicon: Lexicon) -> bool:
    """ "Sumerians", "Israelites", "Palestinian": a people (or its adjective), not an organisation."""
    lower = word.lower()
    return (
        lower.endswith(GROUP_ENDINGS)
        and word[1:].islower()
        and lower not in lexicon.places
        and lower not in lexicon.first_names
        and lower not in lexicon.surnames
    )


def settle(label: str, words: Sequence[str], lexicon: Lexicon) -> str:
    """Closed-class facts the model may not overrule: nationalities, countries, company suffixes."""
    lower = [w.lower() for w in words]
    joined = " ".join(lower)
    if len(lower) == 1 and joined in lexicon.nationalities:
        return "NORP"
    if joined in INSTITUTIONS:
        return "ORG"
    if len(lower) == 1 and label != "PER" and _group_word(words[0], lexicon):
        return "NORP"
    if lower[-1].endswith(WEB_DOMAINS):
        return "ORG"
    if len(lower) == 1 and joined in STATES_ABBREVIATED:
        return "LOC"
    if joined in lexicon.countries and label != "PER":
        return "LOC"
    if len(lower) > 1 and (lower[-1] in CORPORATE or (lower[-1] in ORG_HEAD_WORDS and label != "PER")):
        return "ORG"
    if len(lower) > 1 and lower[-1] in PLACE_HEAD_WORDS and label in ("PER", "ORG", "MISC", "NONE"):
        return "LOC"
    return label


def classify(feats: Sequence[str], weights: dict[str, dict[str, float]]) -> str:
    scores: dict[str, float] = {}
    for feature in feats:
        row = weights.get(feature)
        if row:
            for label, value in row.items():
                scores[label] = scores.get(label, 0.0) + value
    return max(CLASSES, key=lambda label: (scores.get(label, 0.0), label))


ZERO_SCORES = (0.0,) * len(CLASSES)


def weight_rows(weights: dict[str, dict[str, float]]) -> dict[str, tuple[float, ...]]:
    """The weights as one tuple per feature, in :data:`CLASSES` order (what :func:`classify_fast` sums)."""
    return {feature: tuple(row.get(label, 0.0) for label in CLASSES) for feature, row in weights.items()}


def classify_fast(feats: Sequence[str], rows: dict[str, tuple[float, ...]]) -> str:
    """:func:`classify` on :func:`weight_rows`: the same answer, summed column-wise in C."""
    get = rows.get
    found = [get(feature, ZERO_SCORES) for feature in feats]
    scores = [sum(column) for column in zip(*found, strict=True)] if found else list(ZERO_SCORES)
    return max(zip(scores, CLASSES, strict=True))[1]
