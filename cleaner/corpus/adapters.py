"""Adapters: cleaner inside the engines people already run, with no import of them here.

- :class:`BatchCleaner` cleans the text column of a batch: a dict of columns, as HF datasets'
  ``Dataset.map(batched=True)`` and Ray Data's ``map_batches`` hand over (lists or NumPy arrays),
  or a pandas DataFrame (Ray's ``batch_format="pandas"``). As a Ray callable class it builds its
  pipeline once per actor.
- The datatrove step is :class:`cleaner.corpus.datatrove_step.CleanerStep` (needs
  ``cleaner[datatrove]``).

A record's text is changed only when cleaning changed it, ``None`` passes through, and the final
newline follows ``final_newline`` (see :mod:`cleaner.corpus.records`).
"""

from __future__ import annotations

from typing import Any

from cleaner.corpus.records import check_choices, clean_text
from cleaner.pipeline import Pipeline


class BatchCleaner:
    """Cleans the ``text_field`` column of a batch; pickles with cleaner's version.

    >>> BatchCleaner(preset="minimal")({"text": ["a  b", None, "ok\\n"], "id": [1, 2, 3]})
    {'text': ['a b', None, 'ok\\n'], 'id': [1, 2, 3]}
    """

    def __init__(
        self,
        pipeline: Pipeline | None = None,
        *,
        text_field: str = "text",
        final_newline: str = "input",
        preset: str = "default",
        **options: Any,
    ) -> None:
        check_choices(final_newline)
        self.pipeline = chosen_pipeline(pipeline, preset, options)
        self.text_field = text_field
        self.final_newline = final_newline

    def __reduce__(self) -> tuple[Any, ...]:
        # The pipeline pickles with cleaner's version: HF datasets' cache fingerprint follows it.
        return (_rebuild, (self.pipeline, self.text_field, self.final_newline))

    def __repr__(self) -> str:
        return (
            f"BatchCleaner({self.pipeline!r}, text_field={self.text_field!r}, "
            f"final_newline={self.final_newline!r})"
        )

    def clean(self, text: str | None) -> str | None:
        """One text, as a record's text is cleaned."""
        return clean_text(self.pipeline, text, self.final_newline)

    def __call__(self, batch: Any) -> Any:
        column = batch[self.text_field]
        values = column.tolist() if hasattr(column, "tolist") else list(column)
        cleaned = [self.clean(v) for v in values]
        if hasattr(batch, "assign"):  # a pandas DataFrame
            return batch.assign(**{self.text_field: cleaned})
        out = dict(batch)
        if hasattr(column, "dtype"):  # a NumPy array: give one back
            import numpy

            array = numpy.empty(len(cleaned), dtype=object)
            array[:] = cleaned
            out[self.text_field] = array
        else:
            out[self.text_field] = cleaned
        return out


def chosen_pipeline(pipeline: Pipeline | None, preset: str, options: dict[str, Any]) -> Pipeline:
    """The pipeline an adapter was given (with ``options`` set), or the preset's."""
    if pipeline is None:
        return Pipeline.from_preset(preset, **options)
    return pipeline.configure(**options) if options else pipeline


def _rebuild(pipeline: Pipeline, text_field: str, final_newline: str) -> BatchCleaner:
    return BatchCleaner(pipeline, text_field=text_field, final_newline=final_newline)
