"""Corpus scale: JSONL records in and out, compressed, sharded, in parallel, with counters.

The command line's JSONL mode is built on :func:`clean_corpus`; the adapters for datatrove, HF
datasets, Ray and others are in :mod:`cleaner.corpus.adapters`, the Ray engine in
:mod:`cleaner.corpus.ray_engine`. Optional dependencies are imported only when used.
"""

from __future__ import annotations

from cleaner.corpus.adapters import BatchCleaner
from cleaner.corpus.records import RecordCleaner, RecordError, clean_text
from cleaner.corpus.run import Pool, clean_corpus, parse_shard
from cleaner.corpus.stats import Counters, Removals, RunStats, removals, versions

__all__ = [
    "BatchCleaner",
    "Counters",
    "Pool",
    "RecordCleaner",
    "RecordError",
    "Removals",
    "RunStats",
    "clean_corpus",
    "clean_text",
    "parse_shard",
    "removals",
    "versions",
]
