"""``newstui bookmarks list|add|export|import``: the command-line contract from the issue."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newstui.cli import main
from newstui.core.bookmarks.store import FILENAME, BookmarkStore
from tests.conftest import write_article

LIST_KEYS = {"id", "path", "title", "text", "note", "tags", "state", "created", "updated", "start", "end"}


@pytest.fixture
def article(tmp_path: Path) -> Path:
    return write_article(
        tmp_path,
        "story.txt",
        "Floods close the valley road",
        "Heavy rain on Tuesday closed the valley road for the third time this winter.",
        "“We cannot go on like this,” said the mayor, Ana Ruiz.",
    )


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def _records(capsys: pytest.CaptureFixture[str], data: Path) -> list[dict[str, object]]:
    status, out, _ = _run(capsys, "bookmarks", "list", "--json", "--data-dir", str(data))
    assert status == 0
    return [json.loads(line) for line in out.splitlines()]


def test_add_then_list_json(tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = tmp_path / "data"
    status, out, _ = _run(
        capsys, "bookmarks", "add", str(article), "--text", '"We cannot go on like this,"',
        "--note", "the mayor's words", "--tag", "floods", "quotes", "--data-dir", str(data),
    )  # fmt: skip
    assert status == 0
    [record] = _records(capsys, data)
    assert set(record) == LIST_KEYS
    assert record["id"] == out.strip()
    assert record["text"] == "“We cannot go on like this,”"
    assert (record["note"], record["tags"], record["state"]) == (
        "the mayor's words",
        ["floods", "quotes"],
        "anchored",
    )
    assert record["path"] == str(article.resolve()) and record["title"] == "Floods close the valley road"
    text = article.read_text(encoding="utf-8")
    assert text[int(str(record["start"])) : int(str(record["end"]))] == record["text"]
    assert (data / FILENAME).is_file()


def test_add_fails_clearly_when_the_passage_is_not_there(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, out, err = _run(
        capsys, "bookmarks", "--data-dir", str(tmp_path), "add", str(article), "--text", "snow"
    )
    assert status == 1 and out == ""
    assert "the passage is not in" in err and "snow" in err
    status, _, err = _run(capsys, "bookmarks", "add", str(tmp_path / "nope.txt"), "--text", "x")
    assert status == 1 and "nope.txt" in err


def test_list_reports_moved_orphaned_and_missing(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = str(tmp_path / "data")
    gone = write_article(tmp_path, "gone.txt", "Gone", "This article will be deleted soon enough.")
    for path, text in (
        (article, "third time this winter"),
        (article, "said the mayor"),
        (gone, "deleted soon"),
    ):
        assert _run(capsys, "bookmarks", "add", str(path), "--text", text, "--data-dir", data)[0] == 0
    original = article.read_text(encoding="utf-8")
    article.write_text(
        original.replace("Heavy rain", "Very heavy rain").replace(" said the mayor,", ""), "utf-8"
    )
    gone.unlink()
    states = {record["text"]: record["state"] for record in _records(capsys, Path(data))}
    assert states == {
        "third time this winter": "moved",
        "said the mayor": "orphaned",
        "deleted soon": "missing",
    }
    status, out, _ = _run(capsys, "bookmarks", "list", "--data-dir", data)
    assert status == 0 and len(out.splitlines()) == 3
    assert "orphaned" in out and "missing" in out


def test_export_and_import_round_trip(
    tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    first, second = str(tmp_path / "first"), str(tmp_path / "second")
    _run(
        capsys, "bookmarks", "add", str(article), "--text", "valley road", "--note", "n", "--data-dir", first
    )
    exported = tmp_path / "out" / "bookmarks.json"
    status, _, _ = _run(
        capsys, "bookmarks", "export", "--format", "json", "-o", str(exported), "--data-dir", first
    )
    assert status == 0
    assert json.loads(exported.read_text(encoding="utf-8"))[0]["type"] == "Annotation"
    status, out, _ = _run(capsys, "bookmarks", "import", str(exported), "--data-dir", second)
    assert status == 0 and "1 new" in out
    status, out, _ = _run(capsys, "bookmarks", "import", str(exported), "--data-dir", second)
    assert "0 new" in out and "1 already there" in out
    assert _records(capsys, Path(first)) == _records(capsys, Path(second))


def test_export_markdown_to_stdout(tmp_path: Path, article: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    _run(capsys, "bookmarks", "add", str(article), "--text", "valley road", "--data-dir", data)
    status, out, _ = _run(capsys, "bookmarks", "export", "--data-dir", data)
    assert status == 0
    assert out.startswith("# Bookmarks\n\n## Floods close the valley road\n\n> valley road\n")


def test_import_of_a_bad_file_fails_clearly(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    status, _, err = _run(capsys, "bookmarks", "import", str(bad), "--data-dir", str(tmp_path))
    assert status == 1 and "not JSON" in err
    status, _, err = _run(
        capsys, "bookmarks", "import", str(tmp_path / "absent.json"), "--data-dir", str(tmp_path)
    )
    assert status == 1 and "cannot read" in err


def test_a_corrupt_database_is_moved_aside_and_reported(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("NEWSTUI_DATA_DIR", str(tmp_path))
    (tmp_path / FILENAME).write_bytes(b"\x00garbage" * 64)
    status, out, err = _run(capsys, "bookmarks", "list")
    assert status == 0 and out == ""
    assert "moved to" in err and ".corrupt-" in err
    assert len(list(tmp_path.glob(f"{FILENAME}.corrupt-*"))) == 1
    assert BookmarkStore(tmp_path / FILENAME).count() == 0


def test_a_newer_database_fails_with_status_1(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    BookmarkStore(tmp_path / FILENAME).close()
    with sqlite3.connect(tmp_path / FILENAME) as db:
        db.execute("UPDATE schema_version SET version = 99")
    db.close()
    status, _, err = _run(capsys, "bookmarks", "list", "--data-dir", str(tmp_path))
    assert status == 1 and "newer version" in err
