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
from collections.abc import Callable, Iterable
from importlib import resources
from re import _constants, _parser  # type: ignore[attr-defined]
from typing import Any, NamedTuple

import ahocorasick
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


def finder(strings: Iterable[str]) -> Callable[[str], bool]:
    """A test whether a text holds one of ``strings`` (non-empty), all looked for at once."""
    automaton = ahocorasick.Automaton()
    for string in strings:
        automaton.add_word(string, string)
    automaton.make_automaton()
    iterate = automaton.iter
    return lambda text: next(iterate(text), None) is not None


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


class Screen(NamedTuple):
    """What a folded line must show for :func:`which` to find one of some families in it."""

    start: str  # a pattern source: the line starts with a match of it, or else
    contains: frozenset[str]  # the line holds one of these strings


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
    starts: list[str] = []
    contains: set[str] = set()
    by_gate: dict[tuple[str, ...], list[_Screen]] = {}
    for family in families:
        family_screen = _screen(family)
        if family_screen.anything:
            return None
        by_gate.setdefault(_required_words(family), []).append(family_screen)
        contains.update(family_screen.needs)
    for requires, screens in by_gate.items():
        prefixes = {p for sc in screens for group in sc.by_char.values() for p in group}
        alternatives = [_trie(prefixes)] if prefixes else []
        if any(sc.digit for sc in screens):
            alternatives.append(r"\d")
        if not alternatives:
            continue
        source = "|".join(alternatives)
        if requires:  # the family is not tried on a line without one of these words
            source = f"(?=(?:{source}))(?=.*{_trie(set(requires))})"
        starts.append(f"(?:{source})")
    return Screen("|".join(starts) or "(?!)", frozenset(contains))


def needs(source: str) -> frozenset[str] | None:
    """Strings one of which every match of the pattern ``source`` contains, or None if there
    are none to be read off it (its fixed text, looked for where it has alternatives).

    >>> sorted(needs(r"\\d+ (?:comments|replies)"))
    [' comments', ' replies']
    """
    return _needs_of_sequence(list(_parser.parse(source).data))


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


# -- the first-character screen --------------------------------------------------------------
#
# Most lines match no phrase, and a large alternation spends its time trying every branch on
# them. Each phrase pattern can only start with a few characters (read off its parsed form), so
# a line is first tried against the phrases that can start with its first character, as one
# alternation without groups: when none of them matches, no family can, and ``which`` answers
# None at once. The screen only ever says "cannot match"; a line it lets through is decided by
# the full patterns, so it never changes a result.


class _First(NamedTuple):
    """What a pattern's first character can be: these characters, any decimal digit, or any."""

    chars: frozenset[str]
    digit: bool
    anything: bool


_ANYTHING = _First(frozenset(), digit=False, anything=True)
_REPEATS = (_constants.MAX_REPEAT, _constants.MIN_REPEAT, _constants.POSSESSIVE_REPEAT)
_ZERO_WIDTH = (_constants.AT, _constants.ASSERT, _constants.ASSERT_NOT)


def _union(a: _First, b: _First) -> _First:
    if a.anything or b.anything:
        return _ANYTHING
    return _First(a.chars | b.chars, a.digit or b.digit, anything=False)


def _first_of_sequence(items: Any, ignore_case: bool) -> tuple[_First, bool]:
    """The first characters of a parsed sequence, and whether it can match the empty string."""
    first = _First(frozenset(), digit=False, anything=False)
    for op, arg in items:
        item, nullable = _first_of_item(op, arg, ignore_case)
        first = _union(first, item)
        if first.anything or not nullable:
            return first, False
    return first, True


def _first_of_item(op: Any, arg: Any, ignore_case: bool) -> tuple[_First, bool]:
    c = _constants
    if op is c.LITERAL and not ignore_case:
        return _First(frozenset(chr(arg)), digit=False, anything=False), False
    if op is c.IN and not ignore_case:
        chars: set[str] = set()
        digit = False
        for kind, value in arg:
            if kind is c.LITERAL:
                chars.add(chr(value))
            elif kind is c.RANGE and value[1] - value[0] < 256:
                chars.update(chr(n) for n in range(value[0], value[1] + 1))
            elif kind is c.CATEGORY and value is c.CATEGORY_DIGIT:
                digit = True
            else:  # a negated set, a wide range, another category: anything
                return _ANYTHING, False
        return _First(frozenset(chars), digit, anything=False), False
    if op is c.SUBPATTERN:
        _group, add_flags, del_flags, items = arg
        if add_flags & c.SRE_FLAG_IGNORECASE:
            ignore_case = True
        if del_flags & c.SRE_FLAG_IGNORECASE:
            ignore_case = False
        return _first_of_sequence(items, ignore_case)
    if op is c.ATOMIC_GROUP:
        return _first_of_sequence(arg, ignore_case)
    if op is c.BRANCH:
        first = _First(frozenset(), digit=False, anything=False)
        nullable = False
        for items in arg[1]:
            branch, empty = _first_of_sequence(items, ignore_case)
            first, nullable = _union(first, branch), nullable or empty
        return first, nullable
    if op in _REPEATS:
        low, _high, items = arg
        first, empty = _first_of_sequence(items, ignore_case)
        return first, empty or low == 0
    if op in _ZERO_WIDTH:  # consumes nothing: the first character comes after it
        return _First(frozenset(), digit=False, anything=False), True
    return _ANYTHING, False  # any character, a back-reference, a conditional: anything


