"""Cold start: a new process that imports cleaner and cleans one text, against ftfy's.

    python benchmarks/cold_start.py [--runs N]

Every worker of a parallel run (processes, Ray actors, HF datasets, datatrove) pays the cold
start again. The two commands run alternately, ``--runs`` times each, in the same run; the
figure is the median wall time of each and their ratio (the project's bound: 3x).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time

COMMANDS = {
    "cleaner": "import cleaner; cleaner.clean('x')",
    "ftfy": "import ftfy; ftfy.fix_text('x')",
}
BOUND = 3.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    times: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, code in COMMANDS.items():
            start = time.perf_counter()
            subprocess.run([sys.executable, "-c", code], check=True)
            times[name].append(time.perf_counter() - start)
    medians = {name: statistics.median(found) for name, found in times.items()}
    for name, median in medians.items():
        print(f"{name:8} {median:6.3f} s (median of {args.runs})")
    ratio = medians["cleaner"] / medians["ftfy"]
    print(f"ratio    {ratio:6.2f}x ftfy{'' if ratio <= BOUND else f'  > {BOUND}x'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
