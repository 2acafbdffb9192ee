"""Score the annotator on the gold sets and time it.

    python benchmarks/annotate.py [--gold DIR] [--errors]

Reads ``ieer-dev.jsonl`` (entities) and ``polnear-dev.jsonl`` (quotations and speakers) from ``--gold``
(default ``../shared/gold`` beside the repository) and prints:

- precision / recall / F1 per entity label and for PERSON+ORG+PLACE together, on exact span matches
  (NORP is not scored: the IE-ER annotation has no such label);
- quotation recall: gold quotations found with exactly the same span, marks included;
- speaker accuracy over every gold quotation whose annotated speaker is not a bare pronoun (names and
  descriptions alike: "Trump", "the report", "a source"): correct when the last word of the predicted
  speaker is one of the gold speaker's words, or the gold's last word is one of the prediction's, case
  and punctuation ignored;
- with ``--train``, PERSON+ORG+PLACE F1 on the training text (wikigold and GUM from ``../shared/train``,
  read as ``tools/train_ner.py`` reads them): a check that rules tuned on dev do not lose elsewhere;
- words per second over both sets (``str.split`` words; the one-off loading of the model is not
  counted, it is printed separately), by the wall clock and by CPU time (a core's rate).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "src"))

from newstui.core.annotate import annotate  # noqa: E402
from newstui.core.annotate.lexicon import load_lexicon, load_model  # noqa: E402

SCORED = ("PERSON", "ORG", "PLACE", "DATE", "NUMBER")
NAMES = ("PERSON", "ORG", "PLACE")
PRONOUNS = frozenset(
    [
        "i",
        "me",
        "my",
        "we",
        "us",
        "our",
        "you",
        "your",
        "he",
        "him",
        "his",
        "she",
        "her",
        "they",
        "them",
        "their",
        "it",
        "its",
        "this",
        "that",
        "who",
        "one",
        "which",
        "whom",
        "whose",
        "mine",
        "hers",
        "theirs",
        "ours",
        "yours",
        "himself",
        "herself",
        "itself",
        "themselves",
    ]
)


def default_gold() -> Path:
    """``shared/gold`` beside the repository, or beside a folder holding it (a git worktree)."""
    for folder in REPO.parents:
        if (folder / "shared" / "gold").is_dir():
            return folder / "shared" / "gold"
    return REPO.parent / "shared" / "gold"


def _read(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score_entities(docs: list[dict], show_errors: bool) -> float:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for doc in docs:
        gold = {(e["start"], e["end"], e["label"]) for e in doc["entities"]}
        found = {(e.start, e.end, e.label) for e in annotate(doc["text"]).entities if e.label in SCORED}
        for label in SCORED:
            g = {x for x in gold if x[2] == label}
            f = {x for x in found if x[2] == label}
            tp[label] += len(g & f)
            fp[label] += len(f - g)
            fn[label] += len(g - f)
        if show_errors:
            text = doc["text"]
            for s, e, label in sorted(gold - found):
                if label in NAMES:
                    print(f"  missed {label:6} {text[s:e]!r}", file=sys.stderr)
            for s, e, label in sorted(found - gold):
                if label in NAMES:
                    print(f"  extra  {label:6} {text[s:e]!r}", file=sys.stderr)
    print(f"Entities: {len(docs)} documents (exact span and label)")
    print(f"  {'label':16} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for label in SCORED:
        p, r, f = _prf(tp[label], fp[label], fn[label])
        print(f"  {label:16} {p:6.3f} {r:6.3f} {f:6.3f} {tp[label] + fn[label]:6d}")
    p, r, f = _prf(*(sum(c[label] for label in NAMES) for c in (tp, fp, fn)))
    gold_names = sum(tp[label] + fn[label] for label in NAMES)
    print(f"  {'PERSON+ORG+PLACE':16} {p:6.3f} {r:6.3f} {f:6.3f} {gold_names:6d}")
    return f


TRAIN_LABELS = {"PER": "PERSON", "ORG": "ORG", "LOC": "PLACE"}


def score_train(train: Path) -> float:
    """PERSON+ORG+PLACE exact F1 over wikigold and GUM (their MISC and other types left out)."""
    sys.path.insert(0, str(REPO / "tools"))
    from train_ner import read_gum, read_wikigold

    docs = list(read_wikigold(train / "wikigold.conll.txt"))
    docs += [read_gum(path)[0] for path in sorted((train / "gum").glob("*.conllu"))]
    tp = fp = fn = 0
    for text, spans, _ in docs:
        gold = {(a, b, TRAIN_LABELS[t]) for a, b, t in spans if t in TRAIN_LABELS}
        found = {(e.start, e.end, e.label) for e in annotate(text).entities if e.label in NAMES}
        tp, fp, fn = tp + len(gold & found), fp + len(found - gold), fn + len(gold - found)
    p, r, f = _prf(tp, fp, fn)
    print(f"Training text: {len(docs)} documents, PERSON+ORG+PLACE P {p:.3f} R {r:.3f} F1 {f:.3f}")
    return f


def _words(name: str) -> list[str]:
    """Lower-cased words of a speaker, punctuation and a possessive ending dropped."""
    out = []
    for word in name.lower().split():
        word = word.strip(".,;:’'\"()[]")
        word = word.removesuffix("’s").removesuffix("'s")
        word = "".join(ch for ch in word if ch.isalnum())
        if word:
            out.append(word)
    return out


def is_scored(speaker: str | None) -> bool:
    """Every annotated speaker except a bare pronoun ("he", "they", "who"): names and descriptions."""
    if not speaker:
        return False
    words = _words(speaker)
    return bool(words) and not (len(words) == 1 and words[0] in PRONOUNS)


def speaker_matches(predicted: str | None, gold: str) -> bool:
    """Right when the prediction's last word is one of the gold's words, or the gold's last word one
    of the prediction's."""
    if not predicted:
        return False
    mine, theirs = _words(predicted), _words(gold)
    if not mine or not theirs:
        return False
    return mine[-1] in theirs or theirs[-1] in mine


