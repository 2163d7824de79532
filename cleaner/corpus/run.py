"""The local engine: worker processes started once, work sent out in ordered chunks.

:class:`Pool` starts its processes once; each builds its state (a :class:`RecordCleaner`, or a
pipeline) once, in its initializer. :meth:`Pool.ordered` sends tasks out as workers free up, with
a bounded number in flight (so memory stays flat however large the input), and gives the results
back in the order the tasks came: the output is the same bytes for any number of processes and
any chunk size.

:func:`clean_corpus` cleans a JSONL file, stdin, or a folder or glob of JSONL files into OUT, with
completion markers (a rerun skips what is complete), shards (``shard=(i, n)``) and counters.
"""

from __future__ import annotations

import collections
import contextlib
import os
import shutil
import signal
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from cleaner import io as io_text
from cleaner._version import __version__
from cleaner.corpus import io, parquet
from cleaner.corpus import repeated as repeated_lines
from cleaner.corpus.records import RecordCleaner, RecordError, check_choices
from cleaner.corpus.stats import RunStats
from cleaner.errors import CleanerError, ConfigError, InputError, OutputError, unexpected
from cleaner.pipeline import Pipeline

if TYPE_CHECKING:
    from cleaner.report import ReportSink

T = TypeVar("T")
R = TypeVar("R")

CHUNK_BYTES = 1 << 20
BOM = b"\xef\xbb\xbf"

_STATE: Any = None


def _die_with_parent() -> None:
    """On Linux, a worker is sent SIGTERM when its parent dies, however it dies (even SIGKILL),
    so a killed run leaves no orphans; the worker's SIGTERM handler removes its unfinished
    outputs and exits."""
    if not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
        if os.getppid() != _PARENT:  # the parent died before prctl
            _stop(signal.SIGTERM, None)


def _stop(signum: int, frame: object) -> None:
    """A worker's SIGTERM handler: remove the temporary files of the outputs it was writing (a
    killed parent cannot), and exit at once, without unwinding (the task is abandoned). It
    waits while a temporary file is being created, until that file is listed."""

    def stop() -> None:
        io_text.remove_pending_temps()
        os._exit(128 + signum)

    io_text.stop_when_safe(stop)


# The process that made the pool: a worker whose parent is no longer this one is an orphan.
_PARENT = os.getpid()


def _init(build: Callable[[], Any], parent: int) -> None:
    global _STATE, _PARENT
    _PARENT = parent
    io_text.forget_pending_temps()
    signal.signal(signal.SIGTERM, _stop)
    _die_with_parent()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent handles Ctrl-C
    _STATE = build()


def _call(func: Callable[[Any, T], R], task: T) -> R:
    return func(_STATE, task)


@dataclass(frozen=True)
class Passed(Generic[T]):
    """An item that goes through :meth:`Pool.ordered` untouched, in its place among the results."""

    value: T


class Pool:
    """``jobs`` processes that each hold the state ``build()`` made; 1 job runs in this process."""

    def __init__(self, build: Callable[[], Any], jobs: int = 1, *, window: int | None = None):
        if jobs < 1:
            raise ConfigError("jobs must be 1 or more")
        self.jobs = jobs
        self.window = window or 2 * jobs + 2
        self._executor: ProcessPoolExecutor | None = None
        self._state: Any = None
        if jobs == 1:
            self._state = build()
        else:
            self._executor = ProcessPoolExecutor(
                jobs, initializer=_init, initargs=(build, os.getpid())
            )

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind: type[BaseException] | None, *exc: object) -> None:
        self.close(at_once=kind is not None)

    def close(self, *, at_once: bool = False) -> None:
        """Stop the workers: after their tasks, or ``at_once`` (an error or an interruption),
        when each removes its unfinished outputs and exits."""
        if self._executor is None:
            return
        executor, self._executor = self._executor, None
        if at_once:
            # Before Python 3.14 (terminate_workers) an executor cannot stop its running tasks;
            # its map of worker processes is the only handle on them.
            processes = getattr(executor, "_processes", None) or {}
            for process in list(processes.values()):
                with contextlib.suppress(Exception):
                    process.terminate()  # SIGTERM: the worker's _stop
        executor.shutdown(wait=True, cancel_futures=True)

    def ordered(
        self, func: Callable[[Any, Any], R], items: Iterable[Any]
    ) -> Iterator[R | Passed[Any]]:
        """``func(state, item)`` for every item, in order; :class:`Passed` items pass through.

        ``func`` must be a module-level function (it is pickled to the workers).
        """
        if self._executor is None:
            for item in items:
                yield item if isinstance(item, Passed) else func(self._state, item)
            return
        pending: collections.deque[Future[R] | Passed[Any]] = collections.deque()
        running = 0
        it = iter(items)
        exhausted = False
        try:
            while True:
                while not exhausted and running < self.window:
                    try:
                        item = next(it)
                    except StopIteration:
                        exhausted = True
                        break
                    if isinstance(item, Passed):
                        pending.append(item)
                    else:
                        pending.append(self._executor.submit(_call, func, item))
                        running += 1
                if not pending:
                    return
                head = pending.popleft()
                if isinstance(head, Passed):
                    yield head
                else:
                    running -= 1
                    yield head.result()
        finally:
            for left in pending:
                if isinstance(left, Future):
                    left.cancel()


