"""The fast paths of the boilerplate filters give what the plain code they replace gives."""

from __future__ import annotations

from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from cleaner import phrases
from cleaner.filters import _langs, page
from cleaner.filters._lines import _FOLD, _SPACES, fold
from cleaner.filters.boilerplate import _DECORATION, LINE_FAMILIES, TAIL_FAMILIES

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


@given(st.lists(st.text(alphabet=st.characters(codec="utf-8")), max_size=30), st.integers(1, 400))
@example(["Der Rat hat's beschlossen und die Stadt auch"], 600)
def test_language_from_lines(lines: list[str], repeat: int) -> None:
    """page._language reads the sample line by line: the guess from the sample's words."""
    text = "\n".join(line.replace("\n", " ") for line in lines) * repeat
    expected = _langs.guess(_langs.words(text[: page._LANGUAGE_SAMPLE]))
    assert page._language(text, page._words_cache()) == expected
