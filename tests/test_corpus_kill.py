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
