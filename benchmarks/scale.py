"""Time per MB of every filter and preset on documents of 10 KB, 1 MB and 10 MB.

    PYTHONPATH=. python benchmarks/scale.py [--regime R] [--sizes 1e4,1e6,1e7] [--filter NAME]
                                            [--clock wall|cpu] [--bench DIR]

A filter that reads a text in linear time spends the same time on each MB of a long document
as of a short one. One corpus as large as the largest size is cut into documents of each size
(at line ends), so every size holds the same text: 10 MB as a thousand documents of 10 KB, ten
of 1 MB, one of 10 MB. Two corpora: bench texts of the regime joined with blank lines (real page
or article text), and a marker-dense text (a "Read also:" box, a comment prompt and a share line
after every short paragraph). The repair filters read the texts as handed over, the later ones
after the ``minimal`` preset, as in a pipeline. A row is flagged when the time per MB of the
largest documents is more than 1.5 times that of the smallest: the issue's bound for "flat".
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from _timing import best_seconds, load_texts

from cleaner.filters import FILTERS
from cleaner.pipeline import PRESETS, Pipeline
from cleaner.registry import Stage

FLAT = 1.5
_MARKER_BLOCK = (
    "The council met again on Tuesday and agreed on the plan for the harbour, officials said.\n\n"
    "Read also:\n\nHarbour plan wins the vote\n\nWhat the new pier will cost\n\n"
    "Leave a Reply\n\nShare this:\n\n"
)


def cut(text: str, size: int) -> list[str]:
    """``text`` cut into documents of about ``size`` characters, each ending at a line end."""
    docs = []
    start = 0
    while start < len(text):
        end = text.find("\n", start + size - 1)
        end = len(text) if end < 0 else end + 1
        docs.append(text[start:end])
        start = end
    return docs


def document(texts: list[str], size: int) -> str:
    """Texts joined by blank lines until ``size`` characters, cut at a line end."""
    parts: list[str] = []
    total = 0
    while total < size:
        for text in texts:
            parts.append(text)
            total += len(text) + 2
            if total >= size:
                break
    joined = "\n\n".join(parts)[:size]
    return joined[: joined.rfind("\n") + 1] or joined


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--regime", choices=("page", "article"), default="page")
    parser.add_argument(
        "--bench", default=str(Path(__file__).resolve().parents[2] / "shared/bench")
    )
    parser.add_argument("--sizes", default="1e4,1e6,1e7")
    parser.add_argument("--filter", action="append", help="only these filters or presets")
    parser.add_argument("--clock", choices=("wall", "cpu"), default="wall")
    args = parser.parse_args()
    sizes = [int(float(s)) for s in args.sizes.split(",")]
    texts = load_texts(Path(args.bench) / f"dev_{args.regime}.jsonl")
    repair = Pipeline.from_preset("minimal")
    corpora = {
        "bench": document(texts, max(sizes)),
        "markers": document([_MARKER_BLOCK], max(sizes)),
    }
    kinds = {kind: [cut(text, size) for size in sizes] for kind, text in corpora.items()}
    repaired = {kind: [cut(repair(text), size) for size in sizes] for kind, text in corpora.items()}
    steps: list[tuple[str, Callable[[str], str], bool]] = [
        (spec.name, spec, spec.stage >= Stage.BOILERPLATE) for spec in FILTERS
    ]
    steps += [(f"preset {name}", Pipeline.from_preset(name), False) for name in sorted(PRESETS)]
    header = "  ".join(f"{size / 1e6:>6g} MB docs" for size in sizes)
    print(f"seconds per MB, {args.regime} text, best of 2, {args.clock} clock")
    print(f"{'filter':24} {'document':8} {header}  growth")
    flagged = []
    for name, func, after_repair in steps:
        if args.filter and name not in args.filter and name.split()[-1] not in args.filter:
            continue
        for kind in kinds:
            docs = repaired[kind] if after_repair else kinds[kind]
            per_mb = []
            for pieces in docs:
                seconds = best_seconds(func, pieces, 2, args.clock)
                size = sum(len(doc.encode("utf-8", "surrogatepass")) for doc in pieces) / 1e6
                per_mb.append(seconds / size)
            growth = per_mb[-1] / per_mb[0] if per_mb[0] > 0 else float("inf")
            mark = "" if growth <= FLAT else f"  > {FLAT}x"
            cells = "  ".join(f"{value:12.4f}" for value in per_mb)
            print(f"{name:24} {kind:8} {cells}  {growth:5.2f}x{mark}")
            if mark:
                flagged.append(f"{name} ({kind})")
    if flagged:
        print(f"not flat within {FLAT}x: {', '.join(flagged)}")


if __name__ == "__main__":
    main()
