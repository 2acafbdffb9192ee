"""The passage cursor and selection model, without a terminal."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.core.library import read_article
from newstui.core.models import Article
from newstui.core.selection import Mode, PassageSelection
from tests.conftest import write_article


@pytest.fixture
def article(tmp_path: Path) -> Article:
    path = write_article(
        tmp_path,
        "a.txt",
        "Title",
        "One. Two.",
        "Three. Four. Five.",
        "Six.",
    )
    return read_article(path)


def text_of(selection: PassageSelection) -> str:
    passage = selection.passage()
    assert passage is not None and selection.article is not None
    return selection.article.text[passage[0] : passage[1]]


def test_no_article_no_passage() -> None:
    selection = PassageSelection()
    assert selection.passage() is None and selection.spans() == []
    selection.step(1)
    assert selection.toggle() is Mode.CURSOR and selection.cursor == 0


def test_cursor_steps_by_paragraph_and_clamps(article: Article) -> None:
    selection = PassageSelection()
    selection.reset(article)
    assert text_of(selection) == "One. Two."
    selection.step(1)
    assert text_of(selection) == "Three. Four. Five." and selection.mode is Mode.CURSOR
    selection.step(5)
    assert selection.cursor == 2
    selection.step(-9)
    assert selection.cursor == 0


def test_v_cycles_sentence_paragraph_and_off(article: Article) -> None:
    selection = PassageSelection()
    selection.reset(article)
    selection.step(1)
    assert selection.toggle() is Mode.SENTENCES
    assert text_of(selection) == "Three."
    selection.step(1)
    assert text_of(selection) == "Three. Four."
    selection.step(3)  # across into the next paragraph
    assert text_of(selection) == "Three. Four. Five.\n\nSix." and selection.cursor == 2
    assert selection.paragraphs() == (1, 2)
    assert selection.toggle() is Mode.PARAGRAPHS  # whole paragraphs from the anchor's
    assert selection.paragraphs() == (1, 2)
    selection.step(-2)
    assert selection.paragraphs() == (0, 1)
    assert selection.spans() == [(p.start, p.end) for p in article.paragraphs[:2]]
    assert selection.toggle() is Mode.CURSOR
    assert selection.paragraphs() == (0, 0)


def test_select_offsets_and_drag(article: Article) -> None:
    selection = PassageSelection()
    selection.reset(article)
    second, third = article.paragraphs[1], article.paragraphs[2]
    first = selection.select_offsets(second.start + 2, third.end)
    assert first == 1 and selection.paragraphs() == (1, 2) and selection.cursor == 2
    selection.select_offsets(third.start)
    assert selection.mode is Mode.CURSOR and selection.cursor == 2
    selection.select_paragraphs(2, 0)
    assert selection.paragraphs() == (0, 2) and selection.cursor == 0
    selection.move_to(1, select=True)
    assert selection.paragraphs() == (1, 2)
    selection.move_to(1)
    assert selection.mode is Mode.CURSOR


def test_reset_forgets_the_old_article(article: Article, tmp_path: Path) -> None:
    selection = PassageSelection()
    selection.reset(article)
    selection.step(2)
    selection.toggle()
    other = read_article(write_article(tmp_path, "b.txt", "Other", "Alone here."))
    selection.reset(other)
    assert selection.cursor == 0 and selection.mode is Mode.CURSOR
    assert text_of(selection) == "Alone here." and selection.sentences == [selection.passage()]
