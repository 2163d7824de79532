"""Line-level helpers shared by the boilerplate and structure filters.

Kept apart from the filters so that every filter that drops or compares lines does it the same
way: one notion of "the same line", one notion of "a heading-like line", one way to drop lines.
"""

from __future__ import annotations

import array
import re
from collections.abc import Collection, Sequence

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


def words(*groups: str) -> frozenset[str]:
    """The set of the whitespace-separated words in ``groups`` (for word lists in code).

    >>> sorted(words("to of", "der"))
    ['der', 'of', 'to']
    """
    return frozenset(word for group in groups for word in group.split())


# Words that cannot end a phrase: a line that ends with one was cut mid-phrase (articles,
# prepositions, conjunctions, possessives; English, German, French, Spanish).
_OPEN_ENDS = words(
    # English
    "a an the of to in on at by for from with without into onto over under about",
    "against between among through during before after than as and or nor but if",
    "that which who whose its their his her our your my is are was were be been has",
    "have had will would can could",
    # German
    "der die das des dem den ein eine einer eines einem einen von vom zu zum zur im",
    "in an am auf aus bei mit nach seit über unter vor für gegen ohne um und oder",
    "aber als wie dass ist sind war wird hat sein seine ihr ihre unser",
    # French
    "le la les un une des du de au aux à en et ou pour par sur sous avec sans dans",
    "que qui est",
    # Spanish
    "el los las una unos unas del al con sin por para sobre entre y o que es",
)


# A heading ends without sentence punctuation; '?' and '!' are allowed (questions, exclamations).
_SENTENCE_END = regex.compile(r"[.,;:]\p{Pf}?\p{Pe}?$")
_LIST_ITEM = regex.compile(r"^(?:[-*•·▪►–—]\s|\d{1,3}[.)]\s|\p{L}[.)]\s)")
_STARTS_CAPITALISED = regex.compile(r"^[\p{Pi}\p{Ps}\"']?(?:\p{Lu}|\p{Lt}|\p{Lo}|\p{N})")
_HAS_LETTER = regex.compile(r"\p{L}")
# Running text ends like a sentence, or breaks off at a comma or colon (a paragraph cut short).
_ENDS_PARAGRAPH = ".!?…,;:。！？、"
_PARAGRAPH_END = regex.compile(f"[{_ENDS_PARAGRAPH}]" + r"[\p{Pf}\p{Pe}\"']*$")
# Sentence punctuation inside any closing quote, German „…“ included (its “ is an opening mark).
_QUOTED_SENTENCE_END = regex.compile(r"[.,;:][\p{Pi}\p{Pf}\p{Pe}\"']+$")
# A date or time stamp: month and weekday names (en, de, fr, es), numbers, clock words, and the
# separators between them, and nothing else.
_DATELINE = regex.compile(
    r"(?:\s|[-–—/.,:|()]|\d+(?:st|nd|rd|th)?|am|pm|uhr|h"
    r"|jan(?:uary|uar|vier)?|feb(?:ruary|ruar)?|m(?:ar(?:ch|s)?|ärz|arzo)|apr(?:il)?|avril|abril"
    r"|ma[iy]|mayo|june?|juni?|juin|junio|july?|juli|juillet|julio|aug(?:ust)?|août|agosto"
    r"|sep(?:t(?:ember)?)?|septembre|septiembre|oct(?:ober)?|okt(?:ober)?|octobre|octubre"
    r"|nov(?:ember)?|novembre|noviembre|dec(?:ember)?|dez(?:ember)?|décembre|diciembre"
    r"|mon(?:day)?|tue(?:sday)?|wed(?:nesday)?|thu(?:rsday)?|fri(?:day)?|sat(?:urday)?"
    r"|sun(?:day)?|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag)+",
    regex.IGNORECASE,
)
# A picture caption or credit: "Photo: ...", "Foto: dpa", "Bild: ...", "(Image: ...)", "© ...".
_CAPTION = regex.compile(
    r"^[(\[]?(?:photo|foto|bild|image|picture|pic|credit|source|quelle|fuente|fot|zdjęcie"
    r"|illustration|grafik|video)s?\b\.?\s*[:/]|©|\(c\)\s"
    # a credit after the caption's sentence: "... in Hamburg. Foto: dpa", "(Quelle: Unsplash)"
    r"|[.(]\s*(?:photo|foto|bild|image|credit|source|quelle|fuente)s?\s*:",
    regex.IGNORECASE,
)


