"""A real run killed with SIGKILL at any moment, then rerun, gives the uninterrupted output."""

from __future__ import annotations

import contextlib
import gzip
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cleaner.corpus.records import RecordCleaner
from cleaner.io import encode
from cleaner.pipeline import Pipeline

ROOT = Path(__file__).resolve().parent.parent
TEXT = (
    "Title\r\n\r\nThe world\u00e2\u20ac\u2122s news &amp; rsquo;s.\r\n\r\n"
    + "The council met on Tuesday to vote on the budget for the town and its schools. " * 4
    + "\r\n\r\n- Anzeige -\r\n\r\nLeave a Comment"
)


def _corpus(root: Path) -> Path:
    src = root / "in"
    src.mkdir()
    for k in range(6):
        lines = [json.dumps({"id": f"{k}-{i}", "text": f"{i}. {TEXT}"}) for i in range(40 * k + 10)]
        data = ("\n".join(lines) + "\n").encode()
        name = f"part-{k}.jsonl.gz" if k % 2 else f"part-{k}.jsonl"
        (src / name).write_bytes(gzip.compress(data) if k % 2 else data)
    return src


def _run(src: Path, out: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "cleaner", "--jsonl", str(src), str(out), "-q", "-j", "2",
         "--chunk-bytes", "20000"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    )  # fmt: skip


def _files(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_sigkill_then_rerun_gives_the_same_output(tmp_path: Path) -> None:
    """Kill the run (and its workers) at several moments; each rerun completes the output
    byte-identical to an uninterrupted run, with no temporary file left."""
    src = _corpus(tmp_path)
    reference = tmp_path / "reference"
    started = time.monotonic()
    done = _run(src, reference)
    assert done.wait(timeout=300) == 0, done.stderr.read() if done.stderr else ""
    took = time.monotonic() - started
    expected = _files(reference)
    assert len([n for n in expected if not n.startswith(".")]) == 6
    # From the workers' start-up to the last rename and marker.
    for trial, share in enumerate((0.15, 0.5, 0.9)):
        delay = share * took
        out = tmp_path / f"out-{trial}"
        proc = _run(src, out)
        time.sleep(delay)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=60)
        with contextlib.suppress(ProcessLookupError):  # workers die with their parent already
            os.killpg(proc.pid, signal.SIGKILL)
        again = _run(src, out)
        assert again.wait(timeout=300) == 0, again.stderr.read() if again.stderr else ""
        assert _files(out) == expected, f"killed after {delay:.2f}s"
        assert not [p for p in out.rglob("*.tmp")]


# -- the parent killed or stopped: its workers go with it, and leave no half-written output --


def _folder_of_texts(root: Path) -> Path:
    """Enough .txt files that two workers are busy for several seconds."""
    src = root / "texts"
    src.mkdir()
    body = (TEXT.replace("\r\n", "\n") + "\n\n") * 40
    for k in range(80):
        (src / f"doc-{k:03d}.txt").write_text(f"{k}. {body}", encoding="utf-8")
    return src


def _folder_of_records(root: Path) -> Path:
    """JSONL files, small ones (cleaned whole in the workers) and larger ones (read in chunks by
    the parent, with --chunk-bytes 50000), enough that two workers are busy for a few seconds."""
    src = root / "records"
    src.mkdir()
    for k in range(18):
        count = 300 if k % 3 == 0 else 20
        lines = [json.dumps({"id": f"{k}-{i}", "text": f"{i}. {TEXT}"}) for i in range(count)]
        (src / f"part-{k:02d}.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return src


def _start(args: list[str]) -> subprocess.Popen[bytes]:
    """The CLI in a new process group (to find its workers by), with Ctrl-C's default action
    (a shell's background job would inherit SIGINT ignored)."""
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")]),
    }
    return subprocess.Popen(
        [sys.executable, "-m", "cleaner", *args, "-q", "-j", "2"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )


def _alive_in_group(group: int) -> list[int]:
    """The processes of process group ``group`` that still run (a zombie has exited: it only
    waits for a parent to collect its status)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2 :].split()  # after "pid (command) "
        state, pgrp = fields[0], int(fields[2])
        if pgrp == group and state not in ("Z", "X"):
            alive.append(int(entry.name))
    return alive


def _outputs(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[list[str], Path]]:
    """Each mode's arguments and input folder."""
    root = tmp_path_factory.mktemp("kill")
    texts, records = _folder_of_texts(root), _folder_of_records(root)
    return {
        "texts": ([str(texts)], texts),
        "records": (["--chunk-bytes", "50000", "--jsonl", str(records)], records),
    }


def _whole(src: Path, name: str) -> bytes | None:
    """What an uninterrupted run writes as ``name`` (cleaned in this process); None for a
    completion marker, whose content names the run."""
    if name.startswith("."):
        return None
    pipeline = Pipeline.from_preset("default")
    data = (src / name).read_bytes()
    if name.endswith(".txt"):
        return encode(pipeline(data.decode("utf-8")))
    return RecordCleaner(pipeline).clean_chunk(data)[0]


# slow: 3.11 runs it; the other Pythons of CI leave it out (CI time).
@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux's /proc")
@pytest.mark.parametrize("mode", ["texts", "records"])
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT])
def test_workers_die_with_their_parent(
    tmp_path: Path,
    inputs: dict[str, tuple[list[str], Path]],
    mode: str,
    signum: signal.Signals,
) -> None:
    """SIGKILL, SIGTERM or SIGINT of the parent alone (not its group), while its two workers
    clean: no worker outlives it by more than a few seconds, and every output left is whole
    (no temporary file, no file that differs from the uninterrupted run's). SIGTERM is handled
    as SIGINT: exit status 130."""
    args, src = inputs[mode]
    out = tmp_path / "out"
    proc = _start([*args, str(out)])
    deadline = time.monotonic() + 60
    # Kill it once the workers are at work: its first outputs are written.
    while not (out.exists() and any(out.iterdir())):
        assert proc.poll() is None, "the run ended before it could be killed"
        assert time.monotonic() < deadline
        time.sleep(0.02)
    assert len(_alive_in_group(proc.pid)) >= 3, "the parent and its two workers"
    os.kill(proc.pid, signum)
    status = proc.wait(timeout=60)
    stderr = proc.stderr.read().decode() if proc.stderr else ""
    gone = time.monotonic() + 5
    while _alive_in_group(proc.pid) and time.monotonic() < gone:
        time.sleep(0.05)
    survivors = _alive_in_group(proc.pid)
    with contextlib.suppress(ProcessLookupError):  # never leave them running after the test
        os.killpg(proc.pid, signal.SIGKILL)
    assert survivors == [], "workers outlived their parent"
    if signum == signal.SIGKILL:
        assert status == -signal.SIGKILL
    else:
        assert status == 130, stderr
        assert ("terminated (SIGTERM)" if signum == signal.SIGTERM else "interrupted") in stderr
    left = _outputs(out)
    temps = [name for name in left if name.endswith(".tmp")]
    if signum == signal.SIGKILL and mode == "records":
        # The parent writes the output of a file it reads in chunks; killed, it cannot remove
        # that one temporary file (a rerun does: test_sigkill_then_rerun_gives_the_same_output).
        assert len(temps) <= 1, temps
        left = {name: data for name, data in left.items() if name not in temps}
    else:
        assert temps == []
    assert len([n for n in left if not n.startswith(".")]) < len(list(src.iterdir())), "not stopped"
    for name, data in left.items():
        expected = _whole(src, name)
        assert expected is None or data == expected, f"{name} is not whole"
