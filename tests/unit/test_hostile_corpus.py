"""Every case of the hostile-input corpus, as a regression test: no crash, no hang, no escape, no loss.

The cases live in :mod:`tests.hostile_corpus` (``benchmarks/hostile.py`` replays them with a time limit
each and prints the tally). Here each runs in this process; its time is asserted against a generous
budget (several times what it takes on this machine), so a quadratic regression fails loudly.
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.hostile_corpus import CASES, Case, leaks


@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_hostile_case(case: Case, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NEWSTUI_DATA_DIR", str(tmp_path / "data"))  # cases may point it elsewhere
    started = time.perf_counter()
    outcome = case.run(tmp_path)
    elapsed = time.perf_counter() - started
    assert leaks(outcome.output) == [], outcome.output
    assert outcome.lost == []
    assert elapsed < case.budget_s * 5, f"{elapsed:.1f} s"
