"""``python -m cleaner IN OUT``: clean every ``.txt`` file under IN into the same path under OUT,
or JSONL (and Parquet) records with ``--jsonl`` (see :mod:`cleaner.corpus`).

Only I/O lives here; the text logic is the pipeline's, the records' the corpus package's. Exit
codes: 0 when all went well, 1 when some inputs failed (each named on stderr with the reason; the
rest are still cleaned), 2 for usage errors (nothing is written).
"""

from __future__ import annotations

import argparse
import contextlib
import dataclasses
import glob
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TextIO

from cleaner import io
from cleaner.corpus import io as corpus_io
from cleaner.corpus import repeated
from cleaner.corpus.records import FINAL_NEWLINE, ON_ERROR, RecordError
from cleaner.corpus.run import (
    CHUNK_BYTES,
    NearDuplicateOptions,
    Pool,
    clean_corpus,
    corpus_first_pass,
    parse_shard,
    take_first_pass,
)
from cleaner.corpus.stats import Counters, RunStats, report, summary
from cleaner.errors import CleanerError, ConfigError, InputError, unexpected
from cleaner.filters import FILTERS
from cleaner.pipeline import PRESETS, Pipeline
from cleaner.report import line as report_line
from cleaner.report import writing as report_writing

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROG = "cleaner"
EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as a shell reports Ctrl-C; SIGTERM is handled the same
EXIT_BROKEN_PIPE = 141  # 128 + SIGPIPE, as a shell reports `cat big | head -c1` for cat
DEFAULT_PRESET = "default"


class _UsageError(Exception):
    pass


