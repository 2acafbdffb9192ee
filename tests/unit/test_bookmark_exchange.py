"""Export and import: W3C Web Annotation JSON round trips, and Markdown that reads well."""

from __future__ import annotations

import json
import string
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstui.core.bookmarks.anchoring import AnchorState
from newstui.core.bookmarks.exchange import ImportFormatError, read_json, write_json, write_markdown
from newstui.core.bookmarks.passages import bookmark_for, find_passage
from newstui.core.bookmarks.store import BookmarkStore, clean_tags
from newstui.core.library import read_article
from newstui.core.models import Bookmark
from tests.bookmark_support import T0, make_bookmark

EXPECTED = Path(__file__).parent / "expected"

segments = st.text(
    alphabet=st.characters(blacklist_characters="/\x00", blacklist_categories=("Cs",)),
    min_size=1,
    max_size=12,
).filter(lambda s: s not in (".", ".."))
file_locations = st.lists(segments, min_size=1, max_size=4).map(lambda parts: "/" + "/".join(parts))
web_locations = st.sampled_from(["https://example.com/news/1", "http://example.org/a?b=c#d"])
# Dates newstui keeps (core.dates): outside this range an import falls back to "now" (see below).
moments = st.datetimes(
    min_value=datetime(1000, 1, 1), max_value=datetime(2262, 4, 10), timezones=st.just(UTC)
)


@st.composite
def bookmarks(draw: st.DrawFn) -> Bookmark:
    start = draw(st.integers(min_value=0, max_value=10**7))
    exact = draw(st.text(min_size=1, max_size=200))
    return make_bookmark(
        id=str(draw(st.uuids())),
        location=draw(file_locations | web_locations),
        title=draw(st.text(max_size=60)),
        source=draw(st.text(max_size=20)),
        exact=exact,
        prefix=draw(st.text(max_size=32)),
        suffix=draw(st.text(max_size=32)),
        start=start,
        end=start + len(exact),
        note=draw(st.text(max_size=200)),
        tags=clean_tags(
            draw(st.lists(st.text(alphabet=string.ascii_letters + "é-", min_size=1), max_size=4))
        ),
        created=draw(moments),
        updated=draw(moments),
        article_date=draw(st.none() | moments),
    )


@settings(max_examples=150, deadline=None)
@given(kept=st.lists(bookmarks(), max_size=5))
def test_json_round_trip_is_exact(kept: list[Bookmark]) -> None:
    result = read_json(write_json(kept), now=T0)
    assert result.problems == []
    assert result.bookmarks == kept


def test_json_is_w3c_web_annotation() -> None:
    bookmark = make_bookmark(note="why it matters", tags=("war", "quotes"))
    [annotation] = json.loads(write_json([bookmark]))
    assert annotation["@context"] == "http://www.w3.org/ns/anno.jsonld"
    assert annotation["type"] == "Annotation"
    assert annotation["id"] == f"urn:uuid:{bookmark.id}"
    assert annotation["target"]["source"] == f"file://{bookmark.location}"
    quote, position = annotation["target"]["selector"]
    assert quote == {
        "type": "TextQuoteSelector",
        "exact": bookmark.exact,
        "prefix": bookmark.prefix,
        "suffix": bookmark.suffix,
    }
    assert position == {"type": "TextPositionSelector", "start": bookmark.start, "end": bookmark.end}
    bodies = {(body["purpose"], body["value"]) for body in annotation["body"]}
    assert bodies == {("commenting", "why it matters"), ("tagging", "war"), ("tagging", "quotes")}


def test_annotations_from_other_tools_are_read_leniently() -> None:
    page = {
        "type": "AnnotationPage",
        "items": [
            {
                "type": "Annotation",
                "id": "http://example.com/anno/1",
                "body": {"type": "TextualBody", "value": "a note"},
                "target": {
                    "source": {"id": "https://example.com/story"},
                    "selector": {"type": "TextQuoteSelector", "exact": "the passage"},
                },
            },
            {"type": "Annotation", "target": "https://example.com/no-selector"},
            {"type": "Highlight"},
        ],
    }
    result = read_json(json.dumps(page), now=T0)
    [bookmark] = result.bookmarks
    assert bookmark.id == "http://example.com/anno/1"
    assert bookmark.location == "https://example.com/story"
    assert (bookmark.exact, bookmark.note, bookmark.start, bookmark.end) == ("the passage", "a note", 0, 11)
    assert bookmark.created == T0
    assert len(result.problems) == 2 and result.problems[0].startswith("annotation 2:")


