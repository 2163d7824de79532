"""Parquet files (``pip install 'cleaner[parquet]'``): the text column cleaned, the rest kept.

A Parquet file is read in batches of :data:`ROWS` rows (whatever ``--chunk-bytes`` says, so the
row groups written, and so the output bytes, are the same for any number of processes); each
batch goes to a worker whole, its text column is cleaned as records' texts are, and the batch
comes back with the same schema. Outputs are written to a temporary file and renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import posixpath
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from cleaner.corpus import io
from cleaner.corpus.records import RecordCleaner
from cleaner.corpus.stats import RunStats
from cleaner.errors import InputError
from cleaner.io import renamed_into_place, temp_beside

ROWS = 4096


def is_parquet(name: str) -> bool:
    return name.endswith(".parquet")


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow
        import pyarrow.parquet
    except ImportError:
        raise io.missing_extra("pyarrow", "parquet", "a .parquet file") from None
    return pyarrow, pyarrow.parquet


def batches(path: str, rows: int | None = None) -> Iterator[Any]:
    """The record batches of a Parquet file; one empty batch for a file with no rows."""
    pa, pq = _pyarrow()
    rows = rows or ROWS
    with contextlib.ExitStack() as stack:
        if io.is_remote(path):
            fs, inner = io._fs(path)
            source: Any = stack.enter_context(fs.open(inner, "rb"))
        else:
            source = path
        try:
            reader = pq.ParquetFile(source)
            empty = True
            for batch in reader.iter_batches(batch_size=rows):
                empty = False
                yield batch
            if empty:
                yield pa.RecordBatch.from_pylist([], schema=reader.schema_arrow)
        except (pa.ArrowException, OSError) as exc:
            raise InputError(f"not a readable Parquet file: {exc}") from None


def clean_batch(cleaner: RecordCleaner, batch: Any, first: int, name: str) -> tuple[Any, RunStats]:
    """One batch with its text column cleaned (rows left out by ``on_error="skip"``)."""
    pa, _ = _pyarrow()
    index = batch.schema.get_field_index(cleaner.text_field)
    values = batch.column(index).to_pylist() if index >= 0 else [_MISSING] * batch.num_rows
    numbers = range(first, first + batch.num_rows)
    cleaned, keep, stats = cleaner.clean_values(values, numbers, f"{name}, row")
    stats.bytes_in = batch.nbytes
    if index >= 0:
        field = batch.schema.field(index)
        column = pa.array(cleaned, type=field.type)
        batch = pa.RecordBatch.from_arrays(
            [column if k == index else batch.column(k) for k in range(batch.num_columns)],
            schema=batch.schema,
        )
    if not all(keep):
        batch = batch.filter(pa.array(keep))
    stats.bytes_out = batch.nbytes
    return batch, stats


_MISSING = object()


class _Sink:
    """Writes batches to a Parquet file, opened at the first batch with its schema."""

    def __init__(self, where: Any) -> None:
        self.where = where
        self.writer: Any = None

    def write(self, batch: Any) -> None:
        if self.writer is None:
            _, pq = _pyarrow()
            self.writer = pq.ParquetWriter(self.where, batch.schema)
        self.writer.write_batch(batch)

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


@contextlib.contextmanager
def atomic_parquet(path: str) -> Iterator[_Sink]:
    """A Parquet writer whose file becomes ``path`` only when the block ends without an error."""
    if io.is_remote(path):
        fs, inner = io._fs(path)
        parent, base = posixpath.split(inner)
        tmp = posixpath.join(parent, f"{io.temp_prefix(base)}{os.getpid()}.tmp")
        try:
            fs.makedirs(parent, exist_ok=True)
            with fs.open(tmp, "wb") as raw:
                sink = _Sink(raw)
                yield sink
                sink.close()
            fs.mv(tmp, inner)
        except BaseException:
            with contextlib.suppress(Exception):
                fs.rm(tmp)
            raise
        return
    target = Path(path)
    fd, tmp_name = temp_beside(target, path)
    os.close(fd)
    with renamed_into_place(tmp_name, target, path):
        sink = _Sink(tmp_name)
        yield sink
        sink.close()