def add_pipeline_arguments(p: argparse.ArgumentParser) -> None:
    """The arguments that choose the pipeline (--preset or --config, and -O), for cleaning and
    for the review page alike."""
    how = p.add_mutually_exclusive_group()
    how.add_argument(
        "--preset",
        default=None,
        help=f"one of {', '.join(PRESETS)} (default: {DEFAULT_PRESET})",
    )
    how.add_argument("--config", metavar="FILE.toml", help="build the pipeline from a TOML file")
    p.add_argument(
        "-O",
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a filter option (VALUE is read as TOML: true, 3, 'text'; bare words are text)",
    )


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"python -m {PROG}",
        description="Clean scraped text: every .txt file under IN goes to the same path under "
        "OUT. IN and OUT may also be single files, or '-' for stdin and stdout.",
        epilog="exit status: 0 all cleaned, 1 some inputs failed (named on stderr), 2 usage "
        "error (nothing written), 130 interrupted (Ctrl-C or SIGTERM; unfinished outputs "
        "removed), 141 stdout closed early (as by | head)"
        "; 'python -m cleaner review --help': a page showing what cleaning removes",
    )
    p.add_argument("input", nargs="?", metavar="IN", help="folder, file, or - for stdin")
    p.add_argument("output", nargs="?", metavar="OUT", help="folder, file, or - for stdout")
    add_pipeline_arguments(p)
    p.add_argument(
        "--format",
        choices=("plain", "markdown"),
        default=None,
        help="plain text (default), or markdown: the title marked '#', section headings '##'",
    )
    p.add_argument(
        "--jsonl",
        action="store_true",
        help="IN and OUT are JSON Lines records (implied by a .jsonl[.gz|.bz2|.xz|.zst] IN or a "
        "glob): a file, -, or a folder or glob of JSONL files mirrored under OUT",
    )
    rec = p.add_argument_group("records (JSONL)")
    rec.add_argument("--text-field", default="text", metavar="NAME", help="default: text")
    rec.add_argument(
        "--id-field", default=None, metavar="NAME", help="a record id to name in messages"
    )
    rec.add_argument(
        "--on-error",
        choices=ON_ERROR,
        default="keep",
        help="a record cleaner cannot use is kept unchanged (default), skipped, or stops the run",
    )
    rec.add_argument(
        "--final-newline",
        choices=FINAL_NEWLINE,
        default="input",
        help="a record's text ends with a newline as its input did (default), always, or never",
    )
    rec.add_argument(
        "--shard",
        metavar="I/N",
        help="take share I of N (0-based): every N-th file of a folder, or record of one file",
    )
    rec.add_argument("--force", action="store_true", help="redo outputs that are complete")
    rec.add_argument(
        "--chunk-bytes",
        type=int,
        default=CHUNK_BYTES,
        metavar="N",
        help=f"records go to the workers about N bytes at a time (default {CHUNK_BYTES})",
    )
    rec.add_argument(
        "--engine",
        choices=("local", "ray"),
        default="local",
        help="local processes (default), or Ray Data (pip install 'cleaner[ray]')",
    )
    rec.add_argument(
        "--ray-address", metavar="ADDR", help="a Ray cluster to join (default: a local Ray)"
    )
    site = p.add_argument_group(
        "repeated lines (corpus-level: lines found on many pages of one site are its template)"
    )
    site.add_argument(
        "--repeated-lines",
        action="store_true",
        help="after cleaning, remove the lines repeated across the documents of each group "
        "(two passes: count, then clean and remove)",
    )
    site.add_argument(
        "--group-field", metavar="NAME", help="a record's group is this field's value (a site)"
    )
    site.add_argument(
        "--group-url-field",
        metavar="NAME",
        help="a record's group is the host of the URL in this field",
    )
    site.add_argument(
        "--split-field",
        metavar="NAME",
        help="split each group by this field too (a capture date, a section)",
    )
    site.add_argument(
        "--count-only",
        metavar="FILE",
        help="pass 1 of one shard: write the line counts to FILE and stop (no output)",
    )
    site.add_argument(
        "--counts",
        metavar="FILE",
        action="append",
        help="pass 2 with these counts (repeat for every shard's FILE); implies --repeated-lines",
    )
    site.add_argument(
        "--near-duplicates",
        metavar="REPORT.jsonl",
        help="find near-duplicate documents (MinHash; pip install 'cleaner[dedup]') and write "
        "their clusters to REPORT.jsonl; ids are the records' FILE:LINE",
    )
    site.add_argument(
        "--drop-near-duplicates",
        action="store_true",
        help="keep one document of each near-duplicate cluster (the longest; ties: first id)",
    )
    site.add_argument(
        "--near-threshold",
        type=float,
        default=0.6,
        metavar="J",
        help="the word 5-gram Jaccard index from which two documents are near duplicates "
        "(default %(default)s)",
    )
    site.add_argument(
        "--repeated-option",
        metavar="NAME=VALUE",
        action="append",
        default=[],
        help="a setting of the stage: min_count, share, running_words, running_min_count, "
        "running_share, data_share, edge_words, version_share (see the README)",
    )
    p.add_argument(
        "--stats",
        metavar="FILE.json",
        help="write per-filter and per-rule counts, versions and the pipeline to FILE.json",
    )
    # The removal report.
    p.add_argument(
        "--report",
        metavar="FILE.jsonl",
        help="write one JSON record per document: each removed line with its line number, rule "
        "id and text, and the counts of each repair filter (see 'python -m cleaner review')",
    )
    p.add_argument(
        "--fallback-encoding",
        metavar="ENC",
        help="decode files that are not UTF-8 with ENC (e.g. cp1252, utf-16) instead of "
        "guessing their encoding or failing them",
    )
    p.add_argument(
        "--no-detect-encoding",
        dest="detect_encoding",
        action="store_false",
        help="fail files that are not UTF-8 (nor UTF-16/32 with a BOM) instead of decoding them "
        "with charset-normalizer's guess when it is confident (pip install 'cleaner[detect]')",
    )
    p.add_argument(
        "--max-bytes",
        type=int,
        default=io.MAX_BYTES,
        metavar="N",
        help=f"refuse input files larger than N bytes (default {io.MAX_BYTES})",
    )
    p.add_argument("-j", "--jobs", type=int, default=1, metavar="N", help="worker processes")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress bar or summary")
    p.add_argument("--list-filters", action="store_true", help="print the filter table and exit")
    return p


def _option_value(raw: str) -> Any:
    try:
        return tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        return raw


def _build_pipeline(args: argparse.Namespace) -> Pipeline:
    options = {}
    for item in args.option:
        name, eq, raw = item.partition("=")
        if not eq or not name:
            raise ConfigError(f"--option takes NAME=VALUE, not {item!r}")
        options[name.strip()] = _option_value(raw.strip())
    if args.config:
        pipeline = Pipeline.from_toml(args.config).configure(**options)
    else:
        pipeline = Pipeline.from_preset(args.preset or DEFAULT_PRESET, **options)
    # --format is the markdown filter's option; asking for Markdown switches the filter on.
    if args.format == "markdown":
        return pipeline.enable("markdown").configure(format="markdown")
    if args.format == "plain" and "markdown" in pipeline.names:
        return pipeline.configure(format="plain")
    return pipeline


