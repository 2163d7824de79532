"""Whitespace: line endings, odd spaces, invisible characters and blank-line runs.

Scraped text mixes Windows and old Mac line endings, no-break spaces from ``&nbsp;``,
zero-width spaces and BOMs from copy-paste and CMS templates, and runs of blank lines where
the page had layout. Characters that carry meaning are kept: the zero-width joiner (emoji
sequences, Indic scripts), the zero-width non-joiner (Persian) and directional marks.
"""

from __future__ import annotations

import regex

# Line and paragraph separators of every convention become "\n".
_LINE_BREAK = regex.compile(r"\r\n?|[\u2028\v\f]")
_PARAGRAPH_BREAK = "\u2029"
# Spaces that should read as a plain space: tab, no-break, the typographic spaces, narrow NBSP,
# medium mathematical space. The ideographic space U+3000 is kept: it is layout in CJK text.
_ODD_SPACE = regex.compile(r"[\t\u00a0\u1680\u2000-\u200a\u202f\u205f]")
# Invisible characters with no meaning in running text: C0 and C1 controls (but tab and
# newline), zero-width space, word joiner, invisible operators, BOM, soft hyphen, and the
# interlinear annotation and object-replacement marks.
_INVISIBLE = regex.compile(
    r"[\x00-\x08\x0e-\x1f\x7f-\x9f\u00ad\u200b\u2060-\u2064\ufeff\ufff9-\ufffc]"
)
_SPACE_RUN = regex.compile(r" {2,}")
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
    text = _LINE_BREAK.sub("\n", text).replace(_PARAGRAPH_BREAK, "\n\n")
    text = _INVISIBLE.sub("", _ODD_SPACE.sub(" ", text))
    lines = []
    for line in text.split("\n"):
        if keep_indent:
            body = line.lstrip(" ")
            indent = line[: len(line) - len(body)] if body.strip(" ") else ""
            lines.append(indent + _SPACE_RUN.sub(" ", body).rstrip(" "))
        else:
            lines.append(_SPACE_RUN.sub(" ", line).strip(" "))
    text = _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip("\n")
    return text + "\n" if text else ""
