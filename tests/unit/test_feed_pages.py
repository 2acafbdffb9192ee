"""Web pages: feed discovery from <link rel="alternate">, and an article's main text (trafilatura)."""

from __future__ import annotations

import pytest

from newstui.core.feeds.discover import feed_links
from newstui.core.feeds.fulltext import MAX_HTML_CHARS, SHORT_TEXT, extract, wants_full_text
from tests.feedserver import FIXTURES

BASE = "https://site.example/news/"


def test_feed_links_in_page_order_resolved_and_typed() -> None:
    page = """<html><head>
    <link rel="alternate" type="application/rss+xml" title=" Main
      feed " href="/rss">
    <link rel="ALTERNATE stylesheet" type="application/atom+xml" href="atom.xml">
    <link rel="alternate" type="application/feed+json; charset=utf-8" href="https://cdn.example/f.json">
    <link rel="alternate" type="text/html" hreflang="fr" href="/fr/">
    <link rel="stylesheet" type="application/rss+xml" href="/not-alternate">
    <link rel="alternate" type="application/rss+xml" href="/rss">
    <link rel="alternate" type="application/rss+xml" href="javascript:alert(1)">
    <link rel="alternate" type="application/rss+xml">
    </head><body><a rel="alternate" type="application/rss+xml" href="/in-body-anchor">x</a></body></html>"""
    links = feed_links(page, BASE)
    assert [(link.url, link.kind, link.title) for link in links] == [
        ("https://site.example/rss", "RSS", "Main feed"),
        ("https://site.example/news/atom.xml", "Atom", ""),
        ("https://cdn.example/f.json", "JSON Feed", ""),
    ]


def test_feed_links_honour_base_href() -> None:
    page = '<head><base href="https://other.example/blog/">'
    page += "<link rel=alternate type=application/rss+xml href=feed>"
    assert [link.url for link in feed_links(page, BASE)] == ["https://other.example/blog/feed"]


@pytest.mark.parametrize("page", ["", "   ", "<html>", "\x00\x01", "<a " * 50_000, "<div>" * 100_000])
def test_feed_links_on_junk_is_empty(page: str) -> None:
    assert feed_links(page, BASE) == []


def test_article_page_main_text() -> None:
    page = (FIXTURES / "articles" / "storm.html").read_bytes()
    extracted = extract(page, "http://127.0.0.1/articles/storm.html")
    assert extracted.title == "Storm closes the harbour for two days"
    assert extracted.published is not None and extracted.published.isoformat() == "2022-01-06T06:00:00+00:00"
    assert extracted.paragraphs[0].startswith("The harbour master closed the port on Wednesday evening")
    assert "Flood warnings along the quay" in extracted.paragraphs  # a sub-heading is a paragraph
    text = extracted.text
    for furniture in (
        "Coastal Daily",
        "Sport",
        "Most read",
        "Another story",
        "All rights reserved",
        "tracker",
    ):
        assert furniture not in text
    assert "“We have done this four times in two years." in text  # the block quote is kept


def test_page_bytes_use_the_declared_charset() -> None:
    page = '<html><head><meta charset="windows-1252"><title>Caf\u00e9</title></head><body><article>'
    page += (
        "<p>" + "Cr\u00e8me br\u00fbl\u00e9e for everyone at the caf\u00e9 today. " * 10 + "</p></article>"
    )
    extracted = extract(page.encode("cp1252"))
    assert extracted.title == "Café" and "Crème brûlée" in extracted.text


def test_tables_lists_and_line_breaks() -> None:
    page = """<html><body><article><h1>Results</h1>
    <p>The count finished late on Sunday night, and these are the final numbers for each ward of the town.</p>
    <ul><li>North ward: turnout was sixty-one per cent</li>
    <li>South ward: turnout was fifty-five per cent</li></ul>
    <p>First line of the address<br>Second line of the address</p>
    </article></body></html>"""
    paragraphs = extract(page).paragraphs
    assert "North ward: turnout was sixty-one per cent" in paragraphs
    assert "South ward: turnout was fifty-five per cent" in paragraphs
    assert "First line of the address" in paragraphs and "Second line of the address" in paragraphs


HOSTILE = {
    "unclosed <a": "<a " * 130_000,
    "unclosed links": '<a href="/x">word ' * 22_000,
    "deep divs": "<div>" * 100_000 + "deep text",
    "unclosed p in div": "<div><p>word " * 30_000,
    "only script": "<script>" + "x" * 400_000,
}


@pytest.mark.parametrize("page", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_pages_give_text_or_nothing(page: str) -> None:
    extracted = extract(page)
    assert "<" not in extracted.text and "x" * 100 not in extracted.text
    assert len(extracted.text) <= len(page)


def test_huge_pages_are_cut() -> None:
    page = "<html><body><article>" + "<p>A paragraph of a very long page indeed.</p>" * 25_000
    extracted = extract(page)
    assert 0 < len(extracted.text) < MAX_HTML_CHARS


CASES = {
    "short summary": ("auto", "One line about it.", True),
    "long content": ("auto", "A long paragraph. " * 60, False),
    "long but teaser ellipsis": ("auto", "A long paragraph. " * 60 + "And then…", True),
    "read more": ("auto", "A long paragraph. " * 60 + "Read more »", True),
    "bracketed ellipsis": ("auto", "A long paragraph. " * 60 + " [...]", True),
    "always": ("always", "A long paragraph. " * 60, True),
    "never": ("never", "x", False),
}


@pytest.mark.parametrize(("mode", "text", "wanted"), CASES.values(), ids=CASES.keys())
def test_wants_full_text(mode: str, text: str, wanted: bool) -> None:
    assert wants_full_text(mode, text) is wanted  # type: ignore[arg-type]
    assert len("A long paragraph. " * 60) > SHORT_TEXT
