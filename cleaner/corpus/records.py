"""Records: cleaning the text field of JSON Lines records, one chunk of lines at a time.

A record's text is changed only when cleaning changed it, and a record whose text did not change
is written back byte for byte as it was read. The pipeline ends every text with a newline, which
is right for a file and wrong for a record: ``final_newline`` says what a record gets.

- ``"input"`` (the default for records): the text ends with a newline when the input text did.
- ``"always"``: the text ends with one newline, as a cleaned file does.
- ``"never"``: the final newline is dropped.

A record cleaner cannot use (a line that is not JSON, not an object, with no text field, with
a text that is neither a string nor null, or whose cleaning raised an unexpected exception) is an
error. ``on_error`` says what happens to it:
``"keep"`` (the default) writes it back unchanged, ``"skip"`` leaves it out, ``"fail"`` stops the
run; every one is counted. A null text is not an error: the record passes through unchanged, and
is counted as null. Blank lines are not records and are left out.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from typing import Any, Literal

from cleaner import report
from cleaner.corpus.repeated import CorpusStep
from cleaner.corpus.stats import Counters, RuleCount, RunStats
from cleaner.errors import CleanerError, ConfigError, unexpected
from cleaner.io import encode
from cleaner.pipeline import Pipeline

FinalNewline = Literal["input", "always", "never"]
OnError = Literal["keep", "skip", "fail"]
FINAL_NEWLINE: tuple[FinalNewline, ...] = ("input", "always", "never")
ON_ERROR: tuple[OnError, ...] = ("keep", "skip", "fail")


class RecordError(CleanerError):
    """A record cleaner cannot use, with ``on_error="fail"``."""


def check_choices(final_newline: str, on_error: str = "keep") -> None:
    """Raise :class:`ConfigError` for an unknown ``final_newline`` or ``on_error``."""
    if final_newline not in FINAL_NEWLINE:
        raise ConfigError(
            f"unknown final_newline {final_newline!r}; valid: {', '.join(FINAL_NEWLINE)}"
        )
    if on_error not in ON_ERROR:
        raise ConfigError(f"unknown on_error {on_error!r}; valid: {', '.join(ON_ERROR)}")


def finish(text: str, cleaned: str, final_newline: str) -> str:
    """``cleaned`` with the final newline ``final_newline`` asks for; ``text`` itself when equal.

    >>> finish("A  title", "A title\\n", "input")
    'A title'
    >>> finish("A title", "A title\\n", "input")
    'A title'
    >>> finish("A title", "A title\\n", "always")
    'A title\\n'
    """
    if final_newline == "input":
        if not text.endswith("\n") and cleaned.endswith("\n"):
            cleaned = cleaned[:-1]
    elif final_newline == "never":
        if cleaned.endswith("\n"):
            cleaned = cleaned[:-1]
    elif cleaned and not cleaned.endswith("\n"):
        cleaned += "\n"
    return text if cleaned == text else cleaned


def clean_text(
    pipeline: Callable[[str], str], text: str | None, final_newline: str = "input"
) -> str | None:
    """One record's text cleaned; ``None`` passes through.

    >>> from cleaner import Pipeline
    >>> clean_text(Pipeline(["whitespace"]), "a  b"), clean_text(Pipeline(["whitespace"]), None)
    ('a b', None)
    """
    if text is None:
        return None
    return finish(text, pipeline(text), final_newline)


class RecordCleaner:
    """Cleans chunks of JSON Lines; built once per process, picklable by its settings.

    >>> rc = RecordCleaner(Pipeline(["whitespace"]))
    >>> out, stats = rc.clean_chunk(b'{"id": 1, "text": "a  b"}\\n{"text": "ok"}\\nnot json\\n')
    >>> out
    b'{"id": 1, "text": "a b"}\\n{"text": "ok"}\\nnot json\\n'
    >>> stats.records, stats.changed, stats.bad
    (3, 1, 1)
    """

    def __init__(
        self,
        pipeline: Pipeline,
        *,
        text_field: str = "text",
        id_field: str | None = None,
        final_newline: str = "input",
        on_error: str = "keep",
        rules: bool = False,
        name: str = "input",
        report: bool = False,
        corpus: CorpusStep | None = None,
    ) -> None:
        check_choices(final_newline, on_error)
        self.pipeline = pipeline
        self.text_field = text_field
        self.id_field = id_field
        self.final_newline = final_newline
        self.on_error = on_error
        self.rules = rules
        self.name = name
        self.report = report  # --report: each text's report line goes into its chunk's stats
        self.counters = Counters(pipeline, rules=rules or report)
        # The corpus-level stage (cleaner.corpus.repeated): pass 1 counts each cleaned text's
        # lines into its chunk's stats, pass 2 removes the repeated ones.
        self.corpus = corpus
        self._source = name

    def __reduce__(self) -> tuple[Any, ...]:
        return (
            _rebuild,
            (
                self.pipeline,
                self.text_field,
                self.id_field,
                self.final_newline,
                self.on_error,
                self.rules,
                self.name,
                self.report,
                self.corpus,
            ),
        )

    def clean_chunk(
        self, data: bytes, line_numbers: Sequence[int] | None = None, name: str | None = None
    ) -> tuple[bytes, RunStats]:
        """Clean the records of ``data`` (whole lines); the output bytes and the chunk's counters.

        ``line_numbers`` gives the input line number of each line of ``data``, for messages.
        """
        lines = data.split(b"\n")
        if lines and lines[-1] == b"":
            lines.pop()
        numbers = line_numbers if line_numbers is not None else range(1, len(lines) + 1)
        out: list[bytes] = []
        stats = RunStats(bytes_in=len(data))
        where = self._source = name or self.name
        for number, raw in zip(numbers, lines, strict=True):
            if not raw.strip():
                continue
            stats.records += 1
            line = self._clean_line(raw, stats, f"{where}:{number}")
            if line is not None:
                out.append(line)
        stats.written = len(out)
        result = b"\n".join(out) + b"\n" if out else b""
        stats.bytes_out = len(result)
        counted = self.counters.take()
        stats.merge(_only_filters(counted))
        return result, stats

    def _clean_line(self, raw: bytes, stats: RunStats, where: str) -> bytes | None:
        if self.corpus is not None and where in self.corpus.drop:
            stats.stage.near_duplicates_dropped += 1
            return None
        try:
            record = json.loads(raw)
        except ValueError as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
            return self._bad(raw, stats, where, f"not JSON ({_short(exc)})")
        if not isinstance(record, dict):
            return self._bad(raw, stats, where, f"a JSON {type(record).__name__}, not an object")
        if self.text_field not in record:
            return self._bad(raw, stats, where, f"no {self.text_field!r} field")
        text = record[self.text_field]
        if text is None:
            stats.null += 1
            return raw
        if not isinstance(text, str):
            kind = type(text).__name__
            return self._bad(raw, stats, where, f"{self.text_field!r} is a {kind}, not a string")
        try:
            cleaned = self._text(text, stats, where, record)
        except Exception as exc:  # a bug met on this text: this record fails, the others go on
            return self._bad(raw, stats, where, f"cleaning failed ({unexpected(exc)})")
        if cleaned is text:
            return raw
        record[self.text_field] = cleaned
        return encode(json.dumps(record, ensure_ascii=False))

    def _text(
        self, text: str, stats: RunStats, where: str, record: dict[str, Any] | None = None
    ) -> str:
        stats.characters_in += len(text)
        cleaned = self.counters(text)
        repeated: list[dict[str, Any]] = []
        if self.corpus is not None:
            cleaned, repeated = self._corpus_step(cleaned, stats, where, record)
        cleaned = finish(text, cleaned, self.final_newline)
        if self.report and self.counters.last is not None:
            doc_id = self._record_id(record, where)
            stats.report.append(report.line(doc_id, self.counters.last, repeated))
        stats.characters_out += len(cleaned)
        if cleaned is not text:
            stats.changed += 1
        return cleaned

    def _corpus_step(
        self, cleaned: str, stats: RunStats, where: str, record: dict[str, Any] | None
    ) -> tuple[str, list[dict[str, Any]]]:
        """Pass 1 counts the cleaned text's lines and sketches it (``where``, its FILE:LINE, is
        its id); pass 2 removes its group's repeated lines and says which (for the report)."""
        corpus = self.corpus
        assert corpus is not None
        group = corpus.grouping.of(record, corpus.source or self._source)
        if corpus.count:
            stats.tally.add(group, cleaned)
        if corpus.sketcher is not None:
            stats.sketches.append(corpus.sketcher.sketch(where, cleaned))
        if corpus.index is None:
            return cleaned, []
        cleaned, removed = corpus.index.apply(group, cleaned, stats.stage)
        for line in removed:
            count = stats.rules.setdefault(line.rule, RuleCount())
            count.lines += 1
            count.characters += len(line.line) + 1
        return cleaned, [r.to_dict() for r in removed]

    def clean_values(
        self, values: Sequence[Any], numbers: Sequence[int], name: str
    ) -> tuple[list[Any], list[bool], RunStats]:
        """Clean a column of texts (as a Parquet batch holds them): the cleaned values, which
        rows to keep, and the counters. ``None`` passes; a value that is not a string is bad."""
        stats = RunStats()
        out: list[Any] = []
        keep: list[bool] = []
        for number, value in zip(numbers, values, strict=True):
            stats.records += 1
            if value is None:
                stats.null += 1
                out.append(None)
                keep.append(True)
            elif isinstance(value, str):
                try:
                    out.append(self._text(value, stats, f"{name}:{number}"))
                    keep.append(True)
                except Exception as exc:  # as in _clean_line: this row fails, the others go on
                    why = f"cleaning failed ({unexpected(exc)})"
                    keep.append(self._bad(b"", stats, f"{name} {number}", why) is not None)
                    out.append(value)
            else:
                why = f"{self.text_field!r} is a {type(value).__name__}, not a string"
                keep.append(self._bad(b"", stats, f"{name} {number}", why) is not None)
                out.append(value)
        stats.written = sum(keep)
        stats.merge(_only_filters(self.counters.take()))
        return out, keep, stats

    def _bad(self, raw: bytes, stats: RunStats, where: str, why: str) -> bytes | None:
        stats.bad += 1
        record_id = self._id(raw)
        if record_id is not None:
            where = f"{where} (id {record_id})"
        if self.on_error == "fail":
            raise RecordError(f"{where}: {why}; stopped (--on-error fail)")
        if len(stats.failures) < 20:  # enough to see the pattern; all are counted
            action = "kept unchanged" if self.on_error == "keep" else "left out"
            stats.failures.append((where, f"{why}; {action}"))
        if self.on_error == "skip":
            stats.dropped += 1
            return None
        return raw

    def _record_id(self, record: dict[str, Any] | None, where: str) -> str:
        """A record's id in the report: its ``id_field`` value, else where it was read."""
        if record is not None and self.id_field is not None and self.id_field in record:
            return str(record[self.id_field])
        return where

    def _id(self, raw: bytes) -> str | None:
        if self.id_field is None:
            return None
        try:
            record = json.loads(raw)
        except ValueError:
            return None
        if isinstance(record, dict) and self.id_field in record:
            return str(record[self.id_field])
        return None


def _only_filters(stats: RunStats) -> RunStats:
    return RunStats(filters=stats.filters, rules=stats.rules)


def _short(exc: Exception) -> str:
    return str(exc).split("\n")[0][:80]


def _rebuild(
    pipeline: Pipeline,
    text_field: str,
    id_field: str | None,
    final_newline: str,
    on_error: str,
    rules: bool,
    name: str,
    report: bool = False,
    corpus: CorpusStep | None = None,
) -> RecordCleaner:
    return RecordCleaner(
        pipeline,
        text_field=text_field,
        id_field=id_field,
        final_newline=final_newline,
        on_error=on_error,
        rules=rules,
        name=name,
        report=report,
        corpus=corpus,
    )
