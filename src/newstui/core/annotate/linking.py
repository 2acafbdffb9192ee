"""Which mentions of an article are one entity, and the name that entity goes by.

News introduces a person or an organisation by full name and then shortens it: "Vladimir Putin" ...
"Putin" (the tagger leaves titles such as "Mr" out of the span already); "Wells BDDP" ... "Wells";
"International Atomic Energy Agency" ... "IAEA". The rules, per article:

- Every multi-word name is an entity of its own; two full names with the same first and last word
  ("Donald J. Trump", "Donald Trump") are one, and the form used most often is its canonical name.
- A one-word mention joins the multi-word person names ending with it (a surname), else those starting
  with it (a first name used alone), else the organisations starting with it or abbreviated to it.
- When several full names fit ("Clinton" with Hillary and Bill both named), the one named most recently
  before the mention wins if the others were last named before the paragraph preceding it; otherwise
  the mention is ambiguous and stays an entity of its own, named by its own text.
- A linked mention takes its entity's label, so the short form and the full name never disagree (the
  tagger typed "Wells" as a surname, the article made it an advertising agency).
- Names a table knows ("U.S.", "America", "the United States") are that table's entity, with its
  canonical name and label; an acronym the article introduces in brackets right after a name
  ("the Federal Bureau of Investigation (FBI)") is that organisation wherever it is used alone, even
  when its letters are not the name's initials.

Nothing here looks beyond the article: names are merged across the library by the entity index.
"""

from __future__ import annotations

import bisect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace

from newstui.core.models import Entity

LINKED_LABELS = frozenset({"PERSON", "ORG", "PLACE"})


def words_of(name: str) -> list[str]:
    """The words of a name, possessive endings dropped."""
    return [w.removesuffix("’s").removesuffix("'s") for w in name.split()]


def acronym(name: str) -> str:
    """``International Atomic Energy Agency`` -> ``IAEA`` (capitalised words only)."""
    return "".join(w[0] for w in words_of(name) if w[:1].isupper())


@dataclass(slots=True)
class _Cluster:
    label: str
    fixed_name: str = ""
    """The canonical name from the alias table, whatever forms the article uses."""
    forms: Counter[str] = field(default_factory=Counter)
    first_seen: dict[str, int] = field(default_factory=dict)
    positions: list[int] = field(default_factory=list)
    """Starts of every mention linked so far (kept sorted: mentions are visited in text order)."""

    @property
    def name(self) -> str:
        if self.fixed_name:
            return self.fixed_name
        return max(self.forms, key=lambda form: (self.forms[form], -self.first_seen[form]))

    def add(self, form: str, start: int) -> None:
        self.forms[form] += 1
        self.first_seen.setdefault(form, start)
        bisect.insort(self.positions, start)

    def last_before(self, offset: int) -> int | None:
        index = bisect.bisect_left(self.positions, offset)
        return self.positions[index - 1] if index else None


def _cluster_key(label: str, words: Sequence[str]) -> tuple[str, tuple[str, str]]:
    """People by first and last word ("Donald J. Trump" is "Donald Trump"), the rest by all words."""
    if label == "PERSON":
        return (label, (words[0].lower(), words[-1].lower()))
    return ("OTHER", (" ".join(words).lower(), ""))


