"""The Ray engine on a local Ray: the same bytes as the local engine (tox -e ray installs Ray)."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleaner.cli import main
from cleaner.corpus import BatchCleaner, clean_corpus

ray = pytest.importorskip("ray")

MESSY = "Title\r\n\r\nThe world\u00e2\u20ac\u2122s news &amp; rsquo;s.\r\n\r\n- Anzeige -"
CLEAN = "Title\n\nThe world\u2019s news \u2019s."


@pytest.fixture(scope="module")
def local_ray() -> Iterator[Any]:
    """One local Ray for the module: 2 CPUs, no dashboard."""
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    ray.data.DataContext.get_current().enable_progress_bars = False
    yield ray
    ray.shutdown()


def _corpus(root: Path) -> Path:
    src = root / "in"
    (src / "sub").mkdir(parents=True)
    for k in range(3):
        lines = [
            json.dumps({"id": i, "text": f"{i}. {MESSY}" if i % 4 else None})
            for i in range(50 * k + 5)
        ]
        data = ("\n".join([*lines, "not json"]) + "\n").encode()
        (src / f"p{k}.jsonl.gz").write_bytes(gzip.compress(data))
    (src / "sub" / "empty.jsonl").write_bytes(b"")
    (src / "sub" / "u.jsonl.zst").write_bytes(
        __import__("zstandard").ZstdCompressor().compress(b'{"text": "a\\u2028b  c"}\n')
    )
    return src


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def test_ray_engine_equals_local_engine(tmp_path: Path, local_ray: Any) -> None:
    """--engine ray writes the same files, markers included, as the local engine."""
    from cleaner.corpus.ray_engine import clean_corpus_ray

    src = _corpus(tmp_path)
    local = clean_corpus(str(src), str(tmp_path / "local"), jobs=2, chunk_bytes=500)
    remote = clean_corpus_ray(str(src), str(tmp_path / "ray"), chunk_bytes=700, rules=True)
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    assert (remote.records, remote.bad, remote.null) == (local.records, local.bad, local.null)
    assert remote.rules["boilerplate.advertisement"].lines > 0
    again = clean_corpus_ray(str(src), str(tmp_path / "ray"))
    assert again.files_skipped == 5


def test_cli_engine_ray(tmp_path: Path, local_ray: Any) -> None:
    """The CLI runs the Ray engine with --engine ray (joining the Ray already started)."""
    src = _corpus(tmp_path)
    assert main(["--jsonl", str(src), str(tmp_path / "a"), "-q"]) == 1  # the "not json" lines
    assert main(["--jsonl", str(src), str(tmp_path / "b"), "-q", "--engine", "ray"]) == 1
    assert _files(tmp_path / "a") == _files(tmp_path / "b")


def test_cli_report_with_ray_equals_local(tmp_path: Path, local_ray: Any) -> None:
    """--report with --engine ray: the same report lines, in the same order, as the local engine."""
    src = _corpus(tmp_path)
    local, remote = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["--jsonl", str(src), str(tmp_path / "a"), "-q", "--report", str(local)]) == 1
    args = ["--jsonl", str(src), str(tmp_path / "b"), "-q", "--report", str(remote)]
    assert main([*args, "--engine", "ray"]) == 1
    assert remote.read_bytes() == local.read_bytes()
    records = [json.loads(line) for line in local.read_text().splitlines()]
    assert any(r["removed"] for r in records)


def test_batch_cleaner_in_map_batches(local_ray: Any) -> None:
    """BatchCleaner works as a Ray Data callable class, built once per actor."""
    ds = ray.data.from_items(
        [{"text": MESSY, "id": i} for i in range(20)] + [{"text": None, "id": 20}]
    )
    out = ds.map_batches(BatchCleaner, batch_size=8, concurrency=1).take_all()
    texts = {row["id"]: row["text"] for row in out}
    assert texts[20] is None and {texts[i] for i in range(20)} == {CLEAN}
