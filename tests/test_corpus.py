"""Corpus mode: compressed JSONL in and out, fields, folders and globs, bad records, the final
newline, ordered parallel runs, statistics, markers and shards (cleaner.corpus and the CLI)."""

from __future__ import annotations

import bz2
import gzip
import io
import json
import lzma
import pickle
import sys
from pathlib import Path
from typing import Any

import pytest

import cleaner
from cleaner.cli import main
from cleaner.corpus import BatchCleaner, Counters, RecordCleaner, clean_corpus, clean_text, removals
from cleaner.corpus import io as cio
from cleaner.errors import ConfigError

MESSY = "Title\r\n\r\nThe world\u00e2\u20ac\u2122s news &amp; rsquo;s.\r\n\r\nLeave a Comment"
CLEAN = "Title\n\nThe world\u2019s news \u2019s."
BODY = "The council met on Tuesday to vote on the new budget for the town and its schools. " * 3


def _records(n: int = 40) -> list[dict[str, Any]]:
    """Records of every kind: messy, clean, null, with odd fields, some long."""
    out: list[dict[str, Any]] = []
    for i in range(n):
        kind = i % 5
        if kind == 0:
            out.append({"id": i, "text": MESSY, "meta": {"url": f"u{i}", "score": 1.5}})
        elif kind == 1:
            out.append({"id": i, "text": f"Clean line {i}."})
        elif kind == 2:
            out.append({"id": i, "text": None})
        elif kind == 3:
            out.append({"id": i, "text": f"{BODY}\n\n- Anzeige -\n\n{BODY}\n", "x": [1, 2]})
        else:
            out.append({"id": i, "text": "caf\u00e9 \u2028 line  \u00a0end\n"})
    return out


def _jsonl(records: list[dict[str, Any]], extra: list[str] = ()) -> bytes:  # type: ignore[assignment]
    lines = [json.dumps(r, ensure_ascii=i % 2 == 0) for i, r in enumerate(records)]
    return ("\n".join([*lines, *extra]) + "\n").encode("utf-8")


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    opener = {".gz": gzip.compress, ".bz2": bz2.compress, ".xz": lzma.compress}
    suffix = path.suffix
    if suffix == ".zst":
        import zstandard

        data = zstandard.ZstdCompressor().compress(data)
    elif suffix in opener:
        data = opener[suffix](data)
    path.write_bytes(data)
    return path


def _read(path: Path) -> bytes:
    with cio.open_read(str(path)) as f:
        return f.read()


def _lines(path: Path) -> list[Any]:
    return [json.loads(line) for line in _read(path).splitlines()]


@pytest.mark.parametrize("suffix", ["", ".gz", ".bz2", ".xz", ".zst"])
def test_compression_from_the_suffix(tmp_path: Path, suffix: str) -> None:
    """Each compression is read and written by its suffix; the records come out cleaned."""
    src = _write(tmp_path / f"in.jsonl{suffix}", _jsonl(_records(10)))
    out = tmp_path / f"out.jsonl{suffix}"
    assert main([str(src), str(out), "-q"]) == 0
    got = _lines(out)
    assert len(got) == 10 and got[0]["text"] == CLEAN and got[2]["text"] is None
    if suffix:
        assert out.read_bytes() != _read(out)  # really compressed


def test_gzip_output_is_reproducible(tmp_path: Path) -> None:
    """A .gz output has no time or name in its header: two runs give the same bytes."""
    src = _write(tmp_path / "in.jsonl", _jsonl(_records(10)))
    assert main([str(src), str(tmp_path / "a.jsonl.gz"), "-q"]) == 0
    assert main([str(src), str(tmp_path / "b.jsonl.gz"), "-q"]) == 0
    assert (tmp_path / "a.jsonl.gz").read_bytes() == (tmp_path / "b.jsonl.gz").read_bytes()


def test_unchanged_records_are_written_back_byte_for_byte(tmp_path: Path) -> None:
    """A record whose text cleaning leaves alone keeps its exact bytes; others keep their fields."""
    lines = [
        '{"text":"Already clean.",  "n": 1.0e5, "s": "\\u00e9"}',
        '{"meta": {"a": [1, 2.50]}, "text": "a  b", "z": null}',
    ]
    src = _write(tmp_path / "in.jsonl", ("\n".join(lines) + "\n").encode())
    out = tmp_path / "out.jsonl"
    assert main([str(src), str(out), "-q", "--preset", "minimal"]) == 0
    got = out.read_bytes().decode().splitlines()
    assert got[0] == lines[0]
    assert json.loads(got[1]) == {"meta": {"a": [1, 2.5]}, "text": "a b", "z": None}
    assert list(json.loads(got[1])) == ["meta", "text", "z"]


