"""Encoding repairs: mojibake and Unicode normal form.

Mojibake is text that was encoded in one character set and decoded in another, such as UTF-8
read as Windows-1252 (``â€™`` for ``’``). ftfy is the reference for undoing it; cleaner calls it
with a configuration that does encoding repairs only, because ftfy's other fixes (uncurling
quotes, NFKC, folding full-width characters) change text that was never broken and damage
non-Latin scripts.
"""

from __future__ import annotations

import unicodedata
from typing import Literal

import ftfy

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


def mojibake(text: str) -> str:
    """Undo mojibake: text decoded with the wrong character set, once or several times.

    >>> mojibake("The worldâ€™s superpower")
    'The world’s superpower'
    >>> mojibake("Crème brûlée, ΑΒΓ, Привет, 東京")
    'Crème brûlée, ΑΒΓ, Привет, 東京'
    """
    return ftfy.fix_text(text, FTFY_CONFIG)


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
