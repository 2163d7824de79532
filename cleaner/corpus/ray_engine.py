"""The Ray engine: the same pipeline on Ray Data, with the same output (``pip install
'cleaner[ray]'``).

Ray Data reads the JSONL (one read task per file, streaming chunks of whole lines, so every
compression cleaner reads works and a line is never split or re-encoded), ``map_batches`` cleans
the chunks with :class:`RayCleaner`, a callable class that builds its pipeline once per actor,
and the driver writes each output in input order (``preserve_order``) through the same writer as
the local engine: temporary file, rename, completion marker. The output is byte-identical to the
local engine's.

The corpus-level stage (:mod:`cleaner.corpus.repeated`) runs in two Ray passes, and its counting
is a groupby. Pass 1 cleans the chunks as pass 2 will (:class:`RayCounter`) and hands back each
chunk's line counts as rows (``kind``, ``group``, ``key``, ``form``, ``docs``: the documents of
a group that hold a line, and each distinct raw form of a line), and its documents per group
with its counters. One ``groupby(["kind", "group", "key", "form"])`` adds the rows up over the
corpus; the driver adds up the documents per group (one number a group), and then takes only the
candidate lines (found in enough documents of their group) and their forms, into the same
:class:`~cleaner.corpus.repeated.RepeatedLines` index that the local engine reads out of its
counts file. Pass 2 is the cleaning map with that index handed to every actor.

On a cluster, give its address (``address="ray://head:10001"`` or ``"auto"``); without one a
local Ray is started with ``num_cpus`` CPUs and no dashboard.
"""

from __future__ import annotations

import inspect
import math
import pickle
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from cleaner.corpus import io
from cleaner.corpus import repeated as repeated_lines
from cleaner.corpus.records import RecordCleaner, check_choices
from cleaner.corpus.run import (
    BOM,
    CHUNK_BYTES,
    Build,
    Job,
    NearDuplicateOptions,
    Writer,
    near_signatures,
    plan,
    prepare,
    take_sketches,
    tell_notices,
)
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


# -- the corpus-level stage: pass 1 is a groupby ---------------------------------------------------

# The kinds of pass 1's rows: the documents of a group that hold a line, one distinct raw form of
# a line; and a chunk's counters, which are carried to the driver, not added up.
_LINE, _FORM, _STATS = 0, 1, 2
CountRow = tuple[int, str, int, int, int]
"""A row of pass 1's counts: ``(kind, group, key, form, docs)``; ``key`` and ``form`` are the
64-bit hashes :mod:`cleaner.corpus.repeated` counts lines by (``form`` 0 in a line's row)."""


def count_rows(tally: repeated_lines.Tally) -> Iterator[CountRow]:
    """The lines of a chunk's :class:`~cleaner.corpus.repeated.Tally` as the rows the groupby
    adds up. (Its documents per group, one number a group, go to the driver with its counters.)

    >>> tally = repeated_lines.Tally()
    >>> tally.add("site", "Share this\\nPosted 3 hours ago\\n")
    >>> sorted((kind, group, docs) for kind, group, key, form, docs in count_rows(tally))
    [(0, 'site', 1), (0, 'site', 1), (1, 'site', 1)]
    """
    for (group, key), docs in tally.lines.items():
        yield _LINE, group, key, 0, docs
    for group, key, form in tally.forms:
        yield _FORM, group, key, form, 1


def tally_of(rows: Iterable[CountRow]) -> repeated_lines.Tally:
    """Count rows back into a :class:`~cleaner.corpus.repeated.Tally` (to write a counts file):
    the inverse of :func:`count_rows`."""
    tally = repeated_lines.Tally()
    for kind, group, key, form, docs in rows:
        if kind == _LINE:
            tally.lines[group, key] += docs
        else:
            tally.forms.add((group, key, form))
    return tally


_COLUMNS = ("kind", "group", "key", "form", "docs", "stats")


def _count_table(rows: list[CountRow], stats: list[bytes]) -> Any:
    """Pass 1's rows of a batch as an Arrow table with a fixed schema (so that a batch with no
    row has the same types as the others): the count rows, then one ``_STATS`` row per chunk
    with its pickled ``(path, error, counters)``."""
    import pyarrow as pa

    types = (pa.int8(), pa.string(), pa.int64(), pa.int64(), pa.int64(), pa.binary())
    table_rows = [(*row, b"") for row in rows] + [(_STATS, "", 0, 0, 0, s) for s in stats]
    columns = list(zip(*table_rows, strict=True)) if table_rows else [()] * len(_COLUMNS)
    return pa.table(
        [pa.array(column, type=kind) for column, kind in zip(columns, types, strict=True)],
        names=list(_COLUMNS),
    )


