"""HTML entities, including the broken forms scraped text carries.

Scrapers and CMSs escape text too often (``&amp;rsquo;``), editors retype entities with a space in
them (``& rsquo;``), and HTML5 itself allows a few legacy names without their semicolon
(``&copy 2024``). ftfy decodes the well-formed ones; this filter decodes the rest.
"""

from __future__ import annotations

import html
from html.entities import html5

import regex

# Names HTML5 defines: with a semicolon (all of them) and without (the legacy ones, like "amp").
_WITH_SEMICOLON = frozenset(name[:-1] for name in html5 if name.endswith(";"))
_WITHOUT_SEMICOLON = frozenset(name for name in html5 if not name.endswith(";"))
# All-caps spellings (``&EACUTE;``) of names that exist in another case, for text that was
# upper-cased after it was escaped. Only names whose lower-case form is a letter or symbol.
_UPPER_CASE = {
    name.upper(): name
    for name in sorted(_WITH_SEMICOLON, key=lambda n: (n.lower() != n, n))
    if name.upper() not in _WITH_SEMICOLON and len(html5[name + ";"]) == 1
}

_ENTITY = regex.compile(
    r"""
    &
    (?: amp; )*                       # escaped more than once: &amp;amp;rsquo;
    (?:
        \#[ ]?(?P<dec>[0-9]{1,7});?   # &#8217;  &# 8217;  &#8217
      | \#[ ]?[xX][ ]?(?P<hex>[0-9a-fA-F]{1,6});?
      | (?P<name>[A-Za-z][A-Za-z0-9]{1,31});        # &rsquo;  &EACUTE;
      | [ ](?P<spaced>[A-Za-z][A-Za-z0-9]{1,31});   # & rsquo;
      | (?P<legacy>[A-Za-z][A-Za-z0-9]{1,5})(?![A-Za-z0-9=;])  # &copy 2024, &frac12 (legacy)
    )
    """,
    regex.VERBOSE,
)
# Legacy names that are also English words: "this&not that" is prose, not an entity. These are
# decoded without a semicolon only when the ampersand does not follow a letter or digit.
_WORD_LIKE = frozenset({"not", "times", "para", "sect", "deg", "cent", "reg", "copy", "shy"})
_WORD_LIKE |= frozenset({"yen", "pound", "micro", "eth", "divide", "uml", "macr", "acute"})
_ALNUM = regex.compile(r"[\p{L}\p{N}]")
# "& rsquo;" is an entity a space got into; "cut & copy; then paste" is prose. A spaced name is
# decoded only if it stands for punctuation, a space or a Latin-1 letter (the entities editors
# type) and is not also a word.
# fmt: off
_SPACED_WORDS = frozenset({
    "acute", "af", "bull", "bullet", "caret", "cent", "cedil", "copy", "dagger", "dash", "deg",
    "die", "div", "divide", "dot", "doubledot", "eth", "euro", "half", "hyphen", "ic", "it",
    "macr", "micro", "mldr", "nldr", "not", "ordf", "ordm", "para", "pm", "pound", "prime", "reg",
    "sect", "shy", "strns", "thorn", "times", "trade", "uml", "verbar", "vert", "yen",
})
# fmt: on
_SPACED = frozenset(
    name
    for name in _WITH_SEMICOLON
    if len(html5[name + ";"]) == 1
    and (
        "\u00a0" <= html5[name + ";"] <= "\u00ff"
        or "\u2000" <= html5[name + ";"] <= "\u206f"
        or html5[name + ";"] in "€™<>&\"'"
    )
    and name.lower() not in _SPACED_WORDS
)


def _undecodable(original: str) -> str:
    """No entity to decode: still undo one level of escaping (``&amp;foo;`` -> ``&foo;``)."""
    return "&" + original[5:] if original.startswith("&amp;") else original


def _decode(match: regex.Match[str]) -> str:
    original: str = match.group(0)
    if match.group("dec") is not None:
        return html.unescape(f"&#{match.group('dec')};")
    if match.group("hex") is not None:
        return html.unescape(f"&#x{match.group('hex')};")
    spaced = match.group("spaced")
    if spaced is not None:
        return html5[spaced + ";"] if spaced in _SPACED else _undecodable(original)
    name = match.group("name")
    if name is not None:
        if name in _WITH_SEMICOLON:
            return html5[name + ";"]
        if name in _UPPER_CASE:
            return html5[_UPPER_CASE[name] + ";"].upper()
        return _undecodable(original)
    legacy = match.group("legacy")
    if legacy not in _WITHOUT_SEMICOLON:
        return _undecodable(original)
    start = match.start()
    if legacy in _WORD_LIKE and start and _ALNUM.match(match.string[start - 1]):
        return _undecodable(original)
    return html5[legacy]


def entities(text: str) -> str:
    """Decode HTML entities, also when escaped twice, spaced, all-caps or missing a semicolon.

    Decoding repeats until nothing changes, so ``&amp;amp;rsquo;`` becomes ``’``. An ampersand
    that starts no known entity is left alone.

    >>> entities("Russia&amp;rsquo;s plan & rsquo; &EACUTE;T&Eacute; &copy 2024")
    'Russia’s plan ’ ÉTÉ © 2024'
    >>> entities("AT&T, R&D, Q&A, Tom & Jerry, this&not that, if (a && b) {")
    'AT&T, R&D, Q&A, Tom & Jerry, this&not that, if (a && b) {'
    """
    if "&" not in text:
        return text
    while True:
        decoded = _ENTITY.sub(_decode, text)
        if decoded == text:
            return text
        text = decoded