@functools.cache
def _first(pattern: str) -> _First:
    """What the first character of a non-empty string the pattern matches can be."""
    parsed = _parser.parse(pattern)
    first, _nullable = _first_of_sequence(parsed.data, bool(parsed.state.flags & re.IGNORECASE))
    return first


# Longer fixed prefixes make a sharper screen; a cross product of alternatives is cut at this size.
_MAX_PREFIXES = 400


def _prefixes_of_sequence(items: list[Any]) -> tuple[frozenset[str], bool]:
    """Strings one of which starts every match of a parsed sequence, and whether they are the
    whole of it (so what follows extends them)."""
    if not items:
        return frozenset({""}), True
    op, arg = items[0]
    if op in _REPEATS and arg[0] == 0:
        # Left out, or there: a match starts like the rest, or like the repeated part.
        skipped, skipped_whole = _prefixes_of_sequence(items[1:])
        if arg[1] == 1:
            taken, taken_whole = _prefixes_of_sequence(list(arg[2]) + items[1:])
        else:
            taken, taken_whole = _prefixes_of_sequence(list(arg[2]))[0], False
        found = skipped | taken
        if len(found) > _MAX_PREFIXES:
            return _cut(found), False
        return found, skipped_whole and taken_whole
    heads, whole = _prefixes_of_item(op, arg)
    if not whole:
        return heads, False
    rest, rest_whole = _prefixes_of_sequence(items[1:])
    if len(heads) * len(rest) > _MAX_PREFIXES:
        return heads, False
    # Fixed text followed by a digit: the fixed text is the prefix.
    return frozenset(a + b.partition(_DIGIT)[0] for a in heads for b in rest), rest_whole


def _cut(prefixes: frozenset[str]) -> frozenset[str]:
    """Too many prefixes, cut shorter until at most ``_MAX_PREFIXES`` are left (a line that
    starts with a prefix starts with its first characters too).

    >>> cut = _cut(frozenset(f"x{n:03}" for n in range(1000)))
    >>> len(cut), sorted(cut)[:2]
    (100, ['x00', 'x01'])
    """
    length = max(map(len, prefixes))
    while len(prefixes) > _MAX_PREFIXES and length > 1:
        length -= 1
        prefixes = frozenset(prefix[:length] for prefix in prefixes)
    return prefixes if len(prefixes) <= _MAX_PREFIXES else frozenset({""})


# The "prefix" of a phrase that starts with a decimal digit (a date, a count).
_DIGIT = "\x00"


def _is_digits(kind: Any, value: Any) -> bool:
    c = _constants
    if kind is c.CATEGORY:
        return bool(value is c.CATEGORY_DIGIT)
    if kind is c.RANGE:
        return bool(48 <= value[0] <= value[1] <= 57)
    return kind is c.LITERAL and 48 <= value <= 57


def _prefixes_of_item(op: Any, arg: Any) -> tuple[frozenset[str], bool]:
    c = _constants
    if op is c.LITERAL:
        return frozenset({chr(arg)}), True
    if op is c.IN and all(kind is c.LITERAL for kind, _value in arg) and len(arg) <= 16:
        return frozenset(chr(value) for _kind, value in arg), True
    if op is c.IN and all(_is_digits(kind, value) for kind, value in arg):
        return frozenset({_DIGIT}), False
    if op is c.SUBPATTERN and not arg[1] and not arg[2]:  # a group that changes no flags
        return _prefixes_of_sequence(list(arg[3]))
    if op is c.BRANCH:
        found: set[str] = set()
        whole = True
        for items in arg[1]:
            heads, complete = _prefixes_of_sequence(list(items))
            found |= heads
            whole = whole and complete
        if len(found) > _MAX_PREFIXES:
            return _cut(frozenset(found)), False
        return frozenset(found), whole
    if op in _REPEATS:  # at least once: a match starts like the repeated part
        return _prefixes_of_sequence(list(arg[2]))[0], False
    return frozenset({""}), False  # a class, a flag change, a look-around: no fixed text


