"""Peak memory of cleaning one big document, per preset, against the document's size.

    PYTHONPATH=. python benchmarks/document_memory.py [--bench ../shared/bench] [--mb 2,4]
                                                       [--preset default --preset page ...]

The issue on hostile input asks that one huge document take at most about 5x its size. The
document is the bench's page texts joined by blank lines and cut at each size, once as they are
(they hold characters outside the Basic Multilingual Plane, so Python stores the text at 4 bytes
a character) and once with everything outside ASCII dropped (1 byte a character). Each
measurement runs in a fresh process: the pipeline is built and warmed on a short text first, so
what is measured is what cleaning the document allocates (tracemalloc's peak), not the compiled
patterns and automata every process holds once. "x bytes" is the peak over the document's UTF-8
size, "x str" over the size of the Python string that holds it.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

_CHILD = """
import json, sys, time, tracemalloc
import cleaner
bench, preset, chars, ascii_only = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4] == "1"
with open(bench, encoding="utf-8") as lines:
    text = "\\n\\n".join(json.loads(line)["text"] for line in lines if line.strip())[:chars]
if ascii_only:
    text = text.encode("ascii", "ignore").decode("ascii")
pipeline = cleaner.Pipeline.from_preset(preset)
pipeline(text[:2000])
size, held = len(text.encode("utf-8")), sys.getsizeof(text)
tracemalloc.start()
started = time.process_time()
pipeline(text)
seconds = time.process_time() - started
peak = tracemalloc.get_traced_memory()[1]
print(json.dumps({"bytes": size, "str": held, "peak": peak, "seconds": seconds}))
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--mb", default="2,4", help="document sizes in millions of characters")
    parser.add_argument("--preset", action="append", help="default: minimal, default, page")
    args = parser.parse_args()
    presets = args.preset or ["minimal", "default", "page"]
    source = args.bench / "dev_page.jsonl"
    header = ("preset", "text", "MB", "peak MB", "x bytes", "x str", "cpu s")
    print("{:<8} {:<6} {:>5} {:>8} {:>8} {:>6} {:>6}".format(*header))
    for mb in (float(m) for m in args.mb.split(",")):
        for kind in ("as is", "ascii"):
            for preset in presets:
                command = [sys.executable, "-c", _CHILD, str(source), preset, str(int(mb * 1e6))]
                command.append("1" if kind == "ascii" else "0")
                done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=True)
                row = json.loads(done.stdout)
                print(
                    f"{preset:<8} {kind:<6} {row['bytes'] / 1e6:>5.1f} {row['peak'] / 1e6:>8.1f} "
                    f"{row['peak'] / row['bytes']:>8.1f} {row['peak'] / row['str']:>6.1f} "
                    f"{row['seconds']:>6.1f}"
                )
    return 0


if __name__ == "__main__":
    sys.exit(main())