# -- the JSONL corpus -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Build:
    """Builds a worker's RecordCleaner (picklable: the pipeline pickles by names and options)."""

    pipeline: Pipeline
    text_field: str
    id_field: str | None
    final_newline: str
    on_error: str
    rules: bool
    report: bool = False
    corpus: repeated_lines.CorpusStep | None = None

    def __call__(self) -> RecordCleaner:
        return RecordCleaner(
            self.pipeline,
            text_field=self.text_field,
            id_field=self.id_field,
            final_newline=self.final_newline,
            on_error=self.on_error,
            rules=self.rules,
            report=self.report,
            corpus=self.corpus,
        )


@dataclass(frozen=True)
class _Batch:
    """A Parquet record batch, its first row number and its file's name."""

    batch: Any
    first: int
    name: str


_Task = tuple[bytes, range | list[int], str] | _Batch


@dataclass(frozen=True)
class _Whole:
    """A small file cleaned from end to end in a worker: read, cleaned, written, marked."""

    source: str
    target: str
    marker: dict[str, Any] | None  # the marker's content but the counts; None: no marker


@dataclass(frozen=True)
class _Wholes:
    """Small files a worker cleans whole, one after the other: one task for many files, so a
    folder of many small files costs few round trips to the workers."""

    files: tuple[_Whole, ...]


@dataclass(frozen=True)
class _Done:
    """What a worker reports of the files of a :class:`_Wholes`."""

    stats: RunStats


@dataclass(frozen=True)
class _Broken:
    """A chunk whose cleaning failed outside any one record: its file fails, the others go on."""

    why: str


def _clean_chunk(
    cleaner: RecordCleaner, task: _Task | _Wholes
) -> tuple[Any, RunStats] | _Done | _Broken:
    if isinstance(task, _Wholes):
        stats = RunStats()
        for whole in task.files:
            stats.merge(_clean_whole(cleaner, whole))
        return _Done(stats)
    try:
        if isinstance(task, _Batch):
            return parquet.clean_batch(cleaner, task.batch, task.first, task.name)
        data, numbers, name = task
        return cleaner.clean_chunk(data, numbers, name)
    except RecordError:  # --on-error fail: stops the run, as it says
        raise
    except Exception as exc:
        return _Broken(f"cleaning failed: {unexpected(exc)}")


def _clean_whole(cleaner: RecordCleaner, task: _Whole) -> RunStats:
    """Clean a small file in this worker, so that a folder of many small files does not wait on
    the parent's reads and writes. The same bytes as the chunked path; a failure is counted."""
    try:
        with io.open_read(task.source) as stream:
            data = b"".join(io.read_blocks(stream, CHUNK_BYTES))
        if data.startswith(BOM):
            data = data[len(BOM) :]
        out, stats = cleaner.clean_chunk(data, range(1, data.count(b"\n") + 1), task.source)
        with io.atomic_output(task.target) as sink:
            sink.write(out)
        if task.marker is not None:
            counts = {"records": stats.records, "written": stats.written, "bad": stats.bad}
            io.write_marker(task.target, {**task.marker, **counts})
    except (InputError, OutputError) as exc:
        return RunStats(files=0, failures=[(task.source, str(exc))])
    except OSError as exc:
        return RunStats(failures=[(task.source, f"cannot read: {exc.strerror or exc}")])
    except (RecordError, ConfigError):  # --on-error fail, or a missing package: stop the run
        raise
    except Exception as exc:  # a truncated .gz (EOFError), a bad .xz, or a bug: this file fails
        return RunStats(failures=[(task.source, f"cleaning failed: {unexpected(exc)}")])
    stats.files = 1
    return stats


