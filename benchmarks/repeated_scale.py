"""Memory and time of the corpus-level stage (repeated lines) on synthetic corpora up to 1 GB.

    PYTHONPATH=. python benchmarks/repeated_scale.py [--sizes 10,100,1000] [--groups-per-mb 10]
                                                     [--seed 1] [--memory-entries N]

The issue asks how the stage's memory and time grow, up to 1 GB of text in 10,000 groups. Each
size (in MB of UTF-8 text) is a corpus of ``groups-per-mb`` groups a MB, made on the fly from a
seed, so both passes read the same documents and the corpus is never held in memory: a group is
a site with its own template (a name, a menu, a dated byline, a footer, a newsletter sentence, a
tags field, a comment count, a related-posts box linking to other pages' titles) and pages of
their own text (sentences of a Zipf-weighted made-up vocabulary, some with numbers), some of
them sharing a wire story with the next two pages. Sites differ in size (log-normal weights) and
their pages come interleaved, as in a crawl.

Only the stage is timed, not the making of the corpus nor the per-document cleaning (which
``corpus_speed.py`` measures): pass 1 (``LineCounts.add`` of every document, and its last
flush), ``index()``, and pass 2 (``RepeatedLines.apply`` of every document). The reference,
timed on the same documents in the same run, is the least a line counter does: split the text
into lines and hash each with blake2b; "x ref" is the stage's time over it. Each size runs in fresh
processes, one for pass 1 and one for the index and pass 2 (so neither size nor phase inherits
the memory another left to the allocator); the peak RSS of each phase is read from VmHWM, reset
between phases through /proc/self/clear_refs (where that is not possible, ru_maxrss, the
process's peak). "into file" is the part of pass 1 spent adding the buffered counts into the
SQLite file. The counts file goes to a temporary folder removed after each size.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import itertools
import json
import os
import random
import resource
import sqlite3
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cleaner.corpus.repeated import LineCounts, Settings, StageCounts

_CONSONANTS = "bcdfghklmnprstvz"
_VOWELS = "aeiou"
_MONTHS = "January February March April May June July August September October November December"


@dataclass(frozen=True)
class Vocabulary:
    """Made-up words, and a long shuffled run of them drawn with Zipf weights (the first words
    the most frequent) that sentences are cut from: cutting is fast, and two cuts of a site's
    pages are the same words only when they start at the same one of a million places."""

    words: list[str]
    run: list[str]

    @classmethod
    def make(cls, seed: int, size: int = 20_000) -> Vocabulary:
        rng = random.Random(seed)
        syllables = [c + v + e for c in _CONSONANTS for v in _VOWELS for e in ("", "n", "r", "s")]
        words: dict[str, None] = {}
        while len(words) < size:
            words["".join(rng.choices(syllables, k=rng.choice((1, 2, 2, 3, 3, 4))))] = None
        cum = list(itertools.accumulate(1 / rank for rank in range(1, size + 1)))
        return cls(list(words), rng.choices(list(words), cum_weights=cum, k=1 << 20))

    def sentence(self, rng: random.Random, low: int, high: int) -> str:
        start = rng.randrange(len(self.run) - high)
        words = self.run[start : start + rng.randint(low, high)]
        if rng.random() < 0.1:  # some sentences have a number: a year, a count
            words.append(f"in {rng.randint(1950, 2024)}" if rng.random() < 0.5 else "by")
            words.append(str(rng.randint(2, 999)))
        return " ".join(words).capitalize() + "."


def _rng(seed: int, group: int, page: int, kind: int) -> random.Random:
    """The generator of one part of the corpus (a site's template, a page, its wire story)."""
    return random.Random((seed << 48) | (kind << 44) | (group << 22) | page)


@dataclass(frozen=True)
class Site:
    name: str
    menu: str
    authors: tuple[str, ...]
    footer: str
    newsletter: str
    founded: int


def site(words: Vocabulary, seed: int, group: int) -> Site:
    rng = _rng(seed, group, 0, 1)
    pick = words.words[:2000]
    name = "The " + " ".join(rng.choice(pick).capitalize() for _ in range(rng.randint(1, 3)))
    return Site(
        name=name,
        menu=" | ".join(rng.choice(pick).capitalize() for _ in range(rng.randint(4, 8))),
        authors=tuple(f"{rng.choice(pick).capitalize()} {rng.choice(pick).capitalize()}"
                      for _ in range(rng.randint(1, 4))),
        footer=rng.choice(("Follow us: Facebook | Twitter | RSS", "Contact us", "Back to top")),
        newsletter=f"Subscribe to our newsletter for the latest {rng.choice(pick)} news and "
        "offers from our team.",
        founded=rng.randint(1995, 2020),
    )  # fmt: skip


def title(words: Vocabulary, seed: int, group: int, page: int) -> str:
    return words.sentence(_rng(seed, group, page, 3), 3, 9).rstrip(".")


def document(words: Vocabulary, seed: int, group: int, page: int) -> str:
    """Page ``page`` of site ``group``: its template around paragraphs of its own."""
    s = site(words, seed, group)
    rng = _rng(seed, group, page, 2)
    lines = [s.name, s.menu, title(words, seed, group, page)]
    month, day, year = rng.choice(_MONTHS.split()), rng.randint(1, 28), rng.randint(2005, 2024)
    lines.append(f"Posted on {month} {day}, {year} by {rng.choice(s.authors)}")
    own = [
        " ".join(words.sentence(rng, 5, 25) for _ in range(rng.randint(1, 4)))
        for _ in range(min(60, 1 + int(rng.expovariate(1 / 10))))
    ]
    wire = _rng(seed, group, page // 3, 4)  # a wire story on three pages in a row
    if wire.random() < 0.3:
        at = rng.randint(0, len(own))
        own[at:at] = [words.sentence(wire, 10, 30) for _ in range(wire.randint(2, 4))]
    lines += own
    lines.append("Tags: " + ", ".join(rng.choice(words.words[:300]) for _ in range(3)))
    if rng.random() < 0.5:
        others = [page + k for k in (-3, -2, -1, 1, 2) if page + k >= 0]
        lines.append("Related posts")
        lines += [title(words, seed, group, other) for other in rng.sample(others, 2)]
    lines += [f"Comments ({rng.randint(0, 40)})", s.newsletter, s.footer]
    lines.append(f"© {s.founded}-2024 {s.name}. All rights reserved.")
    return "\n\n".join(lines) + "\n"


def corpus(seed: int, megabytes: float, groups: int) -> Iterator[tuple[str, str, int]]:
    """``(group, text, bytes)`` of every document, until ``megabytes`` of text."""
    words = Vocabulary.make(seed)
    rng = random.Random(seed)
    cum = list(itertools.accumulate(rng.lognormvariate(0, 1) for _ in range(groups)))
    pages = [0] * groups
    total = 0
    limit = megabytes * 1e6
    while total < limit:
        group = rng.choices(range(groups), cum_weights=cum)[0]
        text = document(words, seed, group, pages[group])
        pages[group] += 1
        size = len(text.encode("utf-8"))
        total += size
        yield f"site{group:05d}.example", text, size


def reference(text: str) -> None:
    """The least a line counter does: split into lines and hash each."""
    for line in text.splitlines():
        hashlib.blake2b(line.encode("utf-8"), digest_size=8).digest()


class Peak:
    """The peak RSS (MB) of this process since the last :meth:`reset`."""

    def __init__(self) -> None:
        self.resettable = True
        self.reset()

    def reset(self) -> None:
        try:
            Path("/proc/self/clear_refs").write_text("5")
        except OSError:
            self.resettable = False

    def mb(self) -> float:
        if self.resettable:
            for line in Path("/proc/self/status").read_text().splitlines():
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


class Clocks:
    """Seconds spent in a phase by the wall clock and by the process's CPU time (on a shared,
    loaded machine the steadier of the two: waiting for a core costs no CPU time)."""

    def __init__(self) -> None:
        self.wall = self.cpu = 0.0

    @contextlib.contextmanager
    def timing(self) -> Iterator[None]:
        wall, cpu = time.perf_counter(), time.process_time()
        yield
        self.wall += time.perf_counter() - wall
        self.cpu += time.process_time() - cpu

    def row(self, name: str) -> dict[str, float]:
        return {f"{name}_wall": self.wall, f"{name}_cpu": self.cpu}


def count(
    path: Path, megabytes: float, groups: int, seed: int, memory_entries: int
) -> dict[str, Any]:
    """Pass 1 over one corpus into the counts file ``path``, in this process."""
    peak = Peak()
    row: dict[str, Any] = {"mb": megabytes, "groups": groups, "baseline_rss": peak.mb()}
    pass1, ref1, into_file = Clocks(), Clocks(), Clocks()
    with LineCounts(path, memory_entries=memory_entries) as counts:
        flush = counts.flush

        def timed_flush() -> None:
            with into_file.timing():
                flush()

        counts.flush = timed_flush  # type: ignore[method-assign]
        peak.reset()
        docs = size = 0
        for group, text, nbytes in corpus(seed, megabytes, groups):
            with ref1.timing():
                reference(text)
            with pass1.timing():
                counts.add(group, text)
            docs += 1
            size += nbytes
        with pass1.timing():
            counts.flush()
    row |= {"docs": docs, "bytes": size, "pass1_rss": peak.mb()}
    row |= {**pass1.row("pass1"), **ref1.row("ref1"), **into_file.row("flush")}
    row["counts_mb"] = path.stat().st_size / 1e6
    with contextlib.closing(sqlite3.connect(path)) as db:
        row["distinct"] = db.execute("SELECT count(*) FROM lines").fetchone()[0]
        row["forms"] = db.execute("SELECT count(*) FROM forms").fetchone()[0]
        row["groups_seen"] = db.execute("SELECT count(*) FROM groups").fetchone()[0]
    return row


def apply(path: Path, megabytes: float, groups: int, seed: int) -> dict[str, Any]:
    """``index()`` of the counts file ``path`` and pass 2 over the corpus, in this process (so
    its RSS is that of the index, not what pass 1 left to the allocator)."""
    peak = Peak()
    index_time, pass2, ref2 = Clocks(), Clocks(), Clocks()
    counts = LineCounts(path, fresh=False)  # a working copy of the file, made here
    try:
        peak.reset()
        with index_time.timing():
            index = counts.index(Settings())
        row: dict[str, Any] = {**index_time.row("index"), "index_rss": peak.mb()}
    finally:
        counts.close(keep=False)  # the copy goes, the file stays
    row["candidates"] = sum(len(table) for table in index.counts.values())
    peak.reset()
    stage = StageCounts()
    lines = 0
    for group, text, _ in corpus(seed, megabytes, groups):
        with ref2.timing():
            reference(text)
        with pass2.timing():
            index.apply(group, text, stage)
        lines += text.count("\n\n") + 1
    row |= {**pass2.row("pass2"), **ref2.row("ref2"), "pass2_rss": peak.mb(), "lines": lines}
    row |= {"removed": stage.lines_removed, "kept_running": stage.kept_running}
    row["kept_data"] = stage.kept_data
    return row


def table(rows: list[dict[str, Any]], clock: str) -> str:
    """The rows, with the times of ``clock`` (``wall`` or ``cpu``)."""
    head = (
        f"{'MB':>5} {'groups':>6} {'docs':>7} {'distinct':>9} | {'pass-1 s':>8} {'MB/s':>5} "
        f"{'xref':>5} {'into file s':>11} {'RSS MB':>6} {'counts MB':>9} | {'index s':>7} "
        f"{'candidates':>10} {'RSS MB':>6} | {'pass-2 s':>8} {'MB/s':>5} {'xref':>5} "
        f"{'RSS MB':>6} | {'removed':>7}"
    )
    out = [head]
    for r in rows:
        mb = r["bytes"] / 1e6
        names = ("pass1", "ref1", "flush", "index", "pass2", "ref2")
        t = {name: r[f"{name}_{clock}"] for name in names}
        out.append(
            f"{mb:5.0f} {r['groups_seen']:6d} {r['docs']:7d} {r['distinct']:9d} | "
            f"{t['pass1']:8.1f} {mb / t['pass1']:5.2f} {t['pass1'] / t['ref1']:5.1f} "
            f"{t['flush']:11.1f} {r['pass1_rss']:6.0f} {r['counts_mb']:9.0f} | {t['index']:7.2f} "
            f"{r['candidates']:10d} {r['index_rss']:6.0f} | {t['pass2']:8.1f} "
            f"{mb / t['pass2']:5.2f} {t['pass2'] / t['ref2']:5.1f} {r['pass2_rss']:6.0f} | "
            f"{r['removed'] / r['lines']:7.1%}"
        )
    return "\n".join(out)


def growth(rows: list[dict[str, Any]], clock: str) -> str:
    """How each figure grows from one size to the next, as ratios."""
    out = []
    for a, b in itertools.pairwise(rows):

        def x(name: str, a: dict[str, Any] = a, b: dict[str, Any] = b) -> str:
            if name not in a:
                name = f"{name}_{clock}"
            return f"{b[name] / a[name]:.1f}x"

        out.append(
            f"{a['bytes'] / 1e6:.0f} -> {b['bytes'] / 1e6:.0f} MB ({x('bytes')} text): time "
            f"pass 1 {x('pass1')} (into file {x('flush')}), index {x('index')}, pass 2 "
            f"{x('pass2')}; counts file {x('counts_mb')}, candidates {x('candidates')}; "
            f"peak RSS pass 1 {x('pass1_rss')}, index {x('index_rss')}, pass 2 {x('pass2_rss')}"
        )
    return "\n".join(out)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000", help="corpus sizes in MB")
    parser.add_argument("--groups-per-mb", type=float, default=10)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--memory-entries", type=int, default=500_000)
    parser.add_argument("--clock", choices=("wall", "cpu"), default="cpu")
    parser.add_argument("--json", type=Path, help="also write the rows to this file")
    parser.add_argument("--count", type=Path, help=argparse.SUPPRESS)  # a child: pass 1
    parser.add_argument("--apply", type=Path, help=argparse.SUPPRESS)  # a child: the rest
    parser.add_argument("--size", type=float, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.size is not None:
        groups = max(1, round(args.size * args.groups_per_mb))
        if args.count is not None:
            row = count(args.count, args.size, groups, args.seed, args.memory_entries)
        else:
            row = apply(args.apply, args.size, groups, args.seed)
        print(json.dumps(row))
        return 0
    rows = []
    for size in (float(s) for s in args.sizes.split(",")):
        row: dict[str, Any] = {}
        with tempfile.TemporaryDirectory(prefix="repeated-scale-") as tmp:
            for phase in ("--count", "--apply"):
                child = [sys.executable, __file__, "--size", str(size), phase, f"{tmp}/counts"]
                child += ["--groups-per-mb", str(args.groups_per_mb), "--seed", str(args.seed)]
                child += ["--memory-entries", str(args.memory_entries)]
                env = {**os.environ, "TMPDIR": tmp}  # every file the child makes goes with tmp
                done = subprocess.run(child, env=env, capture_output=True, text=True, check=False)
                if done.returncode != 0:
                    sys.stderr.write(done.stderr)
                    return 1
                row |= json.loads(done.stdout.splitlines()[-1])
        rows.append(row)
        print(f"{size:g} MB done", file=sys.stderr, flush=True)
    print(
        f"seed {args.seed}, {args.groups_per_mb:g} groups a MB, memory_entries "
        f"{args.memory_entries}; {args.clock} clock; RSS = peak of the phase (pass 1 in one "
        "process, index and pass 2 in another); into file = pass 1's flushes into SQLite; "
        "removed = share of non-blank lines the stage removed"
    )
    print(table(rows, args.clock))
    print(growth(rows, args.clock))
    if args.json is not None:
        args.json.write_text(json.dumps(rows, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
