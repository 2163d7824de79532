"""Paragraphs: lines a scraper, a mail client or a PDF broke, joined back into one line each.

Two kinds of evidence say a line break is not a paragraph break: the line was *full* in a
hard-wrapped text (the next word would not have fitted in the width every other line keeps to),
or the sentence goes on (no sentence-final punctuation, the next line starts in lower case).
Everything that breaks lines on purpose is left alone: lists, addresses, verse, code, tables,
dialogue.
"""

from __future__ import annotations

import functools
import itertools
from collections.abc import Iterable, Iterator

import regex

from cleaner.filters import _zipf as _shipped
from cleaner.filters._lines import ends_open, is_blank, is_heading, word_count, words

# -- line-end hyphens -------------------------------------------------------------------------

# A word broken at a line-end hyphen: the fragment before it (letters only, at a word start).
_HYPHEN_END = regex.compile(r"(?:^|(?<=[\s(\[\"'\p{Pi}/-]))(\p{L}+)[-\u2010][ \t]*$")
_HYPHENS = ("-", "\u2010")
# The first token of the next line, starting with the rest of the word.
_NEXT_TOKEN = regex.compile(r"^[ \t]*((\p{L}+)\S*)[ \t]*")
# Coordinating words after a suspended hyphen ("Nord- und Südamerika", "pre- and post-war"):
# the hyphen stands for a word part left out, and the space after it is right.
_SUSPENDED = words(
    "and or nor to",  # English
    "und oder sowie bis bzw",  # German
    "et ou y o u e ed en of i lub oraz albo",  # French, Spanish, Italian, Dutch, Polish
)
# Conjunctions: they may end a list item ("…, oder"), so they are no evidence across a blank line.
_CONJUNCTIONS = words("and or nor but und oder aber sowie et ou mais y o pero")
# Zipf frequencies (log10 per billion words, from wordfreq): a joined form this common is a word.
_WORD = 3.0
# A fragment rarer than this in every language consulted is a syllable, not a word.
_SYLLABLE = 2.0
# Languages whose word lists are consulted: the Latin-script languages of most scraped text,
# the languages of the word list shipped with cleaner (any other needs wordfreq).
HYPHEN_LANGUAGES = _shipped.LANGUAGES


# What the shipped word list allows a run of letters with Zipf frequency 2.0 or more, derived
# from the list by tests/test_linear.py: its tokens of letters are at most _LONGEST_TOKEN long,
# those that split from the letters next to them are the single _BREAKERS, and no more than
# _MOST_BREAKS of those fit in one word's frequency. A longer run is no word of the default
# languages, nor is anything made from it.
_LONGEST_TOKEN = 33
# Thai ngo ngu, Lao cho chan; hiragana tsu, du, no; katakana tsu, no, small wa, the long vowel
# and iteration marks; the ideographs for year, day, month and thatch; half-width katakana no.
_BREAKERS = (
    "\u0e07\u0e88\u3064\u3065\u306e\u30c4\u30ce\u30ee\u30fc\u30fd\u5e74\u65e5\u6708\u8305\uff89"
)
_BREAK = regex.compile(f"[{_BREAKERS}]")
_MOST_BREAKS = 31
# Words this long are not cached: a run of broken syllables makes a longer word at every line.
_CACHED_LENGTH = 64


def _zipf(word: str, languages: tuple[str, ...]) -> float:
    """How common ``word`` is in the most favourable of ``languages``: wordfreq's Zipf frequency,
    from the shipped word list when it covers the languages (exact from 2.0 up, 0 below: no
    decision looks closer), else from wordfreq itself (0 when unknown)."""
    if len(word) > _CACHED_LENGTH:
        return _zipf_uncached(word, languages)
    return _zipf_cached(word, languages)


def _zipf_uncached(word: str, languages: tuple[str, ...]) -> float:
    if _shipped.covers(languages):
        return _shipped.zipf_frequency(word, languages)
    from wordfreq import zipf_frequency  # imported here: its word lists load on first use

    return max(zipf_frequency(word, lang) for lang in languages)


_zipf_cached = functools.lru_cache(maxsize=65536)(_zipf_uncached)