class _Screen(NamedTuple):
    """A cheap test a line must pass for a family's pattern to match it."""

    anything: bool  # some phrase can start with any character: every line passes
    digit: bool  # some phrase starts with a digit: lines starting with one pass
    by_char: dict[str, tuple[str, ...]]  # first character -> the fixed prefixes it starts
    needs: tuple[str, ...]  # phrases that start anyhow contain one of these: lines with one pass


@functools.cache
def _screen(family: str) -> _Screen:
    anything = digit = False
    prefixes: set[str] = set()
    needs: set[str] = set()
    for pattern in _family_patterns(family):
        parsed = _parser.parse(pattern)
        heads: frozenset[str] = frozenset()
        inner: frozenset[str] | None = None
        if not parsed.state.flags & re.IGNORECASE:
            heads, _whole = _prefixes_of_sequence(list(parsed.data))
            inner = _needs_of_sequence(list(parsed.data))
        if heads and "" not in heads:
            if _DIGIT in heads and inner and all(len(s.strip(" .,:;-")) >= 3 for s in inner):
                # Led by a number ("3 comments"): lines with its words are fewer than lines
                # that start with a digit.
                needs |= inner
                continue
            digit = digit or _DIGIT in heads
            prefixes |= heads - {_DIGIT}
            continue
        first = _first(pattern)  # no fixed text in front: what the first character can be
        if first.anything and inner:
            needs |= inner
            continue
        anything = anything or first.anything
        digit = digit or first.digit
        prefixes |= first.chars
    by_char: dict[str, list[str]] = {}
    for prefix in sorted(prefixes):
        by_char.setdefault(prefix[0], []).append(prefix)
    return _Screen(anything, digit, {k: tuple(v) for k, v in by_char.items()}, tuple(sorted(needs)))


def _needs_of_sequence(items: list[Any]) -> frozenset[str] | None:
    """Strings one of which every match of a parsed sequence contains (None if none found):
    the fixed text of a run of its parts, or what a part or a look-ahead inside it needs."""
    best: frozenset[str] | None = None

    def consider(found: frozenset[str] | None) -> None:
        nonlocal best
        if found and "" not in found and (best is None or _selectivity(found) > _selectivity(best)):
            best = found

    run: frozenset[str] | None = None  # the fixed text of the parts just read
    for op, arg in items:
        heads, whole = _prefixes_of_item(op, arg)
        if whole and not (op in _REPEATS and arg[0] == 0):
            run = heads if run is None else _product(run, heads)
            continue
        consider(run)
        run = None
        consider(_needs_of_item(op, arg))
    consider(run)
    return best


def _needs_of_item(op: Any, arg: Any) -> frozenset[str] | None:
    c = _constants
    if op is c.SUBPATTERN and not arg[1] and not arg[2]:
        return _needs_of_sequence(list(arg[3]))
    if op is c.ASSERT:  # a look-ahead or look-behind: the line holds what it matches
        return _needs_of_sequence(list(arg[1]))
    if op is c.BRANCH:
        found: set[str] = set()
        for items in arg[1]:
            needs = _needs_of_sequence(list(items))
            if not needs:
                return None
            found |= needs
        return frozenset(found) if len(found) <= _MAX_PREFIXES else None
    if op in _REPEATS and arg[0] >= 1:
        return _needs_of_sequence(list(arg[2]))
    return None


def _product(a: frozenset[str], b: frozenset[str]) -> frozenset[str] | None:
    return frozenset(x + y for x in a for y in b) if len(a) * len(b) <= _MAX_PREFIXES else None


def _shortest(strings: frozenset[str]) -> int:
    return min(map(len, strings))


def _selectivity(strings: frozenset[str]) -> tuple[bool, int]:
    """How rarely a line holds one of ``strings``: numbers ("19", "20") are everywhere, words
    are rarer the longer they are."""
    return not any(s.isdecimal() for s in strings), _shortest(strings)


@functools.cache
def _known_first_chars() -> frozenset[str]:
    return frozenset(char for family in family_names() for char in _screen(family).by_char)


def _screen_key(char: str) -> str:
    """The character itself when some phrase starts with it, else one key for all the others
    (a decimal digit, or anything else)."""
    if char in _known_first_chars():
        return char
    return "0" if char.isdecimal() else "\x00"
