"""Hashes of what every filter and preset outputs on every text we have: the identity check.

    PYTHONPATH=. python benchmarks/output_hashes.py [--write FILE] [--check FILE] [--detail FILE]

A speed change must leave every output byte-identical. This script cleans the shared bench
(page, article and harm texts), the seeds and every fixture input with each filter alone (the
repair filters on the raw text, the later ones on the text after the ``minimal`` preset, as in a
pipeline) and with each preset, and prints one hash per group. ``--write`` stores the hashes,
``--check`` compares with stored ones and exits 1 on a difference; ``--detail`` stores or
compares one hash per text, to name the texts that changed.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

from cleaner.filters import FILTERS
from cleaner.pipeline import PRESETS, Pipeline
from cleaner.registry import Stage

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


def corpora(bench: Path) -> Iterator[tuple[str, list[str]]]:
    """(name, texts) of every corpus there is: the bench files, the seeds, the fixtures."""
    for name in ("dev_page", "dev_article", "harm_dev"):
        path = bench / f"{name}.jsonl"
        if path.exists():
            with path.open(encoding="utf-8") as lines:
                yield name, [json.loads(line)["text"] for line in lines if line.strip()]
    yield "seeds", [p.read_text("utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    fixtures = sorted(ROOT.glob("fixtures/**/*.in.txt")) + sorted(
        ROOT.glob("fixtures/**/*.same.txt")
    )
    yield "fixtures", [p.read_bytes().decode("utf-8", "surrogateescape") for p in fixtures]


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:16]


def steps() -> Iterator[tuple[str, Callable[[str], str], bool]]:
    """(group name, function, reads repaired text?) for each filter and each preset."""
    for spec in FILTERS:
        yield f"filter:{spec.name}", spec, spec.stage >= Stage.BOILERPLATE
    for name in sorted(PRESETS):
        yield f"preset:{name}", Pipeline.from_preset(name), False
    yield "preset:default+markdown", Pipeline.from_preset("default", format="markdown"), False


def hashes(bench: Path) -> tuple[dict[str, str], dict[str, list[str]]]:
    repair = Pipeline.from_preset("minimal")
    groups: dict[str, str] = {}
    detail: dict[str, list[str]] = {}
    loaded = list(corpora(bench))
    repaired = {name: [repair(t) for t in texts] for name, texts in loaded}
    for step, func, after_repair in steps():
        for name, texts in loaded:
            inputs = repaired[name] if after_repair else texts
            each = [_digest(func(t)) for t in inputs]
            key = f"{step} {name}"
            detail[key] = each
            groups[key] = hashlib.sha256("".join(each).encode()).hexdigest()[:16]
    return groups, detail


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bench", type=Path, default=BENCH)
    parser.add_argument("--write", type=Path)
    parser.add_argument("--check", type=Path)
    parser.add_argument("--detail", type=Path, help="per-text hashes: written or compared")
    args = parser.parse_args()
    groups, detail = hashes(args.bench)
    status = 0
    if args.check:
        stored = json.loads(args.check.read_text("utf-8"))
        changed = sorted(k for k in stored.keys() | groups.keys() if stored.get(k) != groups.get(k))
        for key in changed:
            print(f"changed: {key}")
        status = 1 if changed else 0
        print(f"{len(groups) - len(changed)} of {len(groups)} groups identical")
    else:
        for key, value in groups.items():
            print(f"{value}  {key}")
    if args.write:
        args.write.write_text(json.dumps(groups, indent=1, sort_keys=True) + "\n", "utf-8")
    if args.detail:
        if args.detail.exists() and args.check:
            old = json.loads(args.detail.read_text("utf-8"))
            for key, each in detail.items():
                pairs = enumerate(zip(old.get(key, []), each, strict=False))
                bad = [n for n, (a, b) in pairs if a != b]
                if bad:
                    print(f"{key}: texts {bad[:10]}{' ...' if len(bad) > 10 else ''}")
        else:
            args.detail.write_text(json.dumps(detail), "utf-8")
    return status


if __name__ == "__main__":
    sys.exit(main())
