"""Global options before or after the command, and queries that start with '-'."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from newstui.cli import _dash_words, _split_global, main
from newstui.core.bookmarks.store import FILENAME
from tests.conftest import write_article


@pytest.mark.parametrize(
    ("argv", "front", "rest"),
    [
        (["--data-dir", "X", "bookmarks", "list"], ["--data-dir", "X"], ["bookmarks", "list"]),
        (["--data-dir=X", "bookmarks", "list"], ["--data-dir=X"], ["bookmarks", "list"]),
        (["bookmarks", "--data-dir", "X", "list"], [], ["bookmarks", "--data-dir", "X", "list"]),
        (["--measure", "80", "news"], [], ["--measure", "80", "news"]),
        ([], [], []),
    ],
    ids=["before", "before-equals", "after", "app-option", "empty"],
)
def test_split_global(argv: list[str], front: list[str], rest: list[str]) -> None:
    assert _split_global(argv) == (front, rest)


@pytest.mark.parametrize(
    ("argv", "expected"),
    [
        (["-glasgow"], [" -glasgow"]),
        (["--json", "-glasgow", "news"], ["--json", " -glasgow", "news"]),
        (["--limit", "-1", "x"], ["--limit", "-1", "x"]),
        (["-h"], ["-h"]),
        (["-"], ["-"]),
        (["--", "-word"], ["--", "-word"]),
        (['-"climate deal"'], [' -"climate deal"']),
    ],
    ids=["word", "among-options", "negative-number", "help", "stdin", "after-dashes", "phrase"],
)
def test_dash_words(argv: list[str], expected: list[str]) -> None:
    assert _dash_words(argv) == expected


def _bookmark_in(data: Path, article: Path) -> None:
    assert main(["bookmarks", "add", str(article), "--text", "Alpha one", "--data-dir", str(data)]) == 0


@pytest.mark.parametrize("where", ["before", "after-command", "after-action", "equals"])
def test_data_dir_before_or_after_the_command(
    where: str, news_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = tmp_path / "elsewhere"
    _bookmark_in(data, news_dir / "a.txt")
    capsys.readouterr()
    argv = {
        "before": ["--data-dir", str(data), "bookmarks", "list", "--json"],
        "after-command": ["bookmarks", "--data-dir", str(data), "list", "--json"],
        "after-action": ["bookmarks", "list", "--json", "--data-dir", str(data)],
        "equals": [f"--data-dir={data}", "bookmarks", "list", "--json"],
    }[where]
    assert main(argv) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [r["text"] for r in records] == ["Alpha one"]


def test_data_dir_is_handed_on_not_written_to_the_environment(
    news_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NEWSTUI_DATA_DIR", raising=False)
    data = tmp_path / "elsewhere"
    _bookmark_in(data, news_dir / "a.txt")
    assert "NEWSTUI_DATA_DIR" not in os.environ  # a later command in this process is not redirected
    assert (data / FILENAME).exists()
    capsys.readouterr()
    assert main(["bookmarks", "list", "--json"]) == 0
    assert capsys.readouterr().out == ""  # the default data folder has none


def test_the_environment_variable_still_chooses_the_data_dir(
    news_dir: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "from-env"
    _bookmark_in(data, news_dir / "a.txt")
    monkeypatch.setenv("NEWSTUI_DATA_DIR", str(data))
    capsys.readouterr()
    assert main(["bookmarks", "list", "--json"]) == 0
    assert [json.loads(line)["text"] for line in capsys.readouterr().out.splitlines()] == ["Alpha one"]


def test_the_app_is_given_the_data_dir(
    news_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``newstui --data-dir X``: make_app is handed X (its stores and search history live there)."""
    built: list[object] = []

    def fake_make_app(*args: object, **kwargs: object) -> object:
        built.append(kwargs.get("data_dir"))
        raise SystemExit(0)

    monkeypatch.setattr("newstui.ui.app.make_app", fake_make_app)
    with pytest.raises(SystemExit):
        main([str(news_dir), "--data-dir", str(tmp_path / "d")])
    assert built == [tmp_path / "d"]


@pytest.mark.parametrize(
    ("argv", "query"),
    [
        (["search", "--json", "-glasgow", "PATH"], "-glasgow"),
        (["search", "-glasgow", "--json", "PATH"], "-glasgow"),
        (["search", "--json", "--", "-glasgow", "PATH"], "-glasgow"),
        (["search", "--json", "-glasgow meet", "PATH"], "-glasgow meet"),
        (["search", "--json", "-'meet", "PATH"], "-'meet"),
    ],
    ids=["word", "option-after", "after-dashes", "with-a-space", "exact-word"],
)
def test_query_starting_with_a_dash(
    argv: list[str], query: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "news"
    folder.mkdir()
    write_article(folder, "a.txt", "Glasgow summit", "Delegates meet in Glasgow.")
    write_article(folder, "b.txt", "Zurich bankers", "Bankers meet.")
    assert main([str(folder) if arg == "PATH" else arg for arg in argv]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["query"] == query
    if query == "-glasgow meet":  # the exclusion is obeyed: only the article without Glasgow
        assert [hit["title"] for hit in record["results"]] == ["Zurich bankers"]