def _hyphen_decision(left: str, right: str, languages: tuple[str, ...]) -> str | None:
    """How to rejoin ``left-`` + ``right``: "" (drop the hyphen), "-" (keep it), None (unsure).

    >>> _hyphen_decision("inter", "national", HYPHEN_LANGUAGES)
    ''
    >>> _hyphen_decision("well", "known", HYPHEN_LANGUAGES)
    '-'
    """
    if right[0].isupper():
        return "-"  # "Nord-Süd", "Anglo-Saxon": nobody splits a word before a capital
    if right.casefold() in _SUSPENDED:
        return None
    if _zipf(left + right, languages) >= _WORD:
        return ""
    if _zipf(left, languages) < _SYLLABLE:
        return ""  # "Donaudampfschifffahrts-": not a word, so a syllable break
    if _zipf(right, languages) >= _WORD and _zipf(left, languages) >= _WORD:
        return "-"
    return None


class _Fragment:
    """The letters before a line-end hyphen, kept in pieces, and whether they can be a word.

    A run of broken syllables ("zzq-" line after line) makes a longer fragment at every line:
    joining it and looking it up each time would take time that grows with the square of the
    run. What the shipped list allows a word (see :data:`_LONGEST_TOKEN`) is checked on each
    piece as it comes, and a fragment past it is never joined or looked up again.
    """

    __slots__ = ("breaks", "longest", "pieces", "run")

    def __init__(self, letters: str) -> None:
        self.pieces: list[str] = []
        self.breaks = 0  # breakers among the letters
        self.run = 0  # letters since the last breaker
        self.longest = 0  # the most letters between two breakers
        self.add(letters)

    def add(self, letters: str) -> None:
        self.pieces.append(letters)
        if len(self.pieces) >= _CHUNK:
            self.pieces = ["".join(self.pieces)]
        runs = [len(run) for run in _BREAK.split(letters)]
        self.run += runs[0]
        if len(runs) > 1:
            self.longest = max(self.longest, self.run, *runs[1:-1])
            self.run = runs[-1]
            self.breaks += len(runs) - 1
        self.longest = max(self.longest, self.run)

    def is_no_word(self) -> bool:
        """True when neither the fragment nor any longer run of letters starting with it is a
        word of the shipped list (three letters may fold into one in normal form NFC)."""
        return self.longest > 3 * _LONGEST_TOKEN or self.breaks > _MOST_BREAKS

    def text(self) -> str:
        if len(self.pieces) > 1:
            self.pieces = ["".join(self.pieces)]
        return self.pieces[0]


def _fragment_decision(fragment: _Fragment, right: str, languages: tuple[str, ...]) -> str | None:
    """:func:`_hyphen_decision` of the fragment and ``right``, without reading a fragment that
    is no word (nor is anything made from it): its frequency and that of the joined form are 0,
    so only a capital or a suspended hyphen keeps the hyphen, as they would."""
    if not (fragment.is_no_word() and _shipped.covers(languages)):
        return _hyphen_decision(fragment.text(), right, languages)
    if right[0].isupper():
        return "-"
    return None if right.casefold() in _SUSPENDED else ""


@functools.lru_cache(maxsize=16)
def _checked(languages: tuple[str, ...]) -> tuple[str, ...]:
    if _shipped.covers(languages):
        return languages
    try:
        from wordfreq import available_languages
    except ImportError:
        raise ValueError(
            f"hyphen_languages: cleaner's word list covers {', '.join(_shipped.LANGUAGES)}; "
            "other languages need wordfreq, which is not installed: "
            "pip install 'cleaner[wordfreq]'"
        ) from None
    unknown = [lang for lang in languages if lang not in available_languages()]
    if unknown:
        raise ValueError(
            f"hyphen_languages: no word list for {', '.join(map(repr, unknown))}; "
            f"available: {', '.join(sorted(available_languages()))}"
        )
    return languages


def _languages(value: Iterable[str]) -> tuple[str, ...]:
    """The language codes of the ``hyphen_languages`` option, checked (ValueError if bad)."""
    if isinstance(value, str) or not all(isinstance(lang, str) for lang in value):
        raise ValueError("hyphen_languages must be a list of language codes, like ['en', 'de']")
    languages = tuple(value)
    if not languages:
        raise ValueError("hyphen_languages must name at least one language")
    return _checked(languages)


def check_hyphen_languages(value: Iterable[str]) -> None:
    """Raise ValueError unless ``value`` is a usable ``hyphen_languages`` option."""
    _languages(value)


