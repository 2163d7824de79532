"""``python -m cleaner review IN OUT.html``: one offline HTML page showing what cleaning removed.

IN is a folder of ``.txt`` files, one text file, a JSONL corpus (compressed too), or a report
made earlier with ``--report``. A deterministic sample of its documents (``--sample N``) is
explained by the pipeline (:meth:`cleaner.Pipeline.explain`, the same code as cleaning) and drawn
as text with every removed line struck through and labelled with its rule id, and every repaired
span marked with its original. A table counts the lines and characters each rule removed; the
page's script filters by rule, searches, and steps from one removal to the next.

The page is one file with its style and script inline (``cleaner/data/review/``): it needs no
network and no server. A report holds the removed lines but not the kept ones, so a review made
from a report shows the removed lines in place and counts the kept lines between them.
"""

from __future__ import annotations

import argparse
import hashlib
import heapq
import html
import json
import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote

from cleaner import io, report
from cleaner.cli import add_pipeline_arguments
from cleaner.corpus import io as corpus_io
from cleaner.errors import CleanerError, ConfigError, InputError
from cleaner.pipeline import Pipeline

PROG = "cleaner review"
DEFAULT_SAMPLE = 1000

# A document's kept text is shown up to this many characters; past it, kept lines are counted
# instead of shown (every removed line is still shown), so one huge page cannot swamp the file.
MAX_KEPT_CHARS = 50_000
# Repairs are located by diffing the input against the repaired text, line by line and then
# character by character inside a changed line; past these sizes the diff costs too much and a
# changed line is marked whole.
MAX_DIFF_LINES = 5_000
MAX_DIFF_LINE_CHARS = 3_000
MAX_WAS_CHARS = 200  # the original shown on hover is cut here


@dataclass(frozen=True)
class Source:
    """One document to review: its id, the path it came from, and its text (``None`` for a
    report record, which carries its removals instead)."""

    id: str
    path: str | None
    text: str | None
    record: dict[str, Any] | None = None


# -- reading IN -------------------------------------------------------------------------------


def read_sources(
    path: str, *, jsonl: bool = False, text_field: str = "text", id_field: str | None = None
) -> Iterator[Source]:
    """The documents of IN, in order: a folder's ``.txt`` files (its JSONL files with
    ``jsonl``), one text file, the records of a JSONL file (or a report's records)."""
    if os.path.isdir(path) and not jsonl:
        for file in io.text_files(Path(path)):
            if io.special_kind(file) is None:  # a FIFO or a device could block: passed over
                yield Source(str(file), str(file), io.read_text(file).text)
        return
    if os.path.isdir(path):
        for found, _ in corpus_io.record_inputs(path)[0]:
            yield from _records(found, text_field, id_field)
        return
    if not os.path.exists(path):
        raise InputError(f"IN {path!r} does not exist")
    if jsonl or corpus_io.is_record_file(path):
        yield from _records(path, text_field, id_field)
        return
    yield Source(path, path, io.read_text(Path(path)).text)


def _records(path: str, text_field: str, id_field: str | None) -> Iterator[Source]:
    first = True
    with corpus_io.open_read(path) as stream:
        for number, raw in enumerate(stream, 1):
            if not raw.strip():
                continue
            try:
                value = json.loads(raw)
            except ValueError:
                continue  # not a document to show (the cleaning run keeps it unchanged)
            if first and report.looks_like_report(value) and text_field not in value:
                yield from (
                    Source(r["id"], _report_path(r["id"]), None, r) for r in report.read(path)
                )
                return
            first = False
            if not isinstance(value, dict) or not isinstance(value.get(text_field), str):
                continue  # as the cleaning run does with on_error=keep: not a document to show
            where = f"{path}:{number}"
            doc_id = str(value[id_field]) if id_field and id_field in value else where
            yield Source(doc_id, path, value[text_field])


def _report_path(doc_id: str) -> str | None:
    """The source file a report's id names, when it is a file here (a folder run's ids are
    paths); a JSONL record's ``FILE:LINE`` names its file."""
    if os.path.isfile(doc_id):
        return doc_id
    head, colon, tail = doc_id.rpartition(":")
    if colon and tail.isdigit() and os.path.isfile(head):
        return head
    return None


def sample(sources: Iterable[Source], n: int) -> list[Source]:
    """``n`` documents chosen by a hash of their ids (the same ones on every run, whatever the
    machine), given back in input order. Only ``n`` are held at a time.

    >>> docs = [Source(str(k), None, "") for k in range(100)]
    >>> [d.id for d in sample(docs, 3)] == [d.id for d in sample(reversed(docs), 3)][::-1]
    True
    """

    def key(item: tuple[int, Source]) -> tuple[str, int]:
        return hashlib.sha256(item[1].id.encode("utf-8", "replace")).hexdigest(), item[0]

    chosen = heapq.nsmallest(n, enumerate(sources), key=key)
    return [source for _, source in sorted(chosen, key=lambda item: item[0])]


