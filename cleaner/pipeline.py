"""Pipelines: an immutable choice of filters, with options, run in canonical order.

Build one from a preset, from filter names, or from a configuration mapping or TOML file. Every
name and option is checked when the pipeline is built, before any text is touched, and an error
names the valid choices.
"""

from __future__ import annotations

import functools
import itertools
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cleaner._version import __version__
from cleaner.errors import ConfigError
from cleaner.explanation import Change, Explanation, Removal, change
from cleaner.filters import BY_NAME, FILTERS
from cleaner.filters._table import LineTable, View
from cleaner.registry import FilterSpec, Guarantee, Stage

# Called after each filter with (filter, text before, text after, seconds): run statistics.
StepHook = Callable[[FilterSpec, str, str, float], None]

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_ALL = tuple(f.name for f in FILTERS)

# Presets only switch filters on; the table fixes the order. Every filter is named in a preset or
# in OPT_IN (tests/test_pipeline.py checks), so a new filter is never on or off by accident.
_MINIMAL = ("mojibake", "normalize", "entities", "markup", "whitespace")
# Whole-page text: the article's filters, and main-content, which keeps the region of running
# text and drops the menus, sidebars and footers around it.
_PAGE = (
    *_MINIMAL,
    "article-tail",
    "boilerplate-lines",
    "related-links",
    "site-banner",
    "main-content",
    "repeated-title",
    "broken-headings",
    "hyphenation",
    "paragraphs",
    "glued-headings",
    # These two change nothing unless asked: drop_empty_headings=True, format="markdown".
    "empty-headings",
    "markdown",
)
# Article-extractor text is the main content already: no region finding, which judges a line
# by how little it looks like prose and would take lists, tables and titles with the chrome.
_ARTICLE = tuple(name for name in _PAGE if name != "main-content")
PRESETS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        # Encoding and whitespace repairs only: never drops or moves a line.
        "minimal": frozenset(_MINIMAL),
        # Article-extractor text, like the seeds: the repairs, boilerplate lines found by
        # positive evidence (a phrase family where it belongs, a marker-led tail, a banner above
        # a repeated title), structure.
        "default": frozenset(_ARTICLE),
        # Whole-page text with menus and footers: the same, and main-content.
        "page": frozenset(_PAGE),
    }
)
# Filters no preset turns on: a user asks for them by name.
OPT_IN: frozenset[str] = frozenset({"typography"})

_CONFIG_KEYS = ("preset", "filters", "enable", "disable", "options")


def _choices(names: Iterable[str]) -> str:
    return ", ".join(names)


def _check_names(names: Iterable[str]) -> None:
    for name in names:
        if name not in BY_NAME:
            raise ConfigError(f"unknown filter {name!r}; valid filters: {_choices(_ALL)}")


