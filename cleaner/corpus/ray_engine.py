"""The Ray engine: the same pipeline on Ray Data, with the same output (``pip install
'cleaner[ray]'``).

Ray Data reads the JSONL (one read task per file, streaming chunks of whole lines, so every
compression cleaner reads works and a line is never split or re-encoded), ``map_batches`` cleans
the chunks with :class:`RayCleaner`, a callable class that builds its pipeline once per actor,
and the driver writes each output in input order (``preserve_order``) through the same writer as
the local engine: temporary file, rename, completion marker. The output is byte-identical to the
local engine's.

On a cluster, give its address (``address="ray://head:10001"`` or ``"auto"``); without one a
local Ray is started with ``num_cpus`` CPUs and no dashboard.
"""

from __future__ import annotations

import pickle
from collections.abc import Callable, Iterator
from typing import Any

from cleaner.corpus import io
from cleaner.corpus.records import RecordCleaner
from cleaner.corpus.run import BOM, CHUNK_BYTES, Job, Writer, prepare, tell_notices
from cleaner.corpus.stats import RunStats
from cleaner.errors import ConfigError, InputError
from cleaner.pipeline import Pipeline
from cleaner.report import ReportSink


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise io.missing_extra("ray", "ray", "--engine ray") from None
    return ray


def read_chunks(batch: dict[str, Any], chunk_bytes: int = CHUNK_BYTES) -> Iterator[dict[str, Any]]:
    """A Ray read step: for each file of ``batch["path"]``, its chunks of whole lines, one row
    each (``index``, ``path``, ``first`` line number, ``data``; or an ``error``)."""
    for index, path in zip(batch["index"], batch["path"], strict=True):
        rows: list[dict[str, Any]] = []
        try:
            with io.open_read(str(path)) as stream:
                line = 1
                for block in io.read_blocks(stream, chunk_bytes):
                    if line == 1 and block.startswith(BOM):  # as the local engine does
                        block = block[len(BOM) :]
                    rows.append(_row(int(index), str(path), line, block, ""))
                    line += block.count(b"\n")
                    if len(rows) >= 4:
                        yield _batch(rows)
                        rows = []
        except (InputError, OSError) as exc:
            rows.append(_row(int(index), str(path), 0, b"", f"{path}: {exc}"))
        rows.append(_row(int(index), str(path), -1, b"", ""))  # the end of this file
        yield _batch(rows)


def _row(index: int, path: str, first: int, data: bytes, error: str) -> dict[str, Any]:
    return {"index": index, "path": path, "first": first, "data": data, "error": error}


def _batch(rows: list[dict[str, Any]]) -> dict[str, list[Any]]:
    return {key: [r[key] for r in rows] for key in rows[0]}


_END, _ERROR = b"end", b"error"  # the stats column of a file's last row, and of a failed read


class RayCleaner:
    """A Ray Data callable class: builds the record cleaner once per actor, then cleans chunks."""

    def __init__(self, cleaner: RecordCleaner) -> None:
        self.cleaner = cleaner
        self.cleaner.pipeline("Warm up.\n")  # load word lists and patterns before the first batch

    def __call__(self, batch: dict[str, Any]) -> dict[str, list[Any]]:
        out: dict[str, list[Any]] = {"index": [], "data": [], "stats": [], "error": []}
        for index, path, first, data, error in zip(
            batch["index"], batch["path"], batch["first"], batch["data"], batch["error"],
            strict=True,
        ):  # fmt: skip
            out["index"].append(int(index))
            out["error"].append(str(error))
            if first < 1:  # an end-of-file or error row
                out["data"].append(b"")
                out["stats"].append(_END if first == -1 else _ERROR)
                continue
            raw = bytes(data)
            numbers = range(int(first), int(first) + raw.count(b"\n"))
            cleaned, stats = self.cleaner.clean_chunk(raw, numbers, str(path))
            out["data"].append(cleaned)
            out["stats"].append(pickle.dumps(stats))
        return out


