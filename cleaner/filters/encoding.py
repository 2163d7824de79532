"""Encoding repairs: mojibake and Unicode normal form.

Mojibake is text that was encoded in one character set and decoded in another, such as UTF-8
read as Windows-1252 (``â€™`` for ``’``). ftfy is the reference for undoing it; cleaner calls it
with a configuration that does encoding repairs only, because ftfy's other fixes (uncurling
quotes, NFKC, folding full-width characters) change text that was never broken and damage
non-Latin scripts.

ftfy is exact but slow (about 2 MB/s), and almost every line of scraped text needs no repair. So
:func:`mojibake` screens first and sends only the lines that *can* change through ftfy. The
screen rests on how ftfy works (read ``ftfy.fix_text`` and ``fix_and_explain``):

- ftfy fixes each line (up to ``max_decode_length`` code points) on its own, so a line can be
  repaired alone with the same result;
- with :data:`FTFY_CONFIG`, a line comes back unchanged unless it holds an HTML entity ftfy
  decodes (``ftfy.chardata.HTML_ENTITY_RE``), a terminal escape (``\\x1b``), a surrogate, or a
  match of ftfy's mojibake detector (``ftfy.badness.BADNESS_RE``; C1 controls are part of it);
- every detector match is at most :data:`_WINDOW` characters long and holds either two adjacent
  non-ASCII characters or one of the few characters in :data:`_RARE`.

The screen finds those runs and rare characters with one fast scan and runs the detector only in
a small window around each; ``tests/test_encoding_screen.py`` checks each premise against the
installed ftfy, and proves the result equal to ``ftfy.fix_text`` with hypothesis and on a corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from typing import Literal

import ftfy
import regex
from ftfy.badness import BADNESS_RE
from ftfy.chardata import HTML_ENTITY_RE

# ftfy, encoding repairs only. Each field is spelled out so the choice is visible.
FTFY_CONFIG = ftfy.TextFixerConfig(
    # Forced on: ftfy's default "auto" silently stops unescaping for the rest of a text once it
    # sees a '<', and scraped text often has a stray '<' long before its last '&rsquo;'.
    unescape_html=True,
    remove_terminal_escapes=True,  # ANSI colour codes are never text
    fix_encoding=True,
    restore_byte_a0=True,
    replace_lossy_sequences=True,
    decode_inconsistent_utf8=True,
    fix_c1_controls=True,  # C1 controls stand for Windows-1252 punctuation in web text
    fix_latin_ligatures=False,  # a typography choice, not a repair (see the typography filter)
    fix_character_width=False,  # full-width forms are correct CJK text
    uncurl_quotes=False,  # curly quotes are correct text
    fix_line_breaks=False,  # the whitespace filter owns line endings
    fix_surrogates=True,  # lone surrogates become U+FFFD, so the text can always be written
    remove_control_chars=False,  # the whitespace filter owns invisible characters
    normalization=None,  # the normalize filter owns the normal form
    explain=False,
)


# Characters that make a detector match on their own, with ASCII around them: C1 controls,
# "Ã " and "Â " (a UTF-8 "à" or no-break space read as Latin-1), "œ" before a non-letter.
# Surrogates are here too: ftfy replaces them whatever surrounds them.
_RARE = "\x80-\x9f\u00c2\u00c3\u0152\u0153\ud800-\udfff"
# One scan: a run of two or more non-ASCII characters, or a rare character alone.
_CANDIDATE = regex.compile(rf"[^\x00-\x7f](?:[^\x00-\x7f]+|(?<=[{_RARE}]))")
# What else makes ftfy change a line: entities it decodes, terminal escapes, surrogates.
_ALWAYS = regex.compile(rf"{HTML_ENTITY_RE.pattern}|[\x1b\ud800-\udfff]")
# ftfy's detector, with "^" meaning the start of a line (as it does in ftfy's one-line segments).
_DETECTOR = re.compile(BADNESS_RE.pattern, BADNESS_RE.flags | re.MULTILINE)
_WINDOW = 7  # the longest detector match, in code points (checked by the tests)
_MAX_LINE = FTFY_CONFIG.max_decode_length  # ftfy cuts longer lines where the screen cannot see


def _lines_to_repair(text: str) -> list[int]:
    """The start offsets of the lines ftfy could change, in order (a superset is fine)."""
    starts = set()
    line = _LineStarts(text)
    for match in _CANDIDATE.finditer(text):
        start, end = match.span()
        if _DETECTOR.search(text, max(start - _WINDOW, 0), end + _WINDOW):
            starts.add(line.start(start))
    if "&" in text or "\x1b" in text or not text.isascii():
        line = _LineStarts(text)
        for match in _ALWAYS.finditer(text):
            starts.add(line.start(match.start()))
    return sorted(starts)


class _LineStarts:
    """The start of the line of each of a rising series of offsets, ``text.rfind("\\n", 0,
    offset) + 1``, reading the text once (a long line may hold a match at every character)."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.read = 0  # the text before this offset is read
        self.last = 0  # the start of the line at self.read

    def start(self, offset: int) -> int:
        newline = self.text.rfind("\n", self.read, offset)
        if newline >= 0:
            self.last = newline + 1
        self.read = max(self.read, offset)
        return self.last


