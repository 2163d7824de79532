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
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from importlib import resources
from typing import Any, NamedTuple, TypeVar

import ahocorasick
import regex

T = TypeVar("T")
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
def _family_patterns(family: str) -> tuple[str, ...]:
    return tuple(_expand(line, macros()) for line in _data_lines(f"{family}.txt"))


@functools.cache
def family_source(family: str) -> str:
    """One family's patterns as a single alternation, macros expanded."""
    return "|".join(f"(?:{p})" for p in _family_patterns(family))


@functools.cache
def whole_line(*families: str) -> regex.Pattern[str]:
    """A pattern that matches a folded line that is entirely one phrase of ``families``.

    Each family is a named group, so a match says which family (and so which rule) fired.
    """
    groups = "|".join(f"(?P<{f.replace('-', '_')}>{family_source(f)})" for f in families)
    return regex.compile(f"(?:{groups})")


def _automaton(values: Iterable[tuple[str, Any]]) -> Any:
    """An Aho-Corasick automaton of (string, value) pairs, or None when there are none."""
    automaton = ahocorasick.Automaton()
    for string, value in values:
        automaton.add_word(string, value)
    if not len(automaton):
        return None
    automaton.make_automaton()
    return automaton


def finder(strings: Iterable[str]) -> Callable[[str], bool]:
    """A test whether a text holds one of ``strings`` (non-empty), all looked for at once."""
    automaton = _automaton((string, string) for string in strings)
    if automaton is None:
        return lambda text: False
    iterate = automaton.iter
    return lambda text: next(iterate(text), None) is not None


def finder_values(values: dict[str, T]) -> Callable[[str], list[tuple[int, T]]]:
    """(where it ends, its value) for every occurrence of every string of ``values`` in a
    text, overlapping ones too, all looked for at once."""
    automaton = _automaton(values.items())
    if automaton is None:
        return lambda text: []
    iterate = automaton.iter
    return lambda text: list(iterate(text))


def finder_ends(strings: Iterable[str]) -> Callable[[str], list[int]]:
    """Where in a text (the index of the last character) one of ``strings`` (non-empty, none
    holding a line break) ends: at least one hit in every line that holds one of them, all
    looked for at once. ``[]`` when the text holds none."""
    automaton = _automaton((string, string) for string in strings)
    if automaton is None:
        return lambda text: []
    iterate = automaton.iter_long  # leftmost-longest, never overlapping: fewer hits
    return lambda text: [end for end, _string in iterate(text)]


@functools.cache
def _required_words(family: str) -> tuple[str, ...]:
    """The words of the family's ``#! requires:`` directive (empty: nothing is required)."""
    requires = _directives(f"{family}.txt").get("requires")
    return tuple(requires.split("|")) if requires else ()


@functools.cache
def _gate(family: str) -> tuple[Callable[[str], bool] | None, int]:
    """Whether a folded line holds one of the family's required words (None: nothing is
    required), and the longest line it is tried on."""
    required = _required_words(family)
    gate = finder(required) if required else None
    return gate, int(_directives(f"{family}.txt").get("max-length", "100000"))


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
    if not folded:  # the screen reads the first character: try the empty line in full
        plain, _gated = _eligible(families, length)  # no gate word is empty: none can match
        match = _combined(plain).fullmatch(folded) if plain else None
        if match is not None and match.lastgroup is not None:
            return match.lastgroup.replace("_", "-")
        return None
    # The first family, in order, whose pattern matches: what the alternation of the families
    # says, but only the families whose phrases can start this line are tried at all.
    key = _screen_key(folded[0])
    any_start, any_needs = _union_screen(families, key)
    # The screens of all the families at once first: most lines pass none of them.
    needed = any_needs is not None and any_needs(folded)
    if any_start is not None and not needed and any_start.match(folded) is None:
        return None
    plain_tries, gated_tries = _tries(families, length, key)
    for family, prefixes, needs in plain_tries:
        if (
            prefixes is None
            or folded.startswith(prefixes)
            or (needed and needs is not None and needs(folded))
        ) and _pattern(family).fullmatch(folded):
            return family.replace("_", "-")
    for family, prefixes, needs in gated_tries:
        if not (
            prefixes is None
            or folded.startswith(prefixes)
            or (needed and needs is not None and needs(folded))
        ):
            continue
        gate = _gate(family)[0]
        if gate is not None and gate(folded) and _pattern(family).fullmatch(folded):
            return family
    return None


