"""cleaner: composable filters that turn messy scraped text into clean corpus text.

>>> import cleaner
>>> cleaner.clean("Read also:\\n\\nAnother story\\n\\nThe worldâ€™s news &amp; rsquo;s.\\n")
'The world’s news ’s.\\n'
"""

from __future__ import annotations

from typing import Any

from cleaner._version import __version__
from cleaner.errors import CleanerError, ConfigError, InputError, OutputError
from cleaner.explanation import Change, Explanation, Removal
from cleaner.filters import FILTERS
from cleaner.pipeline import PRESETS, Pipeline, cached
from cleaner.registry import FilterSpec, Guarantee, Option, Stage

__all__ = [
    "FILTERS",
    "PRESETS",
    "Change",
    "CleanerError",
    "ConfigError",
    "Explanation",
    "FilterSpec",
    "Guarantee",
    "InputError",
    "Option",
    "OutputError",
    "Pipeline",
    "Removal",
    "Stage",
    "__version__",
    "clean",
    "explain",
    "list_filters",
]


def _pipeline(preset: str, options: dict[str, Any]) -> Pipeline:
    try:
        return cached(preset, tuple(sorted(options.items())))
    except TypeError:  # an unhashable option value: build without the cache
        return Pipeline.from_preset(preset, **options)


def clean(text: str, preset: str = "default", **options: Any) -> str:
    """Clean one text with a preset's pipeline; ``options`` are filter options.

    Unknown presets or options raise :class:`ConfigError` naming the valid choices.
    """
    return _pipeline(preset, options)(text)


def explain(text: str, preset: str = "default", **options: Any) -> Explanation:
    """What :func:`clean` does to ``text``, as :meth:`Pipeline.explain` records it: every
    removed line with its line number and rule id, and what each editing filter changed.

    >>> for r in explain("Body of the story.\\n\\n- Anzeige -\\n\\nBy Jane Doe\\n"):
    ...     print(r.line_number, r.rule, repr(r.line))
    3 boilerplate.advertisement '- Anzeige -'
    5 boilerplate.byline 'By Jane Doe'
    """
    return _pipeline(preset, options).explain(text)


def list_filters() -> list[FilterSpec]:
    """Every registered filter, in the order pipelines run them."""
    return list(FILTERS)
