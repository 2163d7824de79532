"""Speed of each boilerplate filter alone, in MB/s, on the bench texts.

    PYTHONPATH=. python benchmarks/boilerplate_speed.py [--regime page|article] [--bench DIR]

Each filter runs alone on every text of the regime (after the preset's repairs, as in a
pipeline), timed in-process; the ratio column compares it with ``str.splitlines`` on the same
texts, measured in the same run, so figures from different machines can be compared.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

from cleaner.filters import BY_NAME
from cleaner.pipeline import Pipeline
from cleaner.registry import Stage


def _timed(func: object, texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        func(text)  # type: ignore[operator]
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regime", choices=("page", "article"), default="page")
    parser.add_argument(
        "--bench", default=str(Path(__file__).resolve().parents[2] / "shared/bench")
    )
    args = parser.parse_args()
    path = Path(args.bench) / f"dev_{args.regime}.jsonl"
    with path.open(encoding="utf-8") as f:
        raw = [json.loads(line)["text"] for line in f if line.strip()]
    repair = Pipeline(["mojibake", "normalize", "entities", "whitespace"])
    texts = [repair(t) for t in raw]
    megabytes = sum(len(t.encode()) for t in texts) / 1e6
    reference = _timed(str.splitlines, texts)
    print(f"{len(texts)} texts, {megabytes:.1f} MB; reference str.splitlines")
    for spec in BY_NAME.values():
        if spec.stage is not Stage.BOILERPLATE:
            continue
        spec(texts[0])  # warm caches (compiled patterns, stop-word lists)
        seconds = _timed(spec, texts)
        ratio = seconds / reference
        print(f"{spec.name:20} {megabytes / seconds:7.1f} MB/s  ({ratio:6.0f}x reference)")


if __name__ == "__main__":
    main()