# -- one document -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Reviewed:
    """A document ready to draw: its report record, and its repaired lines with the spans the
    repairs changed (``None`` for a report record, which has no kept lines)."""

    source: Source
    record: dict[str, Any]
    lines: list[str] | None
    spans: dict[int, list[Span]]


def review(pipeline: Pipeline, source: Source) -> Reviewed:
    """Explain a document, or take its report record."""
    if source.text is None:
        assert source.record is not None
        return Reviewed(source, source.record, None, {})
    explanation = pipeline.explain(source.text)
    record = report.record(source.id, explanation)
    repaired = explanation.repaired.split("\n")
    return Reviewed(source, record, repaired, repair_spans(source.text, explanation.repaired))


Span = tuple[int, int, str]  # start, end in the repaired line; the original text


def repair_spans(original: str, repaired: str) -> dict[int, list[Span]]:
    """Where the repairs changed the text: per line of ``repaired`` (0-based), the spans that
    differ from ``original`` with what stood there before. Changes of whitespace alone are left
    out: they are invisible and would mark nearly every line.

    The filters record how much they changed, not where; difflib finds where by comparing the
    input with the pipeline's own repaired text, so nothing here decides what a repair is.

    >>> repair_spans("Fish &amp; chips\\nok\\n", "Fish & chips\\nok\\n")
    {0: [(5, 6, '&amp;')]}
    """
    old, new = original.split("\n"), repaired.split("\n")
    if max(len(old), len(new)) > MAX_DIFF_LINES:
        return {}
    spans: dict[int, list[Span]] = {}
    matcher = SequenceMatcher(None, old, new, autojunk=False)
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op == "equal" or j1 == j2:
            continue
        if op == "replace" and i2 - i1 == j2 - j1:
            for k in range(j2 - j1):
                found = _line_spans(old[i1 + k], new[j1 + k])
                if found:
                    spans[j1 + k] = found
            continue
        was = "\n".join(old[i1:i2])
        for k in range(j1, j2):
            if not _same_but_space(was, new[k]) and new[k]:
                spans[k] = [(0, len(new[k]), _cut(was))]
    return spans


def _line_spans(old: str, new: str) -> list[Span]:
    if _same_but_space(old, new):
        return []
    if len(old) + len(new) > MAX_DIFF_LINE_CHARS:
        return [(0, len(new), _cut(old))]
    found: list[Span] = []
    for op, i1, i2, j1, j2 in SequenceMatcher(None, old, new, autojunk=False).get_opcodes():
        if op == "equal" or _same_but_space(old[i1:i2], new[j1:j2]):
            continue
        if j1 == j2:  # text taken out: mark the character before it (or after, at the start)
            if j1 > 0:
                i1, j1 = i1 - 1, j1 - 1
            elif j2 < len(new):
                i2, j2 = i2 + 1, j2 + 1
            else:
                continue
        if found and found[-1][1] >= j1:  # touching the previous span: one span
            start, _, was = found.pop()
            found.append((start, j2, _cut(was + old[i1:i2])))
        else:
            found.append((j1, j2, _cut(old[i1:i2])))
    return found


def _same_but_space(a: str, b: str) -> bool:
    return "".join(a.split()) == "".join(b.split())


def _cut(text: str) -> str:
    return text if len(text) <= MAX_WAS_CHARS else text[:MAX_WAS_CHARS] + "…"