@dataclass(frozen=True)
class Job:
    """One input file and where its output goes."""

    source: str
    target: str


@dataclass(frozen=True)
class _Start:
    job: Job


@dataclass(frozen=True)
class _End:
    job: Job


@dataclass(frozen=True)
class _Fail:
    job: Job
    why: str


def parse_shard(text: str) -> tuple[int, int]:
    """``"i/N"`` as ``(i, N)``, with ``0 <= i < N``.

    >>> parse_shard("3/8")
    (3, 8)
    """
    index, slash, count = text.partition("/")
    try:
        i, n = int(index), int(count)
    except ValueError:
        i, n = -1, 0
    if not slash or n < 1 or not 0 <= i < n:
        raise ConfigError(f"--shard takes i/N with 0 <= i < N, such as 0/4, not {text!r}")
    return i, n


def plan(
    source: str, target: str, *, shard: tuple[int, int] | None = None
) -> tuple[list[Job], bool]:
    """The jobs of a run: which input goes to which output. With many inputs (a folder or a
    glob) OUT is a folder that mirrors them; a shard takes every N-th file. With one input, OUT is
    a file (or a folder to put it in); a shard takes every N-th record, into a tagged name."""
    found, many = io.record_inputs(source)
    if many:
        if target == "-":
            raise ConfigError("a folder or glob IN needs a folder OUT, not -")
        if not io.is_remote(target) and os.path.isfile(target):
            raise ConfigError(f"OUT {target!r} is a file; give a folder for a folder IN")
        if not io.is_remote(source) and not io.is_remote(target):
            root = source if os.path.isdir(source) else io._glob_root(source)
            if _within(target, root):
                raise ConfigError(
                    "OUT must not be IN or inside it: outputs would be read as inputs"
                )
            if _within(root, target):
                raise ConfigError("IN must not be inside OUT: outputs could overwrite inputs")
        if shard is not None:
            found = [f for k, f in enumerate(found) if k % shard[1] == shard[0]]
        return [Job(src, io.join(target, rel)) for src, rel in found], True
    ((src, rel),) = found
    dst = target
    if dst != "-" and not io.is_remote(dst) and os.path.isdir(dst):
        dst = os.path.join(dst, rel)
    if shard is not None and dst != "-":
        dst = io.shard_name(dst, *shard)
    if parquet.is_parquet(src) != parquet.is_parquet(dst):
        raise ConfigError("Parquet goes to Parquet: give IN and OUT both as .parquet, or neither")
    local = src != "-" and dst != "-" and not io.is_remote(dst) and not io.is_remote(src)
    if local and os.path.exists(dst) and os.path.samefile(src, dst):
        raise ConfigError("OUT must not be IN: the input would be overwritten")
    return [Job(src, dst)], False


def _within(path: str, folder: str) -> bool:
    p, f = os.path.realpath(path), os.path.realpath(folder)
    return p == f or p.startswith(f.rstrip(os.sep) + os.sep)


