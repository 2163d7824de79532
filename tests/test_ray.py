"""The Ray engine on a local Ray: the same bytes as the local engine (tox -e ray installs Ray)."""

from __future__ import annotations

import gzip
import json
import random
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from cleaner.cli import main
from cleaner.corpus import BatchCleaner, clean_corpus
from cleaner.corpus.repeated import Grouping, Settings, Tally

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


# -- the corpus-level stage (repeated lines) on Ray ------------------------------------------------

# Two sites, each with its own template: a masthead, a comment notice long enough to be running
# text, and a footer whose year differs (one normal form, a few raw forms); and a data field whose
# value differs on every page (kept as data).
SITES = {
    "harbour.example": [
        "The Harbour Gazette",
        "Your email address will not be published on this page.",
        "Printed in Harbour Town since 2009",
    ],
    "meadow.example": [
        "Meadow Notes",
        "Sign up for the weekly letter from the meadow team today.",
        "Follow This Blog",
    ],
}
WORDS = ["river", "stone", "quiet", "lantern", "copper", "violet", "willow", "amber", "harbour"]


def _page(site: str, k: int) -> str:
    """Page ``k`` of ``site``: its template around sentences of its own."""
    rng = random.Random(k)
    head, notice, foot = SITES[site]
    own = [
        " ".join(rng.choice(WORDS) for _ in range(rng.randint(5, 12))).capitalize() + "."
        for _ in range(3)
    ]
    foot = foot.replace("2009", str(2009 + k % 3))
    return "\n\n".join([head, *own, f"Views: {100 + 17 * k}", notice, foot])


def _sites_corpus(root: Path) -> Path:
    """Four JSONL files whose records of both sites are mixed, with a final newline or not, a
    null text, a record of no site (its file is its group) and a line that is not JSON."""
    src = root / "sites"
    src.mkdir()
    for f in range(4):
        records: list[dict[str, Any]] = []
        for k in range(f * 6, f * 6 + 6):
            site = list(SITES)[k % 2]
            text = _page(site, k) + ("\n" if k % 3 else "")
            records.append({"id": k, "site": site, "text": text})
        records.append({"id": f"null-{f}", "site": "meadow.example", "text": None})
        records.append({"id": f"none-{f}", "text": "A page of no site.\nFollow This Blog\n"})
        lines = [json.dumps(r) for r in records] + (["not json"] if f == 1 else [])
        (src / f"part-{f}.jsonl").write_text("\n".join(lines) + "\n")
    return src


