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
from pathlib import Path

from _timing import best_seconds, load_texts, megabytes

from cleaner.filters import FILTERS
from cleaner.pipeline import Pipeline
from cleaner.registry import Stage

# The speed every filter must keep on its own (issue: boilerplate removal).
FLOOR_MB_S = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regime", choices=("page", "article"), default="page")
    parser.add_argument(
        "--bench", default=str(Path(__file__).resolve().parents[2] / "shared/bench")
    )
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    raw = load_texts(Path(args.bench) / f"dev_{args.regime}.jsonl")
    repair = Pipeline.from_preset("minimal")
    repaired = [repair(t) for t in raw]
    raw_mb, repaired_mb = megabytes(raw), megabytes(repaired)
    reference = best_seconds(str.splitlines, raw, args.repeat)
    print(f"{len(raw)} texts, {raw_mb:.1f} MB ({args.regime}); best of {args.repeat}")
    print(f"{'reference str.splitlines':24} {raw_mb / reference:8.1f} MB/s")
    slow = []
    for spec in FILTERS:
        # The repairs read the text as handed over; the later filters read it repaired.
        before_boilerplate = spec.stage < Stage.BOILERPLATE
        texts, size = (raw, raw_mb) if before_boilerplate else (repaired, repaired_mb)
        seconds = best_seconds(spec, texts, args.repeat)
        speed = size / seconds
        mark = "" if speed >= FLOOR_MB_S else f"  < {FLOOR_MB_S} MB/s"
        print(f"{spec.name:24} {speed:8.1f} MB/s  ({seconds / reference:7.1f}x reference){mark}")
        if speed < FLOOR_MB_S:
            slow.append(spec.name)
    if slow:
        print(f"below the floor of {FLOOR_MB_S} MB/s: {', '.join(slow)}")


if __name__ == "__main__":
    main()
