"""The fast paths of the boilerplate filters give what the plain code they replace gives."""

from __future__ import annotations

import itertools
import json
import re
from collections import Counter
from pathlib import Path

import pytest
import regex
from hypothesis import assume, example, given
from hypothesis import strategies as st

from cleaner import _screens_build, phrases
from cleaner.filters import _langs, boilerplate, page
from cleaner.filters._lines import (
    _FOLD,
    _FOLD_MAP,
    _SPACES,
    ends_like_sentence,
    fold,
    fold_text,
    line_starts,
)
from cleaner.filters._table import LineTable
from cleaner.filters.boilerplate import _DECORATION, LINE_FAMILIES, TAIL_FAMILIES
from cleaner.pipeline import Pipeline
from tests.bench import BENCH, bench_texts

FIXTURES = Path(__file__).parents[1] / "fixtures"
WHITESPACE = " \t\n\r\x0b\x0c\x1c\x1d\x1e\x1f\x85\xa0\u1680\u2000\u200a\u2028\u2029\u202f\u3000"


def _plain_fold(line: str) -> str:
    return _SPACES.sub(" ", line.translate(_FOLD)).strip().casefold()


@given(st.text() | st.text(alphabet=WHITESPACE + "aB’—…"))
@example("\x1cA  b\x1f")
@example(" \x85x\u2028y ")
def test_fold_is_the_regex_collapse(line: str) -> None:
    assert fold(line) == _plain_fold(line)


def _plain_which(folded: str, families: tuple[str, ...]) -> str | None:
    """phrases.which without the first-character screen: one alternation of the families."""
    length = len(folded) // phrases._LENGTH_STEP * phrases._LENGTH_STEP
    plain, gated = phrases._eligible(families, length)
    if plain:
        match = phrases._combined(plain).fullmatch(folded)
        if match is not None and match.lastgroup is not None:
            return match.lastgroup.replace("_", "-")
    for family in gated:
        requires = phrases._directives(f"{family}.txt")["requires"].split("|")
        if any(word in folded for word in requires) and phrases._pattern(family).fullmatch(folded):
            return family
    return None


FAMILY_SETS = (LINE_FAMILIES, TAIL_FAMILIES, tuple(phrases.family_names()), ("related",))


def _fixture_lines() -> list[str]:
    lines = {
        fold(line).strip(_DECORATION)
        for path in sorted(FIXTURES.rglob("*.txt"))
        for line in path.read_text("utf-8").split("\n")
    }
    return sorted(lines)


def test_which_screen_on_every_fixture_line() -> None:
    """Every line of every fixture (boilerplate and near-misses): the same family, or None."""
    lines = _fixture_lines()
    assert len(lines) > 500
    hits = 0
    for line in lines:
        for families in FAMILY_SETS:
            expected = _plain_which(line, families)
            assert phrases.which(line, families) == expected, (line, families)
            hits += expected is not None
    assert hits > 100  # the check covers matching lines, not only misses


_PREFIXES = sorted(
    {p for f in phrases.family_names() for v in phrases._screen(f).by_char.values() for p in v}
)


@given(st.sampled_from(_PREFIXES), st.text(alphabet="abcdeimnorst 0123-:.©#", max_size=30))
def test_which_screen_on_phrase_starts(prefix: str, rest: str) -> None:
    for families in FAMILY_SETS:
        assert phrases.which(prefix + rest, families) == _plain_which(prefix + rest, families)


_STOP_WORDS = sorted(_langs._index())


@given(st.lists(st.sampled_from(_STOP_WORDS) | st.text(max_size=4), max_size=1500))
@example(["de", "la", "de", "der"] * 300)
def test_language_guess_is_one_vote_a_word(tokens: list[str]) -> None:
    """_langs.guess counts each distinct word once with its times: as if every word of the
    sample voted on its own for every language that has it."""
    votes = [
        code for word in tokens[: _langs.SAMPLE_WORDS] for code in _langs._index().get(word, ())
    ]
    assert _langs.guess(tokens) == _langs.best(Counter(votes))


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8")), max_size=30), st.integers(1, 400))
@example(["Der Rat hat's beschlossen und die Stadt auch"], 600)
def test_language_from_lines(lines: list[str], repeat: int) -> None:
    """page._language reads the sample line by line: the guess from the sample's words."""
    text = "\n".join(line.replace("\n", " ") for line in lines) * repeat
    expected = _langs.guess(_langs.words(text[: page._LANGUAGE_SAMPLE]))
    view = LineTable(text).view()
    assert page._language(view) == expected
    # A view with lines dropped reads its own text, not the table's.
    dropped = view.drop(dict.fromkeys(range(0, len(view.lines), 3), "test"))
    text = dropped.text
    assert page._language(dropped) == _langs.guess(_langs.words(text[: page._LANGUAGE_SAMPLE]))