def hyphenation(text: str, *, hyphen_languages: Iterable[str] = HYPHEN_LANGUAGES) -> str:
    """Rejoin words split by a line-end hyphen; keep the hyphen of real compounds.

    Typeset text (PDF, print, some e-mail) breaks long words at the line end with a hyphen:
    "inter-" / "national". A compound written with a hyphen can break at the same place
    ("well-" / "known", "Nord-" / "Süd"), and there the hyphen must stay. The evidence is a
    word-frequency list (wordfreq's, for ``hyphen_languages``; cleaner ships the part of it
    that the default languages need): when the joined form is a common word, the hyphen goes;
    when both parts are words and the joined form is not, the hyphen stays; a fragment that is
    no word at all is a syllable, and the hyphen goes; a capital after the break always keeps
    it. The rest of the word moves up to the line of its first part. A suspended hyphen ("Nord-
    und Südamerika") and anything the lists cannot decide are left as they are.

    >>> hyphenation("the inter-\\nnational treaty\\n")
    'the international\\ntreaty\\n'
    >>> hyphenation("a well-\\nknown fact and Nord- und\\nSüdamerika\\n")
    'a well-known\\nfact and Nord- und\\nSüdamerika\\n'
    """
    languages = _languages(hyphen_languages)
    if "-" not in text and "\u2010" not in text:
        return text
    lines = _Lines(text)
    out: list[str] = []  # lines, joined every few thousand
    chunks: list[str] = []
    while (line := lines.take()) is not None:
        out.append(_rejoined(line, lines, languages))
        if len(out) >= _CHUNK:
            chunks.append("\n".join(out))
            out = []
    return "\n".join([*chunks, "\n".join(out)] if out else chunks)


# Pieces held in a list before they are joined: a list of a million tiny strings takes ten
# times the memory of the text they make.
_CHUNK = 4096


