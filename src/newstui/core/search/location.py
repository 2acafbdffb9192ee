"""Where a library's search index lives, and which entity names feed it.

One index file per library (the set of folders opened), named by a hash of their resolved paths, in
the cache directory handed in (``paths.cache_dir()`` in the app and the CLI, a temporary folder in tests).
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from pathlib import Path

from newstui.core.search.store import EntityNames


def index_path(cache_dir: Path, roots: Sequence[Path]) -> Path:
    key = "\0".join(sorted(str(root.resolve()) for root in roots))
    digest = hashlib.blake2b(key.encode(), digest_size=8).hexdigest()
    return cache_dir / "search" / f"{digest}.sqlite"


def default_entity_names() -> EntityNames | None:
    """The entity namer the index is built with: none for now, on purpose.

    :func:`newstui.core.annotate.annotate` finds entities at about 10 ms an article here (entities
    alone; 13 ms with quotations), so naming them at build time would take some 16 minutes for
    100,000 articles against a build budget of 60 s. Until a background pass fills the entity columns
    after the build, ``person:``/``org:``/``place:`` search the words and say so in ``ignored``.
    """
    return None