def test_a_bom_is_dropped(tmp_path: Path) -> None:
    """A UTF-8 BOM before the first record is dropped, as it is from a text file."""
    src = _write(tmp_path / "in.jsonl", b'\xef\xbb\xbf{"text": "ok"}\n')
    assert main([str(src), str(tmp_path / "out.jsonl"), "-q"]) == 0
    assert (tmp_path / "out.jsonl").read_bytes() == b'{"text": "ok"}\n'


def test_text_field(tmp_path: Path) -> None:
    """--text-field names the field to clean; a record without it is kept and counted."""
    src = _write(tmp_path / "in.jsonl.gz", _jsonl([{"content": MESSY, "text": "a  b"}, {"x": 1}]))
    out = tmp_path / "out.jsonl"
    assert main([str(src), str(out), "-q", "--text-field", "content"]) == 1
    got = _lines(out)
    assert got == [{"content": CLEAN, "text": "a  b"}, {"x": 1}]


@pytest.mark.parametrize(
    ("on_error", "status", "count"), [("keep", 1, 6), ("skip", 1, 3), ("fail", 1, None)]
)
def test_on_error(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    on_error: str,
    status: int,
    count: int | None,
) -> None:
    """keep writes a bad record back unchanged, skip leaves it out, fail stops with no output;
    each is named with its line number and id."""
    bad = ['{"id": 7, "text": 3}', "\x00 garbage \xff", '["a list"]']
    data = _jsonl([{"id": 1, "text": "a"}, {"id": 2, "text": "b"}, {"id": 3, "text": None}], bad)
    src = _write(tmp_path / "in.jsonl", data.replace("\xff".encode(), b"\xff"))
    out = tmp_path / "out.jsonl"
    args = [str(src), str(out), "-q", "--on-error", on_error, "--id-field", "id"]
    assert main(args) == status
    err = capsys.readouterr().err
    assert "in.jsonl:4 (id 7): 'text' is a int, not a string" in err
    if count is None:
        assert "stopped (--on-error fail)" in err and not out.exists()
        assert sorted(p.name for p in tmp_path.iterdir()) == ["in.jsonl"]
        return
    assert len(out.read_bytes().splitlines()) == count
    assert "in.jsonl:5: not JSON" in err and "in.jsonl:6: a JSON list, not an object" in err
    if on_error == "keep":
        assert out.read_bytes().splitlines()[3:] == src.read_bytes().splitlines()[3:]


def test_byte_garbage_gzip_as_text_is_kept(tmp_path: Path) -> None:
    """A record count never changes silently: undecodable lines come back as they were."""
    raw = b'{"text": "ok"}\n\xff\xfe\x00\x01\n{"text": "ok  2"}\n'
    src = _write(tmp_path / "in.jsonl.zst", raw)
    out = tmp_path / "out.jsonl.zst"
    assert main([str(src), str(out), "-q"]) == 1
    assert _read(out) == b'{"text": "ok"}\n\xff\xfe\x00\x01\n{"text": "ok 2"}\n'


def test_final_newline_and_none() -> None:
    """A record's text keeps its final newline as it was, unless asked; None passes through."""
    p = cleaner.Pipeline.from_preset("default")
    assert clean_text(p, "A  story.") == "A story."
    assert clean_text(p, "A story.\n") == "A story.\n"
    assert clean_text(p, "A story.", "always") == "A story.\n"
    assert clean_text(p, "A story.\n", "never") == "A story."
    assert clean_text(p, None) is None
    text = "Unchanged text."
    assert clean_text(p, text) is text
    with pytest.raises(ConfigError, match="valid: input, always, never"):
        RecordCleaner(p, final_newline="sometimes")


def test_cli_final_newline(tmp_path: Path) -> None:
    """--final-newline always gives every cleaned record a final newline, as a file gets."""
    src = _write(tmp_path / "in.jsonl", _jsonl([{"text": "a  b"}, {"text": "c\n"}]))
    out = tmp_path / "out.jsonl"
    assert main([str(src), str(out), "-q", "--final-newline", "always"]) == 0
    assert [r["text"] for r in _lines(out)] == ["a b\n", "c\n"]


