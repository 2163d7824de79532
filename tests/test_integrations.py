"""Adapters in the engines they serve: datatrove, HF datasets (skipped when not installed; the
``integrations`` tox environment installs them)."""

from __future__ import annotations

import pickle

import pytest

import cleaner
from cleaner.corpus import BatchCleaner

MESSY = "Title\r\n\r\nThe world\u00e2\u20ac\u2122s news &amp; rsquo;s.\r\n\r\n- Anzeige -"
CLEAN = "Title\n\nThe world\u2019s news \u2019s."


def test_datatrove_step_cleans_and_counts() -> None:
    """The datatrove step cleans documents, passes None, and counts per filter and per rule."""
    pytest.importorskip("datatrove")
    from datatrove.data import Document

    from cleaner.corpus.datatrove_step import CleanerStep

    step = CleanerStep()
    docs = [
        Document(text=MESSY, id="1"),
        Document(text="Fine.", id="2"),
        Document(text=None, id="3"),
    ]
    out = list(step.run(iter(docs)))
    assert [d.text for d in out] == [CLEAN, "Fine.", None]
    stats = step.stats
    assert stats["total"].total == 3 and stats["changed"].total == 1 and stats["null"].total == 1
    assert stats["filter/mojibake"].total == 1
    assert stats["rule/boilerplate.advertisement"].total == 1
    assert pickle.loads(pickle.dumps(step)).pipeline == step.pipeline


def test_datatrove_pipeline_end_to_end(tmp_path: object) -> None:
    """A local datatrove executor reads JSONL, runs the step and writes JSONL."""
    pytest.importorskip("datatrove")
    import gzip
    import json
    from pathlib import Path

    from datatrove.executor import LocalPipelineExecutor
    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter

    from cleaner.corpus.datatrove_step import CleanerStep

    root = Path(str(tmp_path))
    (root / "in").mkdir()
    with gzip.open(root / "in" / "a.jsonl.gz", "wt", encoding="utf-8") as f:
        f.write(json.dumps({"text": MESSY, "id": "x"}) + "\n")
    LocalPipelineExecutor(
        [JsonlReader(str(root / "in")), CleanerStep(), JsonlWriter(str(root / "out"))],
        tasks=1,
        logging_dir=str(root / "logs"),
    ).run()
    written = list((root / "out").glob("*.jsonl*"))
    with gzip.open(written[0], "rt", encoding="utf-8") as f:
        assert json.loads(f.readline())["text"] == CLEAN


def test_hf_datasets_map_batched() -> None:
    """BatchCleaner runs in datasets.map(batched=True), passes None, keeps other columns; the
    cache fingerprint changes with cleaner's version."""
    datasets = pytest.importorskip("datasets")
    ds = datasets.Dataset.from_dict({"text": [MESSY, None, "ok"], "id": [1, 2, 3]})
    out = ds.map(BatchCleaner(), batched=True, batch_size=2)
    assert out["text"] == [CLEAN, None, "ok"] and out["id"] == [1, 2, 3]
    from datasets.fingerprint import Hasher

    before = Hasher.hash(BatchCleaner())
    assert Hasher.hash(BatchCleaner()) == before
    assert Hasher.hash(BatchCleaner(preset="minimal")) != before


def test_hf_fingerprint_follows_the_version(monkeypatch: pytest.MonkeyPatch) -> None:
    """Upgrading cleaner changes the fingerprint of the same pipeline."""
    pytest.importorskip("datasets")
    from datasets.fingerprint import Hasher

    before = Hasher.hash(BatchCleaner())
    monkeypatch.setattr("cleaner.pipeline.__version__", "99.0")
    assert Hasher.hash(BatchCleaner()) != before
    assert Hasher.hash(cleaner.Pipeline.from_preset("default")) != Hasher.hash(
        cleaner.Pipeline.from_preset("default").disable("markdown")
    )
