"""The screened mojibake filter gives exactly ftfy's answers.

``cleaner.filters.encoding.mojibake`` sends only some lines through ftfy. Its premises about ftfy
are checked here against the installed ftfy, and its output is compared with the unscreened
``ftfy.fix_text(text, FTFY_CONFIG)`` on generated text, generated mojibake and a real corpus.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import ftfy
import ftfy.bad_codecs  # registers the sloppy-windows-1252 codec
import pytest
from ftfy.badness import BADNESS_RE, MOJIBAKE_CATEGORIES
from hypothesis import example, given
from hypothesis import strategies as st

from cleaner._screens_build import _constants, _parser  # re's private parser, or sre_parse
from cleaner.filters import encoding
from cleaner.filters.encoding import FTFY_CONFIG, mojibake
from tests.strategies import any_text

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"


def _reference(text: str) -> str:
    return ftfy.fix_text(text, FTFY_CONFIG)


# -- the premises ----------------------------------------------------------------------------


def _walk(parsed: object) -> list[tuple[object, object]]:
    """Every (op, argument) of a parsed pattern, nested ones included."""
    found = []
    for op, av in parsed:
        found.append((op, av))
        children = av if isinstance(av, (list, tuple)) else [av]
        for child in children:
            if hasattr(child, "data"):
                found += _walk(child)
            elif isinstance(child, (list, tuple)):
                for grandchild in child:
                    if hasattr(grandchild, "data"):
                        found += _walk(grandchild)
    return found


def test_detector_matches_are_short() -> None:
    """No match of ftfy's mojibake detector is longer than the screen's window."""
    width = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags).getwidth()
    assert width[0] >= 1, "a detector match can be empty"
    assert width[1] <= encoding._WINDOW


def test_detector_looks_at_nothing_outside_its_match() -> None:
    """The detector has no lookaround and no anchor but "^", so a window sees what a line sees."""
    constants = _constants
    parsed = _parser.parse(BADNESS_RE.pattern, BADNESS_RE.flags)
    for op, av in _walk(parsed):
        assert op not in (constants.ASSERT, constants.ASSERT_NOT, constants.GROUPREF)
        if op is constants.AT:
            assert av is constants.AT_BEGINNING, f"detector uses anchor {av}"


def _detector_alphabet() -> list[str]:
    """Every non-ASCII character the detector's pattern names, ranges expanded."""
    chars: set[str] = set()
    sources = [*MOJIBAKE_CATEGORIES.values(), BADNESS_RE.pattern]
    for source in sources:
        for first, last in re.findall(r"(.)-(.)", source):
            chars.update(chr(c) for c in range(ord(first), ord(last) + 1))
        chars.update(source)
    return sorted(c for c in chars if not c.isascii())


DETECTOR_ALPHABET = _detector_alphabet()


def test_one_ordinary_non_ascii_character_never_looks_like_mojibake() -> None:
    """With ASCII around it, a non-ASCII character outside the rare set matches no detector rule.

    So a detector match holds two adjacent non-ASCII characters or a rare one: what the screen
    scans for. Contexts: every ASCII class the detector uses, up to two characters before and
    one after, and the start of a line.
    """
    rare = re.compile(f"[{encoding._RARE}]")
    reps = ["a", "z", "A", "Z", "0", "_", " ", "\t", "\n", ".", ",", "?", "!", "#", ";"]
    befores = ["", *reps, *(a + b for a in reps for b in reps)]
    afters = ["", *reps]
    samples = [c for c in DETECTOR_ALPHABET if not rare.match(c)] + ["ş", "ğ", "東", "🙂", "ॐ"]
    blocks = [b + c + a for c in samples for b in befores for a in afters]
    # Blocks are separated by ASCII, so any match would hold just one non-ASCII character.
    joined = "\x00\x00".join(blocks)
    match = BADNESS_RE.search(joined) or re.compile(BADNESS_RE.pattern, re.X | re.M).search(joined)
    assert match is None, f"detector matches {match.group(0)!r} (one non-ASCII character)"


