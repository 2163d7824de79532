"""Pipelines: an immutable choice of filters, with options, run in canonical order.

Build one from a preset, from filter names, or from a configuration mapping or TOML file. Every
name and option is checked when the pipeline is built, before any text is touched, and an error
names the valid choices.
"""

from __future__ import annotations

import functools
import sys
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any

from cleaner._version import __version__
from cleaner.errors import ConfigError
from cleaner.filters import BY_NAME, FILTERS
from cleaner.registry import FilterSpec

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

_ALL = tuple(f.name for f in FILTERS)

# Presets only switch filters on; the table fixes the order. Every filter is named in a preset or
# in OPT_IN (tests/test_pipeline.py checks), so a new filter is never on or off by accident.
_MINIMAL = ("mojibake", "normalize", "entities", "markup", "whitespace")
_ARTICLE = (
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
PRESETS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        # Encoding and whitespace repairs only: never drops or moves a line.
        "minimal": frozenset(_MINIMAL),
        # Article-extractor text, like the seeds: repairs, in-article boilerplate (phrase lines,
        # the tail after the article, and the main region: extractors keep teasers and
        # sidebars too), structure.
        "default": frozenset(_ARTICLE),
        # Whole-page text with menus and footers: the same filters, and main-content does most
        # of the work. Kept as its own name so page text can get its own filters later.
        "page": frozenset(_ARTICLE),
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

    __slots__ = ("_options", "_specs")

    _specs: tuple[FilterSpec, ...]
    _options: Mapping[str, Any]

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
        object.__setattr__(self, "_specs", specs)
        object.__setattr__(self, "_options", MappingProxyType(dict(options)))
        self._probe()

    def _probe(self) -> None:
        """Run every filter once on a tiny text, so a bad option value fails now."""
        for f in self._specs:
            try:
                f("Probe.\n", **self._step_options(f))
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"bad option for filter {f.name!r}: {exc}") from exc

    def _step_options(self, f: FilterSpec) -> dict[str, Any]:
        return {k: v for k, v in self._options.items() if k in f.options}

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
        for f in self._specs:
            yield f, self._step_options(f)

    def __call__(self, text: str) -> str:
        if not isinstance(text, str):
            raise TypeError(f"cleaner works on str, not {type(text).__name__}: decode it first")
        for f, options in self.steps():
            text = f.func(text, **options)
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
