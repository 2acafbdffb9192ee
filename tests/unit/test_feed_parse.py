"""Feed documents into entries: every format, hostile and broken input, and HTML into article text."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newstui.core.feeds.html_text import body_text
from newstui.core.feeds.models import FeedError, NotAFeedError
from newstui.core.feeds.parse import parse_feed

FIXTURES = Path(__file__).parent.parent / "fixtures" / "feeds" / "parse"


def parse(name: str, url: str | None = None, content_type: str | None = None):  # type: ignore[no-untyped-def]
    return parse_feed((FIXTURES / name).read_bytes(), url or f"https://fixture.example/{name}", content_type)


# (fixture, format, feed title, site, [(title, guid, link, author, published, body start)])
FORMATS = [
    pytest.param(
        "rss20.xml", "rss20", "Harbour Gazette", "https://gazette.example/",
        ("Ferry service resumes after storm", "gazette-1001", "https://fixture.example/news/ferry",
         "Mara Lind", datetime(2025, 1, 7, 8, 30, tzinfo=UTC), "The ferry to the isle[1] sails again."),
        id="rss2.0",
    ),
    pytest.param(
        "atom.xml", "atom10", "Atom Notes", "https://atom.example/",
        ("Bridges of the north", "urn:uuid:entry-1", "https://atom.example/blog/posts/bridges",
         "Ines Ortega", datetime(2025, 2, 1, 8, 0, tzinfo=UTC), "Full story[1] here."),
        id="atom",
    ),
    pytest.param(
        "rss10.rdf", "rss10", "RDF Wire", "https://rdf.example/",
        ("Parliament votes on budget", "https://rdf.example/a", "https://rdf.example/a", "Wire Desk",
         None, "The vote passed 210 to 190."),
        id="rss1.0-rdf",
    ),
    pytest.param(
        "feed.json", "json11", "JSON Dispatch", "https://json.example/",
        ("Solar farm opens", "j-1", "https://fixture.example/posts/one", "Lea Brun",
         datetime(2025, 4, 1, 9, 0, tzinfo=UTC), "The farm powers[1] 4,000 homes."),
        id="json-feed-1.1",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("name", "fmt", "title", "site", "first"), FORMATS)
def test_formats(name: str, fmt: str, title: str, site: str, first: tuple[object, ...]) -> None:
    feed = parse(name)
    assert (feed.format, feed.title, feed.site, feed.warning) == (fmt, title, site, None)
    entry = feed.entries[0]
    got = (entry.title, entry.guid, entry.link, entry.author, entry.published)
    assert got == first[:5]
    assert entry.body.startswith(str(first[5]))


def test_rss_html_becomes_paragraphs_with_numbered_links() -> None:
    entry = parse("rss20.xml").entries[0]
    assert entry.body.split("\n\n") == [
        "The ferry to the isle[1] sails again.",
        "What changed",
        "• Two crossings a day",
        "• New timetable[2]",
        "“We are back,” said the captain.",
        "Links:",
        "[1]: https://fixture.example/places/isle (link)",
        "[2]: https://other.example/timetable (link)",
    ]
    assert "alert" not in entry.body and "color" not in entry.body
    assert "<p>" in entry.content  # the feed's own content is kept as given


def test_entities_cdata_and_missing_fields() -> None:
    entries = parse("rss20.xml").entries
    assert entries[1].title == "Harbour fees & the council"
    assert entries[1].body == "Fees rise again — by 3\xa0%."
    assert entries[1].guid is None and entries[1].link == "https://gazette.example/news/fees"
    bare = entries[2]
    assert (bare.title, bare.guid, bare.link, bare.published, bare.body) == (
        "No date, no guid, no link", None, None, None, "Just text.",
    )  # fmt: skip


def test_relative_links_resolve_against_xml_base_and_entry() -> None:
    entry = parse("atom.xml").entries[0]
    assert entry.link == "https://atom.example/blog/posts/bridges"
    assert [link.url for link in entry.links] == ["https://atom.example/blog/about"]


def test_xhtml_title_and_content() -> None:
    entry = parse("atom.xml").entries[1]
    assert entry.title == "An xhtml title"
    assert entry.body == "Inline xhtml content."


def test_json_feed_plain_text_and_bad_items() -> None:
    feed = parse("feed.json")
    assert len(feed.entries) == 2  # the string item is skipped
    plain = feed.entries[1]
    assert (plain.guid, plain.author, plain.link) == ("2", "Old Style", None)
    assert plain.body == "First paragraph soft wrapped.\n\nSecond paragraph."


def test_json_feed_1_0_by_content_type() -> None:
    data = b'{"version": "https://jsonfeed.org/version/1", "title": "Old", "items": []}'
    feed = parse_feed(data, "https://x.example/f", "application/feed+json; charset=utf-8")
    assert (feed.format, feed.title, feed.entries) == ("json10", "Old", ())


def test_wrong_declared_encoding_is_corrected() -> None:
    feed = parse("wrong-encoding.xml")
    assert feed.title == "Café Chronicle"
    assert (feed.entries[0].title, feed.entries[0].body) == ("Crème brûlée wins", "Naïve « quotes »")


@pytest.mark.parametrize(
    ("name", "error", "message"),
    [
        pytest.param("malformed.xml", FeedError, "malformed feed: line 2", id="malformed-xml"),
        pytest.param("bomb.xml", FeedError, "declares its own XML entities", id="entity-bomb"),
        pytest.param("external-entity.xml", FeedError, "declares its own XML entities", id="external"),
        pytest.param("page.html", NotAFeedError, "not a feed", id="html-page"),
    ],
)
def test_unreadable_documents_give_one_line_errors(name: str, error: type[Exception], message: str) -> None:
    with pytest.raises(error) as raised:
        parse(name)
    assert message in str(raised.value)
    assert "\n" not in str(raised.value)


@pytest.mark.parametrize(
    "data",
    [b"", b"   ", b"{not json", b'{"version": "x", "items": []}', b"[1, 2]", b"\x00\xff\xfe" * 100],
    ids=["empty", "blank", "bad-json", "json-not-feed", "json-list", "binary"],
)
def test_garbage_is_an_error_not_a_crash(data: bytes) -> None:
    with pytest.raises(FeedError):
        parse_feed(data, "https://x.example/f")


def test_feedparser_never_expands_entities_even_unrefused() -> None:
    """Without the up-front refusal, feedparser still leaves the bomb unexpanded (checked behaviour)."""
    import feedparser  # type: ignore[import-untyped]

    parsed = feedparser.parse((FIXTURES / "bomb.xml").read_bytes())
    assert all(len(entry.get("title", "")) < 100 for entry in parsed.entries)
    leaked = feedparser.parse((FIXTURES / "external-entity.xml").read_bytes())
    assert all("root:" not in entry.get("title", "") for entry in leaked.entries)


def test_recoverable_feed_is_read_with_a_warning() -> None:
    feed = parse("recoverable.xml")
    assert [entry.title for entry in feed.entries] == ["Tom & Jerry return"]
    assert feed.warning is not None and "read leniently" in feed.warning


# -- HTML into text ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("html", "expected"),
    [
        ("<p>a</p><p>b</p>", "a\n\nb"),
        ("<h1>Head</h1>text<br>more", "Head\n\ntext\n\nmore"),
        ("<ol><li>one<li>two</ol>", "• one\n\n• two"),
        ("<blockquote><p>q</p></blockquote>after", "q\n\nafter"),
        ("<script>x()</script><style>p{}</style><p>kept</p>", "kept"),
        ("&lt;b&gt; &amp;amp; &eacute; &#8220;x&#8221;", "<b> &amp; é “x”"),
        ('<a href="javascript:evil()">j</a> <a href="#top">t</a>', "j t"),
        ('<a href="/a">x</a> <a href="/a">again</a>', "x[1] again[1]\n\nLinks:\n\n[1]: https://base.example/a (link)"),  # noqa: E501
        ("<p>\x1b[31mred\x1b[0m</p>", "[31mred[0m"),
        ("<!-- hidden --><p>seen</p>", "seen"),
        ('<img alt="A chart"><p>x</p>', "[image: A chart]\n\nx"),
        ('<img src="c.png" alt="A\nchart">', "[image: A chart][1]\n\nLinks:\n\n[1]: https://base.example/c.png (image)"),  # noqa: E501
        ("", ""),
    ],
    ids=["paragraphs", "heading-br", "list", "blockquote", "script-style", "entities", "unsafe-links",
         "repeat-link", "escape-codes", "comment", "image-alt", "image-src", "empty"],
)  # fmt: skip
def test_html_to_text(html: str, expected: str) -> None:
    assert body_text(html, is_html=True, base="https://base.example/post")[0] == expected


@pytest.mark.parametrize(
    "markup",
    ["<div>" * 50_000 + "end", "<a <b x" * 20_000, "<p><b>" * 20_000 + "end", "<!--" * 20_000, "<" * 100_000],
    ids=["deep-divs", "unclosed", "nested", "comments", "lt"],
)
def test_hostile_html_gives_text_or_nothing(markup: str) -> None:
    """Pathological markup ends (linear time: see benchmarks/feed_store.py) with no control characters."""
    text, _links = body_text(markup, is_html=True)
    assert "\x00" not in text and len(text) <= len(markup)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.one_of(
            st.sampled_from(["<p>", "</p>", "<a href='/x'>", "</a>", "<br>", "<li>", "<script>", "</script>",
                             "<!--", "-->", "&amp;", "&#0;", "&#x1b;", "<", ">", "<img src=y>", "\n\n"]),
            st.text(max_size=8),
        ),
        max_size=40,
    )
)  # fmt: skip
def test_any_markup_gives_clean_paragraphs(parts: list[str]) -> None:
    text, links = body_text("".join(parts), is_html=True, base="https://base.example/")
    assert not any(ord(char) < 32 and char != "\n" for char in text)
    paragraphs = text.split("\n\n") if text else []
    assert all(paragraph.strip() == paragraph and paragraph for paragraph in paragraphs)
    assert [link.number for link in links] == list(range(1, len(links) + 1))
