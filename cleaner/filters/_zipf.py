"""Word frequencies for the hyphenation filter, from a word list shipped with cleaner.

wordfreq answers "how common is this word", but its lists take 58 MB on disk and load into about
300 MB of memory, while hyphenation only asks whether a run of letters reaches 2.0 or 3.0 on the
Zipf scale in the most favourable of a few languages. ``data/hyphen-words.txt.gz`` (built from
wordfreq by scripts/build_hyphen_words.py) keeps every word that reaches 2.0 in one of
:data:`LANGUAGES`, with its wordfreq bucket in each language where it does. This module reads a
word the way wordfreq does for these languages (NFC, case folding, its tokenizer) and computes
wordfreq's own number from the buckets; tests/test_hyphen_words.py holds it to wordfreq.
"""

from __future__ import annotations

import functools
import gzip
import math
import unicodedata
from importlib import resources

import regex
from ftfy.fixes import uncurl_quotes

# The languages of the shipped list, in the order of their numbers in the file.
LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "pl", "pt")
# The rarest wordfreq bucket kept: 700 centibels below 1 is a frequency of 10**-7, 2.0 on the
# Zipf scale. A word wordfreq splits into tokens is rarer than each token (1/f = 1/f1 + 1/f2
# ...), so a token rarer than this cannot make a word reach 2.0 either.
LOWEST = 700
FILE = "hyphen-words.txt.gz"

# wordfreq 3.1.1's tokenizer (wordfreq/tokens.py, TOKEN_RE), copied: runs of scripts written
# without spaces are one token, otherwise tokens end at Unicode word boundaries ("abc東京" is
# "abc" and "東京"); French elisions ("l'") are tokens of their own.
_SPACELESS = (
    r"\p{IsIdeo}"
    + "".join(rf"\p{{Script={s}}}" for s in ("Hira", "Kana", "Khmr", "Lana", "Laoo", "Mymr"))
    + "".join(rf"\p{{Script={s}}}" for s in ("Tale", "Talu", "Thai"))
    + "ー々〻〆"
)
_VOWEL = "[AEHIOUYÁÉÍÓÚÀÈÌÒÙÂÊÎÔÛÅÏÖŒaehiouyáéíóúàèìòùâêîôûåïöœ]"
_TOKEN = regex.compile(
    rf"[{_SPACELESS}]+|@s\b|(?=[\w\p{{So}}])(?!\w\w?'{_VOWEL})\X+?(?:@s?(?!\w)|\b)|\w\w?'",
    regex.V1 | regex.WORD,
)


def tokens(word: str) -> list[str]:
    """What wordfreq looks up for ``word`` in any of :data:`LANGUAGES`.

    >>> tokens("Straße")
    ['strasse']
    >>> tokens("Tokyo東京")
    ['tokyo', '東京']
    """
    # wordfreq's preprocess_text for NFC languages, then simple_tokenize, then lossy_tokenize.
    text = unicodedata.normalize("NFC", unicodedata.normalize("NFC", word).casefold())
    return [uncurl_quotes(token.strip("'").casefold()) for token in _TOKEN.findall(text)]


@functools.cache
def _table() -> tuple[bytes, int]:
    """The unpacked word list and where its first word starts (after the ``#`` header)."""
    packed = resources.files("cleaner").joinpath("data").joinpath(FILE).read_bytes()
    table = gzip.decompress(packed)
    start = 0
    while table.startswith(b"#", start):
        start = table.index(b"\n", start) + 1
    return table, start


def _buckets(token: str) -> dict[int, int]:
    """The token's wordfreq bucket per language number, for the languages where it is kept."""
    table, lo = _table()
    key = token.encode("utf-8", "surrogatepass")
    hi = len(table)
    # Binary search over the sorted lines; lo and hi are always line starts.
    while lo < hi:
        mid = (lo + hi) // 2
        start = table.rfind(b"\n", lo - 1, mid) + 1
        end = table.index(b"\n", start)
        tab = table.index(b"\t", start, end)
        found = table[start:tab]
        if found == key:
            codes = table[tab + 1 : end]
            return {codes[i] - 48: int(codes[i + 1 : i + 4]) for i in range(0, len(codes), 4)}
        if found < key:
            lo = end + 1
        else:
            hi = start
    return {}


def _zipf(frequency: float) -> float:
    # wordfreq's rounding: to 3 significant digits, at least the default minimum (Zipf 0), then
    # the Zipf value to 2 decimals.
    unrounded = max(frequency, 10**0.0 / 1e9)
    leading_zeroes = math.floor(-math.log(unrounded, 10))
    return round(math.log(round(unrounded, leading_zeroes + 3), 10) + 9, 2)


def covers(languages: tuple[str, ...]) -> bool:
    """True when the shipped list can answer for ``languages``."""
    return set(languages) <= set(LANGUAGES)


def zipf_frequency(word: str, languages: tuple[str, ...]) -> float:
    """wordfreq's ``zipf_frequency(word, lang)``, the highest over ``languages`` (all among
    :data:`LANGUAGES`), for a word of letters: exact from 2.0 up, 0.0 below.

    >>> zipf_frequency("International", ("en", "de"))
    5.36
    >>> zipf_frequency("wellknown", ("en", "de"))
    0.0
    """
    found = [_buckets(token) for token in tokens(word)]
    if not found:
        return 0.0
    best = 0.0
    for lang in languages:
        number = LANGUAGES.index(lang)
        if all(number in buckets for buckets in found):
            # wordfreq's word_frequency: 1/f = 1/f1 + 1/f2 + ... over the tokens.
            one_over = 0.0
            for buckets in found:
                one_over += 1.0 / 10 ** (-buckets[number] / 100)
            best = max(best, _zipf(1.0 / one_over))
    return best if best >= (900 - LOWEST) / 100 else 0.0