def draw(
    repaired: list[str] | None,
    record: dict[str, Any],
    spans: dict[int, list[Span]],
    codes: dict[str, str],
) -> str:
    """The HTML of a document's text: kept lines as they are (with repaired spans marked),
    removed lines struck through with their rule id. With no text (a report), the kept lines
    between removals are counted.

    A run of lines one rule removed one after the other is one ``<del>`` (its first line number
    in ``data-line``, one line of text per line): scraped pages lose long runs of navigation, and
    one element per line made a 1,000-document page twice as large and far slower to open. For
    the same reason a rule is named by a short class (``r0``, ``r1``... in ``codes``, which new
    rules are added to); the page's style writes the rule id before the lines.

    >>> removed = [{"line": 3, "rule": "ad", "text": "- Anzeige -"},
    ...            {"line": 4, "rule": "ad", "text": "Menu"}]
    >>> record = {"lines": 4, "removed": removed}
    >>> print(draw(["Body.", "", "- Anzeige -", "Menu"], record, {}, {}))
    <span>Body.
    <BLANKLINE>
    </span><del class="r0" data-line="3">- Anzeige -
    Menu
    </del>
    """
    removed = {r["line"]: r for r in record["removed"]}
    total = record["lines"]
    out: list[str] = []
    kept: list[str] = []
    run: list[str] = []  # the lines of the current run of removed lines
    run_rule, run_start = "", 0
    kept_chars = 0
    hidden = 0

    def flush_kept() -> None:
        nonlocal hidden
        if kept:
            out.append(f"<span>{''.join(kept)}</span>")
            kept.clear()
        if hidden:
            what = "kept line" if hidden == 1 else "kept lines"
            why = "not in the report" if repaired is None else "not shown: a long document"
            out.append(f'<span class="gap">⋯ {hidden:,} {what} ({why})\n</span>')
            hidden = 0

    def flush_run() -> None:
        if run:
            code = codes.setdefault(run_rule, f"r{len(codes)}")
            out.append(f'<del class="{code}" data-line="{run_start}">{"".join(run)}</del>')
            run.clear()

    for number in range(1, total + 1):
        removal = removed.get(number)
        if removal is not None:
            flush_kept()
            if run and removal["rule"] != run_rule:
                flush_run()
            if not run:
                run_rule, run_start = removal["rule"], number
            run.append(_text(removal["text"]) + "\n")
            continue
        flush_run()
        if repaired is None or number > len(repaired) or kept_chars > MAX_KEPT_CHARS:
            if kept:
                flush_kept()
            hidden += 1
            continue
        text = repaired[number - 1]
        kept_chars += len(text)
        kept.append(_marked(text, spans.get(number - 1, [])) + "\n")
    flush_run()
    flush_kept()
    return "".join(out)


def _text(text: str) -> str:
    """Text as HTML element content (quotes need no escaping there: smaller pages)."""
    return html.escape(text, quote=False)


def _marked(line: str, spans: list[Span]) -> str:
    """A kept line as HTML, its repaired spans in ``<mark>`` with the original on hover/focus."""
    out: list[str] = []
    at = 0
    for start, end, was in spans:
        out.append(_text(line[at:start]))
        was_attr = html.escape(was)
        out.append(
            f'<mark class="fix" tabindex="0" data-was="{was_attr}" '
            f'aria-label="{html.escape(line[start:end])} (was: {was_attr})">'
            f"{_text(line[start:end])}</mark>"
        )
        at = end
    out.append(_text(line[at:]))
    return "".join(out)


# -- the page ---------------------------------------------------------------------------------


def _css_string(text: str) -> str:
    """``text`` inside a CSS string in double quotes (and in a <style> element).

    >>> _css_string('a"b\\\\c</style>')
    'a\\\\"b\\\\\\\\c\\\\3c /style>'
    """
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("<", "\\3c ")


def _asset(name: str) -> str:
    return resources.files("cleaner").joinpath("data", "review", name).read_text("utf-8")


def _link(source: Source, out_dir: Path) -> str:
    """A link to the document's source file, relative to the page; else to the document."""
    if source.path is None:
        return ""
    try:
        relative = os.path.relpath(os.path.abspath(source.path), os.path.abspath(out_dir))
    except ValueError:  # another drive on Windows
        relative = os.path.abspath(source.path)
    return quote(relative.replace(os.sep, "/"))


