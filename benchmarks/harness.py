"""Running a measurement in a fresh child process and reading back its figures (one JSON line).

Every benchmark measures in children, so peak memory and CPU time belong to that one step. The app is
measured by :mod:`app_probe` (started with :func:`app`); other steps pass their own code to :func:`child`.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent


def environment(extra: dict[str, str] | None = None) -> dict[str, str]:
    """This environment with the repository importable (``src`` and ``tests``) and ``extra`` on top."""
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(REPO), str(REPO / "src"), env.get("PYTHONPATH", "")])
    env.update(extra or {})
    return env


def run(command: list[str], env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``command`` (Python arguments) in a child; its last stdout line is the JSON it measured."""
    result = subprocess.run(
        [sys.executable, *command], capture_output=True, text=True, env=environment(env), check=False
    )
    if result.returncode != 0:
        raise SystemExit(f"a measuring child failed:\n{result.stderr[-3000:]}")
    figures: dict[str, Any] = json.loads(result.stdout.strip().splitlines()[-1])
    return figures


def child(code: str, *args: str, env: dict[str, str] | None = None) -> dict[str, Any]:
    """Run ``code`` (``python -c``) with ``args`` in a child and return the figures it printed."""
    return run(["-c", code, *args], env)


def app(
    home: Path,
    *,
    folder: Path | None = None,
    data: Path | None = None,
    expected: int = 1,
    keys: bool = False,
    index: bool = False,
) -> dict[str, Any]:
    """The headless app's figures (see :mod:`app_probe`) on a folder, or on ``data``'s feed store."""
    command = [str(BENCHMARKS / "app_probe.py"), "--home", str(home), "--expected", str(expected)]
    if folder is not None:
        command += ["--folder", str(folder)]
    if data is not None:
        command += ["--data", str(data)]
    command += ["--keys"] * keys + ["--index"] * index
    return run(command)