def list_filters(out: TextIO) -> None:
    """The filter table: name, stage, presets, summary, options and guarantees."""
    for f in FILTERS:
        presets = ",".join(p for p, names in PRESETS.items() if f.name in names) or "opt-in"
        print(f"{f.name:<20} {f.stage.name.lower():<12} {presets:<22} {f.summary}", file=out)
        details = [f"{k}={v!r}" for k, v in f.options.items()]
        details += sorted(g.value for g in f.guarantees)
        print(f"{'':<20} {'':<12} {'':<22} [{'; '.join(details)}]", file=out)


# -- text files ------------------------------------------------------------------------------


def _clean_file(state: _Worker, task: tuple[Path, Path]) -> tuple[str | None, RunStats]:
    """Clean one file into its output path: the error message (None when it went well) and the
    counters of that file. Any exception fails this file alone, named with the reason."""
    source, target = task
    counters = state.counters
    try:
        decoded = io.read_text(
            source,
            fallback=state.fallback,
            max_bytes=state.max_bytes,
            detect_encoding=state.detect_encoding,
        )
        text = decoded.text
        cleaned = counters(text)
        corpus = state.corpus
        stage = RunStats()
        if corpus is not None:  # the corpus-level passes: the file's group is its folder
            group = str(source.parent.relative_to(state.root)) if state.root else "."
            if corpus.count:
                stage.tally.add(group, cleaned)
            if corpus.sketcher is not None:
                stage.sketches.append(corpus.sketcher.sketch(str(source), cleaned))
            if corpus.count or corpus.sketcher is not None:  # pass 1 writes nothing
                counters.take()
                return None, stage
            if str(source) in corpus.drop:
                counters.take()
                stage.stage.near_duplicates_dropped = 1
                return None, stage
            if corpus.index is not None:
                cleaned, _ = corpus.index.apply(group, cleaned, stage.stage)
        data = io.encode(cleaned)
        io.write_atomic(target, data)
    except CleanerError as exc:
        counters.take()
        return str(exc), RunStats(files=1)
    except Exception as exc:  # a bug met on this text: fail this file, let the others go on
        counters.take()
        return f"{source}: cleaning failed ({unexpected(exc)})", RunStats(files=1)
    stats = counters.take()
    stats.merge(stage)
    if decoded.how:
        stats.encodings[decoded.how] = 1
    if state.report and counters.last is not None:  # the file's report line
        stats.report.append(report_line(str(source), counters.last))
    stats.files = stats.records = stats.written = 1
    stats.changed = int(cleaned != text)
    stats.characters_in, stats.characters_out = len(text), len(cleaned)
    stats.bytes_out = len(data)
    with contextlib.suppress(OSError):
        stats.bytes_in = source.stat().st_size
    return None, stats


@dataclass(frozen=True)
class _Worker:
    """What a worker holds: the counting pipeline and the decoding settings."""

    counters: Counters
    fallback: str | None
    max_bytes: int
    detect_encoding: bool
    report: bool = False  # --report: each file's report line in its counters
    corpus: repeated.CorpusStep | None = None  # the corpus-level passes (one of them)
    root: Path | None = None  # IN: a file's group is its folder under IN


@dataclass(frozen=True)
class _FileState:
    """How a worker builds its :class:`_Worker`, once (picklable)."""

    pipeline: Pipeline
    fallback: str | None
    max_bytes: int
    detect_encoding: bool
    rules: bool
    report: bool = False
    corpus: repeated.CorpusStep | None = None
    root: Path | None = None

    def __call__(self) -> _Worker:
        counters = Counters(self.pipeline, rules=self.rules or self.report)
        return _Worker(
            counters,
            self.fallback,
            self.max_bytes,
            self.detect_encoding,
            self.report,
            self.corpus,
            self.root,
        )


def _progress(items: Iterable[Any], total: int, quiet: bool) -> Iterable[Any]:
    if quiet or total < 2:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit="file", file=sys.stderr, disable=None)


