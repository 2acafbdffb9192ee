"""What ``newstui search`` prints: the ``--json`` record of one query (the contract scripts rely on)."""

from __future__ import annotations

from collections.abc import Callable

from newstui.core.search import Hit, Results


def search_record(
    results: Results, describe: Callable[[Hit], tuple[str | None, bool]] | None = None
) -> dict[str, object]:
    """The ``newstui search --json`` line for one query.

    ``describe`` gives a hit's web address and read state (a stored feed article's link and whether it
    was read); files have neither (``None``, ``False``).
    """
    return {
        "query": results.query.text,
        "results": [
            {
                "path": hit.path,
                "title": hit.title,
                "score": hit.score,
                "snippet": hit.snippet,
                "matches": [[start, end] for start, end in hit.matches],
                **dict(zip(("url", "read"), describe(hit) if describe else (None, False), strict=True)),
            }
            for hit in results.hits
        ],
        "ignored": list(results.ignored),
    }