def _counts_rows(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of a counts file, per table, sorted."""
    db = sqlite3.connect(path)
    try:
        return {
            table: sorted(db.execute(f"SELECT * FROM {table}"))
            for table in ("groups", "lines", "forms")
        }
    finally:
        db.close()


def test_count_rows_round_trip() -> None:
    """A Tally's lines and forms go into count rows and come back the same."""
    from cleaner.corpus.ray_engine import count_rows, tally_of

    tally = Tally()
    for k in range(6):
        tally.add(list(SITES)[k % 2], _page(list(SITES)[k % 2], k))
    back = tally_of(count_rows(tally))
    assert (back.lines, back.forms) == (tally.lines, tally.forms) and tally.forms


def test_cli_repeated_lines_with_ray_equals_local(tmp_path: Path, local_ray: Any) -> None:
    """--repeated-lines, --engine ray: the same files, markers and report as the local engine."""
    src = _sites_corpus(tmp_path)
    stage = ["--repeated-lines", "--group-field", "site", "--id-field", "id", "-q"]
    local, remote = tmp_path / "local.jsonl", tmp_path / "ray.jsonl"
    assert main(["--jsonl", str(src), str(tmp_path / "a"), *stage, "--report", str(local)]) == 1
    args = ["--jsonl", str(src), str(tmp_path / "b"), *stage, "--report", str(remote)]
    assert main([*args, "--engine", "ray"]) == 1  # the "not json" line
    assert _files(tmp_path / "b") == _files(tmp_path / "a")
    assert remote.read_bytes() == local.read_bytes()
    lines = local.read_text().splitlines()
    removed = [r for line in lines for r in json.loads(line).get("repeated", [])]
    assert {r["text"] for r in removed} >= {*SITES["harbour.example"], "Meadow Notes"}
    assert not any(r["text"].startswith("Views:") for r in removed)  # data: kept


def test_ray_counts_merge_with_local_counts(tmp_path: Path, local_ray: Any) -> None:
    """Counts written by Ray are the local engine's, and merge with them: shard 0 counted on Ray
    and shard 1 locally give, read back by Ray, the output of one local run."""
    from cleaner.corpus.ray_engine import clean_corpus_ray

    src = _sites_corpus(tmp_path)
    grouping = Grouping(field="site")
    whole = clean_corpus(str(src), str(tmp_path / "local"), repeated=Settings(), grouping=grouping)
    shard0, shard0_local, shard1 = (tmp_path / name for name in ("c0", "c0-local", "c1"))
    first = clean_corpus_ray(
        str(src), str(tmp_path / "x"), grouping=grouping, shard=(0, 2), counts_out=str(shard0)
    )
    assert first.records == 16 and not (tmp_path / "x").exists()
    for counts, shard in ((shard0_local, (0, 2)), (shard1, (1, 2))):
        clean_corpus(str(src), str(tmp_path / "x"), grouping=grouping, shard=shard,
                     counts_out=str(counts))  # fmt: skip
    assert _counts_rows(shard0) == _counts_rows(shard0_local)
    stats = clean_corpus_ray(
        str(src), str(tmp_path / "ray"), repeated=Settings(), grouping=grouping,
        counts_in=[str(shard0), str(shard1)],
    )  # fmt: skip
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    assert stats.stage.lines_removed == whole.stage.lines_removed > 0


def test_cli_near_duplicates_with_ray_equal_the_local_engine(tmp_path: Path) -> None:
    """--near-duplicates --drop-near-duplicates with --engine ray: the same report, the same
    records left out and the same files as the local engine, in one run and as two shards
    whose counts and signatures are read back by one pass 2."""
    pytest.importorskip("numpy")
    rng = random.Random(7)
    words = [
        "river",
        "stone",
        "quiet",
        "harbour",
        "lantern",
        "meadow",
        "copper",
        "violet",
        "orchard",
        "ferry",
    ]
    stories = [" ".join(rng.choice(words) for _ in range(80)) + "." for _ in range(4)]
    src = tmp_path / "near"
    src.mkdir()
    for f in range(2):
        texts = [stories[2 * f], stories[2 * f + 1], stories[0], stories[1] + " One more line."]
        lines = [json.dumps({"id": f"{f}-{k}", "text": t}) for k, t in enumerate(texts)]
        (src / f"part-{f}.jsonl").write_text("\n".join(lines) + "\n")
    near = ["--near-duplicates", "--drop-near-duplicates", "-q"]
    for engine in ("local", "ray"):
        report = tmp_path / f"{engine}.near.jsonl"
        out = ["--jsonl", str(src), str(tmp_path / engine), *near[:1], str(report), *near[1:]]
        assert main([*out, *(["--engine", "ray"] if engine == "ray" else [])]) == 0
    assert _files(tmp_path / "ray") == _files(tmp_path / "local")
    report = (tmp_path / "ray.near.jsonl").read_text()
    assert report == (tmp_path / "local.near.jsonl").read_text()
    clusters = [json.loads(line) for line in report.splitlines()]
    assert sorted(len(c["ids"]) for c in clusters) == [3, 3]  # stories 0 and 1, three times
    assert len(_texts(tmp_path / "ray")) == 8 - 4  # two of each cluster of three left out
    # Two shards on Ray: each writes its counts and signatures; one pass 2 reads both.
    counts = [str(tmp_path / f"c{k}") for k in range(2)]
    for k in range(2):
        args = ["--jsonl", str(src), str(tmp_path / "x"), "--shard", f"{k}/2", "--engine", "ray"]
        near_pass_1 = ["--near-duplicates", str(tmp_path / "unused.jsonl")]
        assert main([*args, *near_pass_1, "--count-only", counts[k], "-q"]) == 0
    args = ["--jsonl", str(src), str(tmp_path / "sharded"), "--engine", "ray", *near[:1]]
    reading = [arg for c in counts for arg in ("--counts", c)]
    assert main([*args, str(tmp_path / "s.jsonl"), *near[1:], *reading]) == 0
    assert (tmp_path / "s.jsonl").read_text() == report
    assert _files(tmp_path / "sharded") == _files(tmp_path / "local")


def _texts(folder: Path) -> list[str]:
    """The text of every record under ``folder``."""
    return [
        json.loads(line)["text"]
        for path in sorted(folder.rglob("*.jsonl"))
        for line in path.read_text().splitlines()
    ]