# -- whole-text fold and the line screen of boilerplate-lines ---------------------------------

FOLD_ALPHABET = WHITESPACE + "aBİß’‘“”—–…`\u00a0ÉŉΣﬁ"


@given(st.text() | st.text(alphabet=FOLD_ALPHABET))
@example("a\x1cb\nC  d")
@example("ﬁ “A”\r\nİ\u2028x")
@example("".join(_FOLD_MAP) + "\n ’A’  “B” — ")  # every character to fold: one pass for all
def test_fold_text_is_fold_of_each_line(text: str) -> None:
    assert fold_text(text).split("\n") == [fold(line) for line in text.split("\n")]
    starts = line_starts(text)
    assert [text[a : b - 1] for a, b in itertools.pairwise(starts)] == text.split("\n")


def _plain_line_rules(text: str) -> dict[int, str]:
    """boilerplate-lines without the screen: every line through line_rule."""
    rules = {i: boilerplate.line_rule(line) for i, line in enumerate(text.split("\n"))}
    return {i: rule for i, rule in rules.items() if rule}


def _fixture_texts() -> list[str]:
    return [path.read_text("utf-8") for path in sorted(FIXTURES.rglob("*.txt"))]


def test_line_screen_on_every_fixture() -> None:
    """Every fixture (boilerplate of every family, and near-misses): the same rules."""
    found = 0
    for text in _fixture_texts():
        expected = _plain_line_rules(text)
        assert boilerplate._line_rules(text) == expected
        found += len(expected)
    assert found > 50  # the check covers lines that go, not only lines that stay


_FIXTURE_LINES = sorted({line for text in _fixture_texts() for line in text.split("\n")})
_DECORATIONS = ["", "- ", "» ", "| ", "• ", "*", " -", " |", ":", ".", " »"]


@given(
    st.lists(
        st.tuples(
            st.sampled_from(_DECORATIONS),
            st.sampled_from(_FIXTURE_LINES) | st.text(max_size=40),
            st.sampled_from(_DECORATIONS),
            st.sampled_from(["", "Photo: AP", "1", "2024", "| 3 comments", "cookies"]),
        ),
        max_size=12,
    )
)
def test_line_screen_on_decorated_lines(parts: list[tuple[str, str, str, str]]) -> None:
    """Fixture lines with decoration, digits and stray words around them: the same rules."""
    text = "\n".join(f"{before}{line}{after}{extra}" for before, line, after, extra in parts)
    assert boilerplate._line_rules(text) == _plain_line_rules(text)


def test_line_screen_on_the_bench_corpus() -> None:
    """On every line of every bench text (after the repairs a preset runs first)."""
    repair = Pipeline(["mojibake", "normalize", "entities", "whitespace"])
    for raw in bench_texts():
        text = repair(raw)
        assert boilerplate._line_rules(text) == _plain_line_rules(text)


def test_byline_words_fold_like_the_regex_reads_them() -> None:
    """The screen looks for the byline's word in the case-folded line; the byline pattern reads
    it case-insensitively: every character the pattern takes for a letter of a byline word
    must fold to that letter (or, for "İ", to "i" and the combining dot the screen allows)."""
    every_char = "".join(chr(n) for n in range(0x110000) if not 0xD800 <= n < 0xE000)
    letters = {c for word in boilerplate._BYLINE_WORDS for c in word if c.isalpha()}
    for letter in letters:
        for char in regex.findall(f"(?i){regex.escape(letter)}", every_char):
            assert char.casefold() in (letter, letter + "\u0307"), (letter, char)
            assert char.casefold() == letter or letter == "i"


def test_regex_space_is_str_space() -> None:
    """fold() collapses what str.split() splits on; the byline pattern's \\s must be no wider
    (so the space after a byline's word is still a space in the folded line)."""
    every_char = "".join(chr(n) for n in range(0x110000) if not 0xD800 <= n < 0xE000)
    assert all(char.isspace() for char in regex.findall(r"\s", every_char))


