"""HTML articles: the readable text of a saved web page, with its title and publication date.

The article is found by the same extractor that reads the pages behind summary-only feed entries
(:mod:`newstui.core.feeds.fulltext`, trafilatura on lxml): scripts, styles and page furniture
(navigation, headers, footers, asides, comments, link lists) are dropped and block elements become
paragraphs. The title is the page's ``og:title``, else its first ``<h1>``, else its ``<title>``; the date
its ``article:published_time`` (or a similar meta) or first ``<time datetime>``. The article text newstui
works on is the extracted text (title line, blank line, paragraphs), so offsets for HTML files refer to
that text. Time is linear in the page and the page is cut at ``fulltext.MAX_HTML_CHARS``.
"""

from __future__ import annotations

from newstui.core.sources.parsed import Parsed
from newstui.core.text import split_article

UNTITLED = "(untitled page)"


def parse(text: str) -> Parsed:
    from newstui.core.feeds.fulltext import extract  # imports sources.markdown: a cycle at module level

    page = extract(text)
    title = page.title or UNTITLED
    plain = "\n\n".join([title, *page.paragraphs]) + "\n"
    title_span, paragraphs = split_article(plain)
    return Parsed(
        title=title,
        title_span=title_span,
        paragraphs=paragraphs,
        published=page.published,
        text=plain,
    )
