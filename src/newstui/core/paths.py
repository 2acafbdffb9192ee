"""The one module that knows where newstui keeps its files.

Stores never look their paths up themselves; they are handed one from here (or from a test), so tests
can point everything at a temporary folder. ``NEWSTUI_DATA_DIR`` / ``NEWSTUI_CONFIG_DIR`` /
``NEWSTUI_CACHE_DIR`` override platformdirs; platformdirs itself follows the XDG variables.
"""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import platformdirs

APP_NAME = "newstui"


def _dir(env: str, default: str) -> Path:
    override = os.environ.get(env)
    return Path(override).expanduser() if override else Path(default)


def data_dir() -> Path:
    """Bookmarks, search history and other things the user would miss if deleted."""
    return _dir("NEWSTUI_DATA_DIR", platformdirs.user_data_dir(APP_NAME, appauthor=False))


def config_dir() -> Path:
    """Settings the user may edit (``config.json``)."""
    return _dir("NEWSTUI_CONFIG_DIR", platformdirs.user_config_dir(APP_NAME, appauthor=False))


def cache_dir() -> Path:
    """Things newstui can rebuild: the search index, annotation caches."""
    return _dir("NEWSTUI_CACHE_DIR", platformdirs.user_cache_dir(APP_NAME, appauthor=False))


def seeds_dir() -> Path:
    """The bundled sample articles: inside the wheel, or the repository's ``seeds/`` in a checkout."""
    packaged = Path(str(resources.files("newstui"))) / "seeds"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[3] / "seeds"


def tidy(path: Path) -> str:
    """A path as a user would write it, with the home folder shown as ``~``."""
    home = Path.home()
    try:
        return "~/" + str(path.relative_to(home))
    except ValueError:
        return str(path)
