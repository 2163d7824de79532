"""HTML entities: every HTML5 name, every numeric form, and the broken forms scraped text has."""

from __future__ import annotations

import html
from html.entities import html5

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner.filters.entities import entities

WITH_SEMICOLON = sorted(name for name in html5 if name.endswith(";"))
LEGACY = sorted(name for name in html5 if not name.endswith(";"))


@pytest.mark.parametrize("escapes", [0, 1, 2])
def test_every_html5_name(escapes: int) -> None:
    """Each of the 2,125 HTML5 names with a semicolon decodes, also escaped once or twice more."""
    wrong = {}
    for name in WITH_SEMICOLON:
        got = entities(f"x &{'amp;' * escapes}{name} y")
        if got != f"x {html5[name]} y":
            wrong[name] = got
    assert not wrong


def test_every_legacy_name_without_semicolon() -> None:
    """The 106 legacy names HTML5 decodes without a semicolon decode here too, before a space."""
    wrong = {name: entities(f"x &{name} y") for name in LEGACY}
    assert {n: got for n, got in wrong.items() if got != f"x {html5[n]} y"} == {}


@given(st.integers(0, 0x11FFFF), st.sampled_from(["&#{};", "&#{}", "&# {};"]))
@example(0x2019, "&#{};")
@example(146, "&#{};")  # Windows-1252 numbering, as browsers read it
@example(0xD800, "&#{};")  # a surrogate: U+FFFD
def test_every_decimal_reference(code: int, form: str) -> None:
    """&#N; (also without semicolon, or with a space) decodes as a browser would."""
    text = form.format(code) + " end"
    if code > 9_999_999:  # more than 7 digits is no reference
        assert entities(text) == text
    else:
        assert entities(text) == html.unescape(f"&#{code};") + " end"


@given(st.integers(0, 0x10FFFF), st.sampled_from(["&#x{:x};", "&#X{:X};", "&#x {:x};"]))
def test_every_hex_reference(code: int, form: str) -> None:
    """&#xH; in either case (also with a space) decodes as a browser would."""
    assert entities(form.format(code) + " end") == html.unescape(f"&#x{code:x};") + " end"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("P&EACUTE;REZ &NTILDE; &SZLIG; &RSQUO;", "PÉREZ Ñ SS ’"),  # upper-cased after escaping
        ("&amp;amp;rsquo; &amp;amp;amp;hellip;", "’ …"),  # escaped twice and three times
        ("& rsquo; &# 8217; &#x 2019; & nbsp;", "’ ’ ’ \u00a0"),  # a space got in
        ("&copy 2024 &frac12 cup &eacute", "© 2024 ½ cup é"),  # legacy names, no semicolon
        ("&amp;#8217; &amp;amp;#x2019;", "’ ’"),  # escaped numeric references
    ],
)
def test_broken_forms(text: str, expected: str) -> None:
    """The broken forms scrapers and editors produce decode to the intended character."""
    assert entities(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "AT&T, R&D, Q&A, M&S and Tom & Jerry",
        "a < b and c > d",
        "if (a && b) { return a & ~b; }",
        "Cut & copy; paste",  # a word after "& " is not an entity
        "this&not that, fish&chips, rock&roll",
        "&unknown; &Rsquo; &#; &#x; &# x;",
        "https://example.com/?a=1&b=2&copy=3",  # a query string
    ],
)
def test_near_misses(text: str) -> None:
    """Ampersands and angle brackets in prose and code are left alone."""
    assert entities(text) == text