def _chunks(
    jobs: list[Job],
    chunk_bytes: int,
    shard: tuple[int, int] | None,
    many: bool,
    text_field: str = "text",
    small: dict[Job, dict[str, Any] | None] | None = None,
) -> Iterator[_Task | _Wholes | Passed[_Start | _End | _Fail]]:
    """Every job's chunks between its start and end (or fail) markers; small files go out
    whole, as many together as add up to about one chunk."""
    record_shard = shard if (shard is not None and not many) else None
    wholes: list[_Whole] = []
    wholes_bytes = 0
    for job in jobs:
        if small is not None and job in small:
            marker = small[job]
            wholes.append(_Whole(job.source, job.target, marker))
            size = (marker or {}).get("input", {}).get("size", chunk_bytes)
            wholes_bytes += size if isinstance(size, int) else chunk_bytes
            if wholes_bytes >= chunk_bytes or len(wholes) >= _MAX_WHOLES:
                yield _Wholes(tuple(wholes))
                wholes, wholes_bytes = [], 0
            continue
        if wholes:
            yield _Wholes(tuple(wholes))
            wholes, wholes_bytes = [], 0
        yield Passed(_Start(job))
        name = job.source if job.source != "-" else "stdin"
        try:
            if parquet.is_parquet(job.source):
                row = 1
                for batch in parquet.batches(job.source):
                    if batch.schema.get_field_index(text_field) < 0:
                        raise InputError(f"no {text_field!r} column; give --text-field")
                    if record_shard is not None:
                        i, n = record_shard
                        rows = batch.num_rows
                        batch = batch.filter([(row - 1 + k) % n == i for k in range(rows)])
                    else:
                        rows = batch.num_rows
                    yield _Batch(batch, row, name)
                    row += rows
                yield Passed(_End(job))
                continue
            with io.open_read(job.source) as stream:
                line = 1
                for block in io.read_blocks(stream, chunk_bytes):
                    if line == 1 and block.startswith(BOM):  # as text files are read
                        block = block[len(BOM) :]
                    count = block.count(b"\n")
                    if record_shard is None:
                        yield block, range(line, line + count), name
                    else:
                        i, n = record_shard
                        lines = block.split(b"\n")[:-1]
                        mine = [k for k in range(count) if (line - 1 + k) % n == i]
                        if mine:
                            data = b"\n".join(lines[k] for k in mine) + b"\n"
                            yield data, [line + k for k in mine], name
                    line += count
        except InputError as exc:
            yield Passed(_Fail(job, f"{name}: {exc}"))
            continue
        except OSError as exc:
            yield Passed(_Fail(job, f"{name}: cannot read: {exc.strerror or exc}"))
            continue
        except ConfigError:  # a missing package (zstandard): a usage error, not this file's
            raise
        except Exception as exc:  # a truncated .gz (EOFError), a bad .xz or .zst: this file fails
            yield Passed(_Fail(job, f"{name}: cannot read: {unexpected(exc)}"))
            continue
        yield Passed(_End(job))
    if wholes:
        yield _Wholes(tuple(wholes))


# At most this many small files go to a worker in one task: the progress bar still moves.
_MAX_WHOLES = 64


def settings_of(
    pipeline: Pipeline,
    *,
    text_field: str,
    final_newline: str,
    on_error: str,
    shard: tuple[int, int] | None,
) -> dict[str, Any]:
    """What, besides the input, decides an output: a marker records it, a rerun compares it."""
    return {
        "cleaner": __version__,
        "pipeline": repr(pipeline),
        "text_field": text_field,
        "final_newline": final_newline,
        "on_error": on_error,
        "shard": list(shard) if shard else None,
    }


def pending(
    todo: list[Job], settings: dict[str, Any], *, force: bool, total: RunStats
) -> tuple[list[Job], dict[Job, dict[str, Any]]]:
    """The jobs still to do: those whose output has no marker matching its input and settings
    (all of them with ``force``), with each input's identity for its marker. An input that is
    not a regular file (a FIFO named ``x.jsonl``) is left out, with a notice in ``total``."""
    left: list[Job] = []
    identities: dict[Job, dict[str, Any]] = {}
    for job in todo:
        if job.source == "-" or job.target == "-":
            left.append(job)
            continue
        kind = None if io.is_remote(job.source) else io_text.special_kind(Path(job.source))
        if kind is not None:  # a FIFO or a device: reading it could block, or never end
            total.not_regular += 1
            total.notices.append((job.source, f"{kind}, not a regular file; skipped"))
            continue
        try:
            identities[job] = io.identity(job.source)
        except OSError as exc:
            total.failures.append((job.source, f"cannot read: {exc.strerror or exc}"))
            continue
        if not force:
            marker = io.read_marker(job.target)
            if (
                marker is not None
                and marker.get("input") == identities[job]
                and marker.get("settings") == settings
                and io.exists(job.target)
            ):
                total.files_skipped += 1
                continue
        left.append(job)
    return left, identities


