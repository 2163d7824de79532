"""Phrase patterns kept as data: ``cleaner/data/phrases/<family>.txt``.

Each family file holds one regular expression a line, matched against the whole *folded* line
(see :func:`cleaner.filters._lines.fold`): lower case, spaces collapsed, curly quotes and dashes
folded. Lines starting with ``#`` are comments. ``{name}`` refers to a macro of ``_macros.txt``
(dates, times, counts), which keeps the family files readable.
"""

from __future__ import annotations

import functools
from importlib import resources

import regex

_MACRO_REF = regex.compile(r"\{([a-z_]+)\}")


def _folder() -> resources.abc.Traversable:
    return resources.files("cleaner").joinpath("data").joinpath("phrases")


def _data_lines(name: str) -> list[str]:
    text = _folder().joinpath(name).read_text("utf-8")
    return [line.strip() for line in text.splitlines() if line.strip() and line[0] != "#"]


def _expand(pattern: str, macros: dict[str, str]) -> str:
    def substitute(match: regex.Match[str]) -> str:
        name = match.group(1)
        if name not in macros:
            raise KeyError(f"unknown macro {{{name}}} in phrase data; known: {sorted(macros)}")
        return macros[name]

    return _MACRO_REF.sub(substitute, pattern)


@functools.cache
def macros() -> dict[str, str]:
    """The shared sub-patterns of ``_macros.txt``, each expanded."""
    found: dict[str, str] = {}
    for line in _data_lines("_macros.txt"):
        name, _, pattern = line.partition(" = ")
        found[name.strip()] = _expand(pattern.strip(), found)
    return found


def family_names() -> list[str]:
    """The phrase families shipped with cleaner, in alphabetical order."""
    return sorted(
        entry.name[:-4]
        for entry in _folder().iterdir()
        if entry.name.endswith(".txt") and not entry.name.startswith("_")
    )


@functools.cache
def family_source(family: str) -> str:
    """One family's patterns as a single alternation, macros expanded."""
    patterns = [_expand(line, macros()) for line in _data_lines(f"{family}.txt")]
    return "|".join(f"(?:{p})" for p in patterns)


@functools.cache
def whole_line(*families: str) -> regex.Pattern[str]:
    """A pattern that matches a folded line that is entirely one phrase of ``families``.

    Each family is a named group, so a match says which family (and so which rule) fired.
    """
    groups = "|".join(f"(?P<{f.replace('-', '_')}>{family_source(f)})" for f in families)
    return regex.compile(f"(?:{groups})", regex.IGNORECASE)
