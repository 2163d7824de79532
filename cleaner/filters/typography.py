"""Typography to plain ASCII-ish punctuation, for users who want it (opt-in, off in every preset).

Word processors and CMSs "smarten" what people type: straight quotes become curly ones, two
hyphens an em dash, three dots an ellipsis, "fi" a ligature; CJK input methods type Latin letters
and digits as full-width forms. All of that is correct text, so no preset changes it. Some
consumers (tokenisers trained on ASCII punctuation, exact-match deduplication, search indexes)
want one spelling per character: this filter gives it.
"""

from __future__ import annotations

import re

# Quotation marks: curly, low-9, reversed and angle quotes, to the straight ones.
_QUOTES = {
    **dict.fromkeys("‘’‚‛‹›′", "'"),
    **dict.fromkeys("“”„‟«»″", '"'),
}
# Dashes and the minus sign: hyphen, non-breaking hyphen, figure, en and em dash, bar, minus.
_DASHES = dict.fromkeys("‐‑‒–—―−", "-")
# The ellipsis and the Latin ligatures, spelled out.
_SPELLED = {"…": "...", "ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl"}
_SPELLED |= {"ﬅ": "st", "ﬆ": "st"}
# Full-width ASCII (U+FF01..U+FF5E) to ASCII, and the ideographic space to a space.
_FULL_WIDTH = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_TABLE = {**_QUOTES, **_DASHES, **_SPELLED} | {chr(c): chr(a) for c, a in _FULL_WIDTH.items()}
_TOUCHED = re.compile("[" + re.escape("".join(_TABLE)) + "]")


def _replace(match: re.Match[str]) -> str:
    return _TABLE[match.group(0)]


def typography(text: str) -> str:
    """Straighten quotes, flatten dashes, spell out ellipses and ligatures, fold full width.

    >>> typography("“Don’t” — she said… ﬁne, ＡＢＣ１２３")
    '"Don\\'t" - she said... fine, ABC123'
    >>> typography("Plain 'ASCII' text - as typed...")
    "Plain 'ASCII' text - as typed..."
    """
    return text if text.isascii() else _TOUCHED.sub(_replace, text)
