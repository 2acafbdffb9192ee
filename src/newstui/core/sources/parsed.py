"""The result every parser returns."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from newstui.core.models import Paragraph


@dataclass(frozen=True, slots=True)
class Parsed:
    title: str
    title_span: tuple[int, int]
    paragraphs: tuple[Paragraph, ...]
    published: datetime | None = None
    source: str | None = None
    text: str | None = None
    """The article text when it is not the file's text itself (HTML: the extracted readable text)."""
