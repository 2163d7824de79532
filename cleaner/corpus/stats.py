"""What a run changed: per filter, per rule, per record; and what decided it (versions, pipeline).

:class:`Counters` runs a pipeline one filter at a time and counts, per filter, the documents it
changed, the characters it removed and the seconds it took; with ``rules=True`` it also counts,
per boilerplate rule id, the lines and characters removed. Its output is the pipeline's output:
the filters run in the same order with the same options.

:func:`removals` is the one place that asks the pipeline which line went for which rule: it
reads :meth:`Pipeline.explain`, the pipeline's own record of a run, so the counts are what the
run did, with the run's options.
"""

from __future__ import annotations

import importlib.metadata
import platform
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from cleaner._version import __version__
from cleaner.corpus.repeated import StageCounts, Tally
from cleaner.explanation import Explanation
from cleaner.pipeline import Pipeline, StepHook
from cleaner.registry import FilterSpec

# The distributions whose version can change what cleaner writes: ftfy repairs mojibake, regex
# matches every pattern, stop-words and wordfreq (the word list) feed main-content and hyphenation,
# pyahocorasick finds the phrases.
OUTPUT_DEPENDENCIES = ("ftfy", "regex", "stop-words", "wordfreq", "pyahocorasick")


class Removals(NamedTuple):
    """What the pipeline did to one text."""

    text: str  # the cleaned text, as ``pipeline(text)`` returns it
    lines: list[tuple[int, str, str]]  # (line number, rule id, line) of every line removed
    repairs: dict[str, int]  # per filter outside the boilerplate stage: characters removed


def removals(pipeline: Pipeline, text: str, *, on_step: StepHook | None = None) -> Removals:
    """The cleaned text, every boilerplate line removed with its rule id, and the repairs.

    Line numbers are 1-based in the text as it enters the boilerplate stage (after the encoding,
    entity and whitespace repairs). ``on_step(spec, before, after, seconds)`` is called after each
    filter.

    >>> from cleaner import Pipeline
    >>> r = removals(Pipeline(["entities", "whitespace", "boilerplate-lines"]),
    ...              "Fish &amp; chips.\\n\\n- Anzeige -\\n")
    >>> r.text, r.lines, r.repairs
    ('Fish & chips.\\n', [(3, 'boilerplate.advertisement', '- Anzeige -')], {'entities': 4})
    """
    explanation = pipeline.explain(text, on_step=on_step)
    lines = [(r.line_number, r.rule, r.line) for r in explanation]
    repairs = {
        c.filter: c.chars_before - c.chars_after
        for c in explanation.changes
        if c.lines_changed or c.chars_before != c.chars_after
    }
    text = explanation.text
    return Removals(text, lines, repairs)


@dataclass
class FilterCount:
    """One filter's share of a run."""

    documents_changed: int = 0
    characters_removed: int = 0  # negative when the filter added characters
    seconds: float = 0.0


@dataclass
class RuleCount:
    """One boilerplate rule's share of a run."""

    lines: int = 0
    characters: int = 0  # the removed lines with their line breaks


