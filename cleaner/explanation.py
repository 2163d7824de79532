"""What a pipeline did to a text, as data: the lines it removed and why, and what it edited.

:meth:`cleaner.Pipeline.explain` runs the same code as cleaning and keeps what the filters
decided on the way, so an explanation is the pipeline's own record, never a second
implementation of it. Reports, statistics and the review page read it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import NamedTuple


class Removal(NamedTuple):
    """One line a filter removed, and why."""

    line_number: int
    """1-based, in :attr:`Explanation.repaired`: the text after the repairs, as the filters
    that drop lines read it (the input itself, where no repair moved a line break)."""
    line: str
    rule: str
    """A stable rule id, such as ``boilerplate.comments-tail``: ``<stage>.<what>``."""
    filter: str
    """The filter that removed it."""


class Change(NamedTuple):
    """What one filter that edits text (a repair, a join) changed in it."""

    filter: str
    lines_changed: int
    """Lines of the filter's input that are not in its output as they were."""
    chars_before: int
    chars_after: int


def change(name: str, before: str, after: str) -> Change:
    """The :class:`Change` a filter made, from its input and its output."""
    if before == after:
        return Change(name, 0, len(before), len(after))
    old, new = before.split("\n"), after.split("\n")
    if len(old) == len(new):
        changed = sum(a != b for a, b in zip(old, new, strict=True))
    else:
        changed = sum((Counter(old) - Counter(new)).values())
    return Change(name, changed, len(before), len(after))


@dataclass(frozen=True)
class Explanation:
    """A pipeline's record of one text: iterate over it for the removals.

    >>> import cleaner
    >>> e = cleaner.explain("Body of the story.\\n\\n- Anzeige -\\n")
    >>> e.text, [(r.line_number, r.rule) for r in e]
    ('Body of the story.\\n', [(3, 'boilerplate.advertisement')])
    """

    text: str
    """The cleaned text, exactly what the pipeline returns."""
    repaired: str
    """The text after the repairs (encoding, entities, markup, whitespace): the line numbers of
    :attr:`removals` count its lines."""
    removals: tuple[Removal, ...]
    """Every removed line, in the order the filters removed them."""
    changes: tuple[Change, ...]
    """What each filter that edits text changed, one entry per filter that ran."""

    def __iter__(self) -> Iterator[Removal]:
        return iter(self.removals)

    def __len__(self) -> int:
        return len(self.removals)

    def __getitem__(self, n: int) -> Removal:
        return self.removals[n]

    def rules(self) -> Counter[str]:
        """How many lines each rule removed."""
        return Counter(r.rule for r in self.removals)