def _run_folder(pipeline: Pipeline, args: argparse.Namespace, src: Path, dst: Path) -> int:
    stage = _stage_options(args)
    if stage and stage["grouping"] != repeated.Grouping():
        raise _UsageError(
            "a folder of text files is grouped by folder: --group-field, --group-url-field "
            "and --split-field are for JSONL (--jsonl)"
        )
    if dst.exists() and not dst.is_dir():
        raise _UsageError(f"OUT {str(dst)!r} is a file; give a folder for a folder IN")
    if io.is_within(dst, src):
        raise _UsageError("OUT must not be IN or inside it: outputs would be read as inputs")
    if io.is_within(src, dst):
        raise _UsageError("IN must not be inside OUT: outputs could overwrite inputs")
    sources = list(io.text_files(src))
    if args.shard:
        index, count = parse_shard(args.shard)
        sources = [s for k, s in enumerate(sources) if k % count == index]
    total = RunStats()
    sources = _regular(sources, total)
    if not sources:
        if not total.not_regular:
            print(f"{PROG}: no .txt files under {src}", file=sys.stderr)
        return EXIT_OK
    tasks = [(s, dst / s.relative_to(src)) for s in sources]
    state = _FileState(
        pipeline,
        args.fallback_encoding,
        args.max_bytes,
        args.detect_encoding,
        bool(args.stats),
        bool(args.report),
    )
    started = time.perf_counter()
    if stage:
        step = _folder_first_pass(state, args, tasks, stage, src)
        if step is None:  # --count-only: pass 1 was the run
            return EXIT_OK
        state = dataclasses.replace(state, corpus=step, root=src)
    errors = []
    with report_writing(args.report) as write_report, Pool(state, args.jobs) as pool:
        for error, stats in _progress(pool.ordered(_clean_file, tasks), len(tasks), args.quiet):
            if write_report is not None and stats.report:
                write_report(stats.report)
                stats.report = []
            total.merge(stats)
            if error is not None:
                errors.append(error)
    total.seconds = time.perf_counter() - started
    for error in errors:
        print(f"{PROG}: {error}", file=sys.stderr)
    _finish(pipeline, args, total)
    if not args.quiet:
        done = len(tasks) - len(errors)
        print(f"{PROG}: cleaned {done} of {len(tasks)} files into {dst}", file=sys.stderr)
    return EXIT_FAILURES if errors else EXIT_OK


def _folder_first_pass(
    state: _FileState,
    args: argparse.Namespace,
    tasks: list[tuple[Path, Path]],
    stage: dict[str, Any],
    src: Path,
) -> repeated.CorpusStep | None:
    """Pass 1 of the corpus-level stage over a folder of text files (each file's group is its
    folder under IN); what pass 2 does, or None when the run was ``--count-only``."""

    def count(step: repeated.CorpusStep, counts: repeated.LineCounts) -> bool:
        counting = dataclasses.replace(state, corpus=step, root=src, rules=False)
        with Pool(counting, args.jobs) as pool:
            results: Iterable[Any] = pool.ordered(_clean_file, tasks)
            for error, stats in results:
                if error is not None:  # counts without this file would mislead pass 2
                    raise InputError(f"{error}; stopped before pass 2 (the counts)")
                take_first_pass(stats, step, counts)
        return True

    return corpus_first_pass(
        count,
        repeated.Grouping(),
        stage["repeated"],
        stage["near"],
        stage["counts_in"],
        stage["counts_out"],
    )


def _regular(sources: list[Path], total: RunStats) -> list[Path]:
    """The sources that are regular files; each other one (a FIFO, a device, a socket, also
    behind a link) is named in a notice and counted, since reading it could block or never end.
    """
    kept = []
    for source in sources:
        kind = io.special_kind(source)
        if kind is None:
            kept.append(source)
        else:
            print(f"{PROG}: {source}: {kind}, not a regular file; skipped", file=sys.stderr)
            total.not_regular += 1
    return kept


