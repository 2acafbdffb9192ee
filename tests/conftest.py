"""Shared fixtures: every test runs with platformdirs pointed at its own temporary folder."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.feedserver import FeedServer

REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
SEED_FILE = SEEDS / "000_0ff685afc150aea9.txt"
FIXED_TIME = 1_641_600_000  # 2022-01-08, so listings and snapshots never show "today"


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point XDG and newstui's own overrides at a temporary home: tests never touch the real one."""
    home = tmp_path_factory.mktemp("home")
    for var, sub in (
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ):
        monkeypatch.setenv(var, str(home / sub))
    monkeypatch.setenv("HOME", str(home))
    for var in ("NEWSTUI_DATA_DIR", "NEWSTUI_CONFIG_DIR", "NEWSTUI_CACHE_DIR"):
        monkeypatch.delenv(var, raising=False)
    return home


def write_article(folder: Path, name: str, title: str, *paragraphs: str, mtime: int = FIXED_TIME) -> Path:
    """A small article in the seed's layout with a fixed file time."""
    path = folder / name
    path.write_text(title + "\n\n" + "\n\n".join(paragraphs) + "\n", encoding="utf-8")
    os.utime(path, (mtime, mtime))
    return path


@pytest.fixture
def news_dir(tmp_path: Path) -> Path:
    """Three short articles, newest first by file time: Gamma, Beta, Alpha."""
    folder = tmp_path / "news"
    folder.mkdir()
    write_article(folder, "a.txt", "Alpha report", "Alpha one.", "Alpha two.", mtime=FIXED_TIME)
    write_article(folder, "b.txt", "Beta report", "Beta one.", "Beta two.", mtime=FIXED_TIME + 60)
    write_article(folder, "c.md", "# Gamma report", "Gamma one.", "Gamma two.", mtime=FIXED_TIME + 120)
    return folder


@pytest.fixture
def seed_dir(tmp_path: Path) -> Iterator[Path]:
    """A copy of the seeds with a fixed file time, for deterministic screens."""
    folder = tmp_path / "seeds"
    shutil.copytree(SEEDS, folder)
    for path in folder.iterdir():
        os.utime(path, (FIXED_TIME, FIXED_TIME))
    yield folder


@pytest.fixture
def feed_server() -> Iterator[FeedServer]:
    """A feed server on 127.0.0.1 (see tests/feedserver.py for its routes); ``/slow.xml`` waits 1 s."""
    with FeedServer(slow_seconds=1.0) as server:
        yield server
