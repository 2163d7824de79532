"""Stop-words per language, and a text's language guessed from them.

The lists come from the ``stop-words`` package (packaged data, no download). Running text in any
language is dense in its function words ("the", "und", "de", "и"); menus, footers and lists of
links are not. That density, measured per line against the text's own language, is one of the
signals :mod:`cleaner.filters.page` reads. The language is the one whose stop-words cover most
of the text's first words: no model, no extra dependency.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable

import regex
from stop_words import AVAILABLE_LANGUAGES, LANGUAGE_MAPPING, get_stop_words

_WORD = regex.compile(r"[\p{L}\p{M}'’]+")
# How many words of a text are enough to tell its language.
_SAMPLE_WORDS = 2000


@functools.cache
def _stop_sets() -> dict[str, frozenset[str]]:
    codes = {name: code for code, name in LANGUAGE_MAPPING.items()}
    sets: dict[str, frozenset[str]] = {}
    for name in AVAILABLE_LANGUAGES:
        code = codes.get(name, name)
        words = get_stop_words(name)
        sets[code] = frozenset(w.casefold() for w in words)
    return sets


def words(text: str) -> list[str]:
    """The words of ``text``, case-folded.

    >>> words("Der Rat hat's beschlossen.")
    ['der', 'rat', "hat's", 'beschlossen']
    """
    return [w.casefold() for w in _WORD.findall(text)]


def guess(tokens: Iterable[str]) -> str | None:
    """The language whose stop-words cover most of ``tokens``, or None if none covers any.

    >>> guess(words("Die Stadt und der Rat haben sich auf einen Plan geeinigt."))
    'de'
    >>> guess(["12", "34"]) is None
    True
    """
    sample = list(itertools.islice(tokens, _SAMPLE_WORDS))
    best, best_hits = None, 0
    for code, stops in _stop_sets().items():
        hits = sum(1 for t in sample if t in stops)
        if hits > best_hits:
            best, best_hits = code, hits
    return best


def stop_words(language: str | None) -> frozenset[str]:
    """The stop-words of a language code (empty for None or an unknown language)."""
    if language is None:
        return frozenset()
    return _stop_sets().get(language, frozenset())
