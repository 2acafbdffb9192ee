"""The core must stay usable without Textual: import it in a fresh interpreter and look."""

from __future__ import annotations

import subprocess
import sys

CORE_MODULES = [
    "newstui",
    "newstui.core.models",
    "newstui.core.library",
    "newstui.core.text",
    "newstui.core.settings",
    "newstui.core.paths",
    "newstui.core.annotate",
    "newstui.core.annotate.render",
    "newstui.core.bookmarks",
    "newstui.core.bookmarks.store",
    "newstui.core.bookmarks.exchange",
    "newstui.cli",
]


def test_core_does_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual',))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
