"""The People screen's three lists, each a virtual row list: entities, an entity's quotations, and the
articles that mention it. Only the rows on screen are drawn, so 100,000 entities cost one screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.style import Style
from rich.text import Text
from textual.binding import Binding, BindingType

from newstui.core.people.index import Mentioning, Person, Quotation
from newstui.core.safe_text import clip, safe_text
from newstui.ui.formatting import short_date
from newstui.ui.widgets.row_list import RowList, row_list_bindings

LABEL_WORDS = {"PERSON": "person", "ORG": "organisation", "PLACE": "place"}


def _counts(person: Person) -> str:
    parts = [f"{person.mentions:,} mention{'s' if person.mentions != 1 else ''}"]
    parts.append(f"{person.articles:,} article{'s' if person.articles != 1 else ''}")
    if person.quotes:
        parts.append(f"{person.quotes:,} quote{'s' if person.quotes != 1 else ''}")
    return " · ".join(parts)


class PeopleList(RowList[Person]):
    """Entities, two lines each: the name and its kind, then counts and when it was last seen."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_list_bindings("people", page_down="pagedown", first="home", last="end"),
        Binding("enter", "open", "Quotes", id="people.open"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {"people-list--name", "people-list--meta", "people-list--cursor"}
    ROW_HEIGHT = 2
    CURSOR = "people-list--cursor"

    def render_row(self, item: Person, width: int) -> Text:
        text = Text(" ")
        seen = f"  {short_date(item.last_seen)}" if item.last_seen else ""
        name = clip(safe_text(item.name), max(8, width - len(seen) - 2))
        text.append(name, style=self._style("name"))
        text.append(" " * max(0, width - 1 - len(name) - len(seen)) + seen, style=self._style("meta"))
        kind = LABEL_WORDS.get(item.label, item.label.lower())
        text.append(f"\n   {kind} · {_counts(item)}", style=self._style("meta"))
        return text

    def _style(self, name: str) -> Style:
        return self.row_style(f"people-list--{name}")


class QuoteList(RowList[Quotation]):
    """An entity's quotations, newest first: the quotation, then its article, date and source."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_list_bindings("people-quotes", page_down="pagedown", first="home", last="end"),
        Binding("enter", "open", "Open at the quote", id="people.open_quote"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "quote-list--text",
        "quote-list--meta",
        "quote-list--cursor",
    }
    ROW_HEIGHT = 3
    ROW_GAP = 1
    CURSOR = "quote-list--cursor"

    def render_row(self, item: Quotation, width: int) -> Text:
        text = Text(" ")
        quoted = " ".join(item.text.split())
        text.append(clip(safe_text(quoted), max(8, width - 2)), style=self._style("text"))
        meta = " · ".join(part for part in (short_date(item.published), item.source, item.title) if part)
        text.append("\n   " + clip(safe_text(meta), max(8, width - 4)), style=self._style("meta"))
        return text

    def _style(self, name: str) -> Style:
        return self.row_style(f"quote-list--{name}")


class MentionList(RowList[Mentioning]):
    """The articles that mention an entity, newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *row_list_bindings("people-articles", page_down="pagedown", first="home", last="end"),
        Binding("enter", "open", "Open article", id="people.open_article"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "mention-list--title",
        "mention-list--meta",
        "mention-list--cursor",
    }
    ROW_HEIGHT = 1
    CURSOR = "mention-list--cursor"

    def render_row(self, item: Mentioning, width: int) -> Text:
        meta = f"  {short_date(item.published)} · {safe_text(item.source)} · ×{item.mentions}"
        text = Text(" ")
        text.append(clip(safe_text(item.title), max(8, width - len(meta) - 2)), style=self._style("title"))
        text.append(meta, style=self._style("meta"))
        return text

    def _style(self, name: str) -> Style:
        return self.row_style(f"mention-list--{name}")