class Writer:
    """Writes each job's output from its cleaned chunks, in order, and its marker at the end.

    A job's output is written through a temporary file (stale ones from a killed run are removed
    first), renamed into place at :meth:`end`, and then marked complete. :meth:`fail` and
    :meth:`abort` drop the temporary file, so no partial output is ever left.
    """

    def __init__(
        self,
        total: RunStats,
        settings: dict[str, Any],
        identities: dict[Job, dict[str, Any]],
        on_failure: Callable[[str, str], None] | None,
        progress: bool,
    ) -> None:
        self.total = total
        self.settings = settings
        self.identities = identities
        self.on_failure = on_failure
        self.progress = progress
        self.bar: Any = None  # made at the first result, once the workers are forked
        self.started = time.perf_counter()
        self._context: Any = None
        self._sink: Any = None
        self._current = RunStats()
        self._job: Job | None = None

    def note(self, where: str, why: str) -> None:
        if len(self.total.failures) < 100:
            self.total.failures.append((where, why))
        if self.on_failure is not None:
            self.on_failure(where, why)

    def start(self, job: Job) -> None:
        self._job = job
        self._current = RunStats(files=1)
        try:
            if parquet.is_parquet(job.target):
                self._context = parquet.atomic_parquet(job.target)
            else:
                self._context = io.atomic_output(job.target)
            self._sink = self._context.__enter__()
        except (OutputError, OSError) as exc:
            self._context = self._sink = None
            self.note(job.target, str(exc))

    def write(self, data: Any, stats: RunStats) -> None:
        if self._sink is None:
            return
        try:
            self._sink.write(data)
        except BrokenPipeError:  # stdout's reader went away (| head): no point going on
            raise
        except OSError as exc:
            self.abort(exc)
            self.note("output", f"cannot write: {exc.strerror}")
            return
        self._tell(stats)
        self._current.merge(stats)
        self._tick(stats)

    def _tell(self, stats: RunStats) -> None:
        """Pass on the problems a worker met in a chunk or a file."""
        if self.on_failure is not None:
            for where, why in stats.failures:
                self.on_failure(where, why)

    def _tick(self, stats: RunStats) -> None:
        if self.progress and self.bar is None:
            self.bar = _bar(True)
        if self.bar is not None:
            self.bar.update(stats.records)
            elapsed = time.perf_counter() - self.started
            mb = (self.total.bytes_in + self._current.bytes_in) / 1e6
            self.bar.set_postfix_str(f"{mb / max(elapsed, 1e-9):.1f} MB/s", refresh=False)

    def done(self, stats: RunStats) -> None:
        """A file a worker cleaned whole: count it, and tell its problems."""
        self._tell(stats)
        self.total.merge(stats)
        self._tick(stats)

    def end(self, job: Job) -> None:
        if self._context is None:
            return
        context, self._context, self._sink = self._context, None, None
        try:
            context.__exit__(None, None, None)
        except OutputError as exc:
            self.note(job.target, str(exc))
            return
        current = self._current
        self.total.merge(current)
        if job in self.identities:
            marker = {
                "input": self.identities[job],
                "settings": self.settings,
                "records": current.records,
                "written": current.written,
                "bad": current.bad,
            }
            try:
                io.write_marker(job.target, marker)
            except OutputError as exc:
                self.note(job.target, f"no completion marker: {exc}")

    def fail(self, job: Job, why: str) -> None:
        self.abort(InputError(why))
        self.note(job.source, why)

    def broken(self, why: str) -> None:
        """A chunk of the current job failed: the job fails once, its later chunks are dropped."""
        if self._job is not None and self._context is not None:
            self.fail(self._job, why)

    def abort(self, error: BaseException) -> None:
        if self._context is not None:
            with contextlib.suppress(BaseException):
                self._context.__exit__(type(error), error, error.__traceback__)
        self._context = self._sink = None

    def close(self) -> RunStats:
        if self.bar is not None:
            self.bar.close()
        self.total.seconds = time.perf_counter() - self.started
        return self.total


def prepare(
    source: str,
    target: str,
    pipeline: Pipeline,
    *,
    text_field: str,
    final_newline: str,
    on_error: str,
    shard: tuple[int, int] | None,
    force: bool,
    corpus: repeated_lines.CorpusStep | None = None,
) -> tuple[list[Job], bool, dict[str, Any], dict[Job, dict[str, Any]], RunStats]:
    """Check the settings, plan the jobs and leave out the complete ones.

    ``corpus`` is the corpus-level stage's pass 2: it decides the output too, so the markers
    record its identity and a rerun with other counts redoes the files.
    """
    check_choices(final_newline, on_error)
    todo, many = plan(source, target, shard=shard)
    settings = settings_of(
        pipeline,
        text_field=text_field,
        final_newline=final_newline,
        on_error=on_error,
        shard=shard if not many else None,
    )
    if corpus is not None:
        settings["corpus_stage"] = corpus.identity()
    total = RunStats()
    left, identities = pending(todo, settings, force=force, total=total)
    return left, many, settings, identities, total


def tell_notices(total: RunStats, on_failure: Callable[[str, str], None] | None) -> None:
    """Pass on the notices of planning (inputs skipped, not failed) to ``on_failure``."""
    if on_failure is not None:
        for where, why in total.notices:
            on_failure(where, why)