@dataclass
class RunStats:
    """The counters of a run, or of one chunk of it; ``merge`` adds another's in.

    ``records`` counts what was read, ``written`` what went out; ``bad`` the records cleaner could
    not use (bad JSON, a missing or non-string text), of which ``dropped`` were left out because
    ``on_error="skip"``; ``null`` the records whose text is null, passed through.
    """

    files: int = 0
    files_skipped: int = 0  # complete from an earlier run (resume)
    records: int = 0
    written: int = 0
    changed: int = 0
    null: int = 0
    bad: int = 0
    dropped: int = 0
    bytes_in: int = 0
    bytes_out: int = 0
    characters_in: int = 0
    characters_out: int = 0
    seconds: float = 0.0
    filters: dict[str, FilterCount] = field(default_factory=dict)
    rules: dict[str, RuleCount] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (where, why)
    # Files not read as UTF-8, by how they were decoded: "utf-16 (BOM)", "cp1251 (detected)" ...
    encodings: dict[str, int] = field(default_factory=dict)
    # Files a folder walk passed over: FIFOs, devices, sockets (not regular files).
    not_regular: int = 0
    # What was passed over without failing, (where, why), to tell the user; not in to_dict.
    notices: list[tuple[str, str]] = field(default_factory=list)
    # --report: the report lines of the documents counted here, in order (cleaner.report); the
    # run takes them out as chunks come back, so they never pile up in the run's total.
    report: list[bytes] = field(default_factory=list)
    # The corpus-level stage: pass 1's line counts of the documents counted here (taken out by
    # the run as chunks come back), and what pass 2 removed and kept.
    tally: Tally = field(default_factory=Tally)
    sketches: list[Any] = field(default_factory=list)  # near-duplicate sketches, likewise
    stage: StageCounts = field(default_factory=StageCounts)

    def merge(self, other: RunStats) -> None:
        for name in (
            "files",
            "files_skipped",
            "records",
            "written",
            "changed",
            "null",
            "bad",
            "dropped",
            "bytes_in",
            "bytes_out",
            "characters_in",
            "characters_out",
            "not_regular",
        ):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        for how, count in other.encodings.items():
            self.encodings[how] = self.encodings.get(how, 0) + count
        for key, f in other.filters.items():
            mine = self.filters.setdefault(key, FilterCount())
            mine.documents_changed += f.documents_changed
            mine.characters_removed += f.characters_removed
            mine.seconds += f.seconds
        for key, r in other.rules.items():
            rule = self.rules.setdefault(key, RuleCount())
            rule.lines += r.lines
            rule.characters += r.characters
        # Enough to see the pattern; every problem is counted in bad and failures' callers.
        self.failures.extend(other.failures[: max(0, 100 - len(self.failures))])
        self.notices.extend(other.notices[: max(0, 100 - len(self.notices))])
        self.report.extend(other.report)
        self.tally.merge(other.tally)
        self.sketches.extend(other.sketches)
        self.stage.merge(other.stage)

    def to_dict(self) -> dict[str, Any]:
        """Plain data for JSON, filters in pipeline order and rules by lines removed."""
        rules = sorted(self.rules.items(), key=lambda kv: (-kv[1].lines, kv[0]))
        return {
            "files": self.files,
            "files_skipped": self.files_skipped,
            "records": self.records,
            "written": self.written,
            "changed": self.changed,
            "null": self.null,
            "bad": self.bad,
            "dropped": self.dropped,
            "bytes_in": self.bytes_in,
            "bytes_out": self.bytes_out,
            "characters_in": self.characters_in,
            "characters_out": self.characters_out,
            "seconds": round(self.seconds, 3),
            "filters": {
                k: {
                    "documents_changed": v.documents_changed,
                    "characters_removed": v.characters_removed,
                    "seconds": round(v.seconds, 3),
                }
                for k, v in self.filters.items()
            },
            "rules": {k: {"lines": v.lines, "characters": v.characters} for k, v in rules},
            "failures": [{"where": w, "why": y} for w, y in self.failures],
            "encodings": dict(sorted(self.encodings.items())),
            "not_regular": self.not_regular,
            **({"corpus_stage": vars(self.stage)} if self.stage != StageCounts() else {}),
        }


class Counters:
    """A pipeline that counts what each filter and rule does; call it like the pipeline.

    >>> from cleaner import Pipeline
    >>> c = Counters(Pipeline(["entities", "whitespace", "boilerplate-lines"]), rules=True)
    >>> c("Fish &amp; chips.\\n\\n- Anzeige -\\n")
    'Fish & chips.\\n'
    >>> c.stats.filters["entities"].characters_removed, c.stats.rules["boilerplate.advertisement"]
    (4, RuleCount(lines=1, characters=12))
    """

    def __init__(self, pipeline: Pipeline, *, rules: bool = False) -> None:
        self.pipeline = pipeline
        self.rules = rules
        self.stats = RunStats()
        self.last: Explanation | None = None  # with rules: the last text's explanation (--report)
        for spec, _ in pipeline.steps():
            self.stats.filters[spec.name] = FilterCount()

    def _step(self, spec: FilterSpec, before: str, after: str, seconds: float) -> None:
        count = self.stats.filters[spec.name]
        count.seconds += seconds
        if after != before:
            count.documents_changed += 1
            count.characters_removed += len(before) - len(after)

    def __call__(self, text: str) -> str:
        if self.rules:
            explanation = self.pipeline.explain(text, on_step=self._step)
            self.last = explanation
            for removal in explanation:
                count = self.stats.rules.setdefault(removal.rule, RuleCount())
                count.lines += 1
                count.characters += len(removal.line) + 1
            return explanation.text
        # The pipeline's own run, with a hook after each filter: the same code as cleaning.
        return self.pipeline._run(text, None, self._step)

    def take(self) -> RunStats:
        """The counters so far, and start again from zero."""
        stats, self.stats = self.stats, RunStats()
        for name in stats.filters:
            self.stats.filters[name] = FilterCount()
        return stats