def score_quotes(docs: list[dict], show_errors: bool) -> tuple[float, float]:
    total = found = named = right = right_described = linked = 0
    for doc in docs:
        annotations = annotate(doc["text"])
        quotes = {(q.start, q.end): q for q in annotations.quotes}
        references = {r.end: r for r in annotations.references}
        for gold in doc["quotes"]:
            total += 1
            mine = quotes.get((gold["start"], gold["end"]))
            found += mine is not None
            if is_scored(gold.get("speaker")):
                named += 1
                ok = mine is not None and speaker_matches(mine.speaker, gold["speaker"])
                right += ok
                reference = references.get(mine.speaker_end) if mine and mine.speaker_end else None
                if (
                    reference is not None
                    and mine is not None
                    and reference.start >= (mine.speaker_start or 0)
                ):
                    linked += 1
                    right_described += ok or speaker_matches(reference.text, gold["speaker"])
                    if show_errors:
                        print(
                            f"  linked {reference.text!r} -> {mine.speaker!r} for gold {gold['speaker']!r}",
                            file=sys.stderr,
                        )
                else:
                    right_described += ok
                if show_errors and not ok:
                    said = mine.speaker if mine else "(quote not found)"
                    print(
                        f"  speaker {said!r} for gold {gold['speaker']!r}: {gold['text'][:60]!r}",
                        file=sys.stderr,
                    )
    recall = found / total if total else 0.0
    accuracy = right / named if named else 0.0
    print(f"Quotations: {len(docs)} documents")
    print(f"  quotation recall (exact span)     {recall:6.3f}  ({found}/{total})")
    print(f"  speaker accuracy (last word)      {accuracy:6.3f}  ({right}/{named})")
    print(
        f"  same, a description linked to a name scored as written (speaker_description) "
        f"{right_described / named if named else 0.0:6.3f}  ({right_described}/{named}; {linked} linked)"
    )
    return recall, accuracy


def words_per_second(texts: list[str], rounds: int) -> float:
    """Words a second, by the wall clock and by this process's CPU time (a core's rate, which other
    work on a shared machine does not distort); best of ``rounds``."""
    words = sum(len(t.split()) for t in texts)
    best = best_cpu = float("inf")
    for _ in range(rounds):
        began, began_cpu = time.perf_counter(), time.process_time()
        for text in texts:
            annotate(text)
        best = min(best, time.perf_counter() - began)
        best_cpu = min(best_cpu, time.process_time() - began_cpu)
    print(
        f"Speed: {words:,} words in {best:.3f} s (best of {rounds}) = {words / best:,.0f} words/s; "
        f"CPU {best_cpu:.3f} s = {words / best_cpu:,.0f} words/s a core"
    )
    return words / best_cpu


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--gold", type=Path, default=default_gold())
    parser.add_argument("--errors", action="store_true", help="list the misses on stderr")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--train", type=Path, nargs="?", const=default_gold().parent / "train")
    args = parser.parse_args()
    ieer = _read(args.gold / "ieer-dev.jsonl")
    polnear = _read(args.gold / "polnear-dev.jsonl")
    began = time.perf_counter()
    load_lexicon()
    load_model()
    print(f"Model and lexicon loaded in {time.perf_counter() - began:.2f} s")
    score_entities(ieer, args.errors)
    score_quotes(polnear, args.errors)
    if args.train:
        score_train(args.train)
    words_per_second([d["text"] for d in ieer + polnear], args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
