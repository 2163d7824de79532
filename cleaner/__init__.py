"""cleaner: composable filters that turn messy scraped text into clean corpus text.

>>> import cleaner
>>> cleaner.clean("Read also:\\n\\nAnother story\\n\\nThe worldâ€™s news &amp; rsquo;s.\\n")
'The world’s news ’s.\\n'
"""

from __future__ import annotations

from typing import Any

from cleaner._version import __version__
from cleaner.errors import CleanerError, ConfigError, InputError, OutputError
from cleaner.filters import FILTERS
from cleaner.filters.boilerplate import explain
from cleaner.pipeline import PRESETS, Pipeline, cached
from cleaner.registry import FilterSpec, Guarantee, Stage

__all__ = [
    "FILTERS",
    "PRESETS",
    "CleanerError",
    "ConfigError",
    "FilterSpec",
    "Guarantee",
    "InputError",
    "OutputError",
    "Pipeline",
    "Stage",
    "__version__",
    "clean",
    "explain",
    "list_filters",
]


def clean(text: str, preset: str = "default", **options: Any) -> str:
    """Clean one text with a preset's pipeline; ``options`` are filter options.

    Unknown presets or options raise :class:`ConfigError` naming the valid choices.
    """
    try:
        pipeline = cached(preset, tuple(sorted(options.items())))
    except TypeError:  # an unhashable option value: build without the cache
        pipeline = Pipeline.from_preset(preset, **options)
    return pipeline(text)


def list_filters() -> list[FilterSpec]:
    """Every registered filter, in the order pipelines run them."""
    return list(FILTERS)
