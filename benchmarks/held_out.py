"""Score cleaner on the study and held-out halves of the shared bench (pages and clean documents).

    python benchmarks/held_out.py [--bench ../shared/bench] [--lang en]

The boilerplate rules were written while reading only the *study* half's per-page results (a page
is in it when the first byte of sha1(id) is even); the *held-out* half was only ever scored. A
gap between the halves is what rules tuned to the pages they were read from look like. Each half
is written beside a copy of score.py in a temporary folder and scored: article text with
``default``, page text with ``page``, the clean documents (harm) with both.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# (regime, preset): the article regime with default, the page regime with page, and the clean
# documents with both.
RUNS = (("article", "default"), ("page", "page"), ("harm", "default"), ("harm", "page"))


def half(page_id: str) -> str:
    """The half a bench page belongs to: 'study' or 'held-out'."""
    return "study" if hashlib.sha1(page_id.encode()).digest()[0] % 2 == 0 else "held-out"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--lang", help="only pages of this language")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("study", "held-out"):
            folder = Path(tmp, name)
            folder.mkdir()
            shutil.copy(args.bench / "score.py", folder / "score.py")
            for source_name in ("dev_article", "dev_page", "harm_dev"):
                source = args.bench / f"{source_name}.jsonl"
                lines = source.read_text("utf-8").splitlines(keepends=True)
                kept = [
                    line for line in lines if line.strip() and half(json.loads(line)["id"]) == name
                ]
                (folder / f"{source_name}.jsonl").write_text("".join(kept), encoding="utf-8")
            for regime, preset in RUNS:
                command = [sys.executable, str(folder / "score.py"), "--regime", regime]
                command += ["--callable", "cleaner:clean", "--preset", preset]
                command += ["--out", str(folder / f"results_{regime}_{preset}.json")]
                if args.lang:
                    command += ["--lang", args.lang]
                result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
                printed = result.stdout.strip() or result.stderr.strip()
                print(f"{name:<9} {preset:<8} {printed.splitlines()[0] if printed else ''}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
