"""The shipped hyphenation word list gives wordfreq's decisions, and is what the script builds.

The hyphenation filter asks about runs of letters only: the fragment before a line-end hyphen,
the start of the next line, and the two joined. Every such pair in the fixtures, the seeds and
the bench texts is decided once with the shipped list and once with wordfreq itself.
"""

from __future__ import annotations

import functools
import gzip
import importlib
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from importlib.metadata import version
from pathlib import Path

import pytest
import regex
from hypothesis import example, given
from hypothesis import strategies as st

import cleaner
from cleaner.filters import _zipf as shipped

wordfreq = pytest.importorskip("wordfreq")

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT.parent / "shared" / "bench"
paragraphs = importlib.import_module("cleaner.filters.paragraphs")

LANGUAGES = shipped.LANGUAGES
# A pair the filter could ask about ("inter", "national"), from an in-line hyphen or a line end.
_PAIR = regex.compile(r"(\p{L}+)[-\u2010][ \t]*\n?[ \t]*(\p{L}+)")


def _wordfreq_zipf(word: str, languages: tuple[str, ...]) -> float:
    return max(wordfreq.zipf_frequency(word, lang) for lang in languages)


def _decisions(
    pairs: list[tuple[str, str]], languages: tuple[str, ...], zipf: Callable[..., float]
) -> list[str | None]:
    original = paragraphs._zipf
    paragraphs._zipf = zipf
    try:
        return [paragraphs._hyphen_decision(left, right, languages) for left, right in pairs]
    finally:
        paragraphs._zipf = original


def _assert_same_decisions(
    pairs: list[tuple[str, str]], languages: tuple[str, ...] = LANGUAGES
) -> None:
    ours = _decisions(pairs, languages, shipped.zipf_frequency)
    theirs = _decisions(pairs, languages, _wordfreq_zipf)
    wrong = [(pair, a, b) for pair, a, b in zip(pairs, ours, theirs, strict=True) if a != b]
    assert not wrong, f"{len(wrong)} of {len(pairs)} decisions differ, e.g. {wrong[:5]}"


def _band(zipf: float) -> str:
    return "word" if zipf >= paragraphs._WORD else "rare" if zipf >= paragraphs._SYLLABLE else "-"


def _pairs(texts: Iterator[str]) -> list[tuple[str, str]]:
    """The pairs the filter asks about in ``texts`` as they are, and those it would ask if a
    line broke at any of their in-line hyphens."""
    asked: set[tuple[str, str]] = set()
    original = paragraphs._hyphen_decision

    def spy(left: str, right: str, languages: tuple[str, ...]) -> str | None:
        asked.add((left, right))
        return original(left, right, languages)

    paragraphs._hyphen_decision = spy
    try:
        for text in texts:
            paragraphs.hyphenation(text)
            asked.update(m.groups() for m in _PAIR.finditer(text, overlapped=True))
    finally:
        paragraphs._hyphen_decision = original
    return sorted(asked)


def _fixture_texts() -> Iterator[str]:
    for path in sorted((ROOT / "fixtures").rglob("*.txt")):
        yield path.read_text("utf-8")
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        yield path.read_text("utf-8")


def test_the_list_reaches_down_to_the_syllable_threshold() -> None:
    """The list keeps every word down to _SYLLABLE, so "0 below" never changes a decision."""
    assert (900 - shipped.LOWEST) / 100 <= paragraphs._SYLLABLE <= paragraphs._WORD
    assert paragraphs.HYPHEN_LANGUAGES == LANGUAGES


def test_fixtures_and_seeds_decide_as_with_wordfreq() -> None:
    """Every pair in the fixtures and seeds, and in the seeds through each preset, is decided
    as wordfreq decides it."""
    pairs = _pairs(_fixture_texts())
    seen: set[tuple[str, str]] = set()
    original = paragraphs._hyphen_decision

    def spy(left: str, right: str, languages: tuple[str, ...]) -> str | None:
        seen.add((left, right))
        return original(left, right, languages)

    paragraphs._hyphen_decision = spy
    try:
        for seed in sorted((ROOT / "seeds").glob("*.txt")):
            for preset in cleaner.PRESETS:
                cleaner.Pipeline.from_preset(preset)(seed.read_text("utf-8"))
    finally:
        paragraphs._hyphen_decision = original
    pairs = sorted(set(pairs) | seen)
    assert len(pairs) > 50
    _assert_same_decisions(pairs)


@pytest.mark.slow
@pytest.mark.skipif(not BENCH.is_dir(), reason=f"no bench texts at {BENCH}")
def test_bench_texts_decide_as_with_wordfreq() -> None:
    """Every pair in every bench text is decided as wordfreq decides it."""

    def texts() -> Iterator[str]:
        for path in sorted(BENCH.glob("*.jsonl")):
            with path.open(encoding="utf-8") as lines:
                for line in lines:
                    yield json.loads(line)["text"]

    pairs = _pairs(texts())
    assert len(pairs) > 1000
    _assert_same_decisions(pairs)


