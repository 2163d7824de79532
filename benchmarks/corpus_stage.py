"""Score the corpus-level stage (repeated lines) on the bench's site sets and on clean documents.

    python benchmarks/corpus_stage.py [--bench ../shared/bench] [--option NAME=VALUE ...]

- site-article with ``default`` and site-page with ``page``, each followed by the stage grouped
  by ``site``: on all nine sites, then on the study and held-out halves (a site is in the study
  half when the first byte of sha1(site) is even; the stage's numbers were chosen reading the
  study half), beside the per-page cleaner's figures on the same half.
- harm (already-clean documents) run as one corpus grouped by ``source``: what the stage takes
  from text that has no template (words kept, as score.py counts them).

Each run goes through the command line (``python -m cleaner --jsonl - - --repeated-lines``), as a
user would run it.
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
REGIMES = (("site-article", "default"), ("site-page", "page"))


def half(site: str) -> str:
    return "study" if hashlib.sha1(site.encode()).digest()[0] % 2 == 0 else "held-out"


def _first_line(result: subprocess.CompletedProcess[str]) -> str:
    printed = result.stdout.strip() or result.stderr.strip()
    return printed.splitlines()[0] if printed else "(no output)"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--bench", type=Path, default=ROOT.parent / "shared" / "bench")
    parser.add_argument("--option", action="append", default=[], help="--repeated-option")
    args = parser.parse_args()
    options = " ".join(f"--repeated-option {o}" for o in args.option)
    with tempfile.TemporaryDirectory() as tmp:
        for name in ("all", "study", "held-out"):
            folder = Path(tmp, name)
            folder.mkdir()
            shutil.copy(args.bench / "score.py", folder / "score.py")
            for regime, _ in REGIMES:
                source = args.bench / f"site_dev_{regime[5:]}.jsonl"
                lines = source.read_text("utf-8").splitlines(keepends=True)
                kept = [
                    line
                    for line in lines
                    if line.strip() and name in ("all", half(json.loads(line)["site"]))
                ]
                (folder / source.name).write_text("".join(kept), encoding="utf-8")
            for regime, preset in REGIMES:
                score = [sys.executable, str(folder / "score.py"), "--regime", regime]
                stage = (
                    f"{sys.executable} -m cleaner -q --jsonl - - --preset {preset} "
                    f"--repeated-lines --group-field site {options}"
                )
                alone = subprocess.run(
                    [*score, "--callable", "cleaner:clean", "--preset", preset],
                    capture_output=True, text=True, cwd=ROOT,
                )  # fmt: skip
                staged = subprocess.run(
                    [*score, "--cmd", stage], capture_output=True, text=True, cwd=ROOT
                )
                print(f"{name:<9} {preset:<8} per page   {_first_line(alone)}")
                print(f"{name:<9} {preset:<8} + stage    {_first_line(staged)}")
        print(_harm(args.bench, Path(tmp), options))
    return 0


def _harm(bench: Path, tmp: Path, options: str) -> str:
    """harm as one corpus grouped by source: the stage's output is looked up by input text, so
    score.py counts the words kept exactly as it does for a per-document cleaner."""
    source = bench / "harm_dev.jsonl"
    out = tmp / "harm_out.jsonl"
    command = [sys.executable, "-m", "cleaner", "-q", "--repeated-lines", "--group-field"]
    command += ["source", *options.split(), str(source), str(out)]
    subprocess.run(command, check=True, cwd=ROOT)
    lookup = {}
    for before, after in zip(
        source.read_text("utf-8").splitlines(), out.read_text("utf-8").splitlines(), strict=True
    ):
        lookup[json.loads(before)["text"]] = json.loads(after)["text"]
    module = tmp / "staged_lookup.py"
    (tmp / "lookup.json").write_text(json.dumps(lookup), encoding="utf-8")
    module.write_text(
        "import json, pathlib\n"
        "_T = json.loads((pathlib.Path(__file__).parent / 'lookup.json').read_text('utf-8'))\n"
        "def clean(text, preset=None):\n"
        "    import cleaner\n"
        "    return _T[text] if text in _T else cleaner.clean(text)\n"
    )
    score = [sys.executable, str(bench / "score.py"), "--regime", "harm"]
    alone = subprocess.run(
        [*score, "--callable", "cleaner:clean"], capture_output=True, text=True, cwd=ROOT
    )
    staged = subprocess.run(
        [*score, "--callable", "staged_lookup:clean"],
        capture_output=True, text=True, cwd=tmp, env={"PYTHONPATH": f"{tmp}:{ROOT}"},
    )  # fmt: skip
    return (
        f"harm      default  per doc    {_first_line(alone)}\n"
        f"harm      default  + stage by source  {_first_line(staged)}"
    )


if __name__ == "__main__":
    sys.exit(main())
