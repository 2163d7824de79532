"""``python -m cleaner IN OUT``: clean every ``.txt`` file under IN into the same path under OUT.

Only I/O lives here; the text logic is the pipeline's. Exit codes: 0 when all went well, 1 when
some inputs failed (each named on stderr with the reason; the rest are still cleaned), 2 for
usage errors (nothing is written).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, TextIO

from cleaner import io
from cleaner.errors import CleanerError, ConfigError
from cleaner.filters import FILTERS
from cleaner.pipeline import PRESETS, Pipeline

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PROG = "cleaner"
EXIT_OK, EXIT_FAILURES, EXIT_USAGE = 0, 1, 2


class _UsageError(Exception):
    pass


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"python -m {PROG}",
        description="Clean scraped text: every .txt file under IN goes to the same path under "
        "OUT. IN and OUT may also be single files, or '-' for stdin and stdout.",
        epilog="exit status: 0 all cleaned, 1 some inputs failed (named on stderr), 2 usage error",
    )
    p.add_argument("input", nargs="?", metavar="IN", help="folder, file, or - for stdin")
    p.add_argument("output", nargs="?", metavar="OUT", help="folder, file, or - for stdout")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--preset", default=None, help=f"one of {', '.join(PRESETS)} (default)")
    how.add_argument("--config", metavar="FILE.toml", help="build the pipeline from a TOML file")
    p.add_argument(
        "-O",
        "--option",
        action="append",
        default=[],
        metavar="NAME=VALUE",
        help="set a filter option (VALUE is read as TOML: true, 3, 'text'; bare words are text)",
    )
    p.add_argument(
        "--format",
        choices=("plain", "markdown"),
        default=None,
        help="plain text (default), or markdown: the title marked '#', section headings '##'",
    )
    p.add_argument(
        "--jsonl",
        action="store_true",
        help='IN and OUT are JSON Lines files of {"text": ...} records; other fields are kept',
    )
    p.add_argument(
        "--fallback-encoding",
        metavar="ENC",
        help="decode files that are not UTF-8 with ENC (e.g. cp1252) instead of failing them",
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
        pipeline = Pipeline.from_preset(args.preset or "default", **options)
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


# -- one input -------------------------------------------------------------------------------


def _clean_file(task: tuple[Pipeline, Path, Path, str | None, int]) -> str | None:
    """Clean one file into its output path; the error message, or None when it went well."""
    pipeline, source, target, fallback, max_bytes = task
    try:
        text = io.read_text(source, fallback=fallback, max_bytes=max_bytes)
        io.write_atomic(target, io.encode(pipeline(text)))
    except CleanerError as exc:
        return str(exc)
    return None


def _progress(items: Iterable[Any], total: int, quiet: bool) -> Iterable[Any]:
    if quiet or total < 2:
        return items
    from tqdm import tqdm

    return tqdm(items, total=total, unit="file", file=sys.stderr, disable=None)


def _run_folder(pipeline: Pipeline, args: argparse.Namespace, src: Path, dst: Path) -> int:
    if dst.exists() and not dst.is_dir():
        raise _UsageError(f"OUT {str(dst)!r} is a file; give a folder for a folder IN")
    if io.is_within(dst, src):
        raise _UsageError("OUT must not be IN or inside it: outputs would be read as inputs")
    if io.is_within(src, dst):
        raise _UsageError("IN must not be inside OUT: outputs could overwrite inputs")
    sources = list(io.text_files(src))
    if not sources:
        print(f"{PROG}: no .txt files under {src}", file=sys.stderr)
        return EXIT_OK
    tasks = [
        (pipeline, s, dst / s.relative_to(src), args.fallback_encoding, args.max_bytes)
        for s in sources
    ]
    if args.jobs > 1:
        with ProcessPoolExecutor(max_workers=args.jobs) as pool:
            results = list(
                _progress(pool.map(_clean_file, tasks, chunksize=8), len(tasks), args.quiet)
            )
    else:
        results = list(_progress(map(_clean_file, tasks), len(tasks), args.quiet))
    errors = [e for e in results if e is not None]
    for error in errors:
        print(f"{PROG}: {error}", file=sys.stderr)
    if not args.quiet:
        done = len(tasks) - len(errors)
        print(f"{PROG}: cleaned {done} of {len(tasks)} files into {dst}", file=sys.stderr)
    return EXIT_FAILURES if errors else EXIT_OK


def _run_file(pipeline: Pipeline, args: argparse.Namespace, src: str, dst: str) -> int:
    if src == "-":
        text = io.decode(sys.stdin.buffer.read(), fallback=args.fallback_encoding, name="stdin")
    else:
        text = io.read_text(Path(src), fallback=args.fallback_encoding, max_bytes=args.max_bytes)
    data = io.encode(pipeline(text))
    if dst == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    target = Path(dst)
    if target.is_dir():
        target = target / Path(src if src != "-" else "stdin.txt").name
    if src != "-" and target.exists() and Path(src).resolve() == target.resolve():
        raise _UsageError("OUT must not be IN: the input would be overwritten")
    io.write_atomic(target, data)
    return EXIT_OK


def _run_jsonl(pipeline: Pipeline, args: argparse.Namespace, src: str, dst: str) -> int:
    if src != "-" and dst != "-" and Path(src).resolve() == Path(dst).resolve():
        raise _UsageError("OUT must not be IN: the input would be overwritten")
    failures = 0
    # Records stream from IN to OUT one at a time, so a corpus never has to fit in memory; a
    # file OUT appears only when every record is written.
    with contextlib.ExitStack() as stack:
        lines = sys.stdin.buffer if src == "-" else stack.enter_context(Path(src).open("rb"))
        sink = sys.stdout.buffer if dst == "-" else stack.enter_context(io.atomic_writer(Path(dst)))
        for number, raw in enumerate(lines, 1):
            if not raw.strip():
                continue
            try:
                record = json.loads(raw)
                if not isinstance(record, dict) or not isinstance(record.get("text"), str):
                    raise ValueError('not an object with a "text" string')
            except ValueError as exc:
                failures += 1
                print(f"{PROG}: {src}:{number}: skipped, {exc}", file=sys.stderr)
                continue
            record["text"] = pipeline(record["text"])
            sink.write(io.encode(json.dumps(record, ensure_ascii=False)) + b"\n")
        sink.flush()
    return EXIT_FAILURES if failures else EXIT_OK


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status instead of exiting."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse has printed its message
        return int(exc.code or 0)
    if args.list_filters:
        list_filters(sys.stdout)
        return EXIT_OK
    try:
        if args.input is None or args.output is None:
            raise _UsageError("give IN and OUT (folders, files, or - for stdin/stdout)")
        if args.jobs < 1 or args.max_bytes < 1:
            raise _UsageError("--jobs and --max-bytes take a positive number")
        pipeline = _build_pipeline(args)
        if args.jsonl:
            return _run_jsonl(pipeline, args, args.input, args.output)
        if args.input != "-" and Path(args.input).is_dir():
            if args.output == "-":
                raise _UsageError("a folder IN needs a folder OUT, not -")
            return _run_folder(pipeline, args, Path(args.input), Path(args.output))
        if args.input != "-" and not Path(args.input).exists():
            raise _UsageError(f"IN {args.input!r} does not exist")
        return _run_file(pipeline, args, args.input, args.output)
    except (_UsageError, ConfigError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CleanerError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    except OSError as exc:
        print(f"{PROG}: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILURES
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return 130


def main_entry() -> None:
    """Console-script entry point."""
    sys.exit(main())


if __name__ == "__main__":  # pragma: no cover
    main_entry()
