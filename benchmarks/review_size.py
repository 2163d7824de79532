"""The review page of 1,000 bench documents: its size, and how long Chromium takes to open it.

    python benchmarks/review_size.py [--documents 1000] [--runs 5] [--keep PAGE.html]

Needs the shared bench beside the checkout, selenium, and Chromium with chromedriver (the tox
``browser`` env has all three: ``.tox/browser/bin/python benchmarks/review_size.py``). The bench
corpora are written together as one JSONL file in a temporary folder, and ``python -m cleaner
review --sample N`` makes the page from it. The page is then opened ``--runs`` times in headless
Chromium at 1280 px; the figure is the median time from navigation start to the end of the load
event (the page's script has run by then), and the wall time of ``driver.get``. The issue's bounds:
about 10 MB, and under 2 s.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from cleaner import review

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"
CORPORA = ("dev_page", "dev_article", "site_dev_page", "site_dev_article")
MAX_MB, MAX_SECONDS = 10.0, 2.0


def _corpus(folder: Path) -> Path:
    """The bench corpora as one JSONL file, each record keeping its own fields (``id``)."""
    path = folder / "bench.jsonl"
    with path.open("wb") as out:
        for name in CORPORA:
            out.write((BENCH / f"{name}.jsonl").read_bytes())
    return path


def _open_times(page: Path, runs: int) -> tuple[list[float], list[float]]:
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium") or "chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"):
        options.add_argument(arg)
    driver = webdriver.Chrome(options=options, service=Service(shutil.which("chromedriver")))
    driver.set_window_size(1280, 900)
    loads, walls = [], []
    try:
        for _ in range(runs):
            driver.get("about:blank")
            start = time.perf_counter()
            driver.get(page.resolve().as_uri())
            walls.append(time.perf_counter() - start)
            loads.append(
                driver.execute_script(
                    "const n = performance.getEntriesByType('navigation')[0];"
                    "return n.loadEventEnd - n.startTime;"
                )
                / 1000
            )
    finally:
        driver.quit()
    return loads, walls


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--documents", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="also keep the page here")
    args = parser.parse_args()
    if not BENCH.is_dir():
        print(f"no bench at {BENCH}", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        corpus = _corpus(Path(tmp))
        page = Path(tmp) / "review.html"
        start = time.perf_counter()
        argv = [str(corpus), str(page), "--sample", str(args.documents), "--id-field", "id"]
        if review.main(argv) != 0:
            return 1
        made = time.perf_counter() - start
        size = page.stat().st_size / 1e6
        loads, walls = _open_times(page, args.runs)
        if args.keep:
            shutil.copyfile(page, args.keep)
    load, wall = statistics.median(loads), statistics.median(walls)
    print(f"documents  {args.documents:,} (made in {made:.1f} s)")
    print(f"size       {size:.2f} MB{'' if size <= MAX_MB else f'  > {MAX_MB} MB'}")
    print(f"load       {load:.2f} s to the end of the load event (median of {args.runs})")
    slow = "" if wall < MAX_SECONDS else f"  > {MAX_SECONDS} s"
    print(f"get        {wall:.2f} s wall time of driver.get{slow}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
