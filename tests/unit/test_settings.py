"""Settings survive a round trip and bad files fall back to defaults with a message."""

from __future__ import annotations

import os
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


BAD_VALUES = {
    "NaN size": ('{"max_file_mb": NaN}', "max_file_mb", 5.0, "NaN"),
    "infinite size": ('{"max_file_mb": Infinity}', "max_file_mb", 5.0, "NaN"),
    "negative size": ('{"max_file_mb": -1}', "max_file_mb", 5.0, "between"),
    "zero size": ('{"max_file_mb": 0}', "max_file_mb", 5.0, "between"),
    "huge measure": ('{"measure": 1e308}', "measure", 88, "between"),
    "fractional measure": ('{"measure": 72.5}', "measure", 88, "whole number"),
    "bool as number": ('{"measure": true}', "measure", 88, "number"),
    "library of numbers": ('{"library": [5]}', "library", [], "only text"),
    "library not a list": ('{"library": "~/news"}', "library", [], "list of text"),
    "keymap value not text": (
        '{"keymap": {"app.quit": 5, "app.help": "h"}}',
        "keymap",
        {"app.help": "h"},
        "text",
    ),
    "keymap not an object": ('{"keymap": ["q"]}', "keymap", {}, "object"),
    "theme not text": ('{"theme": {"a": 1}}', "theme", "textual-dark", "text"),
    "NUL in a path": ('{"library": ["a\\u0000b", "ok"]}', "library", ["ok"], "only text"),
}


@pytest.mark.parametrize(("content", "key", "value", "fragment"), BAD_VALUES.values(), ids=BAD_VALUES.keys())
def test_bad_values_are_reported_once_and_replaced(
    tmp_path: Path, content: str, key: str, value: object, fragment: str
) -> None:
    path = tmp_path / "config.json"
    path.write_text(content)
    settings, problems = load_settings(path)
    assert getattr(settings, key) == value
    assert len(problems) == 1 and repr(key) in problems[0] and fragment in problems[0]


def test_good_values_in_range_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "config.json"
    path.write_text('{"measure": 72.0, "max_file_mb": 1, "library": ["~/news"], "keymap": {"app.quit": "x"}}')
    settings, problems = load_settings(path)
    assert problems == []
    assert settings.measure == 72 and isinstance(settings.measure, int)
    assert settings.max_file_mb == 1.0 and settings.max_bytes == 1024 * 1024
    assert settings.library == ["~/news"] and settings.keymap == {"app.quit": "x"}


@pytest.mark.parametrize(
    "content",
    [
        "[" * 100_000 + "]" * 100_000,
        '{"a": ' * 50_000 + "1" + "}" * 50_000,
        '{"measure": ' + "9" * 5000 + "}",
    ],
    ids=["deep list", "deep object", "huge integer"],
)
def test_pathological_json_is_a_message(tmp_path: Path, content: str) -> None:
    path = tmp_path / "config.json"
    path.write_text(content)
    settings, problems = load_settings(path)
    assert settings == Settings() and len(problems) == 1


def test_settings_that_are_not_a_regular_file(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.json"
    os.mkfifo(fifo)
    settings, problems = load_settings(fifo)  # would wait for a writer forever if opened for reading
    assert settings == Settings() and "not a regular file" in problems[0]
    big = tmp_path / "big.json"
    big.write_text('{"x": "' + "a" * (2 * 1024 * 1024) + '"}')
    assert "too large" in load_settings(big)[1][0]
    link = tmp_path / "zero.json"
    link.symlink_to("/dev/zero")
    assert "device" in load_settings(link)[1][0]
