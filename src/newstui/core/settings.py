"""User settings: a small JSON file in the config directory, read leniently and written atomically.

A setting the user got wrong (bad JSON, wrong type) falls back to its default with a warning rather
than stopping the app; unknown keys are kept so a newer version's settings survive an older one.
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path
from typing import Any

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
    keymap: dict[str, str] = field(default_factory=dict)
    """Binding id -> keys, passed to ``App.set_keymap`` (e.g. ``{"app.quit": "ctrl+q"}``)."""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def max_bytes(self) -> int:
        return int(self.max_file_mb * 1024 * 1024)


def load_settings(path: Path) -> tuple[Settings, list[str]]:
    """Settings from ``path`` (defaults if absent) and any problems found, as messages."""
    settings = Settings()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return settings, []
    except (OSError, ValueError) as error:
        return settings, [f"{path}: could not read settings ({error}); using defaults"]
    if not isinstance(raw, dict):
        return settings, [f"{path}: settings must be a JSON object; using defaults"]
    problems: list[str] = []
    known = {f.name: f for f in fields(Settings) if f.name != "extra"}
    for key, value in raw.items():
        if key not in known:
            settings.extra[key] = value
            continue
        default = getattr(settings, key)
        if isinstance(default, bool) != isinstance(value, bool) or not isinstance(
            value, type(default) if not isinstance(default, float) else (int, float)
        ):
            problems.append(f"{path}: {key!r} should be {type(default).__name__}; using the default")
            continue
        setattr(settings, key, value)
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
