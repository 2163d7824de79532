"""Phrase patterns kept as data: ``cleaner/data/phrases/<family>.txt``.

Each family file holds one regular expression a line, matched against the whole *folded* line
(see :func:`cleaner.filters._lines.fold`): lower case, spaces collapsed, curly quotes and dashes
folded. Lines starting with ``#`` are comments. ``{name}`` refers to a macro of ``_macros.txt``
(dates, times, counts), which keeps the family files readable.

Layout: one file per *family* (a kind of boilerplate: ``comments``, ``share``, ``cookies``, ...),
and inside it one section per *language*, headed ``# -- xx --`` with the ISO 639-1 code (``# --
any language --`` for patterns made of numbers, symbols or brand names). A family is what a rule
id names (``boilerplate.comments``), so one file answers "what does this rule remove?" in every
language; adding a language means adding a section to each family.

Two directives, on lines starting with ``#!``, make a family cheap to try on lines it cannot
match: ``#! requires: word|word|...`` (the folded line must contain one of these substrings) and
``#! max-length: N`` (longer folded lines are not tried). They never change what matches.
"""

from __future__ import annotations

import functools
import re
from importlib import resources

import regex

_MACRO_REF = regex.compile(r"\{([a-z_]+)\}")


def _folder() -> resources.abc.Traversable:
    return resources.files("cleaner").joinpath("data").joinpath("phrases")


def _directives(name: str) -> dict[str, str]:
    text = _folder().joinpath(name).read_text("utf-8")
    found: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("#!"):
            key, _, value = line[2:].partition(":")
            found[key.strip()] = value.strip()
    return found


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
    return regex.compile(f"(?:{groups})")


@functools.cache
def _gate(family: str) -> tuple[re.Pattern[str] | None, int]:
    directives = _directives(f"{family}.txt")
    requires = directives.get("requires")
    gate = re.compile("|".join(re.escape(w) for w in requires.split("|"))) if requires else None
    return gate, int(directives.get("max-length", "100000"))


@functools.cache
def _combined(families: tuple[str, ...]) -> re.Pattern[str]:
    groups = "|".join(f"(?P<{f.replace('-', '_')}>{family_source(f)})" for f in families)
    return re.compile(groups or "(?!)")


@functools.cache
def _eligible(families: tuple[str, ...], length: int) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The ungated and the gated families of ``families`` that can match a line this long."""
    fits = [f for f in families if length <= _gate(f)[1]]
    return (
        tuple(f for f in fits if _gate(f)[0] is None),
        tuple(f for f in fits if _gate(f)[0] is not None),
    )


# Line lengths are rounded down to a step, so that few combinations of families are compiled
# (rounding down may try a family on a line a little too long for it, never the other way).
_LENGTH_STEP = 20


def which(folded: str, families: tuple[str, ...]) -> str | None:
    """A family of ``families`` with a phrase matching the whole folded line, or None.

    Families whose ``max-length`` the line exceeds, and gated families whose required words
    the line lacks, are not tried; the others are tried as one alternation.

    >>> which("leave a reply", ("advertisement", "comments"))
    'comments'
    """
    length = len(folded) // _LENGTH_STEP * _LENGTH_STEP
    plain, gated = _eligible(families, length)
    if plain:
        match = _combined(plain).fullmatch(folded)
        if match is not None and match.lastgroup is not None:
            return match.lastgroup.replace("_", "-")
    for family in gated:
        gate = _gate(family)[0]
        if gate is not None and gate.search(folded) and _pattern(family).fullmatch(folded):
            return family
    return None


@functools.cache
def _pattern(family: str) -> re.Pattern[str]:
    return re.compile(family_source(family))