def fold(line: str) -> str:
    """The comparison form of a line: case, spacing and quote/dash typography folded.

    >>> fold("  Putin’s  plan — AGAIN ")
    "putin's plan - again"
    """
    # Every character folded but the backtick is outside ASCII: skip the (slow) table for
    # the ASCII lines that have none.
    folded = line if line.isascii() and "`" not in line else line.translate(_FOLD)
    if not ("\x1c" in folded or "\x1d" in folded or "\x1e" in folded or "\x1f" in folded):
        # str.split() splits on the characters \s matches, and on these four separators too.
        return " ".join(folded.split()).casefold()
    return _SPACES.sub(" ", folded).strip().casefold()


# The characters _FOLD changes, found at once in a whole text (the table itself is slow on
# long texts: it looks up every character).
_FOLD_MAP = {chr(code): text for code, text in _FOLD.items()}
_SEPARATORS = regex.compile("[\x1c-\x1f]")
_FOLDED_CHAR = re.compile("[" + "".join(map(re.escape, _FOLD_MAP)) + "]")
# Up to this many of the characters to fold, a replace() each is faster than one sub().
_FEW_FOLDED = 4


def _folded_char(match: re.Match[str]) -> str:
    return _FOLD_MAP[match[0]]


# Where a line is not spaced as fold() leaves it: a space at either end, two in a row, or
# whitespace other than a space (re's \s is str.isspace, what str.split() splits on).
_ODD_SPACE = re.compile(r"[^\S \n]")
_UNSPACED = re.compile(r"^\s|[^\S\n]$|[^\S\n]{2}|[^\S \n]", re.MULTILINE)


def fold_text(text: str) -> str:
    """:func:`fold` of every line of ``text`` (split on ``\\n``), done a whole text at a time
    and joined by the line breaks as they were, without a list of the lines (a list of short
    lines takes several times their text).

    >>> fold_text("A  “B”\\n\\n ÉTÉ ")
    'a "b"\\n\\nété'
    """
    if _SEPARATORS.search(text):  # lines where fold() reads \s differently: one at a time
        return "\n".join([fold(line) for line in text.split("\n")])
    # Typography, then case, for the whole text (neither makes nor takes a line break): each
    # character that occurs replaced in one pass of its own, then the spacing of the lines
    # that need it, as fold() does it.
    present = [char for char in _FOLD_MAP if char in text]  # one fast search a character
    if len(present) <= _FEW_FOLDED:  # most texts hold few of them: a pass of its own each
        for char in present:
            text = text.replace(char, _FOLD_MAP[char])
    else:  # a long text holds many: one pass for all (no folded form holds another's char)
        text = _FOLDED_CHAR.sub(_folded_char, text)
    text = text.casefold()
    if "  " in text or " \n" in text or "\n " in text or _ODD_SPACE.search(text):
        # Each line that holds an odd space once, however many it holds, spaced as fold()
        # spaces it; the text between such lines is copied as it is.
        pieces: list[str] = []
        done = 0  # the text before this is in pieces
        for match in _UNSPACED.finditer(text):
            if match.start() < done:  # a line already respaced
                continue
            start = text.rfind("\n", 0, match.start()) + 1
            end = text.find("\n", match.start())
            end = len(text) if end < 0 else end
            if start < done:  # "^\s" matched the line break that ends a respaced line
                continue
            pieces += (text[done:start], " ".join(text[start:end].split()))
            done = end
        if pieces:
            pieces.append(text[done:])
            text = "".join(pieces)
    # The first line's start and the last line's end, where no line break marks an odd space.
    if (text[:1] not in ("", "\n") and text[:1].isspace()) or (
        text[-1:] not in ("", "\n") and text[-1:].isspace()
    ):
        first_end, last_start = text.find("\n"), text.rfind("\n") + 1
        if first_end < 0:  # one line
            return " ".join(text.split())
        first, middle, last = text[:first_end], text[first_end:last_start], text[last_start:]
        text = " ".join(first.split()) + middle + " ".join(last.split())
    return text


_LINE_BREAK = re.compile("\n")


def line_starts(text: str) -> array.array[int]:
    """Where each line of ``text`` starts, and where a line after the last would (its end and
    one more): the lines are ``text[starts[i] : starts[i + 1] - 1]``. An array of machine
    integers, found without splitting the text.

    >>> list(line_starts("ab\\n\\nc"))
    [0, 3, 4, 6]
    """
    starts = array.array("q", [0])
    starts.extend(match.end() for match in _LINE_BREAK.finditer(text))
    starts.append(len(text) + 1)
    return starts


