"""HTML pages become articles: readable paragraphs, title and date, no page furniture or scripts."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.core.library import Library, read_article
from newstui.core.sources import html

PAGE = """<!doctype html><html><head><title>Site | Page</title>
<meta property="og:title" content="Protests spread &amp; grow">
<meta property="article:published_time" content="2022-01-07T09:30:00Z">
<script>alert("x")</script><style>p{color:red}</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Protests spread &amp; grow</h1>
<p>First   paragraph with <b>bold</b> and
a <a href="https://example.com">link</a>.</p>
<p>He said: &ldquo;We will stay.&rdquo;</p>
<div>Loose text in a div<br>after a break</div>
</article><footer>Copyright</footer></body></html>"""


def test_html_page_is_read_as_article() -> None:
    parsed = html.parse(PAGE)
    assert parsed.text is not None
    assert parsed.title == "Protests spread & grow"
    paragraphs = [parsed.text[p.start : p.end] for p in parsed.paragraphs]
    assert paragraphs == [
        "First paragraph with bold and a link.",
        "He said: “We will stay.”",
        "Loose text in a div",
        "after a break",
    ]
    assert parsed.published is not None and parsed.published.isoformat() == "2022-01-07T09:30:00+00:00"
    assert "alert" not in parsed.text and "Home" not in parsed.text and "Copyright" not in parsed.text


CASES = {
    "title from <title> when no h1": ("<title>Only title</title><p>Body.</p>", "Only title", ["Body."]),
    "no title at all": ("<p>Just text.</p>", "(untitled page)", ["Just text."]),
    "unclosed tags": ("<h1>Head<p>One<p>Two", "Head", ["One", "Two"]),
    "markup-like text stays text": ("<h1>T</h1><p>[bold]x[/bold] &lt;b&gt;</p>", "T", ["[bold]x[/bold] <b>"]),
}


@pytest.mark.parametrize(("page", "title", "paragraphs"), CASES.values(), ids=CASES.keys())
def test_html_cases(page: str, title: str, paragraphs: list[str]) -> None:
    parsed = html.parse(page)
    assert parsed.title == title
    assert parsed.text is not None
    assert [parsed.text[p.start : p.end] for p in parsed.paragraphs] == paragraphs


def test_html_file_in_library(tmp_path: Path) -> None:
    (tmp_path / "page.html").write_text(PAGE, encoding="utf-8")
    library = Library([tmp_path])
    library.load()
    [meta] = library.entries
    assert meta.title == "Protests spread & grow" and meta.published is not None
    article = read_article(tmp_path / "page.html")
    assert article.text.startswith("Protests spread & grow\n\nFirst paragraph")
    assert article.text[slice(*article.title_span)] == "Protests spread & grow"
