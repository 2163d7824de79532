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
import re
from collections import Counter
from collections.abc import Iterable

from stop_words import AVAILABLE_LANGUAGES, LANGUAGE_MAPPING, get_stop_words

# Letters (and apostrophes inside words); the stdlib engine is the faster one for this.
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
# How many words of a text are enough to tell its language.
SAMPLE_WORDS = 1000


@functools.cache
def _stop_sets() -> dict[str, frozenset[str]]:
    codes = {name: code for code, name in LANGUAGE_MAPPING.items()}
    sets: dict[str, frozenset[str]] = {}
    for name in AVAILABLE_LANGUAGES:
        code = codes.get(name, name)
        words = get_stop_words(name)
        sets[code] = frozenset(w.casefold() for w in words)
    return sets


@functools.cache
def _index() -> dict[str, tuple[str, ...]]:
    """Each stop-word and the languages that have it."""
    langs: dict[str, list[str]] = {}
    for code, stops in _stop_sets().items():
        for word in stops:
            langs.setdefault(word, []).append(code)
    return {word: tuple(codes) for word, codes in langs.items()}


def words(text: str) -> list[str]:
    """The words of ``text``, case-folded.

    >>> words("Der Rat hat's beschlossen.")
    ['der', 'rat', "hat's", 'beschlossen']
    """
    return _WORD.findall(text.casefold())


@functools.cache
def _order() -> dict[str, int]:
    return {code: n for n, code in enumerate(_stop_sets())}


def guess(tokens: Iterable[str]) -> str | None:
    """The language whose stop-words cover most of ``tokens``, or None if none covers any.

    >>> guess(words("Die Stadt und der Rat haben sich auf einen Plan geeinigt."))
    'de'
    >>> guess(["12", "34"]) is None
    True
    """
    # Each stop-word of the sample counts once for every language that has it: each distinct
    # word of the sample is looked up once, with the times it occurs.
    index = _index()
    hits: Counter[str] = Counter()
    for word, times in Counter(itertools.islice(tokens, SAMPLE_WORDS)).items():
        for code in index.get(word, ()):
            hits[code] += times
    return best(hits)


def best(hits: Counter[str]) -> str | None:
    """The language with the most votes (None without any), ties to the one listed first."""
    if not hits:
        return None
    # Ties go to the language listed first, so the guess never depends on set order.
    order = _order()
    return min(hits, key=lambda code: (-hits[code], order[code]))


def stop_words(language: str | None) -> frozenset[str]:
    """The stop-words of a language code (empty for None or an unknown language)."""
    if language is None:
        return frozenset()
    return _stop_sets().get(language, frozenset())
