"""Build ``cleaner/data/screens.json``: the phrase screens, read off the phrase patterns.

    python scripts/build_screens.py [--check]

Run it after changing anything in ``cleaner/data/phrases/``. Cleaning reads the shipped file and
never parses a pattern itself; a shipped file made from other phrase data is ignored (every
line is then tried, which is slower and never wrong), and ``tests/test_screens.py`` fails until
the file is built again. ``--check`` exits 1 when the shipped file is not what this builds.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from cleaner import _screens_build
from cleaner.filters import boilerplate

TARGET = Path(__file__).resolve().parent.parent / "cleaner" / "data" / "screens.json"


def built() -> str:
    """The screens file as this checkout's phrase data makes it."""
    patterns = {"caption-credit": boilerplate._CAPTION_CREDIT.pattern}
    return _screens_build.dumps(_screens_build.build(patterns))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="compare, don't write")
    args = parser.parse_args()
    text = built()
    if args.check:
        same = TARGET.exists() and TARGET.read_text("utf-8") == text
        print(f"{TARGET.name}: {'up to date' if same else 'out of date: run this script'}")
        return 0 if same else 1
    TARGET.write_text(text, "utf-8")
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