def _run_file(pipeline: Pipeline, args: argparse.Namespace, src: str, dst: str) -> int:
    if src == "-":
        data = sys.stdin.buffer.read(args.max_bytes + 1)
        if len(data) > args.max_bytes:
            raise InputError(f"stdin: over the limit of {args.max_bytes} bytes; raise --max-bytes")
        decoded = io.decode_text(
            data,
            fallback=args.fallback_encoding,
            name="stdin",
            detect_encoding=args.detect_encoding,
        )
    else:
        # A file named on the command line may be a pipe, such as a shell's <(...): it is read
        # like stdin, up to --max-bytes.
        decoded = io.read_text(
            Path(src),
            fallback=args.fallback_encoding,
            max_bytes=args.max_bytes,
            regular_only=False,
            detect_encoding=args.detect_encoding,
        )
    counters = Counters(pipeline, rules=bool(args.stats or args.report))
    data = io.encode(counters(decoded.text))
    if dst == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        target = Path(dst)
        # OUT ending in a slash names a folder, as for cp: the file goes inside it.
        if target.is_dir() or dst.endswith(("/", os.sep)):
            target = target / Path(src if src != "-" else "stdin.txt").name
        if src != "-" and target.exists() and Path(src).resolve() == target.resolve():
            raise _UsageError("OUT must not be IN: the input would be overwritten")
        io.write_atomic(target, data)
    if args.report and counters.last is not None:
        with report_writing(args.report) as write_report:
            assert write_report is not None
            write_report([report_line(src if src != "-" else "stdin", counters.last)])
    if args.stats:
        stats = counters.take()
        if decoded.how:
            stats.encodings[decoded.how] = 1
        _write_stats(pipeline, args, stats)
    return EXIT_OK


# -- records ---------------------------------------------------------------------------------


def _is_records(path: str) -> bool:
    """A JSONL IN: a record file by its name, a glob, or a remote path."""
    return corpus_io.is_record_file(path) or glob.has_magic(path) or corpus_io.is_remote(path)


def _run_records(pipeline: Pipeline, args: argparse.Namespace, src: str, dst: str) -> int:
    shard = parse_shard(args.shard) if args.shard else None
    if args.chunk_bytes < 1:
        raise _UsageError("--chunk-bytes takes a positive number")
    shown = 0

    def tell(where: str, why: str) -> None:
        nonlocal shown
        shown += 1
        if shown <= 20:
            print(f"{PROG}: {where}: {why}", file=sys.stderr)
        elif shown == 21:
            print(f"{PROG}: more problems; counted in the summary", file=sys.stderr)

    settings = dict(
        text_field=args.text_field,
        id_field=args.id_field,
        final_newline=args.final_newline,
        on_error=args.on_error,
        jobs=args.jobs,
        shard=shard,
        force=args.force,
        rules=bool(args.stats or args.report),
    )
    stage = _stage_options(args)
    try:
        if args.engine == "ray":
            from cleaner.corpus.ray_engine import clean_corpus_ray

            del settings["jobs"]
            with report_writing(args.report) as write_report:
                stats = clean_corpus_ray(
                    src,
                    dst,
                    pipeline,
                    address=args.ray_address,
                    num_cpus=args.jobs,
                    on_failure=tell,
                    report=write_report,
                    **settings,
                    **stage,
                )
        else:
            with report_writing(args.report) as write_report:
                stats = clean_corpus(
                    src,
                    dst,
                    pipeline,
                    chunk_bytes=args.chunk_bytes,
                    progress=not args.quiet,
                    on_failure=tell,
                    report=write_report,
                    **settings,
                    **stage,
                )
    except RecordError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    _finish(pipeline, args, stats)
    if not (stats.files or stats.files_skipped or stats.failures or stats.not_regular):
        print(f"{PROG}: no JSONL files in {src}", file=sys.stderr)
    return EXIT_FAILURES if stats.failures or stats.bad else EXIT_OK


def _stage_options(args: argparse.Namespace) -> dict[str, Any]:
    """clean_corpus's options for the corpus-level stage, from the command line ({} without)."""
    grouping = repeated.Grouping(args.group_field, args.group_url_field, args.split_field)
    near = None
    if args.near_duplicates or args.drop_near_duplicates:
        if not 0 < args.near_threshold <= 1:
            raise _UsageError("--near-threshold takes a number above 0 and at most 1")
        near = NearDuplicateOptions(
            args.near_threshold, args.near_duplicates, args.drop_near_duplicates
        )
    asked = args.repeated_lines or args.counts or args.count_only or args.repeated_option
    if not asked and near is None:
        if grouping != repeated.Grouping():
            raise _UsageError("--group-field, --group-url-field and --split-field need "
                              "--repeated-lines")  # fmt: skip
        return {}
    if args.group_field and args.group_url_field:
        raise _UsageError("give --group-field or --group-url-field, not both")
    values: dict[str, Any] = {}
    kinds = {f.name: f.type for f in dataclasses.fields(repeated.Settings)}
    for item in args.repeated_option:
        name, sep, value = item.partition("=")
        kind = kinds.get(name)
        if not sep or kind is None:
            names = ", ".join(kinds)
            raise _UsageError(f"--repeated-option {item!r}: give NAME=VALUE, NAME one of {names}")
        try:
            values[name] = int(value) if kind in ("int", int) else float(value)
        except ValueError:
            raise _UsageError(f"--repeated-option {item!r}: {value!r} is not a number") from None
    stage = args.repeated_lines or args.repeated_option or (args.counts and not near)
    return {
        "repeated": repeated.Settings(**values) if stage or args.count_only else None,
        "grouping": grouping,
        "counts_in": args.counts or (),
        "counts_out": args.count_only,
        "near": near,
    }