class Pipeline:
    """An immutable, ordered set of filters with their options; call it on a text.

    >>> p = Pipeline(["whitespace", "mojibake"])
    >>> p
    Pipeline(['mojibake', 'whitespace'])
    >>> p("The worldâ€™s  end\\r\\n")
    'The world’s end\\n'
    >>> Pipeline(["whitespace"], keep_indent=True).names
    ('whitespace',)
    """

    __slots__ = ("_options", "_repairs", "_runs", "_specs", "_steps")

    _specs: tuple[FilterSpec, ...]
    _options: Mapping[str, Any]
    _steps: tuple[tuple[FilterSpec, Mapping[str, Any]], ...]
    _repairs: tuple[_Step, ...]
    _runs: tuple[tuple[_Step, ...], ...]

    def __init__(self, filters: Iterable[str] = (), /, **options: Any) -> None:
        names = [filters] if isinstance(filters, str) else list(filters)
        _check_names(names)
        chosen = set(names)
        specs = tuple(f for f in FILTERS if f.name in chosen)
        valid = sorted({o for f in specs for o in f.options})
        for option in options:
            if option not in valid:
                raise ConfigError(
                    f"unknown option {option!r} for filters {_choices(f.name for f in specs)}; "
                    f"valid options: {_choices(valid) or '(none)'}"
                )
        for f in specs:
            for name, value in options.items():
                if name in f.checks:
                    f.checks[name].check(name, value)
        object.__setattr__(self, "_specs", specs)
        object.__setattr__(self, "_options", MappingProxyType(dict(options)))
        # Each filter's own options, resolved once: a call only looks them up.
        steps = tuple(
            (f, MappingProxyType({k: v for k, v in options.items() if k in f.options}))
            for f in specs
        )
        object.__setattr__(self, "_steps", steps)
        # The repairs (the stages before the boilerplate stage) lead the table.
        n = sum(1 for f, _ in steps if f.stage < Stage.BOILERPLATE)
        object.__setattr__(self, "_repairs", steps[:n])
        object.__setattr__(self, "_runs", _runs(steps[n:]))

    # -- building ----------------------------------------------------------------------------

    @classmethod
    def from_preset(cls, name: str = "default", /, **options: Any) -> Pipeline:
        """The pipeline of a preset: ``minimal``, ``default`` or ``page``."""
        if name not in PRESETS:
            raise ConfigError(f"unknown preset {name!r}; valid presets: {_choices(PRESETS)}")
        return cls(PRESETS[name], **options)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> Pipeline:
        """Build from a mapping, as read from a TOML file.

        Keys: ``preset`` (a starting point, default ``default``) or ``filters`` (an explicit list
        of names); ``enable`` and ``disable`` (names to add or remove); ``options`` (a table of
        filter options).

        >>> Pipeline.from_config({"preset": "minimal", "disable": ["mojibake"]})
        Pipeline(['normalize', 'entities', 'markup', 'whitespace'])
        """
        unknown = [k for k in config if k not in _CONFIG_KEYS]
        if unknown:
            raise ConfigError(
                f"unknown configuration key {unknown[0]!r}; valid keys: {_choices(_CONFIG_KEYS)}"
            )
        if "preset" in config and "filters" in config:
            raise ConfigError("give 'preset' or 'filters', not both")
        names: set[str]
        if "filters" in config:
            names = set(_names(config, "filters"))
        else:
            preset = config.get("preset", "default")
            if not isinstance(preset, str) or preset not in PRESETS:
                raise ConfigError(f"unknown preset {preset!r}; valid presets: {_choices(PRESETS)}")
            names = set(PRESETS[preset])
        names |= set(_names(config, "enable"))
        names -= set(_names(config, "disable"))
        options = config.get("options", {})
        if not isinstance(options, Mapping):
            raise ConfigError("'options' must be a table of option = value")
        return cls(names, **options)

    @classmethod
    def from_toml(cls, path: str | Path) -> Pipeline:
        """Build from a TOML file with the keys of :meth:`from_config`."""
        try:
            with open(path, "rb") as f:
                config = tomllib.load(f)
        except OSError as exc:
            raise ConfigError(f"cannot read config {str(path)!r}: {exc.strerror}") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config {str(path)!r} is not valid TOML: {exc}") from exc
        return cls.from_config(config)

    # -- composing ---------------------------------------------------------------------------

    def __or__(self, other: Pipeline) -> Pipeline:
        """The union of two pipelines; options of ``other`` win where both set one."""
        if not isinstance(other, Pipeline):
            return NotImplemented
        return Pipeline(self.names + other.names, **{**self._options, **other._options})

    def enable(self, *names: str) -> Pipeline:
        """A copy with these filters switched on."""
        return Pipeline(self.names + names, **self._options)

    def disable(self, *names: str) -> Pipeline:
        """A copy with these filters switched off."""
        _check_names(names)
        kept = [n for n in self.names if n not in names]
        return Pipeline(kept, **{k: v for k, v in self._options.items() if k in _valid(kept)})

    def configure(self, **options: Any) -> Pipeline:
        """A copy with these options set."""
        return Pipeline(self.names, **{**self._options, **options})

    # -- using -------------------------------------------------------------------------------

    @property
    def names(self) -> tuple[str, ...]:
        """The filters, in the order they run."""
        return tuple(f.name for f in self._specs)

    @property
    def options(self) -> Mapping[str, Any]:
        return self._options

    def steps(self) -> Iterator[tuple[FilterSpec, dict[str, Any]]]:
        """Each filter with the options it receives, in the order they run."""
        for f, options in self._steps:
            yield f, dict(options)

    def __call__(self, text: str) -> str:
        if not isinstance(text, str):
            raise TypeError(f"cleaner works on str, not {type(text).__name__}: decode it first")
        return self._run(text, None)

    def explain(self, text: str, *, on_step: StepHook | None = None) -> Explanation:
        """Clean ``text`` and say what was done: every removed line with its rule id and line
        number, and what each editing filter changed. Its ``text`` is what calling the
        pipeline returns: both run the same code.

        ``on_step(spec, before, after, seconds)``, if given, is called after each filter with
        the text it read and the text it left (for run statistics).

        >>> p = Pipeline.from_preset("default")
        >>> [(r.line_number, r.rule) for r in p.explain("Body.\\n\\nBy Jane Doe\\n")]
        [(3, 'boilerplate.byline')]
        """
        if not isinstance(text, str):
            raise TypeError(f"cleaner works on str, not {type(text).__name__}: decode it first")
        record = _Record(text)
        cleaned = self._run(text, record, on_step)
        return Explanation(cleaned, record.repaired, tuple(record.removals), tuple(record.changes))

    def _run(self, text: str, record: _Record | None, on_step: StepHook | None = None) -> str:
        """Run the filters in order, in runs. The filters that only drop lines and stand next
        to each other in the table (the boilerplate stage and repeated-title) are a block of
        deciders, run on one line table, read once (:meth:`_decide`). The filters that map text
        to text run in runs, each to a fixed point (:meth:`_settle`): the repairs (the stages
        before the boilerplate stage), and apart from them the structure filters, since what
        one of them does (a heading set apart from its paragraph) can change what an earlier
        one sees (the paragraph's lines now join).

        The repairs run once, to their fixed point. The runs after them repeat, as a whole,
        until a round changes nothing: the structure filters can make a line that a decider
        drops (two lines joined into a copy of the title above them, a heading moved into the
        top lines), and a second cleaning must not find it. A run is skipped when the text is
        the one it left last time, since it would change nothing, so the deciders read the
        text again only when the structure filters changed it, and a round in which no run
        changed the text ends the loop: the text is then a fixed point of every run, which is
        what makes cleaning twice give what cleaning once gave. :data:`_CLEAN_ROUNDS` bounds
        the rounds; every run only drops lines or joins, splits and drops them, so ordinary
        text needs one round, and one more when the structure filters changed it.
        """
        if self._repairs:
            text = self._settle(text, self._repairs, record, on_step)
        runs = self._runs
        left: list[str | None] = [None] * len(runs)  # the text each run last left
        for _ in range(_CLEAN_ROUNDS):
            changed = False
            for k, steps in enumerate(runs):
                if text == left[k]:
                    continue
                before = text
                if steps[0][0].decide is None:
                    text = self._settle(text, steps, record, on_step)
                else:
                    text = self._decide_text(text, steps, record, on_step)
                left[k] = text
                changed = changed or text != before
            if not changed:
                break
        return text

    @classmethod
    def _decide_text(
        cls,
        text: str,
        steps: tuple[tuple[FilterSpec, Mapping[str, Any]], ...],
        record: _Record | None,
        on_step: StepHook | None,
    ) -> str:
        """A block of deciders on a line table of ``text``: the text they leave. The table
        (its lines, their folded forms, what the deciders read of them) is gone when this
        returns, before the structure filters run: it takes many times the text."""
        start_view = LineTable(text).view()
        if record is not None:
            record.table(text)
        view = cls._decide(start_view, steps, record, on_step)
        if record is not None:
            record.decided(view)
        return text if view is start_view else _joined_text(view)

    @staticmethod
    def _decide(
        view: View,
        steps: tuple[tuple[FilterSpec, Mapping[str, Any]], ...],
        record: _Record | None,
        on_step: StepHook | None,
    ) -> View:
        """Run a block of deciders on one line table, round after round until a round drops no
        line: what one decider drops can make another see a line differently (a banner above a
        title that repeats only once its other copies went), and a second cleaning must not
        find more to drop.

        Why it stops: a round goes on to the next only when it dropped at least one line, and
        the table has finitely many, so there are at most as many rounds as lines;
        :data:`_DECIDE_ROUNDS` bounds them further. A later round costs little: the table keeps
        what the deciders read of each line.
        """
        for _ in range(_DECIDE_ROUNDS):
            kept = len(view.lines)
            for spec, options in steps:
                decide = spec.decide
                assert decide is not None
                started = time.perf_counter() if on_step is not None else 0.0
                after = decide(view, **options)
                if on_step is not None:
                    seconds = time.perf_counter() - started
                    on_step(
                        spec, view.text, after.text if after is not view else view.text, seconds
                    )
                if record is not None and after is not view:
                    record.dropped(spec.name, view, after)
                view = after
            if len(view.lines) == kept:
                break
        return view

    @staticmethod
    def _settle(
        text: str,
        steps: tuple[tuple[FilterSpec, Mapping[str, Any]], ...],
        record: _Record | None,
        on_step: StepHook | None,
    ) -> str:
        """Run a run of filters that map text to text (the repairs, or the structure filters),
        in table order, round after round until a round changes nothing: the result is a
        fixed point of the run, so a second cleaning finds nothing left to repair.

        One round is not enough because a later repair can uncover work for an earlier one:
        the whitespace filter drops the zero-width space inside ``&#x\u200b41;`` (an entity
        for the entities filter), the markup filter drops the tag inside ``â€<i>™</i>`` (mojibake
        for the mojibake filter), and ``&nbsp;`` decoded and stripped uncovers mojibake at the
        start of a line.

        Why it stops: each round runs every repair once, so a round costs a pass over the text,
        and the loop runs at most :data:`_SETTLE_ROUNDS` rounds, so it ends on every input.
        Why the bound is enough: every filter here is idempotent (the property suite checks
        it), so a round changes something only when a filter changed what an earlier filter
        reads; a change that feeds a change one round later needs the input to hide one repair
        inside the remains of another (an entity whose decoding is the invisible character
        that splits the next entity, say), and each such level costs the input several
        characters of its own. Ordinary scraped text needs one round and a confirming one;
        text with a repair hidden in another needs one more round per level. A text nested
        deeper than the bound is returned as the last round left it (still repaired, only not
        to the end).

        The rounds after the first only run when the one before changed the text, and a round
        whose filters all left the text alone is the proof that the text is a fixed point.
        """
        # The filters from the last one that changed the text on have read the text as it is
        # now and left it so (each is idempotent), so a round stops early, with the text a
        # fixed point, when the filters before them change nothing: what a whole round that
        # changes nothing would find, without running the filters that cannot change it.
        settled = len(steps)  # in the first round, no filter has read the text yet
        for _ in range(_SETTLE_ROUNDS):
            before, last = text, -1  # last: the last filter of this round that changed it
            for n, (spec, options) in enumerate(steps):
                if n >= settled and last < 0:
                    break
                after = _edit(spec, options, text, record, on_step)
                if after != text:
                    last = n
                text = after
            if last < 0 or text == before or len(steps) == 1:  # (one filter: one round)
                break
            settled = last
        return text

    def __repr__(self) -> str:
        options = "".join(f", {k}={v!r}" for k, v in sorted(self._options.items()))
        return f"Pipeline({list(self.names)!r}{options})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pipeline):
            return NotImplemented
        return self.names == other.names and dict(self._options) == dict(other._options)

    def __hash__(self) -> int:
        return hash((self.names, tuple(sorted(self._options.items()))))

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Pipeline is immutable: use enable(), disable() or configure()")

    def __reduce__(self) -> tuple[Any, ...]:
        # The version rides along so that a cache keyed on the pickle (HF datasets' fingerprint)
        # changes when cleaner is upgraded and its output may change.
        return (_rebuild, (self.names, dict(self._options), __version__))


