"""The command line: help, version, listing, and one-line errors for bad paths."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from newstui import __version__
from newstui.cli import COMMANDS, main


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "newstui", *args], capture_output=True, text=True, timeout=60
    )


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--version"])
    assert exit_info.value.code == 0
    assert capsys.readouterr().out.strip() == f"newstui {__version__}"


def test_help_lists_every_command(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for name, (summary, _, _) in COMMANDS.items():
        assert f"{name}" in out and summary in out


def test_missing_path_exits_2_with_one_line() -> None:
    result = run_cli("/no/such/folder")
    assert result.returncode == 2
    assert result.stderr.strip() == "newstui: no such file or folder: /no/such/folder"
    assert "Traceback" not in result.stderr


def test_list_json(news_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (news_dir / "bad.txt").write_bytes(b"")
    assert main(["list", "--json", str(news_dir)]) == 0
    captured = capsys.readouterr()
    records = [json.loads(line) for line in captured.out.splitlines()]
    assert [r["title"] for r in records] == ["Gamma report", "Beta report", "Alpha report"]
    assert records[0]["source"] == "news" and records[0]["words"] == 6
    assert "bad.txt: empty file" in captured.err


def test_list_defaults_to_seeds(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list"]) == 0
    assert "WW3 fears grow" in capsys.readouterr().out
