"""Speed of cleaner's encoding filters against ftfy.fix_text, measured in the same run.

Run from the repository root:

    PYTHONPATH=. python benchmarks/bench_encoding.py [--corpus PATH.jsonl] [--repeat N]

It reads the ``text`` field of every line of the corpus (by default
``../shared/bench/dev_page.jsonl``), times each filter of the repair stages on its own, the
repair filters together (in pipeline order), and ``ftfy.fix_text`` with cleaner's configuration,
and prints MB/s (UTF-8 bytes of input per second, best of N runs on one core) and the ratio to
ftfy. It also checks that the ``mojibake`` filter's output is identical to ftfy's on every text.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

import ftfy
from _timing import best_seconds, load_texts, megabytes

from cleaner import Pipeline
from cleaner.filters import BY_NAME
from cleaner.filters.encoding import FTFY_CONFIG
from cleaner.pipeline import PRESETS
from cleaner.registry import Stage

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = ROOT.parent / "shared" / "bench" / "dev_page.jsonl"
# The stages this benchmark covers: repairs of characters, not of lines.
REPAIR_STAGES = (Stage.ENCODING, Stage.ENTITIES, Stage.WHITESPACE)


def _ftfy(text: str) -> str:
    return ftfy.fix_text(text, FTFY_CONFIG)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    if not args.corpus.exists():
        print(f"bench_encoding: no corpus at {args.corpus}; pass --corpus", file=sys.stderr)
        return 2
    texts = load_texts(args.corpus)
    size = megabytes(texts)

    # Each repair filter on its own (opt-in ones too), then those every preset runs, together.
    repairs = [f.name for f in BY_NAME.values() if f.stage in REPAIR_STAGES]
    names = [n for n in repairs if n in PRESETS["minimal"]]
    encoding = [n for n in names if BY_NAME[n].stage is Stage.ENCODING]
    rows: list[tuple[str, Callable[[str], str]]] = [
        (n if n in names else f"{n} (opt-in)", BY_NAME[n].func) for n in repairs
    ]
    rows.append((f"encoding stage together ({', '.join(encoding)})", Pipeline(encoding)))
    rows.append((f"encoding filters together ({', '.join(names)})", Pipeline(names)))
    rows.append(("ftfy.fix_text (FTFY_CONFIG)", _ftfy))

    speeds = {label: size / best_seconds(f, texts, args.repeat) for label, f in rows}
    reference = speeds["ftfy.fix_text (FTFY_CONFIG)"]
    identical = sum(BY_NAME["mojibake"].func(text) == _ftfy(text) for text in texts)

    print(f"corpus: {args.corpus.name}, {len(texts)} texts, {size:.2f} MB; best of {args.repeat}")
    print()
    print("| filter | MB/s | x ftfy.fix_text |")
    print("|---|---:|---:|")
    for label, speed in speeds.items():
        print(f"| {label} | {speed:.1f} | {speed / reference:.1f} |")
    print()
    print(f"mojibake output identical to ftfy.fix_text: {identical}/{len(texts)} texts")
    return 0 if identical == len(texts) else 1


if __name__ == "__main__":
    sys.exit(main())
