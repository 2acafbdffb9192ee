"""The enrichment pass: entity fields filled after the build, by content hash, kept across reopening."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from pathlib import Path

import pytest

from newstui.core.search import SearchIndex
from newstui.core.search.location import annotate_names
from tests.conftest import FIXED_TIME, write_article


class Namer:
    """A stand-in annotator that counts its calls: "Tokayev" is a person only in the article about
    the president, whose text never spells the name (so only the entity field can find it)."""

    def __init__(self) -> None:
        self.seen: list[str] = []

    def __call__(self, text: str) -> Mapping[str, Iterable[str]]:
        self.seen.append(text.splitlines()[0])
        if "president" in text:
            return {"person": ["Kassym-Jomart Tokayev"], "place": ["Astana"]}
        if "street" in text:
            return {"place": ["Tokayev Street"]}
        return {}


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    write_article(folder, "president.txt", "The president speaks", "The president addressed the nation.")
    write_article(folder, "street.txt", "Bakery opens", "A bakery opened on the street named Tokayev.")
    write_article(folder, "other.txt", "Weather", "Rain all week.")
    return folder


def names(results) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(Path(hit.path).name for hit in results.hits)


def test_person_filter_uses_the_entity_field_after_enrichment(tmp_path: Path, library: Path) -> None:
    index = SearchIndex(tmp_path / "i.sqlite")
    index.sync([library])
    assert index.pending == 3
    before = index.search("person:tokayev")
    assert names(before) == ["street.txt"]  # the word, as a fallback
    assert before.ignored == ("person: (entity names not indexed yet; searched as words)",)

    report = index.enrich(Namer())
    assert (report.annotated, report.reused, report.remaining) == (3, 0, 0)
    assert index.pending == 0
    after = index.search("person:tokayev")
    assert names(after) == ["president.txt"]  # only through its person field
    assert after.ignored == ()
    assert names(index.search("place:tokayev")) == ["street.txt"]
    assert names(index.search("place:astana")) == ["president.txt"]
    assert names(index.search("tokayev")) == ["president.txt", "street.txt"]  # entity names are searched


def test_enrichment_is_incremental_by_content(tmp_path: Path, library: Path) -> None:
    path = tmp_path / "i.sqlite"
    index = SearchIndex(path)
    index.sync([library])
    namer = Namer()
    index.enrich(namer)
    assert len(namer.seen) == 3
    index.close()

    reopened = SearchIndex(path)  # kept in the file: nothing to redo
    reopened.sync([library])
    assert reopened.pending == 0
    again = Namer()
    assert reopened.enrich(again).annotated == 0 and again.seen == []

    # touched but unchanged: not redone; changed: redone, and its old names go
    write_article(library, "other.txt", "Weather", "Rain all week.", mtime=FIXED_TIME + 60)
    write_article(
        library, "president.txt", "The minister speaks", "The minister spoke.", mtime=FIXED_TIME + 60
    )
    report = reopened.sync([library])
    assert (report.changed, report.unchanged) == (1, 2)
    assert reopened.pending == 1
    reopened.enrich(again)
    assert again.seen == ["The minister speaks"]
    assert names(reopened.search("person:tokayev")) == []


def test_moved_file_reuses_names_by_hash(tmp_path: Path, library: Path) -> None:
    index = SearchIndex(tmp_path / "i.sqlite")
    index.sync([library])
    index.enrich(Namer())
    (library / "president.txt").rename(library / "moved.txt")
    index.sync([library])
    namer = Namer()
    report = index.enrich(namer)
    assert (report.annotated, report.reused) == (0, 1) and namer.seen == []
    assert names(index.search("person:tokayev")) == ["moved.txt"]


def test_partly_enriched_falls_back_for_the_rest(tmp_path: Path, library: Path) -> None:
    street = library / "street.txt"
    kept = street.read_text(encoding="utf-8")
    street.unlink()
    index = SearchIndex(tmp_path / "i.sqlite")
    index.sync([library])
    index.enrich(Namer())
    street.write_text(kept, encoding="utf-8")  # a new article the pass has not reached yet
    index.sync([library])
    assert index.pending == 1
    results = index.search("person:tokayev")
    assert names(results) == ["president.txt", "street.txt"]  # enriched by field, waiting by word
    assert results.ignored == ("person: (1 articles not yet enriched; searched as words there)",)
    index.enrich(Namer())
    assert names(index.search("person:tokayev")) == ["president.txt"]


def test_annotate_names_maps_labels_to_fields() -> None:
    found = annotate_names(
        "Kazakh leader speaks\n\nKassym-Jomart Tokayev said in Almaty on Monday that order was restored."
    )
    assert "Kassym-Jomart Tokayev" in found["person"]
    assert "Almaty" in found["place"]
    assert set(found) <= {"person", "org", "place"}


def test_real_annotator_end_to_end(tmp_path: Path) -> None:
    folder = tmp_path / "lib"
    folder.mkdir()
    write_article(
        folder, "kz.txt", "Unrest in Kazakhstan", "Kassym-Jomart Tokayev said in Almaty that order was back."
    )
    write_article(folder, "rain.txt", "Weather", "Rain all week in Almaty.")
    index = SearchIndex(tmp_path / "i.sqlite")
    index.sync([folder])
    assert index.enrich(process=True).annotated == 2  # in a worker process, as in the app
    assert names(index.search("person:tokayev")) == ["kz.txt"]
    assert names(index.search("place:almaty")) == ["kz.txt", "rain.txt"]
