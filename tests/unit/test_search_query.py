"""The query language: a named table of queries and what they mean."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newstui.core.search.query import Query, Term, parse_query


def words(*items: str, **kw: object) -> tuple[Term, ...]:
    return tuple(Term((item,), **kw) for item in items)  # type: ignore[arg-type]


CASES: dict[str, tuple[str, dict[str, object]]] = {
    "plain words": ("Zürich Bank", {"groups": ((Term(("zurich",)),), (Term(("bank",)),))}),
    "phrase": (
        '"climate deal" talks',
        {"groups": ((Term(("climate", "deal"), exact=True),), (Term(("talks",)),))},
    ),
    "exact word": ("'bank", {"groups": ((Term(("bank",), exact=True),),)}),
    "excluded word": ("bank -river", {"groups": ((Term(("bank",)),),), "excluded": (Term(("river",)),)}),
    "excluded phrase": ('-"river bank"', {"groups": (), "excluded": (Term(("river", "bank"), exact=True),)}),
    "field filter": ("title:merkel", {"groups": ((Term(("merkel",), field="title"),),)}),
    "entity field": (
        "person:obama org:nato place:paris",
        {
            "groups": (
                (Term(("obama",), field="person"),),
                (Term(("nato",), field="org"),),
                (Term(("paris",), field="place"),),
            )
        },
    ),
    "field phrase": (
        'source:"new york"',
        {"groups": ((Term(("new", "york"), exact=True, field="source"),),)},
    ),
    "or spaced": ("trump | clinton", {"groups": ((Term(("trump",)), Term(("clinton",))),)}),
    "or tight": (
        "trump|clinton rally",
        {"groups": ((Term(("trump",)), Term(("clinton",))), (Term(("rally",)),))},
    ),
    "dates": (
        "after:2022-01-01 before:2022-02-01 vote",
        {
            "groups": ((Term(("vote",)),),),
            "after": datetime(2022, 1, 1, tzinfo=UTC),
            "before": datetime(2022, 2, 1, tzinfo=UTC),
        },
    ),
    "hyphenated word splits": ("no-brainer", {"groups": ((Term(("no",)),), (Term(("brainer",)),))}),
    "curly apostrophe is punctuation": ("Clinton’s", {"groups": ((Term(("clinton",)),), (Term(("s",)),))}),
    "unclosed quote searches the rest": (
        '"climate deal',
        {
            "groups": ((Term(("climate", "deal"), exact=True),),),
            "ignored": ('unclosed "',),
        },
    ),
    "unknown field searches the word": (
        "colour:red",
        {"groups": ((Term(("red",)),),), "ignored": ("colour:",)},
    ),
    "bad date ignored": (
        "after:yesterday vote",
        {"groups": ((Term(("vote",)),),), "ignored": ("after:yesterday",)},
    ),
    "only punctuation": ("?!", {"groups": ()}),
    "empty": ("", {"groups": ()}),
}


@pytest.mark.parametrize(("text", "meaning"), list(CASES.values()), ids=list(CASES))
def test_parse(text: str, meaning: dict[str, object]) -> None:
    query = parse_query(text)
    expected = Query(text=text, **meaning)  # type: ignore[arg-type]
    assert query == expected


TYPING: dict[str, tuple[str, bool]] = {
    "last word is a prefix": ("climate de", True),
    "a space ends the word": ("climate de ", False),
    "exact word is never a prefix": ("climate 'de", False),
    "phrase is never a prefix": ('"climate de"', False),
}


@pytest.mark.parametrize(("text", "prefix"), list(TYPING.values()), ids=list(TYPING))
def test_typing_prefix(text: str, prefix: bool) -> None:
    query = parse_query(text, typing=True)
    assert query.groups[-1][-1].prefix is prefix
