"""What the main screen's one open worker is asked to do: read an article, show it, then what follows.

Every way of opening an article (the list, a search result, a bookmark, a quotation, the other version
of the article shown) is one :class:`Opening` handed to :meth:`MainScreen.open
<newstui.ui.screens.main.MainScreen.open>`, so a newer request always replaces an older one.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from newstui.core.bookmarks.passages import Resolved
from newstui.core.models import Article


@dataclass(frozen=True, slots=True)
class Opening:
    """An article to open in the reader, and what to show once it is open."""

    read: Callable[[], Article]
    """Reads the article (in the worker: it touches the disk)."""
    where: str
    """Where it comes from, for the message if it cannot be read."""
    focus: bool = False
    """Move the focus to the reader once it is shown."""
    query: str = ""
    """A search to highlight the matches of, from the first at or after ``near``."""
    near: int = 0
    passage: Resolved | None = None
    """A bookmark whose passage the cursor goes to."""
    span: tuple[int, int] | None = None
    """A passage to highlight and scroll to, as a match (a quotation chosen on the People screen)."""
    again: bool = False
    """Show it even if the reader shows the same article (another version of it: ``f``)."""
    shown: Callable[[Article], None] | None = None
    """Told once it is shown."""
    failed: Callable[[str], None] | None = None
    """Told why it could not be read, instead of the "Cannot open" error."""
