"""User settings: a small JSON file in the config directory, read leniently and written atomically.

A setting the user got wrong (bad JSON, wrong type) falls back to its default with a warning rather
than stopping the app; unknown keys are kept so a newer version's settings survive an older one.
"""

from __future__ import annotations

import json
import math
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

from newstui.core.files import read_text_capped
from newstui.core.safe_text import clip

CONFIG_NAME = "config.json"


@dataclass(slots=True)
class Settings:
    measure: int = 88
    """Widest line of article text, in columns."""
    max_file_mb: float = 5.0
    library: list[str] = field(default_factory=list)
    """Folders or files opened when ``newstui`` is given no path (empty: the bundled seeds)."""
    theme: str = "textual-dark"
    show_sidebar: bool = True
    sidebar_width: int = 42
    """Columns of the article list (``<`` / ``>`` in the app; capped at a share of the screen)."""
    highlight_entities: bool = True
    hidden_labels: list[str] = field(default_factory=list)
    mark_read_on_open: bool = True
    """A feed article is marked read when opened (enter, a click, moving into the reader)."""
    fetch_on_start: bool = True
    """Fetch the feeds in the background when the app starts (it opens on what is stored)."""
    auto_refresh_minutes: int = 0
    """Fetch the feeds again every this many minutes while the app runs; 0 (or less) never."""
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, passed to ``App.set_keymap`` (e.g. ``{"app.quit": "ctrl+q"}``)."""
    keep_days: int = 0
    """Feed articles read and older than this many days are dropped (0: keep everything)."""
    max_per_feed: int = 0
    """Read feed articles beyond each feed's newest this many are dropped (0: no limit)."""
    fetch_timeout: float = 20.0
    """Seconds to wait for a feed server to connect or to send more (``FetchSettings.from_settings``)."""
    fetch_max_mb: float = 10.0
    """Largest feed or page fetched, in MB; a bigger response is aborted."""
    fetch_parallel: int = 8
    """Feeds fetched at once (never more than 2 from one host)."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


MAX_SETTINGS_BYTES = 1024 * 1024
"""A settings file is a few hundred bytes; one larger than this is not read (it may not be a file)."""
MAX_LIST = 1000
MAX_STRING = 4096
RANGES: dict[str, tuple[float, float]] = {
    "measure": (20, 1000),
    "max_file_mb": (0.001, 1024),
    "fetch_timeout": (1, 300),
    "fetch_max_mb": (0.1, 200),
    "fetch_parallel": (1, 32),
}
"""Numeric settings: the smallest and largest value that makes sense."""


def _name(key: object) -> str:
    return repr(clip(str(key), 40))


def _string(value: object) -> str | None:
    """A string fit to be a setting (no NUL, not huge), else ``None``."""
    if isinstance(value, str) and "\0" not in value and len(value) <= MAX_STRING:
        return value
    return None


def _validated(key: str, value: Any, default: Any) -> tuple[Any, str | None]:
    """``value`` as the setting's type and range, or the default and why, in words for the user."""
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value, None
        return default, "should be true or false"
    if isinstance(default, int | float):
        if isinstance(value, bool) or not isinstance(value, int | float):
            return default, "should be a number"
        if isinstance(value, float) and not math.isfinite(value):
            return default, "should be a number (not NaN or infinity)"
        low, high = RANGES.get(key, (-math.inf, math.inf))
        if not low <= value <= high:
            return default, f"should be between {low:g} and {high:g}"
        if isinstance(default, int) and not isinstance(value, int):
            if value != int(value):
                return default, "should be a whole number"
            value = int(value)
        return (float(value) if isinstance(default, float) else value), None
    if isinstance(default, str):
        if _string(value) is None:
            return default, "should be a short piece of text"
        return value, None
    if isinstance(default, list):
        if not isinstance(value, list) or len(value) > MAX_LIST:
            return default, "should be a list of text"
        kept = [item for item in value if _string(item) is not None]
        problem = None if len(kept) == len(value) else "should hold only text; the other items are ignored"
        return kept, problem
    if isinstance(default, dict):
        if not isinstance(value, dict) or len(value) > MAX_LIST:
            return default, "should be an object of text values"
        kept_map = {k: v for k, v in value.items() if _string(k) is not None and _string(v) is not None}
        problem = None
        if len(kept_map) != len(value):
            problem = "should map text to text; the other entries are ignored"
        return kept_map, problem
    return default, "has an unknown type"


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Settings from ``path`` (defaults if absent) and any problems found, as messages.

    Never raises: a file that cannot be read or parsed gives the defaults, a value of the wrong type
    or out of range gives that setting's default, each with one message saying which and why.
    """
    settings = Settings()
    try:
        raw = json.loads(read_text_capped(path, MAX_SETTINGS_BYTES))
    except FileNotFoundError:
        return settings, []
    except (OSError, ValueError) as error:
        return settings, [f"{path}: could not read settings ({error}); using defaults"]
    except RecursionError:
        return settings, [f"{path}: could not read settings (nested too deeply); using defaults"]
    if not isinstance(raw, dict):
        return settings, [f"{path}: settings must be a JSON object; using defaults"]
    problems: list[str] = []
    known = {f.name: f for f in fields(Settings) if f.name != "extra"}
    for key, value in raw.items():
        if key not in known:
            settings.extra[key] = value
            continue
        default = getattr(settings, key)
        checked, problem = _validated(key, value, default)
        if problem:
            used = "the default" if checked is default else "the rest"
            problems.append(f"{path}: {_name(key)} {problem}; using {used}")
        setattr(settings, key, checked)
    return settings, problems


def save_settings(settings: Settings, path: Path) -> None:
    """Write atomically (temp file + rename) so a crash never leaves half a settings file."""
    data = asdict(settings)
    data.update(data.pop("extra"))
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".config-", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle, indent=2, ensure_ascii=False)
            handle.write("\n")
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
