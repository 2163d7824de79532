"""Near-duplicate detection speed and memory: MB/s and documents/s, and bytes per document.

    python benchmarks/neardup_speed.py                  # 100 MB of text, memory over 20,000 docs
    python benchmarks/neardup_speed.py --mb 20 --memory-docs 5000

The corpus is the shared bench records (dev_article, dev_page, harm_dev: 2,376 texts, 15 MB)
over and over; every copy has its lines rotated by a random offset and one random word added,
so no copy is an exact duplicate (an exact duplicate would cost only its hash) and each text's
copies are near duplicates of each other (clusters() then links buckets of about ``--mb / 15``
documents). Printed:

- ``add``: the time to add every document (normalising, hashing, MinHash), as MB/s (UTF-8 MB
  of text) and documents/s, wall clock and CPU;
- ``clusters``: the time of the LSH, verification and union-find over all of them;
- memory: the bytes the finder holds per document after ``--memory-docs`` documents, ids
  included, and the peak of clusters() beyond them (traced with tracemalloc, in a separate
  pass: tracing slows everything).

Timings depend on what else the machine runs: CPU time is the steadier figure.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cleaner.corpus.neardup import NearDuplicates  # noqa: E402

BENCH = ROOT.parent / "shared" / "bench"


def bench_texts() -> list[str]:
    texts = []
    for name in ("dev_article.jsonl", "dev_page.jsonl", "harm_dev.jsonl"):
        with (BENCH / name).open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts


def corpus(
    texts: list[str], megabytes: float = float("inf"), count: int | None = None, seed: int = 0
) -> list[tuple[str, str]]:
    """About ``megabytes`` MB of documents, or ``count`` documents: the texts over and over, each
    copy with its lines rotated and one random word added."""
    rng = random.Random(seed)
    documents: list[tuple[str, str]] = []
    size, copy = 0, 0
    while size < megabytes * 1e6 and (count is None or len(documents) < count):
        for number, text in enumerate(texts):
            lines = text.split("\n")
            turn = rng.randrange(len(lines))
            word = "".join(rng.choices("abcdefghijklmnopqrstuvwxyz", k=8))
            document = "\n".join(lines[turn:] + lines[:turn]) + f"\n{word}\n"
            documents.append((f"{number}-{copy}", document))
            size += len(document.encode("utf-8", "surrogatepass"))
            if size >= megabytes * 1e6 or len(documents) == count:
                break
        copy += 1
    return documents


def speed(documents: list[tuple[str, str]]) -> None:
    megabytes = sum(len(text.encode("utf-8", "surrogatepass")) for _, text in documents) / 1e6
    finder = NearDuplicates()
    NearDuplicates().add("warm-up", "the character tables are made once per process")
    wall, cpu = time.perf_counter(), time.process_time()
    for doc_id, text in documents:
        finder.add(doc_id, text)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"{len(documents):,} documents, {megabytes:.1f} MB; {finder!r}")
    print(
        f"add:      {wall:6.1f} s wall ({megabytes / wall:5.1f} MB/s, {len(documents) / wall:,.0f}"
        f" docs/s); {cpu:6.1f} s CPU ({megabytes / cpu:5.1f} MB/s, {len(documents) / cpu:,.0f}"
        " docs/s)"
    )
    wall, cpu = time.perf_counter(), time.process_time()
    clusters = finder.clusters()
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    largest = max((len(c.ids) for c in clusters), default=0)
    print(
        f"clusters: {wall:6.1f} s wall, {cpu:.1f} s CPU: {len(clusters):,} clusters, the largest"
        f" of {largest} documents, {sum(len(c.ids) - 1 for c in clusters):,} duplicates"
    )


def memory(documents: list[tuple[str, str]]) -> None:
    NearDuplicates().add("warm-up", "the character tables are made once per process")
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    finder = NearDuplicates()
    for doc_id, text in documents:
        finder.add(doc_id, text)
    held = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.reset_peak()
    finder.clusters()
    peak = tracemalloc.get_traced_memory()[1] - before - held
    tracemalloc.stop()
    print(
        f"memory:   {held / 1e6:.1f} MB held for {len(documents):,} documents: "
        f"{held / len(documents):,.0f} bytes per document, ids included; clusters() needs "
        f"{peak / len(documents):,.0f} bytes more per document while it runs"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=100.0, help="MB of text to time")
    parser.add_argument("--memory-docs", type=int, default=20_000)
    args = parser.parse_args()
    if not BENCH.is_dir():
        sys.exit(f"no bench at {BENCH}")
    texts = bench_texts()
    speed(corpus(texts, megabytes=args.mb))
    memory(corpus(texts, count=args.memory_docs, seed=1))


if __name__ == "__main__":
    main()
