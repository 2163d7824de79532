"""The quality gate: cleaner's figures on the shared bench never drop below their pinned floors.

After trafilatura's evaluation gate: the bench is scored with its own scorer
(``../shared/bench/score.py``, run as a subprocess on this checkout's ``cleaner:clean``), and each
figure is compared with its floor in ``benchmarks/quality_floors.json``. A floor starts at the
figure of the commit that pinned it minus 0.005; raising one is a commit of its own. The test is
skipped, with the reason, when the bench is not beside this checkout.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.bench import BENCH

ROOT = Path(__file__).resolve().parent.parent
FLOORS = ROOT / "benchmarks" / "quality_floors.json"
# Each regime with the preset it is scored with, as the README's commands score it.
REGIMES = {"article": None, "page": "page", "harm": None, "site-article": None, "site-page": "page"}
# The site regimes are scored on the whole corpus at once, with the corpus-level stage, through
# the command line (score.py's --cmd hands it every page with its site).
STAGE = "{python} -m cleaner -q --jsonl - - --preset {preset} --repeated-lines --group-field site"


def _figures(summary: dict[str, float], regime: str) -> dict[str, float]:
    """The gated figures of one regime, each one the higher the better."""
    if regime == "harm":
        return {"words_kept": summary["kept"], "first_line_kept": 1 - summary["first_lost"]}
    return {key: summary[key] for key in ("recall", "removed", "balanced")}


def score_bench(out: Path) -> dict[str, dict[str, float]]:
    """Score every regime with the bench's own score.py, the three at once, and return the
    gated figures per regime."""
    runs = {}
    for regime, preset in REGIMES.items():
        command = [sys.executable, str(BENCH / "score.py"), "--regime", regime]
        command += ["--out", str(out / f"{regime}.json")]
        if regime.startswith("site-"):
            command += ["--cmd", STAGE.format(python=sys.executable, preset=preset or "default")]
        else:
            command += ["--callable", "cleaner:clean"]
            command += ["--preset", preset] if preset else []
        runs[regime] = subprocess.Popen(
            command, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )  # fmt: skip
    figures = {}
    for regime, run in runs.items():
        printed, _ = run.communicate()
        assert run.returncode == 0, f"score.py --regime {regime} failed:\n{printed}"
        summary = json.loads((out / f"{regime}.json").read_text(encoding="utf-8"))["summary"]
        figures[regime] = _figures(summary, regime)
    return figures


def below_floors(
    figures: dict[str, dict[str, float]], floors: dict[str, dict[str, float]]
) -> list[str]:
    """One line for each figure under its floor, naming both.

    >>> below_floors({"page": {"recall": 0.9}}, {"page": {"recall": 0.95}})
    ['page recall = 0.9000, below its floor 0.9500']
    >>> below_floors({"page": {"recall": 0.96}}, {"page": {"recall": 0.95}})
    []
    """
    return [
        f"{regime} {name} = {figures[regime][name]:.4f}, below its floor {floor:.4f}"
        for regime, pinned in floors.items()
        for name, floor in pinned.items()
        if figures[regime][name] < floor
    ]


@pytest.mark.slow
def test_quality_floors(tmp_path: Path) -> None:
    """Every figure on the shared bench (article, page, harm; site-article and site-page with
    the corpus-level stage) stays at or above its floor."""
    if not BENCH.is_dir():
        pytest.skip(f"the shared bench is not beside this checkout ({BENCH})")
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    assert set(floors) == set(REGIMES)
    failures = below_floors(score_bench(tmp_path), floors)
    assert not failures, "; ".join(failures)
