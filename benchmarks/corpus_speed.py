"""Corpus-mode speed and memory: MB/s at -j 1 and -j N measured in the same run, and peak RSS.

    python benchmarks/corpus_speed.py                    # 100 MB JSONL, 5,000 files, RSS at 2 sizes
    python benchmarks/corpus_speed.py --mb 20 --files 1000 --rss-mb 20 80
    python benchmarks/corpus_speed.py --only-rss --rss-mb 10 60 --disable hyphenation

Each measurement runs ``python -m cleaner`` as a subprocess on a corpus made from the shared bench
records (repeated, each copy with a fresh id), so it includes start-up, reading, compression and
writing. Three checks:

- one JSONL file of ``--mb`` MB: seconds and MB/s at -j 1 and -j N, and the ratio (target >= 1.7
  on 2 cores);
- a folder of ``--files`` small JSONL files: the same;
- peak RSS of the largest process (parent or worker) on a ``.jsonl.zst`` at each ``--rss-mb``
  size with -j N: flat with input size, under 200 MB per process.

The outputs of -j 1 and -j N are compared byte for byte. Timings depend on what else the machine
runs: read the ratio, which is measured in one run, rather than the absolute numbers.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


def _records() -> list[dict[str, object]]:
    records = []
    for name in ("dev_article.jsonl", "dev_page.jsonl", "harm_dev.jsonl"):
        path = BENCH / name
        if not path.exists():
            path = Path("/work/shared/bench") / name
        with path.open(encoding="utf-8") as f:
            records += [json.loads(line) for line in f if line.strip()]
    return [{"id": r.get("id"), "url": r.get("url"), "text": r["text"]} for r in records]


def _lines(records: list[dict[str, object]], megabytes: float) -> list[bytes]:
    """JSONL lines of about ``megabytes`` MB: the bench records over and over."""
    out: list[bytes] = []
    size, copy = 0, 0
    while size < megabytes * 1e6:
        for r in records:
            line = json.dumps({**r, "id": f"{r['id']}-{copy}"}, ensure_ascii=False).encode()
            out.append(line + b"\n")
            size += len(line) + 1
            if size >= megabytes * 1e6:
                break
        copy += 1
    return out


def _write(path: Path, lines: list[bytes]) -> None:
    data = b"".join(lines)
    if path.suffix == ".zst":
        import zstandard

        data = zstandard.ZstdCompressor(level=3).compress(data)
    path.write_bytes(data)


def _run(args: list[str]) -> tuple[float, float, int]:
    """Wall seconds, CPU seconds (all processes) and peak RSS (kB, the largest process) of
    ``python -m cleaner ARGS``."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    code = (
        "import resource, subprocess, sys\n"
        "rc = subprocess.call([sys.executable, '-m', 'cleaner', *sys.argv[1:]])\n"
        "r = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(r.ru_utime + r.ru_stime, r.ru_maxrss, file=sys.stderr)\n"
        "sys.exit(rc)\n"
    )
    start = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, "-c", code, *args, "-q"], env=env, capture_output=True, check=False
    )
    seconds = time.perf_counter() - start
    if proc.returncode not in (0, 1):
        raise SystemExit(proc.stderr.decode())
    cpu, rss = proc.stderr.decode().split()[-2:]
    return seconds, float(cpu), int(rss)


def _digest(path: Path) -> str:
    h = hashlib.sha256()
    if path.is_file():
        return hashlib.sha256(path.read_bytes()).hexdigest()
    for p in sorted(p for p in path.rglob("*") if p.is_file()):
        h.update(str(p.relative_to(path)).encode())
        h.update(p.read_bytes())
    return h.hexdigest()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=float, default=100.0, help="size of the one-file corpus")
    parser.add_argument("--files", type=int, default=5000, help="files in the folder corpus")
    parser.add_argument("--rss-mb", type=float, nargs="*", default=[50.0, 200.0])
    parser.add_argument("-j", "--jobs", type=int, default=2)
    parser.add_argument("--preset", default="default")
    parser.add_argument(
        "--disable", nargs="*", default=[], metavar="FILTER", help="filters to switch off"
    )
    parser.add_argument(
        "--only-rss", action="store_true", help="skip the speed runs, measure memory only"
    )
    args = parser.parse_args()
    records = _records()
    j = args.jobs
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        config = work / "cleaner.toml"
        disable = ", ".join(f'"{name}"' for name in args.disable)
        config.write_text(f'preset = "{args.preset}"\ndisable = [{disable}]\n', encoding="utf-8")
        how = ["--config", str(config)]
        if args.only_rss:
            _memory(args, records, work, how)
            return
        big = work / "one.jsonl"
        _write(big, _lines(records, args.mb))
        mb = big.stat().st_size / 1e6
        folder = work / "many"
        folder.mkdir()
        small = _lines(records, args.files * 10_000 / 1e6)[: args.files]  # one record a file
        for k, line in enumerate(small):
            _write(folder / f"{k:05d}.jsonl", [line])
        folder_mb = sum(p.stat().st_size for p in folder.iterdir()) / 1e6
        title = " ".join([args.preset, *(f"-{name}" for name in args.disable)])
        print(f"| corpus ({title}) | -j 1 | -j {j} | wall ratio | -j 1 vs -j {j} |")
        print("|---|---|---|---|---|")
        for label, source, size in (
            (f"one JSONL file, {mb:.0f} MB", big, mb),
            (f"{args.files:,} JSONL files, {folder_mb:.0f} MB", folder, folder_mb),
        ):
            wall, cpu, digests = {}, {}, {}
            for jobs in (1, j):
                out = work / f"out-{source.name}-{jobs}"
                flag = ["--jsonl"] if source.is_dir() else []
                cmd = [*flag, str(source), str(out), "-j", str(jobs), *how]
                wall[jobs], cpu[jobs], _ = _run(cmd)
                digests[jobs] = _digest(out)
            same = "same bytes" if digests[1] == digests[j] else "OUTPUTS DIFFER"
            print(
                f"| {label} | {size / wall[1]:.2f} MB/s, {wall[1]:.0f} s ({cpu[1]:.0f} CPU s) "
                f"| {size / wall[j]:.2f} MB/s, {wall[j]:.0f} s ({cpu[j]:.0f} CPU s) "
                f"| {wall[1] / wall[j]:.2f}x | {same} |",
                flush=True,
            )
        _memory(args, records, work, how)


def _memory(
    args: argparse.Namespace, records: list[dict[str, object]], work: Path, how: list[str]
) -> None:
    """Peak RSS of the largest process on a .jsonl.zst of each size in ``--rss-mb``."""
    j = args.jobs
    print()
    print(f"| .jsonl.zst input (uncompressed) | -j {j} wall | peak RSS of the largest process |")
    print("|---|---|---|")
    for size in args.rss_mb:
        src = work / f"rss-{size:.0f}.jsonl.zst"
        _write(src, _lines(records, size))
        out = work / f"rss-out-{size:.0f}.jsonl.zst"
        seconds, _, rss = _run([str(src), str(out), "-j", str(j), *how])
        print(f"| {size:.0f} MB | {seconds:.0f} s | {rss / 1024:.0f} MB |", flush=True)


if __name__ == "__main__":
    main()