# The most rounds of a run of filters that map text to text (see Pipeline._settle): one that
# repairs, one that confirms, and room for repairs hidden inside repairs, which hypothesis finds
# two levels deep at most in scraped-looking text.
_SETTLE_ROUNDS = 6
# The most rounds of a block of deciders (see Pipeline._decide).
_DECIDE_ROUNDS = 6
# The most rounds of the runs after the repairs (see Pipeline._run).
_CLEAN_ROUNDS = 6


# A filter with its own options.
_Step = tuple[FilterSpec, Mapping[str, Any]]


def _runs(steps: tuple[_Step, ...]) -> tuple[tuple[_Step, ...], ...]:
    """The steps after the repairs cut into runs, in order: the deciders that stand next to
    each other, and the filters that map text to text."""
    by_kind = itertools.groupby(steps, key=lambda step: step[0].decide is None)
    return tuple(tuple(run) for _, run in by_kind)


def _edit(
    spec: FilterSpec,
    options: Mapping[str, Any],
    text: str,
    record: _Record | None,
    on_step: StepHook | None,
) -> str:
    """Run one filter that maps text to text, and tell the record and the hook."""
    started = time.perf_counter() if on_step is not None else 0.0
    after = spec.func(text, **options)
    if on_step is not None:
        on_step(spec, text, after, time.perf_counter() - started)
    if record is not None:
        record.edited(spec, text, after)
    return after


