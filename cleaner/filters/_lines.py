"""Line-level helpers shared by the boilerplate and structure filters.

Kept apart from the filters so that every filter that drops or compares lines does it the same
way: one notion of "the same line", one notion of "a heading-like line", one way to drop lines.
"""

from __future__ import annotations

from collections.abc import Collection

import regex

# Typography that scrapers vary between copies of the same line: fold it before comparing.
_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u00b4": "'",
        "`": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u201f": '"',
        "\u00ab": '"',
        "\u00bb": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2015": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2026": "...",
    }
)
_SPACES = regex.compile(r"\s+")

# A heading ends without sentence punctuation; '?' and '!' are allowed (questions, exclamations).
_SENTENCE_END = regex.compile(r"[.,;:]\p{Pf}?\p{Pe}?$")
_LIST_ITEM = regex.compile(r"^(?:[-*•·▪►–—]\s|\d{1,3}[.)]\s|\p{L}[.)]\s)")
_STARTS_CAPITALISED = regex.compile(r"^[\p{Pi}\p{Ps}\"']?(?:\p{Lu}|\p{Lt}|\p{Lo}|\p{N})")
_HAS_LETTER = regex.compile(r"\p{L}")
# Running text ends like a sentence, or breaks off at a comma or colon (a paragraph cut short).
_PARAGRAPH_END = regex.compile(r"[.!?…,;:。！？、][\p{Pf}\p{Pe}\"']*$")


def fold(line: str) -> str:
    """The comparison form of a line: case, spacing and quote/dash typography folded.

    >>> fold("  Putin’s  plan — AGAIN ")
    "putin's plan - again"
    """
    return _SPACES.sub(" ", line.translate(_FOLD)).strip().casefold()


def word_count(line: str) -> int:
    return len(line.split())


def is_blank(line: str) -> bool:
    return not line.strip()


def is_heading_like(line: str, *, max_words: int = 15, capitalised: bool = True) -> bool:
    """True for a short line that could be a title or heading.

    Short (1 to ``max_words`` words, at most 150 characters), with at least one letter, no
    sentence-final punctuation other than ``?`` or ``!``, not a list item and, when
    ``capitalised`` is set, starting with a capital letter, a digit or a letter of a script
    without case.

    >>> is_heading_like("Russia separated from western countries")
    True
    >>> is_heading_like("Russia has been isolated from the West.")
    False
    """
    text = line.strip()
    if not text or len(text) > 150 or word_count(text) > max_words:
        return False
    if not _HAS_LETTER.search(text) or _SENTENCE_END.search(text) or _LIST_ITEM.match(text):
        return False
    return not capitalised or bool(_STARTS_CAPITALISED.match(text))


def ends_like_sentence(line: str) -> bool:
    """True when the line ends with sentence or clause punctuation (closing quotes allowed).

    >>> ends_like_sentence("Body.”"), ends_like_sentence("March 21, 2024")
    (True, False)
    """
    return bool(_PARAGRAPH_END.search(line.strip()))


def is_paragraph_like(line: str) -> bool:
    """True for a line of running text: six words or more ending like a sentence (or cut off at a
    comma or colon), or thirty words or more whatever the end.

    >>> is_paragraph_like("Russia has been isolated from the West since the invasion.")
    True
    >>> is_paragraph_like("Russia separated from western countries")
    False
    """
    text = line.strip()
    words = word_count(text)
    return words >= 30 or (words >= 6 and ends_like_sentence(text))


def drop_lines(text: str, drop: Collection[int]) -> str:
    """Remove the lines at the indices in ``drop`` (0-based, split on ``\\n``).

    A dropped line that stood as a block of its own takes the blank line after it along, so
    blocks stay separated by one blank line; the final newline is kept as it was.

    >>> drop_lines("Title\\n\\nAd\\n\\nBody.\\n", {2})
    'Title\\n\\nBody.\\n'
    >>> drop_lines("Body.\\n\\nAd\\n", {2})
    'Body.\\n'
    """
    if not drop:
        return text
    lines = text.split("\n")
    last = len(lines) - 1
    out: list[str] = []
    swallow_blank = False
    for i, line in enumerate(lines):
        if i in drop:
            swallow_blank = not out or is_blank(out[-1])
            continue
        if swallow_blank and i != last and is_blank(line):
            continue
        swallow_blank = False
        out.append(line)
    # Blank lines left dangling at the end by a dropped last block go too.
    ends_with_newline = text.endswith("\n")
    while out and is_blank(out[-1]):
        out.pop()
    result = "\n".join(out)
    return result + "\n" if ends_with_newline and result else result