def _small(
    jobs: list[Job],
    identities: dict[Job, dict[str, Any]],
    settings: dict[str, Any],
    chunk_bytes: int,
    shard: tuple[int, int] | None,
    many: bool,
) -> dict[Job, dict[str, Any] | None]:
    """The files a worker cleans whole: local JSONL files of at most one chunk (an eighth of
    one when compressed), with each one's marker content."""
    if shard is not None and not many:
        return {}
    found: dict[Job, dict[str, Any] | None] = {}
    for job in jobs:
        size = identities.get(job, {}).get("size")
        if job.source == "-" or job.target == "-" or not isinstance(size, int):
            continue
        if parquet.is_parquet(job.source) or parquet.is_parquet(job.target):
            continue
        if io.is_remote(job.source) or io.is_remote(job.target):
            continue  # memory:// lives in one process; remote writes stay in the parent
        limit = chunk_bytes // 8 if io.compression(job.source) else chunk_bytes
        if size <= limit:
            found[job] = {"input": identities[job], "settings": settings}
    return found


def clean_corpus(
    source: str,
    target: str,
    pipeline: Pipeline | None = None,
    *,
    text_field: str = "text",
    id_field: str | None = None,
    final_newline: str = "input",
    on_error: str = "keep",
    jobs: int = 1,
    chunk_bytes: int = CHUNK_BYTES,
    shard: tuple[int, int] | None = None,
    force: bool = False,
    rules: bool = False,
    progress: bool = False,
    on_failure: Callable[[str, str], None] | None = None,
    report: ReportSink | None = None,
    repeated: repeated_lines.Settings | None = None,
    grouping: repeated_lines.Grouping | None = None,
    counts_in: Sequence[str] = (),
    counts_out: str | None = None,
    near: NearDuplicateOptions | None = None,
) -> RunStats:
    """Clean a JSONL file, stdin (``-``), or a folder or glob of JSONL files into ``target``.

    With a folder or glob, ``target`` is a folder mirroring it; ``shard=(i, n)`` takes every n-th
    file, or with one file every n-th record (into ``out.0000i-of-0000n.jsonl``). Every output is
    written through a temporary file renamed into place, then gets a completion marker; a rerun
    skips an output whose marker matches its input and settings, unless ``force``. A file that
    cannot be read or written is recorded in ``failures`` and the others go on; a bad record with
    ``on_error="fail"`` raises :class:`RecordError`. ``on_failure(where, why)`` hears of each
    problem as it happens. ``report``, if given, receives the report lines (:mod:`cleaner.report`)
    of every document cleaned, in input order. The counters of the run are returned.

    With ``repeated`` (:mod:`cleaner.corpus.repeated`), the corpus-level stage runs after the
    pipeline, each record in its ``grouping`` group. Pass 1 cleans every record and counts its
    lines (into the file ``counts_out`` when given, and then the run stops there: the first pass
    of one shard); pass 2 cleans again and removes the repeated lines. ``counts_in`` names the
    count files of pass 1 (of every shard) and skips it. Stdin is kept in a temporary file
    between the passes. With ``near``, pass 1 also sketches every cleaned text for near-duplicate
    documents (:mod:`cleaner.corpus.neardup`; ids are the records' ``FILE:LINE``), writes their
    clusters to ``near.report`` and, with ``near.drop``, pass 2 leaves out all but one document
    of each cluster.
    """
    if chunk_bytes < 1:
        raise ConfigError("chunk_bytes must be 1 or more")
    pipeline = pipeline if pipeline is not None else Pipeline.from_preset("default")
    options: dict[str, Any] = {
        "text_field": text_field, "id_field": id_field, "final_newline": final_newline,
        "on_error": on_error, "jobs": jobs, "chunk_bytes": chunk_bytes, "shard": shard,
        "force": force, "rules": rules, "progress": progress, "on_failure": on_failure,
        "report": report,
    }  # fmt: skip
    if repeated is None and near is None and not counts_in and counts_out is None:
        return _one_pass(source, target, pipeline, None, **options)
    check_choices(final_newline, on_error)
    if counts_out is not None and counts_in:
        raise ConfigError("give either counts to write (pass 1) or counts to read, not both")
    with _spooled(source) as spooled:
        first = RunStats()

        def count(step: repeated_lines.CorpusStep, counts: repeated_lines.LineCounts) -> bool:
            nonlocal first
            first, unread = _count(spooled, target, pipeline, step, counts, **options)
            return not unread

        step = corpus_first_pass(
            count,
            grouping or repeated_lines.Grouping(),
            repeated,
            near,
            counts_in,
            counts_out,
            source="-" if source == "-" else None,
        )
        if step is None:  # --count-only, or a file pass 1 could not read
            return first
        return _one_pass(spooled, target, pipeline, step, **options)