_Tries = tuple[tuple[str, "tuple[str, ...] | None", "Callable[[str], bool] | None"], ...]


@functools.cache
def _tries(families: tuple[str, ...], length: int, key: str) -> tuple[_Tries, _Tries]:
    """The ungated and gated families to try on a line this long starting with ``key``, each
    with the prefixes the line must start with (None: no screen) or else the strings one of
    which it must contain."""

    def screened(names: tuple[str, ...]) -> _Tries:
        found: list[tuple[str, tuple[str, ...] | None, Callable[[str], bool] | None]] = []
        for family in names:
            screen = _screen(family)
            needs = _needs_finder(screen.needs)
            if screen.anything or (screen.digit and key.isdecimal()):
                found.append((family, None, None))
            elif key in screen.by_char or needs is not None:
                found.append((family, screen.by_char.get(key, ()), needs))
        return tuple(found)

    plain, gated = _eligible(families, length)
    return screened(plain), screened(gated)


@functools.cache
def _union_screen(
    families: tuple[str, ...], key: str
) -> tuple[re.Pattern[str] | None, Callable[[str], bool] | None]:
    """The screens of all ``families`` (whatever the line's length) for lines starting with
    ``key``: their prefixes as one pattern (None when some family has no screen for such a
    line), and a test for the strings one of which a line must contain (None if none)."""
    screens = [_screen(family) for family in families]
    starts: re.Pattern[str] | None = None
    if not any(sc.anything or (sc.digit and key.isdecimal()) for sc in screens):
        every_start = {p for sc in screens for p in sc.by_char.get(key, ())}
        starts = re.compile(_trie(every_start) if every_start else "(?!)")
    return starts, _needs_finder(tuple(sorted({n for sc in screens for n in sc.needs})))


@functools.cache
def _needs_finder(needs: tuple[str, ...]) -> Callable[[str], bool] | None:
    return finder(needs) if needs else None


class StartGroup(NamedTuple):
    """Phrase starts of families that share a gate: a line passes when it starts with one of
    ``prefixes`` (or with a decimal digit, if ``digit``) and holds one of ``requires`` (when
    there are any)."""

    prefixes: frozenset[str]
    digit: bool
    requires: tuple[str, ...]


class Screen(NamedTuple):
    """What a folded line must show for :func:`which` to find one of some families in it."""

    groups: tuple[StartGroup, ...]  # the line starts as one of these groups says, or else
    contains: frozenset[str]  # the line holds one of these strings

    @property
    def start(self) -> str:
        """The start groups as one pattern source, matched at the start of a line."""
        starts = []
        for group in self.groups:
            alternatives = [_trie(set(group.prefixes))] if group.prefixes else []
            if group.digit:
                alternatives.append(r"\d")
            source = "|".join(alternatives)
            if group.requires:  # the family is not tried on a line without one of these words
                source = f"(?=(?:{source}))(?=.*{_trie(set(group.requires))})"
            starts.append(f"(?:{source})")
        return "|".join(starts) or "(?!)"


