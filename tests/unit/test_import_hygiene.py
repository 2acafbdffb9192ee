"""The core must stay usable without Textual: import every core module in a fresh interpreter and look."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import newstui.core

CORE_MODULES = sorted(
    ["newstui", "newstui.core", "newstui.cli"]
    + [module.name for module in pkgutil.walk_packages(newstui.core.__path__, "newstui.core.")]
)


def test_every_core_module_is_walked() -> None:
    assert "newstui.core.search.engine" in CORE_MODULES and "newstui.core.selection" in CORE_MODULES
    assert len(CORE_MODULES) > 30


def test_core_does_not_import_textual() -> None:
    code = (
        "import importlib, sys\n"
        f"for name in {CORE_MODULES!r}: importlib.import_module(name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual',))\n"
        "print(','.join(bad))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == ""