def page(docs: Sequence[Reviewed], *, title: str, about: str, out_dir: Path) -> str:
    """The whole page: header, rules table with its bar chart, and the documents."""
    rules: dict[str, list[int]] = {}  # rule: [lines, characters, documents]
    for doc in docs:
        seen = set()
        for removal in doc.record["removed"]:
            counts = rules.setdefault(removal["rule"], [0, 0, 0])
            counts[0] += 1
            counts[1] += len(removal["text"]) + 1
            seen.add(removal["rule"])
        for rule in seen:
            rules[rule][2] += 1
    ordered = sorted(rules.items(), key=lambda kv: (-kv[1][0], -kv[1][1], kv[0]))
    codes = {rule: f"r{k}" for k, (rule, _) in enumerate(ordered)}
    most = max((c[1] for c in rules.values()), default=1)
    rows = []
    for rule, (lines, chars, count) in ordered:
        width = max(1.0, 100 * chars / most)
        name = html.escape(rule)
        rows.append(
            f'<tr><th scope="row"><button type="button" class="rule" data-rule="{name}" '
            f'data-code="{codes[rule]}" aria-pressed="false">{name}</button></th>'
            f"<td>{lines:,}</td><td>{chars:,}</td>"
            f'<td>{count:,}</td><td class="bar"><svg viewBox="0 0 100 10" '
            f'preserveAspectRatio="none" role="img" aria-label="{chars:,} characters">'
            f'<rect width="{width:.1f}" height="10"></rect></svg></td></tr>'
        )
    articles = []
    for k, doc in enumerate(docs):
        removed = doc.record["removed"]
        used = " ".join(sorted({codes[r["rule"]] for r in removed}))
        link = _link(doc.source, out_dir) or f"#doc-{k}"
        repairs = ", ".join(
            f"{name} {c['lines']:,} line{'s' if c['lines'] != 1 else ''}"
            for name, c in doc.record["repairs"].items()
            if c["lines"]
        )
        meta = f"{doc.record['lines']:,} lines, {len(removed):,} removed"
        if repairs:
            meta += f"; repaired: {html.escape(repairs)}"
        articles.append(
            f'<article class="doc" id="doc-{k}" data-rules="{html.escape(used)}" '
            f'aria-labelledby="doc-{k}-h"><header><h2 id="doc-{k}-h">'
            f'<a href="{link}">{html.escape(doc.source.id)}</a></h2>'
            f'<p class="meta">{meta}</p></header><pre class="text">'
            f"{draw(doc.lines, doc.record, doc.spans, codes)}</pre></article>"
        )
    labels = "".join(
        f'del.{code}::before{{content:"{_css_string(rule)}"}}\n' for rule, code in codes.items()
    )
    total_lines = sum(c[0] for c in rules.values())
    total_chars = sum(c[1] for c in rules.values())
    return (
        _asset("page.html")
        .replace("{{title}}", html.escape(title))
        .replace("{{about}}", html.escape(about))
        .replace("{{style}}", _asset("review.css") + labels)
        .replace("{{script}}", _asset("review.js"))
        .replace("{{summary}}", f"{len(docs):,} documents, {total_lines:,} lines removed "
                 f"({total_chars:,} characters) by {len(rules):,} rules")
        .replace("{{rules}}", "\n".join(rows))
        .replace("{{documents}}", "\n".join(articles))
    )  # fmt: skip


# -- the command ------------------------------------------------------------------------------


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog=f"python -m {PROG}",
        description="Write one offline HTML page that shows what cleaning removes from a sample "
        "of IN: removed lines struck through with their rule id, repairs marked, a table of rules.",
    )
    p.add_argument("input", metavar="IN", help="folder of .txt files, a file, JSONL, or a report")
    p.add_argument("output", metavar="OUT.html", help="the page to write")
    add_pipeline_arguments(p)
    p.add_argument(
        "--sample",
        type=int,
        default=DEFAULT_SAMPLE,
        metavar="N",
        help=f"show N documents, the same ones every time (default {DEFAULT_SAMPLE})",
    )
    p.add_argument(
        "--jsonl", action="store_true", help="IN is JSONL whatever its name (a folder: its JSONL)"
    )
    p.add_argument("--text-field", default="text", metavar="NAME", help="default: text")
    p.add_argument("--id-field", default=None, metavar="NAME", help="a record id to show")
    return p


def main(argv: Sequence[str]) -> int:
    """Run ``review``; returns the exit status (0 done, 1 bad input, 2 usage error)."""
    # The command line's own pipeline building, so that --preset, --config and -O mean the same
    # here (imported here: the command line imports this module when asked for review).
    from cleaner.cli import EXIT_FAILURES, EXIT_OK, EXIT_USAGE, _build_pipeline

    try:
        args = _parser().parse_args(argv)
    except SystemExit as exc:
        return int(exc.code or 0)
    try:
        if args.sample < 1:
            raise ConfigError("--sample takes a positive number")
        # The same options as cleaning builds its pipeline from (--format is not offered).
        args.format = None
        pipeline = _build_pipeline(args)
        out = Path(args.output)
        if out.is_dir():
            raise ConfigError(f"OUT {args.output!r} is a folder; give a file name such as r.html")
        sources = read_sources(
            args.input, jsonl=args.jsonl, text_field=args.text_field, id_field=args.id_field
        )
        docs = [review(pipeline, source) for source in sample(sources, args.sample)]
        if not docs:
            raise InputError(f"{args.input}: no documents to review")
        about = f"{args.input} · {pipeline!r}"
        if docs[0].source.text is None:
            about = f"report {args.input}: kept lines are not in a report, only counted"
        text = page(docs, title=f"cleaner review: {args.input}", about=about, out_dir=out.parent)
        io.write_atomic(out, text.encode("utf-8"))
    except ConfigError as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except CleanerError as exc:
        print(f"{PROG}: {exc}", file=sys.stderr)
        return EXIT_FAILURES
    except OSError as exc:
        print(f"{PROG}: {exc.filename or ''}: {exc.strerror}", file=sys.stderr)
        return EXIT_FAILURES
    print(
        f"{PROG}: {len(docs):,} document{'s' if len(docs) != 1 else ''} into {out}", file=sys.stderr
    )
    return EXIT_OK
