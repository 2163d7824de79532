"""The shared bench beside this checkout (``../shared/bench``), for the tests that read it."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "shared" / "bench"


def bench_texts(*names: str) -> list[str]:
    """The ``text`` of every record of the named bench corpora (page and article text by
    default); the test is skipped when the bench is not beside this checkout."""
    if not BENCH.is_dir():
        pytest.skip("shared/bench is not beside this checkout")
    texts: list[str] = []
    for name in names or ("dev_page", "dev_article"):
        with (BENCH / f"{name}.jsonl").open(encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines if line.strip()]
    return texts