class RayCounter(RayCleaner):
    """Pass 1 as a Ray Data callable class: cleans each chunk as pass 2 will (its record cleaner
    counts, ``corpus.index`` None) and hands back, instead of the cleaned bytes, the chunk's line
    counts as rows (:func:`count_rows`) and one row with its counters, whose tally keeps only
    the chunk's documents per group."""

    def __call__(self, batch: dict[str, Any]) -> Any:
        rows: list[CountRow] = []
        stats: list[bytes] = []
        for path, first, data, error in zip(
            batch["path"], batch["first"], batch["data"], batch["error"], strict=True
        ):
            if first == -1:  # the end of a file
                continue
            if first == 0:  # a file that could not be read
                stats.append(pickle.dumps((str(path), str(error), RunStats())))
                continue
            raw = bytes(data)
            numbers = range(int(first), int(first) + raw.count(b"\n"))
            counters = self.cleaner.clean_chunk(raw, numbers, str(path))[1]
            rows.extend(count_rows(counters.tally))
            counters.tally.lines.clear()
            counters.tally.forms.clear()
            stats.append(pickle.dumps((str(path), "", counters)))
        return _count_table(rows, stats)


def _of_kind(table: Any, kind: int) -> Any:
    """The rows of ``table`` of one kind."""
    import pyarrow.compute as pc

    return table.filter(pc.equal(table["kind"], kind))


# A groupby's partition gets about this many bytes of rows: a small corpus is added up in one
# partition (11 s for the tests' corpus on 2 CPUs, where Ray's default of 200 partitions took 15 to
# 36 s a groupby), a large one in up to 200.
_PARTITION_BYTES = 256 << 20


def _groupby(data: Any, keys: list[str], size: int) -> Any:
    """``data.groupby(keys)``, whose rows are about ``size`` bytes, in partitions of about
    :data:`_PARTITION_BYTES` where Ray hash-shuffles. (Ray 2.40's groupby sorts, and takes no
    number of partitions.)"""
    if "num_partitions" in inspect.signature(data.groupby).parameters:
        partitions = min(200, max(1, math.ceil(size / _PARTITION_BYTES)))
        return data.groupby(keys, num_partitions=partitions)
    return data.groupby(keys)


@dataclass
class _Counted:
    """What pass 1 on Ray hands back: the run's counters, whether a file could not be read, the
    documents of each group (added up on the driver: one number a group), and every line's
    counts over the corpus (the groupby's rows: each line's documents, each distinct form)."""

    stats: RunStats
    unread: bool
    docs: Counter[str]
    lines: Any


def _without_stats(table: Any) -> Any:
    """The count rows of ``table`` (its line and form rows), without the counters column."""
    import pyarrow.compute as pc

    return table.filter(pc.not_equal(table["kind"], _STATS)).select(list(_COLUMNS[:-1]))


def _candidates(table: Any, least: dict[str, int]) -> Any:
    """The line rows of ``table`` found in at least their group's ``least`` documents."""
    import pyarrow as pa
    import pyarrow.compute as pc

    table = _of_kind(table, _LINE)
    needed = pa.array([least[group] for group in table["group"].to_pylist()], pa.int64())
    return table.filter(pc.greater_equal(table["docs"], needed))


def _forms_of(table: Any, keys: dict[str, set[int]]) -> Any:
    """The form rows of ``table`` of the lines in ``keys`` (per group)."""
    import pyarrow as pa

    table = _of_kind(table, _FORM)
    groups, lines = table["group"].to_pylist(), table["key"].to_pylist()
    wanted = [key in keys.get(group, ()) for group, key in zip(groups, lines, strict=True)]
    return table.filter(pa.array(wanted, pa.bool_()))


def _index(counted: _Counted, settings: repeated_lines.Settings) -> repeated_lines.RepeatedLines:
    """Pass 2's index out of pass 1's counts, as
    :meth:`~cleaner.corpus.repeated.RepeatedLines.from_db` reads it out of a counts file: only
    the candidate lines (found in at least their group's :meth:`Settings.least` documents) come
    to the driver, and then the distinct forms of those lines, which it counts."""
    docs = dict(counted.docs)
    least = {group: settings.least(n) for group, n in docs.items()}
    index = repeated_lines.RepeatedLines(
        settings, docs, {group: {} for group in docs}, {group: {} for group in docs}
    )
    lines = counted.lines.map_batches(
        _candidates, fn_kwargs={"least": least}, batch_format="pyarrow"
    )
    for row in lines.take_all():
        index.counts[row["group"]][int(row["key"])] = int(row["docs"])
    keys = {group: set(counts) for group, counts in index.counts.items() if counts}
    forms = counted.lines.map_batches(_forms_of, fn_kwargs={"keys": keys}, batch_format="pyarrow")
    for row in forms.take_all():
        found = index.forms[row["group"]]
        found[int(row["key"])] = found.get(int(row["key"]), 0) + 1
    return index