def _joined_text(view: View) -> str:
    """The text of a view, with a blank line where dropped lines stood between a line that
    ends with a hyphen and the next line.

    The structure filters after the boilerplate stage rejoin a word broken at a line end
    ("inter-" / "national"). Two lines that only stand together because the lines between them
    were dropped never held one word: without the blank line, ``"a-\\nComment are closed\\na"``
    would become the invented word ``"aa"``. A blank line is the one mark that every structure
    filter reads as "these two lines do not continue each other".

    >>> table = LineTable("in-\\nRead also:\\nvented\\n")
    >>> _joined_text(table.view().drop({1: "rule"}))
    'in-\\n\\nvented\\n'
    """
    lines, index, blank = view.lines, view.index, view.table.blank
    out: list[str] = []
    for k, line in enumerate(lines):
        if (
            k
            and index[k] - index[k - 1] > 1
            and not blank[index[k]]
            and lines[k - 1].rstrip(" \t").endswith(tuple(_HYPHENS))
        ):
            out.append("")
        out.append(line)
    return "\n".join(out)


class _Record:
    """What :meth:`Pipeline.explain` keeps while the pipeline runs."""

    def __init__(self, text: str) -> None:
        self.repaired = text
        self.removals: list[Removal] = []
        self.changes: list[Change] = []
        # The line number in ``repaired`` of each line of the current text (None: unknown),
        # and the last text they were known for, to carry them over edits only when needed.
        self._origins: list[int | None] = list(range(1, text.count("\n") + 2))
        self._known = text
        self._table_origins = self._origins

    def edited(self, spec: FilterSpec, before: str, after: str) -> None:
        if spec.stage < Stage.BOILERPLATE:
            self.repaired = after
            self._origins = list(range(1, after.count("\n") + 2))
            self._known = after
        self._add_change(change(spec.name, before, after))
        if before == after or Guarantee.ONLY_DELETES_LINES not in spec.guarantees:
            return
        origins = self._origins_of(before)
        rule = f"{spec.stage.name.lower()}.{spec.name}"
        kept = iter(enumerate(after.split("\n")))
        out = next(kept, None)
        kept_origins = []
        for k, line in enumerate(before.split("\n")):
            if out is not None and out[1] == line:
                kept_origins.append(origins[k])
                out = next(kept, None)
            elif line.strip():
                self.removals.append(Removal(origins[k] or 0, line, rule, spec.name))
        # Kept lines keep their numbers; the removed ones are reported above.
        self._origins, self._known = kept_origins, after

    def _add_change(self, new: Change) -> None:
        """Keep one :class:`Change` per filter: a repair that runs again in a later round of
        the repair stage adds its lines and characters to its first entry, so that
        ``chars_before - chars_after`` stays what the filter removed in all."""
        for k, old in enumerate(self.changes):
            if old.filter == new.filter:
                self.changes[k] = Change(
                    old.filter,
                    old.lines_changed + new.lines_changed,
                    old.chars_before,
                    old.chars_after + new.chars_after - new.chars_before,
                )
                return
        self.changes.append(new)

    def _origins_of(self, text: str) -> list[int | None]:
        if text is not self._known and text != self._known:
            self._origins = carry_origins(self._known, self._origins, text)
            self._known = text
        return self._origins

    def table(self, text: str) -> None:
        """A block of deciders reads a line table of ``text``: its lines' numbers in the
        repaired text are those of the lines of ``text``."""
        self._table_origins = self._origins_of(text)

    def dropped(self, name: str, before: View, after: View) -> None:
        lines, origins = before.table.lines, self._table_origins
        for i in sorted(after.removed.keys() - before.removed.keys()):
            self.removals.append(Removal(origins[i] or 0, lines[i], after.removed[i], name))

    def decided(self, view: View) -> None:
        self._origins = [self._table_origins[i] for i in view.index]
        self._known = view.text