def test_folder_and_glob_are_mirrored(tmp_path: Path) -> None:
    """A folder of JSONL files (any compression, recursively) is mirrored under OUT; a glob too,
    relative to the folder before its first wildcard; other files are ignored."""
    src = tmp_path / "in"
    _write(src / "a.jsonl.gz", _jsonl(_records(5)))
    _write(src / "sub" / "b.jsonl.zst", _jsonl(_records(7)))
    _write(src / "sub" / "c.jsonl", b"")
    _write(src / "notes.txt", b"not a record file")
    out = tmp_path / "out"
    assert main(["--jsonl", str(src), str(out), "-q"]) == 0
    assert len(_lines(out / "a.jsonl.gz")) == 5 and len(_lines(out / "sub" / "b.jsonl.zst")) == 7
    assert (out / "sub" / "c.jsonl").read_bytes() == b""
    assert not (out / "notes.txt").exists()
    assert main([f"{src}/sub/*.jsonl*", str(tmp_path / "g"), "-q"]) == 0
    assert sorted(p.name for p in (tmp_path / "g").iterdir() if not p.name.startswith(".")) == [
        "b.jsonl.zst",
        "c.jsonl",
    ]
    assert main(["--jsonl", str(src), str(src / "out")]) == 2


@pytest.mark.parametrize("jobs", [1, 2, 3])
def test_same_bytes_for_every_jobs_and_chunk_size(tmp_path: Path, jobs: int) -> None:
    """The output is byte-identical for every number of processes and every chunk size."""
    src = _write(tmp_path / "in.jsonl", _jsonl(_records(60), ["bad line"]))
    reference = tmp_path / "ref.jsonl.zst"
    clean_corpus(str(src), str(reference), chunk_bytes=1 << 20)
    for chunk in (1, 97, 5000):
        out = tmp_path / f"out-{chunk}.jsonl.zst"
        stats = clean_corpus(str(src), str(out), jobs=jobs, chunk_bytes=chunk)
        assert out.read_bytes() == reference.read_bytes()
        assert (stats.records, stats.bad, stats.null) == (61, 1, 12)