def corpus_first_pass(
    count: Callable[[repeated_lines.CorpusStep, repeated_lines.LineCounts], bool],
    grouping: repeated_lines.Grouping,
    repeated: repeated_lines.Settings | None,
    near: NearDuplicateOptions | None,
    counts_in: Sequence[str],
    counts_out: str | None,
    *,
    source: str | None = None,
) -> repeated_lines.CorpusStep | None:
    """Pass 1 of the corpus-level stage, for JSONL and for folders of text files alike: what
    pass 2 does, or None when there is no pass 2.

    ``count(step, counts)`` cleans every document with ``step`` (count its lines into
    ``counts``, sketch it with ``step.sketcher``: see :func:`take_first_pass`) and says whether
    every input could be read. With ``counts_out`` the counts (and the signatures beside them)
    are written there and the run ends; with ``counts_in`` they are read back instead of
    counted. Then the index of repeated lines is made, the near-duplicate report written, and
    the documents to leave out chosen.
    """
    finder = near.finder() if near is not None else None
    with repeated_lines.LineCounts(counts_out) as counts:
        if counts_in:
            counts.merge(counts_in)
            if near is not None:
                finder = near.load([near_signatures(path) for path in counts_in])
        else:
            step = repeated_lines.CorpusStep(
                grouping,
                source=source,
                count=repeated is not None or counts_out is not None,
                sketcher=finder,
            )
            read = count(step, counts)
            if counts_out is not None:
                if finder is not None:
                    finder.save(near_signatures(counts_out))
                return None
            if not read:  # a file pass 1 could not read would be cleaned without its counts
                return None
        index = counts.index(repeated) if repeated is not None else None
    drop = near.finish(finder) if near is not None else frozenset()
    return repeated_lines.CorpusStep(grouping, index, source, drop=drop)


def take_first_pass(
    stats: RunStats, step: repeated_lines.CorpusStep, counts: repeated_lines.LineCounts
) -> None:
    """Move what pass 1 found in some documents (a worker's counters) into ``counts`` and the
    near-duplicate finder ``step.sketcher``."""
    counts.add_tally(stats.tally)
    stats.tally = repeated_lines.Tally()
    take_sketches(stats, step.sketcher)


def take_sketches(stats: RunStats, sketcher: Any) -> None:
    """Move a worker's near-duplicate sketches out of ``stats`` into ``sketcher`` (a
    :class:`~cleaner.corpus.neardup.NearDuplicates`, or None when there is none)."""
    if sketcher is not None:
        for sketch in stats.sketches:
            sketcher.add_sketch(sketch)
    stats.sketches = []


def near_signatures(counts: str) -> str:
    """The file beside a counts file that holds the near-duplicate signatures of its shard."""
    return f"{counts}.signatures.jsonl.gz"


@dataclass(frozen=True)
class NearDuplicateOptions:
    """The near-duplicate pass of :func:`clean_corpus`: its threshold, the report file of its
    clusters, and whether pass 2 keeps one document per cluster."""

    threshold: float = 0.6
    report: str | None = None
    drop: bool = False

    def finder(self) -> Any:
        from cleaner.corpus.neardup import NearDuplicates  # numpy: the dedup extra

        return NearDuplicates(self.threshold)

    def load(self, paths: list[str]) -> Any:
        from cleaner.corpus.neardup import NearDuplicates

        return NearDuplicates.load(paths, self.threshold)

    def finish(self, finder: Any) -> frozenset[str]:
        """After pass 1: write the clusters ``finder`` found to the report, and return the ids of
        the documents pass 2 leaves out (none unless ``drop``)."""
        from cleaner.corpus.neardup import write_report

        clusters = finder.clusters()
        if self.report is not None:
            write_report(clusters, self.report)
        if not self.drop:
            return frozenset()
        return frozenset(i for c in clusters for i in c.ids if i != c.kept)


@contextlib.contextmanager
def _spooled(source: str) -> Iterator[str]:
    """``source``, or for stdin a temporary copy of it that both passes can read."""
    if source != "-":
        yield source
        return
    with tempfile.NamedTemporaryFile(prefix="cleaner-stdin-", suffix=".jsonl") as copy:
        shutil.copyfileobj(sys.stdin.buffer, copy, CHUNK_BYTES)
        copy.flush()
        yield copy.name