_HYPHENS = "-\u2010"


def carry_origins(before: str, origins: list[int | None], after: str) -> list[int | None]:
    """The origins of the lines of ``after``, a text made from ``before`` by filters that keep
    every character but whitespace and line-end hyphens (joins, splits): each line of
    ``after`` comes from the line of ``before`` where its first character stood.

    >>> carry_origins("The inter-\\nnational plan\\n", [1, 2, 3], "The international\\nplan\\n")
    [1, 2, None]
    """
    # The characters of ``before`` but whitespace, and the line each stood in.
    chars: list[str] = []
    line_of: list[int] = []
    for k, line in enumerate(before.split("\n")):
        piece = "".join(line.split())
        chars.append(piece)
        line_of.extend([k] * len(piece))
    stream = "".join(chars)
    found: list[int | None] = []
    p = 0
    for line in after.split("\n"):
        piece = "".join(line.split())
        if not piece:
            found.append(None)
            continue
        # Skip hyphens that were dropped at a line end, then read the line's characters.
        while p < len(stream) and stream[p] != piece[0] and stream[p] in _HYPHENS:
            p += 1
        found.append(origins[line_of[p]] if p < len(stream) else None)
        if stream.startswith(piece, p):
            p += len(piece)
            continue
        for char in piece:  # a hyphen went somewhere inside: match character by character
            while p < len(stream) and stream[p] != char and stream[p] in _HYPHENS:
                p += 1
            p += 1
    return found


def _rebuild(names: tuple[str, ...], options: dict[str, Any], version: str = "") -> Pipeline:
    return Pipeline(names, **options)


def _valid(names: Iterable[str]) -> set[str]:
    return {o for n in names for o in BY_NAME[n].options}


def _names(config: Mapping[str, Any], key: str) -> list[str]:
    value = config.get(key, [])
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key!r} must be a list of filter names")
    _check_names(value)
    return value


@functools.lru_cache(maxsize=64)
def cached(preset: str, options: tuple[tuple[str, Any], ...]) -> Pipeline:
    """The pipeline for a preset and options, built once (used by :func:`cleaner.clean`)."""
    return Pipeline.from_preset(preset, **dict(options))