def _screened(text: str) -> str:
    """ftfy on the lines that need it; every other line as it is."""
    if text.isascii() and "&" not in text and "\x1b" not in text:
        return text
    starts = _lines_to_repair(text)
    if not starts:
        return text
    pieces = []
    done = 0
    for start in starts:
        newline = text.find("\n", start)
        end = len(text) if newline < 0 else newline + 1
        pieces.append(text[done:start])
        pieces.append(ftfy.fix_text(text[start:end], FTFY_CONFIG))
        done = end
    pieces.append(text[done:])
    return "".join(pieces)


def mojibake(text: str) -> str:
    """Undo mojibake: text decoded with the wrong character set, once or several times.

    Gives exactly ``ftfy.fix_text(text, FTFY_CONFIG)``, several times faster: only the lines
    that ftfy could change go through it.

    >>> mojibake("The worldâ€™s superpower")
    'The world’s superpower'
    >>> mojibake("Crème brûlée, ΑΒΓ, Привет, 東京")
    'Crème brûlée, ΑΒΓ, Привет, 東京'
    """
    if len(text) <= _MAX_LINE:
        return _screened(text)
    # ftfy cuts a line longer than its segment at offsets the screen does not look at: such
    # lines go to ftfy whole, the text between them through the screen.
    pieces = []
    done = 0
    for start, end in _long_lines(text):
        pieces += [_screened(text[done:start]), ftfy.fix_text(text[start:end], FTFY_CONFIG)]
        done = end
    pieces.append(_screened(text[done:]))
    return "".join(pieces)


def _long_lines(text: str) -> Iterator[tuple[int, int]]:
    """Where each line longer than ftfy's segment starts and ends (after its newline), in order.

    The text is read in strides of a segment, from the last newline of each: a line by line
    walk in Python took longer than the rest of the filter on a text of short lines.
    """
    pos = 0  # a line start
    while len(text) - pos > _MAX_LINE:
        newline = text.rfind("\n", pos, pos + _MAX_LINE)
        if newline >= 0:
            pos = newline + 1  # every line up to here fits in a segment
            continue
        newline = text.find("\n", pos)
        end = len(text) if newline < 0 else newline + 1
        yield pos, end
        pos = end


def normalize(text: str, *, form: Literal["NFC", "NFKC"] = "NFC") -> str:
    """Put the text in a Unicode normal form: NFC by default, NFKC only on request.

    NFC merges a letter and its combining accent into one code point, so the same word is spelled
    the same way everywhere. NFKC also folds compatibility characters (ligatures, full-width
    forms, superscripts), which loses distinctions some scripts need: it is opt-in.

    >>> normalize("Cafe\\u0301") == "Caf\\u00e9"
    True
    >>> normalize("ﬁne ２") == "ﬁne ２"
    True
    """
    if form not in ("NFC", "NFKC"):
        raise ValueError(f"form must be 'NFC' or 'NFKC', not {form!r}")
    if text.isascii():
        return text
    return unicodedata.normalize(form, text)