def _write_counts(counted: _Counted, into: repeated_lines.LineCounts) -> None:
    """Pass 1's counts into a counts file, a batch at a time (its memory bound holds)."""
    groups = repeated_lines.Tally()
    groups.groups.update(counted.docs)
    into.add_tally(groups)
    for batch in counted.lines.iter_batches(batch_format="pyarrow", batch_size=100_000):
        columns = [batch[name].to_pylist() for name in _COLUMNS[:-1]]
        into.add_tally(tally_of(zip(*columns, strict=True)))


# -- a run -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Run:
    """The arguments of one :func:`clean_corpus_ray`, and its passes over the input."""

    source: str
    target: str
    pipeline: Pipeline
    text_field: str
    id_field: str | None
    final_newline: str
    on_error: str
    shard: tuple[int, int] | None
    force: bool
    rules: bool
    address: str | None
    num_cpus: int | None
    actors: int | None
    chunk_bytes: int
    on_failure: Callable[[str, str], None] | None
    report: ReportSink | None

    def cleaner(
        self, corpus: repeated_lines.CorpusStep | None, *, counting: bool = False
    ) -> RecordCleaner:
        """The record cleaner the actors use: pass 1's (``counting``: no rule counts, no
        report) or the cleaning pass's."""
        return Build(
            self.pipeline,
            self.text_field,
            self.id_field,
            self.final_newline,
            self.on_error,
            rules=not counting and self.rules,
            report=not counting and self.report is not None,
            corpus=corpus,
        )()

    def actors_options(self, ray: Any) -> dict[str, Any]:
        """Start a local Ray (or join ``address``) unless one runs; the ``map_batches``
        options of the cleaning actors."""
        if not ray.is_initialized():
            if self.address:
                ray.init(address=self.address, log_to_driver=False)
            else:
                ray.init(num_cpus=self.num_cpus or 2, include_dashboard=False, log_to_driver=False)
        cpus = int(ray.cluster_resources().get("CPU", 1))
        count = self.actors or max(1, cpus)
        ray.data.DataContext.get_current().execution_options.preserve_order = True
        # Fractional CPUs so the readers still get scheduled when every CPU has an actor.
        num_cpus = max(0.5, (cpus - 0.5) / count) if not self.address else 1
        return {"batch_size": 1, "concurrency": count, "num_cpus": num_cpus}

    def chunks(self, ray: Any, jobs: list[Job]) -> Any:
        """The chunks of ``jobs``' files, as :func:`read_chunks` reads them, in order."""
        files = ray.data.from_items([{"index": k, "path": j.source} for k, j in enumerate(jobs)])
        return files.map_batches(
            read_chunks, batch_size=1, fn_kwargs={"chunk_bytes": self.chunk_bytes}, num_cpus=0.25
        )

    def count(self, ray: Any, grouping: repeated_lines.Grouping, sketcher: Any = None) -> _Counted:
        """Pass 1: clean every record and count its lines, the lines added up by a groupby;
        with a ``sketcher`` (a :class:`~cleaner.corpus.neardup.NearDuplicates`), each record's
        near-duplicate sketch, made by the actors, goes into it on the driver."""
        jobs, many = plan(self.source, self.target, shard=self.shard)
        _check(jobs, many, self.shard)
        started = time.perf_counter()
        counter = self.cleaner(
            repeated_lines.CorpusStep(grouping, count=True, sketcher=sketcher), counting=True
        )
        options = self.actors_options(ray)
        rows = (
            self.chunks(ray, jobs)
            .map_batches(RayCounter, fn_constructor_args=(counter,), **options)
            .materialize()
        )
        counted = _Counted(RunStats(), False, Counter(), None)
        chunks = rows.map_batches(_of_kind, fn_kwargs={"kind": _STATS}, batch_format="pyarrow")
        for row in chunks.iter_rows():
            path, error, stats = pickle.loads(row["stats"])
            if error:
                counted.unread = True
                counted.stats.failures.append((path, error))
                if self.on_failure is not None:
                    self.on_failure(path, error)
            counted.docs.update(stats.tally.groups)
            stats.tally = repeated_lines.Tally()
            take_sketches(stats, sketcher)
            counted.stats.merge(stats)
        from ray.data.aggregate import Sum

        lines = rows.map_batches(_without_stats, batch_format="pyarrow")
        counted.lines = (
            _groupby(lines, ["kind", "group", "key", "form"], rows.size_bytes())
            .aggregate(Sum("docs", alias_name="docs"))
            .materialize()
        )
        counted.stats.seconds = time.perf_counter() - started
        return counted

    def clean(self, ray: Any, corpus: repeated_lines.CorpusStep | None) -> RunStats:
        """The cleaning pass (pass 2 of the stage with ``corpus``): every output written in
        input order, with its completion marker."""
        left, many, settings, identities, total = prepare(
            self.source,
            self.target,
            self.pipeline,
            text_field=self.text_field,
            final_newline=self.final_newline,
            on_error=self.on_error,
            shard=self.shard,
            force=self.force,
            corpus=corpus,
        )
        if self.shard is not None and not many:
            raise ConfigError("--shard of one file's records needs the local engine")
        tell_notices(total, self.on_failure)
        _check(left, many, None)
        io.remove_stale_temps([job.target for job in left])
        writer = Writer(total, settings, identities, self.on_failure, progress=False)
        if not left:
            return writer.close()
        options = self.actors_options(ray)
        cleaner = self.cleaner(corpus)
        cleaned = self.chunks(ray, left).map_batches(
            RayCleaner, fn_constructor_args=(cleaner,), **options
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
                    if self.report is not None and stats.report:  # rows come in input order
                        self.report(stats.report)
                        stats.report = []
                    writer.write(bytes(row["data"]), stats)
        except BaseException as exc:
            writer.abort(exc)
            raise
        return writer.close()


def _check(jobs: list[Job], many: bool, shard: tuple[int, int] | None) -> None:
    """Refuse what the Ray engine does not do: a shard of one file's records, Parquet, stdin."""
    if shard is not None and not many:
        raise ConfigError("--shard of one file's records needs the local engine")
    if any(job.source.endswith(".parquet") for job in jobs):
        raise ConfigError("the Ray engine reads JSONL; clean Parquet with the local engine")
    if any(job.source == "-" or job.target == "-" for job in jobs):
        raise ConfigError("the Ray engine reads and writes files, not - (stdin or stdout)")


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
    repeated: repeated_lines.Settings | None = None,
    grouping: repeated_lines.Grouping | None = None,
    counts_in: Sequence[str] = (),
    counts_out: str | None = None,
    near: NearDuplicateOptions | None = None,
) -> RunStats:
    """:func:`cleaner.corpus.clean_corpus` on Ray Data: the same arguments, the same output
    (and the same report lines, in input order, handed to ``report``).

    ``address`` joins a running cluster; without it a local Ray starts with ``num_cpus`` CPUs
    (2 by default). ``actors`` is the number of cleaning actors (one per CPU by default; at
    least one CPU's worth is left for reading when Ray is local).

    ``repeated``, ``grouping``, ``counts_in`` and ``counts_out`` run the corpus-level stage as
    :func:`~cleaner.corpus.clean_corpus` does, with the same output: pass 1 counts on Ray (a
    groupby) into the counts file ``counts_out`` when given, and the run stops there; or
    ``counts_in`` (the count files of every shard, written by either engine) stands for it.
    Pass 2 cleans with the index of repeated lines handed to every actor. With ``near``, the
    actors of pass 1 also sketch each record for near duplicates; the driver finds the
    clusters, writes their report and, with ``near.drop``, hands pass 2 the records to leave
    out (the signatures go beside ``counts_out``, and are read from beside ``counts_in``).
    """
    ray = _ray()
    check_choices(final_newline, on_error)
    run = _Run(
        source, target, pipeline if pipeline is not None else Pipeline.from_preset("default"),
        text_field, id_field, final_newline, on_error, shard, force, rules, address, num_cpus,
        actors, chunk_bytes, on_failure, report,
    )  # fmt: skip
    if repeated is None and near is None and not counts_in and counts_out is None:
        return run.clean(ray, None)
    if counts_out is not None and counts_in:
        raise ConfigError("give either counts to write (pass 1) or counts to read, not both")
    grouping = grouping or repeated_lines.Grouping()
    finder = near.finder() if near is not None else None
    index = None
    if counts_in:
        with repeated_lines.LineCounts() as counts:
            counts.merge(counts_in)
            if repeated is not None:
                index = counts.index(repeated)
        if near is not None:
            finder = near.load([near_signatures(path) for path in counts_in])
    else:
        counted = run.count(ray, grouping, finder)
        if counts_out is not None:
            with repeated_lines.LineCounts(counts_out) as counts:
                _write_counts(counted, counts)
            if finder is not None:
                finder.save(near_signatures(counts_out))
            return counted.stats
        if counted.unread:  # a file pass 1 could not read would be cleaned without its counts
            return counted.stats
        if repeated is not None:
            index = _index(counted, repeated)
    drop = near.finish(finder) if near is not None else frozenset()
    return run.clean(ray, repeated_lines.CorpusStep(grouping, index, drop=drop))
