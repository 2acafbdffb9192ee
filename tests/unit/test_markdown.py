"""Markdown read as structure: blocks become paragraphs, marks are dropped, links are numbered."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.core.library import read_article
from newstui.core.sources.markdown import parse


def paragraphs(text: str) -> list[str]:
    parsed = parse(text)
    assert parsed.text is not None
    return [parsed.text[p.start : p.end] for p in parsed.paragraphs]


CASES = [
    ("heading-title", "# The title\n\nBody.\n", "The title", ["Body."]),
    ("line-title", "The title\nFirst line of body.\n", "The title", ["First line of body."]),
    ("atx-closing", "# T\n\n## Section ##\n\nText.\n", "T", ["Section", "Text."]),
    ("hash-in-text", "# T\n\n## C# and F#\n", "T", ["C# and F#"]),
    ("setext", "# T\n\nPart one\n========\n\nText.\n", "T", ["Part one", "Text."]),
    ("bullets", "# T\n\n- one\n- two\n  more\n* three\n", "T", ["• one", "• two more", "• three"]),
    ("numbered", "# T\n\n1. one\n2) two\n", "T", ["1. one", "2) two"]),
    ("quote", "# T\n\n> said this\n> and that\n>\n> again\n\nAfter.\n", "T",
     ["said this and that", "again", "After."]),
    ("strong-em", "# T\n\n**bold** and __bold__, *em* and _em_.\n", "T", ["bold and bold, em and em."]),
    ("snake-case", "# T\n\nsnake_case_name and __init__.py\n", "T", ["snake_case_name and init.py"]),
    ("lone-marks", "# T\n\na * b and c _ d, 5 ** 2\n", "T", ["a * b and c _ d, 5 ** 2"]),
    ("code-span", "# T\n\nrun `rm *x*` now\n", "T", ["run rm *x* now"]),
    ("escapes", "# T\n\n\\*not em\\* and \\[x\\]\n", "T", ["*not em* and [x]"]),
    ("strike", "# T\n\n~~gone~~ text\n", "T", ["gone text"]),
    ("rule", "# T\n\nA.\n\n---\n\nB.\n", "T", ["A.", "B."]),
    (
        "fenced-code",
        "# T\n\n```python\nx = *y*\n```\n\nAfter.\n",
        "T",
        ["x = *y*", "After."],
    ),
    (
        "links",
        "# T\n\nSee [the report](https://ex.com/r) and [the report](https://ex.com/r), ![a map](m.png).\n",
        "T",
        ["See the report[1] and the report[1], a map[2].", "Links:", "[1]: https://ex.com/r (link)",
         "[2]: m.png (image)"],
    ),
    (
        "reference-link",
        "# T\n\nA [ref][r] and [Plain].\n\n[r]: https://ex.com/x\n[plain]: https://ex.com/p\n",
        "T",
        ["A ref[1] and Plain[2].", "Links:", "[1]: https://ex.com/x (link)", "[2]: https://ex.com/p (link)"],
    ),
    ("autolink", "# T\n\nAt <https://ex.com/a>.\n", "T", ["At https://ex.com/a."]),
    ("unknown-reference", "# T\n\nJust [brackets] here.\n", "T", ["Just [brackets] here."]),
    ("markup-in-title", "# The **big** [story](https://x.org)\n\nB.\n", "The big story[1]", ["B.", "Links:",
     "[1]: https://x.org (link)"]),
]  # fmt: skip


@pytest.mark.parametrize(("text", "title", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_structure(text: str, title: str, expected: list[str]) -> None:
    parsed = parse(text)
    assert parsed.title == title
    assert parsed.text is not None and parsed.text[slice(*parsed.title_span)] == title
    assert paragraphs(text) == expected


@pytest.mark.parametrize(
    ("text", "title", "expected"),
    [
        ("---\ntitle: Front\n---\n# Front\n\nBody.\n", "Front", ["Body."]),  # the heading repeats it
        ("---\ntitle: Front\n---\n# Other heading\n\nBody.\n", "Front", ["Other heading", "Body."]),
        ('---\ntitle: "Quoted"\n---\nBody.\n', "Quoted", ["Body."]),
        ("---\ndate: 2022-01-07\n---\n# Heading\n\nBody.\n", "Heading", ["Body."]),
    ],
    ids=["same-as-heading", "differs-from-heading", "quoted", "no-title"],
)
def test_front_matter_title_is_the_one_title(text: str, title: str, expected: list[str]) -> None:
    parsed = parse(text)
    assert parsed.title == title
    assert parsed.text is not None and parsed.text.splitlines()[0] == title  # the reader's title line
    assert paragraphs(text) == expected


def test_list_and_reader_agree_on_the_title(tmp_path: Path) -> None:
    path = tmp_path / "story.md"
    path.write_text("---\ntitle: Front matter title\nsource: Wire\n---\n# A heading\n\nBody **text**.\n")
    article = read_article(path)
    assert article.meta.title == "Front matter title"
    assert article.text[slice(*article.title_span)] == "Front matter title"
    assert article.meta.source == "Wire"
    assert [article.paragraph_text(i) for i in range(len(article.paragraphs))] == ["A heading", "Body text."]


HOSTILE = 200_000
"""Big enough that a quadratic pattern would take minutes here, so the suite would hang on it."""


@pytest.mark.parametrize(
    "body",
    [
        "**a " * (HOSTILE // 4),
        "_" * HOSTILE,
        "`" * HOSTILE,
        "[" * HOSTILE,
        "[a](" * (HOSTILE // 4),
        "# " + " " * HOSTILE + "x",
        "> " * (HOSTILE // 2),
        "- " * (HOSTILE // 2),
        "![" * (HOSTILE // 2),
        "a" + " " * HOSTILE + "b" + "#" * 10,
        "\\" * HOSTILE,
        "<http://" * (HOSTILE // 8),
    ],
    ids=["stars", "underscores", "backticks", "brackets", "open-links", "heading-spaces", "quotes",
         "bullets", "images", "spaces-hashes", "backslashes", "autolinks"],
)  # fmt: skip
def test_hostile_input_parses(body: str) -> None:
    parsed = parse("# Title\n\n" + body + "\n")
    assert parsed.title == "Title"
    assert parsed.text is not None
