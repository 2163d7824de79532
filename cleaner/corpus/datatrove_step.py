"""A datatrove pipeline step (``pip install 'cleaner[datatrove]'``)::

    from datatrove.pipeline.readers import JsonlReader
    from datatrove.pipeline.writers import JsonlWriter
    from cleaner.corpus.datatrove_step import CleanerStep

    steps = [JsonlReader("in/"), CleanerStep(preset="default"), JsonlWriter("out/")]

Each document's text is cleaned as a record's is (changed only when cleaning changed it, the final
newline as the input had it, ``None`` passed through). The step reports through datatrove's stats:
``total``, ``changed``, ``null``, per filter ``filter/NAME`` (documents changed) and, with
``rules=True`` (the default), per boilerplate rule ``rule/ID`` (lines removed).

datatrove is imported when ``CleanerStep`` is first looked up, not when this module is imported.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Any

from cleaner.corpus.adapters import chosen_pipeline
from cleaner.corpus.io import missing_extra
from cleaner.corpus.records import check_choices, finish
from cleaner.corpus.stats import Counters
from cleaner.pipeline import Pipeline


def _init(
    self: Any,
    pipeline: Pipeline | None = None,
    *,
    preset: str = "default",
    final_newline: str = "input",
    rules: bool = True,
    **options: Any,
) -> None:
    base: Any = _step_class().__bases__[0]
    base.__init__(self)
    check_choices(final_newline)
    self.pipeline = chosen_pipeline(pipeline, preset, options)
    self.final_newline = final_newline
    self.rules = rules


def _run(self: Any, data: Any, rank: int = 0, world_size: int = 1) -> Iterator[Any]:
    counters = Counters(self.pipeline, rules=self.rules)
    for doc in data:
        self.stat_update("total")
        if doc.text is None:
            self.stat_update("null")
            yield doc
            continue
        with self.track_time():
            cleaned = finish(doc.text, counters(doc.text), self.final_newline)
        if cleaned is not doc.text:
            self.stat_update("changed")
            doc.text = cleaned
        stats = counters.take()
        for name, count in stats.filters.items():
            if count.documents_changed:
                self.stat_update(f"filter/{name}")
        for rule, removed in stats.rules.items():
            self.stat_update(f"rule/{rule}", value=removed.lines)
        yield doc


@functools.cache
def _step_class() -> type:
    try:
        from datatrove.pipeline.base import PipelineStep
    except ImportError:
        raise missing_extra("datatrove", "datatrove", "cleaner's datatrove step") from None
    return type(
        "CleanerStep",
        (PipelineStep,),
        {
            "__module__": __name__,
            "__doc__": "cleaner's pipeline as one datatrove step.",
            "name": "🧹 cleaner",
            "type": "✂️ - FORMAT",
            "__init__": _init,
            "run": _run,
        },
    )


def __getattr__(name: str) -> Any:
    if name == "CleanerStep":
        return _step_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