@functools.cache
def _listed() -> list[str]:
    table, start = shipped._table()
    return [line.split(b"\t")[0].decode("utf-8") for line in table[start:].split(b"\n")[:-1]]


_letters = st.characters(categories=["Lu", "Ll", "Lt", "Lm", "Lo"])
# Letters wordfreq cuts a word at: scripts written without spaces, and listed ones among them.
_cutting = st.sampled_from(["東京", "の", "ツ", "月", "ﾉ", "ง", "ʼ", "ß", "İ", "ǰ", "ﬁ", "Σ"])


def _words() -> st.SearchStrategy[str]:
    listed = st.integers(min_value=0).map(lambda i: _listed()[i % len(_listed())])
    case = st.sampled_from([str, str.upper, str.title])
    cased = st.builds(lambda word, case: case(word), listed, case)
    letters = st.text(_letters, min_size=1, max_size=12)
    mixed = st.lists(st.one_of(cased, _cutting, letters), min_size=1, max_size=3).map("".join)
    word = st.one_of(cased, mixed, letters)
    return word.filter(lambda w: regex.fullmatch(r"\p{L}+", w) is not None)


@given(
    left=_words(),
    right=_words(),
    languages=st.one_of(
        st.just(LANGUAGES), st.lists(st.sampled_from(LANGUAGES), min_size=1, unique=True).map(tuple)
    ),
)
@example(left="the", right="ツ", languages=LANGUAGES)  # two tokens, 3.5 on the Zipf scale
@example(left="rockʼnʼ", right="roll", languages=("en",))  # "ʼ" is a letter, looked up as "'"
@example(left="Stra", right="ße", languages=("de",))  # "ß" folds to "ss"
def test_words_from_the_list_and_random_letters_decide_as_with_wordfreq(
    left: str, right: str, languages: tuple[str, ...]
) -> None:
    """Listed words in any case, mixed with letters wordfreq splits at, and random letters:
    same decision, and the same Zipf band (the same number from 2.0 up) for each word asked."""
    _assert_same_decisions([(left, right)], languages)
    for word in (left, right, left + right):
        ours, theirs = shipped.zipf_frequency(word, languages), _wordfreq_zipf(word, languages)
        assert _band(ours) == _band(theirs)
        assert ours == (theirs if theirs >= paragraphs._SYLLABLE else 0.0)


def _build_script():  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        return importlib.import_module("build_hyphen_words")
    finally:
        sys.path.remove(str(ROOT / "scripts"))


def _recorded(header_key: str) -> str:
    table, start = shipped._table()
    for line in table[:start].decode("utf-8").splitlines():
        if line.startswith(f"# {header_key} "):
            return line[len(header_key) + 3 :]
    raise AssertionError(f"no {header_key!r} line in the header")


def test_the_header_records_the_wordfreq_version_and_languages() -> None:
    """The file says which wordfreq built it, and for which languages, in the module's order."""
    assert regex.fullmatch(r"\d+(\.\d+)+", _recorded("wordfreq"))
    assert tuple(_recorded("languages").split()) == LANGUAGES


@pytest.mark.slow
def test_the_shipped_file_is_what_the_script_builds() -> None:
    """scripts/build_hyphen_words.py rebuilds the shipped list byte for byte (unpacked)."""
    if version("wordfreq") != _recorded("wordfreq"):
        pytest.skip(f"wordfreq {version('wordfreq')} installed, {_recorded('wordfreq')} recorded")
    packed = (ROOT / "cleaner" / "data" / shipped.FILE).read_bytes()
    assert gzip.decompress(packed) == _build_script().build()


def test_the_default_languages_never_load_wordfreq() -> None:
    """Hyphenation with the default languages, or some of them, never imports wordfreq."""
    code = (
        "import sys, cleaner\n"
        "text = 'the inter-\\nnational and well-\\nknown Zusammen-\\narbeit\\n'\n"
        "out = 'the international\\nand well-known\\nZusammenarbeit\\n'\n"
        "assert cleaner.clean(text) == out\n"
        "cleaner.clean(text, hyphen_languages=['de', 'en'])\n"
        "assert 'wordfreq' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_other_languages_without_wordfreq_fail_when_the_pipeline_is_built(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A language outside the shipped list, without wordfreq, is a ConfigError naming the fix."""
    monkeypatch.setitem(sys.modules, "wordfreq", None)  # import wordfreq raises ImportError
    paragraphs._checked.cache_clear()
    try:
        with pytest.raises(cleaner.ConfigError, match=r"pip install 'cleaner\[wordfreq\]'"):
            cleaner.Pipeline(["hyphenation"], hyphen_languages=["en", "ru"])
        cleaner.Pipeline(["hyphenation"], hyphen_languages=["pl", "en"])
    finally:
        paragraphs._checked.cache_clear()


def test_other_languages_use_wordfreq() -> None:
    """With wordfreq installed, other languages are looked up there."""
    assert paragraphs._hyphen_decision("между", "народный", ("ru",)) == ""
