"""The command line, run in-process with main([...]) on temporary folders."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from cleaner.cli import main

ROOT = Path(__file__).resolve().parent.parent
MESSY = "Title\r\n\r\nThe world\u00e2\u20ac\u2122s news &amp; rsquo;s.\r\n\r\nLeave a Comment"


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    return root


def test_seeds_folder(tmp_path: Path) -> None:
    """`python -m cleaner seeds OUT` writes one cleaned file per seed, equal to the goldens."""
    out = tmp_path / "out"
    assert main([str(ROOT / "seeds"), str(out), "-q"]) == 0
    written = sorted(p.name for p in out.iterdir())
    assert written == sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    for name in written:
        golden = ROOT / "fixtures" / "pipeline" / "default" / (name[:-4] + ".out.txt")
        assert (out / name).read_bytes() == golden.read_bytes()


def test_recursive_with_relative_paths(tmp_path: Path) -> None:
    """Files in subfolders keep their relative path; non-.txt files are ignored."""
    src = _tree(tmp_path / "in", {"a.txt": MESSY.encode(), "sub/deep/b.txt": b"x\n", "c.md": b"#"})
    assert main([str(src), str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out" / "a.txt").read_text(
        "utf-8"
    ) == "Title\n\nThe world\u2019s news \u2019s.\n"
    assert (tmp_path / "out" / "sub" / "deep" / "b.txt").read_bytes() == b"x\n"
    assert not (tmp_path / "out" / "c.md").exists()


def test_bad_files_fail_alone(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Undecodable and binary files are named on stderr; the rest are cleaned; exit 1."""
    src = _tree(
        tmp_path / "in",
        {"good.txt": b"fine\n", "latin1.txt": b"caf\xe9\n", "bin.txt": b"\x00\x01\x02"},
    )
    out = tmp_path / "out"
    assert main([str(src), str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "latin1.txt: not valid UTF-8 (byte 0xe9 at offset 3)" in err
    assert "--fallback-encoding" in err and "bin.txt: looks like a binary file" in err
    assert sorted(p.name for p in out.iterdir()) == ["good.txt"]


def test_fallback_encoding(tmp_path: Path) -> None:
    """--fallback-encoding decodes files that are not UTF-8."""
    src = _tree(tmp_path / "in", {"latin1.txt": b"caf\xe9\r\n"})
    assert main([str(src), str(tmp_path / "out"), "-q", "--fallback-encoding", "cp1252"]) == 0
    assert (tmp_path / "out" / "latin1.txt").read_text("utf-8") == "caf\u00e9\n"


def test_empty_and_odd_files(tmp_path: Path) -> None:
    """Empty, BOM-only and CR-only files come out empty or tidy, never crash."""
    src = _tree(tmp_path / "in", {"e.txt": b"", "bom.txt": b"\xef\xbb\xbf", "cr.txt": b"a\rb\r"})
    assert main([str(src), str(tmp_path / "out"), "-q"]) == 0
    assert (tmp_path / "out" / "e.txt").read_bytes() == b""
    assert (tmp_path / "out" / "bom.txt").read_bytes() == b""
    assert (tmp_path / "out" / "cr.txt").read_bytes() == b"a\nb\n"


def test_max_bytes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A file over --max-bytes is refused with a message naming the option."""
    src = _tree(tmp_path / "in", {"big.txt": b"word " * 100})
    assert main([str(src), str(tmp_path / "out"), "-q", "--max-bytes", "100"]) == 1
    assert "raise --max-bytes" in capsys.readouterr().err


@pytest.mark.skipif(os.geteuid() == 0, reason="root can write anywhere")
def test_unwritable_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An unwritable OUT is reported per file, with no temporary files left."""
    src = _tree(tmp_path / "in", {"a.txt": b"a\n"})
    out = tmp_path / "out"
    out.mkdir()
    out.chmod(0o500)
    try:
        assert main([str(src), str(out), "-q"]) == 1
        assert "cannot write" in capsys.readouterr().err
        assert list(out.iterdir()) == []
    finally:
        out.chmod(0o700)


def test_output_blocked_by_a_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """When a file stands where an output folder must go, that input fails, others succeed."""
    src = _tree(tmp_path / "in", {"sub/a.txt": b"a\n", "b.txt": b"b\n"})
    out = tmp_path / "out"
    out.mkdir()
    (out / "sub").write_bytes(b"in the way")
    assert main([str(src), str(out), "-q"]) == 1
    assert "sub/a.txt: cannot write" in capsys.readouterr().err
    assert (out / "b.txt").read_bytes() == b"b\n"
    assert sorted(p.name for p in out.iterdir()) == ["b.txt", "sub"]


def test_refuses_out_inside_in(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """OUT equal to IN, inside IN, or containing IN is a usage error and writes nothing."""
    src = _tree(tmp_path / "in", {"a.txt": b"a  \n"})
    assert main([str(src), str(src)]) == 2
    assert main([str(src), str(src / "out")]) == 2
    assert main([str(src), str(tmp_path)]) == 2
    assert "must not be" in capsys.readouterr().err
    assert sorted(p.name for p in src.iterdir()) == ["a.txt"]
    assert (src / "a.txt").read_bytes() == b"a  \n"


def test_usage_errors_write_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A bad preset, filter, option or config is one line naming the choices; exit 2."""
    src = _tree(tmp_path / "in", {"a.txt": b"a\n"})
    out = tmp_path / "out"
    assert main([str(src), str(out), "--preset", "nope"]) == 2
    assert "valid presets: minimal, default, page" in capsys.readouterr().err
    assert main([str(src), str(out), "-O", "bogus=1"]) == 2
    assert "valid options:" in capsys.readouterr().err
    config = tmp_path / "c.toml"
    config.write_text('filters = ["nope"]\n', encoding="utf-8")
    assert main([str(src), str(out), "--config", str(config)]) == 2
    err = capsys.readouterr().err
    assert "valid filters: mojibake" in err and len(err.strip().splitlines()) == 1
    assert main([str(src)]) == 2
    assert not out.exists()


def test_config_and_options(tmp_path: Path) -> None:
    """--config builds the pipeline from TOML; -O sets an option on top."""
    src = _tree(tmp_path / "in", {"a.txt": b"  indented   line\n\n\n\nLeave a Comment\n"})
    config = tmp_path / "c.toml"
    config.write_text('preset = "minimal"\n', encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(src), str(out), "-q", "--config", str(config), "-O", "keep_indent=true"]) == 0
    assert (out / "a.txt").read_text("utf-8") == "  indented line\n\nLeave a Comment\n"


def test_single_file_and_stdio(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """A single file works, into a file or a folder; - reads stdin and writes stdout."""
    src = tmp_path / "a.txt"
    src.write_bytes(MESSY.encode())
    assert main([str(src), str(tmp_path / "b.txt")]) == 0
    assert (tmp_path / "b.txt").read_bytes() == "Title\n\nThe world\u2019s news \u2019s.\n".encode()
    folder = tmp_path / "dir"
    folder.mkdir()
    assert main([str(src), str(folder)]) == 0
    assert (folder / "a.txt").exists()
    assert main([str(src), "-"]) == 0
    assert capsysbinary.readouterr().out == "Title\n\nThe world\u2019s news \u2019s.\n".encode()
    assert main([str(src), str(src)]) == 2


def test_stdin(monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """- as IN reads bytes from stdin."""
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"a&amp;b  \r\n")))
    assert main(["-", "-"]) == 0
    assert capsysbinary.readouterr().out == b"a&b\n"


def test_jsonl(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--jsonl cleans the text field of each record, keeps other fields, keeps and names bad
    lines (--on-error skip leaves them out)."""
    src = tmp_path / "in.jsonl"
    records = [{"id": "1", "text": MESSY, "url": "u"}, {"id": "2", "text": "ok\n"}]
    lines = [json.dumps(r) for r in records] + ["not json", json.dumps({"id": 3})]
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    assert main(["--jsonl", str(src), str(out)]) == 1
    got = out.read_text("utf-8").splitlines()
    assert json.loads(got[0]) == {
        "id": "1",
        "text": "Title\n\nThe world\u2019s news \u2019s.",
        "url": "u",
    }
    assert got[1:] == lines[1:]
    err = capsys.readouterr().err
    assert "in.jsonl:3: not JSON" in err and "in.jsonl:4: no 'text' field" in err
    assert main(["--jsonl", str(src), str(out), "--on-error", "skip", "-q"]) == 1
    assert out.read_text("utf-8").splitlines() == got[:2]


def test_jsonl_streams_into_place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """--jsonl into a file leaves no temporary file, and an interrupted run leaves OUT as it was."""
    src = tmp_path / "in.jsonl"
    src.write_text(json.dumps({"text": "a  b\n"}) + "\n", encoding="utf-8")
    out = tmp_path / "out.jsonl"
    out.write_bytes(b"old\n")
    assert main(["--jsonl", str(src), str(out)]) == 0
    assert out.read_text("utf-8") == json.dumps({"text": "a b\n"}) + "\n"

    def interrupt(text: str) -> str:
        raise KeyboardInterrupt

    monkeypatch.setattr(
        "cleaner.corpus.stats.Counters.__call__", lambda self, text: interrupt(text)
    )
    assert main(["--jsonl", str(src), str(out), "--force"]) == 130
    assert out.read_text("utf-8") == json.dumps({"text": "a b\n"}) + "\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        ".out.jsonl.done",
        "in.jsonl",
        "out.jsonl",
    ]


def test_jobs_gives_the_same_output(tmp_path: Path) -> None:
    """--jobs 2 writes the same files as one process."""
    src = tmp_path / "in"
    shutil.copytree(ROOT / "seeds", src)
    assert main([str(src), str(tmp_path / "a"), "-q"]) == 0
    assert main([str(src), str(tmp_path / "b"), "-q", "--jobs", "2"]) == 0
    for path in (tmp_path / "a").glob("*.txt"):
        assert path.read_bytes() == (tmp_path / "b" / path.name).read_bytes()


def test_list_filters(capsys: pytest.CaptureFixture[str]) -> None:
    """--list-filters prints every filter with its stage, presets and guarantees."""
    assert main(["--list-filters"]) == 0
    out = capsys.readouterr().out
    for name in ("mojibake", "whitespace", "related-links", "glued-headings", "idempotent"):
        assert name in out


def test_no_txt_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """An IN folder with no .txt files says so and exits 0."""
    (tmp_path / "in").mkdir()
    assert main([str(tmp_path / "in"), str(tmp_path / "out")]) == 0
    assert "no .txt files" in capsys.readouterr().err
