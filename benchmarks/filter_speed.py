"""Speed of every filter alone, in MB/s, on the bench texts.

    PYTHONPATH=. python benchmarks/filter_speed.py [--regime R] [--repeat N] [--bench DIR]

The repair filters (mojibake, normalize, entities, markup, typography, whitespace) run on the
texts as the scraper handed them over; every later filter runs on the texts after those repairs,
as it does in a pipeline. Each figure is the best of ``--repeat`` timed passes over all texts in
this process (the first pass also compiles patterns and reads word lists; the best pass is the
steady state of a long run). The ratio column compares each filter with ``str.splitlines`` on the
same texts, measured in the same run, so figures from different machines can be compared.
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable
from pathlib import Path

from cleaner.filters import FILTERS
from cleaner.pipeline import Pipeline
from cleaner.registry import Stage

# The speed every filter must keep on its own (issue: boilerplate removal).
FLOOR_MB_S = 5.0


def _best(func: Callable[[str], object], texts: list[str], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for text in texts:
            func(text)
        best = min(best, time.perf_counter() - start)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regime", choices=("page", "article"), default="page")
    parser.add_argument(
        "--bench", default=str(Path(__file__).resolve().parents[2] / "shared/bench")
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    path = Path(args.bench) / f"dev_{args.regime}.jsonl"
    with path.open(encoding="utf-8") as f:
        raw = [json.loads(line)["text"] for line in f if line.strip()]
    repaired = [Pipeline.from_preset("minimal")(t) for t in raw]
    sizes = {id(texts): sum(len(t.encode()) for t in texts) / 1e6 for texts in (raw, repaired)}
    reference = _best(str.splitlines, raw, args.repeat)
    print(f"{len(raw)} texts, {sizes[id(raw)]:.1f} MB ({args.regime}); best of {args.repeat}")
    print(f"{'reference str.splitlines':24} {sizes[id(raw)] / reference:8.1f} MB/s")
    slow = []
    for spec in FILTERS:
        # The repairs read the text as handed over; the later filters read it repaired.
        texts = raw if spec.stage < Stage.BOILERPLATE else repaired
        seconds = _best(spec, texts, args.repeat)
        speed = sizes[id(texts)] / seconds
        mark = "" if speed >= FLOOR_MB_S else f"  < {FLOOR_MB_S} MB/s"
        print(f"{spec.name:24} {speed:8.1f} MB/s  ({seconds / reference:7.1f}x reference){mark}")
        if speed < FLOOR_MB_S:
            slow.append(spec.name)
    if slow:
        print(f"below the floor of {FLOOR_MB_S} MB/s: {', '.join(slow)}")


if __name__ == "__main__":
    main()