def clean_corpus_ray(
    source: str,
    target: str,
    pipeline: Pipeline | None = None,
    *,
    text_field: str = "text",
    id_field: str | None = None,
    final_newline: str = "input",
    on_error: str = "keep",
    shard: tuple[int, int] | None = None,
    force: bool = False,
    rules: bool = False,
    address: str | None = None,
    num_cpus: int | None = None,
    actors: int | None = None,
    chunk_bytes: int = CHUNK_BYTES,
    on_failure: Callable[[str, str], None] | None = None,
    report: ReportSink | None = None,
) -> RunStats:
    """:func:`cleaner.corpus.clean_corpus` on Ray Data: the same arguments, the same output
    (and the same report lines, in input order, handed to ``report``).

    ``address`` joins a running cluster; without it a local Ray starts with ``num_cpus`` CPUs
    (2 by default). ``actors`` is the number of cleaning actors (one per CPU by default; at
    least one CPU's worth is left for reading when Ray is local).
    """
    ray = _ray()
    pipeline = pipeline if pipeline is not None else Pipeline.from_preset("default")
    left, many, settings, identities, total = prepare(
        source,
        target,
        pipeline,
        text_field=text_field,
        final_newline=final_newline,
        on_error=on_error,
        shard=shard,
        force=force,
    )
    if shard is not None and not many:
        raise ConfigError("--shard of one file's records needs the local engine")
    tell_notices(total, on_failure)
    if any(job.source.endswith(".parquet") for job in left):
        raise ConfigError("the Ray engine reads JSONL; clean Parquet with the local engine")
    if any(job.source == "-" or job.target == "-" for job in left):
        raise ConfigError("the Ray engine reads and writes files, not - (stdin or stdout)")
    io.remove_stale_temps([job.target for job in left])
    writer = Writer(total, settings, identities, on_failure, progress=False)
    if not left:
        return writer.close()
    if not ray.is_initialized():
        if address:
            ray.init(address=address, log_to_driver=False)
        else:
            ray.init(num_cpus=num_cpus or 2, include_dashboard=False, log_to_driver=False)
    cpus = int(ray.cluster_resources().get("CPU", 1))
    count = actors or max(1, cpus)
    context = ray.data.DataContext.get_current()
    context.execution_options.preserve_order = True
    cleaner = RecordCleaner(
        pipeline,
        text_field=text_field,
        id_field=id_field,
        final_newline=final_newline,
        on_error=on_error,
        rules=rules or report is not None,
        report=report is not None,
    )
    files = ray.data.from_items([{"index": k, "path": job.source} for k, job in enumerate(left)])
    chunks = files.map_batches(
        read_chunks, batch_size=1, fn_kwargs={"chunk_bytes": chunk_bytes}, num_cpus=0.25
    )
    cleaned = chunks.map_batches(
        RayCleaner,
        fn_constructor_args=(cleaner,),
        batch_size=1,
        concurrency=count,
        # Fractional CPUs so the readers still get scheduled when every CPU has an actor.
        num_cpus=max(0.5, (cpus - 0.5) / count) if not address else 1,
    )
    current: Job | None = None
    failed: set[int] = set()
    try:
        for row in cleaned.iter_rows():
            index = int(row["index"])
            if index in failed:
                continue
            job = left[index]
            kind = bytes(row["stats"])
            if kind == _ERROR:
                writer.fail(job, str(row["error"]))
                failed.add(index)
                current = None
                continue
            if current is not job:
                writer.start(job)
                current = job
            if kind == _END:
                writer.end(job)
                current = None
            else:
                stats = pickle.loads(kind)
                if report is not None and stats.report:  # rows come back in input order
                    report(stats.report)
                    stats.report = []
                writer.write(bytes(row["data"]), stats)
    except BaseException as exc:
        writer.abort(exc)
        raise
    return writer.close()