def link_entities(
    entities: Sequence[Entity],
    paragraph_starts: Sequence[int],
    fixed: Callable[[Entity], bool] = lambda entity: False,
    first_name: Callable[[str], bool] = lambda word: True,
    title_gender: Callable[[Entity], str | None] | None = None,
    first_gender: Callable[[str], str | None] = lambda name: None,
    alias_of: Callable[[str], tuple[str, str] | None] = lambda name: None,
    text: str = "",
) -> list[Entity]:
    """The entities with ``entity`` (the canonical name) filled and labels made consistent.

    ``paragraph_starts`` are the offsets where the title and each paragraph begin, in order (they
    bound how far back "the most recent" full name may lie); a one-word mention for which ``fixed``
    is true (a country) is never linked to a longer name, and a one-word person joins a full name by
    its first word only when ``first_name`` says the word is a first name. When several full names fit,
    ``title_gender`` (the sex a title before the mention gives: "Mrs. Clinton") and ``first_gender``
    (that of a full name's first name) keep only those that agree. ``alias_of`` gives the canonical
    name and label of a name the alias table knows; ``text`` (the article) shows acronyms introduced
    in brackets.
    """
    clusters: dict[tuple[str, tuple[str, str]], _Cluster] = {}
    by_last: dict[str, list[_Cluster]] = {}
    by_first: dict[str, list[_Cluster]] = {}
    orgs_by_first: dict[str, list[_Cluster]] = {}
    orgs_by_acronym: dict[str, list[_Cluster]] = {}
    introduced: dict[str, _Cluster] = {}
    aliased: dict[str, _Cluster] = {}
    for number, entity in enumerate(entities):
        words = words_of(entity.text)
        # An all-capitals headline is tagged less reliably ("WELLS BDDP WILL"): it names no entity
        # of its own but may join one the body names.
        if entity.label not in LINKED_LABELS or len(words) < 2 or entity.text.isupper():
            continue
        if alias_of(entity.text) is not None:
            continue
        key = _cluster_key(entity.label, words)
        cluster = clusters.get(key)
        if cluster is None:
            cluster = clusters[key] = _Cluster(entity.label)
            if entity.label == "PERSON":
                by_last.setdefault(words[-1].lower(), []).append(cluster)
                by_first.setdefault(words[0].lower(), []).append(cluster)
            elif entity.label == "ORG":
                orgs_by_first.setdefault(words[0].lower(), []).append(cluster)
                if len(acronym(entity.text)) > 1:
                    orgs_by_acronym.setdefault(acronym(entity.text), []).append(cluster)
        cluster.add(entity.text, entity.start)
        short = _bracketed(text, entity, entities[number + 1] if number + 1 < len(entities) else None)
        if cluster.label == "ORG" and short is not None:
            introduced.setdefault(short, cluster)

    def paragraph_of(offset: int) -> int:
        return bisect.bisect_right(paragraph_starts, offset) - 1

    def nearest(candidates: list[_Cluster], offset: int) -> _Cluster | None:
        if len(candidates) == 1:
            return candidates[0]
        seen = [(c.last_before(offset), c) for c in candidates]
        named = sorted(((p, c) for p, c in seen if p is not None), key=lambda item: item[0], reverse=True)
        if not named:
            return None
        if len(named) > 1 and paragraph_of(named[1][0]) >= paragraph_of(offset) - 1:
            return None  # both named close by: which one is meant, the text does not say
        return named[0][1]

    out: list[Entity] = []
    singles: dict[str, _Cluster] = {}
    assigned: list[tuple[Entity, _Cluster]] = []
    for entity in entities:
        if entity.label not in LINKED_LABELS:
            out.append(entity)
            continue
        words = words_of(entity.text)
        found: _Cluster | None = None
        known = alias_of(entity.text)
        if known is not None:
            found = aliased.get(known[0])
            if found is None:
                found = aliased[known[0]] = _Cluster(known[1], fixed_name=known[0])
            found.add(entity.text, entity.start)
        elif entity.text in introduced:  # a use of the acronym, not a form the name goes by
            found = introduced[entity.text]
            found.positions.insert(bisect.bisect(found.positions, entity.start), entity.start)
        elif len(words) >= 2:
            found = clusters.get(_cluster_key(entity.label, words))
            if found is None and entity.text.isupper():
                found = next(
                    (c for label in ("PERSON", "ORG") if (c := clusters.get(_cluster_key(label, words)))),
                    None,
                )
        elif words and not fixed(entity):
            word = words[0].lower()
            # A place alone stays a place ("U.S." beside "U.S. Soccer", "Berkeley" beside "Berkeley
            # Center"); a person's surname or a short form of an organisation may be either.
            place = entity.label == "PLACE"
            if entity.text.isupper():  # "NASA", "FBI": an acronym is an organisation's, never a name's
                options = None if place else orgs_by_acronym.get(entity.text) or orgs_by_first.get(word)
            else:
                options = (
                    by_last.get(word)
                    or (None if place else orgs_by_first.get(word) or orgs_by_acronym.get(entity.text))
                    or (by_first.get(word) if entity.label == "PERSON" and first_name(word) else None)
                )
            if options and len(options) > 1 and title_gender is not None:
                # "Mrs. Clinton" beside Hillary and Bill: the title says which one
                wanted = title_gender(entity)
                fitting = [c for c in options if wanted and first_gender(c.name) in (None, wanted)]
                options = fitting if wanted and fitting else options
            if options:
                found = nearest(options, entity.start)
            if found is not None:
                found.positions.insert(bisect.bisect(found.positions, entity.start), entity.start)
        if found is None:
            found = singles.setdefault(entity.text, _Cluster(entity.label))
            found.add(entity.text, entity.start)
        assigned.append((entity, found))
        out.append(entity)
    names = {id(c): (c.name, c.label) for _, c in assigned}
    linked: dict[int, Entity] = {}
    for entity, cluster in assigned:
        name, label = names[id(cluster)]
        linked[id(entity)] = replace(entity, label=label, entity=name)
    return [linked.get(id(e), e) for e in out]


def _bracketed(text: str, entity: Entity, following: Entity | None) -> str | None:
    """The acronym in brackets right after a name ("Federal Bureau of Investigation (FBI)"), if any."""
    if following is None or not text:
        return None
    short = following.text
    letters = short.replace(".", "").replace("&", "")
    if not (letters.isalpha() and letters.upper() == letters and 1 < len(letters) <= 8):
        return None
    between = text[entity.end : following.start]
    return short if between.strip() == "(" and text[following.end : following.end + 1] == ")" else None