def test_unchanged_line_premise() -> None:
    """A line with no entity, escape, surrogate or detector match is a fixed point of ftfy."""
    line = "Größer, schöner – «très» “quoted” 東京、ΑΒΓ, Привет 👩‍💻 & more\n"
    assert not BADNESS_RE.search(line)
    assert _reference(line) == line


# -- the equivalence -------------------------------------------------------------------------

ALPHABET = st.sampled_from(
    [*DETECTOR_ALPHABET, *"aAzZ09 .,?!;&#\n\t\x1b[m", "&amp;", "&eacute;", "&#8217;", "\ud83d"]
)
# Text made of the characters the detector looks for: it stresses the screen's window logic.
detector_soup = st.lists(ALPHABET, max_size=40).map("".join)

WORDS = st.sampled_from(
    [
        "café",
        "naïve",
        "Straße",
        "größer",
        "São Paulo",
        "à la",
        "“quoted”",
        "it’s",
        "—",
        "…",
        "€5",
        "Привет",
        "Ελλάδα",
        "東京",
        "العربية",
        "עברית",
        "हिन्दी",
        "👩\u200d💻",
        "Œuvre",
        " ",
        "\n",
        "plain",
    ]
)
CODECS = ["sloppy-windows-1252", "latin-1", "mac_roman", "sloppy-windows-1251"]


@st.composite
def generated_mojibake(draw: st.DrawFn) -> str:
    """Clean text around text encoded in UTF-8 and decoded with a one-byte codec, once or twice."""
    original = "".join(draw(st.lists(WORDS, min_size=1, max_size=12)))
    broken = original
    for _ in range(draw(st.integers(1, 2))):
        broken = broken.encode("utf-8").decode(draw(st.sampled_from(CODECS)), errors="replace")
    before = draw(st.lists(WORDS, max_size=4))
    after = draw(st.lists(WORDS, max_size=4))
    return "".join(before) + broken + "".join(after)


@given(text=st.one_of(any_text, detector_soup, generated_mojibake()))
@example(text="voilÃ le travail\nÃ  Ã©t\n")
@example(text="â€œ like this â€\ufffd")
@example(text="Â \nÃ \nœ.\n\x93hi\x94\n\x1b[31mred\x1b[0m\n")
@example(text="Ã\n¡")  # a detector match across a line break is no match for ftfy
@example(text="x\u00a0Ã©")
def test_screened_equals_ftfy(text: str) -> None:
    """The screened filter's output equals ftfy.fix_text's on any text."""
    assert mojibake(text) == _reference(text)


def test_screened_equals_ftfy_on_lines_longer_than_ftfy_segments() -> None:
    """A line longer than ftfy's segment is cut where ftfy cuts it."""
    long = "a" * (FTFY_CONFIG.max_decode_length - 1) + "Ã \nâ€™ and "
    text = "Ã©t\n" + long + "x" * FTFY_CONFIG.max_decode_length + "Ã  z\nCafÃ©\n"
    assert mojibake(text) == _reference(text)


def _corpus() -> list[str]:
    texts = []
    for name in ("dev_page.jsonl", "dev_article.jsonl"):
        with open(BENCH / name, encoding="utf-8") as lines:
            texts += [json.loads(line)["text"] for line in lines]
    return texts


def test_screened_equals_ftfy_on_the_bench_corpus() -> None:
    """On every text of ../shared/bench/, the screened filter gives ftfy's output."""
    if not (BENCH / "dev_page.jsonl").exists():
        pytest.skip("shared/bench is not beside this checkout")
    texts = _corpus()
    differ = [i for i, text in enumerate(texts) if mojibake(text) != _reference(text)]
    assert not differ, f"{len(differ)} of {len(texts)} texts differ, first: {differ[:5]}"