class _Lines:
    """The lines of a text as ``text.split("\\n")`` gives them, read one after the other
    instead of held all at once (a text of short lines takes ten times its size as a list)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.pos = 0  # where the next line starts (past the end when no line is left)
        self.next: str | None = None  # the next line once read, or what is left of it

    def peek(self) -> str | None:
        """The next line, or None after the last one."""
        if self.next is None and self.pos <= len(self.text):
            end = self.text.find("\n", self.pos)
            end = len(self.text) if end < 0 else end
            self.next = self.text[self.pos : end]
            self.pos = end + 1
        return self.next

    def take(self) -> str | None:
        """The next line, which is read from now on."""
        line = self.peek()
        self.next = None
        return line

    def keep(self, rest: str) -> None:
        """Make ``rest`` the next line: what is left of it once a word moved up from it."""
        self.next = rest


def _rejoined(first: str, lines: _Lines, languages: tuple[str, ...]) -> str:
    """The line ``first`` with the rest of each word it breaks moved up from the lines that
    follow it (taken from ``lines``, which keeps what is left of the last one).

    The line is kept as ``head + fragment + tail``: ``fragment`` holds the letters of the word
    broken at the end of the line (once known), ``tail`` what follows them. A run of broken
    words grows the fragment or the head by one piece a line, and nothing is read twice: no
    search reads past the character before the fragment (it is not a letter), and a fragment
    that only grows is not searched again.
    """
    head: list[str] = []
    fragment: _Fragment | None = None
    tail = first
    while (following := lines.peek()) is not None and tail.rstrip(" \t").endswith(_HYPHENS):
        if fragment is None:
            end = _HYPHEN_END.search(tail)
            if end is None:
                break
            head.append(tail[: end.start(1)])
            fragment, tail = _Fragment(end.group(1)), tail[end.end(1) :]
        start = _NEXT_TOKEN.match(following)
        if start is None:
            break
        word, letters, rest = start.group(1), start.group(2), following[start.end() :]
        decision = _fragment_decision(fragment, letters, languages)
        if decision is None:
            break
        if rest:
            lines.keep(rest)
        else:
            lines.take()  # the whole next line moved up: look at the line after it too
        if decision == "" and not rest and word[:-1] == letters and word.endswith(_HYPHENS):
            # The rest of the word is broken again: the fragment grows.
            fragment.add(letters)
            tail = word[-1]
            continue
        head += [*fragment.pieces, decision]
        if len(head) >= _CHUNK:
            head = ["".join(head)]
        fragment, tail = None, word
        if rest:
            break
    pieces = fragment.pieces if fragment else []
    return "".join([*head, *pieces, tail])


# -- wrapped and broken lines -----------------------------------------------------------------

# A line that starts a new item: a list marker, a dialogue dash, a numbered point.
_ITEM = regex.compile(r"^\s*(?:[-*•·▪►–—+>]\s|\d{1,3}[.)]\s|\p{L}[.)]\s|\(\p{Alnum}{1,3}\)\s)")
# Code: braces or semicolons at the end, indentation, operators and assignments, prompts,
# keywords at the start, a bare call, tags. A false alarm only leaves a block as it is.
_CODE = regex.compile(
    r"[{};]\s*$|^\s|=>|==|!=|\+=|::|\s=\s|^(?:>>>|\.\.\.|\$)\s|^[\w.]+\(.*\)\s*$"
    r"|</?[A-Za-z][\w-]*(?:\s[^<>]*)?/?>"
    r"|^(?:def|class|if|elif|else|for|while|try|except|finally|with)\b.*:\s*$"
    r"|^(?:import|from)\s+[\w.]+(?:\s+import\s+[\w.*, ]+)?\s*$"
    r"|^(?:return|pass|raise|break|continue)\b\s*[\w.()]*\s*$"
    r"|^(?:function|var|let|const|public|private|#include|SELECT|INSERT)\b"
)

# Tables: tab or pipe separated cells, or columns aligned with runs of spaces.
_TABLE = regex.compile(r"\t|\s\|\s|^\||\|$|\S {2,}\S")
# The end of a sentence or of a clause that stops the sentence here (a colon opens a list).
_STOPS = regex.compile(r"[.!?…:;。！？][\p{Pf}\p{Pe}\"'’”»]*$")
# The first word of a continuation: a plain lower-case word (not "c/o", not "z.").
_CONTINUES = regex.compile(r"^[\p{Pi}\"'(]?\p{Ll}[\p{L}'’-]+(?:[,;!?)\p{Pf}]*(?:\s|$)|\.$|\.\s)")
_ABBREVIATION = regex.compile(r"^\p{Ll}\.")
# The last word of a line whose sentence can go on: a plain word or number, perhaps with a
# comma or a closing bracket or quote (not a hashtag, a price, an arrow, an address).
_OPEN_TAIL = regex.compile(r"(?:^|\s)[\p{Pi}\"'(]?[\p{L}\p{N}][\p{L}\p{N}'’.-]*[,)\p{Pf}\"']*$")
# A sentence ends here.
_SENTENCE_STOP = regex.compile(r"[.!?…。！？][\p{Pf}\p{Pe}\"'’”»]*$")
# Hard-wrapped text: the widest line, and how close to it a full line comes.
_MIN_WIDTH, _MAX_WIDTH = 40, 200


def _code_or_table(block: list[str]) -> bool:
    return any(_CODE.search(line) or _TABLE.search(line) for line in block)


def _breaks_on_purpose(block: list[str]) -> bool:
    """True for a block whose line breaks carry meaning: code, a table, verse, a list, an
    address (three lines or more, none of them long)."""
    if len(block) >= 3 and all(word_count(line) < 8 for line in block):
        return True
    return _code_or_table(block)


def _has_running_text(block: list[str]) -> bool:
    """True for a block with a sentence in it: eight words or more, one line ending like a
    sentence (a table, a menu or a list of names has none)."""
    return word_count(" ".join(block)) >= 8 and any(
        _SENTENCE_STOP.search(line.strip()) for line in block
    )


def _open_hyphen(before: str, after: str) -> bool:
    """True when ``before`` ends with a word cut at a hyphen that :func:`hyphenation` could not
    decide: joining with a space would make a wrong word ("Donau- dampfer")."""
    if not before.rstrip(" \t").endswith(("-", "\u2010")) or not _HYPHEN_END.search(before):
        return False
    words = after.split()
    return not words or words[0].casefold() not in _SUSPENDED


def _sign_off(line: str, last: bool) -> bool:
    """True for a letter's closing line: the block's last line, three words at most, no stop
    ("viele Grüße", "herzlichst Martina", "love, Anna")."""
    return last and word_count(line) <= 3 and not _STOPS.search(line.strip())


def _continues(before: str, after: str, words: int | None = None) -> bool:
    """True when the sentence of ``before`` goes on in ``after``.

    A salutation ("Hallo,", "Dear Anna,") is followed by lower case in German and English
    letters but stands on its own line: a short line ending with a comma does not go on.

    For a line being joined, ``before`` may be its last piece with ``words`` the word count of
    the whole line: every test but the count reads only the end, and a space stands before the
    piece (see :class:`_Joined`).
    """
    after = after.strip()
    before = before.strip()
    before_words = word_count(before) if words is None else words
    if before.endswith(",") and before_words <= 4:
        return False
    if before_words < 4:
        return False  # a label, a name, a menu entry: "Material", "Powered by", "Mein Konto"
    if after.startswith("(") and before.endswith(")"):
        return False  # a run of bracketed notes: "(21,00 € / l)" / "(inkl. MwSt.)"
    if word_count(after) < 4 and not _SENTENCE_STOP.search(after):
        return False  # a byline, a button, a name: "von Elena Angelides", "schließen"
    return (
        not _STOPS.search(before)
        and bool(_OPEN_TAIL.search(before))
        and bool(_CONTINUES.match(after))
        and not _ABBREVIATION.match(after)
    )


def _width(lines: list[str]) -> int | None:
    """The width a hard-wrapped text keeps to, or None when the text is not hard-wrapped.

    The text is hard-wrapped when most lines inside blocks are *full*: the first word of the
    next line would not have fitted beside them within the widest line (a tenth of slack for
    proportional fonts).
    """
    widths = [len(line.strip()) for line in lines if " " in line.strip()]
    if not widths:
        return None
    width = max(widths)
    if not _MIN_WIDTH <= width <= _MAX_WIDTH:
        return None
    inner = [
        i for i in range(len(lines) - 1) if not is_blank(lines[i]) and not is_blank(lines[i + 1])
    ]
    full = [i for i in inner if _full(lines[i], lines[i + 1], width)]
    return width if len(full) >= 2 and 2 * len(full) >= len(inner) else None


def _full(line: str, after: str, width: int) -> bool:
    words = after.split()
    if not words:
        return False
    return len(line.strip()) + 1 + len(words[0]) > width - width // 10


def paragraphs(text: str, *, join_across_blank: bool = True) -> str:
    """Join the lines of a hard-wrapped or broken paragraph into one line.

    Mail clients and PDF converters wrap paragraphs at a fixed width, and extractors break a
    sentence where inline markup stood. Two lines of a block are joined when the first was
    full in a hard-wrapped text, or when the sentence goes on: no sentence-final punctuation
    (nor a colon) at the end, the next line starting with a lower-case word. With
    ``join_across_blank``, a paragraph of running text that breaks off mid-sentence is joined
    to a next block that goes on in lower case, across the blank line, when the evidence is
    strong: its last word is an article or a preposition ("the", "of", "der", "von").
    Blocks whose breaks mean something are left alone: code, tables, and runs of three or more
    short lines (lists, addresses, verse, menus); a line starting with a list marker or a
    dialogue dash is never
    joined to the line above.

    >>> paragraphs("The minister said that the\\nreport would come out in May.\\n")
    'The minister said that the report would come out in May.\\n'
    >>> paragraphs("Roses are red\\nViolets are blue\\nSugar is sweet\\nand so are you\\n")
    'Roses are red\\nViolets are blue\\nSugar is sweet\\nand so are you\\n'
    """
    # Joining changes the widest line, so run to a fixed point: each round joins or stops.
    for _ in range(text.count("\n") + 1):
        joined = _join_once(text, join_across_blank)
        if joined == text:
            break
        text = joined
    return text


class _Joined:
    """A line of a block with the lines joined to it so far, kept as pieces and joined once.

    Rebuilding the joined line at every join, and reading it whole to decide the next join,
    takes time that grows with the square of a long run of joinable lines. The tests of a
    line's end (:func:`_open_hyphen`, and :func:`_continues` but its word count) read nothing
    before the last space, and every join puts a space before the new piece: they read the last
    piece alone and give the same answers.
    """

    __slots__ = ("pieces", "words")

    def __init__(self, line: str) -> None:
        self.pieces = [line]
        self.words: int | None = None  # of the whole line, once something is joined to it

    @property
    def end(self) -> str:
        """The line itself, or its last piece once lines are joined to it."""
        return self.pieces[-1]

    def join(self, line: str) -> None:
        """Join ``line`` as ``before.rstrip() + " " + line.strip()`` would."""
        if self.words is None:
            self.words = word_count(self.pieces[0])
            self.pieces[0] = self.pieces[0].rstrip()
        self.pieces.append(line.strip())
        self.words += word_count(line)

    def text(self) -> str:
        return " ".join(self.pieces)


class _Paragraph:
    """The lines of a block as joined so far, with the blank lines above it.

    A paragraph grows at its end only: its last line takes the next block's first line, and the
    next block's other lines follow. So what :func:`_breaks_on_purpose` reads of the lines
    before the last is read once, however many blocks join.
    """

    __slots__ = ("_code", "_long", "_read", "above", "lines")

    def __init__(self, above: list[str], lines: list[str]) -> None:
        self.above = above
        self.lines = lines
        self._read = 0  # lines[:_read] are read into _long and _code
        self._long = False  # a line of eight words or more among them
        self._code = False  # a line of code or of a table among them

    def breaks_on_purpose(self) -> bool:
        """:func:`_breaks_on_purpose` of the lines."""
        lines = self.lines
        for line in lines[self._read : -1]:
            self._long = self._long or word_count(line) >= 8
            self._code = self._code or _code_or_table([line])
        self._read = max(self._read, len(lines) - 1)
        last = lines[-1]
        if len(lines) >= 3 and not self._long and word_count(last) < 8:
            return True
        return self._code or _code_or_table([last])


def _join_once(text: str, join_across_blank: bool) -> str:
    lines = text.split("\n")
    width = _width(lines)
    # The paragraphs are written out as they are done: only the last one can still take the
    # next block (a join across a blank line), so only it is kept as a _Paragraph. (Holding
    # every block and paragraph as objects took many times a text of short lines.)
    out: list[str] = []
    last: _Paragraph | None = None
    trailing: list[str] = []
    for above, block in _blocks(lines, trailing):
        joined = _join_block(block, width)
        if join_across_blank and last is not None and above and _joins_across(last, joined, width):
            previous = last.lines
            # Joined once per line: the line it makes ends a sentence, which no join follows.
            previous[-1] = previous[-1].rstrip() + " " + joined[0].strip()
            previous.extend(joined[1:])
        else:
            if last is not None:
                out += last.above
                out += last.lines
            last = _Paragraph(above, joined)
    if last is not None:
        out += last.above
        out += last.lines
    out += trailing
    return "\n".join(out)


def _blocks(lines: list[str], trailing: list[str]) -> Iterator[tuple[list[str], list[str]]]:
    """The blocks of ``lines`` (runs of lines that are not blank), each with the blank lines
    above it, in order; the blank lines after the last block go into ``trailing``.

    >>> trailing = []
    >>> list(_blocks(["", "a", "b", "", "", "c", ""], trailing)), trailing
    ([([''], ['a', 'b']), (['', ''], ['c'])], [''])
    """
    blanks: list[str] = []
    above: list[str] = []
    block: list[str] | None = None
    for line in lines:
        if is_blank(line):
            blanks.append(line)
        elif block is not None and not blanks:
            block.append(line)
        else:
            if block is not None:
                yield above, block
            above, block, blanks = blanks, [line], []
    if block is not None:
        yield above, block
    trailing += blanks


def _join_block(block: list[str], width: int | None) -> list[str]:
    if len(block) < 2 or not any(
        (width is not None and _full(before, after, width)) or _continues(before, after)
        for before, after in itertools.pairwise(block)
    ):
        return list(block)  # no break to mend: the common case, decided cheaply
    if (width is None and _breaks_on_purpose(block)) or _code_or_table(block):
        return list(block)
    running = _has_running_text(block)
    out = [_Joined(block[0])]
    for n, (previous, line) in enumerate(itertools.pairwise(block), 2):
        before = out[-1]
        if _ITEM.match(line) or _open_hyphen(before.end, line):
            out.append(_Joined(line))
            continue
        # Fullness is a property of the line as wrapped, not of what was joined so far.
        wrapped = width is not None and _full(previous, line, width)
        broken = (
            running
            and _continues(before.end, line, before.words)
            and not _sign_off(line, n == len(block))
        )
        if wrapped or broken:
            before.join(line)
        else:
            out.append(_Joined(line))
    return [line.text() for line in out]


def _joins_across(previous: _Paragraph, block: list[str], width: int | None) -> bool:
    """True when the paragraph ``previous`` breaks off mid-sentence and ``block`` goes on."""
    before = previous.lines[-1]
    words = before.split()
    # Strong evidence only: the line ends with an article or a preposition, which no sentence,
    # list item or comment ends with (a comma or "and" may end a list item).
    if len(words) < 8 or words[-1].casefold() in _CONJUNCTIONS or not ends_open(before):
        return False
    if not _continues(before, block[0]) or _ITEM.match(block[0]):
        return False
    if _open_hyphen(before, block[0]):
        return False
    if len(previous.lines) == 1 and is_heading(before) and not ends_open(before):
        return False
    if width is None and (previous.breaks_on_purpose() or _breaks_on_purpose(block)):
        return False
    return _has_running_text(block)
