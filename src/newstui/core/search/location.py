"""Where a library's search index lives, and which entity names feed it (and when).

One index file per library (the set of folders opened), named by a hash of their resolved paths, in
the cache directory handed in (``paths.cache_dir()`` in the app and the CLI, a temporary folder in tests).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from newstui.core.search.store import EntityNames

LABEL_FIELDS = {"PERSON": "person", "ORG": "org", "PLACE": "place"}
"""Annotation labels that feed the index's entity fields (groups, dates and numbers do not)."""


def index_path(cache_dir: Path, roots: Sequence[Path], *, feeds: bool = False) -> Path:
    """The index file of a library: its folders and files, and whether stored feed articles are in it."""
    key = "\0".join(sorted(str(root.resolve()) for root in roots))
    if feeds:
        key += "\0newstui:feeds"
    digest = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    return cache_dir / "search" / f"{digest}.sqlite"


def default_entity_names() -> EntityNames | None:
    """The entity namer the index is built with: none for now, on purpose.

    :func:`newstui.core.annotate.annotate` finds entities at about 10 ms an article here (entities
    alone; 13 ms with quotations), so naming them at build time would take some 16 minutes for
    100,000 articles against a build budget of 60 s. The entity fields are filled after the build by
    :meth:`~newstui.core.search.SearchIndex.enrich` with :func:`annotate_names`; until an article is
    enriched, ``person:``/``org:``/``place:`` search its words and say so in ``ignored``.
    """
    return None


def annotate_names(text: str) -> Mapping[str, Iterable[str]]:
    """The people, organisations and places :mod:`newstui.core.annotate` finds in ``text``.

    Entities only (quotations and speakers cost a third more and the index has no use for them).
    """
    from newstui.core.annotate import blocks_of
    from newstui.core.annotate.entities import find_entities

    found: dict[str, list[str]] = {}
    for entity in find_entities(text, blocks_of(text)):
        field = LABEL_FIELDS.get(entity.label)
        if field is not None:
            found.setdefault(field, []).append(entity.text)
    return found
