"""``newstui search``: the JSON contract, queries from stdin, and exit statuses."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from newstui.cli import main
from tests.conftest import write_article


@pytest.fixture
def library(tmp_path: Path) -> Path:
    folder = tmp_path / "lib"
    folder.mkdir()
    write_article(folder, "glasgow.txt", "Climate summit opens in Glasgow", "Delegates arrived.")
    write_article(folder, "zurich.txt", "Zürich bankers meet", "Interest rates were discussed.")
    return folder


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]]]:
    code = main(["search", *args])
    out = capsys.readouterr().out
    return code, [json.loads(line) for line in out.splitlines()]


def test_json_contract(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    code, lines = run(capsys, "--json", "glasgwo colour:x", str(library))
    assert code == 0
    (line,) = lines
    assert set(line) == {"query", "results", "ignored"}
    assert line["query"] == "glasgwo colour:x"
    assert line["ignored"] == ["colour:"]
    (result,) = line["results"]  # type: ignore[misc]
    assert set(result) == {"path", "title", "score", "snippet", "matches", "url", "read"}
    assert (result["url"], result["read"]) == (None, False)  # a file: no web address, no read state
    assert Path(result["path"]).name == "glasgow.txt"
    assert isinstance(result["score"], float)
    text = Path(result["path"]).read_text(encoding="utf-8")
    assert [text[a:b] for a, b in result["matches"]] == ["Glasgow"]


def test_queries_from_stdin(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, library: Path
) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("zurich\nnothing-like-this\nsummit\n"))
    code, lines = run(capsys, "--json", "-", str(library))
    assert code == 0
    assert [line["query"] for line in lines] == ["zurich", "nothing-like-this", "summit"]
    assert [len(line["results"]) for line in lines] == [1, 0, 1]  # type: ignore[arg-type]


def test_limit(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    _, lines = run(capsys, "--json", "--limit", "1", "meet | summit", str(library))
    assert len(lines[0]["results"]) == 1  # type: ignore[arg-type]


def test_no_results_exit_zero(capsys: pytest.CaptureFixture[str], library: Path) -> None:
    code, lines = run(capsys, "--json", "xylophone", str(library))
    assert code == 0
    assert lines[0]["results"] == []


def test_bad_path_exit_two(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["search", "x", str(tmp_path / "missing")]) == 2
    assert "no such file" in capsys.readouterr().err


def test_index_lives_in_cache_dir(
    capsys: pytest.CaptureFixture[str], library: Path, isolated_dirs: Path
) -> None:
    run(capsys, "--json", "summit", str(library))
    assert list((isolated_dirs / "cache").rglob("*.sqlite"))


def test_entity_query_enriches_a_small_library(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    folder = tmp_path / "kz"
    folder.mkdir()
    write_article(folder, "kz.txt", "Unrest", "Kassym-Jomart Tokayev said in Almaty that order was back.")
    code, records = run(capsys, "--json", "--enrich", "none", "person:tokayev", str(folder))
    assert code == 0 and records[0]["ignored"] == [
        "person: (entity names not indexed yet; searched as words)"
    ]
    code, records = run(capsys, "--json", "person:tokayev", str(folder))
    assert code == 0 and records[0]["ignored"] == []
    assert [Path(str(r["path"])).name for r in records[0]["results"]] == ["kz.txt"]  # type: ignore[union-attr]
