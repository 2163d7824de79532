"""The filter spec: what a filter is, what it promises, and how its options are read.

A filter is a pure function ``f(text: str, *, option=default, ...) -> str``. It does no I/O, keeps
no state and never raises on any ``str``. Its :class:`FilterSpec` row in
:data:`cleaner.filters.FILTERS` gives it a name, a one-line summary, a stage, and the
:class:`Guarantee` values it claims; ``tests/test_guarantees.py`` checks every claim of every row.
"""

from __future__ import annotations

import enum
import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from cleaner.errors import ConfigError

FilterFunc = Callable[..., str]
# A decider: a filter that only drops whole lines, given as a function from a view of a line
# table to a view with lines dropped (see cleaner.filters._table).
Decider = Callable[..., Any]


class Stage(enum.IntEnum):
    """The canonical order of work: each stage can rely on the ones before it."""

    ENCODING = 1  # bytes-level damage: mojibake, surrogates, Unicode normal form
    ENTITIES = 2  # markup left in text: HTML entities, stray tags
    WHITESPACE = 3  # line endings, odd spaces, invisible characters, blank-line runs
    BOILERPLATE = 4  # whole lines that are not content
    STRUCTURE = 5  # titles, headings and paragraphs put back in shape


class Guarantee(enum.Enum):
    """A property a filter claims for every input; the property suite checks each claim."""

    IDEMPOTENT = "idempotent"
    """Running the filter twice gives the same text as running it once."""

    ONLY_DELETES_LINES = "only-deletes-lines"
    """Every non-blank output line is an input line, in the same order: lines are dropped, never
    edited, and blank lines only collapse."""

    NEVER_GROWS = "never-grows"
    """The output is never longer (in code points) than the input."""

    KEEPS_CLEAN_PROSE = "keeps-clean-prose"
    """Clean prose (tidy paragraphs of sentences, one final newline) passes through unchanged."""

    KEEPS_STRUCTURED_TEXT = "keeps-structured-text"
    """Clean structured documents pass through unchanged: a title, label lines ending in a colon
    followed by lists or tables, letters, questions and answers, dialogue, short documents of a
    title and a few lines. Their line breaks carry meaning, so a filter that reads them as broken
    paragraphs or as page chrome destroys content."""

    ENDS_WITH_NEWLINE = "ends-with-newline"
    """Whatever the input, the output is empty or ends with exactly one newline."""

    KEEPS_FINAL_NEWLINE = "keeps-final-newline"
    """An input that ends with exactly one newline gives an output that is empty or ends with
    exactly one newline: the filter never eats or doubles the final newline."""

    KEEPS_WORDS = "keeps-words"
    """The multiset of whitespace-separated words is unchanged: only line breaks move."""

    KEEPS_TEXT_BUT_LINE_END_HYPHENS = "keeps-text-but-line-end-hyphens"
    """The characters other than whitespace are unchanged and in order, except that hyphens
    which ended a line may go: words are rejoined, nothing else is edited."""


@dataclass(frozen=True)
class Option:
    """The values an option takes: a type, and a range or a check of its own.

    Declared next to the filter table and checked when a pipeline is built, so a bad value fails
    before any text is touched.

    >>> Option(int, low=1).check("title_window", 0)
    Traceback (most recent call last):
    ...
    cleaner.errors.ConfigError: option 'title_window' must be at least 1, not 0
    """

    kind: type | tuple[type, ...]
    low: float | None = None
    high: float | None = None
    validate: Callable[[Any], object] | None = None  # raises ValueError for a bad value

    def check(self, name: str, value: Any) -> None:
        kinds = self.kind if isinstance(self.kind, tuple) else (self.kind,)
        # A bool is an int to Python, never to a user: True is no window size.
        if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
            wanted = " or ".join(k.__name__ for k in kinds)
            raise ConfigError(f"option {name!r} must be {wanted}, not {value!r}")
        number: Any = value  # a number, when a range is declared
        if self.low is not None and number < self.low:
            raise ConfigError(f"option {name!r} must be at least {self.low:g}, not {value!r}")
        if self.high is not None and number > self.high:
            raise ConfigError(f"option {name!r} must be at most {self.high:g}, not {value!r}")
        if self.validate is not None:
            try:
                self.validate(value)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"bad value for option {name!r}: {exc}") from exc


@dataclass(frozen=True)
class FilterSpec:
    """One row of the filter table.

    ``options`` is read from the function's keyword-only parameters, so the signature is the single
    source of truth for what a filter accepts and what its defaults are; ``checks`` declares the
    values each option takes. A filter that only drops whole lines also has a ``decide``
    function: the same filter as a decider over a line table, which a pipeline runs on one table
    shared with the deciders next to it (the function ``func`` runs it on a table of its own).
    """

    name: str
    func: FilterFunc
    summary: str
    stage: Stage
    guarantees: frozenset[Guarantee] = field(default_factory=frozenset)
    decide: Decider | None = field(default=None, compare=False, hash=False)
    checks: Mapping[str, Option] = field(default_factory=dict, compare=False, hash=False)

    @functools.cached_property
    def options(self) -> Mapping[str, Any]:
        """The filter's keyword-only options and their defaults."""
        params = inspect.signature(self.func).parameters.values()
        return MappingProxyType(
            {p.name: p.default for p in params if p.kind is inspect.Parameter.KEYWORD_ONLY}
        )

    def __call__(self, text: str, **options: Any) -> str:
        return self.func(text, **options)


def spec(
    name: str,
    func: FilterFunc,
    summary: str,
    stage: Stage,
    *guarantees: Guarantee,
    decide: Decider | None = None,
    checks: Mapping[str, Option] | None = None,
) -> FilterSpec:
    """Build a :class:`FilterSpec` row; a short form for the table in ``cleaner.filters``."""
    return FilterSpec(
        name, func, summary, stage, frozenset(guarantees), decide, MappingProxyType(checks or {})
    )
