"""Whitespace: line endings, odd spaces, invisible characters and blank-line runs.

Scraped text mixes Windows and old Mac line endings, no-break spaces from ``&nbsp;``,
zero-width spaces and BOMs from copy-paste and CMS templates, and runs of blank lines where
the page had layout. Characters that carry meaning are kept: the zero-width joiner (emoji
sequences, Indic scripts), the zero-width non-joiner (Persian) and directional marks.
"""

from __future__ import annotations

import re

import regex

# Line and paragraph separators of every convention become "\n".
_LINE_BREAK = regex.compile(r"\r\n?|[\u2028\v\f]")
_PARAGRAPH_BREAK = "\u2029"
# Spaces that should read as a plain space: tab, no-break, the typographic spaces, narrow NBSP,
# medium mathematical space. The ideographic space U+3000 is kept: it is layout in CJK text.
_ODD_SPACE = re.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f]")
# Invisible characters with no meaning in running text: C0 and C1 controls (but tab and
# newline), zero-width space, word joiner, invisible operators, BOM, soft hyphen, and the
# interlinear annotation and object-replacement marks.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060-\u2064\ufeff\ufff9-\ufffc]"
)
# Runs of spaces inside a line; with keep_indent, runs after the indentation only.
# (re and regex are each faster on some of these patterns; each pattern uses the faster one.)
_SPACE_RUN = regex.compile(r" {2,}")
_INNER_SPACE_RUN = regex.compile(r"(?<=[^ \n]) {2,}")
# Spaces at the end of a line.
_TRAILING_SPACES = regex.compile(r" +(?=\n|\Z)")
_BLANK_RUN = regex.compile(r"\n{3,}")


def whitespace(text: str, *, keep_indent: bool = False) -> str:
    """Tidy whitespace: LF line endings, plain spaces, no invisible characters, tidy blank lines.

    Every line loses its trailing spaces and, unless ``keep_indent`` is set, its leading ones;
    runs of spaces inside a line become one; between blocks stands at most one blank line; the
    text ends with exactly one newline (an all-blank text becomes empty).

    >>> whitespace("Title\\r\\n\\r\\n\\r\\nWhy\\u00a0is  it\\u200b so? \\r\\n")
    'Title\\n\\nWhy is it so?\\n'
    >>> whitespace("Clean prose stays.\\n\\nAs it was.\\n")
    'Clean prose stays.\\n\\nAs it was.\\n'
    """
    # Each step first asks (at C speed) whether it has anything to do.
    if "\r" in text or "\u2028" in text or "\v" in text or "\f" in text:
        text = _LINE_BREAK.sub("\n", text)
    if _PARAGRAPH_BREAK in text:
        text = text.replace(_PARAGRAPH_BREAK, "\n\n")
    text = _ODD_SPACE.sub(" ", _INVISIBLE.sub("", text))
    if keep_indent:
        text = _INNER_SPACE_RUN.sub(" ", _TRAILING_SPACES.sub("", text))
    else:
        if "  " in text:
            text = _SPACE_RUN.sub(" ", text)
        # Once runs are single spaces, a line has at most one space at either end.
        text = text.replace(" \n", "\n").replace("\n ", "\n").strip(" ")
    if "\n\n\n" in text:
        text = _BLANK_RUN.sub("\n\n", text)
    text = text.strip("\n")
    return text + "\n" if text else ""