def test_folder_jobs_give_the_same_files(tmp_path: Path) -> None:
    """-j 2 on a folder of many small JSONL files writes the same files as -j 1."""
    src = tmp_path / "in"
    for i in range(12):
        _write(src / f"part-{i:02d}.jsonl.gz", _jsonl(_records(i + 1)))
    assert main(["--jsonl", str(src), str(tmp_path / "a"), "-q"]) == 0
    assert main(["--jsonl", str(src), str(tmp_path / "b"), "-q", "-j", "2"]) == 0
    for path in (tmp_path / "a").glob("*.jsonl.gz"):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_stdin_to_stdout(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """--jsonl - - streams records from stdin to stdout."""
    data = _jsonl([{"text": "a  b"}, {"text": None}])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    assert main(["--jsonl", "-", "-", "-q"]) == 0
    assert capsysbinary.readouterr().out == b'{"text": "a b"}\n{"text": null}\n'


def test_compressed_stdin(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Compressed records on stdin are recognised by their first bytes."""
    data = gzip.compress(_jsonl([{"text": "a  b"}]))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    assert main(["--jsonl", "-", "-", "-q"]) == 0
    assert capsysbinary.readouterr().out == b'{"text": "a b"}\n'


def test_remote_path_without_its_package(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A remote path whose filesystem is not installed is a usage error naming the protocol."""
    pytest.importorskip("fsspec")
    assert main(["--jsonl", "nosuchprotocol://bucket/in", str(tmp_path / "out")]) == 2
    assert "nosuchprotocol" in capsys.readouterr().err


def test_stats_file_and_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--stats writes per-filter and per-rule counts, the versions and the pipeline; the summary
    goes to stderr."""
    src = _write(tmp_path / "in.jsonl", _jsonl(_records(10)))
    stats_file = tmp_path / "stats.json"
    assert main([str(src), str(tmp_path / "o.jsonl"), "--stats", str(stats_file), "-j", "2"]) == 0
    stats = json.loads(stats_file.read_text("utf-8"))
    assert stats["records"] == 10 and stats["null"] == 2 and stats["changed"] == 6
    assert stats["filters"]["entities"]["documents_changed"] == 2
    assert stats["filters"]["whitespace"]["characters_removed"] > 0
    assert set(stats["filters"]["mojibake"]) == {
        "documents_changed",
        "characters_removed",
        "seconds",
    }
    assert stats["rules"]["boilerplate.advertisement"] == {"lines": 2, "characters": 24}
    assert {"cleaner", "ftfy", "regex", "stop-words", "wordfreq"} <= set(stats["versions"])
    assert stats["pipeline"]["filters"][0] == "mojibake"
    err = capsys.readouterr().err
    assert "10 records in 1 files" in err and "boilerplate.advertisement" in err


def test_counters_give_the_pipeline_output() -> None:
    """Counting, with or without rules, never changes what the pipeline returns."""
    p = cleaner.Pipeline.from_preset("default")
    for record in _records(10):
        text = record["text"] or ""
        assert Counters(p)(text) == p(text) == Counters(p, rules=True)(text)
        assert removals(p, text).text == p(text)


def test_resume_skips_complete_outputs(tmp_path: Path) -> None:
    """A rerun skips outputs whose marker matches; --force, a changed input or a changed
    pipeline redoes them."""
    src = tmp_path / "in"
    _write(src / "a.jsonl", _jsonl([{"text": "a  b"}]))
    _write(src / "b.jsonl", _jsonl([{"text": "c  d"}]))
    out = tmp_path / "out"
    first = clean_corpus(str(src), str(out))
    assert (first.files, first.files_skipped) == (2, 0)
    assert (out / ".a.jsonl.done").exists()
    again = clean_corpus(str(src), str(out))
    assert (again.files, again.files_skipped) == (0, 2)
    assert clean_corpus(str(src), str(out), force=True).files == 2
    _write(src / "b.jsonl", _jsonl([{"text": "e  f"}, {"text": "g"}]))
    changed = clean_corpus(str(src), str(out))
    assert (changed.files, changed.files_skipped) == (1, 1)
    assert len(_lines(out / "b.jsonl")) == 2
    other = clean_corpus(str(src), str(out), cleaner.Pipeline.from_preset("minimal"))
    assert other.files == 2
    (out / "a.jsonl").unlink()
    assert clean_corpus(str(src), str(out), cleaner.Pipeline.from_preset("minimal")).files == 1


def test_shards_split_files_and_records(tmp_path: Path) -> None:
    """--shard i/N takes every N-th file of a folder, or every N-th record of one file; the
    shards together are the whole input."""
    src = tmp_path / "in"
    for i in range(5):
        _write(src / f"{i}.jsonl", _jsonl([{"text": f"file {i}"}]))
    out = tmp_path / "out"
    for i in range(2):
        assert main(["--jsonl", str(src), str(out), "-q", "--shard", f"{i}/2"]) == 0
        names = sorted(p.name for p in out.glob("*.jsonl"))
        assert names == (
            ["0.jsonl", "2.jsonl", "4.jsonl"] if i == 0 else [f"{n}.jsonl" for n in range(5)]
        )
    one = _write(tmp_path / "big.jsonl.gz", _jsonl([{"n": n, "text": f"r {n}"} for n in range(10)]))
    got = []
    for i in range(3):
        assert (
            main([str(one), str(tmp_path / "s" / "big.jsonl.gz"), "-q", "--shard", f"{i}/3"]) == 0
        )
        got += _lines(tmp_path / "s" / f"big.{i:05d}-of-00003.jsonl.gz")
    assert sorted(r["n"] for r in got) == list(range(10))
    assert main([str(one), str(tmp_path / "x.jsonl"), "--shard", "3/3"]) == 2


def test_batch_cleaner_for_dict_and_frame_batches() -> None:
    """BatchCleaner cleans lists, NumPy arrays and pandas frames; None passes; it pickles with
    cleaner's version."""
    bc = BatchCleaner(text_field="content")
    batch = {"content": [MESSY, None, "ok"], "id": [1, 2, 3]}
    assert bc(batch) == {"content": [CLEAN, None, "ok"], "id": [1, 2, 3]}
    numpy = pytest.importorskip("numpy")
    arrays = {"content": numpy.array([MESSY, None, "ok"], dtype=object)}
    assert list(bc(arrays)["content"]) == [CLEAN, None, "ok"]
    data = pickle.dumps(bc)
    assert cleaner.__version__.encode() in data
    assert pickle.loads(data)(batch) == bc(batch)


def test_remote_paths_through_fsspec(tmp_path: Path) -> None:
    """memory:// and file:// paths are read and written through fsspec, with markers."""
    fsspec = pytest.importorskip("fsspec")
    fs = fsspec.filesystem("memory")
    fs.pipe("/corpus/in/a.jsonl.gz", gzip.compress(_jsonl(_records(5))))
    fs.pipe("/corpus/in/sub/b.jsonl", _jsonl(_records(3)))
    stats = clean_corpus("memory://corpus/in", "memory://corpus/out", jobs=2)
    assert stats.files == 2 and not stats.failures
    got = gzip.decompress(fs.cat("/corpus/out/a.jsonl.gz")).decode().splitlines()
    assert json.loads(got[0])["text"] == CLEAN and len(got) == 5
    assert len(fs.cat("/corpus/out/sub/b.jsonl").splitlines()) == 3
    assert clean_corpus("memory://corpus/in", "memory://corpus/out").files_skipped == 2
    local = _write(tmp_path / "in.jsonl.xz", _jsonl(_records(4)))
    assert main([f"file://{local}", f"file://{tmp_path}/out.jsonl.zst", "-q"]) == 0
    assert len(_lines(tmp_path / "out.jsonl.zst")) == 4


def _build_once(path: str) -> Any:
    """A worker state that logs each build (module level, so it pickles)."""
    import os

    with open(path, "a", encoding="utf-8") as f:
        f.write(f"{os.getpid()}\n")
    return os.getpid()


def _pid(state: int, task: int) -> tuple[int, int]:
    return state, task


def test_pool_builds_once_per_process_and_keeps_order(tmp_path: Path) -> None:
    """Each worker builds its state once, however many tasks; results come back in task order,
    with passed-through items in their place."""
    import functools

    from cleaner.corpus.run import Passed, Pool

    log = tmp_path / "builds.log"
    with Pool(functools.partial(_build_once, str(log)), jobs=2) as pool:
        items: list[Any] = [Passed("start"), *range(50), Passed("end")]
        got = list(pool.ordered(_pid, items))
    assert got[0] == Passed("start") and got[-1] == Passed("end")
    assert [task for _, task in got[1:-1]] == list(range(50))
    builds = log.read_text("utf-8").split()
    assert len(builds) == 2 and {pid for pid, _ in got[1:-1]} <= {int(b) for b in builds}


def test_text_folder_stats_and_shards(tmp_path: Path) -> None:
    """Folders of .txt files get -j, --shard and --stats too."""
    src = tmp_path / "in"
    for i in range(4):
        _write(src / f"{i}.txt", f"Body {i}.\n\n- Anzeige -\n".encode())
    out = tmp_path / "out"
    stats_file = tmp_path / "s.json"
    args = [str(src), str(out), "-q", "-j", "2", "--shard", "1/2", "--stats", str(stats_file)]
    assert main(args) == 0
    assert sorted(p.name for p in out.iterdir()) == ["1.txt", "3.txt"]
    stats = json.loads(stats_file.read_text("utf-8"))
    assert stats["files"] == 2 and stats["rules"]["boilerplate.advertisement"]["lines"] == 2


def test_parquet_in_and_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A .parquet file keeps its schema and other columns; its text column is cleaned, None
    passes, and the bytes are the same for -j 1 and -j 2; a shard takes every N-th row."""
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    monkeypatch.setattr("cleaner.corpus.parquet.ROWS", 64)  # many batches from a small file
    texts = [MESSY, None, "Fine.", "a  b"] * 100
    table = pa.table({"id": list(range(len(texts))), "content": texts})
    src = tmp_path / "in" / "a.parquet"
    src.parent.mkdir()
    pq.write_table(table, src)
    one = tmp_path / "one"
    two = tmp_path / "two"
    assert main(["--jsonl", str(src.parent), str(one), "-q", "--text-field", "content"]) == 0
    assert (
        main(["--jsonl", str(src.parent), str(two), "-q", "--text-field", "content", "-j", "2"])
        == 0
    )
    assert (one / "a.parquet").read_bytes() == (two / "a.parquet").read_bytes()
    got = pq.read_table(one / "a.parquet")
    assert got.schema == table.schema and got.column("id").to_pylist() == list(range(len(texts)))
    assert got.column("content").to_pylist()[:4] == [CLEAN, None, "Fine.", "a b"]
    assert main([str(src), str(tmp_path / "no.parquet"), "-q"]) == 1  # no "text" column
    assert not (tmp_path / "no.parquet").exists()
    assert (
        main(
            [
                str(src),
                str(tmp_path / "s.parquet"),
                "-q",
                "--text-field",
                "content",
                "--shard",
                "1/4",
            ]
        )
        == 0
    )
    shard = pq.read_table(tmp_path / "s.00001-of-00004.parquet")
    assert shard.column("id").to_pylist() == list(range(1, len(texts), 4))
    assert main([str(src), str(tmp_path / "x.jsonl"), "-q"]) == 2