def test_line_screen_on_lone_surrogates() -> None:
    """Text may hold lone surrogates (they are replaced only when written out)."""
    text = "cookie \ud800 accept\n\udfff© 2020\nLeave a Reply \ud83d\n"
    assert boilerplate._line_rules(text) == _plain_line_rules(text)


@pytest.mark.parametrize("line", ["Dİ Jane Doe", "BY: JANE DOE", "Autorin:\tEva Klein", "Von Anna"])
def test_line_screen_on_bylines(line: str) -> None:
    assert boilerplate._line_rules(line) == _plain_line_rules(line) == {0: "boilerplate.byline"}


def _bench_lines() -> list[str]:
    found: set[str] = set()
    for name in ("dev_page.jsonl", "dev_article.jsonl"):
        path = BENCH / name
        if path.exists():
            with path.open(encoding="utf-8") as records:
                found.update(
                    fold(line) for r in records for line in json.loads(r)["text"].split("\n")
                )
    return sorted(found)


@pytest.mark.parametrize("families", [LINE_FAMILIES, ("related",)], ids=["lines", "related"])
def test_whole_text_screen_is_no_narrower_than_the_pattern(families: tuple[str, ...]) -> None:
    """The Aho-Corasick screen lets through every line the screen's pattern lets through
    (after decoration), over fixture and bench lines and lines made to start with a prefix."""
    screen = phrases.screen(families)
    assert screen is not None
    pattern = re.compile("[" + re.escape(_DECORATION) + "]*(?:" + screen.start + ")")
    scan = boilerplate._LineScreen(screen)
    prefixes = sorted({p for group in screen.groups for p in group.prefixes})
    made = [d + p + tail for p in prefixes[:2000] for d in ("", "- ", "• ") for tail in (" x", "")]
    lines = [*_fixture_lines(), *made, *_bench_lines()]
    text = "\n".join(lines)
    passed = scan.scan(text, line_starts(text))
    missed = [line for k, line in enumerate(lines) if pattern.match(line) and k not in passed]
    assert not missed[:5]


def test_phrase_screen_lets_every_fixture_phrase_through() -> None:
    """phrases.screen is what which() needs: no line which() finds a family in is rejected."""
    screens = {families: phrases.screen(families) for families in FAMILY_SETS}
    # Screen.start builds its pattern source anew at each use (a trie over every prefix): build
    # each one once here, not once per line (77 s of this test before).
    starts = {f: re.compile(s.start) for f, s in screens.items() if s is not None}
    for line in _fixture_lines():
        for families, screen in screens.items():
            if screen is None or phrases.which(line, families) is None:
                continue
            assert starts[families].match(line) or any(s in line for s in screen.contains), (
                line,
                families,
            )


@given(st.sets(st.text(alphabet="abc", min_size=1, max_size=6), min_size=1, max_size=600))
def test_cut_prefixes_still_start_every_string(strings: set[str]) -> None:
    cut = _screens_build._cut(frozenset(strings))
    assert len(cut) <= _screens_build._MAX_PREFIXES
    assert all(any(s.startswith(prefix) for prefix in cut) for s in strings)


# -- main-content's line signals ---------------------------------------------------------------

_OLD_LINKISH = re.compile(r"https?://|www\.|\.(?:com|de|org|net|html?)\b|@|\s[|»›>/]\s|^[|»›>•·*]")


@given(st.text(alphabet="ab .:/@w|»›>•·*\u00a0\tcomdehtmlnetorg"))
@example("a | b")
@example("www.x")
def test_linkish_is_the_single_pattern(line: str) -> None:
    text = line.strip()
    assume(text)
    assert page._is_linkish(text) == bool(_OLD_LINKISH.search(text))


_OLD_PARAGRAPH_END = regex.compile(r"[.!?…,;:。！？、][\p{Pf}\p{Pe}\"']*$")


@given(st.text() | st.text(alphabet="ab1 .!?…,;:。！？、»”)]'\"\u00a0"))
@example("")
@example("Body.”")
def test_ends_like_sentence_is_the_pattern(line: str) -> None:
    assert ends_like_sentence(line) == bool(_OLD_PARAGRAPH_END.search(line.strip()))
