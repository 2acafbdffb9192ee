"""The People screen's three lists, each a virtual row list: entities, an entity's quotations, and the
articles that mention it. Only the rows on screen are drawn, so 100,000 entities cost one screen.
"""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType

from newstui.core.people.index import Mentioning, Person, Quotation
from newstui.ui.formatting import counted, short_date
from newstui.ui.widgets.row_list import RowList, row_list_bindings

LABEL_WORDS = {"PERSON": "person", "ORG": "organisation", "PLACE": "place"}


def _counts(person: Person) -> str:
    parts = [counted(person.mentions, "mention"), counted(person.articles, "article")]
    if person.quotes:
        parts.append(counted(person.quotes, "quote"))
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
        seen = [(short_date(item.last_seen), "people-list--meta")] if item.last_seen else []
        kind = LABEL_WORDS.get(item.label, item.label.lower())
        return Text("\n").join(
            [
                self.row_line(width, (item.name, "people-list--name"), right=seen),
                self.row_line(width, (f"{kind} · {_counts(item)}", "people-list--meta"), indent="   "),
            ]
        )


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
        quoted = " ".join(item.text.split())
        meta = " · ".join(part for part in (short_date(item.published), item.source, item.title) if part)
        return Text("\n").join(
            [
                self.row_line(width, (quoted, "quote-list--text")),
                self.row_line(width, (meta, "quote-list--meta"), indent="   "),
            ]
        )


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
        meta = f"{short_date(item.published)} · {item.source} · ×{item.mentions}"
        return self.row_line(width, (item.title, "mention-list--title"), right=[(meta, "mention-list--meta")])