@functools.cache
def screen(families: tuple[str, ...]) -> Screen | None:
    """A cheap test a line must pass for ``which(line, families)`` to find a family, or None
    when some phrase of ``families`` can start anyhow with no fixed text to look for.

    It is the first-character screen of every family together, and a gated family's phrase
    starts only count on a line with one of its required words (as :func:`which` tries it).

    >>> s = screen(("comments", "hashtags"))
    >>> bool(re.match(s.start, "leave a reply")), bool(re.match(s.start, "the reply"))
    (True, False)
    """
    contains: set[str] = set()
    by_gate: dict[tuple[str, ...], list[_Screen]] = {}
    for family in families:
        family_screen = _screen(family)
        if family_screen.anything:
            return None
        by_gate.setdefault(_required_words(family), []).append(family_screen)
        contains.update(family_screen.needs)
    groups = []
    for requires, screens in by_gate.items():
        prefixes = {p for sc in screens for group in sc.by_char.values() for p in group}
        digit = any(sc.digit for sc in screens)
        if prefixes or digit:
            groups.append(StartGroup(frozenset(prefixes), digit, requires))
    return Screen(tuple(groups), frozenset(contains))


def _trie(strings: set[str]) -> str:
    """A pattern matching where one of ``strings`` (non-empty) starts, branching a character at
    a time, so that a string that is not there fails at its first characters.

    >>> _trie({"ab", "abc", "ad", "x"})
    '(?:a(?:b|d)|x)'
    """
    tree: dict[str, Any] = {}
    for string in strings:
        node = tree
        for char in string:
            node = node.setdefault(char, {})
        node[""] = {}  # the string ends here: what follows does not matter

    def emit(node: dict[str, Any]) -> str:
        if "" in node:
            return ""
        branches = [re.escape(char) + emit(node[char]) for char in sorted(node)]
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(tree)


@functools.cache
def _pattern(family: str) -> re.Pattern[str]:
    return re.compile(family_source(family))


class _Screen(NamedTuple):
    """A cheap test a line must pass for a family's pattern to match it."""

    anything: bool  # some phrase can start with any character: every line passes
    digit: bool  # some phrase starts with a digit: lines starting with one pass
    by_char: dict[str, tuple[str, ...]]  # first character -> the fixed prefixes it starts
    needs: tuple[str, ...]  # phrases that start anyhow contain one of these: lines with one pass


@functools.cache
def _shipped() -> dict[str, Any]:
    """The screens made by ``scripts/build_screens.py``, if they were made from the phrase data
    there is now; else none (every line is tried: slower, never wrong)."""
    try:
        built: dict[str, Any] = json.loads(_data_file("screens.json").read_text("utf-8"))
    except (OSError, ValueError):
        return {"screens": {}, "needs": {}}
    if built.get("data_hash") != _data_hash():
        return {"screens": {}, "needs": {}}
    return built


def _data_file(name: str) -> resources.abc.Traversable:
    return resources.files("cleaner").joinpath("data").joinpath(name)


def _data_hash() -> str:
    digest = hashlib.sha256()
    for entry in sorted(_folder().iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes() + b"\0")
    return digest.hexdigest()


_NO_SCREEN = _Screen(anything=True, digit=False, by_char={}, needs=())


@functools.cache
def _screen(family: str) -> _Screen:
    """The screen of a family: what a line must start with or hold for its pattern to match."""
    found = _shipped()["screens"].get(family)
    if found is None:
        return _NO_SCREEN
    by_char = {k: tuple(v) for k, v in found["by_char"].items()}
    return _Screen(found["anything"], found["digit"], by_char, tuple(found["needs"]))


def needs(name: str) -> frozenset[str] | None:
    """Strings one of which every match of the pattern shipped as ``name`` contains, or None
    if there are none to be read off it (see :mod:`cleaner._screens_build`).

    >>> sorted(needs("caption-credit"))[:2]
    ['(archivbild)', '(archive photo)']
    """
    found = _shipped()["needs"].get(name)
    return None if found is None else frozenset(found)


@functools.cache
def _known_first_chars() -> frozenset[str]:
    return frozenset(char for family in family_names() for char in _screen(family).by_char)


def _screen_key(char: str) -> str:
    """The character itself when some phrase starts with it, else one key for all the others
    (a decimal digit, or anything else)."""
    if char in _known_first_chars():
        return char
    return "0" if char.isdecimal() else "\x00"
