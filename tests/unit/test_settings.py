"""Settings survive a round trip and bad files fall back to defaults with a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from newstui.core.settings import Settings, load_settings, save_settings


def test_round_trip_keeps_unknown_keys(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"measure": 72, "future_option": [1, 2]}')
    settings, problems = load_settings(path)
    assert problems == [] and settings.measure == 72
    save_settings(settings, path)
    again, _ = load_settings(path)
    assert again.measure == 72 and again.extra == {"future_option": [1, 2]}


@pytest.mark.parametrize(
    ("content", "fragment"),
    [("{not json", "could not read"), ("[1, 2]", "JSON object"), ('{"measure": "wide"}', "'measure'")],
    ids=["bad json", "not an object", "wrong type"],
)
def test_bad_settings_fall_back(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "config.json"
    path.write_text(content)
    settings, problems = load_settings(path)
    assert settings.measure == Settings().measure
    assert len(problems) == 1 and fragment in problems[0]


def test_missing_file_is_defaults(tmp_path: Path) -> None:
    assert load_settings(tmp_path / "absent.json") == (Settings(), [])
