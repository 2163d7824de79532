"""The line table: a text read once, for every filter that decides which whole lines go.

The boilerplate filters (and ``repeated-title``) only ever delete lines. Each of them used to
split, fold and score the whole text again; here the text is split once into a
:class:`LineTable` that keeps, per line, what any of them reads (its folded form, whether it is
blank, how much running text it holds, its words, its score), each computed the first time a
filter asks and kept for the others. A filter is a *decider*: it looks at a :class:`View` (the
lines still there, in order, each with its index in the table) and returns the view with some
lines dropped, each with its rule id. Lines are never edited, so what was read of a line stays
true after other lines went, and the dropped lines with their rules are the pipeline's own
record of what it did (:meth:`cleaner.Pipeline.explain`), not a second implementation of it.
"""

from __future__ import annotations

import array
import bisect
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, TypeVar

from cleaner.filters._lines import ends_like_sentence, fold, fold_text, line_starts

T = TypeVar("T")


class LineTable:
    """The lines of one text (split on ``\\n``), and what has been read of each line so far.

    Features are lists indexed like :attr:`lines`, computed on first use. ``memo`` holds
    anything else a decider wants to keep per text (per-line results by line, a language
    guess); its keys are the deciders' own.
    """

    __slots__ = ("_blank", "_content", "_folded", "lines", "memo", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self.lines: list[str] = text.split("\n")
        self._folded: tuple[str, array.array[int]] | None = None
        self._blank: list[bool] | None = None
        self._content: list[int] | None = None
        self.memo: dict[Any, Any] = {}

    @property
    def folded(self) -> tuple[str, array.array[int]]:
        """The text with every line folded (:func:`~cleaner.filters._lines.fold_text`), and
        where each of its lines starts in it (:func:`~cleaner.filters._lines.line_starts`):
        one string and an array, not a list of the folded lines, which took several times a
        text of short lines."""
        if self._folded is None:
            folded = fold_text(self.text)
            self._folded = (folded, line_starts(folded))
        return self._folded

    def fold(self, i: int) -> str:
        """:func:`~cleaner.filters._lines.fold` of one line, without folding the whole text
        when no filter needed all of it (a filter that reads the top lines only)."""
        if self._folded is not None:
            folded, starts = self._folded
            return folded[starts[i] : starts[i + 1] - 1]
        return fold(self.lines[i])

    @property
    def blank(self) -> list[bool]:
        """Whether each line is blank (empty or only whitespace)."""
        if self._blank is None:
            self._blank = [not line or line.isspace() for line in self.lines]
        return self._blank

    @property
    def content(self) -> list[int]:
        """How much running text each line holds: its stripped length if it reads like a
        paragraph (:func:`~cleaner.filters._lines.is_paragraph_like`), else 0."""
        if self._content is None:
            lines = self.lines
            content = [0] * len(lines)
            # is_paragraph_like, its word count read for all lines at once: most lines are
            # short, and only those of 6 to 29 words need their last character looked at.
            for k, words in enumerate(map(len, map(str.split, lines))):
                if words >= 30 or (words >= 6 and ends_like_sentence(lines[k])):
                    content[k] = len(lines[k].strip())
            self._content = content
        return self._content

    def per_line(self, key: Any, compute: Callable[[int], T]) -> Callable[[int], T]:
        """``compute(i)`` of the line at table index ``i``, computed once per distinct line of
        the text (pages repeat their lines) and kept under ``key`` for every decider.

        ``compute`` must depend on the line's text alone (its folded form, its words, ...).
        """
        cache: dict[str, T] = self.memo.setdefault(key, {})
        lines = self.lines

        def get(i: int) -> T:
            line = lines[i]
            if line in cache:
                return cache[line]
            value = cache[line] = compute(i)
            return value

        return get

    def view(self) -> View:
        """All the lines, none dropped."""
        return View(self, self.lines, array.array("q", range(len(self.lines))), {})


class View:
    """The lines of a table still in the text, in order: ``lines[k]`` is ``table.lines[index[k]]``.

    ``removed`` maps the table index of every line dropped so far to its rule id. A view is
    never changed: :meth:`drop` returns a new one. ``index`` is an array of machine integers:
    a list of int objects took 36 bytes a line, more than a short line's text.
    """

    __slots__ = ("index", "lines", "removed", "table")

    def __init__(
        self,
        table: LineTable,
        lines: list[str],
        index: array.array[int],
        removed: Mapping[int, str],
    ) -> None:
        self.table = table
        self.lines = lines
        self.index = index
        self.removed = removed

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def nonblank(self) -> Iterator[int]:
        """The positions of the lines that are not blank, in order, read only as far as asked."""
        blank = self.table.blank
        return (k for k, i in enumerate(self.index) if not blank[i])

    def positions(self, indices: Iterable[int]) -> list[int]:
        """The positions, in order, of the lines at these table indices that the view still
        holds: what a decider that reads a few screened lines loops over, instead of every
        line of the view."""
        index = self.index
        if len(index) == len(self.table.lines):  # nothing dropped yet: a position is an index
            return sorted(indices)
        found = []
        for i in sorted(indices):
            k = bisect.bisect_left(index, i)
            if k < len(index) and index[k] == i:
                found.append(k)
        return found

    def drop(self, drop: Mapping[int, str]) -> View:
        """The view without the lines at positions ``drop`` (each with its rule id).

        Blank lines go as :func:`~cleaner.filters._lines.drop_lines` lets them go: a dropped
        line that stood as a block of its own takes the blank line after it along, blank lines
        left at the end go, and the final newline stays as it was. ``drop(d).text`` equals
        ``drop_lines(self.text, d)`` (a property test holds the two equal).
        """
        if not drop:
            return self
        lines, index, blank = self.lines, self.index, self.table.blank
        last = len(lines) - 1
        out_lines: list[str] = []
        out_index = array.array("q")
        # The kept lines between two dropped ones are copied as one slice; only the blank
        # lines right after a dropped block are read one by one, to be swallowed.
        swallow_blank = False
        start = 0
        for k in [*sorted(drop), len(lines)]:
            if swallow_blank:
                while start < k and start != last and blank[index[start]]:
                    start += 1
            out_lines += lines[start:k]
            out_index += index[start:k]
            swallow_blank = not out_index or blank[out_index[-1]]
            start = k + 1
        while out_index and blank[out_index[-1]]:
            out_lines.pop()
            out_index.pop()
        if out_index and last > 0 and lines[last] == "":  # the text ended with a newline
            out_lines.append("")
            out_index.append(index[last])
        removed = dict(self.removed)
        removed.update((index[k], rule) for k, rule in drop.items())
        return View(self.table, out_lines, out_index, removed)


Decider = Callable[..., View]


def run_decider(decide: Decider, text: str, options: Mapping[str, Any]) -> str:
    """One decider alone on a text: the text without the lines it drops."""
    view = LineTable(text).view()
    after = decide(view, **options)
    return text if after is view else after.text
