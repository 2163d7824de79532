"""What the benchmark scripts share: reading a bench corpus, and timing a filter over it."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path


def load_texts(path: Path) -> list[str]:
    """The ``text`` field of every record of a JSON-lines corpus."""
    with path.open(encoding="utf-8") as lines:
        return [json.loads(line)["text"] for line in lines if line.strip()]


def megabytes(texts: list[str]) -> float:
    """The UTF-8 size of ``texts``, in MB (a lone surrogate counts its three bytes)."""
    return sum(len(text.encode("utf-8", "surrogatepass")) for text in texts) / 1e6


CLOCKS = {"wall": time.perf_counter, "cpu": time.process_time}


def best_seconds(
    func: Callable[[str], object], texts: list[str], repeat: int, clock: str = "wall"
) -> float:
    """The fastest of ``repeat`` timed passes of ``func`` over every text.

    ``clock="cpu"`` times the process's CPU time instead of the wall clock: on a shared,
    loaded machine it is the steadier of the two (a pass waiting for a core costs no CPU time).
    """
    now = CLOCKS[clock]
    best = float("inf")
    for _ in range(repeat):
        start = now()
        for text in texts:
            func(text)
        best = min(best, now() - start)
    return best