def word_count(line: str) -> int:
    return len(line.split())


def block_spans(blank: Sequence[bool]) -> list[range]:
    """The blocks of a text (runs of non-blank lines), as ranges of line numbers, in order:
    ``blank[i]`` says whether line ``i`` is blank.

    >>> block_spans([False, False, True, False, True, True])
    [range(0, 2), range(3, 4)]
    """
    spans: list[range] = []
    start = None
    for i, is_empty in enumerate([*blank, True]):
        if not is_empty:
            if start is None:
                start = i
        elif start is not None:
            spans.append(range(start, i))
            start = None
    return spans


def is_table_row(lines: Sequence[str], k: int) -> bool:
    """Whether ``lines[k]`` is a row of a table: it has cells between tabs or pipes, and a line
    right above or below it has as many (a row of links or a meta line stands alone).

    >>> is_table_row(["Date\\tPrice", "2024-07-01\\t0.75"], 1), is_table_row(["a | b"], 0)
    (True, False)
    """
    line = lines[k]
    for separator in ("\t", "|"):
        cells = line.count(separator)
        if cells and any(
            0 <= j < len(lines) and lines[j].count(separator) == cells for j in (k - 1, k + 1)
        ):
            return True
    return False


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


def ends_open(line: str) -> bool:
    """True when the line ends with a word that cannot end a phrase ("to", "of", "der").

    >>> ends_open("Why is America objected to"), ends_open("Why America objects")
    (True, False)
    """
    words = line.split()
    return bool(words) and words[-1].casefold() in _OPEN_ENDS


def is_dateline(line: str) -> bool:
    """True for a line that is only a date or time stamp, perhaps with a count beside it.

    >>> is_dateline("March 21,2024 490"), is_dateline("Montag, 3. Juni 2024, 9:15 Uhr")
    (True, True)
    >>> is_dateline("March of the penguins")
    False
    """
    text = line.strip()
    return bool(text) and any(c.isdigit() for c in text) and bool(_DATELINE.fullmatch(text))


def is_caption(line: str) -> bool:
    """True for a picture caption or credit line ("Photo: Reuters", "Foto: dpa", "© AFP").

    >>> is_caption("Foto: dpa/Michael Kappeler"), is_caption("Photographers at work")
    (True, False)
    >>> is_caption("Lucke leaves the lecture hall in Hamburg. Photo: Markus Scholz/dpa")
    True
    """
    return bool(_CAPTION.search(line.strip()))


def is_heading(line: str, *, max_words: int = 15) -> bool:
    """True for a line that reads as a section heading on its own, apart from where it stands.

    The rule: short (see :func:`is_heading_like`: at most ``max_words`` words and 150
    characters), capitalised, no sentence-final punctuation (``?`` and ``!`` are allowed), not
    a list item, not running text (:func:`is_paragraph_like`), not a date or time stamp, not a
    number, not a picture caption or credit. Whether it *is* a heading depends on what follows
    it (body text); the structure filters check that.

    Limits: a one-line paragraph without a full stop ("Thanks to everyone who came") reads as a
    heading; a heading that ends with a full stop or colon does not; scripts without case are
    never told apart from body text by their first letter.

    >>> is_heading("Why is America objected to From Russia")
    True
    >>> is_heading("March 21, 2024"), is_heading("Photo: Reuters"), is_heading("- first item")
    (False, False, False)
    >>> is_heading("„Eine Frau ohne Geheimnisse ist wie eine Blume ohne Duft.“")
    False
    """
    return (
        is_heading_like(line, max_words=max_words)
        and not _QUOTED_SENTENCE_END.search(line.strip())
        and not is_paragraph_like(line)
        and not is_dateline(line)
        and not is_caption(line)
    )


def ends_like_sentence(line: str) -> bool:
    """True when the line ends with sentence or clause punctuation (closing quotes allowed).

    >>> ends_like_sentence("Body.”"), ends_like_sentence("March 21, 2024")
    (True, False)
    """
    text = line.strip()
    last = text[-1:]
    if last in _ENDS_PARAGRAPH:
        return last != ""
    if last.isascii() and last.isalnum():  # neither a stop nor a closing mark: the usual case
        return False
    return bool(_PARAGRAPH_END.search(text))


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
