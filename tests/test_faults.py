"""Faults and messages of the command line: an exception in one input, files that are not
regular, encodings, bad option values, and the messages of issue 12."""

from __future__ import annotations

import codecs
import contextlib
import gzip
import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from cleaner import cli, io
from cleaner.cli import main
from cleaner.corpus.records import RecordCleaner
from cleaner.corpus.stats import Counters
from cleaner.errors import InputError

ROOT = Path(__file__).resolve().parent.parent
PROSE = "Café &amp; crème, déjà vu.\n"
CLEANED = "Café & crème, déjà vu.\n"


def _env() -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }


def _cli(*args: str, timeout: float = 60, **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
    """The CLI in a new process, for what must not hang the test run if it goes wrong."""
    kwargs.setdefault("stdout", subprocess.PIPE)
    return subprocess.run(
        [sys.executable, "-m", "cleaner", *args],
        env=_env(),
        stderr=subprocess.PIPE,
        timeout=timeout,
        check=False,
        **kwargs,
    )


def _boom_on(marker: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make cleaning raise an unexpected error on every text that holds ``marker``."""
    original = Counters.__call__

    def call(self: Counters, text: str) -> str:
        if marker in text:
            raise RuntimeError(f"boom on {marker}")
        return original(self, text)

    monkeypatch.setattr(Counters, "__call__", call)


# -- an unexpected exception fails its input alone ---------------------------------------------


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_exception_in_one_file_fails_that_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    """An exception that is not cleaner's while cleaning one file: that file is named on stderr
    with the reason, exit 1, and the other files are cleaned (with workers too)."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(PROSE, encoding="utf-8")
    (src / "b.txt").write_text("TRIGGER " + PROSE, encoding="utf-8")
    (src / "c.txt").write_text(PROSE, encoding="utf-8")
    _boom_on("TRIGGER", monkeypatch)
    out = tmp_path / "out"
    assert main([str(src), str(out), "-q", "-j", jobs]) == 1
    err = capsys.readouterr().err
    assert f"{src / 'b.txt'}: cleaning failed (RuntimeError: boom on TRIGGER)" in err
    assert sorted(p.name for p in out.iterdir()) == ["a.txt", "c.txt"]
    assert (out / "c.txt").read_text("utf-8") == CLEANED


def test_a_worker_that_dies_stops_the_run_clearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A worker process that dies (as when the system kills it for memory) stops the run with
    one line saying so, exit 1, not a traceback."""
    src = tmp_path / "in"
    src.mkdir()
    for k in range(4):
        (src / f"{k}.txt").write_text(PROSE, encoding="utf-8")
    (src / "9.txt").write_text("DIE " + PROSE, encoding="utf-8")
    original = Counters.__call__

    def call(self: Counters, text: str) -> str:
        if "DIE" in text:
            os._exit(9)
        return original(self, text)

    monkeypatch.setattr(Counters, "__call__", call)
    assert main([str(src), str(tmp_path / "out"), "-q", "-j", "2"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("cleaner: a worker process died") and len(err.splitlines()) == 1
    out = tmp_path / "out"
    assert not out.exists() or not list(out.glob(".*.tmp"))


def _records(path: Path, texts: list[str]) -> None:
    lines = [json.dumps({"id": k, "text": t}, ensure_ascii=False) for k, t in enumerate(texts)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("on_error", "status", "kept"),
    [("keep", 1, [CLEANED, "TRIGGER " + PROSE, CLEANED]), ("skip", 1, [CLEANED, CLEANED])],
)
def test_exception_in_one_record_fails_that_record(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    on_error: str,
    status: int,
    kept: list[str],
) -> None:
    """In a JSONL corpus an exception while cleaning one record makes it a record cleaner cannot
    use: named with its line, id and reason, kept unchanged or left out as --on-error says, and
    the run goes on; exit 1."""
    src = tmp_path / "in.jsonl"
    _records(src, [PROSE, "TRIGGER " + PROSE, PROSE])
    _boom_on("TRIGGER", monkeypatch)
    out = tmp_path / "out.jsonl"
    args = ["--jsonl", str(src), str(out), "-q", "--id-field", "id", "--on-error", on_error]
    assert main(args) == status
    err = capsys.readouterr().err
    assert "in.jsonl:2 (id 1): cleaning failed (RuntimeError: boom on TRIGGER)" in err
    got = [json.loads(line)["text"] for line in out.read_text("utf-8").splitlines()]
    assert got == kept


def test_exception_with_on_error_fail_stops(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--on-error fail stops at the record whose cleaning raised, and writes no output."""
    src = tmp_path / "in.jsonl"
    _records(src, [PROSE, "TRIGGER " + PROSE])
    _boom_on("TRIGGER", monkeypatch)
    out = tmp_path / "out.jsonl"
    assert main(["--jsonl", str(src), str(out), "-q", "--on-error", "fail"]) == 1
    assert "in.jsonl:2: cleaning failed (RuntimeError" in capsys.readouterr().err
    assert not out.exists()


@pytest.mark.parametrize("chunk_bytes", ["64", "1048576"])
def test_a_broken_file_in_a_corpus_fails_alone(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    chunk_bytes: str,
) -> None:
    """In a folder of JSONL files, a truncated .gz and a file whose chunk cleaning raises fail
    alone, named; the good file is written; no temporary file is left (files read in chunks by
    the parent, and files cleaned whole in a worker)."""
    src = tmp_path / "in"
    src.mkdir()
    _records(src / "good.jsonl", [PROSE] * 3)
    _records(src / "bad.jsonl", [PROSE] * 3)
    whole = gzip.compress((json.dumps({"text": PROSE}) + "\n").encode() * 50)
    (src / "cut.jsonl.gz").write_bytes(whole[: len(whole) // 2])
    original = RecordCleaner.clean_chunk

    def clean_chunk(self: RecordCleaner, data: bytes, *args: object, **kw: object) -> object:
        if "bad.jsonl" in str(args[1] if len(args) > 1 else kw.get("name")):
            raise ZeroDivisionError("chunk")
        return original(self, data, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(RecordCleaner, "clean_chunk", clean_chunk)
    out = tmp_path / "out"
    assert main(["--chunk-bytes", chunk_bytes, "--jsonl", str(src), str(out), "-q"]) == 1
    err = capsys.readouterr().err
    assert "bad.jsonl" in err and "cleaning failed: ZeroDivisionError: chunk" in err
    assert "cut.jsonl.gz: cannot read: " in err
    names = sorted(p.name for p in out.iterdir())
    assert names == [".good.jsonl.done", "good.jsonl"]
    got = [
        json.loads(line)["text"]
        for line in (out / "good.jsonl").read_text("utf-8").split("\n")[:-1]
    ]
    assert got == [CLEANED.rstrip("\n") + "\n"] * 3


# -- only regular files are read ------------------------------------------------------------


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_device_and_socket_are_skipped(tmp_path: Path) -> None:
    """A FIFO, a socket and a .txt link to /dev/zero in the input folder are skipped with a
    notice (they are not documents: exit 0); the regular file is cleaned. Before, the FIFO hung
    the run and /dev/zero was read until memory ran out."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(PROSE, encoding="utf-8")
    os.mkfifo(src / "fifo.txt")
    (src / "zero.txt").symlink_to("/dev/zero")
    with contextlib.ExitStack() as stack:
        if len(str(src / "sock.txt")) < 100:  # AF_UNIX paths are short
            sock = stack.enter_context(socket.socket(socket.AF_UNIX))
            sock.bind(str(src / "sock.txt"))
        done = _cli(str(src), str(tmp_path / "out"))
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert "fifo.txt: a FIFO, not a regular file; skipped" in err
    assert "zero.txt: a character device, not a regular file; skipped" in err
    if (src / "sock.txt").exists():
        assert "sock.txt: a socket, not a regular file; skipped" in err
    assert "not regular files (FIFOs, devices, sockets) skipped" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["a.txt"]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_in_a_jsonl_folder_is_skipped(tmp_path: Path) -> None:
    """A FIFO named *.jsonl in a JSONL folder is skipped with a notice; the other file is
    cleaned (before, opening it blocked the run forever)."""
    src = tmp_path / "in"
    src.mkdir()
    _records(src / "a.jsonl", [PROSE])
    os.mkfifo(src / "fifo.jsonl")
    done = _cli("--jsonl", str(src), str(tmp_path / "out"))
    err = done.stderr.decode()
    assert done.returncode == 0, err
    assert "fifo.jsonl: a FIFO, not a regular file; skipped" in err
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [".a.jsonl.done", "a.jsonl"]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_max_bytes_is_checked_on_the_bytes_read(tmp_path: Path) -> None:
    """A file named on the command line that never ends (a link to /dev/zero, whose size says
    0) is refused once --max-bytes is passed, having read no more than that."""
    link = tmp_path / "zero.txt"
    link.symlink_to("/dev/zero")
    done = _cli(str(link), str(tmp_path / "out.txt"), "--max-bytes", "100000", timeout=60)
    assert done.returncode == 1
    assert "zero.txt: it is over the limit of 100000; raise --max-bytes" in done.stderr.decode()
    assert not (tmp_path / "out.txt").exists()


def test_read_text_reads_at_most_max_bytes_plus_one(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """read_text never asks for more than max_bytes + 1 bytes, whatever the file's size."""
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 50_000)
    asked = []
    original = io._read_at_most

    def spy(f: object, limit: int) -> bytes:
        asked.append(limit)
        return original(f, limit)  # type: ignore[arg-type]

    monkeypatch.setattr(io, "_read_at_most", spy)
    with pytest.raises(InputError, match="50000 bytes is over the limit of 1000"):
        io.read_text(path, max_bytes=1000)
    assert asked == [1001]


def test_stdin_over_max_bytes(tmp_path: Path) -> None:
    """stdin is held to --max-bytes too."""
    done = _cli("-", "-", "--max-bytes", "10", input=b"x" * 100)
    assert done.returncode == 1
    assert "stdin: over the limit of 10 bytes; raise --max-bytes" in done.stderr.decode()


# -- encodings ------------------------------------------------------------------------------


ENCODED = {
    "u16le.txt": codecs.BOM_UTF16_LE + PROSE.encode("utf-16-le"),
    "u16be.txt": codecs.BOM_UTF16_BE + PROSE.encode("utf-16-be"),
    "u32le.txt": codecs.BOM_UTF32_LE + PROSE.encode("utf-32-le"),
    "u32be.txt": codecs.BOM_UTF32_BE + PROSE.encode("utf-32-be"),
    "u8.txt": PROSE.encode("utf-8"),
}


def test_utf16_and_utf32_with_a_bom(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """UTF-16 and UTF-32 files with a byte order mark are decoded (they were refused as
    binary), written as UTF-8, and counted by encoding in the summary and the --stats file."""
    src = tmp_path / "in"
    src.mkdir()
    for name, data in ENCODED.items():
        (src / name).write_bytes(data)
    out, stats = tmp_path / "out", tmp_path / "stats.json"
    assert main([str(src), str(out), "--stats", str(stats)]) == 0
    for name in ENCODED:
        assert (out / name).read_text("utf-8") == CLEANED
    assert "not UTF-8: 2 utf-16 (BOM), 2 utf-32 (BOM)" in capsys.readouterr().err
    report = json.loads(stats.read_text("utf-8"))
    assert report["encodings"] == {"utf-16 (BOM)": 2, "utf-32 (BOM)": 2}


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-32-be"])
def test_fallback_utf16_reads_files_without_a_bom(tmp_path: Path, encoding: str) -> None:
    """--fallback-encoding utf-16 (or utf-32) reads a file with no BOM, whose NUL bytes would
    otherwise make it binary; with a BOM, the BOM decides."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "plain.txt").write_bytes(PROSE.encode("utf-16-le" if "16" in encoding else "utf-32-be"))
    (src / "bom.txt").write_bytes(ENCODED["u16be.txt"])
    assert main([str(src), str(tmp_path / "out"), "-q", "--fallback-encoding", encoding]) == 0
    assert (tmp_path / "out" / "plain.txt").read_text("utf-8") == CLEANED
    assert (tmp_path / "out" / "bom.txt").read_text("utf-8") == CLEANED


def test_utf16_without_a_bom_or_fallback_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """With neither a BOM nor a fallback, UTF-16 is not guessed: NUL bytes say binary."""
    path = tmp_path / "a.txt"
    path.write_bytes(PROSE.encode("utf-16-le"))
    assert main([str(path), str(tmp_path / "b.txt")]) == 1
    assert "looks like a binary file" in capsys.readouterr().err


def test_a_bom_that_lies_is_refused_clearly() -> None:
    """A UTF-16 BOM before bytes that are not UTF-16 is one clear error."""
    with pytest.raises(InputError, match="starts with a UTF-16 byte order mark but is not UTF-16"):
        io.decode_text(codecs.BOM_UTF16_LE + b"abc", name="x.txt")


RUSSIAN = (
    "Привет, как дела? Это русский текст для проверки кодировки.\n"
    "Мы пишем несколько предложений подряд, чтобы язык был ясен.\n"
    "Вчера шёл дождь, а сегодня светит солнце над городом.\n"
)
FRENCH = (
    "Le café est très bon, déjà vu à l'hôtel.\nNous avons mangé une crème brûlée délicieuse.\n"
    "Où est la fenêtre? Ça dépend de l'été.\n"
)


def _has_charset_normalizer() -> bool:
    try:
        import charset_normalizer  # noqa: F401
    except ImportError:
        return False
    return True


@pytest.mark.skipif(not _has_charset_normalizer(), reason="needs cleaner[detect]")
def test_detection_used_only_when_confident(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without a fallback, a cp1251 Russian text is decoded by charset-normalizer's confident
    guess, and the report says so; a cp1252 French text, which cp1250 and cp1257 read almost as
    well with other letters, is refused rather than guessed; --no-detect-encoding refuses both."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "ru.txt").write_bytes(RUSSIAN.encode("cp1251"))
    (src / "ru-utf8.txt").write_bytes(RUSSIAN.encode("utf-8"))
    (src / "fr.txt").write_bytes(FRENCH.encode("cp1252"))
    out = tmp_path / "out"
    assert main([str(src), str(out)]) == 1
    err = capsys.readouterr().err
    assert (out / "ru.txt").read_bytes() == (out / "ru-utf8.txt").read_bytes()
    assert "fr.txt: not valid UTF-8 (byte 0xe9 at offset 6)" in err
    assert "could not be told with confidence" in err
    assert "not UTF-8: 1 cp1251 (detected)" in err
    assert not (out / "fr.txt").exists()
    assert main([str(src), str(tmp_path / "strict"), "-q", "--no-detect-encoding"]) == 1
    assert sorted(p.name for p in (tmp_path / "strict").iterdir()) == ["ru-utf8.txt"]


def test_without_charset_normalizer_nothing_is_guessed(monkeypatch: pytest.MonkeyPatch) -> None:
    """When charset-normalizer is not installed, a file that is not UTF-8 is refused as before."""
    monkeypatch.setitem(sys.modules, "charset_normalizer", None)
    assert io.detect(RUSSIAN.encode("cp1251")) is None
    with pytest.raises(InputError, match="not valid UTF-8"):
        io.decode_text(RUSSIAN.encode("cp1251"))


# -- bad option values: one line, exit 2, nothing written ---------------------------------------


@pytest.mark.parametrize(
    ("args", "says"),
    [
        # main-content runs in the page preset only.
        (["--preset", "page", "-O", "min_region_score=abc"], "'min_region_score' must be int or"),
        (["-O", "min_region_score=1"], "unknown option 'min_region_score' for filters mojibake"),
        (["-O", "keep_indent=maybe"], "option 'keep_indent' must be bool, not 'maybe'"),
        (["-O", "title_window=-5"], "option 'title_window' must be at least 1, not -5"),
        (["-O", "max_related_titles=-1"], "option 'max_related_titles' must be at least 0"),
        (["--preset", "page", "-O", "region_share=5"], "'region_share' must be at most 1, not 5"),
        (["--fallback-encoding", "bogus-enc"], "'bogus-enc' is not a text encoding Python knows"),
        (["--fallback-encoding", "base64"], "'base64' is not a text encoding Python knows"),
    ],
)
@pytest.mark.parametrize("mode", ["folder", "file", "jsonl"])
def test_bad_option_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], says: str, mode: str
) -> None:
    """Every bad option value of issue 12 is one line of ConfigError, exit 2, and nothing is
    written, in folder, file and JSONL mode."""
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(PROSE, encoding="utf-8")
    _records(src / "a.jsonl", [PROSE])
    out = tmp_path / "out"
    where = {"folder": [str(src), str(out)], "file": [str(src / "a.txt"), str(out)]}.get(
        mode, ["--jsonl", str(src / "a.jsonl"), str(out)]
    )
    assert main([*args, *where]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cleaner: error: ") and says in err
    assert len(err.strip().splitlines()) == 1
    assert not out.exists()


# -- messages -------------------------------------------------------------------------------


def test_preset_help_names_the_real_default(capsys: pytest.CaptureFixture[str]) -> None:
    """--preset's help names the preset used without one, and that preset is the one used."""
    assert main(["--help"]) == 0
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"one of minimal, default, page (default: {cli.DEFAULT_PRESET})" in help_text
    assert cli.DEFAULT_PRESET == "default"


def test_out_with_a_trailing_slash_is_a_folder(tmp_path: Path) -> None:
    """`cleaner file newdir/` writes newdir/file, as cp does (it wrote a file named newdir)."""
    src = tmp_path / "page.txt"
    src.write_text(PROSE, encoding="utf-8")
    out = str(tmp_path / "newdir") + "/"
    assert main([str(src), out, "-q"]) == 0
    assert (tmp_path / "newdir" / "page.txt").read_text("utf-8") == CLEANED


def test_symlink_loop_and_broken_link_as_in(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A loop of links given as IN says so, and a broken link names its target; neither is
    "does not exist"; exit 2."""
    (tmp_path / "a.txt").symlink_to(tmp_path / "b.txt")
    (tmp_path / "b.txt").symlink_to(tmp_path / "a.txt")
    (tmp_path / "dead.txt").symlink_to(tmp_path / "nowhere.txt")
    assert main([str(tmp_path / "a.txt"), str(tmp_path / "out.txt")]) == 2
    assert "is a loop of symbolic links" in capsys.readouterr().err
    assert main([str(tmp_path / "dead.txt"), str(tmp_path / "out.txt")]) == 2
    err = capsys.readouterr().err
    assert "is a broken symbolic link (to " in err and "nowhere.txt" in err
    assert main([str(tmp_path / "none.txt"), str(tmp_path / "out.txt")]) == 2
    assert "does not exist" in capsys.readouterr().err
    (tmp_path / "a.jsonl").symlink_to(tmp_path / "b.jsonl")
    (tmp_path / "b.jsonl").symlink_to(tmp_path / "a.jsonl")
    assert main([str(tmp_path / "a.jsonl"), str(tmp_path / "out.jsonl")]) == 1
    assert "is a loop of symbolic links" in capsys.readouterr().err


@pytest.mark.parametrize("mode", ["file", "jsonl"])
def test_broken_pipe_exits_quietly(tmp_path: Path, mode: str) -> None:
    """A reader of stdout that has gone away (`| true`, `| head -c1`) ends the run quietly with
    status 141 (128 + SIGPIPE, as a shell reports for cat), never `cleaner: : Broken pipe`."""
    if mode == "file":
        src = tmp_path / "big.txt"
        src.write_text("A line of running text to clean.\n" * 1000, encoding="utf-8")
        args = [str(src), "-"]
    else:
        src = tmp_path / "big.jsonl"
        _records(src, ["A line of running text to clean.\n"] * 1000)
        args = ["--jsonl", str(src), "-", "-q"]
    read_end, write_end = os.pipe()
    os.close(read_end)  # the reader is gone before the first write: every write fails
    try:
        done = _cli("--preset", "minimal", *args, stdout=write_end)
    finally:
        os.close(write_end)
    assert done.returncode == 141, done.stderr.decode()
    assert done.stderr == b""


def test_a_stop_while_a_temporary_file_is_made_finds_it_listed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker told to stop removes the temporary files it lists. SIGTERM that arrives just as
    one is created waits until it is listed, so the handler finds it (a stop in between left
    one behind, under load). The signal is sent from inside the creation."""
    import signal
    import tempfile

    seen: list[bool] = []
    made: list[str] = []
    real_mkstemp = tempfile.mkstemp

    def mkstemp_then_stop(*args: Any, **kwargs: Any) -> tuple[int, str]:
        fd, name = real_mkstemp(*args, **kwargs)
        made.append(name)
        os.kill(os.getpid(), signal.SIGTERM)  # the stop arrives now, before the file is listed
        return fd, name

    def stop() -> None:
        seen.append(made[-1] in io._PENDING)
        io.remove_pending_temps()

    previous = signal.signal(signal.SIGTERM, lambda signum, frame: io.stop_when_safe(stop))
    monkeypatch.setattr(tempfile, "mkstemp", mkstemp_then_stop)
    try:
        fd, _ = io.temp_beside(tmp_path / "out.txt")
        os.close(fd)
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert seen == [True]
    assert list(tmp_path.iterdir()) == []
