"""How the phrase screens are made: what a phrase pattern must start with or contain.

This module reads phrase patterns with the standard library's private regular-expression
parser (``re._parser``; ``sre_parse`` before Python 3.11), so it is never imported when text is
cleaned: ``scripts/build_screens.py`` runs it and ships what it finds as
``cleaner/data/screens.json``, which :mod:`cleaner.phrases` reads, and a test checks that the
shipped file is what this module makes of the phrase data today.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from typing import Any, NamedTuple

if sys.version_info >= (3, 11):
    from re import _constants, _parser  # type: ignore[attr-defined]
else:  # pragma: no cover
    import sre_constants as _constants
    import sre_parse as _parser

from cleaner import phrases
from cleaner.phrases import _Screen

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
# Possessive repeats and atomic groups came with Python 3.11 (sre_constants has neither).
_REPEATS = (
    _constants.MAX_REPEAT,
    _constants.MIN_REPEAT,
    getattr(_constants, "POSSESSIVE_REPEAT", _constants.MAX_REPEAT),
)
_ATOMIC_GROUP = getattr(_constants, "ATOMIC_GROUP", None)
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
    if _ATOMIC_GROUP is not None and op is _ATOMIC_GROUP:
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


@functools.cache
def build_screen(family: str) -> _Screen:
    anything = digit = False
    prefixes: set[str] = set()
    needs: set[str] = set()
    for pattern in phrases._family_patterns(family):
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


def needs(source: str) -> frozenset[str] | None:
    """Strings one of which every match of the pattern ``source`` contains, or None if there
    are none to be read off it (its fixed text, looked for where it has alternatives).

    >>> sorted(needs(r"\\d+ (?:comments|replies)"))
    [' comments', ' replies']
    """
    return _needs_of_sequence(list(_parser.parse(source).data))


def build(patterns: dict[str, str]) -> dict[str, Any]:
    """The screens of every family, and the needs of ``patterns`` (name -> source), as JSON."""
    screens = {}
    for family in phrases.family_names():
        screen = build_screen(family)
        screens[family] = {
            "anything": screen.anything,
            "digit": screen.digit,
            "by_char": {k: list(v) for k, v in sorted(screen.by_char.items())},
            "needs": list(screen.needs),
        }
    found = {}
    for name, source in sorted(patterns.items()):
        strings = needs(source)
        found[name] = None if strings is None else sorted(strings)
    return {"data_hash": phrases._data_hash(), "screens": screens, "needs": found}


def dumps(built: dict[str, Any]) -> str:
    return json.dumps(built, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