def _count(
    source: str,
    target: str,
    pipeline: Pipeline,
    step: repeated_lines.CorpusStep,
    counts: repeated_lines.LineCounts,
    **options: Any,
) -> tuple[RunStats, bool]:
    """Pass 1: clean every record of ``source`` and count the lines of its cleaned text into
    ``counts``. Nothing is written. The counters are returned, a file that could not be read
    among their failures, and whether there was such a file (a bad record is no reason not to
    go on: pass 2 keeps it or leaves it out, and counts it, as a run without the stage does)."""
    shard = options["shard"]
    todo, many = plan(source, target, shard=shard)
    build = Build(
        pipeline, options["text_field"], options["id_field"], options["final_newline"],
        options["on_error"], False, False, step,
    )  # fmt: skip
    total = RunStats()
    unread = False
    started = time.perf_counter()
    with Pool(build, options["jobs"]) as pool:
        chunks = _chunks(todo, options["chunk_bytes"], shard, many, options["text_field"])
        for result in pool.ordered(_clean_chunk, chunks):
            if isinstance(result, _Broken):
                unread = True
                total.failures.append((source, result.why))
            elif isinstance(result, Passed) and isinstance(result.value, _Fail):
                unread = True
                total.failures.append((result.value.job.source, result.value.why))
                if options["on_failure"] is not None:
                    options["on_failure"](result.value.job.source, result.value.why)
            elif isinstance(result, tuple):
                stats = result[1]
                take_first_pass(stats, step, counts)
                total.merge(stats)
    total.seconds = time.perf_counter() - started
    return total, unread


def _one_pass(
    source: str,
    target: str,
    pipeline: Pipeline,
    corpus: repeated_lines.CorpusStep | None,
    *,
    text_field: str,
    id_field: str | None,
    final_newline: str,
    on_error: str,
    jobs: int,
    chunk_bytes: int,
    shard: tuple[int, int] | None,
    force: bool,
    rules: bool,
    progress: bool,
    on_failure: Callable[[str, str], None] | None,
    report: ReportSink | None,
) -> RunStats:
    """One pass of :func:`clean_corpus`, with the corpus-level stage's pass 2 if ``corpus``."""
    left, many, settings, identities, total = prepare(
        source,
        target,
        pipeline,
        text_field=text_field,
        final_newline=final_newline,
        on_error=on_error,
        shard=shard,
        force=force,
        corpus=corpus,
    )
    tell_notices(total, on_failure)
    io.remove_stale_temps([job.target for job in left])
    build = Build(
        pipeline, text_field, id_field, final_newline, on_error, rules, report is not None, corpus
    )
    writer = Writer(total, settings, identities, on_failure, progress)
    try:
        with Pool(build, jobs) as pool:
            small = _small(left, identities, settings, chunk_bytes, shard, many)
            chunks = _chunks(left, chunk_bytes, shard, many, text_field, small)
            for result in pool.ordered(_clean_chunk, chunks):
                if report is not None:
                    _take_report(result, report)
                if isinstance(result, _Done):
                    writer.done(result.stats)
                elif isinstance(result, _Broken):
                    writer.broken(result.why)
                elif not isinstance(result, Passed):
                    writer.write(*result)
                elif isinstance(result.value, _Start):
                    writer.start(result.value.job)
                elif isinstance(result.value, _End):
                    writer.end(result.value.job)
                else:
                    writer.fail(result.value.job, result.value.why)
    except BaseException as exc:
        writer.abort(exc)
        raise
    finally:
        stats = writer.close()
    return stats


def _take_report(result: Any, report: ReportSink) -> None:
    """--report: hand a chunk's report lines to the sink, and take them out of its counters."""
    stats = result.stats if isinstance(result, _Done) else None
    if isinstance(result, tuple):
        stats = result[1]
    if stats is not None and stats.report:
        report(stats.report)
        stats.report = []


def _bar(progress: bool) -> Any:
    if not progress:
        return None
    from tqdm import tqdm

    # disable=None: shown only when stderr is a terminal.
    return tqdm(unit=" records", unit_scale=True, file=sys.stderr, disable=None, smoothing=0.1)


__all__ = [
    "CHUNK_BYTES",
    "CleanerError",
    "Job",
    "Passed",
    "Pool",
    "RecordError",
    "Writer",
    "clean_corpus",
    "parse_shard",
    "plan",
    "prepare",
]