@pytest.mark.parametrize("text", ["not json", '"a string"', "42"], ids=["garbage", "string", "number"])
def test_unreadable_files_raise_a_clear_error(text: str) -> None:
    with pytest.raises(ImportFormatError):
        read_json(text, now=T0)


def test_export_then_import_into_another_store_merges_without_duplicates(tmp_path: Path) -> None:
    first = BookmarkStore(tmp_path / "one.sqlite3")
    kept = [first.add(make_bookmark(note=f"note {n}", tags=("t",))) for n in range(3)]
    exported = write_json(first.all())
    second = BookmarkStore(tmp_path / "two.sqlite3")
    second.add(make_bookmark(note="already here"))
    assert second.merge(read_json(exported, now=T0).bookmarks).added == 3
    again = second.merge(read_json(exported, now=T0).bookmarks)
    assert (again.added, again.updated, again.skipped) == (0, 0, 3)
    assert second.count() == 4
    assert {b.id: b for b in second.all()}.items() >= {b.id: b for b in kept}.items()


def _seed_bookmark(seed_dir: Path) -> Bookmark:
    article = read_article(next(seed_dir.iterdir()))
    span = find_passage(article.text, "I have given the order to law enforcement agencies and the army")
    assert span is not None
    paragraph = article.paragraphs[article.paragraph_at(span[0]) or 0]
    return bookmark_for(
        article,
        paragraph.start,
        paragraph.end,
        now=T0,
        note="Tokayev's own words: the order came from the top.\nCompare with the Friday speech.",
        tags=("kazakhstan", "quotes"),
    )


def test_markdown_export_of_the_seed_bookmark_reads_well(seed_dir: Path) -> None:
    bookmark = _seed_bookmark(seed_dir)
    markdown = write_markdown([bookmark]).replace(str(seed_dir.resolve()), "SEEDS")
    assert markdown == (EXPECTED / "seed_bookmark.md").read_text(encoding="utf-8")


def test_markdown_says_when_a_passage_is_lost(seed_dir: Path) -> None:
    found = _seed_bookmark(seed_dir)
    lost = make_bookmark(location=found.location, title=found.title, exact="gone", start=5, end=9)
    markdown = write_markdown([lost, found], {lost.id: AnchorState.ORPHANED})
    assert markdown.count("## ") == 1  # grouped under one article heading
    assert markdown.index("> gone") < markdown.index("no longer in the article") < markdown.index("> “I have")


HOSTILE_IMPORTS = {
    "offset past SQLite's integers": {"start": 2**63, "end": 2**63 + 5},
    "negative offsets": {"start": -5, "end": -1},
    "booleans as offsets": {"start": True, "end": False},
    "lone surrogate in the passage": {"exact": "passage \ud800 here"},
    "date in year 1": {"created": "0001-01-01T00:00:00+14:00"},
    "date after 9999": {"created": "9999-12-31T23:59:59-14:00"},
    "date as a number": {"created": 1e300},
    "title as an object": {"title": {"nested": [1, 2]}},
    "source with a broken address": {"source": "http://[::1"},
}


def _annotation(**changes: object) -> dict[str, object]:
    return {
        "type": "Annotation",
        "id": "urn:uuid:1",
        "created": changes.get("created", "2022-01-07T10:00:00Z"),
        "target": {
            "source": changes.get("source", "/tmp/a.txt"),
            "selector": [
                {"type": "TextQuoteSelector", "exact": changes.get("exact", "passage")},
                {
                    "type": "TextPositionSelector",
                    "start": changes.get("start", 0),
                    "end": changes.get("end", 7),
                },
            ],
        },
        "newstui": {"title": changes.get("title", "T")},
    }


@pytest.mark.parametrize("changes", HOSTILE_IMPORTS.values(), ids=HOSTILE_IMPORTS.keys())
def test_hostile_imports_never_raise_and_store_cleanly(tmp_path: Path, changes: dict[str, object]) -> None:
    now = datetime(2026, 1, 1, tzinfo=UTC)
    result = read_json(json.dumps([_annotation(**changes)]), now=now)
    with BookmarkStore(tmp_path / "b.sqlite3") as store:
        report = store.merge(result.bookmarks)
        assert report.added + len(result.problems) == 1
        for bookmark in store.all():
            assert 0 <= bookmark.start <= bookmark.end <= 2**40
            assert bookmark.created.year >= 1000
            bookmark.exact.encode("utf-8")
        assert read_json(write_json(store.all()), now=now).problems == []


def test_deeply_nested_import_is_a_format_error() -> None:
    with pytest.raises(ImportFormatError):
        read_json("[" * 100_000 + "]" * 100_000, now=datetime(2026, 1, 1, tzinfo=UTC))