def _finish(pipeline: Pipeline, args: argparse.Namespace, stats: RunStats) -> None:
    """The end of a run: the --stats file, and the summary unless -q."""
    if args.stats:
        _write_stats(pipeline, args, stats)
    if not args.quiet:
        print(summary(stats), file=sys.stderr)


def _write_stats(pipeline: Pipeline, args: argparse.Namespace, stats: RunStats) -> None:
    settings = {
        k: getattr(args, k)
        for k in ("input", "output", "jsonl", "text_field", "id_field", "on_error",
                  "final_newline", "shard", "jobs", "engine")
    }  # fmt: skip
    data = json.dumps(report(stats, pipeline, settings), indent=1, ensure_ascii=False)
    io.write_atomic(Path(args.stats), data.encode("utf-8") + b"\n")


class _Terminated(KeyboardInterrupt):
    """SIGTERM, handled as Ctrl-C is: the run stops and its unfinished outputs are removed."""


def _on_sigterm(signum: int, frame: object) -> None:
    # A second SIGTERM while stopping would cut the clean-up short; SIGKILL is still there.
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
    raise _Terminated


@contextlib.contextmanager
def _sigterm_as_interrupt() -> Iterator[None]:
    """SIGTERM raises :class:`_Terminated` for the length of the block (main thread only: a
    signal handler cannot be set elsewhere), then the old handler comes back."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    old = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, old)


def _quiet_stdout() -> None:
    """After a broken pipe, point stdout at /dev/null, so that Python's last flush at exit does
    not complain about the same pipe again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["review"]:  # python -m cleaner review IN OUT.html
        from cleaner.review import main as review_main

        return review_main(argv[1:])
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return int(exc.code or 0)
    if args.list_filters:
        list_filters(sys.stdout)
        return EXIT_OK
    with _sigterm_as_interrupt():
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    try:
        if args.input is None or args.output is None:
            raise _UsageError("give IN and OUT (folders, files, or - for stdin/stdout)")
        if args.jobs < 1 or args.max_bytes < 1:
            raise _UsageError("--jobs and --max-bytes take a positive number")
        if args.fallback_encoding is not None:
            io.check_encoding(args.fallback_encoding)
        pipeline = _build_pipeline(args)
        if args.jsonl or _is_records(args.input):
            return _run_records(pipeline, args, args.input, args.output)
        if args.engine != "local":
            raise _UsageError("--engine ray cleans JSONL records; add --jsonl")
        if args.input != "-" and Path(args.input).is_dir():
            if args.output == "-":
                raise _UsageError("a folder IN needs a folder OUT, not -")
            return _run_folder(pipeline, args, Path(args.input), Path(args.output))
        if args.input != "-" and not Path(args.input).exists():
            raise _UsageError(io.why_missing(args.input))
        return _run_file(pipeline, args, args.input, args.output)
    except (_UsageError, ConfigError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CleanerError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    except BrokenProcessPool:
        print(
            f"{PROG}: a worker process died (killed from outside, or out of memory); the run "
            "stopped, its unfinished outputs removed",
            file=sys.stderr,
        )
        return EXIT_FAILURES
    except BrokenPipeError:  # the reader of stdout went away (| head): nothing more to say
        _quiet_stdout()
        return EXIT_BROKEN_PIPE
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        print(f"{PROG}: {where}{exc.strerror or exc}", file=sys.stderr)
        return EXIT_FAILURES
    except KeyboardInterrupt as exc:
        # An interruption can land between creating a temporary file and the block that would
        # remove it; the listed ones go here.
        io.remove_pending_temps()
        if isinstance(exc, _Terminated):
            print(f"{PROG}: terminated (SIGTERM); unfinished outputs removed", file=sys.stderr)
        else:
            print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED


def main_entry() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    main_entry()
