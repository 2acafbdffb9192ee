"""Property-based safety: hostile text through every loader, the annotator, the query parser, settings
and the bookmark import. No exception escapes, and time stays proportional to the input.

The time bound is a loose multiple, not a tight timing: each generated text is also repeated to about
20,000 characters and must be handled well within a few seconds. A quadratic path (a regex retrying a
run of spaces, a parser rescanning to the end) takes tens of seconds to minutes at that size.
"""

from __future__ import annotations

import contextlib
import json
import time
from datetime import UTC, datetime

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from newstui.core.annotate import annotate
from newstui.core.bookmarks.exchange import ImportFormatError, read_json
from newstui.core.feeds.models import FeedError
from newstui.core.feeds.parse import parse_feed
from newstui.core.library import LoadError, read_article
from newstui.core.safe_text import safe_text
from newstui.core.search.query import parse_query
from newstui.core.settings import load_settings
from newstui.core.sources import html, markdown, plain
from newstui.core.text import UndecodableError, decode, split_article
from tests.hostile_strategies import hostile_text

LONG = 20_000
BOUND_S = 8.0
"""Seconds for ~20,000 characters: some 10-50 times what a linear pass takes here, on a loaded machine."""
FEW = settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def repeated(text: str, size: int = LONG) -> str:
    piece = text or "x"
    return (piece * (size // len(piece) + 1))[:size]


def within_bound(function: object, text: str) -> None:
    started = time.perf_counter()
    function(text)  # type: ignore[operator]
    elapsed = time.perf_counter() - started
    assert elapsed < BOUND_S, f"{elapsed:.1f} s for {len(text):,} characters"


PARSERS = {"plain": plain.parse, "markdown": markdown.parse, "html": html.parse, "split": split_article}


@pytest.mark.parametrize("parser", PARSERS.values(), ids=PARSERS.keys())
@FEW
@given(text=hostile_text())
def test_parsers_never_raise_and_stay_linear(parser: object, text: str) -> None:
    result = parser(text)  # type: ignore[operator]
    assert result is not None
    within_bound(parser, repeated(text))
    within_bound(parser, "---\ntitle: " + repeated(text, LONG // 2) + "\n---\n" + repeated(text, LONG // 2))


@FEW
@given(text=hostile_text())
def test_annotate_never_raises_and_stays_linear(text: str) -> None:
    found = annotate(text)
    for entity in found.entities:
        assert 0 <= entity.start <= entity.end <= len(text)
    for quote in found.quotes:
        assert 0 <= quote.start <= quote.end <= len(text)
    within_bound(annotate, repeated(text))


@FEW
@given(text=hostile_text())
def test_query_parser_never_raises(text: str) -> None:
    parse_query(text)
    parse_query(text, typing=True)
    within_bound(parse_query, repeated(text, 10_000))


@FEW
@given(data=st.binary(max_size=200) | hostile_text().map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_any_bytes_become_an_article_or_a_reason(
    tmp_path_factory: pytest.TempPathFactory, data: bytes
) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    for suffix in (".txt", ".md", ".html"):
        path = folder / f"a{suffix}"
        path.write_bytes(data)
        try:
            article = read_article(path)
        except LoadError as error:
            assert str(error)
            continue
        assert article.text is not None and article.meta.title is not None
    with contextlib.suppress(UndecodableError):  # a reason is fine; anything else is a failure
        decode(data)


JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | hostile_text(6),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(hostile_text(2), children, max_size=4),
    max_leaves=12,
)
SETTING_KEYS = st.sampled_from(
    ["measure", "max_file_mb", "library", "theme", "show_sidebar", "hidden_labels", "keymap", "other"]
)


@FEW
@given(values=st.dictionaries(SETTING_KEYS, JSON_VALUES, max_size=6))
def test_settings_never_raise_and_are_typed(tmp_path_factory: pytest.TempPathFactory, values: dict) -> None:
    path = tmp_path_factory.mktemp("settings") / "config.json"
    path.write_text(json.dumps(values), encoding="utf-8", errors="surrogatepass")
    loaded, problems = load_settings(path)
    assert isinstance(loaded.measure, int) and 20 <= loaded.measure <= 1000
    assert loaded.max_bytes > 0
    assert all(isinstance(item, str) for item in [*loaded.library, *loaded.hidden_labels])
    assert all(isinstance(k, str) and isinstance(v, str) for k, v in loaded.keymap.items())
    assert isinstance(loaded.theme, str) and isinstance(loaded.show_sidebar, bool)
    assert all(isinstance(problem, str) for problem in problems)


@FEW
@given(annotation=st.dictionaries(hostile_text(2), JSON_VALUES, max_size=5), exact=hostile_text(4))
def test_import_never_raises(annotation: dict, exact: str) -> None:
    annotation.update(
        {
            "type": "Annotation",
            "target": {
                "source": exact or "x",
                "selector": [{"type": "TextQuoteSelector", "exact": exact or "x"}],
            },
        }
    )
    try:
        result = read_json(
            json.dumps([annotation, {"junk": annotation}]), now=datetime(2026, 1, 1, tzinfo=UTC)
        )
    except ImportFormatError:
        return
    for bookmark in result.bookmarks:
        bookmark.exact.encode("utf-8")
        bookmark.title.encode("utf-8")
        assert 0 <= bookmark.start <= bookmark.end
        assert bookmark.created.year >= 1000 and bookmark.created.year < 2263


def _rss(title: str, body: str) -> bytes:
    return (
        f"<?xml version='1.0' encoding='utf-8'?><rss version='2.0'><channel><title>{title}</title>"
        f"<item><title>{title}</title><description>{body}</description><pubDate>{title}</pubDate>"
        "</item></channel></rss>"
    ).encode("utf-8", "surrogatepass")


def _json_feed(title: str, body: str) -> bytes:
    feed = {"version": "https://jsonfeed.org/version/1.1", "title": title}
    feed["items"] = [{"id": title, "title": title, "content_html": body, "date_published": title}]  # type: ignore[list-item]
    return json.dumps(feed).encode("utf-8")


@FEW
@given(title=hostile_text(8), body=hostile_text(), kind=st.sampled_from(["rss", "json", "raw"]))
def test_feeds_parse_or_say_why(title: str, body: str, kind: str) -> None:
    if kind == "raw":
        data = (title + body).encode("utf-8", "surrogatepass")
    else:
        data = _rss(title, body) if kind == "rss" else _json_feed(title, body)
    try:
        parsed = parse_feed(data, "https://example.org/feed")
    except FeedError as error:
        assert str(error)
        return
    for entry in parsed.entries:
        assert entry.published is None or 1000 <= entry.published.year < 2263
        safe_text(entry.title).encode("utf-8")
    within_bound(lambda text: parse_feed(_rss("t", text), "https://example.org/feed"), repeated(body, 10_000))
