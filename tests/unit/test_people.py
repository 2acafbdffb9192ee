"""The entity index across a library, and the ``people`` / ``quotes`` commands built on it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from newstui.cli import main
from newstui.core.people.index import NameFilter, merge_names
from newstui.core.people.records import Enrichment, enrichment_of
from newstui.core.search import SearchIndex
from tests.people_support import ARTICLES, write_library


@pytest.fixture
def library(tmp_path: Path) -> Path:
    return write_library(tmp_path)


MERGE_CASES = {
    "a surname joins the only full name": (
        [("Vladimir Putin", "PERSON"), ("Putin", "PERSON")],
        {"Putin": "Vladimir Putin"},
    ),
    "a surname two people share stays apart": (
        [("Hillary Clinton", "PERSON"), ("Bill Clinton", "PERSON"), ("Clinton", "PERSON")],
        {"Clinton": "Clinton", "Hillary Clinton": "Hillary Clinton", "Bill Clinton": "Bill Clinton"},
    ),
    "a middle initial is the same person": (
        [("Donald Trump", "PERSON"), ("Donald Trump", "PERSON"), ("Donald J. Trump", "PERSON")],
        {"Donald J. Trump": "Donald Trump"},
    ),
    "a surname joins a full name that nearly all its articles use": (
        [("Barack Obama", "PERSON")] * 9 + [("Michelle Obama", "PERSON"), ("Obama", "PERSON")],
        {"Obama": "Barack Obama", "Michelle Obama": "Michelle Obama"},
    ),
    "organisations merge only when spelt alike": (
        [("Acme Bank", "ORG"), ("Acme Bank", "ORG"), ("ACME BANK", "ORG"), ("Acme", "ORG")],
        {"Acme": "Acme", "ACME BANK": "Acme Bank"},
    ),
    "a lone word typed as an organisation joins the person": (
        [("Vladimir Putin", "PERSON"), ("Putin", "ORG")],
        {"Putin": "Vladimir Putin"},
    ),
    "the alias table's names are one entity, whatever the tagger called them": (
        [("U.S.", "PLACE"), ("US", "ORG"), ("America", "PLACE"), ("United States", "PLACE")],
        {"U.S.": "United States", "US": "United States", "America": "United States"},
    ),
    "an alias names its entity even when the canonical name is never used": (
        [("Britain", "PLACE"), ("UK", "PLACE"), ("EU", "ORG"), ("U.N.", "ORG")],
        {
            "Britain": "United Kingdom",
            "UK": "United Kingdom",
            "EU": "European Union",
            "U.N.": "United Nations",
        },
    ),
    "an acronym joins the organisation whose initials it is": (
        [("National Association of Realtors", "ORG"), ("NAR", "ORG")],
        {"NAR": "National Association of Realtors"},
    ),
    "an acronym two organisations share stays apart": (
        [("American Bar Association", "ORG"), ("American Bankers Association", "ORG"), ("ABA", "ORG")],
        {"ABA": "ABA"},
    ),
    "a capitalised word is not an acronym": (
        [("National Association of Realtors", "ORG"), ("Nar", "ORG")],
        {"Nar": "Nar"},
    ),
}


@pytest.mark.parametrize(("rows", "expected"), MERGE_CASES.values(), ids=MERGE_CASES.keys())
def test_merge_names(rows: list[tuple[str, str]], expected: dict[str, str]) -> None:
    merged = merge_names(rows)
    for alias, name in expected.items():
        label = next(label for n, label in rows if n == alias)
        assert merged[(alias, label)][0] == name


def test_enrichment_keeps_entities_and_attributed_quotes() -> None:
    text = ARTICLES["wire_2024-01-02_summit.txt"]
    found = enrichment_of(text)
    assert ("Vladimir Putin", "PERSON", 2) in found.mentions
    [(speaker, start, end)] = found.quotes
    assert speaker == "Vladimir Putin"
    assert text[start:end].startswith("“We are ready")
    assert "Putin" in found.fields[0]
    again = Enrichment.loads(found.fields, found.dumps())
    assert again == found
    assert Enrichment.loads(["", "", ""], "not json").mentions == ()


def test_index_answers_people_quotes_and_articles(library: Path, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index.sqlite")
    index.sync([library])
    index.enrich()
    people = index.people
    top = people.people(label="PERSON")
    putin = next(p for p in top if p.name == "Vladimir Putin")
    assert (putin.articles, putin.quotes) == (3, 1)
    assert putin.mentions >= 4
    assert putin.last_seen is not None and putin.last_seen.month == 3
    assert top == sorted(top, key=lambda p: -p.mentions)
    assert "Clinton" in {p.name for p in top}  # two Clintons are named: the surname stays apart
    recent = people.people(order="recent", limit=1)
    assert recent[0].last_seen == max(p.last_seen for p in people.people(limit=100) if p.last_seen)
    quotes = people.quotes()
    assert [q.published.month for q in quotes if q.published] == sorted(
        [q.published.month for q in quotes if q.published], reverse=True
    )
    only = people.quotes(speakers=people.speakers_like("putin"))
    assert [q.speaker for q in only] == ["Vladimir Putin"]
    assert only[0].text.startswith("“We are ready")
    titles = [a.title for a in people.articles("Vladimir Putin", "PERSON")]
    assert titles == ["Campaign trail heats up", "Gas prices climb again", "Leaders meet in Geneva"]
    index.close()


def test_index_forgets_a_removed_article(library: Path, tmp_path: Path) -> None:
    index = SearchIndex(tmp_path / "index.sqlite")
    index.sync([library])
    index.enrich()
    (library / "wire_2024-01-02_summit.txt").unlink()
    index.sync([library])
    index.enrich()
    putin = next(p for p in index.people.people() if p.name == "Vladimir Putin")
    assert (putin.articles, putin.quotes) == (2, 0)
    assert index.people.quotes(speakers=["Vladimir Putin"]) == []
    index.close()


def _json_lines(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    return [json.loads(line) for line in capsys.readouterr().out.splitlines()]


def test_people_command(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["people", "--json", str(library)]) == 0
    records = _json_lines(capsys)
    assert records and all(
        set(r) == {"name", "label", "articles", "mentions", "quotes", "last_seen"} for r in records
    )
    mentions = [r["mentions"] for r in records]
    assert mentions == sorted(mentions, reverse=True)  # type: ignore[type-var]
    putin = next(r for r in records if r["name"] == "Vladimir Putin")
    assert (putin["articles"], putin["quotes"], putin["label"]) == (3, 1, "PERSON")
    assert str(putin["last_seen"]).startswith("2024-03-09")
    assert main(["people", "--json", "--label", "PLACE", "--limit", "1", str(library)]) == 0
    [place] = _json_lines(capsys)
    assert place["label"] == "PLACE"
    assert main(["people", str(library)]) == 0
    assert "Vladimir Putin" in capsys.readouterr().out


def test_quotes_command(library: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["quotes", "--json", str(library)]) == 0
    records = _json_lines(capsys)
    fields = {"speaker", "text", "id", "title", "url", "path", "start", "end", "published"}
    assert records and all(set(r) == fields for r in records)
    dates = [str(r["published"]) for r in records]
    assert dates == sorted(dates, reverse=True)
    for record in records:
        text = Path(str(record["path"])).read_text(encoding="utf-8")
        assert text[int(str(record["start"])) : int(str(record["end"]))] == record["text"]
    assert main(["quotes", "--json", "--speaker", "vladimir putn", str(library)]) == 0
    [putin] = _json_lines(capsys)
    assert putin["speaker"] == "Vladimir Putin"
    assert putin["title"] == "Leaders meet in Geneva"
    assert main(["quotes", "--speaker", "nobody like this", str(library)]) == 0
    assert "no speaker matches" in capsys.readouterr().err


FILTER_CASES = {
    "a prefix": ("put", ["Vladimir Putin"]),
    "a typo in a longer word": ("putn", ["Vladimir Putin"]),
    "every word must match": ("bill clin", ["Bill Clinton"]),
    "best match first, then most mentioned": ("clinton", ["Hillary Clinton", "Bill Clinton", "Clinton"]),
    "a short word allows no typo": ("clx", []),
    "case and accents are ignored": ("ZURICH", ["Zurich"]),
}


@pytest.mark.parametrize(("query", "expected"), FILTER_CASES.values(), ids=FILTER_CASES.keys())
def test_name_filter(query: str, expected: list[str]) -> None:
    names = [
        ("Hillary Clinton", "PERSON"),
        ("Vladimir Putin", "PERSON"),
        ("Bill Clinton", "PERSON"),
        ("Clinton", "PERSON"),
        ("Zurich", "PLACE"),
        ("Puttick Bridge", "PLACE"),
    ]
    found = [name for name, _ in NameFilter(names)(query)]
    assert found[: len(expected)] == expected
    if not expected:
        assert found == []
