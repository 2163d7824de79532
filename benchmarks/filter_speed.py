"""Speed of every filter alone and of every preset, in MB/s, on the bench texts.

    PYTHONPATH=. python benchmarks/filter_speed.py [--regime R] [--repeat N] [--bench DIR]
                                                   [--clock wall|cpu]

The repair filters (mojibake, normalize, entities, markup, typography, whitespace) run on the
texts as the scraper handed them over; every later filter runs on the texts after those repairs,
as it does in a pipeline. Each figure is the best of ``--repeat`` timed passes over all texts in
this process (the first pass also compiles patterns and reads word lists; the best pass is the
steady state of a long run). The ratio column compares each filter with ``str.splitlines`` on the
same texts, measured in the same run, so figures from different machines can be compared; each
preset is also compared with ``ftfy.fix_text`` on the raw texts, in the same run.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import ftfy
from _timing import best_seconds, load_texts, megabytes

from cleaner.filters import FILTERS
from cleaner.pipeline import PRESETS, Pipeline
from cleaner.registry import Stage

# The speed every filter must keep on its own (issue: the line table).
FLOOR_MB_S = 15.0
# How many times ftfy.fix_text's speed a preset must keep.
PRESET_FLOOR = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regime", choices=("page", "article"), default="page")
    parser.add_argument(
        "--bench", default=str(Path(__file__).resolve().parents[2] / "shared/bench")
    )
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    parser.add_argument("--presets-only", action="store_true")
    args = parser.parse_args()
    clock = args.clock
    raw = load_texts(Path(args.bench) / f"dev_{args.regime}.jsonl")
    repair = Pipeline.from_preset("minimal")
    repaired = [repair(t) for t in raw]
    raw_mb, repaired_mb = megabytes(raw), megabytes(repaired)
    reference = best_seconds(str.splitlines, raw, args.repeat, clock)
    print(
        f"{len(raw)} texts, {raw_mb:.1f} MB ({args.regime}); best of {args.repeat}, {clock} clock"
    )
    print(f"{'reference str.splitlines':24} {raw_mb / reference:8.1f} MB/s")
    ftfy_seconds = best_seconds(ftfy.fix_text, raw, args.repeat, clock)
    print(f"{'reference ftfy.fix_text':24} {raw_mb / ftfy_seconds:8.1f} MB/s")
    slow = []
    for name in sorted(PRESETS):
        seconds = best_seconds(Pipeline.from_preset(name), raw, args.repeat, clock)
        ratio = ftfy_seconds / seconds
        mark = "" if ratio >= PRESET_FLOOR or name == "minimal" else f"  < {PRESET_FLOOR}x ftfy"
        print(f"{'preset ' + name:24} {raw_mb / seconds:8.1f} MB/s  ({ratio:7.1f}x ftfy){mark}")
        if mark:
            slow.append(f"preset {name}")
    for spec in FILTERS if not args.presets_only else ():
        # The repairs read the text as handed over; the later filters read it repaired.
        before_boilerplate = spec.stage < Stage.BOILERPLATE
        texts, size = (raw, raw_mb) if before_boilerplate else (repaired, repaired_mb)
        seconds = best_seconds(spec, texts, args.repeat, clock)
        speed = size / seconds
        mark = "" if speed >= FLOOR_MB_S else f"  < {FLOOR_MB_S} MB/s"
        print(f"{spec.name:24} {speed:8.1f} MB/s  ({seconds / reference:7.1f}x reference){mark}")
        if speed < FLOOR_MB_S:
            slow.append(spec.name)
    if slow:
        print(f"below the floor ({FLOOR_MB_S} MB/s, {PRESET_FLOOR}x ftfy): {', '.join(slow)}")


if __name__ == "__main__":
    main()