def versions() -> dict[str, str]:
    """The versions of cleaner, Python and every dependency that decides output."""
    found = {"cleaner": __version__, "python": platform.python_version()}
    for name in OUTPUT_DEPENDENCIES:
        try:
            found[name] = importlib.metadata.version(name)
        except importlib.metadata.PackageNotFoundError:  # pragma: no cover
            found[name] = "missing"
    return found


def describe(pipeline: Pipeline) -> dict[str, Any]:
    """The pipeline as data: its filters in order and its options."""
    return {
        "filters": list(pipeline.names),
        "options": {k: v for k, v in sorted(pipeline.options.items())},
        "repr": repr(pipeline),
    }


def report(stats: RunStats, pipeline: Pipeline, settings: Mapping[str, Any]) -> dict[str, Any]:
    """The ``--stats`` file: the counters, the versions, the pipeline and the run's settings."""
    return {
        "versions": versions(),
        "pipeline": describe(pipeline),
        "settings": dict(settings),
        **stats.to_dict(),
    }


def summary(stats: RunStats, *, top: int = 8) -> str:
    """One screen of text: totals, the filters that changed most, the rules that removed most."""
    mb_in = stats.bytes_in / 1e6
    rate = mb_in / stats.seconds if stats.seconds > 0 else 0.0
    out = [
        f"{stats.records:,} records in {stats.files:,} files"
        + (f" ({stats.files_skipped:,} already done)" if stats.files_skipped else "")
        + f", {mb_in:,.1f} MB in {stats.seconds:,.1f} s ({rate:,.2f} MB/s)",
        f"{stats.changed:,} changed, {stats.written:,} written, {stats.null:,} null texts, "
        f"{stats.bad:,} unusable ({stats.dropped:,} left out)",
    ]
    if stats.encodings:
        hows = ", ".join(f"{n:,} {how}" for how, n in sorted(stats.encodings.items()))
        out.append(f"not UTF-8: {hows}")
    if stats.not_regular:
        out.append(f"{stats.not_regular:,} not regular files (FIFOs, devices, sockets) skipped")
    if stats.characters_in:
        kept = 100 * stats.characters_out / stats.characters_in
        out.append(
            f"characters: {stats.characters_in:,} in, {stats.characters_out:,} out ({kept:.1f}%)"
        )
    busy = [(k, v) for k, v in stats.filters.items() if v.documents_changed or v.seconds >= 0.01]
    if busy:
        out.append(f"{'filter':<20} {'docs changed':>12} {'chars removed':>14} {'seconds':>9}")
        for name, f in busy:
            out.append(
                f"{name:<20} {f.documents_changed:>12,} {f.characters_removed:>14,} "
                f"{f.seconds:>9.1f}"
            )
    if stats.rules:
        rules = sorted(stats.rules.items(), key=lambda kv: (-kv[1].lines, kv[0]))
        # The top rules by lines, then any of the top few by characters not among them: a rule
        # that removes a few long lines can weigh more than one that removes many short ones.
        by_chars = sorted(rules, key=lambda kv: (-kv[1].characters, kv[0]))[: max(1, top // 2)]
        shown = rules[:top] + [kv for kv in by_chars if kv not in rules[:top]]
        out.append(f"{'rule':<34} {'lines':>10} {'chars':>12}")
        for name, r in shown:
            out.append(f"{name:<34} {r.lines:>10,} {r.characters:>12,}")
        if len(rules) > len(shown):
            out.append(f"... and {len(rules) - len(shown)} more rules (see --stats or --report)")
    return "\n".join(out)
